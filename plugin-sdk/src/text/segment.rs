//! Chinese word segmentation: the most probable route through a run of
//! ideographs, each word scored by its log-frequency in the dictionary (as
//! jieba does without its HMM for unknown words). A character the dictionary
//! lacks stands as a word of its own.

use super::dict::{self, HAN_BYTES, MAX_WORD_CHARS};

/// `round(7 · ln(total frequency))` of jieba's corpus: every word costs this
/// much, so that the route prefers fewer, longer words where they are common.
const LOG_TOTAL: i32 = 125;

/// One word of a segmented run: its length in characters, whether the
/// dictionary lists it as a verb, and its log-frequency (0 for a character
/// the dictionary lacks).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Word {
    pub chars: usize,
    pub verb: bool,
    pub frequency: u8,
}

/// Segments `run`, the UTF-8 of consecutive ideographs, calling `emit` for
/// each word in order. `route` is scratch space reused across runs.
pub(crate) fn segment(run: &[u8], route: &mut Vec<(i32, Word)>, mut emit: impl FnMut(Word)) {
    let chars = run.len() / HAN_BYTES;
    route.clear();
    route.resize(chars + 1, (0, Word { chars: 0, verb: false, frequency: 0 }));
    // route[i]: the best score of segmenting chars i.. and the word that starts it.
    for start in (0..chars).rev() {
        let mut best: Option<(i32, Word)> = None;
        for length in 1..=MAX_WORD_CHARS.min(chars - start) {
            let bytes = &run[start * HAN_BYTES..(start + length) * HAN_BYTES];
            let (log_frequency, verb) = match dict::lookup(bytes) {
                Some(entry) => (entry.log_frequency, entry.verb),
                None if length == 1 => (0, false),
                None => continue,
            };
            let score = i32::from(log_frequency) - LOG_TOTAL + route[start + length].0;
            // Ties go to the longer word, as in jieba.
            if best.is_none_or(|(best_score, _)| score >= best_score) {
                best = Some((score, Word { chars: length, verb, frequency: log_frequency }));
            }
        }
        if let Some(best) = best {
            route[start] = best;
        }
    }
    let mut start = 0;
    while start < chars {
        let word = route[start].1;
        emit(word);
        start += word.chars.max(1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<&str> {
        let mut out = Vec::new();
        let mut at = 0;
        segment(text.as_bytes(), &mut Vec::new(), |word| {
            out.push(&text[at..at + word.chars * HAN_BYTES]);
            at += word.chars * HAN_BYTES;
        });
        out
    }

    #[test]
    fn segments_typical_interview_sentences() {
        assert_eq!(words("我负责在一周内找到瓶颈"), ["我", "负责", "在", "一周", "内", "找到", "瓶颈"]);
        assert_eq!(words("我们产线每天都完不成产量目标"), ["我们", "产线", "每天", "都", "完", "不成", "产量", "目标"]);
        assert_eq!(words("他是负责人"), ["他", "是", "负责人"]);
        assert_eq!(words("我没有主动帮助同事"), ["我", "没有", "主动", "帮助", "同事"]);
    }

    #[test]
    fn unknown_characters_stand_alone() {
        assert_eq!(words("㐀㐁"), ["㐀", "㐁"]);
    }
}

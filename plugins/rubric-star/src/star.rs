//! STAR analysis of one answer: which parts it gives, where, and the score.

use crate::cues::Part;

/// Where a part of the answer was found.
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    pub part: Part,
    pub start: usize,
    pub end: usize,
}

/// The analysis of an answer.
#[derive(Debug, Clone, PartialEq)]
pub struct Analysis {
    /// The first cue found for each part present.
    pub found: Vec<Found>,
    /// Parts with no cue.
    pub missing: Vec<Part>,
    /// A number in the answer after a result cue (a measured result).
    pub quantified_result: Option<(usize, usize)>,
    /// Score 0–10.
    pub score: f32,
    /// How much there was to judge on, 0–1.
    pub confidence: f32,
}

/// Whether a cue found at `start` stands on its own: ASCII cues must sit on
/// word boundaries ("cut" is not in "execute"); Chinese has no spaces to need.
fn on_word_boundaries(lower: &str, start: usize, cue: &str) -> bool {
    if !cue.is_ascii() {
        return true;
    }
    let end = start + cue.len();
    let before_ok = lower[..start].chars().next_back().is_none_or(|c| !c.is_ascii_alphanumeric());
    let after_ok = cue.ends_with([',', ' ']) || lower[end..].chars().next().is_none_or(|c| !c.is_ascii_alphanumeric());
    before_ok && after_ok
}

/// The first cue of each part (in [`Part::ALL`] order) in `lower`, the answer
/// ASCII-lowercased so byte offsets match the original. Where several cues of
/// a part start at the same place, the one listed first wins.
///
/// One pass over the text, trying at each position only the cues that start
/// with its byte: a search per cue would scan the answer once for each of the
/// ~150 cues, which in WebAssembly (no SIMD substring search) dominated the
/// cost of a call.
fn first_cues(lower: &str) -> [Option<(usize, usize)>; 4] {
    let mut by_first_byte: Vec<Vec<(usize, &str)>> = vec![Vec::new(); 256];
    for (index, part) in Part::ALL.iter().enumerate() {
        for cue in part.cues() {
            if let Some(&byte) = cue.as_bytes().first() {
                by_first_byte[usize::from(byte)].push((index, cue));
            }
        }
    }
    let mut first = [None; 4];
    for (start, byte) in lower.bytes().enumerate() {
        for &(index, cue) in &by_first_byte[usize::from(byte)] {
            if first[index].is_none()
                && lower.is_char_boundary(start)
                && lower[start..].starts_with(cue)
                && on_word_boundaries(lower, start, cue)
            {
                first[index] = Some((start, start + cue.len()));
            }
        }
        if first.iter().all(Option::is_some) {
            break;
        }
    }
    first
}

/// A run of digits (with an optional % or 百分) at or after `from`.
fn number_after(text: &str, from: usize) -> Option<(usize, usize)> {
    let bytes = text.as_bytes();
    let start = (from..bytes.len()).find(|&i| bytes[i].is_ascii_digit())?;
    let mut end = start;
    while end < bytes.len() && (bytes[end].is_ascii_digit() || bytes[end] == b'.' || bytes[end] == b'%') {
        end += 1;
    }
    while end > start && bytes[end - 1] == b'.' {
        end -= 1;
    }
    Some((start, end))
}

/// Characters that count towards length: CJK characters count one each,
/// other text counts by words, so that both languages compare fairly.
pub fn content_units(text: &str) -> usize {
    let cjk = text.chars().filter(|c| ('\u{4e00}'..='\u{9fff}').contains(c)).count();
    let words = text.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty()).count();
    // About 1.6 Chinese characters carry what one English word does.
    (cjk as f32 / 1.6) as usize + words
}

/// Analyses an answer's text.
pub fn analyse(text: &str) -> Analysis {
    let lower = text.to_ascii_lowercase();
    let mut found = Vec::new();
    let mut missing = Vec::new();
    for (part, first) in Part::ALL.into_iter().zip(first_cues(&lower)) {
        match first {
            Some((start, end)) => found.push(Found { part, start, end }),
            None => missing.push(part),
        }
    }
    let quantified_result = found.iter().find(|f| f.part == Part::Result).and_then(|f| number_after(text, f.start));

    let units = content_units(text);
    let mut score: f32 = found.iter().map(|f| f.part.points()).sum();
    if quantified_result.is_some() {
        score += 1.0;
    }
    // A cue in a one-line answer says little: scale by how much was said.
    let substance = (units as f32 / 60.0).min(1.0);
    score = (score * (0.4 + 0.6 * substance)).clamp(0.0, 10.0);
    let confidence = (0.2 + 0.5 * substance).min(0.7);
    Analysis { found, missing, quantified_result, score, confidence }
}

#[cfg(test)]
mod tests {
    use super::*;

    const STRONG_EN: &str = "At the time our line was missing its daily target. My task was to find the \
        bottleneck within a week. I analyzed the cycle times of every station, then I reorganized the \
        shifts and I introduced a buffer before welding. As a result output increased by 18% in a month.";
    const WEAK_EN: &str = "I am a hard worker and a team player who always gives 100 percent.";
    const STRONG_ZH: &str = "当时我们产线每天都完不成产量目标，我负责在一周内找到瓶颈。我先统计了每个工位的节拍，\
        然后重新安排了班次，并在焊接前增加了缓冲区。最终产量在一个月内提升了18%。";

    #[test]
    fn finds_all_four_parts_in_a_full_english_answer() {
        let a = analyse(STRONG_EN);
        assert!(a.missing.is_empty(), "missing {:?}", a.missing);
        let (start, end) = a.quantified_result.expect("number");
        assert_eq!(&STRONG_EN[start..end], "18%");
        assert!(a.score > 8.0, "score {}", a.score);
    }

    #[test]
    fn finds_all_four_parts_in_a_full_chinese_answer() {
        let a = analyse(STRONG_ZH);
        assert!(a.missing.is_empty(), "missing {:?}", a.missing);
        let f = a.found.iter().find(|f| f.part == Part::Task).expect("task");
        assert_eq!(&STRONG_ZH[f.start..f.end], "我负责");
        assert!(a.score > 8.0, "score {}", a.score);
    }

    #[test]
    fn a_slogan_scores_low() {
        let a = analyse(WEAK_EN);
        assert!(a.score < 3.0, "score {}", a.score);
        assert!(a.missing.contains(&Part::Action));
    }

    #[test]
    fn english_cues_need_word_boundaries() {
        // "cut" must not match inside "execute", nor "once" inside "concept".
        let [situation, _, _, result] = first_cues("we execute the concept");
        assert_eq!((situation, result), (None, None));
        assert_eq!(first_cues("costs were cut.")[3], Some((11, 14)));
        assert_eq!(first_cues("costs were cut in 2020")[3], Some((11, 14)));
    }

    #[test]
    fn chinese_length_counts_characters_not_whitespace() {
        assert!(content_units(STRONG_ZH) > 40);
        assert!(content_units("好") < 2);
    }
}

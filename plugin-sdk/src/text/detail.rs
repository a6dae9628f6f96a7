//! Details: what makes an answer about one particular episode rather than
//! any. A detail is a quantity, a time (去年, 那天, last September), a name or
//! a term (Leeds, Excel, 8D, 叉车), or a content word uncommon enough to say
//! something particular (羽绒服, 供应商, light curtain) rather than the
//! vocabulary every answer shares (问题, 沟通, 圆满, the team, communicate,
//! successfully). A memorised template, a heap of keywords and filler have
//! few; a real story, however short, has many.
//!
//! Chinese words are judged by their frequency in the dictionary (a word as
//! common as 团队 says nothing particular) and a short list of interview
//! vocabulary that general text rarely uses (复盘, 担当); a word the
//! dictionary lacks is split into characters, so a run of uncommon single
//! characters is taken for one unknown term. English words are judged against
//! a list of common and interview words, with simple suffixes stripped.
//! Words the question itself uses are not details of the answer ([`Echo`]).

use std::ops::Range;

use super::document::Document;
use super::lexicon::{NUMERALS_ZH, contains};
use super::story_words::{COMMON_EN, GENERIC_ZH, TIME_EN, TIME_ZH};
use super::tokenize::TokenKind;

/// A Chinese word at least this frequent (log-frequency in the dictionary)
/// is common vocabulary: 团队 49, 沟通 55, 问题 76; 供应商 39, 夜班 32.
const COMMON_ZH_FREQUENCY: u8 = 47;
/// Distinct details at which an answer is as specific as a real story told
/// in two minutes: Chinese is counted in segmenter words, fewer and longer
/// than English words for the same story (measured on the evaluation set's
/// genuine answers: about 8 in Chinese, 14 in English at the level that just
/// meets a job's bar).
const FULL_DETAILS_ZH: f32 = 8.0;
const FULL_DETAILS_EN: f32 = 14.0;
/// A single character at least this frequent is a word of its own (的 是 把
/// 就 也), never part of an unknown term.
const FUNCTION_CHAR_FREQUENCY: u8 = 66;

/// The words of a question: an answer repeating them is not telling details
/// of its own ("a time a key metric dropped… so a key metric dropped").
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Echo {
    /// Lower-cased words (English ones also without their suffix), sorted.
    words: Vec<String>,
}

impl Echo {
    /// The words of `question`.
    pub fn of(question: &str) -> Self {
        let document = Document::new(question);
        let mut words: Vec<String> = Vec::new();
        for i in (0..document.tokens().len()).filter(|&i| document.tokens()[i].is_word()) {
            let word = document.word(i);
            words.push(word.to_owned());
            if document.tokens()[i].kind == TokenKind::Latin {
                words.extend(stems(word).map(str::to_owned));
            }
        }
        words.sort_unstable();
        words.dedup();
        Self { words }
    }

    /// Whether the question used `word` (lower-cased) or, for an English
    /// word, its stem.
    pub fn contains(&self, word: &str) -> bool {
        let found = |w: &str| self.words.binary_search_by(|probe| probe.as_str().cmp(w)).is_ok();
        found(word) || (word.is_ascii() && stems(word).any(found))
    }
}

/// `word` without a common English suffix: `colleagues` → `colleague`,
/// `communicated` → `communicate` and `communicat`, `tries` → `try`.
fn stems(word: &str) -> impl Iterator<Item = &str> {
    const SUFFIXES: [&str; 6] = ["s", "es", "ed", "d", "ing", "ly"];
    SUFFIXES.into_iter().filter_map(move |suffix| word.strip_suffix(suffix)).filter(|stem| stem.len() >= 2)
}

/// Whether an English word is common vocabulary, with or without a suffix.
fn is_common_en(word: &str) -> bool {
    contains(COMMON_EN, word)
        || stems(word).any(|stem| contains(COMMON_EN, stem) || contains(COMMON_EN, &format!("{stem}e")))
        || word.strip_suffix("ies").is_some_and(|stem| contains(COMMON_EN, &format!("{stem}y")))
}

impl Document<'_> {
    /// Whether token `index` places the story at a time: 去年, 那天, 九月,
    /// last September, two winters ago, one Sunday, Christmas.
    pub fn is_time_anchor(&self, index: usize) -> bool {
        let word = self.word(index);
        match self.tokens()[index].kind {
            TokenKind::Han => {
                contains(TIME_ZH, word)
                    || word
                        .strip_suffix('月')
                        .is_some_and(|n| !n.is_empty() && n.chars().all(|c| NUMERALS_ZH.contains(c)))
            }
            TokenKind::Latin => {
                contains(TIME_EN, word)
                    || stems(word).any(|stem| contains(TIME_EN, stem))
                    || (matches!(word, "last" | "one" | "that" | "this")
                        && self.next_word(index).is_some_and(|next| contains(TIME_EN, next) || is_period(next)))
            }
            _ => false,
        }
    }

    /// Whether token `index` is a detail: a quantity or number, a time, a
    /// name or term, or an uncommon content word. A single character is one
    /// only as the start of an unknown term ([`Document::unknown_term_at`]).
    pub fn is_detail(&self, index: usize) -> bool {
        self.detail_flags.get_or_init(|| (0..self.tokens().len()).map(|i| self.judge_detail(i)).collect())[index]
    }

    fn judge_detail(&self, index: usize) -> bool {
        let token = self.tokens()[index];
        match token.kind {
            TokenKind::Number => true,
            TokenKind::Han => {
                if self.is_quantity(index) || self.is_time_anchor(index) {
                    return true;
                }
                let word = self.word(index);
                if word.len() > 3 {
                    token.frequency < COMMON_ZH_FREQUENCY && !contains(GENERIC_ZH, word)
                } else {
                    self.unknown_term_at(index).is_some()
                }
            }
            TokenKind::Latin if self.is_word_suffix(index) => false,
            // A Latin word in a Chinese answer is a name or a term: Excel, SQL, 8D.
            TokenKind::Latin if self.is_chinese() => true,
            TokenKind::Latin => {
                let word = self.word(index);
                self.is_quantity(index)
                    || self.is_time_anchor(index)
                    || self.is_name(index)
                    || (word.len() >= 3 && !is_common_en(word))
            }
            _ => false,
        }
    }

    /// The tokens of the unknown term starting at token `index`: two or more
    /// adjacent single Chinese characters, none of them a common word of its
    /// own (羽 绒 服, 叉 车); `None` when no such term starts there.
    pub fn unknown_term_at(&self, index: usize) -> Option<Range<usize>> {
        let part = |i: usize| {
            let token = self.tokens()[i];
            token.kind == TokenKind::Han
                && token.end - token.start == 3
                && token.frequency < FUNCTION_CHAR_FREQUENCY
                && !self.word(i).chars().all(|c| NUMERALS_ZH.contains(c))
        };
        let adjacent = |i: usize| i > 0 && self.tokens()[i - 1].end == self.tokens()[i].start;
        if !part(index) || (adjacent(index) && part(index - 1)) {
            return None;
        }
        let mut end = index + 1;
        while end < self.tokens().len() && adjacent(end) && part(end) {
            end += 1;
        }
        (end - index >= 2).then_some(index..end)
    }

    /// The details among tokens `range`, each counted once (by its
    /// lower-cased text) and none the question used: indices of their first
    /// tokens, in order.
    pub fn details(&self, range: Range<usize>, echo: &Echo) -> Vec<usize> {
        let mut seen: Vec<&str> = Vec::new();
        let mut found = Vec::new();
        for index in range.filter(|&i| self.tokens()[i].is_word()) {
            if !self.is_detail(index) {
                continue;
            }
            let text = match self.unknown_term_at(index) {
                Some(term) => &self.lower()[self.tokens()[term.start].start..self.tokens()[term.end - 1].end],
                None => self.word(index),
            };
            if echo.contains(text) || seen.contains(&text) {
                continue;
            }
            seen.push(text);
            found.push(index);
        }
        found
    }

    /// How specific the whole answer is, 0–1: its distinct details against
    /// what a real story of two minutes gives, in its language.
    pub fn specificity(&self, echo: &Echo) -> f32 {
        let full = if self.is_chinese() { FULL_DETAILS_ZH } else { FULL_DETAILS_EN };
        (self.details(0..self.tokens().len(), echo).len() as f32 / full).min(1.0)
    }

    /// A capitalised English word inside a sentence, other than I: a name
    /// (Leeds, Priya, Excel, Black Friday).
    fn is_name(&self, index: usize) -> bool {
        let original = self.original(index);
        let capitalised = original.chars().next().is_some_and(char::is_uppercase) && original != "I";
        let sentence_start = self.sentences().get(self.sentence_of(index)).is_some_and(|s| s.tokens.start == index);
        capitalised && !sentence_start
    }

    /// The next word token's lower-cased text, within the clause.
    pub(crate) fn next_word(&self, index: usize) -> Option<&str> {
        let next = index + 1;
        (next < self.tokens().len() && self.tokens()[next].is_word()).then(|| self.word(next))
    }
}

/// Words for a stretch of time that `last` or `one` can anchor: last year,
/// one morning.
fn is_period(word: &str) -> bool {
    matches!(word, "year" | "month" | "week" | "quarter" | "day" | "time" | "shift" | "season" | "term" | "spring")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn details(text: &str, question: &str) -> Vec<String> {
        let document = Document::new(text);
        let found = document.details(0..document.tokens().len(), &Echo::of(question));
        found
            .into_iter()
            .map(|i| match document.unknown_term_at(i) {
                Some(term) => text[document.tokens()[term.start].start..document.tokens()[term.end - 1].end].to_owned(),
                None => document.original(i).to_owned(),
            })
            .collect()
    }

    #[test]
    fn a_story_has_details_a_template_has_few() {
        let story = details("去年冬天，有位顾客拿着羽绒服来投诉，说袖口跑绒，我联系供应商退了十几件。", "");
        for detail in ["去年", "冬天", "羽绒服", "袖口", "供应商", "十"] {
            assert!(story.iter().any(|d| d == detail), "{detail} in {story:?}");
        }
        let template =
            details("当时的情况是，我的任务是解决问题。我积极沟通协调，最终问题得到了圆满解决，领导很认可。", "");
        assert!(template.is_empty(), "{template:?}");
        let english = details(
            "Last September our day-one retention in Leeds fell from 38 percent, so I checked the ad creative.",
            "",
        );
        for detail in ["Last", "retention", "Leeds", "38", "creative"] {
            assert!(english.iter().any(|d| d == detail), "{detail} in {english:?}");
        }
        let generic = details(
            "In that situation my task was to communicate with the stakeholders effectively, and in the end the result was successful.",
            "",
        );
        assert!(generic.is_empty(), "{generic:?}");
    }

    #[test]
    fn repeating_the_question_tells_no_detail() {
        let question = "Tell us about a time a key metric suddenly dropped and nobody knew why.";
        assert!(details("So a key metric dropped suddenly and nobody knew why.", question).is_empty());
        assert!(
            details("指标突然下滑，原因又不明确。", "请讲一次某个核心指标突然下滑、原因又不明确的经历。").is_empty()
        );
        assert_eq!(details("Our retention metric dropped.", question), ["retention"]);
    }

    #[test]
    fn times_anchor_a_story() {
        let anchors = |text: &str| {
            let document = Document::new(text);
            (0..document.tokens().len())
                .filter(|&i| document.is_time_anchor(i))
                .map(|i| document.word(i).to_owned())
                .collect::<Vec<_>>()
        };
        assert_eq!(anchors("去年九月的一个周末"), ["去年", "九月", "周末"]);
        assert_eq!(anchors("Last year, one Sunday two winters ago"), ["last", "one", "sunday", "winters", "ago"]);
        assert!(anchors("I always do my best").is_empty());
    }
}

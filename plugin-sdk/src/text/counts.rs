//! How much an answer says and in which script, without analysing it: the
//! counts [`Document`](super::Document) gives, from tokens alone. Rubrics that
//! only measure length or pick a language use this, skipping the dictionary
//! segmentation and the narration a full analysis costs (most of it).

use super::document::is_apostrophe_suffix;
use super::tokenize::{HanRuns, TokenKind, tokens};

/// Ideographs and Latin words of a text, counted as [`Document`](super::Document)
/// counts them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Counts {
    /// CJK ideographs, as [`Document::han_chars`](super::Document::han_chars).
    pub han_chars: usize,
    /// Latin words and numbers, apostrophe suffixes not counted, as
    /// [`Document::latin_words`](super::Document::latin_words).
    pub latin_words: usize,
}

impl Counts {
    pub fn of(text: &str) -> Self {
        let mut counts = Self { han_chars: 0, latin_words: 0 };
        for token in tokens(text, HanRuns::Whole) {
            match token.kind {
                TokenKind::Han => counts.han_chars += (token.end - token.start) / 3,
                // Document compares its lower-cased text; the suffixes differ
                // from their upper case in ASCII letters only.
                TokenKind::Latin => {
                    counts.latin_words +=
                        usize::from(!is_apostrophe_suffix(&text[token.start..token.end].to_ascii_lowercase()))
                }
                TokenKind::Number => counts.latin_words += 1,
                _ => {}
            }
        }
        counts
    }

    /// Whether the text is mostly Chinese, as [`Document::is_chinese`](super::Document::is_chinese).
    pub fn is_chinese(&self) -> bool {
        self.han_chars > 0 && self.han_chars >= self.latin_words
    }
}

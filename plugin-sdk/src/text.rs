//! Chinese-aware text analysis for rubrics: sentences and clauses, words with
//! byte spans, phrase matching on word boundaries, negation, and the narrative
//! helpers a rubric needs to tell a story of what someone did from a list of
//! keywords.
//!
//! ```
//! use panel_plugin_sdk::text::{Actor, Document, PatternSet};
//!
//! let doc = Document::new("当时我没有负责排班，后来我主动帮助同事梳理了交接清单。");
//! let cues = PatternSet::new(["负责", "主动帮助"]).expect("valid patterns");
//! let found = cues.find(&doc);
//! assert_eq!(found.len(), 2);
//! assert!(doc.is_negated(&found[0]));            // 没有负责: not a positive cue
//! assert!(!doc.is_negated(&found[1]));
//! let clause = doc.clause_of(found[1].first_token);
//! assert_eq!(doc.narration()[clause].actor, Actor::Me);
//! ```
//!
//! - Chinese runs are segmented into words with a dictionary (the most frequent
//!   ~40,000 words of jieba's list plus interview vocabulary, see
//!   `plugin-sdk/data/README.md`) by the most probable route over word
//!   frequencies, as jieba does. The dictionary is static data binary-searched
//!   in place: nothing is built per call, so analysis costs O(text).
//! - Latin words are lower-cased (ASCII), split at apostrophes (`didn't` →
//!   `did` + `n't`, `I'm` → `i` + `'m`) and at hyphens; digits with decimals,
//!   thousands separators and a percent sign are one number token.
//! - Spans are UTF-8 byte offsets into the analysed text, always on character
//!   boundaries, as the contract's evidence spans are.
//!
//! Layout: `dict` (the word list), `segment` (Chinese word segmentation),
//! `tokenize` (tokens, sentences and clauses), `document` (the analysed text),
//! `pattern` (phrases and wildcard patterns), `narration` (negation, actors,
//! past actions, quantities) and the words it looks for (`lexicon`).

mod detail;
mod dict;
mod document;
mod lexicon;
mod narration;
mod outcome;
mod pattern;
mod segment;
mod story_words;
mod tokenize;

pub use detail::Echo;
pub use document::{Clause, Document, Sentence};
pub use narration::{Actor, Narration};
pub use outcome::{Outcome, OutcomeKind};
pub use pattern::{Match, Pattern, PatternError, PatternSet};
pub use tokenize::{Token, TokenKind};

/// Whether `c` is a CJK ideograph (the basic block or extension A), the
/// characters the segmenter splits into words.
pub fn is_han(c: char) -> bool {
    matches!(c, '\u{4e00}'..='\u{9fff}' | '\u{3400}'..='\u{4dbf}')
}

/// Whether `word` (one to four CJK ideographs) is in the segmenter's
/// dictionary; a plugin's tests can use it to check its Chinese cues are
/// words the segmenter will produce.
pub fn is_dictionary_word(word: &str) -> bool {
    dict::lookup(word.as_bytes()).is_some()
}

#[cfg(test)]
mod tests;

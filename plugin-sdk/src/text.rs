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
//! Stories are read as people tell them, not from cue words: what came of
//! the actions ([`Document::story_result`]: 投诉量下降了三成, shipped two days
//! early, 没再出现过), and how specific an answer is ([`Document::details`],
//! [`Document::specificity`]: figures, times, names, uncommon words, not the
//! question's own words), which tells a real story from a template or filler.
//!
//! ```
//! use panel_plugin_sdk::text::{Document, Echo, OutcomeKind};
//!
//! let story = Document::new("去年自提区总排长队，我按手机尾号重新分了货架，那个月投诉量下降了三成。");
//! let result = story.story_result().expect("a result");
//! assert_eq!((result.kind, result.measure.map(|m| story.word(m))), (OutcomeKind::Changed, Some("三成")));
//! let template = Document::new("当时的情况是，我的任务是解决问题。我积极沟通协调，最终问题得到了圆满解决。");
//! assert!(template.specificity(&Echo::default()) < story.specificity(&Echo::default()));
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
//! `counts` (its length and script, from tokens alone),
//! `pattern` (phrases and wildcard patterns), `narration` (negation, actors,
//! past actions, quantities, with `chinese` and `english` for each language) and the words it looks for (`lexicon`),
//! `detail` (what makes an answer particular) and `outcome` (what came of
//! the actions), with their words (`story_words`).

mod chinese;
mod counts;
mod detail;
mod dict;
mod document;
mod english;
mod lexicon;
mod narration;
mod outcome;
mod pattern;
mod segment;
mod story_words;
mod tokenize;

pub use counts::Counts;
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

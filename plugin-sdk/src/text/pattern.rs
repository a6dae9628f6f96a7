//! Phrases and wildcard patterns matched on token boundaries.
//!
//! A pattern is one or more parts separated by `*`; each part is a phrase that
//! must start and end on token boundaries, its words separated in the text by
//! nothing or by whitespace only. `*` stands for up to [`MAX_GAP_TOKENS`]
//! tokens within the same sentence. So `负责` does not match inside `负责人`
//! (one word to the segmenter), `lead` does not match inside `leader`, and
//! `我*推动` matches `我主动推动了`.

use std::borrow::Cow;
use std::fmt;

use super::document::Document;
use super::lexicon::{NEGATORS_EN, contains};
use super::narration::is_negator;
use super::tokenize::TokenKind;

/// Most tokens a `*` may stand for.
pub const MAX_GAP_TOKENS: usize = 8;

/// A phrase or wildcard pattern. Parsing a lower-case pattern allocates
/// nothing (it borrows the text and keeps its words inline): rubrics parse
/// their cues on every call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pattern<'a> {
    source: &'a str,
    /// `source` with ASCII letters lower-cased (borrowed when it has none).
    lower: Cow<'a, str>,
    /// The words of `lower`, in order: the first `word_count` of `words`.
    words: [Word; MAX_PATTERN_WORDS],
    word_count: usize,
    /// The pattern's own words include a negation (`not my job`), so one in a
    /// wildcard's gap is the pattern's, not a negation of it.
    negation_in_pattern: bool,
}

/// Most words a pattern may have.
pub const MAX_PATTERN_WORDS: usize = 12;

/// One word of a pattern: its bytes in [`Pattern::lower`], and whether a `*`
/// comes before it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Word {
    start: u16,
    end: u16,
    after_wildcard: bool,
}

/// Why a pattern is not valid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PatternError {
    /// The pattern as given (from configuration, never from an answer).
    pub pattern: String,
    /// What is wrong with it.
    pub reason: &'static str,
}

impl fmt::Display for PatternError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "pattern `{}`: {}", self.pattern, self.reason)
    }
}

impl std::error::Error for PatternError {}

/// Whether `lower` could hold a negation: one of the characters every
/// Chinese negator has, or an English negator among its words. Segmenting a
/// pattern to find out costs more than the rest of parsing it, and rubrics
/// parse their patterns on every call; few patterns have either.
fn may_negate(lower: &str) -> bool {
    lower.contains(['不', '没', '未', '别', '非', '无', '毫'])
        || lower
            .split(|c: char| !(c.is_ascii_alphabetic() || c == '\'' || c == '’'))
            .any(|word| contains(NEGATORS_EN, word) || word.ends_with("n't") || word.ends_with("n’t"))
}

impl<'a> Pattern<'a> {
    /// Parses `source`: phrases separated by `*`, e.g. `我*推动`, `led * team`.
    pub fn parse(source: &'a str) -> Result<Self, PatternError> {
        let error = |reason| PatternError { pattern: source.to_owned(), reason };
        let lower: Cow<'a, str> = if source.bytes().any(|b| b.is_ascii_uppercase()) {
            Cow::Owned(source.to_ascii_lowercase())
        } else {
            Cow::Borrowed(source)
        };
        if lower.len() > usize::from(u16::MAX) {
            return Err(error("is too long"));
        }
        let mut words = [Word::default(); MAX_PATTERN_WORDS];
        let mut word_count = 0;
        let mut part_start = 0;
        for (index, part) in lower.split('*').enumerate() {
            let before = word_count;
            for word in part.split_whitespace() {
                if word_count == MAX_PATTERN_WORDS {
                    return Err(error("has more than 12 words"));
                }
                // `word` is a slice of `part`: its offset in `lower` follows.
                let start = part_start + (word.as_ptr().addr() - part.as_ptr().addr());
                let after_wildcard = index > 0 && word_count == before;
                // Both fit: `lower` is at most u16::MAX bytes long.
                let (start, end) = (start as u16, (start + word.len()) as u16);
                words[word_count] = Word { start, end, after_wildcard };
                word_count += 1;
            }
            if word_count == before {
                return Err(error(if index == 0 && part_start + part.len() == lower.len() {
                    "is empty"
                } else {
                    "has a `*` with no phrase on one side"
                }));
            }
            part_start += part.len() + 1;
        }
        // Only a wildcard's gap can hold a negation the pattern did not spell.
        let negation_in_pattern = words[..word_count].iter().any(|w| w.after_wildcard) && may_negate(&lower) && {
            let literal = source.replace('*', " ");
            let document = Document::new(&literal);
            (0..document.tokens().len()).any(|i| is_negator(&document, i))
        };
        Ok(Self { source, lower, words, word_count, negation_in_pattern })
    }

    /// The pattern as given.
    pub fn source(&self) -> &'a str {
        self.source
    }

    /// Whether the pattern has a `*`.
    pub fn is_wildcard(&self) -> bool {
        self.words().iter().any(|w| w.after_wildcard)
    }

    fn words(&self) -> &[Word] {
        &self.words[..self.word_count]
    }

    /// The parts between `*`, each a run of words.
    fn parts(&self) -> impl Iterator<Item = &[Word]> {
        self.words().chunk_by(|_, next| !next.after_wildcard)
    }

    fn word(&self, word: &Word) -> &str {
        &self.lower[usize::from(word.start)..usize::from(word.end)]
    }

    fn first_char(&self) -> Option<char> {
        self.lower[usize::from(self.words().first()?.start)..].chars().next()
    }
}

/// One place a pattern matched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Match {
    /// Index of the pattern in its [`PatternSet`].
    pub pattern: usize,
    /// Byte offset where the match starts.
    pub start: usize,
    /// Byte offset one past its end.
    pub end: usize,
    /// Index of its first token.
    pub first_token: usize,
    /// Index of its last token.
    pub last_token: usize,
    /// A negation sits in a wildcard's gap (`我没有推动` for `我*推动`).
    pub negated_inside: bool,
}

/// Patterns matched together in one pass over a text's tokens.
#[derive(Debug, Clone, Default)]
pub struct PatternSet<'a> {
    patterns: Vec<Pattern<'a>>,
    /// (first character, pattern index), sorted: the patterns worth trying
    /// at a token are those whose first character is the token's.
    by_first_char: Vec<(char, usize)>,
}

impl<'a> PatternSet<'a> {
    /// Parses every pattern; the first invalid one is the error.
    pub fn new(sources: impl IntoIterator<Item = &'a str>) -> Result<Self, PatternError> {
        let patterns = sources.into_iter().map(Pattern::parse).collect::<Result<Vec<_>, _>>()?;
        Ok(Self::from_patterns(patterns))
    }

    /// A set of already parsed patterns.
    pub fn from_patterns(patterns: Vec<Pattern<'a>>) -> Self {
        let mut by_first_char: Vec<(char, usize)> =
            patterns.iter().enumerate().filter_map(|(i, p)| Some((p.first_char()?, i))).collect();
        by_first_char.sort_unstable();
        Self { patterns, by_first_char }
    }

    /// The patterns, in the order given.
    pub fn patterns(&self) -> &[Pattern<'a>] {
        &self.patterns
    }

    /// Every match of every pattern in `document`, ordered by start (then by
    /// pattern). Matches of different patterns may overlap.
    pub fn find(&self, document: &Document) -> Vec<Match> {
        let mut found = Vec::new();
        for (index, token) in document.tokens().iter().enumerate() {
            let Some(first) = document.lower()[token.start..].chars().next() else { continue };
            let from = self.by_first_char.partition_point(|&(c, _)| c < first);
            for &(_, pattern) in self.by_first_char[from..].iter().take_while(|&&(c, _)| c == first) {
                if let Some(m) = self.match_at(document, pattern, index) {
                    found.push(m);
                }
            }
        }
        found
    }

    fn match_at(&self, document: &Document, pattern_index: usize, first_token: usize) -> Option<Match> {
        let pattern = &self.patterns[pattern_index];
        let tokens = document.tokens();
        let start = tokens[first_token].start;
        let mut parts = pattern.parts();
        let mut end = match_words(document, pattern, parts.next()?, start)?;
        for part in parts {
            let next = document.token_at_or_after(end);
            end = tokens[next..]
                .iter()
                .take(MAX_GAP_TOKENS + 1)
                .take_while(|t| t.kind != TokenKind::SentenceEnd)
                .find_map(|t| match_words(document, pattern, part, t.start))?;
        }
        let last_token = document.token_at_or_after(end) - 1;
        let negated_inside = pattern.is_wildcard()
            && !pattern.negation_in_pattern
            && (first_token..=last_token).any(|i| is_negator(document, i));
        Some(Match { pattern: pattern_index, start, end, first_token, last_token, negated_inside })
    }
}

/// Where `words` end when they match at byte `at`: each starting and ending on
/// a token boundary, separated by whitespace or nothing.
fn match_words(document: &Document, pattern: &Pattern, words: &[Word], at: usize) -> Option<usize> {
    let lower = document.lower();
    let mut position = at;
    for (index, word) in words.iter().map(|w| pattern.word(w)).enumerate() {
        if index > 0 {
            position += lower[position..].len() - lower[position..].trim_start().len();
        }
        if !document.is_token_start(position) || !lower[position..].starts_with(word) {
            return None;
        }
        position += word.len();
        if !document.is_token_end(position) {
            return None;
        }
    }
    Some(position)
}

#[cfg(test)]
mod tests {
    use super::super::lexicon::NEGATORS_ZH;
    use super::*;

    #[test]
    fn every_negator_may_negate() {
        for negator in NEGATORS_ZH.iter().chain(NEGATORS_EN) {
            assert!(may_negate(negator), "{negator} is a negator the pattern parser would not look for");
        }
        assert!(Pattern::parse("not * my job").expect("valid").negation_in_pattern);
        assert!(Pattern::parse("从不*推卸").expect("valid").negation_in_pattern);
        assert!(Pattern::parse("I didn't * give up").expect("valid").negation_in_pattern);
        assert!(!Pattern::parse("我*推动").expect("valid").negation_in_pattern);
        assert!(!Pattern::parse("I * analysed").expect("valid").negation_in_pattern);
    }
}

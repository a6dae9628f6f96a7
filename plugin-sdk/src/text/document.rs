//! An analysed text: its tokens, sentences and clauses, with the lookups the
//! pattern matcher and the narrative helpers share.

use std::ops::Range;
use std::sync::OnceLock;

use super::narration::{self, Narration};
use super::tokenize::{Token, TokenKind, tokenize};

/// A sentence: ended by `。！？!?…`, a full stop or a line break.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    /// Byte offset of its first token.
    pub start: usize,
    /// Byte offset one past its last token (its closing punctuation excluded).
    pub end: usize,
    /// Indices of its tokens, closing punctuation excluded.
    pub tokens: Range<usize>,
    /// Indices of its clauses.
    pub clauses: Range<usize>,
}

/// A clause: part of a sentence between commas, colons or semicolons.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Clause {
    /// Byte offset of its first token.
    pub start: usize,
    /// Byte offset one past its last token (the punctuation ending it excluded).
    pub end: usize,
    /// Indices of its tokens, the punctuation ending it excluded.
    pub tokens: Range<usize>,
    /// Index of the sentence it belongs to.
    pub sentence: usize,
}

/// Bits of [`Document::boundaries`].
const TOKEN_START: u8 = 1;
const TOKEN_END: u8 = 2;

/// A text analysed once, then queried by a rubric.
#[derive(Debug, Clone)]
pub struct Document<'a> {
    text: &'a str,
    /// `text` with ASCII letters lower-cased: the same byte offsets.
    lower: String,
    tokens: Vec<Token>,
    sentences: Vec<Sentence>,
    clauses: Vec<Clause>,
    /// Per byte offset (0..=len): whether a token starts or ends there.
    boundaries: Vec<u8>,
    /// Per clause: who acts in it and how.
    narration: Vec<Narration>,
    /// More ideographs than Latin words.
    chinese: bool,
    /// Per token: whether it is a detail ([`Document::is_detail`]), worked
    /// out once on first use: rubrics ask for the details of many ranges.
    pub(super) detail_flags: OnceLock<Vec<bool>>,
}

impl<'a> Document<'a> {
    /// Analyses `text`: tokens, sentences, clauses and their narration.
    pub fn new(text: &'a str) -> Self {
        let tokens = tokenize(text);
        let mut boundaries = vec![0u8; text.len() + 1];
        for token in &tokens {
            boundaries[token.start] |= TOKEN_START;
            boundaries[token.end] |= TOKEN_END;
        }
        let (sentences, clauses) = sentences_and_clauses(&tokens);
        let mut document = Self {
            text,
            lower: text.to_ascii_lowercase(),
            tokens,
            sentences,
            clauses,
            boundaries,
            narration: Vec::new(),
            chinese: false,
            detail_flags: OnceLock::new(),
        };
        let han = document.han_chars();
        document.chinese = han > 0 && han >= document.latin_words();
        document.narration = narration::narrate(&document);
        document
    }

    /// The analysed text.
    pub fn text(&self) -> &'a str {
        self.text
    }

    /// The text with ASCII letters lower-cased (same byte offsets).
    pub fn lower(&self) -> &str {
        &self.lower
    }

    /// All tokens, in order.
    pub fn tokens(&self) -> &[Token] {
        &self.tokens
    }

    /// The sentences, in order (empty ones skipped).
    pub fn sentences(&self) -> &[Sentence] {
        &self.sentences
    }

    /// The clauses, in order (empty ones skipped).
    pub fn clauses(&self) -> &[Clause] {
        &self.clauses
    }

    /// Per clause (same indices as [`Document::clauses`]): who acts in it,
    /// whether it tells of a past action.
    pub fn narration(&self) -> &[Narration] {
        &self.narration
    }

    /// Token `index` as written.
    pub fn original(&self, index: usize) -> &'a str {
        let token = &self.tokens[index];
        &self.text[token.start..token.end]
    }

    /// Token `index` with ASCII letters lower-cased, for comparisons.
    pub fn word(&self, index: usize) -> &str {
        let token = &self.tokens[index];
        &self.lower[token.start..token.end]
    }

    /// Whether a token starts at byte `offset`.
    pub fn is_token_start(&self, offset: usize) -> bool {
        self.boundaries.get(offset).is_some_and(|b| b & TOKEN_START != 0)
    }

    /// Whether a token ends at byte `offset`.
    pub fn is_token_end(&self, offset: usize) -> bool {
        self.boundaries.get(offset).is_some_and(|b| b & TOKEN_END != 0)
    }

    /// Index of the first token starting at or after byte `offset`.
    pub fn token_at_or_after(&self, offset: usize) -> usize {
        self.tokens.partition_point(|t| t.start < offset)
    }

    /// Index of the clause token `index` is in (the next clause for the
    /// punctuation between two clauses); `clauses().len()` past the last.
    pub fn clause_of(&self, index: usize) -> usize {
        self.clauses.partition_point(|c| c.tokens.end <= index)
    }

    /// Index of the sentence token `index` is in (as [`Document::clause_of`]).
    pub fn sentence_of(&self, index: usize) -> usize {
        self.sentences.partition_point(|s| s.tokens.end <= index)
    }

    /// Number of CJK ideographs in the text.
    pub fn han_chars(&self) -> usize {
        self.tokens.iter().filter(|t| t.kind == TokenKind::Han).map(|t| (t.end - t.start) / 3).sum()
    }

    /// Number of Latin words (apostrophe suffixes such as `n't` and `'s` not
    /// counted) and numbers.
    pub fn latin_words(&self) -> usize {
        (0..self.tokens.len())
            .filter(|&i| match self.tokens[i].kind {
                TokenKind::Latin => !is_apostrophe_suffix(self.word(i)),
                TokenKind::Number => true,
                _ => false,
            })
            .count()
    }

    /// Whether the text is mostly Chinese: more ideographs than Latin words.
    pub fn is_chinese(&self) -> bool {
        self.chinese
    }

    /// Number of word and number tokens.
    pub fn word_tokens(&self) -> usize {
        self.tokens.iter().filter(|t| t.is_word()).count()
    }

    /// The share of clauses with at most two words, once there are four
    /// clauses or more (0 below that): near 1 for a list of keywords
    /// ("teamwork, ownership, I led, increased 30%"), low for a narrative,
    /// whose clauses say who did what to what.
    pub fn short_clause_share(&self) -> f32 {
        if self.clauses.len() < 4 {
            return 0.0;
        }
        let short = self
            .clauses
            .iter()
            .filter(|c| c.tokens.clone().filter(|&i| self.tokens[i].is_word() && !self.is_word_suffix(i)).count() <= 2)
            .count();
        short as f32 / self.clauses.len() as f32
    }

    /// `text[start..end]`, cut to at most `max_chars` characters with `…`
    /// added when cut: for quoting evidence in a label.
    pub fn excerpt(&self, start: usize, end: usize, max_chars: usize) -> String {
        let quoted = &self.text[start..end];
        match quoted.char_indices().nth(max_chars) {
            Some((cut, _)) => format!("{}…", &quoted[..cut]),
            None => quoted.to_owned(),
        }
    }
}

/// `n't`, `'s`, `’m`: the part of a word the tokenizer split off at its apostrophe.
pub(crate) fn is_apostrophe_suffix(word: &str) -> bool {
    word.starts_with(['\'', '’']) || word == "n't" || word == "n’t"
}

/// Groups tokens into clauses and sentences, skipping those with no word.
fn sentences_and_clauses(tokens: &[Token]) -> (Vec<Sentence>, Vec<Clause>) {
    let mut sentences = Vec::new();
    let mut clauses: Vec<Clause> = Vec::new();
    let mut clause_start = 0;
    let mut sentence_clauses = 0;
    for (index, token) in tokens.iter().enumerate().chain(std::iter::once((tokens.len(), &END))) {
        if !token.ends_clause() {
            continue;
        }
        let words = &tokens[clause_start..index];
        if words.iter().any(Token::is_word) {
            clauses.push(Clause {
                start: words[0].start,
                end: words[words.len() - 1].end,
                tokens: clause_start..index,
                sentence: sentences.len(),
            });
        }
        clause_start = index + 1;
        if token.kind == TokenKind::SentenceEnd && sentence_clauses < clauses.len() {
            let (first, last) = (&clauses[sentence_clauses], &clauses[clauses.len() - 1]);
            sentences.push(Sentence {
                start: first.start,
                end: last.end,
                tokens: first.tokens.start..last.tokens.end,
                clauses: sentence_clauses..clauses.len(),
            });
            sentence_clauses = clauses.len();
        }
    }
    (sentences, clauses)
}

/// A sentence end past the last token, so the last sentence is closed.
const END: Token = Token { start: 0, end: 0, kind: TokenKind::SentenceEnd, verb: false, frequency: 0 };

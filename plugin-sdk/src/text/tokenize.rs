//! Splitting text into tokens with byte spans: Chinese words (segmented with
//! the dictionary), Latin words, numbers and punctuation. Whitespace separates
//! tokens and is not one, except that a line break ends a sentence and a space
//! between two Chinese words ends a clause.

use super::dict::HAN_BYTES;
use super::is_han;
use super::segment::segment;

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TokenKind {
    /// A Chinese word found by the segmenter.
    Han,
    /// A Latin-script word (or an apostrophe suffix of one: `n't`, `'s`).
    Latin,
    /// Digits, with decimals, thousands separators and a percent sign.
    Number,
    /// Punctuation that ends a sentence (`。！？!?….`) or a line break.
    SentenceEnd,
    /// Punctuation that ends a clause within a sentence (`，,：:；;`), or a
    /// space between two Chinese words.
    ClauseEnd,
    /// Any other character: quotes, brackets, dashes, the enumeration comma `、`.
    Symbol,
}

/// One token: its byte span in the text and what it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    /// Offset of the first byte.
    pub start: usize,
    /// Offset one past the last byte.
    pub end: usize,
    /// What the token is.
    pub kind: TokenKind,
    /// The dictionary lists this Chinese word as a verb (false for other tokens).
    pub verb: bool,
    /// A Chinese word's log-frequency in the dictionary, `round(7 · ln f)`
    /// (0–99; 0 for a character it lacks and for other tokens): how common
    /// the word is, so how little it says about a particular episode.
    pub frequency: u8,
}

impl Token {
    /// A word or a number, as opposed to punctuation.
    pub fn is_word(&self) -> bool {
        matches!(self.kind, TokenKind::Han | TokenKind::Latin | TokenKind::Number)
    }

    /// Punctuation that ends a clause or a sentence.
    pub fn ends_clause(&self) -> bool {
        matches!(self.kind, TokenKind::ClauseEnd | TokenKind::SentenceEnd)
    }
}

fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || ('０'..='９').contains(&c)
}

fn is_latin_letter(c: char) -> bool {
    c.is_alphanumeric() && !is_han(c)
}

fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '’'
}

fn char_at(text: &str, at: usize) -> Option<char> {
    text[at..].chars().next()
}

/// The end of the run of characters from `at` that satisfy `keep`.
fn run_end(text: &str, at: usize, keep: impl Fn(char) -> bool) -> usize {
    text[at..].char_indices().find(|&(_, c)| !keep(c)).map_or(text.len(), |(offset, _)| at + offset)
}

/// The end of a number starting at `at`: digits, then `.` or `,` followed by
/// more digits (18.5, 1,000), then an optional percent sign.
fn number_end(text: &str, at: usize) -> usize {
    let mut end = run_end(text, at, is_digit);
    while let Some(separator @ ('.' | ',')) = char_at(text, end) {
        let after = end + separator.len_utf8();
        if !char_at(text, after).is_some_and(is_digit) {
            break;
        }
        end = run_end(text, after, is_digit);
    }
    match char_at(text, end) {
        Some(percent @ ('%' | '％')) => end + percent.len_utf8(),
        _ => end,
    }
}

/// What a punctuation character at `at` is. A full stop ends a sentence
/// unless a letter or digit follows it at once (`e.g`, `v1.2`).
fn punctuation_kind(text: &str, at: usize, c: char) -> TokenKind {
    match c {
        '。' | '！' | '？' | '!' | '?' | '…' | '．' => TokenKind::SentenceEnd,
        '.' if !char_at(text, at + 1).is_some_and(char::is_alphanumeric) => TokenKind::SentenceEnd,
        '，' | ',' | '：' | ':' | '；' | ';' | '﹐' => TokenKind::ClauseEnd,
        _ => TokenKind::Symbol,
    }
}

/// How a run of ideographs becomes tokens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum HanRuns {
    /// Segmented into dictionary words.
    Words,
    /// Left whole, one token per run: enough to count ideographs, and the
    /// other tokens are the same either way.
    Whole,
}

/// Tokens of `text`, in order, with their byte spans.
pub(crate) fn tokenize(text: &str) -> Vec<Token> {
    tokens(text, HanRuns::Words)
}

/// Tokens of `text`, ideographs segmented or not.
pub(crate) fn tokens(text: &str, han: HanRuns) -> Vec<Token> {
    let mut tokens = Vec::with_capacity(text.len() / 3 + 1);
    let push =
        |tokens: &mut Vec<Token>, start, end, kind| tokens.push(Token { start, end, kind, verb: false, frequency: 0 });
    let mut route = Vec::new();
    let mut at = 0;
    while let Some(c) = char_at(text, at) {
        if is_han(c) && han == HanRuns::Whole {
            let end = run_end(text, at, is_han);
            push(&mut tokens, at, end, TokenKind::Han);
            at = end;
        } else if is_han(c) {
            let end = run_end(text, at, is_han);
            segment(&text.as_bytes()[at..end], &mut route, |word| {
                let word_end = at + word.chars * HAN_BYTES;
                tokens.push(Token {
                    start: at,
                    end: word_end,
                    kind: TokenKind::Han,
                    verb: word.verb,
                    frequency: word.frequency,
                });
                at = word_end;
            });
        } else if is_digit(c) {
            let end = number_end(text, at);
            push(&mut tokens, at, end, TokenKind::Number);
            at = end;
        } else if is_latin_letter(c) {
            at = latin_word(text, at, &mut tokens);
        } else if c.is_whitespace() {
            let between_han = tokens.last().is_some_and(|t: &Token| t.kind == TokenKind::Han && t.end == at)
                && char_at(text, run_end(text, at, |c| c.is_whitespace() && c != '\n')).is_some_and(is_han);
            if c == '\n' {
                push(&mut tokens, at, at + 1, TokenKind::SentenceEnd);
            } else if between_han {
                // Chinese has no spaces between words: one there separates
                // phrases as a comma would (当时 任务 我负责 …).
                push(&mut tokens, at, at + c.len_utf8(), TokenKind::ClauseEnd);
            }
            at += c.len_utf8();
        } else {
            push(&mut tokens, at, at + c.len_utf8(), punctuation_kind(text, at, c));
            at += c.len_utf8();
        }
    }
    tokens
}

/// Pushes the Latin word at `at` (and its apostrophe suffix, if any) and
/// returns where it ends. `didn't` becomes `did` + `n't` and `I'm` becomes
/// `I` + `'m`, so that negation and the pronoun stand as tokens of their own.
fn latin_word(text: &str, at: usize, tokens: &mut Vec<Token>) -> usize {
    let latin = |start, end| Token { start, end, kind: TokenKind::Latin, verb: false, frequency: 0 };
    let end = run_end(text, at, is_latin_letter);
    let apostrophe = char_at(text, end).filter(|&c| is_apostrophe(c));
    let Some(apostrophe) = apostrophe else {
        tokens.push(latin(at, end));
        return end;
    };
    let suffix_start = end + apostrophe.len_utf8();
    let suffix_end = run_end(text, suffix_start, |c| c.is_ascii_alphabetic());
    if suffix_end == suffix_start {
        tokens.push(latin(at, end));
        return end;
    }
    let negated = text[suffix_start..suffix_end].eq_ignore_ascii_case("t")
        && end - at > 1
        && text.as_bytes()[end - 1].eq_ignore_ascii_case(&b'n');
    let split = if negated { end - 1 } else { end };
    tokens.push(latin(at, split));
    tokens.push(latin(split, suffix_end));
    suffix_end
}

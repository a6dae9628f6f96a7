//! English for narration: past tenses (regular, irregular, perfect,
//! progressive), the verb a clause tells, and participles that open a clause
//! without a subject.

use super::document::Document;
use super::lexicon::{ADVERBS_EN, ING_NOUNS_EN, IRREGULAR_PAST_EN, NOT_PAST_ED, STATIVE_PAST_EN, contains};
use super::tokenize::TokenKind;

/// Whether an English word is a past-tense verb (regular or irregular).
pub(crate) fn is_english_past(word: &str) -> bool {
    contains(IRREGULAR_PAST_EN, word)
        || (word.len() > 3
            && word.ends_with("ed")
            && !contains(NOT_PAST_ED, word)
            && (!word.ends_with("eed") || matches!(word, "agreed" | "freed" | "guaranteed")))
}

/// The English action verb of a clause: the first word after `from` that is
/// not an adverb, when it is a past tense and not a state.
pub(super) fn english_action(document: &Document, from: usize, to: usize) -> Option<usize> {
    // Perfect tenses tell the past too: I've trained, we'd booked.
    let auxiliary = |i: usize| {
        matches!(document.word(i), "'ve" | "’ve" | "have" | "has" | "had" | "'d" | "’d")
            && document.next_word(i).is_some_and(|next| is_english_past(next) && !contains(STATIVE_PAST_EN, next))
    };
    let verb = (from..to).filter(|&i| document.tokens()[i].is_word()).find(|&i| {
        let word = document.word(i);
        !contains(ADVERBS_EN, word) && !word.ends_with("ly") && !auxiliary(i)
    })?;
    // re-sequenced, spot-checked: the verb is the compound's last part.
    let mut verb = verb;
    let tokens = document.tokens();
    while verb + 2 < to
        && document.original(verb + 1) == "-"
        && tokens[verb + 1].start == tokens[verb].end
        && tokens[verb + 2].start == tokens[verb + 1].end
        && tokens[verb + 2].kind == TokenKind::Latin
    {
        verb += 2;
    }
    // Past progressive: I was producing the weekly report.
    if matches!(document.word(verb), "was" | "were")
        && let Some(next) = document.next_word(verb)
        && next.len() > 4
        && next.ends_with("ing")
        && !contains(ING_NOUNS_EN, next)
    {
        return Some(verb + 1);
    }
    let word = document.word(verb);
    // "The action I took was to…": a verb followed at once by a copula ends
    // a relative clause; the clause's predicate is the copula.
    let relative = document.next_word(verb).is_some_and(|next| matches!(next, "was" | "is" | "were" | "are"));
    (is_english_past(word) && !contains(STATIVE_PAST_EN, word) && !relative).then_some(verb)
}

/// A clause opening with a participle and no subject of its own (Going down
/// the funnel step by step, Checking with the trading team): the teller
/// acting, the subject left out as speech does. Its index, if so.
pub(super) fn participle(document: &Document, index: usize) -> Option<usize> {
    let range = document.clauses()[index].tokens.clone();
    let first = range.clone().find(|&i| document.tokens()[i].is_word())?;
    let word = document.word(first);
    (document.tokens()[first].kind == TokenKind::Latin
        && word.len() > 5
        && word.ends_with("ing")
        && !contains(ING_NOUNS_EN, word)
        && document.next_word(first).is_some())
    .then_some(first)
}

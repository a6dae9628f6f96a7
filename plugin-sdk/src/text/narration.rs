//! Who did what: negation, the actor of a clause (我 / I against 我们 / we),
//! whether it tells of a past action, and measured quantities. These are what
//! separate a story of what someone did from a list of the right keywords.

use super::document::{Document, is_apostrophe_suffix};
use super::lexicon::{
    ADVERBS_EN, HYPOTHETICAL_EN, HYPOTHETICAL_ZH, IRREGULAR_PAST_EN, ME_ZH, MEASURES_ZH, NEGATORS_EN, NEGATORS_ZH,
    NOT_PAST_ED, NOT_QUANTITIES_ZH, NUMBER_WORDS_EN, NUMERALS_ZH, OTHERS_ZH, PAST_ZH, STATIVE_PAST_EN, STATIVE_ZH,
    WE_ZH, contains,
};
use super::pattern::Match;
use super::tokenize::TokenKind;

/// How many tokens before a phrase a negation may stand (within its clause):
/// 我没有负责, 也没有和大家一起商量, I did not really lead, I never took.
const NEGATION_WINDOW: usize = 5;

/// Whether token `index` is a negation word. `not` followed by `only` or
/// `just` is not one ("not only did I…").
pub(crate) fn is_negator(document: &Document, index: usize) -> bool {
    let word = document.word(index);
    match document.tokens()[index].kind {
        TokenKind::Han => contains(NEGATORS_ZH, word),
        TokenKind::Latin => {
            contains(NEGATORS_EN, word)
                && !(word == "not"
                    && document
                        .tokens()
                        .get(index + 1)
                        .is_some_and(|_| matches!(document.word(index + 1), "only" | "just")))
        }
        _ => false,
    }
}

/// Who acts in a clause.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Actor {
    /// First person singular: 我, 本人, I.
    Me,
    /// First person plural: 我们, 咱们, we.
    We,
    /// Someone else: 他, 她们, he, they.
    Others,
    /// No one is named, here or in the clauses before.
    Unstated,
}

/// What a clause narrates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Narration {
    /// Who acts: the clause's own subject pronoun, else the previous clause's
    /// actor (我先统计了节拍，然后重新安排了班次: both clauses are 我).
    pub actor: Actor,
    /// The clause names its actor itself.
    pub explicit_actor: bool,
    /// It tells of the past: 了 or 过, a past-time or sequence word (当时,
    /// 后来, 然后), or an English past-tense verb; in Chinese, another clause
    /// of the same sentence doing so is enough.
    pub past: bool,
    /// It is hypothetical or about the future: 会, 如果, 打算, will, would, if.
    pub hypothetical: bool,
    /// Index of its action verb: a dictionary verb that is not a state (是,
    /// 有, 觉得) in Chinese; a past-tense verb that is not a state (was, felt)
    /// right after the actor (adverbs skipped) in English.
    pub action: Option<usize>,
}

impl Narration {
    /// The clause tells of something the candidate (or their team) did: a
    /// first-person actor, a past action, nothing hypothetical.
    pub fn is_behaviour(&self) -> bool {
        matches!(self.actor, Actor::Me | Actor::We) && self.past && !self.hypothetical && self.action.is_some()
    }
}

/// Whether an English word is a past-tense verb (regular or irregular).
pub(crate) fn is_english_past(word: &str) -> bool {
    contains(IRREGULAR_PAST_EN, word)
        || (word.len() > 3
            && word.ends_with("ed")
            && !contains(NOT_PAST_ED, word)
            && (!word.ends_with("eed") || matches!(word, "agreed" | "freed" | "guaranteed")))
}

fn actor_of(document: &Document, index: usize) -> Option<Actor> {
    let word = document.word(index);
    let next_is = |w: &str| document.tokens().get(index + 1).is_some_and(|_| document.word(index + 1) == w);
    match document.tokens()[index].kind {
        // 我的任务 is a possessive, not a subject.
        TokenKind::Han if contains(ME_ZH, word) && !next_is("的") => Some(Actor::Me),
        TokenKind::Han if contains(WE_ZH, word) && !next_is("的") => Some(Actor::We),
        TokenKind::Han if contains(OTHERS_ZH, word) && !next_is("的") => Some(Actor::Others),
        TokenKind::Latin => match word {
            "i" => Some(Actor::Me),
            "we" => Some(Actor::We),
            "he" | "she" | "they" => Some(Actor::Others),
            _ => None,
        },
        _ => None,
    }
}

/// The English action verb of a clause: the first word after `from` that is
/// not an adverb, when it is a past tense and not a state.
fn english_action(document: &Document, from: usize, to: usize) -> Option<usize> {
    let verb = (from..to).filter(|&i| document.tokens()[i].is_word()).find(|&i| {
        let word = document.word(i);
        !contains(ADVERBS_EN, word) && !word.ends_with("ly")
    })?;
    let word = document.word(verb);
    (is_english_past(word) && !contains(STATIVE_PAST_EN, word)).then_some(verb)
}

/// The narration of every clause of `document`, in order.
pub(crate) fn narrate(document: &Document) -> Vec<Narration> {
    let tokens = document.tokens();
    let mut narration = Vec::with_capacity(document.clauses().len());
    let mut carried = Actor::Unstated;
    for clause in document.clauses() {
        let range = clause.tokens.clone();
        // The subject comes before the verb: in 提出给他们补偿, 他们 is an object
        // and the actor carries over from the clause before.
        let first_verb = range.clone().find(|&i| tokens[i].verb).unwrap_or(range.end);
        let explicit = (range.start..first_verb).find_map(|i| actor_of(document, i).map(|actor| (i, actor)));
        let actor = explicit.map_or(carried, |(_, actor)| actor);
        carried = actor;
        let words = || range.clone().filter(|&i| tokens[i].is_word());
        let is = |i: usize, list: &[&str]| contains(list, document.word(i));
        let han = |i: usize| tokens[i].kind == TokenKind::Han;
        let past = words().any(|i| if han(i) { is(i, PAST_ZH) } else { is_english_past(document.word(i)) });
        // 会 is "will" only before a verb; ending a clause it is a meeting (复盘会, 例会).
        let modal_hui = |i: usize| document.word(i) != "会" || (i + 1 < range.end && han(i + 1));
        let hypothetical =
            words().any(|i| if han(i) { is(i, HYPOTHETICAL_ZH) && modal_hui(i) } else { is(i, HYPOTHETICAL_EN) });
        let after_actor = explicit.map_or(range.start, |(i, _)| i + 1);
        let chinese_action = (after_actor..range.end)
            .find(|&i| han(i) && tokens[i].verb && !is(i, STATIVE_ZH) && !is_negator(document, i));
        let action = chinese_action.or_else(|| english_action(document, after_actor, range.end));
        narration.push(Narration { actor, explicit_actor: explicit.is_some(), past, hypothetical, action });
    }
    // Chinese marks tense once a sentence: 我组织双方梳理了清单，并且每周主持复盘会.
    for sentence in document.sentences() {
        let clauses = sentence.clauses.clone();
        let sentence_past = narration[clauses.clone()].iter().any(|n| n.past);
        let chinese = document.clauses()[clauses.start].tokens.clone().any(|i| tokens[i].kind == TokenKind::Han);
        if sentence_past && chinese {
            for n in &mut narration[clauses] {
                n.past = !n.hypothetical;
            }
        }
    }
    narration
}

impl Document<'_> {
    /// Whether a match is negated: a negation word up to five tokens before
    /// it in its clause (我没有负责, I never took ownership), or in a
    /// wildcard's gap. Negated phrases are not evidence either way.
    pub fn is_negated(&self, m: &Match) -> bool {
        if m.negated_inside {
            return true;
        }
        let tokens = self.tokens();
        (m.first_token.saturating_sub(NEGATION_WINDOW)..m.first_token)
            .rev()
            .take_while(|&i| !tokens[i].ends_clause())
            .any(|i| is_negator(self, i))
    }

    /// Whether token `index` states a quantity: digits (18%, 1,000), a Chinese
    /// numeral word (十五, 三倍, 一半; not 一个 or 万一), or an English number
    /// word from two up (three, half, twice).
    pub fn is_quantity(&self, index: usize) -> bool {
        let word = self.word(index);
        match self.tokens()[index].kind {
            TokenKind::Number => true,
            TokenKind::Han => {
                let numerals = word.trim_end_matches(|c| MEASURES_ZH.contains(c));
                !numerals.is_empty()
                    && numerals.chars().all(|c| NUMERALS_ZH.contains(c))
                    && numerals != "一"
                    && !contains(NOT_QUANTITIES_ZH, word)
            }
            TokenKind::Latin => contains(NUMBER_WORDS_EN, word),
            _ => false,
        }
    }

    /// The first quantity among tokens `range`, by token index.
    pub fn quantity_in(&self, range: std::ops::Range<usize>) -> Option<usize> {
        range.into_iter().find(|&i| self.is_quantity(i))
    }

    /// Whether token `index` is a first-person-singular pronoun (我, 本人, I).
    pub fn is_me(&self, index: usize) -> bool {
        actor_of(self, index) == Some(Actor::Me)
    }

    /// Whether token `index` is only the apostrophe part of a word (`'s`, `n't`).
    pub fn is_word_suffix(&self, index: usize) -> bool {
        self.tokens()[index].kind == TokenKind::Latin && is_apostrophe_suffix(self.word(index))
    }
}

//! Who did what: negation, the actor of a clause (我 / I against 我们 / we),
//! whether it tells of a past action, and measured quantities. These are what
//! separate a story of what someone did from a list of the right keywords.

use super::chinese::{before_noun, chinese_subject, is_verb};
use super::document::{Document, is_apostrophe_suffix};
use super::english::{english_action, is_english_past, participle};
use super::lexicon::{
    HABITUAL_ZH, HYPOTHETICAL_EN, HYPOTHETICAL_ZH, ME_ZH, MEASURES_ZH, NEGATORS_EN, NEGATORS_ZH, NOT_QUANTITIES_ZH,
    NUMBER_WORDS_EN, NUMERALS_ZH, OTHERS_ZH, PAST_ZH, STATIVE_ZH, WE_ZH, contains,
};
use super::pattern::Match;
use super::tokenize::TokenKind;

/// A Chinese verb of two or more characters rarer than this (log-frequency)
/// usually holds its object (排班 40, 加班, 报名): 决定 or 处理 do not.
const VERB_OBJECT_FREQUENCY: u8 = 52;

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

fn actor_of(document: &Document, index: usize) -> Option<Actor> {
    let word = document.word(index);
    let next_is = |w: &str| document.tokens().get(index + 1).is_some_and(|_| document.word(index + 1) == w);
    match document.tokens()[index].kind {
        // 我的任务 and 我们产线 are possessives, not subjects.
        TokenKind::Han if contains(ME_ZH, word) && !next_is("的") && !before_noun(document, index) => Some(Actor::Me),
        TokenKind::Han if contains(WE_ZH, word) && !next_is("的") && !before_noun(document, index) => Some(Actor::We),
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

/// The narration of every clause of `document`, in order.
pub(crate) fn narrate(document: &Document) -> Vec<Narration> {
    let tokens = document.tokens();
    let mut narration = Vec::with_capacity(document.clauses().len());
    let mut carried = Actor::Unstated;
    for clause in document.clauses() {
        let range = clause.tokens.clone();
        // The subject comes before the verb: in 提出给他们补偿, 他们 is an object
        // and the actor carries over from the clause before.
        let first_verb = range.clone().find(|&i| is_verb(document, i)).unwrap_or(range.end);
        // In English, "they did it while I watched and I gave them pointers":
        // a pronoun with its own past action comes first.
        // …unless the clause opens with its own verb, its subject left out
        // (and asked a senior analyst to review each query I wrote).
        let opens_with_verb = english_action(document, range.start, range.end).is_some();
        let with_action = range.clone().filter(|_| !opens_with_verb).find_map(|i| {
            let actor = actor_of(document, i).filter(|a| matches!(a, Actor::Me | Actor::We))?;
            (tokens[i].kind == TokenKind::Latin && english_action(document, i + 1, range.end).is_some())
                .then_some((i, actor))
        });
        let pronoun = with_action
            .or_else(|| (range.start..first_verb).find_map(|i| actor_of(document, i).map(|actor| (i, actor))));
        // A noun subject holds for its clause only: the teller stays the one
        // the story follows (人机料法环一项项排。先把裂纹位置统计了一下).
        let explicit =
            pronoun.or_else(|| chinese_subject(document, range.start, first_verb).map(|i| (i, Actor::Others)));
        let mut actor = explicit.map_or(carried, |(_, actor)| actor);
        if pronoun.is_some() {
            carried = actor;
        }
        let words = || range.clone().filter(|&i| tokens[i].is_word());
        let is = |i: usize, list: &[&str]| contains(list, document.word(i));
        let han = |i: usize| tokens[i].kind == TokenKind::Han;
        let past = words().any(|i| if han(i) { is(i, PAST_ZH) } else { is_english_past(document.word(i)) });
        // 会 is "will" only before a verb; ending a clause it is a meeting (复盘会, 例会).
        let modal_hui = |i: usize| document.word(i) != "会" || (i + 1 < range.end && han(i + 1));
        // 'd before a past participle is "had" (I'd booked), not "would".
        let modal_d = |i: usize| {
            !matches!(document.word(i), "'d" | "’d")
                || !document.next_word(i).is_some_and(|next| is_english_past(next) && next != "better")
        };
        let hypothetical = words().any(|i| {
            if han(i) { is(i, HYPOTHETICAL_ZH) && modal_hui(i) } else { is(i, HYPOTHETICAL_EN) && modal_d(i) }
        });
        let after_actor = explicit.map_or(range.start, |(i, _)| i + 1);
        // A verb next to 的 modifies or is a noun (我采取的行动, 问题的分析):
        // not what the clause says someone did.
        let by_de = |i: usize| {
            (i + 1 < range.end && document.word(i + 1) == "的") || (i > range.start && document.word(i - 1) == "的")
        };
        let chinese_action = (after_actor..range.end)
            .find(|&i| han(i) && is_verb(document, i) && !is(i, STATIVE_ZH) && !is_negator(document, i) && !by_de(i));
        let mut action = chinese_action.or_else(|| english_action(document, after_actor, range.end));
        if explicit.is_none()
            && let Some(verb) = participle(document, narration.len())
        {
            action = Some(verb);
            if !matches!(actor, Actor::Me | Actor::We) {
                actor = Actor::Me;
            }
        }
        narration.push(Narration { actor, explicit_actor: explicit.is_some(), past, hypothetical, action });
    }
    // Chinese marks tense once a sentence (我组织双方梳理了清单，并且每周主持
    // 复盘会), or once a story: in an answer that tells the past anywhere, a
    // sentence that marks no time of its own is part of that story (我去拜访
    // 他们的财务经理…。她同意试一下，三个月后就全部改成电子对账了), unless it
    // is hypothetical or habitual (我一般会先听).
    let chinese = |sentence: &super::document::Sentence| {
        document.clauses()[sentence.clauses.start].tokens.clone().any(|i| tokens[i].kind == TokenKind::Han)
    };
    let story_past =
        document.sentences().iter().any(|s| chinese(s) && narration[s.clauses.clone()].iter().any(|n| n.past));
    for sentence in document.sentences() {
        let clauses = sentence.clauses.clone();
        let sentence_past = narration[clauses.clone()].iter().any(|n| n.past);
        if chinese(sentence) {
            let habitual = sentence.tokens.clone().any(|i| contains(HABITUAL_ZH, document.word(i)));
            let hypothetical = narration[clauses.clone()].iter().any(|n| n.hypothetical);
            if sentence_past || (story_past && !hypothetical && !habitual) {
                for n in &mut narration[clauses] {
                    n.past = !n.hypothetical;
                }
            }
        } else if sentence_past {
            // "Going down the funnel, the biggest fall was…": a participle
            // takes its tense from the sentence.
            for index in clauses {
                if participle(document, index).is_some() {
                    narration[index].past = true;
                }
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
                // 百分之二 is segmented 百分 + 之二: the 之 part is the figure.
                let fraction = word.strip_prefix('之').filter(|_| {
                    index > 0 && self.tokens()[index - 1].kind == TokenKind::Han && self.word(index - 1).ends_with('分')
                });
                let numerals = fraction.unwrap_or(word).trim_end_matches(|c| MEASURES_ZH.contains(c));
                let all_numerals = !numerals.is_empty() && numerals.chars().all(|c| NUMERALS_ZH.contains(c));
                // 一 is "a" (一个, 一次) unless a proportion follows: 一成, 一倍.
                let proportion =
                    self.tokens().get(index + 1).is_some_and(|_| matches!(self.word(index + 1), "成" | "倍" | "半"));
                all_numerals && (numerals != "一" || proportion) && !contains(NOT_QUANTITIES_ZH, word)
            }
            TokenKind::Latin => contains(NUMBER_WORDS_EN, word),
            _ => false,
        }
    }

    /// The tokens of the figure that starts at quantity token `index`, for
    /// quoting it whole: 百分 之二, 一 成 多, 37.5 percent, a third.
    pub fn figure(&self, index: usize) -> std::ops::Range<usize> {
        let tokens = self.tokens();
        let mut end = index + 1;
        while end < tokens.len() && tokens[end].is_word() {
            let adjacent = tokens[end - 1].end == tokens[end].start;
            let word = self.word(end);
            let continues = match tokens[end].kind {
                TokenKind::Han => {
                    adjacent
                        && (self.is_quantity(end)
                            || word.starts_with('之')
                            || (word.chars().count() == 1 && MEASURES_ZH.contains(word))
                            || matches!(word, "多" | "余" | "左右"))
                }
                TokenKind::Latin => self.is_quantity(end),
                TokenKind::Number => adjacent,
                _ => false,
            };
            if !continues {
                break;
            }
            end += 1;
        }
        index..end
    }

    /// The first quantity among tokens `range`, by token index.
    pub fn quantity_in(&self, range: std::ops::Range<usize>) -> Option<usize> {
        range.into_iter().find(|&i| self.is_quantity(i))
    }

    /// Whether clause `index` tells something 我 / I or 我们 / we did to
    /// something in the past: its action verb has words after it in the
    /// clause ("I decided" alone tells nothing; 我先统计了每个工位的节拍 does),
    /// or is an uncommon Chinese verb that holds its object (重新排班, 报了名),
    /// or 把 put the object before it (我把货退了).
    pub fn tells_action(&self, index: usize) -> bool {
        let narration = &self.narration()[index];
        let clause = &self.clauses()[index];
        narration.is_behaviour()
            && !self.is_time_frame(index)
            && narration.action.is_some_and(|verb| {
                let token = self.tokens()[verb];
                let holds_object = token.kind == TokenKind::Han
                    && token.end - token.start >= 6
                    && token.frequency < VERB_OBJECT_FREQUENCY;
                // 我把同批次的货退了: 把 brings the object before the verb.
                let fronted_object = (clause.tokens.start..verb).any(|i| matches!(self.word(i), "把" | "将"));
                holds_object
                    || fronted_object
                    || (verb + 1..clause.tokens.end).any(|i| {
                        self.tokens()[i].is_word() && !self.is_word_suffix(i) && !matches!(self.word(i), "了" | "过")
                    })
            })
    }

    /// Whether clause `index` is a time frame for what follows rather than an
    /// event of its own: it ends in 时 / 时候 (在门店做店长时, 去年做改版的时候)
    /// or opens with when, while, after, during, before.
    pub fn is_time_frame(&self, index: usize) -> bool {
        let range = self.clauses()[index].tokens.clone();
        let mut words = range.filter(|&i| self.tokens()[i].is_word());
        let first = words.next();
        let last = words.next_back().or(first);
        last.is_some_and(|i| matches!(self.word(i), "时" | "时候" | "的时候"))
            || first.is_some_and(|i| matches!(self.word(i), "when" | "while" | "after" | "during" | "before"))
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

//! Outcomes: what a story says came of what was done, told the way people
//! tell it rather than after a cue word: a change with or without a figure
//! (投诉量下降了三成, 降到了千分之三, cut by a third), a comparison (比去年同期高了
//! 一成, shipped two days early), a problem that stopped (没再出现过, never
//! came back, zero injuries) or something done or reached (按期完工, passed the
//! sign-off), or a clause a result marker opens (结果, 最终, in the end).
//!
//! A story's result ([`Document::story_result`]) is the first outcome after
//! the teller's first action, or a measured change or comparison anywhere:
//! results follow what was done, and an outcome that is the teller's own
//! action ("I agreed to that", 我增加了缓冲区) is no result without a figure.

use super::document::Document;
use super::english::is_english_past;
use super::lexicon::STATIVE_PAST_EN;
use super::lexicon::contains;
use super::narration::{Actor, is_negator};
use super::story_words::{
    AGAIN_EN, AGAIN_ZH, CHANGE_EN, CHANGE_ZH, COMPARE_EN, COMPARE_ZH, COMPLETE_EN, COMPLETE_ZH, MARKERS_EN, MARKERS_ZH,
    SHIFT_EN, STOPPED_EN,
};
use super::tokenize::TokenKind;

/// What an outcome tells.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OutcomeKind {
    /// Something rose, fell or came back: 下降了三成, recovered.
    Changed,
    /// Against something else: 比去年高, two days early.
    Compared,
    /// A problem stopped happening: 没再出现, no more complaints.
    Stopped,
    /// Something was done or reached: 按期完工, passed.
    Completed,
    /// A result marker opens the clause (结果, in the end) and more follows.
    Stated,
}

/// An outcome found in a clause.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Outcome {
    /// Index of the clause.
    pub clause: usize,
    pub kind: OutcomeKind,
    /// Index of the token that tells it (the verb, the comparison, the marker).
    pub cue: usize,
    /// Index of the figure that measures it, if any.
    pub measure: Option<usize>,
}

/// How many tokens after a negation the word saying "again" may come:
/// 没再出现, 再也没有出过, never came back again.
const STOPPED_WINDOW: usize = 4;

impl Document<'_> {
    /// The outcome clause `index` tells, if any: a measured change or
    /// comparison first, then a problem stopping, something done, a change
    /// without a figure, a clause a result marker opens.
    pub fn outcome_in(&self, index: usize) -> Option<Outcome> {
        let range = self.clauses()[index].tokens.clone();
        let words: Vec<usize> = range.clone().filter(|&i| self.tokens()[i].is_word()).collect();
        let is = |i: usize, zh: &[&str], en: &[&str]| match self.tokens()[i].kind {
            TokenKind::Han => contains(zh, self.word(i)),
            TokenKind::Latin => contains(en, self.word(i)),
            _ => false,
        };
        // The figure after the cue measures it (回到了37.5%), else any in the clause.
        let measure = |cue: usize| {
            self.quantity_in(cue + 1..range.end).or_else(|| self.quantity_in(range.start..cue)).filter(|&q| {
                // A time is no measure of a change: 两周后 … 回到了.
                !self.is_time_anchor(q)
            })
        };
        let found = |kind, cue: usize, measure: Option<usize>| Some(Outcome { clause: index, kind, cue, measure });
        // 主管不同意, did not finish: a change or completion denied is no outcome.
        let denied = |i: usize| (range.start..i).rev().take(3).any(|j| is_negator(self, j));
        let mut candidates = Vec::new();
        for &i in &words {
            if denied(i) && !self.stops_again(i, range.end) {
                continue;
            }
            if is(i, CHANGE_ZH, CHANGE_EN) || (is(i, &[], SHIFT_EN) && measure(i).is_some()) {
                candidates.push(found(OutcomeKind::Changed, i, measure(i)));
            } else if is(i, COMPARE_ZH, COMPARE_EN) {
                candidates.push(found(OutcomeKind::Compared, i, measure(i)));
            } else if is(i, COMPLETE_ZH, COMPLETE_EN) || self.tells_done(i) {
                candidates.push(found(OutcomeKind::Completed, i, None));
            } else if is(i, &[], STOPPED_EN) || self.stops_again(i, range.end) {
                candidates.push(found(OutcomeKind::Stopped, i, None));
            } else if self.word(i) == "零" || self.word(i) == "zero" {
                // 零工伤, zero lost-time injuries: the problem did not happen at all.
                candidates.push(found(OutcomeKind::Stopped, i, Some(i)));
            }
        }
        let rank = |o: &Outcome| match (o.kind, o.measure) {
            (OutcomeKind::Changed | OutcomeKind::Compared, Some(_)) => 0,
            (OutcomeKind::Stopped, _) => 1,
            (OutcomeKind::Compared, None) => 2,
            (OutcomeKind::Completed, _) => 3,
            _ => 4,
        };
        let best = candidates.into_iter().flatten().min_by_key(rank);
        best.or_else(|| {
            let marker = self.result_marker(&words)?;
            let after = words.iter().filter(|&&i| i > marker && !self.is_word_suffix(i)).count();
            (after >= 2).then(|| Outcome {
                clause: index,
                kind: OutcomeKind::Stated,
                cue: marker,
                measure: measure(marker),
            })
        })
    }

    /// The result of the story: the first outcome after the teller's first
    /// action (other than the teller's own action without a figure), or a
    /// measured change or comparison anywhere. `None` when the answer tells
    /// no action and no measured change.
    pub fn story_result(&self) -> Option<Outcome> {
        let first_action = (0..self.clauses().len()).find(|&i| self.tells_action(i))?;
        let measured =
            |o: &Outcome| o.measure.is_some() && matches!(o.kind, OutcomeKind::Changed | OutcomeKind::Compared);
        let results = (first_action..self.clauses().len()).filter_map(|index| {
            let outcome = self.outcome_in(index)?;
            let narration = &self.narration()[index];
            // "I agreed to it", 我增加了缓冲区: the teller's own act, no result.
            let own_action =
                narration.actor == Actor::Me && narration.explicit_actor && narration.action == Some(outcome.cue);
            (measured(&outcome) || (index > first_action && !own_action)).then_some(outcome)
        });
        // The best told result, the first of its rank: a figure says most, a
        // problem that stopped next.
        let rank = |o: &Outcome| match o.kind {
            _ if measured(o) => 0,
            OutcomeKind::Stopped => 1,
            _ => 2,
        };
        results.min_by_key(|o| (rank(o), o.clause))
    }

    /// Whether token `index` says something got done: a Chinese verb's
    /// resultative complement with 了 (修好了, 补上了, 做完了), or an English
    /// passive (the hose was replaced, it got fixed).
    fn tells_done(&self, index: usize) -> bool {
        let tokens = self.tokens();
        let adjacent = |a: usize, b: usize| b < tokens.len() && tokens[a].end == tokens[b].start;
        match tokens[index].kind {
            TokenKind::Han => {
                matches!(self.word(index), "好" | "完" | "成" | "掉" | "通" | "上")
                    && index > 0
                    && adjacent(index - 1, index)
                    && tokens[index - 1].verb
                    && adjacent(index, index + 1)
                    && self.word(index + 1) == "了"
            }
            TokenKind::Latin => {
                matches!(self.word(index), "was" | "were" | "got")
                    && self
                        .next_word(index)
                        .is_some_and(|next| is_english_past(next) && !contains(STATIVE_PAST_EN, next))
            }
            _ => false,
        }
    }

    /// Whether a negation at `index` is followed, within a few tokens of its
    /// clause, by a word saying "again": 没再出现过, never … again, no more.
    fn stops_again(&self, index: usize, clause_end: usize) -> bool {
        let negation = is_negator(self, index) || matches!(self.word(index), "nobody" | "nothing" | "none");
        negation
            && (index + 1..clause_end.min(index + 1 + STOPPED_WINDOW)).any(|i| match self.tokens()[i].kind {
                TokenKind::Han => contains(AGAIN_ZH, self.word(i)),
                TokenKind::Latin => contains(AGAIN_EN, self.word(i)),
                _ => false,
            })
            || (self.word(index) == "再" || self.word(index) == "再也")
                && self.tokens().get(index + 1).is_some_and(|_| is_negator(self, index + 1))
    }

    /// The token that opens a result among `words` (the clause's word
    /// tokens): 结果, 最终, in the end, as a result, by the end, or a time
    /// after the fact (一个月后, two weeks later).
    fn result_marker(&self, words: &[usize]) -> Option<usize> {
        let word = |k: usize| words.get(k).map(|&i| self.word(i));
        for (k, &i) in words.iter().enumerate() {
            let marker = match self.tokens()[i].kind {
                TokenKind::Han => {
                    contains(MARKERS_ZH, self.word(i))
                        || (matches!(self.word(i), "后" | "以后" | "之后") && k > 0 && self.is_quantity(words[k - 1]))
                }
                TokenKind::Latin => {
                    contains(MARKERS_EN, self.word(i))
                        || (word(k) == Some("end") && matches!(word(k.wrapping_sub(2)), Some("in" | "by" | "at")))
                        || (word(k) == Some("later") && k > 0 && self.is_quantity(words[k - 1]))
                        || (matches!(word(k), Some("after" | "within"))
                            && words[k + 1..words.len().min(k + 3)].iter().any(|&w| self.is_quantity(w)))
                }
                _ => false,
            };
            if marker {
                return Some(i);
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn result(text: &str) -> Option<(OutcomeKind, Option<String>)> {
        let document = Document::new(text);
        document.story_result().map(|o| (o.kind, o.measure.map(|m| document.word(m).to_owned())))
    }

    #[test]
    fn results_told_as_people_tell_them() {
        use OutcomeKind::*;
        let told = [
            ("我调整了自提区的排班，投诉量下降了三成。", Changed, Some("三成")),
            ("我改了退货流程，差异率降到了千分之三。", Changed, Some("千")),
            ("我重新排了设备进场顺序，项目按期完工，额外成本控制在预算的百分之二以内。", Changed, Some("百分")),
            ("我把同批次的货退了，那个季度这款羽绒服的退换就没再出现过。", Stopped, None),
            ("我把光栅往后挪了十公分，那一年我们班组零工伤。", Stopped, Some("零")),
            ("我借了一个人过来，那天营业额比去年同期还高了一成多。", Compared, Some("一")),
            ("I moved the gift to the sign-up screen, and retention was back at 37.5 percent.", Changed, Some("37.5")),
            ("I re-sequenced the deliveries and we shipped two days early.", Compared, Some("two")),
            ("I moved the seven lines into the cabinet, and the shortages stopped.", Stopped, None),
            ("I checked in with them every shift, and by the end of the month all four passed.", Completed, None),
            ("I showed her how to count the change, and she was never short again.", Stopped, None),
            ("I added a hose check, and we cut breakdowns by a third.", Changed, Some("third")),
            ("I took the truck out of service, and the hose was replaced that day.", Completed, None),
            ("我拍了照联系供应商，他们第二周补上了。", Completed, None),
        ];
        for (text, kind, measure) in told {
            assert_eq!(result(text), Some((kind, measure.map(str::to_owned))), "{text}");
        }
    }

    #[test]
    fn no_result_without_an_outcome_after_the_action() {
        // Before anything was done, and the teller's own action, are not results.
        assert_eq!(result("Sales dropped, so I reduced the prices."), None);
        assert_eq!(result("我一般会先倾听顾客，然后解决问题。"), None);
        assert_eq!(result("I agreed to it."), None);
        assert_eq!(result("I am passionate about results."), None);
        // A measured change is a result wherever it is told.
        assert_eq!(
            result("Rejects fell from 1.5 percent to 0.2 percent after I fixed the press.").map(|r| r.0),
            Some(OutcomeKind::Changed)
        );
    }
}

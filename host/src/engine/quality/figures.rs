//! The figures scoring is judged by, per language: how often a genuine answer
//! scores strictly above another kind of answer to the same question (on the
//! combined score and on each rubric alone), and the engine's decisions on
//! each answer judged alone against the job's thresholds.

use std::collections::BTreeMap;

use serde::Serialize;

use super::judge::ScoredSet;
use super::set::{AnswerKind, EvaluationSet, Level};
use crate::engine::Decision;

/// Pairs won out of pairs compared.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Tally {
    pub won: usize,
    pub pairs: usize,
}

impl Tally {
    /// The share won, 0–1; `None` with nothing compared.
    pub fn share(&self) -> Option<f64> {
        (self.pairs > 0).then(|| self.won as f64 / self.pairs as f64)
    }

    fn add(&mut self, won: bool) {
        self.pairs += 1;
        self.won += usize::from(won);
    }
}

/// Pair accuracy of one score: in all, by the other answer's kind and by the
/// genuine answer's level.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Pairs {
    pub all: Tally,
    pub by_kind: BTreeMap<AnswerKind, Tally>,
    pub by_level: BTreeMap<Level, Tally>,
}

impl Pairs {
    fn add(&mut self, kind: AnswerKind, level: Option<Level>, won: bool) {
        self.all.add(won);
        self.by_kind.entry(kind).or_default().add(won);
        if let Some(level) = level {
            self.by_level.entry(level).or_default().add(won);
        }
    }
}

/// How many answers got each decision.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Decisions {
    pub advance: usize,
    pub human_review: usize,
    pub reject: usize,
}

impl Decisions {
    pub fn total(&self) -> usize {
        self.advance + self.human_review + self.reject
    }

    /// The share advanced or sent to human review, 0–1.
    pub fn not_rejected(&self) -> Option<f64> {
        (self.total() > 0).then(|| (self.advance + self.human_review) as f64 / self.total() as f64)
    }

    fn add(&mut self, decision: Decision) {
        match decision {
            Decision::Advance => self.advance += 1,
            Decision::HumanReview => self.human_review += 1,
            Decision::Reject => self.reject += 1,
        }
    }
}

/// A pair the combined score ranks wrongly: the genuine answer does not
/// score above the other.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Misranked {
    pub genuine: String,
    pub genuine_score: f32,
    pub other: String,
    pub other_kind: AnswerKind,
    pub other_score: f32,
    /// Each side's relevance, when judged.
    pub genuine_relevance: Option<f32>,
    pub other_relevance: Option<f32>,
}

/// The figures of one language.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LanguageFigures {
    pub locale: String,
    pub answers: usize,
    /// Pair accuracy of the combined score.
    pub combined: Pairs,
    /// Pair accuracy of each rubric alone, in [`Figures::rubrics`] order.
    pub by_rubric: Vec<Pairs>,
    /// Decisions on the genuine answers.
    pub genuine: Decisions,
    pub genuine_by_level: BTreeMap<Level, Decisions>,
    /// Decisions on the other answers, by kind.
    pub others_by_kind: BTreeMap<AnswerKind, Decisions>,
    /// Genuine answers rejected, by id.
    pub rejected_genuine: Vec<String>,
    /// The pairs the combined score ranks wrongly.
    pub misranked: Vec<Misranked>,
}

/// Everything the report prints.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Figures {
    pub answers: usize,
    pub questions: usize,
    /// The rubrics, as `id@version`.
    pub rubrics: Vec<String>,
    /// Rubric calls that failed (answer id, rubric, reason).
    pub failures: Vec<(String, String, String)>,
    pub languages: Vec<LanguageFigures>,
}

impl Figures {
    pub fn language(&self, locale: &str) -> Option<&LanguageFigures> {
        self.languages.iter().find(|l| l.locale == locale)
    }
}

/// The figures of a scored set.
pub fn figures(set: &EvaluationSet, scored: &ScoredSet) -> Figures {
    let mut languages = Vec::new();
    for locale in set.locales() {
        let indices: Vec<usize> = (0..set.answers.len()).filter(|&i| set.answers[i].locale == locale).collect();
        let mut language = LanguageFigures {
            locale: locale.to_owned(),
            answers: indices.len(),
            combined: Pairs::default(),
            by_rubric: vec![Pairs::default(); scored.rubrics.len()],
            genuine: Decisions::default(),
            genuine_by_level: BTreeMap::new(),
            others_by_kind: BTreeMap::new(),
            rejected_genuine: Vec::new(),
            misranked: Vec::new(),
        };
        for &i in &indices {
            let (answer, judged) = (&set.answers[i], &scored.answers[i]);
            let decision = judged.combined.decision;
            match answer.level {
                Some(level) => {
                    language.genuine.add(decision);
                    language.genuine_by_level.entry(level).or_default().add(decision);
                    if decision == Decision::Reject {
                        language.rejected_genuine.push(answer.id.clone());
                    }
                }
                None => language.others_by_kind.entry(answer.kind).or_default().add(decision),
            }
        }
        for &g in indices.iter().filter(|&&i| set.answers[i].kind == AnswerKind::Genuine) {
            let genuine = &set.answers[g];
            let others = indices.iter().filter(|&&o| {
                set.answers[o].question == genuine.question && set.answers[o].kind != AnswerKind::Genuine
            });
            for &o in others {
                let other = &set.answers[o];
                let (gs, os) = (scored.answers[g].combined.composite, scored.answers[o].combined.composite);
                language.combined.add(other.kind, genuine.level, gs > os);
                if gs <= os {
                    language.misranked.push(Misranked {
                        genuine: genuine.id.clone(),
                        genuine_score: gs,
                        other: other.id.clone(),
                        other_kind: other.kind,
                        other_score: os,
                        genuine_relevance: scored.answers[g].relevance,
                        other_relevance: scored.answers[o].relevance,
                    });
                }
                for (r, pairs) in language.by_rubric.iter_mut().enumerate() {
                    let score = |i: usize| scored.answers[i].by_rubric[r].unwrap_or(0.0);
                    pairs.add(other.kind, genuine.level, score(g) > score(o));
                }
            }
        }
        languages.push(language);
    }
    let failures = (set.answers.iter().zip(&scored.answers))
        .flat_map(|(a, j)| j.failures.iter().map(|(rubric, reason)| (a.id.clone(), rubric.clone(), reason.clone())))
        .collect();
    Figures {
        answers: set.answers.len(),
        questions: set.questions.len(),
        rubrics: scored.rubrics.clone(),
        failures,
        languages,
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::domain::QuestionKind;
    use crate::engine::Recommendation;
    use crate::engine::quality::judge::JudgedAnswer;
    use crate::engine::quality::set::{SetAnswer, SetQuestion};

    fn answer(id: &str, locale: &str, question: &str, kind: AnswerKind, level: Option<Level>) -> SetAnswer {
        SetAnswer {
            id: id.into(),
            locale: locale.into(),
            question: question.into(),
            written_for: question.into(),
            kind,
            level,
            text: "…".into(),
        }
    }

    fn judged(composite: f32, decision: Decision, by_rubric: Option<f32>) -> JudgedAnswer {
        JudgedAnswer {
            combined: Recommendation { composite, decision, dimensions: Vec::new(), reasons: Vec::new() },
            by_rubric: vec![by_rubric],
            failures: Vec::new(),
            relevance: None,
        }
    }

    fn question(id: &str) -> SetQuestion {
        SetQuestion {
            id: id.into(),
            job: "j".into(),
            source: String::new(),
            kind: QuestionKind::Behavioural,
            dimensions: vec!["teamwork".into()],
            time_limit_secs: 180,
            text: BTreeMap::new(),
            guides: BTreeMap::new(),
        }
    }

    #[test]
    fn pairs_are_genuine_against_other_kinds_of_the_same_question_and_language_ties_lose() {
        use AnswerKind::*;
        let set = EvaluationSet {
            jobs: Vec::new(),
            questions: vec![question("q1"), question("q2")],
            answers: vec![
                answer("g1", "en", "q1", Genuine, Some(Level::Strong)),
                answer("g2", "en", "q1", Genuine, Some(Level::Threshold)),
                answer("v", "en", "q1", Vague, None),
                answer("t", "en", "q1", Template, None),
                // Another question and another language: never paired with q1's English answers.
                answer("o", "en", "q2", OffTopic, None),
                answer("zg", "zh-CN", "q1", Genuine, Some(Level::Solid)),
                answer("zv", "zh-CN", "q1", Vague, None),
            ],
        };
        let scored = ScoredSet {
            rubrics: vec!["r@1.0.0".into()],
            answers: vec![
                judged(8.0, Decision::Advance, Some(8.0)),
                judged(5.0, Decision::Reject, None),
                judged(3.0, Decision::Reject, Some(3.0)),
                judged(5.0, Decision::HumanReview, Some(9.0)),
                judged(9.9, Decision::Advance, Some(9.9)),
                judged(6.0, Decision::HumanReview, Some(6.0)),
                judged(2.0, Decision::Reject, Some(2.0)),
            ],
        };
        let figures = figures(&set, &scored);
        let en = figures.language("en").expect("English figures");
        assert_eq!(en.answers, 5);
        // g1 beats v and t; g2 beats v, ties t (a loss).
        assert_eq!(en.combined.all, Tally { won: 3, pairs: 4 });
        assert_eq!(en.combined.by_kind[&Template], Tally { won: 1, pairs: 2 });
        assert_eq!(en.combined.by_level[&Level::Threshold], Tally { won: 1, pairs: 2 });
        assert_eq!(en.misranked.len(), 1);
        assert_eq!((en.misranked[0].genuine.as_str(), en.misranked[0].other.as_str()), ("g2", "t"));
        // The rubric alone: g1 8 > 3, 8 < 9; g2 scored nothing (0): loses both.
        assert_eq!(en.by_rubric[0].all, Tally { won: 1, pairs: 4 });
        assert_eq!(en.genuine, Decisions { advance: 1, human_review: 0, reject: 1 });
        assert_eq!(en.genuine.not_rejected(), Some(0.5));
        assert_eq!(en.rejected_genuine, ["g2"]);
        assert_eq!(en.others_by_kind[&OffTopic].advance, 1);
        let zh = figures.language("zh-CN").expect("Chinese figures");
        assert_eq!(zh.combined.all, Tally { won: 1, pairs: 1 });
        assert_eq!(zh.combined.all.share(), Some(1.0));
        assert_eq!(Tally::default().share(), None);
    }
}

//! Every answer of a set through every rubric, combined per answer the way
//! the engine combines an interview's scores, on the job's competency model
//! restricted to the question's dimensions.

use std::sync::Arc;

use super::set::EvaluationSet;
use crate::domain::{DimensionScore, RELEVANCE};
use crate::engine::{Circumstances, Recommendation, ScoreInput, aggregate, relevance};
use crate::kinds::Rubric;

/// One answer as the rubrics and the engine judged it.
#[derive(Debug, Clone)]
pub struct JudgedAnswer {
    /// Every rubric's scores combined: the composite and the decision.
    pub combined: Recommendation,
    /// Each rubric's composite on its own (in [`ScoredSet::rubrics`] order);
    /// `None` when it scored none of the question's dimensions.
    pub by_rubric: Vec<Option<f32>>,
    /// Rubric calls that failed (`id@version`, reason): as in the engine, a
    /// failure leaves its scores out and sends the answer to human review.
    pub failures: Vec<(String, String)>,
    /// The answer's relevance as the rubrics judged it (`None`: not judged).
    pub relevance: Option<f32>,
}

/// A set as judged: one [`JudgedAnswer`] per answer, in the set's order.
#[derive(Debug, Clone)]
pub struct ScoredSet {
    /// The rubrics, as `id@version`.
    pub rubrics: Vec<String>,
    pub answers: Vec<JudgedAnswer>,
}

/// Scores every answer of `set` with every rubric.
pub async fn score_set(set: &EvaluationSet, rubrics: &[Arc<dyn Rubric>]) -> ScoredSet {
    let names: Vec<String> = rubrics.iter().map(|r| r.plugin().to_string()).collect();
    let mut answers = Vec::with_capacity(set.answers.len());
    for entry in &set.answers {
        let (job, question, answer) = (set.profile_for(entry), set.question_for(entry), set.answer_for(entry));
        let mut scores: Vec<Vec<DimensionScore>> = Vec::with_capacity(rubrics.len());
        let mut failures = Vec::new();
        for (rubric, name) in rubrics.iter().zip(&names) {
            match rubric.score(&job, &question, &answer).await {
                // As the engine keeps them: only the job's dimensions count,
                // and relevance, which governs them.
                Ok(given) => scores.push(
                    given
                        .into_iter()
                        .filter(|s| s.dimension == RELEVANCE || job.dimensions.iter().any(|d| d.id == s.dimension))
                        .collect(),
                ),
                Err(e) => {
                    failures.push((name.clone(), e.to_string()));
                    scores.push(Vec::new());
                }
            }
        }
        let circumstances = |failed_scorings| Circumstances {
            review_margin: set.job(&job.id).map_or(0.0, |j| j.review_margin),
            failed_scorings,
            ..Circumstances::default()
        };
        // Each rubric alone as it scored; combined, every score governed by
        // the answer's relevance, as the engine combines them.
        let ungoverned = relevance::Relevance::not_judged();
        let by_rubric = scores
            .iter()
            .map(|own| {
                let competencies = own.iter().any(|s| s.dimension != RELEVANCE);
                let composite = |scores: &[DimensionScore]| {
                    aggregate(&job, inputs(scores, &ungoverned), circumstances(0)).composite
                };
                match (competencies, relevance::judge(own).score) {
                    (true, _) => Some(composite(own)),
                    // A relevance rubric alone: its relevance, as a composite would read it.
                    (false, Some(score)) => Some(score),
                    (false, None) => None,
                }
            })
            .collect();
        let all: Vec<DimensionScore> = scores.into_iter().flatten().collect();
        let relevance = relevance::judge(&all);
        let combined = aggregate(&job, inputs(&all, &relevance), circumstances(failures.len()));
        answers.push(JudgedAnswer { combined, by_rubric, relevance: relevance.score, failures });
    }
    ScoredSet { rubrics: names, answers }
}

fn inputs<'a>(scores: &'a [DimensionScore], relevance: &relevance::Relevance) -> impl Iterator<Item = ScoreInput<'a>> {
    let relevance = relevance.clone();
    scores.iter().filter(|s| s.dimension != RELEVANCE).map(move |s| ScoreInput {
        dimension: &s.dimension,
        score: relevance::governed(s.score, &relevance),
        confidence: s.confidence,
        relevance: relevance.score,
    })
}

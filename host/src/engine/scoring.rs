//! Scoring a finished interview: every answer through every rubric bound to
//! the job, every dimension score kept with its evidence and the plugin that
//! produced it, then the recommendation.

use std::collections::HashSet;

use super::aggregate::Circumstances;
use super::{Engine, EngineError, Recommendation, ScoreInput, aggregate};
use crate::store::{SessionState, StoredScore};

impl Engine {
    /// Scores a completed or expired session (again, if it was scored
    /// before) and stores the scores and the recommendation together.
    pub async fn score_session(&self, session_id: i64) -> Result<Recommendation, EngineError> {
        let session = self.session(session_id).await?;
        if session.state == SessionState::InProgress {
            return Err(EngineError::NotFinished);
        }
        let application = self.store.application(session.application_id).await?;
        let job = self.store.job(application.job_id).await?;
        let rubrics = self.plugins.rubrics_for(&job);
        if rubrics.is_empty() {
            return Err(EngineError::NoRubric { job_id: job.id });
        }
        let answers = self.store.answers(session_id).await?;
        let known: HashSet<&str> = job.profile.dimensions.iter().map(|d| d.id.as_str()).collect();

        let mut scores = Vec::new();
        let mut failed_scorings = 0;
        for answer in &answers {
            for rubric in &rubrics {
                match rubric.score(&job.profile, &answer.question, &answer.answer).await {
                    Ok(dimension_scores) => scores.extend(
                        dimension_scores.into_iter().filter(|s| known.contains(s.dimension.as_str())).map(
                            |mut score| {
                                score.score = if score.score.is_finite() { score.score.clamp(0.0, 10.0) } else { 0.0 };
                                score.confidence =
                                    if score.confidence.is_finite() { score.confidence.clamp(0.0, 1.0) } else { 0.0 };
                                StoredScore { answer_id: answer.id, plugin: rubric.plugin().clone(), score }
                            },
                        ),
                    ),
                    Err(e) => {
                        tracing::warn!(plugin = %rubric.plugin(), session_id, error = %e, "rubric failed to score an answer");
                        failed_scorings += 1;
                    }
                }
            }
        }
        let answered: HashSet<&str> = answers.iter().map(|a| a.question.id.as_str()).collect();
        let unanswered = session.plan.iter().filter(|p| !answered.contains(p.question.id.as_str())).count();
        let circumstances = Circumstances {
            policy: self.store.region_policy(job.department_id).await?,
            review_margin: job.review_margin,
            unanswered,
            failed_scorings,
        };
        let inputs = scores.iter().map(|s| ScoreInput {
            dimension: &s.score.dimension,
            score: s.score.score,
            confidence: s.score.confidence,
        });
        let recommendation = aggregate(&job.profile, inputs, circumstances);
        self.store.save_scoring(session_id, job.id, &scores, &recommendation).await?;
        Ok(recommendation)
    }
}

/// What a batch of scorings did.
#[derive(Debug, Default)]
pub struct BatchScored {
    pub scored: usize,
    /// Sessions that could not be scored, with the reason.
    pub failed: Vec<(i64, EngineError)>,
}

impl Engine {
    /// Scores many finished interviews, up to `concurrency` at a time: one
    /// session's answers in order, several sessions in parallel on the
    /// runtime's worker threads. A session that fails is reported and the
    /// rest go on.
    pub async fn score_sessions(&self, session_ids: &[i64], concurrency: usize) -> BatchScored {
        let mut outcome = BatchScored::default();
        let mut running = tokio::task::JoinSet::new();
        let mut record =
            |joined: Result<(i64, Result<Recommendation, EngineError>), tokio::task::JoinError>| match joined {
                Ok((_, Ok(_))) => outcome.scored += 1,
                Ok((id, Err(e))) => outcome.failed.push((id, e)),
                Err(e) => tracing::error!(error = %e, "a scoring task panicked"),
            };
        for &id in session_ids {
            if running.len() >= concurrency.max(1)
                && let Some(joined) = running.join_next().await
            {
                record(joined);
            }
            let engine = self.clone();
            running.spawn(async move { (id, engine.score_session(id).await) });
        }
        while let Some(joined) = running.join_next().await {
            record(joined);
        }
        outcome
    }
}

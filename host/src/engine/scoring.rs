//! Scoring a finished interview: every answer through every rubric bound to
//! the job, every dimension score kept with its evidence and the plugin that
//! produced it, then the recommendation.
//!
//! One session is loaded, computed and saved in turn. A batch shares what
//! its sessions have in common (the job, its rubrics, its region's policy),
//! computes sessions in parallel and saves them in groups, one transaction
//! per group, because on SQLite every write waits for the one writer.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use tokio::sync::{Mutex, mpsc};

use super::aggregate::Circumstances;
use super::relevance;
use super::transcripts::awaiting_transcripts;
use super::{Engine, EngineError, Provenance, Recommendation, ScoreInput, aggregate};
use crate::domain::RELEVANCE;
use crate::kinds::Rubric;
use crate::store::{Job, RegionPolicy, ScoringToSave, SessionRow, SessionState, StoredAnswer, StoredScore};

/// What scoring a job's sessions needs beyond the sessions themselves.
pub(super) struct JobContext {
    pub(super) job: Job,
    pub(super) rubrics: Vec<Arc<dyn Rubric>>,
    pub(super) policy: RegionPolicy,
}

/// A batch's scoring on its way to the writer, with what acting on it needs.
struct Computed {
    save: ScoringToSave,
    application_id: i64,
    context: Arc<JobContext>,
}

/// Sessions saved per transaction in a batch.
const SAVE_GROUP: usize = 64;

/// What a batch of scorings did.
#[derive(Debug, Default)]
pub struct BatchScored {
    pub scored: usize,
    /// Sessions that could not be scored, with the reason.
    pub failed: Vec<(i64, EngineError)>,
}

/// Sessions in flight for a batch on this machine: each spends much of its
/// time waiting on the database between rubric calls, so four per core keep
/// the cores busy (measured: docs/performance.md).
pub fn batch_concurrency() -> usize {
    std::thread::available_parallelism().map_or(2, std::num::NonZero::get) * 4
}

impl Engine {
    /// Scores a completed or expired session (again, if it was scored
    /// before) and stores the scores and the recommendation together.
    /// Refused while a recorded answer waits for its transcript.
    pub async fn score_session(&self, session_id: i64) -> Result<Recommendation, EngineError> {
        let (session, job_id, answers) = self.finished_session(session_id).await?;
        let context = self.job_context(job_id).await?;
        let (scores, recommendation, provenance) = self.compute(&session, &answers, &context).await;
        let save = ScoringToSave { session_id, job_id, scores, recommendation, provenance };
        self.store.save_scorings(std::slice::from_ref(&save)).await?;
        self.follow(session.application_id, &context.job, &save.recommendation).await;
        Ok(save.recommendation)
    }

    /// Acts on a saved recommendation where the job lets Panel; the scores
    /// stand whatever happens to the move.
    async fn follow(&self, application_id: i64, job: &Job, recommendation: &Recommendation) {
        if let Err(e) = self.follow_recommendation(application_id, job, recommendation).await {
            tracing::warn!(application_id, error = %e, "acting on the recommendation failed; HR can move the candidate");
        }
    }

    /// Scores many finished interviews: up to `concurrency` computed at a
    /// time (on the plugin threads when the configuration names them, else
    /// on the runtime's worker threads), saved in groups by one writer.
    /// A session that fails is reported and the rest go on.
    pub async fn score_sessions(&self, session_ids: &[i64], concurrency: usize) -> BatchScored {
        let (tx, mut rx) = mpsc::channel::<Computed>(SAVE_GROUP * 2);
        let engine = self.clone();
        let writer = tokio::spawn(async move {
            let mut saved = 0;
            let mut failed = Vec::new();
            let mut group: Vec<Computed> = Vec::with_capacity(SAVE_GROUP);
            while rx.recv_many(&mut group, SAVE_GROUP).await > 0 {
                let (saves, owners): (Vec<ScoringToSave>, Vec<(i64, Arc<JobContext>)>) =
                    group.drain(..).map(|c| (c.save, (c.application_id, c.context))).unzip();
                match engine.store.save_scorings(&saves).await {
                    Ok(()) => {
                        saved += saves.len();
                        for ((application_id, context), save) in owners.iter().zip(&saves) {
                            engine.follow(*application_id, &context.job, &save.recommendation).await;
                        }
                    }
                    Err(e) => {
                        let reason = e.to_string();
                        tracing::warn!(sessions = saves.len(), error = %reason, "saving a group of scorings failed");
                        failed.extend(saves.iter().map(|s| (s.session_id, reason.clone())));
                    }
                }
            }
            (saved, failed)
        });

        let contexts: Arc<Mutex<HashMap<i64, Arc<JobContext>>>> = Arc::default();
        let mut outcome = BatchScored::default();
        let mut running = tokio::task::JoinSet::new();
        let mut record = |joined: Result<Result<(), (i64, EngineError)>, tokio::task::JoinError>| match joined {
            Ok(Ok(())) => {}
            Ok(Err(failure)) => outcome.failed.push(failure),
            Err(e) => tracing::error!(error = %e, "a scoring task panicked"),
        };
        for &id in session_ids {
            if running.len() >= concurrency.max(1)
                && let Some(joined) = running.join_next().await
            {
                record(joined);
            }
            let (engine, contexts, tx) = (self.clone(), contexts.clone(), tx.clone());
            let task = async move {
                let save = engine.compute_for_batch(id, &contexts).await.map_err(|e| (id, e))?;
                // The writer only stops once every sender is gone.
                let _ = tx.send(save).await;
                Ok(())
            };
            match &self.config.batch_threads {
                Some(threads) => running.spawn_on(task, threads),
                None => running.spawn(task),
            };
        }
        while let Some(joined) = running.join_next().await {
            record(joined);
        }
        drop(tx);
        match writer.await {
            Ok((saved, failed)) => {
                outcome.scored = saved;
                outcome.failed.extend(failed.into_iter().map(|(id, reason)| (id, EngineError::SaveFailed(reason))));
            }
            Err(e) => tracing::error!(error = %e, "the scoring writer panicked"),
        }
        outcome
    }

    async fn compute_for_batch(
        &self,
        session_id: i64,
        contexts: &Mutex<HashMap<i64, Arc<JobContext>>>,
    ) -> Result<Computed, EngineError> {
        let (session, job_id, answers) = self.finished_session(session_id).await?;
        let context = {
            let mut cache = contexts.lock().await;
            match cache.get(&job_id) {
                Some(context) => context.clone(),
                None => {
                    let context = Arc::new(self.job_context(job_id).await?);
                    cache.insert(job_id, context.clone());
                    context
                }
            }
        };
        let (scores, recommendation, provenance) = self.compute(&session, &answers, &context).await;
        let save = ScoringToSave { session_id, job_id, scores, recommendation, provenance };
        Ok(Computed { save, application_id: session.application_id, context })
    }

    /// The session, if it is finished, and its job's id.
    async fn finished_session(&self, session_id: i64) -> Result<(SessionRow, i64, Vec<StoredAnswer>), EngineError> {
        let session = self.session(session_id).await?;
        if session.state == SessionState::InProgress {
            return Err(EngineError::NotFinished);
        }
        // The candidate took their consent back: a person reviews the answers.
        if self.store.ai_evaluation_withdrawn(session_id).await? {
            return Err(EngineError::AiEvaluationWithdrawn);
        }
        let answers = self.store.answers(session_id).await?;
        let count = awaiting_transcripts(&answers);
        if count > 0 {
            return Err(EngineError::AwaitingTranscripts { count });
        }
        let application = self.store.application(session.application_id).await?;
        Ok((session, application.job_id, answers))
    }

    async fn job_context(&self, job_id: i64) -> Result<JobContext, EngineError> {
        let job = self.store.job(job_id).await?;
        let rubrics = self.plugins.rubrics_for(&job).await;
        if rubrics.is_empty() {
            return Err(EngineError::NoRubric { job_id: job.id });
        }
        let policy = self.store.region_policy(job.department_id).await?;
        Ok(JobContext { job, rubrics, policy })
    }

    /// Every answer through every rubric, then the recommendation. A rubric
    /// that fails leaves its scores out and is counted, never fatal.
    pub(super) async fn compute(
        &self,
        session: &SessionRow,
        answers: &[StoredAnswer],
        context: &JobContext,
    ) -> (Vec<StoredScore>, Recommendation, Provenance) {
        let job = &context.job;
        let known: HashSet<&str> = job.profile.dimensions.iter().map(|d| d.id.as_str()).collect();
        let mut scores = Vec::new();
        let mut failed_scorings = 0;
        // Every answer through every rubric at once: each call waits only for
        // its own rubric's share of the plugin runtime, so one slow rubric
        // costs an interview the time of its slowest call, not of all of them.
        let calls = answers.iter().flat_map(|answer| {
            context.rubrics.iter().map(move |rubric| async move {
                (answer, rubric, score_in_turn(rubric.as_ref(), &job.profile, &answer.question, &answer.answer).await)
            })
        });
        for (answer, rubric, result) in futures_util::future::join_all(calls).await {
            match result {
                Ok(dimension_scores) if !one_per_dimension(&dimension_scores) => {
                    // More than one vote per dimension would let one rubric
                    // outvote the others; the plugin runtime refuses it,
                    // and so does the engine, whoever implements the rubric.
                    tracing::warn!(plugin = %rubric.plugin(), session_id = session.id, "rubric scored a dimension more than once; its scores for the answer are left out");
                    failed_scorings += 1;
                }
                Ok(dimension_scores) => scores.extend(
                    dimension_scores
                        .into_iter()
                        .filter(|s| known.contains(s.dimension.as_str()) || s.dimension == RELEVANCE)
                        .map(|mut score| {
                            score.score = if score.score.is_finite() { score.score.clamp(0.0, 10.0) } else { 0.0 };
                            score.confidence =
                                if score.confidence.is_finite() { score.confidence.clamp(0.0, 1.0) } else { 0.0 };
                            StoredScore { answer_id: answer.id, plugin: rubric.plugin().clone(), score }
                        }),
                ),
                Err(e) => {
                    tracing::warn!(plugin = %rubric.plugin(), session_id = session.id, error = %e, "rubric failed to score an answer");
                    failed_scorings += 1;
                }
            }
        }
        let answered: HashSet<&str> = answers.iter().map(|a| a.question.id.as_str()).collect();
        let unanswered = session.plan.iter().filter(|p| !answered.contains(p.question.id.as_str())).count();
        let texts: Vec<&str> = answers.iter().map(|a| a.answer.text.as_str()).collect();
        let recycled = relevance::recycled(&texts);
        let circumstances =
            Circumstances { policy: context.policy, review_margin: job.review_margin, unanswered, failed_scorings };
        // Relevance governs each answer's other scores; it is no competency
        // and does not enter the composite itself.
        let relevances: HashMap<i64, relevance::Relevance> = answers
            .iter()
            .map(|a| (a.id, relevance::judge(scores.iter().filter(|s| s.answer_id == a.id).map(|s| &s.score))))
            .collect();
        let governed: Vec<ScoreInput> = scores
            .iter()
            .filter(|s| s.score.dimension != RELEVANCE)
            .map(|s| {
                let relevance = relevances.get(&s.answer_id);
                ScoreInput {
                    dimension: s.score.dimension.as_str(),
                    score: relevance.map_or(s.score.score, |r| relevance::governed(s.score.score, r)),
                    confidence: s.score.confidence,
                    relevance: relevance.and_then(|r| r.score),
                }
            })
            .collect();
        let inputs = governed.iter().copied();
        let mut recommendation = aggregate(&job.profile, inputs, circumstances);
        recommendation.reasons.extend(relevance::reasons(answers, &relevances, &recycled));
        let provenance = Provenance::new(job.model_version, &context.rubrics, &circumstances);
        (scores, recommendation, provenance)
    }
}

/// Whether every dimension is scored at most once.
fn one_per_dimension(scores: &[crate::domain::DimensionScore]) -> bool {
    let mut seen = HashSet::new();
    scores.iter().all(|s| seen.insert(s.dimension.as_str()))
}

/// Times a rubric call is tried again when the host was too busy to run it.
const BUSY_RETRIES: u32 = 3;

/// Scores one answer, asking again while the host is too busy to run the
/// rubric (its share or the slots were taken for the whole queue timeout):
/// that is the host's shortage, and should not leave the answer unscored.
async fn score_in_turn(
    rubric: &dyn Rubric,
    job: &crate::domain::JobProfile,
    question: &crate::domain::Question,
    answer: &crate::domain::Answer,
) -> Result<Vec<crate::domain::DimensionScore>, crate::runtime::PluginError> {
    let mut tries = 0;
    loop {
        match rubric.score(job, question, answer).await {
            Err(e) if e.failure.is_host_side() && tries < BUSY_RETRIES => tries += 1,
            result => return result,
        }
    }
}

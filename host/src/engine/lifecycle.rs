//! Moving a candidate through the pipeline: the rules in
//! [`crate::pipeline`], applied to stored applications, with each change's
//! lifecycle event fanned out to the connectors bound to the job.

use super::{Engine, EngineError};
use crate::pipeline::{MoveContext, Mover, Stage, check};
use crate::runtime::PluginKind;
use crate::store::{AuditBy, Scorecard, StageChange, StoreError, Transition};

/// Why a move is made.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct MoveReason<'a> {
    /// Kept with the transition, for staff.
    pub staff: &'a str,
    /// What the candidate may be told, in the message about their result
    /// (a rejection's thank-you); empty: the message gives no reason.
    pub candidate: &'a str,
}

impl<'a> From<&'a str> for MoveReason<'a> {
    fn from(staff: &'a str) -> Self {
        Self { staff, candidate: "" }
    }
}

/// What a scorecard may recommend.
pub const SCORECARD_RECOMMENDATIONS: [&str; 3] = ["advance", "hold", "reject"];

impl Engine {
    /// Moves an application to `to`, if the job's pipeline, the rounds done
    /// and the region's policy allow it; records who, when and why, and emits
    /// the lifecycle event to every connector bound to the job.
    pub async fn move_stage(
        &self,
        application_id: i64,
        to: Stage,
        mover: Mover,
        reason: impl Into<MoveReason<'_>>,
        by: AuditBy<'_>,
    ) -> Result<Transition, EngineError> {
        let reason = reason.into();
        let application = self.store.application(application_id).await?;
        let job = self.store.job(application.job_id).await?;
        let from = Stage::parse(&application.stage).ok_or_else(|| StoreError::Corrupt {
            what: "application",
            reason: format!("unknown stage {:?}", application.stage),
        })?;
        let policy = self.store.region_policy(job.department_id).await?;
        let rounds_done = self.rounds_done(application_id).await?;
        let context = MoveContext {
            rounds_done,
            automated_rejection_forbidden: policy.forbid_automated_rejection || policy.always_human_review,
        };
        check(&job.pipeline, from, to, mover, context)?;
        let candidate = self.store.candidate(application.candidate_id).await?;
        // Connectors get every event; notifiers the ones with a message for the candidate.
        let receivers: Vec<(String, PluginKind)> = self
            .plugins
            .receivers_for(&job)
            .await
            .into_iter()
            .filter(|(_, kind)| *kind == PluginKind::Connector || to.candidate_message().is_some())
            .collect();
        let payload = serde_json::json!({
            "application_id": application_id,
            "from": from,
            "to": to,
            "reason": reason.staff,
            "candidate_reason": reason.candidate,
            "candidate": { "id": candidate.id, "name": candidate.name, "email": candidate.email, "phone": candidate.phone },
            "job": { "id": job.id, "title": job.profile.title, "department_id": job.department_id,
                     "locale": job.profile.locale },
        });
        let change = StageChange {
            application_id,
            from,
            to,
            reason: reason.staff,
            at: self.now_ms(),
            payload,
            receivers: &receivers,
        };
        Ok(self.store.change_stage(&change, by).await?)
    }

    /// Human interview rounds with at least one scorecard.
    async fn rounds_done(&self, application_id: i64) -> Result<u32, EngineError> {
        let mut rounds: Vec<i64> = self.store.scorecards(application_id).await?.iter().map(|c| c.round).collect();
        rounds.dedup();
        Ok(u32::try_from(rounds.len()).unwrap_or(u32::MAX))
    }

    /// Stores an interviewer's scorecard, checked against the job's
    /// competency model: every score on one of its dimensions, on 0–10.
    pub async fn submit_scorecard(&self, mut card: Scorecard, by: AuditBy<'_>) -> Result<Scorecard, EngineError> {
        let application = self.store.application(card.application_id).await?;
        let job = self.store.job(application.job_id).await?;
        if card.round < 1 || card.round > i64::from(job.pipeline.human_rounds.max(1)) {
            return Err(EngineError::invalid(
                "round",
                format!("this job has {} human round(s); rounds are numbered from 1", job.pipeline.human_rounds),
            ));
        }
        for (dimension, score) in &card.scores {
            if !job.profile.dimensions.iter().any(|d| &d.id == dimension) {
                return Err(EngineError::invalid(
                    "scores",
                    format!("{dimension:?} is not one of the job's dimensions"),
                ));
            }
            if !(0.0..=10.0).contains(score) {
                return Err(EngineError::invalid("scores", format!("{dimension}: {score} is not between 0 and 10")));
            }
        }
        if !SCORECARD_RECOMMENDATIONS.contains(&card.recommendation.as_str()) {
            return Err(EngineError::invalid("recommendation", "must be advance, hold or reject"));
        }
        card.submitted_at = self.now_ms();
        self.store.put_scorecard(&card, by).await?;
        Ok(card)
    }
}

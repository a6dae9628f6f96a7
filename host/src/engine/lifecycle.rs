//! Moving a candidate through the pipeline: the rules in
//! [`crate::pipeline`], applied to stored applications, with each change's
//! lifecycle event fanned out to the connectors bound to the job.

use super::{Decision, DimensionStatus, Engine, EngineError, Recommendation};
use crate::pipeline::{MoveContext, Mover, Stage, check};
use crate::runtime::PluginKind;
use crate::store::{
    Application, AuditBy, Candidate, INTERVIEW_COMPLETED, Job, PendingEvent, Scorecard, StageChange, StoreError,
    Transition, new_event_id,
};

/// How Panel's own moves appear in transitions and the audit log.
pub const AUTOMATION: AuditBy<'static> = AuditBy { actor: "panel (automation)", origin: "" };

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
        // Connectors get the kinds of event they declare; notifiers the ones
        // with a message for the candidate.
        let receivers: Vec<(String, PluginKind)> = self
            .plugins
            .receivers_for(&job)
            .await
            .into_iter()
            .filter(|(_, kind)| *kind == PluginKind::Connector || to.candidate_message().is_some())
            .collect();
        let receivers = self.receivers_taking(&job, to.event_kind(), receivers).await;
        let mut payload = event_payload(application_id, &candidate, &job);
        payload["from"] = serde_json::json!(from);
        payload["to"] = serde_json::json!(to);
        payload["reason"] = serde_json::json!(reason.staff);
        payload["candidate_reason"] = serde_json::json!(reason.candidate);
        self.add_hire_details(application_id, &job, to.event_kind(), &mut payload).await?;
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

    /// Acts on an AI interview's recommendation where the job lets Panel:
    /// moves the candidate on when it recommends advancing (`auto_advance`),
    /// rejects them with a reason they may be shown when it recommends
    /// rejecting (`auto_reject`). Only from the AI interview stage, so
    /// scoring again moves nothing twice; a move the rules refuse (a region
    /// that requires a person) is left to HR. Returns the move made, if any.
    pub async fn follow_recommendation(
        &self,
        application_id: i64,
        job: &Job,
        recommendation: &Recommendation,
    ) -> Result<Option<Transition>, EngineError> {
        let to = match recommendation.decision {
            Decision::Advance if job.pipeline.auto_advance => job.pipeline.next(Stage::AiInterview),
            Decision::Reject if job.pipeline.auto_reject => Some(Stage::Rejected),
            _ => None,
        };
        let Some(to) = to else { return Ok(None) };
        if self.store.application(application_id).await?.stage != Stage::AiInterview.as_str() {
            return Ok(None);
        }
        let staff = format!("on the AI interview's recommendation: {}", recommendation.reasons.join("; "));
        let candidate = if to == Stage::Rejected { reason_for_candidate(recommendation, job) } else { String::new() };
        let reason = MoveReason { staff: &staff, candidate: &candidate };
        match self.move_stage(application_id, to, Mover::Automation, reason, AUTOMATION).await {
            Ok(transition) => Ok(Some(transition)),
            Err(EngineError::Move(refused)) => {
                tracing::info!(application_id, %refused, "the recommendation is left to HR");
                Ok(None)
            }
            Err(e) => Err(e),
        }
    }

    /// The event of an application's interview completing, for the notifiers
    /// bound to its job; `None` when none is bound.
    pub(super) async fn completion_event(&self, application_id: i64) -> Result<Option<PendingEvent>, EngineError> {
        let job = self.job_of_application(application_id).await?;
        let receivers = self.notifiers_for(&job).await;
        if receivers.is_empty() {
            return Ok(None);
        }
        let application = self.store.application(application_id).await?;
        let candidate = self.store.candidate(application.candidate_id).await?;
        Ok(Some(PendingEvent {
            id: new_event_id()?,
            organisation_id: job.organisation_id,
            application_id,
            candidate_id: candidate.id,
            job_id: job.id,
            kind: INTERVIEW_COMPLETED.to_owned(),
            stage: application.stage,
            payload: event_payload(application_id, &candidate, &job),
            receivers,
        }))
    }

    /// The notifiers bound to a job.
    pub(super) async fn notifiers_for(&self, job: &Job) -> Vec<(String, PluginKind)> {
        let mut receivers = self.plugins.receivers_for(job).await;
        receivers.retain(|(_, kind)| *kind == PluginKind::Notifier);
        receivers
    }

    /// Human interview rounds with at least one scorecard.
    async fn rounds_done(&self, application_id: i64) -> Result<u32, EngineError> {
        let mut rounds: Vec<i64> = self.store.scorecards(application_id).await?.iter().map(|c| c.round).collect();
        rounds.dedup();
        Ok(u32::try_from(rounds.len()).unwrap_or(u32::MAX))
    }

    /// A scorecard is for a round the application has reached: it is (or
    /// was) in the human interview stage, and the round before has a
    /// scorecard.
    async fn check_round_reached(&self, application: &Application, round: i64) -> Result<(), EngineError> {
        let stage = Stage::parse(&application.stage);
        let reached_human = match stage.and_then(|s| s.is_at_or_after(Stage::HumanInterview)) {
            Some(reached) => reached,
            // Closed early: it counts if it got to the human rounds first.
            None => self.store.transitions(application.id).await?.iter().any(|t| t.to == Stage::HumanInterview),
        };
        if !reached_human {
            return Err(EngineError::invalid(
                "round",
                format!(
                    "the application is at {}: scorecards are for the human interview rounds, which it has not reached",
                    application.stage
                ),
            ));
        }
        if round > 1 && !self.store.scorecards(application.id).await?.iter().any(|c| c.round == round - 1) {
            return Err(EngineError::invalid(
                "round",
                format!("round {} has no scorecard yet, so round {round} has not been reached", round - 1),
            ));
        }
        Ok(())
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
        self.check_round_reached(&application, card.round).await?;
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

/// What every lifecycle event says about the candidate and the job.
pub(super) fn event_payload(application_id: i64, candidate: &Candidate, job: &Job) -> serde_json::Value {
    serde_json::json!({
        "application_id": application_id,
        "candidate": { "id": candidate.id, "name": candidate.name, "email": candidate.email, "phone": candidate.phone },
        "job": { "id": job.id, "title": job.profile.title, "department_id": job.department_id,
                 "locale": job.profile.locale, "industry": job.profile.industry },
    })
}

/// A short reason for an automated rejection a candidate may be shown: the
/// competencies the interview found too little evidence of, in the job's
/// language, without scores.
pub fn reason_for_candidate(recommendation: &Recommendation, job: &Job) -> String {
    let below: Vec<&str> = recommendation
        .dimensions
        .iter()
        .filter(|d| d.status == DimensionStatus::Below)
        .map(|d| d.name.as_str())
        .collect();
    let zh = job.profile.locale.starts_with("zh");
    match (below.is_empty(), zh) {
        (true, false) => "Other candidates' interviews matched this role more closely.".into(),
        (true, true) => "其他候选人的面试表现与该岗位的要求更为契合。".into(),
        (false, false) => format!("This role needs more evidence of {} than the interview showed.", below.join(", ")),
        (false, true) => format!("该岗位对{}的要求较高，面试中体现得还不够充分。", below.join("、")),
    }
}

//! Stage changes: the application's new stage, the transition record, the
//! lifecycle event and its deliveries (the outbox), and the audit entry, all
//! in one transaction, so an event exists exactly when its change does.

use serde::Serialize;
use sqlx::Row;

use super::audit::{AuditBy, insert_audit};
use super::events::{PendingEvent, insert_sealed_event, new_event_id};
use super::keys::open_field;
use super::sealed_text::{MOVE_REASON, SCORECARD_NOTES};
use super::{Store, StoreError, StoreResult};
use crate::pipeline::Stage;
use crate::runtime::PluginKind;

/// One recorded stage change.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Transition {
    pub id: i64,
    pub application_id: i64,
    pub from: Stage,
    pub to: Stage,
    pub actor: String,
    pub reason: String,
    pub at: i64,
    /// The lifecycle event it emitted.
    pub event_id: String,
}

/// A stage change to record, with the plugins its event goes to.
#[derive(Debug, Clone)]
pub struct StageChange<'a> {
    pub application_id: i64,
    /// The stage the caller saw; the change fails if another got there first.
    pub from: Stage,
    pub to: Stage,
    pub reason: &'a str,
    pub at: i64,
    /// The event's details (JSON object).
    pub payload: serde_json::Value,
    /// Connectors and notifiers bound to the job, each to get the event.
    pub receivers: &'a [(String, PluginKind)],
}

impl Store {
    /// Records a stage change with its event and deliveries; audited.
    pub async fn change_stage(&self, change: &StageChange<'_>, by: AuditBy<'_>) -> StoreResult<Transition> {
        let application = self.application(change.application_id).await?;
        let job = self.job(application.job_id).await?;
        let event_id = new_event_id()?;
        let event = PendingEvent {
            id: event_id.clone(),
            organisation_id: job.organisation_id,
            application_id: change.application_id,
            candidate_id: application.candidate_id,
            job_id: job.id,
            kind: change.to.event_kind().to_owned(),
            stage: change.to.as_str().to_owned(),
            payload: change.payload.clone(),
            receivers: change.receivers.to_vec(),
        };
        let sealed = self.seal_event_payload(&event).await?;
        let reason = self.seal_for_candidate(application.candidate_id, MOVE_REASON, change.reason).await?;
        let mut w = self.write().await?;
        let transition_id: i64 = sqlx::query(
            "INSERT INTO stage_transitions (application_id, from_stage, to_stage, actor, reason, event_id, at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        )
        .bind(change.application_id)
        .bind(change.from.as_str())
        .bind(change.to.as_str())
        .bind(by.actor)
        .bind(&reason)
        .bind(&event_id)
        .bind(change.at)
        .fetch_one(&mut *w.tx)
        .await?
        .try_get(0)?;
        // After the move, not before: the database's stay triggers
        // (migration 0016) take a stage written without a move for an import.
        // A conflict drops the transaction, the move with it.
        let moved = sqlx::query("UPDATE applications SET stage = $1 WHERE id = $2 AND stage = $3")
            .bind(change.to.as_str())
            .bind(change.application_id)
            .bind(change.from.as_str())
            .execute(&mut *w.tx)
            .await?;
        if moved.rows_affected() == 0 {
            return Err(StoreError::Conflict(format!(
                "application {} is no longer {}; reload it and try again",
                change.application_id, change.from
            )));
        }
        insert_sealed_event(&mut w, &event, &sealed, change.at).await?;
        let subject = format!("application:{}", change.application_id);
        // The reason stays in the transition record: free text may name people.
        let detail = format!("{} -> {}", change.from, change.to);
        insert_audit(&mut w, by, "application.stage", &subject, &detail).await?;
        w.commit().await?;
        Ok(Transition {
            id: transition_id,
            application_id: change.application_id,
            from: change.from,
            to: change.to,
            actor: by.actor.to_owned(),
            reason: change.reason.to_owned(),
            at: change.at,
            event_id,
        })
    }

    /// An application's stage changes, oldest first.
    pub async fn transitions(&self, application_id: i64) -> StoreResult<Vec<Transition>> {
        let rows = sqlx::query(
            "SELECT id, application_id, from_stage, to_stage, actor, reason, event_id, at \
             FROM stage_transitions WHERE application_id = $1 ORDER BY id",
        )
        .bind(application_id)
        .fetch_all(&self.pool)
        .await?;
        let key = self.application_key(application_id, rows.is_empty()).await?;
        rows.iter()
            .map(|row| {
                let stage = |column: &str| -> StoreResult<Stage> {
                    let text: String = row.try_get(column)?;
                    Stage::parse(&text).ok_or_else(|| StoreError::Corrupt {
                        what: "stage transition",
                        reason: format!("stage {text:?}"),
                    })
                };
                Ok(Transition {
                    id: row.try_get("id")?,
                    application_id: row.try_get("application_id")?,
                    from: stage("from_stage")?,
                    to: stage("to_stage")?,
                    actor: row.try_get("actor")?,
                    reason: open_field(key.as_deref(), MOVE_REASON, row.try_get("reason")?)?,
                    at: row.try_get("at")?,
                    event_id: row.try_get("event_id")?,
                })
            })
            .collect()
    }
}

/// An interviewer's scorecard for one human interview round.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize, utoipa::ToSchema)]
pub struct Scorecard {
    pub application_id: i64,
    /// 1 for the first human round.
    pub round: i64,
    pub user_id: i64,
    /// Score per dimension id, 0–10, on the job's competency model.
    pub scores: std::collections::BTreeMap<String, f32>,
    /// `advance`, `hold` or `reject`.
    pub recommendation: String,
    pub notes: String,
    pub submitted_at: i64,
}

impl Store {
    /// Stores (or replaces) an interviewer's scorecard for a round; audited.
    pub async fn put_scorecard(&self, card: &Scorecard, by: AuditBy<'_>) -> StoreResult<()> {
        let candidate = self.application(card.application_id).await?.candidate_id;
        let notes = self.seal_for_candidate(candidate, SCORECARD_NOTES, &card.notes).await?;
        let mut w = self.write().await?;
        sqlx::query(
            "INSERT INTO scorecards (application_id, round, user_id, scores, recommendation, notes, submitted_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7) \
             ON CONFLICT (application_id, round, user_id) DO UPDATE SET scores = excluded.scores, \
             recommendation = excluded.recommendation, notes = excluded.notes, submitted_at = excluded.submitted_at",
        )
        .bind(card.application_id)
        .bind(card.round)
        .bind(card.user_id)
        .bind(super::to_json(&card.scores))
        .bind(&card.recommendation)
        .bind(&notes)
        .bind(card.submitted_at)
        .execute(&mut *w.tx)
        .await?;
        let subject = format!("application:{}", card.application_id);
        insert_audit(&mut w, by, "scorecard.submit", &subject, &format!("round {}", card.round)).await?;
        w.commit().await
    }

    /// An application's scorecards, by round then interviewer.
    pub async fn scorecards(&self, application_id: i64) -> StoreResult<Vec<Scorecard>> {
        let rows = sqlx::query(
            "SELECT application_id, round, user_id, scores, recommendation, notes, submitted_at FROM scorecards \
             WHERE application_id = $1 ORDER BY round, user_id",
        )
        .bind(application_id)
        .fetch_all(&self.pool)
        .await?;
        let key = self.application_key(application_id, rows.is_empty()).await?;
        rows.iter()
            .map(|row| {
                Ok(Scorecard {
                    application_id: row.try_get("application_id")?,
                    round: row.try_get("round")?,
                    user_id: row.try_get("user_id")?,
                    scores: super::from_json("scorecard", &row.try_get::<String, _>("scores")?)?,
                    recommendation: row.try_get("recommendation")?,
                    notes: open_field(key.as_deref(), SCORECARD_NOTES, row.try_get("notes")?)?,
                    submitted_at: row.try_get("submitted_at")?,
                })
            })
            .collect()
    }
}

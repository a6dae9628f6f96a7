//! Writing a lifecycle event and its outbox deliveries inside the
//! transaction of the change that caused it.

use sqlx::Row;

use super::{StoreError, StoreResult, WriteTx, random_hex};
use crate::runtime::PluginKind;

/// The event of a candidate finishing their interview (notifiers send the
/// `completion` message).
pub const INTERVIEW_COMPLETED: &str = "interview.completed";

/// A lifecycle event to write with the change that causes it (owned: it
/// may wait in the answer writer's queue). Its time is the change's.
#[derive(Debug, Clone, PartialEq)]
pub struct PendingEvent {
    /// The idempotency key receivers get ([`new_event_id`]).
    pub id: String,
    pub organisation_id: i64,
    pub application_id: i64,
    pub candidate_id: i64,
    pub job_id: i64,
    pub kind: String,
    /// The application's stage the event belongs to.
    pub stage: String,
    pub payload: serde_json::Value,
    /// The connectors and notifiers that get it.
    pub receivers: Vec<(String, PluginKind)>,
}

/// A fresh event id.
pub fn new_event_id() -> StoreResult<String> {
    Ok(format!("evt_{}", random_hex(16).map_err(|e| StoreError::invalid("event", e.to_string()))?))
}

/// Writes the event as of `occurred_at` and one pending delivery per
/// receiver, due then (a scheduled message, such as a reminder, is not
/// attempted before its time); returns the event's sequence number.
pub(crate) async fn insert_event(w: &mut WriteTx<'_>, event: &PendingEvent, occurred_at: i64) -> StoreResult<i64> {
    let seq: i64 = sqlx::query(
        "INSERT INTO lifecycle_events \
         (id, organisation_id, application_id, candidate_id, job_id, kind, stage, occurred_at, payload) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING seq",
    )
    .bind(&event.id)
    .bind(event.organisation_id)
    .bind(event.application_id)
    .bind(event.candidate_id)
    .bind(event.job_id)
    .bind(&event.kind)
    .bind(&event.stage)
    .bind(occurred_at)
    .bind(event.payload.to_string())
    .fetch_one(&mut *w.tx)
    .await?
    .try_get(0)?;
    for (plugin, kind) in &event.receivers {
        sqlx::query(
            "INSERT INTO deliveries \
             (event_seq, plugin_id, plugin_kind, candidate_id, organisation_id, state, attempts, next_attempt_at) \
             VALUES ($1, $2, $3, $4, $5, 'pending', 0, $6)",
        )
        .bind(seq)
        .bind(plugin)
        .bind(kind.world())
        .bind(event.candidate_id)
        .bind(event.organisation_id)
        .bind(occurred_at)
        .execute(&mut *w.tx)
        .await?;
    }
    Ok(seq)
}

//! Writing a lifecycle event and its outbox deliveries inside the
//! transaction of the change that caused it. An event's payload names the
//! candidate (name, email, phone for connectors and notifiers), so it is
//! stored sealed under the candidate's data key (docs/compliance.md) and
//! opened only when a receiver is given it.

use sqlx::Row;

use super::keys::open_field;
use super::{Store, StoreError, StoreResult, WriteTx, random_hex};
use crate::runtime::PluginKind;

/// The associated data of a sealed event payload.
pub(crate) const PAYLOAD: &str = "lifecycle_events.payload";

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
/// `sealed_payload` is the event's payload as [`Store::seal_event_payload`] sealed it.
pub(crate) async fn insert_sealed_event(
    w: &mut WriteTx<'_>,
    event: &PendingEvent,
    sealed_payload: &str,
    occurred_at: i64,
) -> StoreResult<i64> {
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
    .bind(sealed_payload)
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

impl Store {
    /// The event's payload sealed under its candidate's data key. Reads the
    /// key through the pool: callable inside a write transaction, as the
    /// candidate and their key were committed before any event of theirs.
    pub(crate) async fn seal_event_payload(&self, event: &PendingEvent) -> StoreResult<String> {
        let key = self
            .candidate_key(event.candidate_id)
            .await?
            .ok_or_else(|| StoreError::invalid("event", format!("candidate {} has been erased", event.candidate_id)))?;
        key.seal_str(PAYLOAD, &event.payload.to_string()).map_err(super::keys::crypto_error("event"))
    }

    /// Writes the event and its deliveries (see [`insert_sealed_event`]).
    pub(crate) async fn insert_event(
        &self,
        w: &mut WriteTx<'_>,
        event: &PendingEvent,
        occurred_at: i64,
    ) -> StoreResult<i64> {
        let sealed = self.seal_event_payload(event).await?;
        insert_sealed_event(w, event, &sealed, occurred_at).await
    }

    /// Opens stored event payloads, `(candidate id, payload)` each, in order.
    pub(crate) async fn open_event_payloads(&self, sealed: Vec<(i64, String)>) -> StoreResult<Vec<String>> {
        let ids: Vec<i64> = sealed.iter().map(|(id, _)| *id).collect();
        let keys = self.candidate_keys(&ids).await?;
        sealed.into_iter().map(|(id, payload)| open_field(keys.get(&id).map(AsRef::as_ref), PAYLOAD, payload)).collect()
    }

    /// A recorded event's kind and payload, as its receivers get them.
    pub async fn event(&self, event_id: &str) -> StoreResult<(String, serde_json::Value)> {
        let row = sqlx::query("SELECT kind, candidate_id, payload FROM lifecycle_events WHERE id = $1")
            .bind(event_id)
            .fetch_optional(&self.pool)
            .await?
            .ok_or_else(|| StoreError::NotFound { what: "event", id: event_id.to_owned() })?;
        let sealed = vec![(row.try_get("candidate_id")?, row.try_get("payload")?)];
        let payload = self.open_event_payloads(sealed).await?.remove(0);
        let payload =
            serde_json::from_str(&payload).map_err(|e| StoreError::Corrupt { what: "event", reason: e.to_string() })?;
        Ok((row.try_get("kind")?, payload))
    }
}

//! The outbox's deliveries: claiming due ones under a lease, and recording
//! each attempt's result. On PostgreSQL several nodes claim at once with
//! `FOR UPDATE SKIP LOCKED`; on SQLite writes are serialised anyway.
//!
//! A delivery is due when it is pending, its next attempt time has come, no
//! live lease holds it, and no earlier event of the same candidate is still
//! pending for the same plugin (one plugin sees one candidate's events in
//! order). A message scheduled for later and not yet attempted (a reminder)
//! holds nothing up: it goes when its time comes.

use serde::Serialize;
use sqlx::Row;
use sqlx::any::AnyRow;

use super::{Backend, Store, StoreError, StoreResult};
use crate::runtime::PluginKind;

/// A delivery claimed for an attempt, with its event.
#[derive(Debug, Clone, PartialEq)]
pub struct ClaimedDelivery {
    pub id: i64,
    pub plugin_id: String,
    /// A connector gets the event, a notifier sends the candidate a message.
    pub plugin_kind: PluginKind,
    pub attempts: i64,
    pub event_id: String,
    pub kind: String,
    pub stage: String,
    pub application_id: i64,
    pub candidate_id: i64,
    pub job_id: i64,
    pub occurred_at: i64,
    pub payload: String,
}

/// A delivery as HR and IT see it.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct DeliveryStatus {
    pub id: i64,
    pub event_id: String,
    pub kind: String,
    pub application_id: i64,
    pub plugin_id: String,
    /// `pending`, `delivered` or `dead`.
    pub state: String,
    pub attempts: i64,
    pub next_attempt_at: i64,
    /// Why the last attempt failed (empty if none did).
    pub last_error: String,
    /// What the other system answered (its reference for the record).
    pub outcome: String,
    pub delivered_at: Option<i64>,
}

const STATUS_COLUMNS: &str = "d.id, e.id AS event_id, e.kind, e.application_id, d.plugin_id, d.state, d.attempts, \
                              d.next_attempt_at, d.last_error, d.outcome, d.delivered_at";

/// How many deliveries a claim may take per plugin: a plugin at its limit
/// is skipped, so its backlog cannot fill the claim and hold up the others.
#[derive(Debug, Clone, Default)]
pub struct ClaimRoom {
    /// Deliveries one plugin may get in this claim, unless `busy` says less.
    pub per_plugin: Option<usize>,
    /// Deliveries each plugin already has in flight.
    pub busy: std::collections::HashMap<String, usize>,
}

impl ClaimRoom {
    fn room(&self, plugin: &str) -> usize {
        match self.per_plugin {
            Some(limit) => limit.saturating_sub(self.busy.get(plugin).copied().unwrap_or(0)),
            None => usize::MAX,
        }
    }
}

impl Store {
    /// Claims up to `limit` due deliveries for `worker` until `lease_until`.
    pub async fn claim_deliveries(
        &self,
        worker: &str,
        now: i64,
        lease_until: i64,
        limit: i64,
    ) -> StoreResult<Vec<ClaimedDelivery>> {
        self.claim_deliveries_within(worker, now, lease_until, limit, &ClaimRoom::default()).await
    }

    /// [`Self::claim_deliveries`], taking no more for a plugin than `room`
    /// leaves it (none for a plugin at its limit).
    pub async fn claim_deliveries_within(
        &self,
        worker: &str,
        now: i64,
        lease_until: i64,
        limit: i64,
        room: &ClaimRoom,
    ) -> StoreResult<Vec<ClaimedDelivery>> {
        let lock = match self.backend() {
            Backend::Postgres => " FOR UPDATE OF d SKIP LOCKED",
            Backend::Sqlite => "",
        };
        // Plugins with no room are left out of the query, so their backlog
        // cannot fill the page of candidates.
        let full: Vec<&String> = room.busy.keys().filter(|p| room.room(p) == 0).collect();
        let skip = if full.is_empty() {
            String::new()
        } else {
            let placeholders: Vec<String> = (0..full.len()).map(|i| format!("${}", i + 3)).collect();
            format!(" AND d.plugin_id NOT IN ({})", placeholders.join(", "))
        };
        let mut w = self.write().await?;
        let sql = format!(
            "SELECT d.id, d.plugin_id FROM deliveries d \
             WHERE d.state = 'pending' AND d.next_attempt_at <= $1 \
               AND (d.locked_until IS NULL OR d.locked_until < $1){skip} \
               AND NOT EXISTS (SELECT 1 FROM deliveries p WHERE p.plugin_id = d.plugin_id \
                   AND p.candidate_id = d.candidate_id AND p.state = 'pending' AND p.event_seq < d.event_seq \
                   AND (p.attempts > 0 OR p.next_attempt_at <= $1)) \
             ORDER BY d.event_seq LIMIT $2{lock}"
        );
        // A wider page than the claim, so plugins short of room leave it to others.
        let mut query = sqlx::query(&sql).bind(now).bind(limit.saturating_mul(4));
        for plugin in &full {
            query = query.bind(plugin.as_str());
        }
        let rows = query.fetch_all(&mut *w.tx).await?;
        let mut taken: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
        let mut ids: Vec<i64> = Vec::with_capacity(rows.len());
        for row in &rows {
            if ids.len() as i64 >= limit {
                break;
            }
            let plugin: String = row.try_get("plugin_id")?;
            let count = taken.entry(plugin.clone()).or_default();
            if *count < room.room(&plugin) {
                *count += 1;
                ids.push(row.try_get("id")?);
            }
        }
        let mut claimed = Vec::with_capacity(ids.len());
        for id in ids {
            let row = sqlx::query(
                "UPDATE deliveries SET locked_by = $1, locked_until = $2 WHERE id = $3 \
                 RETURNING id, plugin_id, plugin_kind, attempts, event_seq",
            )
            .bind(worker)
            .bind(lease_until)
            .bind(id)
            .fetch_one(&mut *w.tx)
            .await?;
            let seq: i64 = row.try_get("event_seq")?;
            let kind: String = row.try_get("plugin_kind")?;
            let plugin_kind = match kind.as_str() {
                "notifier" => PluginKind::Notifier,
                "connector" => PluginKind::Connector,
                other => {
                    return Err(StoreError::Corrupt { what: "delivery", reason: format!("plugin kind {other:?}") });
                }
            };
            let event = sqlx::query(
                "SELECT id, kind, stage, application_id, candidate_id, job_id, occurred_at, payload \
                 FROM lifecycle_events WHERE seq = $1",
            )
            .bind(seq)
            .fetch_one(&mut *w.tx)
            .await?;
            claimed.push(ClaimedDelivery {
                id: row.try_get("id")?,
                plugin_id: row.try_get("plugin_id")?,
                plugin_kind,
                attempts: row.try_get("attempts")?,
                event_id: event.try_get("id")?,
                kind: event.try_get("kind")?,
                stage: event.try_get("stage")?,
                application_id: event.try_get("application_id")?,
                candidate_id: event.try_get("candidate_id")?,
                job_id: event.try_get("job_id")?,
                occurred_at: event.try_get("occurred_at")?,
                payload: event.try_get("payload")?,
            });
        }
        w.commit().await?;
        // Opened after the commit: the keys are read through the pool. A
        // payload that does not open (its candidate's key destroyed by an
        // erasure racing the claim) goes to the dead letters on its own.
        let mut opened = Vec::with_capacity(claimed.len());
        for mut delivery in claimed {
            let sealed = vec![(delivery.candidate_id, std::mem::take(&mut delivery.payload))];
            match self.open_event_payloads(sealed).await {
                Ok(mut payload) => {
                    delivery.payload = payload.remove(0);
                    opened.push(delivery);
                }
                Err(e @ StoreError::Corrupt { .. }) => {
                    tracing::warn!(delivery = delivery.id, error = %e, "an event's payload does not open");
                    let error = "the event's payload does not open: its candidate's data key is gone (erased?)";
                    self.delivery_dead(delivery.id, worker, now, error).await?;
                }
                Err(e) => return Err(e),
            }
        }
        Ok(opened)
    }

    /// The attempt succeeded. Only the lease holder records it.
    pub async fn delivery_done(&self, id: i64, worker: &str, at: i64, outcome: &str) -> StoreResult<bool> {
        self.finish_attempt(
            "UPDATE deliveries SET state = 'delivered', attempts = attempts + 1, delivered_at = $1, outcome = $2, \
             last_error = '', locked_by = NULL, locked_until = NULL WHERE id = $3 AND locked_by = $4",
            at,
            outcome,
            id,
            worker,
        )
        .await
    }

    /// The attempt failed in a way worth retrying at `next_at`.
    pub async fn delivery_retry(&self, id: i64, worker: &str, next_at: i64, error: &str) -> StoreResult<bool> {
        self.finish_attempt(
            "UPDATE deliveries SET attempts = attempts + 1, next_attempt_at = $1, last_error = $2, \
             locked_by = NULL, locked_until = NULL WHERE id = $3 AND locked_by = $4",
            next_at,
            error,
            id,
            worker,
        )
        .await
    }

    /// The attempt failed for good: the delivery goes to the dead-letter list.
    pub async fn delivery_dead(&self, id: i64, worker: &str, at: i64, error: &str) -> StoreResult<bool> {
        self.finish_attempt(
            "UPDATE deliveries SET state = 'dead', attempts = attempts + 1, next_attempt_at = $1, last_error = $2, \
             locked_by = NULL, locked_until = NULL WHERE id = $3 AND locked_by = $4",
            at,
            error,
            id,
            worker,
        )
        .await
    }

    async fn finish_attempt(&self, sql: &str, at: i64, text: &str, id: i64, worker: &str) -> StoreResult<bool> {
        let mut w = self.write().await?;
        let done = sqlx::query(sql).bind(at).bind(text).bind(id).bind(worker).execute(&mut *w.tx).await?;
        w.commit().await?;
        // A lease that expired and was taken over means another worker owns
        // the delivery now; its result stands.
        Ok(done.rows_affected() == 1)
    }

    /// Sends a dead delivery round again from its first attempt.
    pub async fn replay_delivery(&self, organisation_id: i64, id: i64, now: i64) -> StoreResult<DeliveryStatus> {
        let mut w = self.write().await?;
        let done = sqlx::query(
            "UPDATE deliveries SET state = 'pending', attempts = 0, next_attempt_at = $1 \
             WHERE id = $2 AND organisation_id = $3 AND state = 'dead'",
        )
        .bind(now)
        .bind(id)
        .bind(organisation_id)
        .execute(&mut *w.tx)
        .await?;
        w.commit().await?;
        if done.rows_affected() == 0 {
            let status = self.delivery(organisation_id, id).await?;
            return Err(StoreError::Conflict(format!(
                "delivery {id} is {}, not dead; only dead deliveries are replayed",
                status.state
            )));
        }
        self.delivery(organisation_id, id).await
    }

    /// One delivery of the organisation.
    pub async fn delivery(&self, organisation_id: i64, id: i64) -> StoreResult<DeliveryStatus> {
        let row = sqlx::query(&format!(
            "SELECT {STATUS_COLUMNS} FROM deliveries d JOIN lifecycle_events e ON e.seq = d.event_seq \
             WHERE d.id = $1 AND d.organisation_id = $2"
        ))
        .bind(id)
        .bind(organisation_id)
        .fetch_optional(&self.pool)
        .await?
        .ok_or_else(|| StoreError::not_found("delivery", id))?;
        status_from_row(&row)
    }

    /// The organisation's deliveries in a state (`pending`, `delivered`,
    /// `dead`), newest first, at most `limit`.
    pub async fn deliveries(&self, organisation_id: i64, state: &str, limit: i64) -> StoreResult<Vec<DeliveryStatus>> {
        let rows = sqlx::query(&format!(
            "SELECT {STATUS_COLUMNS} FROM deliveries d JOIN lifecycle_events e ON e.seq = d.event_seq \
             WHERE d.organisation_id = $1 AND d.state = $2 ORDER BY d.id DESC LIMIT $3"
        ))
        .bind(organisation_id)
        .bind(state)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(status_from_row).collect()
    }

    /// The deliveries of one event.
    pub async fn event_deliveries(&self, event_id: &str) -> StoreResult<Vec<DeliveryStatus>> {
        let rows = sqlx::query(&format!(
            "SELECT {STATUS_COLUMNS} FROM deliveries d JOIN lifecycle_events e ON e.seq = d.event_seq \
             WHERE e.id = $1 ORDER BY d.plugin_id"
        ))
        .bind(event_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(status_from_row).collect()
    }
}

fn status_from_row(row: &AnyRow) -> StoreResult<DeliveryStatus> {
    Ok(DeliveryStatus {
        id: row.try_get("id")?,
        event_id: row.try_get("event_id")?,
        kind: row.try_get("kind")?,
        application_id: row.try_get("application_id")?,
        plugin_id: row.try_get("plugin_id")?,
        state: row.try_get("state")?,
        attempts: row.try_get("attempts")?,
        next_attempt_at: row.try_get("next_attempt_at")?,
        last_error: row.try_get("last_error")?,
        outcome: row.try_get("outcome")?,
        delivered_at: row.try_get("delivered_at")?,
    })
}

/// How quickly candidates hear their result: result events (those with a
/// candidate message) against the notifier deliveries that carried them.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct FeedbackSla {
    /// The SLA measured against, in hours.
    pub sla_hours: f64,
    /// Results given (moves that send the candidate a message) since `since`.
    pub results: i64,
    /// Of those, delivered to the candidate through a notifier.
    pub delivered: i64,
    /// Delivered within the SLA.
    pub within_sla: i64,
    /// Not delivered yet and already past the SLA (none bound, failing, or dead).
    pub overdue: i64,
    /// Median time from the result to the message, when any was delivered.
    pub median_ms: Option<i64>,
    /// The slowest delivered message.
    pub worst_ms: Option<i64>,
}

impl Store {
    /// The candidate-feedback SLA figure for an organisation since `since`.
    pub async fn feedback_sla(
        &self,
        organisation_id: i64,
        kinds: &[&str],
        since: i64,
        now: i64,
        sla_ms: i64,
    ) -> StoreResult<FeedbackSla> {
        let kinds: Vec<String> = kinds.iter().map(|k| format!("'{}'", k.replace('\'', ""))).collect();
        // Per result event: the first delivered notifier message, if any.
        let rows = sqlx::query(&format!(
            "SELECT e.occurred_at, \
                    (SELECT MIN(d.delivered_at) FROM deliveries d WHERE d.event_seq = e.seq \
                     AND d.plugin_kind = 'notifier' AND d.state = 'delivered') AS delivered_at \
             FROM lifecycle_events e WHERE e.organisation_id = $1 AND e.occurred_at >= $2 AND e.kind IN ({})",
            kinds.join(", ")
        ))
        .bind(organisation_id)
        .bind(since)
        .fetch_all(&self.pool)
        .await?;
        let mut waits = Vec::new();
        let mut overdue = 0;
        for row in &rows {
            let at: i64 = row.try_get("occurred_at")?;
            match row.try_get::<Option<i64>, _>("delivered_at")? {
                Some(delivered) => waits.push(delivered - at),
                None if now - at > sla_ms => overdue += 1,
                None => {}
            }
        }
        waits.sort_unstable();
        Ok(FeedbackSla {
            sla_hours: sla_ms as f64 / 3_600_000.0,
            results: rows.len() as i64,
            delivered: waits.len() as i64,
            within_sla: waits.iter().filter(|w| **w <= sla_ms).count() as i64,
            overdue,
            median_ms: waits.get(waits.len() / 2).copied(),
            worst_ms: waits.last().copied(),
        })
    }
}

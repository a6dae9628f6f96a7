//! Delivering lifecycle events from the outbox to the connectors bound to the
//! candidate's job: at least once, the event id as the idempotency key,
//! retries with exponential backoff and jitter for what may pass (timeouts,
//! 5xx, 429, a paused plugin), the dead-letter list at once for what will not
//! (4xx, a plugin fault, a plugin no longer bound), and one candidate's events
//! to one plugin in order. A connector gets only the event kinds it declares.
//!
//! Plugins are delivered to side by side, each with at most
//! [`OutboxConfig::per_plugin`] deliveries at once: a connector that takes
//! half a minute per event delays its own backlog, not the others'. A claim
//! never holds two events of one candidate for one plugin, so delivering a
//! claim's events at once keeps each candidate's order.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::sync::Semaphore;
use tracing::Instrument;

use super::{Engine, EngineError};

use super::messages::Composed;
use crate::domain::{LifecycleEvent, Message, Outcome, Recipient};
use crate::runtime::{Failure, PluginError, PluginKind};
use crate::store::{ClaimRoom, ClaimedDelivery, Job};

/// How the outbox works.
#[derive(Debug, Clone, PartialEq)]
pub struct OutboxConfig {
    /// Deliveries claimed per pass.
    pub batch: i64,
    /// How long a claim holds; a node that dies releases its claims when
    /// their leases run out.
    pub lease: Duration,
    /// The wait before the first retry; each further retry doubles it.
    pub first_retry: Duration,
    pub max_retry: Duration,
    /// Attempts before a retryable failure goes to the dead-letter list.
    pub max_attempts: i64,
    /// How long an idle worker waits before looking again.
    pub idle_poll: Duration,
    /// Deliveries to one plugin at once.
    pub per_plugin: usize,
    /// Deliveries at once, all plugins together.
    pub in_flight: usize,
}

impl Default for OutboxConfig {
    fn default() -> Self {
        Self {
            batch: 16,
            lease: Duration::from_secs(120),
            first_retry: Duration::from_secs(2),
            max_retry: Duration::from_secs(30 * 60),
            max_attempts: 12,
            idle_poll: Duration::from_millis(250),
            per_plugin: 4,
            in_flight: 32,
        }
    }
}

/// What one pass did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct OutboxPass {
    pub delivered: usize,
    pub retrying: usize,
    pub dead: usize,
}

impl OutboxPass {
    pub fn attempted(&self) -> usize {
        self.delivered + self.retrying + self.dead
    }
}

fn ms(d: Duration) -> i64 {
    i64::try_from(d.as_millis()).unwrap_or(i64::MAX)
}

/// The wait before retry number `attempt` (1-based): `first × 2^(attempt-1)`,
/// capped, then between half and all of it ("equal jitter"), so retries from
/// many deliveries do not arrive together.
pub fn backoff(config: &OutboxConfig, attempt: i64, jitter: f64) -> Duration {
    let exponent = u32::try_from(attempt.saturating_sub(1)).unwrap_or(u32::MAX).min(30);
    let full = config.first_retry.saturating_mul(1 << exponent).min(config.max_retry);
    full.mul_f64(0.5 + 0.5 * jitter.clamp(0.0, 1.0))
}

fn jitter() -> f64 {
    let mut byte = [0u8; 2];
    let _ = getrandom::fill(&mut byte);
    f64::from(u16::from_le_bytes(byte)) / f64::from(u16::MAX)
}

/// Whether the same delivery may succeed later.
fn worth_retrying(e: &PluginError) -> bool {
    e.is_retryable() || matches!(e.failure, Failure::Tripped { .. })
}

/// RFC 3339 in UTC, from Unix milliseconds.
pub fn rfc3339(ms: i64) -> String {
    let secs = ms.div_euclid(1000);
    let (days, rem) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    // Howard Hinnant's days-to-civil.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.{:03}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60,
        ms.rem_euclid(1000)
    )
}

/// How one attempt ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Attempted {
    Delivered,
    Retrying,
    Dead,
}

impl OutboxPass {
    fn count(&mut self, attempted: Attempted) {
        match attempted {
            Attempted::Delivered => self.delivered += 1,
            Attempted::Retrying => self.retrying += 1,
            Attempted::Dead => self.dead += 1,
        }
    }
}

impl Engine {
    /// One pass: claims the due deliveries and attempts them, plugins side by
    /// side and at most `per_plugin` at once for each.
    pub async fn deliver_due(&self, worker: &str, config: &OutboxConfig) -> Result<OutboxPass, EngineError> {
        let now = self.now_ms();
        let claimed =
            self.store.claim_deliveries(worker, now, now.saturating_add(ms(config.lease)), config.batch).await?;
        let mut lanes: HashMap<String, Arc<Semaphore>> = HashMap::new();
        let mut tasks = tokio::task::JoinSet::new();
        for d in claimed {
            let lane =
                lanes.entry(d.plugin_id.clone()).or_insert_with(|| Arc::new(Semaphore::new(config.per_plugin.max(1))));
            let (lane, engine, worker, config) = (lane.clone(), self.clone(), worker.to_owned(), config.clone());
            tasks.spawn(async move {
                // Never closed; a place is taken in claim order.
                let _place = lane.acquire_owned().await;
                engine.attempt(&worker, &config, d).await
            });
        }
        let mut pass = OutboxPass::default();
        let mut first_error = None;
        while let Some(joined) = tasks.join_next().await {
            match joined {
                Ok(Ok(attempted)) => pass.count(attempted),
                Ok(Err(e)) => first_error = first_error.or(Some(e)),
                // Its lease runs out and the delivery is claimed again.
                Err(e) => tracing::error!(error = %e, "an outbox delivery task failed"),
            }
        }
        match first_error {
            Some(e) => Err(e),
            None => Ok(pass),
        }
    }

    async fn attempt(&self, worker: &str, config: &OutboxConfig, d: ClaimedDelivery) -> Result<Attempted, EngineError> {
        let span =
            tracing::info_span!("outbox.deliver", plugin = %d.plugin_id, event = %d.kind, attempt = d.attempts + 1);
        async {
            let started = Instant::now();
            let Some(result) = self.send(&d).await? else {
                let why = format!("{} is no longer switched on for this job's scopes", d.plugin_id);
                self.store.delivery_dead(d.id, worker, self.now_ms(), &why).await?;
                tracing::warn!(reason = %why, "delivery dead-lettered");
                return Ok(Attempted::Dead);
            };
            let now = self.now_ms();
            let duration_ms = started.elapsed().as_millis() as u64;
            Ok(match result {
                Ok(outcome) => {
                    self.store.delivery_done(d.id, worker, now, outcome.trim()).await?;
                    tracing::info!(duration_ms, "delivered");
                    Attempted::Delivered
                }
                Err(e) if worth_retrying(&e) && d.attempts + 1 < config.max_attempts => {
                    let wait = backoff(config, d.attempts + 1, jitter());
                    self.store.delivery_retry(d.id, worker, now.saturating_add(ms(wait)), &e.to_string()).await?;
                    tracing::warn!(duration_ms, error = %e, retry_in_ms = ms(wait), "delivery failed; will retry");
                    Attempted::Retrying
                }
                Err(e) => {
                    self.store.delivery_dead(d.id, worker, now, &e.to_string()).await?;
                    tracing::warn!(duration_ms, error = %e, "delivery dead-lettered");
                    Attempted::Dead
                }
            })
        }
        .instrument(span)
        .await
    }

    /// `receivers` without the connectors that do not take `event_kind`
    /// events, by what each declares. A connector that cannot say now is
    /// kept: its delivery asks again.
    pub(super) async fn receivers_taking(
        &self,
        job: &Job,
        event_kind: &str,
        receivers: Vec<(String, PluginKind)>,
    ) -> Vec<(String, PluginKind)> {
        let mut kept = Vec::with_capacity(receivers.len());
        for (id, kind) in receivers {
            if kind == PluginKind::Connector
                && let Some(connector) = self.plugins.connector_for(job, &id).await
                && let Ok(info) = connector.describe().await
                && !info.event_kinds.iter().any(|k| k == event_kind)
            {
                continue;
            }
            kept.push((id, kind));
        }
        kept
    }

    /// Hands a delivery to its plugin: the event to a connector, the
    /// candidate's message to a notifier. `None` when the plugin no longer
    /// serves the job; otherwise what the other system answered.
    async fn send(&self, d: &ClaimedDelivery) -> Result<Option<Result<String, PluginError>>, EngineError> {
        let job = self.store.job(d.job_id).await?;
        if d.plugin_kind == PluginKind::Connector {
            let Some(connector) = self.plugins.connector_for(&job, &d.plugin_id).await else { return Ok(None) };
            match connector.describe().await {
                Ok(info) if !info.event_kinds.contains(&d.kind) => {
                    return Ok(Some(Ok(format!("skipped: {} does not take {} events", connector.plugin(), d.kind))));
                }
                Ok(_) => {}
                Err(e) => return Ok(Some(Err(e))),
            }
            let event = LifecycleEvent {
                id: d.event_id.clone(),
                kind: d.kind.clone(),
                candidate_id: d.candidate_id.to_string(),
                job_id: d.job_id.to_string(),
                stage: d.stage.clone(),
                occurred_at: rfc3339(d.occurred_at),
                payload: self.payload_for_connector(d, &job).await?,
            };
            let outcome = connector.handle(&event).await.map(|outcome| match outcome {
                Outcome::Applied(r) => format!("applied {r}"),
                Outcome::Duplicate(r) => format!("duplicate {r}"),
                Outcome::Skipped(why) => format!("skipped: {why}"),
            });
            return Ok(Some(outcome));
        }
        let Some(notifier) = self.plugins.notifier_for(&job, &d.plugin_id).await else { return Ok(None) };
        let (template, variables) = match self.compose(d, &job).await? {
            Composed::Send { template, variables } => (template, variables),
            Composed::Skip(why) => return Ok(Some(Ok(format!("skipped: {why}")))),
        };
        let channel = match notifier.describe().await {
            Ok(info) => info.channels.into_iter().next().unwrap_or_default(),
            Err(e) => return Ok(Some(Err(e))),
        };
        let payload: serde_json::Value = serde_json::from_str(&d.payload).unwrap_or_default();
        let field = |key: &str| payload["candidate"][key].as_str().unwrap_or_default().to_owned();
        // An SMS gateway wants the phone number, everything else the email.
        let address = if channel == "sms" { field("phone") } else { field("email") };
        let message = Message {
            // The event id: a notifier passes it on as the idempotency key.
            id: d.event_id.clone(),
            channel,
            recipient: Recipient { name: field("name"), address },
            template: template.to_owned(),
            locale: job.profile.locale.clone(),
            variables,
        };
        Ok(Some(notifier.send(&message).await.map(|id| format!("sent {id}"))))
    }

    /// Delivers until `shutdown` resolves, then lets the deliveries in flight
    /// finish. Claims whenever half the room is free, so a slow plugin's
    /// deliveries run while others come and go; waits a little when nothing
    /// is due, and longer after an error (the database unreachable, say).
    pub async fn run_outbox(&self, worker: String, config: OutboxConfig, shutdown: impl Future<Output = ()>) {
        tokio::pin!(shutdown);
        let mut running: tokio::task::JoinSet<Result<Attempted, EngineError>> = tokio::task::JoinSet::new();
        // Which plugin each task delivers to, so its place is freed even if it panics.
        let mut lanes: HashMap<tokio::task::Id, String> = HashMap::new();
        let mut busy: HashMap<String, usize> = HashMap::new();
        let in_flight = config.in_flight.max(1);
        loop {
            let mut wait = config.idle_poll;
            if running.len() <= in_flight / 2 {
                let room = ClaimRoom { per_plugin: Some(config.per_plugin.max(1)), busy: busy.clone() };
                let now = self.now_ms();
                let limit = i64::try_from(in_flight - running.len()).unwrap_or(i64::MAX).min(config.batch.max(1));
                match self
                    .store
                    .claim_deliveries_within(&worker, now, now.saturating_add(ms(config.lease)), limit, &room)
                    .await
                {
                    Ok(claimed) => {
                        if claimed.len() as i64 == limit {
                            // More may be due: claim again as soon as there is room.
                            wait = Duration::ZERO;
                        }
                        for d in claimed {
                            *busy.entry(d.plugin_id.clone()).or_default() += 1;
                            let plugin = d.plugin_id.clone();
                            let (engine, worker, config) = (self.clone(), worker.clone(), config.clone());
                            let task = running.spawn(async move { engine.attempt(&worker, &config, d).await });
                            lanes.insert(task.id(), plugin);
                        }
                    }
                    Err(e) => {
                        tracing::error!(error = %e, "claiming outbox deliveries failed");
                        wait = config.idle_poll * 8;
                    }
                }
            }
            tokio::select! {
                () = &mut shutdown => break,
                Some(joined) = running.join_next_with_id(), if !running.is_empty() => {
                    finished(joined, &mut lanes, &mut busy);
                    while let Some(joined) = running.try_join_next_with_id() {
                        finished(joined, &mut lanes, &mut busy);
                    }
                }
                () = tokio::time::sleep(wait) => {}
            }
        }
        while let Some(joined) = running.join_next_with_id().await {
            finished(joined, &mut lanes, &mut busy);
        }
    }
}

/// Books a finished delivery task: its plugin has one more place free.
fn finished(
    joined: Result<(tokio::task::Id, Result<Attempted, EngineError>), tokio::task::JoinError>,
    lanes: &mut HashMap<tokio::task::Id, String>,
    busy: &mut HashMap<String, usize>,
) {
    // A delivery whose result was not recorded is claimed again when its
    // lease runs out.
    let id = match joined {
        Ok((id, Ok(_))) => id,
        Ok((id, Err(e))) => {
            tracing::error!(error = %e, "recording an outbox delivery failed");
            id
        }
        Err(e) => {
            tracing::error!(error = %e, "an outbox delivery task failed");
            e.id()
        }
    };
    let Some(plugin) = lanes.remove(&id) else { return };
    if let Some(count) = busy.get_mut(&plugin) {
        *count = count.saturating_sub(1);
        if *count == 0 {
            busy.remove(&plugin);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_is_capped_and_jittered() {
        let config = OutboxConfig {
            first_retry: Duration::from_secs(2),
            max_retry: Duration::from_secs(60),
            ..Default::default()
        };
        assert_eq!(backoff(&config, 1, 1.0), Duration::from_secs(2));
        assert_eq!(backoff(&config, 2, 1.0), Duration::from_secs(4));
        assert_eq!(backoff(&config, 4, 1.0), Duration::from_secs(16));
        assert_eq!(backoff(&config, 10, 1.0), Duration::from_secs(60), "capped");
        assert_eq!(backoff(&config, 1000, 1.0), Duration::from_secs(60), "no overflow");
        assert_eq!(backoff(&config, 3, 0.0), Duration::from_secs(4), "at least half");
    }

    #[test]
    fn timestamps_are_rfc3339_utc() {
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00.000Z");
        assert_eq!(rfc3339(1_800_000_000_123), "2027-01-15T08:00:00.123Z");
        assert_eq!(rfc3339(951_782_400_000), "2000-02-29T00:00:00.000Z");
        assert_eq!(rfc3339(-1), "1969-12-31T23:59:59.999Z");
    }
}

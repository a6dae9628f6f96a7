//! The audit log's hash chains, one per organisation. Every entry is sealed
//! into its organisation's chain (`chain_id`, see [`super::audit::chain_of`];
//! entries about no organisation, and all sealed before chains were per
//! organisation, into the platform's, [`PLATFORM_CHAIN`]) in the order it is
//! sealed: entry `seq` of a chain carries the SHA-256 of the previous
//! entry's hash, its own position, its chain and its fields, so an entry
//! edited, deleted or moved (within its chain or to another) breaks the
//! chain from that entry on, and [`Store::verify_audit_chain`] names the
//! first one. `audit_heads` holds the last sealed entry of each chain;
//! sealing locks the heads it extends, so two sealers (two nodes on
//! PostgreSQL) never fork a chain.
//!
//! Entries are written unsealed ([`super::audit::insert_audit`]) and sealed
//! oldest first (by id), in batches of one multi-row `UPDATE`:
//!
//! - On SQLite, inside the writing transaction, before it commits (SQLite
//!   has one writer at a time, so holding the head costs no one a wait);
//!   the batched answer writer seals right after each batch.
//! - On PostgreSQL, after the write commits, by a background task of the
//!   store (`AuditSealer`): holding the head until commit would make every
//!   audited write of every organisation and node take turns, a commit at a
//!   time. Each commit of an audited write wakes the sealer, which seals
//!   everything committed and unsealed in one transaction, at most every
//!   100 ms, and looks anyway every second (for entries other processes
//!   wrote). An entry committed out of id order is sealed in a later round,
//!   with a later `seq`: the chain is in `seq` order, which is what
//!   verification walks.
//!
//! So an entry is outside the chain, and could be changed or removed
//! without a trace, for as long as it is pending: on SQLite until its
//! transaction commits (or, for answers, a batch later), on PostgreSQL for
//! up to about a second after. Pending entries a process left behind (it
//! stopped before its seal) are sealed when a store next opens, or by any
//! running node's sealer. `panel audit verify` counts them, with the age of
//! the oldest.
//!
//! Anyone who can rewrite the database can also recompute the whole chain:
//! record the head `panel audit verify` prints somewhere else (a ticket, a
//! log shipped off the machine) and check it later with `--expect SEQ:HASH`,
//! which holds as long as that entry and everything before it are untouched.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use serde::Serialize;
use sha2::{Digest, Sha256};
use sqlx::any::AnyArguments;
use sqlx::{Any, AnyPool, Arguments, Row, Transaction};
use tokio::sync::Notify;
use tokio::task::AbortHandle;

use super::audit::{AuditEntry, PLATFORM_CHAIN};
use super::{Backend, Store, StoreError, StoreResult};

/// The "previous hash" of the first entry.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// Entries read per round trip while verifying.
const VERIFY_PAGE: i64 = 5_000;

/// The hash that seals `entry` as entry `seq` of `chain` after an entry
/// whose hash is `previous`. Fields are length-prefixed, so no two
/// different entries hash the same bytes. The platform chain's hashes are
/// those of the single chain before migration 0020 (no chain in them), so
/// the entries sealed then still verify; an organisation's name it.
pub fn entry_hash(chain: i64, previous: &str, seq: i64, entry: &AuditEntry) -> String {
    let mut hasher = Sha256::new();
    if chain == PLATFORM_CHAIN {
        hasher.update(b"panel-audit-v1\0");
    } else {
        hasher.update(b"panel-audit-v2\0");
        hasher.update(chain.to_be_bytes());
    }
    hasher.update(previous.as_bytes());
    hasher.update(seq.to_be_bytes());
    hasher.update(entry.at.to_be_bytes());
    for field in [&entry.actor, &entry.action, &entry.subject, &entry.detail, &entry.origin] {
        hasher.update((field.len() as u64).to_be_bytes());
        hasher.update(field.as_bytes());
    }
    hex::encode(hasher.finalize())
}

/// Entries sealed in one transaction at most; a larger backlog takes several.
const SEAL_ROUND: i64 = 5_000;

/// Entries per multi-row `UPDATE` (three arguments each, far under both
/// engines' limits).
const UPDATE_ROWS: usize = 500;

/// How often PostgreSQL's sealer looks for unsealed entries when no write
/// wakes it: entries another process wrote (a `panel` command, another
/// node stopped before its sealer's next round) wait this long at most.
const SEALER_PERIOD: Duration = Duration::from_secs(1);

/// The least time between two rounds of the sealer: the writes committed in
/// the meantime are sealed together in the next, so a burst of a thousand
/// audited writes takes a handful of sealing transactions, not a thousand.
const SEALER_GAP: Duration = Duration::from_millis(100);

/// Seals the oldest entries not in their chains yet (up to [`SEAL_ROUND`]),
/// oldest first, inside `tx`; returns how many it sealed. On PostgreSQL it
/// holds the row locks of the heads it extends until `tx` ends, so sealers
/// take turns on a chain.
pub(crate) async fn seal_pending(tx: &mut Transaction<'static, Any>, backend: Backend) -> StoreResult<u64> {
    // The chains waiting first, to lock their heads; then the entries,
    // read under the locks: another sealer may have sealed some meanwhile.
    let waiting = sqlx::query(
        "SELECT chain_id FROM (SELECT chain_id FROM audit_log WHERE seq IS NULL ORDER BY id LIMIT $1) w \
         GROUP BY chain_id ORDER BY chain_id",
    )
    .bind(SEAL_ROUND)
    .fetch_all(&mut **tx)
    .await?;
    if waiting.is_empty() {
        return Ok(0);
    }
    let chains: Vec<i64> = waiting.iter().map(|row| row.try_get("chain_id")).collect::<Result<_, _>>()?;
    let mut heads = lock_heads(tx, backend, &chains).await?;
    let list = chains.iter().map(i64::to_string).collect::<Vec<_>>().join(", ");
    let pending = sqlx::query(&format!(
        "SELECT id, chain_id, at, actor, action, subject, detail, origin FROM audit_log \
         WHERE seq IS NULL AND chain_id IN ({list}) ORDER BY id LIMIT $1"
    ))
    .bind(SEAL_ROUND)
    .fetch_all(&mut **tx)
    .await?;
    if pending.is_empty() {
        return Ok(0);
    }
    let mut sealed = Vec::with_capacity(pending.len());
    for row in &pending {
        let chain: i64 = row.try_get("chain_id")?;
        let head = heads.entry(chain).or_insert_with(|| (0, GENESIS.to_owned()));
        head.0 += 1;
        head.1 = entry_hash(chain, &head.1, head.0, &AuditEntry::from_row(row)?);
        sealed.push((row.try_get::<i64, _>("id")?, head.0, head.1.clone()));
    }
    for chunk in sealed.chunks(UPDATE_ROWS) {
        let mut args = AnyArguments::default();
        let mut values = Vec::with_capacity(chunk.len());
        for (i, (id, seq, hash)) in chunk.iter().enumerate() {
            args.add(*id).map_err(sqlx::Error::Encode)?;
            args.add(*seq).map_err(sqlx::Error::Encode)?;
            args.add(hash.clone()).map_err(sqlx::Error::Encode)?;
            let n = 3 * i;
            values.push(if i == 0 {
                // The first row gives the columns their types.
                "(CAST($1 AS BIGINT), CAST($2 AS BIGINT), CAST($3 AS TEXT))".to_owned()
            } else {
                format!("(${}, ${}, ${})", n + 1, n + 2, n + 3)
            });
        }
        let sql = format!(
            "WITH v (id, seq, hash) AS (VALUES {}) UPDATE audit_log SET seq = v.seq, hash = v.hash FROM v \
             WHERE audit_log.id = v.id AND audit_log.seq IS NULL",
            values.join(", ")
        );
        let updated = sqlx::query_with(&sql, args).execute(&mut **tx).await?.rows_affected();
        // Only a sealer holding the heads changes `seq`: anything else means
        // the log changed under it, and nothing of this round is kept.
        if updated != chunk.len() as u64 {
            return Err(StoreError::Conflict(format!(
                "sealing the audit log: {updated} of {} entries were still unsealed",
                chunk.len()
            )));
        }
    }
    for chain in &chains {
        let Some((seq, hash)) = heads.get(chain) else { continue };
        sqlx::query("UPDATE audit_heads SET seq = $1, hash = $2 WHERE chain_id = $3")
            .bind(*seq)
            .bind(hash)
            .bind(*chain)
            .execute(&mut **tx)
            .await?;
    }
    Ok(pending.len() as u64)
}

/// The heads of `chains` (sorted), created at the start of the chain for
/// an organisation's first entry, and locked on PostgreSQL in order (two
/// sealers never wait for each other in a circle).
async fn lock_heads(
    tx: &mut Transaction<'static, Any>,
    backend: Backend,
    chains: &[i64],
) -> StoreResult<std::collections::HashMap<i64, (i64, String)>> {
    for chain in chains {
        sqlx::query(
            "INSERT INTO audit_heads (chain_id, seq, hash) VALUES ($1, 0, $2) ON CONFLICT (chain_id) DO NOTHING",
        )
        .bind(*chain)
        .bind(GENESIS)
        .execute(&mut **tx)
        .await?;
    }
    let lock = match backend {
        Backend::Postgres => " FOR UPDATE",
        Backend::Sqlite => "",
    };
    let list = chains.iter().map(i64::to_string).collect::<Vec<_>>().join(", ");
    let rows = sqlx::query(&format!(
        "SELECT chain_id, seq, hash FROM audit_heads WHERE chain_id IN ({list}) ORDER BY chain_id{lock}"
    ))
    .fetch_all(&mut **tx)
    .await?;
    rows.iter().map(|row| Ok((row.try_get("chain_id")?, (row.try_get("seq")?, row.try_get("hash")?)))).collect()
}

/// PostgreSQL's sealer: a task that seals the entries audited writes leave
/// unsealed, woken after each such write commits and every
/// [`SEALER_PERIOD`] regardless, at most once per [`SEALER_GAP`]. It stops
/// when the last clone of its [`Store`] is dropped.
#[derive(Debug)]
pub(super) struct AuditSealer {
    wake: Arc<Notify>,
    /// Rounds that sealed at least one entry.
    rounds: Arc<AtomicU64>,
    task: AbortHandle,
}

impl AuditSealer {
    pub(super) fn start(pool: AnyPool) -> Self {
        let wake = Arc::new(Notify::new());
        let rounds = Arc::new(AtomicU64::new(0));
        let task = tokio::spawn(run_sealer(pool, wake.clone(), rounds.clone())).abort_handle();
        Self { wake, rounds, task }
    }

    /// Asks for a round soon; wake-ups before it starts make one.
    pub(super) fn wake(&self) {
        self.wake.notify_one();
    }
}

impl Drop for AuditSealer {
    fn drop(&mut self) {
        // A round cut short rolls back: its entries are sealed by the next
        // sealer (another node's, or this database's next open).
        self.task.abort();
    }
}

async fn run_sealer(pool: AnyPool, wake: Arc<Notify>, rounds: Arc<AtomicU64>) {
    let mut failures: u32 = 0;
    loop {
        // After a failure the next round comes a period later, whatever wakes it.
        if failures == 0 {
            tokio::select! {
                () = wake.notified() => {}
                () = tokio::time::sleep(SEALER_PERIOD) => {}
            }
        }
        if pool.is_closed() {
            return;
        }
        match seal_round(&pool).await {
            Ok(sealed) => {
                if failures > 0 {
                    tracing::info!(failures, "sealing the audit log works again");
                    failures = 0;
                }
                if sealed > 0 {
                    rounds.fetch_add(1, Ordering::Relaxed);
                }
                if sealed >= SEAL_ROUND as u64 {
                    // A backlog: the next round follows after the gap.
                    wake.notify_one();
                }
                tokio::time::sleep(SEALER_GAP).await;
            }
            Err(_) if pool.is_closed() => return,
            Err(e) => {
                failures = failures.saturating_add(1);
                // Once, then once a minute while it lasts. The error names
                // statements and positions, never an entry's contents.
                if failures == 1 || failures.is_multiple_of(60) {
                    let cause = std::error::Error::source(&e).map(ToString::to_string).unwrap_or_default();
                    tracing::warn!(
                        error = %e,
                        cause,
                        failures,
                        "sealing the audit log failed; retried every second (entries stay unsealed meanwhile)"
                    );
                }
                tokio::time::sleep(SEALER_PERIOD).await;
            }
        }
    }
}

/// One round of the sealer: nothing when no entry waits (the usual case on
/// an idle node: locking the head writes to it), else one transaction.
async fn seal_round(pool: &AnyPool) -> StoreResult<u64> {
    let waiting = sqlx::query("SELECT id FROM audit_log WHERE seq IS NULL LIMIT 1").fetch_optional(pool).await?;
    if waiting.is_none() {
        return Ok(0);
    }
    let mut tx = pool.begin().await?;
    let sealed = seal_pending(&mut tx, Backend::Postgres).await?;
    tx.commit().await?;
    Ok(sealed)
}

/// What `panel audit verify` found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct AuditVerification {
    /// The chain: an organisation's id, or 0 for the platform's.
    pub chain: i64,
    /// Entries checked, in chain order.
    pub checked: i64,
    /// The last sealed entry according to `audit_heads`.
    pub head_seq: i64,
    pub head_hash: String,
    /// Entries written (committed) but not sealed into the chain yet: on
    /// PostgreSQL, those written since the sealer's last round (under a
    /// second ago on a running server); on either engine, those a process
    /// stopped before sealing (sealed when a store next opens). Not checked,
    /// and not a problem by themselves.
    pub pending: i64,
    /// When the oldest of them was written (Unix milliseconds): seconds ago
    /// is a server at work, minutes ago a sealer that is not running.
    pub oldest_pending_at: Option<i64>,
    /// The first place the chain is broken; `None` when it holds.
    pub problem: Option<AuditProblem>,
}

/// Where the chain breaks. Positions only: the log is not quoted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error, utoipa::ToSchema)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum AuditProblem {
    #[error("audit entry {seq} was altered: its hash does not match its contents and the entry before it")]
    Altered { seq: i64 },
    #[error("audit entry {seq} is missing: entry {} is followed by entry {next}", .seq - 1)]
    Missing { seq: i64, next: i64 },
    #[error("audit entries {from} to {to} are missing: the chain's head says {to} entries were sealed")]
    Truncated { from: i64, to: i64 },
    #[error("audit entry {seq} is past the chain's head ({head}): it was not sealed by Panel")]
    PastHead { seq: i64, head: i64 },
    #[error("the chain's head does not match entry {seq}")]
    HeadAltered { seq: i64 },
    #[error("audit entry {seq} does not have the hash recorded earlier: it or an entry before it was rewritten")]
    NotAsRecorded { seq: i64 },
    #[error("audit entry {seq}, recorded earlier, is not in the log")]
    RecordedMissing { seq: i64 },
}

impl Store {
    /// Seals every entry not in the chain yet, now: what PostgreSQL's sealer
    /// does in its rounds, and what the store does when it opens (entries a
    /// process stopped before sealing, or written before the chain existed).
    /// Returns how many it sealed.
    pub async fn seal_audit(&self) -> StoreResult<u64> {
        let mut total = 0;
        loop {
            let mut w = self.write().await?;
            let sealed = seal_pending(&mut w.tx, self.backend).await?;
            w.commit().await?;
            total += sealed;
            if sealed < SEAL_ROUND as u64 {
                return Ok(total);
            }
        }
    }

    /// The rounds of PostgreSQL's background sealer that sealed entries
    /// since this store opened (none on SQLite, which seals as it writes).
    pub fn audit_seal_rounds(&self) -> u64 {
        self.sealer.as_ref().map_or(0, |s| s.rounds.load(Ordering::Relaxed))
    }

    /// Walks every chain (the platform's first, then each organisation's)
    /// from its first entry and reports its first break, in one snapshot.
    pub async fn verify_audit_all(&self) -> StoreResult<Vec<AuditVerification>> {
        let mut tx = self.read_snapshot().await?;
        let chains: Vec<i64> = sqlx::query_scalar(
            "SELECT chain_id FROM audit_heads UNION SELECT chain_id FROM audit_log UNION SELECT 0 ORDER BY 1",
        )
        .fetch_all(&mut *tx)
        .await?;
        let mut reports = Vec::with_capacity(chains.len());
        for chain in chains {
            reports.push(verify_chain(&mut tx, chain, None).await?);
        }
        tx.commit().await?;
        Ok(reports)
    }

    /// Walks one chain from its first entry and reports the first break;
    /// `expect` is a `(seq, hash)` of that chain recorded earlier that must
    /// still hold. Reads one snapshot of the log, so entries sealed
    /// meanwhile (by a running server) are neither half seen nor taken for
    /// tampering.
    pub async fn verify_audit_chain(&self, chain: i64, expect: Option<(i64, &str)>) -> StoreResult<AuditVerification> {
        let mut tx = self.read_snapshot().await?;
        let report = verify_chain(&mut tx, chain, expect).await?;
        tx.commit().await?;
        Ok(report)
    }
}

async fn verify_chain(
    tx: &mut Transaction<'static, Any>,
    chain: i64,
    expect: Option<(i64, &str)>,
) -> StoreResult<AuditVerification> {
    let head = sqlx::query("SELECT seq, hash FROM audit_heads WHERE chain_id = $1")
        .bind(chain)
        .fetch_optional(&mut **tx)
        .await?;
    let (head_seq, head_hash): (i64, String) = match head {
        Some(head) => (head.try_get("seq")?, head.try_get("hash")?),
        None => (0, GENESIS.to_owned()),
    };
    let pending =
        sqlx::query("SELECT COUNT(*) AS n, MIN(at) AS oldest FROM audit_log WHERE seq IS NULL AND chain_id = $1")
            .bind(chain)
            .fetch_one(&mut **tx)
            .await?;
    let mut report = AuditVerification {
        chain,
        checked: 0,
        head_seq,
        head_hash,
        pending: pending.try_get("n")?,
        oldest_pending_at: pending.try_get("oldest")?,
        problem: None,
    };
    let (mut last_seq, mut last_hash) = (0_i64, GENESIS.to_owned());
    let mut expected_seen = false;
    'pages: loop {
        let rows = sqlx::query(
            "SELECT seq, hash, at, actor, action, subject, detail, origin FROM audit_log \
                 WHERE chain_id = $1 AND seq > $2 ORDER BY seq LIMIT $3",
        )
        .bind(chain)
        .bind(last_seq)
        .bind(VERIFY_PAGE)
        .fetch_all(&mut **tx)
        .await?;
        if rows.is_empty() {
            break;
        }
        for row in &rows {
            let seq: i64 = row.try_get("seq")?;
            let stored: String = row.try_get("hash")?;
            if seq > head_seq {
                report.problem = Some(AuditProblem::PastHead { seq, head: head_seq });
                break 'pages;
            }
            if seq != last_seq + 1 {
                report.problem = Some(AuditProblem::Missing { seq: last_seq + 1, next: seq });
                break 'pages;
            }
            if entry_hash(chain, &last_hash, seq, &AuditEntry::from_row(row)?) != stored {
                report.problem = Some(AuditProblem::Altered { seq });
                break 'pages;
            }
            if let Some((expected_seq, expected_hash)) = expect
                && expected_seq == seq
            {
                expected_seen = true;
                if stored != expected_hash {
                    report.problem = Some(AuditProblem::NotAsRecorded { seq });
                    break 'pages;
                }
            }
            report.checked += 1;
            (last_seq, last_hash) = (seq, stored);
        }
    }
    if report.problem.is_none() {
        report.problem = if last_seq < head_seq {
            Some(AuditProblem::Truncated { from: last_seq + 1, to: head_seq })
        } else if last_hash != report.head_hash {
            Some(AuditProblem::HeadAltered { seq: last_seq })
        } else {
            match expect {
                Some((seq, _)) if !expected_seen => Some(AuditProblem::RecordedMissing { seq }),
                _ => None,
            }
        };
    }
    Ok(report)
}

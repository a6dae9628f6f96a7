//! The audit log's hash chain. Every entry is sealed into one chain in the
//! order it is sealed: entry `seq` carries the SHA-256 of the previous
//! entry's hash, its own position and its fields, so an entry edited,
//! deleted or moved breaks the chain from that entry on, and
//! [`Store::verify_audit`] names the first one. `audit_head` holds the last
//! sealed entry; sealing locks it, so two writers (two nodes on PostgreSQL)
//! never fork the chain.
//!
//! Entries are written unsealed and sealed before their transaction commits
//! ([`super::audit::insert_audit`]); SQLite's batched answer writer seals
//! right after its batch. Anyone who can rewrite the database can also
//! recompute the whole chain: record the head `panel audit verify` prints
//! somewhere else (a ticket, a log shipped off the machine) and check it
//! later with `--expect SEQ:HASH`, which holds as long as that entry and
//! everything before it are untouched.

use serde::Serialize;
use sha2::{Digest, Sha256};
use sqlx::{Any, Row, Transaction};

use super::audit::AuditEntry;
use super::{Backend, Store, StoreResult};

/// The "previous hash" of the first entry.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// Entries read per round trip while verifying.
const VERIFY_PAGE: i64 = 5_000;

/// The hash that seals `entry` as entry `seq` after an entry whose hash is
/// `previous`. Fields are length-prefixed, so no two different entries
/// hash the same bytes.
pub fn entry_hash(previous: &str, seq: i64, entry: &AuditEntry) -> String {
    let mut hasher = Sha256::new();
    hasher.update(b"panel-audit-v1\0");
    hasher.update(previous.as_bytes());
    hasher.update(seq.to_be_bytes());
    hasher.update(entry.at.to_be_bytes());
    for field in [&entry.actor, &entry.action, &entry.subject, &entry.detail, &entry.origin] {
        hasher.update((field.len() as u64).to_be_bytes());
        hasher.update(field.as_bytes());
    }
    hex::encode(hasher.finalize())
}

/// Seals every entry not in the chain yet, oldest first, inside `tx`;
/// returns how many it sealed.
pub(crate) async fn seal_pending(tx: &mut Transaction<'static, Any>, backend: Backend) -> StoreResult<u64> {
    let lock = match backend {
        Backend::Postgres => " FOR UPDATE",
        Backend::Sqlite => "",
    };
    let head =
        sqlx::query(&format!("SELECT seq, hash FROM audit_head WHERE id = 1{lock}")).fetch_one(&mut **tx).await?;
    let (mut seq, mut hash): (i64, String) = (head.try_get("seq")?, head.try_get("hash")?);
    let pending = sqlx::query(
        "SELECT id, at, actor, action, subject, detail, origin FROM audit_log WHERE seq IS NULL ORDER BY id",
    )
    .fetch_all(&mut **tx)
    .await?;
    if pending.is_empty() {
        return Ok(0);
    }
    for row in &pending {
        seq += 1;
        hash = entry_hash(&hash, seq, &AuditEntry::from_row(row)?);
        sqlx::query("UPDATE audit_log SET seq = $1, hash = $2 WHERE id = $3")
            .bind(seq)
            .bind(&hash)
            .bind(row.try_get::<i64, _>("id")?)
            .execute(&mut **tx)
            .await?;
    }
    sqlx::query("UPDATE audit_head SET seq = $1, hash = $2 WHERE id = 1")
        .bind(seq)
        .bind(&hash)
        .execute(&mut **tx)
        .await?;
    Ok(pending.len() as u64)
}

/// What `panel audit verify` found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditVerification {
    /// Entries checked, in chain order.
    pub checked: i64,
    /// The last sealed entry according to `audit_head`.
    pub head_seq: i64,
    pub head_hash: String,
    /// Entries written but not sealed yet (a write in progress, or one cut
    /// short: they are sealed when the store next opens).
    pub pending: i64,
    /// The first place the chain is broken; `None` when it holds.
    pub problem: Option<AuditProblem>,
}

/// Where the chain breaks. Positions only: the log is not quoted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
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
    /// Seals entries left unsealed (by a process stopped between a batch of
    /// answers and its seal, or written before the chain existed).
    pub async fn seal_audit(&self) -> StoreResult<u64> {
        let mut w = self.write().await?;
        let sealed = seal_pending(&mut w.tx, self.backend).await?;
        w.commit().await?;
        Ok(sealed)
    }

    /// Walks the chain from its first entry and reports the first break;
    /// `expect` is a `(seq, hash)` recorded earlier that must still hold.
    pub async fn verify_audit(&self, expect: Option<(i64, &str)>) -> StoreResult<AuditVerification> {
        let head = sqlx::query("SELECT seq, hash FROM audit_head WHERE id = 1").fetch_one(&self.pool).await?;
        let (head_seq, head_hash): (i64, String) = (head.try_get("seq")?, head.try_get("hash")?);
        let pending: i64 = sqlx::query("SELECT COUNT(*) AS n FROM audit_log WHERE seq IS NULL")
            .fetch_one(&self.pool)
            .await?
            .try_get("n")?;
        let mut report = AuditVerification { checked: 0, head_seq, head_hash, pending, problem: None };
        let (mut last_seq, mut last_hash) = (0_i64, GENESIS.to_owned());
        let mut expected_seen = false;
        'pages: loop {
            let rows = sqlx::query(
                "SELECT seq, hash, at, actor, action, subject, detail, origin FROM audit_log \
                 WHERE seq > $1 ORDER BY seq LIMIT $2",
            )
            .bind(last_seq)
            .bind(VERIFY_PAGE)
            .fetch_all(&self.pool)
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
                if entry_hash(&last_hash, seq, &AuditEntry::from_row(row)?) != stored {
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
}

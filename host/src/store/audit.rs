//! The audit log: who read or changed which candidate data, when and from
//! where. Append-only: nothing here updates or deletes an entry, and every
//! entry is sealed into a hash chain (`audit_chain.rs`), so one edited or
//! deleted later is found: on SQLite before its transaction commits, on
//! PostgreSQL by the store's sealer within about a second after.

use serde::{Deserialize, Serialize};
use sqlx::Row;

use super::{Backend, Store, StoreResult, WriteTx, now_ms};

/// One audit entry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct AuditEntry {
    pub at: i64,
    /// `user:<id>`, `candidate:<invitation id>` or `system`.
    pub actor: String,
    /// e.g. `session.start`, `answer.submit`, `report.read`.
    pub action: String,
    /// e.g. `session:42`.
    pub subject: String,
    /// What changed, without personal data.
    pub detail: String,
    /// Where the request came from (an address), when known.
    pub origin: String,
}

/// Who is changing something, for an audit entry written in the same
/// transaction as the change.
#[derive(Debug, Clone, Copy)]
pub struct AuditBy<'a> {
    pub actor: &'a str,
    pub origin: &'a str,
}

/// Writes an audit entry in `w`'s transaction: sealed into the chain before
/// it commits on SQLite; on PostgreSQL, left for the sealer, which its
/// commit wakes.
pub(crate) async fn insert_audit(
    w: &mut WriteTx<'_>,
    by: AuditBy<'_>,
    action: &str,
    subject: &str,
    detail: &str,
) -> StoreResult<()> {
    sqlx::query("INSERT INTO audit_log (at, actor, action, subject, detail, origin) VALUES ($1, $2, $3, $4, $5, $6)")
        .bind(now_ms())
        .bind(by.actor)
        .bind(action)
        .bind(subject)
        .bind(detail)
        .bind(by.origin)
        .execute(&mut *w.tx)
        .await?;
    match w.backend {
        // One writer at a time: sealing here costs no one a wait.
        Backend::Sqlite => {
            super::audit_chain::seal_pending(&mut w.tx, Backend::Sqlite).await?;
        }
        // Sealing takes the chain's head lock, which every audited write of
        // every organisation (and node) would then hold until its commit:
        // the sealer seals the entry once it is committed.
        Backend::Postgres => w.audited = true,
    }
    Ok(())
}

impl AuditEntry {
    pub(super) fn from_row(row: &sqlx::any::AnyRow) -> StoreResult<Self> {
        Ok(AuditEntry {
            at: row.try_get("at")?,
            actor: row.try_get("actor")?,
            action: row.try_get("action")?,
            subject: row.try_get("subject")?,
            detail: row.try_get("detail")?,
            origin: row.try_get("origin")?,
        })
    }
}

impl Store {
    pub async fn audit(&self, actor: &str, action: &str, subject: &str, detail: &str, origin: &str) -> StoreResult<()> {
        let mut w = self.write().await?;
        insert_audit(&mut w, AuditBy { actor, origin }, action, subject, detail).await?;
        w.commit().await
    }

    /// The audit trail of one subject, oldest first.
    pub async fn audit_trail(&self, subject: &str) -> StoreResult<Vec<AuditEntry>> {
        let rows = sqlx::query(
            "SELECT at, actor, action, subject, detail, origin FROM audit_log WHERE subject = $1 ORDER BY id",
        )
        .bind(subject)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(AuditEntry::from_row).collect()
    }
}

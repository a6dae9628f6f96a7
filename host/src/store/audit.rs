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
    // The chain is looked up by the insert itself, not by a query before
    // it: no round trip more inside every audited write.
    let lookup = ChainLookup::new(by.actor, subject);
    let chain = lookup.sql(&(0..lookup.references.len()).map(|i| format!("${}", 7 + i)).collect::<Vec<_>>());
    let sql = format!(
        "INSERT INTO audit_log (at, actor, action, subject, detail, origin, chain_id) \
         VALUES ($1, $2, $3, $4, $5, $6, {chain})"
    );
    let mut insert =
        sqlx::query(&sql).bind(now_ms()).bind(by.actor).bind(action).bind(subject).bind(detail).bind(by.origin);
    for id in lookup.ids() {
        insert = insert.bind(id);
    }
    insert.execute(&mut *w.tx).await?;
    after_insert(w).await
}

/// Writes an audit entry into `chain` (found with [`chain_of`] before
/// what leads to the organisation was deleted), as [`insert_audit`] does.
pub(crate) async fn insert_audit_in(
    w: &mut WriteTx<'_>,
    chain: i64,
    by: AuditBy<'_>,
    action: &str,
    subject: &str,
    detail: &str,
) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO audit_log (at, actor, action, subject, detail, origin, chain_id) VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(now_ms())
    .bind(by.actor)
    .bind(action)
    .bind(subject)
    .bind(detail)
    .bind(by.origin)
    .bind(chain)
    .execute(&mut *w.tx)
    .await?;
    after_insert(w).await
}

/// Seals what was just written, or leaves it to the sealer.
async fn after_insert(w: &mut WriteTx<'_>) -> StoreResult<()> {
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

/// The chain of the entries about no organisation, and of every entry
/// sealed before chains were per organisation (migration 0020).
pub const PLATFORM_CHAIN: i64 = 0;

/// What an audit reference (`session:42`, `user:7`, `candidate:invitation:9`)
/// names, as far as it leads to an organisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Reference {
    Organisation(i64),
    Unit(i64),
    Job(i64),
    Candidate(i64),
    Application(i64),
    Session(i64),
    Invitation(i64),
    User(i64),
}

impl Reference {
    fn parse(reference: &str) -> Option<Self> {
        let (kind, id) = reference.rsplit_once(':')?;
        let id: i64 = id.parse().ok()?;
        Some(match kind {
            "organisation" => Self::Organisation(id),
            "unit" => Self::Unit(id),
            "job" => Self::Job(id),
            "candidate" => Self::Candidate(id),
            "application" => Self::Application(id),
            "session" => Self::Session(id),
            "invitation" | "candidate:invitation" => Self::Invitation(id),
            "user" => Self::User(id),
            _ => return None,
        })
    }

    /// The query for the organisation it belongs to, given its id as `$1`.
    fn organisation_sql(self) -> &'static str {
        match self {
            Self::Organisation(_) => "SELECT id AS organisation_id FROM organisations WHERE id = $1",
            Self::Unit(_) => "SELECT organisation_id FROM org_units WHERE id = $1",
            Self::Job(_) => "SELECT organisation_id FROM jobs WHERE id = $1",
            Self::Candidate(_) => "SELECT organisation_id FROM candidates WHERE id = $1",
            Self::Application(_) => {
                "SELECT j.organisation_id FROM applications a JOIN jobs j ON j.id = a.job_id WHERE a.id = $1"
            }
            Self::Session(_) => {
                "SELECT j.organisation_id FROM interview_sessions s JOIN applications a ON a.id = s.application_id \
                 JOIN jobs j ON j.id = a.job_id WHERE s.id = $1"
            }
            Self::Invitation(_) => {
                "SELECT j.organisation_id FROM invitations i JOIN applications a ON a.id = i.application_id \
                 JOIN jobs j ON j.id = a.job_id WHERE i.id = $1"
            }
            Self::User(_) => "SELECT organisation_id FROM users WHERE id = $1",
        }
    }

    fn id(self) -> i64 {
        match self {
            Self::Organisation(id)
            | Self::Unit(id)
            | Self::Job(id)
            | Self::Candidate(id)
            | Self::Application(id)
            | Self::Session(id)
            | Self::Invitation(id)
            | Self::User(id) => id,
        }
    }
}

/// The chain an entry goes into: the organisation of its subject, else of
/// its actor (a staff member's, a candidate's invitation's), else the
/// platform's. Looked up in the writing transaction, so the rows it leads
/// through are there (an erasure audits before it deletes); the caller
/// cannot name another organisation's chain. One SQL expression, for
/// every way an entry is written.
pub(crate) struct ChainLookup {
    references: Vec<Reference>,
}

impl ChainLookup {
    pub(crate) fn new(actor: &str, subject: &str) -> Self {
        Self { references: [subject, actor].into_iter().filter_map(Reference::parse).collect() }
    }

    /// The ids the expression's placeholders take, in order.
    pub(crate) fn ids(&self) -> impl Iterator<Item = i64> + '_ {
        self.references.iter().map(|r| r.id())
    }

    /// The expression, with `placeholders[i]` where the `i`th id binds.
    pub(crate) fn sql(&self, placeholders: &[String]) -> String {
        let lookups: Vec<String> = self
            .references
            .iter()
            .zip(placeholders)
            .map(|(r, placeholder)| format!("({})", r.organisation_sql().replace("$1", placeholder)))
            .collect();
        // SQLite's COALESCE wants two arguments at least.
        match lookups.as_slice() {
            [] => PLATFORM_CHAIN.to_string(),
            _ => format!("COALESCE({}, {PLATFORM_CHAIN})", lookups.join(", ")),
        }
    }
}

/// [`ChainLookup`] run on its own, for a write that deletes what leads to
/// the organisation before it audits (erasure).
pub(crate) async fn chain_of(w: &mut WriteTx<'_>, actor: &str, subject: &str) -> StoreResult<i64> {
    let lookup = ChainLookup::new(actor, subject);
    if lookup.references.is_empty() {
        return Ok(PLATFORM_CHAIN);
    }
    let placeholders: Vec<String> = (1..=lookup.references.len()).map(|i| format!("${i}")).collect();
    let sql = format!("SELECT {}", lookup.sql(&placeholders));
    let mut query = sqlx::query_scalar(&sql);
    for id in lookup.ids() {
        query = query.bind(id);
    }
    Ok(query.fetch_one(&mut *w.tx).await?)
}

impl Store {
    /// The organisation an audit reference (`candidate:12`, `session:40`,
    /// `user:3`…) belongs to, if it still exists.
    pub async fn organisation_of(&self, reference: &str) -> StoreResult<Option<i64>> {
        let Some(reference) = Reference::parse(reference) else { return Ok(None) };
        Ok(sqlx::query_scalar(reference.organisation_sql()).bind(reference.id()).fetch_optional(&self.pool).await?)
    }
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

    /// The audit trail of one subject in organisation `chain`'s chain (and,
    /// `with_platform`, in the platform's, where entries sealed before
    /// chains were per organisation are), oldest first.
    pub async fn audit_trail_in(&self, chain: i64, subject: &str, with_platform: bool) -> StoreResult<Vec<AuditEntry>> {
        let rows = sqlx::query(
            "SELECT at, actor, action, subject, detail, origin FROM audit_log \
             WHERE subject = $1 AND (chain_id = $2 OR ($3 AND chain_id = $4)) ORDER BY id",
        )
        .bind(subject)
        .bind(chain)
        .bind(with_platform)
        .bind(PLATFORM_CHAIN)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(AuditEntry::from_row).collect()
    }

    /// The audit trail of one subject, in every chain, oldest first.
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

#[cfg(test)]
mod tests {
    use super::Reference;

    #[test]
    fn references_name_what_leads_to_an_organisation() {
        assert_eq!(Reference::parse("session:42"), Some(Reference::Session(42)));
        assert_eq!(Reference::parse("candidate:invitation:9"), Some(Reference::Invitation(9)));
        assert_eq!(Reference::parse("candidate:7"), Some(Reference::Candidate(7)));
        assert_eq!(Reference::parse("user:3"), Some(Reference::User(3)));
        for other in ["system", "panel (automation)", "binding:rubric-star", "session:", "session:x", "cli:keys"] {
            assert_eq!(Reference::parse(other), None, "{other}");
        }
    }
}

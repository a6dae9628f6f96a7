//! The erasure ledger: the candidates erased, by id, with when and why
//! (migration 0021). Written in the erasure's own transaction; read when a
//! backup is restored, to erase again whoever the backup still holds.

use serde::{Deserialize, Serialize};
use sqlx::Row;

use super::{Store, StoreResult, WriteTx};

/// One erasure, as the ledger keeps it: ids only.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ErasedCandidate {
    pub candidate_id: i64,
    /// The organisation they belonged to (0 if it could not be found).
    pub organisation_id: i64,
    pub erased_at: i64,
    /// `candidate.erase`, `retention.purge` or `erasure.replay`.
    pub reason: String,
}

/// Records an erasure in `w`'s transaction; a candidate erased again
/// (a replay) keeps their first entry.
pub(crate) async fn record(w: &mut WriteTx<'_>, entry: &ErasedCandidate) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO erasure_ledger (candidate_id, organisation_id, erased_at, reason) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (candidate_id) DO NOTHING",
    )
    .bind(entry.candidate_id)
    .bind(entry.organisation_id)
    .bind(entry.erased_at)
    .bind(&entry.reason)
    .execute(&mut *w.tx)
    .await?;
    Ok(())
}

impl Store {
    /// Every erasure, oldest first.
    pub async fn erasure_ledger(&self) -> StoreResult<Vec<ErasedCandidate>> {
        let rows = sqlx::query(
            "SELECT candidate_id, organisation_id, erased_at, reason FROM erasure_ledger ORDER BY erased_at, candidate_id",
        )
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(ErasedCandidate::from_row).collect()
    }
}

impl ErasedCandidate {
    pub(super) fn from_row(row: &sqlx::any::AnyRow) -> StoreResult<Self> {
        Ok(ErasedCandidate {
            candidate_id: row.try_get("candidate_id")?,
            organisation_id: row.try_get("organisation_id")?,
            erased_at: row.try_get("erased_at")?,
            reason: row.try_get("reason")?,
        })
    }
}

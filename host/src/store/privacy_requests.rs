//! What a compliance officer works from, for one organisation: the erasure
//! requests still open (and whether a legal hold keeps them waiting), those
//! completed lately, the legal holds, and the latest erasures of the
//! ledger. Ids, times and case references only: no candidate's name.

use serde::Serialize;
use sqlx::Row;

use super::{ErasedCandidate, LegalHold, Store, StoreResult};

/// Completed requests and erasures shown, newest first.
const RECENT: i64 = 50;

/// An erasure request: the candidate's own (`candidate:invitation:<id>`)
/// or made for them by staff (`user:<id>`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct ErasureRequest {
    pub id: i64,
    pub candidate_id: i64,
    pub requested_by: String,
    pub requested_at: i64,
    /// When the law the region's pack follows wants it done.
    pub due_at: i64,
    pub completed_at: Option<i64>,
    /// A legal hold on the candidate keeps it waiting (the scheduler
    /// completes it once the hold is lifted).
    pub held: bool,
}

/// An organisation's personal-data requests.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct PersonalDataRequests {
    /// Open requests, the soonest due first.
    pub open: Vec<ErasureRequest>,
    /// The latest completed requests, newest first.
    pub completed: Vec<ErasureRequest>,
    /// Legal holds, oldest first.
    pub legal_holds: Vec<LegalHold>,
    /// The latest erasures (on request, by the retention rules or replayed
    /// after a restore), newest first.
    pub erased: Vec<ErasedCandidate>,
}

fn request(row: &sqlx::any::AnyRow) -> StoreResult<ErasureRequest> {
    Ok(ErasureRequest {
        id: row.try_get("id")?,
        candidate_id: row.try_get("candidate_id")?,
        requested_by: row.try_get("requested_by")?,
        requested_at: row.try_get("requested_at")?,
        due_at: row.try_get("due_at")?,
        completed_at: row.try_get("completed_at")?,
        held: row.try_get::<i64, _>("held")? > 0,
    })
}

const REQUESTS: &str = "SELECT r.id, r.candidate_id, r.requested_by, r.requested_at, r.due_at, r.completed_at, \
     (SELECT COUNT(*) FROM legal_holds h WHERE h.candidate_id = r.candidate_id) AS held \
     FROM erasure_requests r WHERE r.organisation_id = $1";

impl Store {
    /// Organisation `organisation_id`'s personal-data requests.
    pub async fn personal_data_requests(&self, organisation_id: i64) -> StoreResult<PersonalDataRequests> {
        let open = sqlx::query(&format!("{REQUESTS} AND r.completed_at IS NULL ORDER BY r.due_at, r.id"))
            .bind(organisation_id)
            .fetch_all(&self.pool)
            .await?;
        let completed = sqlx::query(&format!(
            "{REQUESTS} AND r.completed_at IS NOT NULL ORDER BY r.completed_at DESC, r.id DESC LIMIT $2"
        ))
        .bind(organisation_id)
        .bind(RECENT)
        .fetch_all(&self.pool)
        .await?;
        let holds = sqlx::query(
            "SELECT h.candidate_id, h.reason, h.placed_by, h.placed_at FROM legal_holds h \
             JOIN candidates c ON c.id = h.candidate_id WHERE c.organisation_id = $1 ORDER BY h.placed_at, h.candidate_id",
        )
        .bind(organisation_id)
        .fetch_all(&self.pool)
        .await?;
        let erased = sqlx::query(
            "SELECT candidate_id, organisation_id, erased_at, reason FROM erasure_ledger WHERE organisation_id = $1 \
             ORDER BY erased_at DESC, candidate_id DESC LIMIT $2",
        )
        .bind(organisation_id)
        .bind(RECENT)
        .fetch_all(&self.pool)
        .await?;
        Ok(PersonalDataRequests {
            open: open.iter().map(request).collect::<StoreResult<_>>()?,
            completed: completed.iter().map(request).collect::<StoreResult<_>>()?,
            legal_holds: holds.iter().map(LegalHold::from_row).collect::<StoreResult<_>>()?,
            erased: erased.iter().map(ErasedCandidate::from_row).collect::<StoreResult<_>>()?,
        })
    }
}

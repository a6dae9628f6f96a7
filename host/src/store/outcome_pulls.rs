//! Outcomes pulled by connectors: where each binding's next pull continues,
//! what the last one did, and finding the hire a pulled record is about.

use serde::Serialize;
use sqlx::Row;

use super::{Store, StoreResult};

/// A binding's pulling so far.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct OutcomePullState {
    pub binding_id: i64,
    pub plugin_id: String,
    /// Empty before the first pull.
    #[serde(skip)]
    pub cursor: String,
    pub last_pulled_at: i64,
    pub recorded: i64,
    pub ignored: i64,
    pub refused: i64,
    /// Why the last pull failed; empty when it did not.
    pub last_error: String,
}

/// The hire a pulled record is about: its application and job.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PulledHire {
    pub application_id: i64,
    pub job_id: i64,
}

const COLUMNS: &str = "binding_id, plugin_id, cursor, last_pulled_at, recorded, ignored, refused, last_error";

fn state_from_row(row: &sqlx::any::AnyRow) -> StoreResult<OutcomePullState> {
    Ok(OutcomePullState {
        binding_id: row.try_get("binding_id")?,
        plugin_id: row.try_get("plugin_id")?,
        cursor: row.try_get("cursor")?,
        last_pulled_at: row.try_get("last_pulled_at")?,
        recorded: row.try_get("recorded")?,
        ignored: row.try_get("ignored")?,
        refused: row.try_get("refused")?,
        last_error: row.try_get("last_error")?,
    })
}

impl Store {
    /// A binding's pulling so far; `None` before its first pull.
    pub async fn outcome_pull(&self, binding_id: i64) -> StoreResult<Option<OutcomePullState>> {
        let row = sqlx::query(&format!("SELECT {COLUMNS} FROM outcome_pulls WHERE binding_id = $1"))
            .bind(binding_id)
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(state_from_row).transpose()
    }

    /// Every binding's pulling in an organisation, by binding.
    pub async fn outcome_pulls(&self, organisation_id: i64) -> StoreResult<Vec<OutcomePullState>> {
        let rows =
            sqlx::query(&format!("SELECT {COLUMNS} FROM outcome_pulls WHERE organisation_id = $1 ORDER BY binding_id"))
                .bind(organisation_id)
                .fetch_all(&self.pool)
                .await?;
        rows.iter().map(state_from_row).collect()
    }

    /// Saves where a binding's next pull continues and what this one did.
    pub async fn save_outcome_pull(&self, organisation_id: i64, state: &OutcomePullState) -> StoreResult<()> {
        let mut w = self.write().await?;
        sqlx::query(
            "INSERT INTO outcome_pulls (binding_id, organisation_id, plugin_id, cursor, last_pulled_at, recorded, \
             ignored, refused, last_error) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) \
             ON CONFLICT (binding_id) DO UPDATE SET plugin_id = excluded.plugin_id, cursor = excluded.cursor, \
             last_pulled_at = excluded.last_pulled_at, recorded = excluded.recorded, ignored = excluded.ignored, \
             refused = excluded.refused, last_error = excluded.last_error",
        )
        .bind(state.binding_id)
        .bind(organisation_id)
        .bind(&state.plugin_id)
        .bind(&state.cursor)
        .bind(state.last_pulled_at)
        .bind(state.recorded)
        .bind(state.ignored)
        .bind(state.refused)
        .bind(&state.last_error)
        .execute(&mut *w.tx)
        .await?;
        w.commit().await
    }

    /// The hire of `candidate_id` for `job_id` in the organisation: an
    /// application that reached onboarding.
    pub async fn hire_by_ids(
        &self,
        organisation_id: i64,
        candidate_id: i64,
        job_id: i64,
    ) -> StoreResult<Option<PulledHire>> {
        let row = sqlx::query(
            "SELECT a.id, a.job_id FROM applications a JOIN jobs j ON j.id = a.job_id \
             WHERE a.candidate_id = $1 AND a.job_id = $2 AND j.organisation_id = $3 \
             AND EXISTS (SELECT 1 FROM lifecycle_events e WHERE e.application_id = a.id AND e.kind = 'candidate.hired')",
        )
        .bind(candidate_id)
        .bind(job_id)
        .bind(organisation_id)
        .fetch_optional(&self.pool)
        .await?;
        row.map(|r| Ok(PulledHire { application_id: r.try_get(0)?, job_id: r.try_get(1)? })).transpose()
    }

    /// The hire whose `candidate.hired` event `plugin_id` applied in the other
    /// system under `reference` (the connector's `applied` or `duplicate`
    /// answer).
    pub async fn hire_by_reference(
        &self,
        organisation_id: i64,
        plugin_id: &str,
        reference: &str,
    ) -> StoreResult<Option<PulledHire>> {
        let row = sqlx::query(
            "SELECT e.application_id, e.job_id FROM deliveries d JOIN lifecycle_events e ON e.seq = d.event_seq \
             WHERE d.plugin_id = $1 AND d.outcome IN ($2, $3) AND d.organisation_id = $4 AND d.state = 'delivered' \
             AND e.kind = 'candidate.hired' ORDER BY e.seq DESC LIMIT 1",
        )
        .bind(plugin_id)
        .bind(format!("applied {reference}"))
        .bind(format!("duplicate {reference}"))
        .bind(organisation_id)
        .fetch_optional(&self.pool)
        .await?;
        row.map(|r| Ok(PulledHire { application_id: r.try_get(0)?, job_id: r.try_get(1)? })).transpose()
    }
}

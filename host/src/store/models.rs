//! A job's competency model versions, and the re-weightings proposed from
//! later outcomes that a person accepts (as the next version) or rejects.

use serde::{Deserialize, Serialize};
use sqlx::Row;
use sqlx::any::AnyRow;

use super::audit::{AuditBy, insert_audit};
use super::{Store, StoreError, StoreResult, from_json, to_json};
use crate::domain::Dimension;
use crate::engine::analytics::Reweighting;

/// One version of a job's competency model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct CompetencyModel {
    pub job_id: i64,
    pub version: i64,
    pub dimensions: Vec<Dimension>,
    /// `created`, or `reweighted (proposal N)`.
    pub origin: String,
    pub created_by: String,
    pub created_at: i64,
}

/// Where a proposal stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "kebab-case")]
pub enum ProposalStatus {
    Proposed,
    Accepted,
    Rejected,
}

impl ProposalStatus {
    fn as_str(self) -> &'static str {
        match self {
            ProposalStatus::Proposed => "proposed",
            ProposalStatus::Accepted => "accepted",
            ProposalStatus::Rejected => "rejected",
        }
    }

    fn parse(s: &str) -> Option<Self> {
        match s {
            "proposed" => Some(ProposalStatus::Proposed),
            "accepted" => Some(ProposalStatus::Accepted),
            "rejected" => Some(ProposalStatus::Rejected),
            _ => None,
        }
    }
}

/// A stored proposal.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct WeightProposal {
    pub id: i64,
    pub job_id: i64,
    /// The model version it would replace.
    pub base_version: i64,
    pub reweighting: Reweighting,
    pub status: ProposalStatus,
    pub created_by: String,
    pub created_at: i64,
    pub decided_by: Option<String>,
    pub decided_at: Option<i64>,
    pub note: String,
}

const PROPOSAL_COLUMNS: &str =
    "id, job_id, base_version, proposal, status, created_by, created_at, decided_by, decided_at, note";

impl Store {
    /// Every version of a job's competency model, oldest first.
    pub async fn competency_models(&self, job_id: i64) -> StoreResult<Vec<CompetencyModel>> {
        let rows = sqlx::query(
            "SELECT job_id, version, dimensions, origin, created_by, created_at FROM competency_models \
             WHERE job_id = $1 ORDER BY version",
        )
        .bind(job_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(model_from_row).collect()
    }

    /// One version of a job's competency model.
    pub async fn competency_model(&self, job_id: i64, version: i64) -> StoreResult<CompetencyModel> {
        let row = sqlx::query(
            "SELECT job_id, version, dimensions, origin, created_by, created_at FROM competency_models \
             WHERE job_id = $1 AND version = $2",
        )
        .bind(job_id)
        .bind(version)
        .fetch_optional(&self.pool)
        .await?
        .ok_or_else(|| StoreError::Conflict(format!("job {job_id} has no competency model version {version}")))?;
        model_from_row(&row)
    }

    /// Stores a proposal; audited.
    pub async fn propose_weights(
        &self,
        job_id: i64,
        base_version: i64,
        reweighting: &Reweighting,
        at: i64,
        by: AuditBy<'_>,
    ) -> StoreResult<WeightProposal> {
        let mut w = self.write().await?;
        let id: i64 = sqlx::query(
            "INSERT INTO weight_proposals (job_id, base_version, measure, proposal, status, created_by, created_at) \
             VALUES ($1, $2, $3, $4, 'proposed', $5, $6) RETURNING id",
        )
        .bind(job_id)
        .bind(base_version)
        .bind(reweighting.measure.as_str())
        .bind(to_json(reweighting))
        .bind(by.actor)
        .bind(at)
        .fetch_one(&mut *w.tx)
        .await?
        .try_get(0)?;
        insert_audit(&mut w, by, "weights.propose", &format!("job:{job_id}"), &format!("proposal:{id}")).await?;
        w.commit().await?;
        self.weight_proposal(id).await
    }

    pub async fn weight_proposal(&self, id: i64) -> StoreResult<WeightProposal> {
        let row = sqlx::query(&format!("SELECT {PROPOSAL_COLUMNS} FROM weight_proposals WHERE id = $1"))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?
            .ok_or_else(|| StoreError::not_found("weight proposal", id))?;
        proposal_from_row(&row)
    }

    /// A job's proposals, newest first.
    pub async fn weight_proposals(&self, job_id: i64) -> StoreResult<Vec<WeightProposal>> {
        let rows =
            sqlx::query(&format!("SELECT {PROPOSAL_COLUMNS} FROM weight_proposals WHERE job_id = $1 ORDER BY id DESC"))
                .bind(job_id)
                .fetch_all(&self.pool)
                .await?;
        rows.iter().map(proposal_from_row).collect()
    }

    /// Accepts a proposal: its weights become the job's next competency
    /// model version (thresholds unchanged), in one transaction with the
    /// decision and its audit entry. Refused if the job's model moved on
    /// since the proposal was made, or it was decided already.
    pub async fn accept_weights(&self, id: i64, note: &str, at: i64, by: AuditBy<'_>) -> StoreResult<CompetencyModel> {
        let proposal = self.weight_proposal(id).await?;
        let job = self.job(proposal.job_id).await?;
        if proposal.status != ProposalStatus::Proposed {
            return Err(StoreError::Conflict(format!("proposal {id} was {} already", proposal.status.as_str())));
        }
        if job.model_version != proposal.base_version {
            return Err(StoreError::Conflict(format!(
                "proposal {id} re-weights version {} of the competency model, but the job is at version {} now",
                proposal.base_version, job.model_version
            )));
        }
        let mut dimensions = job.profile.dimensions.clone();
        for d in &mut dimensions {
            if let Some(w) = proposal.reweighting.weights.iter().find(|w| w.dimension == d.id) {
                d.weight = w.proposed as f32;
            }
        }
        let version = job.model_version + 1;
        let origin = format!("reweighted (proposal {id})");
        let mut w = self.write().await?;
        // Only a proposal still open, for the version the job is at, moves it.
        let moved = sqlx::query(
            "UPDATE jobs SET competencies = $1, model_version = $2 WHERE id = $3 AND model_version = $4 \
             AND EXISTS (SELECT 1 FROM weight_proposals p WHERE p.id = $5 AND p.status = 'proposed')",
        )
        .bind(to_json(&dimensions))
        .bind(version)
        .bind(job.id)
        .bind(proposal.base_version)
        .bind(id)
        .execute(&mut *w.tx)
        .await?
        .rows_affected();
        if moved != 1 {
            return Err(StoreError::Conflict(format!("proposal {id} was decided, or the model changed, meanwhile")));
        }
        sqlx::query(
            "INSERT INTO competency_models (job_id, version, dimensions, origin, created_by, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(job.id)
        .bind(version)
        .bind(to_json(&dimensions))
        .bind(&origin)
        .bind(by.actor)
        .bind(at)
        .execute(&mut *w.tx)
        .await?;
        decide(&mut w, id, ProposalStatus::Accepted, note, at, by).await?;
        insert_audit(
            &mut w,
            by,
            "weights.accept",
            &format!("job:{}", job.id),
            &format!("proposal:{id} version:{version}"),
        )
        .await?;
        w.commit().await?;
        Ok(CompetencyModel {
            job_id: job.id,
            version,
            dimensions,
            origin,
            created_by: by.actor.to_owned(),
            created_at: at,
        })
    }

    /// Rejects a proposal; the model stays as it is.
    pub async fn reject_weights(&self, id: i64, note: &str, at: i64, by: AuditBy<'_>) -> StoreResult<WeightProposal> {
        let proposal = self.weight_proposal(id).await?;
        if proposal.status != ProposalStatus::Proposed {
            return Err(StoreError::Conflict(format!("proposal {id} was {} already", proposal.status.as_str())));
        }
        let mut w = self.write().await?;
        decide(&mut w, id, ProposalStatus::Rejected, note, at, by).await?;
        insert_audit(&mut w, by, "weights.reject", &format!("job:{}", proposal.job_id), &format!("proposal:{id}"))
            .await?;
        w.commit().await?;
        self.weight_proposal(id).await
    }
}

async fn decide(
    w: &mut super::WriteTx<'_>,
    id: i64,
    status: ProposalStatus,
    note: &str,
    at: i64,
    by: AuditBy<'_>,
) -> StoreResult<()> {
    let changed = sqlx::query(
        "UPDATE weight_proposals SET status = $1, decided_by = $2, decided_at = $3, note = $4 \
         WHERE id = $5 AND status = 'proposed'",
    )
    .bind(status.as_str())
    .bind(by.actor)
    .bind(at)
    .bind(note)
    .bind(id)
    .execute(&mut *w.tx)
    .await?
    .rows_affected();
    if changed != 1 {
        return Err(StoreError::Conflict(format!("proposal {id} was decided meanwhile")));
    }
    Ok(())
}

fn model_from_row(row: &AnyRow) -> StoreResult<CompetencyModel> {
    Ok(CompetencyModel {
        job_id: row.try_get("job_id")?,
        version: row.try_get("version")?,
        dimensions: from_json("competency model", &row.try_get::<String, _>("dimensions")?)?,
        origin: row.try_get("origin")?,
        created_by: row.try_get("created_by")?,
        created_at: row.try_get("created_at")?,
    })
}

fn proposal_from_row(row: &AnyRow) -> StoreResult<WeightProposal> {
    let status: String = row.try_get("status")?;
    Ok(WeightProposal {
        id: row.try_get("id")?,
        job_id: row.try_get("job_id")?,
        base_version: row.try_get("base_version")?,
        reweighting: from_json("weight proposal", &row.try_get::<String, _>("proposal")?)?,
        status: ProposalStatus::parse(&status)
            .ok_or_else(|| StoreError::Corrupt { what: "weight proposal", reason: "status".into() })?,
        created_by: row.try_get("created_by")?,
        created_at: row.try_get("created_at")?,
        decided_by: row.try_get("decided_by")?,
        decided_at: row.try_get("decided_at")?,
        note: row.try_get("note")?,
    })
}

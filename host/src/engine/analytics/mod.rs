//! Closing the loop: what happens to candidates after the interview, read
//! back against it. The hiring funnel and how long each stage takes
//! (`funnel`), and whether the interview predicts later performance and how
//! the AI and the interviewers agree (`validity`), with the statistics they
//! share written out (`stats`). The store reads the rows; this module only
//! computes.

pub mod funnel;
pub mod reweight;
pub mod stats;
pub mod validity;

use std::collections::BTreeMap;

pub use self::funnel::{Funnel, InvitationFigures, StageFigures};
pub use self::reweight::{RankChange, ReweightError, Reweighting, WeightChange};
pub use self::stats::{Correlation, MeanDifference, Moments};
pub use self::validity::{
    Agreement, Calibration, DimensionValidity, Leaning, OutcomeMeasure, QuestionValidity, Validity,
};
use super::{Engine, EngineError};
use crate::store::FunnelQuery;

impl Engine {
    /// The funnel and flow of `job_ids` for the applications made in
    /// `[from, to)`.
    pub async fn funnel(&self, job_ids: &[i64], from: i64, to: i64) -> Result<Funnel, EngineError> {
        let rows = self.store.funnel(FunnelQuery { job_ids, from, to, now: self.now_ms() }).await?;
        Ok(funnel::funnel(&rows))
    }

    /// Proposes new weights for a job's competency model from its hires'
    /// outcomes, and stores the proposal for a person to decide.
    pub async fn propose_weights(
        &self,
        job_id: i64,
        measure: OutcomeMeasure,
        by: crate::store::AuditBy<'_>,
    ) -> Result<crate::store::WeightProposal, EngineError> {
        let job = self.store.job(job_id).await?;
        let ranked = self.store.job_scores(job_id).await?;
        let scored: Vec<_> = ranked.iter().map(|(a, _)| a.clone()).collect();
        let outcomes = self.store.outcomes_of_jobs(&[job_id]).await?;
        let reweighting = reweight::propose(&job.profile.dimensions, &scored, &outcomes, measure, &ranked)
            .map_err(|e| EngineError::Store(crate::store::StoreError::Conflict(e.to_string())))?;
        Ok(self.store.propose_weights(job_id, job.model_version, &reweighting, self.now_ms(), by).await?)
    }

    /// Validity, agreement and calibration over `job_ids`.
    pub async fn validity(&self, job_ids: &[i64], measure: OutcomeMeasure) -> Result<Validity, EngineError> {
        let names = async {
            let mut names = BTreeMap::new();
            for &job_id in job_ids {
                let job = self.store.job(job_id).await?;
                for d in &job.profile.dimensions {
                    names.entry(d.id.clone()).or_insert_with(|| d.name.clone());
                }
            }
            Ok(names)
        };
        let (rows, outcomes, names) =
            tokio::try_join!(self.store.validity_rows(job_ids, measure), self.store.outcomes_of_jobs(job_ids), names)?;
        Ok(validity::validity(&rows, &outcomes, measure, &names))
    }
}

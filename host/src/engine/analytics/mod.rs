//! Closing the loop: what happens to candidates after the interview, read
//! back against it. The hiring funnel and how long each stage takes
//! (`funnel`), and whether the interview predicts later performance and how
//! the AI and the interviewers agree (`validity`), with the statistics they
//! share written out (`stats`). The store reads the rows; this module only
//! computes.

pub mod funnel;
pub mod stats;
pub mod validity;

use std::collections::BTreeMap;

pub use self::funnel::{Funnel, InvitationFigures, StageFigures};
pub use self::stats::{Correlation, MeanDifference};
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

    /// Validity, agreement and calibration over `job_ids`.
    pub async fn validity(&self, job_ids: &[i64], measure: OutcomeMeasure) -> Result<Validity, EngineError> {
        let rows = self.store.validity_rows(job_ids).await?;
        let outcomes = self.store.outcomes_of_jobs(job_ids).await?;
        let mut names = BTreeMap::new();
        for &job_id in job_ids {
            let job = self.store.job(job_id).await?;
            for d in &job.profile.dimensions {
                names.entry(d.id.clone()).or_insert_with(|| d.name.clone());
            }
        }
        Ok(validity::validity(&rows, &outcomes, measure, &names))
    }
}

//! Rankings: the best of a job's scored candidates.

use serde::{Deserialize, Serialize};

use super::{Engine, EngineError};
use crate::store::{RankedRow, StoreError};

/// How many to rank.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Top {
    /// The top N percent (rounded up, at least one when any are scored).
    Percent(f32),
    /// The top K.
    Count(u32),
}

/// A job's ranking.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Ranking {
    pub job_id: i64,
    /// How many of the job's candidates have been scored.
    pub scored: u64,
    pub rows: Vec<RankedRow>,
}

impl Top {
    /// How many rows of `scored` this selects.
    pub fn limit(self, scored: u64) -> Result<u32, StoreError> {
        let n = match self {
            Top::Percent(p) if p.is_finite() && p > 0.0 && p <= 100.0 => {
                let n = (scored as f64 * f64::from(p) / 100.0).ceil() as u64;
                n.max(u64::from(scored > 0))
            }
            Top::Percent(_) => return Err(StoreError::invalid("percent", "must be above 0 and at most 100")),
            Top::Count(0) => return Err(StoreError::invalid("count", "must be at least 1")),
            Top::Count(k) => u64::from(k).min(scored),
        };
        Ok(u32::try_from(n).unwrap_or(u32::MAX))
    }
}

impl Engine {
    /// The top of a job's scored candidates, highest composite first; equal
    /// composites keep the order the interviews started in.
    pub async fn rank(&self, job_id: i64, top: Top) -> Result<Ranking, EngineError> {
        self.store.job(job_id).await?;
        let (scored, rows) = self.store.ranked(job_id, |scored| top.limit(scored)).await?;
        Ok(Ranking { job_id, scored, rows })
    }
}

#[cfg(test)]
mod tests {
    use super::Top;

    #[test]
    fn limits_round_up_and_refuse_nonsense() {
        assert_eq!(Top::Percent(10.0).limit(100_000).ok(), Some(10_000));
        assert_eq!(Top::Percent(10.0).limit(15).ok(), Some(2));
        assert_eq!(Top::Percent(1.0).limit(3).ok(), Some(1));
        assert_eq!(Top::Percent(50.0).limit(0).ok(), Some(0));
        assert_eq!(Top::Count(5).limit(3).ok(), Some(3));
        assert!(Top::Percent(0.0).limit(10).is_err());
        assert!(Top::Percent(101.0).limit(10).is_err());
        assert!(Top::Percent(f32::NAN).limit(10).is_err());
        assert!(Top::Count(0).limit(10).is_err());
    }
}

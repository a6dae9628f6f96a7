//! What made a recommendation, kept with it so the interview can be replayed
//! exactly: the competency model version, each rubric plugin's version and
//! configuration, and the circumstances the recommendation weighed.

use serde::{Deserialize, Serialize};

use super::Circumstances;
use crate::kinds::Rubric;
use crate::runtime::PluginRef;
use crate::store::RegionPolicy;

/// A rubric as it scored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RubricUsed {
    pub plugin: PluginRef,
    /// Its configuration (JSON).
    pub config: serde_json::Value,
}

/// What made a recommendation.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Provenance {
    /// The competency model version its dimensions, weights and thresholds came from.
    pub model_version: i64,
    pub rubrics: Vec<RubricUsed>,
    pub policy: RegionPolicy,
    pub review_margin: f32,
    pub unanswered: usize,
    pub failed_scorings: usize,
}

impl Provenance {
    pub fn new(model_version: i64, rubrics: &[std::sync::Arc<dyn Rubric>], circumstances: &Circumstances) -> Self {
        Self {
            model_version,
            rubrics: rubrics
                .iter()
                .map(|r| RubricUsed {
                    plugin: r.plugin().clone(),
                    config: serde_json::from_str(r.configuration()).unwrap_or_else(|_| serde_json::json!({})),
                })
                .collect(),
            policy: circumstances.policy,
            review_margin: circumstances.review_margin,
            unanswered: circumstances.unanswered,
            failed_scorings: circumstances.failed_scorings,
        }
    }

    /// The circumstances to weigh again.
    pub fn circumstances(&self) -> Circumstances {
        Circumstances {
            policy: self.policy,
            review_margin: self.review_margin,
            unanswered: self.unanswered,
            failed_scorings: self.failed_scorings,
        }
    }
}

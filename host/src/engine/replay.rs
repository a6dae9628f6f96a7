//! Replaying a past interview: its stored answers scored again by the exact
//! rubric plugin versions and configurations that scored them, against the
//! competency model version it was scored with and the circumstances it
//! weighed, and the result compared with what was stored.

use std::collections::BTreeMap;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::scoring::JobContext;
use super::{Decision, Engine, EngineError};
use crate::kinds::Rubric;
use crate::store::{StoreError, StoredScore};

/// What a replay found.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Replay {
    pub session_id: i64,
    pub model_version: i64,
    /// Every score, the composite, the decision and its reasons came out the same.
    pub identical: bool,
    pub stored_composite: f32,
    pub replayed_composite: f32,
    pub stored_decision: Decision,
    pub replayed_decision: Decision,
    /// What differs, in words (empty when identical).
    pub differences: Vec<String>,
}

impl Engine {
    /// Replays a scored session; refused when it was scored before the
    /// provenance was kept, or a plugin version it used is no longer
    /// installed (named).
    pub async fn replay(&self, session_id: i64) -> Result<Replay, EngineError> {
        let conflict = |message: String| EngineError::Store(StoreError::Conflict(message));
        let provenance = self.store.provenance(session_id).await?.ok_or_else(|| {
            conflict(format!("session {session_id} was scored before Panel kept what scored it; it cannot be replayed"))
        })?;
        let stored = self
            .store
            .recommendation(session_id)
            .await?
            .ok_or_else(|| conflict(format!("session {session_id} has not been scored")))?;
        let session = self.session(session_id).await?;
        let answers = self.store.answers(session_id).await?;
        let mut job = self.store.job_of_application(session.application_id).await?;
        let model = self.store.competency_model(job.id, provenance.model_version).await?;
        job.profile.dimensions = model.dimensions;
        job.model_version = model.version;
        let mut rubrics: Vec<Arc<dyn Rubric>> = Vec::new();
        for used in &provenance.rubrics {
            let rubric = self.plugins.rubric_exact(&used.plugin, &used.config.to_string()).ok_or_else(|| {
                conflict(format!(
                    "{} scored this interview and is no longer installed; install it to replay",
                    used.plugin
                ))
            })?;
            rubrics.push(rubric);
        }
        let context = JobContext { job, rubrics, policy: provenance.policy };
        let (scores, recommendation, _) = self.compute(&session, &answers, &context).await;

        let mut differences = Vec::new();
        let key = |s: &StoredScore| (s.answer_id, s.plugin.to_string(), s.score.dimension.clone());
        let old_scores = self.store.scores(session_id).await?;
        let before: BTreeMap<_, &StoredScore> = old_scores.iter().map(|s| (key(s), s)).collect();
        let after: BTreeMap<_, &StoredScore> = scores.iter().map(|s| (key(s), s)).collect();
        for (k, old) in &before {
            match after.get(k) {
                None => differences.push(format!("answer {} {} {}: scored before, not now", k.0, k.1, k.2)),
                Some(new) if new.score != old.score => differences
                    .push(format!("answer {} {} {}: {} then, {} now", k.0, k.1, k.2, old.score.score, new.score.score)),
                Some(_) => {}
            }
        }
        for k in after.keys().filter(|k| !before.contains_key(*k)) {
            differences.push(format!("answer {} {} {}: scored now, not before", k.0, k.1, k.2));
        }
        let old = &stored.recommendation;
        if old.composite != recommendation.composite {
            differences.push(format!("composite {} then, {} now", old.composite, recommendation.composite));
        }
        if old.decision != recommendation.decision {
            differences.push(format!(
                "decision {} then, {} now",
                old.decision.as_str(),
                recommendation.decision.as_str()
            ));
        }
        if old.reasons != recommendation.reasons {
            differences.push("the reasons differ".to_owned());
        }
        Ok(Replay {
            session_id,
            model_version: provenance.model_version,
            identical: differences.is_empty(),
            stored_composite: old.composite,
            replayed_composite: recommendation.composite,
            stored_decision: old.decision,
            replayed_decision: recommendation.decision,
            differences,
        })
    }
}

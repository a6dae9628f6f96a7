//! Which plugins serve a job. Scoped bindings (per region, branch, department
//! and job) implement [`PluginSource`]; [`PluginSet`] serves every job with
//! the same plugins.

use std::sync::Arc;

use crate::kinds::{QuestionBank, Rubric};
use crate::store::Job;

/// The question banks and rubrics bound to a job.
pub trait PluginSource: Send + Sync {
    fn banks_for(&self, job: &Job) -> Vec<Arc<dyn QuestionBank>>;
    fn rubrics_for(&self, job: &Job) -> Vec<Arc<dyn Rubric>>;
}

/// The same plugins for every job.
#[derive(Clone, Default)]
pub struct PluginSet {
    pub banks: Vec<Arc<dyn QuestionBank>>,
    pub rubrics: Vec<Arc<dyn Rubric>>,
}

impl std::fmt::Debug for PluginSet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let banks: Vec<String> = self.banks.iter().map(|b| b.plugin().to_string()).collect();
        let rubrics: Vec<String> = self.rubrics.iter().map(|r| r.plugin().to_string()).collect();
        f.debug_struct("PluginSet").field("banks", &banks).field("rubrics", &rubrics).finish()
    }
}

impl PluginSource for PluginSet {
    fn banks_for(&self, _job: &Job) -> Vec<Arc<dyn QuestionBank>> {
        self.banks.clone()
    }

    fn rubrics_for(&self, _job: &Job) -> Vec<Arc<dyn Rubric>> {
        self.rubrics.clone()
    }
}

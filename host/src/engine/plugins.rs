//! Which plugins serve a job: [`super::ScopedPlugins`] resolves the bindings
//! of the job's scopes against the loaded packages; [`PluginSet`] serves every
//! job with the same plugins (tests, benchmarks).

use std::sync::Arc;

use crate::kinds::{Connector, Notifier, QuestionBank, Rubric};
use crate::runtime::{PluginKind, PluginRef};
use crate::store::Job;

/// The question banks and rubrics bound to a job.
#[async_trait::async_trait]
pub trait PluginSource: Send + Sync {
    async fn banks_for(&self, job: &Job) -> Vec<Arc<dyn QuestionBank>>;
    async fn rubrics_for(&self, job: &Job) -> Vec<Arc<dyn Rubric>>;

    /// The connectors and notifiers switched on for a job, by id: who
    /// receives its lifecycle events (notifiers only those with a message for
    /// the candidate).
    async fn receivers_for(&self, job: &Job) -> Vec<(String, PluginKind)> {
        let _ = job;
        Vec::new()
    }

    /// One notifier switched on for a job, with its binding's configuration.
    async fn notifier_for(&self, job: &Job, plugin_id: &str) -> Option<Arc<dyn Notifier>> {
        let _ = (job, plugin_id);
        None
    }

    /// One connector switched on for a job, with its binding's configuration.
    async fn connector_for(&self, job: &Job, plugin_id: &str) -> Option<Arc<dyn Connector>> {
        let _ = (job, plugin_id);
        None
    }

    /// A rubric of exactly this plugin version, with this configuration,
    /// bound or not: to replay a past interview as it was scored. `None`
    /// when that version is no longer installed.
    fn rubric_exact(&self, plugin: &PluginRef, config: &str) -> Option<Arc<dyn Rubric>> {
        let _ = (plugin, config);
        None
    }
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

#[async_trait::async_trait]
impl PluginSource for PluginSet {
    async fn banks_for(&self, _job: &Job) -> Vec<Arc<dyn QuestionBank>> {
        self.banks.clone()
    }

    async fn rubrics_for(&self, _job: &Job) -> Vec<Arc<dyn Rubric>> {
        self.rubrics.clone()
    }

    fn rubric_exact(&self, plugin: &PluginRef, _config: &str) -> Option<Arc<dyn Rubric>> {
        self.rubrics.iter().find(|r| r.plugin() == plugin).cloned()
    }
}

//! What the rest of the host calls: one trait per kind of plugin. The interview
//! engine, the outbox and the API depend on these, never on generated binding
//! types; the WebAssembly runtime (`crate::runtime`) is one implementor, and a
//! test may provide another.

use async_trait::async_trait;

use crate::domain::{
    Answer, BankInfo, ConnectorInfo, DimensionScore, JobProfile, LifecycleEvent, Message, NotifierInfo, Outcome,
    OutcomePage, PlanRequest, Question, RubricInfo,
};
use crate::runtime::{PluginError, PluginRef};

/// Proposes interview questions from a job's competency model.
#[async_trait]
pub trait QuestionBank: Send + Sync {
    /// Which plugin (id and version) answers, for provenance in plans and reports.
    fn plugin(&self) -> &PluginRef;
    async fn describe(&self) -> Result<BankInfo, PluginError>;
    async fn plan(&self, job: &JobProfile, request: &PlanRequest) -> Result<Vec<Question>, PluginError>;
    async fn follow_up(
        &self,
        job: &JobProfile,
        question: &Question,
        answer: &Answer,
    ) -> Result<Option<Question>, PluginError>;
}

/// Scores answers on competency dimensions, with evidence.
#[async_trait]
pub trait Rubric: Send + Sync {
    fn plugin(&self) -> &PluginRef;
    /// The configuration it scores with (JSON), kept with the scores so a
    /// past interview can be replayed as it was scored.
    fn configuration(&self) -> &str {
        "{}"
    }
    async fn describe(&self) -> Result<RubricInfo, PluginError>;
    async fn score(
        &self,
        job: &JobProfile,
        question: &Question,
        answer: &Answer,
    ) -> Result<Vec<DimensionScore>, PluginError>;
}

/// Carries lifecycle events to another system.
#[async_trait]
pub trait Connector: Send + Sync {
    fn plugin(&self) -> &PluginRef;
    async fn describe(&self) -> Result<ConnectorInfo, PluginError>;
    async fn handle(&self, event: &LifecycleEvent) -> Result<Outcome, PluginError>;
    /// Reads what became of hires after `cursor`, at most `limit` records.
    /// Only called when `describe` says it `pulls_outcomes`.
    async fn pull_outcomes(&self, cursor: &str, limit: u32) -> Result<OutcomePage, PluginError>;
}

/// Sends messages to candidates and staff.
#[async_trait]
pub trait Notifier: Send + Sync {
    fn plugin(&self) -> &PluginRef;
    async fn describe(&self) -> Result<NotifierInfo, PluginError>;
    async fn send(&self, message: &Message) -> Result<String, PluginError>;
}

//! The interview engine: from an application to a frozen plan, answers in
//! order with their timings, scores with evidence, a recommendation with its
//! reasons, rankings and reports. No HTTP here: the API and the CLI call it.
//!
//! - `plan`: builds an interview plan from the question banks;
//! - `interview`: starts sessions and accepts answers and follow-ups;
//! - `scoring`: calls the rubrics and stores every score with its provenance;
//! - `aggregate`: turns scores into a recommendation, a pure function;
//! - `rank` and `report`: what HR reads;
//! - `resume`: the fields a resume states, matched against a job's requirements;
//! - `quality`: how well the bound rubrics score, measured on an evaluation set.

mod aggregate;
pub mod analytics;
mod clock;
mod error;
mod hires;
mod interview;
mod invitations;
mod jobs;
mod lifecycle;
mod messages;
mod outbox;
pub mod outcome_pull;
mod plan;
mod plugins;
mod policy_gate;
mod provenance;
pub mod quality;
mod rank;
pub mod relevance;
mod replay;
mod report;
mod resume;
mod scoped;
mod scoring;
mod transcripts;

use std::sync::Arc;
use std::time::Duration;

pub use self::aggregate::{
    Circumstances, Decision, DimensionResult, DimensionStatus, Recommendation, ScoreInput, aggregate,
};
pub use self::clock::{Clock, ManualClock, SystemClock};
pub use self::error::EngineError;
pub use self::hires::EMPLOYEE_LEFT;
pub use self::interview::{AnswerSubmission, SubmitOutcome};
pub use self::invitations::{Invited, OpenedLink};
pub use self::lifecycle::{AUTOMATION, MoveReason, SCORECARD_RECOMMENDATIONS, reason_for_candidate};
pub use self::outbox::{OutboxConfig, OutboxPass, backoff, rfc3339};
pub use self::plan::{PlanShape, build_plan};
pub use self::plugins::{PluginSet, PluginSource};
pub use self::policy_gate::Refusal as RegionRefusal;
pub use self::provenance::{Provenance, RubricUsed};
pub use self::rank::{Ranking, Top};
pub use self::replay::Replay;
pub use self::report::{AttributedScore, Report, ReportItem};
pub use self::resume::{ResumeMatch, match_resume, parse_resume};
pub use self::scoped::{BINDINGS_TTL, BindError, ScopedPlugins, Serving};
pub use self::scoring::{BatchScored, batch_concurrency};
pub use self::transcripts::Transcribed;
use crate::links::LinkSigner;
use crate::store::Store;

/// Settings of the engine.
#[derive(Debug, Clone)]
pub struct EngineConfig {
    /// The shape of every interview plan.
    pub plan: PlanShape,
    /// Time a session may take beyond the sum of its questions' think and
    /// answer times (reconnects, device trouble) before it expires.
    pub session_slack: Duration,
    /// The longest answer text accepted, in characters.
    pub max_answer_chars: usize,
    /// Signs the candidates' links.
    pub links: LinkSigner,
    /// The address candidates open, for their links (no trailing slash).
    pub public_url: String,
    /// Where batch scoring computes its interviews: the plugin runtime's
    /// threads ([`crate::runtime::PluginRuntime::batch_threads`]), so each
    /// of their calls runs in place instead of being handed over; `None`:
    /// the caller's runtime.
    pub batch_threads: Option<tokio::runtime::Handle>,
}

impl Default for EngineConfig {
    fn default() -> Self {
        Self {
            plan: PlanShape::default(),
            session_slack: Duration::from_secs(30 * 60),
            max_answer_chars: 20_000,
            links: LinkSigner::ephemeral(),
            public_url: "http://127.0.0.1:8080".into(),
            batch_threads: None,
        }
    }
}

/// The interview engine. Cheap to clone.
#[derive(Clone)]
pub struct Engine {
    store: Store,
    plugins: Arc<dyn PluginSource>,
    clock: Arc<dyn Clock>,
    config: Arc<EngineConfig>,
    jobs: Arc<jobs::JobCache>,
}

impl std::fmt::Debug for Engine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Engine").field("store", &self.store).field("config", &self.config).finish_non_exhaustive()
    }
}

impl Engine {
    pub fn new(store: Store, plugins: Arc<dyn PluginSource>, clock: Arc<dyn Clock>, mut config: EngineConfig) -> Self {
        config.public_url = config.public_url.trim_end_matches('/').to_owned();
        Self { store, plugins, clock, config: Arc::new(config), jobs: Arc::default() }
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    pub fn config(&self) -> &EngineConfig {
        &self.config
    }

    /// The engine's clock, in Unix milliseconds.
    pub fn now_ms(&self) -> i64 {
        self.clock.now_ms()
    }
}

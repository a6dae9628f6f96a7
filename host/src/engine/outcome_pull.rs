//! What became of hires, pulled from the systems connectors talk to (API
//! 0.2.0's `outcomes` export; issue 22, item 1). For every enabled connector
//! binding whose plugin says it `pulls_outcomes`, the host asks for the
//! records after the binding's saved cursor, a page at a time, and records
//! each one about a hire **within the binding's scope**: a connector switched
//! on for one department cannot write outcomes for another's hires. Records
//! about anyone else are ignored and counted; records the host refuses (a
//! rating outside the organisation's scale, a departure of someone not hired)
//! are counted as refused, without the record's contents. The cursor is saved
//! after each page, so a pull cut short resumes where it stopped and a
//! record pulled twice changes nothing.

use serde::Serialize;

use super::scoped::ScopedPlugins;
use super::{Engine, EngineError};
use crate::domain::{EmploymentOutcome, EmploymentRecord, Hire};
use crate::packages::scope::Binding;
use crate::runtime::PluginKind;
use crate::store::{AuditBy, NewOutcome, OutcomeKind, OutcomePullState, ProbationResult, PulledHire, StoreError};

/// Records asked for per page.
pub const PAGE: u32 = 100;
/// Pages one binding may give in one pull; the rest waits for the next.
pub const MAX_PAGES: usize = 50;

/// What one binding's pull did.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct PullReport {
    pub binding_id: i64,
    /// The plugin and version that pulled.
    pub plugin: String,
    pub pages: usize,
    pub recorded: i64,
    /// Not a hire of the binding's scope.
    pub ignored: i64,
    /// Refused by the host's own checks.
    pub refused: i64,
    /// Why the pull stopped early, when it did (the plugin's error).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

impl PullReport {
    /// A binding's report before any page: nothing pulled, no error.
    fn nothing_yet(binding: &Binding, plugin: &str) -> Self {
        Self {
            binding_id: binding.id,
            plugin: plugin.to_owned(),
            pages: 0,
            recorded: 0,
            ignored: 0,
            refused: 0,
            error: None,
        }
    }
}

/// What became of one record.
enum Fate {
    Recorded,
    Ignored,
    Refused,
}

impl Engine {
    /// Pulls outcomes for every enabled connector binding of the organisation
    /// that reads them; one report per such binding.
    pub async fn pull_outcomes(
        &self,
        plugins: &ScopedPlugins,
        organisation_id: i64,
    ) -> Result<Vec<PullReport>, EngineError> {
        let mut reports = Vec::new();
        for binding in self.store.bindings(organisation_id).await?.into_iter().filter(|b| b.enabled) {
            let Some(active) = plugins.registry().resolve(&binding.plugin_id, &binding.requirement) else { continue };
            if active.manifest.kind != PluginKind::Connector {
                continue;
            }
            let Ok(connector) = active.plugin.connector(&binding.config.to_string()) else { continue };
            let connector: &dyn crate::kinds::Connector = &connector;
            let span = tracing::info_span!("outcomes.pull", plugin = %active.label(), binding = binding.id);
            let report = async {
                match connector.describe().await {
                    Ok(info) if !info.pulls_outcomes => return Ok(None),
                    Ok(_) => {}
                    Err(e) => return Ok(Some(self.failed_pull(&binding, &active.label(), e.to_string()).await?)),
                }
                self.pull_binding(connector, &binding, &active.label()).await.map(Some)
            };
            let report: Option<PullReport> = tracing::Instrument::instrument(report, span).await?;
            reports.extend(report);
        }
        Ok(reports)
    }

    /// Pulls for every organisation with a connector binding: the scheduled run.
    pub async fn pull_all_outcomes(&self, plugins: &ScopedPlugins) -> Result<Vec<PullReport>, EngineError> {
        let mut organisations: Vec<i64> = self.store.all_bindings().await?.iter().map(|b| b.organisation_id).collect();
        organisations.sort_unstable();
        organisations.dedup();
        let mut reports = Vec::new();
        for organisation_id in organisations {
            reports.extend(self.pull_outcomes(plugins, organisation_id).await?);
        }
        Ok(reports)
    }

    async fn failed_pull(&self, binding: &Binding, plugin: &str, error: String) -> Result<PullReport, EngineError> {
        let mut state = self.pull_state(binding).await?;
        state.last_pulled_at = self.now_ms();
        state.last_error = error.clone();
        self.store.save_outcome_pull(binding.organisation_id, &state).await?;
        tracing::warn!(error = %error, "pulling outcomes failed; the next pull starts from the same cursor");
        Ok(PullReport { error: Some(error), ..PullReport::nothing_yet(binding, plugin) })
    }

    async fn pull_state(&self, binding: &Binding) -> Result<OutcomePullState, EngineError> {
        Ok(self.store.outcome_pull(binding.id).await?.unwrap_or_else(|| OutcomePullState {
            binding_id: binding.id,
            plugin_id: binding.plugin_id.clone(),
            ..OutcomePullState::default()
        }))
    }

    async fn pull_binding(
        &self,
        connector: &dyn crate::kinds::Connector,
        binding: &Binding,
        plugin: &str,
    ) -> Result<PullReport, EngineError> {
        let mut state = self.pull_state(binding).await?;
        let mut report = PullReport::nothing_yet(binding, plugin);
        let started = std::time::Instant::now();
        while report.pages < MAX_PAGES {
            let page = match connector.pull_outcomes(&state.cursor, PAGE).await {
                Ok(page) => page,
                Err(e) => {
                    report.error = Some(e.to_string());
                    break;
                }
            };
            report.pages += 1;
            for record in page.records {
                match self.record_pulled(binding, &record).await? {
                    Fate::Recorded => report.recorded += 1,
                    Fate::Ignored => report.ignored += 1,
                    Fate::Refused => report.refused += 1,
                }
            }
            // Saved after the page is recorded: a pull cut short here pulls
            // the page again, which records nothing twice.
            state.cursor = page.cursor;
            state.last_pulled_at = self.now_ms();
            self.store.save_outcome_pull(binding.organisation_id, &state).await?;
            if !page.more {
                break;
            }
        }
        state.last_pulled_at = self.now_ms();
        (state.recorded, state.ignored, state.refused) = (report.recorded, report.ignored, report.refused);
        state.last_error = report.error.clone().unwrap_or_default();
        self.store.save_outcome_pull(binding.organisation_id, &state).await?;
        tracing::info!(
            pages = report.pages,
            recorded = report.recorded,
            ignored = report.ignored,
            refused = report.refused,
            duration_ms = started.elapsed().as_millis() as u64,
            failed = report.error.is_some(),
            "outcomes pulled"
        );
        Ok(report)
    }

    /// Finds the record's hire within the binding's scope and records it.
    async fn record_pulled(&self, binding: &Binding, record: &EmploymentRecord) -> Result<Fate, EngineError> {
        let organisation_id = binding.organisation_id;
        let hire = match &record.hire {
            Hire::Ids { candidate_id, job_id } => match (candidate_id.parse::<i64>(), job_id.parse::<i64>()) {
                (Ok(candidate_id), Ok(job_id)) => self.store.hire_by_ids(organisation_id, candidate_id, job_id).await?,
                _ => None,
            },
            Hire::Reference(reference) => {
                self.store.hire_by_reference(organisation_id, &binding.plugin_id, reference).await?
            }
        };
        let Some(PulledHire { application_id, job_id }) = hire else { return Ok(Fate::Ignored) };
        if !self.store.scope_chain(job_id).await?.contains(&binding.scope) {
            return Ok(Fate::Ignored);
        }
        let actor = format!("connector:{}", binding.plugin_id);
        let by = AuditBy { actor: &actor, origin: "outcomes.pull" };
        let outcome = match record.outcome {
            EmploymentOutcome::Probation(result) => NewOutcome {
                kind: OutcomeKind::Probation,
                on_date: record.on_date.clone(),
                result: Some(match result {
                    "passed" => ProbationResult::Passed,
                    "failed" => ProbationResult::Failed,
                    _ => ProbationResult::Extended,
                }),
                rating: None,
            },
            EmploymentOutcome::Performance(rating) => NewOutcome {
                kind: OutcomeKind::Performance,
                on_date: record.on_date.clone(),
                result: None,
                rating: Some(rating),
            },
            EmploymentOutcome::Departure(reason) => {
                if self.store.departure(application_id).await?.is_some() {
                    return Ok(Fate::Recorded);
                }
                return match self.record_departure(application_id, &record.on_date, reason, by).await {
                    Ok(_) => Ok(Fate::Recorded),
                    Err(EngineError::InvalidAnswer { .. } | EngineError::Store(StoreError::Conflict(_))) => {
                        Ok(Fate::Refused)
                    }
                    Err(e) => Err(e),
                };
            }
        };
        let scale = self.store.rating_scale(organisation_id).await?;
        if outcome.validate(&scale).is_err() {
            return Ok(Fate::Refused);
        }
        match self.store.record_outcome(application_id, &outcome, &actor, self.now_ms(), by).await {
            Ok(_) => Ok(Fate::Recorded),
            Err(StoreError::Conflict(_) | StoreError::Invalid { .. }) => Ok(Fate::Refused),
            Err(e) => Err(e.into()),
        }
    }
}

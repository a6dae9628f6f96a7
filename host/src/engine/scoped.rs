//! The plugins that serve a job, from the bindings of its scopes and the
//! loaded packages, and the Rust API for changing bindings (checked against
//! what is installed and the plugin's configuration schema).
//!
//! Resolutions are cached per job and dropped when a binding changes here or
//! the registry changes (a package installed, replaced or removed). Another
//! node's binding change reaches this one within [`BINDINGS_TTL`].

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use semver::Version;

use super::plugins::PluginSource;
use super::policy_gate;
use crate::kinds::{Connector, Notifier, QuestionBank, Rubric};
use crate::packages::scope::{self, Binding, ResolvedBinding};
use crate::packages::{ActivePlugin, ConfigError, PluginRegistry};
use crate::runtime::{LoadedPlugin, PluginKind, WrongKind};
use crate::store::{AuditBy, Job, NewBinding, RegionPolicy, Store, StoreError};

/// How long a job's resolution is reused without asking the database.
pub const BINDINGS_TTL: Duration = Duration::from_secs(5);

/// A plugin serving one job: the loaded version and the configuration its
/// binding gives it.
#[derive(Debug, Clone)]
pub struct Serving {
    pub binding: ResolvedBinding,
    pub plugin: Arc<ActivePlugin>,
}

/// Why a binding was refused.
#[derive(Debug, thiserror::Error)]
pub enum BindError {
    #[error("no installed version of {plugin} matches {requirement} (installed: {installed}); install one first")]
    NotInstalled { plugin: String, requirement: String, installed: String },
    #[error("{plugin}: {error}")]
    Config { plugin: String, error: ConfigError },
    #[error("{plugin} cannot be switched on there: {refusal}")]
    ForbiddenInRegion { plugin: String, refusal: policy_gate::Refusal },
    #[error("binding {binding} switches on {plugin} in this region; switch it off first: {refusal}")]
    BoundInRegion { binding: i64, plugin: String, refusal: policy_gate::Refusal },
    #[error(transparent)]
    Store(#[from] StoreError),
}

#[derive(Clone)]
struct Cached {
    at: Instant,
    registry_generation: u64,
    bindings_generation: u64,
    serving: Arc<Vec<Serving>>,
}

/// Plugins per job from scoped bindings. Cheap to share.
pub struct ScopedPlugins {
    store: Store,
    registry: Arc<PluginRegistry>,
    cache: Mutex<HashMap<i64, Cached>>,
    bindings_generation: std::sync::atomic::AtomicU64,
}

impl std::fmt::Debug for ScopedPlugins {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ScopedPlugins").finish_non_exhaustive()
    }
}

impl ScopedPlugins {
    pub fn new(store: Store, registry: Arc<PluginRegistry>) -> Self {
        Self {
            store,
            registry,
            cache: Mutex::new(HashMap::new()),
            bindings_generation: std::sync::atomic::AtomicU64::new(0),
        }
    }

    pub fn registry(&self) -> &Arc<PluginRegistry> {
        &self.registry
    }

    /// Creates or changes a binding. The requirement must match an installed
    /// version, and the configuration must satisfy that version's schema (the
    /// highest installed match, the one that will serve).
    pub async fn bind(&self, organisation_id: i64, new: NewBinding, by: AuditBy<'_>) -> Result<Binding, BindError> {
        let Some(active) = self.registry.resolve(&new.plugin_id, &new.requirement) else {
            let installed: Vec<String> =
                self.registry.versions(&new.plugin_id).iter().map(Version::to_string).collect();
            return Err(BindError::NotInstalled {
                plugin: new.plugin_id.clone(),
                requirement: new.requirement.to_string(),
                installed: if installed.is_empty() { "none".to_owned() } else { installed.join(", ") },
            });
        };
        if new.enabled {
            active.schema.check(&new.config).map_err(|error| BindError::Config { plugin: active.label(), error })?;
            let sensitive = &active.manifest.capabilities.sensitive;
            if !sensitive.is_empty() {
                let regions = policy_gate::regions_in_scope(&self.store, organisation_id, new.scope).await?;
                if let Some(refusal) = policy_gate::refusal(&regions, sensitive) {
                    return Err(BindError::ForbiddenInRegion { plugin: active.label(), refusal });
                }
            }
        }
        let binding = self.store.put_binding(organisation_id, &new, by).await?;
        self.invalidate();
        Ok(binding)
    }

    /// Adopts a policy for a region, refused while a binding switches on a
    /// plugin there that the new pack forbids (switch that off first).
    pub async fn set_region_policy(
        &self,
        organisation_id: i64,
        region_id: i64,
        policy: RegionPolicy,
        by: AuditBy<'_>,
    ) -> Result<(), BindError> {
        let region = self.store.unit(region_id).await?;
        if region.organisation_id != organisation_id {
            return Err(StoreError::not_found("unit", region_id).into());
        }
        let adopting = crate::store::OrgUnit { policy, ..region };
        for binding in self.store.bindings(organisation_id).await?.into_iter().filter(|b| b.enabled) {
            let Some(plugin) = self.registry.resolve(&binding.plugin_id, &binding.requirement) else { continue };
            let sensitive = &plugin.manifest.capabilities.sensitive;
            if sensitive.is_empty() {
                continue;
            }
            let reached = policy_gate::regions_in_scope(&self.store, organisation_id, binding.scope).await?;
            if !reached.iter().any(|r| r.id == region_id) {
                continue;
            }
            if let Some(refusal) = policy_gate::refusal(std::slice::from_ref(&adopting), sensitive) {
                return Err(BindError::BoundInRegion { binding: binding.id, plugin: plugin.label(), refusal });
            }
        }
        self.store.set_region_policy(region_id, policy, by).await?;
        self.invalidate();
        Ok(())
    }

    /// Removes a binding.
    pub async fn unbind(&self, organisation_id: i64, id: i64, by: AuditBy<'_>) -> Result<Binding, BindError> {
        let binding = self.store.delete_binding(organisation_id, id, by).await?;
        self.invalidate();
        Ok(binding)
    }

    /// Forgets every cached resolution.
    pub fn invalidate(&self) {
        self.bindings_generation.fetch_add(1, std::sync::atomic::Ordering::AcqRel);
    }

    /// The plugins serving a job, sorted by plugin id. A binding whose
    /// requirement no loaded version meets is skipped with a warning.
    pub async fn serving(&self, job: &Job) -> Result<Arc<Vec<Serving>>, StoreError> {
        let registry_generation = self.registry.generation();
        let bindings_generation = self.bindings_generation.load(std::sync::atomic::Ordering::Acquire);
        if let Some(c) = self.cache.lock().unwrap_or_else(|e| e.into_inner()).get(&job.id)
            && c.registry_generation == registry_generation
            && c.bindings_generation == bindings_generation
            && c.at.elapsed() < BINDINGS_TTL
        {
            return Ok(c.serving.clone());
        }
        let chain = self.store.scope_chain(job.id).await?;
        let bindings = self.store.bindings(job.organisation_id).await?;
        let region: Vec<_> = self.store.region_of(job.department_id).await?.into_iter().collect();
        let mut serving = Vec::new();
        for binding in scope::resolve(&chain, &bindings) {
            match self.registry.resolve(&binding.plugin_id, &binding.requirement) {
                Some(plugin) => match policy_gate::refusal(&region, &plugin.manifest.capabilities.sensitive) {
                    Some(refusal) => tracing::warn!(
                        plugin = %plugin.label(),
                        job = job.id,
                        region = refusal.region_id,
                        capability = refusal.rule.capability.as_str(),
                        "a plugin the region's policy pack forbids is bound for a job there; it serves nothing"
                    ),
                    None => serving.push(Serving { binding, plugin }),
                },
                None => tracing::warn!(
                    plugin = %binding.plugin_id,
                    requirement = %binding.requirement,
                    scope = %binding.scope,
                    job = job.id,
                    "a binding names a plugin version that is not loaded; it serves nothing"
                ),
            }
        }
        let serving = Arc::new(serving);
        self.cache.lock().unwrap_or_else(|e| e.into_inner()).insert(
            job.id,
            Cached { at: Instant::now(), registry_generation, bindings_generation, serving: serving.clone() },
        );
        Ok(serving)
    }

    /// [`Self::serving`], or nothing (logged) when the bindings cannot be read:
    /// a job without plugins is refused further on with its own error.
    async fn serving_or_none(&self, job: &Job) -> Arc<Vec<Serving>> {
        match self.serving(job).await {
            Ok(serving) => serving,
            Err(e) => {
                tracing::error!(job = job.id, error = %e, "resolving the job's plugin bindings failed");
                Arc::default()
            }
        }
    }

    /// The plugins of `kind` serving a job (only `plugin_id`, when given),
    /// each as the adapter `adapt` makes, running with its binding's
    /// configuration.
    async fn adapters<T: ?Sized>(
        &self,
        job: &Job,
        kind: PluginKind,
        plugin_id: Option<&str>,
        adapt: fn(&Arc<LoadedPlugin>, &str) -> Result<Arc<T>, WrongKind>,
    ) -> Vec<Arc<T>> {
        let serving = self.serving_or_none(job).await;
        let mut adapters = Vec::new();
        for s in serving.iter().filter(|s| s.plugin.manifest.kind == kind) {
            if plugin_id.is_some_and(|id| id != s.plugin.manifest.id) {
                continue;
            }
            match adapt(&s.plugin.plugin, &s.binding.config.to_string()) {
                Ok(adapter) => adapters.push(adapter),
                Err(e) => tracing::error!(error = %e, "a loaded plugin is not of the kind its manifest names"),
            }
        }
        adapters
    }

    /// The connectors switched on for a job, each with its binding's configuration.
    pub async fn connectors_for(&self, job: &Job) -> Vec<Arc<dyn Connector>> {
        self.adapters(job, PluginKind::Connector, None, connector).await
    }
}

fn question_bank(p: &Arc<LoadedPlugin>, config: &str) -> Result<Arc<dyn QuestionBank>, WrongKind> {
    Ok(Arc::new(p.question_bank(config)?))
}

fn rubric(p: &Arc<LoadedPlugin>, config: &str) -> Result<Arc<dyn Rubric>, WrongKind> {
    Ok(Arc::new(p.rubric(config)?))
}

fn connector(p: &Arc<LoadedPlugin>, config: &str) -> Result<Arc<dyn Connector>, WrongKind> {
    Ok(Arc::new(p.connector(config)?))
}

fn notifier(p: &Arc<LoadedPlugin>, config: &str) -> Result<Arc<dyn Notifier>, WrongKind> {
    Ok(Arc::new(p.notifier(config)?))
}

#[async_trait::async_trait]
impl PluginSource for ScopedPlugins {
    async fn banks_for(&self, job: &Job) -> Vec<Arc<dyn QuestionBank>> {
        self.adapters(job, PluginKind::QuestionBank, None, question_bank).await
    }

    async fn rubrics_for(&self, job: &Job) -> Vec<Arc<dyn Rubric>> {
        self.adapters(job, PluginKind::Rubric, None, rubric).await
    }

    fn rubric_exact(&self, plugin: &crate::runtime::PluginRef, config: &str) -> Option<Arc<dyn Rubric>> {
        let active = self.registry.get(&plugin.id, &plugin.version)?;
        let rubric: Arc<dyn Rubric> = Arc::new(active.plugin.rubric(config).ok()?);
        Some(rubric)
    }

    async fn receivers_for(&self, job: &Job) -> Vec<(String, PluginKind)> {
        let serving = self.serving_or_none(job).await;
        serving
            .iter()
            .filter(|s| matches!(s.plugin.manifest.kind, PluginKind::Connector | PluginKind::Notifier))
            .map(|s| (s.plugin.manifest.id.clone(), s.plugin.manifest.kind))
            .collect()
    }

    async fn connector_for(&self, job: &Job, plugin_id: &str) -> Option<Arc<dyn Connector>> {
        self.adapters(job, PluginKind::Connector, Some(plugin_id), connector).await.pop()
    }

    async fn notifier_for(&self, job: &Job, plugin_id: &str) -> Option<Arc<dyn Notifier>> {
        self.adapters(job, PluginKind::Notifier, Some(plugin_id), notifier).await.pop()
    }
}

//! A loaded plugin: compiled, pre-linked for its world, with its grants,
//! limits and circuit breaker. Its adapters (`adapters`) are what the rest of
//! the host calls.

use std::sync::{Arc, RwLock};
use std::time::Instant;

use semver::Version;
use wasmtime::component::Component;

use super::adapters::{
    BankPre, ConnectorPre, NotifierPre, RubricPre, WasmConnector, WasmNotifier, WasmQuestionBank, WasmRubric,
};
use super::breaker::Breaker;
use super::call::CallFuture;
use super::config::CallLimits;
use super::footprint::Footprint;
use super::grants::Grants;
use super::{Inner, LoadError, PluginError, PluginKind, PluginRef, WrongKind};
use super::{v0_1_0, v0_2_0};

/// The pre-linked component, typed by world and API version.
#[derive(Clone)]
enum Pre {
    QuestionBank(BankPre),
    Rubric(RubricPre),
    Connector(ConnectorPre),
    Notifier(NotifierPre),
}

/// The API versions a component's exports can name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Bindings {
    V0_1,
    V0_2,
}

/// A plugin ready to be called: compiled, pre-linked, with its grants and
/// limits. Hand out one of its adapters (`rubric`, `question_bank`, …) per
/// configuration it runs with.
pub struct LoadedPlugin {
    pub(crate) runtime: Arc<Inner>,
    pub(crate) plugin: Arc<PluginRef>,
    kind: PluginKind,
    api: Version,
    pre: Pre,
    /// Swapped whole when the trust policy changes; a call takes the grants
    /// current when it starts.
    grants: RwLock<Arc<Grants>>,
    pub(crate) limits: Arc<CallLimits>,
    pub(crate) breaker: Breaker,
}

impl std::fmt::Debug for LoadedPlugin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LoadedPlugin")
            .field("plugin", &self.plugin)
            .field("kind", &self.kind)
            .field("api", &self.api)
            .finish_non_exhaustive()
    }
}

/// Which world, of which API version, a component exports, from its export names.
fn detect_kind(engine: &wasmtime::Engine, component: &Component) -> Option<(PluginKind, Bindings)> {
    component.component_type().exports(engine).find_map(|(name, _)| match name {
        v0_1_0::QUESTION_BANK_EXPORT => Some((PluginKind::QuestionBank, Bindings::V0_1)),
        v0_1_0::RUBRIC_EXPORT => Some((PluginKind::Rubric, Bindings::V0_1)),
        v0_1_0::CONNECTOR_EXPORT => Some((PluginKind::Connector, Bindings::V0_1)),
        v0_1_0::NOTIFIER_EXPORT => Some((PluginKind::Notifier, Bindings::V0_1)),
        v0_2_0::QUESTION_BANK_EXPORT => Some((PluginKind::QuestionBank, Bindings::V0_2)),
        v0_2_0::RUBRIC_EXPORT => Some((PluginKind::Rubric, Bindings::V0_2)),
        v0_2_0::CONNECTOR_EXPORT | v0_2_0::OUTCOMES_EXPORT => Some((PluginKind::Connector, Bindings::V0_2)),
        v0_2_0::NOTIFIER_EXPORT => Some((PluginKind::Notifier, Bindings::V0_2)),
        _ => None,
    })
}

impl LoadedPlugin {
    pub(crate) fn link(
        runtime: Arc<Inner>,
        plugin: PluginRef,
        api: Version,
        component: &Component,
        footprint: Footprint,
        grants: Grants,
    ) -> Result<Arc<Self>, LoadError> {
        let (kind, bindings) = detect_kind(&runtime.engine, component)
            .ok_or_else(|| LoadError::UnknownKind { plugin: plugin.clone(), api: api.clone() })?;
        if let Some(over) = footprint.over(runtime.config.limits.for_kind(kind), runtime.config.max_core_instances) {
            return Err(LoadError::TooLarge {
                plugin,
                holder: format!("a {kind} plugin"),
                what: over.what,
                found: over.found,
                limit: over.limit,
            });
        }
        let link_error = |e: wasmtime::Error| LoadError::Link { plugin: plugin.clone(), reason: format!("{e:#}") };
        let instance_pre = runtime.linker.instantiate_pre(component).map_err(link_error)?;
        let pre = match (kind, bindings) {
            (PluginKind::QuestionBank, Bindings::V0_1) => Pre::QuestionBank(BankPre::V0_1(
                v0_1_0::question_bank::QuestionBankPre::new(instance_pre).map_err(link_error)?,
            )),
            (PluginKind::QuestionBank, Bindings::V0_2) => Pre::QuestionBank(BankPre::V0_2(
                v0_2_0::question_bank::QuestionBankPre::new(instance_pre).map_err(link_error)?,
            )),
            (PluginKind::Rubric, Bindings::V0_1) => {
                Pre::Rubric(RubricPre::V0_1(v0_1_0::rubric::RubricPre::new(instance_pre).map_err(link_error)?))
            }
            (PluginKind::Rubric, Bindings::V0_2) => {
                Pre::Rubric(RubricPre::V0_2(v0_2_0::rubric::RubricPre::new(instance_pre).map_err(link_error)?))
            }
            (PluginKind::Connector, Bindings::V0_1) => Pre::Connector(ConnectorPre::V0_1(
                v0_1_0::connector::ConnectorPre::new(instance_pre).map_err(link_error)?,
            )),
            (PluginKind::Connector, Bindings::V0_2) => Pre::Connector(ConnectorPre::V0_2(
                v0_2_0::connector::ConnectorPre::new(instance_pre).map_err(link_error)?,
            )),
            (PluginKind::Notifier, Bindings::V0_1) => {
                Pre::Notifier(NotifierPre::V0_1(v0_1_0::notifier::NotifierPre::new(instance_pre).map_err(link_error)?))
            }
            (PluginKind::Notifier, Bindings::V0_2) => {
                Pre::Notifier(NotifierPre::V0_2(v0_2_0::notifier::NotifierPre::new(instance_pre).map_err(link_error)?))
            }
        };
        let limits = Arc::new(runtime.config.limits.for_kind(kind).clone());
        tracing::info!(plugin = %plugin, %kind, %api, "plugin loaded");
        Ok(Arc::new(Self {
            runtime,
            plugin: Arc::new(plugin),
            kind,
            api,
            pre,
            grants: RwLock::new(Arc::new(grants)),
            limits,
            breaker: Breaker::default(),
        }))
    }

    /// Instantiates the plugin in a fresh store under its limits and calls
    /// nothing: proof after loading that it starts (its imports resolve, its
    /// start-up code runs within its memory and time), and the measure of the
    /// per-call instantiation cost.
    pub async fn check_instantiates(self: &Arc<Self>) -> Result<(), PluginError> {
        let instance_pre = match &self.pre {
            Pre::QuestionBank(pre) => pre.instance_pre(),
            Pre::Rubric(pre) => pre.instance_pre(),
            Pre::Connector(pre) => pre.instance_pre(),
            Pre::Notifier(pre) => pre.instance_pre(),
        };
        let config: Arc<str> = Arc::from("{}");
        self.invoke("instantiate", &config, 0, move |store| -> CallFuture<'_, ()> {
            Box::pin(async move {
                instance_pre.instantiate_async(&mut *store).await?;
                Ok(Ok(()))
            })
        })
        .await
    }

    /// The plugin's id and version.
    pub fn plugin(&self) -> &PluginRef {
        &self.plugin
    }

    /// The world it exports.
    pub fn kind(&self) -> PluginKind {
        self.kind
    }

    /// The `panel:plugin` API version it targets.
    pub fn api_version(&self) -> &Version {
        &self.api
    }

    /// What it is granted now.
    pub fn grants(&self) -> Arc<Grants> {
        self.grants.read().unwrap_or_else(std::sync::PoisonError::into_inner).clone()
    }

    /// Replaces its grants (the trust policy changed): the next call runs
    /// with the new ones; calls in flight finish with theirs.
    pub fn set_grants(&self, grants: Grants) {
        *self.grants.write().unwrap_or_else(std::sync::PoisonError::into_inner) = Arc::new(grants);
    }

    /// Whether its circuit breaker is open (it is paused after repeated faults).
    pub fn is_tripped(&self) -> bool {
        self.breaker.is_open(Instant::now())
    }

    fn wrong_kind(&self, expected: PluginKind) -> WrongKind {
        WrongKind { plugin: (*self.plugin).clone(), expected, actual: self.kind }
    }

    /// This plugin as a rubric running with `config` (JSON).
    pub fn rubric(self: &Arc<Self>, config: &str) -> Result<WasmRubric, WrongKind> {
        match &self.pre {
            Pre::Rubric(pre) => Ok(WasmRubric { plugin: self.clone(), pre: pre.clone(), config: config.into() }),
            _ => Err(self.wrong_kind(PluginKind::Rubric)),
        }
    }

    /// This plugin as a question bank running with `config` (JSON).
    pub fn question_bank(self: &Arc<Self>, config: &str) -> Result<WasmQuestionBank, WrongKind> {
        match &self.pre {
            Pre::QuestionBank(pre) => {
                Ok(WasmQuestionBank { plugin: self.clone(), pre: pre.clone(), config: config.into() })
            }
            _ => Err(self.wrong_kind(PluginKind::QuestionBank)),
        }
    }

    /// This plugin as a connector running with `config` (JSON).
    pub fn connector(self: &Arc<Self>, config: &str) -> Result<WasmConnector, WrongKind> {
        match &self.pre {
            Pre::Connector(pre) => Ok(WasmConnector { plugin: self.clone(), pre: pre.clone(), config: config.into() }),
            _ => Err(self.wrong_kind(PluginKind::Connector)),
        }
    }

    /// This plugin as a notifier running with `config` (JSON).
    pub fn notifier(self: &Arc<Self>, config: &str) -> Result<WasmNotifier, WrongKind> {
        match &self.pre {
            Pre::Notifier(pre) => Ok(WasmNotifier { plugin: self.clone(), pre: pre.clone(), config: config.into() }),
            _ => Err(self.wrong_kind(PluginKind::Notifier)),
        }
    }
}

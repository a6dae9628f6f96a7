//! A loaded plugin (compiled, pre-linked, with its grants and limits) and the
//! adapters that make it a [`crate::kinds`] trait object for the rest of the
//! host. Conversions to the generated types happen here and in `v0_1_0`.

use std::sync::Arc;
use std::time::Instant;

use async_trait::async_trait;
use semver::Version;
use wasmtime::component::Component;

use super::breaker::Breaker;
use super::call::CallFuture;
use super::config::CallLimits;
use super::grants::Grants;
use super::state::CallState;
use super::v0_1_0::{self, connector, notifier, question_bank, returned, rubric, types};
use super::{Failure, Inner, LoadError, PluginError, PluginKind, PluginRef, WrongKind};
use crate::domain::{self, WireSize};
use crate::kinds;

/// The pre-linked component, typed by world.
#[derive(Clone)]
enum Pre {
    QuestionBank(question_bank::QuestionBankPre<CallState>),
    Rubric(rubric::RubricPre<CallState>),
    Connector(connector::ConnectorPre<CallState>),
    Notifier(notifier::NotifierPre<CallState>),
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
    pub(crate) grants: Arc<Grants>,
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

/// Which world a component exports, from its export names.
fn detect_kind(engine: &wasmtime::Engine, component: &Component) -> Option<PluginKind> {
    component.component_type().exports(engine).find_map(|(name, _)| match name {
        v0_1_0::QUESTION_BANK_EXPORT => Some(PluginKind::QuestionBank),
        v0_1_0::RUBRIC_EXPORT => Some(PluginKind::Rubric),
        v0_1_0::CONNECTOR_EXPORT => Some(PluginKind::Connector),
        v0_1_0::NOTIFIER_EXPORT => Some(PluginKind::Notifier),
        _ => None,
    })
}

impl LoadedPlugin {
    pub(crate) fn link(
        runtime: Arc<Inner>,
        plugin: PluginRef,
        api: Version,
        component: &Component,
        grants: Grants,
    ) -> Result<Arc<Self>, LoadError> {
        let kind = detect_kind(&runtime.engine, component)
            .ok_or_else(|| LoadError::UnknownKind { plugin: plugin.clone(), api: api.clone() })?;
        let link_error = |e: wasmtime::Error| LoadError::Link { plugin: plugin.clone(), reason: format!("{e:#}") };
        let instance_pre = runtime.linker.instantiate_pre(component).map_err(link_error)?;
        let pre = match kind {
            PluginKind::QuestionBank => {
                Pre::QuestionBank(question_bank::QuestionBankPre::new(instance_pre).map_err(link_error)?)
            }
            PluginKind::Rubric => Pre::Rubric(rubric::RubricPre::new(instance_pre).map_err(link_error)?),
            PluginKind::Connector => Pre::Connector(connector::ConnectorPre::new(instance_pre).map_err(link_error)?),
            PluginKind::Notifier => Pre::Notifier(notifier::NotifierPre::new(instance_pre).map_err(link_error)?),
        };
        let limits = Arc::new(runtime.config.limits.for_kind(kind).clone());
        tracing::info!(plugin = %plugin, %kind, %api, "plugin loaded");
        Ok(Arc::new(Self {
            runtime,
            plugin: Arc::new(plugin),
            kind,
            api,
            pre,
            grants: Arc::new(grants),
            limits,
            breaker: Breaker::default(),
        }))
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

    /// What it was granted.
    pub fn grants(&self) -> &Grants {
        &self.grants
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

/// A rubric plugin with its configuration.
#[derive(Clone)]
pub struct WasmRubric {
    plugin: Arc<LoadedPlugin>,
    pre: rubric::RubricPre<CallState>,
    config: Arc<str>,
}

/// A question-bank plugin with its configuration.
#[derive(Clone)]
pub struct WasmQuestionBank {
    plugin: Arc<LoadedPlugin>,
    pre: question_bank::QuestionBankPre<CallState>,
    config: Arc<str>,
}

/// A connector plugin with its configuration.
#[derive(Clone)]
pub struct WasmConnector {
    plugin: Arc<LoadedPlugin>,
    pre: connector::ConnectorPre<CallState>,
    config: Arc<str>,
}

/// A notifier plugin with its configuration.
#[derive(Clone)]
pub struct WasmNotifier {
    plugin: Arc<LoadedPlugin>,
    pre: notifier::NotifierPre<CallState>,
    config: Arc<str>,
}

macro_rules! debug_adapter {
    ($($ty:ident),*) => {$(
        impl std::fmt::Debug for $ty {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.debug_struct(stringify!($ty)).field("plugin", &self.plugin.plugin).finish_non_exhaustive()
            }
        }
    )*};
}
debug_adapter!(WasmRubric, WasmQuestionBank, WasmConnector, WasmNotifier);

/// Checks a rubric's scores against the contract: scores 0–10, confidence
/// 0–1, only the dimensions the question measures, spans inside the answer.
fn validate_scores(
    scores: Vec<types::DimensionScore>,
    dimensions: &[String],
    answer: &str,
) -> Result<Vec<domain::DimensionScore>, Failure> {
    let invalid = |reason: String| Err(Failure::InvalidOutput { reason });
    for s in &scores {
        if !(0.0..=10.0).contains(&s.score) {
            return invalid(format!("score {} for `{}` is outside 0–10", s.score, s.dimension));
        }
        if !(0.0..=1.0).contains(&s.confidence) {
            return invalid(format!("confidence {} for `{}` is outside 0–1", s.confidence, s.dimension));
        }
        if !dimensions.contains(&s.dimension) {
            return invalid(format!("scored `{}`, which the question does not measure", s.dimension));
        }
        for span in s.evidence.iter().filter_map(|e| e.span) {
            let (start, end) = (span.start as usize, span.end as usize);
            if start > end || !answer.is_char_boundary(start) || !answer.is_char_boundary(end) || end > answer.len() {
                return invalid(format!("evidence span {start}..{end} is not a range of the answer's text"));
            }
        }
    }
    Ok(scores.into_iter().map(Into::into).collect())
}

#[async_trait]
impl kinds::Rubric for WasmRubric {
    fn plugin(&self) -> &PluginRef {
        &self.plugin.plugin
    }

    async fn describe(&self) -> Result<domain::RubricInfo, PluginError> {
        let pre = self.pre.clone();
        self.plugin
            .invoke("describe", &self.config, 0, move |store| -> CallFuture<'_, _> {
                Box::pin(async move {
                    let instance = pre.instantiate_async(&mut *store).await?;
                    let info = instance.panel_plugin_scoring().call_describe(&mut *store).await?;
                    Ok(Ok(info.into()))
                })
            })
            .await
    }

    async fn score(
        &self,
        job: &domain::JobProfile,
        question: &domain::Question,
        answer: &domain::Answer,
    ) -> Result<Vec<domain::DimensionScore>, PluginError> {
        let size = job.wire_size() + question.wire_size() + answer.wire_size();
        let (job_w, question_w, answer_w) =
            (types::JobProfile::from(job), types::Question::from(question), types::Answer::from(answer));
        let pre = self.pre.clone();
        self.plugin
            .invoke("score", &self.config, size, move |store| -> CallFuture<'_, _> {
                Box::pin(async move {
                    let instance = pre.instantiate_async(&mut *store).await?;
                    let result = instance
                        .panel_plugin_scoring()
                        .call_score(&mut *store, &job_w, &question_w, &answer_w)
                        .await?;
                    Ok(match result {
                        Ok(scores) => validate_scores(scores, &question_w.dimensions, &answer_w.text),
                        Err(e) => Err(returned(e)),
                    })
                })
            })
            .await
    }
}

#[async_trait]
impl kinds::QuestionBank for WasmQuestionBank {
    fn plugin(&self) -> &PluginRef {
        &self.plugin.plugin
    }

    async fn describe(&self) -> Result<domain::BankInfo, PluginError> {
        let pre = self.pre.clone();
        self.plugin
            .invoke("describe", &self.config, 0, move |store| -> CallFuture<'_, _> {
                Box::pin(async move {
                    let instance = pre.instantiate_async(&mut *store).await?;
                    let info = instance.panel_plugin_questions().call_describe(&mut *store).await?;
                    Ok(Ok(info.into()))
                })
            })
            .await
    }

    async fn plan(
        &self,
        job: &domain::JobProfile,
        request: &domain::PlanRequest,
    ) -> Result<Vec<domain::Question>, PluginError> {
        let size = job.wire_size() + request.wire_size();
        let job_w = types::JobProfile::from(job);
        let request_w = question_bank::exports::panel::plugin::questions::PlanRequest::from(request);
        let pre = self.pre.clone();
        self.plugin
            .invoke("plan", &self.config, size, move |store| -> CallFuture<'_, _> {
                Box::pin(async move {
                    let instance = pre.instantiate_async(&mut *store).await?;
                    let result =
                        instance.panel_plugin_questions().call_plan(&mut *store, &job_w, &request_w).await?;
                    Ok(result.map(|qs| qs.into_iter().map(Into::into).collect()).map_err(returned))
                })
            })
            .await
    }

    async fn follow_up(
        &self,
        job: &domain::JobProfile,
        question: &domain::Question,
        answer: &domain::Answer,
    ) -> Result<Option<domain::Question>, PluginError> {
        let size = job.wire_size() + question.wire_size() + answer.wire_size();
        let (job_w, question_w, answer_w) =
            (types::JobProfile::from(job), types::Question::from(question), types::Answer::from(answer));
        let pre = self.pre.clone();
        self.plugin
            .invoke("follow-up", &self.config, size, move |store| -> CallFuture<'_, _> {
                Box::pin(async move {
                    let instance = pre.instantiate_async(&mut *store).await?;
                    let result = instance
                        .panel_plugin_questions()
                        .call_follow_up(&mut *store, &job_w, &question_w, &answer_w)
                        .await?;
                    Ok(result.map(|q| q.map(Into::into)).map_err(returned))
                })
            })
            .await
    }
}

#[async_trait]
impl kinds::Connector for WasmConnector {
    fn plugin(&self) -> &PluginRef {
        &self.plugin.plugin
    }

    async fn describe(&self) -> Result<domain::ConnectorInfo, PluginError> {
        let pre = self.pre.clone();
        self.plugin
            .invoke("describe", &self.config, 0, move |store| -> CallFuture<'_, _> {
                Box::pin(async move {
                    let instance = pre.instantiate_async(&mut *store).await?;
                    let info = instance.panel_plugin_events().call_describe(&mut *store).await?;
                    Ok(Ok(info.into()))
                })
            })
            .await
    }

    async fn handle(&self, event: &domain::LifecycleEvent) -> Result<domain::Outcome, PluginError> {
        let size = event.wire_size();
        let event_w = types::LifecycleEvent::from(event);
        let pre = self.pre.clone();
        self.plugin
            .invoke("handle", &self.config, size, move |store| -> CallFuture<'_, _> {
                Box::pin(async move {
                    let instance = pre.instantiate_async(&mut *store).await?;
                    let result = instance.panel_plugin_events().call_handle(&mut *store, &event_w).await?;
                    Ok(result.map(Into::into).map_err(returned))
                })
            })
            .await
    }
}

#[async_trait]
impl kinds::Notifier for WasmNotifier {
    fn plugin(&self) -> &PluginRef {
        &self.plugin.plugin
    }

    async fn describe(&self) -> Result<domain::NotifierInfo, PluginError> {
        let pre = self.pre.clone();
        self.plugin
            .invoke("describe", &self.config, 0, move |store| -> CallFuture<'_, _> {
                Box::pin(async move {
                    let instance = pre.instantiate_async(&mut *store).await?;
                    let info = instance.panel_plugin_messages().call_describe(&mut *store).await?;
                    Ok(Ok(info.into()))
                })
            })
            .await
    }

    async fn send(&self, message: &domain::Message) -> Result<String, PluginError> {
        let size = message.wire_size();
        let message_w = notifier::exports::panel::plugin::messages::Message::from(message);
        let pre = self.pre.clone();
        self.plugin
            .invoke("send", &self.config, size, move |store| -> CallFuture<'_, _> {
                Box::pin(async move {
                    let instance = pre.instantiate_async(&mut *store).await?;
                    let result = instance.panel_plugin_messages().call_send(&mut *store, &message_w).await?;
                    Ok(result.map_err(returned))
                })
            })
            .await
    }
}

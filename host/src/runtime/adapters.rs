//! The adapters that make a loaded plugin one of the host's native traits
//! ([`crate::kinds`]): each call runs through [`LoadedPlugin::invoke`] under the
//! plugin's limits, and results are checked against the contract before they
//! leave the runtime. A plugin is pre-linked for the API version it was built
//! against; each call picks that version's bindings (`call!`), written once for
//! both. Conversions to the generated types live in `v0_1_0` and `v0_2_0`.

use std::sync::Arc;

use async_trait::async_trait;

use super::call::CallFuture;
use super::plugin::LoadedPlugin;
use super::state::CallState;
use super::{PluginError, PluginRef, contract};
use super::{v0_1_0, v0_2_0};
use crate::domain::{self, WireSize};
use crate::kinds;

/// A pre-linked component of one kind, for the API version it targets.
macro_rules! versioned_pre {
    ($(#[$doc:meta] $name:ident => $world:ident::$pre:ident),* $(,)?) => {$(
        #[$doc]
        #[derive(Clone)]
        pub(super) enum $name {
            V0_1(v0_1_0::$world::$pre<CallState>),
            V0_2(v0_2_0::$world::$pre<CallState>),
        }

        impl $name {
            pub(super) fn instance_pre(&self) -> wasmtime::component::InstancePre<CallState> {
                match self {
                    Self::V0_1(pre) => pre.instance_pre().clone(),
                    Self::V0_2(pre) => pre.instance_pre().clone(),
                }
            }
        }
    )*};
}
versioned_pre! {
    /// A rubric, pre-linked.
    RubricPre => rubric::RubricPre,
    /// A question bank, pre-linked.
    BankPre => question_bank::QuestionBankPre,
    /// A connector, pre-linked.
    ConnectorPre => connector::ConnectorPre,
    /// A notifier, pre-linked.
    NotifierPre => notifier::NotifierPre,
}

/// Runs `$body` with `$v` naming the version module of the pre-linked
/// component `$pre` (`v0_1_0` or `v0_2_0`), so one body serves both.
macro_rules! call {
    ($enum:ident, $pre:expr, |$v:ident, $p:ident| $body:expr) => {
        match $pre {
            $enum::V0_1($p) => {
                #[allow(unused_imports)]
                use v0_1_0 as $v;
                $body
            }
            $enum::V0_2($p) => {
                #[allow(unused_imports)]
                use v0_2_0 as $v;
                $body
            }
        }
    };
}

/// A rubric plugin with its configuration.
#[derive(Clone)]
pub struct WasmRubric {
    pub(super) plugin: Arc<LoadedPlugin>,
    pub(super) pre: RubricPre,
    pub(super) config: Arc<str>,
}

/// A question-bank plugin with its configuration.
#[derive(Clone)]
pub struct WasmQuestionBank {
    pub(super) plugin: Arc<LoadedPlugin>,
    pub(super) pre: BankPre,
    pub(super) config: Arc<str>,
}

/// A connector plugin with its configuration.
#[derive(Clone)]
pub struct WasmConnector {
    pub(super) plugin: Arc<LoadedPlugin>,
    pub(super) pre: ConnectorPre,
    pub(super) config: Arc<str>,
}

/// A notifier plugin with its configuration.
#[derive(Clone)]
pub struct WasmNotifier {
    pub(super) plugin: Arc<LoadedPlugin>,
    pub(super) pre: NotifierPre,
    pub(super) config: Arc<str>,
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

/// Instantiates a pre-linked plugin in the call's store and notes that it
/// started, so a later host-call failure is not reported as a failure to start.
macro_rules! start {
    ($pre:expr, $store:expr) => {{
        let instance = $pre.instantiate_async(&mut *$store).await?;
        $store.data_mut().started = true;
        instance
    }};
}

#[async_trait]
impl kinds::Rubric for WasmRubric {
    fn plugin(&self) -> &PluginRef {
        &self.plugin.plugin
    }

    fn configuration(&self) -> &str {
        &self.config
    }

    async fn describe(&self) -> Result<domain::RubricInfo, PluginError> {
        call!(RubricPre, &self.pre, |v, pre| {
            let pre = pre.clone();
            self.plugin
                .invoke("describe", &self.config, 0, move |store| -> CallFuture<'_, _> {
                    Box::pin(async move {
                        let instance = start!(pre, store);
                        let info = instance.panel_plugin_scoring().call_describe(&mut *store).await?;
                        Ok(contract::rubric_info(info.into()))
                    })
                })
                .await
        })
    }

    async fn score(
        &self,
        job: &domain::JobProfile,
        question: &domain::Question,
        answer: &domain::Answer,
    ) -> Result<Vec<domain::DimensionScore>, PluginError> {
        let size = job.wire_size() + question.wire_size() + answer.wire_size();
        call!(RubricPre, &self.pre, |v, pre| {
            let (job_w, question_w, answer_w) =
                (v::types::JobProfile::from(job), v::types::Question::from(question), v::types::Answer::from(answer));
            let pre = pre.clone();
            self.plugin
                .invoke("score", &self.config, size, move |store| -> CallFuture<'_, _> {
                    Box::pin(async move {
                        let instance = start!(pre, store);
                        let result = instance
                            .panel_plugin_scoring()
                            .call_score(&mut *store, &job_w, &question_w, &answer_w)
                            .await?;
                        let limit = store.data().limits.max_output_bytes;
                        Ok(result.map_err(v::returned).and_then(|scores| {
                            let scores =
                                contract::within(scores.into_iter().map(Into::into).collect::<Vec<_>>(), limit)?;
                            contract::scores(scores, &question_w.dimensions, &answer_w.text)
                        }))
                    })
                })
                .await
        })
    }
}

#[async_trait]
impl kinds::QuestionBank for WasmQuestionBank {
    fn plugin(&self) -> &PluginRef {
        &self.plugin.plugin
    }

    async fn describe(&self) -> Result<domain::BankInfo, PluginError> {
        call!(BankPre, &self.pre, |v, pre| {
            let pre = pre.clone();
            self.plugin
                .invoke("describe", &self.config, 0, move |store| -> CallFuture<'_, _> {
                    Box::pin(async move {
                        let instance = start!(pre, store);
                        let info = instance.panel_plugin_questions().call_describe(&mut *store).await?;
                        Ok(contract::bank_info(info.into()))
                    })
                })
                .await
        })
    }

    async fn plan(
        &self,
        job: &domain::JobProfile,
        request: &domain::PlanRequest,
    ) -> Result<Vec<domain::Question>, PluginError> {
        let size = job.wire_size() + request.wire_size();
        call!(BankPre, &self.pre, |v, pre| {
            let job_w = v::types::JobProfile::from(job);
            let request_w = v::question_bank::exports::panel::plugin::questions::PlanRequest::from(request);
            let pre = pre.clone();
            self.plugin
                .invoke("plan", &self.config, size, move |store| -> CallFuture<'_, _> {
                    Box::pin(async move {
                        let instance = start!(pre, store);
                        let result =
                            instance.panel_plugin_questions().call_plan(&mut *store, &job_w, &request_w).await?;
                        let limit = store.data().limits.max_output_bytes;
                        Ok(result.map_err(v::returned).and_then(|qs| {
                            contract::plan(contract::within(qs.into_iter().map(Into::into).collect(), limit)?)
                        }))
                    })
                })
                .await
        })
    }

    async fn follow_up(
        &self,
        job: &domain::JobProfile,
        question: &domain::Question,
        answer: &domain::Answer,
    ) -> Result<Option<domain::Question>, PluginError> {
        let size = job.wire_size() + question.wire_size() + answer.wire_size();
        call!(BankPre, &self.pre, |v, pre| {
            let (job_w, question_w, answer_w) =
                (v::types::JobProfile::from(job), v::types::Question::from(question), v::types::Answer::from(answer));
            let pre = pre.clone();
            self.plugin
                .invoke("follow-up", &self.config, size, move |store| -> CallFuture<'_, _> {
                    Box::pin(async move {
                        let instance = start!(pre, store);
                        let result = instance
                            .panel_plugin_questions()
                            .call_follow_up(&mut *store, &job_w, &question_w, &answer_w)
                            .await?;
                        Ok(result.map_err(v::returned).and_then(|q| contract::follow_up(q.map(Into::into))))
                    })
                })
                .await
        })
    }
}

#[async_trait]
impl kinds::Connector for WasmConnector {
    fn plugin(&self) -> &PluginRef {
        &self.plugin.plugin
    }

    async fn describe(&self) -> Result<domain::ConnectorInfo, PluginError> {
        call!(ConnectorPre, &self.pre, |v, pre| {
            let pre = pre.clone();
            self.plugin
                .invoke("describe", &self.config, 0, move |store| -> CallFuture<'_, _> {
                    Box::pin(async move {
                        let instance = start!(pre, store);
                        let info = instance.panel_plugin_events().call_describe(&mut *store).await?;
                        Ok(contract::connector_info(info.into()))
                    })
                })
                .await
        })
    }

    async fn handle(&self, event: &domain::LifecycleEvent) -> Result<domain::Outcome, PluginError> {
        let size = event.wire_size();
        call!(ConnectorPre, &self.pre, |v, pre| {
            let event_w = v::types::LifecycleEvent::from(event);
            let pre = pre.clone();
            self.plugin
                .invoke("handle", &self.config, size, move |store| -> CallFuture<'_, _> {
                    Box::pin(async move {
                        let instance = start!(pre, store);
                        let result = instance.panel_plugin_events().call_handle(&mut *store, &event_w).await?;
                        Ok(result.map_err(v::returned).and_then(|o| contract::outcome(o.into())))
                    })
                })
                .await
        })
    }

    async fn pull_outcomes(&self, cursor: &str, limit: u32) -> Result<domain::OutcomePage, PluginError> {
        let pre = match &self.pre {
            ConnectorPre::V0_1(_) => {
                return Err(PluginError {
                    plugin: (*self.plugin.plugin).clone(),
                    function: "pull-outcomes",
                    failure: super::Failure::Returned {
                        code: "unsupported".to_owned(),
                        message: "built for API 0.1.0, which cannot pull outcomes".to_owned(),
                        retryable: false,
                    },
                });
            }
            ConnectorPre::V0_2(pre) => pre.clone(),
        };
        let cursor_w = cursor.to_owned();
        self.plugin
            .invoke("pull-outcomes", &self.config, cursor.len() + 4, move |store| -> CallFuture<'_, _> {
                Box::pin(async move {
                    let instance = start!(pre, store);
                    let result = instance.panel_plugin_outcomes().call_pull(&mut *store, &cursor_w, limit).await?;
                    let max_output = store.data().limits.max_output_bytes;
                    Ok(result
                        .map_err(v0_2_0::returned)
                        .and_then(|page| contract::outcome_page(page.into(), limit, max_output)))
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
        call!(NotifierPre, &self.pre, |v, pre| {
            let pre = pre.clone();
            self.plugin
                .invoke("describe", &self.config, 0, move |store| -> CallFuture<'_, _> {
                    Box::pin(async move {
                        let instance = start!(pre, store);
                        let info = instance.panel_plugin_messages().call_describe(&mut *store).await?;
                        Ok(contract::notifier_info(info.into()))
                    })
                })
                .await
        })
    }

    async fn send(&self, message: &domain::Message) -> Result<String, PluginError> {
        let size = message.wire_size();
        call!(NotifierPre, &self.pre, |v, pre| {
            let message_w = v::notifier::exports::panel::plugin::messages::Message::from(message);
            let pre = pre.clone();
            self.plugin
                .invoke("send", &self.config, size, move |store| -> CallFuture<'_, _> {
                    Box::pin(async move {
                        let instance = start!(pre, store);
                        let result = instance.panel_plugin_messages().call_send(&mut *store, &message_w).await?;
                        Ok(result.map_err(v::returned).and_then(contract::outcome_text))
                    })
                })
                .await
        })
    }
}

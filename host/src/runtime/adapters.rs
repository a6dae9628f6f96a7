//! The adapters that make a loaded plugin one of the host's native traits
//! ([`crate::kinds`]): each call runs through [`LoadedPlugin::invoke`] under the
//! plugin's limits, and results are checked against the contract before they
//! leave the runtime. Conversions to the generated types live in `v0_1_0`.

use std::sync::Arc;

use async_trait::async_trait;

use super::call::CallFuture;
use super::plugin::LoadedPlugin;
use super::state::CallState;
use super::v0_1_0::{connector, notifier, question_bank, returned, rubric, types};
use super::{Failure, PluginError, PluginRef};
use crate::domain::{self, WireSize};
use crate::kinds;

/// A rubric plugin with its configuration.
#[derive(Clone)]
pub struct WasmRubric {
    pub(super) plugin: Arc<LoadedPlugin>,
    pub(super) pre: rubric::RubricPre<CallState>,
    pub(super) config: Arc<str>,
}

/// A question-bank plugin with its configuration.
#[derive(Clone)]
pub struct WasmQuestionBank {
    pub(super) plugin: Arc<LoadedPlugin>,
    pub(super) pre: question_bank::QuestionBankPre<CallState>,
    pub(super) config: Arc<str>,
}

/// A connector plugin with its configuration.
#[derive(Clone)]
pub struct WasmConnector {
    pub(super) plugin: Arc<LoadedPlugin>,
    pub(super) pre: connector::ConnectorPre<CallState>,
    pub(super) config: Arc<str>,
}

/// A notifier plugin with its configuration.
#[derive(Clone)]
pub struct WasmNotifier {
    pub(super) plugin: Arc<LoadedPlugin>,
    pub(super) pre: notifier::NotifierPre<CallState>,
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

    fn configuration(&self) -> &str {
        &self.config
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
                    let result =
                        instance.panel_plugin_scoring().call_score(&mut *store, &job_w, &question_w, &answer_w).await?;
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
                    let result = instance.panel_plugin_questions().call_plan(&mut *store, &job_w, &request_w).await?;
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

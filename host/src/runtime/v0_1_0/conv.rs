//! Conversions between the host's domain types and the 0.1.0 generated types.

use super::connector::exports::panel::plugin::events as wit_connector;
use super::notifier::exports::panel::plugin::messages as wit_notifier;
use super::question_bank::exports::panel::plugin::questions as wit_bank;
use super::rubric::exports::panel::plugin::scoring as wit_rubric;
use super::types;
use crate::domain;
use crate::runtime::Failure;

super::super::conversions::shared_conversions!();

impl From<&domain::Question> for types::Question {
    fn from(q: &domain::Question) -> Self {
        Self {
            id: q.id.clone(),
            kind: q.kind.into(),
            text: q.text.clone(),
            locale: q.locale.clone(),
            dimensions: q.dimensions.clone(),
            think_time_secs: q.think_time_secs,
            time_limit_secs: q.time_limit_secs,
        }
    }
}

impl From<types::Question> for domain::Question {
    fn from(q: types::Question) -> Self {
        Self {
            id: q.id,
            kind: q.kind.into(),
            text: q.text,
            locale: q.locale,
            dimensions: q.dimensions,
            think_time_secs: q.think_time_secs,
            time_limit_secs: q.time_limit_secs,
            guide: None,
        }
    }
}

impl From<wit_connector::ConnectorInfo> for domain::ConnectorInfo {
    fn from(i: wit_connector::ConnectorInfo) -> Self {
        Self { name: i.name, description: i.description, event_kinds: i.event_kinds, pulls_outcomes: false }
    }
}

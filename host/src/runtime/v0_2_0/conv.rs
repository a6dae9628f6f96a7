//! Conversions between the host's domain types and the 0.2.0 generated types.

use super::connector::exports::panel::plugin::events as wit_connector;
use super::connector::exports::panel::plugin::outcomes as wit_outcomes;
use super::notifier::exports::panel::plugin::messages as wit_notifier;
use super::question_bank::exports::panel::plugin::questions as wit_bank;
use super::rubric::exports::panel::plugin::scoring as wit_rubric;
use super::types;
use crate::domain;
use crate::runtime::Failure;

super::super::conversions::shared_conversions!();

impl From<&domain::AnswerGuide> for types::AnswerGuide {
    fn from(g: &domain::AnswerGuide) -> Self {
        Self { looks_for: g.looks_for.clone(), off_topic: g.off_topic.clone() }
    }
}

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
            guide: q.guide.as_ref().map(Into::into),
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
            guide: q.guide.map(|g| domain::AnswerGuide { looks_for: g.looks_for, off_topic: g.off_topic }),
        }
    }
}

impl From<wit_connector::ConnectorInfo> for domain::ConnectorInfo {
    fn from(i: wit_connector::ConnectorInfo) -> Self {
        Self { name: i.name, description: i.description, event_kinds: i.event_kinds, pulls_outcomes: i.pulls_outcomes }
    }
}

impl From<wit_outcomes::OutcomePage> for domain::OutcomePage {
    fn from(p: wit_outcomes::OutcomePage) -> Self {
        Self { records: p.records.into_iter().map(Into::into).collect(), cursor: p.cursor, more: p.more }
    }
}

impl From<wit_outcomes::EmploymentRecord> for domain::EmploymentRecord {
    fn from(r: wit_outcomes::EmploymentRecord) -> Self {
        use wit_outcomes::{DepartureReason, EmploymentOutcome, ProbationResult};
        Self {
            id: r.id,
            hire: match r.hire {
                wit_outcomes::Hire::Ids(ids) => {
                    domain::Hire::Ids { candidate_id: ids.candidate_id, job_id: ids.job_id }
                }
                wit_outcomes::Hire::Reference(reference) => domain::Hire::Reference(reference),
            },
            on_date: r.on_date,
            outcome: match r.outcome {
                EmploymentOutcome::Probation(result) => domain::EmploymentOutcome::Probation(match result {
                    ProbationResult::Passed => "passed",
                    ProbationResult::Failed => "failed",
                    ProbationResult::Extended => "extended",
                }),
                EmploymentOutcome::Performance(rating) => domain::EmploymentOutcome::Performance(rating),
                EmploymentOutcome::Departure(reason) => domain::EmploymentOutcome::Departure(match reason {
                    DepartureReason::Voluntary => "voluntary",
                    DepartureReason::Involuntary => "involuntary",
                    DepartureReason::ContractEnd => "contract-end",
                    DepartureReason::Other => "other",
                }),
            },
        }
    }
}

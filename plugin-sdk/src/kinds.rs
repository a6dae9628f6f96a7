//! The four kinds of plugin, as traits an author implements, and the adapters
//! that connect each trait to its world's generated export.
//!
//! Every call runs in a fresh instance, so there is no state between calls:
//! the trait methods are associated functions. Read configuration with
//! [`crate::host::config`] inside the call.

use std::marker::PhantomData;

use crate::bindings;
use crate::{
    Answer, BankInfo, ConnectorInfo, DimensionScore, JobProfile, LifecycleEvent, Message, NotifierInfo, Outcome,
    OutcomePage, PlanRequest, PluginError, Question, RubricInfo,
};

/// A question bank: proposes interview questions from a job's competency model.
pub trait QuestionBank {
    /// What the bank offers: name, description, locales, industries, dimensions.
    fn describe() -> BankInfo;

    /// Questions for the sections in `request`, behavioural questions on the
    /// job's highest-weight dimensions first. Returning fewer than asked is
    /// fine; the host fills the gap from other banks.
    fn plan(job: &JobProfile, request: &PlanRequest) -> Result<Vec<Question>, PluginError>;

    /// One follow-up question for an answer, or none. By default, none.
    fn follow_up(job: &JobProfile, question: &Question, answer: &Answer) -> Result<Option<Question>, PluginError> {
        let _ = (job, question, answer);
        Ok(None)
    }
}

/// A rubric: scores an answer on competency dimensions, with evidence.
pub trait Rubric {
    /// What the rubric scores: name, description, locales, dimensions.
    fn describe() -> RubricInfo;

    /// Scores for the dimensions `question` measures that this rubric covers.
    fn score(job: &JobProfile, question: &Question, answer: &Answer) -> Result<Vec<DimensionScore>, PluginError>;
}

/// A connector: acts on lifecycle events in another system.
pub trait Connector {
    /// What the connector does and which event kinds it handles.
    fn describe() -> ConnectorInfo;

    /// Acts on one event, idempotently on `event.id`.
    fn handle(event: &LifecycleEvent) -> Result<Outcome, PluginError>;

    /// Reads what became of hires (probation, ratings, departures) from the
    /// other system after `cursor` (empty the first time), at most `limit`
    /// records. Only called when [`describe`](Self::describe) sets
    /// `pulls_outcomes` ([`ConnectorInfo::pulling_outcomes`]); by default the
    /// connector pulls nothing.
    fn pull_outcomes(cursor: &str, limit: u32) -> Result<OutcomePage, PluginError> {
        let _ = (cursor, limit);
        Err(PluginError::unsupported("this connector does not read outcomes"))
    }
}

/// A notifier: sends messages to candidates and staff.
pub trait Notifier {
    /// What the notifier sends and on which channels.
    fn describe() -> NotifierInfo;

    /// Sends one message; returns the provider's message id, or empty.
    fn send(message: &Message) -> Result<String, PluginError>;
}

/// Connects a [`Rubric`] to the rubric world's export.
#[doc(hidden)]
#[derive(Debug)]
pub struct RubricExport<T>(PhantomData<T>);

impl<T: Rubric> bindings::rubric::exports::panel::plugin::scoring::Guest for RubricExport<T> {
    fn describe() -> RubricInfo {
        T::describe()
    }

    fn score(job: JobProfile, question: Question, answer: Answer) -> Result<Vec<DimensionScore>, PluginError> {
        T::score(&job, &question, &answer)
    }
}

/// Connects a [`QuestionBank`] to the question-bank world's export.
#[doc(hidden)]
#[derive(Debug)]
pub struct QuestionBankExport<T>(PhantomData<T>);

impl<T: QuestionBank> bindings::question_bank::exports::panel::plugin::questions::Guest for QuestionBankExport<T> {
    fn describe() -> BankInfo {
        T::describe()
    }

    fn plan(job: JobProfile, request: PlanRequest) -> Result<Vec<Question>, PluginError> {
        T::plan(&job, &request)
    }

    fn follow_up(job: JobProfile, question: Question, answer: Answer) -> Result<Option<Question>, PluginError> {
        T::follow_up(&job, &question, &answer)
    }
}

/// Connects a [`Connector`] to the connector world's export.
#[doc(hidden)]
#[derive(Debug)]
pub struct ConnectorExport<T>(PhantomData<T>);

impl<T: Connector> bindings::connector::exports::panel::plugin::events::Guest for ConnectorExport<T> {
    fn describe() -> ConnectorInfo {
        T::describe()
    }

    fn handle(event: LifecycleEvent) -> Result<Outcome, PluginError> {
        T::handle(&event)
    }
}

impl<T: Connector> bindings::connector::exports::panel::plugin::outcomes::Guest for ConnectorExport<T> {
    fn pull(cursor: String, limit: u32) -> Result<OutcomePage, PluginError> {
        T::pull_outcomes(&cursor, limit)
    }
}

/// Connects a [`Notifier`] to the notifier world's export.
#[doc(hidden)]
#[derive(Debug)]
pub struct NotifierExport<T>(PhantomData<T>);

impl<T: Notifier> bindings::notifier::exports::panel::plugin::messages::Guest for NotifierExport<T> {
    fn describe() -> NotifierInfo {
        T::describe()
    }

    fn send(message: Message) -> Result<String, PluginError> {
        T::send(&message)
    }
}

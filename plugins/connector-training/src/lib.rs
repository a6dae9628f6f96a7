//! A connector that enrols a new hire in onboarding courses in the
//! customer's learning system: the courses configured for their job, and
//! those for each competency their AI interview found below threshold (or
//! borderline, if configured), each course once with the reason it was
//! chosen.
//!
//! On `candidate.hired` (or the event kinds configured) it POSTs one
//! enrolment request holding every course, with the event id as
//! `Idempotency-Key`; a 409 answer counts as done. Timeouts, 429 and 5xx are
//! retried by the host; other 4xx and a bad configuration are dead-lettered.
//!
//! - `config`: what the administrator configures;
//! - `enrolment`: choosing the courses, the request, the answer.
//!
//! The SDK's `event` reads the payload; its `remote` does the endpoint,
//! the credentials placeholder, sending and the answer's classification.

mod config;
mod enrolment;

use panel_plugin_sdk::remote::Call;
use panel_plugin_sdk::{Connector, ConnectorInfo, LifecycleEvent, Outcome, PluginError, host, register};

pub use config::Config;
pub use enrolment::{Enrolment, choose, enrol_call, read_answer};
pub use panel_plugin_sdk::event::Payload;

#[derive(Debug)]
struct Training;

/// What to do with an event, decided before anything leaves.
#[derive(Debug, Clone, PartialEq)]
pub enum Plan {
    /// Send `call`, enrolling in `courses`.
    Enrol { call: Call, courses: Vec<Enrolment> },
    /// Nothing to do, and why.
    Skip(String),
}

/// Everything `handle` does before the request leaves.
pub fn plan(config: &Config, event: &LifecycleEvent) -> Result<Plan, PluginError> {
    if !config.acts_on(&event.kind) {
        let configured = config.events.join(", ");
        return Ok(Plan::Skip(format!("{} does not enrol in courses (configured: {configured})", event.kind)));
    }
    let connection = config.connection()?;
    let payload = Payload::parse(&event.payload)?;
    let courses = choose(config, event, &payload);
    if courses.is_empty() {
        return Ok(Plan::Skip("no onboarding course is configured for this job or its assessment".to_owned()));
    }
    let call = enrol_call(&connection, &config.path, event, &payload, &courses);
    Ok(Plan::Enrol { call, courses })
}

impl Connector for Training {
    fn describe() -> ConnectorInfo {
        ConnectorInfo::new(
            "Onboarding courses (learning system)",
            "Enrols the new hire in the onboarding courses of their job and of the competencies their interview found short.",
            &["candidate.hired"],
        )
    }

    fn handle(event: &LifecycleEvent) -> Result<Outcome, PluginError> {
        let config: Config = host::config()?;
        let (call, courses) = match plan(&config, event)? {
            Plan::Enrol { call, courses } => (call, courses),
            Plan::Skip(why) => return Ok(Outcome::Skipped(why)),
        };
        let outcome = read_answer(call.send()?, &courses)?;
        // Course ids and the event id only: who was enrolled is personal data.
        host::info(&format!("event {}: enrolment in {} course(s) sent", event.id, courses.len()));
        Ok(outcome)
    }
}

register!(connector: Training);

#[cfg(test)]
mod tests {
    use panel_plugin_sdk::testing::set_config;
    use serde_json::json;

    use super::*;

    fn event(kind: &str) -> LifecycleEvent {
        LifecycleEvent {
            id: "evt_1".into(),
            kind: kind.into(),
            candidate_id: "7".into(),
            job_id: "3".into(),
            stage: "onboarding".into(),
            occurred_at: "2026-12-01T08:00:00Z".into(),
            payload: json!({ "candidate": { "name": "王磊" }, "job": { "title": "生产主管" } }).to_string(),
        }
    }

    fn configured(config: serde_json::Value) -> Config {
        set_config(&config.to_string());
        host::config().expect("config")
    }

    #[test]
    fn a_hire_with_courses_is_one_request_and_without_is_skipped() {
        let config = configured(json!({ "endpoint": "https://lms.example", "courses_by_job": { "3": ["SAFE-101"] } }));
        let Ok(Plan::Enrol { call, courses }) = plan(&config, &event("candidate.hired")) else { panic!("a request") };
        assert_eq!(call.url, "https://lms.example/enrolments");
        assert_eq!(courses, [Enrolment { course_id: "SAFE-101".into(), reason: "job".into() }]);

        let none = configured(json!({ "endpoint": "https://lms.example" }));
        assert!(
            matches!(plan(&none, &event("candidate.hired")), Ok(Plan::Skip(why)) if why.starts_with("no onboarding"))
        );
        assert!(
            matches!(plan(&config, &event("employee.left")), Ok(Plan::Skip(why)) if why.starts_with("employee.left"))
        );
    }

    #[test]
    fn configuration_errors_are_not_retried() {
        let config = configured(json!({ "endpoint": "https://lms.example", "auth": "header", "credentials": "k" }));
        let error = plan(&config, &event("candidate.hired")).expect_err("no header name");
        assert_eq!((error.code.as_str(), error.retryable), ("invalid-config", false));
    }
}

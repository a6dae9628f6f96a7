//! A connector that creates a new hire's payroll record in the customer's
//! payroll system over a JSON HTTP API.
//!
//! On `candidate.hired` (or the event kinds configured), it POSTs the
//! record (employee number, name, start date, grade, salary, cost centre,
//! department, location; field names from the configuration) with the event
//! id as `Idempotency-Key`. A 409 answer means an earlier delivery of the
//! same event created it already. Timeouts, 429 and 5xx are retried by the
//! host; other 4xx, a hire with no offer recorded and a bad configuration go
//! to the dead-letter list.
//!
//! - `config`: what the administrator configures;
//! - `record`: the record, its request and what the answer means.
//!
//! The SDK's `event` reads the payload; its `remote` does the endpoint,
//! the credentials placeholder, sending and the answer's classification.

mod config;
mod record;

use panel_plugin_sdk::remote::Call;
use panel_plugin_sdk::{Connector, ConnectorInfo, LifecycleEvent, Outcome, PluginError, host, register};

pub use config::Config;
pub use panel_plugin_sdk::event::Payload;
pub use record::{FIELDS, FieldNames, create_call, read_answer, record};

#[derive(Debug)]
struct Payroll;

/// What to do with an event, decided before anything leaves.
#[derive(Debug, Clone, PartialEq)]
pub enum Plan {
    /// Send `call`; an answer without the record's id refers to it by the
    /// employee number, when there is one.
    Create { call: Call, employee_number: Option<String> },
    /// Nothing to do, and why.
    Skip(String),
}

/// Everything `handle` does before the request leaves.
pub fn plan(config: &Config, event: &LifecycleEvent) -> Result<Plan, PluginError> {
    if !config.acts_on(&event.kind) {
        let configured = config.events.join(", ");
        return Ok(Plan::Skip(format!("{} does not create payroll records (configured: {configured})", event.kind)));
    }
    let connection = config.connection()?;
    let names = config.field_names()?;
    let payload = Payload::parse(&event.payload)?;
    let body = record(event, &payload, &names)?;
    let employee_number = payload.offer.and_then(|offer| offer.employee_number);
    Ok(Plan::Create { call: create_call(&connection, &config.path, event, body), employee_number })
}

impl Connector for Payroll {
    fn describe() -> ConnectorInfo {
        ConnectorInfo::new(
            "Payroll (JSON API)",
            "Creates the new hire's payroll record (salary, grade, start date, cost centre) in your payroll system.",
            &["candidate.hired"],
        )
    }

    fn handle(event: &LifecycleEvent) -> Result<Outcome, PluginError> {
        let config: Config = host::config()?;
        let (call, employee_number) = match plan(&config, event)? {
            Plan::Create { call, employee_number } => (call, employee_number),
            Plan::Skip(why) => return Ok(Outcome::Skipped(why)),
        };
        let outcome = read_answer(call.send()?, &config.reference_field, employee_number.as_deref())?;
        // The event id only: the record itself is personal data.
        match &outcome {
            Outcome::Duplicate(_) => host::info(&format!("payroll record of event {} existed already", event.id)),
            _ => host::info(&format!("payroll record created for event {}", event.id)),
        }
        Ok(outcome)
    }
}

register!(connector: Payroll);

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
            payload: json!({
                "candidate": { "id": 7, "name": "王磊" },
                "job": { "id": 3, "title": "生产主管" },
                "offer": {
                    "start_date": "2027-01-04",
                    "salary": { "amount": "18000.00", "currency": "CNY", "period": "month" }
                }
            })
            .to_string(),
        }
    }

    fn configured(config: serde_json::Value) -> Config {
        set_config(&config.to_string());
        host::config().expect("config")
    }

    #[test]
    fn events_it_does_not_handle_are_skipped_not_failed() {
        let config = configured(json!({ "endpoint": "https://pay.example" }));
        let skipped = plan(&config, &event("offer.made")).expect("no error");
        assert!(matches!(&skipped, Plan::Skip(why) if why.starts_with("offer.made does not create")), "{skipped:?}");

        let config = configured(json!({ "endpoint": "https://pay.example", "events": ["employee.started"] }));
        assert!(matches!(plan(&config, &event("candidate.hired")), Ok(Plan::Skip(_))));
        let Ok(Plan::Create { call, employee_number }) = plan(&config, &event("employee.started")) else {
            panic!("a request")
        };
        assert_eq!(call.url, "https://pay.example/employees");
        assert_eq!(employee_number, None);
    }

    #[test]
    fn a_hire_is_planned_as_one_post_of_the_mapped_record() {
        let config = configured(json!({
            "endpoint": "https://pay.example/api/",
            "path": "/v1/hires",
            "credentials": "payroll-key",
            "auth": "header",
            "auth_header": "x-api-key",
            "fields": { "salary_amount": "baseSalary" }
        }));
        let Ok(Plan::Create { call, .. }) = plan(&config, &event("candidate.hired")) else { panic!("a request") };
        assert_eq!(call.url, "https://pay.example/api/v1/hires");
        assert!(call.headers.contains(&("x-api-key".into(), "${secret:payroll-key}".into())));
        assert!(call.headers.contains(&("idempotency-key".into(), "evt_1".into())));
        let body = call.body.expect("body");
        assert_eq!(body["baseSalary"], "18000.00");
        assert_eq!(body["salary"], json!({ "currency": "CNY", "period": "month" }));
    }

    #[test]
    fn configuration_errors_are_not_retried() {
        let config = configured(json!({ "endpoint": "https://pay.example", "credentials": "Not A Name" }));
        let error = plan(&config, &event("candidate.hired")).expect_err("refused");
        assert_eq!((error.code.as_str(), error.retryable), ("invalid-config", false));
        set_config(r#"{"endpoint": 5}"#);
        assert!(host::config::<Config>().is_err_and(|e| e.code == "invalid-config"));
    }
}

//! A connector that creates a new hire's employee record in the customer's
//! HRIS or ERP, as a document shaped after HR Open Standards (HR-JSON 4.x),
//! so a real system can map it.
//!
//! On `candidate.hired` (or the event kinds configured) it POSTs the
//! document; its `documentId` is the event id, sent again as
//! `Idempotency-Key`, so a replayed event is recognised (a 409 answer counts
//! as done). Timeouts, 429 and 5xx are retried by the host; other 4xx, a
//! hire with no offer recorded and a bad configuration are dead-lettered.
//!
//! - `config`: what the administrator configures;
//! - `document`: the HR Open style document;
//! - `mapping`: the customer's renames, omissions and own fields, applied
//!   to the document;
//! - `outcomes`: probation results, ratings and departures read back.
//!
//! The SDK's `event` reads the payload, its `names` splits family and given
//! name, and its `remote` does the endpoint, the credentials placeholder,
//! sending and the answer's classification.

mod config;
mod document;
mod mapping;
mod outcomes;

use panel_plugin_sdk::http::Response;
use panel_plugin_sdk::payload;
use panel_plugin_sdk::remote::{Call, Method, created};
use panel_plugin_sdk::{Connector, ConnectorInfo, LifecycleEvent, Outcome, OutcomePage, PluginError, host, register};

pub use config::{Config, PANEL_AGENCY};
pub use document::{Schemes, document};
pub use mapping::{ExtraField, Mapping, OPTIONAL_ELEMENTS};
pub use panel_plugin_sdk::event::Payload;

#[derive(Debug)]
struct Hris;

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
        return Ok(Plan::Skip(format!("{} does not create employee records (configured: {configured})", event.kind)));
    }
    let connection = config.connection()?;
    let mapping = config.mapping()?;
    let payload = Payload::parse(&event.payload)?;
    let body = mapping.apply(document(event, &payload, config.schemes())?, &payload::parse(&event.payload)?)?;
    let call = connection
        .call(Method::Post, &config.path)
        .header("idempotency-key", &event.id)
        .header("accept", "application/json")
        .json("application/json", body);
    let employee_number = payload.offer.and_then(|offer| offer.employee_number);
    Ok(Plan::Create { call, employee_number })
}

/// What the HRIS's answer means: created, or (409) created already by an
/// earlier delivery of the same document. The reference is the record's id
/// from the answer (at `reference_field`), else the employee number.
pub fn read_answer(
    response: Response,
    reference_field: &str,
    employee_number: Option<&str>,
) -> Result<Outcome, PluginError> {
    created(response, "creating the employee record", reference_field, employee_number)
}

impl Connector for Hris {
    fn describe() -> ConnectorInfo {
        let info = ConnectorInfo::new(
            "Employee record (HRIS / ERP, HR Open Standards)",
            "Creates the new hire's employee record in your HRIS or ERP as an HR Open Standards style person and employment; reads back probation results, ratings and departures when `outcomes_path` is set.",
            &["candidate.hired"],
        );
        // A binding reads outcomes only when it says where they are.
        match host::config::<Config>() {
            Ok(config) if config.outcomes_path.is_some() => info.pulling_outcomes(),
            _ => info,
        }
    }

    fn pull_outcomes(cursor: &str, limit: u32) -> Result<OutcomePage, PluginError> {
        let config: Config = host::config()?;
        outcomes::pull(&config, cursor, limit)
    }

    fn handle(event: &LifecycleEvent) -> Result<Outcome, PluginError> {
        let config: Config = host::config()?;
        let (call, employee_number) = match plan(&config, event)? {
            Plan::Create { call, employee_number } => (call, employee_number),
            Plan::Skip(why) => return Ok(Outcome::Skipped(why)),
        };
        let outcome = read_answer(call.send()?, &config.reference_field, employee_number.as_deref())?;
        // The event id only: the record itself is personal data.
        host::info(&format!("employee record of event {} sent to the HRIS", event.id));
        Ok(outcome)
    }
}

register!(connector: Hris);

#[cfg(test)]
mod tests {
    use panel_plugin_sdk::testing::set_config;
    use serde_json::{Value, json};

    use super::*;
    use crate::document::tests::{hire_event, hire_payload};

    fn configured(config: Value) -> Config {
        set_config(&config.to_string());
        host::config().expect("config")
    }

    fn answer(status: u16, body: Value) -> Response {
        Response { status, headers: Vec::new(), body: body.to_string().into_bytes() }
    }

    #[test]
    fn a_hire_is_one_post_keyed_by_the_event() {
        let config = configured(json!({
            "endpoint": "https://hris.example/api",
            "path": "/v4/employees",
            "credentials": "hris-token",
            "auth": "basic",
            "employer_agency": "Acme"
        }));
        let Ok(Plan::Create { call, employee_number }) = plan(&config, &hire_event(hire_payload())) else {
            panic!("a request")
        };
        assert_eq!((call.method, call.url.as_str()), (Method::Post, "https://hris.example/api/v4/employees"));
        let headers: Vec<(&str, &str)> = call.headers.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
        assert_eq!(
            headers,
            [
                ("authorization", "Basic ${secret:hris-token}"),
                ("idempotency-key", "evt_2a"),
                ("accept", "application/json"),
                ("content-type", "application/json"),
            ]
        );
        let body = call.body.expect("body");
        assert_eq!(body["documentId"]["value"], "evt_2a");
        assert_eq!(body["employment"]["id"]["schemeAgencyId"], "Acme");
        assert_eq!(employee_number.as_deref(), Some("E1024"));
    }

    #[test]
    fn the_customer_mapping_renames_omits_and_adds_fields() {
        let config = configured(json!({
            "endpoint": "https://hris.example/api",
            "employer_agency": "ACME-CN",
            "fields": {
                "employment.costCenter": "employment.costCentre",
                "employment.remuneration": null,
                "person.communication.phone": null
            },
            "extra": [
                { "target": "employment.customFields.badgeSite", "from": "offer.location" },
                { "target": "employment.customFields.hiredThrough", "value": "Panel" },
                { "target": "employment.customFields.deskNumber", "from": "offer.desk_number" }
            ]
        }));
        let Ok(Plan::Create { call, .. }) = plan(&config, &hire_event(hire_payload())) else { panic!("a request") };
        assert_eq!(
            call.body.expect("body"),
            json!({
                "documentId": { "value": "evt_2a", "schemeId": "panel-event", "schemeAgencyId": "Panel" },
                "person": {
                    "id": { "value": "panel-7", "schemeId": "panel-candidate", "schemeAgencyId": "Panel" },
                    "name": { "formattedName": "王磊", "given": "磊", "family": "王" },
                    "communication": {
                        "email": [
                            { "address": "wang.lei@acme.example", "useCode": "business", "preference": 1 },
                            { "address": "wang.lei@example.com", "useCode": "personal", "preference": 2 }
                        ]
                    }
                },
                "employment": {
                    "id": { "value": "E1024", "schemeId": "employee-number", "schemeAgencyId": "ACME-CN" },
                    "startDate": "2027-01-04",
                    "positionTitle": "生产主管",
                    "organization": {
                        "id": { "value": "2", "schemeId": "panel-department", "schemeAgencyId": "Panel" },
                        "name": "装配车间"
                    },
                    "location": { "name": "苏州" },
                    "costCentre": "CC-310",
                    "grade": "M2",
                    "managerRef": {
                        "name": { "formattedName": "李娜" },
                        "communication": { "email": [{ "address": "li.na@example.com", "useCode": "business", "preference": 1 }] }
                    },
                    "customFields": { "badgeSite": "苏州", "hiredThrough": "Panel" }
                }
            })
        );
    }

    #[test]
    fn a_bad_mapping_is_refused_before_anything_is_sent() {
        let config = configured(json!({
            "endpoint": "https://hris.example",
            "extra": [{ "target": "employment.grade", "from": "offer.grade" }]
        }));
        let error = plan(&config, &hire_event(hire_payload())).expect_err("refused");
        assert_eq!((error.code.as_str(), error.retryable), ("invalid-config", false));
        assert!(error.message.starts_with("extra[0].target") && !error.message.contains("M2"), "{error:?}");
    }

    #[test]
    fn other_events_are_skipped() {
        let config = configured(json!({ "endpoint": "https://hris.example" }));
        let mut left = hire_event(hire_payload());
        left.kind = "employee.left".into();
        assert!(matches!(plan(&config, &left), Ok(Plan::Skip(why)) if why.starts_with("employee.left")));
    }

    #[test]
    fn answers_become_outcomes_or_classified_errors() {
        let created = read_answer(answer(201, json!({ "id": "HR-1" })), "id", Some("E1024")).expect("created");
        assert!(matches!(created, Outcome::Applied(ref r) if r == "HR-1"), "{created:?}");
        let replay = read_answer(answer(409, json!({})), "id", Some("E1024")).expect("duplicate");
        assert!(matches!(replay, Outcome::Duplicate(ref r) if r == "E1024"), "{replay:?}");
        let busy = read_answer(answer(503, Value::Null), "id", None).expect_err("busy");
        assert!(busy.retryable);
        let refused = read_answer(answer(400, json!({ "error": "王磊" })), "id", None).expect_err("refused");
        assert!(!refused.retryable && !refused.message.contains("王磊"), "{refused:?}");
    }
}

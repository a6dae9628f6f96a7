//! The payroll record: which fields it has, what the payroll system calls
//! them, the request that creates it, and what the answer means.

use std::collections::BTreeMap;

use panel_plugin_sdk::event::Payload;
use panel_plugin_sdk::http::Response;
use panel_plugin_sdk::payload::Path;
use panel_plugin_sdk::remote::{Call, Connection, Method, created};
use panel_plugin_sdk::{LifecycleEvent, Outcome, PluginError};
use serde_json::{Map, Value};

/// The record's fields and their default names in the payroll system. A
/// dot nests: `salary.amount` is `{"salary": {"amount": …}}`.
pub const FIELDS: [(&str, &str); 12] = [
    ("external_id", "externalId"),
    ("employee_number", "employeeNumber"),
    ("name", "name"),
    ("start_date", "startDate"),
    ("job_title", "jobTitle"),
    ("grade", "grade"),
    ("salary_amount", "salary.amount"),
    ("salary_currency", "salary.currency"),
    ("salary_period", "salary.period"),
    ("cost_centre", "costCenter"),
    ("department", "department"),
    ("location", "location"),
];

/// What the payroll system calls each field, or `None` to leave it out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldNames(BTreeMap<&'static str, Option<Path>>);

impl FieldNames {
    /// The defaults with `overrides` applied; an unknown field or a name
    /// that is not a dotted path is a configuration error.
    pub fn new(overrides: &BTreeMap<String, Option<String>>) -> Result<Self, PluginError> {
        let mut names: BTreeMap<&'static str, Option<Path>> =
            FIELDS.iter().map(|(field, name)| (*field, Path::parse(name))).collect();
        for (field, name) in overrides {
            let Some((known, _)) = FIELDS.iter().find(|(f, _)| f == field) else {
                let known: Vec<&str> = FIELDS.iter().map(|(f, _)| *f).collect();
                return Err(PluginError::invalid_config(format!(
                    "fields: {field:?} is not a record field; use one of {}",
                    known.join(", ")
                )));
            };
            let path = match name {
                None => None,
                Some(name) => Some(Path::parse(name).ok_or_else(|| {
                    PluginError::invalid_config(format!(
                        "fields.{field}: {name:?} is not a field name (letters, digits, '_' and '-', dots to nest)"
                    ))
                })?),
            };
            names.insert(known, path);
        }
        Ok(Self(names))
    }

    fn path(&self, field: &str) -> Option<&Path> {
        self.0.get(field).and_then(Option::as_ref)
    }
}

/// The record for a hire, named as the payroll system names its fields.
/// Absent values (no employee number yet, no location) are left out.
pub fn record(event: &LifecycleEvent, payload: &Payload, names: &FieldNames) -> Result<Value, PluginError> {
    let offer =
        payload.recorded_offer("start date, salary, grade, cost centre", "the payroll record can be created")?;
    let (start_date, salary) = (offer.required_start_date()?, offer.required_salary()?);
    // Empty texts are as good as absent.
    let text = |value: &str| Some(value).filter(|v| !v.is_empty()).map(|v| Value::String(v.to_owned()));
    let values: [(&str, Option<Value>); 12] = [
        ("external_id", text(&format!("panel-{}", event.candidate_id))),
        ("employee_number", offer.employee_number.as_deref().and_then(text)),
        ("name", text(&payload.candidate.name)),
        ("start_date", text(start_date)),
        ("job_title", text(&payload.job.title)),
        ("grade", offer.grade.as_deref().and_then(text)),
        ("salary_amount", text(&salary.amount)),
        ("salary_currency", text(&salary.currency)),
        ("salary_period", text(&salary.period)),
        ("cost_centre", offer.cost_centre.as_deref().and_then(text)),
        ("department", offer.department.as_ref().and_then(|d| text(&d.name))),
        ("location", offer.location.as_deref().and_then(text)),
    ];
    let mut record = Map::new();
    for (field, value) in values {
        if let (Some(path), Some(value)) = (names.path(field), value) {
            path.write(&mut record, value).map_err(|_| {
                PluginError::invalid_config(format!("fields: \"{path}\" collides with another field's name"))
            })?;
        }
    }
    Ok(Value::Object(record))
}

/// The request that creates the record: the event id is the idempotency
/// key, so a replayed event is recognised by the payroll system.
pub fn create_call(connection: &Connection, path: &str, event: &LifecycleEvent, record: Value) -> Call {
    connection
        .call(Method::Post, path)
        .header("idempotency-key", &event.id)
        .header("accept", "application/json")
        .json("application/json", record)
}

/// What the payroll system's answer means: created, or (409) created
/// already by an earlier delivery of the same event. The reference is the
/// record's id from the answer (at `reference_field`), else the employee
/// number, else empty.
pub fn read_answer(
    response: Response,
    reference_field: &str,
    employee_number: Option<&str>,
) -> Result<Outcome, PluginError> {
    created(response, "creating the payroll record", reference_field, employee_number)
}

#[cfg(test)]
mod tests {
    use panel_plugin_sdk::remote::AuthScheme;
    use serde_json::json;

    use super::*;

    fn hire_event(payload: Value) -> LifecycleEvent {
        LifecycleEvent {
            id: "evt_0123456789abcdef".into(),
            kind: "candidate.hired".into(),
            candidate_id: "7".into(),
            job_id: "3".into(),
            stage: "onboarding".into(),
            occurred_at: "2026-12-01T08:00:00Z".into(),
            payload: payload.to_string(),
        }
    }

    fn hire_payload() -> Value {
        json!({
            "application_id": 42,
            "candidate": { "id": 7, "name": "王磊", "email": "wang.lei@example.com", "phone": "+86 138 0000 0000" },
            "job": { "id": 3, "title": "生产主管", "department_id": 2, "locale": "zh-CN", "industry": "manufacturing" },
            "from": "background-check", "to": "onboarding", "reason": "", "candidate_reason": "",
            "offer": {
                "employee_number": "E1024",
                "start_date": "2027-01-04",
                "grade": "M2",
                "salary": { "amount": "18000.00", "currency": "CNY", "period": "month" },
                "cost_centre": "CC-310",
                "department": { "id": 2, "name": "装配车间" },
                "manager": { "name": "李娜", "email": "li.na@example.com" },
                "work_email": "wang.lei@acme.example",
                "location": "苏州"
            }
        })
    }

    fn build(payload: Value, overrides: Value) -> Result<Value, PluginError> {
        let event = hire_event(payload);
        let overrides = serde_json::from_value(overrides).expect("overrides");
        record(&event, &Payload::parse(&event.payload)?, &FieldNames::new(&overrides)?)
    }

    fn answer(status: u16, body: Value) -> Response {
        Response { status, headers: Vec::new(), body: body.to_string().into_bytes() }
    }

    #[test]
    fn the_record_carries_the_offer_under_the_default_names() {
        let record = build(hire_payload(), json!({})).expect("record");
        assert_eq!(
            record,
            json!({
                "externalId": "panel-7",
                "employeeNumber": "E1024",
                "name": "王磊",
                "startDate": "2027-01-04",
                "jobTitle": "生产主管",
                "grade": "M2",
                "salary": { "amount": "18000.00", "currency": "CNY", "period": "month" },
                "costCenter": "CC-310",
                "department": "装配车间",
                "location": "苏州"
            })
        );
    }

    #[test]
    fn names_come_from_the_mapping_and_null_leaves_a_field_out() {
        let overrides = json!({
            "salary_amount": "baseSalary",
            "salary_currency": "pay.currency",
            "salary_period": "pay.frequency",
            "location": null,
            "name": "person.fullName"
        });
        let record = build(hire_payload(), overrides).expect("record");
        assert_eq!(record["baseSalary"], "18000.00");
        assert_eq!(record["pay"], json!({ "currency": "CNY", "frequency": "month" }));
        assert_eq!(record["person"], json!({ "fullName": "王磊" }));
        assert!(record.get("salary").is_none() && record.get("location").is_none() && record.get("name").is_none());
    }

    #[test]
    fn absent_values_are_left_out() {
        let mut payload = hire_payload();
        payload["offer"]["employee_number"] = Value::Null;
        payload["offer"]["location"] = Value::Null;
        let record = build(payload, json!({})).expect("record");
        assert!(record.get("employeeNumber").is_none() && record.get("location").is_none(), "{record}");
        assert_eq!(record["grade"], "M2");
    }

    #[test]
    fn a_bad_mapping_is_a_configuration_error() {
        for overrides in [
            json!({ "salary": "x" }),
            json!({ "grade": "a b" }),
            json!({ "grade": "" }),
            json!({ "grade": "name" }),
            json!({ "grade": "name.level" }),
        ] {
            let error = build(hire_payload(), overrides.clone()).expect_err("refused");
            assert_eq!(error.code, "invalid-config", "{overrides}: {error:?}");
            assert!(!error.message.contains("王磊"), "{error:?}");
        }
    }

    #[test]
    fn a_hire_without_an_offer_is_not_retried() {
        let mut payload = hire_payload();
        payload["offer"] = Value::Null;
        let error = build(payload, json!({})).expect_err("no offer");
        assert_eq!((error.code.as_str(), error.retryable), ("invalid-input", false));
    }

    #[test]
    fn the_request_posts_the_record_with_the_event_as_idempotency_key() {
        let connection =
            Connection::new("https://pay.example/api", Some("payroll-token"), AuthScheme::Bearer, None).expect("valid");
        let event = hire_event(hire_payload());
        let call = create_call(&connection, "/v2/employees", &event, json!({ "name": "x" }));
        assert_eq!(call.method, Method::Post);
        assert_eq!(call.url, "https://pay.example/api/v2/employees");
        let headers: Vec<(&str, &str)> = call.headers.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
        assert_eq!(
            headers,
            [
                ("authorization", "Bearer ${secret:payroll-token}"),
                ("idempotency-key", "evt_0123456789abcdef"),
                ("accept", "application/json"),
                ("content-type", "application/json"),
            ]
        );
        assert_eq!(call.body, Some(json!({ "name": "x" })));
    }

    #[test]
    fn answers_become_outcomes_or_classified_errors() {
        let payload = Some("E1024");
        let created = read_answer(answer(201, json!({ "id": "PR-9" })), "id", payload).expect("created");
        assert!(matches!(created, Outcome::Applied(ref r) if r == "PR-9"));
        let numeric = read_answer(answer(200, json!({ "data": 1, "recordId": 77 })), "recordId", payload);
        assert!(matches!(numeric.expect("created"), Outcome::Applied(ref r) if r == "77"));
        let no_id = read_answer(answer(204, Value::Null), "id", payload).expect("created");
        assert!(
            matches!(no_id, Outcome::Applied(ref r) if r == "E1024"),
            "the employee number when the answer has no id"
        );
        let replay = read_answer(answer(409, json!({ "error": "exists" })), "id", payload).expect("duplicate");
        assert!(matches!(replay, Outcome::Duplicate(ref r) if r == "E1024"));

        let busy = read_answer(answer(503, Value::Null), "id", payload).expect_err("busy");
        assert!(busy.retryable && busy.message.contains("503"));
        let limited = read_answer(answer(429, Value::Null), "id", payload).expect_err("rate limited");
        assert!(limited.retryable);
        let refused = read_answer(answer(422, json!({ "error": "王磊 grade unknown" })), "id", payload);
        let refused = refused.expect_err("refused");
        assert_eq!((refused.code.as_str(), refused.retryable), ("upstream-rejected", false));
        assert!(!refused.message.contains("王磊"), "{refused:?}");
    }
}

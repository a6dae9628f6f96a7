//! The employee record as an HR Open Standards (HR-JSON 4.x) style
//! document: the common components `IdentifierType` (`value`, `schemeId`,
//! `schemeAgencyId`), `PersonNameType` (`formattedName`, `given`,
//! `family`), `CommunicationType` (`email[].address`, `phone[].formattedNumber`,
//! `useCode`) and `AmountType` (`value`, `currency`), arranged as a
//! `person` and the `employment` that starts. README.md lists the mapping.

use panel_plugin_sdk::event::Payload;
use panel_plugin_sdk::names::PersonName;
use panel_plugin_sdk::{LifecycleEvent, PluginError};
use serde_json::{Map, Value, json};

/// Who issues the identifiers Panel puts in the document.
#[derive(Debug, Clone, Copy)]
pub struct Schemes<'a> {
    /// `schemeAgencyId` of Panel's own identifiers (event, candidate, department).
    pub panel_agency: &'a str,
    /// `schemeAgencyId` of the employee number (the employer issues it).
    pub employer_agency: &'a str,
}

fn identifier(value: &str, scheme: &str, agency: &str) -> Value {
    json!({ "value": value, "schemeId": scheme, "schemeAgencyId": agency })
}

fn non_empty(text: Option<&str>) -> Option<&str> {
    text.map(str::trim).filter(|t| !t.is_empty())
}

/// HR Open's interval codes for the offer's salary period.
fn interval_code(period: &str) -> Result<&'static str, PluginError> {
    match period {
        "year" => Ok("Year"),
        "month" => Ok("Month"),
        "week" => Ok("Week"),
        "day" => Ok("Day"),
        "hour" => Ok("Hour"),
        _ => Err(PluginError::invalid_input("the offer's salary period is not one of year, month, week, day, hour")),
    }
}

/// The salary as an `AmountType` number: the decimal text HR recorded,
/// checked to be one (digits, at most one point).
fn amount(text: &str) -> Result<Value, PluginError> {
    let well_formed = !text.is_empty()
        && text.chars().all(|c| c.is_ascii_digit() || c == '.')
        && text.matches('.').count() <= 1
        && text.chars().any(|c| c.is_ascii_digit());
    let number =
        text.parse::<f64>().ok().filter(|n| well_formed && n.is_finite()).and_then(serde_json::Number::from_f64);
    number
        .map(Value::Number)
        .ok_or_else(|| PluginError::invalid_input("the offer's salary amount is not a decimal number"))
}

/// The `email` list of a `CommunicationType`, business address first.
fn emails(addresses: &[(Option<&str>, &str)]) -> Vec<Value> {
    addresses
        .iter()
        .filter_map(|(address, use_code)| non_empty(*address).map(|a| (a, *use_code)))
        .enumerate()
        .map(|(i, (address, use_code))| json!({ "address": address, "useCode": use_code, "preference": i + 1 }))
        .collect()
}

/// The document for a hire; its `documentId` is the event id, so the HRIS
/// can tell a replay from a new hire.
pub fn document(event: &LifecycleEvent, payload: &Payload, schemes: Schemes<'_>) -> Result<Value, PluginError> {
    let offer =
        payload.recorded_offer("start date, salary, grade, department", "the employee record can be created")?;
    let (start_date, salary) = (offer.required_start_date()?, offer.required_salary()?);
    let name = PersonName::split(&payload.candidate.name);
    let mut person_name = Map::new();
    person_name.insert("formattedName".into(), json!(name.formatted));
    if let (Some(family), Some(given)) = (name.family, name.given) {
        person_name.insert("given".into(), json!(given));
        person_name.insert("family".into(), json!(family));
    }
    let mut communication = Map::new();
    let email = emails(&[(offer.work_email.as_deref(), "business"), (payload.candidate.email.as_deref(), "personal")]);
    if !email.is_empty() {
        communication.insert("email".into(), json!(email));
    }
    if let Some(phone) = non_empty(payload.candidate.phone.as_deref()) {
        communication.insert("phone".into(), json!([{ "formattedNumber": phone, "useCode": "personal" }]));
    }
    let mut person = Map::new();
    person.insert(
        "id".into(),
        identifier(&format!("panel-{}", event.candidate_id), "panel-candidate", schemes.panel_agency),
    );
    person.insert("name".into(), Value::Object(person_name));
    if !communication.is_empty() {
        person.insert("communication".into(), Value::Object(communication));
    }

    let mut employment = Map::new();
    if let Some(number) = non_empty(offer.employee_number.as_deref()) {
        employment.insert("id".into(), identifier(number, "employee-number", schemes.employer_agency));
    }
    employment.insert("startDate".into(), json!(start_date));
    if let Some(title) = non_empty(Some(&payload.job.title)) {
        employment.insert("positionTitle".into(), json!(title));
    }
    if let Some(department) = &offer.department {
        let mut organization = Map::new();
        let id = department.id.as_ref().map(|id| id.as_str().map_or_else(|| id.to_string(), str::to_owned));
        if let Some(id) = id {
            organization.insert("id".into(), identifier(&id, "panel-department", schemes.panel_agency));
        }
        organization.insert("name".into(), json!(department.name));
        employment.insert("organization".into(), Value::Object(organization));
    }
    if let Some(location) = non_empty(offer.location.as_deref()) {
        employment.insert("location".into(), json!({ "name": location }));
    }
    if let Some(cost_centre) = non_empty(offer.cost_centre.as_deref()) {
        employment.insert("costCenter".into(), json!(cost_centre));
    }
    if let Some(grade) = non_empty(offer.grade.as_deref()) {
        employment.insert("grade".into(), json!(grade));
    }
    employment.insert(
        "remuneration".into(),
        json!({
            "amount": { "value": amount(&salary.amount)?, "currency": salary.currency },
            "intervalCode": interval_code(&salary.period)?,
        }),
    );
    if let Some(manager) = &offer.manager {
        let mut reference = Map::new();
        reference.insert("name".into(), json!({ "formattedName": manager.name }));
        let email = emails(&[(manager.email.as_deref(), "business")]);
        if !email.is_empty() {
            reference.insert("communication".into(), json!({ "email": email }));
        }
        employment.insert("managerRef".into(), Value::Object(reference));
    }

    Ok(json!({
        "documentId": identifier(&event.id, "panel-event", schemes.panel_agency),
        "person": person,
        "employment": employment,
    }))
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub const SCHEMES: Schemes<'static> = Schemes { panel_agency: "Panel", employer_agency: "Acme" };

    pub fn hire_event(payload: Value) -> LifecycleEvent {
        LifecycleEvent {
            id: "evt_2a".into(),
            kind: "candidate.hired".into(),
            candidate_id: "7".into(),
            job_id: "3".into(),
            stage: "onboarding".into(),
            occurred_at: "2026-12-01T08:00:00Z".into(),
            payload: payload.to_string(),
        }
    }

    pub fn hire_payload() -> Value {
        json!({
            "application_id": 42,
            "candidate": { "id": 7, "name": "王磊", "email": "wang.lei@example.com", "phone": "+86 138 0000 0000" },
            "job": { "id": 3, "title": "生产主管", "department_id": 2, "locale": "zh-CN", "industry": "manufacturing" },
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

    fn build(payload: Value) -> Result<Value, PluginError> {
        let event = hire_event(payload);
        document(&event, &Payload::parse(&event.payload)?, SCHEMES)
    }

    #[test]
    fn a_hire_becomes_a_person_and_an_employment() {
        assert_eq!(
            build(hire_payload()).expect("document"),
            json!({
                "documentId": { "value": "evt_2a", "schemeId": "panel-event", "schemeAgencyId": "Panel" },
                "person": {
                    "id": { "value": "panel-7", "schemeId": "panel-candidate", "schemeAgencyId": "Panel" },
                    "name": { "formattedName": "王磊", "given": "磊", "family": "王" },
                    "communication": {
                        "email": [
                            { "address": "wang.lei@acme.example", "useCode": "business", "preference": 1 },
                            { "address": "wang.lei@example.com", "useCode": "personal", "preference": 2 }
                        ],
                        "phone": [{ "formattedNumber": "+86 138 0000 0000", "useCode": "personal" }]
                    }
                },
                "employment": {
                    "id": { "value": "E1024", "schemeId": "employee-number", "schemeAgencyId": "Acme" },
                    "startDate": "2027-01-04",
                    "positionTitle": "生产主管",
                    "organization": {
                        "id": { "value": "2", "schemeId": "panel-department", "schemeAgencyId": "Panel" },
                        "name": "装配车间"
                    },
                    "location": { "name": "苏州" },
                    "costCenter": "CC-310",
                    "grade": "M2",
                    "remuneration": { "amount": { "value": 18000.0, "currency": "CNY" }, "intervalCode": "Month" },
                    "managerRef": {
                        "name": { "formattedName": "李娜" },
                        "communication": { "email": [{ "address": "li.na@example.com", "useCode": "business", "preference": 1 }] }
                    }
                }
            })
        );
    }

    #[test]
    fn what_hr_has_not_recorded_is_left_out() {
        let mut payload = hire_payload();
        for field in ["employee_number", "manager", "work_email", "location", "grade", "cost_centre", "department"] {
            payload["offer"][field] = Value::Null;
        }
        payload["candidate"]["phone"] = Value::Null;
        let document = build(payload).expect("document");
        let employment = document["employment"].as_object().expect("employment");
        let mut keys: Vec<&str> = employment.keys().map(String::as_str).collect();
        keys.sort_unstable();
        assert_eq!(keys, ["positionTitle", "remuneration", "startDate"]);
        assert_eq!(
            document["person"]["communication"],
            json!({ "email": [{ "address": "wang.lei@example.com", "useCode": "personal", "preference": 1 }] })
        );
    }

    #[test]
    fn salary_amounts_and_periods_are_checked() {
        for (amount, period, expected) in [
            ("30000", "year", Some((30000.0, "Year"))),
            ("120.5", "hour", Some((120.5, "Hour"))),
            ("1,000", "month", None),
            ("-5", "month", None),
            ("", "month", None),
            ("NaN", "month", None),
            ("100", "fortnight", None),
        ] {
            let mut payload = hire_payload();
            payload["offer"]["salary"]["amount"] = json!(amount);
            payload["offer"]["salary"]["period"] = json!(period);
            match (build(payload), expected) {
                (Ok(document), Some((value, code))) => {
                    let remuneration = &document["employment"]["remuneration"];
                    assert_eq!(
                        (remuneration["amount"]["value"].as_f64(), remuneration["intervalCode"].as_str()),
                        (Some(value), Some(code))
                    );
                }
                (Err(error), None) => {
                    assert_eq!((error.code.as_str(), error.retryable), ("invalid-input", false), "{amount} {period}");
                    assert!(!error.message.contains(amount) || amount.is_empty(), "{error:?}");
                }
                (other, _) => panic!("{amount} {period}: {other:?}"),
            }
        }
    }

    #[test]
    fn a_hire_without_an_offer_is_not_retried() {
        let mut payload = hire_payload();
        payload["offer"] = Value::Null;
        assert!(build(payload).is_err_and(|e| e.code == "invalid-input" && !e.retryable));
    }
}

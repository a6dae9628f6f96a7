//! What became of hires, read back from the HRIS (the connector's `outcomes`
//! export, API 0.2.0): probation results, performance ratings and
//! departures, recorded against the employee records this connector created.
//!
//! `GET {endpoint}{outcomes_path}?after=<cursor>&limit=<n>` answers
//!
//! ```json
//! { "records": [ { "id": "ev-1", "employeeRef": "HRIS-1", "type": "probation",
//!                  "date": "2027-06-30", "result": "passed" } ],
//!   "next": "ev-1", "more": false }
//! ```
//!
//! `employeeRef` is the record id the HRIS answered when the employee record
//! was created (what the host keeps as the delivery's reference);
//! alternatively `person.id` may carry the `panel-<candidate id>` this
//! connector sent, with `panel.jobId` the job. `type` is `probation`
//! (`result`: passed, failed, extended), `performance` (`rating`, a number on
//! the organisation's scale) or `departure` (`reason`: voluntary,
//! involuntary, contract-end, other).

use panel_plugin_sdk::remote::{Method, check};
use panel_plugin_sdk::{
    DepartureReason, EmploymentOutcome, EmploymentRecord, Hire, HireIds, OutcomePage, PluginError, ProbationResult,
};
use serde::Deserialize;

use crate::config::Config;

/// The HRIS's answer.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Answer {
    #[serde(default)]
    records: Vec<Record>,
    #[serde(default)]
    next: Option<String>,
    #[serde(default)]
    more: bool,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Record {
    id: serde_json::Value,
    #[serde(default)]
    employee_ref: Option<serde_json::Value>,
    #[serde(default)]
    person: Option<Person>,
    #[serde(default)]
    panel: Option<PanelRef>,
    #[serde(rename = "type")]
    kind: String,
    date: String,
    #[serde(default)]
    result: Option<String>,
    #[serde(default)]
    rating: Option<f64>,
    #[serde(default)]
    reason: Option<String>,
}

#[derive(Debug, Deserialize)]
struct Person {
    id: Option<Identifier>,
}

#[derive(Debug, Deserialize)]
struct Identifier {
    value: String,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct PanelRef {
    job_id: Option<serde_json::Value>,
}

fn text(value: &serde_json::Value) -> Option<String> {
    match value {
        serde_json::Value::String(s) => Some(s.clone()),
        serde_json::Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// The request for the records after `cursor`.
pub fn request(config: &Config, cursor: &str, limit: u32) -> Result<panel_plugin_sdk::remote::Call, PluginError> {
    let Some(path) = config.outcomes_path.as_deref() else {
        return Err(PluginError::unsupported("outcomes_path is not configured: this binding reads no outcomes"));
    };
    panel_plugin_sdk::remote::check_path(path)?;
    let connection = config.connection()?;
    let query = format!("{path}?after={}&limit={limit}", encode(cursor));
    Ok(connection.call(Method::Get, &query).header("accept", "application/json"))
}

/// Percent-encodes a cursor for the query string.
fn encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The HRIS's answer as a page. A record this connector cannot read is left
/// out (and counted in the log line), never guessed at: the host records
/// what comes back.
pub fn read(body: &[u8], cursor: &str) -> Result<(OutcomePage, usize), PluginError> {
    let answer: Answer = serde_json::from_slice(body)
        .map_err(|e| PluginError::upstream_rejected(format!("the HRIS's outcomes are not the expected JSON: {e}")))?;
    let mut records = Vec::with_capacity(answer.records.len());
    let mut unreadable = 0;
    for record in answer.records {
        match convert(record) {
            Some(r) => records.push(r),
            None => unreadable += 1,
        }
    }
    let cursor = answer.next.unwrap_or_else(|| cursor.to_owned());
    Ok((OutcomePage { records, cursor, more: answer.more }, unreadable))
}

fn convert(r: Record) -> Option<EmploymentRecord> {
    let hire = match (r.employee_ref.as_ref().and_then(text), r.person.and_then(|p| p.id)) {
        (Some(reference), _) => Hire::Reference(reference),
        (None, Some(id)) => Hire::Ids(HireIds {
            candidate_id: id.value.strip_prefix("panel-")?.to_owned(),
            job_id: r.panel.and_then(|p| p.job_id).as_ref().and_then(text)?,
        }),
        (None, None) => return None,
    };
    let outcome = match r.kind.as_str() {
        "probation" => EmploymentOutcome::Probation(match r.result?.as_str() {
            "passed" => ProbationResult::Passed,
            "failed" => ProbationResult::Failed,
            "extended" => ProbationResult::Extended,
            _ => return None,
        }),
        "performance" => EmploymentOutcome::Performance(r.rating?),
        "departure" => EmploymentOutcome::Departure(match r.reason.as_deref().unwrap_or("other") {
            "voluntary" => DepartureReason::Voluntary,
            "involuntary" => DepartureReason::Involuntary,
            "contract-end" => DepartureReason::ContractEnd,
            _ => DepartureReason::Other,
        }),
        _ => return None,
    };
    Some(EmploymentRecord { id: text(&r.id)?, hire, on_date: r.date, outcome })
}

/// Pulls one page.
pub fn pull(config: &Config, cursor: &str, limit: u32) -> Result<OutcomePage, PluginError> {
    let response = check(request(config, cursor, limit)?.send()?, "reading outcomes from the HRIS")?;
    let (page, unreadable) = read(&response.body, cursor)?;
    if unreadable > 0 {
        panel_plugin_sdk::host::warn(&format!("{unreadable} outcome record(s) from the HRIS could not be read"));
    }
    Ok(page)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_by_reference_and_by_panel_ids_are_read_and_unknown_ones_left_out() {
        let body = br#"{"records": [
            {"id": "ev-1", "employeeRef": "HRIS-1", "type": "probation", "date": "2027-06-30", "result": "passed"},
            {"id": 2, "person": {"id": {"value": "panel-7"}}, "panel": {"jobId": 3}, "type": "performance", "date": "2027-12-31", "rating": 4.5},
            {"id": "ev-3", "employeeRef": 12, "type": "departure", "date": "2028-01-15", "reason": "voluntary"},
            {"id": "ev-4", "employeeRef": "HRIS-1", "type": "promotion", "date": "2028-02-01"},
            {"id": "ev-5", "type": "probation", "date": "2027-06-30", "result": "passed"}
        ], "next": "ev-5", "more": true}"#;
        let (page, unreadable) = read(body, "").expect("read");
        assert_eq!(unreadable, 2);
        assert_eq!((page.cursor.as_str(), page.more), ("ev-5", true));
        // The generated types have no PartialEq (the connector world's wasi
        // resources cannot derive it): compared as they print.
        let shown = |v: &dyn std::fmt::Debug| format!("{v:?}");
        assert_eq!(shown(&page.records[0].hire), shown(&Hire::Reference("HRIS-1".into())));
        assert_eq!(shown(&page.records[0].outcome), shown(&EmploymentOutcome::Probation(ProbationResult::Passed)));
        let ids = Hire::Ids(HireIds { candidate_id: "7".into(), job_id: "3".into() });
        assert_eq!(shown(&page.records[1].hire), shown(&ids));
        assert_eq!(shown(&page.records[1].outcome), shown(&EmploymentOutcome::Performance(4.5)));
        assert_eq!(shown(&page.records[2].outcome), shown(&EmploymentOutcome::Departure(DepartureReason::Voluntary)));
        assert_eq!(page.records[1].id, "2");
    }

    #[test]
    fn nothing_new_keeps_the_cursor() {
        let (page, _) = read(br#"{"records": []}"#, "ev-9").expect("read");
        assert_eq!((page.cursor.as_str(), page.more, page.records.len()), ("ev-9", false, 0));
    }

    #[test]
    fn the_cursor_is_encoded_into_the_query() {
        assert_eq!(encode("a b&c=d/é"), "a%20b%26c%3Dd%2F%C3%A9");
    }
}

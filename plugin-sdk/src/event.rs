//! A typed view of a lifecycle event's `payload`, as a connector reads it
//! (docs/plugins.md, "What connectors and notifiers receive").
//!
//! Only the parts Panel's connectors use are typed; unknown fields are
//! ignored, so the host may add more (read those with [`crate::payload::Path`]).
//! Every part a stage may lack is optional: `offer` appears once HR has
//! recorded it, `assessment` once the AI interview is scored, `departure` on
//! `employee.left`. Errors are `invalid-input` and not retryable (the event
//! lands on the dead-letter list to replay), and never carry the payload's
//! values: they are personal data.
//!
//! ```
//! use panel_plugin_sdk::event::Payload;
//!
//! let payload = Payload::parse(r#"{"candidate": {"name": "王磊"}, "job": {"title": "店长"}}"#)?;
//! assert_eq!(payload.job.title, "店长");
//! let error = payload.recorded_offer("start date, salary", "the record can be created").expect_err("no offer");
//! assert!(error.message.starts_with("the event carries no offer: HR must record the offer (start date, salary)"));
//! # Ok::<(), panel_plugin_sdk::PluginError>(())
//! ```

use serde::Deserialize;

use crate::PluginError;

/// An event's `payload`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct Payload {
    /// Who the event is about.
    pub candidate: Candidate,
    /// The job they applied to.
    pub job: Job,
    /// Present once HR has recorded the offer.
    pub offer: Option<Offer>,
    /// Present once the AI interview was scored.
    pub assessment: Option<Assessment>,
    /// Present on `employee.left`.
    pub departure: Option<Departure>,
}

/// The candidate.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct Candidate {
    /// Their name as they gave it.
    pub name: String,
    /// Their personal email.
    pub email: Option<String>,
    /// Their phone number.
    pub phone: Option<String>,
}

/// The job.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct Job {
    /// The job's title.
    pub title: String,
    /// The job's industry, e.g. `manufacturing`.
    pub industry: Option<String>,
}

/// The terms HR recorded of the offer. The host always sends `start_date` and
/// `salary`; they are optional here so that a connector that needs neither
/// does not refuse an event for them: one that needs them asks with
/// [`Offer::required_start_date`] and [`Offer::required_salary`].
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct Offer {
    /// The employee number, where HR knows it.
    pub employee_number: Option<String>,
    /// The first day, `YYYY-MM-DD`.
    pub start_date: Option<String>,
    /// The grade, e.g. `M2`.
    pub grade: Option<String>,
    /// The pay.
    pub salary: Option<Salary>,
    /// The cost centre, e.g. `CC-310`.
    pub cost_centre: Option<String>,
    /// The department the hire joins.
    pub department: Option<Department>,
    /// Their manager, where HR knows them.
    pub manager: Option<Manager>,
    /// Their work email, where IT has made it.
    pub work_email: Option<String>,
    /// Where they work, e.g. `苏州`.
    pub location: Option<String>,
}

/// The offer's pay.
#[derive(Debug, Clone, Deserialize)]
pub struct Salary {
    /// A decimal number as text, e.g. `"18000.00"`, so nothing is rounded.
    pub amount: String,
    /// ISO 4217, e.g. `CNY`.
    pub currency: String,
    /// `year`, `month` or `hour`.
    pub period: String,
}

/// A department of the organisation.
#[derive(Debug, Clone, Deserialize)]
pub struct Department {
    /// Panel's id of the department (a number).
    #[serde(default)]
    pub id: Option<serde_json::Value>,
    /// Its name, e.g. `装配车间`.
    pub name: String,
}

/// The hire's manager.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct Manager {
    /// Their name.
    pub name: String,
    /// Their work email.
    pub email: Option<String>,
}

/// What the AI interview found.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct Assessment {
    /// One result per competency dimension of the job.
    pub dimensions: Vec<DimensionResult>,
}

/// How the interview found one competency dimension.
#[derive(Debug, Clone, Deserialize)]
pub struct DimensionResult {
    /// The dimension's id, e.g. `safety`.
    pub id: String,
    /// `meets`, `borderline`, `below` or `not-measured`.
    pub status: String,
}

/// The hire's leaving, as HR recorded it.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct Departure {
    /// Their last day, `YYYY-MM-DD`.
    pub last_day: Option<String>,
}

impl Payload {
    /// Reads an event's payload. A payload that does not fit is the host's
    /// error, not worth retrying; the message gives the position only, never
    /// the values (they are personal data).
    pub fn parse(json: &str) -> Result<Self, PluginError> {
        serde_json::from_str(json).map_err(|e| {
            PluginError::invalid_input(format!(
                "the event payload does not have the expected shape ({:?} error at line {}, column {})",
                e.classify(),
                e.line(),
                e.column()
            ))
        })
    }

    /// The offer, for a connector that cannot do without it. Its absence
    /// says what HR must record (`terms`, e.g. `"start date, salary"`) before
    /// what (`before`, e.g. `"the payroll record can be created"`).
    pub fn recorded_offer(&self, terms: &str, before: &str) -> Result<&Offer, PluginError> {
        self.offer.as_ref().ok_or_else(|| {
            PluginError::invalid_input(format!(
                "the event carries no offer: HR must record the offer ({terms}) before {before}; replay the event \
                 once it is recorded"
            ))
        })
    }
}

impl Offer {
    /// The start date, which every offer the host sends carries.
    pub fn required_start_date(&self) -> Result<&str, PluginError> {
        self.start_date.as_deref().ok_or_else(|| missing("start_date"))
    }

    /// The salary, which every offer the host sends carries.
    pub fn required_salary(&self) -> Result<&Salary, PluginError> {
        self.salary.as_ref().ok_or_else(|| missing("salary"))
    }
}

fn missing(field: &str) -> PluginError {
    PluginError::invalid_input(format!("the event's offer has no {field}, which every recorded offer carries"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offer_assessment_and_departure_are_optional_and_unknown_fields_ignored() {
        let payload =
            Payload::parse(r#"{"candidate": {"name": "王磊"}, "job": {"title": "店长"}, "later": 1}"#).expect("parses");
        assert!(payload.offer.is_none() && payload.assessment.is_none() && payload.departure.is_none());
        let payload = Payload::parse(
            r#"{"assessment": {"decision": "advance", "dimensions": [{"id": "safety", "score": null, "status": "below"}]}}"#,
        )
        .expect("parses");
        assert_eq!(payload.assessment.map(|a| a.dimensions[0].status.clone()).as_deref(), Some("below"));
        let payload = Payload::parse(r#"{"departure": {"last_day": "2027-06-30"}}"#).expect("parses");
        assert_eq!(payload.departure.and_then(|d| d.last_day).as_deref(), Some("2027-06-30"));
    }

    #[test]
    fn a_missing_offer_is_a_permanent_error_that_says_what_to_do() {
        let payload =
            Payload::parse(r#"{"candidate": {"name": "王磊", "email": null}, "offer": null}"#).expect("parses");
        let error = payload.recorded_offer("work email, manager", "the account can be provisioned").expect_err("none");
        assert_eq!((error.code.as_str(), error.retryable), ("invalid-input", false));
        assert_eq!(
            error.message,
            "the event carries no offer: HR must record the offer (work email, manager) before the account can be \
             provisioned; replay the event once it is recorded"
        );
    }

    #[test]
    fn an_offer_without_its_terms_is_refused_by_whoever_needs_them() {
        let payload = Payload::parse(r#"{"offer": {"start_date": "王磊的生日"}}"#).expect("parses");
        let offer = payload.offer.expect("an offer");
        assert_eq!(offer.required_start_date().ok(), Some("王磊的生日"));
        let error = offer.required_salary().expect_err("no salary");
        assert_eq!((error.code.as_str(), error.retryable), ("invalid-input", false));
        assert!(error.message.contains("salary") && !error.message.contains("王磊"), "{error:?}");
        assert!(Offer::default().required_start_date().is_err());
    }

    #[test]
    fn a_malformed_payload_is_refused_without_echoing_its_values() {
        for (json, value) in [
            (r#"{"candidate": {"name": 42}}"#, "42"),
            (r#"{"candidate": {"phone": 13800000000}}"#, "13800000000"),
            (r#"{"offer": {"work_email": ["wang.lei@acme.example"]}}"#, "wang.lei"),
            (r#"{"offer": {"salary": {"amount": "18000.00"}}}"#, "18000"),
        ] {
            let error = Payload::parse(json).expect_err(json);
            assert_eq!((error.code.as_str(), error.retryable), ("invalid-input", false));
            assert!(error.message.starts_with("the event payload does not have the expected shape"), "{error:?}");
            assert!(!error.message.contains(value), "{error:?}");
        }
    }
}

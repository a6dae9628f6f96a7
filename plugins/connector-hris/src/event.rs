//! The parts of a lifecycle event's payload this connector reads (see
//! docs/plugins.md, "What connectors and notifiers receive"). Unknown fields
//! are ignored, so the host may add more.

use panel_plugin_sdk::PluginError;
use serde::Deserialize;

/// An event's `payload`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct Payload {
    pub candidate: Candidate,
    pub job: Job,
    /// Present once HR has recorded the offer.
    pub offer: Option<Offer>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct Candidate {
    pub name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct Job {
    pub title: String,
}

/// What HR recorded of the offer.
#[derive(Debug, Clone, Deserialize)]
pub struct Offer {
    #[serde(default)]
    pub employee_number: Option<String>,
    /// `YYYY-MM-DD`.
    pub start_date: String,
    #[serde(default)]
    pub grade: Option<String>,
    pub salary: Salary,
    #[serde(default)]
    pub cost_centre: Option<String>,
    #[serde(default)]
    pub department: Option<Department>,
    #[serde(default)]
    pub manager: Option<Manager>,
    #[serde(default)]
    pub work_email: Option<String>,
    #[serde(default)]
    pub location: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Salary {
    /// A decimal number as text, e.g. `"18000.00"`.
    pub amount: String,
    /// ISO 4217, e.g. `CNY`.
    pub currency: String,
    /// `year`, `month` or `hour`.
    pub period: String,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Department {
    #[serde(default)]
    pub id: Option<serde_json::Value>,
    pub name: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct Manager {
    pub name: String,
    pub email: Option<String>,
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

    /// The offer, which the employee record cannot do without.
    pub fn offer(&self) -> Result<&Offer, PluginError> {
        self.offer.as_ref().ok_or_else(|| {
            PluginError::invalid_input(
                "the event carries no offer: HR must record the offer (start date, salary, grade, department) \
                 before the employee record can be created; replay the event once it is recorded",
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_offer_is_required_and_its_absence_is_permanent() {
        let payload = Payload::parse(r#"{"candidate": {"name": "王磊", "email": null}}"#).expect("parses");
        let error = payload.offer().expect_err("no offer");
        assert_eq!((error.code.as_str(), error.retryable), ("invalid-input", false));
        assert!(error.message.contains("HR must record the offer"));
    }

    #[test]
    fn a_malformed_payload_is_refused_without_its_values() {
        let error = Payload::parse(r#"{"candidate": {"phone": 13800000000}}"#).expect_err("a number");
        assert_eq!((error.code.as_str(), error.retryable), ("invalid-input", false));
        assert!(!error.message.contains("13800000000"), "{error:?}");
    }
}

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
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct Job {
    pub title: String,
}

/// What HR recorded of the offer; the directory needs none of the pay.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct Offer {
    pub employee_number: Option<String>,
    pub cost_centre: Option<String>,
    pub department: Option<Department>,
    pub manager: Option<Manager>,
    pub work_email: Option<String>,
    pub location: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Department {
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

    /// The offer, without which the account has no department, manager or
    /// work email.
    pub fn offer(&self) -> Result<&Offer, PluginError> {
        self.offer.as_ref().ok_or_else(|| {
            PluginError::invalid_input(
                "the event carries no offer: HR must record the offer (work email, department, manager) before the \
                 account can be provisioned; replay the event once it is recorded",
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_offer_is_required_and_its_absence_is_permanent() {
        let payload = Payload::parse(r#"{"candidate": {"name": "王磊"}, "departure": {"last_day": "2027-06-30"}}"#);
        let error = payload.expect("parses").offer().expect_err("no offer");
        assert_eq!((error.code.as_str(), error.retryable), ("invalid-input", false));
        assert!(error.message.contains("HR must record the offer"));
    }

    #[test]
    fn a_malformed_payload_is_refused_without_its_values() {
        let error = Payload::parse(r#"{"offer": {"work_email": ["wang.lei@acme.example"]}}"#).expect_err("a list");
        assert_eq!((error.code.as_str(), error.retryable), ("invalid-input", false));
        assert!(!error.message.contains("wang.lei"), "{error:?}");
    }
}

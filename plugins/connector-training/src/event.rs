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
    /// Present when the AI interview was scored.
    pub assessment: Option<Assessment>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct Candidate {
    pub name: String,
    pub email: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct Job {
    pub title: String,
    pub industry: Option<String>,
}

/// What HR recorded of the offer; training needs who and when, not pay.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct Offer {
    pub employee_number: Option<String>,
    pub start_date: Option<String>,
    pub department: Option<Department>,
    pub work_email: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Department {
    pub name: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct Assessment {
    pub dimensions: Vec<DimensionResult>,
}

/// How the interview found one competency dimension.
#[derive(Debug, Clone, Deserialize)]
pub struct DimensionResult {
    pub id: String,
    /// `meets`, `borderline`, `below` or `not-measured`.
    pub status: String,
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
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offer_and_assessment_are_optional() {
        let payload = Payload::parse(r#"{"candidate": {"name": "王磊"}, "job": {"title": "店长"}}"#).expect("parses");
        assert!(payload.offer.is_none() && payload.assessment.is_none());
        let payload =
            Payload::parse(r#"{"assessment": {"decision": "advance", "dimensions": [{"id": "safety", "score": null, "status": "below"}]}}"#)
                .expect("parses");
        assert_eq!(payload.assessment.map(|a| a.dimensions[0].status.clone()).as_deref(), Some("below"));
    }

    #[test]
    fn a_malformed_payload_is_refused_without_its_values() {
        let error = Payload::parse(r#"{"candidate": {"email": ["wang.lei@example.com"]}}"#).expect_err("a list");
        assert_eq!((error.code.as_str(), error.retryable), ("invalid-input", false));
        assert!(!error.message.contains("wang.lei"), "{error:?}");
    }
}

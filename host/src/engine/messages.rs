//! What a notifier is asked to send a candidate for an outbox event: the
//! template and its variables, or why nothing is sent after all (a reminder
//! to a candidate who has already started, an invitation withdrawn since).
//!
//! Templates: `invitation` (also for an extended window, with `extended`
//! set), `reminder`, `completion`, `result-advance`, `result-thank-you`. Variables: `name`,
//! `job_title`, `organisation`, and per template `link`, `opens_at`,
//! `closes_at` (RFC 3339, UTC), `minutes_before`, `reason`.

use super::outbox::rfc3339;
use super::{Engine, EngineError};
use crate::pipeline::Stage;
use crate::store::{
    ClaimedDelivery, INTERVIEW_COMPLETED, INVITATION_EXTENDED, INVITATION_REMINDER, INVITATION_SENT, Job, StoreError,
};

/// A message to send, or why none is.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Composed {
    Send { template: &'static str, variables: Vec<(String, String)> },
    Skip(String),
}

fn text(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Null => String::new(),
        other => other.to_string(),
    }
}

impl Engine {
    /// The candidate's message for a claimed notifier delivery.
    pub(super) async fn compose(&self, d: &ClaimedDelivery, job: &Job) -> Result<Composed, EngineError> {
        let payload: serde_json::Value = serde_json::from_str(&d.payload).unwrap_or_default();
        let mut variables = vec![
            ("name".to_owned(), text(&payload["candidate"]["name"])),
            ("job_title".to_owned(), job.profile.title.clone()),
            ("organisation".to_owned(), self.store.organisation_name(job.organisation_id).await?),
        ];
        let template = match d.kind.as_str() {
            INVITATION_SENT | INVITATION_EXTENDED | INVITATION_REMINDER => {
                let reminder = d.kind == INVITATION_REMINDER;
                let Some(id) = payload["invitation_id"].as_i64() else {
                    return Ok(Composed::Skip("the event names no invitation".into()));
                };
                let (invitation, session_id) = match self.store.invitation_and_session(id).await {
                    Ok(found) => found,
                    Err(StoreError::NotFound { .. }) => return Ok(Composed::Skip("the invitation is gone".into())),
                    Err(e) => return Err(e.into()),
                };
                let now = self.now_ms();
                let stage = self.store.application(d.application_id).await?.stage;
                let closed = Stage::parse(&stage).is_some_and(Stage::is_closed);
                let why_not = if invitation.revoked {
                    Some("the invitation was withdrawn")
                } else if closed {
                    Some("the application is closed")
                } else if now >= invitation.closes_at {
                    Some("the interview window has closed")
                } else if reminder && session_id.is_some() {
                    Some("the candidate has started their interview")
                } else if reminder && payload["closes_at"].as_i64() != Some(invitation.closes_at) {
                    Some("the window was extended; the reminders for its new end are sent instead")
                } else {
                    None
                };
                if let Some(why) = why_not {
                    return Ok(Composed::Skip(why.into()));
                }
                variables.extend([
                    ("link".to_owned(), self.link_url(&invitation)),
                    ("opens_at".to_owned(), rfc3339(invitation.opens_at)),
                    ("closes_at".to_owned(), rfc3339(invitation.closes_at)),
                ]);
                if reminder {
                    variables.push(("minutes_before".to_owned(), text(&payload["minutes_before"])));
                    "reminder"
                } else {
                    variables.push(("extended".to_owned(), (d.kind == INVITATION_EXTENDED).to_string()));
                    "invitation"
                }
            }
            INTERVIEW_COMPLETED => "completion",
            _ => match Stage::parse(&d.stage).and_then(Stage::candidate_message) {
                Some(template) => {
                    variables.push(("reason".to_owned(), text(&payload["candidate_reason"])));
                    template
                }
                None => return Ok(Composed::Skip(format!("no candidate message for {}", d.kind))),
            },
        };
        Ok(Composed::Send { template, variables })
    }
}

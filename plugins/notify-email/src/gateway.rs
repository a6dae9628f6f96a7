//! The host's mail gateway: plugins never speak SMTP; the host does, with the
//! mail server its administrator configured, behind a reserved host name the
//! manifest declares like any outbound host.
//!
//! `POST http://mail.panel.internal/v1/messages` with the message as JSON and
//! the message id as `idempotency-key`. Answers: `202 {"message_id"}` sent;
//! `400` malformed and `422` refused by the mail server (permanent, with
//! `{"error": {"field", "message"}}`); `413` too large; `503` no mail server
//! or a temporary failure (retryable).

use panel_plugin_sdk::{PluginError, http};
use serde::{Deserialize, Serialize};

/// Where the host's mail gateway takes messages.
pub const SEND_URL: &str = "http://mail.panel.internal/v1/messages";

/// The gateway may take a while: it hands the message to the mail server
/// before it answers.
const TIMEOUT_MS: u64 = 30_000;

/// One email as the gateway takes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MailRequest {
    pub to: Vec<String>,
    pub subject: String,
    pub text: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub html: Option<String>,
    /// The sender's display name; the address is the host's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reply_to: Option<String>,
}

impl MailRequest {
    /// The HTTP request, idempotent on `message_id` when there is one: the
    /// host may deliver the same message again, and the gateway then sends
    /// it once.
    pub fn to_http(&self, message_id: &str) -> Result<http::Request, PluginError> {
        let mut request = http::Request::post(SEND_URL).timeout_ms(TIMEOUT_MS);
        if !message_id.trim().is_empty() {
            request = request.header("idempotency-key", message_id);
        }
        request.json(self)
    }
}

#[derive(Debug, Deserialize)]
struct Accepted {
    #[serde(default)]
    message_id: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
struct Refusal {
    #[serde(default)]
    error: RefusalDetail,
}

#[derive(Debug, Default, Deserialize)]
struct RefusalDetail {
    #[serde(default)]
    field: Option<String>,
    #[serde(default)]
    message: Option<String>,
}

/// Longest piece of the gateway's explanation kept in an error.
const MAX_EXPLANATION_CHARS: usize = 300;

/// The gateway's explanation of a refusal: `field: message`, or nothing. Its
/// messages never contain the address, so they are kept for whoever reads the
/// dead-letter list.
fn explanation(body: &[u8]) -> String {
    let detail = serde_json::from_slice::<Refusal>(body).unwrap_or_default().error;
    let message = detail.message.unwrap_or_default();
    let explained = match detail.field.filter(|field| !field.is_empty()) {
        Some(field) => format!("{field}: {message}"),
        None => message,
    };
    let explained: String = explained.chars().take(MAX_EXPLANATION_CHARS).collect();
    if explained.trim().is_empty() { String::new() } else { format!(": {}", explained.trim()) }
}

/// What the gateway's answer means: the receipt (its message id, or empty
/// when it gave none), or an error retryable only when trying again may help.
pub fn read_answer(status: u16, body: &[u8]) -> Result<String, PluginError> {
    match status {
        // Sent: a body that cannot be read must not turn a sent email into a retry.
        200..=299 => Ok(serde_json::from_slice::<Accepted>(body).ok().and_then(|a| a.message_id).unwrap_or_default()),
        400 => Err(PluginError::upstream_rejected(format!(
            "the mail gateway found the request malformed (400){}",
            explanation(body)
        ))),
        404 => Err(PluginError::upstream_rejected(format!(
            "the host's mail gateway is not where this plugin sends (404){}",
            explanation(body)
        ))),
        413 => Err(PluginError::upstream_rejected(format!(
            "the email is too large for the mail gateway (413){}",
            explanation(body)
        ))),
        422 => Err(PluginError::upstream_rejected(format!(
            "the mail server refused the email permanently (422){}",
            explanation(body)
        ))),
        429 | 500..=599 => Err(PluginError::upstream_unavailable(format!(
            "the mail server is unavailable or not configured ({status}){}",
            explanation(body)
        ))),
        _ => Err(PluginError::upstream_rejected(format!("the mail gateway answered {status}{}", explanation(body)))),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn the_request_body_has_the_gateways_shape() {
        let mut request = MailRequest {
            to: vec!["wang.lei@example.com".into()],
            subject: "S".into(),
            text: "T".into(),
            html: Some("<p>T</p>".into()),
            from_name: Some("Acme 招聘".into()),
            reply_to: Some("hr@acme.example".into()),
        };
        assert_eq!(
            serde_json::to_value(&request).expect("json"),
            json!({"to": ["wang.lei@example.com"], "subject": "S", "text": "T", "html": "<p>T</p>",
                   "from_name": "Acme 招聘", "reply_to": "hr@acme.example"})
        );
        (request.html, request.from_name, request.reply_to) = (None, None, None);
        assert_eq!(
            serde_json::to_value(&request).expect("json"),
            json!({"to": ["wang.lei@example.com"], "subject": "S", "text": "T"}),
            "what is not set is left out, not null"
        );
    }

    #[test]
    fn a_sent_email_gives_the_gateways_message_id() {
        assert_eq!(read_answer(202, br#"{"message_id": "<m1@panel>"}"#).expect("sent"), "<m1@panel>");
        assert_eq!(read_answer(202, b"").expect("sent without a body"), "");
        assert_eq!(read_answer(200, br#"{"other": 1}"#).expect("sent"), "");
    }

    #[test]
    fn refusals_are_permanent_and_keep_the_gateways_explanation() {
        let malformed = read_answer(400, br#"{"error": {"field": "reply_to", "message": "not an address"}}"#);
        let malformed = malformed.expect_err("400");
        assert_eq!((malformed.code.as_str(), malformed.retryable), ("upstream-rejected", false));
        assert!(malformed.message.ends_with("(400): reply_to: not an address"), "{}", malformed.message);

        let refused = read_answer(422, br#"{"error": {"message": "550 5.1.1 mailbox unavailable"}}"#);
        let refused = refused.expect_err("422");
        assert!(!refused.retryable);
        assert!(refused.message.contains("refused the email permanently (422): 550 5.1.1"), "{}", refused.message);

        for status in [404, 413, 401, 418] {
            assert!(read_answer(status, b"<html>").is_err_and(|e| !e.retryable), "{status}");
        }
        let long = format!(r#"{{"error": {{"message": "{}"}}}}"#, "x".repeat(1000));
        let error = read_answer(422, long.as_bytes()).expect_err("422");
        assert!(error.message.len() < 400, "the explanation is cut: {}", error.message.len());
    }

    #[test]
    fn an_unavailable_mail_server_is_worth_retrying() {
        let error = read_answer(503, br#"{"error": {"message": "no mail server is configured"}}"#).expect_err("503");
        assert_eq!((error.code.as_str(), error.retryable), ("upstream-unavailable", true));
        assert!(error.message.ends_with("(503): no mail server is configured"), "{}", error.message);
        for status in [429, 500, 502, 504] {
            assert!(read_answer(status, b"").is_err_and(|e| e.retryable), "{status}");
        }
    }
}

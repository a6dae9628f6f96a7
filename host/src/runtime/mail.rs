//! The host's mail gateway: email for notifiers, sent over SMTP by the host
//! with the mail server its administrator configured. Plugins never speak
//! SMTP or hold its password; a notifier reaches the gateway over `wasi:http`
//! at the reserved host [`MAIL_HOST`], which its manifest declares and the
//! administrator grants like any other host:
//!
//! ```text
//! POST http://mail.panel.internal/v1/messages
//! idempotency-key: <the message id>              (optional)
//! { "to": ["a@example.com"], "subject": "…", "text": "…", "html": "…",
//!   "from_name": "Acme 招聘", "reply_to": "hr@acme.example" }
//! ```
//!
//! Answers: `202 {"message_id": …}`; `400` malformed (names the field);
//! `413` too large; `422` refused for good by the mail server; `503` the mail
//! server is unavailable, failed temporarily, or none is configured. The
//! sender's address is always the host's: a plugin chooses the display name
//! only. Error messages never carry an address.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::Duration;

use bytes::Bytes;
use http::{Response, StatusCode};
use http_body_util::{BodyExt, Full, Limited};
use lettre::message::{Mailbox, MultiPart};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use serde::Deserialize;
use serde_json::json;
use wasmtime_wasi_http::WasiBody;

/// The reserved host name notifiers send mail to.
pub const MAIL_HOST: &str = "mail.panel.internal";
const PATH: &str = "/v1/messages";
const MAX_REQUEST_BYTES: usize = 1 << 20;
const MAX_RECIPIENTS: usize = 50;
/// Sent messages remembered by idempotency key, so a retried send is not mailed twice.
const REMEMBERED: usize = 10_000;

/// Sends mail through one SMTP server.
pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
    sent: Mutex<(HashMap<String, String>, VecDeque<String>)>,
}

impl std::fmt::Debug for Mailer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The server URL may hold a password: only the sender is shown.
        f.debug_struct("Mailer").field("from", &self.from.email.to_string()).finish_non_exhaustive()
    }
}

impl Mailer {
    /// A mailer for the server at `smtp_url` (`smtp://host:25`,
    /// `smtp://user:password@host:587?tls=required`, `smtps://…:465`),
    /// sending as `from` (`Acme HR <hr@acme.example>` or an address).
    pub fn new(smtp_url: &str, from: &str) -> Result<Self, String> {
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(smtp_url)
            .map_err(|e| format!("the SMTP URL is not usable: {e}"))?
            .timeout(Some(Duration::from_secs(20)))
            .build();
        let from: Mailbox = from.parse().map_err(|_| format!("{from:?} is not a sender address"))?;
        Ok(Self { transport, from, sent: Mutex::new((HashMap::new(), VecDeque::new())) })
    }

    fn remembered(&self, key: &str) -> Option<String> {
        self.sent.lock().ok().and_then(|sent| sent.0.get(key).cloned())
    }

    fn remember(&self, key: String, message_id: String) {
        if let Ok(mut sent) = self.sent.lock() {
            let (ids, order) = &mut *sent;
            if ids.insert(key.clone(), message_id).is_none() {
                order.push_back(key);
            }
            while order.len() > REMEMBERED {
                if let Some(old) = order.pop_front() {
                    ids.remove(&old);
                }
            }
        }
    }
}

/// What a notifier asks the gateway to send.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct MailRequest {
    to: Vec<String>,
    subject: String,
    text: String,
    #[serde(default)]
    html: Option<String>,
    #[serde(default)]
    from_name: Option<String>,
    #[serde(default)]
    reply_to: Option<String>,
}

type Answer = (StatusCode, serde_json::Value);

fn refused(status: StatusCode, field: &str, message: impl Into<String>) -> Answer {
    (status, json!({ "error": { "field": field, "message": message.into() } }))
}

/// Answers one request to [`MAIL_HOST`].
pub(crate) async fn handle(mailer: Option<&Mailer>, request: http::Request<WasiBody>) -> Response<WasiBody> {
    let (status, body) = answer(mailer, request).await;
    let body = Full::new(Bytes::from(body.to_string())).map_err(|never| match never {}).boxed_unsync();
    let mut response = Response::new(body);
    *response.status_mut() = status;
    response.headers_mut().insert(http::header::CONTENT_TYPE, http::HeaderValue::from_static("application/json"));
    response
}

async fn answer(mailer: Option<&Mailer>, request: http::Request<WasiBody>) -> Answer {
    if request.method() != http::Method::POST || request.uri().path() != PATH {
        return refused(StatusCode::NOT_FOUND, "path", format!("the mail gateway takes POST {PATH}"));
    }
    let key = request.headers().get("idempotency-key").and_then(|v| v.to_str().ok()).map(str::to_owned);
    let bytes = match Limited::new(request.into_body(), MAX_REQUEST_BYTES).collect().await {
        Ok(collected) => collected.to_bytes(),
        Err(_) => return refused(StatusCode::PAYLOAD_TOO_LARGE, "body", "a message is at most 1 MiB"),
    };
    let mail: MailRequest = match serde_json::from_slice(&bytes) {
        Ok(mail) => mail,
        Err(e) => return refused(StatusCode::BAD_REQUEST, "body", format!("not a mail request: {e}")),
    };
    let Some(mailer) = mailer else {
        return refused(StatusCode::SERVICE_UNAVAILABLE, "server", "no mail server is configured on this Panel host");
    };
    if let Some(id) = key.as_deref().and_then(|k| mailer.remembered(k)) {
        return (StatusCode::ACCEPTED, json!({ "message_id": id, "replayed": true }));
    }
    let message = match build(mailer, &mail) {
        Ok(message) => message,
        Err(refusal) => return refusal,
    };
    let message_id = message.headers().get_raw("Message-ID").unwrap_or_default().to_owned();
    match mailer.transport.send(message).await {
        Ok(_) => {
            tracing::info!(recipients = mail.to.len(), "mail sent through the gateway");
            if let Some(key) = key {
                mailer.remember(key, message_id.clone());
            }
            (StatusCode::ACCEPTED, json!({ "message_id": message_id }))
        }
        Err(e) if e.is_permanent() => {
            let code = e.status().map(|c| c.to_string()).unwrap_or_default();
            tracing::warn!(smtp_code = %code, "the mail server refused a message");
            refused(StatusCode::UNPROCESSABLE_ENTITY, "to", format!("the mail server refused the message ({code})"))
        }
        Err(e) => {
            let code = e.status().map(|c| c.to_string()).unwrap_or_else(|| "no answer".to_owned());
            tracing::warn!(smtp_code = %code, transient = e.is_transient(), "sending mail failed; the notifier will retry");
            refused(StatusCode::SERVICE_UNAVAILABLE, "server", format!("the mail server is unavailable ({code})"))
        }
    }
}

fn build(mailer: &Mailer, mail: &MailRequest) -> Result<Message, Answer> {
    if mail.to.is_empty() || mail.to.len() > MAX_RECIPIENTS {
        return Err(refused(StatusCode::BAD_REQUEST, "to", format!("give 1 to {MAX_RECIPIENTS} addresses")));
    }
    if mail.subject.trim().is_empty() || mail.subject.chars().count() > 300 || mail.subject.contains(['\r', '\n']) {
        return Err(refused(StatusCode::BAD_REQUEST, "subject", "must be one line of 1 to 300 characters"));
    }
    if mail.text.trim().is_empty() {
        return Err(refused(StatusCode::BAD_REQUEST, "text", "must not be empty"));
    }
    let name = mail.from_name.as_deref().map(str::trim).filter(|n| !n.is_empty());
    if name.is_some_and(|n| n.chars().count() > 100 || n.contains(['\r', '\n'])) {
        return Err(refused(StatusCode::BAD_REQUEST, "from_name", "must be one line of at most 100 characters"));
    }
    let from = Mailbox::new(name.map(str::to_owned).or_else(|| mailer.from.name.clone()), mailer.from.email.clone());
    let unique = crate::store::random_hex(16)
        .map_err(|_| refused(StatusCode::SERVICE_UNAVAILABLE, "server", "no randomness for a Message-ID"))?;
    let message_id = format!("<panel.{unique}@{}>", mailer.from.email.domain());
    let mut builder = Message::builder().from(from).subject(mail.subject.trim()).message_id(Some(message_id));
    for (i, to) in mail.to.iter().enumerate() {
        // The address itself is personal data: the error says which one by position only.
        let to: Mailbox = to
            .parse()
            .map_err(|_| refused(StatusCode::BAD_REQUEST, "to", format!("to[{i}] is not an email address")))?;
        builder = builder.to(to);
    }
    if let Some(reply_to) = &mail.reply_to {
        let reply_to: Mailbox =
            reply_to.parse().map_err(|_| refused(StatusCode::BAD_REQUEST, "reply_to", "is not an email address"))?;
        builder = builder.reply_to(reply_to);
    }
    let built = match &mail.html {
        Some(html) => builder.multipart(MultiPart::alternative_plain_html(mail.text.clone(), html.clone())),
        None => builder.body(mail.text.clone()),
    };
    built.map_err(|e| refused(StatusCode::BAD_REQUEST, "body", format!("the message cannot be built: {e}")))
}

/// Whether a request is for the mail gateway (on any port).
pub(crate) fn is_mail_host(host: &str) -> bool {
    host.trim_end_matches('.').eq_ignore_ascii_case(MAIL_HOST)
}

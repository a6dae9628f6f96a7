//! A connector that POSTs each event to the URL in its configuration, to test
//! that only granted hosts are reachable and that a slow peer hits the
//! deadline; with an `attack` in its configuration it misbehaves on purpose
//! with the host's own resources instead (see README.md).

use panel_plugin_sdk::bindings::connector::wasi::http::types::{Fields, OutgoingBody, OutgoingRequest};
use panel_plugin_sdk::{Connector, ConnectorInfo, LifecycleEvent, Outcome, PluginError, http, register};
use serde::Deserialize;

/// Every event kind the host emits: by default this connector takes them all.
const ALL_KINDS: &[&str] = &[
    "candidate.applied",
    "candidate.screened",
    "interview.invited",
    "interview.completed",
    "interview.passed",
    "offer.made",
    "offer.accepted",
    "offer.declined",
    "candidate.hired",
    "employee.started",
    "employee.confirmed",
    "employee.left",
    "candidate.withdrawn",
    "candidate.rejected",
    "invitation.sent",
];

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Config {
    url: String,
    /// The event kinds `describe` declares; empty: every kind.
    kinds: Vec<String>,
    attack: String,
    /// How many header sets `header-hoard` holds at once.
    count: usize,
    /// Bytes per header set for `header-hoard`, of the error for `huge-error`.
    bytes: usize,
}

fn config() -> Result<Config, PluginError> {
    panel_plugin_sdk::host::config()
}

#[derive(Debug)]
struct Sender;

/// Builds `count` header sets of `bytes` each and holds them all: host memory
/// the plugin's own memory limit does not see.
fn hoard_headers(count: usize, bytes: usize) -> Result<Outcome, PluginError> {
    let value = vec![b'h'; bytes];
    let mut held = Vec::with_capacity(count);
    for i in 0..count {
        let fields = Fields::new();
        fields
            .append("x-hoard", &value)
            .map_err(|e| PluginError::upstream_rejected(format!("header set {i} refused: {e:?}")))?;
        held.push(fields);
    }
    Ok(Outcome::Applied(format!("held {} header sets", held.len())))
}

/// Hands the host more bytes in one `blocking-write-and-flush` than the
/// call allows (4,096).
fn over_send() -> Result<Outcome, PluginError> {
    let request = OutgoingRequest::new(Fields::new());
    let body = request.body().map_err(|()| PluginError::internal("no body"))?;
    let stream = body.write().map_err(|()| PluginError::internal("no stream"))?;
    stream
        .blocking_write_and_flush(&vec![0u8; 1 << 20])
        .map_err(|e| PluginError::internal(format!("write refused: {e:?}")))?;
    drop(stream);
    OutgoingBody::finish(body, None).map_err(|e| PluginError::internal(format!("{e:?}")))?;
    Ok(Outcome::Skipped("the host took a megabyte in one write".into()))
}

impl Connector for Sender {
    fn describe() -> ConnectorInfo {
        let kinds = config().map(|c| c.kinds).unwrap_or_default();
        let mut info = ConnectorInfo::new("Test sender", "POSTs events to a configured URL.", ALL_KINDS);
        if !kinds.is_empty() {
            info.event_kinds = kinds;
        }
        info
    }

    fn handle(event: &LifecycleEvent) -> Result<Outcome, PluginError> {
        let config = config()?;
        match config.attack.as_str() {
            "header-hoard" => return hoard_headers(config.count, config.bytes),
            "over-send" => return over_send(),
            "huge-error" => return Err(PluginError::upstream_rejected("E".repeat(config.bytes.max(1)))),
            _ => {}
        }
        let response = http::Request::post(&config.url)
            .header("idempotency-key", &event.id)
            .body(event.payload.clone())
            .send()?
            .error_for_status()?;
        Ok(Outcome::Applied(response.text()))
    }
}

register!(connector: Sender);

//! Stand-ins for the customer systems the first-party connectors talk to, on
//! one local HTTP server: a payroll API (`/payroll/…`), an HRIS
//! (`/hris/…`) and a learning system (`/lms/…`) that create one record per
//! idempotency key and answer 409 to a repeat, and a small SCIM 2.0 directory
//! (`/scim/v2/Users`) keeping users in memory, with `eq` filters, GET, POST,
//! PUT, PATCH and DELETE, `meta` (`location`, a `version` checked against
//! `If-Match`) and a `/ServiceProviderConfig`; its PATCH can be switched off
//! (501, as its configuration then says). Every request is recorded as
//! received; scripted answers stand in for outages and refusals.

mod scim;

use std::collections::{BTreeMap, VecDeque};
use std::sync::{Arc, Mutex};

use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

/// One request as the server received it.
#[derive(Debug, Clone)]
pub struct Received {
    pub method: String,
    /// Path and query, as sent.
    pub uri: String,
    /// Header names in lower case.
    pub headers: BTreeMap<String, String>,
    /// The JSON body, `Null` when there is none.
    pub body: Value,
}

impl Received {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).map(String::as_str)
    }
}

/// What the next request meets instead of the normal answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scripted {
    /// Answer with this status, applying nothing.
    Refuse(u16),
    /// Apply the request, then answer with this status as if the answer
    /// were lost: the sender cannot tell it worked.
    ApplyThenFail(u16),
    /// The normal answer (to script a later request).
    Normal,
}

/// The systems' state.
#[derive(Debug, Default)]
pub struct Systems {
    pub received: Vec<Received>,
    /// Consumed one per request, in order, before anything is applied.
    pub script: VecDeque<Scripted>,
    /// Records created through `/payroll`, `/hris` and `/lms`: (system,
    /// idempotency key, body), in order.
    pub records: Vec<(String, String, Value)>,
    /// The directory's users, each with its `id` (`meta` is made as they
    /// are served).
    pub users: Vec<Value>,
    /// The directory has no PATCH: it answers 501 Not Implemented, and its
    /// `/ServiceProviderConfig` says `patch.supported: false`.
    pub scim_without_patch: bool,
    /// The directory serves no `/ServiceProviderConfig` (404), as some do not.
    pub scim_hides_config: bool,
    /// What became of hires, as the HRIS lists them at `GET /hris/outcomes`
    /// (`?after=<id>&limit=<n>`), two at most per page.
    pub hris_outcomes: Vec<Value>,
}

pub type SharedSystems = Arc<Mutex<Systems>>;

impl Systems {
    /// Requests received under a path prefix, e.g. `/payroll`.
    pub fn received_under(&self, prefix: &str) -> Vec<Received> {
        self.received.iter().filter(|r| r.uri.starts_with(prefix)).cloned().collect()
    }

    /// Records a system created.
    pub fn records_of(&self, system: &str) -> Vec<(String, Value)> {
        self.records.iter().filter(|(s, _, _)| s == system).map(|(_, k, b)| (k.clone(), b.clone())).collect()
    }

    /// Forgets what was received and created (the script stays).
    pub fn clear(&mut self) {
        self.received.clear();
        self.records.clear();
        self.users.clear();
        self.hris_outcomes.clear();
    }
}

/// Starts the server on a free local port.
pub async fn systems() -> (u16, SharedSystems) {
    let shared: SharedSystems = Arc::default();
    let state = shared.clone();
    let app = axum::Router::new().fallback(move |method: Method, uri: Uri, headers: HeaderMap, body: String| {
        let state = state.clone();
        async move { answer(&state, method, uri, headers, body) }
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let port = listener.local_addr().expect("addr").port();
    tokio::spawn(async move { axum::serve(listener, app).await.expect("serve") });
    (port, shared)
}

fn json_response(status: u16, content_type: &str, body: &Value) -> Response {
    let status = StatusCode::from_u16(status).expect("status");
    if status == StatusCode::NO_CONTENT {
        return status.into_response();
    }
    (status, [("content-type", content_type.to_owned())], body.to_string()).into_response()
}

fn answer(state: &SharedSystems, method: Method, uri: Uri, headers: HeaderMap, body: String) -> Response {
    let received = Received {
        method: method.to_string(),
        uri: uri.path_and_query().map_or_else(|| uri.path().to_owned(), |p| p.as_str().to_owned()),
        headers: headers
            .iter()
            .map(|(n, v)| (n.as_str().to_owned(), v.to_str().unwrap_or("<not text>").to_owned()))
            .collect(),
        body: serde_json::from_str(&body).unwrap_or(Value::Null),
    };
    let mut systems = state.lock().expect("lock");
    systems.received.push(received.clone());
    let (apply, fail_with) = match systems.script.pop_front() {
        Some(Scripted::Refuse(status)) => (false, Some(status)),
        Some(Scripted::ApplyThenFail(status)) => (true, Some(status)),
        Some(Scripted::Normal) | None => (true, None),
    };
    if !apply {
        return json_response(fail_with.unwrap_or(500), "application/json", &json!({ "error": "scripted" }));
    }
    let (status, content_type, body) = if uri.path().starts_with("/scim/v2/") {
        scim::answer(&mut systems, &method, &uri, &received)
    } else if method == Method::GET && uri.path() == "/hris/outcomes" {
        outcomes(&systems, &uri)
    } else {
        record(&mut systems, &received)
    };
    match fail_with {
        Some(status) => json_response(status, "application/json", &json!({ "error": "scripted after applying" })),
        None => json_response(status, content_type, &body),
    }
}

/// The HRIS's outcomes after the `after` record, two per page at most.
fn outcomes(systems: &Systems, uri: &Uri) -> (u16, &'static str, Value) {
    let query: BTreeMap<String, String> = uri
        .query()
        .unwrap_or_default()
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect();
    let after = query.get("after").map(String::as_str).unwrap_or_default();
    let limit: usize = query.get("limit").and_then(|l| l.parse().ok()).unwrap_or(100);
    let start = match after {
        "" => 0,
        id => systems.hris_outcomes.iter().position(|r| r["id"] == id).map_or(systems.hris_outcomes.len(), |i| i + 1),
    };
    let page: Vec<Value> = systems.hris_outcomes.iter().skip(start).take(limit.min(2)).cloned().collect();
    let next = page.last().map_or_else(|| after.to_owned(), |r| r["id"].as_str().unwrap_or_default().to_owned());
    let more = start + page.len() < systems.hris_outcomes.len();
    (200, "application/json", json!({ "records": page, "next": next, "more": more }))
}

/// Payroll, HRIS and learning system: one record per idempotency key.
fn record(systems: &mut Systems, received: &Received) -> (u16, &'static str, Value) {
    let system = received.uri.trim_start_matches('/').split('/').next().unwrap_or_default().to_owned();
    let key = received.header("idempotency-key").unwrap_or_default().to_owned();
    if received.method != "POST" || key.is_empty() {
        return (400, "application/json", json!({ "error": "POST with an Idempotency-Key expected" }));
    }
    if systems.records.iter().any(|(s, k, _)| *s == system && *k == key) {
        return (409, "application/json", json!({ "error": "already exists" }));
    }
    systems.records.push((system.clone(), key, received.body.clone()));
    let count = systems.records.iter().filter(|(s, _, _)| *s == system).count();
    (201, "application/json", json!({ "id": format!("{}-{count}", system.to_uppercase()) }))
}

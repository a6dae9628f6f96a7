//! A stand-in for the systems the outbox delivers to: a local HTTP server
//! that plays a payroll system (`/hires`) and a message gateway
//! (`/messages`), and the test connector and notifier packages, signed,
//! granted its port and loaded.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use panel::packages::watch::Reloader;
use panel::packages::{Catalog, PluginRegistry, trust};

use crate::packages::{manifest, package_bytes, vendor};
use crate::runtime;

/// A stand-in payroll system: answers each POST with the next scripted
/// status (200 when the script is empty), records every request, and
/// applies each idempotency key once.
#[derive(Debug, Default)]
pub struct Payroll {
    pub script: VecDeque<u16>,
    /// (idempotency key, status answered), in arrival order.
    pub requests: Vec<(String, u16)>,
    pub applied: Vec<String>,
    /// Messages the notifier posted to `/messages`: (idempotency key, body).
    pub messages: Vec<(String, serde_json::Value)>,
}

pub type Shared = Arc<Mutex<Payroll>>;

pub async fn payroll() -> (u16, Shared) {
    let shared: Shared = Arc::default();
    let app = axum::Router::new()
        .route(
            "/hires",
            post(|State(p): State<Shared>, headers: HeaderMap, _body: String| async move {
                let key = headers.get("idempotency-key").and_then(|v| v.to_str().ok()).unwrap_or("").to_owned();
                let mut p = p.lock().expect("lock");
                let status = p.script.pop_front().unwrap_or(200);
                p.requests.push((key.clone(), status));
                if status == 200 && !p.applied.contains(&key) {
                    p.applied.push(key.clone());
                }
                (StatusCode::from_u16(status).expect("status"), format!("EMP-{}", p.applied.len()))
            }),
        )
        .route(
            "/messages",
            post(|State(p): State<Shared>, headers: HeaderMap, body: String| async move {
                let key = headers.get("idempotency-key").and_then(|v| v.to_str().ok()).unwrap_or("").to_owned();
                let body = serde_json::from_str(&body).unwrap_or(serde_json::Value::Null);
                p.lock().expect("lock").messages.push((key, body));
                "msg-1"
            }),
        )
        .with_state(shared.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let port = listener.local_addr().expect("addr").port();
    tokio::spawn(async move { axum::serve(listener, app).await.expect("serve") });
    (port, shared)
}

/// The hostile-connector test plugin (it POSTs each event to its configured
/// URL with the event id as `idempotency-key`) and the webhook-notifier (it
/// POSTs each message as JSON), signed, granted the test server's port and
/// loaded.
pub fn connector_registry(dir: &std::path::Path, port: u16) -> Arc<PluginRegistry> {
    let (key, mut policy) = vendor();
    let host = format!("127.0.0.1:{port}");
    let catalog = Catalog::new(dir.join("packages"));
    for (id, kind) in [("hostile-connector", "connector"), ("webhook-notifier", "notifier")] {
        policy.grant(id, &[host.parse().expect("host")], false);
        let text = manifest(id, "1.0.0", kind, &format!("[capabilities]\noutbound-hosts = [\"{host}\"]\n"));
        catalog.install(&package_bytes(id, &text, Some(&key)), &policy, &runtime(), false).expect("install");
    }
    policy.write(&dir.join(trust::FILE)).expect("policy");
    let registry = Arc::new(PluginRegistry::new());
    let report = Reloader::new(catalog, &dir.join(trust::FILE), runtime(), registry.clone()).reconcile();
    assert!(report.rejected.is_empty(), "{report:?}");
    registry
}

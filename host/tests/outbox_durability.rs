//! The outbox across process deaths and nodes, with the real binary: events
//! created over the API are delivered by `panel serve`'s outbox worker through
//! a real connector package to a local HTTP server that applies each
//! idempotency key once and counts what arrives.
//!
//! - SIGKILL while events are being delivered: after a restart every event is
//!   applied, none twice (SQLite).
//! - Two nodes on one PostgreSQL deliver 10,000 events: none lost, none sent
//!   twice (only when `PANEL_TEST_POSTGRES_URL` is set; CI sets it).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::support::server::{Client, Server};
use crate::support::{fresh_database, plugins_dir_with_connector};
use axum::extract::State;
use axum::http::HeaderMap;
use axum::routing::post;
use serde_json::{Value, json};

/// Every idempotency key received, with how many times.
type Received = Arc<Mutex<HashMap<String, u32>>>;

/// The receiving system: `delay` per request, so deliveries are in flight
/// when a node dies.
async fn receiver(delay: Duration) -> (u16, Received) {
    let received: Received = Arc::default();
    let app = axum::Router::new()
        .route(
            "/events",
            post(move |State(seen): State<Received>, headers: HeaderMap, _body: axum::body::Bytes| async move {
                tokio::time::sleep(delay).await;
                let key = headers.get("idempotency-key").and_then(|v| v.to_str().ok()).unwrap_or("").to_owned();
                *seen.lock().expect("lock").entry(key).or_default() += 1;
                "ok"
            }),
        )
        .with_state(received.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let port = listener.local_addr().expect("addr").port();
    tokio::spawn(async move { axum::serve(listener, app).await.expect("serve") });
    (port, received)
}

/// Binds the connector organisation-wide to the receiver, imports `n`
/// candidates for a job, and returns their application ids.
async fn setup(admin: &Client, port: u16, n: usize) -> Vec<i64> {
    let organisation = admin.ok("/api/v1/org", None).await["id"].as_i64().expect("organisation");
    admin
        .put(
            "/api/v1/plugin-bindings",
            json!({"scope": {"kind": "organisation", "id": organisation}, "plugin_id": "hostile-connector",
                   "requirement": "^1", "config": {"url": format!("http://127.0.0.1:{port}/events")}}),
        )
        .await;
    let job = admin.job().await;
    let mut applications = Vec::new();
    for chunk in (0..n).collect::<Vec<_>>().chunks(5_000) {
        let mut csv = String::from("name,email\n");
        for i in chunk {
            csv.push_str(&format!("Candidate {i},c{i}@example.com\n"));
        }
        let report = admin.import_csv(job, csv).await;
        for row in report["rows"].as_array().expect("rows") {
            applications.push(row["application_id"].as_i64().expect("application"));
        }
    }
    applications
}

/// Moves each application through `stages` over the API, 16 at a time;
/// returns the event ids the moves emitted.
async fn move_all(admin: &Client, applications: &[i64], stages: &[&str]) -> Vec<String> {
    let mut events = Vec::new();
    for stage in stages {
        for chunk in applications.chunks(16) {
            let mut moves = Vec::new();
            for application in chunk {
                let request = admin
                    .http
                    .post(format!("{}/api/v1/applications/{application}/stage", admin.base))
                    .bearer_auth(&admin.token)
                    .json(&json!({"to": stage}))
                    .send();
                moves.push(tokio::spawn(request));
            }
            for m in moves {
                let response = m.await.expect("task").expect("the server answers");
                assert!(response.status().is_success(), "move: {}", response.status());
                let body: Value = response.json().await.expect("transition");
                events.push(body["event_id"].as_str().expect("event id").to_owned());
            }
        }
    }
    events
}

/// Waits, bounded as a guard rather than a speed assertion, until `done`.
async fn until(what: &str, limit: Duration, mut done: impl FnMut() -> bool) {
    let started = Instant::now();
    while !done() {
        assert!(started.elapsed() < limit, "timed out waiting until {what}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn events_survive_a_sigkill_mid_delivery_and_none_is_applied_twice() {
    let root = tempfile::tempdir().expect("temp dir");
    let (port, received) = receiver(Duration::from_millis(5)).await;
    plugins_dir_with_connector(root.path(), port);
    let lease = ["--outbox-lease-secs", "1"];
    let server = Server::start_with(root.path(), &lease, None);
    let admin = Client::login(&server).await;
    let applications = setup(&admin, port, 100).await;
    let events = move_all(&admin, &applications, &["screened", "ai-interview", "human-interview"]).await;
    assert_eq!(events.len(), 300);

    until("deliveries are under way", Duration::from_secs(120), || received.lock().expect("lock").len() >= 30).await;
    server.kill();
    let before = received.lock().expect("lock").len();
    assert!(before < events.len(), "the kill came mid-delivery ({before} of {} delivered)", events.len());

    let server = Server::start_with(root.path(), &lease, None);
    let admin = Client::login(&server).await;
    until("every event is delivered", Duration::from_secs(180), || {
        let seen = received.lock().expect("lock");
        events.iter().all(|e| seen.contains_key(e))
    })
    .await;
    let seen = received.lock().expect("lock").clone();
    assert_eq!(seen.len(), events.len(), "nothing but the events arrived");
    // At least once: a delivery cut by the kill may arrive again, and the
    // receiver applies its key once.
    let again: u32 = seen.values().map(|n| n - 1).sum();
    assert!(again <= 16, "only deliveries in flight at the kill may repeat ({again} repeats)");
    let dead = admin.ok("/api/v1/deliveries?state=dead", None).await;
    assert_eq!(dead.as_array().map(Vec::len), Some(0), "{dead}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_nodes_on_postgresql_deliver_ten_thousand_events_once_each() {
    let Some(url) = std::env::var("PANEL_TEST_POSTGRES_URL").ok().filter(|u| !u.is_empty()) else {
        eprintln!("skipped: PANEL_TEST_POSTGRES_URL is not set (CI sets it)");
        return;
    };
    let database = fresh_database(&url, "panel_outbox").await;
    let root = tempfile::tempdir().expect("temp dir");
    let (port, received) = receiver(Duration::ZERO).await;
    plugins_dir_with_connector(root.path(), port);
    let a = Server::start_with(root.path(), &[], Some(&database));
    let admin = Client::login(&a).await;
    let b = Server::start_with(root.path(), &[], Some(&database));
    let applications = setup(&admin, port, 3_334).await;
    let events = move_all(&admin, &applications, &["screened", "ai-interview", "human-interview"]).await;
    assert!(events.len() >= 10_000, "{} events", events.len());

    until("every event is delivered", Duration::from_secs(600), || {
        let seen = received.lock().expect("lock");
        seen.len() >= events.len()
    })
    .await;
    let seen = received.lock().expect("lock").clone();
    let missing = events.iter().filter(|e| !seen.contains_key(*e)).count();
    let twice = seen.values().filter(|n| **n > 1).count();
    assert_eq!((missing, twice), (0, 0), "none lost, none delivered twice");
    drop((a, b));
}

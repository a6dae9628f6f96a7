//! notify-sms as a customer runs it: the built component in a signed package
//! with its committed manifest (`configured-hosts`: it reaches only the
//! gateway host the administrator grants), the gateway's token granted as a
//! secret from a file, switched on for an organisation and driven by the
//! outbox to a local gateway that records every request and answers as
//! scripted.

use std::collections::VecDeque;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use panel::engine::{Engine, EngineConfig, ManualClock, MoveReason, OutboxConfig, ScopedPlugins};
use panel::packages::watch::Reloader;
use panel::packages::{Catalog, PluginRegistry, trust};
use panel::pipeline::{Mover, Stage};
use panel::store::{AuditBy, DeliveryStatus, NewCandidate, NewJob, RegionPolicy, Store};
use panel_e2e::db::databases;
use panel_e2e::packages::{first_party_manifest, package_bytes, vendor};
use panel_e2e::{organisation_wide, organisation_with_job, runtime, supervisor_job};
use serde_json::{Value, json};

const BY: AuditBy<'static> = AuditBy { actor: "hr@acme.example", origin: "tests/sms.rs" };
/// 2027-01-15T08:00:00Z: 1月15日 16:00 in China.
const START: i64 = 1_800_000_000_000;
const HOUR: i64 = 3_600_000;
/// The gateway's token, as the administrator stored it in a file.
const TOKEN: &str = "sk-test-7f3a";

/// One request the gateway received.
#[derive(Debug, Clone)]
struct Received {
    authorization: String,
    idempotency_key: String,
    content_type: String,
    body: Value,
}

/// A stand-in SMS gateway: answers each request with the next scripted
/// (status, body), then `{"code": "OK", "msg_id": "m-<n>"}`.
#[derive(Debug, Default)]
struct Gateway {
    script: VecDeque<(u16, Value)>,
    requests: Vec<Received>,
}

type Shared = Arc<Mutex<Gateway>>;

async fn start_gateway() -> (u16, Shared) {
    let shared: Shared = Arc::default();
    let app = axum::Router::new()
        .route(
            "/v1/send",
            post(|State(g): State<Shared>, headers: HeaderMap, body: String| async move {
                let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok()).unwrap_or("").to_owned();
                let mut g = g.lock().expect("lock");
                g.requests.push(Received {
                    authorization: header("authorization"),
                    idempotency_key: header("idempotency-key"),
                    content_type: header("content-type"),
                    body: serde_json::from_str(&body).unwrap_or(Value::Null),
                });
                let n = g.requests.len();
                let (status, answer) =
                    g.script.pop_front().unwrap_or((200, json!({"code": "OK", "msg_id": format!("m-{n}")})));
                (StatusCode::from_u16(status).expect("status"), Json(answer))
            }),
        )
        .with_state(shared.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let port = listener.local_addr().expect("addr").port();
    tokio::spawn(async move { axum::serve(listener, app).await.expect("serve") });
    (port, shared)
}

/// notify-sms signed with its committed manifest, granted the gateway on
/// `port` (and no other host) and the secret `sms-gateway` from a file,
/// installed and loaded.
fn registry(dir: &Path, port: u16) -> Arc<PluginRegistry> {
    let (key, mut policy) = vendor();
    policy.grant("notify-sms", &[format!("127.0.0.1:{port}").parse().expect("host")], false);
    let token = dir.join("sms-token");
    std::fs::write(&token, format!("{TOKEN}\n")).expect("token file");
    policy.grant_secret("notify-sms", "sms-gateway", format!("file:{}", token.display()).parse().expect("source"));
    let catalog = Catalog::new(dir.join("packages"));
    let package = package_bytes("notify-sms", &first_party_manifest("notify-sms"), Some(&key));
    catalog.install(&package, &policy, &runtime(), false).expect("install");
    policy.write(&dir.join(trust::FILE)).expect("policy");
    let registry = Arc::new(PluginRegistry::new());
    let report = Reloader::new(catalog, &dir.join(trust::FILE), runtime(), registry.clone()).reconcile();
    assert!(report.rejected.is_empty(), "{report:?}");
    registry
}

/// A JSON gateway with a bearer token and a result code in its answer.
fn settings(endpoint: &str) -> Value {
    json!({
        "endpoint": endpoint,
        "format": "json",
        "fields": { "to": "mobile", "text": "content", "id": "out_id" },
        "extra": { "account": "acme-hr" },
        "credentials": "sms-gateway",
        "auth": "bearer",
        "success": { "field": "code", "equals": "OK" },
        "retryable_codes": ["BUSINESS_LIMIT"],
        "message_id_field": "msg_id",
        "signature": "Acme制造",
    })
}

struct World {
    store: Store,
    scoped: Arc<ScopedPlugins>,
    engine: Engine,
    clock: ManualClock,
    organisation: i64,
    job: i64,
}

/// An organisation with a production supervisor's job in Chinese.
async fn world(store: &Store, registry: Arc<PluginRegistry>) -> World {
    let (organisation, english_job) = organisation_with_job(store, RegionPolicy::default(), false).await;
    let department_id = store.job(english_job).await.expect("job").department_id;
    let profile = supervisor_job();
    let job = store
        .create_job(&NewJob {
            department_id,
            title: "生产主管".into(),
            industry: profile.industry,
            locale: "zh-CN".into(),
            key_role: false,
            description: profile.description,
            dimensions: profile.dimensions,
            requirements: Default::default(),
            review_margin: 0.5,
        })
        .await
        .expect("job");
    let scoped = Arc::new(ScopedPlugins::new(store.clone(), registry));
    let clock = ManualClock::new(START);
    let config = EngineConfig { public_url: "https://jobs.acme.example".into(), ..Default::default() };
    let engine = Engine::new(store.clone(), scoped.clone(), Arc::new(clock.clone()), config);
    World { store: store.clone(), scoped, engine, clock, organisation, job }
}

impl World {
    /// A candidate applied to the job; returns the application.
    async fn applicant(&self, name: &str, phone: &str) -> i64 {
        let candidate = NewCandidate {
            name: name.into(),
            email: "candidate@example.com".into(),
            phone: phone.into(),
            ..Default::default()
        };
        let (id, _) = self.store.create_candidate(self.organisation, &candidate).await.expect("candidate");
        self.store.apply(id, self.job).await.expect("application").id
    }

    /// Delivers everything due, giving retries time to come due.
    async fn deliver(&self) {
        let config = OutboxConfig { first_retry: Duration::from_secs(1), ..Default::default() };
        for _ in 0..4 {
            while self.engine.deliver_due("node-a", &config).await.expect("pass").attempted() > 0 {}
            self.clock.advance(Duration::from_secs(5));
        }
    }

    async fn deliveries(&self, state: &str) -> Vec<DeliveryStatus> {
        self.store.deliveries(self.organisation, state, 20).await.expect("deliveries")
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn invitations_and_results_reach_the_gateway_in_its_format_retried_when_it_is_busy() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (port, gateway) = start_gateway().await;
    let registry = registry(dir.path(), port);
    for db in databases().await {
        let w = world(&db.store, registry.clone()).await;
        let endpoint = format!("http://127.0.0.1:{port}/v1/send");
        let binding = organisation_wide(w.organisation, "notify-sms", settings(&endpoint));
        w.scoped.bind(w.organisation, binding, BY).await.expect("bind notify-sms");
        {
            let mut g = gateway.lock().expect("lock");
            g.requests.clear();
            // Throttled by status, then busy by result code: both retried.
            g.script = VecDeque::from([(429, json!({"code": "THROTTLED"})), (200, json!({"code": "BUSINESS_LIMIT"}))]);
        }

        let application = w.applicant("李娜", "138 1234 5678").await;
        let invited = w.engine.invite(application, START, START + 48 * HOUR, BY).await.expect("invite");
        w.deliver().await;
        let reason = MoveReason { staff: "weak on safety answers", candidate: "该岗位已招满" };
        w.engine.move_stage(application, Stage::Rejected, Mover::Person, reason, BY).await.expect("reject");
        w.deliver().await;

        let requests = gateway.lock().expect("lock").requests.clone();
        assert_eq!(requests.len(), 4, "{}: the invitation three times, the result once: {requests:#?}", db.name);
        let invitation_key = requests[0].idempotency_key.clone();
        assert!(!invitation_key.is_empty());
        let invitation = json!({
            "account": "acme-hr",
            "mobile": "+8613812345678",
            "content": format!(
                "【Acme制造】李娜您好，诚邀您参加「生产主管」岗位的AI面试，请于1月15日 16:00至1月17日 16:00期间完成：{}",
                invited.link
            ),
            "out_id": invitation_key,
        });
        for retry in &requests[..3] {
            assert_eq!(retry.body, invitation, "{}", db.name);
            assert_eq!(retry.idempotency_key, invitation_key, "{}: one key for the message and its retries", db.name);
        }
        let result = &requests[3];
        assert_ne!(result.idempotency_key, invitation_key);
        assert_eq!(
            result.body,
            json!({
                "account": "acme-hr",
                "mobile": "+8613812345678",
                "content": "【Acme制造】李娜您好，感谢您应聘「生产主管」，很遗憾本次未能进入下一轮。该岗位已招满。",
                "out_id": result.idempotency_key,
            }),
            "{}: the reason for the candidate, never the staff's notes",
            db.name
        );
        for request in &requests {
            assert_eq!(request.authorization, format!("Bearer {TOKEN}"), "{}: the host filled in the secret", db.name);
            assert_eq!(request.content_type, "application/json; charset=utf-8");
        }

        let delivered = w.deliveries("delivered").await;
        let mut receipts: Vec<&str> = delivered.iter().map(|d| d.outcome.as_str()).collect();
        receipts.sort_unstable();
        assert_eq!(receipts, ["sent m-3", "sent m-4"], "{}: the gateway's message ids: {delivered:?}", db.name);
        assert!(w.deliveries("dead").await.is_empty(), "{}", db.name);
        for d in &delivered {
            for personal in ["13812345678", invited.token.as_str(), "李娜"] {
                assert!(!d.last_error.contains(personal), "{}: {d:?}", db.name);
            }
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn refusals_go_to_the_dead_letter_list_and_hosts_not_granted_are_never_reached() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (port, gateway) = start_gateway().await;
    let (other_port, elsewhere) = start_gateway().await;
    let registry = registry(dir.path(), port);
    for db in databases().await {
        let w = world(&db.store, registry.clone()).await;
        let granted = format!("http://127.0.0.1:{port}/v1/send");
        let binding = organisation_wide(w.organisation, "notify-sms", settings(&granted));
        let bound = w.scoped.bind(w.organisation, binding, BY).await.expect("bind notify-sms");
        {
            let mut g = gateway.lock().expect("lock");
            g.requests.clear();
            let refusal = json!({"code": "INVALID_MOBILE", "message": "mobile 13912345678 is not a valid number"});
            g.script = VecDeque::from([(400, refusal)]);
        }

        // A 4xx is not retried: one request, one dead letter, without the number.
        let refused = w.applicant("王磊", "139 1234 5678").await;
        w.engine.invite(refused, START, START + 48 * HOUR, BY).await.expect("invite");
        w.deliver().await;
        assert_eq!(gateway.lock().expect("lock").requests.len(), 1, "{}: a 400 is not retried", db.name);
        let dead = w.deliveries("dead").await;
        assert_eq!(dead.len(), 1, "{}: {dead:?}", db.name);
        assert_eq!(dead[0].application_id, refused);
        assert!(dead[0].last_error.contains("HTTP 400, code = INVALID_MOBILE"), "{}: {dead:?}", db.name);
        assert!(!dead[0].last_error.contains("13912345678"), "{}: {dead:?}", db.name);

        // The same plugin pointed at a host the administrator did not grant.
        w.scoped.unbind(w.organisation, bound.id, BY).await.expect("unbind");
        let ungranted = format!("http://127.0.0.1:{other_port}/v1/send");
        let binding = organisation_wide(w.organisation, "notify-sms", settings(&ungranted));
        w.scoped.bind(w.organisation, binding, BY).await.expect("bind notify-sms elsewhere");
        let stranded = w.applicant("张伟", "137 1234 5678").await;
        w.engine.invite(stranded, START, START + 48 * HOUR, BY).await.expect("invite");
        w.deliver().await;
        assert!(elsewhere.lock().expect("lock").requests.is_empty(), "{}: nothing left for that host", db.name);
        assert_eq!(gateway.lock().expect("lock").requests.len(), 1, "{}", db.name);
        let dead = w.deliveries("dead").await;
        let denied = dead.iter().find(|d| d.application_id == stranded).expect("dead letter for the ungranted host");
        assert_eq!(denied.attempts, 1, "{}: refused, not retried: {denied:?}", db.name);
        assert!(denied.last_error.contains(&format!("127.0.0.1:{other_port}")), "{}: {denied:?}", db.name);
    }
}

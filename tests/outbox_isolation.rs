//! The outbox keeps plugins apart: a connector that takes seconds per event
//! delays only its own deliveries (plugins are delivered to side by side,
//! each within its own limit), and a connector gets only the event kinds it
//! declares. A finished interview waiting on a slow rubric holds up no other
//! interview's scoring.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::routing::post;
use panel::api::{ApiConfig, AppState};
use panel::engine::{Engine, EngineConfig, ManualClock, OutboxConfig, ScopedPlugins};
use panel::packages::watch::Reloader;
use panel::packages::{Catalog, PluginRegistry, trust};
use panel::pipeline::{Mover, PipelineConfig, Stage};
use panel::store::{AuditBy, NewCandidate, RegionPolicy, SessionState, Store};
use panel_e2e::db::sqlite;
use panel_e2e::packages::{manifest, package_bytes, vendor};
use panel_e2e::{STRONG_EN, organisation_wide, organisation_with_job, runtime};

const BY: AuditBy<'static> = AuditBy { actor: "hr@acme.example", origin: "tests/outbox_isolation.rs" };
const START: i64 = 1_800_000_000_000;

/// What the stand-in systems saw, in order: `fast <key>` when a request
/// reached `/fast`, `slow <key>` when `/slow` answered (after its delay).
type Log = Arc<Mutex<Vec<String>>>;

async fn systems(slow: Duration) -> (u16, Log) {
    let log: Log = Arc::default();
    let key = |headers: &axum::http::HeaderMap| {
        headers.get("idempotency-key").and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned()
    };
    let app = axum::Router::new()
        .route(
            "/fast",
            post({
                let log = log.clone();
                move |headers: axum::http::HeaderMap| async move {
                    log.lock().expect("log").push(format!("fast {}", key(&headers)));
                    "ok"
                }
            }),
        )
        .route(
            "/slow",
            post({
                let log = log.clone();
                move |headers: axum::http::HeaderMap| async move {
                    tokio::time::sleep(slow).await;
                    log.lock().expect("log").push(format!("slow {}", key(&headers)));
                    "ok"
                }
            }),
        );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let port = listener.local_addr().expect("addr").port();
    tokio::spawn(async move { axum::serve(listener, app).await.expect("serve") });
    (port, log)
}

/// The hostile-connector component installed as each of `ids`, granted the
/// stand-in systems' port, and loaded.
fn connectors(dir: &std::path::Path, port: u16, ids: &[&str]) -> Arc<PluginRegistry> {
    let (key, mut policy) = vendor();
    let host = format!("127.0.0.1:{port}");
    let catalog = Catalog::new(dir.join("packages"));
    for id in ids {
        policy.grant(id, &[host.parse().expect("host")], false);
        let text = manifest(id, "1.0.0", "connector", &format!("[capabilities]\noutbound-hosts = [\"{host}\"]\n"));
        catalog
            .install(&package_bytes("hostile-connector", &text, Some(&key)), &policy, &runtime(), false)
            .expect("install");
    }
    policy.write(&dir.join(trust::FILE)).expect("policy");
    let registry = Arc::new(PluginRegistry::new());
    let report = Reloader::new(catalog, &dir.join(trust::FILE), runtime(), registry.clone()).reconcile();
    assert!(report.rejected.is_empty(), "{report:?}");
    registry
}

struct World {
    engine: Engine,
    store: Store,
    scoped: Arc<ScopedPlugins>,
    organisation: i64,
    job: i64,
}

async fn world(store: &Store, registry: Arc<PluginRegistry>) -> World {
    let (organisation, job) = organisation_with_job(store, RegionPolicy::default(), false).await;
    let lean = PipelineConfig {
        screening: false,
        human_rounds: 0,
        background_check: false,
        probation: false,
        ..Default::default()
    };
    store.set_job_pipeline(job, &lean).await.expect("pipeline");
    let scoped = Arc::new(ScopedPlugins::new(store.clone(), registry));
    let engine = Engine::new(store.clone(), scoped.clone(), Arc::new(ManualClock::new(START)), EngineConfig::default());
    World { engine, store: store.clone(), scoped, organisation, job }
}

impl World {
    async fn bind(&self, id: &str, config: serde_json::Value) {
        self.scoped.bind(self.organisation, organisation_wide(self.organisation, id, config), BY).await.expect("bind");
    }

    async fn applicant(&self, name: &str) -> i64 {
        let email = format!("{}@example.com", name.to_lowercase().replace(' ', "."));
        let candidate = NewCandidate { name: name.into(), email, ..Default::default() };
        let (id, _) = self.store.create_candidate(self.organisation, &candidate).await.expect("candidate");
        self.store.apply(id, self.job).await.expect("application").id
    }

    async fn move_to(&self, application: i64, to: Stage) -> String {
        self.engine.move_stage(application, to, Mover::Person, "test", BY).await.expect("move").event_id
    }
}

/// Waits (at most 30 s) until `log` holds `count` entries.
async fn until_logged(log: &Log, count: usize) {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
    while log.lock().expect("log").len() < count {
        assert!(tokio::time::Instant::now() < deadline, "only {:?} arrived", log.lock().expect("log"));
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_slow_connector_delays_only_its_own_deliveries() {
    let (port, log) = systems(Duration::from_millis(1500)).await;
    let dir = tempfile::tempdir().expect("dir");
    let db = sqlite().await;
    let w = world(&db.store, connectors(dir.path(), port, &["slow-connector", "fast-connector"])).await;
    w.bind("slow-connector", serde_json::json!({ "url": format!("http://127.0.0.1:{port}/slow") })).await;
    w.bind("fast-connector", serde_json::json!({ "url": format!("http://127.0.0.1:{port}/fast") })).await;
    let mut events = Vec::new();
    for name in ["Wang Fang", "Li Qiang", "Chen Jing"] {
        let application = w.applicant(name).await;
        events.push(w.move_to(application, Stage::AiInterview).await);
    }
    // One delivery at a time per plugin: the slow connector's three take 4.5 s.
    let config = OutboxConfig { per_plugin: 1, idle_poll: Duration::from_millis(20), ..OutboxConfig::default() };
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let engine = w.engine.clone();
    let worker = tokio::spawn(async move {
        engine.run_outbox("node-a".into(), config, async move { stopped.await.unwrap_or(()) }).await;
    });
    until_logged(&log, 6).await;
    let _ = stop.send(());
    worker.await.expect("the worker stops");

    let log = log.lock().expect("log").clone();
    let first_slow = log.iter().position(|e| e.starts_with("slow")).expect("slow deliveries");
    let fast: Vec<usize> = log.iter().enumerate().filter(|(_, e)| e.starts_with("fast")).map(|(i, _)| i).collect();
    assert_eq!(fast.len(), 3, "{log:?}");
    assert!(
        fast.iter().all(|i| *i < first_slow),
        "every fast delivery arrived before the first slow one answered: {log:?}"
    );
    let slow: Vec<&str> = log.iter().filter_map(|e| e.strip_prefix("slow ")).collect();
    assert_eq!(slow, events.iter().map(String::as_str).collect::<Vec<_>>(), "the slow connector's own order is kept");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_connector_gets_only_the_event_kinds_it_declares() {
    let (port, log) = systems(Duration::ZERO).await;
    let dir = tempfile::tempdir().expect("dir");
    let db = sqlite().await;
    let w = world(&db.store, connectors(dir.path(), port, &["hires-only"])).await;
    let url = format!("http://127.0.0.1:{port}/fast");
    w.bind("hires-only", serde_json::json!({ "url": url, "kinds": ["candidate.hired"] })).await;
    let application = w.applicant("Wang Fang").await;
    let invited = w.move_to(application, Stage::AiInterview).await;
    assert!(w.store.event_deliveries(&invited).await.expect("deliveries").is_empty(), "nothing queued for it");
    w.move_to(application, Stage::Offer).await;
    let hired = w.move_to(application, Stage::Onboarding).await;
    let config = OutboxConfig::default();
    while w.engine.deliver_due("node-a", &config).await.expect("pass").attempted() > 0 {}
    assert_eq!(*log.lock().expect("log"), [format!("fast {hired}")], "only the hire was sent");

    // Queued while it took every kind, then its binding narrowed: the
    // delivery is skipped, not sent.
    w.bind("hires-only", serde_json::json!({ "url": url })).await;
    let other = w.applicant("Li Qiang").await;
    let queued = w.move_to(other, Stage::AiInterview).await;
    w.bind("hires-only", serde_json::json!({ "url": url, "kinds": ["candidate.hired"] })).await;
    while w.engine.deliver_due("node-a", &config).await.expect("pass").attempted() > 0 {}
    assert_eq!(log.lock().expect("log").len(), 1, "{:?}", log.lock().expect("log"));
    let delivery = &w.store.event_deliveries(&queued).await.expect("deliveries")[0];
    assert_eq!(delivery.state, "delivered");
    assert_eq!(delivery.outcome, "skipped: hires-only@1.0.0 does not take interview.invited events");
}

/// A finished interview for a new job whose rubric is `rubric` with `config`
/// (bound to the job alone), with bank-core asking the questions.
async fn finished_interview(w: &World, rubric: &str, config: serde_json::Value) -> i64 {
    let job = w.store.job(w.job).await.expect("job");
    let other = panel::store::NewJob {
        department_id: job.department_id,
        title: format!("{} ({rubric})", job.profile.title),
        industry: job.profile.industry.clone(),
        locale: "en".into(),
        key_role: false,
        description: job.profile.description.clone(),
        dimensions: job.profile.dimensions.clone(),
        requirements: Default::default(),
        review_margin: 0.5,
    };
    let job = w.store.create_job(&other).await.expect("job");
    for (id, config) in [("bank-core", serde_json::json!({})), (rubric, config)] {
        let binding = panel::store::NewBinding {
            scope: panel::packages::Scope::new(panel::packages::ScopeKind::Job, job),
            plugin_id: id.into(),
            requirement: semver::VersionReq::STAR,
            enabled: true,
            config,
        };
        w.scoped.bind(w.organisation, binding, BY).await.expect("bind");
    }
    let candidate =
        NewCandidate { name: "Wang Fang".into(), email: format!("w{job}@example.com"), ..Default::default() };
    let (id, _) = w.store.create_candidate(w.organisation, &candidate).await.expect("candidate");
    let application = w.store.apply(id, job).await.expect("application");
    let session = w.engine.start_session(application.id, None).await.expect("starts");
    let mut next = Engine::current_question(&session, &[]);
    while let Some(q) = next {
        let submission = panel::engine::AnswerSubmission {
            question_id: q.question.id,
            text: STRONG_EN.into(),
            transcribed: false,
            think_time_ms: 1_000,
            duration_ms: 60_000,
            media_ref: None,
        };
        next = w.engine.submit_answer(session.id, submission).await.expect("answer").next;
    }
    session.id
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_interview_waiting_on_a_slow_rubric_holds_up_no_other() {
    let dir = tempfile::tempdir().expect("dir");
    let (key, policy) = vendor();
    let catalog = Catalog::new(dir.path().join("packages"));
    let rt = runtime();
    for (crate_name, text) in [
        ("bank-core", panel_e2e::packages::first_party_manifest("bank-core")),
        ("rubric-star", panel_e2e::packages::first_party_manifest("rubric-star")),
        ("hostile-rubric", manifest("hostile-rubric", "1.0.0", "rubric", "")),
    ] {
        catalog.install(&package_bytes(crate_name, &text, Some(&key)), &policy, &rt, false).expect("install");
    }
    policy.write(&dir.path().join(trust::FILE)).expect("policy");
    let registry = Arc::new(PluginRegistry::new());
    Reloader::new(catalog, &dir.path().join(trust::FILE), rt, registry.clone()).reconcile();
    let db = sqlite().await;
    let w = world(&db.store, registry).await;
    let slow = finished_interview(&w, "hostile-rubric", serde_json::json!({ "attack": "slow", "millis": 1000 })).await;
    let quick = finished_interview(&w, "rubric-star", serde_json::json!({})).await;

    let state = AppState::new(w.engine.clone(), ApiConfig::default(), w.scoped.clone());
    // The slow interview first, as when it finished first.
    state.score_in_background(slow);
    state.score_in_background(quick);
    let deadline = tokio::time::Instant::now() + Duration::from_secs(60);
    while w.store.session(quick).await.expect("session").state != SessionState::Scored {
        assert!(tokio::time::Instant::now() < deadline, "the quick interview was never scored");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let slow = w.store.session(slow).await.expect("session").state;
    assert_eq!(slow, SessionState::Completed, "the quick interview did not wait for the slow one to be scored");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_connectors_huge_error_is_a_fault_and_stored_bounded() {
    let (port, _log) = systems(Duration::ZERO).await;
    let dir = tempfile::tempdir().expect("dir");
    let db = sqlite().await;
    let w = world(&db.store, connectors(dir.path(), port, &["noisy"])).await;
    w.bind("noisy", serde_json::json!({ "attack": "huge-error", "bytes": 20 << 20 })).await;
    let application = w.applicant("Wang Fang").await;
    let event = w.move_to(application, Stage::AiInterview).await;
    let pass = w.engine.deliver_due("node-a", &OutboxConfig::default()).await.expect("pass");
    assert_eq!(pass.dead, 1, "an over-long error is a fault, not worth retrying: {pass:?}");
    let delivery = &w.store.event_deliveries(&event).await.expect("deliveries")[0];
    assert_eq!(delivery.state, "dead");
    assert!(delivery.last_error.len() < 600, "{} bytes stored", delivery.last_error.len());
    assert!(delivery.last_error.contains("over the limit of 4096 bytes"), "{}", delivery.last_error);
}

//! The pipeline and the outbox end to end, on SQLite and PostgreSQL: stage
//! changes emit lifecycle events in the same transaction, and a real
//! connector package delivers them to a real local HTTP server standing in
//! for a payroll system, with retries, the dead-letter list and replay, and
//! one candidate's events in order. Time is a manual clock: nothing sleeps
//! waiting for a retry.

use std::sync::Arc;
use std::time::Duration;

use panel::engine::{Engine, EngineConfig, EngineError, ManualClock, OutboxConfig, ScopedPlugins};
use panel::packages::PluginRegistry;
use panel::pipeline::{MoveError, Mover, PipelineConfig, Stage};
use panel::store::{AuditBy, NewCandidate, RegionPolicy, Store};
use panel_e2e::db::databases;
use panel_e2e::receiver::{connector_registry, payroll};
use panel_e2e::{organisation_wide, organisation_with_job};

const BY: AuditBy<'static> = AuditBy { actor: "hr@acme.example", origin: "tests/outbox.rs" };
const START: i64 = 1_800_000_000_000;

struct World {
    engine: Engine,
    clock: ManualClock,
    store: Store,
    organisation: i64,
    job: i64,
}

/// One region with `policy`, a job with a lean pipeline (no screening, no
/// human rounds, no background check, no probation), and the connector bound
/// organisation-wide to the payroll server.
async fn world(store: &Store, registry: Arc<PluginRegistry>, port: u16, policy: RegionPolicy) -> World {
    let (org, job) = organisation_with_job(store, policy, false).await;
    let lean = PipelineConfig {
        screening: false,
        human_rounds: 0,
        background_check: false,
        probation: false,
        ..Default::default()
    };
    store.set_job_pipeline(job, &lean).await.expect("pipeline");
    let scoped = Arc::new(ScopedPlugins::new(store.clone(), registry));
    let url = format!("http://127.0.0.1:{port}/hires");
    let binding = organisation_wide(org, "hostile-connector", serde_json::json!({ "url": url }));
    scoped.bind(org, binding, BY).await.expect("bind the connector");
    let clock = ManualClock::new(START);
    let engine = Engine::new(store.clone(), scoped, Arc::new(clock.clone()), EngineConfig::default());
    World { engine, clock, store: store.clone(), organisation: org, job }
}

impl World {
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

fn config() -> OutboxConfig {
    OutboxConfig {
        first_retry: Duration::from_secs(2),
        max_retry: Duration::from_secs(60),
        max_attempts: 5,
        ..OutboxConfig::default()
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn events_reach_the_payroll_system_once_with_retries_dead_letters_and_replay() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (port, payroll) = payroll().await;
    let registry = connector_registry(dir.path(), port);
    for db in databases().await {
        payroll.lock().expect("lock").requests.clear();
        let w = world(&db.store, registry.clone(), port, RegionPolicy::default()).await;
        let config = config();

        // Every transition is recorded with its event, and the event waits in the outbox.
        let li = w.applicant("Li Na").await;
        let first = w.move_to(li, Stage::AiInterview).await;
        let transitions = w.store.transitions(li).await.expect("transitions");
        assert_eq!(transitions.len(), 1, "{}", db.name);
        assert_eq!((transitions[0].from, transitions[0].to), (Stage::Applied, Stage::AiInterview), "{}", db.name);
        assert_eq!(transitions[0].event_id, first, "{}", db.name);
        assert_eq!(w.store.event_deliveries(&first).await.expect("deliveries")[0].state, "pending", "{}", db.name);

        // 503, then 200: retried after the backoff, applied once.
        payroll.lock().expect("lock").script.push_back(503);
        let pass = w.engine.deliver_due("node-a", &config).await.expect("pass");
        assert_eq!((pass.delivered, pass.retrying), (0, 1), "{}", db.name);
        let status = &w.store.event_deliveries(&first).await.expect("deliveries")[0];
        assert!(status.last_error.contains("503"), "{}: {status:?}", db.name);

        // A later event of the same candidate waits behind the one in backoff.
        let second = w.move_to(li, Stage::Offer).await;
        let pass = w.engine.deliver_due("node-a", &config).await.expect("pass");
        assert_eq!(pass.attempted(), 0, "{}: nothing is due yet, and the offer may not overtake", db.name);
        w.clock.advance(Duration::from_secs(3));
        let pass = w.engine.deliver_due("node-a", &config).await.expect("pass");
        assert_eq!(pass.delivered, 1, "{}: the first event only, the second waits its turn", db.name);
        let pass = w.engine.deliver_due("node-a", &config).await.expect("pass");
        assert_eq!(pass.delivered, 1, "{}: then the second", db.name);
        {
            let p = payroll.lock().expect("lock");
            let keys: Vec<&str> = p.requests.iter().map(|(k, _)| k.as_str()).collect();
            assert_eq!(keys, [first.as_str(), first.as_str(), second.as_str()], "{}: in order", db.name);
            assert_eq!(p.applied.iter().filter(|k| **k == first).count(), 1, "{}", db.name);
        }
        let done = &w.store.event_deliveries(&first).await.expect("deliveries")[0];
        assert_eq!((done.state.as_str(), done.attempts), ("delivered", 2), "{}: {done:?}", db.name);
        assert!(done.outcome.starts_with("applied EMP-"), "{}: {done:?}", db.name);

        // A 400 goes to the dead-letter list at once, and can be replayed.
        payroll.lock().expect("lock").script.push_back(400);
        let hired = w.move_to(li, Stage::Onboarding).await;
        let pass = w.engine.deliver_due("node-a", &config).await.expect("pass");
        assert_eq!(pass.dead, 1, "{}", db.name);
        let dead = w.store.deliveries(w.organisation, "dead", 10).await.expect("dead letters");
        assert_eq!(dead.len(), 1, "{}", db.name);
        assert_eq!((dead[0].event_id.as_str(), dead[0].kind.as_str()), (hired.as_str(), "candidate.hired"));
        assert!(dead[0].last_error.contains("400"), "{}: {:?}", db.name, dead[0]);
        let replayed = w.store.replay_delivery(w.organisation, dead[0].id, w.engine.now_ms()).await.expect("replay");
        assert_eq!(replayed.state, "pending", "{}", db.name);
        assert!(w.store.replay_delivery(w.organisation, dead[0].id, 0).await.is_err(), "only dead ones replay");
        let pass = w.engine.deliver_due("node-a", &config).await.expect("pass");
        assert_eq!(pass.delivered, 1, "{}", db.name);

        // A system down for a while gets everything once it is back.
        payroll.lock().expect("lock").script.extend([503; 6]);
        let others = [w.applicant("Wang Wei").await, w.applicant("Zhao Min").await, w.applicant("Sun Hao").await];
        let mut events = Vec::new();
        for a in others {
            events.push(w.move_to(a, Stage::AiInterview).await);
        }
        for _ in 0..8 {
            w.engine.deliver_due("node-a", &config).await.expect("pass");
            w.clock.advance(Duration::from_secs(61));
        }
        let applied = payroll.lock().expect("lock").applied.clone();
        for event in &events {
            assert_eq!(applied.iter().filter(|k| *k == event).count(), 1, "{}: {event} applied once", db.name);
        }
        assert!(w.store.deliveries(w.organisation, "pending", 10).await.expect("pending").is_empty(), "{}", db.name);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn transitions_follow_the_rules_and_refusals_emit_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (port, _payroll) = payroll().await;
    let registry = connector_registry(dir.path(), port);
    for db in databases().await {
        let strict =
            RegionPolicy { forbid_automated_rejection: true, always_human_review: false, ..RegionPolicy::default() };
        let w = world(&db.store, registry.clone(), port, strict).await;
        let a = w.applicant("Chen Jing").await;

        let refused = w.engine.move_stage(a, Stage::Onboarding, Mover::Person, "too early", BY).await;
        assert!(matches!(refused, Err(EngineError::Move(MoveError::NotNext { .. }))), "{}: {refused:?}", db.name);
        let refused = w.engine.move_stage(a, Stage::Rejected, Mover::Automation, "low score", BY).await;
        assert!(
            matches!(refused, Err(EngineError::Move(MoveError::AutomatedRejection))),
            "{}: the region forbids automated rejection: {refused:?}",
            db.name
        );
        assert!(w.store.transitions(a).await.expect("transitions").is_empty(), "{}", db.name);
        assert!(w.store.deliveries(w.organisation, "pending", 10).await.expect("outbox").is_empty(), "{}", db.name);

        // A person may reject; the rejection is final.
        let t = w.engine.move_stage(a, Stage::Rejected, Mover::Person, "not a fit for the night shift", BY).await;
        let t = t.expect("a person rejects");
        assert_eq!((t.actor.as_str(), t.reason.as_str()), ("hr@acme.example", "not a fit for the night shift"));
        let again = w.engine.move_stage(a, Stage::AiInterview, Mover::Person, "", BY).await;
        assert!(matches!(again, Err(EngineError::Move(MoveError::Closed { .. }))), "{}: {again:?}", db.name);
        let trail = w.store.audit_trail(&format!("application:{a}")).await.expect("audit");
        assert!(trail.iter().any(|e| e.action == "application.stage" && e.detail.contains("rejected")), "{trail:?}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn candidates_hear_their_result_through_the_bound_notifier() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (port, server) = payroll().await;
    let registry = connector_registry(dir.path(), port);
    for db in databases().await {
        server.lock().expect("lock").messages.clear();
        let w = world(&db.store, registry.clone(), port, RegionPolicy::default()).await;
        let scoped = ScopedPlugins::new(w.store.clone(), registry.clone());
        let url = format!("http://127.0.0.1:{port}/messages");
        let binding = organisation_wide(w.organisation, "webhook-notifier", serde_json::json!({ "url": url }));
        let notifier_binding = scoped.bind(w.organisation, binding, BY).await.expect("bind the notifier");

        let a = w.applicant("Zhou Ting").await;
        let invited = w.move_to(a, Stage::AiInterview).await;
        let rejected = w.move_to(a, Stage::Rejected).await;
        let deliveries = |event: String| {
            let store = w.store.clone();
            async move {
                let mut plugins: Vec<String> = store
                    .event_deliveries(&event)
                    .await
                    .expect("deliveries")
                    .into_iter()
                    .map(|d| d.plugin_id)
                    .collect();
                plugins.sort();
                plugins
            }
        };
        assert_eq!(deliveries(invited).await, ["hostile-connector"], "{}: no candidate message for this move", db.name);
        assert_eq!(deliveries(rejected.clone()).await, ["hostile-connector", "webhook-notifier"], "{}", db.name);
        while w.engine.deliver_due("node-a", &config()).await.expect("pass").attempted() > 0 {}

        let messages = server.lock().expect("lock").messages.clone();
        assert_eq!(messages.len(), 1, "{}: {messages:?}", db.name);
        let (key, body) = &messages[0];
        assert_eq!(key, &rejected, "{}: the event id is the idempotency key", db.name);
        assert_eq!(body["template"], "result-thank-you", "{}", db.name);
        assert_eq!(body["channel"], "webhook", "{}", db.name);
        assert_eq!(body["locale"], "en", "{}", db.name);
        assert_eq!(body["recipient"]["address"], "zhou.ting@example.com", "{}", db.name);
        assert_eq!(body["variables"]["name"], "Zhou Ting", "{}", db.name);
        assert!(body["variables"]["job_title"].as_str().is_some_and(|t| !t.is_empty()), "{}: {body}", db.name);
        let status = w.store.event_deliveries(&rejected).await.expect("deliveries");
        assert!(status.iter().all(|d| d.state == "delivered"), "{}: {status:?}", db.name);

        // The feedback SLA: one result, messaged at once; a second result with
        // no notifier left is overdue once the SLA has passed.
        let kinds = ["candidate.rejected", "interview.passed"];
        let day = 24 * 3_600_000;
        let sla = w.store.feedback_sla(w.organisation, &kinds, 0, w.engine.now_ms(), day).await.expect("sla");
        assert_eq!((sla.results, sla.delivered, sla.within_sla, sla.overdue), (1, 1, 1, 0), "{}: {sla:?}", db.name);
        assert_eq!(sla.median_ms, Some(0), "{}: the manual clock did not move", db.name);
        let other = w.applicant("Qian Li").await;
        scoped.unbind(w.organisation, notifier_binding.id, BY).await.expect("unbind");
        w.move_to(other, Stage::Rejected).await;
        w.clock.advance(Duration::from_secs(25 * 3600));
        let sla = w.store.feedback_sla(w.organisation, &kinds, 0, w.engine.now_ms(), day).await.expect("sla");
        assert_eq!((sla.results, sla.delivered, sla.overdue), (2, 1, 1), "{}: {sla:?}", db.name);
    }
}

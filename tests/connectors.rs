//! The first-party connectors as a customer runs them: each built component
//! in a signed package with its committed manifest (`configured-hosts`), the
//! administrator granting the local stand-in systems' host and the
//! credentials by name (read from files), switched on for an organisation
//! and driven by the real outbox from hires recorded through the engine
//! (offer, stage moves, departure). The stand-ins (tests/support/systems.rs)
//! record every request, so the tests check exactly what was sent, that the
//! credential was filled in by the host, that nothing is created twice, that
//! outages are retried and refusals dead-lettered, and that a host or a
//! secret not granted is refused before anything leaves.

use std::sync::Arc;
use std::time::Duration;

use panel::engine::{Engine, EngineConfig, ManualClock, OutboxConfig, ScopedPlugins};
use panel::packages::watch::Reloader;
use panel::packages::{Catalog, PluginRegistry, trust};
use panel::packages::{Scope, ScopeKind};
use panel::pipeline::{Mover, PipelineConfig, Stage};
use panel::store::UnitKind;
use panel::store::{AuditBy, Manager, NewCandidate, OfferTerms, RegionPolicy, Salary, SalaryPeriod, Store};
use panel_e2e::db::databases;
use panel_e2e::packages::{first_party_manifest, package_bytes, vendor};
use panel_e2e::systems::{Received, Scripted, SharedSystems, systems};
use panel_e2e::{organisation_wide, organisation_with_job, runtime};
use serde_json::{Value, json};

mod directory;

const BY: AuditBy<'static> = AuditBy { actor: "hr@acme.example", origin: "tests/connectors.rs" };
const START: i64 = 1_800_000_000_000;

/// The connectors, each with the secret it is granted and that secret's value.
const CONNECTORS: [(&str, &str, &str); 4] = [
    ("connector-payroll", "payroll-token", "tok-payroll"),
    ("connector-hris", "hris-token", "dXNlcjpwYXNzd29yZA=="),
    ("connector-training", "lms-token", "tok-lms"),
    ("connector-scim", "scim-token", "tok-scim"),
];

/// The four connectors, signed with their committed manifests, the local
/// systems' host granted by name and each its secret from a file under `dir`.
fn registry(dir: &std::path::Path, port: u16) -> Arc<PluginRegistry> {
    let (key, mut policy) = vendor();
    let host = format!("127.0.0.1:{port}");
    let catalog = Catalog::new(dir.join("packages"));
    for (id, secret, value) in CONNECTORS {
        let manifest = first_party_manifest(id);
        assert!(manifest.contains("configured-hosts = true"), "{id} asks for the hosts the administrator names");
        policy.grant(id, &[host.parse().expect("host")], false);
        let file = dir.join(secret);
        std::fs::write(&file, format!("{value}\n")).expect("secret file");
        policy.grant_secret(id, secret, format!("file:{}", file.display()).parse().expect("source"));
        catalog
            .install(&package_bytes(id, &manifest, Some(&key)), &policy, &runtime(), false)
            .unwrap_or_else(|e| panic!("installing {id}: {e}"));
    }
    policy.write(&dir.join(trust::FILE)).expect("policy");
    let registry = Arc::new(PluginRegistry::new());
    let report = Reloader::new(catalog, &dir.join(trust::FILE), runtime(), registry.clone()).reconcile();
    assert!(report.rejected.is_empty(), "{report:?}");
    registry
}

struct World {
    engine: Engine,
    scoped: Arc<ScopedPlugins>,
    clock: ManualClock,
    store: Store,
    organisation: i64,
    job: i64,
}

/// An organisation whose job has a lean pipeline (AI interview, offer,
/// onboarding), with `bindings` switched on organisation-wide.
async fn world(store: &Store, registry: Arc<PluginRegistry>, bindings: Vec<(&str, Value)>) -> World {
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
    for (plugin, config) in bindings {
        let binding = organisation_wide(organisation, plugin, config);
        scoped.bind(organisation, binding, BY).await.unwrap_or_else(|e| panic!("binding {plugin}: {e}"));
    }
    let clock = ManualClock::new(START);
    let engine = Engine::new(store.clone(), scoped.clone(), Arc::new(clock.clone()), EngineConfig::default());
    World { engine, scoped, clock, store: store.clone(), organisation, job }
}

/// Retries come after 2 s, then at most 60 s.
fn outbox() -> OutboxConfig {
    OutboxConfig {
        first_retry: Duration::from_secs(2),
        max_retry: Duration::from_secs(60),
        max_attempts: 5,
        ..OutboxConfig::default()
    }
}

/// The terms of an offer, as HR records them.
fn offer(work_email: Option<&str>) -> OfferTerms {
    OfferTerms {
        start_date: "2027-01-04".into(),
        grade: "M2".into(),
        salary: Salary { amount: "18000.00".into(), currency: "CNY".into(), period: SalaryPeriod::Month },
        cost_centre: "CC-310".into(),
        employee_number: Some("E1024".into()),
        manager: Some(Manager { name: "李娜".into(), email: "li.na@acme.example".into() }),
        work_email: work_email.map(str::to_owned),
        location: Some("苏州".into()),
    }
}

/// A hire's application and the ids of its `offer.made` and `candidate.hired` events.
struct Hire {
    application: i64,
    candidate: i64,
    offer_made: String,
    hired: String,
}

impl World {
    /// A candidate taken from application to onboarding, with `offer`
    /// recorded (through the engine, as `PUT /applications/{id}/offer` does)
    /// before the offer stage.
    async fn hire(&self, name: &str, offer: Option<&OfferTerms>) -> Hire {
        let email = format!("{}@example.com", name.to_lowercase().replace(' ', "."));
        let new = NewCandidate { name: name.into(), email, phone: "+86 138 0000 0000".into(), ..Default::default() };
        let (candidate, _) = self.store.create_candidate(self.organisation, &new).await.expect("candidate");
        let application = self.store.apply(candidate, self.job).await.expect("application").id;
        let step = |to| async move {
            self.engine.move_stage(application, to, Mover::Person, "test", BY).await.expect("move").event_id
        };
        step(Stage::AiInterview).await;
        if let Some(offer) = offer {
            self.engine.record_offer(application, offer, BY).await.expect("offer recorded");
        }
        let offer_made = step(Stage::Offer).await;
        let hired = step(Stage::Onboarding).await;
        Hire { application, candidate, offer_made, hired }
    }

    /// Runs the outbox until nothing is left to try, a minute at a time.
    async fn deliver(&self) {
        for _ in 0..8 {
            while self.engine.deliver_due("node-a", &outbox()).await.expect("pass").attempted() > 0 {}
            self.clock.advance(Duration::from_secs(61));
        }
    }

    /// (plugin, state, attempts, outcome or last error) of each delivery of an event.
    async fn deliveries(&self, event: &str) -> Vec<(String, String, i64, String)> {
        let mut all: Vec<_> = self
            .store
            .event_deliveries(event)
            .await
            .expect("deliveries")
            .into_iter()
            .map(|d| {
                let detail = if d.state == "delivered" { d.outcome } else { d.last_error };
                (d.plugin_id, d.state, d.attempts, detail)
            })
            .collect();
        all.sort();
        all
    }
}

fn received(server: &SharedSystems, prefix: &str) -> Vec<Received> {
    server.lock().expect("lock").received_under(prefix)
}

fn no_placeholder_left(requests: &[Received]) {
    for request in requests {
        for (name, value) in &request.headers {
            assert!(!value.contains("${secret:"), "{name}: the host fills the secret in: {request:?}");
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn payroll_hris_and_training_get_each_hire_once_in_their_own_shape() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (port, server) = systems().await;
    let registry = registry(dir.path(), port);
    let base = format!("http://127.0.0.1:{port}");
    for db in databases().await {
        server.lock().expect("lock").clear();
        let bindings = vec![
            ("connector-payroll", json!({ "endpoint": format!("{base}/payroll"), "credentials": "payroll-token" })),
            (
                "connector-hris",
                json!({ "endpoint": format!("{base}/hris/"), "credentials": "hris-token", "auth": "basic",
                        "employer_agency": "ACME-CN",
                        "fields": { "employment.costCenter": "employment.costCentre" },
                        "extra": [
                            { "target": "employment.customFields.badgeSite", "from": "offer.location" },
                            { "target": "employment.customFields.hiredThrough", "value": "Panel" },
                            { "target": "employment.customFields.deskNumber", "from": "offer.desk_number" }
                        ] }),
            ),
            (
                "connector-training",
                json!({
                    "endpoint": format!("{base}/lms"), "credentials": "lms-token", "auth": "header",
                    "auth_header": "x-api-key",
                    "courses_by_job": { "Production Supervisor": ["LINE-LEAD-101"], "manufacturing": ["SAFE-101"] },
                    "courses_by_dimension": { "teamwork": ["TEAM-120"] }
                }),
            ),
        ];
        let w = world(&db.store, registry.clone(), bindings).await;
        let hire = w.hire("王磊", Some(&offer(Some("wang.lei@acme.example")))).await;
        w.deliver().await;

        let payroll = received(&server, "/payroll");
        assert_eq!(payroll.len(), 1, "{}: only the hire creates a payroll record: {payroll:?}", db.name);
        let post = &payroll[0];
        assert_eq!((post.method.as_str(), post.uri.as_str()), ("POST", "/payroll/employees"), "{}", db.name);
        assert_eq!(post.header("authorization"), Some("Bearer tok-payroll"), "{}: the granted secret", db.name);
        assert_eq!(post.header("idempotency-key"), Some(hire.hired.as_str()), "{}", db.name);
        assert_eq!(post.header("content-type"), Some("application/json"), "{}", db.name);
        assert_eq!(
            post.body,
            json!({
                "externalId": format!("panel-{}", hire.candidate),
                "employeeNumber": "E1024",
                "name": "王磊",
                "startDate": "2027-01-04",
                "jobTitle": "Production Supervisor",
                "grade": "M2",
                "salary": { "amount": "18000.00", "currency": "CNY", "period": "month" },
                "costCenter": "CC-310",
                "department": "Assembly",
                "location": "苏州"
            }),
            "{}",
            db.name
        );

        let hris = received(&server, "/hris");
        assert_eq!(hris.len(), 1, "{}: {hris:?}", db.name);
        assert_eq!(hris[0].uri, "/hris/employees", "{}", db.name);
        assert_eq!(hris[0].header("authorization"), Some("Basic dXNlcjpwYXNzd29yZA=="), "{}", db.name);
        assert_eq!(hris[0].header("idempotency-key"), Some(hire.hired.as_str()), "{}", db.name);
        let document = &hris[0].body;
        assert_eq!(document["documentId"]["value"], hire.hired.as_str(), "{}", db.name);
        assert_eq!(document["person"]["name"], json!({ "formattedName": "王磊", "given": "磊", "family": "王" }));
        assert_eq!(
            document["person"]["communication"]["email"][0],
            json!({ "address": "wang.lei@acme.example", "useCode": "business", "preference": 1 })
        );
        let employment = &document["employment"];
        assert_eq!(
            employment["id"],
            json!({ "value": "E1024", "schemeId": "employee-number", "schemeAgencyId": "ACME-CN" })
        );
        assert_eq!(employment["organization"]["name"], "Assembly", "{}", db.name);
        assert_eq!(
            employment["remuneration"],
            json!({ "amount": { "value": 18000.0, "currency": "CNY" }, "intervalCode": "Month" })
        );
        assert_eq!(employment["managerRef"]["name"]["formattedName"], "李娜", "{}", db.name);
        // The customer's mapping: renamed, and their own fields from the payload (absent path: nothing).
        assert_eq!((employment["costCentre"].as_str(), employment.get("costCenter")), (Some("CC-310"), None));
        assert_eq!(employment["customFields"], json!({ "badgeSite": "苏州", "hiredThrough": "Panel" }), "{}", db.name);

        let lms = received(&server, "/lms");
        assert_eq!(lms.len(), 1, "{}: {lms:?}", db.name);
        assert_eq!(lms[0].uri, "/lms/enrolments", "{}", db.name);
        assert_eq!(lms[0].header("x-api-key"), Some("tok-lms"), "{}", db.name);
        assert_eq!(lms[0].header("idempotency-key"), Some(hire.hired.as_str()), "{}", db.name);
        assert_eq!(
            lms[0].body["enrolments"],
            json!([{ "courseId": "LINE-LEAD-101", "reason": "job" }, { "courseId": "SAFE-101", "reason": "job" }]),
            "{}: the job's courses; no interview, so none for a dimension",
            db.name
        );
        assert_eq!(lms[0].body["learner"]["email"], "wang.lei@acme.example", "{}", db.name);
        no_placeholder_left(&server.lock().expect("lock").received);

        let hired = w.deliveries(&hire.hired).await;
        let expected = [
            ("connector-hris", "delivered", 1, "applied HRIS-1"),
            ("connector-payroll", "delivered", 1, "applied PAYROLL-1"),
            ("connector-training", "delivered", 1, "applied LINE-LEAD-101,SAFE-101"),
        ];
        let hired: Vec<(&str, &str, i64, &str)> =
            hired.iter().map(|(p, s, a, d)| (p.as_str(), s.as_str(), *a, d.as_str())).collect();
        assert_eq!(hired, expected, "{}", db.name);
        for (plugin, state, _, detail) in w.deliveries(&hire.offer_made).await {
            assert_eq!(state, "delivered", "{}: {plugin}", db.name);
            assert!(detail.starts_with("skipped: offer.made does not"), "{}: {plugin}: {detail}", db.name);
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn what_became_of_hires_is_pulled_back_from_the_hris_page_by_page_and_only_once() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (port, server) = systems().await;
    let registry = registry(dir.path(), port);
    let base = format!("http://127.0.0.1:{port}");
    for db in databases().await {
        server.lock().expect("lock").clear();
        let hris = json!({ "endpoint": format!("{base}/hris/"), "credentials": "hris-token", "auth": "basic",
                           "outcomes_path": "/outcomes" });
        let w = world(&db.store, registry.clone(), vec![("connector-hris", hris)]).await;
        let first = w.hire("王磊", Some(&offer(None))).await;
        let second = w.hire("Li Na", Some(&offer(None))).await;
        w.deliver().await;
        // The HRIS's ids for the two employee records, as the deliveries keep them.
        let reference = |detail: &str| detail.strip_prefix("applied ").expect("applied").to_owned();
        let first_ref = reference(&w.deliveries(&first.hired).await[0].3);
        let second_ref = reference(&w.deliveries(&second.hired).await[0].3);
        assert!(first_ref.starts_with("HRIS-") && first_ref != second_ref, "{}: {first_ref} {second_ref}", db.name);
        server.lock().expect("lock").hris_outcomes = vec![
            json!({ "id": "ev-1", "employeeRef": first_ref, "type": "probation", "date": "2027-06-30", "result": "passed" }),
            json!({ "id": "ev-2", "person": { "id": { "value": format!("panel-{}", second.candidate) } },
                    "panel": { "jobId": w.job }, "type": "performance", "date": "2027-12-31", "rating": 4 }),
            // Nobody Panel hired: ignored.
            json!({ "id": "ev-3", "employeeRef": "HRIS-99", "type": "probation", "date": "2027-06-30", "result": "failed" }),
            // Outside the organisation's 1–5 scale: refused.
            json!({ "id": "ev-4", "employeeRef": second_ref, "type": "performance", "date": "2027-12-31", "rating": 9 }),
            json!({ "id": "ev-5", "employeeRef": first_ref, "type": "departure", "date": "2028-01-15", "reason": "voluntary" }),
        ];

        let reports = w.engine.pull_outcomes(&w.scoped, w.organisation).await.expect("pull");
        assert_eq!(reports.len(), 1, "{}: {reports:?}", db.name);
        let report = &reports[0];
        assert_eq!(
            (report.pages, report.recorded, report.ignored, report.refused, report.error.as_deref()),
            (3, 3, 1, 1, None),
            "{}: {report:?}",
            db.name
        );
        let outcomes = w.store.outcomes(first.application).await.expect("outcomes");
        assert_eq!(outcomes.len(), 1, "{}: {outcomes:?}", db.name);
        assert_eq!(outcomes[0].on_date, "2027-06-30");
        assert_eq!(outcomes[0].result, Some(panel::store::ProbationResult::Passed));
        assert_eq!(outcomes[0].source, "connector:connector-hris");
        let left = w.store.departure(first.application).await.expect("departure").expect("recorded");
        assert_eq!((left.last_day.as_str(), left.reason.as_str()), ("2028-01-15", "voluntary"), "{}", db.name);
        let rated = w.store.outcomes(second.application).await.expect("outcomes");
        assert_eq!(rated.iter().map(|o| o.rating).collect::<Vec<_>>(), vec![Some(4.0)], "{}", db.name);

        let requests: Vec<String> = received(&server, "/hris/outcomes").iter().map(|r| r.uri.clone()).collect();
        assert_eq!(
            requests,
            [
                "/hris/outcomes?after=&limit=100",
                "/hris/outcomes?after=ev-2&limit=100",
                "/hris/outcomes?after=ev-4&limit=100"
            ],
            "{}: page by page from the saved cursor",
            db.name
        );
        no_placeholder_left(&received(&server, "/hris/outcomes"));

        // The next pull starts after the last record: nothing is recorded twice.
        let again = w.engine.pull_outcomes(&w.scoped, w.organisation).await.expect("pull again");
        assert_eq!((again[0].pages, again[0].recorded), (1, 0), "{}: {again:?}", db.name);
        assert_eq!(
            received(&server, "/hris/outcomes").last().expect("a request").uri,
            "/hris/outcomes?after=ev-5&limit=100"
        );
        assert_eq!(w.store.outcomes(first.application).await.expect("outcomes").len(), 1, "{}", db.name);
        let state = w.store.outcome_pulls(w.organisation).await.expect("pull state");
        assert_eq!((state.len(), state[0].recorded, state[0].last_error.as_str()), (1, 0, ""), "{}", db.name);

        // The same HRIS switched on for another department only: it sees every
        // record, and may write none of them (the hires are Assembly's).
        let west = w
            .store
            .create_unit(w.organisation, None, UnitKind::Region, "West", RegionPolicy::default())
            .await
            .expect("region");
        let wuhan = w
            .store
            .create_unit(w.organisation, Some(west), UnitKind::Branch, "Wuhan", RegionPolicy::default())
            .await
            .expect("branch");
        let welding = w
            .store
            .create_unit(w.organisation, Some(wuhan), UnitKind::Department, "Welding", RegionPolicy::default())
            .await
            .expect("department");
        let config = json!({ "endpoint": format!("{base}/hris/"), "credentials": "hris-token", "auth": "basic",
                             "outcomes_path": "/outcomes" });
        let mut there = organisation_wide(w.organisation, "connector-hris", config);
        there.scope = Scope::new(ScopeKind::Department, welding);
        let welding_binding = w.scoped.bind(w.organisation, there, BY).await.expect("bind for Welding").id;
        server.lock().expect("lock").hris_outcomes.push(
            json!({ "id": "ev-6", "employeeRef": second_ref, "type": "performance", "date": "2028-06-30", "rating": 3 }),
        );
        let third = w.engine.pull_outcomes(&w.scoped, w.organisation).await.expect("pull a third time");
        let of = |binding: i64| third.iter().find(|r| r.binding_id == binding).expect("a report");
        let welding_report = of(welding_binding);
        assert_eq!((welding_report.recorded, welding_report.ignored), (0, 6), "{}: {third:?}", db.name);
        let organisation_report = third.iter().find(|r| r.binding_id != welding_binding).expect("a report");
        assert_eq!((organisation_report.recorded, organisation_report.ignored), (1, 0), "{}: {third:?}", db.name);
        let rated = w.store.outcomes(second.application).await.expect("outcomes");
        assert_eq!(rated.len(), 2, "{}: recorded once, by the binding whose scope holds the job", db.name);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn payroll_outages_are_retried_refusals_dead_lettered_and_nothing_is_created_twice() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (port, server) = systems().await;
    let registry = registry(dir.path(), port);
    let config = json!({ "endpoint": format!("http://127.0.0.1:{port}/payroll"), "credentials": "payroll-token" });
    for db in databases().await {
        server.lock().expect("lock").clear();
        let w = world(&db.store, registry.clone(), vec![("connector-payroll", config.clone())]).await;
        let records = || server.lock().expect("lock").records_of("payroll");

        // The record is created but the answer is lost: the retry meets 409 and counts as done.
        server.lock().expect("lock").script.extend([Scripted::ApplyThenFail(503)]);
        let first = w.hire("Li Wei", Some(&offer(None))).await;
        w.deliver().await;
        assert_eq!(records().len(), 1, "{}: created once", db.name);
        let keys: Vec<Option<String>> =
            received(&server, "/payroll").iter().map(|r| r.header("idempotency-key").map(str::to_owned)).collect();
        assert_eq!(keys, [Some(first.hired.clone()), Some(first.hired.clone())], "{}: the same key twice", db.name);
        let done = w.deliveries(&first.hired).await;
        assert_eq!(done[0].1, "delivered", "{}: {done:?}", db.name);
        assert_eq!((done[0].2, done[0].3.as_str()), (2, "duplicate E1024"), "{}", db.name);

        // 429, then 503: retried, then created.
        server.lock().expect("lock").script.extend([Scripted::Refuse(429), Scripted::Refuse(503)]);
        let second = w.hire("Zhao Min", Some(&offer(None))).await;
        w.deliver().await;
        let done = w.deliveries(&second.hired).await;
        assert_eq!(
            (done[0].1.as_str(), done[0].2, done[0].3.as_str()),
            ("delivered", 3, "applied PAYROLL-2"),
            "{}",
            db.name
        );
        assert_eq!(records().len(), 2, "{}", db.name);

        // 422: dead-lettered at once, without the server's words; replayed once the data is fixed.
        server.lock().expect("lock").script.extend([Scripted::Refuse(422)]);
        let third = w.hire("Sun Hao", Some(&offer(None))).await;
        w.deliver().await;
        let dead = w.store.deliveries(w.organisation, "dead", 10).await.expect("dead letters");
        assert_eq!(dead.len(), 1, "{}: {dead:?}", db.name);
        assert_eq!((dead[0].event_id.as_str(), dead[0].attempts), (third.hired.as_str(), 1), "{}", db.name);
        assert!(
            dead[0].last_error.contains("422") && !dead[0].last_error.contains("scripted"),
            "{}: {:?}",
            db.name,
            dead[0]
        );
        w.store.replay_delivery(w.organisation, dead[0].id, w.engine.now_ms()).await.expect("replay");
        w.deliver().await;
        assert_eq!(records().len(), 3, "{}: created on replay", db.name);
        let replays =
            received(&server, "/payroll").iter().filter(|r| r.header("idempotency-key") == Some(&third.hired)).count();
        assert_eq!(replays, 2, "{}", db.name);

        // A hire with no offer recorded: nothing sent, dead-lettered with what HR must do.
        let before = received(&server, "/payroll").len();
        let unrecorded = w.hire("Qian Yu", None).await;
        w.deliver().await;
        assert_eq!(received(&server, "/payroll").len(), before, "{}: nothing sent", db.name);
        let dead = w.deliveries(&unrecorded.hired).await;
        assert_eq!((dead[0].1.as_str(), dead[0].2), ("dead", 1), "{}: {dead:?}", db.name);
        assert!(dead[0].3.contains("HR must record the offer"), "{}: {dead:?}", db.name);
        assert!(!dead[0].3.contains("Qian Yu"), "{}: no personal data in errors", db.name);

        // HR records the offer and replays: the same event now carries it.
        w.engine.record_offer(unrecorded.application, &offer(None), BY).await.expect("offer recorded late");
        let id = w.store.event_deliveries(&unrecorded.hired).await.expect("deliveries")[0].id;
        w.store.replay_delivery(w.organisation, id, w.engine.now_ms()).await.expect("replay");
        w.deliver().await;
        assert_eq!(received(&server, "/payroll").len(), before + 1, "{}: sent on replay", db.name);
        let dead = w.deliveries(&unrecorded.hired).await;
        assert_eq!(dead[0].1, "delivered", "{}: {dead:?}", db.name);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_host_or_a_secret_not_granted_is_refused_before_anything_leaves() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (port, server) = systems().await;
    // A second system the administrator never granted.
    let (other_port, other) = systems().await;
    let registry = registry(dir.path(), port);
    for db in databases().await {
        server.lock().expect("lock").clear();
        let elsewhere =
            json!({ "endpoint": format!("http://127.0.0.1:{other_port}/payroll"), "credentials": "payroll-token" });
        let w = world(&db.store, registry.clone(), vec![("connector-payroll", elsewhere)]).await;
        let hire = w.hire("Wang Wei", Some(&offer(None))).await;
        w.deliver().await;
        assert!(other.lock().expect("lock").received.is_empty(), "{}: nothing reached the host not granted", db.name);
        let dead = w.deliveries(&hire.hired).await;
        assert_eq!((dead[0].1.as_str(), dead[0].2), ("dead", 1), "{}: not retried: {dead:?}", db.name);
        assert!(dead[0].3.contains(&format!("127.0.0.1:{other_port}")), "{}: names the host: {dead:?}", db.name);

        // The right host, but a secret the administrator did not grant this plugin.
        let ungranted = json!({ "endpoint": format!("http://127.0.0.1:{port}/hris"), "credentials": "payroll-token" });
        let w = world(&db.store, registry.clone(), vec![("connector-hris", ungranted)]).await;
        let hire = w.hire("Zhou Ting", Some(&offer(None))).await;
        w.deliver().await;
        assert!(received(&server, "/hris").is_empty(), "{}: nothing sent without the credential", db.name);
        let dead = w.deliveries(&hire.hired).await;
        assert_eq!((dead[0].1.as_str(), dead[0].2), ("dead", 1), "{}: {dead:?}", db.name);
        assert!(dead[0].3.contains("payroll-token"), "{}: names the secret: {dead:?}", db.name);
        assert!(!dead[0].3.contains("tok-payroll"), "{}: never its value", db.name);
    }
}

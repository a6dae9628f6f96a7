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
use panel::pipeline::{Mover, PipelineConfig, Stage};
use panel::store::{AuditBy, Manager, NewCandidate, OfferTerms, RegionPolicy, Salary, SalaryPeriod, Store};
use panel_e2e::db::databases;
use panel_e2e::packages::{first_party_manifest, package_bytes, vendor};
use panel_e2e::systems::{Received, Scripted, SharedSystems, systems};
use panel_e2e::{organisation_wide, organisation_with_job, runtime};
use serde_json::{Value, json};

const BY: AuditBy<'static> = AuditBy { actor: "hr@acme.example", origin: "tests/connectors.rs" };
const START: i64 = 1_800_000_000_000;

/// The SCIM connector's `User-Agent`.
const SCIM_AGENT: &str = concat!("Panel-connector-scim/", env!("CARGO_PKG_VERSION"));

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
    let engine = Engine::new(store.clone(), scoped, Arc::new(clock.clone()), EngineConfig::default());
    World { engine, clock, store: store.clone(), organisation, job }
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
async fn directory_accounts_are_provisioned_once_and_deactivated_on_leaving() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (port, server) = systems().await;
    let registry = registry(dir.path(), port);
    let workplace = "urn:acme:scim:schemas:extension:workplace:1.0:User";
    let config = json!({
        "endpoint": format!("http://127.0.0.1:{port}/scim/v2"), "credentials": "scim-token",
        "attributes": [
            { "name": "preferredLanguage", "value": "zh-CN" },
            { "name": "nickName", "from": "candidate.nickname" },
            { "schema": workplace, "name": "badgeSite", "from": "offer.location" }
        ]
    });
    for db in databases().await {
        {
            let mut s = server.lock().expect("lock");
            s.clear();
            s.users.push(json!({ "id": "mgr-1", "userName": "li.na@acme.example", "active": true }));
            // The directory is down at first: retried.
            s.script.push_back(Scripted::Refuse(503));
        }
        let w = world(&db.store, registry.clone(), vec![("connector-scim", config.clone())]).await;
        let hire = w.hire("欧阳娜娜", Some(&offer(Some("ouyang.nana@acme.example")))).await;
        w.deliver().await;

        let external_id = format!("panel-{}", hire.candidate);
        let requests = received(&server, "/scim");
        let lines: Vec<(String, String)> = requests.iter().map(|r| (r.method.clone(), r.uri.clone())).collect();
        let find = format!("/scim/v2/Users?filter=externalId%20eq%20%22{external_id}%22");
        let manager = "/scim/v2/Users?filter=userName%20eq%20%22li.na%40acme.example%22".to_owned();
        let expected = [
            ("GET".to_owned(), find.clone()),
            ("GET".to_owned(), find.clone()),
            ("GET".to_owned(), manager.clone()),
            ("POST".to_owned(), "/scim/v2/Users".to_owned()),
        ];
        assert_eq!(lines, expected, "{}", db.name);
        for request in &requests {
            assert_eq!(request.header("authorization"), Some("Bearer tok-scim"), "{}", db.name);
            assert_eq!(request.header("accept"), Some("application/scim+json"), "{}", db.name);
            assert_eq!(request.header("user-agent"), Some(SCIM_AGENT), "{}", db.name);
        }
        let created = &requests[3];
        assert_eq!(created.header("content-type"), Some("application/scim+json"), "{}", db.name);
        let enterprise = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
        assert_eq!(
            created.body,
            json!({
                "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User", workplace, enterprise],
                "externalId": external_id,
                "userName": "ouyang.nana@acme.example",
                "name": { "formatted": "欧阳娜娜", "familyName": "欧阳", "givenName": "娜娜" },
                "displayName": "欧阳娜娜",
                "title": "Production Supervisor",
                "preferredLanguage": "zh-CN",
                "emails": [{ "value": "ouyang.nana@acme.example", "type": "work", "primary": true }],
                "addresses": [{ "type": "work", "locality": "苏州", "primary": true }],
                "active": true,
                enterprise: {
                    "employeeNumber": "E1024", "costCenter": "CC-310", "department": "Assembly",
                    "manager": { "value": "mgr-1", "$ref": format!("http://127.0.0.1:{port}/scim/v2/Users/mgr-1") }
                },
                workplace: { "badgeSite": "苏州" }
            }),
            "{}",
            db.name
        );
        let done = w.deliveries(&hire.hired).await;
        assert_eq!((done[0].1.as_str(), done[0].2, done[0].3.as_str()), ("delivered", 2, "applied u-2"), "{}", db.name);

        // Another hire whose create is applied but answered 503: the retry finds the account and updates it.
        server.lock().expect("lock").script.extend([Scripted::Normal, Scripted::Normal, Scripted::ApplyThenFail(503)]);
        let second = w.hire("Anna Schmidt", Some(&offer(Some("anna.schmidt@acme.example")))).await;
        w.deliver().await;
        let users = server.lock().expect("lock").users.clone();
        let theirs: Vec<&Value> =
            users.iter().filter(|u| u["externalId"] == format!("panel-{}", second.candidate)).collect();
        assert_eq!(theirs.len(), 1, "{}: one account, not two: {users:?}", db.name);
        assert_eq!(theirs[0]["name"]["familyName"], "Schmidt", "{}", db.name);
        let retry: Vec<Received> = received(&server, "/scim").into_iter().rev().take(2).collect();
        let config = "/scim/v2/ServiceProviderConfig";
        assert_eq!((retry[1].method.as_str(), retry[1].uri.as_str()), ("GET", config), "{}: PATCH is there?", db.name);
        let last = &retry[0];
        assert_eq!((last.method.as_str(), last.uri.as_str()), ("PATCH", "/scim/v2/Users/u-3"), "{}", db.name);
        assert_eq!(last.body["Operations"][0]["value"]["active"], true, "{}", db.name);
        assert_eq!(
            last.body["Operations"][1],
            json!({ "op": "replace", "path": format!("{workplace}:badgeSite"), "value": "苏州" }),
            "{}: an extension attribute is patched by its URN-prefixed path",
            db.name
        );

        // Leaving deactivates the account; it is not deleted.
        let before = received(&server, "/scim").len();
        let left = w.engine.record_departure(hire.application, "2027-06-30", BY).await.expect("departure");
        w.deliver().await;
        let leave: Vec<Received> = received(&server, "/scim").into_iter().skip(before).collect();
        let lines: Vec<(&str, &str)> = leave.iter().map(|r| (r.method.as_str(), r.uri.as_str())).collect();
        assert_eq!(lines, [("GET", find.as_str()), ("GET", config), ("PATCH", "/scim/v2/Users/u-2")], "{}", db.name);
        assert_eq!(
            leave[2].body,
            json!({ "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                    "Operations": [{ "op": "replace", "path": "active", "value": false }] }),
            "{}",
            db.name
        );
        let account = server.lock().expect("lock").users.iter().find(|u| u["id"] == "u-2").cloned();
        assert_eq!(account.map(|a| a["active"].clone()), Some(json!(false)), "{}: kept, inactive", db.name);
        let done = w.deliveries(&left.event_id).await;
        assert_eq!((done[0].1.as_str(), done[0].3.as_str()), ("delivered", "applied u-2"), "{}", db.name);
        no_placeholder_left(&server.lock().expect("lock").received);
    }
}

/// An account the directory holds already for `candidate` (provisioned
/// before Panel, say): inactive, with attributes and an extension of the
/// directory's own that Panel never sets.
fn held_account(id: &str, candidate: i64, user_name: &str) -> Value {
    json!({
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User", "urn:example:directory:1.0:User"],
        "id": id,
        "externalId": format!("panel-{candidate}"),
        "userName": user_name,
        "name": { "formatted": "欧阳娜娜", "middleName": "N" },
        "active": false,
        "groups": [{ "value": "g-7", "display": "Assembly" }],
        "urn:example:directory:1.0:User": { "mailboxQuota": "50GB", "badge": 1024 }
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_directory_without_patch_is_updated_and_deactivated_by_put() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (port, server) = systems().await;
    let registry = registry(dir.path(), port);
    let endpoint = format!("http://127.0.0.1:{port}/scim/v2");
    let config = "/scim/v2/ServiceProviderConfig";
    let manager_ref = format!("http://127.0.0.1:{port}/scim/v2/Users/mgr-1");
    let enterprise = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    for db in databases().await {
        {
            let mut s = server.lock().expect("lock");
            s.clear();
            (s.scim_without_patch, s.scim_hides_config) = (true, false);
            s.users.push(json!({ "id": "mgr-1", "userName": "li.na@acme.example", "active": true }));
        }
        let binding = json!({ "endpoint": endpoint, "credentials": "scim-token" });
        let w = world(&db.store, registry.clone(), vec![("connector-scim", binding)]).await;

        // The hire finds the account and, as the directory's configuration says it has no PATCH,
        // reads it and replaces it whole: active again, HR's attributes, the directory's own kept.
        let hire = w.hire("欧阳娜娜", Some(&offer(Some("ouyang.nana@acme.example")))).await;
        server.lock().expect("lock").users.push(held_account("u-7", hire.candidate, "ouyang.nana@acme.example"));
        w.deliver().await;
        let requests = received(&server, "/scim");
        let lines: Vec<(&str, &str)> = requests.iter().map(|r| (r.method.as_str(), r.uri.as_str())).collect();
        let find = format!("/scim/v2/Users?filter=externalId%20eq%20%22panel-{}%22", hire.candidate);
        let manager = "/scim/v2/Users?filter=userName%20eq%20%22li.na%40acme.example%22";
        assert_eq!(
            lines,
            [
                ("GET", find.as_str()),
                ("GET", manager),
                ("GET", config),
                ("GET", "/scim/v2/Users/u-7"),
                ("PUT", "/scim/v2/Users/u-7")
            ],
            "{}",
            db.name
        );
        for request in &requests {
            assert_eq!(request.header("user-agent"), Some(SCIM_AGENT), "{}: {request:?}", db.name);
            assert_eq!(request.header("authorization"), Some("Bearer tok-scim"), "{}", db.name);
        }
        let put = &requests[4];
        assert_eq!(put.header("content-type"), Some("application/scim+json"), "{}", db.name);
        assert!(put.header("if-match").is_some_and(|v| v.starts_with("W/")), "{}: {put:?}", db.name);
        assert_eq!(
            put.body,
            json!({
                "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User", "urn:example:directory:1.0:User", enterprise],
                "id": "u-7",
                "externalId": format!("panel-{}", hire.candidate),
                "userName": "ouyang.nana@acme.example",
                "name": { "formatted": "欧阳娜娜", "familyName": "欧阳", "givenName": "娜娜", "middleName": "N" },
                "displayName": "欧阳娜娜",
                "title": "Production Supervisor",
                "emails": [{ "value": "ouyang.nana@acme.example", "type": "work", "primary": true }],
                "addresses": [{ "type": "work", "locality": "苏州", "primary": true }],
                "active": true,
                "groups": [{ "value": "g-7", "display": "Assembly" }],
                "urn:example:directory:1.0:User": { "mailboxQuota": "50GB", "badge": 1024 },
                enterprise: {
                    "employeeNumber": "E1024", "costCenter": "CC-310", "department": "Assembly",
                    "manager": { "value": "mgr-1", "$ref": manager_ref }
                }
            }),
            "{}: the whole account, without meta, keeping what Panel does not set",
            db.name
        );
        let done = w.deliveries(&hire.hired).await;
        assert_eq!((done[0].1.as_str(), done[0].2, done[0].3.as_str()), ("delivered", 1, "applied u-7"), "{}", db.name);

        // The departure deactivates it the same way: only `active` changes.
        let before = received(&server, "/scim").len();
        let left = w.engine.record_departure(hire.application, "2027-06-30", BY).await.expect("departure");
        w.deliver().await;
        let leave: Vec<Received> = received(&server, "/scim").into_iter().skip(before).collect();
        let lines: Vec<(&str, &str)> = leave.iter().map(|r| (r.method.as_str(), r.uri.as_str())).collect();
        assert_eq!(
            lines,
            [("GET", find.as_str()), ("GET", config), ("GET", "/scim/v2/Users/u-7"), ("PUT", "/scim/v2/Users/u-7")],
            "{}",
            db.name
        );
        assert!(leave.iter().all(|r| r.header("user-agent") == Some(SCIM_AGENT)), "{}", db.name);
        let mut expected = put.body.clone();
        expected["active"] = json!(false);
        assert_eq!(leave[3].body, expected, "{}", db.name);
        let account = server.lock().expect("lock").users.iter().find(|u| u["id"] == "u-7").cloned();
        assert_eq!(account.map(|a| a["active"].clone()), Some(json!(false)), "{}: deactivated", db.name);
        let done = w.deliveries(&left.event_id).await;
        assert_eq!((done[0].1.as_str(), done[0].2, done[0].3.as_str()), ("delivered", 1, "applied u-7"), "{}", db.name);

        // No configuration to read: PATCH, answered 501, then PUT in the same delivery.
        server.lock().expect("lock").scim_hides_config = true;
        let second = w.hire("Anna Schmidt", Some(&offer(Some("anna.schmidt@acme.example")))).await;
        server.lock().expect("lock").users.push(held_account("u-8", second.candidate, "anna.schmidt@acme.example"));
        let before = received(&server, "/scim").len();
        w.deliver().await;
        let lines: Vec<(String, String)> =
            received(&server, "/scim").into_iter().skip(before).map(|r| (r.method, r.uri)).collect();
        let methods: Vec<&str> = lines.iter().map(|(m, _)| m.as_str()).collect();
        assert_eq!(methods, ["GET", "GET", "GET", "PATCH", "GET", "PUT"], "{}: {lines:?}", db.name);
        assert_eq!(lines[2].1, config, "{}", db.name);
        let done = w.deliveries(&second.hired).await;
        assert_eq!((done[0].1.as_str(), done[0].2, done[0].3.as_str()), ("delivered", 1, "applied u-8"), "{}", db.name);
        let account = server.lock().expect("lock").users.iter().find(|u| u["id"] == "u-8").cloned();
        assert_eq!(account.map(|a| a["active"].clone()), Some(json!(true)), "{}: reactivated", db.name);

        // PATCH configured on this directory: the 501 is dead-lettered at once, not retried.
        let binding = json!({ "endpoint": endpoint, "credentials": "scim-token", "updates": "patch" });
        let w = world(&db.store, registry.clone(), vec![("connector-scim", binding)]).await;
        let third = w.hire("Zhou Ting", Some(&offer(Some("zhou.ting@acme.example")))).await;
        server.lock().expect("lock").users.push(held_account("u-9", third.candidate, "zhou.ting@acme.example"));
        let before = received(&server, "/scim").len();
        w.deliver().await;
        let lines: Vec<(String, String)> =
            received(&server, "/scim").into_iter().skip(before).map(|r| (r.method, r.uri)).collect();
        let methods: Vec<&str> = lines.iter().map(|(m, _)| m.as_str()).collect();
        assert_eq!(methods, ["GET", "GET", "PATCH"], "{}: no configuration read, one PATCH: {lines:?}", db.name);
        let dead = w.deliveries(&third.hired).await;
        assert_eq!((dead[0].1.as_str(), dead[0].2), ("dead", 1), "{}: not retried: {dead:?}", db.name);
        assert!(
            dead[0].3.contains("answered 501") && dead[0].3.contains("set updates to \"put\""),
            "{}: says what to change: {dead:?}",
            db.name
        );
        no_placeholder_left(&server.lock().expect("lock").received);
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

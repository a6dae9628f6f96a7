//! Email end to end: notify-email in a signed package with its committed
//! manifest, granted the host's mail gateway, driven by the outbox; the host
//! sends over SMTP to a real SMTP server on a loopback port, and the test
//! reads back the MIME messages it received.

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use mail_parser::MessageParser;
use panel::engine::{Engine, EngineConfig, ManualClock, MoveReason, OutboxConfig, ScopedPlugins};
use panel::packages::watch::Reloader;
use panel::packages::{Catalog, PackageError, PluginRegistry, TrustPolicy, trust};
use panel::pipeline::{Mover, Stage};
use panel::runtime::{MAIL_HOST, Mailer, PluginRuntime, RuntimeConfig};
use panel::store::{AuditBy, DeliveryStatus, NewCandidate, RegionPolicy, Store};
use panel_e2e::db::databases;
use panel_e2e::packages::{first_party_manifest, package_bytes, vendor};
use panel_e2e::smtp::SmtpServer;
use panel_e2e::{organisation_wide, organisation_with_job, test_config};
use serde_json::json;

const BY: AuditBy<'static> = AuditBy { actor: "hr@acme.example", origin: "tests/email.rs" };
const START: i64 = 1_800_000_000_000;
const HOUR: i64 = 3_600_000;

fn mail_runtime(smtp: &SmtpServer) -> PluginRuntime {
    let mailer = Mailer::new(&smtp.url(), "Acme HR <hr@acme.example>").expect("mailer");
    PluginRuntime::new(RuntimeConfig { mail: Some(Arc::new(mailer)), ..test_config() }).expect("runtime")
}

/// notify-email installed with the mail gateway granted, loaded on `runtime`.
fn registry(dir: &Path, runtime: &PluginRuntime) -> Arc<PluginRegistry> {
    let (key, mut policy) = vendor();
    let catalog = Catalog::new(dir.join("packages"));
    let package = package_bytes("notify-email", &first_party_manifest("notify-email"), Some(&key));
    let refused = catalog.install(&package, &policy, runtime, false).expect_err("the gateway is a capability");
    assert!(
        matches!(&refused, PackageError::NotGranted { capability, .. } if capability == &format!("outbound host {MAIL_HOST}")),
        "{refused}"
    );
    policy.grant("notify-email", &[MAIL_HOST.parse().expect("host")], false);
    catalog.install(&package, &policy, runtime, false).expect("install");
    policy.write(&dir.join(trust::FILE)).expect("policy");
    let registry = Arc::new(PluginRegistry::new());
    let report = Reloader::new(catalog, &dir.join(trust::FILE), runtime.clone(), registry.clone()).reconcile();
    assert!(report.rejected.is_empty(), "{report:?}");
    registry
}

struct World {
    store: Store,
    engine: Engine,
    clock: ManualClock,
    organisation: i64,
    job: i64,
}

async fn world(store: &Store, registry: Arc<PluginRegistry>) -> World {
    let (organisation, job) = organisation_with_job(store, RegionPolicy::default(), false).await;
    let scoped = Arc::new(ScopedPlugins::new(store.clone(), registry));
    let config = json!({ "reply_to": "jobs@acme.example", "sender_name": "Acme 招聘" });
    scoped.bind(organisation, organisation_wide(organisation, "notify-email", config), BY).await.expect("bind");
    let clock = ManualClock::new(START);
    let config = EngineConfig { public_url: "https://jobs.acme.example".into(), ..Default::default() };
    let engine = Engine::new(store.clone(), scoped, Arc::new(clock.clone()), config);
    World { store: store.clone(), engine, clock, organisation, job }
}

impl World {
    async fn applicant(&self, email: &str) -> i64 {
        let candidate = NewCandidate { name: "Wang Lei".into(), email: email.into(), ..Default::default() };
        let (id, _) = self.store.create_candidate(self.organisation, &candidate).await.expect("candidate");
        self.store.apply(id, self.job).await.expect("application").id
    }

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
async fn invitations_and_results_arrive_by_smtp_retried_when_the_server_is_busy() {
    let smtp = SmtpServer::start().await;
    let dir = tempfile::tempdir().expect("tempdir");
    let runtime = mail_runtime(&smtp);
    let registry = registry(dir.path(), &runtime);
    for db in databases().await {
        smtp.clear();
        let w = world(&db.store, registry.clone()).await;
        let application = w.applicant("wang.lei@example.com").await;
        smtp.fail_temporarily(1);
        let invited = w.engine.invite(application, START, START + 48 * HOUR, BY).await.expect("invite");
        w.deliver().await;

        let received = smtp.received();
        assert_eq!(received.len(), 1, "{}: sent once, after one temporary failure", db.name);
        let mail = &received[0];
        assert_eq!(mail.mail_from, "hr@acme.example", "{}: the host's sender, never the plugin's", db.name);
        assert_eq!(mail.rcpt_to, ["wang.lei@example.com"], "{}", db.name);
        let message = MessageParser::default().parse(mail.data.as_bytes()).expect("a MIME message");
        let from = message.from().and_then(|f| f.first()).expect("from");
        assert_eq!((from.name(), from.address()), (Some("Acme 招聘"), Some("hr@acme.example")), "{}", db.name);
        let reply_to = message.reply_to().and_then(|r| r.first()).and_then(|a| a.address());
        assert_eq!(reply_to, Some("jobs@acme.example"), "{}", db.name);
        let text = message.body_text(0).expect("a text part");
        let html = message.body_html(0).expect("an HTML part");
        assert!(text.contains(&invited.link), "{}: the whole link in the text: {text}", db.name);
        assert!(html.contains(&invited.link.replace('&', "&amp;")), "{}: and in the HTML", db.name);
        assert!(!message.subject().unwrap_or_default().is_empty(), "{}", db.name);

        let delivered = w.deliveries("delivered").await;
        let receipt = delivered.iter().map(|d| d.outcome.clone()).collect::<Vec<_>>().join(" ");
        let message_id = message.message_id().expect("a Message-ID");
        assert!(receipt.contains(message_id), "{}: the receipt is the Message-ID: {receipt} / {message_id}", db.name);

        let reason = MoveReason { staff: "weak on safety", candidate: "The role has been filled." };
        w.engine.move_stage(application, Stage::Rejected, Mover::Person, reason, BY).await.expect("reject");
        w.deliver().await;
        let received = smtp.received();
        assert_eq!(received.len(), 2, "{}", db.name);
        let thanks = MessageParser::default().parse(received[1].data.as_bytes()).expect("a MIME message");
        let text = thanks.body_text(0).expect("text");
        assert!(text.contains("The role has been filled."), "{}: the reason HR chose: {text}", db.name);
        assert!(!text.contains("weak on safety"), "{}: never the staff's notes", db.name);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_mailbox_the_server_refuses_is_dead_lettered_without_the_address() {
    let smtp = SmtpServer::start().await;
    smtp.refuse("nobody@example.com");
    let dir = tempfile::tempdir().expect("tempdir");
    let runtime = mail_runtime(&smtp);
    let registry = registry(dir.path(), &runtime);
    for db in databases().await {
        let w = world(&db.store, registry.clone()).await;
        let application = w.applicant("nobody@example.com").await;
        w.engine.invite(application, START, START + 48 * HOUR, BY).await.expect("invite");
        w.deliver().await;
        let dead = w.deliveries("dead").await;
        assert_eq!(dead.len(), 1, "{}: refused for good, not retried: {dead:?}", db.name);
        assert_eq!(dead[0].attempts, 1, "{}", db.name);
        let error = dead[0].last_error.clone();
        assert!(error.contains("refused"), "{}: {error}", db.name);
        assert!(!error.contains("nobody@"), "{}: no address in the error: {error}", db.name);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_a_mail_server_email_waits_and_nothing_is_lost() {
    let dir = tempfile::tempdir().expect("tempdir");
    let runtime = PluginRuntime::new(test_config()).expect("runtime");
    let registry = registry(dir.path(), &runtime);
    let db = databases().await.into_iter().next().expect("SQLite");
    let w = world(&db.store, registry).await;
    let application = w.applicant("wang.lei@example.com").await;
    w.engine.invite(application, START, START + 48 * HOUR, BY).await.expect("invite");
    w.deliver().await;
    let mut pending = w.deliveries("pending").await;
    pending.retain(|d| d.kind == "invitation.sent");
    assert_eq!(pending.len(), 1, "kept to retry: {pending:?}");
    assert!(pending[0].attempts > 1, "and retried: {pending:?}");
    let error = pending[0].last_error.clone();
    assert!(error.contains("no mail server is configured"), "{error}");
    assert!(w.deliveries("dead").await.is_empty());
    // The policy on disk grants the gateway by name, like any host.
    let policy = TrustPolicy::read(&dir.path().join(trust::FILE)).expect("policy");
    assert_eq!(policy.grants["notify-email"].outbound_hosts[0].to_string(), MAIL_HOST);
}

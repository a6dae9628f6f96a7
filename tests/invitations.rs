//! Invitations, reminders and extensions reach the candidate through a real
//! notifier package and a real local HTTP server, on SQLite and PostgreSQL,
//! at the times the job sets, on a manual clock: nothing sleeps.

use std::sync::Arc;

use panel::domain::{PlannedQuestion, Question, QuestionKind};
use panel::engine::{
    AnswerSubmission, Engine, EngineConfig, EngineError, ManualClock, MoveReason, OpenedLink, OutboxConfig,
    ScopedPlugins,
};
use panel::packages::PluginRegistry;
use panel::pipeline::{Mover, PipelineConfig, Stage};
use panel::store::{AuditBy, NewCandidate, RegionPolicy, Store};
use panel_e2e::db::databases;
use panel_e2e::receiver::{Shared, connector_registry, payroll};
use panel_e2e::{organisation_wide, organisation_with_job};
use serde_json::Value;

const BY: AuditBy<'static> = AuditBy { actor: "hr@acme.example", origin: "tests/invitations.rs" };
/// 2027-01-15T08:00:00Z.
const START: i64 = 1_800_000_000_000;
const MINUTE: i64 = 60_000;
const HOUR: i64 = 60 * MINUTE;

struct World {
    engine: Engine,
    clock: ManualClock,
    store: Store,
    organisation: i64,
    job: i64,
    server: Shared,
}

/// A job that reminds candidates 2 hours and 15 minutes before their window
/// closes, with the webhook notifier switched on for the organisation.
async fn world(store: &Store, registry: Arc<PluginRegistry>, port: u16, server: Shared) -> World {
    let (organisation, job) = organisation_with_job(store, RegionPolicy::default(), false).await;
    let pipeline = PipelineConfig { reminders_minutes_before: vec![120, 15], ..Default::default() };
    store.set_job_pipeline(job, &pipeline).await.expect("pipeline");
    let scoped = Arc::new(ScopedPlugins::new(store.clone(), registry));
    let url = format!("http://127.0.0.1:{port}/messages");
    let binding = organisation_wide(organisation, "webhook-notifier", serde_json::json!({ "url": url }));
    scoped.bind(organisation, binding, BY).await.expect("bind the notifier");
    let clock = ManualClock::new(START);
    let config = EngineConfig { public_url: "https://jobs.acme.example/".into(), ..Default::default() };
    let engine = Engine::new(store.clone(), scoped, Arc::new(clock.clone()), config);
    server.lock().expect("lock").messages.clear();
    World { engine, clock, store: store.clone(), organisation, job, server }
}

impl World {
    async fn applicant(&self, name: &str) -> (i64, String) {
        let email = format!("{}@example.com", name.to_lowercase().replace(' ', "."));
        let candidate = NewCandidate { name: name.into(), email: email.clone(), ..Default::default() };
        let (id, _) = self.store.create_candidate(self.organisation, &candidate).await.expect("candidate");
        (self.store.apply(id, self.job).await.expect("application").id, email)
    }

    /// Delivers everything due now; returns the messages sent meanwhile,
    /// as (recipient, template, variables).
    async fn deliver(&self) -> Vec<(String, String, Value)> {
        let before = self.server.lock().expect("lock").messages.len();
        while self.engine.deliver_due("node-a", &OutboxConfig::default()).await.expect("pass").attempted() > 0 {}
        let messages = self.server.lock().expect("lock").messages[before..].to_vec();
        messages
            .into_iter()
            .map(|(_, body)| {
                let to = body["recipient"]["address"].as_str().unwrap_or_default().to_owned();
                (to, body["template"].as_str().unwrap_or_default().to_owned(), body["variables"].clone())
            })
            .collect()
    }

    async fn at(&self, ms: i64) -> Vec<(String, String, Value)> {
        self.clock.set(ms);
        self.deliver().await
    }
}

fn templates<'a>(sent: &'a [(String, String, Value)], to: &str) -> Vec<&'a str> {
    sent.iter().filter(|(t, ..)| t == to).map(|(_, template, _)| template.as_str()).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn invitations_and_reminders_go_out_on_time_and_only_while_they_matter() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (port, server) = payroll().await;
    let registry = connector_registry(dir.path(), port);
    for db in databases().await {
        let w = world(&db.store, registry.clone(), port, server.clone()).await;
        let (li, li_email) = w.applicant("Li Na").await;
        let (wang, wang_email) = w.applicant("Wang Wei").await;
        let invited_li = w.engine.invite(li, START, START + 24 * HOUR, BY).await.expect("invite");
        let invited_wang = w.engine.invite(wang, START, START + 24 * HOUR, BY).await.expect("invite");

        // The invitation goes at once, with the signed link and the window.
        let sent = w.deliver().await;
        assert_eq!(templates(&sent, &li_email), ["invitation"], "{}: {sent:?}", db.name);
        let (_, _, vars) = sent.iter().find(|(to, ..)| *to == li_email).expect("Li's invitation");
        assert_eq!(vars["link"], invited_li.link.as_str(), "{}", db.name);
        assert!(invited_li.link.starts_with("https://jobs.acme.example/i/pl1."), "{}", invited_li.link);
        assert_eq!(
            (vars["name"].as_str(), vars["closes_at"].as_str(), vars["extended"].as_str()),
            (Some("Li Na"), Some("2027-01-16T08:00:00.000Z"), Some("false")),
            "{}: {vars}",
            db.name
        );
        assert_eq!(vars["organisation"], "Acme Manufacturing", "{}", db.name);
        let opened = w.engine.open_link(&invited_li.token).await.expect("open");
        assert!(
            matches!(&opened, OpenedLink::Valid { invitation, .. } if invitation.id == invited_li.invitation.id),
            "{}: the link opens Li's invitation: {opened:?}",
            db.name
        );

        // Nothing more until two hours before the window closes.
        assert!(w.at(START + 22 * HOUR - 1).await.is_empty(), "{}", db.name);
        let sent = w.at(START + 22 * HOUR).await;
        assert_eq!(templates(&sent, &li_email), ["reminder"], "{}: {sent:?}", db.name);
        assert_eq!(templates(&sent, &wang_email), ["reminder"], "{}", db.name);
        assert_eq!(sent[0].2["minutes_before"], "120", "{}", db.name);

        // Wang starts; only Li is reminded 15 minutes before the end.
        let plan = [];
        let id = invited_wang.invitation.id;
        w.store.start_session(wang, Some(id), "en", &plan, START + 23 * HOUR, START + 25 * HOUR).await.expect("start");
        let sent = w.at(START + 24 * HOUR - 15 * MINUTE).await;
        assert_eq!(templates(&sent, &li_email), ["reminder"], "{}: {sent:?}", db.name);
        assert_eq!(templates(&sent, &wang_email), Vec::<&str>::new(), "{}: Wang has started", db.name);
        let skipped = w.store.deliveries(w.organisation, "delivered", 50).await.expect("deliveries");
        assert!(
            skipped.iter().any(|d| d.outcome == "skipped: the candidate has started their interview"),
            "{}: the skipped reminder says why: {skipped:?}",
            db.name
        );
        assert!(w.at(START + 30 * HOUR).await.is_empty(), "{}: nothing after the window", db.name);

        // Li never started: HR invites again. The old link is withdrawn and
        // only the new window is reminded about.
        let again = w.engine.invite(li, START + 30 * HOUR, START + 54 * HOUR, BY).await.expect("re-invite");
        assert_eq!(templates(&w.deliver().await, &li_email), ["invitation"], "{}", db.name);
        let OpenedLink::Valid { invitation: old, .. } = w.engine.open_link(&invited_li.token).await.expect("open")
        else {
            panic!("{}: the first link still names its invitation", db.name)
        };
        assert!(old.revoked, "{}: the first invitation is withdrawn", db.name);
        let started = w.engine.start_with_invitation(&old).await;
        assert!(matches!(started, Err(EngineError::InvitationRevoked)), "{}: {started:?}", db.name);
        let sent = w.at(START + 52 * HOUR).await;
        assert_eq!(templates(&sent, &li_email), ["reminder"], "{}: one reminder, for the new window", db.name);
        assert_eq!(sent[0].2["link"], again.link.as_str(), "{}", db.name);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_extension_sends_a_new_link_and_moves_the_reminders() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (port, server) = payroll().await;
    let registry = connector_registry(dir.path(), port);
    for db in databases().await {
        let w = world(&db.store, registry.clone(), port, server.clone()).await;
        let (zhao, email) = w.applicant("Zhao Min").await;
        let first = w.engine.invite(zhao, START, START + 24 * HOUR, BY).await.expect("invite");
        assert_eq!(templates(&w.deliver().await, &email), ["invitation"], "{}", db.name);

        w.clock.set(START + HOUR);
        let extended = w.engine.extend_invitation(first.invitation.id, START + 48 * HOUR, BY).await.expect("extend");
        assert_eq!(extended.invitation.closes_at, START + 48 * HOUR, "{}", db.name);
        assert_ne!(extended.token, first.token, "{}: the new link lasts as long as the new window", db.name);
        let sent = w.deliver().await;
        assert_eq!(templates(&sent, &email), ["invitation"], "{}", db.name);
        assert_eq!(
            (sent[0].2["extended"].as_str(), sent[0].2["closes_at"].as_str(), sent[0].2["link"].as_str()),
            (Some("true"), Some("2027-01-17T08:00:00.000Z"), Some(extended.link.as_str())),
            "{}",
            db.name
        );
        for token in [&first.token, &extended.token] {
            let opened = w.engine.open_link(token).await.expect("open");
            assert!(matches!(opened, OpenedLink::Valid { .. }), "{}: both links work: {opened:?}", db.name);
        }

        // The reminders for the old end are skipped, those for the new end go.
        assert!(w.at(START + 22 * HOUR).await.is_empty(), "{}: not at the old end", db.name);
        assert!(w.at(START + 24 * HOUR - 15 * MINUTE).await.is_empty(), "{}", db.name);
        let sent = w.at(START + 46 * HOUR).await;
        assert_eq!(templates(&sent, &email), ["reminder"], "{}", db.name);
        assert_eq!(sent[0].2["closes_at"], "2027-01-17T08:00:00.000Z", "{}", db.name);
        let sent = w.at(START + 48 * HOUR - 15 * MINUTE).await;
        assert_eq!(templates(&sent, &email), ["reminder"], "{}", db.name);
        let trail = w.store.audit_trail(&format!("application:{zhao}")).await.expect("audit");
        let actions: Vec<&str> = trail.iter().map(|e| e.action.as_str()).collect();
        assert!(actions.contains(&"invitation.create") && actions.contains(&"invitation.extend"), "{actions:?}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn scheduled_reminders_hold_nothing_up_and_short_windows_skip_early_ones() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (port, server) = payroll().await;
    let registry = connector_registry(dir.path(), port);
    for db in databases().await {
        let w = world(&db.store, registry.clone(), port, server.clone()).await;

        // A one-hour window: the two-hour reminder would come before it opens.
        let (sun, sun_email) = w.applicant("Sun Hao").await;
        w.engine.invite(sun, START, START + HOUR, BY).await.expect("invite");
        assert_eq!(templates(&w.deliver().await, &sun_email), ["invitation"], "{}", db.name);
        let sent = w.at(START + 45 * MINUTE).await;
        assert_eq!(templates(&sent, &sun_email), ["reminder"], "{}: the 15-minute one only", db.name);

        // A result given while reminders wait for their time goes out at once,
        // with the reason the candidate may be shown.
        let (qian, qian_email) = w.applicant("Qian Li").await;
        w.engine.invite(qian, START + HOUR, START + 25 * HOUR, BY).await.expect("invite");
        assert_eq!(templates(&w.deliver().await, &qian_email), ["invitation"], "{}", db.name);
        let reason = MoveReason {
            staff: "position filled internally; keep for the spring intake",
            candidate: "The position has been filled.",
        };
        w.engine.move_stage(qian, Stage::Rejected, Mover::Person, reason, BY).await.expect("reject");
        let sent = w.deliver().await;
        assert_eq!(templates(&sent, &qian_email), ["result-thank-you"], "{}: not held up by reminders", db.name);
        assert_eq!(sent[0].2["reason"], "The position has been filled.", "{}", db.name);
        assert!(!sent[0].2.to_string().contains("spring intake"), "{}: the staff's reason stays inside", db.name);
        let sent = w.at(START + 23 * HOUR).await;
        assert_eq!(templates(&sent, &qian_email), Vec::<&str>::new(), "{}: a rejected candidate's reminder", db.name);
    }
}

/// A one-question plan, so a test can finish an interview in one answer.
fn one_question() -> Vec<PlannedQuestion> {
    let question = Question {
        id: "intro".into(),
        kind: QuestionKind::SelfIntro,
        text: "Please introduce yourself.".into(),
        locale: "en".into(),
        dimensions: vec!["communication".into()],
        think_time_secs: 10,
        time_limit_secs: 120,
        guide: None,
    };
    vec![PlannedQuestion { question, bank: "bank-core@0.1.0".into() }]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn finishing_an_interview_tells_the_notifiers_once() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (port, server) = payroll().await;
    let registry = connector_registry(dir.path(), port);
    for db in databases().await {
        let w = world(&db.store, registry.clone(), port, server.clone()).await;
        let (answered, answered_email) = w.applicant("Zhou Ting").await;
        let (ended, ended_email) = w.applicant("Wu Lei").await;
        let mut sessions = Vec::new();
        for application in [answered, ended] {
            let invited = w.engine.invite(application, START, START + 24 * HOUR, BY).await.expect("invite");
            let (session, _) = w
                .store
                .start_session(application, Some(invited.invitation.id), "en", &one_question(), START, START + HOUR)
                .await
                .expect("start");
            sessions.push(session.id);
        }
        w.deliver().await;

        // The last answer completes the interview (and its retry changes nothing)…
        let answer = AnswerSubmission {
            question_id: "intro".into(),
            text: "I lead a team of twelve on the assembly line.".into(),
            transcribed: false,
            think_time_ms: 5_000,
            duration_ms: 60_000,
            media_ref: None,
        };
        let by = AuditBy { actor: "candidate:test", origin: "" };
        let done = w.engine.submit_answer_by(sessions[0], answer.clone(), Some(by)).await.expect("answer");
        assert!(done.completed, "{}", db.name);
        let again = w.engine.submit_answer_by(sessions[0], answer, Some(by)).await.expect("retry");
        assert!(again.replayed, "{}", db.name);
        // …and so does ending it early.
        w.engine.finish(sessions[1]).await.expect("finish");
        w.engine.finish(sessions[1]).await.expect("finishing twice is harmless");

        let sent = w.deliver().await;
        assert_eq!(templates(&sent, &answered_email), ["completion"], "{}: {sent:?}", db.name);
        assert_eq!(templates(&sent, &ended_email), ["completion"], "{}: {sent:?}", db.name);
        let (_, _, vars) = sent.iter().find(|(to, ..)| *to == answered_email).expect("completion");
        assert_eq!(
            (vars["name"].as_str(), vars["organisation"].as_str()),
            (Some("Zhou Ting"), Some("Acme Manufacturing"))
        );
        let trail = w.store.audit_trail(&format!("session:{}", sessions[0])).await.expect("audit");
        assert_eq!(trail.iter().filter(|e| e.action == "answer.submit").count(), 1, "{}: {trail:?}", db.name);
    }
}

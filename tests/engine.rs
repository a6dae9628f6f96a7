//! The interview engine end to end on real storage (SQLite, and PostgreSQL
//! when `PANEL_TEST_POSTGRES_URL` is set) with the real first-party plugins:
//! plan, answer, score, recommend, rank and report.

use std::sync::Arc;
use std::time::Duration;

use panel::domain::{Answer, LocalizedText, QuestionKind};
use panel::engine::{AUTOMATION, reason_for_candidate};
use panel::engine::{
    AnswerSubmission, Decision, Engine, EngineConfig, EngineError, ManualClock, OpenedLink, PluginSet, SubmitOutcome,
    Top,
};
use panel::kinds::{QuestionBank, Rubric};
use panel::links::{LINK_GRACE_MS, LinkError};
use panel::pipeline::PipelineConfig;
use panel::runtime::Grants;
use panel::store::{
    AnswerEffects, AnswerInsert, AuditBy, Invitation, NewAnswer, NewCandidate, NewJob, RegionPolicy, SessionState,
    Store, StoreError, UnitKind, token_hash,
};
use panel_e2e::db::{TestDb, databases};
use panel_e2e::{STRONG_EN, WEAK_EN, load, organisation_with_job, runtime};

const START: i64 = 1_800_000_000_000;
const HOUR: i64 = 3_600_000;

fn plugins() -> PluginSet {
    let rt = runtime();
    let bank = load(&rt, "bank-core", Grants::default()).question_bank("{}").expect("bank-core is a question bank");
    let rubric = load(&rt, "rubric-star", Grants::default()).rubric("{}").expect("rubric-star is a rubric");
    let banks: Vec<Arc<dyn QuestionBank>> = vec![Arc::new(bank)];
    let rubrics: Vec<Arc<dyn Rubric>> = vec![Arc::new(rubric)];
    PluginSet { banks, rubrics }
}

struct World {
    engine: Engine,
    clock: ManualClock,
    store: Store,
    organisation: i64,
    job: i64,
}

/// An organisation with one region (with `policy`), branch and department,
/// and a production supervisor's job in English.
async fn world(db: &TestDb, policy: RegionPolicy, key_role: bool) -> World {
    let store = db.store.clone();
    let (organisation, job) = organisation_with_job(&store, policy, key_role).await;
    let clock = ManualClock::new(START);
    let engine = Engine::new(store.clone(), Arc::new(plugins()), Arc::new(clock.clone()), EngineConfig::default());
    World { engine, clock, store, organisation, job }
}

impl World {
    /// A candidate who applied for the job and was invited for the next 24 h.
    async fn invited(&self, name: &str) -> (i64, String) {
        let candidate = NewCandidate {
            name: name.into(),
            email: format!("{}@example.com", name.to_lowercase().replace(' ', ".")),
            ..Default::default()
        };
        let (id, _) = self.store.create_candidate(self.organisation, &candidate).await.expect("candidate");
        let application = self.store.apply(id, self.job).await.expect("application");
        let by = AuditBy { actor: "test", origin: "" };
        let invited = self.engine.invite(application.id, START, START + 24 * HOUR, by).await.expect("invite");
        (application.id, invited.token)
    }

    /// The invitation a candidate's link opens.
    async fn open(&self, token: &str) -> Invitation {
        match self.engine.open_link(token).await.expect("open the link") {
            OpenedLink::Valid { invitation, .. } => invitation,
            OpenedLink::Refused(e) => panic!("the link is refused: {e}"),
        }
    }

    /// Takes the whole interview through the candidate's link, answering
    /// every question (follow-ups included) with `text`.
    async fn interview(&self, token: &str, text: &str) -> i64 {
        let invitation = self.open(token).await;
        let session = self.engine.start_with_invitation(&invitation).await.expect("interview starts");
        let mut next = Engine::current_question(&session, &[]);
        let mut answered = 0;
        while let Some(q) = next {
            self.clock.advance(Duration::from_secs(60));
            let outcome = self.engine.submit_answer(session.id, submission(&q.question.id, text, 60_000)).await;
            let outcome = outcome.unwrap_or_else(|e| panic!("answer to {} refused: {e}", q.question.id));
            answered += 1;
            assert!(answered < 20, "the interview never ends");
            next = outcome.next;
            assert_eq!(outcome.completed, next.is_none());
        }
        let session = self.store.session(session.id).await.expect("session");
        assert_eq!(session.state, SessionState::Completed);
        session.id
    }
}

fn submission(question_id: &str, text: &str, duration_ms: u32) -> AnswerSubmission {
    AnswerSubmission {
        question_id: question_id.into(),
        text: text.into(),
        transcribed: true,
        think_time_ms: 5_000,
        duration_ms,
        media_ref: None,
    }
}

#[tokio::test]
async fn candidates_are_interviewed_scored_ranked_and_reported() {
    for db in databases().await {
        let w = world(&db, RegionPolicy::default(), false).await;
        let mut sessions = Vec::new();
        for (name, text) in [("Wang Fang", STRONG_EN), ("Li Qiang", WEAK_EN), ("Chen Jing", STRONG_EN)] {
            let (_, token) = w.invited(name).await;
            let session = w.interview(&token, text).await;
            let recommendation = w.engine.score_session(session).await.expect("scored");
            sessions.push((name, session, recommendation));
        }
        let (_, _, strong) = &sessions[0];
        let (_, _, weak) = &sessions[1];
        assert!(strong.composite > weak.composite + 2.0, "{}: {strong:?} vs {weak:?}", db.name);
        assert_eq!(weak.decision, Decision::Reject, "{}: {weak:?}", db.name);
        assert!(weak.reasons.iter().any(|r| r.contains("is below the job's threshold")), "{:?}", weak.reasons);
        assert_eq!(strong.composite, sessions[2].2.composite, "same answers, same score");

        let ranking = w.engine.rank(w.job, Top::Percent(100.0)).await.expect("ranking");
        let names: Vec<&str> = ranking.rows.iter().map(|r| r.candidate_name.as_str()).collect();
        assert_eq!(names, ["Wang Fang", "Chen Jing", "Li Qiang"], "{}: ties keep the interview order", db.name);
        assert_eq!(ranking.scored, 3);
        let top = w.engine.rank(w.job, Top::Percent(50.0)).await.expect("top half");
        assert_eq!(top.rows.len(), 2);

        let report = w.engine.report(sessions[0].1).await.expect("report");
        assert_eq!(report.candidate_name, "Wang Fang");
        assert_eq!(report.state, SessionState::Scored);
        let behavioural: Vec<_> =
            report.items.iter().filter(|i| i.question.kind == QuestionKind::Behavioural).collect();
        assert!((3..=5).contains(&behavioural.len()), "{} behavioural questions", behavioural.len());
        for item in &behavioural {
            assert!(item.answer.is_some());
            assert!(!item.scores.is_empty(), "question {} was not scored", item.question.id);
            for s in &item.scores {
                assert_eq!(s.plugin.to_string(), "rubric-star@0.1.0");
                assert!(!s.score.evidence.is_empty() && !s.score.explanation.is_empty());
            }
        }
        assert!(report.plugins.iter().any(|p| p == "bank-core@0.1.0"), "{:?}", report.plugins);
        let kinds: Vec<QuestionKind> = report.items.iter().map(|i| i.question.kind).collect();
        assert_eq!(kinds.first(), Some(&QuestionKind::SelfIntro));
        assert!(kinds.contains(&QuestionKind::CultureFit) && kinds.contains(&QuestionKind::Open));
        let stored = report.recommendation.expect("stored recommendation");
        assert_eq!(stored.recommendation, sessions[0].2);
    }
}

#[tokio::test]
async fn answers_are_taken_in_order_once_and_overtime_is_kept() {
    for db in databases().await {
        let w = world(&db, RegionPolicy::default(), false).await;
        let (application, _) = w.invited("Zhao Lei").await;
        let session = w.engine.start_session(application, None).await.expect("start");
        let first = session.plan[0].question.clone();
        let second = session.plan[1].question.clone();

        let err = w.engine.submit_answer(session.id, submission(&second.id, STRONG_EN, 1000)).await;
        assert!(matches!(&err, Err(EngineError::OutOfOrder { expected, .. }) if *expected == first.id), "{err:?}");
        let err = w.engine.submit_answer(session.id, submission(&first.id, "   ", 1000)).await;
        assert!(matches!(err, Err(EngineError::InvalidAnswer { field: "text", .. })), "{err:?}");

        let over = first.time_limit_secs * 1000 + 7_500;
        let accepted: SubmitOutcome =
            w.engine.submit_answer(session.id, submission(&first.id, WEAK_EN, over)).await.expect("accepted");
        assert_eq!(accepted.answer.overtime_ms, 7_500, "{}", db.name);
        assert!(!accepted.replayed);
        let again = w.engine.submit_answer(session.id, submission(&first.id, WEAK_EN, over)).await.expect("replay");
        assert!(again.replayed);
        assert_eq!(again.answer.id, accepted.answer.id);
        assert_eq!(again.next, accepted.next);
        let changed = w.engine.submit_answer(session.id, submission(&first.id, STRONG_EN, over)).await;
        assert!(matches!(changed, Err(EngineError::AnswerChanged { .. })), "{changed:?}");

        let answers = w.store.answers(session.id).await.expect("answers");
        assert_eq!(answers.len(), 1, "{}: a retried submit stores nothing new", db.name);
        assert_eq!(answers[0].overtime_ms, 7_500);
        let report = w.engine.report(session.id).await.expect("report");
        assert_eq!(report.items[0].overtime_ms, 7_500, "overtime is shown in the report");
    }
}

#[tokio::test]
async fn windows_and_deadlines_are_enforced_and_nothing_accepted_is_lost() {
    for db in databases().await {
        let w = world(&db, RegionPolicy::default(), false).await;
        let (_, token) = w.invited("Sun Li").await;
        let invitation = w.open(&token).await;
        w.clock.set(START - 1);
        let early = w.engine.start_with_invitation(&invitation).await;
        assert!(matches!(early, Err(EngineError::NotYetOpen { .. })), "{early:?}");
        w.clock.set(START + 24 * HOUR);
        let late = w.engine.start_with_invitation(&invitation).await;
        assert!(matches!(late, Err(EngineError::InvitationClosed { .. })), "{late:?}");
        for forged in ["forged", &token.replacen("pl1.", "pl1.9", 1)] {
            let refused = w.engine.open_link(forged).await.expect("open");
            assert!(matches!(refused, OpenedLink::Refused(_)), "{forged}: {refused:?}");
        }
        w.clock.set(START + 24 * HOUR + LINK_GRACE_MS);
        let expired = w.engine.open_link(&token).await.expect("open");
        assert_eq!(expired, OpenedLink::Refused(LinkError::Expired), "the link ends a few days after the window");
        // A link made before links were signed (a random token stored as a
        // hash) keeps opening its invitation.
        sqlx::query("UPDATE invitations SET token_hash = $1 WHERE id = $2")
            .bind(token_hash("0123abcd-legacy"))
            .bind(invitation.id)
            .execute(w.store.pool())
            .await
            .expect("an invitation from before signed links");
        assert_eq!(w.open("0123abcd-legacy").await, invitation, "{}", db.name);
        w.clock.set(START + 24 * HOUR);

        w.clock.set(START + HOUR);
        let session = w.engine.start_with_invitation(&invitation).await.expect("start in the window");
        assert!(session.deadline > session.started_at);
        let resumed = w.engine.start_with_invitation(&invitation).await.expect("resume");
        assert_eq!(resumed.id, session.id, "opening the link again resumes the interview");

        let first = &session.plan[0].question;
        w.engine.submit_answer(session.id, submission(&first.id, STRONG_EN, 30_000)).await.expect("in time");
        w.clock.set(session.deadline + 1);
        let second = &session.plan[1].question;
        let late = w.engine.submit_answer(session.id, submission(&second.id, STRONG_EN, 30_000)).await;
        assert!(matches!(late, Err(EngineError::TimeUp { .. })), "{late:?}");
        let expired = w.store.session(session.id).await.expect("session");
        assert_eq!(expired.state, SessionState::Expired);
        assert_eq!(w.store.answers(session.id).await.expect("answers").len(), 1, "the answer given in time is kept");

        let recommendation = w.engine.score_session(session.id).await.expect("an expired interview can be scored");
        assert_ne!(recommendation.decision, Decision::Advance, "{recommendation:?}");
        let said = format!("{} planned question(s) were not answered", session.plan.len() - 1);
        assert!(recommendation.reasons.contains(&said), "{:?}", recommendation.reasons);
        let report = w.engine.report(session.id).await.expect("report");
        let unanswered = report.items.iter().filter(|i| i.answer.is_none()).count();
        assert_eq!(unanswered, session.plan.len() - 1, "unanswered questions are listed");
    }
}

#[tokio::test]
async fn abandoned_interviews_are_expired_by_the_scheduler_without_being_read() {
    for db in databases().await {
        let w = world(&db, RegionPolicy::default(), false).await;
        let (_, token) = w.invited("Abandoned").await;
        let invitation = w.open(&token).await;
        let session = w.engine.start_with_invitation(&invitation).await.expect("start").id;
        assert!(w.engine.expire_overdue().await.expect("sweep").is_empty(), "{}: nothing is overdue yet", db.name);
        w.clock.advance(Duration::from_secs(6 * 3600));
        assert_eq!(w.engine.expire_overdue().await.expect("sweep"), [session], "{}", db.name);
        assert_eq!(w.store.session(session).await.expect("session").state, SessionState::Expired, "{}", db.name);
        assert!(w.engine.expire_overdue().await.expect("sweep").is_empty(), "{}: once", db.name);
    }
}

#[tokio::test]
async fn the_plan_is_frozen_when_the_interview_starts() {
    for db in databases().await {
        let w = world(&db, RegionPolicy::default(), false).await;
        let (application, _) = w.invited("Zhou Min").await;
        let session = w.engine.start_session(application, None).await.expect("start");
        // The banks are switched off after the interview started.
        let without_banks = Engine::new(
            w.store.clone(),
            Arc::new(PluginSet { banks: Vec::new(), rubrics: plugins().rubrics }),
            Arc::new(w.clock.clone()),
            EngineConfig::default(),
        );
        let again = without_banks.start_session(application, None).await.expect("the running interview");
        assert_eq!(again.id, session.id);
        assert_eq!(again.plan, session.plan, "{}", db.name);
        let first = &session.plan[0].question;
        without_banks.submit_answer(session.id, submission(&first.id, STRONG_EN, 30_000)).await.expect("answer");

        let (other, _) = w.invited("Wu Hao").await;
        let refused = without_banks.start_session(other, None).await;
        assert!(matches!(refused, Err(EngineError::NoQuestionBank { .. })), "{refused:?}");
    }
}

#[tokio::test]
async fn key_roles_and_region_policy_send_weak_candidates_to_a_person() {
    for db in databases().await {
        let policy =
            RegionPolicy { forbid_automated_rejection: true, always_human_review: false, ..RegionPolicy::default() };
        let w = world(&db, policy, false).await;
        let (_, token) = w.invited("Ma Lin").await;
        let session = w.interview(&token, WEAK_EN).await;
        let r = w.engine.score_session(session).await.expect("scored");
        assert_eq!(r.decision, Decision::HumanReview, "{}: {r:?}", db.name);
        assert!(r.reasons.iter().any(|r| r.contains("forbids automated rejection")), "{:?}", r.reasons);

        let key = world(&db, RegionPolicy::default(), true).await;
        let (_, token) = key.invited("Hu Yan").await;
        let session = key.interview(&token, STRONG_EN).await;
        let r = key.engine.score_session(session).await.expect("scored");
        assert_eq!(r.decision, Decision::HumanReview, "{r:?}");
        assert!(r.reasons.iter().any(|r| r.contains("key role")), "{:?}", r.reasons);
    }
}

#[tokio::test]
async fn bad_input_is_refused_naming_the_field() {
    for db in databases().await {
        let w = world(&db, RegionPolicy::default(), false).await;
        let job = w.store.job(w.job).await.expect("job");
        let mut dims = job.profile.dimensions.clone();
        dims[1].threshold = 11.0;
        dims[0].labels.push(LocalizedText { locale: "zh-CN".into(), text: "解决问题".into() });
        let bad = NewJob {
            department_id: job.department_id,
            title: "Line lead".into(),
            industry: "manufacturing".into(),
            locale: "en".into(),
            key_role: false,
            description: String::new(),
            dimensions: dims,
            requirements: Default::default(),
            review_margin: 0.5,
        };
        let err = w.store.create_job(&bad).await.expect_err("threshold 11");
        assert_eq!(err.to_string(), "dimensions[1].threshold: must be between 0 and 10");

        let region = w.store.unit_path(job.department_id).await.expect("path").pop().expect("region");
        assert_eq!(region.kind, UnitKind::Region);
        let mut in_region = bad.clone();
        in_region.dimensions[1].threshold = 7.0;
        in_region.department_id = region.id;
        let err = w.store.create_job(&in_region).await.expect_err("not a department");
        assert!(err.to_string().starts_with("department_id: unit"), "{err}");

        let nobody = NewCandidate { name: "Qian".into(), email: "not-an-address".into(), ..Default::default() };
        let err = w.store.create_candidate(w.organisation, &nobody).await.expect_err("email");
        assert_eq!(err.to_string(), "email: must be an address like name@example.com");
        assert!(matches!(w.store.job(987_654).await, Err(StoreError::NotFound { .. })));

        let imported = NewCandidate {
            name: "Qian Yu".into(),
            email: "qian.yu@example.com".into(),
            external_ref: Some("ats-17".into()),
            ..Default::default()
        };
        let (first, created) = w.store.create_candidate(w.organisation, &imported).await.expect("import");
        let (second, again) = w.store.create_candidate(w.organisation, &imported).await.expect("re-import");
        assert!(created && !again);
        assert_eq!(first, second, "{}: importing the same reference twice makes one candidate", db.name);
    }
}

#[tokio::test]
async fn recommendations_move_candidates_only_where_the_job_and_region_let_panel() {
    for db in databases().await {
        for strict in [false, true] {
            let policy = RegionPolicy {
                forbid_automated_rejection: strict,
                always_human_review: false,
                ..RegionPolicy::default()
            };
            let w = world(&db, policy, false).await;
            let pipeline =
                PipelineConfig { screening: false, auto_advance: true, auto_reject: true, ..Default::default() };
            w.store.set_job_pipeline(w.job, &pipeline).await.expect("pipeline");
            let job = w.store.job(w.job).await.expect("job");
            let mut outcomes = Vec::new();
            for (name, text) in [("Strong Su", STRONG_EN), ("Weak Wu", WEAK_EN)] {
                let (application, token) = w.invited(name).await;
                let invited = w.store.application(application).await.expect("application").stage;
                assert_eq!(invited, "ai-interview", "{}: inviting skipped screening's place", db.name);
                let session = w.interview(&token, text).await;
                let recommendation = w.engine.score_session(session).await.expect("scored");
                let stage = w.store.application(application).await.expect("application").stage;
                outcomes.push((application, session, recommendation, stage));
            }
            let (strong, _, strong_rec, strong_stage) = &outcomes[0];
            assert_eq!(strong_rec.decision, Decision::Advance, "{}: {strong_rec:?}", db.name);
            assert_eq!(strong_stage, "human-interview", "{}: advanced by itself", db.name);
            let moved = w.store.transitions(*strong).await.expect("transitions");
            assert_eq!(moved.last().map(|t| t.actor.as_str()), Some(AUTOMATION.actor), "{}", db.name);

            let (weak, weak_session, weak_rec, weak_stage) = &outcomes[1];
            if strict {
                assert_eq!(weak_rec.decision, Decision::HumanReview, "{}: {weak_rec:?}", db.name);
                assert_eq!(weak_stage, "ai-interview", "{}: a person decides in this region", db.name);
                continue;
            }
            assert_eq!(weak_rec.decision, Decision::Reject, "{}: {weak_rec:?}", db.name);
            assert_eq!(weak_stage, "rejected", "{}", db.name);
            let transitions = w.store.transitions(*weak).await.expect("transitions");
            let last = transitions.last().expect("the rejection");
            assert!(last.reason.contains("is below the job's threshold"), "{}: {last:?}", db.name);
            let told = reason_for_candidate(weak_rec, &job);
            assert!(told.starts_with("This role needs more evidence of "), "{told}");
            assert!(!told.chars().any(|c| c.is_ascii_digit()), "no scores in what the candidate is told: {told}");

            // A batch (the scheduler's, for expired interviews) acts the same way.
            let (batched, token) = w.invited("Batch Bai").await;
            let session = w.interview(&token, STRONG_EN).await;
            assert_eq!(w.engine.score_sessions(&[session], 2).await.scored, 1, "{}", db.name);
            let stage = w.store.application(batched).await.expect("application").stage;
            assert_eq!(stage, "human-interview", "{}", db.name);

            // Scoring again moves nothing twice.
            w.engine.score_session(*weak_session).await.expect("scored again");
            assert_eq!(w.store.transitions(*weak).await.expect("transitions").len(), transitions.len(), "{}", db.name);
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_submission_retried_while_the_first_is_in_flight_is_stored_once() {
    for db in databases().await {
        let w = world(&db, RegionPolicy::default(), false).await;
        for round in 0..5 {
            let (_, token) = w.invited(&format!("Racer {round}")).await;
            let session = w.engine.start_with_invitation(&w.open(&token).await).await.expect("start");
            let first = &session.plan[0].question;
            let mut attempts = tokio::task::JoinSet::new();
            for _ in 0..4 {
                let (engine, question) = (w.engine.clone(), first.id.clone());
                let session = session.id;
                attempts.spawn(async move {
                    let by = AuditBy { actor: "candidate:test", origin: "" };
                    engine.submit_answer_by(session, submission(&question, STRONG_EN, 30_000), Some(by)).await
                });
            }
            let outcomes = attempts.join_all().await;
            let stored: Vec<_> = outcomes.iter().map(|o| o.as_ref().expect("accepted").answer.id).collect();
            assert!(stored.iter().all(|id| *id == stored[0]), "{}: one answer for all four: {stored:?}", db.name);
            assert_eq!(outcomes.iter().filter(|o| o.as_ref().is_ok_and(|o| !o.replayed)).count(), 1, "{}", db.name);
            assert_eq!(w.store.answers(session.id).await.expect("answers").len(), 1, "{}", db.name);
            let trail = w.store.audit_trail(&format!("session:{}", session.id)).await.expect("audit");
            let submits = trail.iter().filter(|e| e.action == "answer.submit").count();
            assert_eq!(submits, 1, "{}: one audit entry for the one answer stored: {trail:?}", db.name);

            // The next answers go on in order, each with its entry.
            let second = &session.plan[1].question;
            let by = AuditBy { actor: "candidate:test", origin: "" };
            let outcome = w.engine.submit_answer_by(session.id, submission(&second.id, STRONG_EN, 30_000), Some(by));
            assert_eq!(outcome.await.expect("second").answer.seq, 1, "{}", db.name);
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_answer_that_cannot_be_stored_loses_no_other_candidates_answer() {
    for db in databases().await {
        let w = world(&db, RegionPolicy::default(), false).await;
        let mut sessions = Vec::new();
        for i in 0..8 {
            let (_, token) = w.invited(&format!("Batch {i}")).await;
            sessions.push(w.engine.start_with_invitation(&w.open(&token).await).await.expect("start"));
        }
        // Good answers and answers to sessions that do not exist, all at
        // once, so on SQLite they share group commits.
        let mut writes = tokio::task::JoinSet::new();
        for (i, session) in sessions.iter().enumerate() {
            for target in [session.id, 1_000_000 + i as i64] {
                let (store, planned) = (w.store.clone(), session.plan[0].question.clone());
                writes.spawn(async move {
                    let answer = Answer {
                        question_id: planned.id.clone(),
                        text: STRONG_EN.into(),
                        transcribed: true,
                        locale: "en".into(),
                        think_time_ms: 1_000,
                        duration_ms: 30_000,
                    };
                    let new =
                        NewAnswer { question: planned, answer, overtime_ms: 0, media_ref: None, submitted_at: START };
                    (target, store.insert_answer(target, &new, AnswerEffects::default(), None).await)
                });
            }
        }
        for (target, result) in writes.join_all().await {
            if target >= 1_000_000 {
                assert!(result.is_err(), "{}: no session {target}, nothing stored: {result:?}", db.name);
            } else {
                assert!(matches!(result, Ok(AnswerInsert::Stored(_))), "{}: {target}: {result:?}", db.name);
            }
        }
        for session in &sessions {
            assert_eq!(w.store.answers(session.id).await.expect("answers").len(), 1, "{}", db.name);
        }
    }
}

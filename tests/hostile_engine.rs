//! Hostile plugins against the interview engine on real storage: a rubric
//! that votes many times on one dimension cannot turn a reject into an
//! advance, a bank cannot plan a question the host's follow-ups would hide,
//! and when the banks cannot make a plan the error names each bank and what
//! it did.

use std::sync::Arc;
use std::time::Duration;

use panel::engine::{AnswerSubmission, Decision, Engine, EngineConfig, EngineError, ManualClock, PluginSet};
use panel::kinds::{QuestionBank, Rubric};
use panel::runtime::{Grants, PluginRuntime};
use panel::store::{AuditBy, NewCandidate, RegionPolicy, SessionState};
use panel_e2e::db::{TestDb, sqlite};
use panel_e2e::{WEAK_EN, load, organisation_with_job, runtime};

const START: i64 = 1_800_000_000_000;

struct World {
    _db: TestDb,
    engine: Engine,
    clock: ManualClock,
    organisation: i64,
    job: i64,
}

fn bank(rt: &PluginRuntime, name: &str, config: &str) -> Arc<dyn QuestionBank> {
    Arc::new(load(rt, name, Grants::none()).question_bank(config).expect("a question bank"))
}

fn rubric(rt: &PluginRuntime, name: &str, config: &str) -> Arc<dyn Rubric> {
    Arc::new(load(rt, name, Grants::none()).rubric(config).expect("a rubric"))
}

async fn world(plugins: PluginSet) -> World {
    let db = sqlite().await;
    let (organisation, job) = organisation_with_job(&db.store, RegionPolicy::default(), false).await;
    let clock = ManualClock::new(START);
    let engine = Engine::new(db.store.clone(), Arc::new(plugins), Arc::new(clock.clone()), EngineConfig::default());
    World { _db: db, engine, clock, organisation, job }
}

impl World {
    async fn start(&self) -> Result<panel::store::SessionRow, EngineError> {
        let store = self.engine.store();
        let candidate = NewCandidate { name: "Li Qiang".into(), email: "li@example.com".into(), ..Default::default() };
        let (id, _) = store.create_candidate(self.organisation, &candidate).await.expect("candidate");
        let application = store.apply(id, self.job).await.expect("application");
        let by = AuditBy { actor: "test", origin: "" };
        self.engine.invite(application.id, START, START + 86_400_000, by).await.expect("invite");
        self.engine.start_session(application.id, None).await
    }

    /// Answers every question the engine asks, follow-ups included; returns
    /// the ids asked, in order.
    async fn answer_all(&self, session: &panel::store::SessionRow, text: &str) -> Vec<String> {
        let mut asked = Vec::new();
        let mut next = Engine::current_question(session, &[]);
        while let Some(q) = next {
            self.clock.advance(Duration::from_secs(60));
            asked.push(q.question.id.clone());
            assert!(asked.len() < 30, "the interview never ends: {asked:?}");
            let submission = AnswerSubmission {
                question_id: q.question.id.clone(),
                text: text.into(),
                transcribed: false,
                think_time_ms: 5_000,
                duration_ms: 60_000,
                media_ref: None,
            };
            next = self.engine.submit_answer(session.id, submission).await.expect("answer accepted").next;
        }
        asked
    }
}

#[tokio::test]
async fn a_rubric_voting_many_times_on_a_dimension_cannot_outvote_the_others() {
    let rt = runtime();
    let plugins = PluginSet {
        banks: vec![bank(&rt, "bank-core", "{}")],
        rubrics: vec![
            rubric(&rt, "rubric-star", "{}"),
            rubric(&rt, "hostile-rubric", r#"{"attack":"stuff-dimension"}"#),
        ],
    };
    let w = world(plugins).await;
    let session = w.start().await.expect("starts");
    w.answer_all(&session, WEAK_EN).await;
    let recommendation = w.engine.score_session(session.id).await.expect("scored");
    assert_ne!(recommendation.decision, Decision::Advance, "{recommendation:?}");
    assert!(recommendation.composite < 5.0, "the stuffed tens were not counted: {recommendation:?}");
    assert!(
        recommendation.reasons.iter().any(|r| r.contains("scoring call(s) failed")),
        "{:?}",
        recommendation.reasons
    );
}

#[tokio::test]
async fn a_planned_question_with_a_follow_up_id_never_hides_a_question() {
    let rt = runtime();
    // Alone, the bank's plan is refused, naming it and why.
    let w =
        world(PluginSet { banks: vec![bank(&rt, "hostile-bank", r#"{"attack":"follow-up-id"}"#)], rubrics: vec![] })
            .await;
    let error = w.start().await.expect_err("its only bank broke the contract");
    let message = error.to_string();
    assert!(message.contains("hostile-bank@0.1.0") && message.contains("`b1~follow-up`"), "{message}");

    // Beside a good bank the interview is planned from the good one, and
    // every planned question is asked.
    let banks = vec![bank(&rt, "hostile-bank", r#"{"attack":"follow-up-id"}"#), bank(&rt, "hostile-bank", "{}")];
    let w = world(PluginSet { banks, rubrics: vec![rubric(&rt, "rubric-star", "{}")] }).await;
    let session = w.start().await.expect("starts");
    assert!(session.plan.iter().all(|p| !p.question.id.contains('~')), "{:?}", session.plan);
    let asked = w.answer_all(&session, WEAK_EN).await;
    for planned in &session.plan {
        assert!(asked.contains(&planned.question.id), "{} was never asked: {asked:?}", planned.question.id);
    }
    assert!(asked.contains(&"b1~follow-up".to_owned()), "the host's own follow-up ids: {asked:?}");
    let session = w.engine.store().session(session.id).await.expect("session");
    assert_eq!(session.state, SessionState::Completed);
}

#[tokio::test]
async fn when_no_plan_can_be_made_the_error_names_each_bank_and_what_it_did() {
    let rt = runtime();
    let banks = vec![bank(&rt, "hostile-bank", r#"{"attack":"empty"}"#)];
    let w = world(PluginSet { banks, rubrics: vec![] }).await;
    let message = w.start().await.expect_err("an empty plan").to_string();
    assert!(message.contains("hostile-bank@0.1.0 offered no questions"), "{message}");

    let banks = vec![bank(&rt, "hostile-bank", r#"{"attack":"duplicates"}"#)];
    let w = world(PluginSet { banks, rubrics: vec![] }).await;
    let message = w.start().await.expect_err("seven copies of one question").to_string();
    assert!(
        message.contains("hostile-bank@0.1.0") && message.contains("offered the question id `intro` twice"),
        "{message}"
    );
}

//! Fixtures the engine benchmarks share: the first-party plugins, a job
//! with a four-dimension competency model, and one interview taken through
//! the engine with a full STAR answer to every question.

use std::path::PathBuf;
use std::sync::Arc;

use panel::domain::Dimension;
use panel::engine::{AnswerSubmission, Engine, PluginSet};
use panel::kinds::{QuestionBank, Rubric};
use panel::runtime::{Grants, PluginRuntime, RuntimeConfig};
use panel::store::{NewCandidate, NewJob, RegionPolicy, Store, UnitKind};
use semver::Version;

const STORY: &str = "At the time our line was missing its daily target every week. My task was to find \
    the bottleneck within a week. I analyzed the cycle times of every station, then I reorganized the shifts \
    and I introduced a buffer before welding. As a result output increased by 18% in a month.";

/// bank-core and rubric-star from `PANEL_PLUGIN_DIR` (set by `cargo xtask bench`).
pub fn plugins() -> PluginSet {
    let dir = std::env::var_os("PANEL_PLUGIN_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/wasm32-wasip2/plugin"));
    let runtime = PluginRuntime::new(RuntimeConfig::default()).expect("runtime");
    let load = |name: &str| {
        let path = dir.join(format!("{}.wasm", name.replace('-', "_")));
        runtime
            .load_file(name, Version::new(0, 1, 0), &path, Grants::none())
            .unwrap_or_else(|e| panic!("{e}; run the benchmarks with `cargo xtask bench`"))
    };
    let bank: Arc<dyn QuestionBank> = Arc::new(load("bank-core").question_bank("{}").expect("bank"));
    let rubric: Arc<dyn Rubric> = Arc::new(load("rubric-star").rubric("{}").expect("rubric"));
    PluginSet { banks: vec![bank], rubrics: vec![rubric] }
}

/// An organisation with one department and a four-dimension job.
pub async fn job(store: &Store) -> (i64, i64) {
    let org = store.create_organisation("Bench").await.expect("org");
    let region = store.create_unit(org, None, UnitKind::Region, "R", RegionPolicy::default()).await.expect("region");
    let branch = store.create_unit(org, Some(region), UnitKind::Branch, "B", RegionPolicy::default()).await;
    let dept = store
        .create_unit(org, Some(branch.expect("branch")), UnitKind::Department, "D", RegionPolicy::default())
        .await
        .expect("department");
    let dim = |id: &str, weight| Dimension { id: id.into(), name: id.into(), weight, threshold: 7.0, labels: vec![] };
    let job = NewJob {
        department_id: dept,
        title: "Production Supervisor".into(),
        industry: "manufacturing".into(),
        locale: "en".into(),
        key_role: false,
        description: String::new(),
        dimensions: vec![
            dim("problem-solving", 0.35),
            dim("teamwork", 0.25),
            dim("responsibility", 0.25),
            dim("communication", 0.15),
        ],
        requirements: Default::default(),
        review_margin: 0.5,
    };
    (org, store.create_job(&job).await.expect("job"))
}

/// A candidate called `name` applies for `job` and answers every question
/// of the interview with the same STAR story; returns the session's id.
pub async fn interviewed(engine: &Engine, org: i64, job: i64, name: &str) -> i64 {
    let store = engine.store();
    let person = NewCandidate { name: name.into(), email: format!("{name}@example.com"), ..Default::default() };
    let (candidate, _) = store.create_candidate(org, &person).await.expect("candidate");
    let application = store.apply(candidate, job).await.expect("apply");
    let session = engine.start_session(application.id, None).await.expect("start");
    let mut next = Engine::current_question(&session, &[]);
    while let Some(q) = next {
        let answer = AnswerSubmission {
            question_id: q.question.id,
            text: STORY.into(),
            transcribed: true,
            think_time_ms: 5_000,
            duration_ms: 60_000,
            media_ref: None,
        };
        next = engine.submit_answer(session.id, answer).await.expect("answer").next;
    }
    session.id
}

/// One interview taken through the engine, then copied (answers and all)
/// into `count` finished sessions with plain SQL: the figures are for
/// scoring, not for taking thousands of interviews. The copies are then
/// sealed under their own candidates' keys, as Panel stores them. Returns
/// the job, the sessions and the answers per session.
pub async fn intake(store: &Store, engine: &Engine, count: i64) -> (i64, Vec<i64>, usize) {
    let (org, job) = job(store).await;
    let template = interviewed(engine, org, job, "template").await;
    let template_answers = store.answers(template).await.expect("answers");
    let answers = template_answers.len();
    let mut tx = store.pool().begin().await.expect("tx");
    let base = 1_000_000;
    let mut sessions = Vec::new();
    for i in 0..count {
        let id = base + i;
        sqlx::query("INSERT INTO candidates (id, organisation_id, name, email, created_at) VALUES ($1, $2, $3, $4, 0)")
            .bind(id)
            .bind(org)
            .bind(format!("Candidate {i}"))
            .bind(format!("c{i}@example.com"))
            .execute(&mut *tx)
            .await
            .expect("candidate");
        sqlx::query(
            "INSERT INTO applications (id, candidate_id, job_id, stage, created_at) VALUES ($1, $1, $2, 'applied', 0)",
        )
        .bind(id)
        .bind(job)
        .execute(&mut *tx)
        .await
        .expect("application");
        sqlx::query(
            "INSERT INTO interview_sessions (id, application_id, state, locale, plan, started_at, deadline, finished_at) \
             SELECT $1, $1, 'completed', locale, plan, started_at + $1, deadline, started_at FROM interview_sessions WHERE id = $2",
        )
        .bind(id)
        .bind(template)
        .execute(&mut *tx)
        .await
        .expect("session");
        sqlx::query(
            "INSERT INTO answers (session_id, seq, question_id, question, text, transcribed, locale, think_time_ms, \
             duration_ms, overtime_ms, media_ref, submitted_at) SELECT $1, seq, question_id, question, text, transcribed, \
             locale, think_time_ms, duration_ms, overtime_ms, media_ref, submitted_at FROM answers WHERE session_id = $2",
        )
        .bind(id)
        .bind(template)
        .execute(&mut *tx)
        .await
        .expect("answers");
        sessions.push(id);
    }
    // The copied texts were sealed for the template's candidate: each copy
    // gets the text in clear, then is sealed for its own.
    for answer in &template_answers {
        sqlx::query("UPDATE answers SET text = $1 WHERE seq = $2 AND session_id >= $3")
            .bind(&answer.answer.text)
            .bind(answer.seq)
            .bind(base)
            .execute(&mut *tx)
            .await
            .expect("the copies' texts");
    }
    tx.commit().await.expect("commit");
    store.seal_rows_in_clear().await.expect("the copies sealed");
    (job, sessions, answers)
}

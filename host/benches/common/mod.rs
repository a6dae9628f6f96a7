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

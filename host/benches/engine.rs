//! Interview engine benchmarks (`cargo xtask bench`), on the embedded SQLite
//! database with the real first-party plugins:
//!
//! - `engine/score_session_7_answers`: rescoring one finished interview of
//!   seven answers through rubric-star, reads and writes included; answers
//!   per second follow from it.
//! - `engine/rank_top_10_percent_of_100k`: the top 10% of a job's 100,000
//!   scored candidates, with their names.
//!
//! Figures and method: docs/performance.md.

use std::path::PathBuf;
use std::sync::Arc;

use criterion::{Criterion, criterion_group, criterion_main};
use panel::domain::Dimension;
use panel::engine::{AnswerSubmission, Engine, EngineConfig, PluginSet, SystemClock, Top};
use panel::kinds::{QuestionBank, Rubric};
use panel::runtime::{Grants, PluginRuntime, RuntimeConfig};
use panel::store::{NewCandidate, NewJob, RegionPolicy, Store, UnitKind};
use semver::Version;
use tokio::runtime::Runtime;

const STORY: &str = "At the time our line was missing its daily target every week. My task was to find \
    the bottleneck within a week. I analyzed the cycle times of every station, then I reorganized the shifts \
    and I introduced a buffer before welding. As a result output increased by 18% in a month.";

fn plugin_dir() -> PathBuf {
    std::env::var_os("PANEL_PLUGIN_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/wasm32-wasip2/plugin"))
}

fn plugins() -> PluginSet {
    let runtime = PluginRuntime::new(RuntimeConfig::default()).expect("runtime");
    let load = |name: &str| {
        let path = plugin_dir().join(format!("{}.wasm", name.replace('-', "_")));
        runtime
            .load_file(name, Version::new(0, 1, 0), &path, Grants::none())
            .unwrap_or_else(|e| panic!("{e}; run the benchmarks with `cargo xtask bench`"))
    };
    let bank: Arc<dyn QuestionBank> = Arc::new(load("bank-core").question_bank("{}").expect("bank"));
    let rubric: Arc<dyn Rubric> = Arc::new(load("rubric-star").rubric("{}").expect("rubric"));
    PluginSet { banks: vec![bank], rubrics: vec![rubric] }
}

/// An organisation with one department and a four-dimension job.
async fn job(store: &Store) -> (i64, i64) {
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

fn score_session(c: &mut Criterion) {
    let rt = Runtime::new().expect("tokio");
    let dir = tempfile::tempdir().expect("temp dir");
    let (engine, session) = rt.block_on(async {
        let store = Store::open_data_dir(dir.path()).await.expect("store");
        let (org, job) = job(&store).await;
        let engine = Engine::new(store.clone(), Arc::new(plugins()), Arc::new(SystemClock), EngineConfig::default());
        let person = NewCandidate { name: "Wang Fang".into(), email: "wf@example.com".into(), ..Default::default() };
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
        (engine, session.id)
    });
    let answers = rt.block_on(engine.store().answers(session)).expect("answers").len();
    assert!(answers >= 7, "the plan has seven questions; {answers} answers stored");
    eprintln!("scoring a session of {answers} answers");
    c.bench_function("engine/score_session_7_answers", |b| {
        b.iter(|| rt.block_on(engine.score_session(session)).expect("scored"))
    });
}

fn rank(c: &mut Criterion) {
    const CANDIDATES: i64 = 100_000;
    let rt = Runtime::new().expect("tokio");
    let dir = tempfile::tempdir().expect("temp dir");
    let (engine, job) = rt.block_on(async {
        let store = Store::open_data_dir(dir.path()).await.expect("store");
        let (org, job) = job(&store).await;
        // Fixtures straight into the tables, in one transaction: the figure
        // is for ranking, not for 100,000 interviews.
        let mut tx = store.pool().begin().await.expect("tx");
        for i in 1..=CANDIDATES {
            let composite = (i * 7919 % 10_007) as f64 / 1000.7;
            for (sql, binds) in [
                ("INSERT INTO candidates (id, organisation_id, name, email, created_at) VALUES ($1, $2, $3, $4, 0)", 4),
                ("INSERT INTO applications (id, candidate_id, job_id, stage, created_at) VALUES ($1, $1, $2, 'applied', 0)", 2),
                ("INSERT INTO interview_sessions (id, application_id, state, locale, plan, started_at, deadline) \
                  VALUES ($1, $1, 'scored', 'en', '[]', 0, 0)", 1),
            ] {
                let q = sqlx::query(sql).bind(i);
                let q = match binds {
                    4 => q.bind(org).bind(format!("Candidate {i}")).bind(format!("c{i}@example.com")),
                    2 => q.bind(job),
                    _ => q,
                };
                q.execute(&mut *tx).await.expect("fixture");
            }
            sqlx::query(
                "INSERT INTO recommendations (session_id, job_id, composite, decision, dimensions, reasons, created_at) \
                 VALUES ($1, $2, $3, 'advance', '[]', '[]', 0)",
            )
            .bind(i)
            .bind(job)
            .bind(composite)
            .execute(&mut *tx)
            .await
            .expect("fixture");
        }
        tx.commit().await.expect("commit");
        let engine = Engine::new(store, Arc::new(PluginSet::default()), Arc::new(SystemClock), EngineConfig::default());
        (engine, job)
    });
    let top = rt.block_on(engine.rank(job, Top::Percent(10.0))).expect("rank");
    assert_eq!(top.rows.len(), 10_000);
    assert!(top.rows.windows(2).all(|w| w[0].composite >= w[1].composite));
    let mut group = c.benchmark_group("engine");
    group.sample_size(20);
    group.bench_function("rank_top_10_percent_of_100k", |b| {
        b.iter(|| rt.block_on(engine.rank(job, Top::Percent(10.0))).expect("rank"))
    });
    group.finish();
}

criterion_group!(benches, score_session, rank);
criterion_main!(benches);

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

use std::sync::Arc;

use criterion::{Criterion, criterion_group, criterion_main};
use panel::engine::{Engine, EngineConfig, PluginSet, SystemClock, Top};
use panel::store::Store;
use tokio::runtime::Runtime;

#[allow(dead_code)] // the intake fixture is for the batch benchmarks
mod common;

use common::{interviewed, job, plugins};

fn score_session(c: &mut Criterion) {
    let rt = Runtime::new().expect("tokio");
    let dir = tempfile::tempdir().expect("temp dir");
    let (engine, session) = rt.block_on(async {
        let store = Store::open_data_dir(dir.path()).await.expect("store");
        let (org, job) = job(&store).await;
        let engine = Engine::new(store.clone(), Arc::new(plugins()), Arc::new(SystemClock), EngineConfig::default());
        let session = interviewed(&engine, org, job, "wang.fang").await;
        (engine, session)
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

//! Scoring and ranking a whole intake: 10,000 finished interviews of seven
//! answers each, rescored through the real rubric plugin as one batch on
//! the embedded SQLite database, then the top 10% ranked. Prints the wall
//! time and answers scored per second for three runs (a single run takes
//! seconds, so criterion's repeated sampling would only add minutes).
//!
//! Run with `cargo xtask bench`. Figures and method: docs/performance.md.

use std::sync::Arc;
use std::time::Instant;

use panel::engine::{Clock, Engine, EngineConfig, SystemClock, Top};
use panel::store::{DashboardQuery, Store};

mod common;

use common::{interviewed, job, plugins};

const INTERVIEWS: i64 = 10_000;
/// One interview taken through the engine, then copied (answers and all)
/// into `INTERVIEWS` finished sessions with plain SQL: the figure is for
/// scoring, not for taking 10,000 interviews.
async fn intake(store: &Store, engine: &Engine) -> (i64, Vec<i64>, usize) {
    let (org, job) = job(store).await;
    let template = interviewed(engine, org, job, "template").await;
    let answers = store.answers(template).await.expect("answers").len();
    let mut tx = store.pool().begin().await.expect("tx");
    let base = 1_000_000;
    let mut sessions = Vec::new();
    for i in 0..INTERVIEWS {
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
    tx.commit().await.expect("commit");
    (job, sessions, answers)
}

fn main() {
    if std::env::args().skip(1).any(|a| !a.starts_with("--") && !"batch".contains(a.as_str())) {
        return;
    }
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("tokio");
    let dir = tempfile::tempdir().expect("temp dir");
    runtime.block_on(async {
        let store = Store::open_data_dir(dir.path()).await.expect("store");
        let engine = Engine::new(store.clone(), Arc::new(plugins()), Arc::new(SystemClock), EngineConfig::default());
        let (job, sessions, per_session) = intake(&store, &engine).await;
        let workers = std::thread::available_parallelism().map_or(2, std::num::NonZero::get);
        // Sessions in flight; PANEL_BENCH_CONCURRENCY=1 gives the sequential figure.
        let concurrency = std::env::var("PANEL_BENCH_CONCURRENCY").ok().and_then(|c| c.parse().ok()).unwrap_or_else(panel::engine::batch_concurrency);
        let total_answers = sessions.len() * per_session;
        for run in 1..=3 {
            let started = Instant::now();
            let outcome = engine.score_sessions(&sessions, concurrency).await;
            let scored = started.elapsed();
            assert_eq!(outcome.scored, sessions.len(), "every session scored: {:?}", outcome.failed.first());
            let ranked_at = Instant::now();
            let top = engine.rank(job, Top::Percent(10.0)).await.expect("rank");
            let ranked = ranked_at.elapsed();
            assert_eq!(top.rows.len(), sessions.len() / 10);
            println!(
                "batch/score_{}_interviews run {run}: {total_answers} answers in {:.2} s ({:.0} answers/s, {concurrency} \
                 at a time on {workers} threads), then top 10% ranked in {:.1} ms",
                sessions.len(),
                scored.as_secs_f64(),
                total_answers as f64 / scored.as_secs_f64(),
                ranked.as_secs_f64() * 1000.0
            );
        }
        dashboard_reads(&store, job, sessions.len()).await;
    });
}

/// The live dashboard of HR who see this job, over the whole scored intake:
/// every interview finished today and waits for review. 50 reads one after
/// another, at the store (the HTTP figure for 600 interviews is http_load's).
async fn dashboard_reads(store: &Store, job: i64, interviews: usize) {
    let now = SystemClock.now_ms();
    let mut latencies = Vec::new();
    for _ in 0..50 {
        let started = Instant::now();
        let query =
            DashboardQuery { user_id: 0, job_ids: &[job], now, since: 0, expiring_before: now + 48 * 3_600_000 };
        let dashboard = store.dashboard(query).await.expect("dashboard");
        latencies.push(started.elapsed());
        // The copies and the interview they were copied from.
        assert!(dashboard.awaiting_review.count >= interviews as u64, "every interview waits for review");
        assert!(dashboard.completed.count > interviews as u64, "every interview finished today");
    }
    latencies.sort();
    let at = |q: f64| latencies[((latencies.len() - 1) as f64 * q).round() as usize].as_secs_f64() * 1000.0;
    println!(
        "batch/dashboard over {interviews} scored interviews: p50 {:.1} ms, p99 {:.1} ms (50 reads)",
        at(0.50),
        at(0.99)
    );
}

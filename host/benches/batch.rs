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

use common::{intake, plugins};

const INTERVIEWS: i64 = 10_000;

fn main() {
    if std::env::args().skip(1).any(|a| !a.starts_with("--") && !"batch".contains(a.as_str())) {
        return;
    }
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("tokio");
    let dir = tempfile::tempdir().expect("temp dir");
    runtime.block_on(async {
        let store = Store::open_data_dir(dir.path()).await.expect("store");
        let engine = Engine::new(store.clone(), Arc::new(plugins()), Arc::new(SystemClock), EngineConfig::default());
        let (job, sessions, per_session) = intake(&store, &engine, INTERVIEWS).await;
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

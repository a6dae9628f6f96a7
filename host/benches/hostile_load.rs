//! Request latency and scoring delay for the other jobs while hostile plugins
//! of each slow kind are active (issue 19). `panel serve` runs as its own
//! process (`PANEL_BENCH_PANEL` may name another build of it, e.g. one from
//! before a change, to compare) with bank-core and rubric-star switched on
//! for every job, and two hostile test plugins switched on for one job each:
//! a question bank that computes for 1.9 s without a pause before planning,
//! and a rubric that takes 1.9 s per answer.
//!
//! Two runs of the same load of normal interviews (16 candidates answering at
//! once), first alone, then with the hostile plugins busy (72 interview
//! starts at once on the busy bank's job; 8 finished interviews of the slow
//! rubric's job being scored). For each run: `/healthz` and a staff read
//! (`GET /api/v1/jobs`) timed one after another, answer submissions, how
//! long after their last answer the normal interviews are all scored, and
//! the server's resident memory. Prints its figures; docs/performance.md
//! has them. Run with `cargo xtask bench -- hostile_load`, or
//! `cargo bench -p panel --bench hostile_load` after `cargo xtask build-plugins`.

mod serve_load;

use std::path::Path;
use std::time::{Duration, Instant};

use serde_json::json;
use serve_load::{Staff, interview, percentile, probe, rss_mib, start, start_server, typed_load};

const NORMAL_INTERVIEWS: usize = 192;
const NORMAL_CONCURRENCY: usize = 16;
const HOSTILE_STARTS: usize = 72;
const SLOW_INTERVIEWS: usize = 8;

/// bank-core and rubric-star, and two hostile test plugins.
fn stage_packages(data: &Path) {
    let test = serve_load::plugin_dir("PANEL_TEST_PLUGIN_DIR");
    let hostile = |id: &str, kind: &str| {
        let manifest = format!(
            "[plugin]\nid = \"{id}\"\nname = \"{id}\"\nversion = \"1.0.0\"\nkind = \"{kind}\"\napi = \"0.1.0\"\nvendor = \"Bench\"\n"
        );
        (id.to_owned(), manifest, serve_load::component(&test, id))
    };
    let mut parts = serve_load::first_party(&["bank-core", "rubric-star"]);
    parts.push(hostile("hostile-bank", "question-bank"));
    parts.push(hostile("hostile-rubric", "rubric"));
    serve_load::stage_packages(data, parts);
}

/// One run of the normal load, with the hostile plugins busy or not.
async fn run(
    staff: &Staff,
    normal: (i64, Vec<String>),
    hostile: Option<(Vec<String>, Vec<String>)>,
    pid: u32,
    label: &str,
) {
    let (http, base) = (staff.http.clone(), staff.base.clone());
    let (stop, stopped) = tokio::sync::watch::channel(false);
    let health = tokio::spawn(probe(http.clone(), format!("{base}/healthz"), None, stopped.clone()));
    let jobs = tokio::spawn(probe(http.clone(), format!("{base}/api/v1/jobs"), Some(staff.token.clone()), stopped));
    let mut hostile_tasks = Vec::new();
    let mut slow_scored_before = 0;
    if let Some((busy_links, slow_links)) = hostile {
        // The slow rubric's interviews finish first, so their scoring is under way.
        for link in slow_links {
            interview(http.clone(), base.clone(), link).await;
        }
        slow_scored_before = SLOW_INTERVIEWS;
        for link in busy_links {
            let (http, base) = (http.clone(), base.clone());
            hostile_tasks.push(tokio::spawn(async move { start(&http, &base, &link).await.is_some() }));
        }
    }
    let wall = Instant::now();
    let mut answers = typed_load(staff, normal.1, NORMAL_CONCURRENCY).await;
    let answered = wall.elapsed();
    let last_answer = Instant::now();
    while staff.scored(normal.0).await < NORMAL_INTERVIEWS as u64 {
        assert!(last_answer.elapsed() < Duration::from_secs(600), "the normal interviews were never all scored");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let scoring_delay = last_answer.elapsed();
    let _ = stop.send(true);
    let (mut health, mut jobs) = (health.await.expect("probe"), jobs.await.expect("probe"));
    let mut started = 0;
    for task in hostile_tasks {
        started += usize::from(task.await.unwrap_or(false));
    }
    println!(
        "hostile_load/{label}: {} answers in {:.1} s, p50 {:.1} ms, p99 {:.1} ms; /healthz p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms ({} reads); \
         GET /api/v1/jobs p50 {:.1} ms, p99 {:.1} ms; normal interviews all scored {:.2} s after their last answer; \
         server RSS {:.0} MiB",
        answers.len(),
        answered.as_secs_f64(),
        percentile(&mut answers, 0.5),
        percentile(&mut answers, 0.99),
        percentile(&mut health, 0.5),
        percentile(&mut health, 0.99),
        percentile(&mut health, 1.0),
        health.len(),
        percentile(&mut jobs, 0.5),
        percentile(&mut jobs, 0.99),
        scoring_delay.as_secs_f64(),
        rss_mib(pid),
    );
    if slow_scored_before > 0 {
        println!("hostile_load/{label}: {started} of {HOSTILE_STARTS} starts on the busy bank's job answered");
    }
}

fn main() {
    if std::env::args().skip(1).any(|a| !a.starts_with("--") && !"hostile_load".contains(a.as_str())) {
        return;
    }
    let data = tempfile::tempdir().expect("temp dir");
    stage_packages(data.path());
    let (server, base) = start_server(data.path(), &[]);
    let pid = server.0.id();
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("runtime");
    runtime.block_on(async {
        let http = reqwest::Client::builder().pool_max_idle_per_host(128).build().expect("client");
        let staff = Staff::login(&http, &base).await;
        println!("hostile_load: server RSS {:.0} MiB at start", rss_mib(pid));
        let quiet = staff.job("quiet", NORMAL_INTERVIEWS).await;
        let loud = staff.job("loud", NORMAL_INTERVIEWS).await;
        let (busy_job, busy_links) = staff.job("busy-bank", HOSTILE_STARTS).await;
        let (slow_job, slow_links) = staff.job("slow-rubric", SLOW_INTERVIEWS).await;
        staff.only_for("hostile-bank", busy_job, json!({"attack": "busy", "millis": 1900})).await;
        staff.only_for("hostile-rubric", slow_job, json!({"attack": "slow", "millis": 1900})).await;
        run(&staff, quiet, None, pid, "alone").await;
        run(&staff, loud, Some((busy_links, slow_links)), pid, "beside hostile plugins").await;
        let slow_done = Instant::now();
        while staff.scored(slow_job).await < SLOW_INTERVIEWS as u64 && slow_done.elapsed() < Duration::from_secs(300) {
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        tokio::time::sleep(Duration::from_secs(10)).await;
        println!("hostile_load: server RSS {:.0} MiB after 10 s idle", rss_mib(pid));
    });
    drop(server);
}

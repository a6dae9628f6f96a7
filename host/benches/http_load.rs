//! Answer submission under load: `panel serve` runs as its own process (the
//! real binary, the real plugins, the embedded SQLite database, or
//! PostgreSQL when `PANEL_BENCH_DATABASE_URL` is set) and this process drives
//! it over loopback with concurrent candidates, each answering their own
//! interview one question at a time, as the API is used.
//!
//! Run with `cargo xtask bench` (or, with built plugins,
//! `PANEL_BENCH_PACKAGES=… PANEL_TRUST_POLICY=… cargo bench -p panel --bench http_load`). Prints
//! requests per second and the p50 / p99 latency of answer submissions.

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

const PASSWORD: &str = "load test password";
/// Candidates in flight at once (`PANEL_BENCH_CONCURRENCY` to vary).
const CONCURRENCY: usize = 32;
/// Interviews taken in the measured run.
const INTERVIEWS: usize = 600;
const ANSWER: &str = "At the time our line missed its target. My task was to find the bottleneck. I measured every \
                      station, moved two people and changed the changeover, and as a result output rose 18 percent.";

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn start_server(data: &std::path::Path) -> (Server, String) {
    // Signed first-party packages; the child inherits PANEL_TRUST_POLICY,
    // the policy that trusts their key (cargo xtask bench sets both).
    let plugins = std::env::var_os("PANEL_BENCH_PACKAGES").map(PathBuf::from).unwrap_or_else(|| {
        eprintln!("set PANEL_BENCH_PACKAGES and PANEL_TRUST_POLICY to the staged first-party packages (cargo xtask bench does)");
        std::process::exit(2);
    });
    let mut command = Command::new(env!("CARGO_BIN_EXE_panel"));
    command
        .args(["serve", "--addr", "127.0.0.1:0", "--plugins"])
        .arg(plugins)
        .arg("--data-dir")
        .arg(data)
        .env("PANEL_ADMIN_PASSWORD", PASSWORD)
        .env("RUST_LOG", "error")
        .stdout(Stdio::piped());
    match std::env::var("PANEL_BENCH_DATABASE_URL") {
        Ok(url) => command.env("PANEL_DATABASE_URL", url),
        Err(_) => command.env_remove("PANEL_DATABASE_URL"),
    };
    let mut child = command.spawn().expect("panel serve starts");
    let mut lines = BufReader::new(child.stdout.take().expect("stdout")).lines();
    let base = loop {
        let line = lines.next().expect("panel serve prints its address").expect("stdout");
        if let Some(rest) = line.strip_prefix("Panel is listening on ") {
            break rest.split_whitespace().next().expect("address").to_owned();
        }
    };
    std::thread::spawn(move || for _ in lines {});
    (Server(child), base)
}

async fn post(http: &reqwest::Client, url: String, token: &str, body: Value) -> Value {
    let response = http.post(url).bearer_auth(token).json(&body).send().await.expect("the server answers");
    let status = response.status();
    let body: Value = response.json().await.unwrap_or(Value::Null);
    assert!(status.is_success(), "{status}: {body}");
    body
}

/// What `prepare` made: the administrator's token, the job and the candidates' links.
struct Prepared {
    token: String,
    job: i64,
    links: Vec<String>,
}

/// Logs in, builds a department and a job, imports the candidates and
/// invites each.
async fn prepare(http: &reqwest::Client, base: &str) -> Prepared {
    let login = http
        .post(format!("{base}/api/v1/auth/login"))
        .json(&json!({"email": "admin@panel.local", "password": PASSWORD}))
        .send()
        .await
        .expect("login");
    let login: Value = login.json().await.expect("json");
    let token = login["token"].as_str().expect("token (is the data directory fresh?)").to_owned();
    let unit = |kind: &str, parent: Option<i64>| json!({"kind": kind, "name": kind, "parent_id": parent});
    let region = post(http, format!("{base}/api/v1/org/units"), &token, unit("region", None)).await["id"].as_i64();
    let branch = post(http, format!("{base}/api/v1/org/units"), &token, unit("branch", region)).await["id"].as_i64();
    let dept = post(http, format!("{base}/api/v1/org/units"), &token, unit("department", branch)).await["id"].as_i64();
    let job = json!({"department_id": dept, "title": "Supervisor", "industry": "manufacturing", "locale": "en",
        "dimensions": [{"id": "problem-solving", "name": "Problem solving", "weight": 1.0, "threshold": 6.0}]});
    let job = post(http, format!("{base}/api/v1/jobs"), &token, job).await["id"].as_i64().expect("job");
    let mut csv = String::from("name,email,external_ref\n");
    for i in 0..INTERVIEWS {
        csv.push_str(&format!("Candidate {i},c{i}@example.com,load-{i}\n"));
    }
    let report: Value = http
        .post(format!("{base}/api/v1/jobs/{job}/candidates/import"))
        .bearer_auth(&token)
        .header("content-type", "text/csv")
        .body(csv)
        .send()
        .await
        .expect("import")
        .json()
        .await
        .expect("report");
    let mut links = Vec::new();
    for row in report["rows"].as_array().expect("rows") {
        let application = row["application_id"].as_i64().expect("imported");
        let invitation =
            post(http, format!("{base}/api/v1/applications/{application}/invitations"), &token, json!({})).await;
        links.push(invitation["token"].as_str().expect("token").to_owned());
    }
    Prepared { token, job, links }
}

/// Waits until the job's ranking counts `expected` scored interviews; how long that took.
async fn scored_after(http: &reqwest::Client, base: &str, prepared: &Prepared, expected: u64) -> Duration {
    let wall = Instant::now();
    let url = format!("{base}/api/v1/jobs/{}/ranking?count=1", prepared.job);
    loop {
        let ranking: Value =
            http.get(&url).bearer_auth(&prepared.token).send().await.expect("the ranking").json().await.expect("json");
        if ranking["scored"].as_u64() == Some(expected) {
            return wall.elapsed();
        }
        assert!(wall.elapsed() < Duration::from_secs(120), "not every interview was scored: {ranking}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// Starts one interview (consent, planning through the question bank);
/// returns its first question.
async fn start(http: reqwest::Client, base: String, link: String) -> (String, Value) {
    let started = post(&http, format!("{base}/api/v1/interview/start"), &link, json!({"consent": true})).await;
    (link, started["current"].clone())
}

/// Answers a started interview to its end; returns the latency of each
/// answer submission.
async fn answer_all(http: reqwest::Client, base: String, link: String, mut current: Value) -> Vec<Duration> {
    let mut latencies = Vec::new();
    while current.is_object() {
        let body = json!({"question_id": current["id"], "text": ANSWER, "think_time_ms": 4000, "duration_ms": 60000});
        let t = Instant::now();
        let accepted = post(&http, format!("{base}/api/v1/interview/answers"), &link, body).await;
        latencies.push(t.elapsed());
        assert_eq!(accepted["replayed"], false, "every answer is stored once: {accepted}");
        current = accepted["next"].clone();
        if current.is_null() {
            assert_eq!(accepted["completed"], true, "the last answer completes the interview: {accepted}");
        }
    }
    latencies
}

/// Times the dashboard HR keeps open (refreshed every 5 s per viewer) over
/// the job's finished interviews: 200 reads one after another.
async fn dashboard_reads(http: &reqwest::Client, base: &str, token: &str) {
    let mut latencies = Vec::new();
    for _ in 0..200 {
        let t = Instant::now();
        let response = http.get(format!("{base}/api/v1/dashboard?since=0")).bearer_auth(token).send().await;
        let body: Value = response.expect("the dashboard").json().await.expect("json");
        latencies.push(t.elapsed());
        assert!(body["completed"]["count"].as_u64().is_some_and(|n| n > 0), "{body}");
    }
    latencies.sort();
    println!(
        "http_load: dashboard over {INTERVIEWS} finished interviews: p50 {:.1} ms, p99 {:.1} ms (200 reads)",
        percentile(&latencies, 0.50).as_secs_f64() * 1000.0,
        percentile(&latencies, 0.99).as_secs_f64() * 1000.0,
    );
}

/// Runs `work` for every item, at most `concurrency` at a time.
async fn each<I, T, F>(items: Vec<I>, concurrency: usize, work: impl Fn(I) -> F) -> Vec<T>
where
    F: Future<Output = T> + Send + 'static,
    T: Send + 'static,
{
    let semaphore = std::sync::Arc::new(tokio::sync::Semaphore::new(concurrency));
    let mut tasks = Vec::new();
    for item in items {
        let permit = semaphore.clone().acquire_owned().await.expect("semaphore");
        let job = work(item);
        tasks.push(tokio::spawn(async move {
            let out = job.await;
            drop(permit);
            out
        }));
    }
    let mut out = Vec::new();
    for task in tasks {
        out.push(task.await.expect("task"));
    }
    out
}

/// CPU time (user + system) a process has used, from /proc (Linux), in seconds.
fn cpu_seconds(pid: &str) -> Option<f64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // Fields after the command name, which is in parentheses and may hold spaces.
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    let ticks: f64 = fields.get(11)?.parse::<f64>().ok()? + fields.get(12)?.parse::<f64>().ok()?;
    Some(ticks / 100.0)
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[index.min(sorted.len() - 1)]
}

fn main() {
    // `cargo bench` passes `--bench`; a filter that names another bench skips this one.
    if std::env::args().skip(1).any(|a| !a.starts_with("--") && !"http_load".contains(a.as_str())) {
        return;
    }
    let data = tempfile::tempdir().expect("temp dir");
    let (server, base) = start_server(data.path());
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("runtime");
    runtime.block_on(async {
        let http = reqwest::Client::builder().pool_max_idle_per_host(CONCURRENCY).build().expect("client");
        let prepared = prepare(&http, &base).await;
        let links = prepared.links.clone();
        let concurrency =
            std::env::var("PANEL_BENCH_CONCURRENCY").ok().and_then(|c| c.parse().ok()).unwrap_or(CONCURRENCY);
        let wall = Instant::now();
        let started = each(links, concurrency, |link| start(http.clone(), base.clone(), link)).await;
        let starts = wall.elapsed();
        println!(
            "http_load: {} interviews started (consent, planning through the question bank) in {:.2} s: {:.0} starts/s",
            started.len(),
            starts.as_secs_f64(),
            started.len() as f64 / starts.as_secs_f64()
        );
        let server_pid = server.0.id().to_string();
        let (server_cpu_before, client_cpu_before) = (cpu_seconds(&server_pid), cpu_seconds("self"));
        let wall = Instant::now();
        let per_interview =
            each(started, concurrency, |(link, first)| answer_all(http.clone(), base.clone(), link, first)).await;
        let interviews = per_interview.len();
        let mut latencies: Vec<Duration> = per_interview.into_iter().flatten().collect();
        let elapsed = wall.elapsed();
        let cpu = |before: Option<f64>, pid: &str| Some(cpu_seconds(pid)? - before?);
        let (server_cpu, client_cpu) = (cpu(server_cpu_before, &server_pid), cpu(client_cpu_before, "self"));
        latencies.sort();
        let backend = if std::env::var("PANEL_BENCH_DATABASE_URL").is_ok() { "PostgreSQL" } else { "SQLite" };
        println!(
            "http_load/{backend}: {} answer submissions by {concurrency} concurrent candidates in {:.2} s: \
             {:.0} req/s, p50 {:.1} ms, p99 {:.1} ms",
            latencies.len(),
            elapsed.as_secs_f64(),
            latencies.len() as f64 / elapsed.as_secs_f64(),
            percentile(&latencies, 0.50).as_secs_f64() * 1000.0,
            percentile(&latencies, 0.99).as_secs_f64() * 1000.0,
        );
        // Scoring runs in the background, taking turns: when the last score lands.
        let lag = scored_after(&http, &base, &prepared, interviews as u64).await;
        println!("http_load: all {interviews} interviews scored {:.2} s after the last answer", lag.as_secs_f64());
        dashboard_reads(&http, &base, &prepared.token).await;
        if let (Some(server_cpu), Some(client_cpu)) = (server_cpu, client_cpu) {
            let requests = latencies.len() as f64;
            println!(
                "http_load: CPU used: server {server_cpu:.2} s ({:.2} ms per answer), load client \
                 {client_cpu:.2} s, of {:.2} s available on {} cores",
                server_cpu * 1000.0 / requests,
                elapsed.as_secs_f64() * std::thread::available_parallelism().map_or(1.0, |n| n.get() as f64),
                std::thread::available_parallelism().map_or(1, std::num::NonZero::get),
            );
        }
    });
    drop(server);
}

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

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use panel::packages::{Package, SecretKey, TrustPolicy};
use serde_json::{Value, json};

const PASSWORD: &str = "hostile load password";
const NORMAL_INTERVIEWS: usize = 64;
const NORMAL_CONCURRENCY: usize = 16;
const HOSTILE_STARTS: usize = 72;
const SLOW_INTERVIEWS: usize = 8;
const ANSWER: &str = "At the time our line missed its target. My task was to find the bottleneck. I measured every \
                      station, moved two people and changed the changeover, and as a result output rose 18 percent.";

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn plugin_dir(var: &str) -> PathBuf {
    std::env::var_os(var)
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/wasm32-wasip2/plugin"))
}

fn component(dir: &Path, name: &str) -> Vec<u8> {
    let path = dir.join(format!("{}.wasm", name.replace('-', "_")));
    std::fs::read(&path)
        .unwrap_or_else(|e| panic!("{}: {e}; build the plugins first (cargo xtask build-plugins)", path.display()))
}

/// The first-party and hostile plugins, signed with a key of the bench's own
/// that the data directory's trust policy trusts.
fn stage_packages(data: &Path) {
    let key = SecretKey::generate("Bench vendor").expect("key");
    let packages = data.join("packages");
    std::fs::create_dir_all(&packages).expect("packages dir");
    let first_party = plugin_dir("PANEL_PLUGIN_DIR");
    let test = plugin_dir("PANEL_TEST_PLUGIN_DIR");
    let manifest_of = |name: &str| {
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("../plugins/{name}/plugin.toml")))
            .expect("first-party manifest")
    };
    let hostile_manifest = |id: &str, kind: &str| {
        format!(
            "[plugin]\nid = \"{id}\"\nname = \"{id}\"\nversion = \"1.0.0\"\nkind = \"{kind}\"\napi = \"0.1.0\"\nvendor = \"Bench\"\n"
        )
    };
    let parts = [
        ("bank-core", manifest_of("bank-core"), component(&first_party, "bank-core")),
        ("rubric-star", manifest_of("rubric-star"), component(&first_party, "rubric-star")),
        ("hostile-bank", hostile_manifest("hostile-bank", "question-bank"), component(&test, "hostile-bank")),
        ("hostile-rubric", hostile_manifest("hostile-rubric", "rubric"), component(&test, "hostile-rubric")),
    ];
    for (name, manifest, component) in parts {
        let signature = Some(key.sign_package(manifest.as_bytes(), &component));
        let package = Package { manifest: manifest.into_bytes(), component, signature };
        std::fs::write(packages.join(format!("{name}.panelpkg")), package.to_bytes().expect("pack")).expect("write");
    }
    let mut policy = TrustPolicy::default();
    policy.trust("Bench vendor", key.public());
    policy.write(&data.join("trust.toml")).expect("policy");
}

fn start_server(data: &Path) -> (Server, String) {
    let panel =
        std::env::var_os("PANEL_BENCH_PANEL").map_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_panel")), PathBuf::from);
    let mut child = Command::new(panel)
        .args(["serve", "--addr", "127.0.0.1:0", "--plugins"])
        .arg(data.join("packages"))
        .arg("--trust")
        .arg(data.join("trust.toml"))
        .arg("--data-dir")
        .arg(data)
        .env("PANEL_ADMIN_PASSWORD", PASSWORD)
        .env("RUST_LOG", "error")
        .env_remove("PANEL_DATABASE_URL")
        .stdout(Stdio::piped())
        .spawn()
        .expect("panel serve starts");
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

/// A request's JSON answer; `None` when it was refused (hostile starts may be).
async fn send(request: reqwest::RequestBuilder) -> Option<Value> {
    let response = request.send().await.ok()?;
    let ok = response.status().is_success();
    let body: Value = response.json().await.unwrap_or(Value::Null);
    ok.then_some(body)
}

struct Staff {
    http: reqwest::Client,
    base: String,
    token: String,
    department: i64,
}

impl Staff {
    async fn login(http: &reqwest::Client, base: &str) -> Self {
        let login = send(
            http.post(format!("{base}/api/v1/auth/login"))
                .json(&json!({"email": "admin@panel.local", "password": PASSWORD})),
        )
        .await
        .expect("login");
        let token = login["token"].as_str().expect("token").to_owned();
        let mut staff = Staff { http: http.clone(), base: base.to_owned(), token, department: 0 };
        let mut parent = None;
        for kind in ["region", "branch", "department"] {
            let unit = staff.post("/api/v1/org/units", json!({"kind": kind, "name": kind, "parent_id": parent})).await;
            parent = unit["id"].as_i64();
        }
        staff.department = parent.expect("department");
        staff
    }

    async fn post(&self, path: &str, body: Value) -> Value {
        send(self.http.post(format!("{}{path}", self.base)).bearer_auth(&self.token).json(&body))
            .await
            .unwrap_or_else(|| panic!("{path} refused"))
    }

    async fn put(&self, path: &str, body: Value) -> Value {
        send(self.http.put(format!("{}{path}", self.base)).bearer_auth(&self.token).json(&body))
            .await
            .unwrap_or_else(|| panic!("{path} refused"))
    }

    /// A job with `candidates` invited; their links.
    async fn job(&self, title: &str, candidates: usize) -> (i64, Vec<String>) {
        let job = json!({"department_id": self.department, "title": title, "industry": "manufacturing", "locale": "en",
            "dimensions": [{"id": "problem-solving", "name": "Problem solving", "weight": 1.0, "threshold": 6.0}]});
        let job = self.post("/api/v1/jobs", job).await["id"].as_i64().expect("job");
        let mut csv = String::from("name,email,external_ref\n");
        for i in 0..candidates {
            csv.push_str(&format!("Candidate {i},{title}-{i}@example.com,{title}-{i}\n"));
        }
        let request =
            self.http.post(format!("{}/api/v1/jobs/{job}/candidates/import", self.base)).bearer_auth(&self.token);
        let report = send(request.header("content-type", "text/csv").body(csv)).await.expect("import");
        let mut links = Vec::new();
        for row in report["rows"].as_array().expect("rows") {
            let application = row["application_id"].as_i64().expect("imported");
            let invitation = self.post(&format!("/api/v1/applications/{application}/invitations"), json!({})).await;
            links.push(invitation["token"].as_str().expect("token").to_owned());
        }
        (job, links)
    }

    /// Switches `plugin` on for `job` alone with `config`, off everywhere else.
    async fn only_for(&self, plugin: &str, job: i64, config: Value) {
        let organisation = json!({"kind": "organisation", "id": 1});
        self.put(
            "/api/v1/plugin-bindings",
            json!({"scope": organisation, "plugin_id": plugin, "requirement": "*", "enabled": false}),
        )
        .await;
        let scope = json!({"kind": "job", "id": job});
        self.put(
            "/api/v1/plugin-bindings",
            json!({"scope": scope, "plugin_id": plugin, "requirement": "*", "config": config}),
        )
        .await;
    }

    async fn scored(&self, job: i64) -> u64 {
        let ranking =
            send(self.http.get(format!("{}/api/v1/jobs/{job}/ranking?count=1", self.base)).bearer_auth(&self.token))
                .await;
        ranking.and_then(|r| r["scored"].as_u64()).unwrap_or(0)
    }
}

async fn start(http: &reqwest::Client, base: &str, link: &str) -> Option<Value> {
    let started =
        send(http.post(format!("{base}/api/v1/interview/start")).bearer_auth(link).json(&json!({"consent": true})))
            .await?;
    Some(started["current"].clone())
}

/// Starts and answers one interview; the latency of each answer.
async fn interview(http: reqwest::Client, base: String, link: String) -> Vec<Duration> {
    let mut current = start(&http, &base, &link).await.expect("a normal interview starts");
    let mut latencies = Vec::new();
    while current.is_object() {
        let body = json!({"question_id": current["id"], "text": ANSWER, "think_time_ms": 4000, "duration_ms": 60000});
        let t = Instant::now();
        let accepted = send(http.post(format!("{base}/api/v1/interview/answers")).bearer_auth(&link).json(&body))
            .await
            .expect("answer");
        latencies.push(t.elapsed());
        current = accepted["next"].clone();
    }
    latencies
}

/// Times `url`, one request every 20 ms, until `stop` turns true.
async fn probe(
    http: reqwest::Client,
    url: String,
    token: Option<String>,
    stop: tokio::sync::watch::Receiver<bool>,
) -> Vec<Duration> {
    let mut latencies = Vec::new();
    while !*stop.borrow() {
        let mut request = http.get(&url);
        if let Some(token) = &token {
            request = request.bearer_auth(token);
        }
        let t = Instant::now();
        let ok = request.send().await.is_ok_and(|r| r.status().is_success());
        latencies.push(t.elapsed());
        assert!(ok, "{url} failed");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    latencies
}

fn percentile(latencies: &mut [Duration], p: f64) -> f64 {
    latencies.sort();
    let index = ((latencies.len() as f64 - 1.0) * p).round() as usize;
    latencies[index.min(latencies.len() - 1)].as_secs_f64() * 1000.0
}

fn rss_mib(pid: u32) -> f64 {
    let statm = std::fs::read_to_string(format!("/proc/{pid}/statm")).unwrap_or_default();
    let pages: f64 = statm.split_whitespace().nth(1).and_then(|p| p.parse().ok()).unwrap_or(0.0);
    pages * 4096.0 / f64::from(1 << 20)
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
    let semaphore = std::sync::Arc::new(tokio::sync::Semaphore::new(NORMAL_CONCURRENCY));
    let mut tasks = Vec::new();
    for link in normal.1 {
        let permit = semaphore.clone().acquire_owned().await.expect("semaphore");
        let (http, base) = (http.clone(), base.clone());
        tasks.push(tokio::spawn(async move {
            let latencies = interview(http, base, link).await;
            drop(permit);
            latencies
        }));
    }
    let mut answers = Vec::new();
    for task in tasks {
        answers.extend(task.await.expect("interview"));
    }
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
    let (server, base) = start_server(data.path());
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

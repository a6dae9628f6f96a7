//! What the load benchmarks that run `panel serve` as its own process share:
//! packages signed with a key of the bench's own, the server, a staff
//! client, interviews answered in text, probes, percentiles and the server's
//! memory. Each benchmark uses its part of it.
#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use panel::packages::{Manifest, Package, SecretKey, TrustPolicy};
use serde_json::{Value, json};

pub const PASSWORD: &str = "bench load password";
/// A typed answer of the normal load.
pub const ANSWER: &str = "At the time our line missed its target. My task was to find the bottleneck. I measured every \
                          station, moved two people and changed the changeover, and as a result output rose 18 percent.";

pub struct Server(pub Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

pub fn plugin_dir(var: &str) -> PathBuf {
    std::env::var_os(var)
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/wasm32-wasip2/plugin"))
}

pub fn component(dir: &Path, name: &str) -> Vec<u8> {
    let path = dir.join(format!("{}.wasm", name.replace('-', "_")));
    std::fs::read(&path)
        .unwrap_or_else(|e| panic!("{}: {e}; build the plugins first (cargo xtask build-plugins)", path.display()))
}

/// A first-party plugin's manifest, as the repository has it.
pub fn first_party_manifest(name: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("../plugins/{name}/plugin.toml")))
        .expect("first-party manifest")
}

/// The first-party plugins (`PANEL_PLUGIN_DIR`) named, with their manifests.
pub fn first_party(names: &[&str]) -> Vec<(String, String, Vec<u8>)> {
    let dir = plugin_dir("PANEL_PLUGIN_DIR");
    names.iter().map(|n| ((*n).to_owned(), first_party_manifest(n), component(&dir, n))).collect()
}

/// `parts` (name, manifest, component) signed with a key of the bench's own
/// as packages under `data/packages`, and `data/trust.toml` trusting it.
pub fn stage_packages(data: &Path, parts: Vec<(String, String, Vec<u8>)>) {
    let key = SecretKey::generate("Bench vendor").expect("key");
    let packages = data.join("packages");
    std::fs::create_dir_all(&packages).expect("packages dir");
    let mut policy = TrustPolicy::default();
    for (name, manifest, component) in parts {
        // What production grants when asked: the embeddings a semantic rubric needs.
        let parsed = Manifest::parse(&manifest).expect("a valid manifest");
        if parsed.capabilities.embeddings {
            policy.grant(&parsed.id, &[], true);
        }
        let signature = Some(key.sign_package(manifest.as_bytes(), &component));
        let package = Package { manifest: manifest.into_bytes(), component, signature };
        std::fs::write(packages.join(format!("{name}.panelpkg")), package.to_bytes().expect("pack")).expect("write");
    }
    policy.trust("Bench vendor", key.public());
    policy.write(&data.join("trust.toml")).expect("policy");
}

/// `panel serve` on the staged packages with its data in `data`, and `args`.
pub fn start_server(data: &Path, args: &[&str]) -> (Server, String) {
    let panel =
        std::env::var_os("PANEL_BENCH_PANEL").map_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_panel")), PathBuf::from);
    let mut child = Command::new(panel)
        .args(["serve", "--addr", "127.0.0.1:0", "--plugins"])
        .arg(data.join("packages"))
        .arg("--trust")
        .arg(data.join("trust.toml"))
        .arg("--data-dir")
        .arg(data)
        .args(args)
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
pub async fn send(request: reqwest::RequestBuilder) -> Option<Value> {
    let response = request.send().await.ok()?;
    let ok = response.status().is_success();
    let body: Value = response.json().await.unwrap_or(Value::Null);
    ok.then_some(body)
}

pub struct Staff {
    pub http: reqwest::Client,
    pub base: String,
    pub token: String,
    pub department: i64,
}

impl Staff {
    pub async fn login(http: &reqwest::Client, base: &str) -> Self {
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

    pub async fn post(&self, path: &str, body: Value) -> Value {
        send(self.http.post(format!("{}{path}", self.base)).bearer_auth(&self.token).json(&body))
            .await
            .unwrap_or_else(|| panic!("{path} refused"))
    }

    pub async fn put(&self, path: &str, body: Value) -> Value {
        send(self.http.put(format!("{}{path}", self.base)).bearer_auth(&self.token).json(&body))
            .await
            .unwrap_or_else(|| panic!("{path} refused"))
    }

    /// A job with `candidates` invited; their links.
    pub async fn job(&self, title: &str, candidates: usize) -> (i64, Vec<String>) {
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
    pub async fn only_for(&self, plugin: &str, job: i64, config: Value) {
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

    pub async fn scored(&self, job: i64) -> u64 {
        let ranking =
            send(self.http.get(format!("{}/api/v1/jobs/{job}/ranking?count=1", self.base)).bearer_auth(&self.token))
                .await;
        ranking.and_then(|r| r["scored"].as_u64()).unwrap_or(0)
    }
}

pub async fn start(http: &reqwest::Client, base: &str, link: &str) -> Option<Value> {
    let started =
        send(http.post(format!("{base}/api/v1/interview/start")).bearer_auth(link).json(&json!({"consent": true})))
            .await?;
    Some(started["current"].clone())
}

/// Starts and answers one interview; the latency of each answer.
pub async fn interview(http: reqwest::Client, base: String, link: String) -> Vec<Duration> {
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
pub async fn probe(
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
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    latencies
}

pub fn percentile(latencies: &mut [Duration], p: f64) -> f64 {
    latencies.sort();
    let index = ((latencies.len() as f64 - 1.0) * p).round() as usize;
    latencies[index.min(latencies.len() - 1)].as_secs_f64() * 1000.0
}

pub fn rss_mib(pid: u32) -> f64 {
    let statm = std::fs::read_to_string(format!("/proc/{pid}/statm")).unwrap_or_default();
    let pages: f64 = statm.split_whitespace().nth(1).and_then(|p| p.parse().ok()).unwrap_or(0.0);
    pages * 4096.0 / f64::from(1 << 20)
}

/// The most the process was resident at (`VmHWM`), in MiB.
pub fn peak_rss_mib(pid: u32) -> f64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let kib: f64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.split_whitespace().next()?.parse().ok())
        .unwrap_or(0.0);
    kib / 1024.0
}

/// Typed interviews through `links`, `concurrency` candidates answering at
/// once; the latency of every answer.
pub async fn typed_load(staff: &Staff, links: Vec<String>, concurrency: usize) -> Vec<Duration> {
    let semaphore = std::sync::Arc::new(tokio::sync::Semaphore::new(concurrency));
    let mut tasks = Vec::new();
    for link in links {
        let permit = semaphore.clone().acquire_owned().await.expect("semaphore");
        let (http, base) = (staff.http.clone(), staff.base.clone());
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
    answers
}

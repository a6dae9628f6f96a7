//! `panel serve` killed with SIGKILL mid-work: after a restart nothing the
//! server acknowledged is missing and nothing is duplicated. The real
//! binary, the real plugins and the embedded SQLite database.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};

use reqwest::StatusCode;
use serde_json::{Value, json};
use support::plugins_dir;

mod support;

const PASSWORD: &str = "durability test password";

struct Server {
    child: Child,
    base: String,
}

impl Server {
    fn start(root: &Path) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_panel"))
            .args(["serve", "--addr", "127.0.0.1:0"])
            .arg("--plugins")
            .arg(root.join("plugins"))
            .arg("--trust")
            .arg(support::trust_policy(root))
            .arg("--data-dir")
            .arg(root.join("data"))
            .env("PANEL_ADMIN_PASSWORD", PASSWORD)
            .env_remove("PANEL_DATABASE_URL")
            .env_remove("RUST_LOG")
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("panel serve starts");
        let stdout = child.stdout.take().expect("stdout");
        let mut lines = BufReader::new(stdout).lines();
        let base = loop {
            let line = lines.next().expect("panel serve prints its address").expect("readable stdout");
            if let Some(rest) = line.strip_prefix("Panel is listening on ") {
                break rest.split_whitespace().next().expect("an address").to_owned();
            }
        };
        // Keep draining stdout so the server never blocks on a full pipe.
        std::thread::spawn(move || for _ in lines {});
        Server { child, base }
    }

    /// SIGKILL: no shutdown, no flushing, like a power cut to the process.
    fn kill(mut self) {
        self.child.kill().expect("kill");
        self.child.wait().expect("reaped");
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

struct Client {
    http: reqwest::Client,
    base: String,
    token: String,
}

impl Client {
    async fn login(server: &Server) -> Client {
        let http = reqwest::Client::new();
        let response: Value = http
            .post(format!("{}/api/v1/auth/login", server.base))
            .json(&json!({"email": "admin@panel.local", "password": PASSWORD}))
            .send()
            .await
            .expect("login")
            .json()
            .await
            .expect("json");
        Client { http, base: server.base.clone(), token: response["token"].as_str().expect("token").to_owned() }
    }

    async fn send(&self, path: &str, token: &str, body: Option<Value>) -> reqwest::Result<(StatusCode, Value)> {
        let request = match body {
            Some(body) => self.http.post(format!("{}{path}", self.base)).json(&body),
            None => self.http.get(format!("{}{path}", self.base)),
        };
        let response = request.bearer_auth(token).send().await?;
        let status = response.status();
        Ok((status, response.json().await.unwrap_or(Value::Null)))
    }

    async fn ok(&self, path: &str, body: Option<Value>) -> Value {
        let (status, body) = self.send(path, &self.token, body).await.expect("the server answers");
        assert!(status.is_success(), "{path}: {status} {body}");
        body
    }

    /// A department with a job; returns the job's id.
    async fn job(&self) -> i64 {
        let unit = |kind: &str, parent: Option<i64>| json!({"kind": kind, "name": kind, "parent_id": parent});
        let region = self.ok("/api/v1/org/units", Some(unit("region", None))).await["id"].as_i64();
        let branch = self.ok("/api/v1/org/units", Some(unit("branch", region))).await["id"].as_i64();
        let dept = self.ok("/api/v1/org/units", Some(unit("department", branch))).await["id"].as_i64();
        let job = json!({"department_id": dept, "title": "Supervisor", "industry": "manufacturing", "locale": "en",
            "dimensions": [{"id": "problem-solving", "name": "Problem solving", "weight": 1.0, "threshold": 6.0}]});
        self.ok("/api/v1/jobs", Some(job)).await["id"].as_i64().expect("job id")
    }
}

const ANSWER: &str = "At the time our line missed its target. My task was to find the bottleneck. I measured every \
                      station, moved two people and changed the changeover, and as a result output rose 18 percent.";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn answers_acknowledged_before_a_sigkill_survive_it_once() {
    let root = tempfile::tempdir().expect("temp dir");
    plugins_dir(root.path());
    let server = Server::start(root.path());
    let admin = Client::login(&server).await;
    let job = admin.job().await;
    let added = admin
        .ok(&format!("/api/v1/jobs/{job}/candidates"), Some(json!({"name": "Li Na", "email": "li@example.com"})))
        .await;
    let application = added["application"]["id"].as_i64().expect("application");
    let link = admin.ok(&format!("/api/v1/applications/{application}/invitations"), Some(json!({}))).await["token"]
        .as_str()
        .expect("token")
        .to_owned();
    let (_, started) =
        admin.send("/api/v1/interview/start", &link, Some(json!({"consent": true}))).await.expect("start");
    let mut current = started["current"].clone();
    let mut acknowledged = Vec::new();
    let submission =
        |q: &Value| json!({"question_id": q["id"], "text": ANSWER, "think_time_ms": 4000, "duration_ms": 50000});
    for _ in 0..3 {
        let (status, accepted) =
            admin.send("/api/v1/interview/answers", &link, Some(submission(&current))).await.expect("answer");
        assert_eq!(status, StatusCode::OK, "{accepted}");
        acknowledged.push(current["id"].as_str().expect("id").to_owned());
        current = accepted["next"].clone();
    }
    // The fourth answer is in flight when the process dies.
    let in_flight = submission(&current);
    let sender = {
        let (http, base, link, body) = (admin.http.clone(), admin.base.clone(), link.clone(), in_flight.clone());
        tokio::spawn(async move {
            http.post(format!("{base}/api/v1/interview/answers")).bearer_auth(link).json(&body).send().await
        })
    };
    tokio::time::sleep(std::time::Duration::from_millis(2)).await;
    server.kill();
    let fourth_acknowledged = matches!(sender.await.expect("joined"), Ok(r) if r.status() == StatusCode::OK);

    let server = Server::start(root.path());
    let admin = Client::login(&server).await;
    let (_, status) = admin.send("/api/v1/interview", &link, None).await.expect("status after restart");
    let answered = status["answered"].as_u64().expect("answered") as usize;
    assert!(answered >= acknowledged.len() + usize::from(fourth_acknowledged), "{status}");
    // Retrying the in-flight answer is safe whether or not it was stored.
    let (code, retried) = admin.send("/api/v1/interview/answers", &link, Some(in_flight)).await.expect("retry");
    assert_eq!(code, StatusCode::OK, "{retried}");
    assert_eq!(retried["replayed"], json!(answered > acknowledged.len()), "{retried}");
    let (_, finished) = admin.send("/api/v1/interview/finish", &link, Some(json!({}))).await.expect("finish");
    assert_eq!(finished["answered"], json!(acknowledged.len() + 1), "{finished}");
    let sessions = admin.ok(&format!("/api/v1/applications/{application}/sessions"), None).await;
    let session = sessions[0]["id"].as_i64().expect("session");
    let report = admin.ok(&format!("/api/v1/sessions/{session}/report"), None).await;
    let answered_ids: Vec<&str> = report["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter(|i| i["answer"].is_object())
        .filter_map(|i| i["question"]["id"].as_str())
        .collect();
    for id in &acknowledged {
        assert_eq!(answered_ids.iter().filter(|a| *a == id).count(), 1, "{id} is in the report once: {answered_ids:?}");
    }
    assert_eq!(answered_ids.len(), acknowledged.len() + 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bulk_import_cut_by_sigkill_loses_and_duplicates_nothing() {
    let root = tempfile::tempdir().expect("temp dir");
    plugins_dir(root.path());
    let server = Server::start(root.path());
    let admin = Client::login(&server).await;
    let job = admin.job().await;
    const ROWS: usize = 3000;
    let mut csv = String::from("name,email,external_ref\n");
    for i in 0..ROWS {
        csv.push_str(&format!("Candidate {i},c{i}@example.com,ats-{i}\n"));
    }
    let import = format!("{}/api/v1/jobs/{job}/candidates/import", admin.base);
    let sender = {
        let (http, url, token, body) = (admin.http.clone(), import.clone(), admin.token.clone(), csv.clone());
        tokio::spawn(async move {
            http.post(url).bearer_auth(token).header("content-type", "text/csv").body(body).send().await
        })
    };
    // Kill once some rows are in but (almost certainly) not all.
    let applications = format!("/api/v1/jobs/{job}/applications");
    for _ in 0..2000 {
        let count = admin.ok(&applications, None).await.as_array().map_or(0, Vec::len);
        if count >= 50 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    }
    server.kill();
    let finished = matches!(sender.await.expect("joined"), Ok(r) if r.status() == StatusCode::OK);

    let server = Server::start(root.path());
    let admin = Client::login(&server).await;
    let kept = admin.ok(&applications, None).await.as_array().map_or(0, Vec::len);
    assert!(kept >= 50, "rows committed before the kill are kept ({kept})");
    assert!(finished || kept < ROWS, "the kill came mid-import");
    // The same file again: the kept rows are found, the rest created, none twice.
    let response = admin
        .http
        .post(format!("{}/api/v1/jobs/{job}/candidates/import", admin.base))
        .bearer_auth(&admin.token)
        .header("content-type", "text/csv")
        .body(csv)
        .send()
        .await
        .expect("re-import");
    let report: Value = response.json().await.expect("report");
    assert_eq!(report["existing"], json!(kept), "{}", report["existing"]);
    assert_eq!(report["created"], json!(ROWS - kept));
    assert_eq!(report["failed"], json!(0));
    let all = admin.ok(&applications, None).await;
    let all = all.as_array().expect("applications");
    assert_eq!(all.len(), ROWS);
    let candidates: std::collections::HashSet<i64> = all.iter().filter_map(|a| a["candidate_id"].as_i64()).collect();
    assert_eq!(candidates.len(), ROWS, "one candidate per row, none duplicated");
}

//! A `panel serve` process for tests, and an administrator's client for it.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};

use reqwest::StatusCode;
use serde_json::{Value, json};

pub const PASSWORD: &str = "durability test password";

/// A `panel serve` process.
pub struct Server {
    child: Child,
    pub base: String,
}

impl Server {
    /// `panel serve` on the packages and trust policy [`super::plugins_dir`]
    /// staged under `root`, with its data in `root/data`.
    pub fn start(root: &Path) -> Server {
        Self::start_with(root, &[], None)
    }

    /// The same with extra arguments, and on the PostgreSQL database at
    /// `database_url` when given.
    pub fn start_with(root: &Path, args: &[&str], database_url: Option<&str>) -> Server {
        let mut command = Command::new(env!("CARGO_BIN_EXE_panel"));
        command
            .args(["serve", "--addr", "127.0.0.1:0"])
            .args(args)
            .arg("--plugins")
            .arg(root.join("plugins"))
            .arg("--trust")
            .arg(super::trust_policy(root))
            .arg("--data-dir")
            .arg(root.join("data"));
        match database_url {
            Some(url) => command.env("PANEL_DATABASE_URL", url),
            None => command.env_remove("PANEL_DATABASE_URL"),
        };
        Self::spawn(command)
    }

    /// `panel serve --data-dir DATA` and nothing else, as an administrator
    /// runs it: the packages, trust policy and database are the data
    /// directory's, where `panel plugin install --data-dir DATA` puts a
    /// vendor's package (see [`super::first_party_in_data_dir`]).
    pub fn start_on_data_dir(data: &Path) -> Server {
        let mut command = Command::new(env!("CARGO_BIN_EXE_panel"));
        command.args(["serve", "--addr", "127.0.0.1:0", "--data-dir"]).arg(data);
        for set_elsewhere in ["PANEL_DATABASE_URL", "PANEL_PLUGIN_DIR", "PANEL_TRUST_POLICY"] {
            command.env_remove(set_elsewhere);
        }
        Self::spawn(command)
    }

    fn spawn(mut command: Command) -> Server {
        command.env("PANEL_ADMIN_PASSWORD", PASSWORD).env_remove("RUST_LOG");
        let mut child = command.stdout(Stdio::piped()).stderr(Stdio::inherit()).spawn().expect("panel serve starts");
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

    /// The process id, which names this node's workers (`host-PID-n`).
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// SIGKILL: no shutdown, no flushing, like a power cut to the process.
    pub fn kill(mut self) {
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

/// The administrator's HTTP client.
pub struct Client {
    pub http: reqwest::Client,
    pub base: String,
    pub token: String,
}

impl Client {
    pub async fn login(server: &Server) -> Client {
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

    pub async fn send(&self, path: &str, token: &str, body: Option<Value>) -> reqwest::Result<(StatusCode, Value)> {
        let request = match body {
            Some(body) => self.http.post(format!("{}{path}", self.base)).json(&body),
            None => self.http.get(format!("{}{path}", self.base)),
        };
        let response = request.bearer_auth(token).send().await?;
        let status = response.status();
        Ok((status, response.json().await.unwrap_or(Value::Null)))
    }

    pub async fn ok(&self, path: &str, body: Option<Value>) -> Value {
        let (status, body) = self.send(path, &self.token, body).await.expect("the server answers");
        assert!(status.is_success(), "{path}: {status} {body}");
        body
    }

    /// PUT with a JSON body, expecting success.
    pub async fn put(&self, path: &str, body: Value) -> Value {
        let response = self
            .http
            .put(format!("{}{path}", self.base))
            .bearer_auth(&self.token)
            .json(&body)
            .send()
            .await
            .expect("answers");
        let status = response.status();
        let body: Value = response.json().await.unwrap_or(Value::Null);
        assert!(status.is_success(), "{path}: {status} {body}");
        body
    }

    /// Imports candidates for a job from CSV; returns the import report.
    pub async fn import_csv(&self, job: i64, csv: String) -> Value {
        let response = self
            .http
            .post(format!("{}/api/v1/jobs/{job}/candidates/import", self.base))
            .bearer_auth(&self.token)
            .header("content-type", "text/csv")
            .body(csv)
            .send()
            .await
            .expect("the import is answered");
        response.json().await.expect("an import report")
    }

    /// A department with a job; returns the job's id.
    pub async fn job(&self) -> i64 {
        let unit = |kind: &str, parent: Option<i64>| json!({"kind": kind, "name": kind, "parent_id": parent});
        let region = self.ok("/api/v1/org/units", Some(unit("region", None))).await["id"].as_i64();
        let branch = self.ok("/api/v1/org/units", Some(unit("branch", region))).await["id"].as_i64();
        let dept = self.ok("/api/v1/org/units", Some(unit("department", branch))).await["id"].as_i64();
        let job = json!({"department_id": dept, "title": "Supervisor", "industry": "manufacturing", "locale": "en",
            "dimensions": [{"id": "problem-solving", "name": "Problem solving", "weight": 1.0, "threshold": 6.0}]});
        self.ok("/api/v1/jobs", Some(job)).await["id"].as_i64().expect("job id")
    }
}

//! `cargo xtask fuzz-api`: Panel's HTTP API fuzzed from its own OpenAPI
//! document with Schemathesis (PyPI), against a real `panel serve` on a
//! fresh data directory with the first-party plugins, signed in as its
//! administrator. It fails on any server error (5xx) and on any response the
//! document does not describe (status, media type, headers or schema).
//! Bounded: `--max-time SECONDS` (default 300) and `--max-examples N` per
//! operation (default 30) go to Schemathesis.

use std::ffi::OsString;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};

use crate::python;

const ADMIN_PASSWORD: &str = "fuzzing password 2026";
const CHECKS: &str = "not_a_server_error,status_code_conformance,content_type_conformance,\
                      response_headers_conformance,response_schema_conformance,negative_data_rejection";

/// The server and whatever else must stop when the run ends.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Runs the fuzzer against a server started from `panel` with the packages
/// and trust policy given; `rest` are extra arguments for Schemathesis.
pub fn run(panel: &Path, packages: &Path, trust: &Path, work: &Path, rest: Vec<OsString>) -> Result<()> {
    let data = work.join("data");
    let _ = std::fs::remove_dir_all(&data);
    std::fs::create_dir_all(&data).with_context(|| format!("creating {}", data.display()))?;
    let schemathesis = python::venv("schemathesis", python::API_FUZZER)?;
    let schemathesis = schemathesis.with_file_name("schemathesis");

    let mut child = Command::new(panel)
        .args(["serve", "--addr", "127.0.0.1:0", "--plugins"])
        .arg(packages)
        .arg("--trust")
        .arg(trust)
        .arg("--data-dir")
        .arg(&data)
        .env("PANEL_ADMIN_PASSWORD", ADMIN_PASSWORD)
        .env("RUST_LOG", "panel=warn")
        .stdout(Stdio::piped())
        .spawn()
        .context("starting panel serve")?;
    let stdout = child.stdout.take().context("panel serve's output")?;
    let server = Server(child);
    let addr = listening_address(stdout)?;
    eprintln!("xtask: panel serve is on {addr}; signing in and fuzzing its API");
    let token = sign_in(&addr)?;

    let mut args: Vec<OsString> = vec![
        "run".into(),
        format!("http://{addr}/api/openapi.json").into(),
        "--checks".into(),
        CHECKS.into(),
        "--header".into(),
        format!("Authorization: Bearer {token}").into(),
        // Signing out would end the fuzzer's own sign-in.
        "--exclude-path".into(),
        "/api/v1/auth/logout".into(),
        "--workers".into(),
        "2".into(),
    ];
    let given = |flag: &str| rest.iter().any(|a| a.to_str().is_some_and(|a| a.starts_with(flag)));
    if !given("--max-time") {
        args.extend(["--max-time".into(), "300".into()]);
    }
    if !given("--max-examples") {
        args.extend(["--max-examples".into(), "30".into()]);
    }
    args.extend(rest);
    let status = Command::new(&schemathesis).args(&args).status().context("running schemathesis")?;
    drop(server);
    if !status.success() {
        bail!("the fuzzer found responses the OpenAPI document does not describe, or server errors (see above)");
    }
    Ok(())
}

/// Reads `panel serve`'s output until it says where it listens; the rest
/// of its output is passed through.
fn listening_address(stdout: impl Read + Send + 'static) -> Result<String> {
    let mut lines = BufReader::new(stdout).lines();
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(120) {
        let Some(line) = lines.next() else { break };
        let line = line.context("reading panel serve's output")?;
        if let Some(rest) = line.strip_prefix("Panel is listening on http://") {
            let addr = rest.split_whitespace().next().unwrap_or_default().to_owned();
            std::thread::spawn(move || lines.for_each(drop));
            return Ok(addr);
        }
    }
    bail!("panel serve did not say where it listens")
}

/// Signs in as the administrator over plain HTTP/1.1 and returns the token.
fn sign_in(addr: &str) -> Result<String> {
    let body = format!(r#"{{"email":"admin@panel.local","password":"{ADMIN_PASSWORD}"}}"#);
    let mut stream = TcpStream::connect(addr).with_context(|| format!("connecting to {addr}"))?;
    write!(
        stream,
        "POST /api/v1/auth/login HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )?;
    let mut response = String::new();
    stream.read_to_string(&mut response)?;
    let token = response
        .split("\"token\":\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .with_context(|| format!("signing in failed: {}", response.lines().next().unwrap_or_default()))?;
    Ok(token.to_owned())
}

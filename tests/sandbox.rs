//! Hostile plugins, built from source, each contained with a specific error
//! naming the plugin, followed by successful calls to good plugins in the
//! same process.

use std::sync::{Arc, OnceLock};
use std::time::Duration;

use panel::kinds::{Connector, Rubric};
use panel::runtime::{Failure, Grants, LoadError, LoadedPlugin, PluginError, PluginRuntime};
use panel_e2e::{STRONG_EN, answer, behavioural_question, load, plugin_wasm, runtime, supervisor_job};
use semver::Version;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

struct Shared {
    runtime: PluginRuntime,
    hostile: Arc<LoadedPlugin>,
    star: Arc<LoadedPlugin>,
}

/// One runtime for the whole file, as in a server: hostile calls run beside good ones.
fn shared() -> &'static Shared {
    static SHARED: OnceLock<Shared> = OnceLock::new();
    SHARED.get_or_init(|| {
        let runtime = runtime();
        let hostile = load(&runtime, "hostile-rubric", Grants::none());
        let star = load(&runtime, "rubric-star", Grants::none());
        Shared { runtime, hostile, star }
    })
}

async fn attack(name: &str) -> PluginError {
    let rubric = shared().hostile.rubric(&format!(r#"{{"attack":"{name}"}}"#)).expect("a rubric");
    let error = rubric
        .score(&supervisor_job(), &behavioural_question("en"), &answer("en", "an answer"))
        .await
        .expect_err("the attack must not succeed");
    assert_eq!(error.plugin.id, "hostile-rubric");
    assert!(error.to_string().contains("hostile-rubric@0.1.0"), "error names the plugin: {error}");
    error
}

/// The host keeps serving: a first-party plugin and the hostile one in good
/// mode both answer correctly after the attack.
async fn assert_still_serving() {
    let job = supervisor_job();
    let question = behavioural_question("en");
    let star = shared().star.rubric("{}").expect("a rubric");
    let scores = star.score(&job, &question, &answer("en", STRONG_EN)).await.expect("rubric-star still serves");
    assert_eq!(scores.len(), 1);
    assert!(scores[0].score > 7.0, "a full STAR answer scores high: {}", scores[0].score);

    let calm = shared().hostile.rubric("{}").expect("a rubric");
    let scores = calm.score(&job, &question, &answer("en", "fine")).await.expect("hostile plugin in good mode");
    assert_eq!(scores[0].score, 6.0);
}

#[tokio::test]
async fn an_infinite_loop_is_stopped_at_the_deadline() {
    let error = attack("infinite-loop").await;
    assert_eq!(error.failure, Failure::Timeout { limit_ms: 1500 });
    assert!(error.is_retryable() && error.is_fault());
    assert_still_serving().await;
}

#[tokio::test]
async fn a_memory_bomb_hits_the_memory_cap() {
    let error = attack("memory-bomb").await;
    assert_eq!(error.failure, Failure::MemoryLimit { limit_bytes: 32 << 20 });
    assert_still_serving().await;
}

#[tokio::test]
async fn runaway_recursion_overflows_the_stack() {
    let error = attack("stack-overflow").await;
    assert_eq!(error.failure, Failure::StackOverflow);
    assert_still_serving().await;
}

#[tokio::test]
async fn a_panic_is_contained() {
    let error = attack("panic").await;
    assert_eq!(error.failure, Failure::Panicked);
    assert_still_serving().await;
}

#[tokio::test]
async fn reading_etc_passwd_is_refused() {
    let error = attack("read-file").await;
    match &error.failure {
        Failure::Returned { code, message, .. } => {
            assert_eq!(code, "capability-denied");
            assert!(message.contains("/etc/passwd"), "{message}");
            assert!(!message.contains("root:"), "file contents leaked: {message}");
        }
        other => panic!("expected the plugin's own refusal, got {other:?}"),
    }
    assert_still_serving().await;
}

#[tokio::test]
async fn the_environment_is_empty() {
    let rubric = shared().hostile.rubric(r#"{"attack":"env"}"#).expect("a rubric");
    let scores = rubric
        .score(&supervisor_job(), &behavioural_question("en"), &answer("en", "x"))
        .await
        .expect("reading the environment is allowed, it is just empty");
    assert_eq!(scores[0].explanation, "", "a plugin must see no environment variables");
    assert_still_serving().await;
}

#[tokio::test]
async fn a_huge_output_is_refused() {
    let error = attack("huge-output").await;
    match error.failure {
        Failure::OutputTooLarge { size, limit } => {
            assert!(size > 8 << 20, "size {size}");
            assert_eq!(limit, 1 << 20);
        }
        other => panic!("expected OutputTooLarge, got {other:?}"),
    }
    assert_still_serving().await;
}

#[tokio::test]
async fn a_log_flood_is_stopped() {
    let error = attack("log-flood").await;
    assert_eq!(error.failure, Failure::LogFlood { limit_lines: 10_000 });
    assert_still_serving().await;
}

#[tokio::test]
async fn embeddings_are_refused_unless_granted() {
    let error = attack("embeddings").await;
    assert_eq!(error.failure, Failure::CapabilityDenied { capability: "embeddings".into() });

    // Granted, the host answers with its documented "not available" error.
    let granted = load(&shared().runtime, "hostile-rubric", Grants { embeddings: true, ..Grants::none() });
    let rubric = granted.rubric(r#"{"attack":"embeddings"}"#).expect("a rubric");
    let error = rubric
        .score(&supervisor_job(), &behavioural_question("en"), &answer("en", "x"))
        .await
        .expect_err("no model is loaded yet");
    match error.failure {
        Failure::Returned { message, retryable, .. } => {
            assert!(message.contains("NotAvailable") && message.contains("no embedding model"), "{message}");
            assert!(retryable);
        }
        other => panic!("expected the plugin's report of NotAvailable, got {other:?}"),
    }
    assert_still_serving().await;
}

#[tokio::test]
async fn a_score_outside_0_to_10_is_invalid_output() {
    let error = attack("out-of-range").await;
    match error.failure {
        Failure::InvalidOutput { reason } => assert!(reason.contains("outside 0–10"), "{reason}"),
        other => panic!("expected InvalidOutput, got {other:?}"),
    }
    assert_still_serving().await;
}

#[tokio::test]
async fn a_plugin_for_an_unsupported_api_version_is_refused_before_compiling() {
    let runtime = runtime();
    let before = runtime.stats();
    let error = runtime
        .load("future-api", Version::new(1, 0, 0), &plugin_wasm("future-api"), Grants::none())
        .expect_err("0.9.0 is outside the supported range");
    match &error {
        LoadError::UnsupportedApiVersion { plugin, found, supported } => {
            assert_eq!(plugin.id, "future-api");
            assert_eq!(*found, Version::new(0, 9, 0));
            assert_eq!(*supported, ">=0.1.0, <0.3.0");
        }
        other => panic!("expected UnsupportedApiVersion, got {other}"),
    }
    let message = error.to_string();
    assert!(message.contains("future-api@1.0.0") && message.contains("0.9.0") && message.contains(">=0.1.0, <0.3.0"));
    assert_eq!(runtime.stats(), before, "nothing was compiled or loaded");
    assert_still_serving().await;
}

/// A one-shot HTTP server on loopback; returns its port and a handle that
/// yields the request it received, if any.
async fn one_shot_server() -> (u16, tokio::task::JoinHandle<Option<String>>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind loopback");
    let port = listener.local_addr().expect("address").port();
    let handle = tokio::spawn(async move {
        let accepted = tokio::time::timeout(Duration::from_secs(5), listener.accept()).await;
        let Ok(Ok((mut socket, _))) = accepted else { return None };
        let request = read_request(&mut socket).await;
        let body = "applied";
        let response = format!("HTTP/1.1 200 OK\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}", body.len());
        let _ = socket.write_all(response.as_bytes()).await;
        Some(request)
    });
    (port, handle)
}

/// Reads one HTTP/1.1 request: the head, then as many body bytes as its
/// content-length says (the client may send them in separate writes).
pub(crate) async fn read_request(socket: &mut tokio::net::TcpStream) -> String {
    let mut request = Vec::new();
    let mut chunk = [0u8; 4096];
    loop {
        let text = String::from_utf8_lossy(&request).into_owned();
        if let Some(head_end) = text.find("\r\n\r\n") {
            let length = text[..head_end]
                .lines()
                .filter_map(|l| l.split_once(':'))
                .find(|(k, _)| k.trim().eq_ignore_ascii_case("content-length"))
                .and_then(|(_, v)| v.trim().parse::<usize>().ok())
                .unwrap_or(0);
            if request.len() >= head_end + 4 + length {
                return text;
            }
        }
        match tokio::time::timeout(Duration::from_secs(5), socket.read(&mut chunk)).await {
            Ok(Ok(n)) if n > 0 => request.extend_from_slice(&chunk[..n]),
            _ => return String::from_utf8_lossy(&request).into_owned(),
        }
    }
}

pub(crate) fn hired_event() -> panel::domain::LifecycleEvent {
    panel::domain::LifecycleEvent {
        id: "evt-1".into(),
        kind: "candidate.hired".into(),
        candidate_id: "cand-1".into(),
        job_id: "job-supervisor".into(),
        stage: "onboarding".into(),
        occurred_at: "2026-11-22T10:00:00Z".into(),
        payload: r#"{"grade":"M2"}"#.into(),
    }
}

#[tokio::test]
async fn http_to_a_host_not_granted_is_refused_and_never_sent() {
    let (port, server) = one_shot_server().await;
    let plugin = load(&shared().runtime, "hostile-connector", Grants::none());
    let connector = plugin.connector(&format!(r#"{{"url":"http://127.0.0.1:{port}/hire"}}"#)).expect("a connector");
    let error = connector.handle(&hired_event()).await.expect_err("no host is granted");
    assert_eq!(error.failure, Failure::CapabilityDenied { capability: format!("outbound HTTP to 127.0.0.1:{port}") });
    assert!(error.to_string().contains("hostile-connector@0.1.0"));
    server.abort();
    assert!(server.await.is_err(), "the server was aborted while still waiting: nothing connected");
    assert_still_serving().await;
}

#[tokio::test]
async fn http_to_a_granted_host_goes_through() {
    let (port, server) = one_shot_server().await;
    let grants = Grants { outbound_hosts: vec![format!("127.0.0.1:{port}").parse().expect("grant")], ..Grants::none() };
    let plugin = load(&shared().runtime, "hostile-connector", grants);
    let connector = plugin.connector(&format!(r#"{{"url":"http://127.0.0.1:{port}/hire"}}"#)).expect("a connector");
    let outcome = connector.handle(&hired_event()).await.expect("granted host is reachable");
    assert_eq!(outcome, panel::domain::Outcome::Applied("applied".into()));
    let request = server.await.expect("server task").expect("a request arrived");
    assert!(request.starts_with("POST /hire HTTP/1.1"), "{request}");
    assert!(request.to_ascii_lowercase().contains("idempotency-key: evt-1"), "{request}");
    assert!(request.ends_with(r#"{"grade":"M2"}"#), "{request}");
}

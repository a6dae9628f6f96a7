//! `panel serve` killed with SIGKILL while it transcribes recorded answers:
//! after a restart every queued answer is transcribed, each exactly once.
//! The real binary with the real models (`cargo xtask models`), espeak-ng's
//! speech as WebM/Opus, and the embedded SQLite database.

use std::path::PathBuf;
use std::time::Duration;

use panel_ml::testing::{read_wav, resample, speak, webm_opus};
use reqwest::StatusCode;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use crate::support::plugins_dir;
use crate::support::server::{Client, Server};

const SAID: [&str; 3] = [
    "I asked my manager to review my work every week.",
    "Our team finished the project two weeks early.",
    "The customer was happy with the new plan.",
];

fn models_dir() -> PathBuf {
    let dir = std::env::var_os("PANEL_MODELS")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/models"));
    assert!(
        dir.join("manifest.json").exists(),
        "{}: the on-device models are not installed; run `cargo xtask models` (`cargo xtask test` builds them)",
        dir.display()
    );
    dir
}

fn start(root: &std::path::Path, models: &str) -> Server {
    let args = ["--models", models, "--transcription-workers", "1", "--transcription-lease-secs", "3"];
    Server::start_with(root, &args, None)
}

/// Uploads `bytes` as the recording of `question` in one chunk; returns its `media_ref`.
async fn upload(admin: &Client, link: &str, question: &Value, bytes: Vec<u8>) -> String {
    let body = json!({"question_id": question["id"], "content_type": "audio/webm"});
    let (status, created) = admin.send("/api/v1/interview/uploads", link, Some(body)).await.expect("create");
    assert_eq!(status, StatusCode::CREATED, "{created}");
    let id = created["id"].as_str().expect("id").to_owned();
    let sha: String = Sha256::digest(&bytes).iter().map(|b| format!("{b:02x}")).collect();
    let len = bytes.len();
    let sent = admin
        .http
        .put(format!("{}/api/v1/interview/uploads/{id}?offset=0", admin.base))
        .bearer_auth(link)
        .header("content-type", "application/octet-stream")
        .body(bytes)
        .send()
        .await
        .expect("chunk");
    assert_eq!(sent.status(), StatusCode::OK);
    let path = format!("/api/v1/interview/uploads/{id}/complete");
    let (status, done) = admin.send(&path, link, Some(json!({"total_bytes": len, "sha256": sha}))).await.expect("done");
    assert_eq!(status, StatusCode::OK, "{done}");
    done["media_ref"].as_str().expect("media_ref").to_owned()
}

async fn transcription(admin: &Client, session: i64) -> Value {
    admin.ok(&format!("/api/v1/sessions/{session}/transcription"), None).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn recordings_queued_before_a_sigkill_are_transcribed_once_after_a_restart() {
    let models = models_dir();
    let models = models.to_str().expect("a UTF-8 path");
    let root = tempfile::tempdir().expect("temp dir");
    plugins_dir(root.path());
    let server = start(root.path(), models);
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
    let start_body = json!({"consent": true, "consent_recording": true});
    let (_, started) = admin.send("/api/v1/interview/start", &link, Some(start_body)).await.expect("start");
    let mut current = started["current"].clone();
    for said in SAID {
        let (samples, rate) = read_wav(&speak("en-us", said));
        let media_ref = upload(&admin, &link, &current, webm_opus(&resample(&samples, rate, 48_000))).await;
        let body = json!({"question_id": current["id"], "text": "", "think_time_ms": 1000, "duration_ms": 4000,
            "media_ref": media_ref});
        let (status, accepted) = admin.send("/api/v1/interview/answers", &link, Some(body)).await.expect("answer");
        assert_eq!(status, StatusCode::OK, "{accepted}");
        current = accepted["next"].clone();
    }
    let (_, _) = admin.send("/api/v1/interview/finish", &link, Some(json!({}))).await.expect("finish");
    let sessions = admin.ok(&format!("/api/v1/applications/{application}/sessions"), None).await;
    let session = sessions[0]["id"].as_i64().expect("session");

    // Killed while a recording is being transcribed.
    let mut running = false;
    for _ in 0..600 {
        let status = transcription(&admin, session).await;
        if status["items"].as_array().is_some_and(|items| items.iter().any(|i| i["state"] == "running")) {
            running = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(running, "no transcription started: {}", transcription(&admin, session).await);
    server.kill();

    let server = start(root.path(), models);
    let admin = Client::login(&server).await;
    let mut status = transcription(&admin, session).await;
    for _ in 0..1800 {
        if status["transcribed"] == 3 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
        status = transcription(&admin, session).await;
    }
    assert_eq!((status["transcribed"].as_u64(), status["by_machine"].as_u64()), (Some(3), Some(3)), "{status}");
    let trail = admin.ok(&format!("/api/v1/audit?subject=session:{session}"), None).await;
    for item in status["items"].as_array().expect("items") {
        let answer = format!("answer:{} ", item["answer_id"]);
        let written = trail
            .as_array()
            .expect("trail")
            .iter()
            .filter(|e| {
                e["action"] == "answer.transcribe" && e["detail"].as_str().is_some_and(|d| d.starts_with(&answer))
            })
            .count();
        assert_eq!(written, 1, "{answer}transcribed once: {trail}");
    }
    // The interview is scored once the last transcript is in.
    let mut report = admin.ok(&format!("/api/v1/sessions/{session}/report"), None).await;
    for _ in 0..100 {
        if report["recommendation"].is_object() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
        report = admin.ok(&format!("/api/v1/sessions/{session}/report"), None).await;
    }
    assert!(report["recommendation"].is_object(), "{report}");
}

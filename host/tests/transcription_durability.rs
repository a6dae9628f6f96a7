//! `panel serve` killed with SIGKILL while it transcribes recorded answers:
//! after a restart every queued answer is transcribed, each exactly once. And
//! two nodes on one PostgreSQL database sharing a queue of fifty recordings
//! (only when `PANEL_TEST_POSTGRES_URL` is set; CI sets it).
//! The real binary with the real models (`cargo xtask models`), espeak-ng's
//! speech as WebM/Opus, and the embedded SQLite database.

use std::path::PathBuf;
use std::time::Duration;

use panel_ml::testing::{read_wav, resample, speak, webm_opus};
use reqwest::StatusCode;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use crate::support::server::{Client, Server};
use crate::support::{fresh_database, plugins_dir};

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

fn start(root: &std::path::Path, models: &str, database_url: Option<&str>) -> Server {
    let args = ["--models", models, "--transcription-workers", "1", "--transcription-lease-secs", "3"];
    Server::start_with(root, &args, database_url)
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

/// Each sentence spoken by espeak-ng, as WebM/Opus.
fn spoken(said: &[&str]) -> Vec<Vec<u8>> {
    said.iter()
        .map(|text| {
            let (samples, rate) = read_wav(&speak("en-us", text));
            webm_opus(&resample(&samples, rate, 48_000))
        })
        .collect()
}

/// A candidate of `job` invited and interviewed, each clip in turn recorded
/// as the answer to the next question (while there is one), then finished.
/// Returns the session and how many answers were recorded.
async fn recorded_interview(admin: &Client, job: i64, name: &str, clips: &[Vec<u8>]) -> (i64, usize) {
    let email = format!("{}@example.com", name.to_lowercase().replace(' ', "."));
    let added = admin.ok(&format!("/api/v1/jobs/{job}/candidates"), Some(json!({"name": name, "email": email}))).await;
    let application = added["application"]["id"].as_i64().expect("application");
    let link = admin.ok(&format!("/api/v1/applications/{application}/invitations"), Some(json!({}))).await["token"]
        .as_str()
        .expect("token")
        .to_owned();
    let start_body = json!({"consent": true, "consent_recording": true});
    let (status, started) = admin.send("/api/v1/interview/start", &link, Some(start_body)).await.expect("start");
    assert_eq!(status, StatusCode::OK, "{started}");
    let mut current = started["current"].clone();
    let mut recorded = 0;
    for clip in clips {
        if !current.is_object() {
            break;
        }
        let media_ref = upload(admin, &link, &current, clip.clone()).await;
        let body = json!({"question_id": current["id"], "text": "", "think_time_ms": 1000, "duration_ms": 4000,
            "media_ref": media_ref});
        let (status, accepted) = admin.send("/api/v1/interview/answers", &link, Some(body)).await.expect("answer");
        assert_eq!(status, StatusCode::OK, "{accepted}");
        recorded += 1;
        current = accepted["next"].clone();
    }
    let (_, _) = admin.send("/api/v1/interview/finish", &link, Some(json!({}))).await.expect("finish");
    let sessions = admin.ok(&format!("/api/v1/applications/{application}/sessions"), None).await;
    (sessions[0]["id"].as_i64().expect("session"), recorded)
}

/// The worker of each `answer.transcribe` entry of the session, by answer.
async fn transcribed_by(admin: &Client, session: i64) -> Vec<(String, String)> {
    let trail = admin.ok(&format!("/api/v1/audit?subject=session:{session}"), None).await;
    trail
        .as_array()
        .expect("trail")
        .iter()
        .filter(|e| e["action"] == "answer.transcribe")
        .filter_map(|e| {
            let detail = e["detail"].as_str()?;
            let answer = detail.split_whitespace().next()?.to_owned();
            let worker = detail.rsplit_once(" by ").map(|(_, w)| w.to_owned())?;
            Some((answer, worker))
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn recordings_queued_before_a_sigkill_are_transcribed_once_after_a_restart() {
    let models = models_dir();
    let models = models.to_str().expect("a UTF-8 path");
    let root = tempfile::tempdir().expect("temp dir");
    plugins_dir(root.path());
    let server = start(root.path(), models, None);
    let admin = Client::login(&server).await;
    let job = admin.job().await;
    let (session, recorded) = recorded_interview(&admin, job, "Li Na", &spoken(&SAID)).await;
    assert_eq!(recorded, SAID.len());

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

    let server = start(root.path(), models, None);
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
    let by = transcribed_by(&admin, session).await;
    for item in status["items"].as_array().expect("items") {
        let answer = format!("answer:{}", item["answer_id"]);
        let written = by.iter().filter(|(a, _)| *a == answer).count();
        assert_eq!(written, 1, "{answer} transcribed once: {by:?}");
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

/// Two nodes on one PostgreSQL database, each with a transcription worker,
/// share a queue of fifty recordings: every one is transcribed, none twice,
/// and both nodes take part.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_nodes_on_postgresql_share_fifty_recordings_and_transcribe_each_once() {
    let Some(url) = std::env::var("PANEL_TEST_POSTGRES_URL").ok().filter(|u| !u.is_empty()) else {
        eprintln!("skipped: PANEL_TEST_POSTGRES_URL is not set (CI sets it)");
        return;
    };
    let models = models_dir();
    let models = models.to_str().expect("a UTF-8 path");
    let database = fresh_database(&url, "panel_speech").await;
    let root = tempfile::tempdir().expect("temp dir");
    plugins_dir(root.path());
    let a = start(root.path(), models, Some(&database));
    let admin = Client::login(&a).await;
    let b = start(root.path(), models, Some(&database));
    let job = admin.job().await;
    let clips = spoken(&[
        "I asked my manager to review my work every week.",
        "Our team finished the project two weeks early.",
        "The customer was happy with the new plan.",
        "I measured every station and moved two people.",
        "We cut the waiting time by a third.",
    ]);
    let mut sessions = Vec::new();
    let mut queued = 0;
    for n in 1.. {
        if queued >= 50 {
            break;
        }
        let (session, recorded) = recorded_interview(&admin, job, &format!("Candidate {n}"), &clips).await;
        assert!(recorded > 0, "the interview asked no question to record");
        sessions.push((session, recorded));
        queued += recorded;
    }

    let deadline = std::time::Instant::now() + Duration::from_secs(900);
    for &(session, recorded) in &sessions {
        loop {
            let status = transcription(&admin, session).await;
            if status["transcribed"].as_u64() == Some(recorded as u64) {
                break;
            }
            assert!(std::time::Instant::now() < deadline, "not every recording was transcribed: {status}");
            tokio::time::sleep(Duration::from_millis(250)).await;
        }
    }
    let mut by_node = [0usize; 2];
    let mut entries = 0;
    for &(session, recorded) in &sessions {
        let by = transcribed_by(&admin, session).await;
        let mut answers: Vec<&String> = by.iter().map(|(answer, _)| answer).collect();
        answers.sort();
        answers.dedup();
        assert_eq!((by.len(), answers.len()), (recorded, recorded), "each answer transcribed once: {by:?}");
        entries += by.len();
        for (_, worker) in &by {
            for (n, node) in [&a, &b].iter().enumerate() {
                if worker.contains(&format!("-{}-", node.pid())) {
                    by_node[n] += 1;
                }
            }
        }
    }
    assert_eq!(entries, queued);
    assert_eq!(by_node[0] + by_node[1], queued, "every transcript names one of the two nodes");
    assert!(by_node.iter().all(|&n| n > 0), "both nodes took part: {by_node:?}");
    drop((a, b));
}

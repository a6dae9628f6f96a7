//! Speech recognition through the real queue: English speech synthesised by
//! espeak-ng, encoded as WebM/Opus the way browsers record it, uploaded as a
//! recorded answer over HTTP, transcribed by a worker with the real Whisper
//! model and scored; silence flagged "no speech", a damaged recording given
//! up with a reason while the server keeps serving; HR's correction winning;
//! and the queue's leases on SQLite and PostgreSQL (a job leased by a dead
//! worker is done once, by another).
//!
//! They need the models directory (`cargo xtask models`, which `cargo xtask
//! test` runs; `PANEL_MODELS` points elsewhere) and espeak-ng: without them
//! they fail, saying so, rather than skip.

use std::path::PathBuf;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use panel::models::HostModels;
use panel::store::{MachineTranscript, TranscriptSegment};
use panel::transcription::TranscriptionConfig;
use panel_e2e::api::TestServer;
use panel_e2e::db::{databases, sqlite};
use panel_e2e::{STRONG_EN, WEAK_EN};
use panel_ml::testing::{read_wav, resample, speak, speak_mandarin, webm_opus, wer};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::uploads::{answer, invite, recorded, start, webm};

/// What the candidate says (sentences espeak-ng pronounces clearly enough
/// for a speech model to be judged on them).
pub(crate) const SPOKEN: &str = "I asked my manager to review my work every week. Our team finished the project two weeks \
                      early. The customer was happy with the new plan.";

fn models_dir() -> PathBuf {
    std::env::var_os("PANEL_MODELS")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/models"))
}

/// The real models, loaded once for the test binary; a missing directory
/// fails the test with what to run.
pub(crate) fn models() -> Arc<HostModels> {
    static MODELS: OnceLock<Arc<HostModels>> = OnceLock::new();
    MODELS
        .get_or_init(|| {
            let models = HostModels::load(&models_dir(), 1);
            if let Some(why) = &models.unavailable {
                panic!("{why}: run `cargo xtask models` (`cargo xtask test` builds them) or set PANEL_MODELS");
            }
            Arc::new(models)
        })
        .clone()
}

pub(crate) fn speech() -> TranscriptionConfig {
    TranscriptionConfig { workers: 1, idle_poll: Duration::from_millis(50), ..TranscriptionConfig::default() }
}

/// espeak-ng's voice saying `text`, as WebM/Opus from a browser.
fn spoken_webm(text: &str) -> Vec<u8> {
    let (samples, rate) = read_wav(&speak("en-us", text));
    webm_opus(&resample(&samples, rate, 48_000))
}

/// Types the first answer when `typed_first` (the self-introduction, which
/// the rubrics do not score), records `recordings` as the next answers,
/// then types the rest of the interview; returns the session id.
async fn interview(server: &TestServer, admin: &str, name: &str, typed_first: bool, recordings: &[Vec<u8>]) -> i64 {
    let (token, application) = invite(server, admin, name).await;
    let mut question = Some(start(server, &token, true).await);
    if typed_first {
        question = answer(server, &token, &question.expect("a first question"), None).await;
    }
    for bytes in recordings {
        let current = question.expect("a question for each recording");
        let media_ref = recorded(server, &token, &current, bytes).await;
        let body = json!({"question_id": current, "text": "", "think_time_ms": 2000, "duration_ms": 20_000,
            "media_ref": media_ref});
        let (status, accepted) = server.call(Method::POST, "/api/v1/interview/answers", Some(&token), Some(body)).await;
        assert_eq!(status, StatusCode::OK, "{accepted}");
        question = accepted["next"]["id"].as_str().map(str::to_owned);
    }
    while let Some(current) = question {
        question = answer(server, &token, &current, None).await;
    }
    server.store.sessions_of_application(application).await.expect("sessions")[0].id
}

/// Polls the transcription status until `done` holds (two minutes at most:
/// the model runs unoptimised in a debug build on a shared machine).
pub(crate) async fn status_until(
    server: &TestServer,
    admin: &str,
    session: i64,
    done: impl Fn(&Value) -> bool,
) -> Value {
    let path = format!("/api/v1/sessions/{session}/transcription");
    for _ in 0..1200 {
        let status = server.get(&path, admin).await;
        if done(&status) {
            return status;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("transcription did not get there: {}", server.get(&path, admin).await);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_spoken_answer_is_transcribed_through_the_queue_and_the_interview_scored() {
    let db = sqlite().await;
    let server = TestServer::start_with_speech(&db, models(), Some(speech())).await;
    let (_, admin) = server.bootstrap("Acme", "admin@acme.example").await;
    let session = interview(&server, &admin, "Li", true, &[spoken_webm(SPOKEN)]).await;

    let status = status_until(&server, &admin, session, |s| s["transcribed"] == 1).await;
    assert_eq!((status["recorded"].as_u64(), status["by_machine"].as_u64()), (Some(1), Some(1)), "{status}");
    assert_eq!(status["speech_recognition"]["available"], true);
    assert_eq!(status["items"][0]["state"], "done");
    server.wait_scored(session).await;

    let stored = server.store.answers(session).await.expect("answers");
    let text = &stored[1].answer.text;
    let error = wer(SPOKEN, text);
    assert!(error <= 0.10, "word error rate {:.0} %: {text:?}", error * 100.0);
    assert!(stored[1].answer.transcribed, "the rubrics get transcribed = true");
    let report = server.get(&format!("/api/v1/sessions/{session}/report"), &admin).await;
    let item = &report["items"][1];
    assert_eq!(report["awaiting_transcripts"], 0);
    assert!(report["recommendation"].is_object(), "{report}");
    assert!(item["scores"].as_array().is_some_and(|s| !s.is_empty()), "the transcript is scored: {item}");
    let transcription = &item["transcription"];
    assert_eq!(transcription["source"], "machine", "{transcription}");
    assert_eq!(transcription["model"], models().transcriber.as_ref().expect("loaded").model().name);
    assert_eq!(transcription["language"], "en");
    assert!(transcription["model_checksum"].as_str().is_some_and(|c| c.len() == 64), "{transcription}");
    let segments = transcription["segments"].as_array().expect("segments");
    assert!(!segments.is_empty() && segments[0]["end_ms"].as_u64() > segments[0]["start_ms"].as_u64());
    let trail = server.store.audit_trail(&format!("session:{session}")).await.expect("audit trail");
    let machine = trail.iter().find(|e| e.action == "answer.transcribe").expect("the machine transcript is audited");
    assert_eq!((machine.actor.as_str(), machine.detail.contains("machine")), ("system", true), "{machine:?}");
    assert!(trail.iter().all(|e| !e.detail.to_lowercase().contains("two weeks")), "no words in the trail");

    // HR corrects it: the correction wins, is audited and rescored.
    let path = format!("/api/v1/sessions/{session}/answers/{}/transcript", stored[1].id);
    let (status, corrected) = server.call(Method::PUT, &path, Some(&admin), Some(json!({"text": WEAK_EN}))).await;
    assert_eq!(status, StatusCode::OK, "{corrected}");
    assert!(corrected["recommendation"].is_object(), "rescored: {corrected}");
    let status = server.get(&format!("/api/v1/sessions/{session}/transcription"), &admin).await;
    assert_eq!((status["by_machine"].as_u64(), status["by_person"].as_u64()), (Some(0), Some(1)), "{status}");
    assert_eq!(server.store.answers(session).await.expect("answers")[1].answer.text, WEAK_EN);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_mandarin_answer_is_identified_as_chinese_and_kept_in_simplified_characters() {
    let db = sqlite().await;
    let server = TestServer::start_with_speech(&db, models(), Some(speech())).await;
    let (_, admin) = server.bootstrap("Acme", "admin@acme.example").await;
    let (samples, rate) = read_wav(&speak_mandarin());
    let session = interview(&server, &admin, "Wang", true, &[webm_opus(&resample(&samples, rate, 48_000))]).await;

    status_until(&server, &admin, session, |s| s["transcribed"] == 1).await;
    let text = &server.store.answers(session).await.expect("answers")[1].answer.text;
    let han = text.chars().filter(|c| ('\u{4e00}'..='\u{9fff}').contains(c)).count();
    assert!(han >= 10, "Chinese characters expected, heard {text:?}");
    // espeak-ng's robotic voice gets "we" (我们) across every time.
    assert!(text.contains("我们"), "{text:?}");
    for traditional in ["們", "對", "滿", "標", "專", "個", "過", "時", "這", "裡", "說", "為"] {
        assert!(!text.contains(traditional), "Traditional {traditional} left in {text:?}");
    }
    let report = server.get(&format!("/api/v1/sessions/{session}/report"), &admin).await;
    let transcription = &report["items"][1]["transcription"];
    assert_eq!(transcription["language"], "zh", "the language was identified, not given: {transcription}");
    assert_eq!(transcription["source"], "machine");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn silence_is_no_speech_and_a_damaged_recording_is_given_up_with_a_reason() {
    let db = sqlite().await;
    let server = TestServer::start_with_speech(&db, models(), Some(speech())).await;
    let (_, admin) = server.bootstrap("Acme", "admin@acme.example").await;
    let silence = webm_opus(&vec![0.0; 48_000 * 6]);
    let damaged = webm((0..40_000u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8).collect());
    let session = interview(&server, &admin, "Wang", false, &[silence, damaged]).await;

    let status = status_until(&server, &admin, session, |s| s["no_speech"] == 1 && s["failed"] == 1).await;
    assert_eq!((status["transcribed"].as_u64(), status["in_progress"].as_u64()), (Some(0), Some(0)), "{status}");
    let items = status["items"].as_array().expect("items");
    assert_eq!(items[0]["state"], "no_speech", "{status}");
    let failed = &items[1];
    assert_eq!((failed["state"].as_str(), failed["attempts"].as_i64()), (Some("failed"), Some(1)), "at once: {failed}");
    let reason = failed["last_error"].as_str().expect("a reason");
    assert!(reason.starts_with("the recording"), "a reason HR can act on: {reason}");
    // Nothing invented, nothing scored: both wait for a person.
    let report = server.get(&format!("/api/v1/sessions/{session}/report"), &admin).await;
    assert_eq!((report["awaiting_transcripts"].as_u64(), &report["recommendation"]), (Some(2), &Value::Null));
    // The server kept serving.
    let health = server.http.get(format!("{}/healthz", server.base)).send().await.expect("served");
    assert_eq!(health.status(), StatusCode::OK);

    // HR retries the damaged one: the same outcome, audited; a done one is not retried.
    let answer_id = failed["answer_id"].as_i64().expect("an answer id");
    let retry = format!("/api/v1/sessions/{session}/answers/{answer_id}/transcription/retry");
    let (code, retried) = server.call(Method::POST, &retry, Some(&admin), None).await;
    assert_eq!(code, StatusCode::OK, "{retried}");
    let status = status_until(&server, &admin, session, |s| s["failed"] == 1 && s["items"][1]["attempts"] == 1).await;
    assert_eq!(status["items"][1]["last_error"].as_str(), Some(reason));
    let trail = server.store.audit_trail(&format!("session:{session}")).await.expect("audit trail");
    assert!(trail.iter().any(|e| e.action == "answer.transcription-retry"), "{trail:?}");

    // A person writes both: the interview is scored, the machine's jobs superseded.
    for item in items {
        let path = format!("/api/v1/sessions/{session}/answers/{}/transcript", item["answer_id"]);
        let (code, written) = server.call(Method::PUT, &path, Some(&admin), Some(json!({"text": STRONG_EN}))).await;
        assert_eq!(code, StatusCode::OK, "{written}");
    }
    server.wait_scored(session).await;
    let status = server.get(&format!("/api/v1/sessions/{session}/transcription"), &admin).await;
    assert_eq!(status["by_person"], 2, "{status}");
    assert!(status["items"].as_array().expect("items").iter().all(|i| i["state"] == "superseded"), "{status}");
    let (code, refused) = server.call(Method::POST, &retry, Some(&admin), None).await;
    assert_eq!(code, StatusCode::CONFLICT, "{refused}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_the_model_recorded_answers_wait_and_the_reason_is_given() {
    let db = sqlite().await;
    let server = TestServer::start(&db).await;
    let (_, admin) = server.bootstrap("Acme", "admin@acme.example").await;
    let session = interview(&server, &admin, "Zhao", false, &[webm(vec![7; 2048])]).await;
    let status = server.get(&format!("/api/v1/sessions/{session}/transcription"), &admin).await;
    assert_eq!(status["speech_recognition"]["available"], false);
    let reason = status["speech_recognition"]["reason"].as_str().expect("why");
    assert!(reason.contains("cargo xtask models"), "{reason}");
    assert_eq!((status["in_progress"].as_u64(), status["items"][0]["state"].as_str()), (Some(1), Some("queued")));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_candidate_cannot_mark_their_recorded_answer_transcribed() {
    let db = sqlite().await;
    let server = TestServer::start(&db).await;
    let (_, admin) = server.bootstrap("Acme", "admin@acme.example").await;
    let (token, _) = invite(&server, &admin, "Sun").await;
    let question = start(&server, &token, true).await;
    let media_ref = recorded(&server, &token, &question, &webm(vec![7; 2048])).await;
    let body = json!({"question_id": question, "text": STRONG_EN, "transcribed": true, "think_time_ms": 1000,
        "duration_ms": 5000, "media_ref": media_ref});
    let (status, refused) = server.call(Method::POST, "/api/v1/interview/answers", Some(&token), Some(body)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{refused}");
    assert!(refused["error"]["message"].as_str().is_some_and(|m| m.contains("transcribed")), "{refused}");
}

fn transcript(text: &str) -> MachineTranscript {
    MachineTranscript {
        text: text.into(),
        model: "whisper-base".into(),
        model_version: "test".into(),
        model_checksum: "0".repeat(64),
        language: "en".into(),
        confidence: 0.9,
        seconds: 4.0,
        segments: vec![TranscriptSegment { start_ms: 0, end_ms: 4000, text: text.into(), confidence: 0.9 }],
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_lease_left_by_a_dead_worker_is_taken_over_and_done_once() {
    for db in databases().await {
        let server = TestServer::start(&db).await;
        let (_, admin) = server.bootstrap("Acme", "admin@acme.example").await;
        let recordings = [webm(vec![1; 2048]), webm(vec![2; 2048]), webm(vec![3; 2048])];
        let session = interview(&server, &admin, "Zhou", false, &recordings).await;
        let store = &server.store;
        // The server's clock stands at START_MS: the answers were queued then.
        let t = panel_e2e::api::START_MS + 1000;

        // A worker claims all three, then dies.
        let dead = store.claim_transcriptions("dead", t, t + 1000, 10, 3).await.expect("claim");
        assert_eq!(dead.len(), 3, "{}", db.name);
        assert!(dead.iter().all(|c| c.attempts == 1 && c.session_id == session && c.media_ref.starts_with("upload:")));
        assert!(store.claim_transcriptions("live", t + 500, t + 1500, 10, 3).await.expect("claim").is_empty());
        // Its leases run out: two workers take them over, none twice.
        let (a, b) = tokio::join!(
            store.claim_transcriptions("live-a", t + 2000, t + 60_000, 2, 3),
            store.claim_transcriptions("live-b", t + 2000, t + 60_000, 2, 3)
        );
        let (a, b) = (a.expect("claim"), b.expect("claim"));
        let mut ids: Vec<i64> = a.iter().chain(&b).map(|c| c.answer_id).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!((ids.len(), a.len() + b.len()), (3, 3), "{}: each once", db.name);
        let taken = a.first().map(|c| (c.answer_id, "live-a")).unwrap_or_else(|| (b[0].answer_id, "live-b"));
        assert_eq!(a.iter().chain(&b).map(|c| c.attempts).max(), Some(2));

        // The dead worker's late result is refused; the live one's stands.
        assert!(!store.transcription_done(taken.0, "dead", t + 3000, &transcript(WEAK_EN)).await.expect("done"));
        assert!(store.transcription_done(taken.0, taken.1, t + 3000, &transcript(STRONG_EN)).await.expect("done"));
        assert!(!store.transcription_done(taken.0, taken.1, t + 3000, &transcript(WEAK_EN)).await.expect("done"));
        let answers = store.answers(session).await.expect("answers");
        let written = answers.iter().find(|a| a.id == taken.0).expect("the answer");
        assert_eq!((written.answer.text.as_str(), written.answer.transcribed), (STRONG_EN, true), "{}", db.name);

        // A person's transcript wins over one still running.
        let other = ids.iter().copied().find(|id| *id != taken.0).expect("another");
        let by = panel::store::AuditBy { actor: "user:1", origin: "test" };
        store.write_transcript(session, other, WEAK_EN, by).await.expect("written by a person");
        let holder = if a.iter().any(|c| c.answer_id == other) { "live-a" } else { "live-b" };
        assert!(!store.transcription_done(other, holder, t + 4000, &transcript(STRONG_EN)).await.expect("done"));
        let answers = store.answers(session).await.expect("answers");
        assert_eq!(answers.iter().find(|a| a.id == other).expect("it").answer.text, WEAK_EN, "{}", db.name);

        // The last, started three times without finishing, is given up on.
        let last = ids.iter().copied().find(|id| *id != taken.0 && *id != other).expect("the last");
        let again = store.claim_transcriptions("live-c", t + 70_000, t + 71_000, 10, 3).await.expect("claim");
        assert_eq!(again.iter().map(|c| (c.answer_id, c.attempts)).collect::<Vec<_>>(), [(last, 3)], "{}", db.name);
        assert!(store.claim_transcriptions("live-d", t + 80_000, t + 81_000, 10, 3).await.expect("claim").is_empty());
        let rows = store.session_transcriptions(session).await.expect("rows");
        let row = rows.iter().find(|r| r.answer_id == last).expect("row");
        assert_eq!(row.state, "failed", "{}: {row:?}", db.name);
        assert!(row.last_error.contains("3 times"), "{row:?}");
        let states: Vec<&str> = rows.iter().map(|r| r.state.as_str()).collect();
        assert_eq!(states.iter().filter(|s| **s == "done").count(), 1, "{}: {states:?}", db.name);
        assert_eq!(states.iter().filter(|s| **s == "superseded").count(), 1, "{}: {states:?}", db.name);
    }
}

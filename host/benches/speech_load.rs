//! Speech recognition inside `panel serve` (issue 20): the real-time factor
//! of the transcription queue, the server's peak memory with the models
//! loaded and used, and what transcription does to candidates' answer
//! submissions. `panel serve` runs as its own process on the embedded
//! SQLite database with the on-device models (`PANEL_MODELS`, else
//! `target/models`; `cargo xtask models`), its default transcription workers
//! (one per core but one) and bank-core, rubric-star and rubric-semantic on
//! for every job.
//!
//! Two runs of the same load of typed interviews (16 candidates answering at
//! once): first alone, then right after interviews with recorded answers
//! (English speech by espeak-ng as WebM/Opus, ~10 s each) were submitted, so
//! the workers transcribe throughout. Then it waits for the queue to empty
//! and prints the queue's real-time factor (wall time from the first
//! recorded answer to the last transcript, over the seconds of speech), the
//! word error rate of the transcripts and `VmHWM` of the server. Run with
//! `cargo xtask bench -- speech_load`, or `cargo bench -p panel --bench
//! speech_load` after `cargo xtask build-plugins` and `cargo xtask models`.

mod serve_load;

use std::path::PathBuf;
use std::time::{Duration, Instant};

use panel_ml::testing::{read_wav, resample, speak, webm_opus, wer};
use serde_json::{Value, json};
use serve_load::{Staff, peak_rss_mib, percentile, rss_mib, send, start_server, typed_load};
use sha2::{Digest, Sha256};

const TYPED_INTERVIEWS: usize = 48;
const CONCURRENCY: usize = 16;
const SPOKEN_INTERVIEWS: usize = 4;
/// Each recorded answer: three sentences, about ten seconds of speech.
const SAID: [&str; 5] = [
    "Our line missed its target every week. I measured every station and found the bottleneck. \
     We moved two people and output rose by eighteen percent.",
    "A customer was angry about a late delivery. I called her the same day and explained what went wrong. \
     We sent the parts by courier and she ordered again the next month.",
    "My manager asked me to learn a new tool in two weeks. I read the documentation every evening \
     and asked a senior analyst to review each query. I finished the report on time.",
    "Two colleagues disagreed about the schedule. I met each of them and wrote down what mattered to them. \
     We agreed on a plan and shipped two days early.",
    "I noticed that our returns were rising. I checked every complaint from the last quarter. \
     We changed the packaging and returns fell by a third.",
];

fn models_dir() -> Option<PathBuf> {
    let dir = std::env::var_os("PANEL_MODELS")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/models"));
    dir.join("manifest.json").exists().then_some(dir)
}

/// Uploads `bytes` as the recording of `question` and answers with it.
async fn record(staff: &Staff, link: &str, question: &Value, bytes: &[u8]) -> Value {
    let (http, base) = (&staff.http, &staff.base);
    let body = json!({"question_id": question["id"], "content_type": "audio/webm"});
    let created = send(http.post(format!("{base}/api/v1/interview/uploads")).bearer_auth(link).json(&body))
        .await
        .expect("upload created");
    let id = created["id"].as_str().expect("id");
    let put = http
        .put(format!("{base}/api/v1/interview/uploads/{id}?offset=0"))
        .bearer_auth(link)
        .header("content-type", "application/octet-stream")
        .body(bytes.to_vec());
    send(put).await.expect("chunk");
    let sha: String = Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect();
    let complete = json!({"total_bytes": bytes.len(), "sha256": sha});
    let done =
        send(http.post(format!("{base}/api/v1/interview/uploads/{id}/complete")).bearer_auth(link).json(&complete))
            .await
            .expect("upload complete");
    let answer = json!({"question_id": question["id"], "text": "", "think_time_ms": 2000, "duration_ms": 10_000,
        "media_ref": done["media_ref"]});
    send(http.post(format!("{base}/api/v1/interview/answers")).bearer_auth(link).json(&answer)).await.expect("answer")
}

/// A spoken interview: every question answered by a recording, in turn.
/// Returns how many answers were recorded.
async fn spoken_interview(staff: &Staff, link: &str, clips: &[Vec<u8>]) -> usize {
    let url = format!("{}/api/v1/interview/start", staff.base);
    let consent = json!({"consent": true, "consent_recording": true});
    let started = send(staff.http.post(url).bearer_auth(link).json(&consent)).await.expect("start");
    let mut current = started["current"].clone();
    let mut recorded = 0;
    for clip in clips.iter().cycle() {
        if !current.is_object() {
            break;
        }
        current = record(staff, link, &current, clip).await["next"].clone();
        recorded += 1;
    }
    recorded
}

async fn transcription(staff: &Staff, session: i64) -> Value {
    let url = format!("{}/api/v1/sessions/{session}/transcription", staff.base);
    send(staff.http.get(url).bearer_auth(&staff.token)).await.expect("status")
}

async fn sessions_of(staff: &Staff, job: i64) -> Vec<i64> {
    let apps = send(staff.http.get(format!("{}/api/v1/jobs/{job}/applications", staff.base)).bearer_auth(&staff.token))
        .await
        .expect("applications");
    let mut sessions = Vec::new();
    for app in apps.as_array().or_else(|| apps["items"].as_array()).expect("applications") {
        let id = app["id"].as_i64().expect("application id");
        let url = format!("{}/api/v1/applications/{id}/sessions", staff.base);
        let found = send(staff.http.get(url).bearer_auth(&staff.token)).await.expect("sessions");
        sessions.extend(found.as_array().expect("sessions").iter().filter_map(|s| s["id"].as_i64()));
    }
    sessions
}

fn main() {
    if std::env::args().skip(1).any(|a| !a.starts_with("--") && !"speech_load".contains(a.as_str())) {
        return;
    }
    let Some(models) = models_dir() else {
        println!("speech_load: skipped, the on-device models are not installed (cargo xtask models)");
        return;
    };
    let clips: Vec<Vec<u8>> = SAID
        .iter()
        .map(|text| {
            let (samples, rate) = read_wav(&speak("en-us", text));
            webm_opus(&resample(&samples, rate, 48_000))
        })
        .collect();
    let data = tempfile::tempdir().expect("temp dir");
    serve_load::stage_packages(data.path(), serve_load::first_party(&["bank-core", "rubric-star", "rubric-semantic"]));
    let models = models.to_str().expect("a UTF-8 path").to_owned();
    let (server, base) = start_server(data.path(), &["--models", &models]);
    let pid = server.0.id();
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("runtime");
    runtime.block_on(async {
        let http = reqwest::Client::builder().pool_max_idle_per_host(128).build().expect("client");
        let staff = Staff::login(&http, &base).await;
        println!("speech_load: server RSS {:.0} MiB at start, models loaded", rss_mib(pid));
        let (_, quiet) = staff.job("quiet", TYPED_INTERVIEWS).await;
        let (_, busy) = staff.job("busy", TYPED_INTERVIEWS).await;
        let (spoken_job, spoken) = staff.job("spoken", SPOKEN_INTERVIEWS).await;

        let mut alone = typed_load(&staff, quiet, CONCURRENCY).await;
        let queued = Instant::now();
        let mut recorded = 0;
        for link in &spoken {
            recorded += spoken_interview(&staff, link, &clips).await;
        }
        let sessions = sessions_of(&staff, spoken_job).await;
        let mut during = typed_load(&staff, busy, CONCURRENCY).await;
        let mut left_after_load = 0;
        for &session in &sessions {
            left_after_load += transcription(&staff, session).await["in_progress"].as_u64().unwrap_or(0);
        }
        let mut items = Vec::new();
        for &session in &sessions {
            loop {
                let status = transcription(&staff, session).await;
                if status["in_progress"] == 0 {
                    items.extend(status["items"].as_array().cloned().unwrap_or_default());
                    break;
                }
                assert!(queued.elapsed() < Duration::from_secs(1800), "the queue never emptied: {status}");
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
        }
        let wall = queued.elapsed().as_secs_f64();
        let speech: f64 = items.iter().filter_map(|i| i["seconds"].as_f64()).sum();
        let done = items.iter().filter(|i| i["state"] == "done").count();
        println!(
            "speech_load: typed answers alone {} p50 {:.1} ms p99 {:.1} ms; during transcription {} p50 {:.1} ms p99 {:.1} ms \
             ({left_after_load} recordings still queued when the load ended)",
            alone.len(),
            percentile(&mut alone, 0.5),
            percentile(&mut alone, 0.99),
            during.len(),
            percentile(&mut during, 0.5),
            percentile(&mut during, 0.99),
        );
        println!(
            "speech_load: {done} of {} recordings transcribed, {speech:.0} s of speech in {wall:.1} s from the first upload: \
             real-time factor through the queue {:.3}",
            recorded,
            wall / speech.max(1e-9),
        );
        // Word error rate over every transcript, against the sentence it is
        // closest to (each recording says one of them).
        let (mut errors, mut words) = (0.0, 0.0);
        for &session in &sessions {
            let url = format!("{}/api/v1/sessions/{session}/report", staff.base);
            let report = send(staff.http.get(url).bearer_auth(&staff.token)).await.expect("report");
            for item in report["items"].as_array().cloned().unwrap_or_default() {
                let Some(text) = item["answer"]["text"].as_str().filter(|t| !t.is_empty()) else { continue };
                let closest = SAID.iter().map(|want| (wer(want, text), *want)).min_by(|a, b| a.0.total_cmp(&b.0));
                if let Some((rate, want)) = closest {
                    let n = want.split_whitespace().count() as f64;
                    errors += rate * n;
                    words += n;
                }
            }
        }
        if words > 0.0 {
            println!("speech_load: word error rate {:.1} % over {words:.0} words", 100.0 * errors / words);
        }
        println!("speech_load: server peak RSS (VmHWM) {:.0} MiB, resident now {:.0} MiB", peak_rss_mib(pid), rss_mib(pid));
    });
    drop(server);
}

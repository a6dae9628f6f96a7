//! The candidate's own microphone, heard: Chromium's fake microphone plays
//! espeak-ng's voice on the candidate page, the page records the answer and
//! uploads it in chunks, and the server's worker transcribes it with the real
//! Whisper model. Needs Chromium, espeak-ng and the models, like the browser
//! and transcription tests.

use std::f32::consts::TAU;
use std::time::Duration;

use panel_e2e::api::TestServer;
use panel_e2e::db::sqlite;
use panel_ml::testing::{read_wav, speak, wav, wer};

use crate::browser::{Chromium, Tab};
use crate::transcription::{SPOKEN, models, speech, status_until};
use crate::ui::{consent, invite_candidate, pass_device_check, recording_started, submit_recording};

/// The microphone track's tone, and the quiet room after it before the answer is spoken.
const TONE_SECONDS: f32 = 0.6;
const ROOM_SECONDS: f32 = 12.0;

/// What the fake microphone plays: a short tone for the device check to hear,
/// a quiet room while the candidate goes on to the first question, the
/// spoken answer, and a little more room. Returns the file and how long it
/// plays. (A room, not digital silence: the browser's gain control, facing
/// seconds of nothing, clips the first words.)
fn microphone_track(dir: &std::path::Path) -> (std::path::PathBuf, Duration) {
    let (spoken, rate) = read_wav(&speak("en-us", SPOKEN));
    let seconds = |s: f32| (s * rate as f32) as usize;
    let mut samples: Vec<f32> =
        (0..seconds(TONE_SECONDS)).map(|i| 0.3 * (TAU * 440.0 * i as f32 / rate as f32).sin()).collect();
    samples.extend(std::iter::repeat_n(0.0, seconds(ROOM_SECONDS)));
    samples.extend(spoken);
    samples.extend(std::iter::repeat_n(0.0, seconds(2.0)));
    let mut seed: u32 = 0x2545_f491;
    for sample in &mut samples {
        seed = seed.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
        *sample += (seed >> 8) as f32 / (1 << 24) as f32 * 0.004 - 0.002;
    }
    let path = dir.join("answer.wav");
    std::fs::write(&path, wav(&samples, rate, 1)).expect("write the microphone track");
    (path, Duration::from_secs_f32(samples.len() as f32 / rate as f32))
}

/// Counts, in the page, the seconds of sound the microphone has delivered
/// since it was opened: a clone of every audio track the page gets is read
/// frame by frame. Chromium's fake microphone plays its file on a timer that
/// falls far behind real time on a loaded machine, so where the track has got
/// to is known only from what it delivered, never from the clock.
const MICROPHONE_COUNTER: &str = r#"
window.__microphoneSeconds = 0;
const getUserMedia = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
navigator.mediaDevices.getUserMedia = async (constraints) => {
  const stream = await getUserMedia(constraints);
  for (const track of stream.getAudioTracks()) {
    const reader = new MediaStreamTrackProcessor({ track: track.clone(), maxBufferSize: 2000 }).readable.getReader();
    (async () => {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        window.__microphoneSeconds += value.numberOfFrames / value.sampleRate;
        value.close();
      }
    })();
  }
  return stream;
};
"#;

/// Seconds of sound the page's microphone has delivered so far.
async fn microphone_seconds(tab: &Tab) -> f64 {
    tab.eval("window.__microphoneSeconds").await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_answer_spoken_into_the_candidate_pages_microphone_is_transcribed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (track, plays_for) = microphone_track(dir.path());
    let db = sqlite().await;
    let server = TestServer::start_with_speech(&db, models(), Some(speech())).await;
    let invited = invite_candidate(&server).await;
    let chromium = Chromium::launch_with_microphone(&track).await;
    let tab =
        chromium.open_with_script(&format!("{}/i/{}", server.base, invited.token), Some(MICROPHONE_COUNTER)).await;
    consent(&tab, true).await;
    // The track starts when the device check opens the microphone; the tone passes it.
    pass_device_check(&tab).await;
    let question = recording_started(&tab).await;
    let before = microphone_seconds(&tab).await;
    assert!(
        before < f64::from(TONE_SECONDS + ROOM_SECONDS),
        "the recording started {before:.1} s into the track, after the answer began"
    );
    // Record until the whole track has come through the microphone, however
    // slowly the machine lets Chromium play it.
    let waited = tokio::time::Instant::now();
    let limit = Duration::from_secs(180);
    while microphone_seconds(&tab).await < plays_for.as_secs_f64() {
        assert!(
            waited.elapsed() < limit,
            "the microphone delivered {:.1} s of its {:.1} s track in {limit:?}",
            microphone_seconds(&tab).await,
            plays_for.as_secs_f64()
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let recorded = submit_recording(&tab, question).await;
    assert!(recorded.bytes > 10_000, "a real recording: {recorded:?}");
    tab.screenshots("candidate-11-spoken-answer-saved").await;

    let session = server.store.sessions_of_application(invited.application).await.expect("sessions")[0].id;
    let status = status_until(&server, &invited.admin, session, |s| s["items"][0]["state"] == "done").await;
    assert_eq!(status["by_machine"], 1, "{status}");
    let stored = server.store.answers(session).await.expect("answers");
    assert_eq!(stored[0].media_ref.as_deref(), Some(recorded.media_ref.as_str()));
    let text = &stored[0].answer.text;
    // Through Chromium's fake microphone and its audio processing (gain
    // control, noise suppression) a word can come out changed; what this test
    // owns is that the page's recording reaches the model whole, so it allows
    // for that; the model's own accuracy is held to 10 % in `transcription`.
    let error = wer(SPOKEN, text);
    assert!(error <= 0.20, "word error rate {:.0} % through the browser's microphone: {text:?}", error * 100.0);
    for word in ["manager", "finished", "project", "customer", "plan"] {
        assert!(text.to_lowercase().contains(word), "{word:?} missing from the transcript: {text:?}");
    }
    assert!(stored[0].answer.transcribed);
    let report = server.get(&format!("/api/v1/sessions/{session}/report"), &invited.admin).await;
    assert_eq!(report["items"][0]["transcription"]["language"], "en", "{report}");
    tab.assert_no_problems(|_| false);
    chromium.close().await;
}

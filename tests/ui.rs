//! The candidate's interview page in a real headless Chromium (Debian's
//! `chromium`, with a fake camera and microphone), against a real server on
//! SQLite with the real plugins: the whole interview from the invitation
//! link; an answer whose first submission is cut off; answers recorded
//! with the fake camera whose upload is cut off and resumes; a link that
//! cannot be used. Every test saves screenshots at desktop and phone widths into
//! `target/ui-screenshots/` and fails on any JavaScript or loading error.
//!
//! Chromium must be installed (`cargo xtask test` installs Debian's when it
//! is missing): without it these tests fail and say so.

use crate::browser;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use browser::{Chromium, Tab};
use chromiumoxide::cdp::browser_protocol::fetch::{
    ContinueRequestParams, EnableParams, EventRequestPaused, FailRequestParams, RequestPattern, RequestStage,
};
use chromiumoxide::cdp::browser_protocol::network::ErrorReason;
use futures_util::StreamExt;
use panel::store::SessionState;
use panel_e2e::STRONG_EN;
use panel_e2e::api::{TestServer, job_body};
use panel_e2e::db::{TestDb, sqlite};
use reqwest::Method;
use serde_json::json;
use sha2::{Digest, Sha256};

/// An answer with no result in it: the core bank asks a follow-up to a
/// behavioural question answered like this.
const WITHOUT_RESULT: &str = "I talked to the team and we made a plan.";

/// A candidate invited to a production supervisor's interview (in English).
pub(crate) struct Invited {
    pub(crate) token: String,
    pub(crate) application: i64,
    /// The organisation's administrator's token.
    pub(crate) admin: String,
}

pub(crate) async fn invite_candidate(server: &TestServer) -> Invited {
    let (_, admin) = server.bootstrap("Acme Manufacturing", "admin@acme.example").await;
    let mut parent = None;
    for (kind, name) in [("region", "East"), ("branch", "Suzhou"), ("department", "Assembly")] {
        let unit =
            server.post("/api/v1/org/units", &admin, json!({"kind": kind, "name": name, "parent_id": parent})).await;
        parent = Some(unit["id"].as_i64().expect("unit id"));
    }
    let department = parent.expect("a department");
    let job = server.post("/api/v1/jobs", &admin, job_body(department, "Production Supervisor")).await;
    let job = job["id"].as_i64().expect("job id");
    // The job promises an answer within five days; the completion page says so.
    let (status, _) = server
        .call(Method::PUT, &format!("/api/v1/jobs/{job}/pipeline"), Some(&admin), Some(json!({"feedback_days": 5})))
        .await;
    assert!(status.is_success());
    let added = server
        .post(&format!("/api/v1/jobs/{job}/candidates"), &admin, json!({"name": "Li Na", "email": "li.na@example.com"}))
        .await;
    let application = added["application"]["id"].as_i64().expect("application id");
    let invited = server.post(&format!("/api/v1/applications/{application}/invitations"), &admin, json!({})).await;
    Invited { token: invited["token"].as_str().expect("a link token").to_owned(), application, admin }
}

/// A server with an invited candidate, and their link open in Chromium.
struct Opened {
    _db: TestDb,
    server: TestServer,
    invited: Invited,
    chromium: Chromium,
    tab: Tab,
}

async fn open_invitation() -> Opened {
    let db = sqlite().await;
    let server = TestServer::start(&db).await;
    let invited = invite_candidate(&server).await;
    let chromium = Chromium::launch().await;
    let tab = chromium.open(&format!("{}/i/{}", server.base, invited.token)).await;
    Opened { _db: db, server, invited, chromium, tab }
}

pub(crate) fn shown(view: &str) -> String {
    format!("!document.getElementById('view-{view}').hidden")
}

/// Ticks the consent boxes as asked and starts.
pub(crate) async fn consent(tab: &Tab, recording: bool) {
    tab.wait_until(&shown("consent"), "the consent page").await;
    tab.click("#consent-process").await;
    if recording {
        tab.click("#consent-recording").await;
    }
    tab.click("#consent-start").await;
}

/// What the candidate answered to one question.
#[derive(Debug)]
struct Given {
    question_id: String,
    kind: String,
    text: &'static str,
}

/// Answers the question on screen in writing, skipping the rest of the think
/// time, and submits.
async fn answer_current(tab: &Tab, text: &'static str) -> Given {
    tab.wait_until(&shown("question"), "a question").await;
    let question_id: String = tab.eval("document.getElementById('view-question').dataset.questionId").await;
    let kind: String = tab.eval("document.getElementById('view-question').dataset.kind").await;
    if tab.visible("#answer-ready").await {
        tab.click("#answer-ready").await;
    }
    tab.wait_until("document.getElementById('view-question').dataset.phase === 'answer'", "the answer time").await;
    tab.type_into("#answer-text", text).await;
    // A candidate speaks for a while: submitting the instant the recorder
    // starts can leave an empty recording on a busy machine (refused, and
    // the page asks to answer again), which is not what this test is about.
    tab.wait_until(
        "document.getElementById('recording-slot').hidden || \
         !['', '0:00', '0:01'].includes(document.getElementById('recording-timer').textContent)",
        "two seconds of recording",
    )
    .await;
    tab.click("#answer-submit").await;
    Given { question_id, kind, text }
}

/// Waits until the page has moved past `question_id`.
async fn wait_past(tab: &Tab, question_id: &str) {
    let moved_on =
        format!("{} || document.getElementById('view-question').dataset.questionId !== {question_id:?}", shown("done"));
    tab.wait_until(&moved_on, "the next question or the end").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_candidate_consents_checks_their_devices_and_answers_every_question() {
    let Opened { _db, server, invited, chromium, tab } = open_invitation().await;

    // The notice, in the invitation's language, and switchable.
    tab.wait_until(&shown("consent"), "the consent page").await;
    assert_eq!(tab.eval::<String>("document.documentElement.lang").await, "en");
    assert_eq!(tab.text("#consent-heading").await, "Interview for Production Supervisor");
    assert!(tab.text("#consent-purpose").await.contains("Acme Manufacturing"));
    tab.screenshots("candidate-1-consent").await;
    tab.click("#language").await;
    tab.wait_until("document.documentElement.lang === 'zh-CN'", "the page in Chinese").await;
    assert_eq!(tab.text("#consent-start").await, "开始面试");
    assert_eq!(tab.text("#consent-heading").await, "Production Supervisor 面试");
    tab.screenshots("candidate-1-consent-zh").await;
    tab.click("#language").await;
    tab.wait_until("document.documentElement.lang === 'en'", "the page in English again").await;

    // Without consent nothing starts.
    tab.click("#consent-start").await;
    tab.wait_until("!document.getElementById('consent-error').hidden", "the consent is required").await;
    assert!(server.store.sessions_of_application(invited.application).await.expect("sessions").is_empty());

    // Consent with recording: the device check, on the fake camera and microphone.
    consent(&tab, true).await;
    tab.wait_until(&shown("devices"), "the device check").await;
    tab.click("#device-run").await;
    let all_ok =
        "['camera', 'microphone', 'network'].every(c => document.getElementById('check-' + c).dataset.state === 'ok')";
    tab.wait_until(all_ok, "every device check to pass").await;
    let mut loudest = 0.0_f64;
    for _ in 0..30 {
        loudest = loudest.max(tab.eval::<f64>("document.getElementById('device-level').value").await);
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(loudest > 0.02, "the level meter never moved (loudest {loudest})");
    let (width, height): (u32, u32) = tab
        .eval("[document.getElementById('device-preview').videoWidth, document.getElementById('device-preview').videoHeight]")
        .await;
    assert!(width > 0 && height > 0, "the preview has no video ({width}×{height})");
    assert!(tab.visible("#device-continue").await);
    tab.screenshots("candidate-2-device-check").await;
    tab.click("#device-continue").await;

    // Every question, recorded with notes typed beside; a follow-up when the bank asks one.
    let mut given = Vec::new();
    while !tab.visible("#view-done").await {
        assert!(given.len() < 30, "the interview does not end: {given:?}");
        let follow_up_seen = given.iter().any(|g: &Given| g.kind == "follow-up");
        let next_kind: String = tab.eval("document.getElementById('view-question').dataset.kind ?? ''").await;
        if given.is_empty() {
            tab.screenshots("candidate-3-question-think").await;
        }
        if next_kind == "follow-up" && !follow_up_seen {
            assert!(tab.text("#question-progress").await.starts_with("Follow-up to question"));
            tab.screenshots("candidate-4-follow-up").await;
        } else {
            let progress = tab.text("#question-progress").await;
            assert!(progress.starts_with("Question ") && progress.contains(" of "), "{progress}");
        }
        let text = if follow_up_seen || next_kind == "follow-up" { STRONG_EN } else { WITHOUT_RESULT };
        let answered = answer_current(&tab, text).await;
        wait_past(&tab, &answered.question_id).await;
        given.push(answered);
    }
    assert!(given.iter().any(|g| g.kind == "follow-up"), "no follow-up was asked: {given:?}");
    let when = tab.text("#done-when").await;
    assert!(when.contains("Acme Manufacturing") && when.contains("within 5 days"), "{when}");
    tab.screenshots("candidate-5-done").await;

    // The store has every answer, in order, and the interview is complete.
    let sessions = server.store.sessions_of_application(invited.application).await.expect("sessions");
    assert_eq!(sessions.len(), 1);
    let session = &sessions[0];
    assert!(matches!(session.state, SessionState::Completed | SessionState::Scored), "{:?}", session.state);
    assert!(session.consent_recording, "the recording consent was stored");
    let stored = server.store.answers(session.id).await.expect("answers");
    assert!(stored.iter().all(|a| a.media_ref.is_some()), "with recording consented, every answer was recorded");
    let stored: Vec<(&str, &str)> = stored.iter().map(|a| (a.question.id.as_str(), a.answer.text.as_str())).collect();
    let expected: Vec<(&str, &str)> = given.iter().map(|g| (g.question_id.as_str(), g.text)).collect();
    assert_eq!(stored, expected);

    // Optional self-identification, under its own consent, kept apart and taken back.
    self_identifies(&server, &tab, invited.application).await;
    tab.assert_no_problems(|_| false);
    chromium.close().await;
}

/// On the completion page the candidate opens the optional form: nothing is
/// kept without its own consent; with it, the answers given (and only
/// those) are kept apart from the application; taken back, they are gone.
async fn self_identifies(server: &TestServer, tab: &Tab, application: i64) {
    let candidate = server.store.application(application).await.expect("application").candidate_id;
    let organisation = server.store.candidate(candidate).await.expect("candidate").organisation_id;
    let kept = |category: &'static str| async move {
        server.store.demographics(organisation, category).await.expect("demographics")
    };
    tab.click("#self-id summary").await;
    tab.wait_until("document.querySelectorAll('#self-id-fields select').length === 2", "the categories").await;
    assert_eq!(tab.text("label[for='self-id-race-ethnicity']").await, "Race or ethnicity");
    tab.page.evaluate("document.getElementById('self-id-sex').value = 'female'").await.expect("choose a value");
    tab.click("#self-id-submit").await;
    tab.wait_until("!document.getElementById('self-id-result').hidden", "the missing consent").await;
    assert!(tab.text("#self-id-result").await.contains("tick the agreement"));
    assert!(kept("sex").await.is_empty(), "nothing kept without the consent");
    tab.click("#self-id-consent").await;
    tab.click("#self-id-submit").await;
    tab.wait_until("document.getElementById('self-id-result').textContent.startsWith('Thank you')", "saved").await;
    tab.screenshots("candidate-6-self-identification").await;
    assert_eq!(kept("sex").await, [(candidate, "female".to_owned())]);
    assert!(kept("race-ethnicity").await.is_empty(), "a category left at 'prefer not to say' is not kept");
    tab.click("#self-id-withdraw").await;
    tab.wait_until("document.getElementById('self-id-result').textContent.includes('deleted')", "taken back").await;
    assert!(kept("sex").await.is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_answer_cut_off_on_the_way_is_shown_unsaved_retried_and_stored_once() {
    let Opened { _db, server, invited, chromium, tab } = open_invitation().await;

    // No recording: straight to the questions, no device check.
    consent(&tab, false).await;
    tab.wait_until(&shown("question"), "the first question").await;

    // The first submission of an answer is cut off; the retry waits until
    // the test has seen the page say so.
    tab.page
        .execute(
            EnableParams::builder()
                .pattern(
                    RequestPattern::builder()
                        .url_pattern("*/api/v1/interview/answers")
                        .request_stage(RequestStage::Request)
                        .build(),
                )
                .build(),
        )
        .await
        .expect("intercept the answers");
    let mut paused = tab.page.event_listener::<EventRequestPaused>().await.expect("paused requests");
    let sent = Arc::new(AtomicUsize::new(0));
    let release = Arc::new(tokio::sync::Notify::new());
    let page = tab.page.clone();
    let (counter, gate) = (sent.clone(), release.clone());
    let interceptor = tokio::spawn(async move {
        while let Some(request) = paused.next().await {
            if counter.fetch_add(1, Ordering::SeqCst) == 0 {
                let fail = FailRequestParams::new(request.request_id.clone(), ErrorReason::ConnectionReset);
                page.execute(fail).await.expect("cut the request off");
            } else {
                gate.notified().await;
                page.execute(ContinueRequestParams::new(request.request_id.clone())).await.expect("let it through");
            }
        }
    });

    let answered = answer_current(&tab, STRONG_EN).await;
    tab.wait_until("document.getElementById('save-status').dataset.state === 'retrying'", "the answer shown unsaved")
        .await;
    let status = tab.text("#save-status").await;
    assert!(status.starts_with("Not saved yet — retrying"), "{status}");
    tab.screenshots("candidate-6-not-saved-yet").await;
    let session = server.store.sessions_of_application(invited.application).await.expect("sessions")[0].id;
    assert!(server.store.answers(session).await.expect("answers").is_empty(), "nothing arrived yet");

    release.notify_one();
    wait_past(&tab, &answered.question_id).await;
    tab.wait_until("document.getElementById('save-status').dataset.state === 'saved'", "the answer saved").await;
    assert_eq!(tab.text("#save-status").await, "Your answer to question 1 was saved.");
    tab.screenshots("candidate-7-saved-after-retry").await;
    let stored = server.store.answers(session).await.expect("answers");
    assert_eq!(stored.len(), 1, "stored once");
    assert_eq!(
        (stored[0].question.id.as_str(), stored[0].answer.text.as_str()),
        (answered.question_id.as_str(), STRONG_EN)
    );
    assert_eq!(sent.load(Ordering::SeqCst), 2, "one cut off, one retry");

    // A reload (a closed tab, a crashed browser) resumes at the next question.
    let next_id: String = tab.eval("document.getElementById('view-question').dataset.questionId").await;
    let next_kind: String = tab.eval("document.getElementById('view-question').dataset.kind").await;
    tab.page.reload().await.expect("reload the page");
    tab.wait_until(&shown("question"), "the interview resumed").await;
    assert_eq!(tab.eval::<String>("document.getElementById('view-question').dataset.questionId").await, next_id);
    let progress = tab.text("#question-progress").await;
    let expected = if next_kind == "follow-up" { "Follow-up to question 1" } else { "Question 2 of " };
    assert!(progress.starts_with(expected), "{progress}");

    // The request cut off on purpose is the only error the page may show,
    // and seeing it shows the recorder of problems works.
    assert!(tab.problems().iter().any(|p| p.contains("net::ERR_CONNECTION_RESET")), "{:?}", tab.problems());
    tab.assert_no_problems(|p| p.contains("net::ERR_CONNECTION_RESET"));
    interceptor.abort();
    chromium.close().await;
}

/// Passes the device check on the fake camera and microphone and goes on.
pub(crate) async fn pass_device_check(tab: &Tab) {
    tab.wait_until(&shown("devices"), "the device check").await;
    tab.click("#device-run").await;
    let all_ok =
        "['camera', 'microphone', 'network'].every(c => document.getElementById('check-' + c).dataset.state === 'ok')";
    tab.wait_until(all_ok, "every device check to pass").await;
    tab.click("#device-continue").await;
}

/// The tab's connection dropped (`offline`) or back. The protocol marks this
/// command deprecated in favour of the experimental
/// `emulateNetworkConditionsByRule`; this one is the long-standing command.
#[allow(deprecated)]
fn network(offline: bool) -> chromiumoxide::cdp::browser_protocol::network::EmulateNetworkConditionsParams {
    chromiumoxide::cdp::browser_protocol::network::EmulateNetworkConditionsParams::new(offline, 0.0, -1.0, -1.0)
}

/// What the page recorded for one answer: its `media_ref`, size and SHA-256.
#[derive(Debug)]
pub(crate) struct Recorded {
    pub(crate) question_id: String,
    pub(crate) media_ref: String,
    pub(crate) bytes: u64,
    pub(crate) sha256: String,
}

/// Waits until the answer on screen is recording, in its answer time.
/// The page shows that some of the recording has been uploaded.
const SOME_SENT: &str = "(s => s.dataset.state === 'uploading' && !s.textContent.includes(': 0.0 of'))\
                         (document.getElementById('save-status'))";

pub(crate) async fn recording_started(tab: &Tab) -> String {
    tab.wait_until(&shown("question"), "a question").await;
    let question_id: String = tab.eval("document.getElementById('view-question').dataset.questionId").await;
    if tab.visible("#answer-ready").await {
        tab.click("#answer-ready").await;
    }
    tab.wait_until("!document.getElementById('recording-slot').hidden", "the recording indicator").await;
    question_id
}

/// Submits the recorded answer and waits until it is saved; returns what the page recorded.
pub(crate) async fn submit_recording(tab: &Tab, question_id: String) -> Recorded {
    tab.click("#answer-submit").await;
    wait_past(tab, &question_id).await;
    tab.wait_until("document.getElementById('save-status').dataset.state === 'saved-recording'", "the recording saved")
        .await;
    let slot = |field: &str| format!("document.getElementById('recording-slot').dataset.{field}");
    let bytes: String = tab.eval(&slot("bytes")).await;
    Recorded {
        question_id,
        media_ref: tab.eval(&slot("mediaRef")).await,
        bytes: bytes.parse().expect("the recorded size"),
        sha256: tab.eval(&slot("sha256")).await,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn recorded_answers_upload_in_chunks_pause_when_cut_off_resume_and_arrive_whole() {
    let Opened { _db, server, invited, chromium, tab } = open_invitation().await;
    consent(&tab, true).await;
    pass_device_check(&tab).await;

    // The first answer: recorded; once a chunk has arrived, the connection
    // drops (through the DevTools protocol) and the next chunks are cut off.
    // (Pausing the chunks with the Fetch domain, as the submission test does,
    // leaves a request with a binary body paused without an event.)
    let first = recording_started(&tab).await;
    assert_eq!(tab.text(".recording-state").await, "Recording");
    assert_eq!(tab.text("#answer-submit").await, "Stop recording and submit");
    tab.wait_until(SOME_SENT, "a first chunk uploaded").await;
    tab.page.execute(network(true)).await.expect("drop the connection");
    tab.wait_until("document.getElementById('save-status').dataset.state === 'paused'", "the upload shown paused")
        .await;
    let status = tab.text("#save-status").await;
    assert!(status.starts_with("Upload paused — retrying in"), "{status}");
    tab.screenshots("candidate-9-recording-upload-paused").await;
    tab.page.execute(network(false)).await.expect("restore the connection");
    tab.wait_until("document.getElementById('save-status').dataset.state === 'uploading'", "the upload resumed").await;
    let status = tab.text("#save-status").await;
    assert!(status.starts_with("Uploading your recording:") && status.ends_with(" MB"), "{status}");
    tab.type_into("#answer-text", "Notes typed beside the recording.").await;
    let mut recorded = vec![submit_recording(&tab, first).await];
    let status = tab.text("#save-status").await;
    assert_eq!(status, "Your recording for question 1 is saved; a transcript is made later.");
    tab.screenshots("candidate-10-recording-saved").await;

    // The second: recorded for a few seconds (two chunks or more), nothing typed.
    let second = recording_started(&tab).await;
    tokio::time::sleep(Duration::from_millis(4500)).await;
    recorded.push(submit_recording(&tab, second).await);

    // The stored answers carry the recordings, and each file is the page's recording, whole.
    let session = server.store.sessions_of_application(invited.application).await.expect("sessions")[0].id;
    let stored = server.store.answers(session).await.expect("answers");
    assert_eq!(stored.len(), 2);
    for (answer, page) in stored.iter().zip(&recorded) {
        assert_eq!(answer.question.id, page.question_id);
        assert_eq!(answer.media_ref.as_deref(), Some(page.media_ref.as_str()));
        let id = page.media_ref.strip_prefix("upload:").expect("an upload reference");
        // Kept sealed; staff play back what the page recorded.
        let file = server.media.path().join(format!("answers/{session}/{id}.webm"));
        let kept = std::fs::read(&file).unwrap_or_else(|e| panic!("the recording {}: {e}", file.display()));
        assert!(panel::crypto::is_sealed_media(&kept), "the recording is kept in clear");
        let played = server
            .http
            .get(format!("{}/api/v1/sessions/{session}/recordings/{id}", server.base))
            .bearer_auth(&invited.admin)
            .send()
            .await
            .expect("play the recording back");
        let bytes = played.bytes().await.expect("the recording").to_vec();
        assert!(page.bytes > 1000, "a real recording: {page:?}");
        assert_eq!(bytes.len() as u64, page.bytes, "the stored size is the recorded size");
        let sha256: String = Sha256::digest(&bytes).iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(sha256, page.sha256, "the stored recording is the page's recording");
    }
    assert_eq!(stored[0].answer.text, "Notes typed beside the recording.");
    assert_eq!(stored[1].answer.text, "", "no transcript yet: the text is what was typed");

    // The chunks cut off are the only errors the page may show.
    let offline = |p: &str| p.contains("net::ERR_INTERNET_DISCONNECTED");
    assert!(tab.problems().iter().any(|p| offline(p)), "no chunk was cut off: {:?}", tab.problems());
    tab.assert_no_problems(offline);
    chromium.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_link_that_cannot_be_used_gets_a_plain_page_in_both_languages() {
    let db = sqlite().await;
    let server = TestServer::start(&db).await;
    let chromium = Chromium::launch().await;
    let forged = "pl1.1.4102444800.0000000000000000000000000000000000000000000000000000000000000000";
    let tab = chromium.open(&format!("{}/i/{forged}", server.base)).await;
    tab.wait_until("document.getElementById('link-problem') !== null", "the link problem page").await;
    let text: String = tab.eval("document.body.innerText").await;
    assert!(text.contains("This interview link is not valid") && text.contains("面试链接无效"), "{text}");
    assert!(!text.contains("pl1."), "the page repeats nothing of the link: {text}");
    tab.screenshots("candidate-8-invalid-link").await;
    // The 404 of the page itself is the point; anything else is not.
    tab.assert_no_problems(|p| p.contains("status of 404") && p.contains(&format!("/i/{forged}")));
    chromium.close().await;
}

/// The headers that keep the page and its token safe, without a browser.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_pages_and_assets_are_served_with_their_types_caching_and_security_headers() {
    let db = sqlite().await;
    let server = TestServer::start(&db).await;
    let invited = invite_candidate(&server).await;
    let get = |path: String| server.http.get(format!("{}{path}", server.base)).send();

    let page = get(format!("/i/{}", invited.token)).await.expect("the page");
    assert_eq!(page.status(), 200);
    let header = |r: &reqwest::Response, name: &str| {
        r.headers().get(name).and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned()
    };
    assert_eq!(header(&page, "content-type"), "text/html; charset=utf-8");
    assert_eq!(header(&page, "cache-control"), "no-store");
    assert_eq!(header(&page, "referrer-policy"), "no-referrer");
    assert_eq!(header(&page, "x-content-type-options"), "nosniff");
    let policy = header(&page, "content-security-policy");
    assert!(policy.contains("default-src 'none'") && policy.contains("script-src 'self';"), "{policy}");
    assert!(!policy.contains("unsafe-inline"), "{policy}");
    let html = page.text().await.expect("the page's HTML");
    let script = html.split("src=\"").nth(1).and_then(|s| s.split('"').next()).expect("the page's script");
    assert!(script.starts_with("/assets/") && script.ends_with("/candidate.js"), "{script}");

    let asset = get(script.to_owned()).await.expect("the script");
    assert_eq!(asset.status(), 200);
    assert_eq!(header(&asset, "content-type"), "text/javascript; charset=utf-8");
    assert_eq!(header(&asset, "cache-control"), "public, max-age=31536000, immutable");
    assert_eq!(header(&asset, "x-content-type-options"), "nosniff");
    let catalogue = get(script.replace("candidate.js", "i18n.json")).await.expect("the catalogue");
    assert_eq!(header(&catalogue, "content-type"), "application/json");
    assert_eq!(header(&catalogue, "content-encoding"), "", "not gzipped for a client that did not ask");
    let plain = catalogue.bytes().await.expect("the catalogue");
    // Gzipped for a browser that takes it, and the same file unpacked.
    let url = format!("{}{}", server.base, script.replace("candidate.js", "i18n.json"));
    let packed = server.http.get(url).header("accept-encoding", "gzip, br").send().await.expect("gzipped");
    assert_eq!(
        (header(&packed, "content-encoding"), header(&packed, "vary")),
        ("gzip".into(), "accept-encoding".into())
    );
    let packed = packed.bytes().await.expect("the gzipped catalogue");
    assert!(packed.len() * 3 < plain.len(), "{} bytes gzipped of {}", packed.len(), plain.len());
    let mut unpacked = Vec::new();
    std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(&packed[..]), &mut unpacked).expect("gunzip");
    assert_eq!(unpacked, plain);
    let old_build = get("/assets/000000000000/candidate.js".into()).await.expect("an asset of another build");
    assert_eq!((old_build.status().as_u16(), header(&old_build, "cache-control")), (200, "no-cache".to_owned()));
    assert_eq!(get(script.replace("candidate.js", "nope.js")).await.expect("no such asset").status(), 404);

    // A link past its expiry: gone, said in both languages.
    server.clock.advance(Duration::from_secs(30 * 24 * 3600));
    let expired = get(format!("/i/{}", invited.token)).await.expect("the expired link's page");
    assert_eq!(expired.status(), 410);
    assert_eq!(header(&expired, "referrer-policy"), "no-referrer");
    let text = expired.text().await.expect("the page");
    assert!(text.contains("This interview link has expired") && text.contains("面试链接已过期"), "{text}");
    assert!(!text.contains("Li Na") && !text.contains("Acme"), "nothing about anyone: {text}");
}

/// Reloads the page; only the reloaded page passes `then` (the old one is marked).
async fn reload_then(tab: &Tab, then: &str, what: &str) {
    tab.page.evaluate("window.beforeReload = true; location.reload()").await.expect("reload");
    tab.wait_until(&format!("!window.beforeReload && {then}"), what).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reload_mid_answer_goes_on_with_the_time_left_and_what_was_typed() {
    let Opened { _db, server, invited, chromium, tab } = open_invitation().await;
    consent(&tab, false).await;

    // Halfway through typing the first answer, the page is reloaded.
    tab.wait_until(&shown("question"), "a question").await;
    let first: String = tab.eval("document.getElementById('view-question').dataset.questionId").await;
    tab.click("#answer-ready").await;
    tab.wait_until("document.getElementById('view-question').dataset.phase === 'answer'", "the answer time").await;
    tab.type_into("#answer-text", "I planned the shifts").await;
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let answering =
        format!("{} && document.getElementById('view-question').dataset.phase === 'answer'", shown("question"));
    reload_then(&tab, &answering, "the question again, in its answer time").await;

    // The same question, no think time again, less answer time than the limit, the words back.
    assert_eq!(tab.eval::<String>("document.getElementById('view-question').dataset.questionId").await, first);
    assert_eq!(tab.eval::<String>("document.getElementById('answer-text').value").await, "I planned the shifts");
    assert!(tab.visible("#resume-notice").await);
    assert!(tab.text("#resume-notice").await.contains("goes on where it was"));
    let left = tab.text("#question-timer").await;
    assert!(!left.contains("2:00"), "the time is not given again: {left}");
    tab.screenshots("candidate-11-resumed").await;
    tab.type_into("#answer-text", " and we met the target.").await;
    tab.click("#answer-submit").await;
    wait_past(&tab, &first).await;
    assert!(!tab.visible("#resume-notice").await, "the next question starts afresh");
    assert_eq!(tab.eval::<String>("document.getElementById('answer-text').value").await, "");

    let session = server.store.sessions_of_application(invited.application).await.expect("sessions")[0].id;
    let stored = &server.store.answers(session).await.expect("answers")[0];
    assert_eq!(stored.answer.text, "I planned the shifts and we met the target.");
    assert!(stored.answer.duration_ms >= 1500, "timed from the first start: {}", stored.answer.duration_ms);
    tab.assert_no_problems(|_| false);
    chromium.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reload_mid_recording_records_the_answer_again_in_the_time_left() {
    let Opened { _db, server, invited, chromium, tab } = open_invitation().await;
    consent(&tab, true).await;
    pass_device_check(&tab).await;
    let first = recording_started(&tab).await;
    tokio::time::sleep(Duration::from_millis(2500)).await;

    // Reloaded: the device check again, then the same question records afresh, said plainly.
    reload_then(&tab, &shown("devices"), "the device check again").await;
    pass_device_check(&tab).await;
    tab.wait_until("!document.getElementById('recording-slot').hidden", "recording again").await;
    assert_eq!(tab.eval::<String>("document.getElementById('view-question').dataset.questionId").await, first);
    assert!(tab.text("#resume-notice").await.contains("recording starts again"));
    // The candidate speaks a little before submitting: something is recorded.
    tab.wait_until(SOME_SENT, "a first chunk of the new recording uploaded").await;
    let recorded = submit_recording(&tab, first).await;

    let session = server.store.sessions_of_application(invited.application).await.expect("sessions")[0].id;
    let stored = &server.store.answers(session).await.expect("answers")[0];
    assert_eq!(stored.media_ref.as_deref(), Some(recorded.media_ref.as_str()), "the new recording is the answer's");
    assert!(stored.answer.duration_ms >= 2500, "timed from the first start: {}", stored.answer.duration_ms);
    tab.assert_no_problems(|_| false);
    chromium.close().await;
}

/// In a region under China's PIPL, the page shows the region's notice (what
/// is recorded, the competencies the AI scores, who sees it, how long it is
/// kept, how to ask for deletion) and asks the separate consent to transfer
/// abroad the pack requires: without it the interview does not start.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_page_shows_the_regions_notice_and_asks_each_consent_it_requires() {
    let db = sqlite().await;
    let server = TestServer::start(&db).await;
    let (_, admin) = server.bootstrap("Acme Manufacturing", "admin@acme.example").await;
    let mut parent = None;
    for (kind, name) in [("region", "Shanghai"), ("branch", "Pudong"), ("department", "Assembly")] {
        let mut body = json!({"kind": kind, "name": name, "parent_id": parent});
        if kind == "region" {
            body["policy"] = json!({"pack": "cn-pipl"});
        }
        parent = Some(server.post("/api/v1/org/units", &admin, body).await["id"].as_i64().expect("unit id"));
    }
    let job = server.post("/api/v1/jobs", &admin, job_body(parent.expect("department"), "Production Supervisor")).await;
    let job = job["id"].as_i64().expect("job id");
    let added = server
        .post(&format!("/api/v1/jobs/{job}/candidates"), &admin, json!({"name": "Li Na", "email": "li.na@example.com"}))
        .await;
    let application = added["application"]["id"].as_i64().expect("application id");
    let invited = server.post(&format!("/api/v1/applications/{application}/invitations"), &admin, json!({})).await;
    let chromium = Chromium::launch().await;
    let tab = chromium.open(&format!("{}/i/{}", server.base, invited["token"].as_str().expect("token"))).await;

    tab.wait_until(&shown("consent"), "the consent page").await;
    tab.wait_until("document.querySelectorAll('#consent-notice h3').length === 5", "the region's notice").await;
    let notice = tab.text("#consent-notice").await;
    assert!(notice.contains("Problem solving") && notice.contains("deleted"), "{notice}");
    assert!(tab.visible("#consent-transfer-abroad").await, "the transfer consent is asked");
    tab.screenshots("candidate-notice-pipl").await;

    tab.click("#consent-process").await;
    tab.click("#consent-start").await;
    tab.wait_until("!document.getElementById('consent-error').hidden", "the missing consent named").await;
    assert!(server.store.sessions_of_application(application).await.expect("sessions").is_empty());

    tab.click("#consent-transfer-abroad").await;
    tab.click("#consent-start").await;
    tab.wait_until(&shown("question"), "the first question").await;
    let consents = server.store.consents(application).await.expect("consents");
    let purposes: Vec<&str> = consents.iter().map(|c| c.purpose.as_str()).collect();
    assert_eq!(purposes, ["ai-evaluation", "transfer-abroad"]);
    assert!(consents.iter().all(|c| c.notice_version == "cn-pipl-2026.1"), "{consents:?}");
    tab.assert_no_problems(|_| false);
}

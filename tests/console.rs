//! The HR console in a real headless Chromium against a real server on
//! SQLite with the real plugins: HR signs in, watches the live dashboard
//! change without a reload, opens a report (the chart against the job's
//! thresholds, evidence marked in the transcript, timings, the recording
//! played back) and moves the candidate on; invites a CSV file of
//! candidates with a report on every row; reads the ranking; and HR of
//! another department opening the same report by its address is refused
//! and sees nothing of it. Screenshots at desktop and phone widths go to
//! `target/ui-screenshots/`; any JavaScript error fails a test.

use crate::browser;
use crate::console_sign_in;

use browser::{Chromium, Tab};
use panel::pipeline::Stage;
use panel_e2e::api::{TestServer, job_body, take_interview};
use panel_e2e::db::{TestDb, sqlite};
use panel_e2e::{STRONG_EN, WEAK_EN};
use reqwest::Method;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use console_sign_in::PASSWORD;

/// An organisation with two departments, a job in each, HR for each, and
/// candidates for the assembly job: one interviewed (with a recorded first
/// answer, transcribed or not), one interviewing, one invited who has not
/// started.
pub(crate) struct World {
    pub(crate) server: TestServer,
    _db: TestDb,
    pub(crate) admin: String,
    /// The two departments' unit ids.
    assembly: i64,
    sales: i64,
    pub(crate) assembly_job: i64,
    pub(crate) interviewed: Interviewed,
    /// The link of the candidate still interviewing.
    interviewing: String,
}

pub(crate) struct Interviewed {
    pub(crate) session: i64,
    pub(crate) application: i64,
    recording: Vec<u8>,
}

pub(crate) async fn world() -> World {
    world_with(Transcript::Written).await
}

/// Whether the world's recorded answer has its transcript (and so the interview its scores).
#[derive(PartialEq)]
enum Transcript {
    Written,
    Missing,
}

async fn world_with(transcript: Transcript) -> World {
    let db = sqlite().await;
    let server = TestServer::start(&db).await;
    let (_, admin) = server.bootstrap("Acme Manufacturing", "admin@acme.example").await;
    let unit = |kind: &str, name: &str, parent: Option<i64>| {
        let body = json!({"kind": kind, "name": name, "parent_id": parent});
        let (server, admin) = (&server, &admin);
        async move { server.post("/api/v1/org/units", admin, body).await["id"].as_i64().expect("unit id") }
    };
    let region = unit("region", "East", None).await;
    let branch = unit("branch", "Suzhou", Some(region)).await;
    let assembly = unit("department", "Assembly", Some(branch)).await;
    let sales = unit("department", "Sales", Some(branch)).await;
    for (email, name, department) in
        [("hr.assembly@acme.example", "Zhou Min", assembly), ("hr.sales@acme.example", "Qian Lei", sales)]
    {
        let body = json!({"email": email, "name": name, "password": PASSWORD, "role": "hr", "unit_id": department});
        server.post("/api/v1/users", &admin, body).await;
    }
    let assembly_job = server.post("/api/v1/jobs", &admin, job_body(assembly, "Production Supervisor")).await["id"]
        .as_i64()
        .expect("job");
    server.post("/api/v1/jobs", &admin, job_body(sales, "Key Account Manager")).await;

    let invite = |name: &'static str, email: &'static str| {
        let (server, admin) = (&server, &admin);
        async move {
            let added = server
                .post(&format!("/api/v1/jobs/{assembly_job}/candidates"), admin, json!({"name": name, "email": email}))
                .await;
            let application = added["application"]["id"].as_i64().expect("application");
            let invited =
                server.post(&format!("/api/v1/applications/{application}/invitations"), admin, json!({})).await;
            (application, invited["token"].as_str().expect("token").to_owned())
        }
    };
    // Inviting her put her through to the AI interview.
    let (application, token) = invite("Li Na", "li.na@example.com").await;
    let recording = record_first_answer(&server, &token).await;
    let session = take_interview(&server, &token, STRONG_EN).await;
    if transcript == Transcript::Written {
        transcribe_first_answer(&server, &admin, session).await;
        server.wait_scored(session).await;
    }
    let (_, interviewing) = invite("Chen Jie", "chen.jie@example.com").await;
    let (status, body) =
        server.call(Method::POST, "/api/v1/interview/start", Some(&interviewing), Some(json!({"consent": true}))).await;
    assert!(status.is_success(), "start: {body}");
    invite("Wang Wei", "wang.wei@example.com").await;
    World {
        server,
        _db: db,
        admin,
        assembly,
        sales,
        assembly_job,
        interviewed: Interviewed { session, application, recording },
        interviewing,
    }
}

/// Starts the interview with recording consented, uploads a recording of
/// the first answer in two chunks and answers with it; returns its bytes.
async fn record_first_answer(server: &TestServer, token: &str) -> Vec<u8> {
    let start = json!({"consent": true, "consent_recording": true});
    let (status, started) = server.call(Method::POST, "/api/v1/interview/start", Some(token), Some(start)).await;
    assert!(status.is_success(), "start: {started}");
    let question = started["current"]["id"].as_str().expect("a first question").to_owned();
    let mut bytes: Vec<u8> = (0..70_000u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8).collect();
    // Made to start as WebM does: the server checks a recording is what it claims.
    bytes[..4].copy_from_slice(&[0x1a, 0x45, 0xdf, 0xa3]);
    let create = json!({"question_id": question, "content_type": "video/webm"});
    let (status, upload) = server.call(Method::POST, "/api/v1/interview/uploads", Some(token), Some(create)).await;
    assert!(status.is_success(), "create the upload: {upload}");
    let id = upload["id"].as_str().expect("upload id").to_owned();
    for (offset, chunk) in [(0, &bytes[..40_000]), (40_000, &bytes[40_000..])] {
        let response = server
            .http
            .put(format!("{}/api/v1/interview/uploads/{id}?offset={offset}", server.base))
            .bearer_auth(token)
            .header("content-type", "application/octet-stream")
            .body(chunk.to_vec())
            .send()
            .await
            .expect("send a chunk");
        assert!(response.status().is_success(), "chunk at {offset}: {}", response.status());
    }
    let complete = json!({"total_bytes": bytes.len(), "sha256": hex(&Sha256::digest(&bytes))});
    let (status, done) = server
        .call(Method::POST, &format!("/api/v1/interview/uploads/{id}/complete"), Some(token), Some(complete))
        .await;
    assert!(status.is_success(), "complete: {done}");
    let answer = json!({"question_id": question, "text": "", "think_time_ms": 4000, "duration_ms": 75000,
        "media_ref": done["media_ref"]});
    let (status, accepted) = server.call(Method::POST, "/api/v1/interview/answers", Some(token), Some(answer)).await;
    assert!(status.is_success(), "answer: {accepted}");
    bytes
}

/// Writes the transcript of the recorded first answer, which the interview's scoring waits for.
async fn transcribe_first_answer(server: &TestServer, admin: &str, session: i64) {
    let answer = server.store.answers(session).await.expect("answers")[0].id;
    let path = format!("/api/v1/sessions/{session}/answers/{answer}/transcript");
    let (status, body) = server.call(Method::PUT, &path, Some(admin), Some(json!({"text": STRONG_EN}))).await;
    assert!(status.is_success(), "transcript: {body}");
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Opens the console and signs in as `email`, arriving at `path`.
async fn sign_in(chromium: &Chromium, server: &TestServer, email: &str, path: &str) -> Tab {
    console_sign_in::sign_in(chromium, &server.base, email, path).await
}

fn count_in(section: &str) -> String {
    format!("Number(document.querySelector('#dash-{section} .count')?.textContent)")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hr_watches_the_dashboard_opens_the_report_and_moves_the_candidate_on() {
    let world = world_with(Transcript::Missing).await;
    let server = &world.server;
    let chromium = Chromium::launch().await;

    // A wrong password first: said plainly, nothing else happens.
    let tab = chromium.open(&format!("{}/console", server.base)).await;
    tab.wait_until("location.pathname === '/console/login'", "the way to the sign-in").await;
    assert!(!tab.visible("#nav").await, "no navigation before signing in");
    tab.type_into("#login-email", "hr.assembly@acme.example").await;
    tab.type_into("#login-password", "not the password").await;
    tab.click("#login-submit").await;
    tab.wait_until("!document.getElementById('login-error').hidden", "the refusal").await;
    assert!(tab.text("#login-error").await.contains("do not match"));
    tab.screenshots("console-1-sign-in").await;
    tab.type_into("#login-password", PASSWORD).await;
    tab.click("#login-submit").await;

    // The dashboard: each section counts the assembly job's candidates.
    tab.wait_until("document.getElementById('dashboard') !== null", "the dashboard").await;
    tab.wait_until(&format!("{} === 1", count_in("completed")), "one interview completed").await;
    assert_eq!(tab.eval::<f64>(&count_in("in-progress")).await, 1.0);
    assert_eq!(tab.eval::<f64>(&count_in("awaiting-review")).await, 0.0, "not scored without its transcript");
    assert_eq!(tab.eval::<f64>(&count_in("awaiting-transcript")).await, 1.0);
    assert!(tab.text("#dash-awaiting-transcript").await.contains("Li Na"));
    assert_eq!(tab.eval::<f64>(&count_in("expiring")).await, 1.0, "Wang Wei has not started");
    assert!(tab.text("#dash-completed").await.contains("Li Na"));
    assert!(tab.text("#dash-in-progress").await.contains("Chen Jie"));
    assert!(tab.text("#dash-expiring").await.contains("Wang Wei"));
    assert!(tab.text("#who").await.contains("Zhou Min"));
    assert!(tab.visible("#nav").await);
    tab.screenshots("console-2-dashboard").await;
    // The whole console in Chinese, from the same catalogue, and back.
    tab.click("#language").await;
    tab.wait_until("document.documentElement.lang === 'zh-CN' && document.querySelector('#dashboard h1')?.textContent === '工作台'", "the dashboard in Chinese")
        .await;
    assert_eq!(tab.text("#dash-completed h2 span").await, "今日完成");
    assert_eq!(tab.text("#nav a[data-nav='jobs']").await, "职位");
    tab.screenshots("console-2-dashboard-zh").await;
    tab.click("#language").await;
    tab.wait_until(
        "document.documentElement.lang === 'en' && document.getElementById('dashboard') !== null",
        "English again",
    )
    .await;

    // Chen Jie finishes while HR watches: the dashboard changes by itself.
    let before: String = tab.eval("String(performance.getEntriesByType('navigation').length)").await;
    take_interview(server, &world.interviewing, WEAK_EN).await;
    let update = format!("{} === 2 && {} === 0", count_in("completed"), count_in("in-progress"));
    tab.wait_until(&format!("{update} && {} === 1", count_in("awaiting-review")), "the update").await;
    let after: String = tab.eval("String(performance.getEntriesByType('navigation').length)").await;
    assert_eq!(before, after, "the page did not reload");

    // The report, from the dashboard: not scored, the recording waiting for its transcript.
    let report = world.interviewed.session;
    tab.page
        .evaluate(format!(
            "document.querySelector(\"#dash-awaiting-transcript a[href='/console/reports/{report}']\").click()"
        ))
        .await
        .expect("open the report");
    tab.wait_until("document.getElementById('awaiting-transcripts') !== null", "the report waiting").await;
    assert_eq!(tab.eval::<String>("location.pathname").await, format!("/console/reports/{report}"));
    assert!(tab.text("h1").await.contains("Li Na"));
    assert!(!tab.visible("#score-chart").await, "no scores before the transcript");
    assert_eq!(tab.eval::<String>("document.getElementById('item-0').dataset.awaiting").await, "true");
    assert_eq!(tab.eval::<String>("document.getElementById('item-1').dataset.awaiting").await, "false");
    // This server has no speech recognition: the report says why the recording waits for a person.
    tab.wait_until("document.getElementById('speech-off') !== null", "why speech recognition is off").await;
    assert!(tab.text("#speech-off").await.contains("cargo xtask models"));
    assert!(tab.text("#speech-progress").await.contains("0 of 1"), "{}", tab.text("#speech-progress").await);

    // The recorded first answer plays back from the server, byte for byte.
    tab.click("#item-0 .play").await;
    tab.wait_until("document.querySelector('#item-0 video')?.src.startsWith('blob:')", "the recording").await;
    let size: String = tab.eval("document.querySelector('#item-0 video').dataset.bytes").await;
    assert_eq!(size, world.interviewed.recording.len().to_string());
    let trail = server.store.audit_trail(&format!("session:{report}")).await.expect("the audit trail");
    assert_eq!(trail.iter().filter(|e| e.action == "recording.play").count(), 1, "playing is audited");
    tab.screenshots("console-3-transcribing").await;

    // HR writes what she said: nothing is refused on the page, then the words are scored.
    tab.click("#first-awaiting").await;
    assert_eq!(tab.eval::<String>("document.activeElement.id").await, "transcript-text-0");
    tab.click("#item-0 .transcript-save").await;
    tab.wait_until("!document.getElementById('transcript-text-0-error').hidden", "the empty transcript refused").await;
    assert_eq!(tab.eval::<String>("document.activeElement.id").await, "transcript-text-0");
    tab.type_into("#transcript-text-0", STRONG_EN).await;
    tab.click("#item-0 .transcript-save").await;
    tab.wait_until("document.getElementById('score-chart') !== null", "the report's chart").await;
    assert_eq!(tab.eval::<String>("document.getElementById('item-0').dataset.awaiting").await, "false");
    assert!(tab.visible("#item-0 .transcript-correction").await, "a transcript can be corrected");
    let answer = &server.store.answers(report).await.expect("answers")[0];
    assert_eq!((answer.answer.text.as_str(), answer.answer.transcribed), (STRONG_EN, true));
    let trail = server.store.audit_trail(&format!("session:{report}")).await.expect("the audit trail");
    assert!(trail.iter().any(|e| e.action == "answer.transcribe" && e.actor.starts_with("user:")), "{trail:?}");
    // One bar per dimension of the job, each with its threshold marked where the job puts it.
    assert_eq!(tab.eval::<f64>("document.querySelectorAll('#score-chart .row').length").await, 4.0);
    let stored = server.store.recommendation(report).await.expect("read").expect("scored").recommendation;
    for d in &stored.dimensions {
        let row = format!("#dimension-table tr[data-dimension='{}']", d.id);
        let status = serde_json::to_value(d.status).expect("a status");
        let shown: Value = tab.eval(&format!("document.querySelector(\"{row}\").dataset.status")).await;
        assert_eq!(shown, status, "{}", d.id);
        let line = format!("document.querySelector(\"#score-chart .row[data-dimension='{}'] .threshold\")", d.id);
        let x: f64 = tab.eval(&format!("Number({line}.getAttribute('x1'))")).await;
        assert!((x - (190.0 + f64::from(d.threshold) / 10.0 * 360.0)).abs() < 0.01, "{}: threshold at {x}", d.id);
    }
    assert_eq!(tab.text("#composite").await, format!("{:.1}", stored.composite));
    assert!(tab.eval::<f64>("document.querySelectorAll('#reasons li').length").await >= 1.0);
    // Evidence marked inside the answers' words, and the timings given.
    assert!(tab.eval::<f64>("document.querySelectorAll('#transcript mark.ev-positive').length").await >= 1.0);
    let marked: String = tab.eval("document.querySelector('#transcript mark.ev-positive').textContent").await;
    assert!(STRONG_EN.contains(marked.trim()), "marked text {marked:?} is from the answer");
    assert!(tab.text("#item-0 .timings").await.contains("answered 1:15"));
    tab.screenshots("console-3-report").await;

    // Moved on to the next stage of the job's pipeline.
    let stage_before = server.store.application(world.interviewed.application).await.expect("application").stage;
    assert_eq!(stage_before, Stage::AiInterview.as_str());
    tab.type_into("#stage .move-reason", "Strong STAR answers; meet the line manager").await;
    tab.click("#stage .move-submit").await;
    tab.wait_until("document.getElementById('stage-now').dataset.stage === 'human-interview'", "the move").await;
    let moved = server.store.application(world.interviewed.application).await.expect("application");
    assert_eq!(moved.stage, Stage::HumanInterview.as_str());

    // The board shows Li Na in her new column; the ranking lists her.
    tab.page
        .evaluate(format!("document.querySelector(\"a[href='/console/jobs/{}']\").click()", world.assembly_job))
        .await
        .expect("to the job");
    tab.wait_until("document.getElementById('board') !== null", "the board").await;
    let card = format!("#board li.application[data-application='{}']", world.interviewed.application);
    let column: String =
        tab.eval(&format!("document.querySelector(\"{card}\").closest('.column').dataset.stage")).await;
    assert_eq!(column, "human-interview");
    tab.screenshots("console-4-board").await;
    tab.click("a[href$='/ranking']").await;
    tab.wait_until("document.querySelectorAll('#rank-table tbody tr').length >= 1", "the ranking").await;
    assert!(tab.text("#rank-table").await.contains("Li Na"));
    tab.screenshots("console-5-ranking").await;

    // The wrong password's 401 is the only failed request.
    tab.assert_no_problems(|p| p.contains("status of 401") && p.contains("/api/v1/auth/login"));
    chromium.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hr_of_another_department_cannot_open_the_report_by_its_address() {
    let world = world().await;
    let server = &world.server;
    let chromium = Chromium::launch().await;
    let report = format!("/console/reports/{}", world.interviewed.session);

    // Straight to the address, through the sign-in.
    let tab = sign_in(&chromium, server, "hr.sales@acme.example", &report).await;
    tab.wait_until("document.getElementById('problem') !== null", "the refusal").await;
    assert_eq!(tab.eval::<String>("location.pathname").await, report);
    assert_eq!(tab.eval::<String>("document.getElementById('problem').dataset.status").await, "403");
    assert!(tab.text("h1").await.contains("do not have access"));
    let page: String = tab.eval("document.body.innerText").await;
    assert!(!page.contains("Li Na") && !page.contains("Production Supervisor"), "nothing of the report: {page}");
    tab.screenshots("console-6-forbidden").await;

    // The dashboard, the jobs and the board show nothing of the other department.
    tab.page.evaluate("document.querySelector(\"#nav a[data-nav='dashboard']\").click()").await.expect("dashboard");
    tab.wait_until("document.getElementById('dashboard') !== null", "the dashboard").await;
    for section in ["completed", "in-progress", "awaiting-review", "expiring"] {
        assert_eq!(tab.eval::<f64>(&count_in(section)).await, 0.0, "{section}");
    }
    tab.page.evaluate("document.querySelector(\"#nav a[data-nav='jobs']\").click()").await.expect("jobs");
    tab.wait_until("document.getElementById('jobs-table') !== null", "the jobs").await;
    let jobs = tab.text("#jobs-table").await;
    assert!(jobs.contains("Key Account Manager") && !jobs.contains("Production Supervisor"), "{jobs}");
    let board = format!("{}/console/jobs/{}", server.base, world.assembly_job);
    tab.page.goto(board).await.expect("the other department's board");
    tab.wait_until("document.getElementById('problem') !== null", "the refusal of the board").await;
    assert!(!tab.eval::<String>("document.body.innerText").await.contains("Li Na"));

    // The refusals were the API's 403s, nothing else.
    tab.assert_no_problems(|p| p.contains("status of 403"));
    chromium.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hr_imports_a_csv_file_sees_every_row_and_invites_the_good_ones() {
    let world = world().await;
    let server = &world.server;
    let chromium = Chromium::launch().await;
    let job = world.assembly_job;
    // Someone who applied and has not been invited yet.
    let added = json!({"name": "Zhou Xun", "email": "zhou.xun@example.com"});
    let applied =
        server.post(&format!("/api/v1/jobs/{job}/candidates"), &world.admin, added).await["application"]["id"]
            .as_i64()
            .expect("application");
    let tab = sign_in(&chromium, server, "hr.assembly@acme.example", &format!("/console/jobs/{job}")).await;
    tab.wait_until("document.getElementById('import-form') !== null", "the import form").await;

    let csv = "name,email,phone\nZhao Lei,zhao.lei@example.com,13800000000\nSun Li,not-an-address,\nLi Na,li.na@example.com,\n";
    tab.page.evaluate(format!("document.getElementById('import-text').value = {csv:?}")).await.expect("paste the rows");
    tab.click("#import-submit").await;
    tab.wait_until("document.querySelectorAll('#import-rows tbody tr').length === 3", "the per-row report").await;
    let status = |line: u32| format!("document.querySelector(\"#import-rows tr[data-line='{line}']\").dataset.status");
    assert_eq!(tab.eval::<String>(&status(2)).await, "created");
    assert_eq!(tab.eval::<String>(&status(3)).await, "failed");
    assert_eq!(tab.eval::<String>(&status(4)).await, "existing", "Li Na applied already");
    let failed = tab.text("#import-rows tr[data-line='3']").await;
    assert!(failed.contains("email"), "the row says what was wrong: {failed}");
    assert!(tab.text("#import-status").await.contains("1 with problems"));

    // Invite the new candidates: progress, then a link on their row.
    tab.click("#import-invite").await;
    tab.wait_until("document.getElementById('import-status').textContent.includes('1 invited')", "the invitation")
        .await;
    let links: Vec<String> =
        tab.eval("[...document.querySelectorAll('#import-rows input.link')].map(i => i.value)").await;
    assert_eq!(links.len(), 1, "only the new candidate; Li Na had interviewed already");
    assert!(links.iter().all(|l| l.contains("/i/pl1.")), "{links:?}");
    tab.screenshots("console-7-import").await;

    // The new candidate is on the board, invited.
    tab.wait_until("document.getElementById('board').textContent.includes('Zhao Lei')", "the board updated").await;
    let waiting = server.get(&format!("/api/v1/jobs/{job}/not-started"), &world.admin).await.to_string();
    assert!(waiting.contains("Zhao Lei") && !waiting.contains("Sun Li"), "{waiting}");
    let column_of = |name: &str| {
        format!(
            "[...document.querySelectorAll('#board li.application')].find(li => li.textContent.includes('{name}'))\
             ?.closest('.column').dataset.stage"
        )
    };
    tab.wait_until(&format!("{} === 'ai-interview'", column_of("Zhao Lei")), "inviting moved him there").await;

    // Invited from the board: the card moves to the AI interview with its link, focused.
    assert_eq!(tab.eval::<String>(&column_of("Zhou Xun")).await, "applied");
    tab.click(&format!("#board li.application[data-application='{applied}'] .invite-one button")).await;
    tab.wait_until(&format!("{} === 'ai-interview'", column_of("Zhou Xun")), "the card moved").await;
    tab.wait_until(&format!("document.activeElement.id === 'board-link-{applied}'"), "the link focused").await;
    assert!(tab.eval::<String>("document.activeElement.value").await.contains("/i/pl1."));
    let stage = server.store.application(applied).await.expect("application").stage;
    assert_eq!(stage, "ai-interview");
    tab.assert_no_problems(|_| false);
    chromium.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_administrator_switches_a_plugin_off_for_one_department() {
    let world = world().await;
    let server = &world.server;
    let chromium = Chromium::launch().await;
    let sales = world.sales;

    let tab = sign_in(&chromium, server, "admin@acme.example", "/console/plugins").await;
    tab.wait_until("document.querySelectorAll('#binding-table tbody tr').length === 2", "the bindings").await;
    let installed = tab.text("#installed").await;
    assert!(installed.contains("bank-core") && installed.contains("rubric-star"), "{installed}");

    // Configuration that is not JSON is refused on the page, with the reason.
    tab.page
        .evaluate(format!(
            "document.getElementById('bind-scope').value = 'department:{sales}'; \
             document.getElementById('bind-plugin').value = 'rubric-star'; \
             document.getElementById('bind-plugin').dispatchEvent(new Event('change')); \
             document.getElementById('bind-config').value = '{{not json'"
        ))
        .await
        .expect("fill the form");
    tab.click("#bind-enabled").await;
    tab.click("#bind button[type=submit]").await;
    tab.wait_until("!document.getElementById('bind-error').hidden", "the refusal").await;
    assert!(tab.text("#bind-error").await.contains("not valid JSON"));
    tab.page.evaluate("document.getElementById('bind-config').value = '{}'").await.expect("fix the config");
    tab.click("#bind button[type=submit]").await;
    tab.wait_until("document.querySelectorAll('#binding-table tbody tr').length === 3", "the new binding").await;
    tab.screenshots("console-8-plugins").await;

    let bindings = server.get("/api/v1/plugin-bindings", &world.admin).await;
    let off = bindings
        .as_array()
        .expect("bindings")
        .iter()
        .find(|b| b["scope"] == json!({"kind": "department", "id": sales}))
        .expect("a binding for Sales");
    assert_eq!((off["plugin_id"].as_str(), off["enabled"].as_bool()), (Some("rubric-star"), Some(false)));
    assert!(off["requirement"].as_str().is_some_and(|r| r.starts_with("^0.")), "{off}");
    tab.assert_no_problems(|_| false);
    chromium.close().await;

    // HR read the bindings but cannot change them: no form, no buttons.
    let chromium = Chromium::launch().await;
    let tab = sign_in(&chromium, server, "hr.sales@acme.example", "/console/plugins").await;
    tab.wait_until("document.getElementById('binding-table') !== null", "the bindings").await;
    assert!(tab.eval::<bool>("document.getElementById('bind') === null").await);
    assert_eq!(tab.eval::<f64>("document.querySelectorAll('#binding-table button').length").await, 0.0);
    tab.assert_no_problems(|_| false);
    chromium.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hr_creates_a_job_with_its_competency_model_and_pipeline() {
    let world = world().await;
    let server = &world.server;
    let chromium = Chromium::launch().await;
    let tab = sign_in(&chromium, server, "hr.assembly@acme.example", "/console/jobs").await;
    tab.wait_until("document.getElementById('new-job') !== null", "the new job form").await;
    tab.click("#new-job summary").await;
    // HR of Assembly may create jobs in Assembly only.
    let departments: Vec<String> =
        tab.eval("[...document.querySelectorAll('#job-department option')].map(o => o.textContent)").await;
    assert_eq!(departments, ["East / Suzhou / Assembly"]);
    // The starting model names its dimensions in the console's language.
    assert_eq!(tab.eval::<String>("document.querySelector('.dimension-row .dim-name').value").await, "Problem solving");

    tab.type_into("#job-title", "Line Lead").await;
    tab.type_into("#job-industry", "manufacturing").await;
    tab.page
        .evaluate("document.getElementById('job-locale').value = 'en'; document.querySelectorAll('.dim-threshold')[2].value = '11'")
        .await
        .expect("a threshold out of range");
    tab.click("#job-submit").await;
    tab.wait_until("!document.getElementById('job-error').hidden", "the refusal").await;
    let error = tab.text("#job-error").await;
    assert!(error.contains("dimensions[2].threshold"), "the row and field are named: {error}");
    assert!(tab.eval::<bool>("document.activeElement === document.querySelectorAll('.dim-threshold')[2]").await);

    tab.page.evaluate("document.querySelectorAll('.dim-threshold')[2].value = '6.5'").await.expect("fix it");
    tab.click("#job-add-dimension").await;
    tab.type_into(".dimension-row:last-child .dim-id", "safety").await;
    tab.page
        .evaluate(
            "(r => { r.querySelector('.dim-id').dispatchEvent(new Event('change')); \
             r.querySelector('.dim-weight').value = '10'; r.querySelector('.dim-threshold').value = '7'; \
             r.dispatchEvent(new Event('input', {bubbles: true})); })(document.querySelector('.dimension-row:last-child'))",
        )
        .await
        .expect("a fifth dimension");
    assert!(tab.text("#job-weight-total").await.contains("110"), "the total is shown as it is");
    tab.screenshots("console-9-new-job").await;
    tab.click("#job-submit").await;
    tab.wait_until(
        "/^\\/console\\/jobs\\/\\d+$/.test(location.pathname) && document.getElementById('board') !== null",
        "the new job",
    )
    .await;
    let job_id: i64 = tab.eval("Number(location.pathname.split('/').pop())").await;
    let job = server.get(&format!("/api/v1/jobs/{job_id}"), &world.admin).await;
    assert_eq!(job["profile"]["title"], "Line Lead");
    let dimensions: Vec<(String, String)> = job["profile"]["dimensions"]
        .as_array()
        .expect("dimensions")
        .iter()
        .map(|d| (d["id"].as_str().expect("id").to_owned(), d["name"].as_str().expect("name").to_owned()))
        .collect();
    assert_eq!(dimensions.len(), 5);
    assert_eq!(dimensions[4], ("safety".to_owned(), "Safety".to_owned()));
    assert!((job["profile"]["dimensions"][0]["weight"].as_f64().expect("a weight") - 0.35).abs() < 1e-6);

    // Its pipeline: no screening, two human rounds, an answer promised within five days.
    assert!(tab.eval::<bool>("document.querySelector(\"#board .column[data-stage='screened']\") !== null").await);
    tab.click("#pipeline summary").await;
    tab.click("#pipe-screening").await;
    tab.page
        .evaluate(
            "document.getElementById('pipe-rounds').value = '2'; document.getElementById('pipe-feedback').value = '5'; \
             document.getElementById('pipe-reminders').value = '120, soon'",
        )
        .await
        .expect("the settings");
    tab.click("#pipe-submit").await;
    tab.wait_until("!document.getElementById('pipe-error').hidden", "the reminders refused").await;
    tab.page.evaluate("document.getElementById('pipe-reminders').value = '120, 15'").await.expect("fix them");
    tab.click("#pipe-submit").await;
    tab.wait_until(
        "document.querySelector(\"#board .column[data-stage='screened']\") === null",
        "the board without screening",
    )
    .await;
    assert!(tab.text("#main").await.contains("within 5 days"));
    let pipeline = &server.get(&format!("/api/v1/jobs/{job_id}"), &world.admin).await["pipeline"];
    assert_eq!(
        (pipeline["screening"].as_bool(), pipeline["human_rounds"].as_u64(), pipeline["feedback_days"].as_u64()),
        (Some(false), Some(2), Some(5))
    );
    assert_eq!(pipeline["reminders_minutes_before"], json!([120, 15]));
    tab.assert_no_problems(|p| p.contains("status of 422"));
    chromium.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hr_assigns_an_interviewer_who_scores_a_round_then_records_the_offer() {
    let world = world().await;
    let server = &world.server;
    for (email, name, department) in
        [("sun.yu@acme.example", "Sun Yu", world.assembly), ("he.ping@acme.example", "He Ping", world.sales)]
    {
        let body =
            json!({"email": email, "name": name, "password": PASSWORD, "role": "interviewer", "unit_id": department});
        server.post("/api/v1/users", &world.admin, body).await;
    }
    let application = world.interviewed.application;
    let report = format!("/console/reports/{}", world.interviewed.session);

    // HR of Assembly assigns an interviewer of Assembly (Sales' is not offered).
    let chromium = Chromium::launch().await;
    let hr = sign_in(&chromium, server, "hr.assembly@acme.example", &report).await;
    hr.wait_until("document.getElementById('assign-form') !== null", "the assignment form").await;
    let offered: Vec<String> =
        hr.eval("[...document.querySelectorAll('#assign-who option')].map(o => o.textContent)").await;
    assert_eq!(offered, ["Sun Yu"]);
    hr.click("#assign-submit").await;
    hr.wait_until("document.getElementById('assigned')?.textContent.includes('Sun Yu')", "the assignment").await;
    let assigned = server.get(&format!("/api/v1/applications/{application}/interviewers"), &world.admin).await;
    assert_eq!(assigned[0]["name"], "Sun Yu");
    server
        .post(&format!("/api/v1/applications/{application}/stage"), &world.admin, json!({"to": "human-interview"}))
        .await;

    // The interviewer finds Li Na among their assignments, reads the report
    // and scores; moving candidates is HR's.
    let tab = sign_in(&chromium, server, "sun.yu@acme.example", "/console").await;
    tab.wait_until("document.getElementById('dash-assigned')?.textContent.includes('Li Na')", "the assignment").await;
    assert!(tab.eval::<bool>("document.getElementById('dash-completed') === null").await, "only their assignments");
    tab.page.evaluate("document.querySelector('#dash-assigned a').click()").await.expect("open the assigned candidate");
    tab.wait_until("document.getElementById('scorecard') !== null", "the scorecard form").await;
    assert_eq!(tab.eval::<String>("location.pathname").await, report);
    assert!(tab.eval::<bool>("document.querySelector('#stage form') === null").await);
    assert!(tab.eval::<bool>("document.getElementById('assign-form') === null").await);
    tab.click("#scorecard summary").await;
    tab.click("#card-submit").await;
    tab.wait_until("!document.getElementById('card-error').hidden", "the empty scorecard refused").await;
    for (i, score) in ["8", "6", "", "7.5"].iter().enumerate() {
        if !score.is_empty() {
            tab.type_into(&format!("#card-score-{i}"), score).await;
        }
    }
    tab.type_into("#card-notes", "Walked through the line balancing in detail.").await;
    tab.click("#card-submit").await;
    tab.wait_until("document.getElementById('scorecards') !== null", "the scorecard on the report").await;
    let human: String = tab
        .eval("document.querySelector(\"#dimension-table tr[data-dimension='problem-solving'] td:last-child\").textContent")
        .await;
    assert_eq!(human, "8.0");
    assert!(tab.text("#scorecards").await.contains("Walked through the line balancing"));
    tab.screenshots("console-10-scorecard").await;
    let cards = server.get(&format!("/api/v1/applications/{application}/scorecards"), &world.admin).await;
    let card = &cards["scorecards"][0];
    assert_eq!((card["round"].as_i64(), card["recommendation"].as_str()), (Some(1), Some("advance")));
    assert_eq!(card["scores"], json!({"problem-solving": 8.0, "teamwork": 6.0, "communication": 7.5}));
    tab.assert_no_problems(|_| false);

    // With the round scored, HR makes the offer and records its terms.
    // Input goes to the tab in front: HR's again.
    hr.page.bring_to_front().await.expect("HR's tab in front");
    hr.page.evaluate("location.reload()").await.expect("reload the report");
    hr.wait_until("document.getElementById('stage-now')?.dataset.stage === 'human-interview'", "the stage").await;
    assert_eq!(hr.eval::<String>("document.querySelector('#stage .move-to').value").await, "offer");
    hr.click("#stage .move-submit").await;
    hr.wait_until("document.getElementById('offer-form') !== null", "the offer form").await;
    hr.page.evaluate("document.getElementById('offer-start').value = '2027-03-01'").await.expect("a start date");
    hr.type_into("#offer-grade", "M2").await;
    hr.type_into("#offer-amount", "18,000").await;
    hr.type_into("#offer-cost-centre", "CC-ASM-01").await;
    hr.type_into("#offer-manager", "Zhou Min").await;
    hr.type_into("#offer-manager-email", "zhou.min@acme.example").await;
    hr.click("#offer-submit").await;
    hr.wait_until("!document.getElementById('offer-error').hidden", "the amount refused").await;
    assert!(hr.text("#offer-error").await.contains("salary.amount"));
    assert!(hr.eval::<bool>("document.activeElement === document.getElementById('offer-amount')").await);
    hr.page.evaluate("document.getElementById('offer-amount').value = '18000.00'").await.expect("fix the amount");
    hr.click("#offer-submit").await;
    hr.wait_until("document.getElementById('offer-status').textContent.startsWith('Recorded')", "the offer saved")
        .await;
    hr.screenshots("console-11-offer").await;
    let offer = server.get(&format!("/api/v1/applications/{application}/offer"), &world.admin).await;
    assert_eq!(offer["start_date"], "2027-03-01");
    assert_eq!(offer["salary"], json!({"amount": "18000.00", "currency": "CNY", "period": "month"}));
    assert_eq!(offer["manager"], json!({"name": "Zhou Min", "email": "zhou.min@acme.example"}));
    assert_eq!(offer["employee_number"], Value::Null);

    // Hired, and later leaving: HR records the last working day once.
    for to in ["background-check", "onboarding"] {
        server.post(&format!("/api/v1/applications/{application}/stage"), &world.admin, json!({"to": to})).await;
    }
    hr.page.evaluate("location.reload()").await.expect("reload the report");
    hr.wait_until("document.getElementById('departure-form') !== null", "the departure form").await;
    hr.click("#departure-submit").await;
    hr.wait_until("!document.getElementById('departure-error').hidden", "no day refused").await;
    assert!(hr.eval::<bool>("document.activeElement === document.getElementById('departure-day')").await);
    hr.page.evaluate("document.getElementById('departure-day').value = '2027-06-30'").await.expect("a last day");
    hr.page.evaluate("document.getElementById('departure-reason').value = 'voluntary'").await.expect("a reason");
    hr.click("#departure-submit").await;
    hr.wait_until("document.getElementById('departure-recorded') !== null", "the departure recorded").await;
    let departure = server.store.departure(application).await.expect("read").expect("recorded");
    assert_eq!((departure.last_day.as_str(), departure.reason.as_str()), ("2027-06-30", "voluntary"));
    let (kind, _) = server.store.event(&departure.event_id).await.expect("the event");
    assert_eq!(kind, "employee.left");
    // The old page is marked, so only the reloaded one can pass the wait.
    hr.page.evaluate("window.beforeReload = true; location.reload()").await.expect("reload the report");
    let recorded = "!window.beforeReload && document.getElementById('departure-recorded') !== null";
    hr.wait_until(recorded, "the departure as recorded").await;
    assert!(hr.text("#departure-recorded").await.contains("2027-06-30"));
    // Refused on purpose: the wrong amount (422); no offer, no departure yet when their forms first opened (404).
    hr.assert_no_problems(|p| {
        p.contains("status of 422")
            || (p.contains("status of 404") && (p.ends_with("/offer)") || p.ends_with("/departure)")))
    });
    chromium.close().await;
}

//! The candidate's personal data handled from the report in the console, in
//! a real headless Chromium: an administrator downloads everything held for
//! an access request, places a legal hold (and deleting is then refused),
//! lifts it, and deletes the candidate, who is gone from the API; HR of one
//! department is not offered the card at all. A compliance officer's page
//! of personal-data requests lists an erasure request waiting for a legal
//! hold and lifts the hold.

use panel::compliance::erasure::Eraser;

use crate::browser::Chromium;
use crate::console::world;
use crate::console_sign_in::sign_in;
use reqwest::{Method, StatusCode};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_administrator_exports_holds_and_deletes_a_candidate_from_the_report() {
    let world = world().await;
    let server = &world.server;
    let application = server.store.application(world.interviewed.application).await.expect("application");
    let candidate = application.candidate_id;
    let report = format!("/console/reports/{}", world.interviewed.session);
    let chromium = Chromium::launch().await;

    // HR of the assembly department reads the report but handles no data requests.
    let tab = sign_in(&chromium, &server.base, "hr.assembly@acme.example", &report).await;
    tab.wait_until("document.querySelector('.report-top') !== null", "the report").await;
    assert!(!tab.visible("#personal-data").await, "HR of one department is not offered the card");
    tab.assert_no_problems(|_| false);

    let tab = sign_in(&chromium, &server.base, "admin@acme.example", &report).await;
    tab.wait_until("document.getElementById('hold-state') !== null", "the personal data card").await;
    assert_eq!(tab.text("#hold-state").await, "No legal hold.");

    // An access request: the bundle downloads.
    tab.click("#personal-export").await;
    tab.wait_until(
        "document.getElementById('personal-data-message').textContent.startsWith('Downloaded')",
        "the download",
    )
    .await;
    let said = tab.text("#personal-data-message").await;
    assert!(said.contains(&format!("candidate-{candidate}.tar.gz")), "{said}");

    // A legal hold, by case reference: deleting is refused while it stands.
    tab.click("#hold-place").await;
    tab.wait_until("!document.getElementById('hold-error').hidden", "the missing case reference").await;
    tab.type_into("#hold-reason", "CASE-2026-17").await;
    tab.click("#hold-place").await;
    tab.wait_until("document.getElementById('hold-lift') !== null", "the hold placed").await;
    assert!(tab.text("#hold-state").await.contains("CASE-2026-17"));
    tab.screenshots("console-personal-data-held").await;
    tab.click("#personal-erase").await;
    assert!(tab.visible("#erase-confirm").await, "deleting asks first");
    tab.click("#erase-now").await;
    tab.wait_until(
        "document.getElementById('personal-data-message').textContent.includes('legal hold')",
        "the refusal",
    )
    .await;
    let (status, _) =
        server.call(Method::GET, &format!("/api/v1/candidates/{candidate}"), Some(&world.admin), None).await;
    assert_eq!(status, StatusCode::OK, "nothing was deleted under the hold");

    // Lifted, then deleted: the console moves to the job, the candidate is gone.
    tab.click("#hold-lift").await;
    tab.wait_until("document.getElementById('hold-place') !== null", "the hold lifted").await;
    tab.click("#personal-erase").await;
    tab.click("#erase-now").await;
    tab.wait_until(&format!("location.pathname === '/console/jobs/{}'", world.assembly_job), "the job's page").await;
    let (status, _) =
        server.call(Method::GET, &format!("/api/v1/candidates/{candidate}"), Some(&world.admin), None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let trail = server.store.audit_trail(&format!("candidate:{candidate}")).await.expect("audit trail");
    for action in ["candidate.export", "legal-hold.place", "legal-hold.lift", "candidate.erase"] {
        assert!(trail.iter().any(|e| e.action == action), "{action} audited: {trail:?}");
    }
    // The refusal under hold was the API's 409, nothing else.
    tab.assert_no_problems(|p| p.contains("status of 409"));
    chromium.close().await;
}

/// The page of personal-data requests, as a compliance officer works it:
/// the candidate's own erasure request, overdue because a legal hold keeps
/// it waiting, is listed with the hold (by number and case reference, never
/// a name); lifting the hold there leaves the request to the next retention
/// run, which erases the candidate and the page lists the erasure. HR of one
/// department is not offered the page.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_compliance_officer_lifts_the_hold_an_erasure_request_waits_for() {
    let world = world().await;
    let server = &world.server;
    let candidate = server.store.application(world.interviewed.application).await.expect("application").candidate_id;
    let person = server.store.candidate(candidate).await.expect("candidate");
    let hold = serde_json::json!({"reason": "CASE-2026-31"});
    let path = format!("/api/v1/candidates/{candidate}/legal-hold");
    let (status, _) = server.call(Method::PUT, &path, Some(&world.admin), Some(hold)).await;
    assert!(status.is_success(), "{status}");
    // The candidate asked 40 days ago, due in 30: overdue, held.
    let day = 24 * 60 * 60 * 1000;
    let asked = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).expect("clock").as_millis() as i64
        - 40 * day;
    let by = panel::store::AuditBy { actor: "candidate:invitation:1", origin: "" };
    let request = server
        .store
        .request_erasure(person.organisation_id, candidate, asked, asked + 30 * day, by)
        .await
        .expect("request");
    server
        .post(
            "/api/v1/users",
            &world.admin,
            serde_json::json!({"email": "dpo@acme.example", "name": "DPO", "password": crate::console_sign_in::PASSWORD,
                               "role": "compliance"}),
        )
        .await;
    let chromium = Chromium::launch().await;

    let hr = sign_in(&chromium, &server.base, "hr.assembly@acme.example", "/console").await;
    hr.wait_until("document.querySelector(\"a[data-nav='requests']\") !== null", "the menu").await;
    assert!(
        hr.eval::<bool>("document.querySelector(\"a[data-nav='requests']\").hidden").await,
        "offered to HR of one department"
    );

    let tab = sign_in(&chromium, &server.base, "dpo@acme.example", "/console/requests").await;
    let open = format!("#requests-open-table tr[data-request='{request}']");
    tab.wait_until(&format!("document.querySelector(\"{open}\") !== null"), "the open request").await;
    assert!(!tab.eval::<bool>("document.querySelector(\"a[data-nav='requests']\").hidden").await, "in the menu");
    assert_eq!(tab.text(&format!("{open} .waiting")).await, "a legal hold to be lifted");
    assert!(tab.text(&format!("{open} .due")).await.contains("overdue"));
    let held = format!("#legal-holds-table tr[data-candidate='{candidate}']");
    assert_eq!(tab.text(&format!("{held} .case")).await, "CASE-2026-31");
    let page: String = tab.eval("document.getElementById('app').innerText").await;
    assert!(!page.contains(&person.name), "the page names the candidate");
    tab.screenshots("console-12-data-requests").await;

    tab.click(&format!("{held} button.lift")).await;
    tab.wait_until("document.getElementById('legal-holds-empty') !== null", "the hold lifted").await;
    assert_eq!(tab.text(&format!("{open} .waiting")).await, "the next retention run");
    assert!(server.store.legal_hold(candidate).await.expect("hold").is_none());

    // The next retention run completes the request; the page lists the erasure.
    let eraser =
        Eraser { store: server.store.clone(), media_root: Some(server.media.path().to_path_buf()), embeddings: None };
    eraser.purge_due(server.engine.now_ms()).await.expect("retention run");
    assert!(server.store.candidate(candidate).await.is_err(), "the request was not completed");
    tab.click("a[data-nav='requests']").await;
    tab.wait_until("document.getElementById('requests-open-empty') !== null", "nothing left open").await;
    let erased = format!("#erased-table tr[data-candidate='{candidate}']");
    assert_eq!(tab.text(&format!("{erased} .reason")).await, "on request");
    tab.assert_no_problems(|_| false);
    chromium.close().await;
}

//! The candidate's personal data handled from the report in the console, in
//! a real headless Chromium: an administrator downloads everything held for
//! an access request, places a legal hold (and deleting is then refused),
//! lifts it, and deletes the candidate, who is gone from the API; HR of one
//! department is not offered the card at all.

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

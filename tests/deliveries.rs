//! The outbox in the HR console, in a real headless Chromium against a real
//! server whose stage moves go through the real outbox to a test connector
//! package and a local HTTP server standing in for a payroll system: an
//! administrator reads how quickly candidates hear their result and the
//! deliveries by state, and sends a dead one again; HR of one department is
//! not offered the page and is refused it by its address.

use crate::browser;
use crate::console_sign_in;

use console_sign_in::sign_in;
use panel::api::ApiConfig;
use panel::engine::OutboxConfig;
use panel::store::{NewCandidate, RegionPolicy, Role};
use panel_e2e::api::TestServer;
use panel_e2e::db::sqlite;
use panel_e2e::receiver::{connector_registry, payroll};
use panel_e2e::{organisation_wide, organisation_with_job};
use serde_json::json;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn administrators_read_the_outbox_and_send_a_dead_delivery_again() {
    let db = sqlite().await;
    let (port, payroll) = payroll().await;
    let packages = tempfile::tempdir().expect("packages dir");
    let registry = connector_registry(packages.path(), port);
    let server = TestServer::start_with_registry(&db, ApiConfig::default(), registry, packages).await;
    let (org, job) = organisation_with_job(&server.store, RegionPolicy::default(), false).await;
    let department = server.store.job(job).await.expect("job").department_id;
    server.add_staff(org, "admin@acme.example", Role::Admin, None).await;
    server.add_staff(org, "hr.assembly@acme.example", Role::Hr, Some(department)).await;
    let url = format!("http://127.0.0.1:{port}/hires");
    let binding = organisation_wide(org, "hostile-connector", json!({ "url": url }));
    let by = panel::store::AuditBy { actor: "tests/deliveries.rs", origin: "local" };
    server.plugins.bind(org, binding, by).await.expect("bind the connector");
    let admin = server.login("admin@acme.example", console_sign_in::PASSWORD).await;

    // Three candidates moved on: the payroll system refuses the first event
    // for good, takes the second, and the third (a rejection) is not sent yet.
    let config = OutboxConfig::default();
    let mut applications = Vec::new();
    for name in ["Li Na", "Chen Jie", "Wang Wei"] {
        let email = format!("{}@example.com", name.to_lowercase().replace(' ', "."));
        let candidate = NewCandidate { name: name.into(), email, ..Default::default() };
        let (id, _) = server.store.create_candidate(org, &candidate).await.expect("candidate");
        applications.push(server.store.apply(id, job).await.expect("application").id);
    }
    let stage = |application: i64, body: serde_json::Value| {
        let (server, admin) = (&server, &admin);
        async move { server.post(&format!("/api/v1/applications/{application}/stage"), admin, body).await }
    };
    payroll.lock().expect("lock").script.push_back(400);
    stage(applications[0], json!({"to": "screened"})).await;
    assert_eq!(server.engine.deliver_due("test", &config).await.expect("a pass").dead, 1);
    stage(applications[1], json!({"to": "screened"})).await;
    assert_eq!(server.engine.deliver_due("test", &config).await.expect("a pass").delivered, 1);
    let reason =
        json!({"to": "rejected", "reason": "no forklift licence", "candidate_reason": "The role needs a licence."});
    stage(applications[2], reason).await;
    let dead = server.store.deliveries(org, "dead", 10).await.expect("dead letters");
    assert_eq!(dead.len(), 1);
    let sla = server.get("/api/v1/feedback-sla", &admin).await;

    // The administrator is offered the page and reads the dead letter first.
    let chromium = browser::Chromium::launch().await;
    let tab = sign_in(&chromium, &server.base, "admin@acme.example", "/console").await;
    tab.wait_until("document.getElementById('dashboard') !== null", "the dashboard").await;
    assert!(tab.visible("a[data-nav='deliveries']").await, "offered to administrators");
    tab.click("a[data-nav='deliveries']").await;
    tab.wait_until("document.getElementById('delivery-table') !== null", "the dead letters").await;
    assert_eq!(tab.eval::<String>("location.pathname").await, "/console/deliveries");
    let rows = "#delivery-table tbody tr";
    assert_eq!(tab.eval::<f64>(&format!("document.querySelectorAll('{rows}').length")).await, 1.0);
    let row = format!("#delivery-table tr[data-delivery='{}']", dead[0].id);
    assert!(tab.text(&row).await.contains("400"), "the refusal is shown: {}", tab.text(&row).await);
    assert!(tab.text(&row).await.contains("hostile-connector"));
    assert_eq!(tab.text("#sla-results .big").await, sla["results"].to_string());
    assert_eq!(tab.text("#sla-overdue .big").await, sla["overdue"].to_string());
    tab.screenshots("console-12-deliveries").await;

    // Sent again: pending in the store, the row says so, the replay audited.
    tab.click(&format!("{row} .replay")).await;
    tab.wait_until(&format!("document.querySelector(\"{row}\").dataset.state === 'pending'"), "the replay").await;
    let pending = server.store.deliveries(org, "pending", 10).await.expect("pending");
    assert!(pending.iter().any(|d| d.id == dead[0].id), "{pending:?}");
    let trail = server.store.audit_trail(&format!("delivery:{}", dead[0].id)).await.expect("the audit trail");
    assert_eq!(trail.iter().filter(|e| e.action == "delivery.replay").count(), 1, "{trail:?}");

    // The delivered one, with what the payroll system answered.
    tab.page
        .evaluate("(s => { s.value = 'delivered'; s.dispatchEvent(new Event('change')); })(document.getElementById('delivery-state'))")
        .await
        .expect("choose delivered");
    tab.wait_until(
        "document.querySelector('#delivery-table tbody tr')?.dataset.state === 'delivered'",
        "the delivered",
    )
    .await;
    assert!(tab.text("#delivery-table tbody").await.contains("applied EMP-1"));
    tab.assert_no_problems(|_| false);

    // HR of one department: not offered, and refused by the address.
    let hr = sign_in(&chromium, &server.base, "hr.assembly@acme.example", "/console/deliveries").await;
    hr.wait_until("document.getElementById('problem') !== null", "the refusal").await;
    assert_eq!(hr.eval::<String>("document.getElementById('problem').dataset.status").await, "403");
    assert!(!hr.visible("a[data-nav='deliveries']").await, "not offered to HR of a department");
    hr.assert_no_problems(|p| p.contains("status of 403"));
    chromium.close().await;
}

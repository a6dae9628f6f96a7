//! An organisation `panel serve` serves, driven over HTTP the way its staff
//! and candidates drive it: departments and jobs, an interview through the
//! candidate's link to its scored report, a candidate moved to hired, and
//! the outbox's deliveries.

use std::time::{Duration, Instant};

use serde_json::{Value, json};

use super::server::Client;

/// Finance and Sales under one branch, a job each.
pub struct TwoDepartments {
    pub finance: i64,
    pub finance_job: i64,
    pub sales_job: i64,
}

/// Creates [`TwoDepartments`] in the administrator's organisation. The jobs'
/// pipelines skip screening, human rounds, background check and probation,
/// so an interviewed candidate is two moves from hired: offer, onboarding.
pub async fn two_departments(admin: &Client) -> TwoDepartments {
    let unit = |kind: &str, name: &str, parent: Option<i64>| json!({"kind": kind, "name": name, "parent_id": parent});
    let region = admin.ok("/api/v1/org/units", Some(unit("region", "East", None))).await["id"].as_i64();
    let branch = admin.ok("/api/v1/org/units", Some(unit("branch", "Shanghai", region))).await["id"].as_i64();
    let mut ids = Vec::new();
    for name in ["Finance", "Sales"] {
        let dept = admin.ok("/api/v1/org/units", Some(unit("department", name, branch))).await["id"].as_i64();
        let job = json!({"department_id": dept, "title": format!("{name} analyst"), "industry": "internet",
            "locale": "en", "dimensions": [{"id": "teamwork", "name": "Teamwork", "weight": 1.0, "threshold": 6.0}]});
        let job = admin.ok("/api/v1/jobs", Some(job)).await["id"].as_i64().expect("job id");
        let short = json!({"screening": false, "human_rounds": 0, "background_check": false, "probation": false});
        admin.put(&format!("/api/v1/jobs/{job}/pipeline"), short).await;
        ids.push((dept.expect("department id"), job));
    }
    TwoDepartments { finance: ids[0].0, finance_job: ids[0].1, sales_job: ids[1].1 }
}

/// A candidate added to `job` and invited to its AI interview: the
/// application and the candidate's link.
pub async fn invited(admin: &Client, job: i64) -> (i64, String) {
    let candidate = json!({"name": "Li Na", "email": format!("li.{job}@example.com")});
    let added = admin.ok(&format!("/api/v1/jobs/{job}/candidates"), Some(candidate)).await;
    let application = added["application"]["id"].as_i64().expect("application");
    let invitation = admin.ok(&format!("/api/v1/applications/{application}/invitations"), Some(json!({}))).await;
    (application, invitation["token"].as_str().expect("token").to_owned())
}

/// A candidate for `job` invited, answering every question with `answer`
/// through their link, and finishing. Returns the application and the
/// session's report once it is scored.
pub async fn interview(admin: &Client, job: i64, answer: &str) -> (i64, Value) {
    let (application, link) = invited(admin, job).await;
    let (_, started) =
        admin.send("/api/v1/interview/start", &link, Some(json!({"consent": true}))).await.expect("start");
    let mut current = started["current"].clone();
    assert!(current.is_object(), "the interview has questions: {started}");
    while current.is_object() {
        let body = json!({"question_id": current["id"], "text": answer, "think_time_ms": 4000, "duration_ms": 50000});
        let (status, accepted) = admin.send("/api/v1/interview/answers", &link, Some(body)).await.expect("answer");
        assert!(status.is_success(), "{status} {accepted}");
        current = accepted["next"].clone();
    }
    let (status, finished) = admin.send("/api/v1/interview/finish", &link, Some(json!({}))).await.expect("finish");
    assert!(status.is_success(), "{status} {finished}");
    let sessions = admin.ok(&format!("/api/v1/applications/{application}/sessions"), None).await;
    let session = sessions[0]["id"].as_i64().expect("session");
    // Scoring runs in the background after the finish.
    let report = until("the interview is scored", Duration::from_secs(120), || async move {
        let report = admin.ok(&format!("/api/v1/sessions/{session}/report"), None).await;
        report["recommendation"].is_object().then_some(report)
    })
    .await;
    (application, report)
}

/// Moves an interviewed application on to offer, then onboarding (which
/// emits `candidate.hired`); returns that event's id.
pub async fn hire(admin: &Client, application: i64) -> String {
    let path = format!("/api/v1/applications/{application}/stage");
    admin.ok(&path, Some(json!({"to": "offer"}))).await;
    let hired = admin.ok(&path, Some(json!({"to": "onboarding"}))).await;
    hired["event_id"].as_str().expect("event id").to_owned()
}

/// The outbox's deliveries of `application` in `state` (`pending`,
/// `delivered` or `dead`).
pub async fn deliveries(admin: &Client, state: &str, application: i64) -> Vec<Value> {
    let all = admin.ok(&format!("/api/v1/deliveries?state={state}"), None).await;
    all.as_array().expect("deliveries").iter().filter(|d| d["application_id"] == application).cloned().collect()
}

/// Waits until the server has loaded every plugin of `ids` (hot reload picks
/// up what `panel plugin install` put in its packages directory).
pub async fn loaded(admin: &Client, ids: &[&str]) {
    until("the installed plugins are loaded", Duration::from_secs(180), || async move {
        let listed = admin.ok("/api/v1/plugins", None).await;
        let listed: Vec<&str> = listed.as_array()?.iter().filter_map(|p| p["id"].as_str()).collect();
        ids.iter().all(|id| listed.contains(id)).then_some(())
    })
    .await;
}

/// Polls `check` until it gives a value; bounded as a guard, not a speed
/// assertion.
pub async fn until<T, F>(what: &str, limit: Duration, mut check: impl FnMut() -> F) -> T
where
    F: Future<Output = Option<T>>,
{
    let started = Instant::now();
    loop {
        if let Some(value) = check().await {
            return value;
        }
        assert!(started.elapsed() < limit, "timed out waiting until {what}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

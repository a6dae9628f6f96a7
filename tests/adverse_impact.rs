//! Self-identification and the adverse-impact report through HTTP, on
//! SQLite and PostgreSQL: candidates answer (or not) through their link under
//! a consent of their own; the report's figures match what the interviews
//! decided, computed by hand here; withdrawing removes a candidate from it;
//! only administrators read it, as JSON or LL144-shaped CSV, and it is audited.

use panel_e2e::api::{TestServer, job_body, take_interview};
use panel_e2e::db::databases;
use panel_e2e::{STRONG_EN, WEAK_EN};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

async fn unit(s: &TestServer, admin: &str, kind: &str, name: &str, parent: Option<i64>) -> i64 {
    s.post("/api/v1/org/units", admin, json!({"kind": kind, "name": name, "parent_id": parent})).await["id"]
        .as_i64()
        .expect("unit id")
}

/// A candidate of `job` invited, interviewed with `answer` and scored;
/// returns their link token and the decision.
async fn interviewed(s: &TestServer, admin: &str, job: i64, n: usize, answer: &str) -> (String, String) {
    let added = s
        .post(
            &format!("/api/v1/jobs/{job}/candidates"),
            admin,
            json!({"name": format!("Candidate {n}"), "email": format!("c{n}@example.com")}),
        )
        .await;
    let application = added["application"]["id"].as_i64().expect("application id");
    let created = s.post(&format!("/api/v1/applications/{application}/invitations"), admin, json!({})).await;
    let token = created["token"].as_str().expect("token").to_owned();
    let session = take_interview(s, &token, answer).await;
    s.wait_scored(session).await;
    let report = s.get(&format!("/api/v1/sessions/{session}/report"), admin).await;
    let decision = report["recommendation"]["decision"].as_str().expect("a decision").to_owned();
    (token, decision)
}

fn group<'a>(table: &'a Value, name: &str) -> &'a Value {
    table["groups"].as_array().expect("groups").iter().find(|g| g["group"] == name).unwrap_or(&Value::Null)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_report_counts_what_the_interviews_decided_per_self_identified_group() {
    for db in databases().await {
        let s = TestServer::start(&db).await;
        let (_, admin) = s.bootstrap("Acme", "admin@acme.example").await;
        let region = unit(&s, &admin, "region", "East", None).await;
        let branch = unit(&s, &admin, "branch", "Suzhou", Some(region)).await;
        let dept = unit(&s, &admin, "department", "Assembly", Some(branch)).await;
        let job = s.post("/api/v1/jobs", &admin, job_body(dept, "Supervisor")).await["id"].as_i64().expect("job");

        let mut people = Vec::new();
        for (n, (answer, sex)) in
            [(STRONG_EN, Some("female")), (STRONG_EN, Some("female")), (WEAK_EN, Some("male")), (STRONG_EN, None)]
                .into_iter()
                .enumerate()
        {
            let (token, decision) = interviewed(&s, &admin, job, n, answer).await;
            if let Some(sex) = sex {
                let body = json!({"consent": true, "notice_version": "2026-12", "groups": {"sex": sex}});
                let (status, reply) =
                    s.call(Method::PUT, "/api/v1/interview/self-identification", Some(&token), Some(body)).await;
                assert_eq!(status, StatusCode::NO_CONTENT, "{}: {reply}", db.name);
            }
            people.push((token, decision, sex));
        }

        // Refused answers say what was wrong, and store nothing.
        let token = &people[3].0;
        for (body, field) in [
            (json!({"consent": false, "notice_version": "2026-12", "groups": {"sex": "female"}}), "consent"),
            (json!({"consent": true, "notice_version": "2026-12", "groups": {"sex": "asian"}}), "groups.sex"),
            (json!({"consent": true, "notice_version": "2026-12", "groups": {"religion": "none"}}), "groups.religion"),
        ] {
            let (status, reply) =
                s.call(Method::PUT, "/api/v1/interview/self-identification", Some(token), Some(body)).await;
            assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{}: {reply}", db.name);
            assert_eq!(reply["error"]["field"], field, "{reply}");
        }
        let categories = s.get("/api/v1/interview/self-identification", token).await;
        assert!(categories.to_string().contains("race-ethnicity"), "{categories}");

        // The figures, by hand from the decisions the interviews made.
        let path = format!("/api/v1/compliance/adverse-impact?category=sex&job_id={job}");
        let table = s.get(&path, &admin).await;
        let advanced = |sex: &str| people.iter().filter(|(_, d, s)| *s == Some(sex) && d == "advance").count() as f64;
        assert_eq!(table["assessed"], 4, "{}: {table}", db.name);
        assert_eq!(table["unknown"], 1, "{}: {table}", db.name);
        let (female, male) = (group(&table, "female"), group(&table, "male"));
        assert_eq!(female["assessed"], 2, "{table}");
        assert_eq!(male["assessed"], 1, "{table}");
        assert_eq!(female["selected"]["count"].as_f64(), Some(advanced("female")), "{table}");
        assert_eq!(male["selected"]["count"].as_f64(), Some(advanced("male")), "{table}");
        assert_eq!(female["small_sample"], true, "two people are a small sample: {table}");
        let (f_rate, m_rate) = (advanced("female") / 2.0, advanced("male"));
        if f_rate > 0.0 && f_rate >= m_rate {
            let expected = m_rate / f_rate;
            assert!((male["selected"]["impact_ratio"].as_f64().expect("ratio") - expected).abs() < 1e-9, "{table}");
            assert_eq!(male["selected"]["below_four_fifths"], expected < 0.8, "{table}");
        }
        assert_ne!(people[0].1, people[2].1, "{}: a strong and a weak answer decide differently", db.name);

        // CSV in the audit's shape.
        let response =
            s.http.get(format!("{}{path}&format=csv", s.base)).bearer_auth(&admin).send().await.expect("csv");
        assert_eq!(response.status(), StatusCode::OK);
        let csv = response.text().await.expect("text");
        assert!(csv.starts_with("category,group,assessed,selected,selection_rate,selection_impact_ratio"), "{csv}");
        assert!(csv.contains("\nsex,female,2,") && csv.contains("\nsex,(not disclosed),1,"), "{csv}");

        // Withdrawing takes a candidate out of it.
        let (status, _) =
            s.call(Method::DELETE, "/api/v1/interview/self-identification", Some(&people[2].0), None).await;
        assert_eq!(status, StatusCode::NO_CONTENT);
        let table = s.get(&path, &admin).await;
        assert!(group(&table, "male").is_null(), "{}: withdrawn: {table}", db.name);
        assert_eq!(table["unknown"], 2, "{table}");

        // Administrators only, and every read is audited.
        s.post(
            "/api/v1/users",
            &admin,
            json!({"email": "hr@acme.example", "name": "HR", "password": "a long enough password", "role": "hr",
                   "unit_id": dept}),
        )
        .await;
        let hr = s.login("hr@acme.example", "a long enough password").await;
        let (status, _) = s.call(Method::GET, &path, Some(&hr), None).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{}", db.name);
        // A compliance officer reads it (and the audit trail), organisation-wide,
        // and nothing a candidate said or was scored on.
        let (status, body) = s
            .call(
                Method::POST,
                "/api/v1/users",
                Some(&admin),
                Some(json!({"email": "dpo@acme.example", "name": "DPO", "password": "a long enough password",
                            "role": "compliance", "unit_id": dept})),
            )
            .await;
        assert_eq!((status, body["error"]["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("unit_id")));
        s.post(
            "/api/v1/users",
            &admin,
            json!({"email": "dpo@acme.example", "name": "DPO", "password": "a long enough password",
                   "role": "compliance"}),
        )
        .await;
        let dpo = s.login("dpo@acme.example", "a long enough password").await;
        let read = s.get(&path, &dpo).await;
        assert_eq!(group(&read, "female"), group(&table, "female"), "{}: the same figures", db.name);
        let (status, _) = s.call(Method::GET, &format!("/api/v1/audit?subject=unit:{dept}"), Some(&dpo), None).await;
        assert_eq!(status, StatusCode::OK, "{}: the audit trail", db.name);
        // And checks the organisation's own audit chain without the server's command line.
        let verified = s.get("/api/v1/audit/verify", &dpo).await;
        assert_ne!(verified["chain"], json!(0), "{}: {verified}", db.name);
        assert_eq!(verified["problem"], Value::Null, "{}: {verified}", db.name);
        assert!(verified["checked"].as_i64() > Some(0), "{}: {verified}", db.name);
        for refused in [
            format!("/api/v1/jobs/{job}"),
            format!("/api/v1/jobs/{job}/ranking"),
            format!("/api/v1/jobs/{job}/applications"),
            format!("/api/v1/analytics/funnel?job_id={job}"),
        ] {
            let (status, _) = s.call(Method::GET, &refused, Some(&dpo), None).await;
            assert!(
                matches!(status, StatusCode::FORBIDDEN | StatusCode::NOT_FOUND),
                "{}: {refused} answered {status}",
                db.name
            );
        }
        let (status, body) =
            s.call(Method::GET, "/api/v1/compliance/adverse-impact?category=age", Some(&admin), None).await;
        assert_eq!((status, body["error"]["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("category")));
        let reads = s.store.audit_trail("compliance").await.expect("trail");
        assert!(reads.iter().filter(|e| e.action == "compliance.adverse-impact").count() >= 3, "{}", db.name);
        let given: Vec<String> = sqlx::query_scalar("SELECT detail FROM audit_log WHERE action = 'demographics.give'")
            .fetch_all(s.store.pool())
            .await
            .expect("audit rows");
        assert_eq!(given.len(), 3, "{}: {given:?}", db.name);
        assert!(given.iter().all(|d| d.contains("sex") && !d.contains("female")), "answers stay out: {given:?}");
    }
}

/// The console's analytics view draws the report for an administrator: a bar
/// per group at its selection rate, the reference and four-fifths lines, the
/// same figures as the API in the table, and a category nobody answered.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_console_draws_the_adverse_impact_report_for_administrators() {
    use crate::browser::Chromium;
    use crate::console_sign_in::sign_in;

    let db = panel_e2e::db::sqlite().await;
    let s = TestServer::start(&db).await;
    let (_, admin) = s.bootstrap("Acme", "admin@acme.example").await;
    let region = unit(&s, &admin, "region", "East", None).await;
    let branch = unit(&s, &admin, "branch", "Suzhou", Some(region)).await;
    let dept = unit(&s, &admin, "department", "Assembly", Some(branch)).await;
    let job = s.post("/api/v1/jobs", &admin, job_body(dept, "Supervisor")).await["id"].as_i64().expect("job");
    for (n, (answer, sex)) in [(STRONG_EN, "female"), (STRONG_EN, "female"), (WEAK_EN, "male")].into_iter().enumerate()
    {
        let (token, _) = interviewed(&s, &admin, job, n, answer).await;
        let body = json!({"consent": true, "notice_version": "2026-12", "groups": {"sex": sex}});
        s.call(Method::PUT, "/api/v1/interview/self-identification", Some(&token), Some(body)).await;
    }
    let table = s.get("/api/v1/compliance/adverse-impact?category=sex", &admin).await;
    let rate = |g: &str| group(&table, g)["selected"]["rate"].as_f64().expect("a rate");
    assert!(rate("female") > rate("male"), "a strong answer advances, a weak one does not: {table}");

    let chromium = Chromium::launch().await;
    let tab = sign_in(&chromium, &s.base, "admin@acme.example", "/console/analytics").await;
    tab.wait_until("document.querySelectorAll('#impact-chart .row').length === 2", "a bar per group").await;
    // The bars' lengths are the rates, the male group is under four fifths of the female one.
    let width = |g: &str| {
        format!("Number(document.querySelector(\"#impact-chart [data-group='{g}'] .bar\").getAttribute('width'))")
    };
    let (female, male): (f64, f64) = (tab.eval(&width("female")).await, tab.eval(&width("male")).await);
    assert!(female > male, "bars {female} and {male}");
    assert!(
        tab.eval::<bool>("document.querySelector(\"#impact-chart [data-group='male']\").classList.contains('flagged')")
            .await
    );
    assert!(tab.eval::<bool>("document.querySelector('#impact-chart .four-fifths line') !== null").await);
    let ratio = group(&table, "male")["selected"]["impact_ratio"].as_f64().expect("a ratio");
    assert_eq!(tab.text("#impact-table tr[data-group='male'] td.ratio").await, format!("{ratio:.2}"));
    tab.screenshots("console-11-adverse-impact").await;
    // Nobody answered the other category.
    tab.eval::<bool>("(document.getElementById('an-impact-category').value = 'race-ethnicity', document.getElementById('an-impact-category').dispatchEvent(new Event('change')), true)").await;
    tab.wait_until("document.getElementById('an-impact-empty') !== null", "nobody disclosed").await;
    tab.assert_no_problems(|_| false);

    // A compliance officer finds the report under Analytics, alone: no funnel
    // or validity figures, which lead to candidates.
    s.post(
        "/api/v1/users",
        &admin,
        json!({"email": "dpo@acme.example", "name": "DPO", "password": crate::console_sign_in::PASSWORD,
               "role": "compliance"}),
    )
    .await;
    let dpo = sign_in(&chromium, &s.base, "dpo@acme.example", "/console/analytics").await;
    dpo.wait_until("document.querySelectorAll('#impact-chart .row').length === 2", "the report for compliance").await;
    assert!(
        dpo.eval::<bool>(
            "document.getElementById('an-funnel') === null && document.getElementById('an-validity') === null"
        )
        .await
    );
    assert!(!dpo.eval::<bool>("document.querySelector(\"a[data-nav='analytics']\").hidden").await, "in the menu");
    assert!(dpo.eval::<bool>("document.querySelector(\"a[data-nav='jobs']\") === null || document.querySelector(\"a[data-nav='plugins']\").hidden").await);
    dpo.assert_no_problems(|_| false);
    chromium.close().await;
}

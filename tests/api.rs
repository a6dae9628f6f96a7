//! The HTTP API end to end over a real loopback socket, with the real
//! plugins, on SQLite (and PostgreSQL when `PANEL_TEST_POSTGRES_URL` is
//! set): from a job to a ranked shortlist; who may do what, as a table;
//! bad input; and the OpenAPI document against the routes.

use panel::api::ApiConfig;
use panel::engine::Clock;
use panel_e2e::api::{TestServer, job_body, take_interview};
use panel_e2e::db::{TestDb, databases, sqlite};
use panel_e2e::{STRONG_EN, WEAK_EN};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

const HOUR_MS: i64 = 3_600_000;

/// An organisation with a region, a branch and departments A and B, a job
/// in each, staff of every role, and in each job one candidate whose
/// interview has been taken and scored.
struct Org {
    admin: String,
    hr_a: String,
    head_a: String,
    interviewer_a: String,
    dept: [i64; 2],
    job: [i64; 2],
    candidate: [i64; 2],
    application: [i64; 2],
    session: [i64; 2],
}

async fn unit(s: &TestServer, token: &str, kind: &str, name: &str, parent: Option<i64>) -> i64 {
    s.post("/api/v1/org/units", token, json!({"kind": kind, "name": name, "parent_id": parent})).await["id"]
        .as_i64()
        .expect("unit id")
}

async fn staff(s: &TestServer, admin: &str, email: &str, role: &str, unit_id: i64) -> String {
    s.post(
        "/api/v1/users",
        admin,
        json!({"email": email, "name": email, "password": "a long enough password", "role": role, "unit_id": unit_id}),
    )
    .await;
    s.login(email, "a long enough password").await
}

async fn invite(s: &TestServer, token: &str, application: i64) -> String {
    let created = s.post(&format!("/api/v1/applications/{application}/invitations"), token, json!({})).await;
    assert!(created["link"].as_str().expect("a link").ends_with(created["token"].as_str().expect("a token")));
    created["token"].as_str().expect("token").to_owned()
}

async fn org(s: &TestServer) -> Org {
    let (_, admin) = s.bootstrap("Acme", "admin@acme.example").await;
    let region = unit(s, &admin, "region", "East", None).await;
    let branch = unit(s, &admin, "branch", "Suzhou", Some(region)).await;
    let dept = [
        unit(s, &admin, "department", "Assembly", Some(branch)).await,
        unit(s, &admin, "department", "Logistics", Some(branch)).await,
    ];
    let hr_a = staff(s, &admin, "hr-a@acme.example", "hr", dept[0]).await;
    let head_a = staff(s, &admin, "head-a@acme.example", "department-head", dept[0]).await;
    let interviewer_a = staff(s, &admin, "interviewer-a@acme.example", "interviewer", dept[0]).await;
    let mut job = [0; 2];
    let mut candidate = [0; 2];
    let mut application = [0; 2];
    let mut session = [0; 2];
    for i in 0..2 {
        job[i] = s.post("/api/v1/jobs", &admin, job_body(dept[i], "Supervisor")).await["id"].as_i64().expect("job id");
        let added = s
            .post(
                &format!("/api/v1/jobs/{}/candidates", job[i]),
                &admin,
                json!({"name": format!("Candidate {i}"), "email": format!("c{i}@example.com")}),
            )
            .await;
        candidate[i] = added["candidate_id"].as_i64().expect("candidate id");
        application[i] = added["application"]["id"].as_i64().expect("application id");
        let link = invite(s, &admin, application[i]).await;
        session[i] = take_interview(s, &link, STRONG_EN).await;
        s.wait_scored(session[i]).await;
    }
    let me = s.get("/api/v1/me", &interviewer_a).await;
    let (status, _) = s
        .call(
            Method::POST,
            &format!("/api/v1/applications/{}/interviewers", application[0]),
            Some(&admin),
            Some(json!({"user_id": me["id"]})),
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    Org { admin, hr_a, head_a, interviewer_a, dept, job, candidate, application, session }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn from_a_job_to_a_ranked_shortlist() {
    for db in databases().await {
        shortlist_on(&db).await;
    }
}

async fn shortlist_on(db: &TestDb) {
    let s = TestServer::start(db).await;
    let o = org(&s).await;
    let hr = &o.hr_a;
    let job = o.job[0];

    // Bulk import: three good rows, two bad ones reported by line, nothing of them stored.
    let csv = "name,email,external_ref,skills\n\
               Li Na,li.na@example.com,ats-1,Lean;5S\n\
               ,nobody@example.com,ats-2,\n\
               Wang Wei,wang.wei@example.com,ats-3,\n\
               Zhao Min,not-an-email,ats-4,\n\
               Chen Jie,chen.jie@example.com,ats-5,\n";
    let (status, report) =
        s.raw(Method::POST, &format!("/api/v1/jobs/{job}/candidates/import"), Some(hr), "text/csv", csv).await;
    assert_eq!(status, StatusCode::OK, "{report}");
    assert_eq!(
        (report["received"].as_u64(), report["created"].as_u64(), report["failed"].as_u64()),
        (Some(5), Some(3), Some(2)),
        "{report}"
    );
    let failed: Vec<(u64, &str)> = report["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .filter(|r| r["status"] == "failed")
        .map(|r| (r["line"].as_u64().expect("line"), r["field"].as_str().expect("field")))
        .collect();
    assert_eq!(failed, vec![(3, "name"), (5, "email")]);
    // Importing the same file again duplicates nothing.
    let (_, again) =
        s.raw(Method::POST, &format!("/api/v1/jobs/{job}/candidates/import"), Some(hr), "text/csv", csv).await;
    assert_eq!((again["created"].as_u64(), again["existing"].as_u64()), (Some(0), Some(3)), "{again}");
    let applications = s.get(&format!("/api/v1/jobs/{job}/applications"), hr).await;
    assert_eq!(applications.as_array().expect("list").len(), 4, "{applications}");

    // Interviews through the candidate links: a strong and a weak answerer.
    let imported: Vec<i64> =
        report["rows"].as_array().expect("rows").iter().filter_map(|r| r["application_id"].as_i64()).collect();
    let strong_link = invite(&s, hr, imported[0]).await;
    let weak_link = invite(&s, hr, imported[1]).await;
    let status = s.get("/api/v1/interview", &strong_link).await;
    assert_eq!(status["state"], "not-started");
    assert_eq!(status["organisation"], "Acme");

    // A retried answer is stored once; a changed one is refused.
    s.post("/api/v1/interview/start", &weak_link, json!({"consent": true, "consent_recording": true})).await;
    let first = s.get("/api/v1/interview", &weak_link).await["current"].clone();
    let answer = json!({"question_id": first["id"], "text": WEAK_EN, "think_time_ms": 3000, "duration_ms": 200000});
    let accepted = s.post("/api/v1/interview/answers", &weak_link, answer.clone()).await;
    assert_eq!(accepted["replayed"], false);
    assert!(accepted["overtime_ms"].as_i64().expect("overtime") > 0, "the overtime is recorded: {accepted}");
    let retried = s.post("/api/v1/interview/answers", &weak_link, answer.clone()).await;
    assert_eq!(
        (retried["replayed"].clone(), retried["answer_id"].clone()),
        (json!(true), accepted["answer_id"].clone())
    );
    let mut changed = answer;
    changed["text"] = json!("something else entirely");
    let (code, err) = s.call(Method::POST, "/api/v1/interview/answers", Some(&weak_link), Some(changed)).await;
    assert_eq!((code, err["error"]["code"].as_str()), (StatusCode::CONFLICT, Some("answer-changed")));
    let weak_session = take_interview(&s, &weak_link, WEAK_EN).await;
    let strong_session = take_interview(&s, &strong_link, STRONG_EN).await;
    s.wait_scored(weak_session).await;
    s.wait_scored(strong_session).await;
    let finished = s.get("/api/v1/interview", &strong_link).await;
    assert!(finished["state"] == "scored" || finished["state"] == "completed", "{finished}");
    let (code, err) = s
        .call(
            Method::POST,
            "/api/v1/interview/answers",
            Some(&strong_link),
            Some(json!({"question_id": "x", "text": "late", "think_time_ms": 1, "duration_ms": 1})),
        )
        .await;
    assert_eq!(code, StatusCode::CONFLICT, "{err}");

    // Ranking: the org fixture's candidate and the strong answerer above the weak one.
    let ranking = s.get(&format!("/api/v1/jobs/{job}/ranking?percent=100"), hr).await;
    let order: Vec<i64> =
        ranking["rows"].as_array().expect("rows").iter().map(|r| r["session_id"].as_i64().expect("id")).collect();
    assert_eq!(ranking["scored"], 3, "{ranking}");
    assert_eq!(order.last(), Some(&weak_session), "{ranking}");
    let top1 = s.get(&format!("/api/v1/jobs/{job}/ranking?count=1"), hr).await;
    assert_eq!(top1["rows"].as_array().expect("rows").len(), 1);

    // The report: every answer, scores with evidence and plugin versions, reasons.
    let report = s.get(&format!("/api/v1/sessions/{weak_session}/report"), hr).await;
    assert_eq!(report["candidate_name"], "Wang Wei");
    let items = report["items"].as_array().expect("items");
    assert!(items.len() >= 7, "{report}");
    assert!(items.iter().all(|i| i["answer"]["text"] == WEAK_EN));
    assert!(items[0]["overtime_ms"].as_i64().expect("overtime") > 0);
    assert!(
        items.iter().flat_map(|i| i["scores"].as_array().expect("scores")).all(|s| s["plugin"]["id"] == "rubric-star")
    );
    assert_ne!(report["recommendation"]["decision"], "advance", "{report}");
    assert!(!report["recommendation"]["reasons"].as_array().expect("reasons").is_empty());
    assert!(
        report["plugins"]
            .as_array()
            .expect("plugins")
            .iter()
            .any(|p| p.as_str().is_some_and(|p| p.starts_with("bank-core@")))
    );

    // The audit trail saw the import, the interview and HR reading the report.
    let candidate = report["candidate_id"].as_i64().expect("candidate id");
    let trail = s.get(&format!("/api/v1/audit?subject=candidate:{candidate}"), &o.admin).await;
    assert!(
        trail
            .as_array()
            .expect("trail")
            .iter()
            .any(|e| e["action"] == "candidate.create" && e["origin"] == "127.0.0.1"),
        "{trail}"
    );
    let trail = s.get(&format!("/api/v1/audit?subject=session:{weak_session}"), &o.admin).await;
    let actions: Vec<&str> = trail.as_array().expect("trail").iter().filter_map(|e| e["action"].as_str()).collect();
    for expected in ["session.start", "answer.submit", "report.read"] {
        assert!(actions.contains(&expected), "{expected} missing from {actions:?}");
    }
    let stored = s.store.answers(weak_session).await.expect("answers");
    let ids: std::collections::HashSet<&str> = stored.iter().map(|a| a.question.id.as_str()).collect();
    assert_eq!(ids.len(), stored.len(), "no question answered twice");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn who_may_do_what_where() {
    let db = sqlite().await;
    let s = TestServer::start(&db).await;
    let o = org(&s).await;
    let (_, other_admin) = s.bootstrap("Other Co", "admin@other.example").await;

    use StatusCode as S;
    const OK: S = S::OK;
    const CREATED: S = S::CREATED;
    const NO: S = S::FORBIDDEN;
    // (label, method, path in department A, path in department B, body, expected for
    //  admin, HR of A, head of A, interviewer of A — each on A then B).
    type Row = (&'static str, Method, String, String, Option<Value>, [(S, S); 4]);
    let fresh = |n: &str| Some(json!({"name": n, "email": format!("{n}@example.com")}));
    let rows: Vec<Row> = vec![
        (
            "read job",
            Method::GET,
            format!("/api/v1/jobs/{}", o.job[0]),
            format!("/api/v1/jobs/{}", o.job[1]),
            None,
            [(OK, OK), (OK, NO), (OK, NO), (NO, NO)],
        ),
        (
            "list applications",
            Method::GET,
            format!("/api/v1/jobs/{}/applications", o.job[0]),
            format!("/api/v1/jobs/{}/applications", o.job[1]),
            None,
            [(OK, OK), (OK, NO), (OK, NO), (NO, NO)],
        ),
        (
            "add candidate",
            Method::POST,
            format!("/api/v1/jobs/{}/candidates", o.job[0]),
            format!("/api/v1/jobs/{}/candidates", o.job[1]),
            fresh("x"),
            [(CREATED, CREATED), (CREATED, NO), (NO, NO), (NO, NO)],
        ),
        (
            "read candidate",
            Method::GET,
            format!("/api/v1/candidates/{}", o.candidate[0]),
            format!("/api/v1/candidates/{}", o.candidate[1]),
            None,
            [(OK, OK), (OK, NO), (OK, NO), (OK, NO)],
        ),
        (
            // Personal data requests reach every application of the
            // candidate: administrators and HR of the whole organisation.
            "export personal data",
            Method::GET,
            format!("/api/v1/candidates/{}/export", o.candidate[0]),
            format!("/api/v1/candidates/{}/export", o.candidate[1]),
            None,
            [(OK, OK), (NO, NO), (NO, NO), (NO, NO)],
        ),
        (
            "place legal hold",
            Method::PUT,
            format!("/api/v1/candidates/{}/legal-hold", o.candidate[0]),
            format!("/api/v1/candidates/{}/legal-hold", o.candidate[1]),
            Some(json!({"reason": "case 2027-1"})),
            [(OK, OK), (NO, NO), (NO, NO), (NO, NO)],
        ),
        (
            "read consents",
            Method::GET,
            format!("/api/v1/candidates/{}/consents", o.candidate[0]),
            format!("/api/v1/candidates/{}/consents", o.candidate[1]),
            None,
            [(OK, OK), (OK, NO), (OK, NO), (OK, NO)],
        ),
        (
            "invite",
            Method::POST,
            format!("/api/v1/applications/{}/invitations", o.application[0]),
            format!("/api/v1/applications/{}/invitations", o.application[1]),
            Some(json!({})),
            [(CREATED, CREATED), (CREATED, NO), (NO, NO), (NO, NO)],
        ),
        (
            "list sessions",
            Method::GET,
            format!("/api/v1/applications/{}/sessions", o.application[0]),
            format!("/api/v1/applications/{}/sessions", o.application[1]),
            None,
            [(OK, OK), (OK, NO), (OK, NO), (OK, NO)],
        ),
        (
            "read report",
            Method::GET,
            format!("/api/v1/sessions/{}/report", o.session[0]),
            format!("/api/v1/sessions/{}/report", o.session[1]),
            None,
            [(OK, OK), (OK, NO), (OK, NO), (OK, NO)],
        ),
        (
            "score",
            Method::POST,
            format!("/api/v1/sessions/{}/score", o.session[0]),
            format!("/api/v1/sessions/{}/score", o.session[1]),
            None,
            [(OK, OK), (OK, NO), (NO, NO), (NO, NO)],
        ),
        (
            "ranking",
            Method::GET,
            format!("/api/v1/jobs/{}/ranking", o.job[0]),
            format!("/api/v1/jobs/{}/ranking", o.job[1]),
            None,
            [(OK, OK), (OK, NO), (OK, NO), (NO, NO)],
        ),
        (
            "create job",
            Method::POST,
            "/api/v1/jobs".into(),
            "/api/v1/jobs".into(),
            None,
            [(CREATED, CREATED), (CREATED, NO), (NO, NO), (NO, NO)],
        ),
        (
            "assign interviewer",
            Method::POST,
            format!("/api/v1/applications/{}/interviewers", o.application[0]),
            format!("/api/v1/applications/{}/interviewers", o.application[1]),
            None,
            [(S::NO_CONTENT, S::NO_CONTENT), (S::NO_CONTENT, NO), (S::NO_CONTENT, NO), (NO, NO)],
        ),
        (
            // An interviewer of department B is not on A's staff list: to HR
            // and the head of A, no such interviewer exists.
            "assign B's interviewer",
            Method::POST,
            format!("/api/v1/applications/{}/interviewers", o.application[0]),
            format!("/api/v1/applications/{}/interviewers", o.application[1]),
            None,
            [(S::NO_CONTENT, S::NO_CONTENT), (S::UNPROCESSABLE_ENTITY, NO), (S::UNPROCESSABLE_ENTITY, NO), (NO, NO)],
        ),
        (
            // Adding someone under the email of the other department's
            // candidate: the administrator finds that candidate (200); HR of
            // A gets a record of their own (201), never B's candidate.
            "add B's candidate by email",
            Method::POST,
            format!("/api/v1/jobs/{}/candidates", o.job[0]),
            format!("/api/v1/jobs/{}/candidates", o.job[1]),
            Some(json!({"name": "Candidate 1", "email": "c1@example.com"})),
            [(OK, OK), (CREATED, NO), (NO, NO), (NO, NO)],
        ),
    ];
    let interviewer_id = s.get("/api/v1/me", &o.interviewer_a).await["id"].clone();
    staff(&s, &o.admin, "interviewer-b@acme.example", "interviewer", o.dept[1]).await;
    let interviewer_b = s
        .get("/api/v1/staff?role=interviewer", &o.admin)
        .await
        .as_array()
        .expect("staff")
        .iter()
        .find(|c| c["name"] == "interviewer-b@acme.example")
        .expect("interviewer of B")["id"]
        .clone();
    let callers =
        [("admin", &o.admin), ("hr of A", &o.hr_a), ("head of A", &o.head_a), ("interviewer of A", &o.interviewer_a)];
    let mut failures = Vec::new();
    let mut n = 0;
    for (label, method, path_a, path_b, body, expected) in &rows {
        // Matching depends on what exists: HR go before the administrator,
        // whose match would give B's candidate an application in A.
        let order: Vec<usize> = if *label == "add B's candidate by email" {
            (0..callers.len()).rev().collect()
        } else {
            (0..callers.len()).collect()
        };
        for c in order {
            let (caller, token) = callers[c];
            for (side, path) in [("A", path_a), ("B", path_b)] {
                n += 1;
                let dept = if side == "A" { o.dept[0] } else { o.dept[1] };
                let body = match *label {
                    "create job" => Some(job_body(dept, "Planner")),
                    "assign interviewer" => Some(json!({"user_id": interviewer_id})),
                    "assign B's interviewer" => Some(json!({"user_id": interviewer_b})),
                    "add candidate" => fresh(&format!("n{n}")),
                    _ => body.clone(),
                };
                let want = if side == "A" { expected[c].0 } else { expected[c].1 };
                let (got, response) = s.call(method.clone(), path, Some(token), body.clone()).await;
                if got != want {
                    failures.push(format!("{caller} {label} in {side}: want {want}, got {got} {response}"));
                }
                // Without a token: 401; from another organisation: 404.
                if c == 0 {
                    let (anon, _) = s.call(method.clone(), path, None, body.clone()).await;
                    if anon != S::UNAUTHORIZED {
                        failures.push(format!("anonymous {label} in {side}: want 401, got {anon}"));
                    }
                    let (foreign, _) = s.call(method.clone(), path, Some(&other_admin), body).await;
                    let want_foreign = if *label == "create job" { S::UNPROCESSABLE_ENTITY } else { S::NOT_FOUND };
                    if foreign != want_foreign {
                        failures.push(format!(
                            "other organisation's admin {label} in {side}: want {want_foreign}, got {foreign}"
                        ));
                    }
                }
            }
        }
    }
    // Organisation-wide: only the admin manages units and staff, and reads the
    // audit log and the adverse-impact report.
    let org_rows: [(&str, Method, &str, Value, S, S); 6] = [
        ("add unit", Method::POST, "/api/v1/org/units", json!({"kind": "region", "name": "West"}), CREATED, NO),
        (
            "add user",
            Method::POST,
            "/api/v1/users",
            json!({"email": "new@acme.example", "name": "New", "password": "long password here", "role": "hr"}),
            CREATED,
            NO,
        ),
        ("audit", Method::GET, "/api/v1/audit?subject=user:1", Value::Null, OK, NO),
        ("audit verify", Method::GET, "/api/v1/audit/verify", Value::Null, OK, NO),
        ("data requests", Method::GET, "/api/v1/compliance/requests", Value::Null, OK, NO),
        ("adverse impact", Method::GET, "/api/v1/compliance/adverse-impact?category=sex", Value::Null, OK, NO),
    ];
    for (label, method, path, body, admin_wants, others_want) in org_rows {
        for (c, (caller, token)) in callers.iter().enumerate() {
            let body = (!body.is_null()).then(|| {
                let mut b = body.clone();
                if label == "add user" {
                    b["email"] = json!(format!("new{c}@acme.example"));
                }
                b
            });
            let want = if c == 0 { admin_wants } else { others_want };
            let (got, response) = s.call(method.clone(), path, Some(token), body).await;
            if got != want {
                failures.push(format!("{caller} {label}: want {want}, got {got} {response}"));
            }
        }
    }
    // Plugin bindings hold configurations: administrators and HR read them (HR
    // their own part of the organisation), nobody else.
    for (c, (caller, token)) in callers.iter().enumerate() {
        let want = if c < 2 { OK } else { NO };
        let (got, response) = s.call(Method::GET, "/api/v1/plugin-bindings", Some(token), None).await;
        if got != want {
            failures.push(format!("{caller} list plugin bindings: want {want}, got {got} {response}"));
        }
    }
    assert!(failures.is_empty(), "{} of the authorization table failed:\n{}", failures.len(), failures.join("\n"));
    // HR of A lists only A's jobs.
    let jobs = s.get("/api/v1/jobs", &o.hr_a).await;
    let ids: Vec<i64> = jobs.as_array().expect("jobs").iter().filter_map(|j| j["id"].as_i64()).collect();
    assert!(ids.contains(&o.job[0]) && !ids.contains(&o.job[1]), "{ids:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_input_gets_a_clear_error_and_changes_nothing() {
    let db = sqlite().await;
    let config = ApiConfig { body_limit: 64 * 1024, ..ApiConfig::default() };
    let s = TestServer::start_with(&db, config).await;
    let (_, admin) = s.bootstrap("Acme", "admin@acme.example").await;
    let region = unit(&s, &admin, "region", "East", None).await;
    let branch = unit(&s, &admin, "branch", "Suzhou", Some(region)).await;
    let dept = unit(&s, &admin, "department", "Assembly", Some(branch)).await;
    let job = s.post("/api/v1/jobs", &admin, job_body(dept, "Supervisor")).await["id"].as_i64().expect("job");

    let expect = |what: &str, got: (StatusCode, Value), status: StatusCode, code: &str, field: Option<&str>| {
        assert_eq!(got.0, status, "{what}: {}", got.1);
        assert_eq!(got.1["error"]["code"], code, "{what}: {}", got.1);
        assert!(got.1["error"]["message"].as_str().is_some_and(|m| !m.is_empty()), "{what}: a message");
        assert_eq!(got.1["error"]["field"].as_str(), field, "{what}: {}", got.1);
    };
    let jobs = "/api/v1/jobs";
    expect(
        "malformed JSON",
        s.raw(Method::POST, jobs, Some(&admin), "application/json", "{\"title\": ").await,
        StatusCode::BAD_REQUEST,
        "malformed-json",
        None,
    );
    expect(
        "no content type",
        s.raw(Method::POST, jobs, Some(&admin), "text/plain", "{}").await,
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "unsupported-media-type",
        None,
    );
    let mut wrong_type = job_body(dept, "X");
    wrong_type["dimensions"][0]["weight"] = json!("heavy");
    expect(
        "wrong type",
        s.call(Method::POST, jobs, Some(&admin), Some(wrong_type)).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid",
        Some("dimensions[0].weight"),
    );
    let mut missing = job_body(dept, "X");
    missing.as_object_mut().expect("object").remove("title");
    expect(
        "missing field",
        s.call(Method::POST, jobs, Some(&admin), Some(missing)).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid",
        Some("title"),
    );
    let mut threshold = job_body(dept, "X");
    threshold["dimensions"][1]["threshold"] = json!(11);
    expect(
        "threshold out of range",
        s.call(Method::POST, jobs, Some(&admin), Some(threshold)).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid",
        Some("dimensions[1].threshold"),
    );
    expect(
        "unknown department",
        s.call(Method::POST, jobs, Some(&admin), Some(job_body(999, "X"))).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid",
        Some("department_id"),
    );
    expect(
        "unknown job",
        s.call(Method::GET, "/api/v1/jobs/999", Some(&admin), None).await,
        StatusCode::NOT_FOUND,
        "not-found",
        None,
    );
    expect(
        "id that is not a number",
        s.call(Method::GET, "/api/v1/jobs/abc", Some(&admin), None).await,
        StatusCode::BAD_REQUEST,
        "bad-path",
        None,
    );
    expect(
        "bad ranking query",
        s.call(Method::GET, &format!("/api/v1/jobs/{job}/ranking?percent=150"), Some(&admin), None).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid",
        Some("percent"),
    );
    expect(
        "no such endpoint",
        s.call(Method::GET, "/api/v1/nothing", Some(&admin), None).await,
        StatusCode::NOT_FOUND,
        "no-route",
        None,
    );
    let big = json!({"name": "x".repeat(100 * 1024), "email": "big@example.com"});
    expect(
        "oversized body",
        s.call(Method::POST, &format!("/api/v1/jobs/{job}/candidates"), Some(&admin), Some(big)).await,
        StatusCode::PAYLOAD_TOO_LARGE,
        "payload-too-large",
        None,
    );
    expect(
        "bad password",
        s.call(
            Method::POST,
            "/api/v1/auth/login",
            None,
            Some(json!({"email": "admin@acme.example", "password": "wrong"})),
        )
        .await,
        StatusCode::UNAUTHORIZED,
        "unauthorized",
        None,
    );
    expect(
        "forged staff token",
        s.call(Method::GET, "/api/v1/me", Some("pst_0000"), None).await,
        StatusCode::UNAUTHORIZED,
        "unauthorized",
        None,
    );

    // Candidate links: forged, staff token, before consent, expired, after finishing.
    expect(
        "forged link",
        s.call(Method::GET, "/api/v1/interview", Some("deadbeef"), None).await,
        StatusCode::UNAUTHORIZED,
        "unauthorized",
        None,
    );
    expect(
        "staff token as a link",
        s.call(Method::GET, "/api/v1/interview", Some(&admin), None).await,
        StatusCode::UNAUTHORIZED,
        "unauthorized",
        None,
    );
    let added = s
        .post(&format!("/api/v1/jobs/{job}/candidates"), &admin, json!({"name": "Li Na", "email": "li@example.com"}))
        .await;
    let application = added["application"]["id"].as_i64().expect("application");
    let link = invite(&s, &admin, application).await;
    expect(
        "answer before starting",
        s.call(
            Method::POST,
            "/api/v1/interview/answers",
            Some(&link),
            Some(json!({"question_id": "q", "text": "t", "think_time_ms": 1, "duration_ms": 1})),
        )
        .await,
        StatusCode::CONFLICT,
        "not-started",
        None,
    );
    expect(
        "no consent",
        s.call(Method::POST, "/api/v1/interview/start", Some(&link), Some(json!({"consent": false}))).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid",
        Some("consent"),
    );
    let late = invite(&s, &admin, application).await;
    s.clock.advance(std::time::Duration::from_millis((25 * HOUR_MS) as u64));
    expect(
        "expired link",
        s.call(Method::POST, "/api/v1/interview/start", Some(&late), Some(json!({"consent": true}))).await,
        StatusCode::GONE,
        "invitation-closed",
        None,
    );
    expect(
        "staff token after its 12 hours",
        s.call(Method::GET, "/api/v1/me", Some(&admin), None).await,
        StatusCode::UNAUTHORIZED,
        "unauthorized",
        None,
    );
    let mut altered = late.clone();
    let last = altered.pop().expect("a token");
    altered.push(if last == '0' { '1' } else { '0' });
    expect(
        "altered signed link",
        s.call(Method::GET, "/api/v1/interview", Some(&altered), None).await,
        StatusCode::UNAUTHORIZED,
        "unauthorized",
        None,
    );
    s.clock.advance(std::time::Duration::from_millis((72 * HOUR_MS) as u64));
    let (status, body) = s.call(Method::GET, "/api/v1/interview", Some(&late), None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "a link days past its window: {body}");
    assert!(body["error"]["message"].as_str().is_some_and(|m| m.contains("has expired")), "{body}");
    let admin = s.login("admin@acme.example", "correct horse battery").await;
    let link = invite(&s, &admin, application).await;
    let started = s.post("/api/v1/interview/start", &link, json!({"consent": true})).await;
    let q = started["current"]["id"].clone();
    expect(
        "answer out of order",
        s.call(
            Method::POST,
            "/api/v1/interview/answers",
            Some(&link),
            Some(json!({"question_id": "nope", "text": "t", "think_time_ms": 1, "duration_ms": 1})),
        )
        .await,
        StatusCode::CONFLICT,
        "out-of-order",
        Some("question_id"),
    );
    expect(
        "empty answer",
        s.call(
            Method::POST,
            "/api/v1/interview/answers",
            Some(&link),
            Some(json!({"question_id": q, "text": "  ", "think_time_ms": 1, "duration_ms": 1})),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid",
        Some("text"),
    );
    s.post("/api/v1/interview/finish", &link, json!({})).await;
    expect(
        "answer after finishing",
        s.call(
            Method::POST,
            "/api/v1/interview/answers",
            Some(&link),
            Some(json!({"question_id": q, "text": "t", "think_time_ms": 1, "duration_ms": 1})),
        )
        .await,
        StatusCode::CONFLICT,
        "interview-finished",
        None,
    );

    // Imports: broken CSV header and a non-array JSON body are refused whole.
    let import = format!("/api/v1/jobs/{job}/candidates/import");
    expect(
        "unknown CSV column",
        s.raw(Method::POST, &import, Some(&admin), "text/csv", "name,mail\nx,y\n").await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid",
        Some("header"),
    );
    expect(
        "JSON that is not an array",
        s.raw(Method::POST, &import, Some(&admin), "application/json", "{\"name\": 1}").await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid",
        Some("body"),
    );
    let (status, report) = s.raw(Method::POST, &import, Some(&admin), "application/json", r#"[{"name": "A", "email": "a@example.com"}, {"name": 5, "email": "b@example.com"}, {"email": "c@example.com"}]"#).await;
    assert_eq!(status, StatusCode::OK, "{report}");
    let fields: Vec<Option<&str>> =
        report["rows"].as_array().expect("rows").iter().map(|r| r["field"].as_str()).collect();
    assert_eq!(fields, vec![None, Some("name"), Some("name")], "{report}");
    let applications = s.get(&format!("/api/v1/jobs/{job}/applications"), &admin).await;
    assert_eq!(applications.as_array().expect("list").len(), 2, "only the good rows were stored: {applications}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_openapi_document_matches_the_routes() {
    let db = sqlite().await;
    let s = TestServer::start(&db).await;
    let (status, doc) = s.call(Method::GET, panel::api::OPENAPI_PATH, None, None).await;
    assert_eq!(status, StatusCode::OK);
    assert!(doc["openapi"].as_str().is_some_and(|v| v.starts_with("3.")), "{doc}");
    let paths = doc["paths"].as_object().expect("paths");
    assert!(paths.len() >= 20, "{} paths documented", paths.len());
    let mut checked = 0;
    for (path, operations) in paths {
        for (method, operation) in operations.as_object().expect("operations") {
            let Ok(method) = method.to_uppercase().parse::<Method>() else { continue };
            assert!(
                operation["responses"].as_object().is_some_and(|r| !r.is_empty()),
                "{method} {path} documents its responses"
            );
            assert!(
                operation["summary"].is_string() || operation["description"].is_string(),
                "{method} {path} is described"
            );
            // Every documented operation is routed: without credentials it is
            // refused by authentication (or, for sign-in, by validation),
            // never "no such route" or "method not allowed".
            let concrete = path
                .replace("{job_id}", "1")
                .replace("{candidate_id}", "1")
                .replace("{application_id}", "1")
                .replace("{session_id}", "1")
                .replace("{binding_id}", "1")
                .replace("{delivery_id}", "1")
                .replace("{invitation_id}", "1");
            let (status, body) = s.call(method.clone(), &concrete, None, None).await;
            assert!(
                !matches!(status, StatusCode::NOT_FOUND | StatusCode::METHOD_NOT_ALLOWED),
                "{method} {path} is documented but not routed: {status} {body}"
            );
            assert!(status.is_client_error(), "{method} {path} without credentials: {status}");
            checked += 1;
        }
    }
    assert!(checked >= 24, "{checked} operations checked");
    // The schemas the responses refer to are in the document.
    for schema in ["Report", "Job", "NewJob", "ImportReport", "InterviewStatus", "ErrorBody", "Ranking"] {
        assert!(doc["components"]["schemas"][schema].is_object(), "schema {schema} is documented");
    }
    // …and the document served is the one the library builds.
    assert_eq!(doc, serde_json::to_value(panel::api::openapi()).expect("serialisable"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn plugins_are_switched_on_and_off_per_scope_by_administrators() {
    for db in databases().await {
        let s = TestServer::start(&db).await;
        let o = org(&s).await;
        let listed = s.get("/api/v1/plugins", &o.hr_a).await;
        let star = listed.as_array().expect("a list").iter().find(|p| p["id"] == "rubric-star").expect("rubric-star");
        assert_eq!(star["kind"], "rubric", "{}: {star}", db.name);
        assert!(star["signer"].as_str().is_some_and(|s| s.contains("Test vendor")), "{}: {star}", db.name);
        assert_eq!(star["config_schema"]["properties"]["kinds"]["type"], "array", "{}", db.name);
        let before = s.get("/api/v1/plugin-bindings", &o.admin).await;
        assert_eq!(before.as_array().map(Vec::len), Some(2), "{}: the bootstrap's organisation-wide bindings", db.name);

        // Department B switches the STAR rubric off: its job can no longer be scored.
        let off = json!({"scope": {"kind": "department", "id": o.dept[1]}, "plugin_id": "rubric-star",
                         "requirement": "*", "enabled": false});
        let (status, body) = s.call(Method::PUT, "/api/v1/plugin-bindings", Some(&o.hr_a), Some(off.clone())).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{}: only administrators bind plugins: {body}", db.name);
        let (status, binding) = s.call(Method::PUT, "/api/v1/plugin-bindings", Some(&o.admin), Some(off)).await;
        assert_eq!(status, StatusCode::OK, "{}: {binding}", db.name);
        let score = |session: i64| format!("/api/v1/sessions/{session}/score");
        let (status, body) = s.call(Method::POST, &score(o.session[1]), Some(&o.admin), None).await;
        assert_eq!(status, StatusCode::CONFLICT, "{}: no rubric serves department B's job: {body}", db.name);
        let (status, body) = s.call(Method::POST, &score(o.session[0]), Some(&o.admin), None).await;
        assert_eq!(status, StatusCode::OK, "{}: department A still has it: {body}", db.name);

        // Bad requests name the field and store nothing.
        let bad = [
            (
                json!({"scope": {"kind": "job", "id": o.job[0]}, "plugin_id": "rubric-star", "requirement": "^0.1",
                    "config": {"kinds": ["dance"]}}),
                "config/kinds/0",
            ),
            (
                json!({"scope": {"kind": "job", "id": o.job[0]}, "plugin_id": "rubric-star", "requirement": "^9"}),
                "requirement",
            ),
            (
                json!({"scope": {"kind": "job", "id": o.job[0]}, "plugin_id": "rubric-star", "requirement": "latest"}),
                "requirement",
            ),
            (
                json!({"scope": {"kind": "department", "id": 999_999}, "plugin_id": "bank-core", "requirement": "^0.1"}),
                "scope",
            ),
        ];
        for (request, field) in bad {
            let (status, body) = s.call(Method::PUT, "/api/v1/plugin-bindings", Some(&o.admin), Some(request)).await;
            assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{}: {body}", db.name);
            assert_eq!(body["error"]["field"], field, "{}: {body}", db.name);
        }
        assert_eq!(s.get("/api/v1/plugin-bindings", &o.admin).await.as_array().map(Vec::len), Some(3), "{}", db.name);

        // Removing the binding brings the organisation's rubric back.
        let path = format!("/api/v1/plugin-bindings/{}", binding["id"]);
        let (status, _) = s.call(Method::DELETE, &path, Some(&o.head_a), None).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{}", db.name);
        let (status, _) = s.call(Method::DELETE, &path, Some(&o.admin), None).await;
        assert_eq!(status, StatusCode::NO_CONTENT, "{}", db.name);
        let (status, body) = s.call(Method::POST, &score(o.session[1]), Some(&o.admin), None).await;
        assert_eq!(status, StatusCode::OK, "{}: {body}", db.name);
        let (status, _) = s.call(Method::DELETE, &path, Some(&o.admin), None).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{}", db.name);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_pipeline_moves_by_its_rules_with_scorecards_beside_the_ai_scores() {
    for db in databases().await {
        let s = TestServer::start(&db).await;
        let o = org(&s).await;
        let app = o.application[0];
        let stage = |to: &str| json!({"to": to, "reason": "panel decision"});
        let path = format!("/api/v1/applications/{app}/stage");

        // No scorecard for a round the application has not reached.
        let cards = format!("/api/v1/applications/{app}/scorecards");
        let early = json!({"round": 1, "scores": {"teamwork": 8.0}, "recommendation": "advance"});
        let (status, body) = s.call(Method::PUT, &cards, Some(&o.interviewer_a), Some(early)).await;
        assert_eq!(
            (status, body["error"]["field"].as_str()),
            (StatusCode::UNPROCESSABLE_ENTITY, Some("round")),
            "{}",
            db.name
        );
        assert!(body["error"]["message"].as_str().is_some_and(|m| m.contains("not reached")), "{}: {body}", db.name);

        let (status, body) = s.call(Method::POST, &path, Some(&o.hr_a), Some(stage("offer"))).await;
        assert_eq!(status, StatusCode::CONFLICT, "{}: {body}", db.name);
        assert_eq!(body["error"]["code"], "stage-move-refused", "{}: {body}", db.name);
        // Inviting took the candidate to the AI interview stage.
        let next = "next stage for this job is human-interview";
        assert!(body["error"]["message"].as_str().is_some_and(|m| m.contains(next)), "{}: {body}", db.name);
        let (status, body) = s.call(Method::POST, &path, Some(&o.hr_a), Some(stage("human-interview"))).await;
        assert_eq!(status, StatusCode::OK, "{}: {body}", db.name);
        assert!(body["event_id"].as_str().is_some_and(|e| e.starts_with("evt_")), "{body}");
        let (status, body) = s.call(Method::POST, &path, Some(&o.hr_a), Some(stage("offer"))).await;
        assert_eq!(status, StatusCode::CONFLICT, "{}: no offer before the human round: {body}", db.name);
        assert!(body["error"]["message"].as_str().is_some_and(|m| m.contains("1 human interview round")), "{body}");

        // The assigned interviewer scores the round on the job's dimensions.
        let bad = json!({"round": 1, "scores": {"charisma": 9.0}, "recommendation": "advance"});
        let (status, body) = s.call(Method::PUT, &cards, Some(&o.interviewer_a), Some(bad)).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{}: {body}", db.name);
        assert_eq!(body["error"]["field"], "scores", "{}: {body}", db.name);
        let card = json!({"round": 1, "scores": {"problem-solving": 6.0, "teamwork": 8.5}, "recommendation": "advance",
                          "notes": "clear examples"});
        let (status, body) = s.call(Method::PUT, &cards, Some(&o.interviewer_a), Some(card)).await;
        assert_eq!(status, StatusCode::OK, "{}: {body}", db.name);
        let seen = s.get(&cards, &o.hr_a).await;
        let row =
            |id: &str| seen["comparison"].as_array().and_then(|c| c.iter().find(|d| d["dimension"] == id)).cloned();
        let problem = row("problem-solving").expect("problem-solving compared");
        assert_eq!(problem["human"], 6.0, "{}: {seen}", db.name);
        assert!(problem["ai"].as_f64().is_some() && problem["difference"].as_f64().is_some(), "{}: {problem}", db.name);
        assert!(row("communication").expect("listed")["human"].is_null(), "{}: not scored by a person", db.name);
        // The notes are sealed at rest and read back as written.
        let notes = seen["scorecards"][0]["notes"].as_str();
        assert_eq!(notes, Some("clear examples"), "{}: {seen}", db.name);
        let raw: String = sqlx::query_scalar("SELECT notes FROM scorecards WHERE application_id = $1")
            .bind(app)
            .fetch_one(db.store.pool())
            .await
            .expect("the scorecard's row");
        assert!(raw.starts_with("enc1:"), "{}: notes stored as {raw:?}", db.name);

        let (status, body) = s.call(Method::POST, &path, Some(&o.hr_a), Some(stage("offer"))).await;
        assert_eq!(status, StatusCode::OK, "{}: {body}", db.name);
        let history = s.get(&format!("/api/v1/applications/{app}/transitions"), &o.head_a).await;
        let moves: Vec<&str> = history.as_array().expect("a list").iter().filter_map(|t| t["to"].as_str()).collect();
        assert_eq!(moves, ["ai-interview", "human-interview", "offer"], "{}", db.name);
        let invited = &history[0];
        assert_eq!(
            (invited["from"].as_str(), invited["reason"].as_str()),
            (Some("applied"), Some("invited to the AI interview"))
        );

        // The offer's terms: checked field by field, HR's to read and write, sent with the hire.
        let offer_path = format!("/api/v1/applications/{app}/offer");
        let mut terms = json!({"start_date": "2027-03-01", "grade": "M2", "cost_centre": "CC-310",
            "salary": {"amount": "18000.00", "currency": "CNY", "period": "month"},
            "manager": {"name": "Li Na", "email": "li.na@example.com"}, "work_email": "new.hire@acme.example"});
        let (status, body) = s.call(Method::PUT, &offer_path, Some(&o.hr_a), Some(json!({"grade": "M2"}))).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{}: {body}", db.name);
        terms["salary"]["amount"] = json!("18,000");
        let (status, body) = s.call(Method::PUT, &offer_path, Some(&o.hr_a), Some(terms.clone())).await;
        assert_eq!(
            (status, body["error"]["field"].as_str()),
            (StatusCode::UNPROCESSABLE_ENTITY, Some("salary.amount"))
        );
        terms["salary"]["amount"] = json!("18000.00");
        for (who, token) in [("department head", &o.head_a), ("interviewer", &o.interviewer_a)] {
            let (status, _) = s.call(Method::PUT, &offer_path, Some(token), Some(terms.clone())).await;
            assert_eq!(status, StatusCode::FORBIDDEN, "{}: a {who} may not set pay", db.name);
            let (status, _) = s.call(Method::GET, &offer_path, Some(token), None).await;
            assert_eq!(status, StatusCode::FORBIDDEN, "{}: nor read it", db.name);
        }
        let (status, body) = s.call(Method::PUT, &offer_path, Some(&o.hr_a), Some(terms.clone())).await;
        assert_eq!(status, StatusCode::OK, "{}: {body}", db.name);
        assert_eq!(s.get(&offer_path, &o.hr_a).await["salary"]["amount"], "18000.00", "{}", db.name);
        let trail = s.store.audit_trail(&format!("application:{app}")).await.expect("trail");
        let entry = trail.iter().find(|e| e.action == "application.offer").expect("the offer is audited");
        assert!(!entry.detail.contains("18000"), "{}: no pay in the audit log: {}", db.name, entry.detail);

        let departure = format!("/api/v1/applications/{app}/departure");
        assert_eq!(s.call(Method::GET, &departure, Some(&o.hr_a), None).await.0, StatusCode::NOT_FOUND, "none yet");
        let (status, body) =
            s.call(Method::POST, &departure, Some(&o.hr_a), Some(json!({"last_day": "2027-06-30"}))).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{}: not hired yet: {body}", db.name);
        let mut hired_event = String::new();
        for to in ["background-check", "onboarding"] {
            let (status, body) = s.call(Method::POST, &path, Some(&o.hr_a), Some(stage(to))).await;
            assert_eq!(status, StatusCode::OK, "{}: {to}: {body}", db.name);
            hired_event = body["event_id"].as_str().expect("event").to_owned();
        }
        let (kind, payload) = s.store.event(&hired_event).await.expect("the hire event");
        assert_eq!(kind, "candidate.hired", "{}", db.name);
        assert_eq!(payload["offer"]["grade"], "M2", "{}: {payload}", db.name);
        assert_eq!(payload["offer"]["department"]["id"], o.dept[0], "{}: {payload}", db.name);
        assert!(payload["offer"]["department"]["name"].is_string(), "{}: {payload}", db.name);
        assert_eq!(payload["job"]["industry"], "manufacturing", "{}: {payload}", db.name);
        let assessed = payload["assessment"]["dimensions"].as_array().map(Vec::len).unwrap_or_default();
        assert!(assessed > 0 && payload["assessment"]["decision"].is_string(), "{}: {payload}", db.name);

        let (status, body) =
            s.call(Method::POST, &departure, Some(&o.hr_a), Some(json!({"last_day": "30/06/2027"}))).await;
        assert_eq!((status, body["error"]["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("last_day")));
        let (status, body) =
            s.call(Method::POST, &departure, Some(&o.hr_a), Some(json!({"last_day": "2027-06-30"}))).await;
        assert_eq!(status, StatusCode::OK, "{}: {body}", db.name);
        let (kind, payload) = s.store.event(body["event_id"].as_str().expect("event")).await.expect("the leave event");
        assert_eq!((kind.as_str(), &payload["departure"]["last_day"]), ("employee.left", &json!("2027-06-30")));
        assert_eq!(payload["offer"]["work_email"], "new.hire@acme.example", "{}", db.name);
        let recorded = s.get(&departure, &o.head_a).await;
        assert_eq!((&recorded["last_day"], &recorded["event_id"]), (&json!("2027-06-30"), &body["event_id"]));
        assert_eq!(recorded, body, "{}: the departure answered is the one stored", db.name);
        let (status, _) =
            s.call(Method::POST, &departure, Some(&o.hr_a), Some(json!({"last_day": "2027-06-30"}))).await;
        assert_eq!(status, StatusCode::CONFLICT, "{}: once per hire", db.name);

        // Department A's HR cannot move department B's candidate, nor read the outbox.
        let other = format!("/api/v1/applications/{}/stage", o.application[1]);
        let (status, _) = s.call(Method::POST, &other, Some(&o.hr_a), Some(stage("screened"))).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{}", db.name);
        let (status, _) = s.call(Method::GET, "/api/v1/deliveries?state=dead", Some(&o.hr_a), None).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{}", db.name);
        let dead = s.get("/api/v1/deliveries?state=dead", &o.admin).await;
        assert_eq!(dead.as_array().map(Vec::len), Some(0), "{}: no connector is bound, nothing to deliver", db.name);
        let (status, body) = s.call(Method::GET, "/api/v1/deliveries?state=lost", Some(&o.admin), None).await;
        assert_eq!((status, body["error"]["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("state")));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hr_sees_who_has_not_started_and_extends_their_window() {
    for db in databases().await {
        let s = TestServer::start(&db).await;
        let o = org(&s).await;
        let list = |job: i64| format!("/api/v1/jobs/{job}/not-started");
        assert_eq!(s.get(&list(o.job[0]), &o.hr_a).await.as_array().map(Vec::len), Some(0), "{}", db.name);

        // HR sets when their job's candidates are reminded; the settings are checked.
        let pipeline = |job: i64| format!("/api/v1/jobs/{job}/pipeline");
        let reminders = json!({"human_rounds": 2, "reminders_minutes_before": [120, 15]});
        let (status, job) = s.call(Method::PUT, &pipeline(o.job[0]), Some(&o.hr_a), Some(reminders.clone())).await;
        assert_eq!(status, StatusCode::OK, "{}: {job}", db.name);
        assert_eq!(job["pipeline"]["reminders_minutes_before"], json!([120, 15]), "{job}");
        assert_eq!(job["pipeline"]["screening"], true, "{}: unset fields keep their defaults", db.name);
        for (bad, field) in [
            (json!({"reminders_minutes_before": [15, 15]}), "reminders_minutes_before"),
            (json!({"feedback_days": 61}), "feedback_days"),
        ] {
            let (status, body) = s.call(Method::PUT, &pipeline(o.job[0]), Some(&o.hr_a), Some(bad)).await;
            assert_eq!(
                (status, body["error"]["field"].as_str()),
                (StatusCode::UNPROCESSABLE_ENTITY, Some(field)),
                "{body}"
            );
        }
        let (status, _) = s.call(Method::PUT, &pipeline(o.job[1]), Some(&o.hr_a), Some(reminders)).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{}: another department's job", db.name);

        let mut invitations = Vec::new();
        for job in o.job {
            let added = s
                .post(
                    &format!("/api/v1/jobs/{job}/candidates"),
                    &o.admin,
                    json!({"name": "Late Lu", "email": "lu@example.com"}),
                )
                .await;
            let application = added["application"]["id"].as_i64().expect("application");
            let invited = s
                .post(&format!("/api/v1/applications/{application}/invitations"), &o.admin, json!({"window_hours": 10}))
                .await;
            invitations.push(invited["invitation"]["id"].as_i64().expect("invitation"));
        }
        let waiting = s.get(&list(o.job[0]), &o.hr_a).await;
        assert_eq!(waiting.as_array().map(Vec::len), Some(1), "{}: {waiting}", db.name);
        assert_eq!(
            (waiting[0]["candidate_name"].as_str(), waiting[0]["window_closed"].as_bool()),
            (Some("Late Lu"), Some(false))
        );

        // Past the window, within the staff's 12-hour sign-in.
        s.clock.advance(std::time::Duration::from_secs(11 * 3600));
        let closed = s.get(&list(o.job[0]), &o.hr_a).await;
        assert_eq!(closed[0]["window_closed"], true, "{}: {closed} now {}", db.name, s.clock.now_ms());
        let extend = |id: i64| format!("/api/v1/invitations/{id}/extend");
        let (status, body) =
            s.call(Method::POST, &extend(invitations[0]), Some(&o.hr_a), Some(json!({"hours": 0}))).await;
        assert_eq!(
            (status, body["error"]["field"].as_str()),
            (StatusCode::UNPROCESSABLE_ENTITY, Some("hours")),
            "{body}"
        );
        let (status, body) =
            s.call(Method::POST, &extend(invitations[0]), Some(&o.hr_a), Some(json!({"hours": 48}))).await;
        assert_eq!(status, StatusCode::OK, "{}: {body}", db.name);
        assert_eq!(
            body["invitation"]["closes_at"].as_i64(),
            Some(s.clock.now_ms() + 48 * HOUR_MS),
            "{}: from now, the window had closed",
            db.name
        );
        assert_eq!(s.get(&list(o.job[0]), &o.hr_a).await[0]["window_closed"], false, "{}", db.name);
        let new_link = body["token"].as_str().expect("a link for the new window");
        let (status, interview) = s.call(Method::GET, "/api/v1/interview", Some(new_link), None).await;
        assert_eq!((status, interview["state"].as_str()), (StatusCode::OK, Some("not-started")), "{interview}");
        let (status, _) =
            s.call(Method::POST, &extend(invitations[1]), Some(&o.hr_a), Some(json!({"hours": 48}))).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{}: another department's candidate", db.name);
        let (status, _) = s.call(Method::GET, &list(o.job[1]), Some(&o.hr_a), None).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{}", db.name);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn resumes_are_read_and_matched_against_the_job() {
    let db = sqlite().await;
    let s = TestServer::start(&db).await;
    let (_, admin) = s.bootstrap("Acme", "admin@acme.example").await;
    let region = unit(&s, &admin, "region", "East", None).await;
    let branch = unit(&s, &admin, "branch", "Suzhou", Some(region)).await;
    let dept = unit(&s, &admin, "department", "Assembly", Some(branch)).await;
    let mut body = job_body(dept, "Supervisor");
    body["requirements"] = json!({"skills": ["Lean", "SAP", "PLC"], "min_years_experience": 5, "education": "本科"});
    let job = s.post("/api/v1/jobs", &admin, body).await["id"].as_i64().expect("job");
    let resume = "王芳\n2010-2014 华东理工大学 本科 工业工程\n2019.03-至今 苏州某电子厂 生产主管\n工作经验八年\n专业技能：精益生产、Lean、SAP";
    let added = s
        .post(
            &format!("/api/v1/jobs/{job}/candidates"),
            &admin,
            json!({"name": "王芳", "email": "wf@example.com", "resume_text": resume}),
        )
        .await;
    let matched = &added["application"]["resume_match"];
    assert_eq!(matched["skills_missing"], json!(["PLC"]), "{added}");
    assert_eq!(
        (matched["experience_ok"].clone(), matched["education_ok"].clone()),
        (json!(true), json!(true)),
        "{matched}"
    );
    assert_eq!(matched["score"], json!(80.0), "{matched}");
    let candidate = s.get(&format!("/api/v1/candidates/{}", added["candidate_id"]), &admin).await;
    assert_eq!(candidate["resume"]["years_experience"], json!(8.0), "{candidate}");
    assert_eq!(candidate["resume"]["skills"], json!(["精益生产", "Lean", "SAP"]), "{candidate}");
    let listed = s.get(&format!("/api/v1/jobs/{job}/applications"), &admin).await;
    assert_eq!(listed[0]["resume_match"]["score"], json!(80.0), "{listed}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_dashboard_counts_only_what_each_person_may_see() {
    for db in databases().await {
        let s = TestServer::start(&db).await;
        let o = org(&s).await;
        // One more candidate in department A, invited and not started.
        let added = s
            .post(
                &format!("/api/v1/jobs/{}/candidates", o.job[0]),
                &o.admin,
                json!({"name": "Late", "email": "late@example.com"}),
            )
            .await;
        invite(&s, &o.admin, added["application"]["id"].as_i64().expect("application")).await;

        let counts = |d: &Value| {
            ["in_progress", "completed", "awaiting_review", "expiring"]
                .map(|k| d[k]["count"].as_u64().expect("a count"))
        };
        let admin = s.get("/api/v1/dashboard?since=0", &o.admin).await;
        assert_eq!(counts(&admin), [0, 2, 2, 1], "{admin}");
        let hr_a = s.get("/api/v1/dashboard?since=0", &o.hr_a).await;
        assert_eq!(counts(&hr_a), [0, 1, 1, 1], "{hr_a}");
        let item = &hr_a["completed"]["items"][0];
        assert_eq!((item["session_id"].as_i64(), item["job_id"].as_i64()), (Some(o.session[0]), Some(o.job[0])));
        assert_eq!(item["decision"], "advance");
        assert_eq!(hr_a["expiring"]["items"][0]["candidate_name"], "Late");
        // An interviewer reads only the applications assigned to them, not the jobs' sections.
        let interviewer = s.get("/api/v1/dashboard?since=0", &o.interviewer_a).await;
        assert_eq!(counts(&interviewer), [0, 0, 0, 0]);
        // What they do see: the application assigned to them, with its interview.
        assert_eq!(interviewer["assigned"]["count"], 1, "{interviewer}");
        assert_eq!(interviewer["assigned"]["items"][0]["session_id"].as_i64(), Some(o.session[0]));
        assert_eq!(hr_a["assigned"]["count"], 0);

        // Moved past the AI interview: no longer waiting for review.
        s.post(&format!("/api/v1/applications/{}/stage", o.application[0]), &o.hr_a, json!({"to": "human-interview"}))
            .await;
        assert_eq!(counts(&s.get("/api/v1/dashboard?since=0", &o.hr_a).await), [0, 1, 0, 1]);

        let now = s.clock.now_ms();
        for (query, field) in [
            (format!("since={}", now + HOUR_MS), "since"),
            ("expiring_within_hours=0".to_owned(), "expiring_within_hours"),
        ] {
            let (status, refused) =
                s.call(Method::GET, &format!("/api/v1/dashboard?{query}"), Some(&o.hr_a), None).await;
            assert_eq!((status, refused["error"]["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some(field)));
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_staff_directory_shows_whom_each_person_may_assign() {
    let db = sqlite().await;
    let s = TestServer::start(&db).await;
    let o = org(&s).await;
    // Someone in department B, whom HR of A may not give work to.
    staff(&s, &o.admin, "interviewer-b@acme.example", "interviewer", o.dept[1]).await;
    let names = |list: &Value| -> Vec<String> {
        list.as_array().expect("a list").iter().map(|c| c["name"].as_str().expect("a name").to_owned()).collect()
    };
    let everyone = s.get("/api/v1/staff", &o.admin).await;
    assert_eq!(names(&everyone).len(), 5, "{everyone}");
    assert!(everyone[0].get("email").is_none(), "colleagues see no email addresses: {everyone}");
    let for_hr_a = s.get("/api/v1/staff?role=interviewer", &o.hr_a).await;
    assert_eq!(names(&for_hr_a), ["interviewer-a@acme.example"]);
    let (status, _) = s.call(Method::GET, "/api/v1/staff", Some(&o.interviewer_a), None).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, refused) = s.call(Method::GET, "/api/v1/staff?role=boss", Some(&o.hr_a), None).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{refused}");
    assert!(refused["error"]["message"].as_str().is_some_and(|m| m.contains("role")), "{refused}");

    // Who is assigned to an application: readable by those who may read its report.
    let assigned = s.get(&format!("/api/v1/applications/{}/interviewers", o.application[0]), &o.head_a).await;
    assert_eq!(names(&assigned), ["interviewer-a@acme.example"]);
    let other = format!("/api/v1/applications/{}/interviewers", o.application[1]);
    assert_eq!(s.call(Method::GET, &other, Some(&o.hr_a), None).await.0, StatusCode::FORBIDDEN);
}

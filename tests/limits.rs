//! Abuse and limits, from outside: password guessing, recording uploads
//! beyond what an answer needs, and numbers chosen to overflow.

use panel::api::ApiConfig;
use panel::api::sign_in_limits::SignInLimitsConfig;
use panel_e2e::api::{TestServer, job_body};
use panel_e2e::db::sqlite;
use reqwest::{Method, StatusCode};
use serde_json::json;
use sha2::Digest;

const PASSWORD: &str = "correct horse battery";

async fn sign_in(s: &TestServer, email: &str, password: &str) -> (StatusCode, Option<u64>) {
    let response = s
        .http
        .post(format!("{}/api/v1/auth/login", s.base))
        .json(&json!({"email": email, "password": password}))
        .send()
        .await
        .expect("the server answers");
    let retry_after = response.headers().get("retry-after").and_then(|v| v.to_str().ok()).and_then(|v| v.parse().ok());
    (response.status(), retry_after)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn guessing_a_password_locks_the_account_for_a_while_known_or_not() {
    let db = sqlite().await;
    let limits = SignInLimitsConfig {
        failures_before_lockout: 3,
        lockout_ms: 60_000,
        max_lockout_ms: 600_000,
        address_failures: 1_000,
        address_refill_ms: 1_000,
    };
    let s = TestServer::start_with(&db, ApiConfig { sign_in: limits, ..ApiConfig::default() }).await;
    s.bootstrap("Acme", "admin@acme.example").await;
    for account in ["admin@acme.example", "nobody@acme.example"] {
        for _ in 0..3 {
            assert_eq!(sign_in(&s, account, "guess").await, (StatusCode::UNAUTHORIZED, None), "{account}");
        }
        // Locked: even the right password is not checked, and the answer says when to come back.
        let (status, retry) = sign_in(&s, account, PASSWORD).await;
        assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{account}");
        assert!(retry.is_some_and(|secs| (59..=60).contains(&secs)), "{account}: Retry-After {retry:?}");
    }
    // Another account is untouched; the locked one opens after the lockout.
    s.clock.advance(std::time::Duration::from_secs(61));
    assert_eq!(sign_in(&s, "admin@acme.example", PASSWORD).await.0, StatusCode::OK);
    // A success starts the count again.
    assert_eq!(sign_in(&s, "admin@acme.example", "guess").await.0, StatusCode::UNAUTHORIZED);
    assert_eq!(sign_in(&s, "admin@acme.example", PASSWORD).await.0, StatusCode::OK);
    let trail = db.store.audit_trail("auth").await.expect("audit");
    assert!(trail.iter().any(|e| e.action == "auth.account-locked"), "{trail:?}");
    assert!(trail.iter().any(|e| e.action == "auth.login-throttled-account"), "{trail:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_address_guessing_across_accounts_runs_out_of_failures() {
    let db = sqlite().await;
    let limits = SignInLimitsConfig { address_failures: 4, address_refill_ms: 30_000, ..SignInLimitsConfig::default() };
    let s = TestServer::start_with(&db, ApiConfig { sign_in: limits, ..ApiConfig::default() }).await;
    s.bootstrap("Acme", "admin@acme.example").await;
    for n in 0..4 {
        assert_eq!(sign_in(&s, &format!("user{n}@acme.example"), "guess").await.0, StatusCode::UNAUTHORIZED);
    }
    let (status, retry) = sign_in(&s, "admin@acme.example", PASSWORD).await;
    assert_eq!((status, retry), (StatusCode::TOO_MANY_REQUESTS, Some(30)));
    s.clock.advance(std::time::Duration::from_secs(30));
    assert_eq!(sign_in(&s, "admin@acme.example", PASSWORD).await.0, StatusCode::OK);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_burst_of_sign_ins_is_checked_a_few_at_a_time_and_the_rest_told_to_retry() {
    let db = sqlite().await;
    let limits = SignInLimitsConfig { address_failures: 10_000, ..SignInLimitsConfig::default() };
    let config = ApiConfig { sign_in: limits, password_workers: 1, ..ApiConfig::default() };
    let s = TestServer::start_with(&db, config).await;
    s.bootstrap("Acme", "admin@acme.example").await;
    let burst = (0..64).map(|n| {
        let s = &s;
        async move { sign_in(s, &format!("user{n}@acme.example"), "guess").await }
    });
    let answers = futures_util::future::join_all(burst).await;
    let busy: Vec<_> = answers.iter().filter(|(status, _)| *status == StatusCode::SERVICE_UNAVAILABLE).collect();
    assert!(!busy.is_empty(), "64 at once on one worker: some must be told to retry");
    assert!(busy.iter().all(|(_, retry)| retry.is_some()), "503 without Retry-After: {busy:?}");
    assert!(
        answers.iter().all(|(status, _)| matches!(*status, StatusCode::UNAUTHORIZED | StatusCode::SERVICE_UNAVAILABLE)),
        "{answers:?}"
    );
    // The server is still there for the right password.
    assert_eq!(sign_in(&s, "admin@acme.example", PASSWORD).await.0, StatusCode::OK);
    let (status, _) = s.call(Method::GET, "/healthz", None, None).await;
    assert_eq!(status, StatusCode::OK);
}

/// A candidate invited to a new job and started with recording consented;
/// returns their token and the first question's id and time limit.
async fn recording_candidate(s: &TestServer, admin: &str) -> (String, String, u64) {
    let job = s.post("/api/v1/jobs", admin, job_body(department(s, admin, "Assembly").await, "Supervisor")).await;
    let added = s
        .post(
            &format!("/api/v1/jobs/{}/candidates", job["id"]),
            admin,
            json!({"name": "Li", "email": "li@example.com"}),
        )
        .await;
    let invited =
        s.post(&format!("/api/v1/applications/{}/invitations", added["application"]["id"]), admin, json!({})).await;
    let token = invited["token"].as_str().expect("a token").to_owned();
    let (status, started) = s
        .call(
            Method::POST,
            "/api/v1/interview/start",
            Some(&token),
            Some(json!({"consent": true, "consent_recording": true})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{started}");
    let question = started["current"]["id"].as_str().expect("a question").to_owned();
    let limit = started["current"]["time_limit_secs"].as_u64().expect("a time limit");
    (token, question, limit)
}

/// A new department (under a new region and branch); returns its id.
async fn department(s: &TestServer, admin: &str, name: &str) -> i64 {
    let mut parent = None;
    for kind in ["region", "branch", "department"] {
        let body = json!({"kind": kind, "name": format!("{name} {kind}"), "parent_id": parent});
        parent = s.post("/api/v1/org/units", admin, body).await["id"].as_i64();
    }
    parent.expect("a department")
}

async fn put_chunk(s: &TestServer, token: &str, id: &str, range: &str, chunk: &[u8]) -> reqwest::Response {
    s.http
        .put(format!("{}/api/v1/interview/uploads/{id}", s.base))
        .bearer_auth(token)
        .header("content-type", "application/octet-stream")
        .header("content-range", range)
        .body(chunk.to_vec())
        .send()
        .await
        .expect("the server answers")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_recording_holds_what_its_question_allows_and_a_question_is_recorded_a_few_times() {
    let db = sqlite().await;
    let s = TestServer::start(&db).await;
    let (_, admin) = s.bootstrap("Acme", "admin@acme.example").await;
    let (token, question, time_limit) = recording_candidate(&s, &admin).await;
    let config = ApiConfig::default();
    let allowed = config.recording_bytes_per_second * (time_limit + time_limit.max(60));
    assert!(allowed < config.max_recording_bytes, "the question's limit is the tighter one here");

    // A declared size beyond what the question's time allows is refused at once.
    let create = |total: Option<u64>| {
        let body = json!({"question_id": question, "content_type": "video/webm", "total_bytes": total});
        let (s, token) = (&s, token.clone());
        async move { s.call(Method::POST, "/api/v1/interview/uploads", Some(&token), Some(body)).await }
    };
    let (status, refused) = create(Some(allowed + 1)).await;
    assert_eq!((status, refused["error"]["field"].as_str()), (StatusCode::PAYLOAD_TOO_LARGE, Some("total_bytes")));
    let (status, created) = create(None).await;
    assert_eq!((status, created["max_bytes"].as_u64()), (StatusCode::CREATED, Some(allowed)), "{created}");

    // A few takes of one question, each superseding the last; then no more.
    let uploads = s.media.path().join("uploads");
    for _ in 1..config.uploads_per_answer {
        assert_eq!(create(None).await.0, StatusCode::CREATED);
    }
    let (status, refused) = create(None).await;
    assert_eq!((status, refused["error"]["code"].as_str()), (StatusCode::CONFLICT, Some("too-many-recordings")));
    let parts = walk(&uploads).iter().filter(|p| p.extension().is_some_and(|e| e == "part")).count();
    assert_eq!(parts, 1, "only the newest take is kept while it uploads");
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            found.extend(walk(&path));
        } else {
            found.push(path);
        }
    }
    found
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn numbers_chosen_to_overflow_get_a_clear_refusal() {
    let db = sqlite().await;
    let s = TestServer::start(&db).await;
    let (_, admin) = s.bootstrap("Acme", "admin@acme.example").await;
    let (token, question, _) = recording_candidate(&s, &admin).await;
    let body = json!({"question_id": question, "content_type": "video/webm"});
    let created = s.post("/api/v1/interview/uploads", &token, body).await;
    let id = created["id"].as_str().expect("an upload id");
    // `end - start + 1` of this range is 2^64.
    for range in ["bytes 0-18446744073709551615/*", "bytes 18446744073709551615-0/*", "bytes 0-99999999999999999999/*"]
    {
        let response = put_chunk(&s, &token, id, range, b"\x1a\x45\xdf\xa3").await;
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY, "{range}");
        let body: serde_json::Value = response.json().await.expect("the JSON error shape");
        assert_eq!(body["error"]["field"], "content-range", "{range}: {body}");
    }
    assert_eq!(put_chunk(&s, &token, id, "bytes 0-3/*", b"\x1a\x45\xdf\xa3").await.status(), StatusCode::OK);

    // Weights whose sum overflows f32 are refused, naming the field.
    let mut job = job_body(department(&s, &admin, "Paint").await, "Painter");
    job["dimensions"][0]["weight"] = json!(3.4e38);
    job["dimensions"][1]["weight"] = json!(3.4e38);
    let (status, refused) = s.call(Method::POST, "/api/v1/jobs", Some(&admin), Some(job)).await;
    assert_eq!(
        (status, refused["error"]["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("dimensions[0].weight"))
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn what_is_not_a_recording_is_not_kept_as_one() {
    let db = sqlite().await;
    let s = TestServer::start(&db).await;
    let (_, admin) = s.bootstrap("Acme", "admin@acme.example").await;
    let (token, question, _) = recording_candidate(&s, &admin).await;
    let page = b"<!doctype html><script>fetch('/api/v1/me')</script>";
    let created = s
        .post("/api/v1/interview/uploads", &token, json!({"question_id": question, "content_type": "video/webm"}))
        .await;
    let id = created["id"].as_str().expect("an upload id");
    let range = format!("bytes 0-{}/*", page.len() - 1);
    assert_eq!(put_chunk(&s, &token, id, &range, page).await.status(), StatusCode::OK);
    let sha: String = sha2::Sha256::digest(page).iter().map(|b| format!("{b:02x}")).collect();
    let (status, refused) = s
        .call(
            Method::POST,
            &format!("/api/v1/interview/uploads/{id}/complete"),
            Some(&token),
            Some(json!({"total_bytes": page.len(), "sha256": sha})),
        )
        .await;
    assert_eq!((status, refused["error"]["code"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("not-media")));
    let kept: Vec<_> = walk(s.media.path()).into_iter().filter(|p| p.extension().is_none_or(|e| e != "json")).collect();
    assert!(kept.is_empty(), "none of its bytes are kept: {kept:?}");
    let (status, _) = s.call(Method::GET, &format!("/api/v1/interview/uploads/{id}"), Some(&token), None).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "it cannot be resumed either");

    // Nor can the candidate say their own answer was transcribed.
    let answer = json!({"question_id": question, "text": "what I typed", "transcribed": true,
        "think_time_ms": 1000, "duration_ms": 5000});
    let (status, refused) = s.call(Method::POST, "/api/v1/interview/answers", Some(&token), Some(answer)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{refused}");
    assert!(refused["error"]["message"].as_str().is_some_and(|m| m.contains("transcribed")), "{refused}");
}

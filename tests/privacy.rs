//! Consent per purpose, retention, erasure, export and legal holds, over
//! HTTP on SQLite and PostgreSQL: an interview cannot start without the
//! consents its region's pack requires (the error names the purpose); a
//! withdrawal is recorded and honoured (no more recordings; no AI scoring);
//! the retention rules purge on the manual clock's day and not the day
//! before, and a legal hold stops them; erasure leaves nothing of the
//! candidate in the raw SQLite file, PostgreSQL's tables or the media
//! directory, and the audit chain still verifies; the export holds the
//! candidate's rows and recordings.

use std::io::Read;

use panel::compliance::erasure::Eraser;
use panel_e2e::api::{START_MS, TestServer, job_body, take_interview};
use panel_e2e::db::{TestDb, databases};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::uploads::{hex_sha256, webm};

const DAY: i64 = 24 * 60 * 60 * 1000;

/// A region adopting `pack`, with a branch and a department; returns the department.
async fn department(s: &TestServer, admin: &str, pack: &str, name: &str) -> i64 {
    let region = json!({"kind": "region", "name": name, "policy": {"pack": pack}});
    let mut parent = s.post("/api/v1/org/units", admin, region).await["id"].as_i64().expect("region id");
    for kind in ["branch", "department"] {
        let body = json!({"kind": kind, "name": format!("{name} {kind}"), "parent_id": parent});
        parent = s.post("/api/v1/org/units", admin, body).await["id"].as_i64().expect("unit id");
    }
    parent
}

async fn job(s: &TestServer, admin: &str, department: i64) -> i64 {
    s.post("/api/v1/jobs", admin, job_body(department, "Supervisor")).await["id"].as_i64().expect("job id")
}

/// Adds a candidate to `job` and invites them: (candidate, application, link token).
async fn invited(s: &TestServer, admin: &str, job: i64, name: &str, email: &str) -> (i64, i64, String) {
    // A phone number of its own per candidate, to be looked for after erasure.
    let phone = format!("+1 312 555 {:04}", email.len() * 37 % 10_000);
    let body = json!({"name": name, "email": email, "phone": phone});
    let added = s.post(&format!("/api/v1/jobs/{job}/candidates"), admin, body).await;
    let application = added["application"]["id"].as_i64().expect("application id");
    let link = s.post(&format!("/api/v1/applications/{application}/invitations"), admin, json!({})).await;
    (added["candidate_id"].as_i64().expect("candidate"), application, link["token"].as_str().expect("token").to_owned())
}

async fn start(s: &TestServer, token: &str, body: Value) -> (StatusCode, Value) {
    s.call(Method::POST, "/api/v1/interview/start", Some(token), Some(body)).await
}

/// Uploads a recording for `question`; returns its `media_ref` and bytes.
async fn record(s: &TestServer, token: &str, question: &str, seed: u8) -> (String, Vec<u8>) {
    let bytes = webm((0..4000u32).map(|i| (i as u8).wrapping_mul(31).wrapping_add(seed)).collect());
    let body = json!({"question_id": question, "content_type": "video/webm"});
    let (status, created) = s.call(Method::POST, "/api/v1/interview/uploads", Some(token), Some(body)).await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    let id = created["id"].as_str().expect("upload id");
    let path = format!("/api/v1/interview/uploads/{id}?offset=0");
    let (status, sent) = s.raw(Method::PUT, &path, Some(token), "application/octet-stream", bytes.clone()).await;
    assert_eq!(status, StatusCode::OK, "{sent}");
    let done = json!({"total_bytes": bytes.len(), "sha256": hex_sha256(&bytes)});
    let done = s.post(&format!("/api/v1/interview/uploads/{id}/complete"), token, done).await;
    (done["media_ref"].as_str().expect("media_ref").to_owned(), bytes)
}

/// Answers every question from `current` on, the first with a recording
/// when `recording` is set; returns the recording's bytes, if any.
async fn answer_all(s: &TestServer, token: &str, mut current: Value, text: &str, recording: bool) -> Option<Vec<u8>> {
    let mut recorded = None;
    while current.is_object() {
        let question = current["id"].as_str().expect("question id").to_owned();
        let media_ref = if recording && recorded.is_none() {
            let (media_ref, bytes) = record(s, token, &question, 7).await;
            recorded = Some(bytes);
            Some(media_ref)
        } else {
            None
        };
        let body = json!({"question_id": question, "text": text, "think_time_ms": 1000, "duration_ms": 5000,
            "media_ref": media_ref});
        let accepted = s.post("/api/v1/interview/answers", token, body).await;
        current = accepted["next"].clone();
    }
    recorded
}

fn eraser(s: &TestServer) -> Eraser {
    Eraser { store: s.store.clone(), media_root: Some(s.media.path().to_path_buf()), embeddings: None }
}

async fn audit_holds(db: &TestDb) {
    // On PostgreSQL, the last entries as the store's sealer would seal them.
    db.store.seal_audit().await.expect("seal the audit chain");
    let chains = db.store.verify_audit_all().await.expect("verify the audit chains");
    for chain in &chains {
        assert!(chain.problem.is_none(), "{}: chain {}: {:?}", db.name, chain.chain, chain.problem);
    }
    // What happened in the organisation is in its chain, answers included
    // (written by SQLite's batched answer writer), not the platform's.
    let organisation = chains.iter().find(|c| c.chain != panel::store::AUDIT_PLATFORM_CHAIN);
    assert!(organisation.is_some_and(|c| c.checked > 0), "{}: no organisation's chain: {chains:?}", db.name);
    let in_platform: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE chain_id = 0 AND action = 'answer.submit'")
            .fetch_one(db.store.pool())
            .await
            .expect("count");
    assert_eq!(in_platform, 0, "{}: answers audited in the platform's chain", db.name);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_interview_needs_its_regions_consents_and_a_withdrawal_is_honoured() {
    for db in databases().await {
        let s = TestServer::start(&db).await;
        let (_, admin) = s.bootstrap("Acme", "admin@acme.example").await;
        let shanghai = job(&s, &admin, department(&s, &admin, "cn-pipl", "Shanghai").await).await;
        let (candidate, application, token) = invited(&s, &admin, shanghai, "Li Na", "li.na@example.com").await;

        // The notice of the region, in the language asked, naming what the AI scores.
        let notice = s.get("/api/v1/interview/notice?locale=zh-CN", &token).await;
        assert_eq!(notice["version"], "cn-pipl-2026.1", "{}: {notice}", db.name);
        assert_eq!(notice["locale"], "zh-CN");
        let text = notice["sections"].to_string();
        assert!(text.contains("Problem solving") && text.contains("删除"), "{text}");
        let transfer =
            notice["purposes"].as_array().expect("purposes").iter().find(|p| p["purpose"] == "transfer-abroad");
        assert_eq!(transfer.expect("PIPL asks for transfer abroad")["required"], true);

        // Without the transfer consent PIPL requires: refused, naming the purpose.
        let (status, refused) =
            start(&s, &token, json!({"consents": {"ai-evaluation": true, "recording": true}})).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{}: {refused}", db.name);
        assert_eq!(refused["error"]["field"], "consents.transfer-abroad");
        let message = refused["error"]["message"].as_str().unwrap_or_default();
        assert!(message.contains("transfer-abroad") && message.contains("Art. 39"), "{message}");
        assert!(s.store.sessions_of_application(application).await.expect("sessions").is_empty(), "nothing started");
        // A notice read before it changed is refused.
        let all = json!({"ai-evaluation": true, "recording": true, "transfer-abroad": true});
        let (status, stale) = start(&s, &token, json!({"consents": all, "notice_version": "cn-pipl-2025.9"})).await;
        assert_eq!((status, &stale["error"]["code"]), (StatusCode::CONFLICT, &json!("notice-changed")), "{stale}");

        let (status, started) = start(&s, &token, json!({"consents": all, "notice_version": "cn-pipl-2026.1"})).await;
        assert_eq!(status, StatusCode::OK, "{}: {started}", db.name);
        assert_eq!(started["consent_recording"], true);
        let recorded = s.get(&format!("/api/v1/candidates/{candidate}/consents"), &admin).await;
        let consents = recorded[0]["consents"].as_array().expect("consents").clone();
        assert_eq!(consents.len(), 3, "{recorded}");
        for c in &consents {
            assert_eq!(
                (c["notice_version"].as_str(), c["given_at"].as_i64()),
                (Some("cn-pipl-2026.1"), Some(START_MS))
            );
            assert_eq!((c["pack"].as_str(), &c["withdrawn_at"]), (Some("cn-pipl"), &Value::Null), "{c}");
        }

        // Recording withdrawn: no more media is taken.
        let (status, _) = s.call(Method::DELETE, "/api/v1/interview/consents/recording", Some(&token), None).await;
        assert_eq!(status, StatusCode::NO_CONTENT);
        let question = started["current"]["id"].clone();
        let upload = json!({"question_id": question, "content_type": "video/webm"});
        let (status, refused) = s.call(Method::POST, "/api/v1/interview/uploads", Some(&token), Some(upload)).await;
        assert_eq!((status, &refused["error"]["field"]), (StatusCode::FORBIDDEN, &json!("consent_recording")));

        // AI evaluation withdrawn: the finished interview is not scored by AI.
        s.clock.advance(std::time::Duration::from_secs(60));
        let (status, _) = s.call(Method::DELETE, "/api/v1/interview/consents/ai-evaluation", Some(&token), None).await;
        assert_eq!(status, StatusCode::NO_CONTENT);
        answer_all(&s, &token, started["current"].clone(), panel_e2e::STRONG_EN, false).await;
        let session = s.store.sessions_of_application(application).await.expect("sessions")[0].id;
        let (status, refused) =
            s.call(Method::POST, &format!("/api/v1/sessions/{session}/score"), Some(&admin), None).await;
        assert_eq!((status, &refused["error"]["code"]), (StatusCode::CONFLICT, &json!("ai-evaluation-withdrawn")));
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        assert!(s.store.recommendation(session).await.expect("read").is_none(), "{}: scored by AI anyway", db.name);
        let after = s.store.consents(application).await.expect("consents");
        let withdrawn: Vec<&str> =
            after.iter().filter(|c| c.withdrawn_at == Some(START_MS + 60_000)).map(|c| c.purpose.as_str()).collect();
        assert_eq!(withdrawn, ["ai-evaluation"], "{after:?}");
        assert!(after.iter().any(|c| c.purpose.as_str() == "recording" && c.withdrawn_at == Some(START_MS)));
        let trail = s.store.audit_trail(&format!("application:{application}")).await.expect("trail");
        assert_eq!(trail.iter().filter(|e| e.action == "consent.withdraw").count(), 2, "{trail:?}");
        assert!(!format!("{trail:?}").contains("Li Na"), "the audit log holds no name");
        let (status, _) = s.call(Method::DELETE, "/api/v1/interview/consents/mood", Some(&token), None).await;
        assert_eq!(status, StatusCode::NOT_FOUND);

        // Under the default pack, the interview starts as it always did;
        // withdrawing after scoring removes the AI's scores.
        let plain = job(&s, &admin, department(&s, &admin, "default", "Springfield").await).await;
        let (_, application, token) = invited(&s, &admin, plain, "Wang Wei", "wang.wei@example.com").await;
        let session = take_interview(&s, &token, panel_e2e::STRONG_EN).await;
        s.wait_scored(session).await;
        let (status, _) = s.call(Method::DELETE, "/api/v1/interview/consents/ai-evaluation", Some(&token), None).await;
        assert_eq!(status, StatusCode::NO_CONTENT);
        assert!(s.store.recommendation(session).await.expect("read").is_none(), "{}: AI scores kept", db.name);
        assert!(s.store.consents(application).await.expect("consents")[0].withdrawn_at.is_some());
        audit_holds(&db).await;
    }
}

/// Interviews a candidate of `job` with one recorded answer and moves the
/// application to rejected; returns (candidate, application, session, recording file).
async fn rejected_with_recording(
    s: &TestServer,
    admin: &str,
    job: i64,
    n: usize,
) -> (i64, i64, i64, std::path::PathBuf) {
    let (candidate, application, token) =
        invited(s, admin, job, &format!("Person {n}"), &format!("p{n}@example.com")).await;
    let (status, started) = start(s, &token, json!({"consent": true, "consent_recording": true})).await;
    assert_eq!(status, StatusCode::OK, "{started}");
    answer_all(s, &token, started["current"].clone(), "We met the weekly target together.", true).await;
    let session = s.store.sessions_of_application(application).await.expect("sessions")[0].id;
    let moved = json!({"to": "rejected", "reason": "another candidate was hired"});
    s.post(&format!("/api/v1/applications/{application}/stage"), admin, moved).await;
    let dir = s.media.path().join(format!("answers/{session}"));
    let file = std::fs::read_dir(&dir).expect("the recordings' folder").next().expect("a recording").expect("entry");
    (candidate, application, session, file.path())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn retention_purges_on_the_day_not_the_day_before_and_a_legal_hold_stops_it() {
    for db in databases().await {
        let s = TestServer::start(&db).await;
        let (_, admin) = s.bootstrap("Acme", "admin@acme.example").await;
        let frankfurt = job(&s, &admin, department(&s, &admin, "eu", "Frankfurt").await).await;
        let (a, a_application, a_session, a_file) = rejected_with_recording(&s, &admin, frankfurt, 1).await;
        let (b, _, _, b_file) = rejected_with_recording(&s, &admin, frankfurt, 2).await;
        // C is rejected for one job but still applying for another: kept.
        let (c, _, _, _) = rejected_with_recording(&s, &admin, frankfurt, 3).await;
        let department = s.store.job(frankfurt).await.expect("job").department_id;
        let planner =
            s.post("/api/v1/jobs", &admin, job_body(department, "Planner")).await["id"].as_i64().expect("job");
        let (same, _, _) = invited(&s, &admin, planner, "Person 3", "p3@example.com").await;
        assert_eq!(same, c);
        let hold = json!({"reason": "case 2027-17"});
        let (status, held) =
            s.call(Method::PUT, &format!("/api/v1/candidates/{b}/legal-hold"), Some(&admin), Some(hold)).await;
        assert_eq!((status, &held["reason"]), (StatusCode::OK, &json!("case 2027-17")), "{held}");
        let eraser = eraser(&s);

        // The EU pack: recordings 90 days after the decision (START_MS): A's and C's.
        s.clock.set(START_MS + 90 * DAY - 1);
        let report = eraser.purge_due(s.engine.now_ms()).await.expect("purge");
        assert_eq!(report.recordings, 0, "{}: a day early: {report:?}", db.name);
        assert!(a_file.exists());
        s.clock.set(START_MS + 90 * DAY);
        let report = eraser.purge_due(s.engine.now_ms()).await.expect("purge");
        assert_eq!(report.recordings, 2, "{}: {report:?}", db.name);
        assert!(!a_file.exists(), "{}: the recording is still on disk", db.name);
        assert!(b_file.exists(), "{}: the legal hold kept B's recording", db.name);
        assert!(report.held.contains(&b));
        let answers = s.store.answers(a_session).await.expect("answers");
        assert!(answers.iter().all(|x| x.media_ref.is_none()) && !answers[0].answer.text.is_empty());
        let trail = s.store.audit_trail(&format!("application:{a_application}")).await.expect("trail");
        assert!(trail.iter().any(|e| e.action == "retention.recordings"), "{trail:?}");

        // Everything of a rejected candidate after 6 months (of 30 days).
        s.clock.set(START_MS + 180 * DAY - 1);
        assert!(eraser.purge_due(s.engine.now_ms()).await.expect("purge").erased.is_empty(), "{}", db.name);
        assert!(s.store.candidate(a).await.is_ok());
        s.clock.set(START_MS + 180 * DAY);
        let report = eraser.purge_due(s.engine.now_ms()).await.expect("purge");
        assert_eq!(report.erased, [a], "{}: {report:?}", db.name);
        assert!(s.store.candidate(a).await.is_err(), "{}: A is still there", db.name);
        assert!(s.store.candidate(b).await.is_ok(), "{}: the hold kept B", db.name);
        assert!(s.store.candidate(c).await.is_ok(), "{}: C still applies for a job", db.name);

        // The hold lifted (signed in again: 180 days ended the sign-in), the next run catches up.
        let admin = s.login("admin@acme.example", "correct horse battery").await;
        let (status, _) =
            s.call(Method::DELETE, &format!("/api/v1/candidates/{b}/legal-hold"), Some(&admin), None).await;
        assert_eq!(status, StatusCode::NO_CONTENT);
        let report = eraser.purge_due(s.engine.now_ms()).await.expect("purge");
        assert_eq!((report.recordings, report.erased.as_slice()), (1, [b].as_slice()), "{}: {report:?}", db.name);
        assert!(!b_file.exists() && s.store.candidate(b).await.is_err());
        // The purges are in the organisation's chain, though the system did
        // them and the candidates are gone: the organisation reads their trail.
        let trail = s.get(&format!("/api/v1/audit?subject=candidate:{a}"), &admin).await;
        assert!(trail.to_string().contains("retention.purge"), "{}: {trail}", db.name);
        audit_holds(&db).await;
    }
}

/// Whether `needle` is in any file under `dir`.
pub(crate) fn found_in_files(dir: &std::path::Path, needle: &[u8]) -> Vec<String> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).expect("read dir").flatten() {
        let path = entry.path();
        if path.is_dir() {
            found.extend(found_in_files(&path, needle));
        } else if std::fs::read(&path).is_ok_and(|b| b.windows(needle.len()).any(|w| w == needle)) {
            found.push(path.display().to_string());
        }
    }
    found
}

/// Rows of every PostgreSQL table whose text holds `needle`.
pub(crate) async fn found_in_postgres(db: &TestDb, needle: &str) -> Vec<String> {
    use sqlx::Row;
    let pool = db.store.pool();
    let tables =
        sqlx::query("SELECT CAST(table_name AS TEXT) FROM information_schema.tables WHERE table_schema = 'public'")
            .fetch_all(pool)
            .await
            .expect("tables");
    let mut found = Vec::new();
    for row in tables {
        let table: String = row.try_get(0).expect("name");
        let sql = format!("SELECT COUNT(*) FROM {table} t WHERE CAST(t AS TEXT) ILIKE $1");
        let n: i64 =
            sqlx::query(&sql).bind(format!("%{needle}%")).fetch_one(pool).await.expect("scan").try_get(0).expect("n");
        if n > 0 {
            found.push(format!("{table}: {n}"));
        }
    }
    found
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn erasure_leaves_nothing_of_the_candidate_and_the_export_has_everything() {
    const NAME: &str = "Zebulon Quixmarsh";
    const EMAIL: &str = "zebulon.quixmarsh@example.com";
    const ANSWER: &str = "I rebuilt the marmalade-line conveyor with my team and we met the target.";
    for db in databases().await {
        let s = TestServer::start(&db).await;
        let (_, admin) = s.bootstrap("Acme", "admin@acme.example").await;
        let chicago = job(&s, &admin, department(&s, &admin, "us-illinois", "Chicago").await).await;
        let (candidate, _, token) = invited(&s, &admin, chicago, NAME, EMAIL).await;
        let (status, started) = start(&s, &token, json!({"consent": true, "consent_recording": true})).await;
        assert_eq!(status, StatusCode::OK, "{started}");
        let recording = answer_all(&s, &token, started["current"].clone(), ANSWER, true).await.expect("recorded");
        let groups = json!({"consent": true, "notice_version": "2026-12", "groups": {"sex": "female"}});
        let (status, _) =
            s.call(Method::PUT, "/api/v1/interview/self-identification", Some(&token), Some(groups)).await;
        assert_eq!(status, StatusCode::NO_CONTENT);
        // A second application of the same person, typed and scored: scores
        // whose evidence quotes the answers, and a recommendation.
        let planner = s
            .post("/api/v1/jobs", &admin, job_body(s.store.job(chicago).await.expect("job").department_id, "Planner"))
            .await;
        let planner = planner["id"].as_i64().expect("job id");
        let (same, _, planner_token) = invited(&s, &admin, planner, NAME, EMAIL).await;
        assert_eq!(same, candidate, "the same candidate applies again");
        let scored = take_interview(&s, &planner_token, ANSWER).await;
        s.wait_scored(scored).await;
        let (other, _, other_token) = invited(&s, &admin, chicago, "Other Person", "other@example.com").await;

        // The export: every row and the recording.
        let response = s
            .http
            .get(format!("{}/api/v1/candidates/{candidate}/export", s.base))
            .bearer_auth(&admin)
            .send()
            .await
            .expect("export");
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(response.headers()["content-type"], "application/gzip");
        let bundle = response.bytes().await.expect("bundle");
        let mut archive = tar::Archive::new(flate2::read::GzDecoder::new(&bundle[..]));
        let (mut document, mut media) = (String::new(), Vec::new());
        for entry in archive.entries().expect("entries") {
            let mut entry = entry.expect("entry");
            let path = entry.path().expect("path").display().to_string();
            let mut bytes = Vec::new();
            entry.read_to_end(&mut bytes).expect("read entry");
            if path == "candidate.json" {
                document = String::from_utf8(bytes).expect("utf-8");
            } else if path.starts_with("media/") {
                media.push(bytes);
            }
        }
        let exported: Value = serde_json::from_str(&document).expect("JSON");
        assert_eq!(exported["tables"]["candidates"][0]["email"], EMAIL, "{}", db.name);
        assert!(document.contains(NAME) && document.contains("marmalade-line"), "{}", db.name);
        assert_eq!(exported["tables"]["candidate_demographics"][0]["value"], "female");
        assert_eq!(
            exported["tables"]["consents"].as_array().map(Vec::len),
            Some(3),
            "{}",
            exported["tables"]["consents"]
        );
        assert_eq!(media, std::slice::from_ref(&recording), "{}: the recording is in the bundle", db.name);
        assert_eq!(exported["tables"]["applications"].as_array().map(Vec::len), Some(2));
        assert_eq!(exported["tables"]["recommendations"][0]["session_id"], scored, "{}", db.name);
        assert!(
            exported["tables"]["dimension_scores"][0]["score"].is_f64(),
            "{}",
            exported["tables"]["dimension_scores"]
        );

        let mut answered = 0;
        for session in s.store.candidate_sessions(candidate).await.expect("sessions") {
            answered += s.store.answers(session).await.expect("answers").len() as u64;
        }
        // The vector the host kept of an answer (rubric-semantic's, by the
        // text's hash) goes with it; another text's stays.
        let kept =
            [(panel::store::text_hash(ANSWER), vec![0.6, 0.8]), (panel::store::text_hash("another"), vec![1.0, 0.0])];
        s.store.save_vectors("e5@1", &kept).await.expect("vectors");
        // HR erases on request: a receipt of counts, and nothing left.
        let (status, receipt) =
            s.call(Method::POST, &format!("/api/v1/candidates/{candidate}/erasure"), Some(&admin), None).await;
        assert_eq!(status, StatusCode::OK, "{receipt}");
        assert_eq!(receipt["rows"]["candidates"], 1, "{}: {receipt}", db.name);
        assert!(
            receipt["rows"]["answers"].as_u64() == Some(answered) && receipt["files"].as_u64() >= Some(1),
            "{receipt}"
        );
        assert!(receipt["rows"]["dimension_scores"].as_u64() >= Some(1), "{receipt}");
        assert_eq!(
            (receipt["rows"]["recommendations"].as_u64(), receipt["rows"]["applications"].as_u64()),
            (Some(1), Some(2))
        );
        assert!(!receipt.to_string().contains("Zebulon"), "the receipt names nobody");
        assert_eq!(receipt["rows"]["embeddings"], 1, "{}: {receipt}", db.name);
        let left = s.store.vectors(None, &[kept[0].0.clone(), kept[1].0.clone()]).await.expect("vectors");
        assert_eq!(left.keys().collect::<Vec<_>>(), [&kept[1].0], "{}: the answer's vector is erased", db.name);
        assert_eq!(s.store.candidate(candidate).await.map(|c| c.id).ok(), None);
        let (status, _) = s.call(Method::GET, "/api/v1/interview", Some(&token), None).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{}: the link still works", db.name);
        let phone = format!("555 {:04}", EMAIL.len() * 37 % 10_000);
        for needle in [NAME, EMAIL, "marmalade-line", phone.as_str()] {
            if let Some(dir) = db.sqlite_dir() {
                let found = found_in_files(dir, needle.as_bytes());
                assert!(found.is_empty(), "{needle:?} is still in {found:?}");
            } else {
                let found = found_in_postgres(&db, needle).await;
                assert!(found.is_empty(), "{needle:?} is still in {found:?}");
            }
            assert!(found_in_files(s.media.path(), needle.as_bytes()).is_empty(), "{needle:?} in the media dir");
        }
        assert!(found_in_files(s.media.path(), &recording[..64]).is_empty(), "{}: the recording is left", db.name);
        assert!(s.store.candidate(other).await.is_ok(), "someone else was erased");
        let trail = s.store.audit_trail(&format!("candidate:{candidate}")).await.expect("trail");
        assert!(trail.iter().any(|e| e.action == "candidate.erase"), "{trail:?}");
        // The organisation still reads the erased candidate's trail, from its own chain.
        let trail = s.get(&format!("/api/v1/audit?subject=candidate:{candidate}"), &admin).await;
        let actions: Vec<&str> =
            trail.as_array().expect("entries").iter().filter_map(|e| e["action"].as_str()).collect();
        assert!(actions.contains(&"candidate.erase"), "{}: {actions:?}", db.name);
        audit_holds(&db).await;

        // A legal hold refuses HR's erasure and holds the candidate's own request.
        let (status, _) = s
            .call(
                Method::PUT,
                &format!("/api/v1/candidates/{other}/legal-hold"),
                Some(&admin),
                Some(json!({"reason": "case 9"})),
            )
            .await;
        assert_eq!(status, StatusCode::OK);
        let (status, refused) =
            s.call(Method::POST, &format!("/api/v1/candidates/{other}/erasure"), Some(&admin), None).await;
        assert_eq!((status, &refused["error"]["code"]), (StatusCode::CONFLICT, &json!("legal-hold")), "{refused}");
        let (status, pending) = s.call(Method::POST, "/api/v1/interview/erasure", Some(&other_token), None).await;
        assert_eq!((status, &pending["completed"]), (StatusCode::ACCEPTED, &json!(false)), "{pending}");
        assert_eq!(pending["due_at"].as_i64(), Some(START_MS + 30 * DAY), "Illinois: within 30 days");
        let request = pending["request_id"].as_i64().expect("request id");
        assert!(s.store.candidate(other).await.is_ok());
        s.call(Method::DELETE, &format!("/api/v1/candidates/{other}/legal-hold"), Some(&admin), None).await;
        let report = eraser(&s).purge_due(s.engine.now_ms()).await.expect("purge");
        assert_eq!(report.erased, [other], "{}: {report:?}", db.name);
        let receipt = s.store.erasure_receipt(request).await.expect("receipt").expect("completed");
        assert_eq!(receipt["rows"]["candidates"], 1, "{receipt}");

        // The candidate's own request, with no hold, is done at once.
        let (third, _, third_token) = invited(&s, &admin, chicago, "Third Person", "third@example.com").await;
        let (status, done) = s.call(Method::POST, "/api/v1/interview/erasure", Some(&third_token), None).await;
        assert_eq!((status, &done["completed"]), (StatusCode::OK, &json!(true)), "{done}");
        assert!(s.store.candidate(third).await.is_err());
        audit_holds(&db).await;
    }
}

//! Encryption at rest (docs/compliance.md), on SQLite and PostgreSQL:
//! candidates created and imported through the API leave no name, email,
//! phone or resume text in clear in the raw SQLite files or PostgreSQL's
//! tables, yet read back whole; importing by the same email (any case) or
//! external reference finds the existing candidate; a wrong or missing
//! master key stops the start with a clear error; erasure destroys the
//! candidate's key; lifecycle events' payloads, answers and the evidence
//! quoting them are sealed too and read back whole; rows stored before encryption are sealed on the
//! next start, once.

use std::sync::Arc;

use panel::crypto::MasterKey;
use panel::store::{KeySource, NewCandidate, Store};
use panel_e2e::api::{TestServer, job_body, take_interview};
use panel_e2e::db::{TestDb, databases, sqlite};
use reqwest::{Method, StatusCode};
use serde_json::json;
use sqlx::Row;

use crate::privacy::{found_in_files, found_in_postgres};

const NAME: &str = "Zebulon Quartermaine";
const EMAIL: &str = "zebulon.q@example.org";
const PHONE: &str = "+1 312 555 0199";
const RESUME: &str = "Forklift lead at Quimbyfield Logistics";
const IMPORTED_NAME: &str = "Ottoline Vasquez";
const IMPORTED_EMAIL: &str = "ottoline.v@example.net";
const IMPORTED_PHONE: &str = "+44 20 7946 0321";

/// Whether `needle` is anywhere in the database's raw storage: the SQLite
/// files' bytes (the database and its write-ahead log), or PostgreSQL's rows
/// as text.
async fn stored_in_clear(db: &TestDb, needle: &str) -> Vec<String> {
    match db.sqlite_dir() {
        Some(dir) => found_in_files(dir, needle.as_bytes()),
        None => found_in_postgres(db, needle).await,
    }
}

async fn job(s: &TestServer, admin: &str) -> i64 {
    let region = json!({"kind": "region", "name": "Midwest", "policy": {"pack": "default"}});
    let mut unit = s.post("/api/v1/org/units", admin, region).await["id"].as_i64().expect("region id");
    for kind in ["branch", "department"] {
        let body = json!({"kind": kind, "name": format!("Midwest {kind}"), "parent_id": unit});
        unit = s.post("/api/v1/org/units", admin, body).await["id"].as_i64().expect("unit id");
    }
    let department = unit;
    s.post("/api/v1/jobs", admin, job_body(department, "Supervisor")).await["id"].as_i64().expect("job id")
}

async fn import(s: &TestServer, admin: &str, job: i64, csv: &str) -> serde_json::Value {
    let path = format!("/api/v1/jobs/{job}/candidates/import");
    let (status, report) = s.raw(Method::POST, &path, Some(admin), "text/csv", csv.to_owned()).await;
    assert_eq!(status, StatusCode::OK, "{report}");
    report
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn candidates_personal_fields_are_sealed_and_still_matched() {
    for db in databases().await {
        let s = TestServer::start(&db).await;
        let (_, admin) = s.bootstrap("Acme", "admin@acme.example").await;
        let job = job(&s, &admin).await;
        let body = json!({"name": NAME, "email": EMAIL, "phone": PHONE, "resume_text": RESUME});
        let added = s.post(&format!("/api/v1/jobs/{job}/candidates"), &admin, body).await;
        let candidate = added["candidate_id"].as_i64().expect("candidate id");
        let csv = format!("name,email,phone,external_ref\n{IMPORTED_NAME},{IMPORTED_EMAIL},{IMPORTED_PHONE},ats-77\n");
        let report = import(&s, &admin, job, &csv).await;
        assert_eq!(report["created"], 1, "{report}");

        // Read back whole, through the API and in the job's list.
        let view = s.get(&format!("/api/v1/candidates/{candidate}"), &admin).await;
        assert_eq!(
            (&view["name"], &view["email"], &view["phone"], &view["resume_text"]),
            (&json!(NAME), &json!(EMAIL), &json!(PHONE), &json!(RESUME)),
            "{}: {view}",
            db.name
        );
        let list = s.get(&format!("/api/v1/jobs/{job}/applications"), &admin).await;
        let names: Vec<&str> =
            list.as_array().expect("list").iter().filter_map(|a| a["candidate_name"].as_str()).collect();
        assert_eq!(names, [NAME, IMPORTED_NAME], "{}", db.name);

        // The same person again: by email in another case (no reference),
        // and by the reference with another address.
        let again = format!("name,email\nZ. Quartermaine,{}\n", EMAIL.to_uppercase());
        let report = import(&s, &admin, job, &again).await;
        assert_eq!((&report["created"], &report["existing"]), (&json!(0), &json!(1)), "{}: {report}", db.name);
        let moved = "name,email,external_ref\nO. Vasquez,new.address@example.net,ats-77\n";
        let report = import(&s, &admin, job, moved).await;
        assert_eq!((&report["created"], &report["existing"]), (&json!(0), &json!(1)), "{}: {report}", db.name);

        for needle in [NAME, EMAIL, PHONE, RESUME, IMPORTED_NAME, IMPORTED_EMAIL, IMPORTED_PHONE, "Quartermaine"] {
            let found = stored_in_clear(&db, needle).await;
            assert!(found.is_empty(), "{}: {needle:?} is stored in clear in {found:?}", db.name);
        }
        // The columns hold sealed values, not blanks.
        let row = sqlx::query("SELECT name, email, phone, email_hash FROM candidates WHERE id = $1")
            .bind(candidate)
            .fetch_one(db.store.pool())
            .await
            .expect("row");
        for column in ["name", "email", "phone"] {
            let value: String = row.get(column);
            assert!(value.starts_with("enc1:"), "{}: {column} = {value:?}", db.name);
        }
        assert_eq!(row.get::<String, _>("email_hash").len(), 64);
    }
}

/// A lifecycle event names the candidate for its connectors and notifiers
/// (name, email, phone): its payload is sealed at rest like the candidate's
/// row, and a receiver that claims its delivery gets it whole. The reason
/// typed for the move is sealed too.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn event_payloads_are_sealed_and_opened_for_their_receivers() {
    for db in databases().await {
        let s = TestServer::start(&db).await;
        let (_, admin) = s.bootstrap("Acme", "admin@acme.example").await;
        let job = job(&s, &admin).await;
        let body = json!({"name": NAME, "email": EMAIL, "phone": PHONE});
        let added = s.post(&format!("/api/v1/jobs/{job}/candidates"), &admin, body).await;
        let application = added["application"]["id"].as_i64().expect("application id");
        let path = format!("/api/v1/applications/{application}/stage");
        let moved = json!({"to": "rejected", "reason": "the role was filled"});
        let (status, transition) = s.call(Method::POST, &path, Some(&admin), Some(moved)).await;
        assert_eq!(status, StatusCode::OK, "{}: {transition}", db.name);
        let event_id = transition["event_id"].as_str().expect("the move's event").to_owned();

        for needle in [NAME, EMAIL, PHONE, "the role was filled"] {
            let found = stored_in_clear(&db, needle).await;
            assert!(found.is_empty(), "{}: {needle:?} is stored in clear in {found:?}", db.name);
        }
        let moves = db.store.transitions(application).await.expect("the moves");
        assert_eq!(moves[0].reason, "the role was filled", "{}: the typed reason reads back", db.name);
        let stored: String = sqlx::query_scalar("SELECT payload FROM lifecycle_events WHERE id = $1")
            .bind(&event_id)
            .fetch_one(db.store.pool())
            .await
            .expect("the event's row");
        assert!(stored.starts_with("enc1:"), "{}: payload stored as {stored:?}", db.name);

        let (kind, payload) = db.store.event(&event_id).await.expect("the event");
        assert_eq!(kind, "candidate.rejected", "{}", db.name);
        assert_eq!(payload["candidate"]["email"], EMAIL, "{}: {payload}", db.name);

        // A delivery of it, as a connector bound to the job would have.
        sqlx::query(
            "INSERT INTO deliveries (event_seq, plugin_id, plugin_kind, candidate_id, organisation_id, state, \
             attempts, next_attempt_at) \
             SELECT seq, 'connector-hris', 'connector', candidate_id, organisation_id, 'pending', 0, 0 \
             FROM lifecycle_events WHERE id = $1",
        )
        .bind(&event_id)
        .execute(db.store.pool())
        .await
        .expect("a delivery");
        let claimed = db.store.claim_deliveries("worker-1", i64::MAX / 4, i64::MAX / 2, 10).await.expect("claim");
        assert_eq!(claimed.len(), 1, "{}", db.name);
        let payload: serde_json::Value = serde_json::from_str(&claimed[0].payload).expect("a JSON payload");
        assert_eq!(
            (&payload["candidate"]["name"], &payload["candidate"]["phone"]),
            (&json!(NAME), &json!(PHONE)),
            "{}: {payload}",
            db.name
        );

        // A payload as an older Panel left it, in clear, is sealed on the next start.
        let Some(dir) = db.sqlite_dir() else { continue };
        sqlx::query("UPDATE lifecycle_events SET payload = $1 WHERE id = $2")
            .bind(payload.to_string())
            .bind(&event_id)
            .execute(db.store.pool())
            .await
            .expect("the payload in clear");
        let restarted = Store::open_data_dir(dir).await.expect("the start that seals");
        let stored: String = sqlx::query_scalar("SELECT payload FROM lifecycle_events WHERE id = $1")
            .bind(&event_id)
            .fetch_one(restarted.pool())
            .await
            .expect("the event's row");
        assert!(stored.starts_with("enc1:"), "left in clear after a start: {stored:?}");
        assert_eq!(restarted.event(&event_id).await.expect("the event").1, payload);
    }
}

/// What a candidate says in their interview is sealed too: answer texts,
/// and the evidence and explanations rubrics quote from them; the report
/// and the scores read back whole.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn answers_and_the_evidence_quoting_them_are_sealed_and_read_back_whole() {
    const ANSWER: &str = "When the Xandrovia shipment was late I called the customer, rearranged our loading plan \
                          with my team, and we delivered two days early.";
    for db in databases().await {
        let s = TestServer::start(&db).await;
        let (_, admin) = s.bootstrap("Acme", "admin@acme.example").await;
        let job = job(&s, &admin).await;
        let body = json!({"name": NAME, "email": EMAIL});
        let added = s.post(&format!("/api/v1/jobs/{job}/candidates"), &admin, body).await;
        let application = added["application"]["id"].as_i64().expect("application id");
        let link = s.post(&format!("/api/v1/applications/{application}/invitations"), &admin, json!({})).await;
        let session = take_interview(&s, link["token"].as_str().expect("token"), ANSWER).await;
        s.wait_scored(session).await;

        let scored = s.store.scored_session(session).await.expect("the scored session");
        assert!(!scored.answers.is_empty() && scored.answers.iter().all(|a| a.answer.text == ANSWER), "{}", db.name);
        assert!(scored.scores.iter().any(|s| !s.score.explanation.is_empty()), "{}: no explanations", db.name);
        let report = s.get(&format!("/api/v1/sessions/{session}/report"), &admin).await;
        assert!(report.to_string().contains("Xandrovia shipment"), "{}: the report lost the answer", db.name);

        let found = stored_in_clear(&db, "Xandrovia").await;
        assert!(found.is_empty(), "{}: the answer is stored in clear in {found:?}", db.name);
        let raw: Vec<(String, String, String)> = sqlx::query(
            "SELECT a.text, d.evidence, d.explanation FROM answers a JOIN dimension_scores d ON d.answer_id = a.id \
             WHERE a.session_id = $1",
        )
        .bind(session)
        .fetch_all(db.store.pool())
        .await
        .expect("rows")
        .iter()
        .map(|r| (r.get(0), r.get(1), r.get(2)))
        .collect();
        assert!(!raw.is_empty(), "{}", db.name);
        for (text, evidence, explanation) in &raw {
            for value in [text, evidence, explanation] {
                assert!(value.starts_with("enc1:"), "{}: stored as {value:?}", db.name);
            }
        }

        // Answers and explanations as an older Panel left them, in clear,
        // are sealed on the next start and read the same.
        let Some(dir) = db.sqlite_dir() else { continue };
        for sql in [
            "UPDATE answers SET text = $1 WHERE session_id = $2",
            "UPDATE dimension_scores SET explanation = $1 \
             WHERE answer_id IN (SELECT id FROM answers WHERE session_id = $2)",
        ] {
            sqlx::query(sql).bind(ANSWER).bind(session).execute(db.store.pool()).await.expect("in clear");
        }
        let restarted = Store::open_data_dir(dir).await.expect("the start that seals");
        assert!(stored_in_clear(&db, "Xandrovia").await.is_empty(), "left in clear after a start");
        let answers = restarted.answers(session).await.expect("answers");
        assert!(answers.iter().all(|a| a.answer.text == ANSWER), "{answers:?}");
        let scores = restarted.scores(session).await.expect("scores");
        assert!(scores.iter().all(|s| s.score.explanation == ANSWER), "the explanations did not read back");
    }
}

/// Erasure deletes the candidate's data key with their rows: a sealed value
/// of theirs kept somewhere no longer has a key that opens it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn erasure_destroys_the_candidates_key() {
    for db in databases().await {
        let s = TestServer::start(&db).await;
        let (_, admin) = s.bootstrap("Acme", "admin@acme.example").await;
        let job = job(&s, &admin).await;
        let body = json!({"name": NAME, "email": EMAIL, "phone": PHONE});
        let candidate =
            s.post(&format!("/api/v1/jobs/{job}/candidates"), &admin, body).await["candidate_id"].as_i64().expect("id");
        let keys = |id: i64| {
            let pool = db.store.pool().clone();
            async move {
                sqlx::query("SELECT COUNT(*) FROM candidate_keys WHERE candidate_id = $1")
                    .bind(id)
                    .fetch_one(&pool)
                    .await
                    .expect("count")
                    .get::<i64, _>(0)
            }
        };
        assert_eq!(keys(candidate).await, 1, "{}", db.name);
        let (status, receipt) =
            s.call(Method::POST, &format!("/api/v1/candidates/{candidate}/erasure"), Some(&admin), None).await;
        assert_eq!(status, StatusCode::OK, "{receipt}");
        assert_eq!(receipt["rows"]["candidate_keys"], 1, "{}: {receipt}", db.name);
        assert_eq!(keys(candidate).await, 0, "{}: the key outlived the erasure", db.name);
    }
}

fn person(name: &str, email: &str) -> NewCandidate {
    NewCandidate { name: name.into(), email: email.into(), phone: PHONE.into(), ..NewCandidate::default() }
}

/// SQLite's embedded default keeps its key in the data directory; a start
/// with another key, or without the file, fails and says why.
#[tokio::test]
async fn a_wrong_or_missing_master_key_is_refused_at_start() {
    let dir = tempfile::tempdir().expect("dir");
    let store = Store::open_data_dir(dir.path()).await.expect("first start");
    let organisation = store.create_organisation("Acme").await.expect("organisation");
    let (id, _) = store.create_candidate(organisation, &person(NAME, EMAIL)).await.expect("candidate");
    store.pool().close().await;
    drop(store);
    let key_file = dir.path().join("master.key");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = std::fs::metadata(&key_file).expect("key file").permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "the key file is readable by others: {mode:o}");
    }
    let right = std::fs::read(&key_file).expect("key");

    std::fs::write(&key_file, MasterKey::generate().expect("key").to_base64().as_bytes()).expect("another key");
    let error = Store::open_data_dir(dir.path()).await.expect_err("started with another key").to_string();
    assert!(error.contains("does not match this database"), "{error}");
    std::fs::remove_file(&key_file).expect("remove");
    let error = Store::open_data_dir(dir.path()).await.expect_err("started without its key").to_string();
    assert!(error.contains("master key file") && error.contains("missing"), "{error}");
    assert!(!key_file.exists(), "a new key was made for an encrypted database");

    std::fs::write(&key_file, right).expect("the right key back");
    let store = Store::open_data_dir(dir.path()).await.expect("start with the right key");
    assert_eq!(store.candidate(id).await.expect("candidate").email, EMAIL);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_refuses_another_master_key() {
    for db in databases().await {
        let Some(url) = db.postgres_url() else { continue };
        let organisation = db.store.create_organisation("Acme").await.expect("organisation");
        db.store.create_candidate(organisation, &person(NAME, EMAIL)).await.expect("candidate");
        let other = KeySource::Provider(Arc::new(MasterKey::generate().expect("key")));
        let error = Store::open_with(url, other).await.expect_err("opened with another key").to_string();
        assert!(error.contains("does not match this database"), "{error}");
    }
}

/// Candidates stored before encryption (as an older Panel left them) are
/// sealed on the next start, matched by email afterwards, and a further
/// start changes nothing.
#[tokio::test]
async fn rows_stored_before_encryption_are_sealed_on_the_next_start() {
    let db = sqlite().await;
    let dir = db.sqlite_dir().expect("SQLite").to_path_buf();
    let organisation = db.store.create_organisation("Acme").await.expect("organisation");
    for (name, email) in [(NAME, EMAIL), (IMPORTED_NAME, IMPORTED_EMAIL)] {
        sqlx::query(
            "INSERT INTO candidates (organisation_id, name, email, phone, resume_text, resume, created_at) \
             VALUES ($1, $2, $3, $4, $5, '{}', 0)",
        )
        .bind(organisation)
        .bind(name)
        .bind(email)
        .bind(PHONE)
        .bind(RESUME)
        .execute(db.store.pool())
        .await
        .expect("a row as stored before encryption");
    }
    db.store.pool().close().await;

    let store = Store::open_data_dir(&dir).await.expect("the start that seals");
    let sealed: Vec<(i64, String)> = sqlx::query("SELECT id, name FROM candidates ORDER BY id")
        .fetch_all(store.pool())
        .await
        .expect("rows")
        .iter()
        .map(|r| (r.get(0), r.get(1)))
        .collect();
    assert!(sealed.iter().all(|(_, name)| name.starts_with("enc1:")), "{sealed:?}");
    let first = store.candidate(sealed[0].0).await.expect("candidate");
    assert_eq!((first.name.as_str(), first.email.as_str(), first.resume_text.as_str()), (NAME, EMAIL, RESUME));
    let (found, created) = store
        .create_candidate(organisation, &NewCandidate { external_ref: None, ..person("Z.", &EMAIL.to_uppercase()) })
        .await
        .expect("create");
    // create_candidate matches by reference only; the import's email match is
    // checked on the keyed hash the pass wrote.
    assert!(created && found > sealed[1].0);
    let hash: Option<String> = sqlx::query_scalar("SELECT email_hash FROM candidates WHERE id = $1")
        .bind(sealed[0].0)
        .fetch_one(store.pool())
        .await
        .expect("hash");
    let again: Option<String> = sqlx::query_scalar("SELECT email_hash FROM candidates WHERE id = $1")
        .bind(found)
        .fetch_one(store.pool())
        .await
        .expect("hash");
    assert_eq!(hash, again, "the sealed row's email hash differs from a new row's for the same address");
    store.pool().close().await;
    drop(store);

    let store = Store::open_data_dir(&dir).await.expect("a further start");
    let after: Vec<(i64, String)> = sqlx::query("SELECT id, name FROM candidates WHERE id <= $1 ORDER BY id")
        .bind(sealed[1].0)
        .fetch_all(store.pool())
        .await
        .expect("rows")
        .iter()
        .map(|r| (r.get(0), r.get(1)))
        .collect();
    assert_eq!(after, sealed, "a sealed value was sealed again");
    for needle in [NAME, EMAIL, PHONE, RESUME] {
        let found = found_in_files(&dir, needle.as_bytes());
        assert!(found.is_empty(), "{needle:?} is still stored in clear in {found:?}");
    }
}

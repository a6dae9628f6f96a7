//! Recorded answers over the API: chunks appended at the server's offset
//! (409 with that offset otherwise, an identical re-send accepted once), the
//! size and SHA-256 checked on completion, the recording usable in the
//! answer only by its own candidate, for its own question, with recording
//! consented.

use panel_e2e::api::{TestServer, job_body};
use panel_e2e::db::{databases, sqlite};
use panel_e2e::{STRONG_EN, WEAK_EN};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

/// Invites a candidate to a new job; returns the link token and the application.
pub(crate) async fn invite(server: &TestServer, admin: &str, name: &str) -> (String, i64) {
    let mut parent = None;
    for (kind, unit) in [("region", "East"), ("branch", "Suzhou"), ("department", name)] {
        let body = json!({"kind": kind, "name": format!("{unit} {name}"), "parent_id": parent});
        parent = Some(server.post("/api/v1/org/units", admin, body).await["id"].as_i64().expect("unit id"));
    }
    let job = server.post("/api/v1/jobs", admin, job_body(parent.expect("a department"), "Supervisor")).await;
    let job = job["id"].as_i64().expect("job id");
    let email = format!("{}@example.com", name.to_lowercase());
    let added =
        server.post(&format!("/api/v1/jobs/{job}/candidates"), admin, json!({"name": name, "email": email})).await;
    let application = added["application"]["id"].as_i64().expect("application id");
    let invited = server.post(&format!("/api/v1/applications/{application}/invitations"), admin, json!({})).await;
    (invited["token"].as_str().expect("a link token").to_owned(), application)
}

/// Starts the interview; returns the current question's id.
pub(crate) async fn start(server: &TestServer, token: &str, recording: bool) -> String {
    let (status, body) = server
        .call(
            Method::POST,
            "/api/v1/interview/start",
            Some(token),
            Some(json!({"consent": true, "consent_recording": recording})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body["current"]["id"].as_str().expect("a question").to_owned()
}

async fn create(server: &TestServer, token: &str, question: &str) -> (StatusCode, Value) {
    let body = json!({"question_id": question, "content_type": "video/webm"});
    server.call(Method::POST, "/api/v1/interview/uploads", Some(token), Some(body)).await
}

/// Sends a chunk at `start` with `Content-Range`; returns the status, the
/// `Upload-Offset` header (when there is one) and the body.
async fn put_chunk(server: &TestServer, token: &str, id: &str, start: u64, chunk: &[u8]) -> (u16, Option<u64>, Value) {
    let end = start + chunk.len() as u64 - 1;
    let response = server
        .http
        .put(format!("{}/api/v1/interview/uploads/{id}", server.base))
        .bearer_auth(token)
        .header("content-type", "application/octet-stream")
        .header("content-range", format!("bytes {start}-{end}/*"))
        .body(chunk.to_vec())
        .send()
        .await
        .expect("the server answers");
    let status = response.status().as_u16();
    let offset = response.headers().get("upload-offset").and_then(|v| v.to_str().ok()).and_then(|v| v.parse().ok());
    (status, offset, response.json().await.expect("a JSON body"))
}

/// The partial file of upload `id`, wherever its session's folder is.
fn partial_file(server: &TestServer, id: &str) -> std::path::PathBuf {
    let uploads = server.media.path().join("uploads");
    std::fs::read_dir(&uploads)
        .expect("the uploads' folder")
        .flatten()
        .map(|session| session.path().join(format!("{id}.part")))
        .find(|path| path.exists())
        .expect("the upload's partial file")
}

async fn complete(server: &TestServer, token: &str, id: &str, bytes: usize, sha256: &str) -> (StatusCode, Value) {
    let path = format!("/api/v1/interview/uploads/{id}/complete");
    server.call(Method::POST, &path, Some(token), Some(json!({"total_bytes": bytes, "sha256": sha256}))).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_recording_uploads_in_chunks_resumes_and_becomes_the_answers_media() {
    let db = sqlite().await;
    let server = TestServer::start(&db).await;
    let (_, admin) = server.bootstrap("Acme", "admin@acme.example").await;
    let (token, application) = invite(&server, &admin, "Li").await;
    let question = start(&server, &token, true).await;
    let recording = webm((0..10_000u32).map(|i| (i * 7 % 251) as u8).collect());

    let (status, created) = create(&server, &token, &question).await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    let id = created["id"].as_str().expect("an upload id").to_owned();
    assert_eq!(created["offset"], 0);

    assert_eq!(put_chunk(&server, &token, &id, 0, &recording[..4000]).await.0, 200);
    // What has arrived is sealed as it arrives, not kept in clear until the end.
    let partial = partial_file(&server, &id);
    let stored = std::fs::read(&partial).expect("the partial upload");
    assert!(stored.starts_with(panel::crypto::PART_MAGIC), "the partial upload is not sealed");
    assert!(!stored.windows(64).any(|w| w == &recording[1000..1064]), "a stretch of the partial upload in clear");
    // One an older server kept in clear is sealed on the next start, and resumes the same.
    std::fs::write(&partial, &recording[..4000]).expect("the partial upload in clear");
    let media = panel::api::MediaFiles::new(server.media.path().to_path_buf());
    assert_eq!(media.seal_plaintext(&server.store).await.expect("sealing"), 1);
    assert!(std::fs::read(&partial).expect("read").starts_with(panel::crypto::PART_MAGIC), "left in clear");
    // The same chunk again (its answer was lost): accepted, nothing doubled.
    let (status, offset, _) = put_chunk(&server, &token, &id, 0, &recording[..4000]).await;
    assert_eq!((status, offset), (200, Some(4000)));
    // A chunk past the server's offset: 409, with where to send from.
    let (status, offset, refused) = put_chunk(&server, &token, &id, 6000, &recording[6000..]).await;
    assert_eq!((status, offset), (409, Some(4000)), "{refused}");
    assert_eq!(refused["error"]["code"], "wrong-offset");
    // A different chunk at an offset already written is no re-send.
    let (status, offset, _) = put_chunk(&server, &token, &id, 0, &[0; 10]).await;
    assert_eq!((status, offset), (409, Some(4000)));
    // Resuming reads the offset, then sends the rest (here with `?offset=`).
    let resume = server.get(&format!("/api/v1/interview/uploads/{id}"), &token).await;
    assert_eq!(resume["offset"], 4000);
    let (status, sent) = server
        .raw(
            Method::PUT,
            &format!("/api/v1/interview/uploads/{id}?offset=4000"),
            Some(&token),
            "application/octet-stream",
            recording[4000..].to_vec(),
        )
        .await;
    assert_eq!((status, &sent["offset"]), (StatusCode::OK, &json!(10_000)), "{sent}");

    let sha = hex_sha256(&recording);
    let (status, refused) = complete(&server, &token, &id, 9_999, &sha).await;
    assert_eq!((status, refused["error"]["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("total_bytes")));
    let (status, refused) = complete(&server, &token, &id, 10_000, &hex_sha256(b"other")).await;
    assert_eq!((status, refused["error"]["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("sha256")));
    let (status, done) = complete(&server, &token, &id, 10_000, &sha).await;
    assert_eq!(status, StatusCode::OK, "{done}");
    let media_ref = done["media_ref"].as_str().expect("a media_ref").to_owned();

    // The answer with its recording and no text: stored with the reference.
    let answer = json!({"question_id": question, "text": "", "think_time_ms": 1000, "duration_ms": 5000,
        "media_ref": media_ref});
    let (status, accepted) = server.call(Method::POST, "/api/v1/interview/answers", Some(&token), Some(answer)).await;
    assert_eq!(status, StatusCode::OK, "{accepted}");
    let session = server.store.sessions_of_application(application).await.expect("sessions")[0].id;
    let stored = server.store.answers(session).await.expect("answers");
    assert_eq!(stored[0].media_ref.as_deref(), Some(media_ref.as_str()));
    assert_eq!(stored[0].answer.text, "");
    // Kept sealed under the candidate's key: none of its bytes in clear.
    let file = server.media.path().join(format!("answers/{session}/{id}.webm"));
    let stored = std::fs::read(&file).expect("the recording's file");
    assert!(panel::crypto::is_sealed_media(&stored), "the recording is kept in clear");
    assert!(!stored.windows(64).any(|w| w == &recording[1000..1064]), "a stretch of the recording in clear");
    let parts: Vec<_> = std::fs::read_dir(server.media.path().join(format!("uploads/{session}")))
        .expect("the uploads' folder")
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "part"))
        .collect();
    assert!(parts.is_empty(), "the upload's plaintext outlived its completion: {parts:?}");
    let trail = server.store.audit_trail(&format!("session:{session}")).await.expect("audit trail");
    assert!(trail.iter().any(|e| e.action == "recording.upload-complete"), "{trail:?}");
    // Nothing more can be added to a completed recording.
    assert_eq!(put_chunk(&server, &token, &id, 10_000, b"x").await.0, 409);

    // Staff play it back from the report: whole, or the range a player asks for.
    let report = server.get(&format!("/api/v1/sessions/{session}/report"), &admin).await;
    assert_eq!(report["items"][0]["recording"], json!(id));
    let path = format!("/api/v1/sessions/{session}/recordings/{id}");
    let whole = server.http.get(format!("{}{path}", server.base)).bearer_auth(&admin).send().await.expect("play");
    assert_eq!(whole.status(), StatusCode::OK);
    assert_eq!(whole.headers()["content-type"], "video/webm");
    // Media only: never sniffed, never rendered as a page when opened directly.
    assert_eq!(whole.headers()["x-content-type-options"], "nosniff");
    assert_eq!(whole.headers()["content-disposition"], "attachment");
    assert_eq!(whole.bytes().await.expect("the body").to_vec(), recording);
    let part = server
        .http
        .get(format!("{}{path}", server.base))
        .bearer_auth(&admin)
        .header("range", "bytes=100-199")
        .send()
        .await
        .expect("a range");
    assert_eq!(part.status(), StatusCode::PARTIAL_CONTENT);
    assert_eq!(part.bytes().await.expect("the range").to_vec(), recording[100..200].to_vec());
    let trail = server.store.audit_trail(&format!("session:{session}")).await.expect("audit trail");
    assert_eq!(trail.iter().filter(|e| e.action == "recording.play").count(), 2, "every play is audited");
    // A recording an older server kept in clear is sealed on the next start, and plays the same.
    std::fs::write(&file, &recording).expect("the recording in clear");
    let media = panel::api::MediaFiles::new(server.media.path().to_path_buf());
    assert_eq!(media.seal_plaintext(&server.store).await.expect("sealing"), 1);
    assert!(panel::crypto::is_sealed_media(&std::fs::read(&file).expect("file")), "left in clear");
    assert_eq!(media.seal_plaintext(&server.store).await.expect("sealing again"), 0);
    let again = server.http.get(format!("{}{path}", server.base)).bearer_auth(&admin).send().await.expect("play");
    assert_eq!(again.bytes().await.expect("the body").to_vec(), recording);

    // Not the candidate's own token, not an unknown id, not HR of another department.
    let (status, _) = server.call(Method::GET, &path, Some(&token), None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let unknown = format!("/api/v1/sessions/{session}/recordings/{}", "0".repeat(32));
    assert_eq!(server.call(Method::GET, &unknown, Some(&admin), None).await.0, StatusCode::NOT_FOUND);
    let elsewhere = server.post("/api/v1/org/units", &admin, json!({"kind": "region", "name": "West"})).await;
    let body = json!({"email": "hr.west@example.com", "name": "HR West", "password": "a long enough password",
        "role": "hr", "unit_id": elsewhere["id"]});
    server.post("/api/v1/users", &admin, body).await;
    let hr_west = server.login("hr.west@example.com", "a long enough password").await;
    let (status, refused) = server.call(Method::GET, &path, Some(&hr_west), None).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{refused}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn recording_without_the_recording_consent_is_refused() {
    let db = sqlite().await;
    let server = TestServer::start(&db).await;
    let (_, admin) = server.bootstrap("Acme", "admin@acme.example").await;
    let (token, _) = invite(&server, &admin, "Li").await;
    let question = start(&server, &token, false).await;
    let (status, refused) = create(&server, &token, &question).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{refused}");
    assert_eq!(refused["error"]["field"], "consent_recording");
    let answer = json!({"question_id": question, "text": "typed", "think_time_ms": 1000, "duration_ms": 5000,
        "media_ref": format!("upload:{}", "a".repeat(32))});
    let (status, refused) = server.call(Method::POST, "/api/v1/interview/answers", Some(&token), Some(answer)).await;
    assert_eq!((status, refused["error"]["field"].as_str()), (StatusCode::FORBIDDEN, Some("media_ref")));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_upload_is_checked_as_declared_and_unreachable_for_another_candidate() {
    let db = sqlite().await;
    let server = TestServer::start(&db).await;
    let (_, admin) = server.bootstrap("Acme", "admin@acme.example").await;
    let (mine, _) = invite(&server, &admin, "Li").await;
    let (theirs, _) = invite(&server, &admin, "Wang").await;
    let question = start(&server, &mine, true).await;
    let their_question = start(&server, &theirs, true).await;

    // What may be declared.
    let body = json!({"question_id": question, "content_type": "text/html"});
    let (status, refused) = server.call(Method::POST, "/api/v1/interview/uploads", Some(&mine), Some(body)).await;
    assert_eq!((status, refused["error"]["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("content_type")));
    let body = json!({"question_id": question, "content_type": "video/webm", "total_bytes": 201u64 * 1024 * 1024});
    let (status, refused) = server.call(Method::POST, "/api/v1/interview/uploads", Some(&mine), Some(body)).await;
    assert_eq!((status, refused["error"]["field"].as_str()), (StatusCode::PAYLOAD_TOO_LARGE, Some("total_bytes")));
    let (status, refused) = create(&server, &mine, "not-the-current-question").await;
    assert_eq!((status, refused["error"]["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("question_id")));
    // A declared size is a limit on the chunks.
    let body = json!({"question_id": question, "content_type": "audio/webm", "total_bytes": 4});
    let (_, small) = server.call(Method::POST, "/api/v1/interview/uploads", Some(&mine), Some(body)).await;
    let small = small["id"].as_str().expect("an upload id");
    assert_eq!(put_chunk(&server, &mine, small, 0, b"12345").await.0, 413);

    let (_, created) = create(&server, &mine, &question).await;
    let id = created["id"].as_str().expect("an upload id").to_owned();
    assert_eq!(put_chunk(&server, &mine, &id, 0, MY_RECORDING).await.0, 200);
    let sha = hex_sha256(MY_RECORDING);

    // Another candidate cannot read, extend, complete or use it.
    let (status, _) = server.call(Method::GET, &format!("/api/v1/interview/uploads/{id}"), Some(&theirs), None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = server
        .raw(
            Method::PUT,
            &format!("/api/v1/interview/uploads/{id}?offset=12"),
            Some(&theirs),
            "application/octet-stream",
            b"!".to_vec(),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(complete(&server, &theirs, &id, 12, &sha).await.0, StatusCode::NOT_FOUND);
    let (status, done) = complete(&server, &mine, &id, 12, &sha).await;
    assert_eq!(status, StatusCode::OK, "{done}");
    let answer = json!({"question_id": their_question, "text": "", "think_time_ms": 1000, "duration_ms": 5000,
        "media_ref": done["media_ref"]});
    let (status, refused) = server.call(Method::POST, "/api/v1/interview/answers", Some(&theirs), Some(answer)).await;
    assert_eq!((status, refused["error"]["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("media_ref")));
    // Nor by the candidate themself for another question.
    let answer = json!({"question_id": "another", "text": "", "think_time_ms": 1000, "duration_ms": 5000,
        "media_ref": done["media_ref"]});
    let (status, refused) = server.call(Method::POST, "/api/v1/interview/answers", Some(&mine), Some(answer)).await;
    assert_eq!((status, refused["error"]["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("media_ref")));
    // Without a Content-Range or an offset, a chunk is refused by name.
    let (status, refused) = server
        .raw(
            Method::PUT,
            &format!("/api/v1/interview/uploads/{id}"),
            Some(&mine),
            "application/octet-stream",
            b"x".to_vec(),
        )
        .await;
    assert_eq!((status, refused["error"]["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("offset")));
}

/// Twelve bytes that start as WebM does.
const MY_RECORDING: &[u8] = b"\x1a\x45\xdf\xa3recorded";

/// `bytes` made to start as a WebM file does (the EBML magic number), as
/// the server checks on completion.
pub(crate) fn webm(mut bytes: Vec<u8>) -> Vec<u8> {
    bytes[..4].copy_from_slice(&[0x1a, 0x45, 0xdf, 0xa3]);
    bytes
}

pub(crate) fn hex_sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// Answers `question` (with `media_ref` when given); returns the next question's id.
pub(crate) async fn answer(
    server: &TestServer,
    token: &str,
    question: &str,
    media_ref: Option<&str>,
) -> Option<String> {
    let body = json!({"question_id": question, "text": "I planned the shifts and we met the target.",
        "think_time_ms": 1000, "duration_ms": 5000, "media_ref": media_ref});
    let (status, accepted) = server.call(Method::POST, "/api/v1/interview/answers", Some(token), Some(body)).await;
    assert_eq!(status, StatusCode::OK, "{accepted}");
    accepted["next"]["id"].as_str().map(str::to_owned)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn recordings_no_answer_uses_are_removed_as_soon_as_that_is_known() {
    let db = sqlite().await;
    let server = TestServer::start(&db).await;
    let (_, admin) = server.bootstrap("Acme", "admin@acme.example").await;
    let (token, application) = invite(&server, &admin, "Zhao").await;
    let media = panel::api::MediaFiles::new(server.media.path().to_path_buf());
    let bytes = webm((0..3000u32).map(|i| (i % 253) as u8).collect());
    let upload = |question: String| {
        let (server, token, bytes) = (&server, &token, &bytes);
        async move {
            let (status, created) = create(server, token, &question).await;
            assert_eq!(status, StatusCode::CREATED, "{created}");
            let id = created["id"].as_str().expect("an id").to_owned();
            assert_eq!(put_chunk(server, token, &id, 0, &bytes[..1000]).await.0, 200);
            id
        }
    };
    let first = start(&server, &token, true).await;
    let session = server.store.sessions_of_application(application).await.expect("sessions")[0].id;
    let uploads = server.media.path().join(format!("uploads/{session}"));
    let answers = server.media.path().join(format!("answers/{session}"));
    let gone = |paths: Vec<std::path::PathBuf>| async move {
        for _ in 0..200 {
            if paths.iter().all(|p| !p.exists()) {
                return;
            }
            tokio::time::sleep(std::time::Duration::from_millis(10)).await;
        }
        panic!("still there: {paths:?}");
    };

    // The first answer is sent with its recording: it stays.
    let kept = upload(first.clone()).await;
    assert_eq!(put_chunk(&server, &token, &kept, 1000, &bytes[1000..]).await.0, 200);
    let (status, done) = complete(&server, &token, &kept, bytes.len(), &hex_sha256(&bytes)).await;
    assert_eq!(status, StatusCode::OK, "{done}");
    let second = answer(&server, &token, &first, done["media_ref"].as_str()).await.expect("a second question");
    // The second question's recording is completed, but the answer goes
    // without it: removed once the answer is in.
    let unused = upload(second.clone()).await;
    assert_eq!(put_chunk(&server, &token, &unused, 1000, &bytes[1000..]).await.0, 200);
    let (status, _) = complete(&server, &token, &unused, bytes.len(), &hex_sha256(&bytes)).await;
    assert_eq!(status, StatusCode::OK);
    let third = answer(&server, &token, &second, None).await.expect("a third question");
    gone(vec![answers.join(format!("{unused}.webm"))]).await;
    // The third is recorded twice: the new take supersedes the one still uploading.
    let first_take = upload(third.clone()).await;
    assert!(uploads.join(format!("{first_take}.part")).exists());
    let second_take = upload(third.clone()).await;
    gone(vec![uploads.join(format!("{first_take}.part"))]).await;
    // The answer goes without the recording: its take goes too.
    let fourth = answer(&server, &token, &third, None).await.expect("a fourth question");
    gone(vec![uploads.join(format!("{second_take}.part"))]).await;

    // A take still uploading when the interview ends is removed by the sweep.
    let cut_off = upload(fourth).await;
    assert_eq!(
        media.sweep(&server.store).await.expect("a sweep"),
        panel::api::Swept::default(),
        "nothing while it runs"
    );
    assert!(uploads.join(format!("{cut_off}.part")).exists());
    let (status, _) = server.call(Method::POST, "/api/v1/interview/finish", Some(&token), None).await;
    assert_eq!(status, StatusCode::OK);
    let swept = media.sweep(&server.store).await.expect("a sweep");
    assert_eq!(swept, panel::api::Swept { partial: 1, unused: 0 });
    gone(vec![uploads.join(format!("{cut_off}.part")), uploads.join(format!("{cut_off}.json"))]).await;
    assert!(answers.join(format!("{kept}.webm")).exists(), "the answer's recording stays");
    assert!(uploads.join(format!("{kept}.json")).exists());
    // What was given up on earlier leaves no trace once the interview is over.
    for take in [&unused, &first_take, &second_take] {
        assert!(!uploads.join(format!("{take}.json")).exists(), "{take}'s description is removed");
    }

    let trail = server.store.audit_trail(&format!("session:{session}")).await.expect("audit trail");
    let mut discarded: Vec<&str> =
        trail.iter().filter(|e| e.action == "recording.discarded").map(|e| e.detail.as_str()).collect();
    discarded.sort_unstable();
    assert_eq!(discarded, ["partial", "partial", "superseded", "unused"], "{trail:?}");
}

/// Uploads `bytes` whole as the recording of `question`; returns its `media_ref`.
pub(crate) async fn recorded(server: &TestServer, token: &str, question: &str, bytes: &[u8]) -> String {
    let (status, created) = create(server, token, question).await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    let id = created["id"].as_str().expect("an upload id");
    assert_eq!(put_chunk(server, token, id, 0, bytes).await.0, 200);
    let (status, done) = complete(server, token, id, bytes.len(), &hex_sha256(bytes)).await;
    assert_eq!(status, StatusCode::OK, "{done}");
    done["media_ref"].as_str().expect("a media_ref").to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_recorded_answer_waits_for_its_transcript_and_is_scored_once_it_is_written() {
    for db in databases().await {
        let server = TestServer::start(&db).await;
        let (_, admin) = server.bootstrap("Acme", "admin@acme.example").await;
        let (token, application) = invite(&server, &admin, "Sun").await;
        let first = start(&server, &token, true).await;
        let second = answer(&server, &token, &first, None).await.expect("a behavioural question");
        let media_ref = recorded(&server, &token, &second, &webm(vec![7; 2048])).await;
        // Spoken, with a few typed notes beside the recording.
        let notes = json!({"question_id": second, "text": "shift plan, target met", "think_time_ms": 3000,
            "duration_ms": 90_000, "media_ref": media_ref});
        let (status, accepted) =
            server.call(Method::POST, "/api/v1/interview/answers", Some(&token), Some(notes.clone())).await;
        assert_eq!(status, StatusCode::OK, "{}: {accepted}", db.name);
        let mut next = accepted["next"]["id"].as_str().map(str::to_owned);
        while let Some(question) = next {
            next = answer(&server, &token, &question, None).await;
        }
        let session = server.store.sessions_of_application(application).await.expect("sessions")[0].id;

        // Not scored on the notes: not when it finished, not after a restart, not on request.
        assert_eq!(panel::api::score_pending(&server.engine).await, 0, "{}", db.name);
        let (status, refused) =
            server.call(Method::POST, &format!("/api/v1/sessions/{session}/score"), Some(&admin), None).await;
        assert_eq!((status, refused["error"]["code"].as_str()), (StatusCode::CONFLICT, Some("awaiting-transcripts")));
        let report = server.get(&format!("/api/v1/sessions/{session}/report"), &admin).await;
        assert_eq!(report["awaiting_transcripts"], 1, "{}: {report}", db.name);
        assert_eq!(report["recommendation"], Value::Null);
        assert_eq!(report["items"][1]["awaiting_transcript"], true);
        assert_eq!(report["items"][0]["awaiting_transcript"], false, "typed answers need none");
        let recorded_answer = report["items"][1]["answer_id"].as_i64().expect("the answer's id");
        let typed_answer = report["items"][0]["answer_id"].as_i64().expect("the answer's id");
        let dashboard = server.get("/api/v1/dashboard", &admin).await;
        assert_eq!(dashboard["awaiting_transcript"]["count"], 1, "{}: {dashboard}", db.name);
        assert_eq!(dashboard["awaiting_transcript"]["items"][0]["session_id"], session);
        assert_eq!(dashboard["awaiting_review"]["count"], 0);

        // Refused: HR of another unit, a typed answer, no words, an unknown answer.
        let west = server.post("/api/v1/org/units", &admin, json!({"kind": "region", "name": "West"})).await;
        let body = json!({"email": "hr.west@example.com", "name": "HR West", "password": "a long enough password",
            "role": "hr", "unit_id": west["id"]});
        server.post("/api/v1/users", &admin, body).await;
        let hr_west = server.login("hr.west@example.com", "a long enough password").await;
        let path = |answer: i64| format!("/api/v1/sessions/{session}/answers/{answer}/transcript");
        let put = |token: &str, answer: i64, text: &str| {
            let (server, path, token) = (&server, path(answer), token.to_owned());
            let body = json!({"text": text});
            async move { server.call(Method::PUT, &path, Some(&token), Some(body)).await }
        };
        assert_eq!(put(&hr_west, recorded_answer, STRONG_EN).await.0, StatusCode::FORBIDDEN);
        let (status, refused) = put(&admin, typed_answer, STRONG_EN).await;
        assert_eq!((status, refused["error"]["code"].as_str()), (StatusCode::CONFLICT, Some("not-recorded")));
        let (status, refused) = put(&admin, recorded_answer, "   ").await;
        assert_eq!((status, refused["error"]["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("text")));
        assert_eq!(put(&admin, 999_999, STRONG_EN).await.0, StatusCode::NOT_FOUND);
        assert!(server.store.recommendation(session).await.expect("read").is_none(), "{}", db.name);

        // Written: the transcript is the answer, the notes are kept, the interview is scored.
        let (status, written) = put(&admin, recorded_answer, STRONG_EN).await;
        assert_eq!(status, StatusCode::OK, "{}: {written}", db.name);
        assert_eq!(written["awaiting_transcripts"], 0);
        let first_composite = written["recommendation"]["composite"].as_f64().expect("scored");
        let stored = server.store.answers(session).await.expect("answers");
        assert_eq!(stored[1].answer.text, STRONG_EN);
        assert!(stored[1].answer.transcribed);
        assert_eq!(stored[1].notes.as_deref(), Some("shift plan, target met"));
        let report = server.get(&format!("/api/v1/sessions/{session}/report"), &admin).await;
        assert_eq!(
            (report["awaiting_transcripts"].as_u64(), report["items"][1]["awaiting_transcript"].as_bool()),
            (Some(0), Some(false))
        );
        assert_eq!(report["items"][1]["notes"], "shift plan, target met");
        assert!(
            report["items"][1]["scores"].as_array().is_some_and(|s| !s.is_empty()),
            "the transcript is scored: {}",
            report["items"][1]
        );

        // Corrected: scored again on the new words, the candidate's notes untouched.
        let (status, corrected) = put(&admin, recorded_answer, WEAK_EN).await;
        assert_eq!(status, StatusCode::OK, "{}: {corrected}", db.name);
        let second_composite = corrected["recommendation"]["composite"].as_f64().expect("scored again");
        assert!(second_composite < first_composite, "{}: {second_composite} < {first_composite}", db.name);
        let stored = server.store.answers(session).await.expect("answers");
        assert_eq!(
            (stored[1].answer.text.as_str(), stored[1].notes.as_deref()),
            (WEAK_EN, Some("shift plan, target met"))
        );
        let trail = server.store.audit_trail(&format!("session:{session}")).await.expect("audit trail");
        let scored: Vec<&str> =
            trail.iter().filter(|e| e.action == "session.score").map(|e| e.detail.as_str()).collect();
        assert_eq!(scored.len(), 2, "{}: scored on the last transcript and on its correction: {scored:?}", db.name);
        assert_eq!(Some(scored[1]), corrected["recommendation"]["decision"].as_str(), "{}", db.name);
        let written: Vec<&str> =
            trail.iter().filter(|e| e.action == "answer.transcribe").map(|e| e.detail.as_str()).collect();
        let expected = format!("answer:{recorded_answer}");
        assert_eq!(written, [expected.as_str(); 2], "{}: no words in the trail", db.name);
        assert_eq!(server.get("/api/v1/dashboard", &admin).await["awaiting_transcript"]["count"], 0);

        // The candidate's retry of that answer, as first sent, is still recognised.
        let (status, replayed) =
            server.call(Method::POST, "/api/v1/interview/answers", Some(&token), Some(notes)).await;
        assert_eq!(status, StatusCode::OK, "{}: {replayed}", db.name);
    }
}

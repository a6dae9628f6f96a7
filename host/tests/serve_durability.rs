//! `panel serve` killed with SIGKILL mid-work: after a restart nothing the
//! server acknowledged is missing and nothing is duplicated. The real
//! binary, the real plugins and the embedded SQLite database.

use crate::support::plugins_dir;
use crate::support::server::{Client, Server};
use reqwest::StatusCode;
use serde_json::{Value, json};

const ANSWER: &str = "At the time our line missed its target. My task was to find the bottleneck. I measured every \
                      station, moved two people and changed the changeover, and as a result output rose 18 percent.";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn answers_acknowledged_before_a_sigkill_survive_it_once() {
    let root = tempfile::tempdir().expect("temp dir");
    plugins_dir(root.path());
    let server = Server::start(root.path());
    let admin = Client::login(&server).await;
    // The server holds its data directory against restores.
    let lock = std::fs::File::open(root.path().join("data/serve.lock")).expect("the serving lock");
    assert!(matches!(lock.try_lock(), Err(std::fs::TryLockError::WouldBlock)), "the server does not hold its lock");
    drop(lock);
    let job = admin.job().await;
    let added = admin
        .ok(&format!("/api/v1/jobs/{job}/candidates"), Some(json!({"name": "Li Na", "email": "li@example.com"})))
        .await;
    let application = added["application"]["id"].as_i64().expect("application");
    let link = admin.ok(&format!("/api/v1/applications/{application}/invitations"), Some(json!({}))).await["token"]
        .as_str()
        .expect("token")
        .to_owned();
    let (_, started) =
        admin.send("/api/v1/interview/start", &link, Some(json!({"consent": true}))).await.expect("start");
    let mut current = started["current"].clone();
    let mut acknowledged = Vec::new();
    let submission =
        |q: &Value| json!({"question_id": q["id"], "text": ANSWER, "think_time_ms": 4000, "duration_ms": 50000});
    for _ in 0..3 {
        let (status, accepted) =
            admin.send("/api/v1/interview/answers", &link, Some(submission(&current))).await.expect("answer");
        assert_eq!(status, StatusCode::OK, "{accepted}");
        acknowledged.push(current["id"].as_str().expect("id").to_owned());
        current = accepted["next"].clone();
    }
    // The fourth answer is in flight when the process dies.
    let in_flight = submission(&current);
    let sender = {
        let (http, base, link, body) = (admin.http.clone(), admin.base.clone(), link.clone(), in_flight.clone());
        tokio::spawn(async move {
            http.post(format!("{base}/api/v1/interview/answers")).bearer_auth(link).json(&body).send().await
        })
    };
    tokio::time::sleep(std::time::Duration::from_millis(2)).await;
    server.kill();
    let fourth_acknowledged = matches!(sender.await.expect("joined"), Ok(r) if r.status() == StatusCode::OK);

    let server = Server::start(root.path());
    let admin = Client::login(&server).await;
    let (_, status) = admin.send("/api/v1/interview", &link, None).await.expect("status after restart");
    let answered = status["answered"].as_u64().expect("answered") as usize;
    assert!(answered >= acknowledged.len() + usize::from(fourth_acknowledged), "{status}");
    // Retrying the in-flight answer is safe whether or not it was stored.
    let (code, retried) = admin.send("/api/v1/interview/answers", &link, Some(in_flight)).await.expect("retry");
    assert_eq!(code, StatusCode::OK, "{retried}");
    assert_eq!(retried["replayed"], json!(answered > acknowledged.len()), "{retried}");
    let (_, finished) = admin.send("/api/v1/interview/finish", &link, Some(json!({}))).await.expect("finish");
    assert_eq!(finished["answered"], json!(acknowledged.len() + 1), "{finished}");
    let sessions = admin.ok(&format!("/api/v1/applications/{application}/sessions"), None).await;
    let session = sessions[0]["id"].as_i64().expect("session");
    let report = admin.ok(&format!("/api/v1/sessions/{session}/report"), None).await;
    let answered_ids: Vec<&str> = report["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter(|i| i["answer"].is_object())
        .filter_map(|i| i["question"]["id"].as_str())
        .collect();
    for id in &acknowledged {
        assert_eq!(answered_ids.iter().filter(|a| *a == id).count(), 1, "{id} is in the report once: {answered_ids:?}");
    }
    assert_eq!(answered_ids.len(), acknowledged.len() + 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bulk_import_cut_by_sigkill_loses_and_duplicates_nothing() {
    let root = tempfile::tempdir().expect("temp dir");
    plugins_dir(root.path());
    let server = Server::start(root.path());
    let admin = Client::login(&server).await;
    let job = admin.job().await;
    const ROWS: usize = 3000;
    let mut csv = String::from("name,email,external_ref\n");
    for i in 0..ROWS {
        csv.push_str(&format!("Candidate {i},c{i}@example.com,ats-{i}\n"));
    }
    let import = format!("{}/api/v1/jobs/{job}/candidates/import", admin.base);
    let sender = {
        let (http, url, token, body) = (admin.http.clone(), import.clone(), admin.token.clone(), csv.clone());
        tokio::spawn(async move {
            http.post(url).bearer_auth(token).header("content-type", "text/csv").body(body).send().await
        })
    };
    // Kill once some rows are in but (almost certainly) not all.
    let applications = format!("/api/v1/jobs/{job}/applications");
    for _ in 0..2000 {
        let count = admin.ok(&applications, None).await.as_array().map_or(0, Vec::len);
        if count >= 50 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    }
    server.kill();
    let finished = matches!(sender.await.expect("joined"), Ok(r) if r.status() == StatusCode::OK);

    let server = Server::start(root.path());
    let admin = Client::login(&server).await;
    let kept = admin.ok(&applications, None).await.as_array().map_or(0, Vec::len);
    assert!(kept >= 50, "rows committed before the kill are kept ({kept})");
    assert!(finished || kept < ROWS, "the kill came mid-import");
    // The same file again: the kept rows are found, the rest created, none twice.
    let report = admin.import_csv(job, csv).await;
    assert_eq!(report["existing"], json!(kept), "{}", report["existing"]);
    assert_eq!(report["created"], json!(ROWS - kept));
    assert_eq!(report["failed"], json!(0));
    let all = admin.ok(&applications, None).await;
    let all = all.as_array().expect("applications");
    assert_eq!(all.len(), ROWS);
    let candidates: std::collections::HashSet<i64> = all.iter().filter_map(|a| a["candidate_id"].as_i64()).collect();
    assert_eq!(candidates.len(), ROWS, "one candidate per row, none duplicated");
}

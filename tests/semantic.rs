//! Issue 25's semantic rubric end to end: `rubric-semantic` bound at the
//! organisation's scope beside rubric-star, on the host's embeddings (the
//! real e5 model from `cargo xtask models`), interviews taken and scored
//! through HTTP, the report read through HTTP. And the same with no model:
//! scoring still works and says relevance was not judged.

use panel::engine::relevance;
use panel::packages::PluginRegistry;
use panel::store::AuditBy;
use panel_e2e::api::{TestServer, job_body, take_interview};
use panel_e2e::db::{TestDb, sqlite};
use panel_e2e::packages::signed_registry_on;
use panel_e2e::{STRONG_EN, host_embeddings, organisation_wide, runtime, runtime_with_embeddings, test_config};
use serde_json::{Value, json};
use std::sync::Arc;

/// A fluent, well-told story with figures that has nothing to do with work.
const MARATHON_EN: &str = "Last year I set myself the goal of running my first marathon. At the time I could not \
    run ten kilometres without stopping, so my task was to build up my fitness in eight months. I found a training \
    plan, ran four times a week with a long run every Sunday, and tracked my pace and heart rate on my watch. When my \
    knee started to hurt I saw a physio and added strength work twice a week. As a result I finished the race in \
    four hours and twelve minutes, and I have kept running three times a week since.";

const PLUGINS: [&str; 3] = ["bank-core", "rubric-star", "rubric-semantic"];

async fn server(db: &TestDb, registry: Arc<PluginRegistry>, packages: tempfile::TempDir) -> (TestServer, String, i64) {
    let s = TestServer::start_with_registry(db, panel::api::ApiConfig::default(), registry, packages).await;
    let (org, admin) = s.bootstrap("Acme", "admin@acme.example").await;
    let by = AuditBy { actor: "test", origin: "local" };
    s.plugins.bind(org, organisation_wide(org, "rubric-semantic", json!({})), by).await.expect("bind rubric-semantic");
    let region = unit(&s, &admin, "region", "East", None).await;
    let branch = unit(&s, &admin, "branch", "Suzhou", Some(region)).await;
    let dept = unit(&s, &admin, "department", "Assembly", Some(branch)).await;
    let job = s.post("/api/v1/jobs", &admin, job_body(dept, "Supervisor")).await["id"].as_i64().expect("job id");
    (s, admin, job)
}

async fn unit(s: &TestServer, admin: &str, kind: &str, name: &str, parent: Option<i64>) -> i64 {
    s.post("/api/v1/org/units", admin, json!({"kind": kind, "name": name, "parent_id": parent})).await["id"]
        .as_i64()
        .expect("unit id")
}

/// Interviews a new candidate who answers every question with `answer`;
/// returns the report, read through HTTP.
async fn interviewed(s: &TestServer, admin: &str, job: i64, name: &str, answer: &str) -> Value {
    let added = s
        .post(
            &format!("/api/v1/jobs/{job}/candidates"),
            admin,
            json!({"name": name, "email": format!("{}@example.com", name.to_lowercase())}),
        )
        .await;
    let application = added["application"]["id"].as_i64().expect("application id");
    let link = s.post(&format!("/api/v1/applications/{application}/invitations"), admin, json!({})).await;
    let token = link["token"].as_str().expect("link token").to_owned();
    let session = take_interview(s, &token, answer).await;
    s.wait_scored(session).await;
    s.get(&format!("/api/v1/sessions/{session}/report"), admin).await
}

/// The answered items rubric-semantic scored (it judges the kinds of
/// question that ask for a story, not the self-introduction).
fn judged_items(report: &Value) -> Vec<&Value> {
    report["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter(|i| i["scores"].as_array().is_some_and(|s| s.iter().any(|s| s["plugin"]["id"] == "rubric-semantic")))
        .collect()
}

fn relevance_scores(report: &Value) -> Vec<Option<f64>> {
    judged_items(report).iter().map(|i| i["relevance"]["score"].as_f64()).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_off_topic_story_loses_its_credit_and_the_report_says_why() {
    let db = sqlite().await;
    let packages = tempfile::tempdir().expect("packages");
    let registry = signed_registry_on(packages.path(), &PLUGINS, runtime_with_embeddings());
    let (s, admin, job) = server(&db, registry, packages).await;
    let genuine = interviewed(&s, &admin, job, "Genuine", STRONG_EN).await;
    let marathon = interviewed(&s, &admin, job, "Runner", MARATHON_EN).await;

    let (on, off) = (relevance_scores(&genuine), relevance_scores(&marathon));
    assert!(on.len() >= 3 && off.len() == on.len(), "{on:?} {off:?}");
    assert!(on.iter().chain(&off).all(Option::is_some), "every story judged: {on:?} {off:?}");
    let mean = |v: &[Option<f64>]| v.iter().flatten().sum::<f64>() / v.len() as f64;
    assert!(mean(&on) > mean(&off) + 2.0, "the work story is the more relevant: {on:?} vs {off:?}");
    // Relevance is shown beside the scores, with its evidence and an
    // explanation a candidate could read.
    let item = judged_items(&marathon)[0];
    let semantic = item["scores"]
        .as_array()
        .expect("scores")
        .iter()
        .find(|s| s["plugin"]["id"] == "rubric-semantic")
        .unwrap_or_else(|| panic!("a relevance score: {item}"));
    assert_eq!(semantic["dimension"], "relevance");
    assert!(!semantic["evidence"].as_array().expect("evidence").is_empty(), "{semantic}");
    assert!(semantic["explanation"].as_str().expect("explanation").starts_with("Relevance "), "{semantic}");
    assert!(item["relevance"]["credit"].as_f64().expect("credit") < 1.0, "{item}");
    // The same story told to every question is noticed.
    assert!(marathon["items"][1]["retells"].is_string(), "{}", marathon["items"][1]);
    // Relevance governs the composite: the story scores below the genuine answer.
    let composite = |r: &Value| r["recommendation"]["composite"].as_f64().expect("composite");
    assert!(composite(&marathon) < composite(&genuine), "{} vs {}", composite(&marathon), composite(&genuine));
    let reasons = marathon["recommendation"]["reasons"].to_string();
    assert!(reasons.contains("off-topic") || reasons.contains("partly addresses"), "{reasons}");
    assert!(reasons.contains("retells the story"), "{reasons}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_the_model_scoring_works_and_says_relevance_was_not_judged() {
    let db = sqlite().await;
    let packages = tempfile::tempdir().expect("packages");
    let registry = signed_registry_on(packages.path(), &PLUGINS, runtime());
    let (s, admin, job) = server(&db, registry, packages).await;
    let report = interviewed(&s, &admin, job, "Genuine", STRONG_EN).await;
    let judged = relevance_scores(&report);
    assert!(!judged.is_empty() && judged.iter().all(Option::is_none), "{report}");
    let item = judged_items(&report)[0];
    assert_eq!(item["relevance"]["credit"], 1.0, "{item}");
    let explanations = item["relevance"]["explanations"].to_string();
    assert!(explanations.contains("Relevance not judged"), "{explanations}");
    assert!(explanations.contains("no embedding model"), "{explanations}");
    // rubric-star's credit counts in full.
    assert!(report["recommendation"]["composite"].as_f64().expect("composite") > 0.0, "{report}");
}

/// A runtime whose embeddings keep their vectors in `db`: with the host's
/// model, or, `removed`, with none.
fn runtime_keeping_vectors(db: &TestDb, removed: bool) -> panel::runtime::PluginRuntime {
    let embeddings = if removed {
        panel::runtime::HostEmbeddings::unavailable("the model was removed")
    } else {
        panel::runtime::HostEmbeddings::new(host_embeddings().embedder().expect("the host's model"))
    };
    assert!(embeddings.attach_store(Arc::new(db.store.clone())));
    panel::runtime::PluginRuntime::new(panel::runtime::RuntimeConfig {
        embeddings: Some(Arc::new(embeddings)),
        ..test_config()
    })
    .expect("plugin runtime starts")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rescore_reads_the_stored_vectors_and_needs_no_model() {
    let db = sqlite().await;
    let packages = tempfile::tempdir().expect("packages");
    let registry = signed_registry_on(packages.path(), &PLUGINS, runtime_keeping_vectors(&db, false));
    let (s, admin, job) = server(&db, registry, packages).await;
    let first = interviewed(&s, &admin, job, "Runner", MARATHON_EN).await;
    let judged = relevance_scores(&first);
    assert!(!judged.is_empty() && judged.iter().all(Option::is_some), "judged with the model: {judged:?}");
    let kept: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM embeddings").fetch_one(db.store.pool()).await.expect("count");
    assert!(kept > judged.len() as i64, "the answers', questions' and anchors' vectors are kept: {kept}");

    // The same database served by a host whose model is gone: the rescore
    // judges relevance from the stored vectors, exactly as before.
    let packages = tempfile::tempdir().expect("packages");
    let registry = signed_registry_on(packages.path(), &PLUGINS, runtime_keeping_vectors(&db, true));
    let again = TestServer::start_with_registry(&db, panel::api::ApiConfig::default(), registry, packages).await;
    let session = first["session_id"].as_i64().expect("session id");
    again.post(&format!("/api/v1/sessions/{session}/score"), &admin, json!({})).await;
    let rescored = again.get(&format!("/api/v1/sessions/{session}/report"), &admin).await;
    assert_eq!(relevance_scores(&rescored), judged, "{rescored}");
    let composite = |r: &Value| r["recommendation"]["composite"].as_f64().expect("composite");
    assert_eq!(composite(&rescored), composite(&first));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn vectors_are_kept_by_text_hash_on_sqlite_and_postgres() {
    for db in panel_e2e::db::databases().await {
        let store = &db.store;
        let (a, b) = ("a".repeat(64), "b".repeat(64));
        store.save_vectors("e5@1", &[(a.clone(), vec![0.5, -0.25]), (b.clone(), vec![1.0, 0.0])]).await.expect("save");
        let found = store.vectors(Some("e5@1"), &[a.clone(), b.clone(), "c".repeat(64)]).await.expect("read");
        assert_eq!(found.len(), 2, "{}", db.name);
        assert_eq!(found[&a], [0.5, -0.25], "{}", db.name);
        // A new model's vector replaces the old one; without a model, any is read.
        store.save_vectors("e5@2", &[(a.clone(), vec![0.0, 1.0])]).await.expect("replace");
        assert!(store.vectors(Some("e5@1"), std::slice::from_ref(&a)).await.expect("read").is_empty(), "{}", db.name);
        assert_eq!(store.vectors(None, std::slice::from_ref(&a)).await.expect("read")[&a], [0.0, 1.0], "{}", db.name);
    }
}

#[test]
fn the_gate_is_the_engines() {
    // What the report shows is the engine's rule (unit tests: engine::relevance).
    assert_eq!(relevance::credit(relevance::OFF_TOPIC), 0.0);
    assert_eq!(relevance::credit(relevance::RELEVANT), 1.0);
}

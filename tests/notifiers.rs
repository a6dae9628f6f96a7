//! The first-party notifiers as a customer runs them: the built component in
//! a signed package with its committed manifest (its outbound hosts pointed
//! at a local server), switched on for an organisation, driven by the
//! outbox. The local server answers as WeCom, DingTalk and Feishu robots do,
//! and checks each platform's format and signature.

use std::sync::{Arc, Mutex};

use axum::Json;
use axum::extract::{Query, State};
use axum::routing::post;
use base64::Engine as _;
use hmac::{Hmac, Mac};
use panel::engine::{Engine, EngineConfig, ManualClock, MoveReason, OutboxConfig, ScopedPlugins};
use panel::packages::watch::Reloader;
use panel::packages::{Catalog, PluginRegistry, trust};
use panel::pipeline::{Mover, Stage};
use panel::store::{AuditBy, NewCandidate, RegionPolicy};
use panel_e2e::db::databases;
use panel_e2e::packages::{first_party_manifest, package_bytes, vendor};
use panel_e2e::{organisation_wide, organisation_with_job, runtime};
use serde_json::{Value, json};
use sha2::Sha256;

const BY: AuditBy<'static> = AuditBy { actor: "hr@acme.example", origin: "tests/notifiers.rs" };
const START: i64 = 1_800_000_000_000;
const SECRET: &str = "SEC-test-secret";

/// What the robots received, and the result codes still to answer with.
#[derive(Debug, Default)]
struct Robots {
    /// (platform, body) in arrival order.
    posts: Vec<(&'static str, Value)>,
    /// Result codes to answer with before answering 0.
    codes: Vec<i64>,
    /// Signatures that did not check out.
    bad_signatures: usize,
}

type Shared = Arc<Mutex<Robots>>;

fn hmac_base64(key: &[u8], message: &[u8]) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("key");
    mac.update(message);
    base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
}

fn next_code(robots: &mut Robots) -> i64 {
    if robots.codes.is_empty() { 0 } else { robots.codes.remove(0) }
}

async fn robots() -> (u16, Shared) {
    let shared: Shared = Arc::default();
    let app = axum::Router::new()
        .route(
            "/cgi-bin/webhook/send",
            post(|State(r): State<Shared>, Json(body): Json<Value>| async move {
                let mut r = r.lock().expect("lock");
                r.posts.push(("wecom", body));
                let code = next_code(&mut r);
                Json(json!({"errcode": code, "errmsg": if code == 0 { "ok" } else { "api freq out of limit" }}))
            }),
        )
        .route(
            "/robot/send",
            post(
                |State(r): State<Shared>,
                 Query(query): Query<std::collections::HashMap<String, String>>,
                 Json(body): Json<Value>| async move {
                    let mut r = r.lock().expect("lock");
                    // DingTalk: sign = Base64(HMAC(secret, "timestamp\nsecret")), URL-decoded by the query parser.
                    let timestamp = query.get("timestamp").cloned().unwrap_or_default();
                    let expected = hmac_base64(SECRET.as_bytes(), format!("{timestamp}\n{SECRET}").as_bytes());
                    if query.get("sign") != Some(&expected) {
                        r.bad_signatures += 1;
                        return Json(json!({"errcode": 310000, "errmsg": "sign not match"}));
                    }
                    r.posts.push(("dingtalk", body));
                    let code = next_code(&mut r);
                    Json(json!({"errcode": code, "errmsg": if code == 0 { "ok" } else { "send too fast" }}))
                },
            ),
        )
        .route(
            "/open-apis/bot/v2/hook/{id}",
            post(|State(r): State<Shared>, Json(body): Json<Value>| async move {
                let mut r = r.lock().expect("lock");
                // Feishu: sign = Base64(HMAC("timestamp\nsecret", "")).
                let timestamp = body["timestamp"].as_str().unwrap_or_default().to_owned();
                let expected = hmac_base64(format!("{timestamp}\n{SECRET}").as_bytes(), b"");
                if body["sign"].as_str() != Some(expected.as_str()) {
                    r.bad_signatures += 1;
                    return Json(json!({"code": 19021, "msg": "sign match fail or timestamp is not within one hour"}));
                }
                r.posts.push(("feishu", body));
                let code = next_code(&mut r);
                Json(json!({"code": code, "msg": "success", "data": {"message_id": "om_1"}}))
            }),
        )
        .with_state(shared.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let port = listener.local_addr().expect("addr").port();
    tokio::spawn(async move { axum::serve(listener, app).await.expect("serve") });
    (port, shared)
}

/// notify-chat-robot, signed with its committed manifest but its outbound
/// hosts pointed at the local robots, installed and loaded.
fn registry(dir: &std::path::Path, port: u16) -> Arc<PluginRegistry> {
    let (key, mut policy) = vendor();
    let host = format!("127.0.0.1:{port}");
    let committed = first_party_manifest("notify-chat-robot");
    let hosts_line = committed.lines().find(|l| l.starts_with("outbound-hosts")).expect("outbound-hosts");
    let manifest = committed.replace(hosts_line, &format!("outbound-hosts = [\"{host}\"]"));
    policy.grant("notify-chat-robot", &[host.parse().expect("host")], false);
    let catalog = Catalog::new(dir.join("packages"));
    catalog
        .install(&package_bytes("notify-chat-robot", &manifest, Some(&key)), &policy, &runtime(), false)
        .expect("install");
    policy.write(&dir.join(trust::FILE)).expect("policy");
    let registry = Arc::new(PluginRegistry::new());
    let report = Reloader::new(catalog, &dir.join(trust::FILE), runtime(), registry.clone()).reconcile();
    assert!(report.rejected.is_empty(), "{report:?}");
    registry
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn chat_robots_get_notices_in_their_own_format_signed_and_without_links() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (port, server) = robots().await;
    let registry = registry(dir.path(), port);
    for db in databases().await {
        let (organisation, job) = organisation_with_job(&db.store, RegionPolicy::default(), false).await;
        let scoped = Arc::new(ScopedPlugins::new(db.store.clone(), registry.clone()));
        let clock = ManualClock::new(START);
        let engine = Engine::new(db.store.clone(), scoped.clone(), Arc::new(clock.clone()), EngineConfig::default());
        let config = OutboxConfig { first_retry: std::time::Duration::from_secs(1), ..Default::default() };
        let platforms = [
            ("wecom", format!("http://127.0.0.1:{port}/cgi-bin/webhook/send?key=k"), None),
            ("dingtalk", format!("http://127.0.0.1:{port}/robot/send?access_token=t"), Some(SECRET)),
            ("feishu", format!("http://127.0.0.1:{port}/open-apis/bot/v2/hook/abc"), Some(SECRET)),
        ];
        for (i, (platform, webhook, secret)) in platforms.into_iter().enumerate() {
            {
                let mut r = server.lock().expect("lock");
                r.posts.clear();
                // Each robot is rate-limited once: the outbox retries.
                r.codes = vec![match platform {
                    "wecom" => 45009,
                    "dingtalk" => 130_101,
                    _ => 9499,
                }];
            }
            let mut settings = json!({ "platform": platform, "webhook": webhook });
            if let Some(secret) = secret {
                settings["secret"] = json!(secret);
            }
            let bound = scoped
                .bind(organisation, organisation_wide(organisation, "notify-chat-robot", settings), BY)
                .await
                .expect("bind the robot");

            let candidate =
                NewCandidate { name: format!("李娜 {i}"), email: "li.na@example.com".into(), ..Default::default() };
            let (id, _) = db.store.create_candidate(organisation, &candidate).await.expect("candidate");
            let application = db.store.apply(id, job).await.expect("application").id;
            let deliver = || async {
                for _ in 0..4 {
                    while engine.deliver_due("node-a", &config).await.expect("pass").attempted() > 0 {}
                    clock.advance(std::time::Duration::from_secs(5));
                }
            };
            let invited = engine.invite(application, START, START + 24 * 3_600_000, BY).await.expect("invite");
            deliver().await;
            let reason = MoveReason { staff: "internal notes", candidate: "The position has been filled." };
            engine.move_stage(application, Stage::Rejected, Mover::Person, reason, BY).await.expect("reject");
            deliver().await;

            let (bad_signatures, all) = {
                let r = server.lock().expect("lock");
                (r.bad_signatures, r.posts.clone())
            };
            assert_eq!(bad_signatures, 0, "{}: {platform}", db.name);
            let posts: Vec<&Value> = all.iter().filter(|(p, _)| *p == platform).map(|(_, b)| b).collect();
            // The rate-limited post, its retry, and the result.
            assert_eq!(posts.len(), 3, "{}: {platform}: {all:?}", db.name);
            let text = |body: &Value| match platform {
                "wecom" => body["markdown"]["content"].as_str().unwrap_or_default().to_owned(),
                "dingtalk" => body["markdown"]["text"].as_str().unwrap_or_default().to_owned(),
                _ => body["content"]["text"].as_str().unwrap_or_default().to_owned(),
            };
            let invitation = text(posts[1]);
            assert!(invitation.contains(&format!("李娜 {i}")), "{platform}: {invitation}");
            assert!(invitation.contains("Interview invitation sent"), "{platform}: {invitation}");
            for secret_part in [invited.token.as_str(), "http", "li.na@example.com"] {
                assert!(!invitation.contains(secret_part), "{platform}: no link or address in a group: {invitation}");
            }
            let result = text(posts[2]);
            assert!(result.contains("The position has been filled."), "{platform}: {result}");
            assert!(!result.contains("internal notes"), "{platform}: {result}");
            match platform {
                "wecom" => assert_eq!(posts[0]["msgtype"], "markdown"),
                "dingtalk" => assert_eq!(posts[0]["markdown"]["title"], "Interview invitation sent"),
                _ => assert_eq!(posts[0]["msg_type"], "text"),
            }
            let dead = db.store.deliveries(organisation, "dead", 10).await.expect("dead letters");
            assert!(dead.is_empty(), "{}: {platform}: {dead:?}", db.name);
            scoped.unbind(organisation, bound.id, BY).await.expect("unbind");
        }
    }
}

//! Outbox throughput: lifecycle events delivered per second by one worker,
//! through a real connector component to a local HTTP receiver, on SQLite
//! (and PostgreSQL when `PANEL_BENCH_DATABASE_URL` names an empty database).
//!
//! Not a criterion benchmark: one run drains a backlog of 2,000 events and
//! prints the rate, like `http_load`. Run with `cargo xtask bench`, or with
//! `cargo xtask build-plugins` done, `cargo bench -p panel --bench outbox`.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use panel::engine::{Engine, EngineConfig, OutboxConfig, ScopedPlugins, SystemClock};
use panel::packages::watch::Reloader;
use panel::packages::{Catalog, Package, PluginRegistry, Scope, ScopeKind, SecretKey, TrustPolicy, trust};
use panel::pipeline::{Mover, PipelineConfig, Stage};
use panel::runtime::{PluginRuntime, RuntimeConfig};
use panel::store::{AuditBy, NewBinding, NewCandidate, Store};
use semver::VersionReq;

#[allow(dead_code)] // only the job fixture is used here
mod common;

const EVENTS: usize = 2_000;
const BY: AuditBy<'static> = AuditBy { actor: "bench", origin: "bench" };

fn main() {
    // Failed deliveries are logged with their reason.
    let _ = tracing_subscriber::fmt().with_env_filter("panel=warn").with_writer(std::io::stderr).try_init();
    let tokio = tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("tokio");
    tokio.block_on(async {
        let dir = tempfile::tempdir().expect("tempdir");
        let (port, received) = receiver().await;
        let registry = connector(dir.path(), port);
        let store = match std::env::var("PANEL_BENCH_DATABASE_URL") {
            Ok(url) => Store::open(&url).await.expect("PostgreSQL"),
            Err(_) => Store::open_data_dir(&dir.path().join("db")).await.expect("SQLite"),
        };
        let backend = format!("{:?}", store.backend());
        let (org, job) = common::job(&store).await;
        let lean = PipelineConfig {
            screening: false,
            human_rounds: 0,
            background_check: false,
            probation: false,
            ..Default::default()
        };
        store.set_job_pipeline(job, &lean).await.expect("pipeline");
        let scoped = Arc::new(ScopedPlugins::new(store.clone(), registry));
        let binding = NewBinding {
            scope: Scope::new(ScopeKind::Organisation, org),
            plugin_id: "hostile-connector".into(),
            requirement: VersionReq::STAR,
            enabled: true,
            config: serde_json::json!({ "url": format!("http://127.0.0.1:{port}/events") }),
        };
        scoped.bind(org, binding, BY).await.expect("bind");
        let engine = Engine::new(store.clone(), scoped, Arc::new(SystemClock), EngineConfig::default());

        for i in 0..EVENTS {
            let candidate = NewCandidate {
                name: format!("Candidate {i}"),
                email: format!("c{i}@example.com"),
                ..Default::default()
            };
            let (id, _) = store.create_candidate(org, &candidate).await.expect("candidate");
            let application = store.apply(id, job).await.expect("application").id;
            engine.move_stage(application, Stage::AiInterview, Mover::Person, "", BY).await.expect("move");
        }

        let config = OutboxConfig { batch: 64, ..OutboxConfig::default() };
        let started = Instant::now();
        let mut delivered = 0;
        while delivered < EVENTS {
            let pass = engine.deliver_due("bench", &config).await.expect("pass");
            assert_eq!(pass.dead + pass.retrying, 0, "every delivery succeeds (the reason is logged above)");
            delivered += pass.delivered;
        }
        let elapsed = started.elapsed();
        assert_eq!(received.load(Ordering::Relaxed), EVENTS as u64);
        println!(
            "outbox on {backend}: {EVENTS} events delivered in {:.2} s by one worker = {:.0} events/s",
            elapsed.as_secs_f64(),
            EVENTS as f64 / elapsed.as_secs_f64()
        );
    });
}

async fn receiver() -> (u16, Arc<AtomicU64>) {
    let count = Arc::new(AtomicU64::new(0));
    let seen = count.clone();
    let app = axum::Router::new().route(
        "/events",
        // Reads the body, as a real system does (answering before the body is
        // sent closes the stream under the sender).
        axum::routing::post(move |_body: axum::body::Bytes| {
            let seen = seen.clone();
            async move {
                seen.fetch_add(1, Ordering::Relaxed);
                "ok"
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let port = listener.local_addr().expect("addr").port();
    tokio::spawn(async move { axum::serve(listener, app).await.expect("serve") });
    (port, count)
}

/// The hostile-connector test plugin as a signed package granted the
/// receiver's port, loaded.
fn connector(dir: &std::path::Path, port: u16) -> Arc<PluginRegistry> {
    // The test plugins are built beside the first-party ones (`cargo xtask bench` builds both).
    let plugins = std::env::var_os("PANEL_TEST_PLUGIN_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/wasm32-wasip2/plugin"));
    let wasm = plugins.join("hostile_connector.wasm");
    let component = std::fs::read(&wasm).unwrap_or_else(|e| panic!("{}: {e}; run `cargo xtask bench`", wasm.display()));
    let host = format!("127.0.0.1:{port}");
    let manifest = format!(
        "[plugin]\nid = \"hostile-connector\"\nname = \"Bench connector\"\nversion = \"1.0.0\"\nkind = \"connector\"\n\
         api = \"0.1.0\"\nvendor = \"bench\"\n\n[capabilities]\noutbound-hosts = [\"{host}\"]\n"
    )
    .into_bytes();
    let key = SecretKey::generate("bench").expect("key");
    let signature = Some(key.sign_package(&manifest, &component));
    let bytes = Package { manifest, component, signature }.to_bytes().expect("pack");
    let mut policy = TrustPolicy::default();
    policy.trust("bench", key.public());
    policy.grant("hostile-connector", &[host.parse().expect("host")], false);
    policy.write(&dir.join(trust::FILE)).expect("policy");
    let runtime = PluginRuntime::new(RuntimeConfig::default()).expect("runtime");
    let catalog = Catalog::new(dir.join("packages"));
    catalog.install(&bytes, &policy, &runtime, false).expect("install");
    let registry = Arc::new(PluginRegistry::new());
    Reloader::new(catalog, &dir.join(trust::FILE), runtime, registry.clone()).reconcile();
    registry
}

//! Enterprise IT's path, run as a person runs it: `panel plugin new` for a
//! connector and a rubric in Rust, build, pack, sign, trust, install, bind to
//! one department of an organisation `panel serve` is serving; then the
//! server calls them: a real local HTTP server receives Finance's hire, and
//! the rubric scores Finance's interviews.

use std::path::Path;
use std::process::{Command, Output};
use std::sync::{Arc, Mutex};

use axum::extract::State;
use axum::http::HeaderMap;
use axum::routing::post;
use panel::packages::Catalog;
use panel::packages::PluginRegistry;
use panel::packages::watch::Reloader;
use panel::runtime::{PluginRuntime, RuntimeConfig};

use crate::plugin_polyglot::{hires_reach_the_connector, rubric_scores_finance_only, served};
use crate::support::served;

pub(crate) fn panel(args: &[&str], cwd: &Path) -> Output {
    let target = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/plugin-cli-e2e");
    Command::new(env!("CARGO_BIN_EXE_panel"))
        .args(args)
        .current_dir(cwd)
        .env("CARGO_TARGET_DIR", target)
        .env_remove("RUST_LOG")
        .output()
        .expect("panel runs")
}

pub(crate) fn ok(output: Output, what: &str) -> String {
    let out = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(output.status.success(), "{what} failed:\n{out}\n{}", String::from_utf8_lossy(&output.stderr));
    out
}

pub(crate) fn refused(output: Output, what: &str) -> String {
    assert!(!output.status.success(), "{what} should have been refused:\n{}", String::from_utf8_lossy(&output.stdout));
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// `panel plugin pack ID` in `work`: the package's path, relative to `work`.
pub(crate) fn pack(work: &Path, id: &str) -> String {
    let packed = ok(panel(&["plugin", "pack", id], work), "pack");
    assert!(packed.contains(&format!("{id}@0.1.0")), "{packed}");
    format!("{id}/{id}-0.1.0.panelpkg")
}

/// `panel plugin sign PACKAGE --key KEY`.
pub(crate) fn sign(work: &Path, package: &str, key: &str) {
    ok(panel(&["plugin", "sign", package, "--key", key], work), "sign");
}

/// `panel plugin install` into the data directory `data`, granting `host`
/// when given; returns what it printed.
pub(crate) fn install(work: &Path, data: &str, package: &str, host: Option<&str>) -> String {
    let mut args = vec!["plugin", "install", package, "--data-dir", data];
    if let Some(host) = host {
        args.extend(["--grant-host", host]);
    }
    ok(panel(&args, work), "install")
}

/// `panel plugin bind ID --scope SCOPE --requirement ^0.1 --config CONFIG`;
/// returns what it printed.
pub(crate) fn bind(work: &Path, data: &str, id: &str, scope: &str, config: &str) -> String {
    let args =
        ["plugin", "bind", id, "--scope", scope, "--requirement", "^0.1", "--config", config, "--data-dir", data];
    ok(panel(&args, work), "bind")
}

pub(crate) type Received = Arc<Mutex<Vec<(String, String)>>>;

/// A stand-in for a payroll system: records each POST's idempotency key and body.
pub(crate) async fn payroll_server() -> (u16, Received) {
    let received: Received = Arc::default();
    let app = axum::Router::new()
        .route(
            "/events",
            post(|State(seen): State<Received>, headers: HeaderMap, body: String| async move {
                let key = headers.get("idempotency-key").and_then(|v| v.to_str().ok()).unwrap_or("").to_owned();
                seen.lock().expect("lock").push((key, body));
                "EMP-1001"
            }),
        )
        .with_state(received.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let port = listener.local_addr().expect("addr").port();
    tokio::spawn(async move { axum::serve(listener, app).await.expect("serve") });
    (port, received)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_scaffolded_rust_connector_and_rubric_are_built_signed_installed_bound_and_called_by_a_served_organisation() {
    let root = tempfile::tempdir().expect("temp dir");
    let work = root.path();
    let data = work.join("data");
    let data_arg = data.to_str().expect("utf-8 path");
    let (port, received) = payroll_server().await;
    let (_server, admin, org) = served(&data).await;
    let finance = org.finance;

    ok(panel(&["plugin", "new", "acme-payroll", "--kind", "connector"], work), "new");
    let crate_dir = work.join("acme-payroll");
    // The SDK comes with the binary, written into the crate: nothing points
    // back at the tree this panel was built in.
    let cargo_toml = std::fs::read_to_string(crate_dir.join("Cargo.toml")).expect("Cargo.toml");
    assert!(cargo_toml.contains(r#"path = "panel-sdk/panel-plugin-sdk""#), "{cargo_toml}");
    assert!(!cargo_toml.contains(env!("CARGO_MANIFEST_DIR")), "{cargo_toml}");
    assert!(crate_dir.join("panel-sdk/wit/panel-plugin@0.2.0/worlds.wit").is_file());
    assert!(crate_dir.join("panel-sdk/wit/panel-plugin@0.1.0/worlds.wit").is_file(), "the frozen 0.1.0 too");
    let manifest = crate_dir.join("plugin.toml");
    let text = std::fs::read_to_string(&manifest).expect("plugin.toml");
    std::fs::write(&manifest, text.replace("127.0.0.1:8080", &format!("127.0.0.1:{port}"))).expect("edit");

    let built = ok(panel(&["plugin", "build"], &crate_dir), "build");
    assert!(built.contains("acme_payroll.wasm"), "{built}");

    // The harness runs the samples `new` wrote in the sandbox, the connector
    // posting to the mock endpoint the harness starts.
    let tested = ok(panel(&["plugin", "test"], &crate_dir), "test");
    assert!(tested.contains("acme-payroll@0.1.0 (connector"), "{tested}");
    assert!(tested.contains("handle evt-1 (candidate.hired)"), "{tested}");
    assert!(tested.contains("mock endpoint received POST /events"), "{tested}");
    assert!(tested.contains("idempotency-key evt-1"), "{tested}");
    assert!(tested.contains("of the 30000 ms limit"), "{tested}");
    // A sample its configuration schema refuses is named before anything runs.
    let samples = crate_dir.join("samples.toml");
    let original = std::fs::read_to_string(&samples).expect("samples");
    std::fs::write(&samples, original.replace("{mock}/events", "ftp://nowhere")).expect("edit samples");
    let why = refused(panel(&["plugin", "test"], &crate_dir), "a sample breaking the schema");
    assert!(why.contains("breaks plugin.toml's schema"), "{why}");
    std::fs::write(&samples, original).expect("restore samples");
    ok(panel(&["plugin", "keygen", "--name", "Acme IT", "--out", "acme.key"], work), "keygen");
    let package = &pack(work, "acme-payroll");

    // Unsigned, it is refused.
    let why = refused(panel(&["plugin", "install", package, "--data-dir", data_arg], work), "unsigned install");
    assert!(why.contains("is not signed"), "{why}");

    sign(work, package, "acme.key");
    let inspected = ok(panel(&["plugin", "inspect", package, "--data-dir", data_arg], work), "inspect");
    assert!(inspected.contains("kind          connector"), "{inspected}");
    assert!(inspected.contains("panel:plugin/events@0.2.0"), "exports are listed: {inspected}");
    assert!(inspected.contains("panel:plugin/outcomes@0.2.0"), "exports are listed: {inspected}");
    assert!(inspected.contains("valid by \"Acme IT\""), "{inspected}");
    assert!(inspected.contains("not trusted"), "{inspected}");

    // Signed by a key nobody trusts yet.
    let why = refused(panel(&["plugin", "install", package, "--data-dir", data_arg], work), "untrusted install");
    assert!(why.contains("not trusted") && why.contains("panel plugin trust"), "{why}");
    ok(panel(&["plugin", "trust", "acme.key", "--name", "Acme IT", "--data-dir", data_arg], work), "trust");

    // Trusted, but its outbound host is not granted yet.
    let why = refused(panel(&["plugin", "install", package, "--data-dir", data_arg], work), "ungranted install");
    assert!(why.contains(&format!("outbound host 127.0.0.1:{port}")), "{why}");
    let host = format!("127.0.0.1:{port}");
    let installed = install(work, data_arg, package, Some(&host));
    assert!(installed.contains("installed acme-payroll@0.1.0 (connector, signed by Acme IT"), "{installed}");
    let listed = ok(panel(&["plugin", "list", "--data-dir", data_arg], work), "list");
    assert!(listed.contains("acme-payroll") && listed.contains("ok, signed by Acme IT"), "{listed}");

    // A configuration that breaks the schema is refused naming the field.
    let scope = format!("department:{finance}");
    let bad = r#"{"endpoint":"ftp://payroll"}"#;
    let why = refused(
        panel(&["plugin", "bind", "acme-payroll", "--scope", &scope, "--config", bad, "--data-dir", data_arg], work),
        "bad config",
    );
    assert!(why.contains("/endpoint"), "{why}");
    let config = format!(r#"{{"endpoint":"http://127.0.0.1:{port}/events"}}"#);
    let bound = bind(work, data_arg, "acme-payroll", &scope, &config);
    assert!(bound.contains(&format!("acme-payroll is on for department {finance}")), "{bound}");

    // Installing compiled it into the cache the server loads from.
    let runtime =
        PluginRuntime::new(RuntimeConfig { cache_dir: Some(data.join("plugin-cache")), ..Default::default() })
            .expect("runtime");
    let report = Reloader::new(
        Catalog::new(data.join("packages")),
        &data.join("trust.toml"),
        runtime.clone(),
        Arc::new(PluginRegistry::new()),
    )
    .reconcile();
    assert!(report.loaded.contains(&"acme-payroll@0.1.0".to_owned()), "{report:?}");
    assert_eq!(runtime.stats().compiled, 0, "install precompiled it into the cache: {:?}", runtime.stats());

    // The served organisation calls it for Finance's hire, not for Sales'.
    served::loaded(&admin, &["acme-payroll"]).await;
    hires_reach_the_connector(&admin, &org, "acme-payroll", &received).await;

    // A rubric the same way: it scores Finance's interviews.
    ok(panel(&["plugin", "new", "acme-rubric", "--kind", "rubric"], work), "new rubric");
    ok(panel(&["plugin", "build"], &work.join("acme-rubric")), "build rubric");
    let rubric = pack(work, "acme-rubric");
    sign(work, &rubric, "acme.key");
    install(work, data_arg, &rubric, None);
    bind(work, data_arg, "acme-rubric", &scope, "{}");
    served::loaded(&admin, &["acme-rubric"]).await;
    rubric_scores_finance_only(&admin, &org, "acme-rubric").await;

    // Another trusted vendor re-signs the package: the id is Acme IT's, and
    // the grants that follow it are not for another vendor to use.
    ok(panel(&["plugin", "keygen", "--name", "Rival", "--out", "rival.key"], work), "rival keygen");
    ok(panel(&["plugin", "trust", "rival.key", "--name", "Rival", "--data-dir", data_arg], work), "trust rival");
    sign(work, package, "rival.key");
    let why = refused(panel(&["plugin", "install", package, "--force", "--data-dir", data_arg], work), "takeover");
    assert!(why.contains("comes from Rival") && why.contains("belongs to Acme IT"), "{why}");
    assert!(why.contains("panel plugin transfer acme-payroll --to-key ed25519:"), "{why}");
    let transferred = ok(
        panel(&["plugin", "transfer", "acme-payroll", "--to-key", "rival.key", "--data-dir", data_arg], work),
        "transfer",
    );
    assert!(
        transferred.contains("acme-payroll now belongs to Rival") && transferred.contains("was Acme IT"),
        "{transferred}"
    );
    assert!(
        transferred.contains("acme-payroll@0.1.0 shipped by Acme IT"),
        "what stops serving is named: {transferred}"
    );
    let installed = ok(panel(&["plugin", "install", package, "--force", "--data-dir", data_arg], work), "reinstall");
    assert!(installed.contains("replaced acme-payroll@0.1.0") && installed.contains("signed by Rival"), "{installed}");
}

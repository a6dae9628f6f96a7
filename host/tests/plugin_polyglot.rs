//! Plugins in Python and JavaScript, the way an enterprise IT team makes
//! them with nothing but the `panel` binary: `panel plugin new --lang`,
//! `panel plugin build` (which installs componentize-py or ComponentizeJS at
//! pinned versions into the per-user cache on first use), the harness, pack,
//! sign, trust, install and bind to one department of an organisation
//! `panel serve` is serving; then, over HTTP, the server calls them: a rubric
//! scoring an interview in that department (and not in another), a connector
//! posting a hire there to a local server, the delivery recorded as applied.

use std::path::Path;
use std::time::Duration;

use serde_json::Value;

use super::plugin_cli::{Received, bind, install, ok, pack, panel, payroll_server, sign};
use crate::support::first_party_in_data_dir;
use crate::support::served::{self, TwoDepartments};
use crate::support::server::{Client, Server};

/// Whether the registry a toolchain comes from is out of reach: then a
/// failed first install is the network's doing, and the test is skipped.
fn unreachable(registry: &str) -> bool {
    use std::net::ToSocketAddrs;
    let Ok(mut addresses) = (registry, 443).to_socket_addrs() else { return true };
    !addresses.any(|a| std::net::TcpStream::connect_timeout(&a, Duration::from_secs(5)).is_ok())
}

/// `panel plugin new` and `build`; `None` (skip) when the toolchain could
/// not be installed because its registry is out of reach.
fn new_and_build(work: &Path, id: &str, kind: &str, lang: &str, port: u16, registry: &str) -> Option<String> {
    ok(panel(&["plugin", "new", id, "--kind", kind, "--lang", lang], work), "new");
    let dir = work.join(id);
    assert!(dir.join("wit/worlds.wit").is_file(), "the WIT is written beside the plugin");
    let manifest = dir.join("plugin.toml");
    let text = std::fs::read_to_string(&manifest).expect("plugin.toml");
    std::fs::write(&manifest, text.replace("127.0.0.1:8080", &format!("127.0.0.1:{port}"))).expect("edit");
    let output = panel(&["plugin", "build"], &dir);
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        if stderr.contains("is the registry reachable?") && unreachable(registry) {
            eprintln!("SKIPPED: {registry} is out of reach, so the {lang} toolchain cannot be installed:\n{stderr}");
            return None;
        }
    }
    let built = ok(output, "build");
    assert!(built.contains(&format!("build/{id}.wasm")), "{built}");
    Some(built)
}

/// Packs, signs with `acme.key`, installs (granting `host`) and binds to `scope`.
fn ship(work: &Path, data: &str, id: &str, scope: &str, host: Option<&str>, config: &str) {
    let package = pack(work, id);
    sign(work, &package, "acme.key");
    let installed = install(work, data, &package, host);
    assert!(installed.contains(&format!("installed {id}@0.1.0")), "{installed}");
    bind(work, data, id, scope, config);
}

/// The served organisation: `panel serve --data-dir DATA` on the
/// first-party plugins (its first start creates the organisation and its
/// administrator and switches the question bank and rubric on
/// organisation-wide), with Finance and Sales. Started before the vendor's
/// packages are installed, as in use: hot reload loads them.
pub(crate) async fn served(data: &Path) -> (Server, Client, TwoDepartments) {
    first_party_in_data_dir(data);
    let server = Server::start_on_data_dir(data);
    let admin = Client::login(&server).await;
    let org = served::two_departments(&admin).await;
    (server, admin, org)
}

/// Hires a candidate of each department; the connector bound to Finance
/// receives Finance's hire, with its event id as the idempotency key, and
/// the outbox records it applied with the other system's reference; Sales'
/// hire goes to no connector.
pub(crate) async fn hires_reach_the_connector(admin: &Client, org: &TwoDepartments, id: &str, received: &Received) {
    let (sales, _) = served::invited(admin, org.sales_job).await;
    let sales_hire = served::hire(admin, sales).await;
    let (finance, _) = served::invited(admin, org.finance_job).await;
    let finance_hire = served::hire(admin, finance).await;
    let key = finance_hire.as_str();
    let seen = served::until("the hire reaches the payroll server", Duration::from_secs(120), || async move {
        let seen = received.lock().expect("lock").clone();
        seen.iter().any(|(k, _)| k == key).then_some(seen)
    })
    .await;
    assert_eq!(seen.len(), 1, "one POST, for Finance's hire only: {seen:?}");
    assert_ne!(seen[0].0, sales_hire);
    let body: Value = serde_json::from_str(&seen[0].1).expect("JSON body");
    assert_eq!(body["kind"], "candidate.hired");
    assert_eq!(body["job"], org.finance_job.to_string());
    assert_eq!(body["candidate"].as_str().map(str::is_empty), Some(false), "{body}");
    let delivered = served::until("the delivery is recorded", Duration::from_secs(30), || async move {
        let delivered = served::deliveries(admin, "delivered", finance).await;
        (!delivered.is_empty()).then_some(delivered)
    })
    .await;
    assert_eq!(delivered.len(), 1, "{delivered:?}");
    let d = &delivered[0];
    assert_eq!((d["plugin_id"].as_str(), d["event_id"].as_str()), (Some(id), Some(&*finance_hire)), "{d}");
    assert_eq!((d["kind"].as_str(), d["outcome"].as_str()), (Some("candidate.hired"), Some("applied EMP-1001")), "{d}");
    for state in ["pending", "delivered", "dead"] {
        let none = served::deliveries(admin, state, sales).await;
        assert!(none.is_empty(), "Sales' hire is for no connector: {none:?}");
    }
}

/// An interview for Finance's job is scored by the scaffolded rubric `id`
/// (one point per 20 words, saying how many), Sales' by the organisation's
/// rubric alone.
pub(crate) async fn rubric_scores_finance_only(admin: &Client, org: &TwoDepartments, id: &str) {
    let words = ANSWER.split_whitespace().count();
    let (_, report) = served::interview(admin, org.finance_job, ANSWER).await;
    let given = scores_by(&report, id);
    assert!(!given.is_empty(), "{id} scored Finance's interview: {}", report["plugins"]);
    let expected = (words as f64 / 20.0).min(10.0);
    for (score, explanation) in &given {
        assert!((score - expected).abs() < 1e-4, "{words} words score {expected}: {given:?}");
        assert_eq!(*explanation, format!("The answer has {words} words."));
    }
    let (_, report) = served::interview(admin, org.sales_job, ANSWER).await;
    assert!(!scores_by(&report, "rubric-star").is_empty(), "{}", report["plugins"]);
    assert!(scores_by(&report, id).is_empty(), "bound to Finance only: {}", report["plugins"]);
}

/// The scores `plugin` gave in a session report, as (score, explanation).
fn scores_by(report: &Value, plugin: &str) -> Vec<(f64, String)> {
    let items = report["items"].as_array().expect("items");
    let scores = items.iter().flat_map(|i| i["scores"].as_array().into_iter().flatten());
    scores
        .filter(|s| s["plugin"]["id"] == plugin)
        .map(|s| (s["score"].as_f64().expect("score"), s["explanation"].as_str().unwrap_or("").into()))
        .collect()
}

const ANSWER: &str = "Our month-end close kept slipping, so I asked the two teams involved to list what they waited \
                      for from each other. We agreed a shared checklist and a daily ten-minute call, and the close \
                      came in two days earlier the next month.";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn python_connector_and_rubric_are_built_signed_installed_bound_and_called_by_a_served_organisation() {
    let root = tempfile::tempdir().expect("temp dir");
    let work = root.path();
    let data = work.join("data");
    let data_arg = data.to_str().expect("utf-8 path");
    let (port, received) = payroll_server().await;
    let (_server, admin, org) = served(&data).await;
    let host = format!("127.0.0.1:{port}");
    let scope = format!("department:{}", org.finance);

    let Some(_) = new_and_build(work, "acme-py-payroll", "connector", "python", port, "pypi.org") else { return };
    // The harness runs the samples in the sandbox with production limits.
    let tested = ok(panel(&["plugin", "test"], &work.join("acme-py-payroll")), "test");
    assert!(tested.contains("handle evt-1 (candidate.hired)"), "{tested}");
    assert!(tested.contains("mock endpoint received POST /events"), "{tested}");
    assert!(tested.contains("footprint: "), "{tested}");
    // A request the other system refuses is a failure the plugin reports, not a crash.
    let dir = work.join("acme-py-payroll");
    let samples = std::fs::read_to_string(dir.join("samples.toml")).expect("samples");
    std::fs::write(dir.join("down.toml"), samples.replace("{mock}/events", &format!("http://{host}/down")))
        .expect("samples for a path the system lacks");
    let down = panel(&["plugin", "test", "--input", "down.toml", "--component", "build/acme-py-payroll.wasm"], &dir);
    let printed = String::from_utf8_lossy(&down.stdout);
    assert!(
        !down.status.success() && printed.contains("reported `upstream-rejected`: the endpoint answered 404"),
        "{printed}"
    );
    new_and_build(work, "acme-py-rubric", "rubric", "python", port, "pypi.org").expect("the toolchain is installed");

    ok(panel(&["plugin", "keygen", "--name", "Acme IT", "--out", "acme.key"], work), "keygen");
    ok(panel(&["plugin", "trust", "acme.key", "--name", "Acme IT", "--data-dir", data_arg], work), "trust");
    let config = format!(r#"{{"endpoint":"http://{host}/events"}}"#);
    ship(work, data_arg, "acme-py-payroll", &scope, Some(&host), &config);
    ship(work, data_arg, "acme-py-rubric", &scope, None, "{}");
    served::loaded(&admin, &["acme-py-payroll", "acme-py-rubric"]).await;

    rubric_scores_finance_only(&admin, &org, "acme-py-rubric").await;
    hires_reach_the_connector(&admin, &org, "acme-py-payroll", &received).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_javascript_connector_is_built_signed_installed_bound_and_called_by_a_served_organisation() {
    let root = tempfile::tempdir().expect("temp dir");
    let work = root.path();
    let data = work.join("data");
    let data_arg = data.to_str().expect("utf-8 path");
    let (port, received) = payroll_server().await;
    let (_server, admin, org) = served(&data).await;
    let host = format!("127.0.0.1:{port}");

    let id = "acme-js-payroll";
    let Some(_) = new_and_build(work, id, "connector", "javascript", port, "registry.npmjs.org") else { return };
    ok(panel(&["plugin", "keygen", "--name", "Acme IT", "--out", "acme.key"], work), "keygen");
    ok(panel(&["plugin", "trust", "acme.key", "--name", "Acme IT", "--data-dir", data_arg], work), "trust");
    let config = format!(r#"{{"endpoint":"http://{host}/events"}}"#);
    ship(work, data_arg, id, &format!("department:{}", org.finance), Some(&host), &config);
    served::loaded(&admin, &[id]).await;

    hires_reach_the_connector(&admin, &org, id, &received).await;
}

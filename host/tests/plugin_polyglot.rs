//! Plugins in Python and JavaScript, the way an enterprise IT team makes
//! them with nothing but the `panel` binary: `panel plugin new --lang`,
//! `panel plugin build` (which installs componentize-py or ComponentizeJS at
//! pinned versions into the per-user cache on first use), the harness, pack,
//! sign, trust, install and bind to one department; then the real runtime
//! loads them and the host calls them: a connector posting a hire to a local
//! server, a rubric scoring an answer.

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use panel::domain::{Answer, JobProfile, LifecycleEvent, Outcome, Question, QuestionKind};
use panel::engine::{PluginSource, ScopedPlugins};
use panel::packages::watch::Reloader;
use panel::packages::{Catalog, PluginRegistry};
use panel::runtime::{PluginRuntime, RuntimeConfig};
use panel::store::Store;

use super::plugin_cli::{ok, organisation, panel, payroll_server};

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
    ok(panel(&["plugin", "pack", id], work), "pack");
    let package = format!("{id}/{id}-0.1.0.panelpkg");
    ok(panel(&["plugin", "sign", &package, "--key", "acme.key"], work), "sign");
    let mut install = vec!["plugin", "install", &package, "--data-dir", data];
    if let Some(host) = host {
        install.extend(["--grant-host", host]);
    }
    let installed = ok(panel(&install, work), "install");
    assert!(installed.contains(&format!("installed {id}@0.1.0")), "{installed}");
    let args = ["plugin", "bind", id, "--scope", scope, "--config", config, "--data-dir", data];
    ok(panel(&args, work), "bind");
}

/// Loads what is installed the way `panel serve` does.
fn load_installed(data: &Path, store: &Store, expected: &[&str]) -> ScopedPlugins {
    let runtime =
        PluginRuntime::new(RuntimeConfig { cache_dir: Some(data.join("plugin-cache")), ..Default::default() })
            .expect("runtime");
    let registry = Arc::new(PluginRegistry::new());
    let report =
        Reloader::new(Catalog::new(data.join("packages")), &data.join("trust.toml"), runtime.clone(), registry.clone())
            .reconcile();
    let mut loaded = report.loaded.clone();
    loaded.sort();
    assert_eq!(loaded, expected, "{report:?}");
    ScopedPlugins::new(store.clone(), registry)
}

fn hire(job_id: i64) -> LifecycleEvent {
    LifecycleEvent {
        id: "evt-77".into(),
        kind: "candidate.hired".into(),
        candidate_id: "7".into(),
        job_id: job_id.to_string(),
        stage: "onboarding".into(),
        occurred_at: "2026-12-01T08:00:00Z".into(),
        payload: "{}".into(),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn python_connector_and_rubric_are_built_signed_installed_bound_and_called() {
    let root = tempfile::tempdir().expect("temp dir");
    let work = root.path();
    let data = work.join("data");
    let data_arg = data.to_str().expect("utf-8 path");
    let (finance, jobs) = organisation(&data).await;
    let (port, received) = payroll_server().await;
    let host = format!("127.0.0.1:{port}");
    let scope = format!("department:{finance}");

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

    let store = Store::open_data_dir(&data).await.expect("database");
    let scoped = load_installed(&data, &store, &["acme-py-payroll@0.1.0", "acme-py-rubric@0.1.0"]);
    let sales_job = store.job(jobs[1]).await.expect("job");
    assert!(scoped.connectors_for(&sales_job).await.is_empty(), "bound to Finance only");
    assert!(scoped.rubrics_for(&sales_job).await.is_empty(), "bound to Finance only");
    let finance_job = store.job(jobs[0]).await.expect("job");

    let connectors = scoped.connectors_for(&finance_job).await;
    assert_eq!(connectors.len(), 1);
    let outcome = connectors[0].handle(&hire(jobs[0])).await.expect("the connector delivers");
    assert!(matches!(outcome, Outcome::Applied(ref reference) if reference == "EMP-1001"), "{outcome:?}");
    let seen = received.lock().expect("lock").clone();
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].0, "evt-77", "the event id is the idempotency key");
    let body: serde_json::Value = serde_json::from_str(&seen[0].1).expect("JSON body");
    assert_eq!((body["kind"].as_str(), body["job"].as_str()), (Some("candidate.hired"), Some(&*jobs[0].to_string())));

    let rubrics = scoped.rubrics_for(&finance_job).await;
    assert_eq!(rubrics.len(), 1);
    let (question, answer) = question_and_answer(40);
    let scores = rubrics[0].score(&profile(), &question, &answer).await.expect("the rubric scores");
    assert_eq!(scores.len(), 1);
    assert_eq!(scores[0].dimension, "teamwork");
    assert!((scores[0].score - 2.0).abs() < 1e-6, "40 words score 2: {scores:?}");
    assert_eq!(scores[0].explanation, "The answer has 40 words.");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_javascript_connector_is_built_signed_installed_bound_and_called() {
    let root = tempfile::tempdir().expect("temp dir");
    let work = root.path();
    let data = work.join("data");
    let data_arg = data.to_str().expect("utf-8 path");
    let (finance, jobs) = organisation(&data).await;
    let (port, received) = payroll_server().await;
    let host = format!("127.0.0.1:{port}");

    let id = "acme-js-payroll";
    let Some(_) = new_and_build(work, id, "connector", "javascript", port, "registry.npmjs.org") else { return };
    ok(panel(&["plugin", "keygen", "--name", "Acme IT", "--out", "acme.key"], work), "keygen");
    ok(panel(&["plugin", "trust", "acme.key", "--name", "Acme IT", "--data-dir", data_arg], work), "trust");
    let config = format!(r#"{{"endpoint":"http://{host}/events"}}"#);
    ship(work, data_arg, id, &format!("department:{finance}"), Some(&host), &config);

    let store = Store::open_data_dir(&data).await.expect("database");
    let scoped = load_installed(&data, &store, &["acme-js-payroll@0.1.0"]);
    let sales_job = store.job(jobs[1]).await.expect("job");
    assert!(scoped.connectors_for(&sales_job).await.is_empty(), "bound to Finance only");
    let connectors = scoped.connectors_for(&store.job(jobs[0]).await.expect("job")).await;
    assert_eq!(connectors.len(), 1);
    let outcome = connectors[0].handle(&hire(jobs[0])).await.expect("the connector delivers");
    assert!(matches!(outcome, Outcome::Applied(ref reference) if reference == "EMP-1001"), "{outcome:?}");
    let seen = received.lock().expect("lock").clone();
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].0, "evt-77", "the event id is the idempotency key");
    let body: serde_json::Value = serde_json::from_str(&seen[0].1).expect("JSON body");
    assert_eq!(body["candidate"], "7");
}

fn profile() -> JobProfile {
    JobProfile {
        id: "1".into(),
        title: "Finance analyst".into(),
        industry: "internet".into(),
        locale: "en".into(),
        key_role: false,
        dimensions: Vec::new(),
        description: String::new(),
    }
}

fn question_and_answer(words: usize) -> (Question, Answer) {
    let question = Question {
        id: "q1".into(),
        kind: QuestionKind::Behavioural,
        text: "Tell us about working in a team.".into(),
        locale: "en".into(),
        dimensions: vec!["teamwork".into()],
        think_time_secs: 30,
        time_limit_secs: 180,
    };
    let answer = Answer {
        question_id: "q1".into(),
        text: vec!["word"; words].join(" "),
        transcribed: false,
        locale: "en".into(),
        think_time_ms: 3000,
        duration_ms: 60_000,
    };
    (question, answer)
}

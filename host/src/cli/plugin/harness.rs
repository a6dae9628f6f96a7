//! `panel plugin test`: a plugin run against sample inputs in the real
//! sandbox, with the limits a production host gives its kind and the grants
//! its manifest asks for, printing what it returned, its evidence, how long
//! each call took against its time limit, and every failure in the words the
//! host would log. A connector or notifier can be pointed at a local mock
//! endpoint the harness starts (`{mock}` in the configuration). `--watch`
//! builds and runs again whenever the crate, its manifest or the samples
//! change.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use clap::Args;
use serde::Deserialize;

use super::author::{BuildArgs, build};
use crate::domain::{Answer, JobProfile, LifecycleEvent, Message, PlanRequest, Question};
use crate::kinds::{Connector, Notifier, QuestionBank, Rubric};
use crate::packages::Manifest;
use crate::packages::schema::ConfigSchema;
use crate::runtime::{CallLimits, Footprint, HostGrant, LoadedPlugin, PluginKind, PluginRuntime, RuntimeConfig};

#[derive(Debug, Args)]
pub(crate) struct TestArgs {
    /// The plugin crate's directory (holding plugin.toml).
    #[arg(default_value = ".")]
    dir: PathBuf,
    /// The samples to run (TOML or JSON): `config`, and `job`, `plan`,
    /// `questions`, `answers`, `events` or `messages` as the kind needs.
    /// Default: samples.toml in the crate (`panel plugin new` writes one).
    #[arg(long)]
    input: Option<PathBuf>,
    /// Run this component instead of building the crate.
    #[arg(long)]
    component: Option<PathBuf>,
    /// Build and run again whenever the crate's sources, plugin.toml or the
    /// samples change.
    #[arg(long)]
    watch: bool,
}

/// What a samples file holds.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Samples {
    /// The plugin's configuration; the text `{mock}` in a string becomes
    /// the harness's local endpoint (`http://127.0.0.1:PORT`).
    #[serde(default)]
    config: Option<serde_json::Value>,
    job: Option<JobProfile>,
    plan: Option<PlanRequest>,
    #[serde(default)]
    questions: Vec<Question>,
    #[serde(default)]
    answers: Vec<Answer>,
    #[serde(default)]
    events: Vec<LifecycleEvent>,
    #[serde(default)]
    messages: Vec<Message>,
}

pub(crate) async fn test(args: TestArgs) -> anyhow::Result<()> {
    if !args.watch {
        return run_once(&args).await;
    }
    loop {
        if let Err(e) = run_once(&args).await {
            eprintln!("panel: {e:#}");
        }
        println!("watching {} for changes (Ctrl-C to stop)", args.dir.display());
        wait_for_change(&args).await?;
    }
}

async fn run_once(args: &TestArgs) -> anyhow::Result<()> {
    let manifest_path = args.dir.join("plugin.toml");
    let text = std::fs::read_to_string(&manifest_path)
        .with_context(|| format!("reading {} (run this in a plugin crate)", manifest_path.display()))?;
    let manifest = Manifest::parse(&text)?;
    let input = args.input.clone().unwrap_or_else(|| args.dir.join("samples.toml"));
    let samples = read_samples(&input)?;
    let component = match &args.component {
        Some(path) => path.clone(),
        None => build(BuildArgs { dir: args.dir.clone() })?,
    };
    let wasm = std::fs::read(&component).with_context(|| format!("reading {}", component.display()))?;

    let mock = Mock::start().await?;
    let mut grants = manifest.capabilities.as_grants();
    let mock_host: HostGrant = format!("127.0.0.1:{}", mock.port).parse().map_err(anyhow::Error::msg)?;
    grants.outbound_hosts.push(mock_host);
    let config = RuntimeConfig { cache_dir: None, plugin_threads: 1, ..RuntimeConfig::default() };
    let limits = config.limits.for_kind(manifest.kind).clone();
    let runtime = PluginRuntime::new(config)?;
    let started = Instant::now();
    let plugin = runtime.load(&manifest.id, manifest.version.clone(), &wasm, grants)?;
    println!(
        "{} ({}, {} KiB) loaded in {} ms; limits: {} ms and {} MiB per call",
        manifest.label(),
        manifest.kind,
        wasm.len() / 1024,
        started.elapsed().as_millis(),
        limits.time_limit.as_millis(),
        limits.memory_bytes / (1024 * 1024)
    );
    // What each call takes from the instance pool, against the kind's limits:
    // Python and JavaScript components are far larger than Rust ones.
    if let Ok(f) = Footprint::measure(&wasm) {
        println!(
            "footprint: {} of {} core instances, {} of {} memories, {} of {} tables, {} of {} MiB initial memory",
            f.core_instances,
            runtime.config().max_core_instances,
            f.memories,
            limits.max_memories,
            f.tables,
            limits.max_tables,
            f.initial_memory_bytes / (1 << 20),
            limits.memory_bytes / (1 << 20)
        );
    }
    // Every call instantiates afresh: this is the fixed part of each call's time.
    let mut instantiations = Vec::new();
    for _ in 0..5 {
        let started = Instant::now();
        plugin.check_instantiates().await.map_err(|e| anyhow::anyhow!("it does not instantiate: {}", e.failure))?;
        instantiations.push(started.elapsed());
    }
    instantiations.sort();
    println!("instantiate: {:.2} ms (median of 5)", instantiations[2].as_secs_f64() * 1000.0);
    let configuration = configuration(&manifest, samples.config.clone(), &mock.url())?;
    let mut report = Report { limits, slowest: Duration::ZERO, failures: 0 };
    match manifest.kind {
        PluginKind::Rubric => run_rubric(&plugin, &configuration, &samples, &mut report).await?,
        PluginKind::QuestionBank => run_bank(&plugin, &configuration, &samples, &mut report).await?,
        PluginKind::Connector => run_connector(&plugin, &configuration, &samples, &mut report).await?,
        PluginKind::Notifier => run_notifier(&plugin, &configuration, &samples, &mut report).await?,
    }
    for request in mock.received() {
        println!("mock endpoint received {request}");
    }
    let share = report.slowest.as_secs_f64() / report.limits.time_limit.as_secs_f64() * 100.0;
    println!(
        "slowest call {} ms: {share:.0} % of the {} ms limit{}",
        report.slowest.as_millis(),
        report.limits.time_limit.as_millis(),
        if share >= 50.0 { " (near it: a loaded production host is slower than this machine)" } else { "" }
    );
    if report.failures > 0 {
        bail!("{} call(s) failed", report.failures);
    }
    Ok(())
}

fn read_samples(path: &Path) -> anyhow::Result<Samples> {
    let text = std::fs::read_to_string(path).with_context(|| format!("reading the samples {}", path.display()))?;
    let json = path.extension().is_some_and(|e| e == "json");
    parse_samples(&text, json).with_context(|| format!("the samples {}", path.display()))
}

fn parse_samples(text: &str, json: bool) -> anyhow::Result<Samples> {
    let value: serde_json::Value = if json {
        serde_json::from_str(text).context("not JSON")?
    } else {
        serde_json::to_value(toml::from_str::<toml::Table>(text).context("not TOML")?)?
    };
    serde_path_to_error::deserialize(value).map_err(|e| anyhow::anyhow!("{}: {}", e.path(), e.inner()))
}

/// The samples' configuration with `{mock}` replaced, checked against the
/// manifest's schema as a binding's would be.
fn configuration(manifest: &Manifest, config: Option<serde_json::Value>, mock: &str) -> anyhow::Result<String> {
    let text = config.unwrap_or_else(|| serde_json::json!({})).to_string().replace("{mock}", mock);
    let value: serde_json::Value = serde_json::from_str(&text)?;
    let schema = ConfigSchema::compile(&manifest.config_schema)?;
    schema.check(&value).map_err(|e| anyhow::anyhow!("the samples' config breaks plugin.toml's schema: {e}"))?;
    Ok(text)
}

struct Report {
    limits: CallLimits,
    slowest: Duration,
    failures: usize,
}

impl Report {
    /// Prints one call's result or failure and remembers its time.
    fn call<T>(&mut self, what: &str, elapsed: Duration, result: Result<T, crate::runtime::PluginError>) -> Option<T> {
        self.slowest = self.slowest.max(elapsed);
        match result {
            Ok(value) => {
                println!("{what}: {:.2} ms", elapsed.as_secs_f64() * 1000.0);
                Some(value)
            }
            Err(e) => {
                self.failures += 1;
                println!("{what}: FAILED after {} ms: {}", elapsed.as_millis(), e.failure);
                None
            }
        }
    }
}

fn need<'a, T>(value: &'a Option<T>, what: &str, kind: PluginKind) -> anyhow::Result<&'a T> {
    value.as_ref().with_context(|| format!("a {kind} needs `{what}` in the samples"))
}

async fn run_rubric(plugin: &Arc<LoadedPlugin>, config: &str, s: &Samples, r: &mut Report) -> anyhow::Result<()> {
    let rubric = plugin.rubric(config)?;
    let job = need(&s.job, "job", PluginKind::Rubric)?;
    if s.answers.is_empty() {
        bail!("a rubric needs `answers` (and the `questions` they answer) in the samples");
    }
    let started = Instant::now();
    if let Some(info) = r.call("describe", started.elapsed(), rubric.describe().await) {
        println!("  {}: {}", info.name, info.description);
    }
    for answer in &s.answers {
        let question =
            s.questions.iter().find(|q| q.id == answer.question_id).with_context(|| {
                format!("answer to {:?}: no question with that id in the samples", answer.question_id)
            })?;
        let started = Instant::now();
        let result = rubric.score(job, question, answer).await;
        if let Some(scores) = r.call(&format!("score {}", question.id), started.elapsed(), result) {
            for s in scores {
                println!(
                    "  {} {:.1} (confidence {:.2}, {} evidence): {}",
                    s.dimension,
                    s.score,
                    s.confidence,
                    s.evidence.len(),
                    s.explanation
                );
                for e in s.evidence.iter().take(5) {
                    println!("    {:?} {}", e.effect, e.label);
                }
            }
        }
    }
    Ok(())
}

async fn run_bank(plugin: &Arc<LoadedPlugin>, config: &str, s: &Samples, r: &mut Report) -> anyhow::Result<()> {
    let bank = plugin.question_bank(config)?;
    let job = need(&s.job, "job", PluginKind::QuestionBank)?;
    let request = s.plan.clone().unwrap_or_else(|| PlanRequest::standard(&job.locale, 1));
    let started = Instant::now();
    if let Some(info) = r.call("describe", started.elapsed(), bank.describe().await) {
        println!("  {}: {} (industries: {})", info.name, info.description, info.industries.join(", "));
    }
    let started = Instant::now();
    if let Some(questions) = r.call("plan", started.elapsed(), bank.plan(job, &request).await) {
        for q in &questions {
            println!("  {} [{}] {} ({})", q.id, q.kind, q.text, q.dimensions.join(", "));
        }
    }
    for answer in &s.answers {
        let Some(question) = s.questions.iter().find(|q| q.id == answer.question_id) else { continue };
        let started = Instant::now();
        let result = bank.follow_up(job, question, answer).await;
        if let Some(follow_up) = r.call(&format!("follow-up {}", question.id), started.elapsed(), result) {
            println!("  {}", follow_up.map_or("(none)".to_owned(), |q| q.text));
        }
    }
    Ok(())
}

async fn run_connector(plugin: &Arc<LoadedPlugin>, config: &str, s: &Samples, r: &mut Report) -> anyhow::Result<()> {
    let connector = plugin.connector(config)?;
    if s.events.is_empty() {
        bail!("a connector needs `events` in the samples");
    }
    let started = Instant::now();
    if let Some(info) = r.call("describe", started.elapsed(), connector.describe().await) {
        println!("  {}: {} (events: {})", info.name, info.description, info.event_kinds.join(", "));
    }
    for event in &s.events {
        let started = Instant::now();
        let result = connector.handle(event).await;
        if let Some(outcome) = r.call(&format!("handle {} ({})", event.id, event.kind), started.elapsed(), result) {
            println!("  {}", serde_json::to_string(&outcome)?);
        }
    }
    Ok(())
}

async fn run_notifier(plugin: &Arc<LoadedPlugin>, config: &str, s: &Samples, r: &mut Report) -> anyhow::Result<()> {
    let notifier = plugin.notifier(config)?;
    if s.messages.is_empty() {
        bail!("a notifier needs `messages` in the samples");
    }
    let started = Instant::now();
    if let Some(info) = r.call("describe", started.elapsed(), notifier.describe().await) {
        println!("  {}: {} (channels: {})", info.name, info.description, info.channels.join(", "));
    }
    for message in &s.messages {
        let started = Instant::now();
        let result = notifier.send(message).await;
        if let Some(receipt) = r.call(&format!("send {} ({})", message.id, message.template), started.elapsed(), result)
        {
            println!("  {receipt}");
        }
    }
    Ok(())
}

/// A local HTTP endpoint standing in for the system a connector or notifier
/// talks to: it answers every request `200 {"ok": true}` and remembers it.
struct Mock {
    port: u16,
    received: Arc<Mutex<Vec<String>>>,
    _stop: tokio::sync::oneshot::Sender<()>,
}

impl Mock {
    async fn start() -> anyhow::Result<Self> {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.context("starting the mock endpoint")?;
        let port = listener.local_addr()?.port();
        let received = Arc::new(Mutex::new(Vec::new()));
        let log = received.clone();
        let app = axum::Router::new().fallback(move |request: axum::extract::Request| {
            let log = log.clone();
            async move {
                let (parts, body) = request.into_parts();
                let bytes = axum::body::to_bytes(body, 1 << 20).await.map(|b| b.len()).unwrap_or(0);
                let key = parts.headers.get("idempotency-key").and_then(|v| v.to_str().ok()).unwrap_or("-").to_owned();
                log.lock().unwrap_or_else(|e| e.into_inner()).push(format!(
                    "{} {} ({bytes} bytes, idempotency-key {key})",
                    parts.method,
                    parts.uri.path()
                ));
                axum::Json(serde_json::json!({ "ok": true }))
            }
        });
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        tokio::spawn(async move {
            let _ = axum::serve(listener, app)
                .with_graceful_shutdown(async move {
                    let _ = stopped.await;
                })
                .await;
        });
        Ok(Self { port, received, _stop: stop })
    }

    fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    fn received(&self) -> Vec<String> {
        self.received.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }
}

/// Waits until a file the plugin is made of changes.
async fn wait_for_change(args: &TestArgs) -> anyhow::Result<()> {
    use notify::Watcher;
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        if event.is_ok_and(|e| e.kind.is_modify() || e.kind.is_create() || e.kind.is_remove()) {
            let _ = tx.send(());
        }
    })?;
    let mut watched = vec![args.dir.join("src"), args.dir.join("plugin.toml"), args.dir.join("Cargo.toml")];
    watched.extend(["app.py", "app.js"].map(|f| args.dir.join(f)));
    watched.push(args.input.clone().unwrap_or_else(|| args.dir.join("samples.toml")));
    for path in &watched {
        if path.exists() {
            let mode =
                if path.is_dir() { notify::RecursiveMode::Recursive } else { notify::RecursiveMode::NonRecursive };
            watcher.watch(path, mode).with_context(|| format!("watching {}", path.display()))?;
        }
    }
    rx.recv().await;
    // An editor's save is often several events: let them settle.
    tokio::time::sleep(Duration::from_millis(300)).await;
    while rx.try_recv().is_ok() {}
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_samples_panel_plugin_new_writes_are_read_for_every_kind() {
        for kind in PluginKind::ALL {
            let text = super::super::scaffold::samples(kind);
            let samples = parse_samples(&text, false).unwrap_or_else(|e| panic!("{kind}: {e:#}\n{text}"));
            match kind {
                PluginKind::Rubric => assert!(samples.job.is_some() && samples.answers.len() == 1),
                PluginKind::QuestionBank => assert!(samples.job.is_some() && samples.plan.is_some()),
                PluginKind::Connector => assert_eq!(samples.events.len(), 1),
                PluginKind::Notifier => assert_eq!(samples.messages[0].recipient.name, "A. Candidate"),
            }
        }
    }

    #[test]
    fn a_wrong_sample_is_named_by_its_path() {
        let wrong = "[[answers]]\nquestion_id = \"q1\"\ntext = 7\n";
        let error = format!("{:#}", parse_samples(wrong, false).expect_err("text must be a string"));
        assert!(error.contains("answers[0].text"), "{error}");
        let unknown = format!("{:#}", parse_samples("[jobs]\nid = 1\n", false).expect_err("unknown table"));
        assert!(unknown.contains("jobs"), "{unknown}");
    }
}

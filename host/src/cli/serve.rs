//! `panel serve`: the HTTP API on the embedded SQLite database (or
//! PostgreSQL), with the plugins of a directory.
//!
//! The first start on an empty database creates the organisation and its
//! first administrator. The administrator's password comes from
//! `PANEL_ADMIN_PASSWORD`, or is generated and printed once.

use std::net::SocketAddr;
use std::sync::Arc;

use anyhow::Context;

use super::RuntimeArgs;
use super::plugin_host::{LoadedPackages, bind_organisation_wide, load_packages};
use crate::api::{self, ApiConfig, AppState};
use crate::engine::{Engine, EngineConfig, OutboxConfig, ScopedPlugins, SystemClock};
use crate::links::LinkSigner;
use crate::models::HostModels;
use crate::packages::watch::watch;
use crate::runtime::PluginKind;
use crate::store::{AuditBy, NewUser, Role, Store};
use crate::transcription::{Transcribers, TranscriptionConfig};

#[derive(Debug, clap::Args)]
pub(crate) struct ServeArgs {
    /// Address to listen on (port 0: any free port; the address is printed).
    #[arg(long, env = "PANEL_ADDR", default_value = "127.0.0.1:8080")]
    pub addr: SocketAddr,
    /// The address candidates and staff open, for invitation links
    /// (default: http://ADDR).
    #[arg(long, env = "PANEL_PUBLIC_URL")]
    pub public_url: Option<String>,
    /// The secret that signs candidates' links, in hex (at least 32 bytes;
    /// e.g. `openssl rand -hex 32`). Every node sharing a database needs the
    /// same one. Default: DATA_DIR/link.key, created on the first start.
    #[arg(long, env = "PANEL_LINK_SECRET", hide_env_values = true)]
    pub link_secret: Option<String>,
    /// PostgreSQL (`postgres://…`) or SQLite (`sqlite://PATH`) URL; without
    /// it, the embedded SQLite database in the data directory.
    #[arg(long, env = "PANEL_DATABASE_URL")]
    pub database_url: Option<String>,
    #[command(flatten)]
    pub runtime: RuntimeArgs,
    /// How long a node's claim on an outbox delivery lasts, in seconds; a node
    /// that dies holds its claims this long. Keep it above the connectors'
    /// time limit (30 s), or a slow call may be sent twice.
    #[arg(long, env = "PANEL_OUTBOX_LEASE_SECS", default_value_t = 120, value_parser = clap::value_parser!(u64).range(1..))]
    pub outbox_lease_secs: u64,
    /// Speech recognition workers on this node, each transcribing one
    /// recording at a time on one core (default: the cores less one, at least one).
    #[arg(long, env = "PANEL_TRANSCRIPTION_WORKERS", value_parser = clap::value_parser!(u64).range(1..))]
    pub transcription_workers: Option<u64>,
    /// How long a node's claim on a recording to transcribe lasts without
    /// being renewed, in seconds (a worker renews it while it runs); a node
    /// that dies holds its claims this long.
    #[arg(long, env = "PANEL_TRANSCRIPTION_LEASE_SECS", default_value_t = 300, value_parser = clap::value_parser!(u64).range(3..))]
    pub transcription_lease_secs: u64,
    /// The organisation created on the first start.
    #[arg(long, env = "PANEL_ORGANISATION", default_value = "My organisation")]
    pub organisation: String,
    /// The first administrator's email, created on the first start.
    #[arg(long, env = "PANEL_ADMIN_EMAIL", default_value = "admin@panel.local")]
    pub admin_email: String,
}

pub(crate) async fn run(args: ServeArgs) -> anyhow::Result<()> {
    // Held until the server stops, so `panel backup restore` does not move
    // the database and recordings from under it.
    let _serving = super::backup::hold_data_dir(&args.runtime.data_dir);
    let store =
        Store::open_for(args.database_url.as_deref(), &args.runtime.data_dir).await.context("opening the database")?;
    // Loaded once, shared by the plugins' embeddings and the speech workers.
    // Without them recorded answers wait for a person, and the console says why.
    // A session may use every core, and is made on a background-priority
    // thread: ONNX Runtime's intra-op threads, created with each session,
    // inherit that priority, so a model run takes the cores requests leave
    // idle and gives them back at once when a request needs one.
    let cores = std::thread::available_parallelism().map_or(2, std::num::NonZero::get);
    let models = std::thread::scope(|scope| {
        scope
            .spawn(|| {
                crate::priority::lower_current_thread();
                args.runtime.host_models(cores)
            })
            .join()
    })
    .map_err(|_| anyhow::anyhow!("loading the on-device models failed unexpectedly"))?;
    let loaded = load_packages(&args.runtime, &models)?;
    // Vectors computed are kept in the database: a rescore reads them.
    if let Some(embeddings) = &loaded.runtime.config().embeddings {
        embeddings.attach_store(Arc::new(store.clone()));
    }
    let scoped = Arc::new(ScopedPlugins::new(store.clone(), loaded.registry.clone()));
    bootstrap(&store, &scoped, &args.organisation, &args.admin_email).await?;
    let listener =
        tokio::net::TcpListener::bind(args.addr).await.with_context(|| format!("listening on {}", args.addr))?;
    let addr = listener.local_addr()?;
    let public_url = args.public_url.clone().unwrap_or_else(|| format!("http://{addr}"));
    let links = match &args.link_secret {
        Some(hex) => LinkSigner::from_hex(hex).map_err(|e| anyhow::anyhow!("PANEL_LINK_SECRET: {e}"))?,
        None => {
            let path = args.runtime.data_dir.join("link.key");
            LinkSigner::load_or_create(&path).with_context(|| format!("reading the link secret {}", path.display()))?
        }
    };
    let engine_config =
        EngineConfig { links, public_url, batch_threads: loaded.runtime.batch_threads(), ..Default::default() };
    let outbox = OutboxConfig { lease: std::time::Duration::from_secs(args.outbox_lease_secs), ..Default::default() };
    // Recorded answers live beside the database, under the data directory.
    let api_config = ApiConfig { media_dir: Some(args.runtime.data_dir.join("media")), ..ApiConfig::default() };
    let mut speech = TranscriptionConfig {
        lease: std::time::Duration::from_secs(args.transcription_lease_secs),
        ..TranscriptionConfig::default()
    };
    if let Some(workers) = args.transcription_workers {
        speech.workers = usize::try_from(workers).unwrap_or(usize::MAX);
    }
    let background = Background { outbox, models: Arc::new(models), speech };
    serve(store, scoped, loaded, listener, engine_config, api_config, background).await
}

/// What `panel serve` runs beside the HTTP API.
struct Background {
    outbox: OutboxConfig,
    models: Arc<HostModels>,
    speech: TranscriptionConfig,
}

/// Serves the API on `listener` until Ctrl-C or SIGTERM, reloading plugin
/// packages as they change in their directory.
async fn serve(
    store: Store,
    scoped: Arc<ScopedPlugins>,
    loaded: LoadedPackages,
    listener: tokio::net::TcpListener,
    engine_config: EngineConfig,
    api_config: ApiConfig,
    background: Background,
) -> anyhow::Result<()> {
    let Background { outbox: outbox_config, models, speech } = background;
    let _watch = watch(loaded.reloader.clone()).context("watching the plugin packages")?;
    let audit = store.clone();
    let engine = Engine::new(store, scoped.clone(), Arc::new(SystemClock), engine_config);
    let public_url = engine.config().public_url.clone();
    let state = AppState::new(engine.clone(), api_config, scoped)
        .with_models(models.clone())
        .with_embeddings(loaded.runtime.config().embeddings.clone());
    let addr = listener.local_addr()?;
    println!(
        "Panel is listening on http://{addr} ({} plugins loaded in {} ms; watching for changes)",
        loaded.registry.list().len(),
        loaded.elapsed.as_millis()
    );
    println!("  HR console: {public_url}/console");
    println!("  API description: {public_url}{}", api::OPENAPI_PATH);
    // Speech recognition: workers when the model is loaded and recordings are kept.
    let (stop_speech, speech_stopped) = tokio::sync::watch::channel(false);
    let mut transcribers = match (&models.transcriber, &state.media) {
        (Some(transcriber), Some(media)) => {
            let workers = speech.workers;
            println!("  Speech recognition: {} on {workers} worker(s)", transcriber.model().name);
            let t = Transcribers::new(engine.clone(), media.clone(), transcriber.clone(), speech);
            Some(t.spawn(&worker_id(), speech_stopped))
        }
        _ => {
            let why = models.unavailable.as_deref().unwrap_or("this server keeps no recordings");
            println!("  Speech recognition is off: {why}. Recorded answers wait for a person's transcript.");
            None
        }
    };
    let pending = engine.clone();
    tokio::spawn(async move {
        let scored = api::score_pending(&pending).await;
        if scored > 0 {
            tracing::info!(scored, "scored interviews that finished before the last shutdown");
        }
    });
    // The scheduler: interviews abandoned past their deadline are expired
    // and scored with the answers given, without waiting for someone to read them.
    let sweeper = {
        let engine = engine.clone();
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(std::time::Duration::from_secs(30));
            loop {
                tick.tick().await;
                match engine.expire_overdue().await {
                    Ok(expired) if !expired.is_empty() => {
                        let scored = engine.score_sessions(&expired, crate::engine::batch_concurrency()).await;
                        tracing::info!(expired = expired.len(), scored = scored.scored, "expired overdue interviews");
                    }
                    Ok(_) => {}
                    Err(e) => tracing::warn!(error = %e, "expiring overdue interviews failed"),
                }
            }
        })
    };
    // Recordings kept in clear from before are sealed first; recordings no
    // answer will use (uploads cut off for good, recordings never sent with
    // an answer) are removed once their interview is over.
    let media_sweeper = state.media.clone().map(|media| {
        let store = engine.store().clone();
        tokio::spawn(async move {
            match media.seal_plaintext(&store).await {
                Ok(0) => {}
                Ok(sealed) => {
                    tracing::info!(recordings = sealed, "sealed recordings kept from before encryption at rest")
                }
                Err(e) => tracing::warn!(error = %e, "sealing recordings kept in clear failed"),
            }
            let mut tick = tokio::time::interval(std::time::Duration::from_secs(3600));
            loop {
                tick.tick().await;
                match media.sweep(&store).await {
                    Ok(swept) if swept.partial + swept.unused > 0 => {
                        tracing::info!(partial = swept.partial, unused = swept.unused, "removed unused recordings");
                    }
                    Ok(_) => {}
                    Err(e) => tracing::warn!(error = %e, "removing unused recordings failed"),
                }
            }
        })
    });
    // Retention: every hour, on the engine's clock, what the regions' packs
    // say is due goes (recordings after the decision, rejected candidates
    // after their months, erasure requests a legal hold held back).
    let retention = {
        let (eraser, engine) = (state.eraser(), engine.clone());
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(std::time::Duration::from_secs(3600));
            loop {
                tick.tick().await;
                match eraser.purge_due(engine.now_ms()).await {
                    Ok(r) if r.recordings + r.erased.len() > 0 => {
                        tracing::info!(
                            recordings = r.recordings,
                            erased = r.erased.len(),
                            held = r.held.len(),
                            "applied the retention rules"
                        );
                    }
                    Ok(_) => {}
                    Err(e) => tracing::warn!(error = %e, "applying the retention rules failed; tried again next hour"),
                }
            }
        })
    };
    // The query planner's statistics, now and every hour, as the history grows.
    let statistics = {
        let store = engine.store().clone();
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(std::time::Duration::from_secs(3600));
            loop {
                tick.tick().await;
                if let Err(e) = store.refresh_statistics().await {
                    tracing::warn!(error = %e, "refreshing the database's statistics failed; tried again next hour");
                }
            }
        })
    };
    // What became of hires, from the connectors that read it (API 0.2.0's
    // `outcomes`): every few hours, each binding from where it stopped.
    let outcome_pulls = {
        let (engine, plugins) = (engine.clone(), state.plugins.clone());
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(OUTCOME_PULL_EVERY);
            loop {
                tick.tick().await;
                match engine.pull_all_outcomes(&plugins).await {
                    Ok(reports) if !reports.is_empty() => {
                        let recorded: i64 = reports.iter().map(|r| r.recorded).sum();
                        let failed = reports.iter().filter(|r| r.error.is_some()).count();
                        tracing::info!(bindings = reports.len(), recorded, failed, "pulled outcomes from connectors");
                    }
                    Ok(_) => {}
                    Err(e) => tracing::warn!(error = %e, "pulling outcomes failed; tried again at the next pull"),
                }
            }
        })
    };
    // The outbox worker: lifecycle events to the bound connectors. It stops
    // between deliveries when the server stops.
    let stop = Arc::new(tokio::sync::Notify::new());
    let outbox = {
        let stop = stop.clone();
        let worker = worker_id();
        tokio::spawn(async move {
            engine.run_outbox(worker, outbox_config, async move { stop.notified().await }).await;
        })
    };
    api::serve(listener, state, shutdown_signal()).await.context("serving HTTP")?;
    stop.notify_one();
    sweeper.abort();
    retention.abort();
    statistics.abort();
    outcome_pulls.abort();
    if let Some(media_sweeper) = media_sweeper {
        media_sweeper.abort();
    }
    let _ = stop_speech.send(true);
    if let Some(workers) = transcribers.as_mut() {
        // A recording being transcribed is finished if it can be; otherwise
        // another node (or this one, restarted) takes it over after its lease.
        let all = async { while workers.join_next().await.is_some() {} };
        if tokio::time::timeout(std::time::Duration::from_secs(30), all).await.is_err() {
            tracing::warn!("transcription did not stop in 30 s; its recordings are taken over after their lease");
        }
    }
    if tokio::time::timeout(std::time::Duration::from_secs(30), outbox).await.is_err() {
        tracing::warn!("the outbox worker did not stop in 30 s; its claimed deliveries are retried after their lease");
    }
    // The last writes' audit entries join the chain now, not at the next start.
    if let Err(e) = audit.seal_audit().await {
        let error = format!("{:#}", anyhow::Error::new(e));
        tracing::warn!(error, "sealing the last audit entries failed; they are sealed at the next start");
    }
    println!("Panel stopped");
    Ok(())
}

/// Names this process among the nodes sharing a database: host and process id.
fn worker_id() -> String {
    let host = std::fs::read_to_string("/etc/hostname")
        .ok()
        .map(|h| h.trim().to_owned())
        .filter(|h| !h.is_empty())
        .or_else(|| std::env::var("HOSTNAME").ok())
        .unwrap_or_else(|| "panel".to_owned());
    format!("{host}-{}", std::process::id())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
}

/// On an empty database: the organisation, its first administrator, and the
/// loaded question banks and rubrics switched on organisation-wide.
/// How often connectors that read outcomes are asked for new ones.
const OUTCOME_PULL_EVERY: std::time::Duration = std::time::Duration::from_secs(6 * 3600);

async fn bootstrap(store: &Store, scoped: &ScopedPlugins, organisation: &str, admin_email: &str) -> anyhow::Result<()> {
    if store.user_count().await? > 0 {
        return Ok(());
    }
    let (password, generated) = match std::env::var("PANEL_ADMIN_PASSWORD") {
        Ok(p) if !p.is_empty() => (p, false),
        _ => (generate_password()?, true),
    };
    api::auth::check_password(&password).map_err(|e| anyhow::anyhow!("PANEL_ADMIN_PASSWORD: {}", e.message))?;
    let hash = api::auth::hash_password(&password).map_err(|e| anyhow::anyhow!(e.message))?;
    let org = store.create_organisation(organisation).await?;
    store
        .create_user(&NewUser {
            organisation_id: org,
            email: admin_email,
            name: "Administrator",
            password_hash: &hash,
            role: Role::Admin,
            unit_id: None,
        })
        .await?;
    println!("Created the organisation {organisation:?} and its administrator {admin_email}.");
    let by = AuditBy { actor: "panel serve (first start)", origin: "local" };
    let bound = bind_organisation_wide(scoped, org, &[PluginKind::QuestionBank, PluginKind::Rubric], by).await?;
    println!("  Switched on for the whole organisation: {}", bound.join(", "));
    if generated {
        println!("  Password (shown once; set PANEL_ADMIN_PASSWORD to choose it): {password}");
    }
    Ok(())
}

fn generate_password() -> anyhow::Result<String> {
    crate::store::random_hex(12).map_err(|e| anyhow::anyhow!("no randomness for a password: {e}"))
}

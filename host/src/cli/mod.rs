//! The `panel` command line. Each subcommand lives in its own module; this one
//! parses arguments, sets up logging and reports errors.

mod audit;
mod backup;
mod demo;
mod demo_data;
mod demo_jobs;
mod eval;
mod keys;
mod plugin;
mod plugin_host;
mod replay;
mod serve;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use tracing_subscriber::EnvFilter;

use crate::domain::JobProfile;

/// The demo's three jobs (a production supervisor, a product manager and a
/// store supervisor) in `locale`: what `panel demo` interviews for, and what
/// the quality tests run every first-party bank and rubric on.
pub fn demo_jobs(locale: &str) -> Vec<JobProfile> {
    demo_jobs::JOBS.iter().map(|job| (job.profile)(locale)).collect()
}

/// Panel: structured AI interviews, scored by sandboxed WebAssembly plugins.
#[derive(Debug, Parser)]
#[command(name = "panel", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// The audit log: check that its hash chain holds.
    Audit(audit::AuditArgs),
    /// Back the embedded database and the recordings up, or restore them
    /// (erasing again everyone erased since the backup was made).
    Backup(backup::BackupArgs),
    /// Interview a demo organisation's candidates through the plugins in a
    /// directory: plan the interview, score every answer with evidence, rank.
    Demo(demo::DemoArgs),
    /// Measure how well the installed rubrics score, on an evaluation set of
    /// labelled answers: pair accuracy per language, rubric and kind, and the
    /// decisions.
    Eval(eval::EvalArgs),
    /// The master key: rotate it without stopping Panel.
    Keys(keys::KeysArgs),
    /// Create the database if needed and bring its schema up to date.
    Migrate(DatabaseArgs),
    /// Plugin packages: create, build, pack, sign, verify, install, bind.
    Plugin(plugin::PluginArgs),
    /// Score a past interview again as it was scored (the rubric plugin
    /// versions and configurations, the competency model version), and say
    /// whether the result is identical.
    Replay(replay::ReplayArgs),
    /// Serve the HTTP API: staff manage jobs, candidates and invitations;
    /// candidates take their interview through their link.
    Serve(serve::ServeArgs),
}

/// Where the database is.
#[derive(Debug, clap::Args)]
struct DatabaseArgs {
    /// PostgreSQL (`postgres://…`) or SQLite (`sqlite://PATH`) URL; without
    /// it, the embedded SQLite database in the data directory.
    #[arg(long, env = "PANEL_DATABASE_URL")]
    database_url: Option<String>,
    /// Where Panel keeps its data.
    #[arg(long, env = "PANEL_DATA_DIR", default_value = "panel-data")]
    data_dir: PathBuf,
}

impl DatabaseArgs {
    async fn open(&self) -> anyhow::Result<crate::store::Store> {
        let store = crate::store::Store::open_for(self.database_url.as_deref(), &self.data_dir).await;
        store.map_err(|e| anyhow::Error::new(e).context("opening the database"))
    }
}

/// Options every command that runs plugins shares.
#[derive(Debug, Clone, clap::Args)]
struct RuntimeArgs {
    /// Directory of installed plugin packages (`*.panelpkg`), watched for
    /// changes by `serve`; default: DATA_DIR/packages.
    #[arg(long, env = "PANEL_PLUGIN_DIR")]
    plugins: Option<PathBuf>,
    /// The trust policy (trusted vendor keys, grants); default: DATA_DIR/trust.toml.
    #[arg(long, env = "PANEL_TRUST_POLICY")]
    trust: Option<PathBuf>,
    /// Where Panel keeps its data, including compiled plugins.
    #[arg(long, env = "PANEL_DATA_DIR", default_value = "panel-data")]
    data_dir: PathBuf,
    /// The SMTP server email notifiers send through (the host's mail
    /// gateway): `smtp://host:25`, `smtp://user:password@host:587?tls=required`
    /// or `smtps://user:password@host:465`. Without it, email is not sent.
    #[arg(long, env = "PANEL_SMTP_URL", hide_env_values = true)]
    smtp_url: Option<String>,
    /// The sender of that email: `Acme HR <hr@acme.example>`.
    #[arg(long, env = "PANEL_MAIL_FROM", default_value = "Panel <no-reply@panel.local>")]
    mail_from: String,
    /// The on-device models directory (`cargo xtask models` builds one;
    /// docs/models.md): sentence embeddings for rubrics granted them. Without
    /// it, rubrics are told there is no model and score without one.
    #[arg(long, env = "PANEL_MODELS")]
    pub(crate) models: Option<PathBuf>,
}

impl RuntimeArgs {
    /// Where the packages, the trust policy and the compiled plugins are:
    /// the data directory's layout, unless the arguments name other places.
    fn runtime_config(&self, models: &crate::models::HostModels) -> anyhow::Result<crate::runtime::RuntimeConfig> {
        let mail = match &self.smtp_url {
            Some(url) => Some(std::sync::Arc::new(
                crate::runtime::Mailer::new(url, &self.mail_from).map_err(|e| anyhow::anyhow!("--smtp-url: {e}"))?,
            )),
            None => None,
        };
        let embeddings = Some(std::sync::Arc::new(match (&models.embedder, &models.unavailable) {
            (Some(embedder), _) => crate::runtime::HostEmbeddings::new(embedder.clone()),
            (None, reason) => crate::runtime::HostEmbeddings::unavailable(
                reason.clone().unwrap_or_else(|| crate::models::NOT_INSTALLED.to_owned()),
            ),
        }));
        Ok(crate::runtime::RuntimeConfig {
            cache_dir: Some(self.plugin_paths().cache),
            mail,
            embeddings,
            ..Default::default()
        })
    }

    /// The models named by `--models`, loaded once with at most `threads`
    /// intra-op threads per session (none, with the reason, when not given
    /// or not loadable: the host runs without them).
    pub(crate) fn host_models(&self, threads: usize) -> crate::models::HostModels {
        match &self.models {
            Some(dir) => crate::models::HostModels::load(dir, threads),
            None => crate::models::HostModels::none(crate::models::NOT_INSTALLED),
        }
    }

    /// [`Self::host_models`] with a thread per core, for the one-shot
    /// commands (`demo`, `eval`, `replay`).
    pub(crate) fn host_models_all_cores(&self) -> crate::models::HostModels {
        self.host_models(std::thread::available_parallelism().map_or(2, std::num::NonZero::get))
    }

    fn plugin_paths(&self) -> plugin::PluginPaths {
        let defaults = plugin::PluginPaths::new(&self.data_dir);
        plugin::PluginPaths {
            packages: self.plugins.clone().unwrap_or(defaults.packages),
            policy: self.trust.clone().unwrap_or(defaults.policy),
            cache: defaults.cache,
        }
    }
}

/// Runs the command line and turns an error into a message and exit code 1.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    init_logging();
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("panel: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    let result = runtime.block_on(async {
        match cli.command {
            Command::Audit(args) => audit::run(args).await,
            Command::Backup(args) => backup::run(args).await,
            Command::Demo(args) => demo::run(args).await,
            Command::Eval(args) => eval::run(args).await,
            Command::Keys(args) => keys::run(args).await,
            Command::Serve(args) => serve::run(args).await,
            Command::Plugin(args) => plugin::run(args).await,
            Command::Replay(args) => replay::run(args).await,
            Command::Migrate(args) => {
                let store = args.open().await?;
                println!("database is up to date ({:?})", store.backend());
                Ok(())
            }
        }
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("panel: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// Logs to stderr; `RUST_LOG` overrides the default of warnings only, so a
/// command's own output is not buried (`RUST_LOG=panel=info` shows plugin
/// loads and calls).
fn init_logging() {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("warn"));
    let _ = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr).try_init();
}

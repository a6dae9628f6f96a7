//! `panel replay SESSION`: a past interview scored again from its stored
//! answers by the rubric plugin versions and configurations that scored it,
//! against the competency model version it was scored with, and whether the
//! result is identical (exit status 1 when it is not).

use std::sync::Arc;

use super::RuntimeArgs;
use super::plugin_host::load_packages;
use crate::engine::{Engine, EngineConfig, ScopedPlugins, SystemClock};
use crate::store::Store;

#[derive(Debug, clap::Args)]
pub(crate) struct ReplayArgs {
    /// The interview session to replay.
    pub session: i64,
    /// PostgreSQL or SQLite URL; without it, the data directory's database.
    #[arg(long, env = "PANEL_DATABASE_URL")]
    pub database_url: Option<String>,
    #[command(flatten)]
    pub runtime: RuntimeArgs,
}

pub(crate) async fn run(args: ReplayArgs) -> anyhow::Result<()> {
    let store = Store::open_for(args.database_url.as_deref(), &args.runtime.data_dir)
        .await
        .map_err(|e| anyhow::Error::new(e).context("opening the database"))?;
    let loaded = load_packages(&args.runtime, &args.runtime.host_models_all_cores())?;
    let scoped = Arc::new(ScopedPlugins::new(store.clone(), loaded.registry.clone()));
    let engine = Engine::new(store, scoped, Arc::new(SystemClock), EngineConfig::default());
    let replay = engine.replay(args.session).await?;
    println!(
        "session {} (competency model version {}): composite {} then, {} now; {} then, {} now",
        replay.session_id,
        replay.model_version,
        replay.stored_composite,
        replay.replayed_composite,
        replay.stored_decision.as_str(),
        replay.replayed_decision.as_str()
    );
    if replay.identical {
        println!("identical: every score, the composite, the decision and its reasons");
        return Ok(());
    }
    for difference in &replay.differences {
        println!("  differs: {difference}");
    }
    anyhow::bail!("the replay differs from what was stored ({} differences)", replay.differences.len())
}

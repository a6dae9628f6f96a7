//! `panel keys rotate`: moves the organisations' data keys to a new master
//! key without stopping Panel (docs/compliance.md, "Rotating the master
//! key"). With key files, the new key waits in `master.key.next` (made by
//! `--prepare`, or by the rotation itself) and takes `master.key`'s place
//! once every key is re-wrapped; with `PANEL_MASTER_KEY`, the operator sets
//! the new key there and the old one in `PANEL_MASTER_KEY_PREVIOUS`.

use std::path::Path;
use std::time::Duration;

use anyhow::{Context, bail};
use indicatif::{ProgressBar, ProgressStyle};

use super::DatabaseArgs;
use crate::crypto::{KeyProvider as _, MasterKey, PREVIOUS_MASTER_KEY_ENV};
use crate::store::{RotationPace, master_key_file, next_key_file};

#[derive(Debug, clap::Args)]
pub(crate) struct KeysArgs {
    #[command(subcommand)]
    command: KeysCommand,
}

#[derive(Debug, clap::Subcommand)]
enum KeysCommand {
    /// Re-wrap every organisation's data key under a new master key (the
    /// data itself is not re-encrypted); resumable: run it again after an
    /// interruption.
    Rotate(RotateArgs),
}

#[derive(Debug, clap::Args)]
struct RotateArgs {
    #[command(flatten)]
    database: DatabaseArgs,
    /// Only make the new key file (`master.key.next`) and stop: restart the
    /// running servers (each then opens both keys and wraps with the new),
    /// then run `panel keys rotate` without it.
    #[arg(long)]
    prepare: bool,
    /// Organisation keys re-wrapped per transaction.
    #[arg(long, default_value_t = 100, value_parser = clap::value_parser!(u32).range(1..=10_000))]
    batch: u32,
    /// At most this many keys a second, to spare a busy database.
    #[arg(long, value_name = "N")]
    rows_per_second: Option<f64>,
}

pub(crate) async fn run(args: KeysArgs) -> anyhow::Result<()> {
    match args.command {
        KeysCommand::Rotate(args) => rotate(args).await,
    }
}

async fn rotate(args: RotateArgs) -> anyhow::Result<()> {
    let key_file = master_key_file(args.database.database_url.as_deref(), &args.database.data_dir);
    let next = key_file.as_deref().map(next_key_file);
    match (&key_file, &next) {
        (Some(file), Some(next)) => {
            if !file.exists() {
                bail!("there is no master key file at {} to rotate", file.display());
            }
            if !next.exists() {
                let key = MasterKey::create_file(next).context("making the new master key file")?;
                println!("new master key {} written to {}", key.key_id(), next.display());
            }
            if args.prepare {
                println!(
                    "servers started from now on wrap with the new key and still open the old one: restart the \
                     running ones, then run `panel keys rotate` again"
                );
                return Ok(());
            }
        }
        _ if args.prepare => {
            bail!(
                "--prepare makes a new key file, and this key is given in PANEL_MASTER_KEY: set the new key there \
                 and the old one in {PREVIOUS_MASTER_KEY_ENV} instead"
            )
        }
        _ => {}
    }
    let store = args.database.open().await?;
    let bar = ProgressBar::new(0).with_style(
        ProgressStyle::with_template("{bar:30} {pos}/{len} organisation keys re-wrapped {wide_msg}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    bar.enable_steady_tick(Duration::from_millis(200));
    let pace = RotationPace { batch: args.batch, per_second: args.rows_per_second };
    let rotation = store
        .rotate_master_key(pace, &mut |done, total| {
            bar.set_length(total);
            bar.set_position(done);
        })
        .await
        .context("re-wrapping the organisations' data keys")?;
    bar.finish_and_clear();
    store.pool().close().await;
    if let (Some(file), Some(next)) = (&key_file, &next) {
        replace_key_file(next, file)?;
        println!(
            "master key rotated: {} of {} organisation keys re-wrapped; {} now holds master key {} (back it up \
             apart from the database; the old key opens nothing any more)",
            rotation.rewrapped,
            rotation.organisations,
            file.display(),
            rotation.key_id
        );
    } else {
        println!(
            "master key rotated: {} of {} organisation keys re-wrapped under master key {}; remove \
             {PREVIOUS_MASTER_KEY_ENV} from every server",
            rotation.rewrapped, rotation.organisations, rotation.key_id
        );
    }
    Ok(())
}

/// Moves the new key file into the old one's place, durably.
fn replace_key_file(next: &Path, file: &Path) -> anyhow::Result<()> {
    std::fs::rename(next, file).with_context(|| format!("moving {} to {}", next.display(), file.display()))?;
    if let Some(dir) = file.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::File::open(dir).and_then(|d| d.sync_all()).context("syncing the key directory")?;
    }
    Ok(())
}

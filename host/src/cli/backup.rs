//! `panel backup create` and `panel backup restore`: the embedded SQLite
//! database and the recordings in one archive, and back; `panel backup
//! ledger` and `panel backup replay` carry the erasure ledger across a
//! restore made with other tools (a PostgreSQL dump).
//!
//! A backup holds what was there when it was made, erased candidates
//! included until their erasure. So a restore never brings anyone back: it
//! reads the erasure ledger of the database it replaces (migration 0021),
//! unpacks the backup beside the data, erases again in the unpacked copy
//! every candidate erased since the backup was made, and only then puts it
//! in place. The archive itself holds sealed values only (the data keys
//! are wrapped by the master key, which is never in it): keep the master key
//! apart, and let old backups expire with the retention rules.

use std::io::Read;
use std::path::{Component, Path, PathBuf};
use std::time::Duration;

use anyhow::{Context, bail};
use indicatif::{ProgressBar, ProgressStyle};
use serde::{Deserialize, Serialize};

use super::DatabaseArgs;
use crate::compliance::erasure::Eraser;
use crate::engine::rfc3339;
use crate::store::{AuditBy, ErasedCandidate, KeySource, Store, now_ms};

/// Bumped when the archive's layout changes.
const FORMAT: u32 = 1;
const MANIFEST: &str = "panel-backup.json";
const DATABASE: &str = "panel.db";
/// The recordings, under the media directory and in the archive.
const RECORDINGS: &str = "media/answers";
const ACTOR: AuditBy<'static> = AuditBy { actor: "cli:backup", origin: "" };

#[derive(Debug, clap::Args)]
pub(crate) struct BackupArgs {
    #[command(subcommand)]
    command: BackupCommand,
}

#[derive(Debug, clap::Subcommand)]
enum BackupCommand {
    /// Write the embedded database (a consistent snapshot, taken while
    /// Panel runs) and the recordings into one archive. The master key is
    /// not in it: back that up apart.
    Create(CreateArgs),
    /// Put a backup in place of the data directory's database and
    /// recordings (refused while `panel serve` runs there), erasing again everyone the
    /// current database says was erased since the backup was made. What it
    /// replaces is kept in `DATA_DIR/replaced-<time>/`.
    Restore(RestoreArgs),
    /// Write the erasure ledger (candidate ids, times, reasons; no personal
    /// data) to a file: before restoring a database any other way (a
    /// PostgreSQL dump), so the erasures made since can be replayed.
    Ledger(LedgerArgs),
    /// Erase again, in the database as it is now (a dump just restored),
    /// everyone a ledger `panel backup ledger` wrote says was erased.
    Replay(ReplayArgs),
}

#[derive(Debug, clap::Args)]
struct LedgerArgs {
    #[command(flatten)]
    database: DatabaseArgs,
    /// The file to write (JSON).
    #[arg(long, value_name = "FILE")]
    out: PathBuf,
}

#[derive(Debug, clap::Args)]
struct ReplayArgs {
    #[command(flatten)]
    database: DatabaseArgs,
    /// A ledger `panel backup ledger` wrote.
    #[arg(long, value_name = "FILE")]
    ledger: PathBuf,
}

/// The erasure ledger as a file.
#[derive(Debug, Serialize, Deserialize)]
struct LedgerFile {
    format: u32,
    exported_at: i64,
    erasures: Vec<ErasedCandidate>,
}

#[derive(Debug, clap::Args)]
struct CreateArgs {
    #[command(flatten)]
    database: DatabaseArgs,
    /// The archive to write (a tar file).
    #[arg(long, value_name = "FILE")]
    out: PathBuf,
}

#[derive(Debug, clap::Args)]
struct RestoreArgs {
    /// Where Panel keeps its data: the database and recordings restored.
    #[arg(long, env = "PANEL_DATA_DIR", default_value = "panel-data")]
    data_dir: PathBuf,
    /// The archive `panel backup create` wrote.
    #[arg(long, value_name = "FILE")]
    from: PathBuf,
}

/// What an archive says of itself.
#[derive(Debug, Serialize, Deserialize)]
struct Manifest {
    format: u32,
    panel_version: String,
    /// When the snapshot was taken (Unix milliseconds).
    created_at: i64,
    /// The last schema migration applied to it.
    migration: i64,
    recordings: u64,
}

pub(crate) async fn run(args: BackupArgs) -> anyhow::Result<()> {
    match args.command {
        BackupCommand::Create(args) => create(args).await,
        BackupCommand::Restore(args) => restore(args).await,
        BackupCommand::Ledger(args) => write_ledger(args).await,
        BackupCommand::Replay(args) => replay_ledger(args).await,
    }
}

fn refuse_postgres(url: Option<&str>) -> anyhow::Result<()> {
    if url.is_some_and(|url| !url.starts_with("sqlite:")) {
        bail!(
            "`panel backup` covers the embedded SQLite database; back PostgreSQL up with its own tools \
             (pg_dump, pg_basebackup) and the media directory with the files (docs/compliance.md says how \
             erasures are kept across a restore)"
        );
    }
    Ok(())
}

async fn create(args: CreateArgs) -> anyhow::Result<()> {
    refuse_postgres(args.database.database_url.as_deref())?;
    if args.database.database_url.is_some() {
        bail!("`panel backup create` backs up a data directory: give --data-dir, not a SQLite URL");
    }
    let store = args.database.open().await?;
    let staging = tempfile::tempdir_in(&args.database.data_dir).context("making a staging directory")?;
    let snapshot = staging.path().join(DATABASE);
    // A consistent copy while the server writes: SQLite's own snapshot.
    sqlx::query("VACUUM INTO $1")
        .bind(snapshot.to_string_lossy().into_owned())
        .execute(store.pool())
        .await
        .context("taking a snapshot of the database")?;
    let migration: i64 = sqlx::query_scalar("SELECT MAX(version) FROM _sqlx_migrations")
        .fetch_one(store.pool())
        .await
        .context("reading the schema version")?;
    let recordings = files_under(&args.database.data_dir.join(RECORDINGS))?;
    let manifest = Manifest {
        format: FORMAT,
        panel_version: env!("CARGO_PKG_VERSION").to_owned(),
        created_at: now_ms(),
        migration,
        recordings: recordings.len() as u64,
    };
    let bar = progress(recordings.len() as u64 + 1, "files archived");
    let partial = args.out.with_extension("partial");
    let written = (|| -> anyhow::Result<u64> {
        let file = std::fs::File::create(&partial)?;
        let mut archive = tar::Builder::new(std::io::BufWriter::new(file));
        let manifest = serde_json::to_vec_pretty(&manifest)?;
        let mut header = tar::Header::new_gnu();
        header.set_size(manifest.len() as u64);
        header.set_mode(0o600);
        header.set_mtime(0);
        header.set_cksum();
        archive.append_data(&mut header, MANIFEST, manifest.as_slice())?;
        archive.append_path_with_name(&snapshot, DATABASE)?;
        bar.inc(1);
        for (relative, path) in &recordings {
            archive.append_path_with_name(path, Path::new(RECORDINGS).join(relative))?;
            bar.inc(1);
        }
        let file = archive.into_inner()?.into_inner().map_err(|e| e.into_error())?;
        file.sync_all()?;
        Ok(file.metadata()?.len())
    })()
    .with_context(|| format!("writing {}", partial.display()));
    bar.finish_and_clear();
    let bytes = written?;
    std::fs::rename(&partial, &args.out).with_context(|| format!("moving the backup to {}", args.out.display()))?;
    let detail = format!("{} recordings, {bytes} bytes", manifest.recordings);
    store.audit(ACTOR.actor, "backup.create", "platform:backup", &detail, "").await?;
    store.pool().close().await;
    println!(
        "backup written to {}: the database at migration {migration} and {} recordings ({bytes} bytes). The master \
         key is not in it: keep it apart, as the backup needs it to be restored.",
        args.out.display(),
        manifest.recordings
    );
    Ok(())
}

/// The lock a serving `panel serve` holds on its data directory.
const SERVING_LOCK: &str = "serve.lock";

/// Takes the data directory's serving lock for as long as the file
/// returned lives (the operating system releases it when the process
/// ends, however it ends). Another server on the same directory gets a
/// warning, not a refusal: the lock only keeps restores away.
pub(crate) fn hold_data_dir(data: &Path) -> Option<std::fs::File> {
    match serving_lock(data).map(|file| file.try_lock().map(|()| file)) {
        Ok(Ok(file)) => Some(file),
        Ok(Err(std::fs::TryLockError::WouldBlock)) => {
            tracing::warn!(data_dir = %data.display(), "another panel serve is using this data directory");
            None
        }
        Ok(Err(std::fs::TryLockError::Error(e))) | Err(e) => {
            tracing::warn!(error = %e, "could not lock the data directory against restores while serving");
            None
        }
    }
}

/// The data directory's serving lock file (made, with the directory, when
/// missing), not yet locked.
fn serving_lock(data: &Path) -> std::io::Result<std::fs::File> {
    std::fs::create_dir_all(data)?;
    std::fs::OpenOptions::new().create(true).truncate(false).write(true).open(data.join(SERVING_LOCK))
}

async fn restore(args: RestoreArgs) -> anyhow::Result<()> {
    refuse_postgres(std::env::var("PANEL_DATABASE_URL").ok().filter(|v| !v.is_empty()).as_deref())?;
    let data = &args.data_dir;
    let lock = serving_lock(data).with_context(|| format!("opening the lock of {}", data.display()))?;
    match lock.try_lock() {
        Ok(()) => {}
        Err(std::fs::TryLockError::WouldBlock) => {
            bail!("a panel serve is using {}: stop it before restoring a backup there", data.display())
        }
        Err(std::fs::TryLockError::Error(e)) => return Err(e).context("locking the data directory"),
    }
    let staging = tempfile::tempdir_in(data).context("making a staging directory")?;
    let manifest = unpack(&args.from, staging.path())
        .with_context(|| format!("{} is not a backup `panel backup create` wrote", args.from.display()))?;

    // Who was erased, by the database being replaced: whoever the backup
    // still holds of them is erased again before it goes in place.
    let current = data.join(DATABASE);
    let ledger = if current.exists() {
        let store = Store::open_data_dir(data).await.with_context(|| {
            format!(
                "opening the database being replaced, to read its erasure ledger (if it is beyond repair, move {} \
                 away and restore again: erasures recorded only there cannot then be re-applied)",
                current.display()
            )
        })?;
        let ledger = store.erasure_ledger().await?;
        store.pool().close().await;
        ledger
    } else {
        eprintln!("no database to replace in {}: only the backup's own erasures apply", data.display());
        Vec::new()
    };

    let staged_url = format!("sqlite://{}", staging.path().join(DATABASE).display());
    let staged = Store::open_with(&staged_url, KeySource::File(data.join("master.key")))
        .await
        .context("opening the backup with the data directory's master key (the key the backup was made under)")?;
    let eraser = Eraser { store: staged.clone(), media_root: Some(staging.path().join("media")), embeddings: None };
    let erased_again = replay(&eraser, &ledger).await?;
    let detail = format!("backup of {}; {erased_again} candidates erased again", rfc3339(manifest.created_at));
    staged.audit(ACTOR.actor, "backup.restore", "platform:backup", &detail, "").await?;
    staged.pool().close().await;

    // The swap: what is replaced is moved aside whole, then the restored
    // copy is moved in.
    let aside = data.join(format!("replaced-{}", now_ms()));
    std::fs::create_dir_all(aside.join("media"))?;
    for name in [DATABASE, "panel.db-wal", "panel.db-shm"] {
        move_if_present(&data.join(name), &aside.join(name))?;
    }
    move_if_present(&data.join(RECORDINGS), &aside.join(RECORDINGS))?;
    std::fs::create_dir_all(data.join("media"))?;
    std::fs::rename(staging.path().join(DATABASE), &current).context("putting the restored database in place")?;
    move_if_present(&staging.path().join(RECORDINGS), &data.join(RECORDINGS))?;
    println!(
        "restored the backup of {} (migration {}, {} recordings); {erased_again} candidates erased since it was made \
         were erased again. What it replaced is in {} until you remove it.",
        rfc3339(manifest.created_at),
        manifest.migration,
        manifest.recordings,
        aside.display()
    );
    Ok(())
}

/// Erases again everyone in `ledger` that `eraser`'s store still holds;
/// returns how many.
async fn replay(eraser: &Eraser, ledger: &[ErasedCandidate]) -> anyhow::Result<u64> {
    let bar = progress(ledger.len() as u64, "erasures re-applied");
    let mut erased_again = 0;
    for entry in ledger {
        if eraser.replay(entry, now_ms(), ACTOR).await.context("erasing a candidate again")?.is_some() {
            erased_again += 1;
        }
        bar.inc(1);
    }
    bar.finish_and_clear();
    Ok(erased_again)
}

async fn write_ledger(args: LedgerArgs) -> anyhow::Result<()> {
    let store = args.database.open().await?;
    let file = LedgerFile { format: FORMAT, exported_at: now_ms(), erasures: store.erasure_ledger().await? };
    store
        .audit(ACTOR.actor, "backup.ledger", "platform:backup", &format!("{} erasures", file.erasures.len()), "")
        .await?;
    store.pool().close().await;
    let partial = args.out.with_extension("partial");
    std::fs::write(&partial, serde_json::to_vec_pretty(&file)?)
        .with_context(|| format!("writing {}", partial.display()))?;
    std::fs::rename(&partial, &args.out).with_context(|| format!("moving the ledger to {}", args.out.display()))?;
    println!("{} erasures written to {}", file.erasures.len(), args.out.display());
    Ok(())
}

async fn replay_ledger(args: ReplayArgs) -> anyhow::Result<()> {
    let text = std::fs::read_to_string(&args.ledger).with_context(|| format!("reading {}", args.ledger.display()))?;
    let file: LedgerFile = serde_json::from_str(&text)
        .with_context(|| format!("{} is not a ledger `panel backup ledger` wrote", args.ledger.display()))?;
    if file.format != FORMAT {
        bail!("the ledger's format is {}, this Panel reads {FORMAT}", file.format);
    }
    let store = args.database.open().await?;
    let media_root = Some(args.database.data_dir.join("media"));
    let eraser = Eraser { store: store.clone(), media_root, embeddings: None };
    let erased_again = replay(&eraser, &file.erasures).await?;
    let detail = format!("ledger of {}; {erased_again} candidates erased again", rfc3339(file.exported_at));
    store.audit(ACTOR.actor, "backup.replay", "platform:backup", &detail, "").await?;
    store.pool().close().await;
    println!(
        "{erased_again} of the {} candidates in the ledger were still held and are erased again",
        file.erasures.len()
    );
    Ok(())
}

/// Unpacks an archive into `into`, accepting only what a backup holds: its
/// manifest, the database and recordings under `media/answers/<session>/`.
fn unpack(archive: &Path, into: &Path) -> anyhow::Result<Manifest> {
    let file = std::fs::File::open(archive)?;
    let mut entries = tar::Archive::new(std::io::BufReader::new(file));
    let mut manifest = None;
    let mut database = false;
    for entry in entries.entries()? {
        let mut entry = entry?;
        if !entry.header().entry_type().is_file() {
            bail!("it holds something other than files");
        }
        let path = entry.path()?.into_owned();
        if path.components().any(|c| !matches!(c, Component::Normal(_))) {
            bail!("it names a file outside itself: {}", path.display());
        }
        let name = path.to_string_lossy().into_owned();
        if name == MANIFEST {
            let mut text = String::new();
            entry.read_to_string(&mut text)?;
            let read: Manifest = serde_json::from_str(&text).context("its manifest does not read")?;
            if read.format != FORMAT {
                bail!("its format is {}, this Panel reads {FORMAT}", read.format);
            }
            manifest = Some(read);
        } else if name == DATABASE || is_recording(&path) {
            database |= name == DATABASE;
            let target = into.join(&path);
            if let Some(parent) = target.parent() {
                std::fs::create_dir_all(parent)?;
            }
            entry.unpack(&target)?;
        } else {
            bail!("it holds a file a backup does not: {name}");
        }
    }
    if !database {
        bail!("it holds no database");
    }
    manifest.ok_or_else(|| anyhow::anyhow!("it has no manifest"))
}

/// `media/answers/<session id>/<file>`.
fn is_recording(path: &Path) -> bool {
    let parts: Vec<String> = path.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
    matches!(parts.as_slice(), [media, answers, session, _file]
        if media == "media" && answers == "answers" && session.bytes().all(|b| b.is_ascii_digit()))
}

/// Every file under `root` (none when it does not exist), by path relative
/// to it, skipping seals a stopped server left half-written.
fn files_under(root: &Path) -> anyhow::Result<Vec<(PathBuf, PathBuf)>> {
    let mut found = Vec::new();
    let sessions = match std::fs::read_dir(root) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(found),
        Err(e) => return Err(e).with_context(|| format!("reading {}", root.display())),
    };
    for session in sessions {
        let session = session?;
        if !session.file_type()?.is_dir() {
            continue;
        }
        for file in std::fs::read_dir(session.path())? {
            let file = file?;
            let path = file.path();
            if file.file_type()?.is_file() && path.extension().is_none_or(|e| e != "sealing") {
                found.push((PathBuf::from(session.file_name()).join(file.file_name()), path));
            }
        }
    }
    found.sort();
    Ok(found)
}

fn move_if_present(from: &Path, to: &Path) -> anyhow::Result<()> {
    match std::fs::rename(from, to) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
            Err(e).with_context(|| format!("moving {} to {}", from.display(), to.display()))
        }
        _ => Ok(()),
    }
}

fn progress(length: u64, what: &str) -> ProgressBar {
    let bar = ProgressBar::new(length).with_style(
        ProgressStyle::with_template(&format!("{{bar:30}} {{pos}}/{{len}} {what}"))
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    bar.enable_steady_tick(Duration::from_millis(200));
    bar
}

#[cfg(test)]
mod tests {
    use super::is_recording;
    use std::path::Path;

    #[test]
    fn only_recordings_under_a_session_are_taken_from_an_archive() {
        assert!(is_recording(Path::new("media/answers/42/0123abcd.webm")));
        for other in ["media/answers/x/a.webm", "media/uploads/42/a.part", "media/answers/42", "etc/passwd"] {
            assert!(!is_recording(Path::new(other)), "{other}");
        }
    }
}

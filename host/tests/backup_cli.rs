//! `panel backup create` and `panel backup restore` as an operator runs
//! them on a data directory: a backup made before a candidate's erasure
//! does not bring them back when restored (their rows, key and recordings
//! are erased again before the restored copy goes in place), everyone else
//! comes back whole, the audit chains still verify; a restore is refused
//! while a server holds the data directory, and an archive that is not a
//! backup is refused with nothing touched. A database restored by
//! other means (a copy of its files, as a PostgreSQL dump would be) gets the
//! same erasures replayed from a ledger written before.

use std::path::Path;
use std::process::{Command, Output};

use panel::compliance::erasure::Eraser;
use panel::store::{AuditBy, NewCandidate, Store};

fn panel(data: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_panel"))
        .args(args)
        .arg("--data-dir")
        .arg(data)
        .env_remove("PANEL_DATABASE_URL")
        .env_remove("PANEL_MASTER_KEY")
        .env_remove("PANEL_MASTER_KEY_FILE")
        .env_remove("PANEL_MASTER_KEY_PREVIOUS")
        .env_remove("RUST_LOG")
        .output()
        .expect("panel runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Whether `needle` is in any file under `dir`.
fn found_under(dir: &Path, needle: &[u8]) -> Vec<String> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).expect("read dir").flatten() {
        let path = entry.path();
        if path.is_dir() {
            found.extend(found_under(&path, needle));
        } else if std::fs::read(&path).is_ok_and(|bytes| bytes.windows(needle.len()).any(|w| w == needle)) {
            found.push(path.display().to_string());
        }
    }
    found
}

#[test]
fn a_restored_backup_does_not_bring_back_a_candidate_erased_since() {
    let root = tempfile::tempdir().expect("temp dir");
    let data = root.path().join("data");
    let archive = root.path().join("backup.tar");
    let runtime = tokio::runtime::Runtime::new().expect("tokio");
    let (kept, erased) = runtime.block_on(async {
        let store = Store::open_data_dir(&data).await.expect("store");
        let organisation = store.create_organisation("Acme").await.expect("organisation");
        let mut ids = Vec::new();
        for (name, email) in [("Kept Person", "kept@example.org"), ("Erased Person", "erased@example.org")] {
            let person = NewCandidate { name: name.into(), email: email.into(), ..NewCandidate::default() };
            ids.push(store.create_candidate(organisation, &person).await.expect("candidate").0);
        }
        store.pool().close().await;
        (ids[0], ids[1])
    });
    // A recording on disk, as the server keeps them.
    let recording = data.join("media/answers/7/0123456789abcdef0123456789abcdef.webm");
    std::fs::create_dir_all(recording.parent().expect("folder")).expect("media folder");
    std::fs::write(&recording, b"a sealed recording").expect("recording");

    let made = panel(&data, &["backup", "create", "--out", archive.to_str().expect("path")]);
    assert!(made.status.success(), "{}{}", text(&made.stdout), text(&made.stderr));
    assert!(text(&made.stdout).contains("1 recordings"), "{}", text(&made.stdout));
    assert!(found_under(root.path(), b"panel-backup.json").iter().any(|f| f.ends_with("backup.tar")));

    // A copy of the database's files, as another tool would have kept it.
    let copy = root.path().join("copy");
    std::fs::create_dir_all(&copy).expect("copy dir");
    for name in ["panel.db", "panel.db-wal", "master.key"] {
        if data.join(name).exists() {
            std::fs::copy(data.join(name), copy.join(name)).expect("copy");
        }
    }

    // After the backup: one candidate is erased, the recording is lost.
    runtime.block_on(async {
        let store = Store::open_data_dir(&data).await.expect("store");
        let eraser = Eraser { store: store.clone(), media_root: Some(data.join("media")), embeddings: None };
        let by = AuditBy { actor: "user:1", origin: "" };
        eraser.erase(erased, "candidate.erase", 1_000, by).await.expect("erased");
        store.pool().close().await;
    });
    std::fs::remove_file(&recording).expect("lost");

    // The ledger, written before the copy is put back, replays the erasure there.
    let ledger = root.path().join("ledger.json");
    let written = panel(&data, &["backup", "ledger", "--out", ledger.to_str().expect("path")]);
    assert!(written.status.success(), "{}", text(&written.stderr));
    let replayed = panel(&copy, &["backup", "replay", "--ledger", ledger.to_str().expect("path")]);
    assert!(replayed.status.success(), "{}", text(&replayed.stderr));
    assert!(text(&replayed.stdout).starts_with("1 of the 1 candidates"), "{}", text(&replayed.stdout));
    runtime.block_on(async {
        let store = Store::open_data_dir(&copy).await.expect("the copy");
        assert!(store.candidate(erased).await.is_err(), "the erased candidate is in the copy");
        assert_eq!(store.candidate(kept).await.expect("kept").name, "Kept Person");
        store.pool().close().await;
    });

    // Not while a server uses the data directory (its lock, held here in its stead).
    let serving = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(data.join("serve.lock"))
        .expect("the serving lock");
    serving.lock().expect("locked");
    let refused = panel(&data, &["backup", "restore", "--from", archive.to_str().expect("path")]);
    assert!(!refused.status.success(), "restored under a running server");
    assert!(text(&refused.stderr).contains("stop it before restoring"), "{}", text(&refused.stderr));
    drop(serving);

    let restored = panel(&data, &["backup", "restore", "--from", archive.to_str().expect("path")]);
    let stdout = text(&restored.stdout);
    assert!(restored.status.success(), "{stdout}{}", text(&restored.stderr));
    assert!(stdout.contains("1 candidates erased since it was made were erased again"), "{stdout}");
    assert_eq!(std::fs::read(&recording).expect("the recording is back"), b"a sealed recording");

    runtime.block_on(async {
        let store = Store::open_data_dir(&data).await.expect("the restored store");
        assert_eq!(store.candidate(kept).await.expect("kept").name, "Kept Person");
        assert!(store.candidate(erased).await.is_err(), "the erased candidate came back");
        let keys: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM candidate_keys WHERE candidate_id = $1")
            .bind(erased)
            .fetch_one(store.pool())
            .await
            .expect("count");
        assert_eq!(keys, 0, "the erased candidate's key came back");
        let ledger: Vec<i64> = store.erasure_ledger().await.expect("ledger").iter().map(|e| e.candidate_id).collect();
        assert_eq!(ledger, [erased]);
        for chain in store.verify_audit_all().await.expect("verify") {
            assert_eq!(chain.problem, None, "chain {}", chain.chain);
        }
        store.pool().close().await;
    });
    // Nothing of the erased candidate is left in the restored database's files.
    let live: Vec<_> =
        found_under(&data, b"erased@example.org").into_iter().filter(|f| !f.contains("replaced-")).collect();
    assert!(live.is_empty(), "{live:?}");

    // Not a backup: refused, and nothing moved.
    let bogus = root.path().join("bogus.tar");
    std::fs::write(&bogus, b"not a tar file at all").expect("bogus");
    let refused = panel(&data, &["backup", "restore", "--from", bogus.to_str().expect("path")]);
    assert!(!refused.status.success());
    assert!(text(&refused.stderr).contains("is not a backup"), "{}", text(&refused.stderr));
    runtime.block_on(async {
        let store = Store::open_data_dir(&data).await.expect("still the restored store");
        assert_eq!(store.candidate(kept).await.expect("kept").name, "Kept Person");
    });
}

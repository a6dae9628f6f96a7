//! `panel keys rotate` as an operator runs it on a data directory's SQLite
//! database: killed with SIGKILL halfway, the database still opens with
//! both keys and every candidate reads back; run again, it finishes, the new
//! key takes the key file's place, and the old key opens nothing any more.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use panel::crypto::{KeyProvider as _, MasterKey};
use panel::store::{NewCandidate, Store, next_key_file};

const ORGANISATIONS: usize = 120;

fn rotate(data: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_panel"));
    command
        .args(["keys", "rotate", "--data-dir"])
        .arg(data)
        .env_remove("PANEL_DATABASE_URL")
        .env_remove("PANEL_MASTER_KEY")
        .env_remove("PANEL_MASTER_KEY_FILE")
        .env_remove("PANEL_MASTER_KEY_PREVIOUS")
        .env_remove("RUST_LOG");
    command
}

/// Organisation keys wrapped by master key `id`.
async fn wrapped_by(data: &Path, id: &str) -> i64 {
    sqlx::any::install_default_drivers();
    let url = format!("sqlite://{}", data.join("panel.db").display());
    let pool = sqlx::AnyPool::connect(&url).await.expect("a reader");
    let n = sqlx::query_scalar("SELECT COUNT(*) FROM organisation_keys WHERE key_id = $1")
        .bind(id)
        .fetch_one(&pool)
        .await
        .expect("count");
    pool.close().await;
    n
}

async fn names_read_back(data: &Path, candidates: &[i64]) {
    let store = Store::open_data_dir(data).await.expect("the store opens");
    for (i, id) in candidates.iter().enumerate() {
        assert_eq!(store.candidate(*id).await.expect("candidate").name, format!("Person {i}"));
    }
    store.pool().close().await;
}

#[test]
fn a_rotation_killed_halfway_resumes_and_loses_nothing() {
    let root = tempfile::tempdir().expect("temp dir");
    let data = root.path().join("data");
    let runtime = tokio::runtime::Runtime::new().expect("tokio");
    let candidates = runtime.block_on(async {
        let store = Store::open_data_dir(&data).await.expect("store");
        let mut ids = Vec::new();
        for i in 0..ORGANISATIONS {
            let organisation = store.create_organisation(&format!("Organisation {i}")).await.expect("organisation");
            let person = NewCandidate {
                name: format!("Person {i}"),
                email: format!("person{i}@example.org"),
                ..NewCandidate::default()
            };
            ids.push(store.create_candidate(organisation, &person).await.expect("candidate").0);
        }
        store.pool().close().await;
        ids
    });
    let key_file = data.join("master.key");
    let old_key = std::fs::read(&key_file).expect("the key file");
    let old_id = MasterKey::read_file(&key_file).expect("old key").key_id().to_owned();
    assert_eq!(runtime.block_on(wrapped_by(&data, &old_id)), ORGANISATIONS as i64);

    // Slowly (40 keys a second, 5 a transaction), so it is caught halfway.
    let mut child = rotate(&data)
        .args(["--batch", "5", "--rows-per-second", "40"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("panel runs");
    let started = Instant::now();
    loop {
        let left = runtime.block_on(wrapped_by(&data, &old_id));
        if left > 0 && left < ORGANISATIONS as i64 {
            child.kill().expect("SIGKILL");
            break;
        }
        assert!(child.try_wait().expect("wait").is_none(), "the rotation finished before it could be stopped");
        assert!(started.elapsed() < Duration::from_secs(60), "the rotation did not start");
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait().expect("the killed rotation");
    let next = next_key_file(&key_file);
    assert!(next.exists(), "the new key file is kept until the rotation is done");
    let new_id = MasterKey::read_file(&next).expect("new key").key_id().to_owned();
    assert_ne!(new_id, old_id);
    // Halfway, the store opens with both keys and every candidate reads back.
    runtime.block_on(names_read_back(&data, &candidates));

    let resumed = rotate(&data).output().expect("panel runs");
    let stdout = String::from_utf8_lossy(&resumed.stdout);
    assert!(resumed.status.success(), "{stdout}{}", String::from_utf8_lossy(&resumed.stderr));
    assert!(stdout.contains("master key rotated") && stdout.contains(&new_id), "{stdout}");
    assert!(!next.exists(), "the new key file took the old one's place");
    assert_eq!(MasterKey::read_file(&key_file).expect("key").key_id(), new_id);
    assert_eq!(runtime.block_on(wrapped_by(&data, &new_id)), ORGANISATIONS as i64);
    runtime.block_on(names_read_back(&data, &candidates));

    // The old key opens nothing any more.
    std::fs::write(&key_file, &old_key).expect("the old key back");
    let refused = runtime.block_on(Store::open_data_dir(&data)).expect_err("opened with the old key").to_string();
    assert!(refused.contains("does not match this database"), "{refused}");
}

//! Databases for tests: a fresh SQLite file every time, and a fresh
//! PostgreSQL database when `PANEL_TEST_POSTGRES_URL` names a server
//! (`cargo xtask test` starts a throwaway one). Storage tests run on every
//! backend given.

use std::sync::atomic::{AtomicU32, Ordering};

use panel::store::Store;

/// A test database; SQLite files are removed when it is dropped.
#[derive(Debug)]
pub struct TestDb {
    pub name: &'static str,
    pub store: Store,
    _dir: Option<tempfile::TempDir>,
    /// A PostgreSQL database's URL, to open it again.
    url: Option<String>,
}

impl TestDb {
    /// The directory of a SQLite database's files (`panel.db` and its
    /// write-ahead log), for tests that read the raw bytes.
    pub fn sqlite_dir(&self) -> Option<&std::path::Path> {
        self._dir.as_ref().map(tempfile::TempDir::path)
    }

    /// A PostgreSQL database's URL, to open it again (e.g. with another key).
    pub fn postgres_url(&self) -> Option<&str> {
        self.url.as_deref()
    }
}

/// The PostgreSQL server tests use, if any.
pub fn postgres_url() -> Option<String> {
    std::env::var("PANEL_TEST_POSTGRES_URL").ok().filter(|u| !u.is_empty())
}

/// A migrated database on every backend under test: SQLite always, and
/// PostgreSQL when configured.
pub async fn databases() -> Vec<TestDb> {
    let mut dbs = vec![sqlite().await];
    if let Some(url) = postgres_url() {
        dbs.push(postgres(&url).await);
    }
    dbs
}

pub async fn sqlite() -> TestDb {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = Store::open_data_dir(dir.path()).await.expect("open SQLite");
    TestDb { name: "sqlite", store, _dir: Some(dir), url: None }
}

/// A new, empty database on the server at `url`.
pub async fn postgres(url: &str) -> TestDb {
    static NEXT: AtomicU32 = AtomicU32::new(0);
    sqlx::any::install_default_drivers();
    let name = format!("panel_test_{}_{}", std::process::id(), NEXT.fetch_add(1, Ordering::Relaxed));
    let admin = sqlx::AnyPool::connect(url).await.expect("connect to the test PostgreSQL server");
    sqlx::query(&format!("DROP DATABASE IF EXISTS {name}")).execute(&admin).await.expect("drop old test database");
    sqlx::query(&format!("CREATE DATABASE {name}")).execute(&admin).await.expect("create test database");
    admin.close().await;
    let (base, query) = url.split_once('?').map_or((url, None), |(b, q)| (b, Some(q)));
    let base = match base.rfind('/') {
        Some(i) if i > base.find("://").map_or(0, |s| s + 2) => &base[..i],
        _ => base,
    };
    let db_url = match query {
        Some(q) => format!("{base}/{name}?{q}"),
        None => format!("{base}/{name}"),
    };
    // A key of the test's own: the database is new, and goes with the test.
    let key = panel::crypto::MasterKey::generate().expect("a master key");
    let store = Store::open_with(&db_url, panel::store::KeySource::Provider(std::sync::Arc::new(key)))
        .await
        .expect("open the test PostgreSQL database");
    TestDb { name: "postgres", store, _dir: None, url: Some(db_url) }
}

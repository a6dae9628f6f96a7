//! The keys' rows (docs/compliance.md): the master key's check value, the
//! organisations' data keys (wrapped by the master key) and the
//! candidates' (wrapped by their organisation's). Opening a store resolves
//! the master key and refuses one that does not match the database.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use sqlx::Row;

use super::{Backend, Store, StoreError, StoreResult, WriteTx, now_ms};
use crate::crypto::{
    CryptoError, DataKey, KeyProvider, Keyring, MASTER_KEY_ENV, MASTER_KEY_FILE_ENV, MasterKey, MasterKeys,
    candidate_context, is_sealed, organisation_context,
};

/// What the check value is wrapped for.
pub(super) const KEY_CHECK_CONTEXT: &str = "panel:key-check";

/// Where a store's master key comes from. Either way `PANEL_MASTER_KEY`
/// and `PANEL_MASTER_KEY_FILE` come first.
#[derive(Debug, Clone)]
pub enum KeySource {
    /// Beside a SQLite database file (`master.key`), created on its first
    /// start; an in-memory database gets a key that lives as long as it.
    /// PostgreSQL needs one of the variables.
    Default,
    /// This key file, created on the first start when absent.
    File(PathBuf),
    /// This provider, ignoring the variables (tests, a KMS).
    Provider(Arc<dyn KeyProvider>),
}

pub(crate) fn crypto_error(what: &'static str) -> impl Fn(CryptoError) -> StoreError {
    move |e| StoreError::Corrupt { what, reason: e.to_string() }
}

impl Store {
    /// Resolves the master key, checks it against the database (or records
    /// its check value on a new one), and seals candidates stored before
    /// encryption existed.
    pub(super) async fn unlock(&mut self, source: KeySource, sqlite_file: Option<PathBuf>) -> StoreResult<()> {
        let recorded = sqlx::query("SELECT key_id, check_value FROM key_check WHERE id = 1")
            .fetch_optional(&self.pool)
            .await?
            .map(|r| Ok::<_, StoreError>((r.try_get::<String, _>(0)?, r.try_get::<String, _>(1)?)))
            .transpose()?;
        let provider = resolve(source, sqlite_file, self.backend, recorded.is_some())?;
        match recorded {
            Some((key_id, check)) => verify(provider.as_ref(), &key_id, &check).await?,
            None => {
                let check = provider
                    .wrap(KEY_CHECK_CONTEXT, &DataKey::generate().map_err(key_error)?)
                    .await
                    .map_err(key_error)?;
                let mut w = self.write().await?;
                sqlx::query(
                    "INSERT INTO key_check (id, key_id, check_value, created_at) VALUES (1, $1, $2, $3) \
                     ON CONFLICT (id) DO NOTHING",
                )
                .bind(provider.key_id())
                .bind(&check)
                .bind(now_ms())
                .execute(&mut *w.tx)
                .await?;
                w.commit().await?;
                // Another process may have set the database up first.
                let row =
                    sqlx::query("SELECT key_id, check_value FROM key_check WHERE id = 1").fetch_one(&self.pool).await?;
                verify(provider.as_ref(), &row.try_get::<String, _>(0)?, &row.try_get::<String, _>(1)?).await?;
            }
        }
        self.keys = Arc::new(Keyring::new(provider));
        self.seal_rows_in_clear().await?;
        Ok(())
    }

    /// The organisation's data key; made (in a transaction of its own,
    /// so never call this holding the write transaction) on first use.
    pub(crate) async fn organisation_key(&self, organisation_id: i64) -> StoreResult<Arc<DataKey>> {
        if let Some(key) = self.keys.organisation(organisation_id) {
            return Ok(key);
        }
        let context = organisation_context(organisation_id);
        for _ in 0..2 {
            let row = sqlx::query("SELECT key_id, wrapped FROM organisation_keys WHERE organisation_id = $1")
                .bind(organisation_id)
                .fetch_optional(&self.pool)
                .await?;
            if let Some(row) = row {
                let wrapped: String = row.try_get("wrapped")?;
                let key = self.keys.provider().unwrap(&context, &wrapped).await.map_err(|e| {
                    let key_id: String = row.try_get("key_id").unwrap_or_default();
                    StoreError::Key(format!(
                        "organisation {organisation_id}'s data key (wrapped by master key {key_id}) does not open: {e}"
                    ))
                })?;
                let key = Arc::new(key);
                self.keys.remember_organisation(organisation_id, key.clone());
                return Ok(key);
            }
            let key = DataKey::generate().map_err(key_error)?;
            let wrapped = self.keys.provider().wrap(&context, &key).await.map_err(key_error)?;
            let mut w = self.write().await?;
            sqlx::query(
                "INSERT INTO organisation_keys (organisation_id, key_id, wrapped, created_at) VALUES ($1, $2, $3, $4) \
                 ON CONFLICT (organisation_id) DO NOTHING",
            )
            .bind(organisation_id)
            .bind(self.keys.provider().key_id())
            .bind(&wrapped)
            .bind(now_ms())
            .execute(&mut *w.tx)
            .await?;
            w.commit().await?;
            // Read back: a concurrent first use may have stored its key first.
        }
        Err(StoreError::not_found("organisation key", organisation_id))
    }

    /// The data keys of these candidates; an erased candidate has none.
    pub(crate) async fn candidate_keys(&self, ids: &[i64]) -> StoreResult<HashMap<i64, Arc<DataKey>>> {
        let mut keys = HashMap::with_capacity(ids.len());
        let mut missing = Vec::new();
        for &id in ids {
            match self.keys.candidate(id) {
                Some(key) => {
                    keys.insert(id, key);
                }
                None => missing.push(id),
            }
        }
        missing.sort_unstable();
        missing.dedup();
        for chunk in missing.chunks(500) {
            // Ids are numbers we hold: written into the statement.
            let list = chunk.iter().map(i64::to_string).collect::<Vec<_>>().join(", ");
            let rows = sqlx::query(&format!(
                "SELECT candidate_id, organisation_id, wrapped FROM candidate_keys WHERE candidate_id IN ({list})"
            ))
            .fetch_all(&self.pool)
            .await?;
            for row in rows {
                let id: i64 = row.try_get("candidate_id")?;
                let organisation = self.organisation_key(row.try_get("organisation_id")?).await?;
                let key = organisation
                    .unwrap_key(&candidate_context(id), &row.try_get::<String, _>("wrapped")?)
                    .map_err(crypto_error("candidate key"))?;
                let key = Arc::new(key);
                self.keys.remember_candidate(id, key.clone());
                keys.insert(id, key);
            }
        }
        Ok(keys)
    }

    /// The candidate's data key, if they have one.
    pub(crate) async fn candidate_key(&self, candidate_id: i64) -> StoreResult<Option<Arc<DataKey>>> {
        Ok(self.candidate_keys(&[candidate_id]).await?.remove(&candidate_id))
    }

    /// Candidates' names as sealed in `candidates.name`, by candidate id,
    /// opened in order. A candidate erased since the names were read shows
    /// as "(erased)".
    pub(crate) async fn open_candidate_names(&self, sealed: Vec<(i64, String)>) -> StoreResult<Vec<String>> {
        let ids: Vec<i64> = sealed.iter().map(|(id, _)| *id).collect();
        let keys = self.candidate_keys(&ids).await?;
        sealed
            .into_iter()
            .map(|(id, name)| match keys.get(&id) {
                None if is_sealed(&name) => Ok("(erased)".to_owned()),
                key => open_field(key.map(Arc::as_ref), super::candidates::NAME, name),
            })
            .collect()
    }

    /// Forgets an erased candidate's key in memory (the row goes with the
    /// erasure's transaction).
    pub(crate) fn forget_candidate_key(&self, candidate_id: i64) {
        self.keys.forget_candidate(candidate_id);
    }

    /// The master key's id (not secret), for messages and `panel` output.
    pub fn master_key_id(&self) -> &str {
        self.keys.provider().key_id()
    }
}

/// Stores a new candidate's data key, wrapped by their organisation's.
pub(crate) async fn insert_candidate_key(
    w: &mut WriteTx<'_>,
    candidate_id: i64,
    organisation_id: i64,
    organisation_key: &DataKey,
    key: &DataKey,
) -> StoreResult<()> {
    let wrapped = organisation_key.wrap(&candidate_context(candidate_id), key).map_err(key_error)?;
    sqlx::query(
        "INSERT INTO candidate_keys (candidate_id, organisation_id, wrapped, created_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(candidate_id)
    .bind(organisation_id)
    .bind(wrapped)
    .bind(now_ms())
    .execute(&mut *w.tx)
    .await?;
    Ok(())
}

/// Opens a sealed field. A value not sealed is returned as it is: a row
/// written behind the store's back (benchmark fixtures in plain SQL) since
/// the last start, which seals it.
pub(crate) fn open_field(key: Option<&DataKey>, aad: &'static str, value: String) -> StoreResult<String> {
    if !is_sealed(&value) {
        return Ok(value);
    }
    let key = key.ok_or_else(|| StoreError::Corrupt { what: "candidate", reason: "its data key is missing".into() })?;
    key.open_str(aad, &value).map_err(crypto_error("candidate"))
}

fn key_error(e: CryptoError) -> StoreError {
    StoreError::Key(e.to_string())
}

/// The key file that replaces `path` while a rotation is under way
/// (`master.key.next` beside `master.key`): once it exists it wraps, and
/// `path` only unwraps, until `panel keys rotate` moves it into place.
pub fn next_key_file(path: &Path) -> PathBuf {
    let mut name = path.file_name().map(ToOwned::to_owned).unwrap_or_default();
    name.push(".next");
    path.with_file_name(name)
}

/// The master key `source` names (see [`KeySource`]), with the key being
/// rotated away from, if any (`PANEL_MASTER_KEY_PREVIOUS`, or the key file
/// a `.next` file is replacing). `keyed`: the database already holds a
/// check value, so a missing key file is lost, not new.
fn resolve(
    source: KeySource,
    sqlite_file: Option<PathBuf>,
    backend: Backend,
    keyed: bool,
) -> StoreResult<Arc<dyn KeyProvider>> {
    let file = match source {
        KeySource::Provider(provider) => return Ok(provider),
        KeySource::File(path) => Some(path),
        KeySource::Default => sqlite_file.as_ref().and_then(|f| f.parent()).map(|dir| dir.join("master.key")),
    };
    let mut previous: Vec<MasterKey> = MasterKeys::previous_from_env().map_err(key_error)?.into_iter().collect();
    // A key file named in the environment is rotated like the default one.
    let named = std::env::var_os(MASTER_KEY_FILE_ENV).filter(|v| !v.is_empty()).map(PathBuf::from);
    let in_variable = std::env::var(MASTER_KEY_ENV).is_ok_and(|v| !v.trim().is_empty());
    if in_variable || named.as_ref().is_some_and(|path| !next_key_file(path).exists()) {
        let key = MasterKey::from_env().map_err(key_error)?.ok_or_else(|| StoreError::Key("no master key".into()))?;
        return Ok(Arc::new(MasterKeys::new(key, previous)));
    }
    let key = match named.or(file) {
        Some(path) if next_key_file(&path).exists() => {
            if path.exists() {
                previous.push(MasterKey::read_file(&path).map_err(key_error)?);
            }
            MasterKey::read_file(&next_key_file(&path)).map_err(key_error)?
        }
        Some(path) if path.exists() => MasterKey::read_file(&path).map_err(key_error)?,
        Some(path) if keyed => {
            return Err(StoreError::Key(format!(
                "this database is encrypted and its master key file {} is missing: restore it, or give the key \
                 in {MASTER_KEY_ENV} or {MASTER_KEY_FILE_ENV}",
                path.display()
            )));
        }
        Some(path) => {
            let key = MasterKey::create_file(&path).map_err(key_error)?;
            tracing::info!(path = %path.display(), key_id = key.key_id(), "created the master key file; back it up apart from the database");
            key
        }
        // An in-memory SQLite database dies with the process, and its key with it.
        None if backend == Backend::Sqlite && !keyed => MasterKey::generate().map_err(key_error)?,
        None => {
            return Err(StoreError::Key(format!(
                "no master key: set {MASTER_KEY_ENV} (32 bytes, base64) or {MASTER_KEY_FILE_ENV}"
            )));
        }
    };
    Ok(Arc::new(MasterKeys::new(key, previous)))
}

async fn verify(provider: &dyn KeyProvider, key_id: &str, check: &str) -> StoreResult<()> {
    match provider.unwrap(KEY_CHECK_CONTEXT, check).await {
        Ok(_) => Ok(()),
        Err(_) => Err(StoreError::Key(format!(
            "the master key (id {}) does not match this database, whose keys were wrapped by master key {key_id}: \
             start Panel with that key ({MASTER_KEY_ENV}, {MASTER_KEY_FILE_ENV} or the data directory's master.key)",
            provider.key_id()
        ))),
    }
}

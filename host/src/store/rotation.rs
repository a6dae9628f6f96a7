//! Master key rotation (`panel keys rotate`, docs/compliance.md): the
//! organisations' data keys are re-wrapped under the current master key, a
//! batch per transaction, and the check value last. Nothing else changes:
//! candidates' keys and sealed values hang off the organisations' keys,
//! which stay the same. A rotation stopped anywhere (SIGKILL included)
//! leaves every row wrapped by one key or the other, both of which the store
//! opens while the rotation is under way; running it again finishes it.

use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::Serialize;
use sqlx::Row;

use super::keys::{KEY_CHECK_CONTEXT, crypto_error};
use super::{Store, StoreError, StoreResult, now_ms};
use crate::crypto::{DataKey, MASTER_KEY_ENV, MASTER_KEY_FILE_ENV, organisation_context};

/// What a rotation did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Rotation {
    /// The master key everything is wrapped by now.
    pub key_id: String,
    /// Organisation keys re-wrapped by this run.
    pub rewrapped: u64,
    /// Organisation keys in the database.
    pub organisations: u64,
    /// Whether the check value moved to the current key in this run.
    pub check_moved: bool,
}

/// How fast a rotation goes.
#[derive(Debug, Clone, Copy)]
pub struct RotationPace {
    /// Organisation keys per transaction.
    pub batch: u32,
    /// At most this many keys a second (a busy production database), or as fast as it can.
    pub per_second: Option<f64>,
}

impl Default for RotationPace {
    fn default() -> Self {
        RotationPace { batch: 100, per_second: None }
    }
}

/// The master key file the `panel` commands use for this database, or
/// `None` when the key is given in `PANEL_MASTER_KEY` (then the operator
/// rotates by setting the new key there and the old one in
/// `PANEL_MASTER_KEY_PREVIOUS`).
pub fn master_key_file(url: Option<&str>, data_dir: &Path) -> Option<PathBuf> {
    if std::env::var(MASTER_KEY_ENV).is_ok_and(|v| !v.trim().is_empty()) {
        return None;
    }
    if let Some(path) = std::env::var_os(MASTER_KEY_FILE_ENV).filter(|v| !v.is_empty()) {
        return Some(PathBuf::from(path));
    }
    match url {
        Some(url) if url.starts_with("sqlite:") => {
            super::sqlite_file(url).and_then(|file| file.parent().map(|dir| dir.join("master.key")))
        }
        _ => Some(data_dir.join("master.key")),
    }
}

impl Store {
    /// Re-wraps every organisation key not wrapped by the current master key
    /// yet, then the check value; `progress(done, to_do)` after each batch.
    pub async fn rotate_master_key(
        &self,
        pace: RotationPace,
        progress: &mut (dyn FnMut(u64, u64) + Send),
    ) -> StoreResult<Rotation> {
        let provider = self.keys.provider();
        let current = provider.key_id().to_owned();
        let to_do: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM organisation_keys WHERE key_id <> $1")
            .bind(&current)
            .fetch_one(&self.pool)
            .await?;
        let organisations: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM organisation_keys").fetch_one(&self.pool).await?;
        let (to_do, organisations) = (u64::try_from(to_do).unwrap_or(0), u64::try_from(organisations).unwrap_or(0));
        let mut done = 0u64;
        progress(0, to_do);
        let started = std::time::Instant::now();
        loop {
            let rows = sqlx::query(
                "SELECT organisation_id, key_id, wrapped FROM organisation_keys WHERE key_id <> $1 \
                 ORDER BY organisation_id LIMIT $2",
            )
            .bind(&current)
            .bind(i64::from(pace.batch.max(1)))
            .fetch_all(&self.pool)
            .await?;
            if rows.is_empty() {
                break;
            }
            let mut rewrapped = Vec::with_capacity(rows.len());
            for row in &rows {
                let organisation: i64 = row.try_get("organisation_id")?;
                let (old_id, wrapped): (String, String) = (row.try_get("key_id")?, row.try_get("wrapped")?);
                let context = organisation_context(organisation);
                let key = provider.unwrap(&context, &wrapped).await.map_err(|_| {
                    StoreError::Key(format!(
                        "organisation {organisation}'s data key is wrapped by master key {old_id}, which is not among \
                         the keys given: give it as the previous key (PANEL_MASTER_KEY_PREVIOUS, or the key file \
                         beside its .next file)"
                    ))
                })?;
                let new = provider.wrap(&context, &key).await.map_err(crypto_error("organisation key"))?;
                rewrapped.push((organisation, wrapped, new));
            }
            let mut w = self.write().await?;
            for (organisation, old, new) in &rewrapped {
                // Unless another rotation got there first.
                sqlx::query(
                    "UPDATE organisation_keys SET key_id = $1, wrapped = $2 \
                     WHERE organisation_id = $3 AND wrapped = $4",
                )
                .bind(&current)
                .bind(new)
                .bind(organisation)
                .bind(old)
                .execute(&mut *w.tx)
                .await?;
            }
            w.commit().await?;
            done += rewrapped.len() as u64;
            progress(done.min(to_do), to_do);
            if let Some(per_second) = pace.per_second.filter(|r| *r > 0.0) {
                let due = Duration::from_secs_f64(done as f64 / per_second);
                if let Some(wait) = due.checked_sub(started.elapsed()) {
                    tokio::time::sleep(wait).await;
                }
            }
        }
        let check_moved = self.move_key_check(&current).await?;
        tracing::info!(key_id = %current, rewrapped = done, organisations, "master key rotated");
        Ok(Rotation { key_id: current, rewrapped: done, organisations, check_moved })
    }

    /// Writes a new check value under the current master key, if the
    /// recorded one is another key's.
    async fn move_key_check(&self, current: &str) -> StoreResult<bool> {
        let recorded: String =
            sqlx::query_scalar("SELECT key_id FROM key_check WHERE id = 1").fetch_one(&self.pool).await?;
        if recorded == current {
            return Ok(false);
        }
        let check = DataKey::generate().map_err(crypto_error("key check"))?;
        let check = self.keys.provider().wrap(KEY_CHECK_CONTEXT, &check).await.map_err(crypto_error("key check"))?;
        let mut w = self.write().await?;
        sqlx::query("UPDATE key_check SET key_id = $1, check_value = $2, created_at = $3 WHERE id = 1")
            .bind(current)
            .bind(check)
            .bind(now_ms())
            .execute(&mut *w.tx)
            .await?;
        w.commit().await?;
        Ok(true)
    }
}

//! Erasing a candidate: their recordings and uploads on disk, then every
//! row in one transaction (the store's list of personal tables), the
//! embedding cache dropped, and a receipt of what went: counts only, kept
//! with the erasure request and in the audit log, whose chain still
//! verifies because erasure never touches it (its entries hold ids, never
//! personal data).
//!
//! Files go first: if the process stops between the two, the rows are
//! still there and erasing again finishes the job; the other way round,
//! the files would be left with nothing pointing at them.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use serde::Serialize;

use crate::runtime::HostEmbeddings;
use crate::store::{AuditBy, ErasedCandidate, Store, StoreError};

/// What an erasure removed. Counts only: nothing that identifies anyone.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct ErasureReceipt {
    pub candidate_id: i64,
    pub erased_at: i64,
    /// `candidate.erase` (on request) or `retention.purge` (the rules).
    pub reason: String,
    /// Rows deleted per table.
    pub rows: BTreeMap<String, u64>,
    /// Recording and upload files deleted, and their bytes.
    pub files: u64,
    pub bytes: u64,
    /// Cached embedding vectors dropped.
    pub cached_vectors: u64,
}

#[derive(Debug, thiserror::Error)]
pub enum ErasureError {
    #[error("candidate {0} is under legal hold: nothing of theirs is erased until the hold is lifted")]
    Held(i64),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("deleting the candidate's recordings failed")]
    Files(#[source] std::io::Error),
}

/// Where the erasure works: the store, the media directory (if the server
/// keeps recordings) and the embedding cache (if there is one).
#[derive(Debug, Clone)]
pub struct Eraser {
    pub store: Store,
    pub media_root: Option<std::path::PathBuf>,
    pub embeddings: Option<Arc<HostEmbeddings>>,
}

impl Eraser {
    /// Erases again a candidate the erasure ledger says was erased, when a
    /// restored backup brought them back; `None` when it holds nothing of
    /// them. A legal hold the backup still holds is lifted first: the
    /// erasure it would hold back has already happened.
    pub async fn replay(
        &self,
        erased: &ErasedCandidate,
        at: i64,
        by: AuditBy<'_>,
    ) -> Result<Option<ErasureReceipt>, ErasureError> {
        match self.store.candidate(erased.candidate_id).await {
            Err(StoreError::NotFound { .. }) => return Ok(None),
            Err(e) => return Err(e.into()),
            Ok(_) => {}
        }
        self.store.lift_legal_hold(erased.candidate_id, by).await?;
        self.erase(erased.candidate_id, "erasure.replay", at, by).await.map(Some)
    }

    /// Erases everything of `candidate_id` at `at`, refused under legal hold.
    pub async fn erase(
        &self,
        candidate_id: i64,
        reason: &str,
        at: i64,
        by: AuditBy<'_>,
    ) -> Result<ErasureReceipt, ErasureError> {
        if self.store.legal_hold(candidate_id).await?.is_some() {
            return Err(ErasureError::Held(candidate_id));
        }
        // Checked before anything is deleted: a wrong id erases nothing.
        self.store.candidate(candidate_id).await?;
        let sessions = self.store.candidate_sessions(candidate_id).await?;
        let (files, bytes) = match &self.media_root {
            Some(root) => remove_session_media(root.clone(), sessions).await.map_err(ErasureError::Files)?,
            None => (0, 0),
        };
        let cached_vectors = self.embeddings.as_ref().map_or(0, |e| e.clear() as u64);
        let mut receipt = ErasureReceipt {
            candidate_id,
            erased_at: at,
            reason: reason.to_owned(),
            rows: BTreeMap::new(),
            files,
            bytes,
            cached_vectors,
        };
        let draft = serde_json::to_value(&receipt).unwrap_or_default();
        receipt.rows = self.store.erase_candidate_rows(candidate_id, reason, &draft, at, by).await?;
        tracing::info!(candidate_id, files, reason, "erased a candidate's data");
        Ok(receipt)
    }
}

/// Deletes the recordings and uploads of `sessions`; returns the files and
/// bytes removed.
pub async fn remove_session_media(root: std::path::PathBuf, sessions: Vec<i64>) -> std::io::Result<(u64, u64)> {
    tokio::task::spawn_blocking(move || {
        let (mut files, mut bytes) = (0, 0);
        for session in &sessions {
            for dir in [root.join("answers").join(session.to_string()), root.join("uploads").join(session.to_string())]
            {
                let (f, b) = remove_tree(&dir)?;
                files += f;
                bytes += b;
            }
        }
        // Uploads from before per-session folders sit in `uploads/` itself,
        // their session named in their description.
        let legacy = root.join("uploads");
        if let Ok(entries) = std::fs::read_dir(&legacy) {
            for entry in entries.flatten() {
                let path = entry.path();
                if path.extension().is_none_or(|e| e != "json") {
                    continue;
                }
                let session = std::fs::read(&path)
                    .ok()
                    .and_then(|b| serde_json::from_slice::<serde_json::Value>(&b).ok())
                    .and_then(|v| v["session_id"].as_i64());
                if session.is_some_and(|s| sessions.contains(&s)) {
                    for p in [path.with_extension("part"), path.clone()] {
                        if let Ok(meta) = std::fs::metadata(&p) {
                            std::fs::remove_file(&p)?;
                            files += 1;
                            bytes += meta.len();
                        }
                    }
                }
            }
        }
        Ok((files, bytes))
    })
    .await
    .map_err(|_| std::io::Error::other("the file deletion task was lost"))?
}

/// Removes a directory and everything in it; counts its files and bytes.
fn remove_tree(dir: &Path) -> std::io::Result<(u64, u64)> {
    let (mut files, mut bytes) = (0, 0);
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok((0, 0)),
        Err(e) => return Err(e),
    };
    for entry in entries {
        let entry = entry?;
        let meta = entry.metadata()?;
        if meta.is_dir() {
            let (f, b) = remove_tree(&entry.path())?;
            files += f;
            bytes += b;
        } else {
            files += 1;
            bytes += meta.len();
        }
    }
    std::fs::remove_dir_all(dir)?;
    Ok((files, bytes))
}

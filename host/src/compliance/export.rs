//! An access request's bundle: a gzipped tar with `candidate.json` (every
//! row the store holds of the candidate, table by table: the same list
//! erasure deletes from) and their recordings under `media/<session>/`.
//! Recordings are sealed at rest: each is opened with the candidate's key
//! as it goes in. Built in a temporary file, so only one recording at a
//! time sits in memory.

use std::io::Write;
use std::path::PathBuf;

use serde_json::json;

use crate::store::{Store, StoreError};

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("writing the export failed")]
    Io(#[from] std::io::Error),
}

/// What went into a bundle.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Exported {
    pub rows: usize,
    pub files: usize,
}

/// Writes the candidate's bundle to a temporary file; returns it (deleted
/// when dropped) and what it holds.
pub async fn export_candidate(
    store: &Store,
    media_root: Option<PathBuf>,
    candidate_id: i64,
    at: i64,
) -> Result<(tempfile::NamedTempFile, Exported), ExportError> {
    store.candidate(candidate_id).await?;
    let tables = store.personal_rows(candidate_id).await?;
    let sessions = store.candidate_sessions(candidate_id).await?;
    let key = store.candidate_key(candidate_id).await?;
    let rows = tables.iter().map(|(_, r)| r.len()).sum();
    let document = json!({
        "format": "panel-personal-data-export/1",
        "candidate_id": candidate_id,
        "exported_at": at,
        "tables": tables
            .into_iter()
            .map(|(table, rows)| (table, serde_json::Value::Array(rows)))
            .collect::<serde_json::Map<_, _>>(),
    });
    tokio::task::spawn_blocking(move || {
        let file = tempfile::NamedTempFile::new()?;
        let gz = flate2::write::GzEncoder::new(file.reopen()?, flate2::Compression::default());
        let mut tar = tar::Builder::new(gz);
        let bytes = serde_json::to_vec_pretty(&document).map_err(std::io::Error::other)?;
        let mut header = tar::Header::new_gnu();
        header.set_size(bytes.len() as u64);
        header.set_mode(0o600);
        header.set_mtime(u64::try_from(at / 1000).unwrap_or(0));
        header.set_cksum();
        tar.append_data(&mut header, "candidate.json", bytes.as_slice())?;
        let mut files = 0;
        if let Some(root) = media_root {
            for session in sessions {
                let dir = root.join("answers").join(session.to_string());
                let Ok(entries) = std::fs::read_dir(&dir) else { continue };
                for entry in entries.flatten() {
                    let path = entry.path();
                    let (Some(id), Some(extension)) = (path.file_stem(), path.extension()) else { continue };
                    // A seal a stopped server left half-written is not a recording.
                    if !entry.file_type().is_ok_and(|t| t.is_file()) || extension == "sealing" {
                        continue;
                    }
                    let mut bytes = std::fs::read(&path)?;
                    if crate::crypto::is_sealed_media(&bytes) {
                        let key = key.as_deref().ok_or_else(|| std::io::Error::other("the candidate's key is gone"))?;
                        let context = crate::api::MediaFiles::seal_context(session, &id.to_string_lossy());
                        bytes = key.open_file(&context, &path)?;
                    }
                    let name = format!("media/{session}/{}", entry.file_name().to_string_lossy());
                    let mut header = tar::Header::new_gnu();
                    header.set_size(bytes.len() as u64);
                    header.set_mode(0o600);
                    header.set_mtime(u64::try_from(at / 1000).unwrap_or(0));
                    header.set_cksum();
                    tar.append_data(&mut header, name, bytes.as_slice())?;
                    files += 1;
                }
            }
        }
        tar.into_inner()?.finish()?.flush()?;
        Ok((file, Exported { rows, files }))
    })
    .await
    .map_err(|_| std::io::Error::other("the export task was lost"))?
}

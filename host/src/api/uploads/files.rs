//! Recorded answers on disk, under the media directory: an upload in
//! progress is `uploads/<id>.part` with its description in
//! `uploads/<id>.json`; a completed one is moved to
//! `answers/<session>/<id>.<ext>`, one file per answer. Files are served only
//! through the staff playback endpoint; the ids are random, so one cannot be
//! guessed from another. [`MediaFiles::sweep`] removes what no answer uses.

use std::collections::HashMap;
use std::io::SeekFrom;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use tokio::io::{AsyncReadExt, AsyncSeekExt, AsyncWriteExt};

use crate::store::{SessionState, Store, StoreError, random_hex};

/// What the server knows of one upload.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct UploadMeta {
    pub session_id: i64,
    pub question_id: String,
    pub content_type: String,
    /// The size the client declared when it knew it.
    pub declared_bytes: Option<u64>,
    /// Set once the size and the hash were checked and the file moved.
    pub completed: Option<Completed>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Completed {
    pub bytes: u64,
    pub sha256: String,
}

/// Why a chunk or a completion was refused.
#[derive(Debug, thiserror::Error)]
pub enum UploadError {
    #[error("the upload is at byte {current}; send the chunk that starts there")]
    WrongOffset { current: u64 },
    #[error("the recording would be larger than its limit of {limit} bytes")]
    TooLarge { limit: u64 },
    #[error("the upload is already complete")]
    AlreadyComplete,
    #[error("the upload has {actual} bytes, not the {declared} declared")]
    SizeMismatch { declared: u64, actual: u64 },
    #[error("the SHA-256 of the uploaded bytes does not match the one sent")]
    HashMismatch,
    #[error("storing the recording failed")]
    Io(#[from] std::io::Error),
}

/// The media directory and a lock per upload, so two chunks of one upload
/// never write at once.
#[derive(Debug)]
pub struct MediaFiles {
    root: PathBuf,
    locks: Mutex<HashMap<String, Arc<tokio::sync::Mutex<()>>>>,
}

/// Upload ids are 32 hex digits; anything else is not looked up on disk.
pub fn is_upload_id(id: &str) -> bool {
    id.len() == 32 && id.bytes().all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
}

impl MediaFiles {
    pub fn new(root: PathBuf) -> Self {
        Self { root, locks: Mutex::new(HashMap::new()) }
    }

    fn uploads(&self) -> PathBuf {
        self.root.join("uploads")
    }

    fn meta_path(&self, id: &str) -> PathBuf {
        self.uploads().join(format!("{id}.json"))
    }

    fn part_path(&self, id: &str) -> PathBuf {
        self.uploads().join(format!("{id}.part"))
    }

    /// Where a completed recording is kept.
    pub fn answer_path(&self, id: &str, meta: &UploadMeta) -> PathBuf {
        let extension = if meta.content_type.ends_with("mp4") { "mp4" } else { "webm" };
        self.root.join("answers").join(meta.session_id.to_string()).join(format!("{id}.{extension}"))
    }

    fn lock(&self, id: &str) -> Arc<tokio::sync::Mutex<()>> {
        let mut locks = self.locks.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        locks.entry(id.to_owned()).or_default().clone()
    }

    /// Starts an empty upload; returns its id.
    pub async fn create(&self, meta: &UploadMeta) -> Result<String, UploadError> {
        let id = random_hex(16)?;
        tokio::fs::create_dir_all(self.uploads()).await?;
        tokio::fs::File::create(self.part_path(&id)).await?;
        write_meta(&self.meta_path(&id), meta).await?;
        Ok(id)
    }

    /// An upload's description, if it exists.
    pub async fn meta(&self, id: &str) -> Result<Option<UploadMeta>, UploadError> {
        if !is_upload_id(id) {
            return Ok(None);
        }
        match tokio::fs::read(self.meta_path(id)).await {
            Ok(bytes) => Ok(Some(serde_json::from_slice(&bytes).map_err(std::io::Error::other)?)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e.into()),
        }
    }

    /// How many bytes the server has.
    pub async fn offset(&self, id: &str, meta: &UploadMeta) -> Result<u64, UploadError> {
        if let Some(done) = &meta.completed {
            return Ok(done.bytes);
        }
        Ok(tokio::fs::metadata(self.part_path(id)).await?.len())
    }

    /// Writes `chunk` at `offset`. A chunk that starts before the end is
    /// accepted when the bytes it repeats are the ones stored (a retry whose
    /// answer was lost); returns the new offset.
    pub async fn append(&self, id: &str, offset: u64, chunk: &[u8], limit: u64) -> Result<u64, UploadError> {
        let lock = self.lock(id);
        let _held = lock.lock().await;
        let meta = self.meta(id).await?.ok_or_else(|| std::io::Error::from(std::io::ErrorKind::NotFound))?;
        if meta.completed.is_some() {
            return Err(UploadError::AlreadyComplete);
        }
        let mut file = tokio::fs::OpenOptions::new().read(true).write(true).open(self.part_path(id)).await?;
        let current = file.metadata().await?.len();
        if offset > current {
            return Err(UploadError::WrongOffset { current });
        }
        let repeated = usize::try_from(current - offset).unwrap_or(usize::MAX).min(chunk.len());
        if repeated > 0 {
            let mut stored = vec![0; repeated];
            file.seek(SeekFrom::Start(offset)).await?;
            file.read_exact(&mut stored).await?;
            if stored != chunk[..repeated] {
                return Err(UploadError::WrongOffset { current });
            }
        }
        let new_bytes = &chunk[repeated..];
        let end = current + new_bytes.len() as u64;
        let limit = meta.declared_bytes.map_or(limit, |declared| declared.min(limit));
        if end > limit {
            return Err(UploadError::TooLarge { limit });
        }
        if !new_bytes.is_empty() {
            file.seek(SeekFrom::Start(current)).await?;
            file.write_all(new_bytes).await?;
            file.sync_data().await?;
        }
        Ok(end)
    }

    /// Checks the size and the SHA-256 (lower-case hex) against the bytes
    /// stored and keeps the recording as the answer's file. Completing again
    /// with the same size and hash is accepted.
    pub async fn complete(&self, id: &str, bytes: u64, sha256: &str) -> Result<UploadMeta, UploadError> {
        let lock = self.lock(id);
        let _held = lock.lock().await;
        let mut meta = self.meta(id).await?.ok_or_else(|| std::io::Error::from(std::io::ErrorKind::NotFound))?;
        if let Some(done) = &meta.completed {
            if done.bytes == bytes && done.sha256 == sha256 {
                return Ok(meta);
            }
            return Err(UploadError::AlreadyComplete);
        }
        let part = self.part_path(id);
        let (actual, digest) = hash_file(&part).await?;
        if meta.declared_bytes.is_some_and(|declared| declared != actual) || actual != bytes {
            return Err(UploadError::SizeMismatch { declared: bytes, actual });
        }
        if digest != sha256 {
            return Err(UploadError::HashMismatch);
        }
        let target = self.answer_path(id, &meta);
        if let Some(dir) = target.parent() {
            tokio::fs::create_dir_all(dir).await?;
        }
        tokio::fs::rename(&part, &target).await?;
        meta.completed = Some(Completed { bytes, sha256: digest });
        write_meta(&self.meta_path(id), &meta).await?;
        Ok(meta)
    }
}

/// What a sweep removed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Swept {
    /// Uploads never completed, of interviews that are over.
    pub partial: usize,
    /// Completed recordings no answer refers to, of interviews that are over.
    pub unused: usize,
}

impl MediaFiles {
    /// Removes what no answer will ever use, once its interview is over:
    /// uploads never completed, and completed recordings the candidate did
    /// not send with an answer (they are personal data kept for nothing).
    /// Recordings that answers refer to stay. Each removal is audited.
    pub async fn sweep(&self, store: &Store) -> Result<Swept, UploadError> {
        let mut swept = Swept::default();
        let mut entries = match tokio::fs::read_dir(self.uploads()).await {
            Ok(entries) => entries,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(swept),
            Err(e) => return Err(e.into()),
        };
        while let Some(entry) = entries.next_entry().await? {
            let name = entry.file_name().to_string_lossy().into_owned();
            let Some(id) = name.strip_suffix(".json").filter(|id| is_upload_id(id)) else { continue };
            let lock = self.lock(id);
            let _held = lock.lock().await;
            let Some(meta) = self.meta(id).await? else { continue };
            let session = match store.session(meta.session_id).await {
                Ok(session) if session.state == SessionState::InProgress => continue,
                Ok(session) => Some(session),
                Err(StoreError::NotFound { .. }) => None,
                Err(e) => return Err(std::io::Error::other(e.to_string()).into()),
            };
            let what = match (&meta.completed, &session) {
                (None, _) => "partial",
                (Some(_), Some(session)) => {
                    let answers = store.answers(session.id).await.map_err(|e| std::io::Error::other(e.to_string()))?;
                    if answers.iter().any(|a| a.recording_id() == Some(id)) {
                        continue;
                    }
                    "unused"
                }
                (Some(_), None) => "unused",
            };
            let file = if meta.completed.is_some() { self.answer_path(id, &meta) } else { self.part_path(id) };
            remove_if_present(&file).await?;
            remove_if_present(&self.meta_path(id)).await?;
            if what == "partial" {
                swept.partial += 1;
            } else {
                swept.unused += 1;
            }
            let subject = format!("session:{}", meta.session_id);
            if let Err(e) = store.audit("system", "recording.discarded", &subject, what, "").await {
                tracing::warn!(error = %e, "auditing a discarded recording failed");
            }
        }
        Ok(swept)
    }
}

async fn remove_if_present(path: &Path) -> std::io::Result<()> {
    match tokio::fs::remove_file(path).await {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

/// Writes the description whole or not at all.
async fn write_meta(path: &Path, meta: &UploadMeta) -> Result<(), UploadError> {
    let temporary = path.with_extension("json.tmp");
    tokio::fs::write(&temporary, serde_json::to_vec(meta).map_err(std::io::Error::other)?).await?;
    tokio::fs::rename(&temporary, path).await?;
    Ok(())
}

async fn hash_file(path: &Path) -> Result<(u64, String), UploadError> {
    let mut file = tokio::fs::File::open(path).await?;
    let mut hasher = Sha256::new();
    let mut buffer = vec![0; 1 << 16];
    let mut total = 0u64;
    loop {
        let read = file.read(&mut buffer).await?;
        if read == 0 {
            break;
        }
        hasher.update(&buffer[..read]);
        total += read as u64;
    }
    Ok((total, hex::encode(hasher.finalize())))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta() -> UploadMeta {
        UploadMeta {
            session_id: 7,
            question_id: "q1".into(),
            content_type: "video/webm".into(),
            declared_bytes: None,
            completed: None,
        }
    }

    #[tokio::test]
    async fn chunks_append_in_order_repeat_idempotently_and_complete_with_the_right_hash() {
        let dir = tempfile::tempdir().expect("temp dir");
        let files = MediaFiles::new(dir.path().to_path_buf());
        let id = files.create(&meta()).await.expect("create");
        assert!(is_upload_id(&id));
        assert_eq!(files.append(&id, 0, b"hello ", 100).await.expect("first"), 6);
        assert_eq!(files.append(&id, 0, b"hello ", 100).await.expect("repeat"), 6);
        assert!(matches!(files.append(&id, 9, b"x", 100).await, Err(UploadError::WrongOffset { current: 6 })));
        assert!(matches!(files.append(&id, 0, b"HELLO ", 100).await, Err(UploadError::WrongOffset { current: 6 })));
        assert_eq!(files.append(&id, 3, b"lo world", 100).await.expect("overlapping"), 11);
        assert!(matches!(files.append(&id, 11, &[0; 90], 100).await, Err(UploadError::TooLarge { limit: 100 })));
        let sha = hex::encode(Sha256::digest(b"hello world"));
        assert!(matches!(files.complete(&id, 10, &sha).await, Err(UploadError::SizeMismatch { .. })));
        assert!(matches!(files.complete(&id, 11, &"0".repeat(64)).await, Err(UploadError::HashMismatch)));
        let done = files.complete(&id, 11, &sha).await.expect("complete");
        let stored = std::fs::read(files.answer_path(&id, &done)).expect("the answer's file");
        assert_eq!(stored, b"hello world");
        assert!(matches!(files.append(&id, 11, b"!", 100).await, Err(UploadError::AlreadyComplete)));
        files.complete(&id, 11, &sha).await.expect("completing again is idempotent");
    }

    #[tokio::test]
    async fn ids_that_are_not_upload_ids_are_never_looked_up() {
        let dir = tempfile::tempdir().expect("temp dir");
        let files = MediaFiles::new(dir.path().to_path_buf());
        assert!(files.meta("../../etc/passwd").await.expect("no error").is_none());
        assert!(files.meta(&"a".repeat(32)).await.expect("no error").is_none());
    }
}

//! Recorded answers on disk, under the media directory: an upload in
//! progress is `uploads/<session>/<id>.part` (sealed as it arrives under a
//! key derived from the candidate's: `part.rs`) with its description in
//! `uploads/<session>/<id>.json`; a completed one is moved to
//! `answers/<session>/<id>.<ext>`, one file per answer, sealed under the
//! candidate's data key ([`crate::crypto::DataKey::seal_reader`]; a file kept
//! from before sealing is read as it is). (Servers before
//! per-session folders kept uploads in `uploads/` itself; those are still
//! read, and swept.) Files are served only through the staff playback
//! endpoint; the ids are random, so one cannot be guessed from another.
//! [`MediaFiles::discard`] removes an upload its candidate gave up on, and
//! [`MediaFiles::sweep`] what no answer uses once an interview is over.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use tokio::io::AsyncReadExt;

use super::part;
use crate::crypto::{DataKey, UploadCipher, is_sealed_media};
use crate::store::{SessionState, Store, StoreError, random_hex};

/// What the server knows of one upload.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct UploadMeta {
    pub session_id: i64,
    pub question_id: String,
    pub content_type: String,
    /// The size the client declared when it knew it.
    pub declared_bytes: Option<u64>,
    /// The most this recording may grow to (from its question's time
    /// limit); uploads from before the limit was kept have none.
    #[serde(default)]
    pub max_bytes: Option<u64>,
    /// Set once the size and the hash were checked and the file moved.
    pub completed: Option<Completed>,
    /// Given up on (a newer take, or not sent with the answer): its bytes
    /// are gone; the description stays until the interview is over, so the
    /// takes of a question can be counted.
    #[serde(default)]
    pub discarded: bool,
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
    #[error("this interview's recordings would be larger than their limit of {limit} bytes together")]
    SessionFull { limit: u64 },
    #[error("the upload is already complete")]
    AlreadyComplete,
    #[error("the upload has {actual} bytes, not the {declared} declared")]
    SizeMismatch { declared: u64, actual: u64 },
    #[error("the SHA-256 of the uploaded bytes does not match the one sent")]
    HashMismatch,
    #[error("the uploaded bytes are not a {claimed} recording")]
    NotMedia { claimed: String },
    #[error("nothing was recorded: the recording is empty")]
    Empty,
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

    fn session_uploads(&self, session_id: i64) -> PathBuf {
        self.uploads().join(session_id.to_string())
    }

    /// Where an upload's description is: in its session's folder, or (for
    /// one started before per-session folders) in `uploads/` itself.
    async fn meta_path(&self, session_id: i64, id: &str) -> PathBuf {
        let path = self.session_uploads(session_id).join(format!("{id}.json"));
        if tokio::fs::try_exists(&path).await.unwrap_or(false) {
            return path;
        }
        let legacy = self.uploads().join(format!("{id}.json"));
        if tokio::fs::try_exists(&legacy).await.unwrap_or(false) { legacy } else { path }
    }

    fn part_path(meta_path: &Path) -> PathBuf {
        meta_path.with_extension("part")
    }

    /// What a recording's segments are sealed for: its session and id.
    pub fn seal_context(session_id: i64, id: &str) -> String {
        format!("media:{session_id}:{id}")
    }

    /// The keystream an upload's partial file is sealed with, from `key`
    /// (its candidate's).
    fn part_cipher(key: &DataKey, session_id: i64, id: &str) -> UploadCipher {
        key.upload_cipher(&Self::seal_context(session_id, id))
    }

    /// A completed recording's bytes `range` (all when `None`), opened
    /// with `key` (its candidate's), and their total length.
    pub async fn read_recording(
        &self,
        key: &DataKey,
        id: &str,
        meta: &UploadMeta,
        range: Option<std::ops::Range<u64>>,
    ) -> Result<Vec<u8>, UploadError> {
        let (path, key) = (self.answer_path(id, meta), key.clone());
        let context = Self::seal_context(meta.session_id, id);
        let total = meta.completed.as_ref().map_or(0, |done| done.bytes);
        let range = range.unwrap_or(0..total);
        tokio::task::spawn_blocking(move || -> std::io::Result<Vec<u8>> {
            let mut file = std::fs::File::open(&path)?;
            let mut head = [0u8; 12];
            let read = std::io::Read::read(&mut file, &mut head)?;
            if is_sealed_media(&head[..read]) {
                return key.open_file_range(&context, &path, range);
            }
            // Kept from before sealing: as it is.
            let bytes = std::fs::read(&path)?;
            let (from, to) = (usize::try_from(range.start).unwrap_or(0), usize::try_from(range.end).unwrap_or(0));
            bytes.get(from..to).map(<[u8]>::to_vec).ok_or_else(|| std::io::Error::other("a range outside the file"))
        })
        .await
        .map_err(|_| std::io::Error::other("reading a recording stopped"))?
        .map_err(UploadError::Io)
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

    fn forget_lock(&self, id: &str) {
        let mut locks = self.locks.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        locks.remove(id);
    }

    /// Starts an empty upload; returns its id.
    pub async fn create(&self, meta: &UploadMeta) -> Result<String, UploadError> {
        let id = random_hex(16)?;
        let dir = self.session_uploads(meta.session_id);
        tokio::fs::create_dir_all(&dir).await?;
        let meta_path = dir.join(format!("{id}.json"));
        part::create(&Self::part_path(&meta_path)).await?;
        write_meta(&meta_path, meta).await?;
        Ok(id)
    }

    /// An upload's description, if it exists and belongs to the session.
    pub async fn meta(&self, session_id: i64, id: &str) -> Result<Option<UploadMeta>, UploadError> {
        if !is_upload_id(id) {
            return Ok(None);
        }
        let meta = read_meta(&self.meta_path(session_id, id).await).await?;
        Ok(meta.filter(|m| m.session_id == session_id && !m.discarded))
    }

    /// How many bytes the server has.
    pub async fn offset(&self, id: &str, meta: &UploadMeta) -> Result<u64, UploadError> {
        if let Some(done) = &meta.completed {
            return Ok(done.bytes);
        }
        let meta_path = self.meta_path(meta.session_id, id).await;
        Ok(part::plain_len(&Self::part_path(&meta_path)).await?)
    }

    /// Every upload of a session (partial, completed and given up on), with
    /// the bytes it holds now.
    pub async fn of_session(&self, session_id: i64) -> Result<Vec<(String, UploadMeta, u64)>, UploadError> {
        let mut found = Vec::new();
        let mut entries = match tokio::fs::read_dir(self.session_uploads(session_id)).await {
            Ok(entries) => entries,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(found),
            Err(e) => return Err(e.into()),
        };
        while let Some(entry) = entries.next_entry().await? {
            let name = entry.file_name().to_string_lossy().into_owned();
            let Some(id) = name.strip_suffix(".json").filter(|id| is_upload_id(id)) else { continue };
            let Some(meta) = read_meta(&entry.path()).await? else { continue };
            let bytes = if meta.discarded { 0 } else { self.offset(id, &meta).await.unwrap_or(0) };
            found.push((id.to_owned(), meta, bytes));
        }
        Ok(found)
    }

    /// Writes `chunk` at `offset`, sealed with `key` (its candidate's), keeping the recording within `limit`
    /// (or its own, smaller one) and the session's recordings together
    /// within `session_budget`. A chunk that starts before the end is
    /// accepted when the bytes it repeats are the ones stored (a retry whose
    /// answer was lost); returns the new offset.
    #[allow(clippy::too_many_arguments)]
    pub async fn append(
        &self,
        key: &DataKey,
        id: &str,
        session_id: i64,
        offset: u64,
        chunk: &[u8],
        limit: u64,
        session_budget: u64,
    ) -> Result<u64, UploadError> {
        let lock = self.lock(id);
        let _held = lock.lock().await;
        let meta_path = self.meta_path(session_id, id).await;
        let meta = read_meta(&meta_path)
            .await?
            .filter(|m| !m.discarded)
            .ok_or_else(|| std::io::Error::from(std::io::ErrorKind::NotFound))?;
        if meta.completed.is_some() {
            return Err(UploadError::AlreadyComplete);
        }
        let part_path = Self::part_path(&meta_path);
        let cipher = Self::part_cipher(key, session_id, id);
        let limit = [Some(limit), meta.max_bytes, meta.declared_bytes].into_iter().flatten().min().unwrap_or(limit);
        // What the session's other recordings hold: only new bytes are held
        // to the budget, and an empty chunk has none.
        let others: u64 = if chunk.is_empty() {
            0
        } else {
            self.of_session(session_id)
                .await?
                .iter()
                .filter(|(other, ..)| other != id)
                .map(|(_, _, bytes)| *bytes)
                .sum()
        };
        match part::write_chunk(&part_path, &cipher, offset, chunk, limit, others, session_budget).await? {
            part::Written::Ends(end) => Ok(end),
            part::Written::WrongOffset { current } => Err(UploadError::WrongOffset { current }),
            part::Written::TooLarge => Err(UploadError::TooLarge { limit }),
            part::Written::SessionFull => Err(UploadError::SessionFull { limit: session_budget }),
        }
    }

    /// Removes an upload's bytes, partial or completed, and marks its
    /// description given up on. Returns whether there was one to give up.
    pub async fn discard(&self, session_id: i64, id: &str) -> Result<bool, UploadError> {
        let lock = self.lock(id);
        let _held = lock.lock().await;
        let meta_path = self.meta_path(session_id, id).await;
        let Some(mut meta) = read_meta(&meta_path).await?.filter(|m| m.session_id == session_id && !m.discarded) else {
            return Ok(false);
        };
        let file = if meta.completed.is_some() { self.answer_path(id, &meta) } else { Self::part_path(&meta_path) };
        remove_if_present(&file).await?;
        meta.discarded = true;
        write_meta(&meta_path, &meta).await?;
        Ok(true)
    }

    /// Checks the size and the SHA-256 (lower-case hex) against the bytes
    /// stored and keeps the recording as the answer's file. Completing again
    /// with the same size and hash is accepted.
    /// Checks a finished upload and seals it under `key` (its candidate's)
    /// as the answer's recording.
    pub async fn complete(
        &self,
        key: &DataKey,
        session_id: i64,
        id: &str,
        bytes: u64,
        sha256: &str,
    ) -> Result<UploadMeta, UploadError> {
        let lock = self.lock(id);
        let _held = lock.lock().await;
        let meta_path = self.meta_path(session_id, id).await;
        let mut meta = read_meta(&meta_path)
            .await?
            .filter(|m| !m.discarded)
            .ok_or_else(|| std::io::Error::from(std::io::ErrorKind::NotFound))?;
        if let Some(done) = &meta.completed {
            if done.bytes == bytes && done.sha256 == sha256 {
                return Ok(meta);
            }
            return Err(UploadError::AlreadyComplete);
        }
        let part = Self::part_path(&meta_path);
        let cipher = Self::part_cipher(key, session_id, id);
        part::seal_if_clear(&part, &cipher).await?;
        let (actual, digest, head) = {
            let (part, cipher) = (part.clone(), cipher.clone());
            tokio::task::spawn_blocking(move || hash_plaintext(part::plain_reader(&part, &cipher)?))
                .await
                .map_err(|_| std::io::Error::other("reading an upload stopped"))??
        };
        if meta.declared_bytes.is_some_and(|declared| declared != actual) || actual != bytes {
            return Err(UploadError::SizeMismatch { declared: bytes, actual });
        }
        if digest != sha256 {
            return Err(UploadError::HashMismatch);
        }
        // What is served as video must be video: an HTML page or a script
        // uploaded as `video/webm` is refused here, not played back.
        if actual == 0 {
            return Err(UploadError::Empty);
        }
        if !is_container(&meta.content_type, &head) {
            return Err(UploadError::NotMedia { claimed: meta.content_type.clone() });
        }
        let target = self.answer_path(id, &meta);
        if let Some(dir) = target.parent() {
            tokio::fs::create_dir_all(dir).await?;
        }
        // Sealed beside its place, then moved there; the upload's plaintext
        // goes once the description says the recording is complete.
        let sealing = target.with_extension("sealing");
        let (key, context, from, to) = (key.clone(), Self::seal_context(session_id, id), part.clone(), sealing.clone());
        tokio::task::spawn_blocking(move || key.seal_reader(&context, part::plain_reader(&from, &cipher)?, &to))
            .await
            .map_err(|_| std::io::Error::other("sealing a recording stopped"))??;
        tokio::fs::rename(&sealing, &target).await?;
        meta.completed = Some(Completed { bytes, sha256: digest });
        write_meta(&meta_path, &meta).await?;
        remove_if_present(&part).await?;
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
    /// Seals the recordings and the uploads in progress kept in clear from
    /// before sealing existed (and removes seals a stopped server left
    /// half-written); returns how many it sealed. A recording of an erased
    /// candidate is left to erasure.
    pub async fn seal_plaintext(&self, store: &Store) -> Result<usize, UploadError> {
        let mut sealed = self.seal_partial_in_clear(store).await?;
        let mut sessions = match tokio::fs::read_dir(self.root.join("answers")).await {
            Ok(entries) => entries,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(sealed),
            Err(e) => return Err(e.into()),
        };
        while let Some(folder) = sessions.next_entry().await? {
            let Some(session_id) = folder.file_name().to_str().and_then(|n| n.parse::<i64>().ok()) else { continue };
            let mut files = tokio::fs::read_dir(folder.path()).await?;
            while let Some(file) = files.next_entry().await? {
                let path = file.path();
                let Some(id) = path.file_stem().and_then(|s| s.to_str()).filter(|id| is_upload_id(id)) else {
                    continue;
                };
                if path.extension().is_some_and(|e| e == "sealing") {
                    remove_if_present(&path).await?;
                    continue;
                }
                let lock = self.lock(id);
                let _held = lock.lock().await;
                let mut head = [0u8; 12];
                let read = tokio::fs::File::open(&path).await?.read(&mut head).await?;
                if is_sealed_media(&head[..read]) {
                    continue;
                }
                let key = match store.session_key(session_id).await {
                    Ok(key) => key,
                    Err(StoreError::NotFound { .. } | StoreError::Invalid { .. }) => continue,
                    Err(e) => return Err(std::io::Error::other(e.to_string()).into()),
                };
                let sealing = path.with_extension("sealing");
                let (context, from, to) = (Self::seal_context(session_id, id), path.clone(), sealing.clone());
                tokio::task::spawn_blocking(move || key.seal_file(&context, &from, &to))
                    .await
                    .map_err(|_| std::io::Error::other("sealing a recording stopped"))??;
                tokio::fs::rename(&sealing, &path).await?;
                sealed += 1;
            }
        }
        Ok(sealed)
    }

    /// Seals the uploads in progress an older server kept in clear.
    async fn seal_partial_in_clear(&self, store: &Store) -> Result<usize, UploadError> {
        let mut sealed = 0;
        let mut sessions = match tokio::fs::read_dir(self.uploads()).await {
            Ok(entries) => entries,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(0),
            Err(e) => return Err(e.into()),
        };
        while let Some(folder) = sessions.next_entry().await? {
            // Uploads of servers before per-session folders sit in `uploads/`
            // itself; their descriptions name the session.
            let mut metas = Vec::new();
            if folder.file_type().await?.is_dir() {
                let mut files = tokio::fs::read_dir(folder.path()).await?;
                while let Some(file) = files.next_entry().await? {
                    metas.push(file.path());
                }
            } else {
                metas.push(folder.path());
            }
            for path in metas {
                let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
                if name.ends_with(".part.sealing") {
                    remove_if_present(&path).await?;
                    continue;
                }
                let Some(id) = name.strip_suffix(".json").filter(|id| is_upload_id(id)) else { continue };
                let lock = self.lock(id);
                let _held = lock.lock().await;
                let Some(meta) = read_meta(&path).await?.filter(|m| m.completed.is_none() && !m.discarded) else {
                    continue;
                };
                let part_path = Self::part_path(&path);
                if !tokio::fs::try_exists(&part_path).await.unwrap_or(false) {
                    continue;
                }
                let key = match store.session_key(meta.session_id).await {
                    Ok(key) => key,
                    Err(StoreError::NotFound { .. } | StoreError::Invalid { .. }) => continue,
                    Err(e) => return Err(std::io::Error::other(e.to_string()).into()),
                };
                if part::seal_if_clear(&part_path, &Self::part_cipher(&key, meta.session_id, id)).await? {
                    sealed += 1;
                }
            }
        }
        Ok(sealed)
    }

    /// Removes what no answer will ever use, once its interview is over:
    /// uploads never completed, and completed recordings the candidate did
    /// not send with an answer (they are personal data kept for nothing).
    /// Recordings that answers refer to stay. Each removal is audited.
    pub async fn sweep(&self, store: &Store) -> Result<Swept, UploadError> {
        let mut swept = Swept::default();
        let mut descriptions = Vec::new();
        let mut entries = match tokio::fs::read_dir(self.uploads()).await {
            Ok(entries) => entries,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(swept),
            Err(e) => return Err(e.into()),
        };
        while let Some(entry) = entries.next_entry().await? {
            if entry.file_type().await?.is_dir() {
                let mut inner = tokio::fs::read_dir(entry.path()).await?;
                while let Some(entry) = inner.next_entry().await? {
                    descriptions.push(entry.path());
                }
            } else {
                descriptions.push(entry.path());
            }
        }
        for meta_path in descriptions {
            let name = meta_path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            let Some(id) = name.strip_suffix(".json").filter(|id| is_upload_id(id)) else { continue };
            let lock = self.lock(id);
            let held = lock.lock().await;
            let Some(meta) = read_meta(&meta_path).await? else { continue };
            let session = match store.session(meta.session_id).await {
                Ok(session) if session.state == SessionState::InProgress => continue,
                Ok(session) => Some(session),
                Err(StoreError::NotFound { .. }) => None,
                Err(e) => return Err(std::io::Error::other(e.to_string()).into()),
            };
            if meta.discarded {
                // Its bytes went when it was given up (and that was audited).
                remove_if_present(&meta_path).await?;
                drop(held);
                self.forget_lock(id);
                continue;
            }
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
            let file = if meta.completed.is_some() { self.answer_path(id, &meta) } else { Self::part_path(&meta_path) };
            remove_if_present(&file).await?;
            remove_if_present(&meta_path).await?;
            drop(held);
            self.forget_lock(id);
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

async fn read_meta(path: &Path) -> Result<Option<UploadMeta>, UploadError> {
    match tokio::fs::read(path).await {
        Ok(bytes) => Ok(Some(serde_json::from_slice(&bytes).map_err(std::io::Error::other)?)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e.into()),
    }
}

/// Bytes of a recording's start kept to check its container.
const HEAD_BYTES: usize = 16;

/// The size, SHA-256 (hex) and first bytes of what `input` reads.
fn hash_plaintext(mut input: impl std::io::Read) -> std::io::Result<(u64, String, Vec<u8>)> {
    let mut hasher = Sha256::new();
    let mut buffer = vec![0; 1 << 16];
    let mut total = 0u64;
    let mut head = Vec::with_capacity(HEAD_BYTES);
    loop {
        let read = match input.read(&mut buffer) {
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            read => read?,
        };
        if read == 0 {
            break;
        }
        if head.len() < HEAD_BYTES {
            head.extend_from_slice(&buffer[..read.min(HEAD_BYTES - head.len())]);
        }
        hasher.update(&buffer[..read]);
        total += read as u64;
    }
    Ok((total, hex::encode(hasher.finalize()), head))
}

/// Whether a recording's first bytes are the container its type claims:
/// WebM starts with the EBML magic number, MP4 with an `ftyp` box.
pub fn is_container(content_type: &str, head: &[u8]) -> bool {
    if content_type.ends_with("/webm") {
        head.starts_with(&[0x1a, 0x45, 0xdf, 0xa3])
    } else if content_type.ends_with("/mp4") {
        head.get(4..8) == Some(b"ftyp")
    } else {
        false
    }
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
            max_bytes: None,
            completed: None,
            discarded: false,
        }
    }

    const EBML: [u8; 4] = [0x1a, 0x45, 0xdf, 0xa3];

    #[tokio::test]
    async fn chunks_append_in_order_repeat_idempotently_and_complete_with_the_right_hash() {
        let dir = tempfile::tempdir().expect("temp dir");
        let files = MediaFiles::new(dir.path().to_path_buf());
        let key = DataKey::generate().expect("key");
        let id = files.create(&meta()).await.expect("create");
        assert!(is_upload_id(&id));
        let append = |offset, chunk: &'static [u8], limit| files.append(&key, &id, 7, offset, chunk, limit, 1_000);
        assert_eq!(append(0, b"\x1a\x45\xdf\xa3hello ", 100).await.expect("first"), 10);
        assert_eq!(append(0, b"\x1a\x45\xdf\xa3hello ", 100).await.expect("repeat"), 10);
        assert!(matches!(append(13, b"x", 100).await, Err(UploadError::WrongOffset { current: 10 })));
        assert!(matches!(append(4, b"HELLO ", 100).await, Err(UploadError::WrongOffset { current: 10 })));
        assert_eq!(append(7, b"lo world", 100).await.expect("overlapping"), 15);
        let partial = std::fs::read(dir.path().join(format!("uploads/7/{id}.part"))).expect("the partial file");
        assert!(partial.starts_with(crate::crypto::PART_MAGIC), "the partial upload is not sealed");
        assert!(!partial.windows(5).any(|w| w == b"hello" || w == b"world"), "the partial upload holds clear bytes");
        assert!(matches!(append(15, &[0; 90], 100).await, Err(UploadError::TooLarge { limit: 100 })));
        let whole = [&EBML[..], b"hello world"].concat();
        let sha = hex::encode(Sha256::digest(&whole));
        assert!(matches!(files.complete(&key, 7, &id, 14, &sha).await, Err(UploadError::SizeMismatch { .. })));
        assert!(matches!(files.complete(&key, 7, &id, 15, &"0".repeat(64)).await, Err(UploadError::HashMismatch)));
        let done = files.complete(&key, 7, &id, 15, &sha).await.expect("complete");
        let stored = std::fs::read(files.answer_path(&id, &done)).expect("the answer's file");
        assert!(is_sealed_media(&stored) && !stored.windows(11).any(|w| w == b"hello world"), "stored in clear");
        assert_eq!(files.read_recording(&key, &id, &done, None).await.expect("opened"), whole);
        assert_eq!(files.read_recording(&key, &id, &done, Some(4..9)).await.expect("a range"), b"hello");
        let other = DataKey::generate().expect("another key");
        assert!(files.read_recording(&other, &id, &done, None).await.is_err(), "opened with another key");
        assert!(matches!(append(15, b"!", 100).await, Err(UploadError::AlreadyComplete)));
        files.complete(&key, 7, &id, 15, &sha).await.expect("completing again is idempotent");
        // Another session does not see it.
        assert!(files.meta(8, &id).await.expect("no error").is_none());
    }

    #[tokio::test]
    async fn ids_that_are_not_upload_ids_are_never_looked_up() {
        let dir = tempfile::tempdir().expect("temp dir");
        let files = MediaFiles::new(dir.path().to_path_buf());
        assert!(files.meta(7, "../../etc/passwd").await.expect("no error").is_none());
        assert!(files.meta(7, &"a".repeat(32)).await.expect("no error").is_none());
    }

    #[tokio::test]
    async fn what_is_not_the_claimed_container_is_refused_and_a_session_has_a_budget() {
        let dir = tempfile::tempdir().expect("temp dir");
        let files = MediaFiles::new(dir.path().to_path_buf());
        let key = DataKey::generate().expect("key");
        let page = b"<html><script>alert(1)</script></html>";
        let id = files.create(&meta()).await.expect("create");
        files.append(&key, &id, 7, 0, page, 1_000, 1_000).await.expect("appended");
        let sha = hex::encode(Sha256::digest(page));
        assert!(matches!(
            files.complete(&key, 7, &id, page.len() as u64, &sha).await,
            Err(UploadError::NotMedia { .. })
        ));
        assert!(files.discard(7, &id).await.expect("discarded"));
        assert!(!files.discard(7, &id).await.expect("nothing left"));
        assert!(files.meta(7, &id).await.expect("no error").is_none(), "given up on, it is gone for the client");
        let listed = files.of_session(7).await.expect("listed");
        assert_eq!(listed.iter().map(|(_, m, bytes)| (m.discarded, *bytes)).collect::<Vec<_>>(), [(true, 0)]);

        let empty = files.create(&meta()).await.expect("create");
        let nothing = hex::encode(Sha256::digest(b""));
        assert!(matches!(files.complete(&key, 7, &empty, 0, &nothing).await, Err(UploadError::Empty)));

        let mp4 = UploadMeta { content_type: "video/mp4".into(), ..meta() };
        assert!(is_container("video/mp4", b"\0\0\0\x18ftypmp42"));
        assert!(!is_container("video/mp4", &EBML));
        let first = files.create(&mp4).await.expect("create");
        files.append(&key, &first, 7, 0, &[0; 600], 1_000, 1_000).await.expect("within the budget");
        let second = files.create(&mp4).await.expect("create");
        let over = files.append(&key, &second, 7, 0, &[0; 500], 1_000, 1_000).await;
        assert!(matches!(over, Err(UploadError::SessionFull { limit: 1_000 })), "{over:?}");
        files.append(&key, &second, 7, 0, &[0; 400], 1_000, 1_000).await.expect("the rest of the budget");
    }
}

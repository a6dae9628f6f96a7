//! An upload's partial file, `<id>.part`: the recording's bytes received so
//! far, sealed as they arrive ([`crate::crypto::UploadCipher`]):
//! [`PART_MAGIC`], then byte `n` of the recording enciphered at position
//! `n`. A partial file an older server kept in clear (no magic) is sealed
//! in place before anything else touches it ([`seal_if_clear`]).

use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use crate::crypto::{PART_MAGIC, UploadCipher};

const HEADER: u64 = PART_MAGIC.len() as u64;

/// Whether `file`, a partial file, is sealed.
fn is_sealed(file: &mut File) -> io::Result<bool> {
    let mut head = [0u8; PART_MAGIC.len()];
    file.seek(SeekFrom::Start(0))?;
    let mut filled = 0;
    while filled < head.len() {
        match file.read(&mut head[filled..])? {
            0 => break,
            n => filled += n,
        }
    }
    Ok(filled == head.len() && &head == PART_MAGIC)
}

async fn blocking<T: Send + 'static>(work: impl FnOnce() -> io::Result<T> + Send + 'static) -> io::Result<T> {
    tokio::task::spawn_blocking(work).await.map_err(|_| io::Error::other("a partial upload's file work stopped"))?
}

/// Starts an empty, sealed partial file.
pub(super) async fn create(path: &Path) -> io::Result<()> {
    let path = path.to_path_buf();
    blocking(move || {
        let mut file = File::create(&path)?;
        file.write_all(PART_MAGIC)?;
        file.sync_data()
    })
    .await
}

/// The recording's bytes the partial file holds.
pub(super) async fn plain_len(path: &Path) -> io::Result<u64> {
    let path = path.to_path_buf();
    blocking(move || {
        let mut file = File::open(&path)?;
        let len = file.metadata()?.len();
        Ok(if is_sealed(&mut file)? { len - HEADER } else { len })
    })
    .await
}

/// Seals a partial file kept in clear (by a server before sealing) where it
/// is: the sealed copy is written beside it and moved over it, so a stop
/// halfway leaves the clear file whole, to be sealed next time. Returns
/// whether it was in clear.
pub(super) async fn seal_if_clear(path: &Path, cipher: &UploadCipher) -> io::Result<bool> {
    let (path, cipher) = (path.to_path_buf(), cipher.clone());
    blocking(move || {
        let mut clear = File::open(&path)?;
        if is_sealed(&mut clear)? {
            return Ok(false);
        }
        seal_in_place(&path, clear, &cipher)?;
        Ok(true)
    })
    .await
}

/// Seals `clear`, the partial file at `path` kept in clear (see
/// [`seal_if_clear`]).
fn seal_in_place(path: &Path, mut clear: File, cipher: &UploadCipher) -> io::Result<()> {
    clear.seek(SeekFrom::Start(0))?;
    let sealing = sealing_path(path);
    let mut sealed = File::create(&sealing)?;
    sealed.write_all(PART_MAGIC)?;
    let mut buffer = vec![0u8; 1 << 16];
    let mut offset = 0u64;
    loop {
        let read = clear.read(&mut buffer)?;
        if read == 0 {
            break;
        }
        cipher.apply(offset, &mut buffer[..read]);
        sealed.write_all(&buffer[..read])?;
        offset += read as u64;
    }
    sealed.sync_all()?;
    std::fs::rename(&sealing, path)
}

/// Where a partial file's sealed copy is written before it replaces it.
pub(super) fn sealing_path(path: &Path) -> PathBuf {
    path.with_extension("part.sealing")
}

/// What became of a chunk written to a partial file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Written {
    /// The recording now ends at this byte.
    Ends(u64),
    /// The chunk starts past the end, or repeats bytes other than those
    /// stored: the recording ends at `current`.
    WrongOffset { current: u64 },
    /// Its new bytes would take the recording past `limit`.
    TooLarge,
    /// Its new bytes would take the session's recordings past their budget.
    SessionFull,
}

/// Writes a chunk of the recording starting at `offset` into the partial
/// file at `path` (sealing it first if it was kept in clear), with one open
/// of the file: the bytes it repeats (a retry whose answer was lost) must be
/// those stored, and its new bytes must keep the recording within `limit`
/// and, with `others` (the session's other recordings), within
/// `session_budget`. The new bytes are enciphered and synced before it
/// returns.
pub(super) async fn write_chunk(
    path: &Path,
    cipher: &UploadCipher,
    offset: u64,
    chunk: &[u8],
    limit: u64,
    others: u64,
    session_budget: u64,
) -> io::Result<Written> {
    let (path, cipher, mut chunk) = (path.to_path_buf(), cipher.clone(), chunk.to_vec());
    blocking(move || {
        let open = || std::fs::OpenOptions::new().read(true).write(true).open(&path);
        let mut file = open()?;
        if !is_sealed(&mut file)? {
            // Kept in clear by a server before sealing: sealed first.
            seal_in_place(&path, file, &cipher)?;
            file = open()?;
        }
        let current = file.metadata()?.len() - HEADER;
        if offset > current {
            return Ok(Written::WrongOffset { current });
        }
        let repeated = usize::try_from(current - offset).unwrap_or(usize::MAX).min(chunk.len());
        if repeated > 0 {
            let mut stored = vec![0u8; repeated];
            file.seek(SeekFrom::Start(HEADER + offset))?;
            file.read_exact(&mut stored)?;
            cipher.apply(offset, &mut stored);
            if stored != chunk[..repeated] {
                return Ok(Written::WrongOffset { current });
            }
        }
        let new_bytes = &mut chunk[repeated..];
        let end = current.saturating_add(new_bytes.len() as u64);
        if end > limit {
            return Ok(Written::TooLarge);
        }
        if !new_bytes.is_empty() {
            if others.saturating_add(end) > session_budget {
                return Ok(Written::SessionFull);
            }
            cipher.apply(current, new_bytes);
            file.seek(SeekFrom::Start(HEADER + current))?;
            file.write_all(new_bytes)?;
            file.sync_data()?;
        }
        Ok(Written::Ends(end))
    })
    .await
}

/// The recording's plaintext, read from a sealed partial file.
pub(super) fn plain_reader(path: &Path, cipher: &UploadCipher) -> io::Result<impl Read + use<>> {
    let mut file = File::open(path)?;
    if !is_sealed(&mut file)? {
        return Err(io::Error::new(io::ErrorKind::InvalidData, "a partial upload kept in clear was not sealed first"));
    }
    file.seek(SeekFrom::Start(HEADER))?;
    Ok(cipher.reader(io::BufReader::with_capacity(1 << 16, file)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::crypto::DataKey;

    #[tokio::test]
    async fn a_clear_partial_file_is_sealed_in_place_and_reads_back() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("abc.part");
        let plain: Vec<u8> = (0..100_000u32).map(|i| (i * 13 % 251) as u8).collect();
        std::fs::write(&path, &plain).expect("a clear partial file");
        let cipher = DataKey::generate().expect("key").upload_cipher("media:7:abc");
        assert_eq!(plain_len(&path).await.expect("length"), plain.len() as u64);
        assert!(plain_reader(&path, &cipher).is_err(), "read in clear as if sealed");
        assert!(seal_if_clear(&path, &cipher).await.expect("sealed"));
        assert!(!seal_if_clear(&path, &cipher).await.expect("already sealed"), "sealed twice");
        let stored = std::fs::read(&path).expect("read");
        assert!(stored.starts_with(PART_MAGIC));
        assert!(!stored.windows(64).any(|w| w == &plain[5_000..5_064]), "a stretch in clear");
        assert_eq!(plain_len(&path).await.expect("length"), plain.len() as u64);
        let mut read = Vec::new();
        plain_reader(&path, &cipher).expect("reader").read_to_end(&mut read).expect("read");
        assert_eq!(read, plain);
        let end = plain.len() as u64;
        let written = write_chunk(&path, &cipher, end, b"more", u64::MAX, 0, u64::MAX).await.expect("appended");
        assert_eq!(written, Written::Ends(end + 4));
        let mut read = Vec::new();
        plain_reader(&path, &cipher).expect("reader").read_to_end(&mut read).expect("read");
        assert_eq!(&read[..plain.len()], &plain[..]);
        assert_eq!(&read[plain.len()..], b"more");
        assert!(!sealing_path(&path).exists(), "the sealed copy was left beside it");
    }

    #[tokio::test]
    async fn a_chunk_is_written_once_repeated_only_as_stored_and_held_to_both_limits() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("def.part");
        create(&path).await.expect("created");
        let cipher = DataKey::generate().expect("key").upload_cipher("media:7:def");
        let write = |offset: u64, chunk: &'static [u8], limit: u64, others: u64| {
            let (path, cipher) = (path.clone(), cipher.clone());
            async move { write_chunk(&path, &cipher, offset, chunk, limit, others, 100).await.expect("written") }
        };
        assert_eq!(write(0, b"hello ", 50, 0).await, Written::Ends(6));
        assert_eq!(write(3, b"lo world", 50, 0).await, Written::Ends(11), "a retry overlapping the end");
        assert_eq!(write(11, b"", 50, 0).await, Written::Ends(11));
        assert_eq!(write(0, b"HELLO", 50, 0).await, Written::WrongOffset { current: 11 }, "other bytes repeated");
        assert_eq!(write(12, b"!", 50, 0).await, Written::WrongOffset { current: 11 }, "a gap");
        assert_eq!(write(11, b"!!!!!", 15, 0).await, Written::TooLarge);
        assert_eq!(write(11, b"!!!!!", 50, 85).await, Written::SessionFull);
        assert_eq!(write(0, b"hello", 11, 100).await, Written::Ends(11), "repeating adds nothing to hold");
        let mut read = Vec::new();
        plain_reader(&path, &cipher).expect("reader").read_to_end(&mut read).expect("read");
        assert_eq!(read, b"hello world", "nothing refused was written");
        assert!(!std::fs::read(&path).expect("read").windows(5).any(|w| w == b"world"), "kept in clear");
        // A partial file an older server kept in clear is sealed by its next chunk.
        std::fs::write(&path, b"hello").expect("a clear partial file");
        assert_eq!(write(5, b" again", 50, 0).await, Written::Ends(11));
        assert!(std::fs::read(&path).expect("read").starts_with(PART_MAGIC), "left in clear");
        let mut read = Vec::new();
        plain_reader(&path, &cipher).expect("reader").read_to_end(&mut read).expect("read");
        assert_eq!(read, b"hello again");
    }
}

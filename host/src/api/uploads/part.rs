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

/// Whether the partial file at `path` is sealed.
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
        clear.seek(SeekFrom::Start(0))?;
        let sealing = sealing_path(&path);
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
        std::fs::rename(&sealing, &path)?;
        Ok(true)
    })
    .await
}

/// Where a partial file's sealed copy is written before it replaces it.
pub(super) fn sealing_path(path: &Path) -> PathBuf {
    path.with_extension("part.sealing")
}

/// The recording's bytes `offset..offset + len` from a sealed partial file.
pub(super) async fn read_at(path: &Path, cipher: &UploadCipher, offset: u64, len: usize) -> io::Result<Vec<u8>> {
    let (path, cipher) = (path.to_path_buf(), cipher.clone());
    blocking(move || {
        let mut file = File::open(&path)?;
        let mut bytes = vec![0u8; len];
        file.seek(SeekFrom::Start(HEADER + offset))?;
        file.read_exact(&mut bytes)?;
        cipher.apply(offset, &mut bytes);
        Ok(bytes)
    })
    .await
}

/// Writes the recording's `bytes` at `offset` of a sealed partial file,
/// enciphered, and syncs them.
pub(super) async fn write_at(path: &Path, cipher: &UploadCipher, offset: u64, bytes: &[u8]) -> io::Result<()> {
    let (path, cipher, mut sealed) = (path.to_path_buf(), cipher.clone(), bytes.to_vec());
    blocking(move || {
        cipher.apply(offset, &mut sealed);
        let mut file = std::fs::OpenOptions::new().write(true).open(&path)?;
        file.seek(SeekFrom::Start(HEADER + offset))?;
        file.write_all(&sealed)?;
        file.sync_data()
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
        write_at(&path, &cipher, plain.len() as u64, b"more").await.expect("appended");
        assert_eq!(
            read_at(&path, &cipher, plain.len() as u64 - 2, 6).await.expect("read"),
            [plain[99_998], plain[99_999], b'm', b'o', b'r', b'e']
        );
        assert!(!sealing_path(&path).exists(), "the sealed copy was left beside it");
    }
}

//! Recorded media sealed at rest. A recording is cut into segments of
//! 64 KiB, each sealed with AES-256-GCM under the candidate's data key; a
//! segment's associated data names the file (`context`), its position and
//! whether it is the last, so segments cannot be reordered, moved to
//! another file, or cut off at the end without the file failing to open.
//!
//! Layout: [`MEDIA_MAGIC`], then per segment nonce ‖ ciphertext ‖ tag. Every
//! segment but the last holds exactly [`SEGMENT`] bytes, so a byte range
//! maps to the segments holding it without reading the others.

use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::path::Path;

use aes_gcm::aead::{Aead, Payload};
use aes_gcm::{Aes256Gcm, KeyInit, Nonce};

use super::{DataKey, NONCE_LEN, TAG_LEN};

/// The first bytes of a sealed media file (a recording stored before
/// sealing starts with its container's own signature instead).
pub const MEDIA_MAGIC: &[u8; 12] = b"panelmedia1\n";
/// Plaintext bytes per segment.
pub const SEGMENT: usize = 64 * 1024;
const SEALED_SEGMENT: usize = NONCE_LEN + SEGMENT + TAG_LEN;

fn aad(context: &str, index: u64, last: bool) -> String {
    format!("{context}:{index}:{}", u8::from(last))
}

fn invalid(what: &str) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, what.to_owned())
}

/// Whether a file starting with `head` is sealed media.
pub fn is_sealed_media(head: &[u8]) -> bool {
    head.starts_with(MEDIA_MAGIC)
}

/// The plaintext length of a sealed media file of `sealed_len` bytes.
pub fn plain_len(sealed_len: u64) -> io::Result<u64> {
    let body = sealed_len.checked_sub(MEDIA_MAGIC.len() as u64).ok_or_else(|| invalid("a sealed file too short"))?;
    let (full, rest) = (body / SEALED_SEGMENT as u64, body % SEALED_SEGMENT as u64);
    let overhead = (NONCE_LEN + TAG_LEN) as u64;
    match rest {
        0 if full > 0 => Ok(full * SEGMENT as u64),
        rest if rest >= overhead => Ok(full * SEGMENT as u64 + rest - overhead),
        _ => Err(invalid("a sealed file cut short")),
    }
}

impl DataKey {
    fn cipher(&self) -> Aes256Gcm {
        Aes256Gcm::new(self.bytes().into())
    }

    /// Seals the file at `from` into a new file at `to` (written and synced;
    /// the caller moves it into place) for the place `context` names.
    pub fn seal_file(&self, context: &str, from: &Path, to: &Path) -> io::Result<()> {
        self.seal_reader(context, File::open(from)?, to)
    }

    /// Seals everything `input` reads into a new file at `to`, as
    /// [`DataKey::seal_file`] does.
    pub fn seal_reader(&self, context: &str, mut input: impl Read, to: &Path) -> io::Result<()> {
        let mut output = File::create(to)?;
        output.write_all(MEDIA_MAGIC)?;
        let cipher = self.cipher();
        let (mut current, mut next) = (vec![0u8; SEGMENT], vec![0u8; SEGMENT]);
        let mut filled = read_full(&mut input, &mut current)?;
        for index in 0u64.. {
            let next_filled = if filled == SEGMENT { read_full(&mut input, &mut next)? } else { 0 };
            let last = next_filled == 0;
            let mut nonce = [0u8; NONCE_LEN];
            getrandom::fill(&mut nonce).map_err(io::Error::other)?;
            let aad = aad(context, index, last);
            let sealed = cipher
                .encrypt(Nonce::from_slice(&nonce), Payload { msg: &current[..filled], aad: aad.as_bytes() })
                .map_err(|_| io::Error::other("sealing a media segment failed"))?;
            output.write_all(&nonce)?;
            output.write_all(&sealed)?;
            if last {
                break;
            }
            std::mem::swap(&mut current, &mut next);
            filled = next_filled;
        }
        output.sync_all()
    }

    /// Opens bytes `range` (end exclusive, within the plaintext) of a file
    /// [`DataKey::seal_file`] sealed for `context`, reading only the
    /// segments that hold them.
    pub fn open_file_range(&self, context: &str, path: &Path, range: std::ops::Range<u64>) -> io::Result<Vec<u8>> {
        let mut file = File::open(path)?;
        let sealed_len = file.metadata()?.len();
        let mut head = [0u8; MEDIA_MAGIC.len()];
        file.read_exact(&mut head).map_err(|_| invalid("not a sealed media file"))?;
        if !is_sealed_media(&head) {
            return Err(invalid("not a sealed media file"));
        }
        let total = plain_len(sealed_len)?;
        if range.start > range.end || range.end > total {
            return Err(invalid("a range outside the recording"));
        }
        let segments = total.div_ceil(SEGMENT as u64).max(1);
        let cipher = self.cipher();
        let mut out = Vec::with_capacity(usize::try_from(range.end - range.start).unwrap_or(0));
        let first = range.start / SEGMENT as u64;
        let mut buffer = vec![0u8; SEALED_SEGMENT];
        for index in first..segments {
            let start = index * SEGMENT as u64;
            if start >= range.end && !(range.is_empty() && index == first) {
                break;
            }
            let last = index + 1 == segments;
            let length = if last { total - start } else { SEGMENT as u64 };
            let sealed = &mut buffer[..NONCE_LEN + TAG_LEN + usize::try_from(length).unwrap_or(0)];
            file.seek(SeekFrom::Start(MEDIA_MAGIC.len() as u64 + index * SEALED_SEGMENT as u64))?;
            file.read_exact(sealed)?;
            let (nonce, body) = sealed.split_at(NONCE_LEN);
            let aad = aad(context, index, last);
            let plain = cipher
                .decrypt(Nonce::from_slice(nonce), Payload { msg: body, aad: aad.as_bytes() })
                .map_err(|_| invalid("a media segment does not open: a wrong key, or the file was changed"))?;
            let from = usize::try_from(range.start.saturating_sub(start)).unwrap_or(0);
            let to = usize::try_from((range.end - start).min(length)).unwrap_or(0);
            if from < to {
                out.extend_from_slice(&plain[from..to]);
            }
        }
        Ok(out)
    }

    /// Opens the whole of a sealed media file.
    pub fn open_file(&self, context: &str, path: &Path) -> io::Result<Vec<u8>> {
        let total = plain_len(std::fs::metadata(path)?.len())?;
        self.open_file_range(context, path, 0..total)
    }
}

/// Reads until `buffer` is full or the input ends; returns the bytes read.
fn read_full(input: &mut impl Read, buffer: &mut [u8]) -> io::Result<usize> {
    let mut filled = 0;
    while filled < buffer.len() {
        match input.read(&mut buffer[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(filled)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sealed(key: &DataKey, plain: &[u8]) -> (tempfile::TempDir, std::path::PathBuf) {
        let dir = tempfile::tempdir().expect("dir");
        let (from, to) = (dir.path().join("plain"), dir.path().join("sealed"));
        std::fs::write(&from, plain).expect("write");
        key.seal_file("media:7:abc", &from, &to).expect("seal");
        (dir, to)
    }

    #[test]
    fn files_of_every_length_open_whole_and_in_ranges() {
        let key = DataKey::generate().expect("key");
        for len in [0, 1, SEGMENT - 1, SEGMENT, SEGMENT + 1, 2 * SEGMENT, 3 * SEGMENT + 17] {
            let plain: Vec<u8> = (0..len).map(|i| (i * 31 % 251) as u8).collect();
            let (_dir, path) = sealed(&key, &plain);
            let bytes = std::fs::read(&path).expect("read");
            assert!(is_sealed_media(&bytes));
            assert_eq!(plain_len(bytes.len() as u64).expect("length"), len as u64);
            assert_eq!(key.open_file("media:7:abc", &path).expect("open"), plain, "{len}");
            if len > 10 {
                let (a, b) = (len as u64 / 3, len as u64 - 5);
                let part = key.open_file_range("media:7:abc", &path, a..b).expect("range");
                assert_eq!(part, plain[a as usize..b as usize], "{len}");
            }
            if len >= 64 {
                assert!(!bytes.windows(64).any(|w| w == &plain[..64]), "plaintext in the sealed file");
            }
        }
    }

    #[test]
    fn another_key_place_or_a_cut_file_does_not_open() {
        let key = DataKey::generate().expect("key");
        let plain: Vec<u8> = (0..3 * SEGMENT).map(|i| i as u8).collect();
        let (_dir, path) = sealed(&key, &plain);
        assert!(DataKey::generate().expect("key").open_file("media:7:abc", &path).is_err());
        assert!(key.open_file("media:7:other", &path).is_err(), "opened as another file");
        // The last segment cut off: the one before it was not sealed as the last.
        let bytes = std::fs::read(&path).expect("read");
        std::fs::write(&path, &bytes[..MEDIA_MAGIC.len() + 2 * SEALED_SEGMENT]).expect("cut");
        assert!(key.open_file("media:7:abc", &path).is_err(), "a file cut at a segment opened");
        let mut flipped = bytes.clone();
        flipped[MEDIA_MAGIC.len() + 40] ^= 1;
        std::fs::write(&path, &flipped).expect("flip");
        assert!(key.open_file("media:7:abc", &path).is_err(), "a changed file opened");
    }
}

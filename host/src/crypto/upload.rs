//! Recordings still uploading, sealed as they arrive. A chunk lands at any
//! offset of a file that grows for minutes (and may be resumed a day later),
//! so the segments of [`super::media`] do not fit: the partial file is
//! AES-256-CTR, the keystream at byte `n` of the recording enciphering byte
//! `n`, under a key derived for this one upload from the candidate's data key
//! (HMAC-SHA-256 over the upload's context). Writing, comparing a re-sent
//! chunk and resuming work at any offset; erasure (the candidate's key
//! destroyed) leaves the partial file unreadable like everything else.
//!
//! CTR alone does not authenticate. It need not here: a partial upload is
//! only ever turned into a recording by completing it, which checks the
//! SHA-256 of the plaintext against the one the candidate's browser computed
//! over what it sent, so bytes changed on disk are refused there; the
//! recording is then sealed with [`super::media`]'s authenticated segments.
//! A position is never enciphered twice with different bytes: the upload
//! only appends, and a re-sent chunk is compared, not rewritten.

use std::io::{self, Read};

use aes_gcm::aes::Aes256;
use ctr::cipher::{KeyIvInit, StreamCipher, StreamCipherSeek};
use zeroize::Zeroizing;

use super::{DataKey, hmac_sha256};

/// The first bytes of a sealed partial upload; the recording's bytes follow
/// it, enciphered. (A partial file an older server kept in clear starts with
/// its container's signature.)
pub const PART_MAGIC: &[u8; 12] = b"panelpart01\n";

type Aes256Ctr = ctr::Ctr128BE<Aes256>;

/// The keystream of one upload.
#[derive(Clone)]
pub struct UploadCipher(Zeroizing<[u8; 32]>);

impl std::fmt::Debug for UploadCipher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("UploadCipher(…)")
    }
}

impl DataKey {
    /// The cipher of the upload `context` names (its session and id): a key
    /// of its own, so no two uploads share a keystream.
    pub fn upload_cipher(&self, context: &str) -> UploadCipher {
        let mut message = Vec::with_capacity(24 + context.len());
        message.extend_from_slice(b"panel:upload-part:v1\0");
        message.extend_from_slice(context.as_bytes());
        UploadCipher(Zeroizing::new(hmac_sha256(self.bytes(), &message)))
    }
}

impl UploadCipher {
    /// Enciphers (or deciphers: the same operation) `bytes` that sit at
    /// `offset` of the recording.
    pub fn apply(&self, offset: u64, bytes: &mut [u8]) {
        let mut cipher = Aes256Ctr::new(self.0.as_ref().into(), &[0u8; 16].into());
        // 2^128 blocks: a recording's offsets never wrap the counter.
        cipher.seek(offset);
        cipher.apply_keystream(bytes);
    }

    /// Reads the recording's plaintext from a sealed partial file whose
    /// [`PART_MAGIC`] has been read already.
    pub fn reader<R: Read>(&self, inner: R) -> PartReader<R> {
        PartReader { inner, cipher: self.clone(), offset: 0 }
    }
}

/// The plaintext of a sealed partial upload, read in order.
#[derive(Debug)]
pub struct PartReader<R> {
    inner: R,
    cipher: UploadCipher,
    offset: u64,
}

impl<R: Read> Read for PartReader<R> {
    fn read(&mut self, buffer: &mut [u8]) -> io::Result<usize> {
        let read = self.inner.read(buffer)?;
        self.cipher.apply(self.offset, &mut buffer[..read]);
        self.offset += read as u64;
        Ok(read)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bytes_enciphered_piecewise_at_their_offsets_read_back_whole() {
        let key = DataKey::generate().expect("key");
        let cipher = key.upload_cipher("media:7:abc");
        let plain: Vec<u8> = (0..10_000u32).map(|i| (i * 7 % 251) as u8).collect();
        // Chunks of odd sizes, as a browser sends them.
        let mut stored = Vec::new();
        for chunk in plain.chunks(777) {
            let mut sealed = chunk.to_vec();
            cipher.apply(stored.len() as u64, &mut sealed);
            stored.extend_from_slice(&sealed);
        }
        assert!(!stored.windows(32).any(|w| plain.windows(32).any(|p| p == w)), "a stretch in clear");
        let mut read = Vec::new();
        cipher.reader(stored.as_slice()).read_to_end(&mut read).expect("read");
        assert_eq!(read, plain);
        // Any stretch deciphers on its own, at its offset.
        let mut middle = stored[1234..5678].to_vec();
        cipher.apply(1234, &mut middle);
        assert_eq!(middle, plain[1234..5678]);
    }

    #[test]
    fn another_upload_or_key_has_another_keystream() {
        let key = DataKey::generate().expect("key");
        let plain = [0u8; 64];
        let seal = |cipher: UploadCipher| {
            let mut bytes = plain;
            cipher.apply(0, &mut bytes);
            bytes
        };
        let one = seal(key.upload_cipher("media:7:abc"));
        assert_ne!(one, seal(key.upload_cipher("media:7:abd")));
        assert_ne!(one, seal(DataKey::generate().expect("key").upload_cipher("media:7:abc")));
        assert_eq!(one, seal(key.upload_cipher("media:7:abc")), "the same upload reads back");
    }
}

//! Encryption at rest (docs/compliance.md): AES-256-GCM with envelope keys.
//!
//! The key hierarchy: a master key (held by a [`KeyProvider`], never stored
//! in the database) wraps one data key per organisation; an organisation's
//! key wraps one data key per candidate; a candidate's key seals their
//! personal fields. Destroying a candidate's wrapped key (erasure) leaves
//! anything of theirs that was missed unreadable.
//!
//! Sealed values live in the existing TEXT columns as `enc1:` followed by
//! base64(nonce ‖ ciphertext ‖ tag), with a random 96-bit nonce. The
//! associated data names the table and column, so a value copied into
//! another column (or another candidate's row, under another key) does not
//! open.

mod keyring;
mod media;
mod provider;
mod upload;

use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Nonce};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use hmac::{Hmac, Mac};
use sha2::Sha256;
use zeroize::Zeroizing;

pub use self::keyring::Keyring;
pub(crate) use self::keyring::{candidate_context, organisation_context};
pub use self::media::{MEDIA_MAGIC, SEGMENT, is_sealed_media, plain_len};
pub use self::provider::{
    KeyProvider, MASTER_KEY_ENV, MASTER_KEY_FILE_ENV, MasterKey, MasterKeys, PREVIOUS_MASTER_KEY_ENV,
};
pub use self::upload::{PART_MAGIC, PartReader, UploadCipher};

/// The prefix of a sealed value, naming its format version.
pub const SEALED_PREFIX: &str = "enc1:";
const NONCE_LEN: usize = 12;
const TAG_LEN: usize = 16;

/// What went wrong with a key or a sealed value. Never carries key bytes
/// or plaintext.
#[derive(Debug, thiserror::Error)]
pub enum CryptoError {
    #[error("the value is not sealed in a known format")]
    Format,
    #[error("the value does not open with this key (wrong key, or altered or moved)")]
    Open,
    #[error("the operating system's random generator failed: {0}")]
    Random(String),
    #[error("{0}")]
    Key(String),
}

/// A 256-bit data key; its bytes are zeroed when it is dropped.
#[derive(Clone)]
pub struct DataKey(Zeroizing<[u8; 32]>);

impl std::fmt::Debug for DataKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DataKey(…)")
    }
}

impl DataKey {
    /// A fresh random key from the operating system.
    pub fn generate() -> Result<Self, CryptoError> {
        let mut bytes = Zeroizing::new([0u8; 32]);
        getrandom::fill(bytes.as_mut()).map_err(|e| CryptoError::Random(e.to_string()))?;
        Ok(DataKey(bytes))
    }

    pub fn from_bytes(bytes: &[u8]) -> Result<Self, CryptoError> {
        let mut key = Zeroizing::new([0u8; 32]);
        if bytes.len() != key.len() {
            return Err(CryptoError::Key(format!("a key is 32 bytes, not {}", bytes.len())));
        }
        key.copy_from_slice(bytes);
        Ok(DataKey(key))
    }

    pub(crate) fn bytes(&self) -> &[u8; 32] {
        &self.0
    }

    /// Seals `plaintext` for the place `aad` names (e.g. `candidates.name`).
    pub fn seal(&self, aad: &str, plaintext: &[u8]) -> Result<String, CryptoError> {
        let mut nonce = [0u8; NONCE_LEN];
        getrandom::fill(&mut nonce).map_err(|e| CryptoError::Random(e.to_string()))?;
        let cipher = Aes256Gcm::new(self.0.as_ref().into());
        let sealed = cipher
            .encrypt(Nonce::from_slice(&nonce), Payload { msg: plaintext, aad: aad.as_bytes() })
            .map_err(|_| CryptoError::Open)?;
        let mut out = Vec::with_capacity(NONCE_LEN + sealed.len());
        out.extend_from_slice(&nonce);
        out.extend_from_slice(&sealed);
        Ok(format!("{SEALED_PREFIX}{}", BASE64.encode(out)))
    }

    /// Opens a value [`DataKey::seal`] made for the same `aad`.
    pub fn open(&self, aad: &str, sealed: &str) -> Result<Zeroizing<Vec<u8>>, CryptoError> {
        let body = sealed.strip_prefix(SEALED_PREFIX).ok_or(CryptoError::Format)?;
        let bytes = BASE64.decode(body).map_err(|_| CryptoError::Format)?;
        if bytes.len() < NONCE_LEN + TAG_LEN {
            return Err(CryptoError::Format);
        }
        let (nonce, ciphertext) = bytes.split_at(NONCE_LEN);
        let cipher = Aes256Gcm::new(self.0.as_ref().into());
        cipher
            .decrypt(Nonce::from_slice(nonce), Payload { msg: ciphertext, aad: aad.as_bytes() })
            .map(Zeroizing::new)
            .map_err(|_| CryptoError::Open)
    }

    pub fn seal_str(&self, aad: &str, plaintext: &str) -> Result<String, CryptoError> {
        self.seal(aad, plaintext.as_bytes())
    }

    pub fn open_str(&self, aad: &str, sealed: &str) -> Result<String, CryptoError> {
        String::from_utf8(self.open(aad, sealed)?.to_vec()).map_err(|_| CryptoError::Format)
    }

    /// Seals another key under this one (envelope encryption).
    pub fn wrap(&self, context: &str, key: &DataKey) -> Result<String, CryptoError> {
        self.seal(context, key.bytes())
    }

    pub fn unwrap_key(&self, context: &str, wrapped: &str) -> Result<DataKey, CryptoError> {
        DataKey::from_bytes(&self.open(context, wrapped)?)
    }

    /// A keyed hash of `value` for exact-match lookups (`purpose` names the
    /// column), hex-encoded. The hashing key is derived from this key, so
    /// the hashes of one organisation say nothing about another's, and a
    /// stolen database cannot be searched by guessing without the key.
    pub fn lookup_hash(&self, purpose: &str, value: &str) -> String {
        let derived = Zeroizing::new(hmac_sha256(self.bytes(), b"panel:lookup-hash:v1"));
        let mut message = Vec::with_capacity(purpose.len() + 1 + value.len());
        message.extend_from_slice(purpose.as_bytes());
        message.push(0);
        message.extend_from_slice(value.as_bytes());
        hex::encode(hmac_sha256(derived.as_ref(), &message))
    }
}

fn hmac_sha256(key: &[u8], message: &[u8]) -> [u8; 32] {
    // HMAC takes a key of any length: `new_from_slice` cannot fail.
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(key).unwrap_or_else(|_| unreachable!());
    mac.update(message);
    mac.finalize().into_bytes().into()
}

/// Whether a stored value is sealed (the pass that seals rows written
/// before encryption skips those).
pub fn is_sealed(value: &str) -> bool {
    value.starts_with(SEALED_PREFIX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sealed_value_opens_only_with_its_key_and_place() {
        let key = DataKey::generate().expect("key");
        let sealed = key.seal_str("candidates.name", "Li Na").expect("seal");
        assert!(sealed.starts_with(SEALED_PREFIX) && !sealed.contains("Li Na"), "{sealed}");
        assert_eq!(key.open_str("candidates.name", &sealed).expect("open"), "Li Na");
        assert!(matches!(key.open_str("candidates.email", &sealed), Err(CryptoError::Open)));
        let other = DataKey::generate().expect("key");
        assert!(matches!(other.open_str("candidates.name", &sealed), Err(CryptoError::Open)));
        assert!(matches!(key.open_str("candidates.name", "Li Na"), Err(CryptoError::Format)));
        // Random nonces: the same value sealed twice differs.
        assert_ne!(sealed, key.seal_str("candidates.name", "Li Na").expect("seal"));
    }

    #[test]
    fn a_flipped_bit_is_refused() {
        let key = DataKey::generate().expect("key");
        let sealed = key.seal_str("candidates.phone", "+1 555 0100").expect("seal");
        let mut bytes = BASE64.decode(&sealed[SEALED_PREFIX.len()..]).expect("base64");
        let last = bytes.len() - 1;
        bytes[last] ^= 1;
        let altered = format!("{SEALED_PREFIX}{}", BASE64.encode(bytes));
        assert!(matches!(key.open_str("candidates.phone", &altered), Err(CryptoError::Open)));
    }

    #[test]
    fn lookup_hashes_depend_on_the_key_and_the_column() {
        let key = DataKey::generate().expect("key");
        let a = key.lookup_hash("candidates.email", "li@example.com");
        assert_eq!(a, key.lookup_hash("candidates.email", "li@example.com"));
        assert_ne!(a, key.lookup_hash("candidates.external_ref", "li@example.com"));
        assert_ne!(a, DataKey::generate().expect("key").lookup_hash("candidates.email", "li@example.com"));
    }

    #[test]
    fn wrapped_keys_open_under_their_context() {
        let master = DataKey::generate().expect("key");
        let data = DataKey::generate().expect("key");
        let wrapped = master.wrap("organisation-key:1", &data).expect("wrap");
        let back = master.unwrap_key("organisation-key:1", &wrapped).expect("unwrap");
        assert_eq!(back.bytes(), data.bytes());
        assert!(master.unwrap_key("organisation-key:2", &wrapped).is_err());
    }
}

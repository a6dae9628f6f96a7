//! Where the master key comes from: a [`KeyProvider`] wraps and unwraps the
//! organisations' data keys. [`MasterKey`] holds the key itself (from the
//! environment or a file); a KMS plugs in as another implementation.

use std::io::Write as _;
use std::path::Path;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use zeroize::Zeroizing;

use super::{CryptoError, DataKey, hmac_sha256};

/// The master key itself, base64 (32 bytes).
pub const MASTER_KEY_ENV: &str = "PANEL_MASTER_KEY";
/// A file holding the master key (base64, or the 32 raw bytes).
pub const MASTER_KEY_FILE_ENV: &str = "PANEL_MASTER_KEY_FILE";
/// The master key being rotated away from, base64: it still opens what it
/// wrapped until `panel keys rotate` has re-wrapped everything.
pub const PREVIOUS_MASTER_KEY_ENV: &str = "PANEL_MASTER_KEY_PREVIOUS";

/// Wraps data keys under a master key it never hands out.
#[async_trait::async_trait]
pub trait KeyProvider: Send + Sync + std::fmt::Debug {
    /// Names the master key (not secret): stored beside what it wrapped, so
    /// a wrong key is told apart from a damaged database.
    fn key_id(&self) -> &str;
    /// Seals `key` for `context` (what it is the key of).
    async fn wrap(&self, context: &str, key: &DataKey) -> Result<String, CryptoError>;
    async fn unwrap(&self, context: &str, wrapped: &str) -> Result<DataKey, CryptoError>;
}

/// A master key held in memory, zeroed on drop.
#[derive(Debug)]
pub struct MasterKey {
    key: DataKey,
    id: String,
}

impl MasterKey {
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, CryptoError> {
        let key = DataKey::from_bytes(bytes)
            .map_err(|_| CryptoError::Key(format!("a master key is 32 bytes, not {}", bytes.len())))?;
        // The id is a keyed hash of a constant: it names the key without
        // saying anything about its bytes.
        let id = hex::encode(&hmac_sha256(key.bytes(), b"panel:master-key-id")[..8]);
        Ok(MasterKey { key, id })
    }

    /// A fresh random key.
    pub fn generate() -> Result<Self, CryptoError> {
        Self::from_bytes(DataKey::generate()?.bytes())
    }

    /// The key as base64 text (32 bytes).
    pub fn from_base64(text: &str) -> Result<Self, CryptoError> {
        let bytes = Zeroizing::new(
            BASE64
                .decode(text.trim())
                .map_err(|_| CryptoError::Key("the master key is not valid base64".to_owned()))?,
        );
        Self::from_bytes(&bytes)
    }

    /// The key `PANEL_MASTER_KEY` holds, or else the file
    /// `PANEL_MASTER_KEY_FILE` names; `None` when neither is set.
    pub fn from_env() -> Result<Option<Self>, CryptoError> {
        if let Some(text) = std::env::var(MASTER_KEY_ENV).ok().filter(|v| !v.trim().is_empty()) {
            let text = Zeroizing::new(text);
            return Self::from_base64(&text).map(Some).map_err(|e| CryptoError::Key(format!("{MASTER_KEY_ENV}: {e}")));
        }
        match std::env::var_os(MASTER_KEY_FILE_ENV).filter(|v| !v.is_empty()) {
            Some(path) => Self::read_file(Path::new(&path)).map(Some),
            None => Ok(None),
        }
    }

    /// Reads a key file: base64 text, or exactly 32 raw bytes.
    pub fn read_file(path: &Path) -> Result<Self, CryptoError> {
        let bytes =
            Zeroizing::new(std::fs::read(path).map_err(|e| {
                CryptoError::Key(format!("the master key file {} could not be read: {e}", path.display()))
            })?);
        let text = std::str::from_utf8(&bytes).ok().map(str::trim).filter(|t| !t.is_empty());
        let key = match text.map(Self::from_base64) {
            Some(Ok(key)) => Ok(key),
            _ => Self::from_bytes(&bytes),
        };
        key.map_err(|_| {
            CryptoError::Key(format!("the master key file {} holds no 32-byte key (base64 or raw)", path.display()))
        })
    }

    /// Creates a new key file (readable by its owner only) holding a fresh
    /// key; refuses to overwrite one.
    pub fn create_file(path: &Path) -> Result<Self, CryptoError> {
        let key = Self::generate()?;
        let failed = |e: std::io::Error| {
            CryptoError::Key(format!("the master key file {} could not be created: {e}", path.display()))
        };
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let mut file = options.open(path).map_err(failed)?;
        let text = Zeroizing::new(format!("{}\n", BASE64.encode(key.key.bytes())));
        file.write_all(text.as_bytes()).and_then(|()| file.sync_all()).map_err(failed)?;
        Ok(key)
    }

    /// The key as base64, e.g. to hand it to another process in tests.
    pub fn to_base64(&self) -> Zeroizing<String> {
        Zeroizing::new(BASE64.encode(self.key.bytes()))
    }
}

/// The master key that wraps, with the keys it replaces, which still
/// unwrap while a rotation is under way (`panel keys rotate`).
#[derive(Debug)]
pub struct MasterKeys {
    current: MasterKey,
    previous: Vec<MasterKey>,
}

impl MasterKeys {
    pub fn new(current: MasterKey, previous: Vec<MasterKey>) -> Self {
        let previous = previous.into_iter().filter(|k| k.key_id() != current.key_id()).collect();
        MasterKeys { current, previous }
    }

    /// The key `PANEL_MASTER_KEY_PREVIOUS` holds, if set.
    pub fn previous_from_env() -> Result<Option<MasterKey>, CryptoError> {
        match std::env::var(PREVIOUS_MASTER_KEY_ENV).ok().filter(|v| !v.trim().is_empty()) {
            Some(text) => MasterKey::from_base64(&Zeroizing::new(text))
                .map(Some)
                .map_err(|e| CryptoError::Key(format!("{PREVIOUS_MASTER_KEY_ENV}: {e}"))),
            None => Ok(None),
        }
    }

    /// The ids of the keys replaced, which unwrap only.
    pub fn previous_ids(&self) -> Vec<&str> {
        self.previous.iter().map(MasterKey::key_id).collect()
    }
}

#[async_trait::async_trait]
impl KeyProvider for MasterKeys {
    fn key_id(&self) -> &str {
        self.current.key_id()
    }

    async fn wrap(&self, context: &str, key: &DataKey) -> Result<String, CryptoError> {
        self.current.key.wrap(context, key)
    }

    /// The current key first; a wrapped key's tag tells a wrong key at once.
    async fn unwrap(&self, context: &str, wrapped: &str) -> Result<DataKey, CryptoError> {
        let mut result = self.current.key.unwrap_key(context, wrapped);
        for key in &self.previous {
            if result.is_ok() {
                break;
            }
            result = key.key.unwrap_key(context, wrapped);
        }
        result
    }
}

#[async_trait::async_trait]
impl KeyProvider for MasterKey {
    fn key_id(&self) -> &str {
        &self.id
    }

    async fn wrap(&self, context: &str, key: &DataKey) -> Result<String, CryptoError> {
        self.key.wrap(context, key)
    }

    async fn unwrap(&self, context: &str, wrapped: &str) -> Result<DataKey, CryptoError> {
        self.key.unwrap_key(context, wrapped)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_created_key_file_is_private_and_reads_back() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("master.key");
        let created = MasterKey::create_file(&path).expect("create");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            let mode = std::fs::metadata(&path).expect("metadata").permissions().mode();
            assert_eq!(mode & 0o777, 0o600, "{mode:o}");
        }
        assert_eq!(MasterKey::read_file(&path).expect("read").key_id(), created.key_id());
        assert!(MasterKey::create_file(&path).is_err(), "an existing key file was overwritten");
        std::fs::write(&path, "not a key").expect("write");
        assert!(MasterKey::read_file(&path).is_err());
    }

    #[tokio::test]
    async fn keys_being_rotated_unwrap_with_either_and_wrap_with_the_new() {
        let (old, new) = (MasterKey::generate().expect("key"), MasterKey::generate().expect("key"));
        let data = DataKey::generate().expect("data key");
        let by_old = old.wrap("org:1", &data).await.expect("wrap");
        let old_id = old.key_id().to_owned();
        let keys = MasterKeys::new(new, vec![old]);
        assert_eq!(keys.previous_ids(), [old_id.as_str()]);
        let by_new = keys.wrap("org:1", &data).await.expect("wrap");
        for wrapped in [&by_old, &by_new] {
            assert_eq!(keys.unwrap("org:1", wrapped).await.expect("unwrap").bytes(), data.bytes());
        }
        let alone = MasterKey::from_base64(&keys.current.to_base64()).expect("the new key alone");
        assert!(alone.unwrap("org:1", &by_new).await.is_ok());
        assert!(alone.unwrap("org:1", &by_old).await.is_err(), "the old key's wrap opened without it");
        assert!(keys.unwrap("org:2", &by_old).await.is_err(), "a wrap opened for another context");
    }

    #[test]
    fn different_keys_have_different_ids() {
        let a = MasterKey::generate().expect("key");
        let b = MasterKey::generate().expect("key");
        assert_ne!(a.key_id(), b.key_id());
        assert_eq!(MasterKey::from_base64(&a.to_base64()).expect("base64").key_id(), a.key_id());
    }
}

//! Vendor signatures: ed25519 over a package's manifest and component.
//!
//! The signed message is a fixed domain tag followed by the SHA-256 of the
//! manifest's exact bytes and the SHA-256 of the component, so changing either
//! (or moving a signature to another package) breaks the signature.
//!
//! Keys are written as text: a public key is `ed25519:<64 hex digits>`; a
//! secret key file is a small TOML document readable only by its owner.

use std::fmt;
use std::path::Path;
use std::str::FromStr;

use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

const DOMAIN: &[u8] = b"panel-package-signature-v1\0";
const PREFIX: &str = "ed25519:";

/// The message a package signature covers.
pub fn signed_message(manifest: &[u8], component: &[u8]) -> Vec<u8> {
    let mut message = DOMAIN.to_vec();
    message.extend_from_slice(&Sha256::digest(manifest));
    message.extend_from_slice(&Sha256::digest(component));
    message
}

/// A vendor's public key.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct PublicKey(VerifyingKey);

impl PublicKey {
    /// A short, stable name for the key: the first 8 bytes of its SHA-256.
    pub fn fingerprint(&self) -> String {
        hex::encode(&Sha256::digest(self.0.as_bytes())[..8])
    }

    /// Whether `signature` is this key's over `message` (strict: no malleable
    /// or small-order forms).
    pub fn verifies(&self, message: &[u8], signature: &[u8]) -> bool {
        let Ok(signature) = Signature::from_slice(signature) else { return false };
        self.0.verify_strict(message, &signature).is_ok()
    }
}

impl fmt::Display for PublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{PREFIX}{}", hex::encode(self.0.as_bytes()))
    }
}

impl fmt::Debug for PublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl FromStr for PublicKey {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let hex_part = s
            .trim()
            .strip_prefix(PREFIX)
            .ok_or_else(|| format!("a public key starts with {PREFIX:?} followed by 64 hex digits"))?;
        let bytes: [u8; 32] = hex::decode(hex_part)
            .ok()
            .and_then(|b| b.try_into().ok())
            .ok_or_else(|| format!("a public key is {PREFIX:?} followed by exactly 64 hex digits"))?;
        VerifyingKey::from_bytes(&bytes).map(Self).map_err(|_| "not a valid ed25519 public key".to_owned())
    }
}

impl Serialize for PublicKey {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for PublicKey {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// A vendor's signing key, with the name it signs as.
pub struct SecretKey {
    pub name: String,
    key: SigningKey,
}

impl fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SecretKey").field("name", &self.name).field("public", &self.public()).finish_non_exhaustive()
    }
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct KeyFile {
    name: String,
    public_key: PublicKey,
    secret_key: String,
}

/// Why a key file could not be used.
#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    #[error("reading the key file {path}: {source}")]
    Io { path: String, source: std::io::Error },
    #[error("the key file {path} is not a Panel signing key: {reason}")]
    Invalid { path: String, reason: String },
    #[error("generating a key: {0}")]
    Random(String),
}

impl SecretKey {
    /// A new random key.
    pub fn generate(name: &str) -> Result<Self, KeyError> {
        let mut seed = [0u8; 32];
        getrandom::fill(&mut seed).map_err(|e| KeyError::Random(e.to_string()))?;
        Ok(Self { name: name.to_owned(), key: SigningKey::from_bytes(&seed) })
    }

    pub fn public(&self) -> PublicKey {
        PublicKey(self.key.verifying_key())
    }

    /// Signs a package's manifest and component.
    pub fn sign_package(&self, manifest: &[u8], component: &[u8]) -> PackageSignature {
        let signature = self.key.sign(&signed_message(manifest, component));
        PackageSignature {
            signer: self.name.clone(),
            public_key: self.public(),
            signature: hex::encode(signature.to_bytes()),
        }
    }

    /// Writes the key file, readable only by its owner, refusing to overwrite
    /// an existing key.
    pub fn write(&self, path: &Path) -> Result<(), KeyError> {
        let io = |source| KeyError::Io { path: path.display().to_string(), source };
        let text = toml::to_string(&KeyFile {
            name: self.name.clone(),
            public_key: self.public(),
            secret_key: hex::encode(self.key.to_bytes()),
        })
        .map_err(|e| KeyError::Invalid { path: path.display().to_string(), reason: e.to_string() })?;
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let mut file = options.open(path).map_err(io)?;
        std::io::Write::write_all(&mut file, text.as_bytes()).map_err(io)
    }

    pub fn read(path: &Path) -> Result<Self, KeyError> {
        let invalid = |reason: String| KeyError::Invalid { path: path.display().to_string(), reason };
        let text = std::fs::read_to_string(path)
            .map_err(|source| KeyError::Io { path: path.display().to_string(), source })?;
        let file: KeyFile = toml::from_str(&text).map_err(|e| invalid(e.message().to_owned()))?;
        let seed: [u8; 32] = hex::decode(file.secret_key.trim())
            .ok()
            .and_then(|b| b.try_into().ok())
            .ok_or_else(|| invalid("secret-key is not 64 hex digits".to_owned()))?;
        let key = Self { name: file.name, key: SigningKey::from_bytes(&seed) };
        if key.public() != file.public_key {
            return Err(invalid("public-key does not belong to secret-key".to_owned()));
        }
        Ok(key)
    }
}

/// The signature stored in a package (`signature.toml`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct PackageSignature {
    /// Who signed, as the key's owner named it (informational: trust comes
    /// from the public key).
    pub signer: String,
    pub public_key: PublicKey,
    /// 128 hex digits.
    pub signature: String,
}

impl PackageSignature {
    /// Whether the signature holds for this manifest and component.
    pub fn holds_for(&self, manifest: &[u8], component: &[u8]) -> bool {
        let Ok(bytes) = hex::decode(&self.signature) else { return false };
        self.public_key.verifies(&signed_message(manifest, component), &bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_signature_holds_only_for_what_was_signed() {
        let key = SecretKey::generate("Acme HR").expect("key");
        let sig = key.sign_package(b"manifest", b"component");
        assert!(sig.holds_for(b"manifest", b"component"));
        assert!(!sig.holds_for(b"manifest!", b"component"));
        assert!(!sig.holds_for(b"manifest", b"component!"));
        // Moving bytes between the two parts changes the message too.
        assert!(!sig.holds_for(b"manifestc", b"omponent"));
        let other = SecretKey::generate("Mallory").expect("key");
        let forged = PackageSignature { public_key: other.public(), ..sig.clone() };
        assert!(!forged.holds_for(b"manifest", b"component"));
    }

    #[test]
    fn public_keys_round_trip_and_junk_is_refused() {
        let key = SecretKey::generate("Acme HR").expect("key");
        let text = key.public().to_string();
        assert_eq!(text.parse::<PublicKey>(), Ok(key.public()));
        assert!("ed25519:abcd".parse::<PublicKey>().is_err());
        assert!(text.trim_start_matches("ed25519:").parse::<PublicKey>().unwrap_err().contains("starts with"));
    }

    #[test]
    fn key_files_round_trip_and_are_never_overwritten() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("acme.key");
        let key = SecretKey::generate("Acme HR").expect("key");
        key.write(&path).expect("write");
        let read = SecretKey::read(&path).expect("read");
        assert_eq!(read.public(), key.public());
        assert_eq!(read.name, "Acme HR");
        assert!(matches!(SecretKey::generate("x").expect("key").write(&path), Err(KeyError::Io { .. })));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).expect("metadata").permissions().mode();
            assert_eq!(mode & 0o077, 0, "the key file must not be readable by others");
        }
    }
}

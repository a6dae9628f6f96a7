//! The package file a vendor hands over (`<id>-<version>.panelpkg`): a gzipped
//! tar archive of exactly `plugin.toml`, `plugin.wasm` and, once signed,
//! `signature.toml`. Entries are read into memory by name, never extracted by
//! path, and sizes are capped, so a hostile archive cannot write files or
//! exhaust memory.

use std::io::{Read, Write};

use flate2::Compression;
use flate2::read::GzDecoder;
use flate2::write::GzEncoder;

use super::signing::PackageSignature;

pub const MANIFEST: &str = "plugin.toml";
pub const COMPONENT: &str = "plugin.wasm";
pub const SIGNATURE: &str = "signature.toml";
/// The file extension of a package.
pub const EXTENSION: &str = "panelpkg";

/// Largest component accepted.
pub const MAX_COMPONENT_BYTES: u64 = 64 << 20;
const MAX_TEXT_BYTES: u64 = 256 << 10;

/// A package's parts, as bytes.
#[derive(Debug, Clone, PartialEq)]
pub struct Package {
    pub manifest: Vec<u8>,
    pub component: Vec<u8>,
    pub signature: Option<PackageSignature>,
}

/// Why a file is not a usable package.
#[derive(Debug, thiserror::Error)]
pub enum ArchiveError {
    #[error("not a Panel package (a gzipped tar archive): {0}")]
    Format(String),
    #[error(
        "the package holds an unexpected entry {0:?}; it may hold only plugin.toml, plugin.wasm and signature.toml"
    )]
    UnexpectedEntry(String),
    #[error("the package holds {0} twice")]
    Duplicate(&'static str),
    #[error("the package has no {0}")]
    Missing(&'static str),
    #[error("{entry} is larger than the limit of {limit} bytes")]
    TooLarge { entry: &'static str, limit: u64 },
    #[error("signature.toml is malformed: {0}")]
    Signature(String),
}

impl Package {
    /// Reads a package from its file's bytes.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, ArchiveError> {
        let format = |e: std::io::Error| ArchiveError::Format(e.to_string());
        let mut archive = tar::Archive::new(GzDecoder::new(bytes));
        let (mut manifest, mut component, mut signature) = (None, None, None);
        for entry in archive.entries().map_err(format)? {
            let entry = entry.map_err(format)?;
            let path = entry.path().map_err(format)?.to_string_lossy().into_owned();
            let (slot, name, limit) = match path.as_str() {
                MANIFEST => (&mut manifest, MANIFEST, MAX_TEXT_BYTES),
                COMPONENT => (&mut component, COMPONENT, MAX_COMPONENT_BYTES),
                SIGNATURE => (&mut signature, SIGNATURE, MAX_TEXT_BYTES),
                _ => return Err(ArchiveError::UnexpectedEntry(path)),
            };
            if !entry.header().entry_type().is_file() {
                return Err(ArchiveError::UnexpectedEntry(path));
            }
            if slot.is_some() {
                return Err(ArchiveError::Duplicate(name));
            }
            let mut data = Vec::new();
            entry.take(limit + 1).read_to_end(&mut data).map_err(format)?;
            if data.len() as u64 > limit {
                return Err(ArchiveError::TooLarge { entry: name, limit });
            }
            *slot = Some(data);
        }
        let signature = match signature {
            None => None,
            Some(bytes) => {
                let text = String::from_utf8(bytes).map_err(|_| ArchiveError::Signature("not UTF-8".to_owned()))?;
                Some(toml::from_str(&text).map_err(|e| ArchiveError::Signature(e.message().to_owned()))?)
            }
        };
        Ok(Self {
            manifest: manifest.ok_or(ArchiveError::Missing(MANIFEST))?,
            component: component.ok_or(ArchiveError::Missing(COMPONENT))?,
            signature,
        })
    }

    /// The package file's bytes. Entries carry no owner, mode or time, so the
    /// same parts always make the same file.
    pub fn to_bytes(&self) -> std::io::Result<Vec<u8>> {
        let mut builder = tar::Builder::new(GzEncoder::new(Vec::new(), Compression::best()));
        builder.mode(tar::HeaderMode::Deterministic);
        let mut append = |name: &str, data: &[u8]| {
            let mut header = tar::Header::new_gnu();
            header.set_size(data.len() as u64);
            header.set_mode(0o644);
            header.set_mtime(0);
            header.set_entry_type(tar::EntryType::Regular);
            builder.append_data(&mut header, name, data)
        };
        append(MANIFEST, &self.manifest)?;
        append(COMPONENT, &self.component)?;
        if let Some(signature) = &self.signature {
            let text = toml::to_string(signature).map_err(std::io::Error::other)?;
            append(SIGNATURE, text.as_bytes())?;
        }
        let mut gz = builder.into_inner()?;
        gz.flush()?;
        gz.finish()
    }

    /// The file name a package is conventionally given.
    pub fn file_name(id: &str, version: &semver::Version) -> String {
        format!("{id}-{version}.{EXTENSION}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::packages::signing::SecretKey;

    fn package() -> Package {
        let key = SecretKey::generate("Acme HR").expect("key");
        let signature = Some(key.sign_package(b"[plugin]", b"\0asm"));
        Package { manifest: b"[plugin]".to_vec(), component: b"\0asm".to_vec(), signature }
    }

    #[test]
    fn packages_round_trip_byte_for_byte() {
        let p = package();
        let bytes = p.to_bytes().expect("pack");
        assert_eq!(Package::from_bytes(&bytes).expect("unpack"), p);
        assert_eq!(p.to_bytes().expect("pack"), bytes, "packing is deterministic");
    }

    #[test]
    fn junk_and_strange_archives_are_refused() {
        assert!(matches!(Package::from_bytes(b"not a package"), Err(ArchiveError::Format(_))));

        let archive = |entries: &[(&str, &[u8])]| {
            let mut builder = tar::Builder::new(GzEncoder::new(Vec::new(), Compression::fast()));
            for (name, data) in entries {
                // Written raw: the builder itself refuses `..`, a hostile tool would not.
                let mut header = tar::Header::new_gnu();
                header.as_old_mut().name[..name.len()].copy_from_slice(name.as_bytes());
                header.set_size(data.len() as u64);
                header.set_entry_type(tar::EntryType::Regular);
                header.set_cksum();
                builder.append(&header, *data).expect("append");
            }
            builder.into_inner().expect("tar").finish().expect("gz")
        };
        let extra = archive(&[(MANIFEST, b"x"), (COMPONENT, b"y"), ("../../etc/passwd", b"z")]);
        assert!(matches!(Package::from_bytes(&extra), Err(ArchiveError::UnexpectedEntry(p)) if p.contains("passwd")));
        let twice = archive(&[(MANIFEST, b"x"), (MANIFEST, b"x"), (COMPONENT, b"y")]);
        assert!(matches!(Package::from_bytes(&twice), Err(ArchiveError::Duplicate(MANIFEST))));
        let missing = archive(&[(MANIFEST, b"x")]);
        assert!(matches!(Package::from_bytes(&missing), Err(ArchiveError::Missing(COMPONENT))));
        let bad_sig = archive(&[(MANIFEST, b"x"), (COMPONENT, b"y"), (SIGNATURE, b"signer = 1")]);
        assert!(matches!(Package::from_bytes(&bad_sig), Err(ArchiveError::Signature(_))));
    }
}

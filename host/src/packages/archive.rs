//! The package file a vendor hands over (`<id>-<version>.panelpkg`): a gzipped
//! tar archive of exactly `plugin.toml`, `plugin.wasm` and, once signed,
//! `signature.toml`. Entries are read into memory by name, never extracted by
//! path, and every size is checked before anything is read: the file's, each
//! entry's from its header, and no GNU long-name or PAX entries at all (their
//! contents would be read whole before a signature could be checked). Names
//! from the archive are cut and escaped before they appear in an error, so a
//! hostile archive cannot write files, exhaust memory or flood a log.

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
/// Largest package file: the largest component, its texts and the archive's
/// own overhead (gzip never grows data by more than a fraction of a percent).
pub const MAX_PACKAGE_BYTES: u64 = MAX_COMPONENT_BYTES + (2 << 20);
/// Characters of an entry's name kept in an error.
const NAME_SHOWN: usize = 100;

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
    #[error("the package file is {size} bytes, more than a package can be ({limit} bytes)")]
    FileTooLarge { size: u64, limit: u64 },
    #[error("signature.toml is malformed: {0}")]
    Signature(String),
}

impl Package {
    /// Reads a package from its file's bytes.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, ArchiveError> {
        if bytes.len() as u64 > MAX_PACKAGE_BYTES {
            return Err(ArchiveError::FileTooLarge { size: bytes.len() as u64, limit: MAX_PACKAGE_BYTES });
        }
        let format = |e: std::io::Error| ArchiveError::Format(e.to_string());
        let mut archive = tar::Archive::new(GzDecoder::new(bytes));
        let (mut manifest, mut component, mut signature) = (None, None, None);
        // Raw: long-name and PAX entries come as entries of their own, to be
        // refused by their header, instead of being read whole first.
        for entry in archive.entries().map_err(format)?.raw(true) {
            let entry = entry.map_err(format)?;
            let path = shown_name(&entry.path_bytes());
            if !entry.header().entry_type().is_file() {
                return Err(ArchiveError::UnexpectedEntry(path));
            }
            let (slot, name, limit) = match path.as_str() {
                MANIFEST => (&mut manifest, MANIFEST, MAX_TEXT_BYTES),
                COMPONENT => (&mut component, COMPONENT, MAX_COMPONENT_BYTES),
                SIGNATURE => (&mut signature, SIGNATURE, MAX_TEXT_BYTES),
                _ => return Err(ArchiveError::UnexpectedEntry(path)),
            };
            if slot.is_some() {
                return Err(ArchiveError::Duplicate(name));
            }
            if entry.header().size().map_err(format)? > limit {
                return Err(ArchiveError::TooLarge { entry: name, limit });
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

    /// Reads a package file, refusing one larger than a package can be
    /// before reading it.
    pub fn read_file(path: &std::path::Path) -> std::io::Result<Result<Vec<u8>, ArchiveError>> {
        let file = std::fs::File::open(path)?;
        let size = file.metadata()?.len();
        if size > MAX_PACKAGE_BYTES {
            return Ok(Err(ArchiveError::FileTooLarge { size, limit: MAX_PACKAGE_BYTES }));
        }
        let mut bytes = Vec::with_capacity(size as usize);
        file.take(MAX_PACKAGE_BYTES + 1).read_to_end(&mut bytes)?;
        if bytes.len() as u64 > MAX_PACKAGE_BYTES {
            return Ok(Err(ArchiveError::FileTooLarge { size: bytes.len() as u64, limit: MAX_PACKAGE_BYTES }));
        }
        Ok(Ok(bytes))
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

/// An entry's name as an error may show it: at most [`NAME_SHOWN`]
/// characters, control characters escaped.
fn shown_name(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    let cut: String = text.chars().take(NAME_SHOWN).collect();
    let more = if text.chars().nth(NAME_SHOWN).is_some() { "…" } else { "" };
    format!("{}{more}", crate::runtime::contract::escape_controls(&cut))
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

    /// A gzipped tar of one raw header (type, name, declared size) and `data`.
    fn raw_entry(kind: tar::EntryType, name: &[u8], size: u64, data: &[u8]) -> Vec<u8> {
        let mut header = tar::Header::new_gnu();
        header.as_old_mut().name[..name.len()].copy_from_slice(name);
        header.set_size(size);
        header.set_entry_type(kind);
        header.set_cksum();
        let mut gz = GzEncoder::new(Vec::new(), Compression::fast());
        gz.write_all(header.as_bytes()).expect("header");
        gz.write_all(data).expect("data");
        gz.finish().expect("gz")
    }

    #[test]
    fn long_names_and_oversized_entries_are_refused_before_they_are_read() {
        // A GNU long-name entry declaring a gibibyte of name: refused by its
        // header, whatever follows.
        let long = raw_entry(tar::EntryType::GNULongName, b"././@LongLink", 1 << 30, &[b'a'; 4096]);
        match Package::from_bytes(&long) {
            Err(ArchiveError::UnexpectedEntry(name)) => assert_eq!(name, "././@LongLink"),
            other => panic!("expected the long-name entry refused, got {other:?}"),
        }
        // A real 64 KiB long name of control characters is neither followed
        // nor echoed.
        let mut builder = tar::Builder::new(GzEncoder::new(Vec::new(), Compression::fast()));
        let name = format!("{}{}", "\x1b[2J\n".repeat(8000), "plugin.toml");
        let mut header = tar::Header::new_gnu();
        header.set_size(1);
        header.set_entry_type(tar::EntryType::Regular);
        builder.append_data(&mut header, &name, &b"x"[..]).expect("append");
        let bytes = builder.into_inner().expect("tar").finish().expect("gz");
        let error = Package::from_bytes(&bytes).expect_err("a long name");
        let message = error.to_string();
        assert!(message.len() < 400 && !message.chars().any(char::is_control), "{message:?}");
        // A regular entry whose header claims more than the limit is refused
        // before its data is read.
        let huge = raw_entry(tar::EntryType::Regular, COMPONENT.as_bytes(), 1 << 40, b"");
        assert!(matches!(Package::from_bytes(&huge), Err(ArchiveError::TooLarge { entry: COMPONENT, .. })));
    }
}

//! Plugin packages: what a vendor ships and an administrator installs.
//!
//! - `archive`: the package file (manifest, component, signature);
//! - `manifest`: `plugin.toml`, validated with the failing field named;
//! - `signing`: ed25519 keys and the package signature;
//! - `trust`: the administrator's trusted keys, unsigned policy and grants;
//! - `owners`: which vendor key each plugin id belongs to;
//! - `schema`: a plugin's configuration schema and the check of a configuration;
//! - `redact`: the secrets of a configuration, hidden when it is read;
//! - `verify`: the checks every package passes before it is loaded;
//! - `catalog`: the directory of installed packages (several versions of a
//!   plugin side by side);
//! - `registry`: the loaded plugins by id and version, resolving a semver
//!   requirement to the highest matching version;
//! - `scope`: bindings from a scope (organisation … job) to a plugin, and
//!   resolution for one job;
//! - `watch`: hot reload of the packages directory.

pub mod archive;
pub mod catalog;
pub mod manifest;
pub mod owners;
pub mod redact;
pub mod registry;
pub mod schema;
pub mod scope;
pub mod signing;
pub mod trust;
pub mod verify;
pub mod watch;

use std::path::Path;

use semver::Version;

pub use self::archive::{ArchiveError, Package};
pub use self::catalog::{Catalog, InstalledPackage};
pub use self::manifest::{Capabilities, Manifest, ManifestError};
pub use self::owners::Owner;
pub use self::registry::{ActivePlugin, PluginRegistry};
pub use self::schema::{ConfigError, ConfigSchema};
pub use self::scope::{Binding, ResolvedBinding, Scope, ScopeKind};
pub use self::signing::{PackageSignature, PublicKey, SecretKey};
pub use self::trust::{Signer, TrustPolicy};
pub use self::verify::Verified;
use crate::runtime::LoadError;

/// Why a package was refused or an operation on installed packages failed.
/// Every variant says what was wrong and, where there is one, what to do.
#[derive(Debug, thiserror::Error)]
pub enum PackageError {
    #[error(transparent)]
    Archive(#[from] ArchiveError),
    #[error(transparent)]
    Manifest(#[from] ManifestError),
    #[error(
        "{plugin} is not signed; sign it with `panel plugin sign`, or set allow-unsigned = true in the trust policy to accept unsigned packages"
    )]
    Unsigned { plugin: String },
    #[error(
        "{plugin} is signed by {signer:?} with a key that is not trusted ({key}); add the key with `panel plugin trust` if you trust this vendor"
    )]
    UntrustedKey { plugin: String, signer: String, key: String },
    #[error(
        "{plugin}: the signature does not match the manifest and component; the package was changed after it was signed"
    )]
    BadSignature { plugin: String },
    #[error(
        "{plugin} comes from {shipped_by}, but {id} belongs to {owner}: a package for an installed plugin must come \
         from the vendor that installed it first. If {id} has really changed hands, transfer it with `{transfer}`"
    )]
    WrongVendor { plugin: String, id: String, owner: String, shipped_by: String, transfer: String },
    #[error("{plugin}: the manifest says {field} is {manifest}, but the component says {component}")]
    Mismatch { plugin: String, field: &'static str, manifest: String, component: String },
    #[error(
        "{plugin} targets plugin API {api}, but this host supports {supported}; use a package built for a supported API"
    )]
    UnsupportedApi { plugin: String, api: Version, supported: &'static str },
    #[error("{plugin} asks for {capability}, which is not granted; grant it with `{grant}` if you accept that")]
    NotGranted { plugin: String, capability: String, grant: String },
    /// Boxed: a load error is large, and every catalog call returns this type.
    #[error(transparent)]
    Load(Box<LoadError>),
    #[error(
        "{plugin} is already installed with different contents; give the new build a new version, or uninstall the installed one first"
    )]
    Conflict { plugin: String },
    #[error("{plugin} is not installed")]
    NotInstalled { plugin: String },
    #[error("{plugin} is still needed by {}; change or remove those bindings first, or uninstall with --force", bindings.join(", "))]
    InUse { plugin: String, bindings: Vec<String> },
    #[error("the trust policy {path} is malformed: {reason}")]
    Policy { path: String, reason: String },
    #[error("{path}: {source}")]
    Io { path: String, source: std::io::Error },
}

impl From<LoadError> for PackageError {
    fn from(e: LoadError) -> Self {
        Self::Load(Box::new(e))
    }
}

impl PackageError {
    pub(crate) fn io(path: &Path, source: std::io::Error) -> Self {
        Self::Io { path: path.display().to_string(), source }
    }
}

/// Reads a package file, refusing one larger than a package can be without
/// reading it (a package dropped into a watched folder may be anything).
pub fn read_package_file(path: &Path) -> Result<Vec<u8>, PackageError> {
    Ok(Package::read_file(path).map_err(|e| PackageError::io(path, e))??)
}

/// Writes a file through a temporary file in the same directory and a
/// rename, so a reader (or the watcher) never sees half of it.
pub(crate) fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), PackageError> {
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(|e| PackageError::io(dir, e))?;
    let mut tmp = tempfile::Builder::new()
        .prefix(".panel-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(|e| PackageError::io(dir, e))?;
    std::io::Write::write_all(&mut tmp, bytes).map_err(|e| PackageError::io(path, e))?;
    tmp.as_file().sync_all().map_err(|e| PackageError::io(path, e))?;
    tmp.persist(path).map_err(|e| PackageError::io(path, e.error))?;
    Ok(())
}

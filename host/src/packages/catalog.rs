//! The installed packages: one directory of package files
//! (`<data>/packages/<id>-<version>.panelpkg`), several versions of a plugin
//! side by side. Installing verifies and precompiles before the file appears
//! there, so a running `panel serve` watching the directory picks it up
//! already compiled.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use semver::Version;

use super::archive::{EXTENSION, Package};
use super::registry::ActivePlugin;
use super::scope::Binding;
use super::trust::TrustPolicy;
use super::verify::{Verified, verify};
use super::{Manifest, PackageError, read_package_file, write_atomically};
use crate::runtime::PluginRuntime;

/// The directory of installed packages.
#[derive(Debug, Clone)]
pub struct Catalog {
    dir: PathBuf,
}

/// What `install` did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InstallOutcome {
    Installed,
    /// The identical package was already installed; nothing changed.
    AlreadyInstalled,
    /// Another build of the same id and version was replaced (`force`).
    Replaced,
}

/// A package file in the catalog, with what verifying it found.
#[derive(Debug)]
pub struct InstalledPackage {
    pub path: PathBuf,
    pub size_bytes: u64,
    pub verified: Result<Verified, PackageError>,
}

impl Catalog {
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        Self { dir: dir.into() }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The package files in the directory, sorted (none if it does not exist).
    pub fn package_files(&self) -> Result<Vec<PathBuf>, PackageError> {
        let entries = match std::fs::read_dir(&self.dir) {
            Ok(entries) => entries,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(PackageError::io(&self.dir, e)),
        };
        let mut files: Vec<PathBuf> =
            entries.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| is_package_file(p)).collect();
        files.sort();
        Ok(files)
    }

    /// Verifies, precompiles and stores a package. The returned plugin is
    /// loaded and ready to serve.
    pub fn install(
        &self,
        bytes: &[u8],
        policy: &TrustPolicy,
        runtime: &PluginRuntime,
        force: bool,
    ) -> Result<(Arc<ActivePlugin>, InstallOutcome), PackageError> {
        let verified = verify(bytes, policy)?;
        let path = self.dir.join(Package::file_name(&verified.manifest.id, &verified.manifest.version));
        let label = verified.manifest.label();
        let mut outcome = InstallOutcome::Installed;
        if let Some(existing) = self.find(&verified.manifest.id, &verified.manifest.version)? {
            let same = read_package_file(&existing).is_ok_and(|installed| installed == bytes);
            outcome = match (same, force) {
                (true, _) => InstallOutcome::AlreadyInstalled,
                (false, true) => InstallOutcome::Replaced,
                (false, false) => return Err(PackageError::Conflict { plugin: label }),
            };
            if existing != path && outcome == InstallOutcome::Replaced {
                std::fs::remove_file(&existing).map_err(|e| PackageError::io(&existing, e))?;
            }
        }
        let active = ActivePlugin::load(runtime, verified, path.clone())?;
        if outcome != InstallOutcome::AlreadyInstalled {
            write_atomically(&path, bytes)?;
        }
        tracing::info!(plugin = %label, signer = %active.signer, ?outcome, "package installed");
        Ok((active, outcome))
    }

    /// Every package file with what verifying it against `policy` found.
    pub fn list(&self, policy: &TrustPolicy) -> Result<Vec<InstalledPackage>, PackageError> {
        let mut listed = Vec::new();
        for path in self.package_files()? {
            let size_bytes = std::fs::metadata(&path).map_err(|e| PackageError::io(&path, e))?.len();
            let verified = read_package_file(&path).and_then(|bytes| verify(&bytes, policy));
            listed.push(InstalledPackage { size_bytes, verified, path });
        }
        Ok(listed)
    }

    /// The file holding `id@version`, if installed.
    pub fn find(&self, id: &str, version: &Version) -> Result<Option<PathBuf>, PackageError> {
        let conventional = self.dir.join(Package::file_name(id, version));
        if conventional.is_file() {
            return Ok(Some(conventional));
        }
        // A package dropped in under another name.
        for path in self.package_files()? {
            if let Ok(manifest) = read_manifest(&path)
                && manifest.id == id
                && manifest.version == *version
            {
                return Ok(Some(path));
            }
        }
        Ok(None)
    }

    /// The versions of `id` installed.
    pub fn versions(&self, id: &str) -> Result<Vec<Version>, PackageError> {
        let mut versions: Vec<Version> = self
            .package_files()?
            .iter()
            .filter_map(|p| read_manifest(p).ok())
            .filter(|m| m.id == id)
            .map(|m| m.version)
            .collect();
        versions.sort();
        versions.dedup();
        Ok(versions)
    }

    /// Removes `id@version`, unless an enabled binding would be left with no
    /// installed version to serve it (then only with `force`).
    pub fn uninstall(
        &self,
        id: &str,
        version: &Version,
        bindings: &[Binding],
        force: bool,
    ) -> Result<PathBuf, PackageError> {
        let label = format!("{id}@{version}");
        let path = self.find(id, version)?.ok_or_else(|| PackageError::NotInstalled { plugin: label.clone() })?;
        let needing = needed_by(id, version, &self.versions(id)?, bindings);
        if !needing.is_empty() && !force {
            return Err(PackageError::InUse { plugin: label, bindings: needing });
        }
        std::fs::remove_file(&path).map_err(|e| PackageError::io(&path, e))?;
        tracing::info!(plugin = %label, forced = !needing.is_empty(), "package uninstalled");
        Ok(path)
    }
}

/// Whether a path names a package file (not a temporary or hidden file).
pub fn is_package_file(path: &Path) -> bool {
    path.extension().is_some_and(|e| e == EXTENSION)
        && path.file_name().and_then(|n| n.to_str()).is_some_and(|n| !n.starts_with('.'))
}

/// The manifest of a package file, without checking anything else.
pub fn read_manifest(path: &Path) -> Result<Manifest, PackageError> {
    let bytes = read_package_file(path)?;
    let package = Package::from_bytes(&bytes)?;
    Ok(package.parse_manifest()?)
}

/// The enabled bindings of `id` that `version` serves and no other installed
/// version could, described for an administrator.
pub fn needed_by(id: &str, version: &Version, installed: &[Version], bindings: &[Binding]) -> Vec<String> {
    bindings
        .iter()
        .filter(|b| b.enabled && b.plugin_id == id && b.requirement.matches(version))
        .filter(|b| !installed.iter().any(|v| v != version && b.requirement.matches(v)))
        .map(Binding::describe)
        .collect()
}

#[cfg(test)]
mod tests {
    use semver::VersionReq;

    use super::*;
    use crate::packages::scope::{Scope, ScopeKind};

    fn binding(req: &str, enabled: bool) -> Binding {
        Binding {
            id: 1,
            organisation_id: 1,
            scope: Scope::new(ScopeKind::Department, 4),
            plugin_id: "bank-core".to_owned(),
            requirement: VersionReq::parse(req).expect("req"),
            enabled,
            config: serde_json::json!({}),
            updated_at: 0,
        }
    }

    #[test]
    fn a_version_is_needed_only_when_nothing_else_serves_its_bindings() {
        let v = |s: &str| Version::parse(s).expect("version");
        let installed = [v("0.1.0"), v("0.1.4"), v("0.2.0")];
        let needed = |version: &str, req: &str, enabled: bool| {
            !needed_by("bank-core", &v(version), &installed, &[binding(req, enabled)]).is_empty()
        };
        assert!(needed("0.2.0", "^0.2", true), "the only 0.2");
        assert!(!needed("0.1.4", "^0.1", true), "0.1.0 still serves ^0.1");
        assert!(needed("0.1.4", "=0.1.4", true));
        assert!(!needed("0.2.0", "^0.2", false), "a disabled binding needs nothing");
        assert!(!needed("0.2.0", "^0.1", true), "the binding does not accept 0.2.0");
        let described = needed_by("bank-core", &v("0.2.0"), &installed, &[binding("^0.2", true)]);
        assert_eq!(described, ["bank-core ^0.2 on department 4"]);
    }
}

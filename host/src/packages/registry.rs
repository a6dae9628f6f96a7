//! The plugins loaded and ready to serve, by id and version. Resolving a
//! semver requirement picks the highest loaded match. Replacing or removing
//! an entry never disturbs a call in flight: callers hold an `Arc` to the
//! version they started with.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock};

use semver::{Version, VersionReq};

use super::manifest::Manifest;
use super::owners::Owner;
use super::schema::ConfigSchema;
use super::trust::Signer;
use super::verify::Verified;
use super::{ManifestError, PackageError};
use crate::runtime::{LoadedPlugin, PluginRuntime};

/// One loaded package.
#[derive(Debug)]
pub struct ActivePlugin {
    pub manifest: Manifest,
    pub plugin: Arc<LoadedPlugin>,
    pub schema: ConfigSchema,
    pub signer: Signer,
    /// Who shipped it, and whether loading it claimed its id for them.
    pub owner: Owner,
    pub claims_id: bool,
    pub component_sha256: String,
    /// The package file it was loaded from.
    pub source: PathBuf,
}

impl ActivePlugin {
    /// Compiles (or takes from the compile cache) and links a verified
    /// package, checking the component exports the world its manifest names.
    pub fn load(runtime: &PluginRuntime, verified: Verified, source: PathBuf) -> Result<Arc<Self>, PackageError> {
        let Verified { manifest, package, signer, owner, claims_id, grants, component_sha256 } = verified;
        let plugin = runtime.load(&manifest.id, manifest.version.clone(), &package.component, grants)?;
        if plugin.kind() != manifest.kind {
            return Err(PackageError::Mismatch {
                plugin: manifest.label(),
                field: "kind",
                manifest: manifest.kind.to_string(),
                component: plugin.kind().to_string(),
            });
        }
        let schema = ConfigSchema::compile(&manifest.config_schema)
            .map_err(|e| ManifestError { field: "config-schema".to_owned(), message: e.to_string() })?;
        Ok(Arc::new(Self { manifest, plugin, schema, signer, owner, claims_id, component_sha256, source }))
    }

    pub fn label(&self) -> String {
        self.manifest.label()
    }
}

type Versions = BTreeMap<Version, Arc<ActivePlugin>>;

/// Loaded plugins by id, then version.
#[derive(Debug, Default)]
pub struct PluginRegistry {
    entries: RwLock<BTreeMap<String, Versions>>,
    generation: AtomicU64,
}

impl PluginRegistry {
    pub fn new() -> Self {
        Self::default()
    }

    /// Bumped on every change, so caches of resolutions know to refresh.
    pub fn generation(&self) -> u64 {
        self.generation.load(Ordering::Acquire)
    }

    fn read(&self) -> std::sync::RwLockReadGuard<'_, BTreeMap<String, Versions>> {
        // A panic while holding the lock cannot leave the map half-changed
        // (each change is one insert or remove), so a poisoned lock is usable.
        self.entries.read().unwrap_or_else(|e| e.into_inner())
    }

    fn write(&self) -> std::sync::RwLockWriteGuard<'_, BTreeMap<String, Versions>> {
        self.entries.write().unwrap_or_else(|e| e.into_inner())
    }

    /// Adds a plugin version, replacing the same id and version if loaded;
    /// returns the one it replaced.
    pub fn insert(&self, active: Arc<ActivePlugin>) -> Option<Arc<ActivePlugin>> {
        let id = active.manifest.id.clone();
        let version = active.manifest.version.clone();
        let replaced = self.write().entry(id).or_default().insert(version, active);
        self.generation.fetch_add(1, Ordering::AcqRel);
        replaced
    }

    /// Unloads a plugin version; calls already running on it finish.
    pub fn remove(&self, id: &str, version: &Version) -> Option<Arc<ActivePlugin>> {
        let mut entries = self.write();
        let versions = entries.get_mut(id)?;
        let removed = versions.remove(version);
        if versions.is_empty() {
            entries.remove(id);
        }
        drop(entries);
        if removed.is_some() {
            self.generation.fetch_add(1, Ordering::AcqRel);
        }
        removed
    }

    /// The highest loaded version of `id` that `requirement` accepts.
    pub fn resolve(&self, id: &str, requirement: &VersionReq) -> Option<Arc<ActivePlugin>> {
        let entries = self.read();
        entries.get(id)?.iter().rev().find(|(v, _)| requirement.matches(v)).map(|(_, p)| p.clone())
    }

    /// One exact version.
    pub fn get(&self, id: &str, version: &Version) -> Option<Arc<ActivePlugin>> {
        self.read().get(id)?.get(version).cloned()
    }

    /// Every loaded version of one plugin, lowest first.
    pub fn versions(&self, id: &str) -> Vec<Version> {
        self.read().get(id).map(|v| v.keys().cloned().collect()).unwrap_or_default()
    }

    /// Everything loaded, by id then version.
    pub fn list(&self) -> Vec<Arc<ActivePlugin>> {
        self.read().values().flat_map(|v| v.values().cloned()).collect()
    }
}

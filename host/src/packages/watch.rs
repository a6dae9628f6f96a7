//! Hot reload: the packages directory and the trust policy are watched, and
//! after every change the registry is reconciled with them. A package dropped
//! in or replaced is verified and loaded; a removed one is unloaded; a broken
//! or tampered one is rejected with the reason logged while the version loaded
//! before keeps serving. A policy change loads what it now allows, unloads
//! what it no longer does, and gives the plugins that stay their new grants
//! for their next call. The policy is also checked every few seconds, for
//! nodes whose file system does not report changes (a shared volume). The
//! first package of a plugin id claims the id for its vendor's key in the
//! policy (`owners`). Calls in flight hold their own `Arc` of the plugin,
//! so they finish on the version they started with.

use std::collections::HashMap;
use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use notify::{RecursiveMode, Watcher as _};
use semver::Version;
use sha2::{Digest, Sha256};

use super::catalog::{Catalog, is_package_file};
use super::owners::{self, Owner};
use super::registry::{ActivePlugin, PluginRegistry};
use super::trust::TrustPolicy;
use super::verify::verify;
use super::{PackageError, read_package_file};
use crate::runtime::PluginRuntime;

/// Quiet time after the last file event before reconciling, so a file being
/// written is read once it is complete.
const SETTLE: Duration = Duration::from_millis(50);
/// How often the trust policy is checked for a change nothing reported.
const POLICY_POLL: Duration = Duration::from_secs(5);

/// What one reconciliation changed.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct ReloadReport {
    /// `id@version` newly loaded or replaced.
    pub loaded: Vec<String>,
    /// `id@version` unloaded.
    pub unloaded: Vec<String>,
    /// `id@version` still serving, with new grants from the policy.
    pub regranted: Vec<String>,
    /// Package files refused, with why.
    pub rejected: Vec<(PathBuf, String)>,
}

impl ReloadReport {
    pub fn is_empty(&self) -> bool {
        self.loaded.is_empty() && self.unloaded.is_empty() && self.regranted.is_empty() && self.rejected.is_empty()
    }
}

/// What a package file held when last reconciled.
#[derive(Debug, Clone)]
struct Known {
    sha256: [u8; 32],
    /// What it serves: `None` if it never passed verification.
    serves: Option<(String, Version)>,
    /// Why its current content is refused, while it is.
    refused: Option<String>,
}

/// Keeps a registry in step with a catalog directory.
pub struct Reloader {
    catalog: Catalog,
    policy_path: PathBuf,
    runtime: PluginRuntime,
    registry: Arc<PluginRegistry>,
    known: Mutex<HashMap<PathBuf, Known>>,
    /// SHA-256 of the trust policy file as last read (`None` before the first read).
    policy_seen: Mutex<Option<[u8; 32]>>,
    /// Reconciliations finished, and what the last one did.
    done: Mutex<(u64, ReloadReport)>,
}

impl std::fmt::Debug for Reloader {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Reloader").field("catalog", &self.catalog).finish_non_exhaustive()
    }
}

impl Reloader {
    /// A reloader for `catalog`, checking packages against the trust policy
    /// at `policy_path`, re-read at every reconciliation.
    pub fn new(catalog: Catalog, policy_path: &Path, runtime: PluginRuntime, registry: Arc<PluginRegistry>) -> Self {
        Self {
            catalog,
            policy_path: policy_path.to_path_buf(),
            runtime,
            registry,
            known: Mutex::new(HashMap::new()),
            policy_seen: Mutex::new(None),
            done: Mutex::new((0, ReloadReport::default())),
        }
    }

    /// How many reconciliations have finished, and what the last one did.
    pub fn last_reload(&self) -> (u64, ReloadReport) {
        self.done.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// Package files in the directory whose current content is refused, with
    /// why, sorted by path. Unlike [`Self::last_reload`] this is a standing
    /// state: it does not empty when a later pass finds nothing new.
    pub fn refused(&self) -> Vec<(PathBuf, String)> {
        let known = self.known.lock().unwrap_or_else(|e| e.into_inner());
        let mut refused: Vec<_> =
            known.iter().filter_map(|(p, k)| k.refused.clone().map(|why| (p.clone(), why))).collect();
        refused.sort();
        refused
    }

    pub fn registry(&self) -> &Arc<PluginRegistry> {
        &self.registry
    }

    /// Brings the registry in line with the directory. Blocking: compiling a
    /// new component takes a while, so async callers use `spawn_blocking`.
    pub fn reconcile(&self) -> ReloadReport {
        self.reconcile_with(&|_, _, _| {})
    }

    /// [`Self::reconcile`], calling `progress(done, total, file)` before each
    /// package file (for a progress bar on a first start, which compiles).
    pub fn reconcile_with(&self, progress: &dyn Fn(usize, usize, &Path)) -> ReloadReport {
        let report = self.reconcile_inner(progress);
        let mut done = self.done.lock().unwrap_or_else(|e| e.into_inner());
        *done = (done.0 + 1, report.clone());
        report
    }

    fn reconcile_inner(&self, progress: &dyn Fn(usize, usize, &Path)) -> ReloadReport {
        let span = tracing::info_span!("plugins.reload", dir = %self.catalog.dir().display());
        let _entered = span.enter();
        let mut report = ReloadReport::default();
        let (mut policy, policy_bytes) = match TrustPolicy::read_with_bytes(&self.policy_path) {
            Ok(read) => read,
            Err(e) => {
                tracing::error!(error = %e, "trust policy unreadable; keeping the loaded plugins as they are");
                report.rejected.push((self.policy_path.clone(), e.to_string()));
                return report;
            }
        };
        let files = match self.catalog.package_files() {
            Ok(files) => files,
            Err(e) => {
                tracing::error!(error = %e, "packages directory unreadable; keeping the loaded plugins as they are");
                report.rejected.push((self.catalog.dir().to_path_buf(), e.to_string()));
                return report;
            }
        };
        let policy_changed = {
            let sha: [u8; 32] = Sha256::digest(&policy_bytes).into();
            let mut seen = self.policy_seen.lock().unwrap_or_else(|e| e.into_inner());
            seen.replace(sha) != Some(sha)
        };
        let mut known = self.known.lock().unwrap_or_else(|e| e.into_inner());
        let mut claimed = Vec::new();
        for (done, path) in files.iter().enumerate() {
            progress(done, files.len(), path);
            let bytes = match read_package_file(path) {
                Ok(bytes) => bytes,
                Err(e @ PackageError::Archive(_)) => {
                    tracing::warn!(file = %path.display(), error = %e, "package rejected");
                    report.rejected.push((path.clone(), e.to_string()));
                    let serves = known.get(path).and_then(|k| k.serves.clone());
                    // Not a package at all: nothing to hash it by, so it is
                    // looked at again on the next pass.
                    known.insert(path.clone(), Known { sha256: [0; 32], serves, refused: Some(e.to_string()) });
                    continue;
                }
                Err(e) => {
                    // Removed between listing and reading: the removal pass
                    // below or the next event handles it.
                    tracing::debug!(file = %path.display(), error = %e, "package file vanished while reading");
                    continue;
                }
            };
            let sha256: [u8; 32] = Sha256::digest(&bytes).into();
            let before = known.get(path).cloned();
            let unchanged = before.as_ref().is_some_and(|k| k.sha256 == sha256);
            if unchanged && !policy_changed {
                continue;
            }
            let previous = before.and_then(|k| k.serves);
            if unchanged && let Some(serving) = &previous {
                // Only the policy changed: what it no longer allows (a key no
                // longer trusted, a grant withdrawn) stops serving; what it
                // still allows runs its next call with the grants it gives now.
                match verify(&bytes, &policy) {
                    Err(e) => {
                        tracing::warn!(file = %path.display(), error = %e, "package no longer allowed by the trust policy; unloaded");
                        report.rejected.push((path.clone(), e.to_string()));
                        known.insert(path.clone(), Known { sha256, serves: None, refused: Some(e.to_string()) });
                        self.unload_if_orphaned(serving, path, &known, &mut report);
                    }
                    Ok(verified) => {
                        if let Some(active) = self.registry.get(&serving.0, &serving.1)
                            && *active.plugin.grants() != verified.grants
                        {
                            active.plugin.set_grants(verified.grants);
                            tracing::info!(plugin = %active.label(), "grants changed; the next call runs with the new ones");
                            report.regranted.push(active.label());
                        }
                    }
                }
                continue;
            }
            match self.load(path, &bytes, &known, &policy) {
                Ok(active) => {
                    let serves = (active.manifest.id.clone(), active.manifest.version.clone());
                    if active.claims_id && policy.claim(&active.manifest.id, active.owner) {
                        // Later packages of this pass are checked against the claim.
                        claimed.push((active.manifest.id.clone(), active.owner));
                    }
                    report.loaded.push(active.label());
                    self.registry.insert(active);
                    if let Some(old) = previous.filter(|old| *old != serves) {
                        self.unload_if_orphaned(&old, path, &known, &mut report);
                    }
                    known.insert(path.clone(), Known { sha256, serves: Some(serves), refused: None });
                }
                Err(e) => {
                    tracing::warn!(
                        file = %path.display(),
                        error = %e,
                        kept = previous.as_ref().map(|(id, v)| format!("{id}@{v}")).as_deref().unwrap_or("nothing"),
                        "package rejected; the version loaded before keeps serving"
                    );
                    report.rejected.push((path.clone(), e.to_string()));
                    known.insert(path.clone(), Known { sha256, serves: previous, refused: Some(e.to_string()) });
                }
            }
        }
        let removed: Vec<PathBuf> = known.keys().filter(|p| !files.contains(p)).cloned().collect();
        for path in removed {
            if let Some(Known { serves: Some(serves), .. }) = known.remove(&path) {
                self.unload_if_orphaned(&serves, &path, &known, &mut report);
            }
        }
        if !claimed.is_empty() {
            self.record_owners(&claimed, &policy_bytes, &mut report);
        }
        if !report.is_empty() {
            tracing::info!(loaded = ?report.loaded, unloaded = ?report.unloaded, regranted = ?report.regranted,
                rejected = report.rejected.len(), "plugins reloaded");
        }
        report
    }

    /// Writes the ids this pass claimed into the owners file beside the
    /// policy. When nothing else changed either file meanwhile, they are
    /// noted as seen, so this write does not count as a policy change.
    fn record_owners(&self, claimed: &[(String, Owner)], used: &[u8], report: &mut ReloadReport) {
        let policy_bytes = match std::fs::read(&self.policy_path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
            Err(_) => return,
        };
        let owners_before = std::fs::read(owners::path_beside(&self.policy_path)).unwrap_or_default();
        let untouched = [policy_bytes.as_slice(), owners_before.as_slice()].concat() == used;
        match TrustPolicy::record_claims(&self.policy_path, claimed) {
            Ok(written) => {
                if untouched {
                    // What reading both files gives now, unless someone else
                    // writes the policy after this point.
                    let seen: [u8; 32] = Sha256::digest([policy_bytes, written].concat()).into();
                    *self.policy_seen.lock().unwrap_or_else(|e| e.into_inner()) = Some(seen);
                }
                tracing::info!(ids = ?claimed.iter().map(|(id, _)| id).collect::<Vec<_>>(), "plugin ids recorded as their vendors' (owners.toml)");
            }
            Err(e) => {
                // The next reload claims them again.
                tracing::error!(error = %e, "could not record plugin owners");
                report.rejected.push((owners::path_beside(&self.policy_path), e.to_string()));
            }
        }
    }

    /// Whether the policy or owners file differs from what was last read.
    fn policy_changed_on_disk(&self) -> bool {
        let Ok((_, bytes)) = TrustPolicy::read_with_bytes(&self.policy_path) else { return true };
        let sha: [u8; 32] = Sha256::digest(&bytes).into();
        *self.policy_seen.lock().unwrap_or_else(|e| e.into_inner()) != Some(sha)
    }

    fn load(
        &self,
        path: &Path,
        bytes: &[u8],
        known: &HashMap<PathBuf, Known>,
        policy: &TrustPolicy,
    ) -> Result<Arc<ActivePlugin>, PackageError> {
        let verified = verify(bytes, policy)?;
        let serves = (verified.manifest.id.clone(), verified.manifest.version.clone());
        // Two files claiming one id and version: the first one keeps it.
        if known.iter().any(|(p, k)| p != path && k.serves.as_ref() == Some(&serves)) {
            return Err(PackageError::Conflict { plugin: verified.manifest.label() });
        }
        ActivePlugin::load(&self.runtime, verified, path.to_path_buf())
    }

    /// Unloads `serves` unless another file still provides it.
    fn unload_if_orphaned(
        &self,
        serves: &(String, Version),
        gone: &Path,
        known: &HashMap<PathBuf, Known>,
        report: &mut ReloadReport,
    ) {
        let still_provided = known.iter().any(|(p, k)| p != gone && k.serves.as_ref() == Some(serves));
        if !still_provided && self.registry.remove(&serves.0, &serves.1).is_some() {
            report.unloaded.push(format!("{}@{}", serves.0, serves.1));
        }
    }
}

/// A running watch; dropping it stops watching.
pub struct WatchHandle {
    _watcher: notify::RecommendedWatcher,
    task: tokio::task::JoinHandle<()>,
}

impl std::fmt::Debug for WatchHandle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WatchHandle").finish_non_exhaustive()
    }
}

impl Drop for WatchHandle {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Watches the reloader's directory and reconciles after each burst of
/// changes. Call `reconcile` once first to load what is already there.
pub fn watch(reloader: Arc<Reloader>) -> Result<WatchHandle, PackageError> {
    let dir = reloader.catalog.dir().to_path_buf();
    std::fs::create_dir_all(&dir).map_err(|e| PackageError::io(&dir, e))?;
    // The policy's directory is watched too (a grant or a newly trusted key
    // takes effect without a restart), with events for other files in it
    // (the database's among them) ignored.
    let policy_name = reloader.policy_path.file_name().map(|n| n.to_owned());
    let policy_dir = reloader.policy_path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let policy_dir = policy_dir.canonicalize().ok();
    let is_policy = {
        let policy_dir = policy_dir.clone();
        move |p: &Path| {
            policy_dir.as_deref() == p.parent()
                && (p.file_name() == policy_name.as_deref() || p.file_name() == Some(OsStr::new(owners::FILE)))
        }
    };
    // `true` when a package file may have changed, `false` for the policy
    // alone (which may be this process recording owners: skipped if unchanged).
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<bool>();
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| match event {
        Ok(event) if event.paths.iter().any(|p| is_package_file(p) || is_policy(p)) || event.need_rescan() => {
            let _ = tx.send(event.need_rescan() || event.paths.iter().any(|p| is_package_file(p)));
        }
        Ok(_) => {}
        Err(e) => tracing::warn!(error = %e, "watching the packages directory"),
    })
    .map_err(|e| PackageError::io(&dir, std::io::Error::other(e)))?;
    watcher.watch(&dir, RecursiveMode::NonRecursive).map_err(|e| PackageError::io(&dir, std::io::Error::other(e)))?;
    if let Some(policy_dir) = policy_dir.filter(|d| dir.canonicalize().ok().as_deref() != Some(d.as_path())) {
        watcher
            .watch(&policy_dir, RecursiveMode::NonRecursive)
            .map_err(|e| PackageError::io(&policy_dir, std::io::Error::other(e)))?;
    }
    let task = tokio::spawn(async move {
        let mut poll = tokio::time::interval(POLICY_POLL);
        poll.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tokio::select! {
                event = rx.recv() => {
                    let Some(mut packages) = event else { return };
                    // Let a burst of events (a copy in several writes) settle.
                    loop {
                        match tokio::time::timeout(SETTLE, rx.recv()).await {
                            Ok(Some(more)) => packages |= more,
                            Ok(None) => return,
                            Err(_) => break,
                        }
                    }
                    if !packages && !policy_changed(&reloader).await {
                        continue;
                    }
                }
                _ = poll.tick() => {
                    if !policy_changed(&reloader).await {
                        continue;
                    }
                }
            }
            let reloader = reloader.clone();
            if let Err(e) = tokio::task::spawn_blocking(move || reloader.reconcile()).await {
                tracing::error!(error = %e, "plugin reload panicked; the loaded plugins are unchanged");
            }
        }
    });
    Ok(WatchHandle { _watcher: watcher, task })
}

/// Whether the trust policy on disk differs from what was last read.
async fn policy_changed(reloader: &Arc<Reloader>) -> bool {
    let reloader = reloader.clone();
    tokio::task::spawn_blocking(move || reloader.policy_changed_on_disk()).await.unwrap_or(true)
}

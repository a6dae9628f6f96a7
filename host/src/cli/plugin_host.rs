//! The installed plugin packages for `panel demo` and `panel serve`: verified
//! against the trust policy and loaded with a progress bar (a first start
//! compiles each plugin; later starts load them from the cache in
//! milliseconds), then switched on organisation-wide for a new organisation.

use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::bail;
use indicatif::{ProgressBar, ProgressStyle};

use super::RuntimeArgs;
use crate::engine::ScopedPlugins;
use crate::models::HostModels;
use crate::packages::PluginRegistry;
use crate::packages::watch::Reloader;
use crate::runtime::{PluginKind, PluginRuntime};
use crate::store::{AuditBy, NewBinding};

/// The loaded packages and what keeps them in step with their directory.
pub(crate) struct LoadedPackages {
    pub runtime: PluginRuntime,
    pub registry: Arc<PluginRegistry>,
    pub reloader: Arc<Reloader>,
    pub elapsed: Duration,
}

/// Loads every package in the packages directory that passes verification;
/// refused ones are reported and skipped. Fails when nothing loads.
pub(crate) fn load_packages(args: &RuntimeArgs, models: &HostModels) -> anyhow::Result<LoadedPackages> {
    let paths = args.plugin_paths();
    let (dir, policy) = (&paths.packages, &paths.policy);
    let runtime = PluginRuntime::new(args.runtime_config(models)?)?;
    let catalog = paths.catalog();
    if catalog.package_files()?.is_empty() {
        bail!(
            "{} holds no plugin packages (*.panelpkg); install some with `panel plugin install`, \
             or run `cargo xtask run`, which builds, signs and stages the first-party plugins",
            dir.display()
        );
    }
    let registry = Arc::new(PluginRegistry::new());
    let reloader = Arc::new(Reloader::new(catalog, policy, runtime.clone(), registry.clone()));
    let started = Instant::now();
    let bar = ProgressBar::new(0).with_style(
        ProgressStyle::with_template("{spinner} loading plugins {pos}/{len} {wide_msg}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    bar.enable_steady_tick(Duration::from_millis(100));
    let report = reloader.reconcile_with(&|done, total, path| {
        bar.set_length(total as u64);
        bar.set_position(done as u64);
        bar.set_message(path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default());
    });
    bar.finish_and_clear();
    for (path, reason) in &report.rejected {
        eprintln!("warning: {} was not loaded: {reason}", path.display());
    }
    if registry.list().is_empty() {
        bail!(
            "no plugin package in {} could be loaded (the reasons are above); trust policy: {}",
            dir.display(),
            policy.display()
        );
    }
    Ok(LoadedPackages { runtime, registry, reloader, elapsed: started.elapsed() })
}

/// Switches on, for the whole organisation, the newest loaded version of every
/// plugin of `kinds` (requirement `^version`, empty configuration): what a new
/// organisation starts with. Returns `id@version` of each.
pub(crate) async fn bind_organisation_wide(
    scoped: &ScopedPlugins,
    organisation: i64,
    kinds: &[PluginKind],
    by: AuditBy<'_>,
) -> anyhow::Result<Vec<String>> {
    // The registry lists by id, then version: the last of each id is its newest.
    let mut newest = std::collections::BTreeMap::new();
    for plugin in scoped.registry().list().iter().filter(|p| kinds.contains(&p.manifest.kind)) {
        newest.insert(plugin.manifest.id.clone(), plugin.manifest.version.clone());
    }
    let mut bound = Vec::new();
    for (id, version) in newest {
        let requirement = semver::VersionReq::parse(&format!("^{version}"))?;
        let new = NewBinding {
            scope: crate::packages::Scope::new(crate::packages::ScopeKind::Organisation, organisation),
            plugin_id: id.clone(),
            requirement,
            enabled: true,
            config: serde_json::json!({}),
        };
        // A plugin that needs configuration cannot start with none; an
        // administrator binds it with its settings.
        match scoped.bind(organisation, new, by).await {
            Ok(_) => bound.push(format!("{id}@{version}")),
            Err(e) => eprintln!("note: {id}@{version} was not switched on: {e}"),
        }
    }
    Ok(bound)
}

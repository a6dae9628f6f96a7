//! Loading every component in a plugins directory, with a progress bar while
//! compiling (a first start compiles each plugin; later starts load them from
//! the cache in milliseconds).

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use indicatif::{ProgressBar, ProgressStyle};

use crate::api::PluginListing;
use crate::engine::PluginSet;
use crate::kinds::{QuestionBank, Rubric};
use crate::runtime::{Grants, LoadedPlugin, PluginKind, PluginRuntime, stamp};

/// The plugins loaded from a directory, sorted by id.
pub(crate) struct Loaded {
    pub plugins: Vec<Arc<LoadedPlugin>>,
    pub elapsed: Duration,
}

fn components(dir: &Path) -> anyhow::Result<Vec<PathBuf>> {
    let entries = std::fs::read_dir(dir).with_context(|| {
        format!("reading the plugins directory {} (build the plugins with `cargo xtask run`)", dir.display())
    })?;
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "wasm"))
        .collect();
    files.sort();
    if files.is_empty() {
        bail!("{} holds no plugin components (*.wasm)", dir.display());
    }
    Ok(files)
}

/// Loads every `*.wasm` in `dir`, named by the id and version the SDK stamped
/// into it, granting nothing.
pub(crate) fn load_all(runtime: &PluginRuntime, dir: &Path) -> anyhow::Result<Loaded> {
    let files = components(dir)?;
    let started = Instant::now();
    let bar = ProgressBar::new(files.len() as u64).with_style(
        ProgressStyle::with_template("{spinner} loading plugins {pos}/{len} {wide_msg}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    bar.enable_steady_tick(Duration::from_millis(100));
    let mut plugins = Vec::new();
    for path in files {
        let wasm = std::fs::read(&path).with_context(|| format!("reading {}", path.display()))?;
        let Some(stamp) = stamp::read(&wasm) else {
            bar.suspend(|| {
                tracing::warn!(file = %path.display(), "skipped: no plugin id and version stamped (not built with panel-plugin-sdk)");
            });
            bar.inc(1);
            continue;
        };
        bar.set_message(format!("{}@{}", stamp.id, stamp.version));
        let plugin = runtime
            .load(&stamp.id, stamp.version, &wasm, Grants::none())
            .with_context(|| format!("loading {}", path.display()))?;
        plugins.push(plugin);
        bar.inc(1);
    }
    bar.finish_and_clear();
    plugins.sort_by(|a, b| a.plugin().id.cmp(&b.plugin().id));
    Ok(Loaded { plugins, elapsed: started.elapsed() })
}

/// The loaded question banks and rubrics as the engine's plugin set (with
/// an empty configuration each), and the listing the API shows.
pub(crate) fn engine_plugins(loaded: &Loaded) -> anyhow::Result<(PluginSet, Vec<PluginListing>)> {
    let mut set = PluginSet::default();
    let mut listings = Vec::new();
    for plugin in &loaded.plugins {
        let kind = plugin.kind();
        match kind {
            PluginKind::QuestionBank => set.banks.push(Arc::new(plugin.question_bank("{}")?) as Arc<dyn QuestionBank>),
            PluginKind::Rubric => set.rubrics.push(Arc::new(plugin.rubric("{}")?) as Arc<dyn Rubric>),
            PluginKind::Connector | PluginKind::Notifier => {}
        }
        listings.push(PluginListing {
            id: plugin.plugin().id.clone(),
            version: plugin.plugin().version.to_string(),
            kind: kind.world().to_owned(),
            api_version: plugin.api_version().to_string(),
        });
    }
    Ok((set, listings))
}

//! The plugin runtime: loads WebAssembly components and runs each call in a
//! sandbox with a deadline, a memory cap and deny-by-default capabilities.
//!
//! - one [`wasmtime::Engine`] per runtime, with the pooling allocator and epoch
//!   interruption; a background thread advances the epoch;
//! - `load` reads the plugin's API version before compiling (`api_version`),
//!   compiles or takes the compiled code from disk (`cache`), finds which
//!   world it exports and pre-links it once (`plugin`);
//! - every call gets a fresh `Store` (`state`) and runs through `call`, which
//!   turns traps, timeouts and limit breaches into a [`PluginError`] naming the
//!   plugin, feeds the circuit breaker (`breaker`) and traces the call;
//! - `v0_1_0` and `v0_2_0` hold the generated bindings of each API version a
//!   plugin may target (`imports` and `conversions` are written once for
//!   both); the rest of the host sees the native traits in [`crate::kinds`]
//!   that `adapters` implement.

mod adapters;
pub mod api_version;
mod breaker;
pub mod cache;
mod call;
pub mod config;
pub mod contract;
mod conversions;
pub mod embeddings;
mod error;
pub mod footprint;
pub mod grants;
mod http;
mod imports;
pub mod mail;
mod plugin;
mod scheduler;
pub mod secrets;
pub mod stamp;
mod state;
mod v0_1_0;
mod v0_2_0;
mod waits;

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use semver::Version;
use wasmtime::component::{Component, Linker};
use wasmtime::{Config, Engine, InstanceAllocationStrategy, PoolingAllocationConfig};

pub use self::adapters::{WasmConnector, WasmNotifier, WasmQuestionBank, WasmRubric};
pub use self::cache::CompileCache;
pub use self::config::{BreakerConfig, CallLimits, KindLimits, RuntimeConfig};
pub use self::embeddings::{EmbedFailure, HostEmbeddings};
pub use self::error::{Failure, LoadError, PluginError, PluginRef, WrongKind};
pub use self::footprint::Footprint;
pub use self::grants::{Grants, HostGrant};
pub use self::mail::{MAIL_HOST, Mailer};
pub use self::plugin::LoadedPlugin;
use self::scheduler::{Executor, Lanes, Slots};
pub use self::secrets::SecretSource;
use self::state::CallState;

/// The kinds of plugin, one per WIT world.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PluginKind {
    QuestionBank,
    Rubric,
    Connector,
    Notifier,
}

impl PluginKind {
    pub const ALL: [PluginKind; 4] =
        [PluginKind::QuestionBank, PluginKind::Rubric, PluginKind::Connector, PluginKind::Notifier];

    /// The WIT world's name.
    pub fn world(self) -> &'static str {
        match self {
            PluginKind::QuestionBank => "question-bank",
            PluginKind::Rubric => "rubric",
            PluginKind::Connector => "connector",
            PluginKind::Notifier => "notifier",
        }
    }
}

impl std::fmt::Display for PluginKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.world())
    }
}

/// Counters for what the runtime has done, for tests and `panel bench`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RuntimeStats {
    /// Components compiled from WebAssembly.
    pub compiled: u64,
    /// Components loaded from the compiled-plugin cache.
    pub cache_hits: u64,
}

/// What the pooling allocator holds right now.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PoolStats {
    /// Calls that may start at once right now (free slots).
    pub free_slots: usize,
    /// Linear memories in use.
    pub memories: usize,
    /// Bytes kept resident in memory slots no call is using.
    pub idle_resident_bytes: usize,
}

pub(crate) struct Inner {
    engine: Engine,
    linker: Linker<CallState>,
    cache: Option<CompileCache>,
    config: RuntimeConfig,
    compiled: AtomicU64,
    cache_hits: AtomicU64,
    slots: Slots,
    lanes: Lanes,
    executor: Executor,
}

/// Loads and runs plugins. Cheap to clone; clones share the engine.
#[derive(Clone)]
pub struct PluginRuntime {
    inner: Arc<Inner>,
}

impl std::fmt::Debug for PluginRuntime {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PluginRuntime").field("stats", &self.stats()).finish_non_exhaustive()
    }
}

impl PluginRuntime {
    /// Sets up the engine, the linker with every supported API version's host
    /// imports, the compiled-plugin cache and the epoch thread.
    pub fn new(config: RuntimeConfig) -> anyhow::Result<Self> {
        // wasmtime's error type is not `std::error::Error`; keep its message.
        let setup = |e: wasmtime::Error| anyhow::anyhow!("setting up the plugin engine: {e:#}");
        let engine = Engine::new(&engine_config(&config)).map_err(setup)?;
        let mut linker = Linker::new(&engine);
        wasmtime_wasi::p2::add_to_linker_async(&mut linker).map_err(setup)?;
        wasmtime_wasi_http::p2::add_only_http_to_linker_async(&mut linker).map_err(setup)?;
        waits::add_to_linker(&mut linker).map_err(setup)?;
        v0_1_0::add_to_linker(&mut linker).map_err(setup)?;
        v0_2_0::add_to_linker(&mut linker).map_err(setup)?;
        let cache = match &config.cache_dir {
            Some(dir) => Some(CompileCache::new(dir, &engine)?),
            None => None,
        };
        start_epoch_thread(&engine, config.epoch_tick);
        let executor = Executor::new(config.plugin_threads)
            .map_err(|e| anyhow::anyhow!("starting the threads that run plugins: {e}"))?;
        let slots = Slots::new(config.max_concurrent_instances, config.queue_timeout);
        let lanes = Lanes::new(config.cpu_lanes);
        Ok(Self {
            inner: Arc::new(Inner {
                engine,
                linker,
                cache,
                config,
                compiled: AtomicU64::new(0),
                cache_hits: AtomicU64::new(0),
                slots,
                lanes,
                executor,
            }),
        })
    }

    /// What the instance pool holds right now.
    pub fn pool_stats(&self) -> PoolStats {
        let metrics = self.inner.engine.pooling_allocator_metrics();
        PoolStats {
            free_slots: self.inner.slots.free(),
            memories: metrics.as_ref().map_or(0, |m| m.memories()),
            idle_resident_bytes: metrics.as_ref().map_or(0, |m| m.unused_memory_bytes_resident()),
        }
    }

    /// Calls of `plugin_id` running plugin code right now (holding its CPU
    /// lane), at most `cpu_lanes`; calls waiting on the host or for their
    /// turn are not counted.
    pub fn running_calls(&self, plugin_id: &str) -> usize {
        self.inner.lanes.running(plugin_id)
    }

    /// The plugin threads (`None` when calls run on the caller's threads),
    /// for batch work that calls plugins many times, such as scoring a
    /// thousand interviews: spawned there, its calls run where it runs,
    /// sparing each call the hand-over to these threads and back.
    pub fn batch_threads(&self) -> Option<tokio::runtime::Handle> {
        self.inner.executor.handle()
    }

    /// What the runtime has compiled and loaded from cache so far.
    pub fn stats(&self) -> RuntimeStats {
        RuntimeStats {
            compiled: self.inner.compiled.load(Ordering::Relaxed),
            cache_hits: self.inner.cache_hits.load(Ordering::Relaxed),
        }
    }

    /// The runtime's settings.
    pub fn config(&self) -> &RuntimeConfig {
        &self.inner.config
    }

    /// Loads a plugin from its component bytes: checks the API version it
    /// targets, compiles it (or loads it from the cache), finds its kind and
    /// pre-links it. `id` and `version` come from the plugin's manifest.
    pub fn load(
        &self,
        id: &str,
        version: Version,
        wasm: &[u8],
        grants: Grants,
    ) -> Result<Arc<LoadedPlugin>, LoadError> {
        let plugin = PluginRef::new(id, version);
        let span = tracing::info_span!("plugin.load", plugin = %plugin, bytes = wasm.len());
        let _entered = span.enter();

        let api = api_version::read(wasm).map_err(|e| match e {
            api_version::ReadError::NotAComponent(reason) => LoadError::Invalid { plugin: plugin.clone(), reason },
            api_version::ReadError::Missing(reason) => LoadError::NoApiVersion { plugin: plugin.clone(), reason },
        })?;
        if !api_version::supported().matches(&api) {
            return Err(LoadError::UnsupportedApiVersion { plugin, found: api, supported: api_version::SUPPORTED });
        }
        // Before compiling, against the most any kind allows; once the kind
        // is known, against its own limits.
        let footprint =
            Footprint::measure(wasm).map_err(|reason| LoadError::Invalid { plugin: plugin.clone(), reason })?;
        let config = &self.inner.config;
        if let Some(over) = footprint.over(&config.limits.largest(), config.max_core_instances) {
            return Err(LoadError::TooLarge {
                plugin,
                holder: "any plugin".to_owned(),
                what: over.what,
                found: over.found,
                limit: over.limit,
            });
        }
        let component = self.compile(&plugin, wasm)?;
        LoadedPlugin::link(self.inner.clone(), plugin, api, &component, footprint, grants)
    }

    /// Loads a plugin from a `.wasm` file.
    pub fn load_file(
        &self,
        id: &str,
        version: Version,
        path: &Path,
        grants: Grants,
    ) -> Result<Arc<LoadedPlugin>, LoadError> {
        let wasm =
            std::fs::read(path).map_err(|source| LoadError::Cache { path: path.display().to_string(), source })?;
        self.load(id, version, &wasm, grants)
    }

    fn compile(&self, plugin: &PluginRef, wasm: &[u8]) -> Result<Component, LoadError> {
        let inner = &self.inner;
        let cached = inner.cache.as_ref().map(|c| (c, c.path_for(wasm)));
        if let Some((cache, path)) = &cached
            && let Some(component) = cache.load(&inner.engine, path)
        {
            inner.cache_hits.fetch_add(1, Ordering::Relaxed);
            tracing::debug!("loaded compiled plugin from cache");
            return Ok(component);
        }
        let started = std::time::Instant::now();
        let component = Component::new(&inner.engine, wasm)
            .map_err(|e| LoadError::Invalid { plugin: plugin.clone(), reason: format!("{e:#}") })?;
        inner.compiled.fetch_add(1, Ordering::Relaxed);
        tracing::info!(duration_ms = started.elapsed().as_millis() as u64, "compiled plugin");
        // A cache that cannot be written costs the next start a compile, not
        // this load.
        if let Some((cache, path)) = &cached
            && let Err(e) = cache.store(path, &component)
        {
            tracing::warn!(path = %path.display(), error = %e, "could not write the compiled-plugin cache entry");
        }
        Ok(component)
    }
}

fn engine_config(config: &RuntimeConfig) -> Config {
    let largest = config.limits.largest();
    let mut pooling = PoolingAllocationConfig::default();
    let slots = config.max_concurrent_instances;
    // Room for every slot to hold the largest component any kind allows: a
    // call that has a slot always gets its instance. Components over these
    // limits are refused when they are loaded.
    pooling
        .total_component_instances(slots)
        .total_core_instances(slots.saturating_mul(config.max_core_instances))
        .total_memories(slots.saturating_mul(largest.max_memories))
        .total_tables(slots.saturating_mul(largest.max_tables))
        .total_stacks(slots)
        .max_core_instances_per_component(config.max_core_instances)
        .max_memories_per_component(largest.max_memories)
        .max_tables_per_component(largest.max_tables)
        .max_memories_per_module(largest.max_memories)
        .max_tables_per_module(largest.max_tables)
        .max_memory_size(largest.memory_bytes)
        // Every call instantiates afresh, so slots are reused all the time.
        // Resetting a slot's low pages with memset (only the pages a call
        // dirtied, where the kernel can say which) instead of madvise spares
        // each call the page faults of the next and a TLB shootdown across
        // every core: a fifth of the CPU of answer submission under load.
        // Beyond `keep_resident` a slot is returned to the kernel, so memory
        // a hostile burst touched does not stay resident.
        .linear_memory_keep_resident(config.keep_resident)
        .table_keep_resident(64 << 10)
        .pagemap_scan(wasmtime::Enabled::Auto);
    let mut wasm = Config::new();
    wasm.epoch_interruption(true)
        .max_wasm_stack(config.max_wasm_stack)
        .async_stack_size(config.max_wasm_stack + (1 << 20))
        .allocation_strategy(InstanceAllocationStrategy::Pooling(pooling));
    // `perf report` can then name the plugin functions plugin time is spent
    // in (docs/performance.md); a file per process in /tmp, so off by default.
    if std::env::var_os("PANEL_WASM_PERFMAP").is_some() {
        wasm.profiler(wasmtime::ProfilingStrategy::PerfMap);
    }
    wasm
}

/// Advances the engine's epoch every `tick` until the engine is dropped.
fn start_epoch_thread(engine: &Engine, tick: Duration) {
    let weak = engine.weak();
    let spawned = std::thread::Builder::new().name("panel-epoch".to_owned()).spawn(move || {
        loop {
            std::thread::sleep(tick);
            match weak.upgrade() {
                Some(engine) => engine.increment_epoch(),
                None => return,
            }
        }
    });
    if let Err(e) = spawned {
        // Without the thread deadlines still hold through the call timer.
        tracing::error!(error = %e, "could not start the epoch thread; plugin deadlines rely on timers alone");
    }
}

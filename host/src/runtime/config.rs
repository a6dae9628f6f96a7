//! How the runtime is set up: per-kind call limits (time, memory, what a
//! component may define, its share of the host, host resources and text it
//! may hand back), the pooling allocator's size, the circuit breaker and the
//! compiled-plugin cache.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use super::PluginKind;
use super::embeddings::HostEmbeddings;
use super::mail::Mailer;

/// Limits on one plugin of a kind and on each call to it.
#[derive(Debug, Clone, PartialEq)]
pub struct CallLimits {
    /// Wall-clock budget for the call, instantiation included. Enforced by an
    /// epoch deadline (for CPU) and a timer (for waits on the network).
    pub time_limit: Duration,
    /// Linear memory a call may use, all of the component's memories together.
    pub memory_bytes: usize,
    /// Linear memories a component may define, all its modules together;
    /// checked when it is loaded.
    pub max_memories: u32,
    /// Tables a component may define, all its modules together; checked when
    /// it is loaded.
    pub max_tables: u32,
    /// Calls of one plugin that run at once (its share of the host); more
    /// wait their turn, for at most the runtime's queue timeout.
    pub concurrent_calls: u32,
    /// Largest input, in bytes of text and lists, the host will send.
    pub max_input_bytes: usize,
    /// Largest result the host will accept.
    pub max_output_bytes: usize,
    /// Longest error message a plugin may report; a longer one is a fault.
    pub max_error_bytes: usize,
    /// Log lines kept per call; later ones are dropped and counted.
    pub max_log_lines: u32,
    /// Bytes kept per log line; longer lines are cut.
    pub max_log_line_bytes: usize,
    /// A call writing this many log lines is stopped as a log flood.
    pub log_flood_lines: u32,
    /// Host-side resources a call may hold at once: HTTP header sets,
    /// requests, responses, bodies, streams, pollables.
    pub host_resources: usize,
    /// Bytes of one HTTP header set (as the host holds it in memory).
    pub header_bytes: usize,
}

impl CallLimits {
    fn with_time(time_limit: Duration) -> Self {
        Self {
            time_limit,
            memory_bytes: 64 << 20,
            // A Rust component built with the SDK defines one memory and two
            // tables; a few more leave room for other languages' toolchains.
            max_memories: 4,
            max_tables: 8,
            concurrent_calls: 16,
            max_input_bytes: 1 << 20,
            max_output_bytes: 1 << 20,
            max_error_bytes: 4 << 10,
            max_log_lines: 100,
            max_log_line_bytes: 2048,
            log_flood_lines: 10_000,
            host_resources: 256,
            header_bytes: 32 << 10,
        }
    }
}

/// Limits per kind of plugin: scoring must be quick; a connector waits on
/// another system and needs longer.
#[derive(Debug, Clone, PartialEq)]
pub struct KindLimits {
    pub question_bank: CallLimits,
    pub rubric: CallLimits,
    pub connector: CallLimits,
    pub notifier: CallLimits,
}

impl Default for KindLimits {
    fn default() -> Self {
        Self {
            question_bank: CallLimits::with_time(Duration::from_secs(2)),
            rubric: CallLimits::with_time(Duration::from_secs(2)),
            connector: CallLimits::with_time(Duration::from_secs(30)),
            notifier: CallLimits::with_time(Duration::from_secs(15)),
        }
    }
}

impl KindLimits {
    pub fn for_kind(&self, kind: PluginKind) -> &CallLimits {
        match kind {
            PluginKind::QuestionBank => &self.question_bank,
            PluginKind::Rubric => &self.rubric,
            PluginKind::Connector => &self.connector,
            PluginKind::Notifier => &self.notifier,
        }
    }

    /// The most any kind allows of each limit: what the instance pool must
    /// have room for.
    pub fn largest(&self) -> CallLimits {
        let all = PluginKind::ALL.map(|k| self.for_kind(k));
        let mut largest = self.question_bank.clone();
        for limits in all {
            largest.memory_bytes = largest.memory_bytes.max(limits.memory_bytes);
            largest.max_memories = largest.max_memories.max(limits.max_memories);
            largest.max_tables = largest.max_tables.max(limits.max_tables);
        }
        largest
    }

    pub fn for_kind_mut(&mut self, kind: PluginKind) -> &mut CallLimits {
        match kind {
            PluginKind::QuestionBank => &mut self.question_bank,
            PluginKind::Rubric => &mut self.rubric,
            PluginKind::Connector => &mut self.connector,
            PluginKind::Notifier => &mut self.notifier,
        }
    }
}

/// Bytes of each linear memory slot kept resident between calls. As fast per
/// call as 4 MiB within the benchmark's noise, and 64 calls that fill their
/// memory leave 6 MiB resident instead of 93–109 MiB (docs/performance.md).
pub const KEEP_RESIDENT: usize = 256 << 10;

/// When a failing plugin is paused.
#[derive(Debug, Clone, PartialEq)]
pub struct BreakerConfig {
    /// Consecutive faults (traps, timeouts, limit breaches) that trip it.
    pub failures_to_trip: u32,
    /// How long it stays paused before one trial call is let through.
    pub cooldown: Duration,
}

impl Default for BreakerConfig {
    fn default() -> Self {
        Self { failures_to_trip: 5, cooldown: Duration::from_secs(60) }
    }
}

/// The runtime's settings.
#[derive(Debug, Clone)]
pub struct RuntimeConfig {
    /// Where compiled plugins are kept between runs; `None` disables the cache.
    pub cache_dir: Option<PathBuf>,
    pub limits: KindLimits,
    pub breaker: BreakerConfig,
    /// Wasm stack per call; deeper recursion traps as a stack overflow.
    pub max_wasm_stack: usize,
    /// Plugin calls that may run at once, all plugins together. The pooling
    /// allocator has room for this many instances of the largest component
    /// the kinds' limits allow, so a call never fails for want of a slot: it
    /// waits for one.
    pub max_concurrent_instances: u32,
    /// Core module instances a component may create, all its modules together;
    /// checked when it is loaded.
    pub max_core_instances: u32,
    /// How long a call waits for its plugin's share or a free slot before it
    /// is refused as "busy" (a host-side shortage, never held against the plugin).
    pub queue_timeout: Duration,
    /// Threads that run plugin code, apart from the threads serving HTTP
    /// requests, so a busy plugin cannot delay a request; `0` runs calls on
    /// the caller's own threads (single-threaded tools and benchmarks).
    pub plugin_threads: usize,
    /// Calls of one plugin that run plugin code at once on those threads (its
    /// CPU lane); its other calls take turns at each epoch tick. Half the
    /// plugin threads by default, at least one, so two busy plugins cannot
    /// hold every thread from a third.
    pub cpu_lanes: u32,
    /// Bytes of each linear memory slot kept resident (reset with memset
    /// rather than returned to the kernel) when a call ends: cheaper calls,
    /// at the price of this much memory per slot a call has used.
    pub keep_resident: usize,
    /// How often the epoch advances; deadlines are accurate to about this.
    pub epoch_tick: Duration,
    /// The SMTP server behind the mail gateway notifiers send email through;
    /// `None`: the gateway answers that no mail server is configured.
    pub mail: Option<Arc<Mailer>>,
    /// The text embeddings rubrics granted `embeddings` may ask for; `None`:
    /// they are told no model is installed.
    pub embeddings: Option<Arc<HostEmbeddings>>,
}

impl Default for RuntimeConfig {
    fn default() -> Self {
        let plugin_threads = std::thread::available_parallelism().map_or(2, std::num::NonZero::get);
        Self {
            cache_dir: None,
            limits: KindLimits::default(),
            breaker: BreakerConfig::default(),
            max_wasm_stack: 512 << 10,
            max_concurrent_instances: 256,
            max_core_instances: 16,
            queue_timeout: Duration::from_secs(5),
            plugin_threads,
            cpu_lanes: u32::try_from(plugin_threads / 2).unwrap_or(u32::MAX).max(1),
            keep_resident: KEEP_RESIDENT,
            epoch_tick: Duration::from_millis(5),
            mail: None,
            embeddings: None,
        }
    }
}

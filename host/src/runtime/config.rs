//! How the runtime is set up: per-kind call limits, the pooling allocator's
//! size, the circuit breaker and the compiled-plugin cache.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use super::PluginKind;
use super::mail::Mailer;

/// Limits on one call to a plugin.
#[derive(Debug, Clone, PartialEq)]
pub struct CallLimits {
    /// Wall-clock budget for the call, instantiation included. Enforced by an
    /// epoch deadline (for CPU) and a timer (for waits on the network).
    pub time_limit: Duration,
    /// Largest linear memory the plugin may grow to.
    pub memory_bytes: usize,
    /// Largest input, in bytes of text and lists, the host will send.
    pub max_input_bytes: usize,
    /// Largest result the host will accept.
    pub max_output_bytes: usize,
    /// Log lines kept per call; later ones are dropped and counted.
    pub max_log_lines: u32,
    /// Bytes kept per log line; longer lines are cut.
    pub max_log_line_bytes: usize,
    /// A call writing this many log lines is stopped as a log flood.
    pub log_flood_lines: u32,
}

impl CallLimits {
    fn with_time(time_limit: Duration) -> Self {
        Self {
            time_limit,
            memory_bytes: 64 << 20,
            max_input_bytes: 1 << 20,
            max_output_bytes: 1 << 20,
            max_log_lines: 100,
            max_log_line_bytes: 2048,
            log_flood_lines: 10_000,
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

    pub fn for_kind_mut(&mut self, kind: PluginKind) -> &mut CallLimits {
        match kind {
            PluginKind::QuestionBank => &mut self.question_bank,
            PluginKind::Rubric => &mut self.rubric,
            PluginKind::Connector => &mut self.connector,
            PluginKind::Notifier => &mut self.notifier,
        }
    }
}

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
    /// Plugin instances that may run at once (pooling allocator slots).
    pub max_concurrent_instances: u32,
    /// How often the epoch advances; deadlines are accurate to about this.
    pub epoch_tick: Duration,
    /// The SMTP server behind the mail gateway notifiers send email through;
    /// `None`: the gateway answers that no mail server is configured.
    pub mail: Option<Arc<Mailer>>,
}

impl Default for RuntimeConfig {
    fn default() -> Self {
        Self {
            cache_dir: None,
            limits: KindLimits::default(),
            breaker: BreakerConfig::default(),
            max_wasm_stack: 512 << 10,
            max_concurrent_instances: 256,
            epoch_tick: Duration::from_millis(5),
            mail: None,
        }
    }
}

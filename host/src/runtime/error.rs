//! Errors of the plugin runtime. Every one names the plugin (id and version);
//! none carries the data the plugin was called with, so they are safe to log
//! and to show an administrator.

use std::fmt;

use semver::Version;
use serde::{Deserialize, Serialize};

/// Which plugin: its id and version.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, utoipa::ToSchema)]
pub struct PluginRef {
    pub id: String,
    #[schema(value_type = String, example = "rubric-star@0.1.0")]
    pub version: Version,
}

impl PluginRef {
    pub fn new(id: impl Into<String>, version: Version) -> Self {
        Self { id: id.into(), version }
    }
}

impl fmt::Display for PluginRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}@{}", self.id, self.version)
    }
}

/// A call to a plugin that did not produce a result.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("plugin {plugin}, call `{function}`: {failure}")]
pub struct PluginError {
    pub plugin: PluginRef,
    /// The WIT function called, e.g. `score`.
    pub function: &'static str,
    pub failure: Failure,
}

impl PluginError {
    /// Whether the same call may succeed later: a timeout, the host too busy
    /// to run it, or an error the plugin marked retryable. Traps and limit
    /// breaches will happen again.
    pub fn is_retryable(&self) -> bool {
        match &self.failure {
            Failure::Timeout { .. } | Failure::Busy { .. } | Failure::HostFailed { .. } => true,
            Failure::Returned { retryable, .. } => *retryable,
            _ => false,
        }
    }

    /// Whether the plugin misbehaved (as opposed to reporting an error in the
    /// contract's terms, or not being called). Faults count towards tripping
    /// the circuit breaker.
    pub fn is_fault(&self) -> bool {
        self.failure.is_fault()
    }
}

impl Failure {
    /// Whether the plugin misbehaved: see [`PluginError::is_fault`].
    pub fn is_fault(&self) -> bool {
        !matches!(
            self,
            Failure::Returned { .. }
                | Failure::Tripped { .. }
                | Failure::InputTooLarge { .. }
                | Failure::Busy { .. }
                | Failure::HostFailed { .. }
        )
    }

    /// Whether the host, not the plugin, stopped the call: no free slot in
    /// time, or the host failed. Never held against the plugin.
    pub fn is_host_side(&self) -> bool {
        matches!(self, Failure::Busy { .. } | Failure::HostFailed { .. })
    }
}

/// What went wrong in a call.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum Failure {
    #[error("ran past its time limit of {limit_ms} ms and was stopped")]
    Timeout { limit_ms: u64 },
    #[error("tried to use more than its memory limit of {limit_bytes} bytes and was stopped")]
    MemoryLimit { limit_bytes: usize },
    #[error("exhausted its stack (runaway recursion) and was stopped")]
    StackOverflow,
    #[error("panicked")]
    Panicked,
    #[error("trapped: {trap}")]
    Trap { trap: String },
    #[error("wrote more than {limit_lines} log lines and was stopped")]
    LogFlood { limit_lines: u32 },
    #[error("returned {size} bytes, more than the limit of {limit} bytes")]
    OutputTooLarge { size: usize, limit: usize },
    #[error("was not called: the input of {size} bytes is over the limit of {limit} bytes")]
    InputTooLarge { size: usize, limit: usize },
    #[error("was refused {capability}: not granted to this plugin")]
    CapabilityDenied { capability: String },
    #[error("returned an invalid result: {reason}")]
    InvalidOutput { reason: String },
    #[error("was not called: it failed {failures} times in a row and is paused for {retry_after_secs} s")]
    Tripped { failures: u32, retry_after_secs: u64 },
    #[error(
        "held more than {limit} host resources (HTTP header sets, requests, bodies, streams) at once and was stopped"
    )]
    HostResources { limit: usize },
    #[error("exited with status {code} instead of returning a result")]
    Exited { code: i32 },
    #[error("broke the rules of a host call and was stopped: {reason}")]
    HostCall { reason: String },
    #[error("could not be started: {reason}")]
    Instantiate { reason: String },
    #[error("was not called: the host was too busy ({reason})")]
    Busy { reason: String },
    #[error("was not run to the end: the host failed ({reason})")]
    HostFailed { reason: String },
    #[error("reported `{code}`: {message}")]
    Returned { code: String, message: String, retryable: bool },
}

/// A plugin that could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error(
        "plugin {plugin} targets Panel plugin API {found}, but this host supports {supported}; \
         rebuild it with a plugin SDK for a supported API version"
    )]
    UnsupportedApiVersion { plugin: PluginRef, found: Version, supported: &'static str },
    #[error(
        "plugin {plugin} does not say which Panel plugin API it targets (no valid `panel:api-version` \
         section: {reason}); build it with `panel-plugin-sdk` and its `register!` macro"
    )]
    NoApiVersion { plugin: PluginRef, reason: String },
    #[error("plugin {plugin} is not a valid WebAssembly component: {reason}")]
    Invalid { plugin: PluginRef, reason: String },
    #[error(
        "plugin {plugin} would take {found} {what} at every call; {holder} may take at most {limit}, \
         so that every plugin's calls fit beside the others'"
    )]
    TooLarge { plugin: PluginRef, holder: String, what: &'static str, found: u64, limit: u64 },
    #[error(
        "plugin {plugin} exports none of the plugin worlds (question-bank, rubric, connector, notifier) \
         of API {api}"
    )]
    UnknownKind { plugin: PluginRef, api: Version },
    #[error("plugin {plugin} needs imports this host does not provide: {reason}")]
    Link { plugin: PluginRef, reason: String },
    #[error("compiled-plugin cache at {path}: {source}")]
    Cache { path: String, source: std::io::Error },
}

/// A loaded plugin was asked for as a kind it is not.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("plugin {plugin} is a {actual} plugin, not a {expected} plugin")]
pub struct WrongKind {
    pub plugin: PluginRef,
    pub expected: super::PluginKind,
    pub actual: super::PluginKind,
}

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
    /// Whether the same call may succeed later: a timeout or an error the
    /// plugin marked retryable. Traps and limit breaches will happen again.
    pub fn is_retryable(&self) -> bool {
        match &self.failure {
            Failure::Timeout { .. } => true,
            Failure::Returned { retryable, .. } => *retryable,
            _ => false,
        }
    }

    /// Whether the plugin misbehaved (as opposed to reporting an error in the
    /// contract's terms). Faults count towards tripping the circuit breaker.
    pub fn is_fault(&self) -> bool {
        !matches!(self.failure, Failure::Returned { .. } | Failure::Tripped { .. } | Failure::InputTooLarge { .. })
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
    #[error("could not be started: {reason}")]
    Instantiate { reason: String },
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

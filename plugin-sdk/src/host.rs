//! What the host offers every plugin: logging, its configuration, and (for
//! rubrics granted the capability) text embeddings.

use serde::de::DeserializeOwned;

use crate::{EmbedError, LogLevel, PluginError};

#[cfg(target_arch = "wasm32")]
use crate::bindings::rubric::panel::plugin::{embeddings, host};
#[cfg(not(target_arch = "wasm32"))]
use crate::testing as host;
#[cfg(not(target_arch = "wasm32"))]
use crate::testing as embeddings;

/// Writes a line to the host's log. The host tags it with the plugin and call,
/// and drops lines past its per-call budget. Never log personal data.
pub fn log(level: LogLevel, message: &str) {
    host::log(level, message);
}

/// Logs at debug level.
pub fn debug(message: &str) {
    log(LogLevel::Debug, message);
}

/// Logs at info level.
pub fn info(message: &str) {
    log(LogLevel::Info, message);
}

/// Logs at warn level.
pub fn warn(message: &str) {
    log(LogLevel::Warn, message);
}

/// Logs at error level.
pub fn error(message: &str) {
    log(LogLevel::Error, message);
}

/// The plugin's configuration for the scope of this call, as JSON text (`{}`
/// when none is set).
pub fn raw_config() -> String {
    host::config()
}

/// The plugin's configuration for the scope of this call, deserialised. Give
/// your config struct `#[serde(default)]` so that `{}` works. A mismatch gives
/// an `invalid-config` error naming the field.
pub fn config<T: DeserializeOwned>() -> Result<T, PluginError> {
    serde_json::from_str(&raw_config())
        .map_err(|e| PluginError::invalid_config(format!("configuration does not match: {e}")))
}

/// Embeds texts with the host's model: one L2-normalised vector per text, in
/// order. Fails with [`EmbedError::NotGranted`] unless the installation granted
/// the `embeddings` capability, and with [`EmbedError::NotAvailable`] when the
/// host has no model; fall back to scoring without embeddings then.
pub fn embed(texts: &[String]) -> Result<Vec<Vec<f32>>, EmbedError> {
    embeddings::embed(texts)
}

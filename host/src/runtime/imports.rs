//! The host side of the plugin imports (`host.log`, `host.config`,
//! `embeddings.embed`), written once: each API version's module implements its
//! generated traits by calling these.

use super::contract;
use super::embeddings::EmbedFailure;
use super::state::CallState;

/// A plugin that writes this many times its line budget is stopped: it is
/// broken, and its logging costs the host.
#[derive(Debug)]
pub(crate) struct LogFlood;

impl std::fmt::Display for LogFlood {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("log flood")
    }
}

impl std::error::Error for LogFlood {}

/// Why the host has no embeddings, when it was started without a model.
/// Documented in the WIT and the SDK: rubrics fall back to scoring without them.
pub(crate) const EMBEDDINGS_NOT_AVAILABLE: &str = "this host has no embedding model loaded; score without embeddings";

/// Why `embed` gave no vectors, before it becomes a version's `embed-error`.
pub(crate) enum EmbedRefusal {
    NotGranted,
    NotAvailable(String),
    TooLarge(String),
    Failed(String),
}

impl CallState {
    /// `host.log`: within the call's line budget, cut and escaped.
    pub(crate) fn plugin_log(&mut self, level: tracing::Level, message: &str) -> wasmtime::Result<()> {
        self.log.lines += 1;
        if self.log.lines > self.limits.log_flood_lines {
            self.log.flooded = true;
            return Err(wasmtime::Error::new(LogFlood));
        }
        if self.log.lines > self.limits.max_log_lines {
            if self.log.dropped == 0 {
                tracing::warn!(plugin = %self.plugin, function = self.function,
                    limit = self.limits.max_log_lines, "plugin log budget spent; further lines of this call are dropped");
            }
            self.log.dropped += 1;
            return Ok(());
        }
        // Cut, then escaped: a plugin's new lines and terminal escapes cannot
        // forge log lines or clear an administrator's screen.
        let message = contract::escape_controls(&contract::cut(message, self.limits.max_log_line_bytes));
        let plugin = &*self.plugin;
        match level {
            tracing::Level::TRACE => tracing::trace!(target: "panel::plugin", %plugin, "{message}"),
            tracing::Level::DEBUG => tracing::debug!(target: "panel::plugin", %plugin, "{message}"),
            tracing::Level::INFO => tracing::info!(target: "panel::plugin", %plugin, "{message}"),
            tracing::Level::WARN => tracing::warn!(target: "panel::plugin", %plugin, "{message}"),
            tracing::Level::ERROR => tracing::error!(target: "panel::plugin", %plugin, "{message}"),
        }
        Ok(())
    }

    /// `embeddings.embed`: the grant checked, the model's time not counted
    /// against the plugin's deadline.
    pub(crate) async fn plugin_embed(&mut self, texts: Vec<String>) -> Result<Vec<Vec<f32>>, EmbedRefusal> {
        if !self.grants.embeddings {
            self.denied.push("embeddings".to_owned());
            return Err(EmbedRefusal::NotGranted);
        }
        let Some(host) = self.embeddings.clone() else {
            return Err(EmbedRefusal::NotAvailable(EMBEDDINGS_NOT_AVAILABLE.to_owned()));
        };
        // The model's time is the host's: it does not count against the
        // plugin's deadline (cold anchors would otherwise spend it all).
        let started = std::time::Instant::now();
        self.host_time.start();
        self.lane.release();
        let result = host.embed(texts).await;
        self.host_time.stop();
        match result {
            Ok((vectors, stats)) => {
                tracing::debug!(plugin = %self.plugin, cached = stats.cached, computed = stats.computed,
                    elapsed_us = started.elapsed().as_micros() as u64, "embeddings served");
                Ok(vectors)
            }
            Err(EmbedFailure::NotAvailable(reason)) => Err(EmbedRefusal::NotAvailable(reason)),
            Err(EmbedFailure::TooLarge(limits)) => Err(EmbedRefusal::TooLarge(limits)),
            Err(EmbedFailure::Failed(reason)) => Err(EmbedRefusal::Failed(reason)),
        }
    }
}

/// The `host`, `embeddings` and `types` trait impls of one API version's
/// bindings, all calling the methods above. Invoked inside the version's
/// module, where `host`, `embeddings` and `types` name its generated interfaces.
macro_rules! host_imports {
    () => {
        impl host::Host for CallState {
            fn log(&mut self, level: types::LogLevel, message: String) -> wasmtime::Result<()> {
                let level = match level {
                    types::LogLevel::Trace => tracing::Level::TRACE,
                    types::LogLevel::Debug => tracing::Level::DEBUG,
                    types::LogLevel::Info => tracing::Level::INFO,
                    types::LogLevel::Warn => tracing::Level::WARN,
                    types::LogLevel::Error => tracing::Level::ERROR,
                };
                self.plugin_log(level, &message)
            }

            async fn config(&mut self) -> String {
                self.config.to_string()
            }
        }

        impl embeddings::Host for CallState {
            async fn embed(&mut self, texts: Vec<String>) -> Result<Vec<Vec<f32>>, embeddings::EmbedError> {
                use $crate::runtime::imports::EmbedRefusal;
                self.plugin_embed(texts).await.map_err(|refusal| match refusal {
                    EmbedRefusal::NotGranted => embeddings::EmbedError::NotGranted,
                    EmbedRefusal::NotAvailable(reason) => embeddings::EmbedError::NotAvailable(reason),
                    EmbedRefusal::TooLarge(limits) => embeddings::EmbedError::TooLarge(limits),
                    EmbedRefusal::Failed(reason) => embeddings::EmbedError::Failed(reason),
                })
            }
        }

        impl types::Host for CallState {}

        /// Adds this version's host imports (`host`, `embeddings`) to the linker.
        pub(crate) fn add_to_linker(linker: &mut Linker<CallState>) -> wasmtime::Result<()> {
            host::add_to_linker::<CallState, HasSelf<CallState>>(linker, |s| s)?;
            embeddings::add_to_linker::<CallState, HasSelf<CallState>>(linker, |s| s)?;
            Ok(())
        }
    };
}
pub(crate) use host_imports;

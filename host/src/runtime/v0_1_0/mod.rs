//! Bindings for `panel:plugin@0.1.0` and the host side of its imports.
//!
//! Generated types never leave this module: `conv` turns them into the host's
//! domain types. A later API version gets a sibling module with its own
//! `bindgen!`; this one then adapts 0.1.0 plugins to the newest domain types
//! with plain conversions and keeps no logic of its own.

mod conv;

use wasmtime::component::{HasSelf, Linker};

use super::contract;
use super::embeddings::EmbedFailure;
use super::state::CallState;

pub(crate) mod rubric {
    wasmtime::component::bindgen!({
        path: "../wit/panel-plugin@0.1.0",
        world: "panel:plugin/rubric@0.1.0",
        imports: { "panel:plugin/host.log": trappable, default: async },
        exports: { default: async },
        require_store_data_send: true,
    });
}

pub(crate) mod question_bank {
    wasmtime::component::bindgen!({
        path: "../wit/panel-plugin@0.1.0",
        world: "panel:plugin/question-bank@0.1.0",
        exports: { default: async },
        require_store_data_send: true,
        with: {
            "panel:plugin/types": super::rubric::panel::plugin::types,
            "panel:plugin/host": super::rubric::panel::plugin::host,
        },
    });
}

pub(crate) mod connector {
    wasmtime::component::bindgen!({
        path: "../wit/panel-plugin@0.1.0",
        world: "panel:plugin/connector@0.1.0",
        exports: { default: async },
        require_store_data_send: true,
        with: {
            "panel:plugin/types": super::rubric::panel::plugin::types,
            "panel:plugin/host": super::rubric::panel::plugin::host,
            "wasi:http": wasmtime_wasi_http::p2::bindings::http,
            "wasi:io": wasmtime_wasi::p2::bindings::io,
            "wasi:clocks": wasmtime_wasi::p2::bindings::clocks,
        },
    });
}

pub(crate) mod notifier {
    wasmtime::component::bindgen!({
        path: "../wit/panel-plugin@0.1.0",
        world: "panel:plugin/notifier@0.1.0",
        exports: { default: async },
        require_store_data_send: true,
        with: {
            "panel:plugin/types": super::rubric::panel::plugin::types,
            "panel:plugin/host": super::rubric::panel::plugin::host,
            "wasi:http": wasmtime_wasi_http::p2::bindings::http,
            "wasi:io": wasmtime_wasi::p2::bindings::io,
            "wasi:clocks": wasmtime_wasi::p2::bindings::clocks,
        },
    });
}

pub(crate) use rubric::panel::plugin::types;
use rubric::panel::plugin::{embeddings, host};

/// The interface names a 0.1.0 component exports, one per kind.
pub(crate) const RUBRIC_EXPORT: &str = "panel:plugin/scoring@0.1.0";
pub(crate) const QUESTION_BANK_EXPORT: &str = "panel:plugin/questions@0.1.0";
pub(crate) const CONNECTOR_EXPORT: &str = "panel:plugin/events@0.1.0";
pub(crate) const NOTIFIER_EXPORT: &str = "panel:plugin/messages@0.1.0";

/// Adds the 0.1.0 host imports (`host`, `embeddings`) to the linker.
pub(crate) fn add_to_linker(linker: &mut Linker<CallState>) -> wasmtime::Result<()> {
    host::add_to_linker::<CallState, HasSelf<CallState>>(linker, |s| s)?;
    embeddings::add_to_linker::<CallState, HasSelf<CallState>>(linker, |s| s)?;
    Ok(())
}

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

impl host::Host for CallState {
    fn log(&mut self, level: types::LogLevel, message: String) -> wasmtime::Result<()> {
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
        let message = contract::escape_controls(&contract::cut(&message, self.limits.max_log_line_bytes));
        let plugin = &*self.plugin;
        match level {
            types::LogLevel::Trace => tracing::trace!(target: "panel::plugin", %plugin, "{message}"),
            types::LogLevel::Debug => tracing::debug!(target: "panel::plugin", %plugin, "{message}"),
            types::LogLevel::Info => tracing::info!(target: "panel::plugin", %plugin, "{message}"),
            types::LogLevel::Warn => tracing::warn!(target: "panel::plugin", %plugin, "{message}"),
            types::LogLevel::Error => tracing::error!(target: "panel::plugin", %plugin, "{message}"),
        }
        Ok(())
    }

    async fn config(&mut self) -> String {
        self.config.to_string()
    }
}

/// Why the host has no embeddings, when it was started without a model.
/// Documented in the WIT and the SDK: rubrics fall back to scoring without them.
pub(crate) const EMBEDDINGS_NOT_AVAILABLE: &str = "this host has no embedding model loaded; score without embeddings";

impl embeddings::Host for CallState {
    async fn embed(&mut self, texts: Vec<String>) -> Result<Vec<Vec<f32>>, embeddings::EmbedError> {
        if !self.grants.embeddings {
            self.denied.push("embeddings".to_owned());
            return Err(embeddings::EmbedError::NotGranted);
        }
        let Some(host) = self.embeddings.clone() else {
            return Err(embeddings::EmbedError::NotAvailable(EMBEDDINGS_NOT_AVAILABLE.to_owned()));
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
            Err(EmbedFailure::NotAvailable(reason)) => Err(embeddings::EmbedError::NotAvailable(reason)),
            Err(EmbedFailure::TooLarge(limits)) => Err(embeddings::EmbedError::TooLarge(limits)),
            Err(EmbedFailure::Failed(reason)) => Err(embeddings::EmbedError::Failed(reason)),
        }
    }
}

impl types::Host for CallState {}

pub(crate) use conv::returned;

//! Bindings for `panel:plugin@0.2.0`, the newest API version, and the host
//! side of its imports. Generated types never leave this module: `conv` turns
//! them into the host's domain types.

mod conv;

use wasmtime::component::{HasSelf, Linker};

use super::state::CallState;

pub(crate) mod rubric {
    wasmtime::component::bindgen!({
        path: "../wit/panel-plugin@0.2.0",
        world: "panel:plugin/rubric@0.2.0",
        imports: { "panel:plugin/host.log": trappable, default: async },
        exports: { default: async },
        require_store_data_send: true,
    });
}

pub(crate) mod question_bank {
    wasmtime::component::bindgen!({
        path: "../wit/panel-plugin@0.2.0",
        world: "panel:plugin/question-bank@0.2.0",
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
        path: "../wit/panel-plugin@0.2.0",
        world: "panel:plugin/connector@0.2.0",
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
        path: "../wit/panel-plugin@0.2.0",
        world: "panel:plugin/notifier@0.2.0",
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

/// The interface names a 0.2.0 component exports, one per kind.
pub(crate) const RUBRIC_EXPORT: &str = "panel:plugin/scoring@0.2.0";
pub(crate) const QUESTION_BANK_EXPORT: &str = "panel:plugin/questions@0.2.0";
pub(crate) const CONNECTOR_EXPORT: &str = "panel:plugin/events@0.2.0";
/// A 0.2.0 connector's second export.
pub(crate) const OUTCOMES_EXPORT: &str = "panel:plugin/outcomes@0.2.0";
pub(crate) const NOTIFIER_EXPORT: &str = "panel:plugin/messages@0.2.0";

super::imports::host_imports!();

pub(crate) use conv::returned;

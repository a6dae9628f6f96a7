//! Bindings for `panel:plugin@0.1.0` and the host side of its imports.
//!
//! Generated types never leave this module: `conv` turns them into the host's
//! domain types. 0.2.0 has a sibling module with its own `bindgen!`; this one
//! adapts 0.1.0 plugins to the same domain types with plain conversions (a
//! 0.1.0 bank supplies no answer guide, a 0.1.0 rubric is not shown one, a
//! 0.1.0 connector pulls no outcomes) and keeps no logic of its own.

mod conv;

use wasmtime::component::{HasSelf, Linker};

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

super::imports::host_imports!();

pub(crate) use conv::returned;

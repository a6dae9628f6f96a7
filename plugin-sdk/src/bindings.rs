//! Generated bindings for the `panel:plugin@0.2.0` worlds. Private to the SDK:
//! plugin authors see the types re-exported by name from the crate root.
//!
//! The rubric world generates the shared `types`, `host` and `embeddings`
//! interfaces; the other worlds reuse them through `with`, so a `JobProfile` is
//! one Rust type whichever kind of plugin uses it. The connector world generates
//! the `wasi:http` client interfaces and the notifier world reuses those.
//! `pub_export_macro` makes wit-bindgen emit each world's export metadata inside
//! its `export!` macro, so a plugin's component exports only the world it
//! registered.

pub mod rubric {
    wit_bindgen::generate!({
        path: "../wit/panel-plugin@0.2.0",
        world: "panel:plugin/rubric@0.2.0",
        pub_export_macro: true,
        export_macro_name: "__export_rubric",
        additional_derives: [PartialEq],
        default_bindings_module: "::panel_plugin_sdk::__private::bindings::rubric",
    });
}

pub mod question_bank {
    wit_bindgen::generate!({
        path: "../wit/panel-plugin@0.2.0",
        world: "panel:plugin/question-bank@0.2.0",
        pub_export_macro: true,
        export_macro_name: "__export_question_bank",
        additional_derives: [PartialEq],
        default_bindings_module: "::panel_plugin_sdk::__private::bindings::question_bank",
        with: {
            "panel:plugin/types@0.2.0": crate::bindings::rubric::panel::plugin::types,
            "panel:plugin/host@0.2.0": crate::bindings::rubric::panel::plugin::host,
        },
    });
}

pub mod connector {
    wit_bindgen::generate!({
        path: "../wit/panel-plugin@0.2.0",
        world: "panel:plugin/connector@0.2.0",
        pub_export_macro: true,
        export_macro_name: "__export_connector",
        default_bindings_module: "::panel_plugin_sdk::__private::bindings::connector",
        with: {
            "panel:plugin/types@0.2.0": crate::bindings::rubric::panel::plugin::types,
            "panel:plugin/host@0.2.0": crate::bindings::rubric::panel::plugin::host,
        },
        generate_all,
    });
}

pub mod notifier {
    wit_bindgen::generate!({
        path: "../wit/panel-plugin@0.2.0",
        world: "panel:plugin/notifier@0.2.0",
        pub_export_macro: true,
        export_macro_name: "__export_notifier",
        default_bindings_module: "::panel_plugin_sdk::__private::bindings::notifier",
        with: {
            "panel:plugin/types@0.2.0": crate::bindings::rubric::panel::plugin::types,
            "panel:plugin/host@0.2.0": crate::bindings::rubric::panel::plugin::host,
            "wasi:http/types@0.2.12": crate::bindings::connector::wasi::http::types,
            "wasi:http/outgoing-handler@0.2.12": crate::bindings::connector::wasi::http::outgoing_handler,
            "wasi:io/error@0.2.12": crate::bindings::connector::wasi::io::error,
            "wasi:io/poll@0.2.12": crate::bindings::connector::wasi::io::poll,
            "wasi:io/streams@0.2.12": crate::bindings::connector::wasi::io::streams,
            "wasi:clocks/monotonic-clock@0.2.12": crate::bindings::connector::wasi::clocks::monotonic_clock,
        },
    });
}

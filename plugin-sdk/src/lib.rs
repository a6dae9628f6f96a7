//! # Panel plugin SDK
//!
//! Write Panel plugins in Rust: question banks, scoring rubrics, connectors and
//! notifiers. A plugin is a WebAssembly component built for `wasm32-wasip2`
//! against the `panel:plugin` WIT contract; this crate hides the generated
//! bindings behind four traits and one macro.
//!
//! ```ignore
//! use panel_plugin_sdk::{register, Rubric, RubricInfo, JobProfile, Question, Answer,
//!                        DimensionScore, PluginError};
//!
//! struct Length;
//!
//! impl Rubric for Length {
//!     fn describe() -> RubricInfo {
//!         RubricInfo::new("Answer length", "Longer answers give more to judge on.")
//!     }
//!     fn score(_: &JobProfile, q: &Question, a: &Answer) -> Result<Vec<DimensionScore>, PluginError> {
//!         let score = (a.text.chars().count() as f32 / 40.0).min(10.0);
//!         Ok(q.dimensions.iter().map(|d| DimensionScore::new(d, score, 0.3, "Scored by length.")).collect())
//!     }
//! }
//!
//! register!(rubric: Length);
//! ```
//!
//! Layout: `bindings` (private, generated), `kinds` (the four traits and their
//! adapters to the generated exports), `types` (constructors and helpers on the
//! shared types), `host` (log, config, embeddings), `http` (outbound requests for
//! connectors and notifiers), `remote` (a customer's system as a connector or
//! notifier calls it: endpoint, `${secret:…}` credentials, requests as data,
//! answers classified), `event` (a typed view of a lifecycle event's payload:
//! candidate, job, offer, assessment, departure), `time` (RFC 3339 timestamps
//! read at a fixed UTC offset, for notifiers writing times), `names` (a
//! person's name split into family and given
//! name, Chinese compound surnames included), `payload` (dotted paths into
//! an event's payload, read and written), `bank` (the question-bank kit: a bank is its
//! questions and follow-up rules, the kit plans and applies the company's
//! configuration), `text` (Chinese-aware text analysis for rubrics: sentences,
//! dictionary word segmentation, phrase matching, negation), `testing` (native
//! stand-ins for the host imports, so a plugin's logic is unit tested with plain
//! `cargo test`).

#![allow(unsafe_code)] // wit-bindgen's generated glue is unsafe by nature.

pub mod bank;
#[doc(hidden)]
pub mod bindings;
pub mod event;
pub mod host;
pub mod http;
mod kinds;
pub mod names;
pub mod payload;
pub mod remote;
#[cfg(not(target_arch = "wasm32"))]
pub mod testing;
pub mod text;
pub mod time;
mod types;

pub use kinds::{Connector, Notifier, QuestionBank, Rubric};

pub use bindings::connector::exports::panel::plugin::events::{ConnectorInfo, Outcome};
pub use bindings::connector::exports::panel::plugin::outcomes::{
    DepartureReason, EmploymentOutcome, EmploymentRecord, Hire, HireIds, OutcomePage, ProbationResult,
};
pub use bindings::notifier::exports::panel::plugin::messages::{Message, NotifierInfo, Recipient};
pub use bindings::question_bank::exports::panel::plugin::questions::{BankInfo, PlanRequest, SectionRequest};
pub use bindings::rubric::exports::panel::plugin::scoring::RubricInfo;
pub use bindings::rubric::panel::plugin::embeddings::EmbedError;
pub use bindings::rubric::panel::plugin::types::{
    Answer, AnswerGuide, Dimension, DimensionScore, Effect, Evidence, JobProfile, LifecycleEvent, LocalizedText,
    LogLevel, PluginError, Question, QuestionKind, TextSpan,
};

/// The version of the `panel:plugin` WIT contract this SDK builds plugins for.
/// [`register!`] stamps it into the component's `panel:api-version` custom
/// section, which the host reads before compiling.
pub const API_VERSION: &str = "0.2.0";

/// Registers a type as this crate's plugin. Use it once, at the crate root,
/// naming the kind of plugin and the type implementing that kind's trait:
///
/// ```ignore
/// register!(rubric: MyRubric);
/// register!(question_bank: MyBank);
/// register!(connector: MyConnector);
/// register!(notifier: MyNotifier);
/// ```
#[macro_export]
macro_rules! register {
    (rubric: $ty:ty) => {
        $crate::register!(@stamp);
        // Natively the plugin is only unit tested: keep its entry points "used".
        #[cfg(not(target_arch = "wasm32"))]
        const _: () = { let _ = <$ty as $crate::Rubric>::describe; let _ = <$ty as $crate::Rubric>::score; };
        // Native builds (unit tests of the plugin's logic) skip the exports:
        // their symbol names are not valid in a native shared library.
        #[cfg(target_arch = "wasm32")]
        type __PanelPluginExport = $crate::__private::RubricExport<$ty>;
        #[cfg(target_arch = "wasm32")]
        $crate::__private::bindings::rubric::__export_rubric!(__PanelPluginExport with_types_in $crate::__private::bindings::rubric);
    };
    (question_bank: $ty:ty) => {
        $crate::register!(@stamp);
        // Natively the plugin is only unit tested: keep its entry points "used".
        #[cfg(not(target_arch = "wasm32"))]
        const _: () = { let _ = <$ty as $crate::QuestionBank>::describe; let _ = <$ty as $crate::QuestionBank>::plan; let _ = <$ty as $crate::QuestionBank>::follow_up; };
        // Native builds (unit tests of the plugin's logic) skip the exports:
        // their symbol names are not valid in a native shared library.
        #[cfg(target_arch = "wasm32")]
        type __PanelPluginExport = $crate::__private::QuestionBankExport<$ty>;
        #[cfg(target_arch = "wasm32")]
        $crate::__private::bindings::question_bank::__export_question_bank!(__PanelPluginExport with_types_in $crate::__private::bindings::question_bank);
    };
    (connector: $ty:ty) => {
        $crate::register!(@stamp);
        // Natively the plugin is only unit tested: keep its entry points "used".
        #[cfg(not(target_arch = "wasm32"))]
        const _: () = { let _ = <$ty as $crate::Connector>::describe; let _ = <$ty as $crate::Connector>::handle; };
        // Native builds (unit tests of the plugin's logic) skip the exports:
        // their symbol names are not valid in a native shared library.
        #[cfg(target_arch = "wasm32")]
        type __PanelPluginExport = $crate::__private::ConnectorExport<$ty>;
        #[cfg(target_arch = "wasm32")]
        $crate::__private::bindings::connector::__export_connector!(__PanelPluginExport with_types_in $crate::__private::bindings::connector);
    };
    (notifier: $ty:ty) => {
        $crate::register!(@stamp);
        // Natively the plugin is only unit tested: keep its entry points "used".
        #[cfg(not(target_arch = "wasm32"))]
        const _: () = { let _ = <$ty as $crate::Notifier>::describe; let _ = <$ty as $crate::Notifier>::send; };
        // Native builds (unit tests of the plugin's logic) skip the exports:
        // their symbol names are not valid in a native shared library.
        #[cfg(target_arch = "wasm32")]
        type __PanelPluginExport = $crate::__private::NotifierExport<$ty>;
        #[cfg(target_arch = "wasm32")]
        $crate::__private::bindings::notifier::__export_notifier!(__PanelPluginExport with_types_in $crate::__private::bindings::notifier);
    };
    (@stamp) => {
        #[cfg(target_arch = "wasm32")]
        #[unsafe(link_section = "panel:api-version")]
        #[used]
        static __PANEL_API_VERSION: [u8; $crate::__private::API_VERSION_BYTES.len()] =
            $crate::__private::API_VERSION_BYTES;
        // The plugin crate's own name and version, so tools can say what a
        // bare component is. A package manifest, where there is one, wins.
        #[cfg(target_arch = "wasm32")]
        #[unsafe(link_section = "panel:plugin-id")]
        #[used]
        static __PANEL_PLUGIN_ID: [u8; env!("CARGO_PKG_NAME").len()] =
            $crate::__private::bytes(env!("CARGO_PKG_NAME"));
        #[cfg(target_arch = "wasm32")]
        #[unsafe(link_section = "panel:plugin-version")]
        #[used]
        static __PANEL_PLUGIN_VERSION: [u8; env!("CARGO_PKG_VERSION").len()] =
            $crate::__private::bytes(env!("CARGO_PKG_VERSION"));
    };
}

#[doc(hidden)]
pub mod __private {
    pub use crate::bindings;
    pub use crate::kinds::{ConnectorExport, NotifierExport, QuestionBankExport, RubricExport};

    /// [`crate::API_VERSION`] as the bytes of the custom section.
    pub const API_VERSION_BYTES: [u8; 5] = *b"0.2.0";
    const _: () = assert!(API_VERSION_BYTES.len() == crate::API_VERSION.len());

    /// A string's bytes as an array, for the custom sections `register!` writes.
    pub const fn bytes<const N: usize>(text: &str) -> [u8; N] {
        let src = text.as_bytes();
        assert!(src.len() == N, "length mismatch");
        let mut out = [0u8; N];
        let mut i = 0;
        while i < N {
            out[i] = src[i];
            i += 1;
        }
        out
    }
}

/// README.md's example plugin, compiled and checked by `cargo test`.
#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;

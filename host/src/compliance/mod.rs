//! Compliance the host enforces rather than a policy page promises. A
//! region names a policy pack ([`packs`]): the human review its law asks for,
//! the plugin capabilities it forbids, which a binding cannot switch on
//! there and which never serve a job there, the consents an interview needs
//! and the notice shown before them ([`consent`]), and how long data is kept
//! ([`retention`], applied by [`purge`]). Candidates may self-identify
//! ([`demographics`]) for the [`adverse_impact`] report. [`erasure`] removes
//! everything of a candidate (rows and files) with a receipt, and [`export`]
//! bundles it for an access request.

pub mod adverse_impact;
pub mod consent;
pub mod demographics;
pub mod erasure;
pub mod export;
pub mod packs;
pub mod purge;
pub mod retention;

pub use consent::{Purpose, PurposeRule};
pub use packs::{Forbidden, PackId, PolicyPack, SensitiveCapability};
pub use retention::Retention;

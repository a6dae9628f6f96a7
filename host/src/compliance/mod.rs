//! Compliance the host enforces rather than a policy page promises. A
//! region names a policy pack ([`packs`]): the human review its law asks for,
//! and the plugin capabilities it forbids, which a binding cannot switch on
//! there and which never serve a job there. Candidates may self-identify
//! ([`demographics`]) for the [`adverse_impact`] report.

pub mod adverse_impact;
pub mod demographics;
pub mod packs;

pub use packs::{Forbidden, PackId, PolicyPack, SensitiveCapability};

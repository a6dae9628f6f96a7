//! Which plugin API versions this host runs, and reading the version a plugin
//! targets from its `panel:api-version` custom section before compiling it.
//!
//! | host  | plugin API   |
//! |-------|--------------|
//! | 0.1.x | 0.1.x, 0.2.x |
//!
//! A 0.1.x plugin runs unchanged through the 0.1.0 bindings: it is shown no
//! answer guides and pulls no outcomes.

use semver::{Version, VersionReq};
use wasmparser::{Encoding, Parser, Payload};

/// The custom section the SDK's `register!` macro writes.
pub const SECTION: &str = "panel:api-version";

/// The range of `panel:plugin` API versions this host supports.
pub const SUPPORTED: &str = ">=0.1.0, <0.3.0";

/// The newest API version this host supports: what new plugins target.
pub const SUPPORTED_LATEST: &str = "0.2.0";

/// [`SUPPORTED`] as a requirement.
pub fn supported() -> VersionReq {
    VersionReq::parse(SUPPORTED).unwrap_or(VersionReq::STAR)
}

/// Reads the API version a component targets, checking on the way that it is
/// a component at all.
pub fn read(bytes: &[u8]) -> Result<Version, ReadError> {
    let mut first = true;
    let mut found: Option<Version> = None;
    for payload in Parser::new(0).parse_all(bytes) {
        let payload = payload.map_err(|e| ReadError::NotAComponent(e.to_string()))?;
        match payload {
            Payload::Version { encoding, .. } if first => {
                first = false;
                if encoding != Encoding::Component {
                    return Err(ReadError::NotAComponent(
                        "it is a core WebAssembly module, not a component; build for wasm32-wasip2".to_owned(),
                    ));
                }
            }
            Payload::CustomSection(section) if section.name() == SECTION => {
                let text = std::str::from_utf8(section.data())
                    .map_err(|_| ReadError::Missing("the section is not UTF-8".to_owned()))?;
                let version = Version::parse(text.trim())
                    .map_err(|e| ReadError::Missing(format!("{text:?} is not a version: {e}")))?;
                if found.as_ref().is_some_and(|v| *v != version) {
                    return Err(ReadError::Missing("the component names two different versions".to_owned()));
                }
                found = Some(version);
            }
            _ => {}
        }
    }
    found.ok_or_else(|| ReadError::Missing("no such section".to_owned()))
}

/// Why the version could not be read.
#[derive(Debug, Clone, PartialEq)]
pub enum ReadError {
    NotAComponent(String),
    Missing(String),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_supported_range_parses_and_holds_0_1_and_0_2() {
        let req = supported();
        assert!(req.matches(&Version::new(0, 1, 0)));
        assert!(req.matches(&Version::new(0, 1, 7)));
        assert!(req.matches(&Version::new(0, 2, 0)));
        assert!(!req.matches(&Version::new(0, 3, 0)));
        assert!(!req.matches(&Version::new(1, 0, 0)));
        assert!(req.matches(&Version::parse(SUPPORTED_LATEST).expect("a version")));
    }

    #[test]
    fn junk_is_not_a_component() {
        assert!(matches!(read(b"not wasm"), Err(ReadError::NotAComponent(_))));
    }

    #[test]
    fn a_core_module_is_refused() {
        // The smallest core module: magic and version 1.
        let module = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
        match read(&module) {
            Err(ReadError::NotAComponent(why)) => assert!(why.contains("core WebAssembly module")),
            other => panic!("expected NotAComponent, got {other:?}"),
        }
    }
}

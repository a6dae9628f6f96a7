//! The name and version the SDK's `register!` macro stamps into a component
//! (custom sections `panel:plugin-id` and `panel:plugin-version`), so a bare
//! `.wasm` can be named before a package manifest exists for it.

use semver::Version;
use wasmparser::{Parser, Payload};

/// What a component says it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stamp {
    pub id: String,
    pub version: Version,
}

/// The component's stamp, if it has a complete, well-formed one.
pub fn read(bytes: &[u8]) -> Option<Stamp> {
    let (mut id, mut version) = (None, None);
    for payload in Parser::new(0).parse_all(bytes) {
        let Payload::CustomSection(section) = payload.ok()? else { continue };
        let text = || std::str::from_utf8(section.data()).ok().map(|t| t.trim().to_owned());
        match section.name() {
            "panel:plugin-id" => id = text().filter(|t| is_plugin_id(t)),
            "panel:plugin-version" => version = text().and_then(|t| Version::parse(&t).ok()),
            _ => {}
        }
    }
    Some(Stamp { id: id?, version: version? })
}

/// Plugin ids are lowercase ASCII words joined by `-` or `_`.
pub fn is_plugin_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 64
        && id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plugin_ids_are_plain_words() {
        assert!(is_plugin_id("rubric-star"));
        assert!(!is_plugin_id("Rubric Star"));
        assert!(!is_plugin_id("../etc"));
        assert!(!is_plugin_id(""));
    }

    #[test]
    fn junk_has_no_stamp() {
        assert_eq!(read(b"\0asm junk"), None);
    }
}

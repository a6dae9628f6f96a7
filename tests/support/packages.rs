//! Packages made from the built plugins, for the package, trust and
//! hot-reload tests: any id and version, signed or not.

use std::path::Path;

use panel::packages::{Package, SecretKey, TrustPolicy};

use crate::plugin_wasm;

/// A `plugin.toml` for `id@version` of `kind`, with extra TOML appended
/// (capabilities, a config schema).
pub fn manifest(id: &str, version: &str, kind: &str, extra: &str) -> String {
    format!(
        "[plugin]\nid = \"{id}\"\nname = \"{id}\"\nversion = \"{version}\"\nkind = \"{kind}\"\napi = \"0.1.0\"\nvendor = \"Test vendor\"\n\n{extra}"
    )
}

/// A package of a built plugin crate's component under `manifest`, signed
/// with `key` when given.
pub fn package(crate_name: &str, manifest: &str, key: Option<&SecretKey>) -> Package {
    let component = plugin_wasm(crate_name);
    let signature = key.map(|k| k.sign_package(manifest.as_bytes(), &component));
    Package { manifest: manifest.as_bytes().to_vec(), component, signature }
}

/// The same, as the package file's bytes.
pub fn package_bytes(crate_name: &str, manifest: &str, key: Option<&SecretKey>) -> Vec<u8> {
    package(crate_name, manifest, key).to_bytes().expect("pack")
}

/// A vendor key and a trust policy that trusts it.
pub fn vendor() -> (SecretKey, TrustPolicy) {
    let key = SecretKey::generate("Test vendor").expect("key");
    let mut policy = TrustPolicy::default();
    policy.trust("Test vendor", key.public());
    (key, policy)
}

/// Writes a file the way an administrator's copy would land: complete, by
/// rename.
pub fn drop_file(path: &Path, bytes: &[u8]) {
    let tmp = path.with_extension("partial");
    std::fs::write(&tmp, bytes).expect("write package");
    std::fs::rename(&tmp, path).expect("move package into place");
}

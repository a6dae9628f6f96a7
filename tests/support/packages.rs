//! Packages made from the built plugins, for the package, trust and
//! hot-reload tests: any id and version, signed or not.

use std::path::Path;
use std::sync::Arc;

use panel::packages::watch::Reloader;
use panel::packages::{Catalog, Package, PluginRegistry, SecretKey, TrustPolicy, trust};

use panel::runtime::PluginRuntime;

use crate::{plugin_wasm, runtime};

/// A `plugin.toml` for `id@version` of `kind`, with extra TOML appended
/// (capabilities, a config schema).
pub fn manifest(id: &str, version: &str, kind: &str, extra: &str) -> String {
    format!(
        "[plugin]\nid = \"{id}\"\nname = \"{id}\"\nversion = \"{version}\"\nkind = \"{kind}\"\napi = \"0.2.0\"\nvendor = \"Test vendor\"\n\n{extra}"
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

/// The `outbound-hosts` a manifest declares (on one line, as ours do).
fn declared_hosts(manifest: &str) -> Vec<String> {
    let Some(line) = manifest.lines().find(|l| l.trim_start().starts_with("outbound-hosts")) else {
        return Vec::new();
    };
    let list = line.split_once('=').map_or("", |(_, v)| v.trim()).trim_start_matches('[').trim_end_matches(']');
    list.split(',').map(|h| h.trim().trim_matches('"').to_owned()).filter(|h| !h.is_empty()).collect()
}

/// The first-party plugins' manifest, as committed.
pub fn first_party_manifest(crate_name: &str) -> String {
    let path = format!("{}/../plugins/{crate_name}/plugin.toml", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// bank-core and rubric-star, signed and installed in a packages directory
/// under `dir` with a policy trusting their key, and loaded.
pub fn first_party_registry(dir: &Path) -> Arc<PluginRegistry> {
    signed_registry(dir, &["bank-core", "rubric-star"])
}

/// First-party plugins signed with their committed manifests, granted the
/// outbound hosts they declare, installed in `dir` and loaded, as a customer
/// runs them.
pub fn signed_registry(dir: &Path, names: &[&str]) -> Arc<PluginRegistry> {
    signed_registry_on(dir, names, runtime())
}

/// [`signed_registry`] on a given runtime (one with the host's embeddings,
/// say); plugins that declare `embeddings` are granted it.
pub fn signed_registry_on(dir: &Path, names: &[&str], rt: PluginRuntime) -> Arc<PluginRegistry> {
    let (key, mut policy) = vendor();
    let catalog = Catalog::new(dir.join("packages"));
    for &name in names {
        let manifest = first_party_manifest(name);
        let hosts: Vec<_> = declared_hosts(&manifest).iter().map(|h| h.parse().expect("a host")).collect();
        let embeddings = manifest.lines().any(|l| l.trim().replace(' ', "") == "embeddings=true");
        if !hosts.is_empty() || embeddings {
            policy.grant(name, &hosts, embeddings);
        }
        let bytes = package_bytes(name, &manifest, Some(&key));
        catalog.install(&bytes, &policy, &rt, false).unwrap_or_else(|e| panic!("installing {name}: {e}"));
    }
    let policy_path = dir.join(trust::FILE);
    policy.write(&policy_path).expect("trust policy");
    let registry = Arc::new(PluginRegistry::new());
    let report = Reloader::new(catalog, &policy_path, rt, registry.clone()).reconcile();
    assert!(report.rejected.is_empty(), "{report:?}");
    registry
}

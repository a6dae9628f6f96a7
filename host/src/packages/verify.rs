//! The checks every package passes before it is compiled: signature against
//! the trust policy, the id belonging to the signer's key, manifest, the component agreeing with its manifest, the
//! API version against the host's range, and capabilities against grants.

use sha2::{Digest, Sha256};

use super::PackageError;
use super::archive::Package;
use super::manifest::Manifest;
use super::owners::Owner;
use super::trust::{Signer, TrustPolicy};
use crate::runtime::{Grants, api_version};

/// A package that passed every check but compiling.
#[derive(Debug)]
pub struct Verified {
    pub manifest: Manifest,
    pub package: Package,
    pub signer: Signer,
    /// Who shipped it; installing it claims the id for them when
    /// `claims_id` (nobody owns it yet).
    pub owner: Owner,
    pub claims_id: bool,
    /// What the plugin will run with.
    pub grants: Grants,
    /// SHA-256 of the component, hex.
    pub component_sha256: String,
}

/// Runs every check on a package's bytes.
pub fn verify(bytes: &[u8], policy: &TrustPolicy) -> Result<Verified, PackageError> {
    let package = Package::from_bytes(bytes)?;
    let manifest = package.parse_manifest()?;
    let label = manifest.label();
    // Signature first: nothing else about an untrusted package is worth
    // reporting.
    let signer = policy.verify_signature(&label, &package)?;
    // Then whose the id is: a trusted vendor may not ship another's plugin.
    let owner = Owner::of(&package);
    let claims_id = policy.check_owner(&label, &manifest.id, &owner)?;
    check_component(&manifest, &package.component)?;
    let grants = policy.grants_for(&manifest)?;
    let component_sha256 = hex::encode(Sha256::digest(&package.component));
    Ok(Verified { manifest, package, signer, owner, claims_id, grants, component_sha256 })
}

/// The component must target the manifest's API version, one the host
/// supports. (The id and version the SDK stamps into a component only name a
/// bare component; a package's manifest wins, so one build can be shipped
/// under a new version.)
pub fn check_component(manifest: &Manifest, component: &[u8]) -> Result<(), PackageError> {
    let label = manifest.label();
    let api = api_version::read(component).map_err(|e| {
        let reason = match e {
            api_version::ReadError::NotAComponent(r) => format!("plugin.wasm is not a WebAssembly component: {r}"),
            api_version::ReadError::Missing(r) => {
                format!("plugin.wasm does not say which plugin API it targets ({r}); build it with panel-plugin-sdk")
            }
        };
        PackageError::Mismatch {
            plugin: label.clone(),
            field: "api",
            manifest: manifest.api.to_string(),
            component: reason,
        }
    })?;
    if api != manifest.api {
        return Err(PackageError::Mismatch {
            plugin: label,
            field: "api",
            manifest: manifest.api.to_string(),
            component: api.to_string(),
        });
    }
    if !api_version::supported().matches(&api) {
        return Err(PackageError::UnsupportedApi { plugin: label, api, supported: api_version::SUPPORTED });
    }
    Ok(())
}

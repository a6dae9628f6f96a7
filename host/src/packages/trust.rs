//! The administrator's trust policy (`trust.toml` in the data directory):
//! which vendor keys are trusted, whether unsigned packages may be installed,
//! and which capabilities each plugin is granted.
//!
//! ```toml
//! allow-unsigned = false
//!
//! [[trusted-key]]
//! name = "Acme HR"
//! public-key = "ed25519:3b6a27bcceb6a42d62a3a8d02a6f0d73653215771de243a63ac048a18b59da29"
//!
//! [grants.payroll-connector]
//! outbound-hosts = ["payroll.example.com"]
//! embeddings = false
//! secrets = { payroll-token = "env:ACME_PAYROLL_TOKEN" }
//! ```
//!
//! Which key each plugin id belongs to is read with it from `owners.toml`
//! beside it (`owners`).

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::PackageError;
use super::archive::Package;
use super::manifest::Manifest;
use super::signing::PublicKey;
use crate::runtime::secrets::is_secret_name;
use crate::runtime::{Grants, HostGrant, SecretSource};

/// The name of the policy file in the data directory.
pub const FILE: &str = "trust.toml";

/// What the administrator trusts and grants.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct TrustPolicy {
    /// Install packages that carry no signature. Off unless set.
    #[serde(default)]
    pub allow_unsigned: bool,
    #[serde(default, rename = "trusted-key")]
    pub trusted_keys: Vec<TrustedKey>,
    /// Capabilities granted per plugin id.
    #[serde(default)]
    pub grants: BTreeMap<String, GrantEntry>,
    /// The vendor key each plugin id belongs to, kept in its own file beside
    /// the policy ([`super::owners::FILE`]): Panel records it when an id is
    /// first installed, so it never rewrites the administrator's file.
    #[serde(skip)]
    pub owners: BTreeMap<String, super::owners::Owner>,
}

/// A vendor key packages may be signed with.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct TrustedKey {
    /// Who the key belongs to, for people reading the policy.
    pub name: String,
    pub public_key: PublicKey,
}

/// The capabilities granted to one plugin.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct GrantEntry {
    #[serde(default)]
    pub outbound_hosts: Vec<HostGrant>,
    #[serde(default)]
    pub embeddings: bool,
    /// Credentials the plugin may have the host put into its requests, by the
    /// name its configuration uses, with where the value is read from.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub secrets: BTreeMap<String, SecretSource>,
}

/// Who vouched for a package that passed verification.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum Signer {
    /// Signed by a trusted key.
    Trusted { name: String, fingerprint: String },
    /// Unsigned, installed because the policy allows unsigned packages.
    Unsigned,
}

impl std::fmt::Display for Signer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Signer::Trusted { name, fingerprint } => write!(f, "{name} (key {fingerprint})"),
            Signer::Unsigned => f.write_str("unsigned"),
        }
    }
}

impl TrustPolicy {
    /// Reads the policy file; a missing file is the empty policy (nothing
    /// trusted, nothing granted, unsigned refused).
    pub fn read(path: &Path) -> Result<Self, PackageError> {
        Self::read_with_bytes(path).map(|(policy, _)| policy)
    }

    /// [`Self::read`], with the bytes of the policy and owners files (empty
    /// when they do not exist), for a caller that also needs to tell whether
    /// either changed.
    pub fn read_with_bytes(path: &Path) -> Result<(Self, Vec<u8>), PackageError> {
        let (mut policy, mut bytes) = Self::read_policy_file(path)?;
        let (owners, owner_bytes) = super::owners::read(path)?;
        policy.owners = owners;
        bytes.extend_from_slice(&owner_bytes);
        Ok((policy, bytes))
    }

    fn read_policy_file(path: &Path) -> Result<(Self, Vec<u8>), PackageError> {
        let bytes = match std::fs::read(path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok((Self::default(), Vec::new())),
            Err(source) => return Err(PackageError::io(path, source)),
        };
        let policy = |reason: String| PackageError::Policy { path: path.display().to_string(), reason };
        let text = std::str::from_utf8(&bytes).map_err(|_| policy("not UTF-8 text".to_owned()))?;
        let parsed: Self = toml::from_str(text).map_err(|e| policy(e.to_string()))?;
        for (plugin, entry) in &parsed.grants {
            if let Some(name) = entry.secrets.keys().find(|n| !is_secret_name(n)) {
                return Err(policy(format!(
                    "grants.{plugin}.secrets: {name:?} is not a secret name (lowercase letters, digits and '-')"
                )));
            }
        }
        Ok((parsed, bytes))
    }

    /// Writes the policy file atomically (the owners file is written with
    /// [`Self::write_owners`]).
    pub fn write(&self, path: &Path) -> Result<(), PackageError> {
        let text = toml::to_string_pretty(self)
            .map_err(|e| PackageError::Policy { path: path.display().to_string(), reason: e.to_string() })?;
        super::write_atomically(path, text.as_bytes())
    }

    /// Trusts a key under a name (replacing the name if the key is known).
    pub fn trust(&mut self, name: &str, key: PublicKey) {
        match self.trusted_keys.iter_mut().find(|k| k.public_key == key) {
            Some(known) => known.name = name.to_owned(),
            None => self.trusted_keys.push(TrustedKey { name: name.to_owned(), public_key: key }),
        }
    }

    /// Adds grants for a plugin.
    pub fn grant(&mut self, plugin_id: &str, hosts: &[HostGrant], embeddings: bool) {
        let entry = self.grants.entry(plugin_id.to_owned()).or_default();
        for host in hosts {
            if !entry.outbound_hosts.contains(host) {
                entry.outbound_hosts.push(host.clone());
            }
        }
        entry.embeddings |= embeddings;
    }

    /// Grants a plugin a secret, read from `source`.
    pub fn grant_secret(&mut self, plugin_id: &str, name: &str, source: SecretSource) {
        self.grants.entry(plugin_id.to_owned()).or_default().secrets.insert(name.to_owned(), source);
    }

    /// Checks a package's signature against the trusted keys.
    pub fn verify_signature(&self, label: &str, package: &Package) -> Result<Signer, PackageError> {
        let Some(signature) = &package.signature else {
            return if self.allow_unsigned {
                Ok(Signer::Unsigned)
            } else {
                Err(PackageError::Unsigned { plugin: label.to_owned() })
            };
        };
        let key = signature.public_key;
        let Some(trusted) = self.trusted_keys.iter().find(|k| k.public_key == key) else {
            return Err(PackageError::UntrustedKey {
                plugin: label.to_owned(),
                signer: signature.signer.clone(),
                key: key.to_string(),
            });
        };
        if !signature.holds_for(&package.manifest, &package.component) {
            return Err(PackageError::BadSignature { plugin: label.to_owned() });
        }
        Ok(Signer::Trusted { name: trusted.name.clone(), fingerprint: key.fingerprint() })
    }

    /// The grants a plugin runs with: exactly what its manifest asks for, once
    /// every capability asked for is granted; otherwise the first capability
    /// not granted. A plugin whose manifest says `configured-hosts` (its
    /// endpoint is the customer's choice) also reaches the hosts granted to it
    /// by name; the secrets granted to it are its to use in request headers.
    pub fn grants_for(&self, manifest: &Manifest) -> Result<Grants, PackageError> {
        let granted = self.grants.get(&manifest.id).cloned().unwrap_or_default();
        for asked in &manifest.capabilities.outbound_hosts {
            if !granted.outbound_hosts.iter().any(|g| g.covers(asked)) {
                return Err(PackageError::NotGranted {
                    plugin: manifest.label(),
                    capability: format!("outbound host {asked}"),
                    grant: format!("panel plugin grant {} --host {asked}", manifest.id),
                });
            }
        }
        if manifest.capabilities.embeddings && !granted.embeddings {
            return Err(PackageError::NotGranted {
                plugin: manifest.label(),
                capability: "embeddings".to_owned(),
                grant: format!("panel plugin grant {} --embeddings", manifest.id),
            });
        }
        let mut grants = manifest.capabilities.as_grants();
        if manifest.capabilities.configured_hosts {
            for host in &granted.outbound_hosts {
                if !grants.outbound_hosts.contains(host) {
                    grants.outbound_hosts.push(host.clone());
                }
            }
        }
        grants.secrets = granted.secrets;
        Ok(grants)
    }
}

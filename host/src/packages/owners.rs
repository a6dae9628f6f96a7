//! Which vendor a plugin id belongs to. The first package installed for an id
//! claims it for the key that signed it (or for "unsigned"), recorded in
//! `owners.toml` beside the trust policy; a package for that id signed by any
//! other key is refused, even by a key the policy trusts, because grants
//! (hosts, secrets) and bindings follow the id. Only an administrator moves an
//! id to another key (`panel plugin transfer`). The record is Panel's own file,
//! so recording a claim never rewrites the administrator's policy.
//!
//! ```toml
//! rubric-star = "ed25519:3b6a27bcceb6a42d62a3a8d02a6f0d73653215771de243a63ac048a18b59da29"
//! our-erp-connector = "unsigned"
//! ```

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::PackageError;
use super::archive::Package;
use super::signing::PublicKey;
use super::trust::TrustPolicy;

/// Who may ship a plugin id: a vendor key, or nobody's (unsigned packages,
/// where the policy allows them).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum Owner {
    Key(PublicKey),
    Unsigned,
}

const UNSIGNED: &str = "unsigned";

/// The owners file's name, beside the trust policy.
pub const FILE: &str = "owners.toml";

/// Where the owners file of the policy at `policy_path` is.
pub fn path_beside(policy_path: &Path) -> PathBuf {
    policy_path.with_file_name(FILE)
}

/// The owners recorded beside the policy at `policy_path`, with the file's
/// bytes (none when it does not exist).
pub(crate) fn read(policy_path: &Path) -> Result<(BTreeMap<String, Owner>, Vec<u8>), PackageError> {
    let path = path_beside(policy_path);
    let bytes = match std::fs::read(&path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok((BTreeMap::new(), Vec::new())),
        Err(source) => return Err(PackageError::io(&path, source)),
    };
    let malformed = |reason: String| PackageError::Policy { path: path.display().to_string(), reason };
    let text = std::str::from_utf8(&bytes).map_err(|_| malformed("not UTF-8 text".to_owned()))?;
    let owners = toml::from_str(text).map_err(|e| malformed(e.to_string()))?;
    Ok((owners, bytes))
}

impl Owner {
    /// Who shipped a package: its signing key, or unsigned.
    pub fn of(package: &Package) -> Self {
        package.signature.as_ref().map_or(Owner::Unsigned, |s| Owner::Key(s.public_key))
    }
}

impl fmt::Display for Owner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Owner::Key(key) => write!(f, "{key}"),
            Owner::Unsigned => f.write_str(UNSIGNED),
        }
    }
}

impl std::str::FromStr for Owner {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if s.trim() == UNSIGNED {
            return Ok(Owner::Unsigned);
        }
        s.parse().map(Owner::Key).map_err(|e| format!("{e}, or \"{UNSIGNED}\""))
    }
}

impl TryFrom<String> for Owner {
    type Error = String;

    fn try_from(s: String) -> Result<Self, Self::Error> {
        s.parse()
    }
}

impl From<Owner> for String {
    fn from(owner: Owner) -> Self {
        owner.to_string()
    }
}

impl TrustPolicy {
    /// The owner of `id`, if one is recorded.
    pub fn owner(&self, id: &str) -> Option<Owner> {
        self.owners.get(id).copied()
    }

    /// An owner as an administrator knows it: the trusted key's name and
    /// fingerprint, or "unsigned packages".
    pub fn describe_owner(&self, owner: &Owner) -> String {
        match owner {
            Owner::Unsigned => "unsigned packages".to_owned(),
            Owner::Key(key) => match self.trusted_keys.iter().find(|k| k.public_key == *key) {
                Some(trusted) => format!("{} (key {})", trusted.name, key.fingerprint()),
                None => format!("a key no longer trusted ({})", key.fingerprint()),
            },
        }
    }

    /// Checks that `owner` may ship `id`. `Ok(true)`: nobody owns `id` yet,
    /// and installing this package claims it.
    pub fn check_owner(&self, label: &str, id: &str, owner: &Owner) -> Result<bool, PackageError> {
        match self.owner(id) {
            None => Ok(true),
            Some(recorded) if recorded == *owner => Ok(false),
            Some(recorded) => Err(PackageError::WrongVendor {
                plugin: label.to_owned(),
                id: id.to_owned(),
                owner: self.describe_owner(&recorded),
                shipped_by: self.describe_owner(owner),
                transfer: format!("panel plugin transfer {id} --to-key {owner}"),
            }),
        }
    }

    /// Records `owner` for `id` unless it has one; true when recorded.
    pub fn claim(&mut self, id: &str, owner: Owner) -> bool {
        if self.owners.contains_key(id) {
            return false;
        }
        self.owners.insert(id.to_owned(), owner);
        true
    }

    /// Gives `id` to `owner` (an administrator's decision); returns the
    /// owner it had.
    pub fn transfer(&mut self, id: &str, owner: Owner) -> Option<Owner> {
        self.owners.insert(id.to_owned(), owner)
    }

    /// Writes the owners file beside the policy at `policy_path`,
    /// atomically; returns the bytes written.
    pub fn write_owners(&self, policy_path: &Path) -> Result<Vec<u8>, PackageError> {
        let path = path_beside(policy_path);
        let text = toml::to_string_pretty(&self.owners)
            .map_err(|e| PackageError::Policy { path: path.display().to_string(), reason: e.to_string() })?;
        super::write_atomically(&path, text.as_bytes())?;
        Ok(text.into_bytes())
    }

    /// Records the claims in `claimed` in the owners file beside the policy
    /// at `policy_path`, read afresh (a transfer made meanwhile is kept);
    /// returns the bytes written.
    pub fn record_claims(policy_path: &Path, claimed: &[(String, Owner)]) -> Result<Vec<u8>, PackageError> {
        let (owners, _) = read(policy_path)?;
        let mut policy = TrustPolicy { owners, ..TrustPolicy::default() };
        for (id, owner) in claimed {
            policy.claim(id, *owner);
        }
        policy.write_owners(policy_path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::packages::SecretKey;

    #[test]
    fn an_id_belongs_to_the_key_that_first_shipped_it_until_transferred() {
        let (first, second) =
            (SecretKey::generate("Acme HR").expect("key"), SecretKey::generate("Other").expect("key"));
        let mut policy = TrustPolicy::default();
        policy.trust("Acme HR", first.public());
        policy.trust("Other vendor", second.public());
        let (a, b) = (Owner::Key(first.public()), Owner::Key(second.public()));
        assert!(policy.check_owner("rubric-star@0.1.0", "rubric-star", &a).expect("unowned"));
        assert!(policy.claim("rubric-star", a));
        assert!(!policy.claim("rubric-star", b), "a claim never replaces an owner");
        assert!(!policy.check_owner("rubric-star@0.1.1", "rubric-star", &a).expect("its owner"));
        let error = policy.check_owner("rubric-star@0.1.1", "rubric-star", &b).expect_err("another vendor");
        let message = error.to_string();
        assert!(message.contains("belongs to Acme HR") && message.contains("Other vendor"), "{message}");
        assert!(message.contains(&format!("panel plugin transfer rubric-star --to-key {b}")), "{message}");
        assert!(policy.check_owner("x", "rubric-star", &Owner::Unsigned).is_err(), "nor unsigned");

        assert_eq!(policy.transfer("rubric-star", b), Some(a));
        assert!(policy.check_owner("x", "rubric-star", &b).is_ok());
        assert!(policy.check_owner("x", "rubric-star", &a).is_err(), "the old key is out");

        let dir = tempfile::tempdir().expect("dir");
        let policy_path = dir.path().join(crate::packages::trust::FILE);
        policy.write(&policy_path).expect("policy");
        policy.write_owners(&policy_path).expect("owners");
        let text = std::fs::read_to_string(dir.path().join(FILE)).expect("owners file");
        assert!(text.contains(&format!("rubric-star = \"{b}\"")), "{text}");
        let policy_text = std::fs::read_to_string(&policy_path).expect("policy file");
        assert!(!policy_text.contains("rubric-star"), "the administrator's file is not touched: {policy_text}");
        assert_eq!(TrustPolicy::read(&policy_path).expect("reads").owner("rubric-star"), Some(b));
        assert_eq!("unsigned".parse::<Owner>(), Ok(Owner::Unsigned));
    }
}

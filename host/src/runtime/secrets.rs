//! Credentials a plugin uses without ever holding them.
//!
//! A connector's configuration names a secret (`"credentials": "payroll-token"`)
//! and the plugin writes the placeholder `${secret:payroll-token}` into a
//! request header. The administrator grants the plugin that name and says
//! where its value lives (`env:ACME_PAYROLL_TOKEN` or `file:/etc/panel/payroll`);
//! the host puts the value in as the request leaves. The value is read at
//! each request (a rotated credential needs no reload), never enters the
//! plugin's memory, its configuration (stored in the database) or any log.

use std::collections::BTreeMap;
use std::fmt;
use std::path::PathBuf;
use std::str::FromStr;

use http::HeaderValue;

/// Where a granted secret's value is read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SecretSource {
    /// An environment variable of the host process.
    Env(String),
    /// A file (its content, without a trailing newline).
    File(PathBuf),
}

impl SecretSource {
    fn read(&self) -> Result<String, String> {
        match self {
            SecretSource::Env(var) => std::env::var(var).map_err(|_| format!("environment variable {var} is not set")),
            SecretSource::File(path) => std::fs::read_to_string(path)
                .map(|v| v.trim_end_matches(['\r', '\n']).to_owned())
                .map_err(|e| format!("{} cannot be read ({})", path.display(), e.kind())),
        }
    }
}

impl FromStr for SecretSource {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.split_once(':') {
            Some(("env", var)) if is_env_name(var) => Ok(SecretSource::Env(var.to_owned())),
            Some(("env", var)) => Err(format!("{var:?} is not an environment variable name")),
            Some(("file", path)) if path.starts_with('/') => Ok(SecretSource::File(PathBuf::from(path))),
            Some(("file", _)) => Err("a secret file must be given as an absolute path: file:/path".to_owned()),
            _ => Err("a secret is read from env:VARIABLE or file:/absolute/path".to_owned()),
        }
    }
}

fn is_env_name(s: &str) -> bool {
    !s.is_empty()
        && !s.starts_with(|c: char| c.is_ascii_digit())
        && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

impl fmt::Display for SecretSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SecretSource::Env(var) => write!(f, "env:{var}"),
            SecretSource::File(path) => write!(f, "file:{}", path.display()),
        }
    }
}

impl serde::Serialize for SecretSource {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for SecretSource {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d)?.parse().map_err(serde::de::Error::custom)
    }
}

/// Whether `name` may name a secret: lowercase letters, digits and `-`, at most 63.
pub fn is_secret_name(name: &str) -> bool {
    (1..=63).contains(&name.len())
        && name.starts_with(|c: char| c.is_ascii_lowercase() || c.is_ascii_digit())
        && name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

const OPEN: &str = "${secret:";

/// Puts the granted secrets into a header value. `Ok(None)` when the value has
/// no placeholder; `Err` names the first secret that was not granted or could
/// not be read, never its value.
pub(crate) fn fill(value: &str, granted: &BTreeMap<String, SecretSource>) -> Result<Option<HeaderValue>, String> {
    if !value.contains(OPEN) {
        return Ok(None);
    }
    let mut out = String::with_capacity(value.len() + 32);
    let mut rest = value;
    while let Some(at) = rest.find(OPEN) {
        out.push_str(&rest[..at]);
        let after = &rest[at + OPEN.len()..];
        let end = after.find('}').ok_or_else(|| "a ${secret:…} placeholder is not closed".to_owned())?;
        let name = &after[..end];
        let source = granted.get(name).ok_or_else(|| format!("secret {name:?} (not granted)"))?;
        let secret = source.read().map_err(|why| format!("secret {name:?} ({why})"))?;
        out.push_str(&secret);
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    let mut header =
        HeaderValue::from_str(&out).map_err(|_| "a secret's value is not valid in an HTTP header".to_owned())?;
    header.set_sensitive(true);
    Ok(Some(header))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn granted(name: &str, source: &str) -> BTreeMap<String, SecretSource> {
        BTreeMap::from([(name.to_owned(), source.parse().expect("source"))])
    }

    #[test]
    fn placeholders_are_filled_from_a_file() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("token");
        std::fs::write(&path, "s3cr3t\n").expect("write");
        let g = granted("payroll-token", &format!("file:{}", path.display()));
        let filled = fill("Bearer ${secret:payroll-token}", &g).expect("filled").expect("some");
        assert_eq!(filled.to_str().expect("ascii"), "Bearer s3cr3t");
        assert!(filled.is_sensitive());
        assert_eq!(fill("application/json", &g), Ok(None));
    }

    #[test]
    fn ungranted_unreadable_and_malformed_are_refused_by_name() {
        let g = granted("payroll-token", "env:PANEL_TEST_SECRET_THAT_IS_NOT_SET");
        assert_eq!(fill("${secret:other}", &g), Err("secret \"other\" (not granted)".to_owned()));
        let unset = fill("${secret:payroll-token}", &g).unwrap_err();
        assert!(unset.contains("PANEL_TEST_SECRET_THAT_IS_NOT_SET is not set"), "{unset}");
        assert!(fill("${secret:payroll-token", &g).unwrap_err().contains("not closed"));
    }

    #[test]
    fn sources_and_names_are_checked() {
        assert_eq!("env:ACME_TOKEN".parse(), Ok(SecretSource::Env("ACME_TOKEN".into())));
        assert!("file:relative/path".parse::<SecretSource>().is_err());
        assert!("vault:x".parse::<SecretSource>().is_err());
        assert!("env:1X".parse::<SecretSource>().is_err());
        assert!(is_secret_name("payroll-token"));
        assert!(!is_secret_name("Payroll"));
        assert!(!is_secret_name("-x"));
    }
}

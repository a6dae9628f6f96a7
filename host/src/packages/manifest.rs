//! `plugin.toml`: what a package says it is and what it asks for.
//!
//! ```toml
//! [plugin]
//! id = "payroll-connector"
//! name = "Payroll connector"
//! version = "1.2.0"
//! kind = "connector"            # question-bank | rubric | connector | notifier
//! api = "0.1.0"                 # the panel:plugin API version it targets
//! description = "Creates the payroll record of a new hire."
//! vendor = "Acme HR"
//! license = "Apache-2.0"
//!
//! [capabilities]
//! outbound-hosts = ["payroll.example.com", "127.0.0.1:8080"]
//! configured-hosts = false      # true: also the hosts the administrator grants by name
//! embeddings = false
//! sensitive = []               # e.g. ["emotion-inference"]: what some regions' laws forbid
//!
//! [config-schema]                # JSON Schema for the plugin's configuration
//! type = "object"
//! required = ["endpoint"]
//! properties.endpoint = { type = "string" }
//! ```

use semver::Version;
use serde::{Deserialize, Serialize};

use crate::compliance::SensitiveCapability;
use crate::runtime::{Grants, HostGrant, PluginKind, stamp};

/// A parsed, validated manifest.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Manifest {
    pub id: String,
    pub name: String,
    pub version: Version,
    pub kind: PluginKind,
    /// The `panel:plugin` API version the component targets.
    pub api: Version,
    pub description: String,
    pub vendor: String,
    pub license: String,
    /// What the plugin asks to use beyond its own memory.
    pub capabilities: Capabilities,
    /// JSON Schema its configuration must satisfy (`true`-like `{}` when the
    /// manifest gives none: any object).
    pub config_schema: serde_json::Value,
}

/// The capabilities a manifest asks for.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Capabilities {
    pub outbound_hosts: Vec<HostGrant>,
    /// The plugin reaches systems the customer chooses (its endpoint is in its
    /// configuration), so it may also reach the hosts the administrator grants
    /// it by name; it reaches none until one is granted.
    pub configured_hosts: bool,
    pub embeddings: bool,
    /// Things the plugin does that some law restricts; a region whose policy
    /// pack forbids one never runs the plugin.
    pub sensitive: Vec<SensitiveCapability>,
}

impl Capabilities {
    /// These capabilities as the grants a plugin runs with.
    pub fn as_grants(&self) -> Grants {
        Grants { outbound_hosts: self.outbound_hosts.clone(), embeddings: self.embeddings, ..Grants::none() }
    }

    /// Every capability asked for, in the words an administrator grants it with.
    pub fn names(&self) -> Vec<String> {
        let mut names: Vec<String> = self.outbound_hosts.iter().map(|h| format!("outbound host {h}")).collect();
        if self.configured_hosts {
            names.push("hosts the administrator grants".to_owned());
        }
        if self.embeddings {
            names.push("embeddings".to_owned());
        }
        names.extend(self.sensitive.iter().map(|c| format!("sensitive: {}", c.as_str())));
        names
    }
}

/// Why a manifest was refused; `field` names the offending key.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("plugin.toml: {field}: {message}")]
pub struct ManifestError {
    pub field: String,
    pub message: String,
}

impl ManifestError {
    fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self { field: field.into(), message: message.into() }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawManifest {
    plugin: RawPlugin,
    #[serde(default)]
    capabilities: RawCapabilities,
    #[serde(default)]
    config_schema: Option<toml::Table>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawPlugin {
    id: String,
    name: String,
    version: String,
    kind: String,
    api: String,
    #[serde(default)]
    description: String,
    vendor: String,
    #[serde(default)]
    license: String,
}

#[derive(Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawCapabilities {
    #[serde(default)]
    outbound_hosts: Vec<String>,
    #[serde(default)]
    configured_hosts: bool,
    #[serde(default)]
    embeddings: bool,
    #[serde(default)]
    sensitive: Vec<String>,
}

impl Manifest {
    /// Parses and checks a manifest's text.
    pub fn parse(text: &str) -> Result<Self, ManifestError> {
        let raw: RawManifest = toml::from_str(text).map_err(|e| {
            let field = e.span().map(|s| locate(text, s.start)).unwrap_or_else(|| "plugin.toml".to_owned());
            ManifestError::new(field, e.message().to_owned())
        })?;
        let p = raw.plugin;
        if !stamp::is_plugin_id(&p.id) {
            return Err(ManifestError::new(
                "plugin.id",
                format!("{:?} is not a plugin id: use lowercase letters, digits, '-' and '_' (at most 64)", p.id),
            ));
        }
        if p.name.trim().is_empty() {
            return Err(ManifestError::new("plugin.name", "must not be empty"));
        }
        if p.vendor.trim().is_empty() {
            return Err(ManifestError::new("plugin.vendor", "must not be empty: name who made the plugin"));
        }
        let version = Version::parse(&p.version).map_err(|e| {
            ManifestError::new("plugin.version", format!("{:?} is not a semantic version: {e}", p.version))
        })?;
        let api = Version::parse(&p.api)
            .map_err(|e| ManifestError::new("plugin.api", format!("{:?} is not a semantic version: {e}", p.api)))?;
        let kind = PluginKind::ALL.into_iter().find(|k| k.world() == p.kind).ok_or_else(|| {
            let worlds: Vec<&str> = PluginKind::ALL.iter().map(|k| k.world()).collect();
            ManifestError::new("plugin.kind", format!("{:?} is not a kind; use one of {}", p.kind, worlds.join(", ")))
        })?;
        let mut outbound_hosts = Vec::new();
        for (i, host) in raw.capabilities.outbound_hosts.iter().enumerate() {
            let grant = host
                .parse::<HostGrant>()
                .map_err(|e| ManifestError::new(format!("capabilities.outbound-hosts[{i}]"), e))?;
            outbound_hosts.push(grant);
        }
        let mut sensitive = Vec::new();
        for (i, name) in raw.capabilities.sensitive.iter().enumerate() {
            let capability = SensitiveCapability::parse(name)
                .map_err(|e| ManifestError::new(format!("capabilities.sensitive[{i}]"), e))?;
            if !sensitive.contains(&capability) {
                sensitive.push(capability);
            }
        }
        let config_schema = match raw.config_schema {
            Some(table) => serde_json::to_value(table)
                .map_err(|e| ManifestError::new("config-schema", format!("cannot be read as JSON: {e}")))?,
            None => serde_json::json!({ "type": "object" }),
        };
        super::schema::ConfigSchema::compile(&config_schema)
            .map_err(|e| ManifestError::new("config-schema", e.to_string()))?;
        Ok(Self {
            id: p.id,
            name: p.name.trim().to_owned(),
            version,
            kind,
            api,
            description: p.description.trim().to_owned(),
            vendor: p.vendor.trim().to_owned(),
            license: p.license.trim().to_owned(),
            capabilities: Capabilities {
                outbound_hosts,
                configured_hosts: raw.capabilities.configured_hosts,
                embeddings: raw.capabilities.embeddings,
                sensitive,
            },
            config_schema,
        })
    }

    /// `id@version`.
    pub fn label(&self) -> String {
        format!("{}@{}", self.id, self.version)
    }
}

impl super::Package {
    /// The package's manifest, parsed and checked.
    pub fn parse_manifest(&self) -> Result<Manifest, ManifestError> {
        let text =
            std::str::from_utf8(&self.manifest).map_err(|_| ManifestError::new("plugin.toml", "is not UTF-8 text"))?;
        Manifest::parse(text)
    }
}

/// "line N" for a byte offset, so a TOML error points at the right place.
fn locate(text: &str, offset: usize) -> String {
    let line = text[..offset.min(text.len())].matches('\n').count() + 1;
    format!("line {line}")
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"
[plugin]
id = "payroll-connector"
name = "Payroll connector"
version = "1.2.0"
kind = "connector"
api = "0.1.0"
vendor = "Acme HR"
license = "Apache-2.0"

[capabilities]
outbound-hosts = ["payroll.example.com", "127.0.0.1:8080"]

[config-schema]
type = "object"
required = ["endpoint"]
properties.endpoint = { type = "string" }
"#;

    #[test]
    fn a_complete_manifest_parses() {
        let m = Manifest::parse(GOOD).expect("valid manifest");
        assert_eq!(m.label(), "payroll-connector@1.2.0");
        assert_eq!(m.kind, PluginKind::Connector);
        assert_eq!(m.api, Version::new(0, 1, 0));
        assert_eq!(m.capabilities.names(), ["outbound host payroll.example.com", "outbound host 127.0.0.1:8080"]);
        assert_eq!(m.config_schema["required"][0], "endpoint");
        let sensitive =
            Manifest::parse(&GOOD.replace("[capabilities]\n", "[capabilities]\nsensitive = [\"emotion-inference\"]\n"))
                .expect("a sensitive capability");
        assert_eq!(sensitive.capabilities.sensitive, [SensitiveCapability::EmotionInference]);
        assert!(sensitive.capabilities.names().contains(&"sensitive: emotion-inference".to_owned()));
    }

    #[test]
    fn each_bad_field_is_named() {
        let cases = [
            (GOOD.replace("payroll-connector", "Payroll Connector"), "plugin.id"),
            (GOOD.replace("\"1.2.0\"", "\"1.2\""), "plugin.version"),
            (GOOD.replace("\"connector\"", "\"exporter\""), "plugin.kind"),
            (GOOD.replace("api = \"0.1.0\"", "api = \"latest\""), "plugin.api"),
            (GOOD.replace("\"Acme HR\"", "\" \""), "plugin.vendor"),
            (
                GOOD.replace("\"payroll.example.com\"", "\"https://payroll.example.com/\""),
                "capabilities.outbound-hosts[0]",
            ),
            (GOOD.replace("type = \"object\"", "type = 7"), "config-schema"),
            (
                GOOD.replace("[capabilities]\n", "[capabilities]\nsensitive = [\"mood-reading\"]\n"),
                "capabilities.sensitive[0]",
            ),
        ];
        for (text, field) in cases {
            let err = Manifest::parse(&text).expect_err(field);
            assert_eq!(err.field, field, "{err}");
        }
    }

    #[test]
    fn unknown_keys_and_syntax_errors_point_at_their_line() {
        let err = Manifest::parse(&GOOD.replace("license =", "licence =")).expect_err("unknown key");
        assert!(err.field.starts_with("line "), "{err}");
        assert!(err.message.contains("licence"), "{err}");
    }
}

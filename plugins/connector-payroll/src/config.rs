//! The connector's configuration, as an administrator binds it (the schema
//! in `plugin.toml` checks it first; these checks hold when it does not).

use std::collections::BTreeMap;

use panel_plugin_sdk::PluginError;
use panel_plugin_sdk::remote::{self, AuthScheme, Connection};
use serde::Deserialize;

use crate::record::FieldNames;

/// The plugin's configuration.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Base URL of the payroll API, e.g. `https://payroll.acme.example/api/v2`.
    pub endpoint: String,
    /// Path under the endpoint that creates an employee record.
    #[serde(default = "default_path")]
    pub path: String,
    /// Name of the secret holding the API credential.
    #[serde(default)]
    pub credentials: Option<String>,
    #[serde(default)]
    pub auth: AuthScheme,
    /// The header carrying the credential when `auth` is `header`.
    #[serde(default)]
    pub auth_header: Option<String>,
    /// Event kinds that create the record.
    #[serde(default = "default_events")]
    pub events: Vec<String>,
    /// Record field → the payroll system's name for it (dotted for nesting),
    /// or null to leave it out.
    #[serde(default)]
    pub fields: BTreeMap<String, Option<String>>,
    /// Where the payroll system's answer carries the record's id.
    #[serde(default = "default_reference_field")]
    pub reference_field: String,
}

fn default_path() -> String {
    "/employees".to_owned()
}

fn default_events() -> Vec<String> {
    vec!["candidate.hired".to_owned()]
}

fn default_reference_field() -> String {
    "id".to_owned()
}

impl Config {
    /// Whether an event of `kind` creates the record.
    pub fn acts_on(&self, kind: &str) -> bool {
        self.events.iter().any(|k| k == kind)
    }

    /// The payroll system, checked.
    pub fn connection(&self) -> Result<Connection, PluginError> {
        remote::check_path(&self.path)?;
        Connection::new(&self.endpoint, self.credentials.as_deref(), self.auth, self.auth_header.as_deref())
    }

    /// The record's field names, defaults overridden by `fields`.
    pub fn field_names(&self) -> Result<FieldNames, PluginError> {
        FieldNames::new(&self.fields)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_endpoint_is_required() {
        let config: Config = serde_json::from_str(r#"{"endpoint": "https://pay.example"}"#).expect("config");
        assert_eq!(config.path, "/employees");
        assert!(config.acts_on("candidate.hired") && !config.acts_on("offer.made"));
        assert_eq!(config.reference_field, "id");
        assert!(config.connection().is_ok());
        assert!(serde_json::from_str::<Config>(r#"{"endpoint": "https://pay.example", "token": "x"}"#).is_err());
    }

    #[test]
    fn a_relative_path_is_refused() {
        let config: Config =
            serde_json::from_str(r#"{"endpoint": "https://pay.example", "path": "employees"}"#).expect("config");
        assert!(config.connection().is_err_and(|e| e.code == "invalid-config" && e.message.starts_with("path")));
    }
}

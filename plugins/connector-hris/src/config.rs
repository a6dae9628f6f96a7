//! The connector's configuration, as an administrator binds it (the schema
//! in `plugin.toml` checks it first; these checks hold when it does not).

use std::collections::BTreeMap;

use panel_plugin_sdk::PluginError;
use panel_plugin_sdk::remote::{self, AuthScheme, Connection};
use serde::Deserialize;

use crate::document::Schemes;
use crate::mapping::{ExtraField, Mapping};

/// The plugin's configuration.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Base URL of the HRIS API, e.g. `https://hris.acme.example/api`.
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
    /// `schemeAgencyId` of the employee number: who issues it.
    #[serde(default = "default_employer_agency")]
    pub employer_agency: String,
    /// Where the HRIS's answer carries the record's id.
    #[serde(default = "default_reference_field")]
    pub reference_field: String,
    /// Optional element of the document → its new place (dotted), or null
    /// to leave it out.
    #[serde(default)]
    pub fields: BTreeMap<String, Option<String>>,
    /// The customer's own fields, added to the document.
    #[serde(default)]
    pub extra: Vec<ExtraField>,
    /// Path under the endpoint that lists what became of hires (probation,
    /// ratings, departures); absent: the binding reads no outcomes.
    #[serde(default)]
    pub outcomes_path: Option<String>,
}

fn default_path() -> String {
    "/employees".to_owned()
}

fn default_events() -> Vec<String> {
    vec!["candidate.hired".to_owned()]
}

fn default_employer_agency() -> String {
    "employer".to_owned()
}

fn default_reference_field() -> String {
    "id".to_owned()
}

/// `schemeAgencyId` of the identifiers Panel issues.
pub const PANEL_AGENCY: &str = "Panel";

impl Config {
    /// Whether an event of `kind` creates the record.
    pub fn acts_on(&self, kind: &str) -> bool {
        self.events.iter().any(|k| k == kind)
    }

    /// The HRIS, checked.
    pub fn connection(&self) -> Result<Connection, PluginError> {
        remote::check_path(&self.path)?;
        Connection::new(&self.endpoint, self.credentials.as_deref(), self.auth, self.auth_header.as_deref())
    }

    /// The customer's adjustments to the document, checked.
    pub fn mapping(&self) -> Result<Mapping, PluginError> {
        Mapping::new(&self.fields, &self.extra)
    }

    /// Who issues the document's identifiers.
    pub fn schemes(&self) -> Schemes<'_> {
        Schemes { panel_agency: PANEL_AGENCY, employer_agency: &self.employer_agency }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_endpoint_is_required() {
        let config: Config = serde_json::from_str(r#"{"endpoint": "https://hris.example"}"#).expect("config");
        assert_eq!((config.path.as_str(), config.employer_agency.as_str()), ("/employees", "employer"));
        assert!(config.acts_on("candidate.hired") && !config.acts_on("employee.left"));
        assert!(config.connection().is_ok());
        let relative: Config =
            serde_json::from_str(r#"{"endpoint": "https://hris.example", "path": "x"}"#).expect("config");
        assert!(relative.connection().is_err_and(|e| e.code == "invalid-config"));
        assert!(serde_json::from_str::<Config>(r#"{"endpoint": "https://hris.example", "mapping": {}}"#).is_err());
    }
}

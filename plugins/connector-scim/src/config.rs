//! The connector's configuration, as an administrator binds it (the schema
//! in `plugin.toml` checks it first; these checks hold when it does not).

use panel_plugin_sdk::PluginError;
use panel_plugin_sdk::remote::{AuthScheme, Connection};
use serde::Deserialize;

use crate::custom::{AttributeRule, CustomAttributes};

/// The plugin's configuration.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// The SCIM service's base URL, e.g. `https://directory.acme.example/scim/v2`.
    pub endpoint: String,
    /// Name of the secret holding the directory's token.
    #[serde(default)]
    pub credentials: Option<String>,
    #[serde(default)]
    pub auth: AuthScheme,
    /// The header carrying the credential when `auth` is `header`.
    #[serde(default)]
    pub auth_header: Option<String>,
    #[serde(default)]
    pub user_name: UserNameRule,
    #[serde(default)]
    pub on_leave: LeaveAction,
    /// How an existing account is changed.
    #[serde(default)]
    pub updates: Updates,
    /// Event kinds that provision (create or update and reactivate) the account.
    #[serde(default = "default_hire_events")]
    pub hire_events: Vec<String>,
    /// Event kinds that end it.
    #[serde(default = "default_leave_events")]
    pub leave_events: Vec<String>,
    /// Look the manager up by their work email, to link the account to theirs.
    #[serde(default = "yes")]
    pub link_manager: bool,
    /// Attributes the customer adds to the User.
    #[serde(default)]
    pub attributes: Vec<AttributeRule>,
}

/// What becomes the account's `userName`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UserNameRule {
    /// The work email from the offer.
    #[default]
    WorkEmail,
    /// The employee number from the offer.
    EmployeeNumber,
    /// `panel-<candidate id>`, the same as `externalId`.
    ExternalId,
}

/// What happens to the account when the employee leaves.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LeaveAction {
    /// `active: false`: the account stays, locked, for audit and rehire.
    #[default]
    Deactivate,
    /// The account is deleted.
    Delete,
}

/// How an existing account is updated, reactivated and deactivated. PATCH
/// is optional in SCIM (RFC 7644 §3.5.2), so a directory may only take PUT.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Updates {
    /// As the directory's `/ServiceProviderConfig` says (`patch.supported`),
    /// read once for an event that changes an account; PATCH when it does not
    /// say, and PUT after a PATCH answered 501 or 405.
    #[default]
    Auto,
    /// A PatchOp, without asking the directory first.
    Patch,
    /// The account read, changed and replaced whole, without asking first.
    Put,
}

fn default_hire_events() -> Vec<String> {
    vec!["candidate.hired".to_owned()]
}

fn default_leave_events() -> Vec<String> {
    vec!["employee.left".to_owned()]
}

fn yes() -> bool {
    true
}

/// What an event asks of the directory.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Intent {
    Provision,
    End,
}

impl Config {
    /// What an event of `kind` asks for, if anything.
    pub fn intent(&self, kind: &str) -> Option<Intent> {
        if self.hire_events.iter().any(|k| k == kind) {
            Some(Intent::Provision)
        } else if self.leave_events.iter().any(|k| k == kind) {
            Some(Intent::End)
        } else {
            None
        }
    }

    /// The customer's attributes, checked.
    pub fn custom_attributes(&self) -> Result<CustomAttributes, PluginError> {
        CustomAttributes::new(&self.attributes)
    }

    /// The SCIM service, checked.
    pub fn connection(&self) -> Result<Connection, PluginError> {
        Connection::new(&self.endpoint, self.credentials.as_deref(), self.auth, self.auth_header.as_deref())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_provision_on_hire_and_deactivate_on_leave() {
        let config: Config = serde_json::from_str(r#"{"endpoint": "https://dir.example/scim/v2"}"#).expect("config");
        assert_eq!(config.intent("candidate.hired"), Some(Intent::Provision));
        assert_eq!(config.intent("employee.left"), Some(Intent::End));
        assert_eq!(config.intent("offer.made"), None);
        assert_eq!(
            (config.user_name, config.on_leave, config.link_manager, config.updates),
            (UserNameRule::WorkEmail, LeaveAction::Deactivate, true, Updates::Auto)
        );
        let config: Config = serde_json::from_str(
            r#"{"endpoint": "https://d.example", "on_leave": "delete", "user_name": "employee_number"}"#,
        )
        .expect("config");
        assert_eq!((config.user_name, config.on_leave), (UserNameRule::EmployeeNumber, LeaveAction::Delete));
        assert!(serde_json::from_str::<Config>(r#"{"endpoint": "https://d.example", "on_leave": "purge"}"#).is_err());
        for (updates, expected) in [("patch", Updates::Patch), ("put", Updates::Put), ("auto", Updates::Auto)] {
            let json = format!(r#"{{"endpoint": "https://d.example", "updates": "{updates}"}}"#);
            assert_eq!(serde_json::from_str::<Config>(&json).expect("config").updates, expected);
        }
        assert!(serde_json::from_str::<Config>(r#"{"endpoint": "https://d.example", "updates": "post"}"#).is_err());
    }
}

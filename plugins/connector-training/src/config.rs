//! The connector's configuration, as an administrator binds it (the schema
//! in `plugin.toml` checks it first; these checks hold when it does not).

use std::collections::BTreeMap;

use panel_plugin_sdk::PluginError;
use panel_plugin_sdk::remote::{self, AuthScheme, Connection};
use serde::Deserialize;

/// The plugin's configuration.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Base URL of the learning system's API, e.g. `https://lms.acme.example/api`.
    pub endpoint: String,
    /// Path under the endpoint that enrols a learner.
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
    /// Event kinds that enrol.
    #[serde(default = "default_events")]
    pub events: Vec<String>,
    /// A job's id, its title or its industry → course ids.
    #[serde(default)]
    pub courses_by_job: BTreeMap<String, Vec<String>>,
    /// The courses of a job with no entry in `courses_by_job`.
    #[serde(default)]
    pub default_courses: Vec<String>,
    /// Dimension id → course ids, for a dimension the interview found below
    /// its threshold.
    #[serde(default)]
    pub courses_by_dimension: BTreeMap<String, Vec<String>>,
    /// Also for a dimension found borderline.
    #[serde(default)]
    pub include_borderline: bool,
}

fn default_path() -> String {
    "/enrolments".to_owned()
}

fn default_events() -> Vec<String> {
    vec!["candidate.hired".to_owned()]
}

impl Config {
    /// Whether an event of `kind` enrols.
    pub fn acts_on(&self, kind: &str) -> bool {
        self.events.iter().any(|k| k == kind)
    }

    /// The learning system, checked; course ids checked too, since they go
    /// into the request.
    pub fn connection(&self) -> Result<Connection, PluginError> {
        remote::check_path(&self.path)?;
        let mut all_courses = self
            .courses_by_job
            .values()
            .chain(self.courses_by_dimension.values())
            .flatten()
            .chain(&self.default_courses);
        if let Some(bad) = all_courses.find(|id| id.trim().is_empty() || id.len() > 128) {
            return Err(PluginError::invalid_config(format!(
                "courses: {bad:?} is not a course id (1 to 128 characters)"
            )));
        }
        Connection::new(&self.endpoint, self.credentials.as_deref(), self.auth, self.auth_header.as_deref())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_endpoint_is_required() {
        let config: Config = serde_json::from_str(r#"{"endpoint": "https://lms.example"}"#).expect("config");
        assert_eq!(config.path, "/enrolments");
        assert!(config.acts_on("candidate.hired") && !config.include_borderline);
        assert!(config.connection().is_ok());
    }

    #[test]
    fn empty_course_ids_and_unknown_fields_are_refused() {
        let config: Config =
            serde_json::from_str(r#"{"endpoint": "https://lms.example", "courses_by_dimension": {"safety": [" "]}}"#)
                .expect("config");
        assert!(config.connection().is_err_and(|e| e.code == "invalid-config" && e.message.starts_with("courses")));
        assert!(serde_json::from_str::<Config>(r#"{"endpoint": "https://lms.example", "course": []}"#).is_err());
    }
}

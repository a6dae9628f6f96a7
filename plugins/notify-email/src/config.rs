//! The plugin's configuration. The schema in `plugin.toml` refuses most
//! mistakes when the plugin is switched on; [`Config::check`] repeats what
//! matters for a correct email, so a configuration that slipped past the
//! schema fails with a clear `invalid-config` instead of a refused message.

use std::collections::BTreeMap;

use panel_plugin_sdk::PluginError;
use serde::Deserialize;

use crate::address::is_email_address;
use crate::local_time::UtcOffset;
use crate::wording::Language;

/// The plugin's configuration.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// The sender's display name; without it, the message's `organisation`.
    #[serde(default)]
    pub sender_name: Option<String>,
    /// Where candidates' replies go, e.g. the HR team's mailbox.
    #[serde(default)]
    pub reply_to: Option<String>,
    /// The time zone offset the window is written in.
    #[serde(default)]
    pub utc_offset: UtcOffset,
    /// How long the interview takes, as the invitation and reminder say.
    #[serde(default = "default_interview_minutes")]
    pub interview_minutes: u32,
    /// The company's own wording.
    #[serde(default)]
    pub templates: Templates,
}

fn default_interview_minutes() -> u32 {
    30
}

/// The company's own wording: template name → language → subject and text.
/// An extended invitation's wording is found under `invitation-extended`.
#[derive(Debug, Default, Deserialize)]
#[serde(transparent)]
pub struct Templates(pub BTreeMap<String, PerLanguage>);

/// One template's own wording per language.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PerLanguage {
    #[serde(default)]
    pub zh: Option<OwnWording>,
    #[serde(default)]
    pub en: Option<OwnWording>,
}

/// A subject and a plain-text body with `{placeholders}`; either may be left
/// out to keep the built-in one.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OwnWording {
    #[serde(default)]
    pub subject: Option<String>,
    #[serde(default)]
    pub text: Option<String>,
}

impl Templates {
    /// The company's wording of `template` in `language`, if any.
    pub fn get(&self, template: &str, language: Language) -> Option<&OwnWording> {
        let per_language = self.0.get(template)?;
        match language {
            Language::Chinese => per_language.zh.as_ref(),
            Language::English => per_language.en.as_ref(),
        }
    }
}

const MAX_SENDER_NAME_CHARS: usize = 100;

impl Config {
    /// Checks what the schema may have let through. Errors name the field,
    /// never its value.
    pub fn check(&self) -> Result<(), PluginError> {
        if let Some(name) = &self.sender_name {
            let name = name.trim();
            if name.is_empty() || name.chars().count() > MAX_SENDER_NAME_CHARS {
                return Err(PluginError::invalid_config(format!(
                    "sender_name: must be 1 to {MAX_SENDER_NAME_CHARS} characters"
                )));
            }
            // A line break in a display name could forge header lines.
            if name.chars().any(char::is_control) {
                return Err(PluginError::invalid_config(
                    "sender_name: must be on one line, without control characters",
                ));
            }
        }
        if let Some(address) = &self.reply_to
            && !is_email_address(address)
        {
            return Err(PluginError::invalid_config("reply_to: is not an email address such as hr@example.com"));
        }
        if !(1..=600).contains(&self.interview_minutes) {
            return Err(PluginError::invalid_config("interview_minutes: must be between 1 and 600"));
        }
        Ok(())
    }

    /// The sender's display name: `sender_name`, else the organisation's
    /// name; `None` when both are blank, leaving the gateway's own.
    pub fn from_name(&self, organisation: &str) -> Option<String> {
        let name = self.sender_name.as_deref().unwrap_or(organisation);
        let one_line: String = name.split(char::is_control).collect::<Vec<_>>().join(" ");
        let one_line = one_line.trim();
        (!one_line.is_empty()).then(|| one_line.to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(json: &str) -> Config {
        serde_json::from_str(json).expect("config")
    }

    #[test]
    fn an_empty_configuration_is_valid_with_china_time_and_thirty_minutes() {
        let c = config("{}");
        assert_eq!((c.utc_offset, c.interview_minutes, c.reply_to.as_deref()), (UtcOffset::CHINA, 30, None));
        assert!(c.check().is_ok());
    }

    #[test]
    fn the_senders_name_is_the_configured_one_else_the_organisations() {
        assert_eq!(config("{}").from_name("Acme 制造").as_deref(), Some("Acme 制造"));
        assert_eq!(config(r#"{"sender_name": "Acme 招聘"}"#).from_name("Acme").as_deref(), Some("Acme 招聘"));
        assert_eq!(config("{}").from_name("Acme\r\nBcc: x@evil.example").as_deref(), Some("Acme  Bcc: x@evil.example"));
        assert_eq!(config("{}").from_name("  "), None);
    }

    #[test]
    fn bad_values_are_refused_naming_the_field() {
        for (json, field) in [
            (r#"{"reply_to": "hr at acme"}"#, "reply_to:"),
            (r#"{"reply_to": "hr@acme.example\r\nBcc: x@y.z"}"#, "reply_to:"),
            (r#"{"sender_name": " "}"#, "sender_name:"),
            (r#"{"sender_name": "Acme\nBcc"}"#, "sender_name:"),
            (r#"{"interview_minutes": 0}"#, "interview_minutes:"),
        ] {
            let error = config(json).check().expect_err(json);
            assert_eq!(error.code, "invalid-config", "{json}");
            assert!(error.message.starts_with(field), "{json}: {}", error.message);
            assert!(!error.message.contains("acme"), "the value is not repeated: {}", error.message);
        }
        assert!(config(r#"{"reply_to": "hr@acme.example", "sender_name": "Acme 招聘"}"#).check().is_ok());
    }

    #[test]
    fn unknown_fields_and_malformed_values_do_not_deserialise() {
        for json in [
            r#"{"from": "x"}"#,
            r#"{"utc_offset": "8"}"#,
            r#"{"templates": {"invitation": {"fr": {"subject": "x"}}}}"#,
            r#"{"templates": {"invitation": {"zh": {"body": "x"}}}}"#,
        ] {
            assert!(serde_json::from_str::<Config>(json).is_err(), "{json}");
        }
    }

    #[test]
    fn the_companys_wording_is_found_per_template_and_language() {
        let c = config(r#"{"templates": {"reminder": {"en": {"subject": "Tick tock, {name}"}}}}"#);
        let own = c.templates.get("reminder", Language::English).expect("own wording");
        assert_eq!((own.subject.as_deref(), own.text.as_deref()), (Some("Tick tock, {name}"), None));
        assert!(c.templates.get("reminder", Language::Chinese).is_none());
        assert!(c.templates.get("completion", Language::English).is_none());
    }
}

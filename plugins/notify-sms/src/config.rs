//! The plugin's configuration: where the gateway is and what it expects, how
//! to read its answer, and the rules the messages follow. The schema in
//! `plugin.toml` refuses most mistakes when the plugin is switched on; what
//! depends on several fields is checked here.

use std::collections::BTreeMap;

use panel_plugin_sdk::PluginError;
use panel_plugin_sdk::remote::{AuthScheme, is_header_name};
use serde::Deserialize;
use serde_json::Value;

use crate::local_time::UtcOffset;
use crate::phone::{CountryCode, PhoneFormat};
use crate::render::Templates;

/// The plugin's configuration.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// The gateway's send URL.
    pub endpoint: String,
    #[serde(default)]
    pub method: Method,
    #[serde(default)]
    pub format: Format,
    /// The gateway's names for what is sent.
    pub fields: Fields,
    /// Constant fields every request carries: an account id, a channel code.
    #[serde(default)]
    pub extra: BTreeMap<String, Value>,
    /// The name of the secret the administrator granted for the gateway.
    #[serde(default)]
    pub credentials: Option<String>,
    #[serde(default)]
    pub auth: Auth,
    /// The header carrying the credential when `auth` is `header`.
    #[serde(default)]
    pub header_name: Option<String>,
    /// How a 2xx answer says the message was accepted.
    #[serde(default)]
    pub success: Option<SuccessCheck>,
    /// Values of `success.field` that mean "try again later" (rate limits).
    #[serde(default)]
    pub retryable_codes: Vec<Value>,
    /// Where the gateway's message id is in its answer.
    #[serde(default)]
    pub message_id_field: Option<String>,
    /// The sender's name, `【…】` at the start of Chinese messages.
    #[serde(default)]
    pub signature: Option<String>,
    #[serde(default = "default_max_segments")]
    pub max_segments: usize,
    #[serde(default)]
    pub utc_offset: UtcOffset,
    #[serde(default)]
    pub default_country_code: CountryCode,
    #[serde(default)]
    pub phone_format: PhoneFormat,
    #[serde(default)]
    pub templates: Templates,
}

fn default_max_segments() -> usize {
    3
}

/// The HTTP method the gateway is called with.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Method {
    #[default]
    Post,
    Put,
}

/// How the request body is written.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// A JSON object.
    #[default]
    Json,
    /// `application/x-www-form-urlencoded`.
    Form,
}

/// The gateway's field names.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fields {
    /// The phone number.
    pub to: String,
    /// The message text.
    pub text: String,
    /// The signature (sender name), for gateways that take it apart from the
    /// text and put `【…】` in themselves.
    #[serde(default)]
    pub sender: Option<String>,
    /// Panel's message id, for gateways that take a caller's reference.
    #[serde(default)]
    pub id: Option<String>,
}

/// How the credential is sent.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Auth {
    /// `Authorization: Bearer <secret>`.
    Bearer,
    /// `<header_name>: <secret>`.
    Header,
    /// No credential (a gateway on the company network that checks the caller's address).
    #[default]
    None,
}

/// The answer field that tells whether the gateway accepted the message.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SuccessCheck {
    /// A path into the JSON answer: `code`, `result.code`, `SendStatusSet.0.Code`.
    pub field: String,
    /// The value meaning success.
    pub equals: Value,
}

impl Config {
    /// The header carrying the credential, its value the placeholder
    /// `${secret:<name>}` the host fills in as the request leaves: the
    /// plugin never holds the credential itself.
    pub fn credential_header(&self) -> Result<Option<(String, String)>, PluginError> {
        // This plugin's own fields (`auth` may be "none", the header is
        // `header_name`) are checked here; the SDK writes the header.
        let scheme = match self.auth {
            Auth::None if self.credentials.is_some() => {
                return Err(PluginError::invalid_config(
                    "auth: credentials are named but auth is \"none\"; set auth to \"bearer\" or \"header\"",
                ));
            }
            Auth::None => return Ok(None),
            Auth::Bearer => AuthScheme::Bearer,
            Auth::Header => match self.header_name.as_deref() {
                Some(name) if is_header_name(name) => AuthScheme::Header,
                Some(name) => {
                    return Err(PluginError::invalid_config(format!("header_name: {name:?} is not a header name")));
                }
                None => return Err(PluginError::invalid_config("header_name: required when auth is \"header\"")),
            },
        };
        let secret = self
            .credentials
            .as_deref()
            .ok_or_else(|| PluginError::invalid_config("credentials: required when auth is bearer or header"))?;
        scheme.credential_header(secret, self.header_name.as_deref()).map(Some)
    }

    /// The signature without the `【】` an administrator may have typed.
    pub fn signature(&self) -> Option<&str> {
        let signature = self.signature.as_deref()?.trim();
        let bare = signature.strip_prefix('【').and_then(|s| s.strip_suffix('】')).unwrap_or(signature).trim();
        (!bare.is_empty()).then_some(bare)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(json: &str) -> Config {
        serde_json::from_str(json).expect("config")
    }

    const MINIMAL: &str =
        r#""endpoint": "https://sms.example.com/send", "fields": {"to": "mobile", "text": "content"}"#;

    #[test]
    fn defaults_fit_a_gateway_in_mainland_china() {
        let c = config(&format!("{{{MINIMAL}}}"));
        assert_eq!((c.method, c.format, c.auth, c.max_segments), (Method::Post, Format::Json, Auth::None, 3));
        assert_eq!(c.utc_offset, UtcOffset::CHINA);
        assert_eq!(c.default_country_code, CountryCode::default());
        assert_eq!(c.credential_header().expect("no auth"), None);
    }

    #[test]
    fn the_credential_is_a_placeholder_in_the_header_asked_for() {
        let bearer = config(&format!(r#"{{{MINIMAL}, "auth": "bearer", "credentials": "sms-gateway"}}"#));
        assert_eq!(
            bearer.credential_header().expect("bearer"),
            Some(("authorization".to_owned(), "Bearer ${secret:sms-gateway}".to_owned()))
        );
        let header = config(&format!(
            r#"{{{MINIMAL}, "auth": "header", "header_name": "X-Api-Key", "credentials": "sms-key"}}"#
        ));
        assert_eq!(
            header.credential_header().expect("header"),
            Some(("x-api-key".to_owned(), "${secret:sms-key}".to_owned()))
        );
    }

    #[test]
    fn inconsistent_credentials_are_refused_naming_the_field() {
        for (extra, field) in [
            (r#""auth": "bearer""#, "credentials:"),
            (r#""auth": "bearer", "credentials": "Not A Name""#, "credentials:"),
            (r#""auth": "header", "credentials": "k""#, "header_name:"),
            (r#""auth": "header", "header_name": "x key", "credentials": "k""#, "header_name:"),
            (r#""credentials": "k""#, "auth:"),
        ] {
            let error = config(&format!("{{{MINIMAL}, {extra}}}")).credential_header().expect_err(extra);
            assert_eq!(error.code, "invalid-config", "{extra}");
            assert!(error.message.starts_with(field), "{extra}: {}", error.message);
        }
    }

    #[test]
    fn the_signature_is_taken_with_or_without_brackets() {
        for typed in ["Acme制造", "【Acme制造】", " 【 Acme制造 】 "] {
            let c = config(&format!(r#"{{{MINIMAL}, "signature": "{typed}"}}"#));
            assert_eq!(c.signature(), Some("Acme制造"), "{typed}");
        }
        assert_eq!(config(&format!(r#"{{{MINIMAL}, "signature": "【】"}}"#)).signature(), None);
    }

    #[test]
    fn the_readmes_examples_are_valid_configurations() {
        let readme = include_str!("../README.md");
        let examples: Vec<&str> =
            readme.split("```json\n").skip(1).filter_map(|block| block.split("```").next()).collect();
        assert_eq!(examples.len(), 2);
        for example in examples {
            let c: Config = serde_json::from_str(example).expect(example);
            assert!(c.credential_header().expect("credentials").is_some(), "{example}");
            assert_eq!(c.signature(), Some("Acme制造"));
        }
    }

    #[test]
    fn unknown_fields_and_bad_values_are_refused() {
        for bad in [r#""sender": "x""#, r#""format": "xml""#, r#""utc_offset": "8""#, r#""default_country_code": "0""#]
        {
            assert!(serde_json::from_str::<Config>(&format!("{{{MINIMAL}, {bad}}}")).is_err(), "{bad}");
        }
    }
}

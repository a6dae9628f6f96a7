//! Secrets in a binding's configuration: which values are secret, how they
//! are hidden when a binding is read, and how a configuration sent back with
//! them hidden keeps the values the server holds.
//!
//! A value is secret when the plugin's configuration schema says so, with
//! JSON Schema's `writeOnly: true` (or `format: "password"`), or when its
//! property's name says so (`secret`, `password`, `token`, `api_key`,
//! `webhook` …): a vendor who forgot to mark a field does not leak its
//! customers' credentials. Nobody reads a secret back, administrators
//! included; they can only replace it.

use serde_json::Value;

/// What a secret value reads as. Sending it back in a binding's
/// configuration keeps the value the server holds at that place.
pub const REDACTED: &str = "[secret]";

/// Property names that hold credentials whatever the schema says, compared
/// in lower case without `-` and `_`.
const SECRET_NAME_PARTS: [&str; 6] = ["secret", "password", "passwd", "token", "apikey", "privatekey"];
const SECRET_NAMES: [&str; 3] = ["webhook", "webhookurl", "signingkey"];

/// Whether a property of this name holds a credential.
fn secret_name(name: &str) -> bool {
    let folded: String = name.chars().filter(|c| *c != '-' && *c != '_').flat_map(char::to_lowercase).collect();
    SECRET_NAMES.contains(&folded.as_str()) || SECRET_NAME_PARTS.iter().any(|part| folded.contains(part))
}

/// Whether the schema marks the value it describes as secret.
fn secret_schema(schema: Option<&Value>) -> bool {
    schema
        .is_some_and(|s| s.get("writeOnly") == Some(&Value::Bool(true)) || s.get("format") == Some(&"password".into()))
}

/// The schema of one property of an object described by `schema`.
fn property_schema<'a>(schema: Option<&'a Value>, name: &str) -> Option<&'a Value> {
    let schema = schema?;
    schema
        .get("properties")
        .and_then(|p| p.get(name))
        .or_else(|| schema.get("additionalProperties").filter(|a| a.is_object()))
}

/// Replaces every secret value in `config` with [`REDACTED`], reading which
/// are secret from `schema` (the plugin's configuration schema, when the
/// plugin is installed) and from property names.
pub fn redact(config: &mut Value, schema: Option<&Value>) {
    match config {
        Value::Object(fields) => {
            for (name, value) in fields.iter_mut() {
                let field_schema = property_schema(schema, name);
                if !value.is_null() && (secret_name(name) || secret_schema(field_schema)) {
                    *value = Value::String(REDACTED.to_owned());
                } else {
                    redact(value, field_schema);
                }
            }
        }
        Value::Array(items) => {
            let item_schema = schema.and_then(|s| s.get("items"));
            for item in items {
                if secret_schema(item_schema) {
                    *item = Value::String(REDACTED.to_owned());
                } else {
                    redact(item, item_schema);
                }
            }
        }
        _ => {}
    }
}

/// A [`REDACTED`] value sent where the server holds none.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{REDACTED:?} stands for a secret the server keeps, but this binding has none at {field}; write the value")]
pub struct NothingKept {
    /// Where, as a JSON pointer (`/webhook`).
    pub field: String,
}

/// Puts back, wherever `incoming` holds [`REDACTED`], the value `stored`
/// (the binding's configuration as saved) holds at the same place, so a
/// configuration read with its secrets hidden can be saved again unchanged.
pub fn restore(incoming: &mut Value, stored: Option<&Value>) -> Result<(), NothingKept> {
    restore_at(incoming, stored, &mut String::new())
}

fn restore_at(incoming: &mut Value, stored: Option<&Value>, path: &mut String) -> Result<(), NothingKept> {
    match incoming {
        Value::String(s) if s == REDACTED => match stored {
            Some(kept) if kept.as_str() != Some(REDACTED) => {
                *incoming = kept.clone();
                Ok(())
            }
            _ => Err(NothingKept { field: if path.is_empty() { "/".to_owned() } else { path.clone() } }),
        },
        Value::Object(fields) => {
            for (name, value) in fields.iter_mut() {
                let len = path.len();
                path.push('/');
                path.push_str(&name.replace('~', "~0").replace('/', "~1"));
                restore_at(value, stored.and_then(|s| s.get(name.as_str())), path)?;
                path.truncate(len);
            }
            Ok(())
        }
        Value::Array(items) => {
            for (i, item) in items.iter_mut().enumerate() {
                let len = path.len();
                path.push_str(&format!("/{i}"));
                restore_at(item, stored.and_then(|s| s.get(i)), path)?;
                path.truncate(len);
            }
            Ok(())
        }
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn marked_and_named_secrets_are_hidden_and_nothing_else() {
        let schema = json!({
            "type": "object",
            "properties": {
                "platform": {"type": "string"},
                "signing": {"type": "string", "writeOnly": true},
                "gateway": {"type": "object", "properties": {"key": {"type": "string", "format": "password"}}},
            }
        });
        let mut config = json!({
            "platform": "dingtalk",
            "signing": "SEC-abc",
            "gateway": {"key": "k-123", "region": "cn"},
            "webhook": "https://oapi.dingtalk.com/robot/send?access_token=abc",
            "hris_token": "t-1",
            "credentials": "payroll-token",
            "absent": null,
        });
        redact(&mut config, Some(&schema));
        assert_eq!(
            config,
            json!({
                "platform": "dingtalk",
                "signing": REDACTED,
                "gateway": {"key": REDACTED, "region": "cn"},
                "webhook": REDACTED,
                "hris_token": REDACTED,
                "credentials": "payroll-token",
                "absent": null,
            })
        );
        // Without the schema (the plugin was uninstalled), names still count.
        let mut config = json!({"secret": "s", "url": "https://example.com"});
        redact(&mut config, None);
        assert_eq!(config, json!({"secret": REDACTED, "url": "https://example.com"}));
    }

    #[test]
    fn a_redacted_configuration_saves_back_unchanged() {
        let stored = json!({"platform": "feishu", "secret": "s3", "templates": {"invitation": {"en": "Hi"}}});
        let mut read = stored.clone();
        redact(&mut read, None);
        assert_ne!(read, stored);
        let mut sent = read.clone();
        sent["platform"] = json!("dingtalk");
        restore(&mut sent, Some(&stored)).expect("restored");
        assert_eq!(sent, json!({"platform": "dingtalk", "secret": "s3", "templates": {"invitation": {"en": "Hi"}}}));
        // A new secret replaces the old one.
        let mut replaced = json!({"secret": "s4"});
        restore(&mut replaced, Some(&stored)).expect("nothing to restore");
        assert_eq!(replaced, json!({"secret": "s4"}));
        // The marker where nothing is kept is refused, naming the place.
        let mut bogus = json!({"nested": {"secret": REDACTED}});
        assert_eq!(restore(&mut bogus, Some(&stored)), Err(NothingKept { field: "/nested/secret".into() }));
        assert!(restore(&mut json!({"secret": REDACTED}), None).is_err());
    }
}

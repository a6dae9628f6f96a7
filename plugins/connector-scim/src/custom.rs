//! The attributes a customer adds to the User (`attributes` in the
//! configuration): core attributes of RFC 7643 §4.1 the plugin does not set
//! itself, or sets and the customer prefers their own value for (`title`,
//! `preferredLanguage`, `phoneNumbers`, `addresses` …), and attributes of an
//! extension schema, the enterprise one (§4.3) or the customer's own, named
//! by its URN. Each takes its value from a path in the event payload or a
//! constant; a path that is absent gives no attribute.

use panel_plugin_sdk::PluginError;
use panel_plugin_sdk::payload::Path;
use serde::Deserialize;
use serde_json::{Map, Value, json};

use crate::user::{CORE_USER, ENTERPRISE_USER};

/// Singular core attributes a customer may set (RFC 7643 §4.1.1); the plugin
/// keeps `userName`, `name`, `emails`, `active` and `externalId` to itself.
const CORE_SINGULAR: [&str; 8] =
    ["displayName", "nickName", "profileUrl", "title", "userType", "preferredLanguage", "locale", "timezone"];

/// Sub-attributes of `addresses` (RFC 7643 §4.1.2), set as `addresses.<sub>`.
const ADDRESS_PARTS: [&str; 6] = ["formatted", "streetAddress", "locality", "region", "postalCode", "country"];

/// Enterprise attributes a customer may set (RFC 7643 §4.3); `manager` is
/// the account the plugin links.
const ENTERPRISE_ATTRIBUTES: [&str; 5] = ["employeeNumber", "costCenter", "department", "organization", "division"];

/// One attribute as configured.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AttributeRule {
    /// The extension schema's URN; none for a core attribute.
    #[serde(default)]
    pub schema: Option<String>,
    pub name: String,
    /// The `type` of a `phoneNumbers` or `addresses` value (default `work`).
    #[serde(default, rename = "type")]
    pub kind: Option<String>,
    /// A path in the event payload.
    #[serde(default)]
    pub from: Option<String>,
    /// A constant.
    #[serde(default)]
    pub value: Option<Value>,
}

#[derive(Debug, Clone, PartialEq)]
enum Target {
    Core(&'static str),
    PhoneNumber { kind: String },
    Address { kind: String, part: &'static str },
    Extension { schema: String, name: String },
}

#[derive(Debug, Clone, PartialEq)]
enum Source {
    Payload(Path),
    Constant(Value),
}

/// The checked rules, in the order configured.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CustomAttributes(Vec<(String, Target, Source)>);

/// An extension attribute with its value: sent inside the schema's object
/// on create, as a PatchOp path `<urn>:<name>` on update.
#[derive(Debug, Clone, PartialEq)]
pub struct ExtensionValue {
    pub schema: String,
    pub name: String,
    pub value: Value,
}

/// The customer's attributes with this event's values.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Resolved {
    /// Core attributes, replacing the plugin's own of the same name.
    pub core: Map<String, Value>,
    pub extensions: Vec<ExtensionValue>,
}

/// RFC 7643 §2.1: `ATTRNAME = ALPHA *(nameChar)`, `nameChar = "-" / "_" / DIGIT / ALPHA`.
fn is_attribute_name(name: &str) -> bool {
    name.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// A schema URN as SCIM uses them (`urn:…`, no spaces or quotes).
fn is_schema_urn(urn: &str) -> bool {
    urn.len() <= 256
        && urn.strip_prefix("urn:").is_some_and(|rest| rest.contains(':'))
        && urn.chars().all(|c| c.is_ascii_graphic() && c != '"' && c != '\\')
}

fn invalid(field: &str, why: impl std::fmt::Display) -> PluginError {
    PluginError::invalid_config(format!("{field}: {why}"))
}

fn target(rule: &AttributeRule, field: &str) -> Result<Target, PluginError> {
    let kind = || -> Result<String, PluginError> {
        match rule.kind.as_deref() {
            None => Ok("work".to_owned()),
            Some(kind) if !kind.is_empty() && kind.chars().all(|c| c.is_ascii_alphabetic()) => Ok(kind.to_owned()),
            Some(kind) => Err(invalid(&format!("{field}.type"), format_args!("{kind:?} is not a type (letters only)"))),
        }
    };
    let name = rule.name.as_str();
    let target = match rule.schema.as_deref() {
        None | Some(CORE_USER) => {
            if let Some(core) = CORE_SINGULAR.iter().find(|n| **n == name) {
                Target::Core(core)
            } else if name == "phoneNumbers" {
                Target::PhoneNumber { kind: kind()? }
            } else if let Some(part) =
                name.strip_prefix("addresses.").and_then(|p| ADDRESS_PARTS.iter().find(|a| **a == p))
            {
                Target::Address { kind: kind()?, part }
            } else {
                let addresses: Vec<String> = ADDRESS_PARTS.iter().map(|p| format!("addresses.{p}")).collect();
                return Err(invalid(
                    &format!("{field}.name"),
                    format_args!(
                        "{name:?} is not a core attribute the plugin lets you set; use one of {}, phoneNumbers, {} \
                         (or give an extension schema)",
                        CORE_SINGULAR.join(", "),
                        addresses.join(", ")
                    ),
                ));
            }
        }
        Some(ENTERPRISE_USER) if !ENTERPRISE_ATTRIBUTES.contains(&name) => {
            return Err(invalid(
                &format!("{field}.name"),
                format_args!(
                    "{name:?} is not an enterprise attribute you can set; use one of {}",
                    ENTERPRISE_ATTRIBUTES.join(", ")
                ),
            ));
        }
        Some(schema) if !is_schema_urn(schema) => {
            return Err(invalid(&format!("{field}.schema"), format_args!("{schema:?} is not a schema URN (urn:…)")));
        }
        Some(_) if !is_attribute_name(name) => {
            return Err(invalid(
                &format!("{field}.name"),
                format_args!("{name:?} is not an attribute name (a letter, then letters, digits, '-' and '_')"),
            ));
        }
        Some(schema) => Target::Extension { schema: schema.to_owned(), name: name.to_owned() },
    };
    if rule.kind.is_some() && !matches!(target, Target::PhoneNumber { .. } | Target::Address { .. }) {
        return Err(invalid(&format!("{field}.type"), "only phoneNumbers and addresses values have a type"));
    }
    Ok(target)
}

/// What two rules setting the same attribute have in common.
fn key(target: &Target) -> String {
    match target {
        Target::Core(name) => (*name).to_owned(),
        Target::PhoneNumber { kind } => format!("phoneNumbers[type eq \"{kind}\"]"),
        Target::Address { kind, part } => format!("addresses[type eq \"{kind}\"].{part}"),
        Target::Extension { schema, name } => format!("{schema}:{name}"),
    }
}

impl CustomAttributes {
    /// Checks the rules; the error names the rule at fault (`attributes[2].name`).
    pub fn new(rules: &[AttributeRule]) -> Result<Self, PluginError> {
        let mut checked: Vec<(String, Target, Source)> = Vec::new();
        for (i, rule) in rules.iter().enumerate() {
            let field = format!("attributes[{i}]");
            let target = target(rule, &field)?;
            let source = match (&rule.from, &rule.value) {
                (Some(from), None) => Source::Payload(Path::parse(from).ok_or_else(|| {
                    invalid(&format!("{field}.from"), format_args!("{from:?} is not a payload path (dotted names)"))
                })?),
                (None, Some(value)) => Source::Constant(value.clone()),
                _ => return Err(invalid(&field, "give either from (a payload path) or value (a constant, not null)")),
            };
            if let Some((other, _, _)) = checked.iter().find(|(_, t, _)| key(t) == key(&target)) {
                return Err(invalid(&field, format_args!("sets {} again, as {other} does", key(&target))));
            }
            checked.push((field, target, source));
        }
        Ok(Self(checked))
    }

    /// The attributes with the values of this event's `payload`. A path that
    /// is absent, null or empty text gives no attribute; a core attribute
    /// takes text (numbers and booleans are written as text), so a path to
    /// an object or a list is a configuration error.
    pub fn resolve(&self, payload: &Value) -> Result<Resolved, PluginError> {
        let mut resolved = Resolved::default();
        let mut phone_numbers: Vec<Value> = Vec::new();
        let mut addresses: Vec<(String, Map<String, Value>)> = Vec::new();
        for (field, target, source) in &self.0 {
            let value = match source {
                Source::Payload(path) => path.read(payload).cloned(),
                Source::Constant(value) => Some(value.clone()),
            };
            let Some(value) = value.filter(|v| v.as_str().is_none_or(|text| !text.trim().is_empty())) else {
                continue;
            };
            if let Target::Extension { schema, name } = target {
                resolved.extensions.push(ExtensionValue { schema: schema.clone(), name: name.clone(), value });
                continue;
            }
            let text = match value {
                Value::String(text) => text,
                Value::Number(_) | Value::Bool(_) => value.to_string(),
                _ => {
                    return Err(invalid(field, "a core attribute takes a text, and this value is an object or a list"));
                }
            };
            match target {
                Target::Core(name) => {
                    resolved.core.insert((*name).to_owned(), Value::String(text));
                }
                Target::PhoneNumber { kind } => phone_numbers.push(json!({ "value": text, "type": kind })),
                Target::Address { kind, part } => {
                    let at = match addresses.iter().position(|(k, _)| k == kind) {
                        Some(at) => at,
                        None => {
                            let mut address = Map::new();
                            address.insert("type".into(), json!(kind));
                            addresses.push((kind.clone(), address));
                            addresses.len() - 1
                        }
                    };
                    addresses[at].1.insert((*part).to_owned(), Value::String(text));
                }
                Target::Extension { .. } => {}
            }
        }
        for (name, mut values) in [
            ("phoneNumbers", phone_numbers),
            ("addresses", addresses.into_iter().map(|(_, a)| Value::Object(a)).collect()),
        ] {
            // RFC 7643 §2.4: one value of a multi-valued attribute may be primary; the first configured is.
            if let Some(Value::Object(first)) = values.first_mut() {
                first.insert("primary".into(), json!(true));
            }
            if !values.is_empty() {
                resolved.core.insert(name.to_owned(), Value::Array(values));
            }
        }
        Ok(resolved)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules(rules: Value) -> Result<CustomAttributes, PluginError> {
        CustomAttributes::new(&serde_json::from_value::<Vec<AttributeRule>>(rules).expect("rules"))
    }

    const ACME: &str = "urn:acme:params:scim:schemas:extension:acme:2.0:User";

    #[test]
    fn values_come_from_payload_paths_and_constants_and_absent_paths_give_nothing() {
        let custom = rules(json!([
            { "name": "title", "from": "job.title" },
            { "name": "preferredLanguage", "from": "job.locale" },
            { "name": "userType", "value": "Employee" },
            { "name": "nickName", "from": "candidate.nickname" },
            { "name": "phoneNumbers", "type": "mobile", "from": "candidate.phone" },
            { "name": "addresses.locality", "from": "offer.location" },
            { "name": "addresses.country", "value": "CN" },
            { "schema": ACME, "name": "badgeSite", "from": "offer.location" },
            { "schema": ACME, "name": "deskNumber", "from": "offer.desk_number" },
            { "schema": ENTERPRISE_USER, "name": "division", "value": "Manufacturing" }
        ]))
        .expect("rules");
        let payload = json!({
            "candidate": { "phone": "+86 138 0000 0000", "nickname": null },
            "job": { "title": "产品经理", "locale": "zh-CN" },
            "offer": { "location": "杭州" }
        });
        let resolved = custom.resolve(&payload).expect("resolved");
        assert_eq!(
            Value::Object(resolved.core),
            json!({
                "title": "产品经理",
                "preferredLanguage": "zh-CN",
                "userType": "Employee",
                "phoneNumbers": [{ "value": "+86 138 0000 0000", "type": "mobile", "primary": true }],
                "addresses": [{ "type": "work", "locality": "杭州", "country": "CN", "primary": true }]
            })
        );
        assert_eq!(
            resolved.extensions,
            [
                ExtensionValue { schema: ACME.into(), name: "badgeSite".into(), value: json!("杭州") },
                ExtensionValue {
                    schema: ENTERPRISE_USER.into(),
                    name: "division".into(),
                    value: json!("Manufacturing")
                },
            ]
        );
    }

    #[test]
    fn no_rules_resolve_to_nothing() {
        assert_eq!(rules(json!([])).expect("rules").resolve(&json!({})).expect("resolved"), Resolved::default());
    }

    #[test]
    fn a_bad_rule_is_a_configuration_error_naming_it() {
        for (rules_json, field) in [
            (json!([{ "name": "userName", "value": "x" }]), "attributes[0].name: \"userName\""),
            (json!([{ "name": "emails", "from": "offer.work_email" }]), "attributes[0].name: "),
            (json!([{ "name": "addresses.planet", "value": "x" }]), "attributes[0].name: "),
            (json!([{ "schema": ENTERPRISE_USER, "name": "manager", "value": "x" }]), "attributes[0].name: "),
            (json!([{ "schema": "acme", "name": "x", "value": 1 }]), "attributes[0].schema: "),
            (json!([{ "schema": ACME, "name": "1x", "value": 1 }]), "attributes[0].name: "),
            (json!([{ "name": "title", "type": "work", "value": "x" }]), "attributes[0].type: "),
            (json!([{ "name": "phoneNumbers", "type": "work phone", "value": "x" }]), "attributes[0].type: "),
            (json!([{ "name": "title" }]), "attributes[0]: give either"),
            (json!([{ "name": "title", "value": null }]), "attributes[0]: give either"),
            (json!([{ "name": "title", "from": "job..title" }]), "attributes[0].from: "),
            (
                json!([{ "name": "title", "value": "a" }, { "name": "title", "from": "job.title" }]),
                "attributes[1]: sets",
            ),
        ] {
            let error = rules(rules_json.clone()).expect_err("refused");
            assert_eq!((error.code.as_str(), error.retryable), ("invalid-config", false), "{rules_json}");
            assert!(error.message.starts_with(field), "{rules_json}: {}", error.message);
        }
    }

    #[test]
    fn a_core_attribute_from_an_object_is_refused_without_its_value() {
        let custom = rules(json!([{ "name": "title", "from": "offer.department" }])).expect("rules");
        let error = custom.resolve(&json!({ "offer": { "department": { "name": "产品部" } } })).expect_err("object");
        assert_eq!(error.code, "invalid-config");
        assert!(error.message.starts_with("attributes[0]") && !error.message.contains("产品部"), "{error:?}");
        let numeric = rules(json!([{ "name": "title", "from": "job.id" }])).expect("rules");
        assert_eq!(numeric.resolve(&json!({ "job": { "id": 3 } })).expect("resolved").core["title"], "3");
    }
}

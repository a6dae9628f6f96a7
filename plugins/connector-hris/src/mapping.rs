//! The customer's adjustments to the standard document, applied after it is
//! built: `fields` renames (moves) or leaves out its optional elements, and
//! `extra` adds the customer's own fields, from the event payload or as
//! constants. The standard's required parts (the identifiers, the name, the
//! start date) stay where HR Open Standards puts them.

use std::collections::BTreeMap;

use panel_plugin_sdk::PluginError;
use panel_plugin_sdk::payload::Path;
use serde::Deserialize;
use serde_json::{Map, Value};

/// The document's optional elements: `fields` may rename or leave out these.
pub const OPTIONAL_ELEMENTS: [&str; 10] = [
    "person.communication.email",
    "person.communication.phone",
    "employment.id",
    "employment.positionTitle",
    "employment.organization",
    "employment.location",
    "employment.costCenter",
    "employment.grade",
    "employment.remuneration",
    "employment.managerRef",
];

/// The elements every document keeps in place.
const FIXED_ELEMENTS: [&str; 4] = ["documentId", "person.id", "person.name", "employment.startDate"];

/// One of the customer's own fields, as configured: its place in the
/// document and where its value comes from (`from` a payload path, or a
/// constant `value`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExtraField {
    pub target: String,
    #[serde(default)]
    pub from: Option<String>,
    #[serde(default)]
    pub value: Option<Value>,
}

#[derive(Debug, Clone, PartialEq)]
enum Source {
    Payload(Path),
    Constant(Value),
}

/// The checked adjustments.
#[derive(Debug, Clone, PartialEq)]
pub struct Mapping {
    /// Element → its new place, or `None` to leave it out.
    moves: Vec<(Path, Option<Path>)>,
    extra: Vec<(Path, Source)>,
}

fn path(text: &str, field: &str) -> Result<Path, PluginError> {
    Path::parse(text).ok_or_else(|| {
        PluginError::invalid_config(format!(
            "{field}: {text:?} is not a path (letters, digits, '_' and '-', dots to nest)"
        ))
    })
}

fn paths(elements: &[&str]) -> impl Iterator<Item = Path> {
    elements.iter().filter_map(|element| Path::parse(element))
}

impl Mapping {
    /// Checks the configuration: known elements, well-formed paths, and no
    /// two things written at the same place (or one inside the other).
    pub fn new(fields: &BTreeMap<String, Option<String>>, extra: &[ExtraField]) -> Result<Self, PluginError> {
        let mut moves = Vec::new();
        // Where the document will have something: the elements kept in place, then each target.
        let mut taken: Vec<(Path, String)> = paths(&FIXED_ELEMENTS)
            .chain(paths(&OPTIONAL_ELEMENTS).filter(|element| !fields.contains_key(&element.to_string())))
            .map(|element| {
                let owner = format!("the document's {element}");
                (element, owner)
            })
            .collect();
        let mut claim = |target: &Path, field: String| match taken.iter().find(|(place, _)| place.overlaps(target)) {
            Some((_, owner)) => {
                Err(PluginError::invalid_config(format!("{field}: \"{target}\" collides with {owner}")))
            }
            None => {
                taken.push((target.clone(), field));
                Ok(())
            }
        };

        for (element, target) in fields {
            if !OPTIONAL_ELEMENTS.contains(&element.as_str()) {
                return Err(PluginError::invalid_config(format!(
                    "fields: {element:?} is not an optional element of the document; use one of {}",
                    OPTIONAL_ELEMENTS.join(", ")
                )));
            }
            let field = format!("fields.{element}");
            let target = target.as_deref().map(|target| path(target, &field)).transpose()?;
            if let Some(target) = &target {
                claim(target, field)?;
            }
            moves.push((path(element, "fields")?, target));
        }

        let mut extras = Vec::new();
        for (i, field) in extra.iter().enumerate() {
            let target = path(&field.target, &format!("extra[{i}].target"))?;
            let source = match (&field.from, &field.value) {
                (Some(from), None) => Source::Payload(path(from, &format!("extra[{i}].from"))?),
                (None, Some(value)) => Source::Constant(value.clone()),
                _ => {
                    return Err(PluginError::invalid_config(format!(
                        "extra[{i}]: give either from (a payload path) or value (a constant, not null)"
                    )));
                }
            };
            claim(&target, format!("extra[{i}].target"))?;
            extras.push((target, source));
        }
        Ok(Self { moves, extra: extras })
    }

    /// The standard `document` adjusted, with the values `payload` holds;
    /// a payload path that is absent (or null) adds nothing.
    pub fn apply(&self, document: Value, payload: &Value) -> Result<Value, PluginError> {
        let Value::Object(mut document) = document else { return Ok(document) };
        // Everything moved is taken out first, so two elements can swap places.
        let moved: Vec<(&Path, Value)> = self
            .moves
            .iter()
            .filter_map(|(element, target)| {
                let value = element.take(&mut document)?;
                target.as_ref().map(|target| (target, value))
            })
            .collect();
        let added = self.extra.iter().filter_map(|(target, source)| match source {
            Source::Payload(from) => from.read(payload).cloned().map(|value| (target, value)),
            Source::Constant(value) => Some((target, value.clone())),
        });
        for (target, value) in moved.into_iter().chain(added) {
            write(&mut document, target, value)?;
        }
        Ok(Value::Object(document))
    }
}

/// Writes at a target the configuration check found free; a collision
/// anyway is reported by place, never by value.
fn write(document: &mut Map<String, Value>, target: &Path, value: Value) -> Result<(), PluginError> {
    target
        .write(document, value)
        .map_err(|_| PluginError::invalid_config(format!("\"{target}\" collides with another element of the document")))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn mapping(fields: Value, extra: Value) -> Result<Mapping, PluginError> {
        let fields: BTreeMap<String, Option<String>> = serde_json::from_value(fields).expect("fields");
        let extra: Vec<ExtraField> = serde_json::from_value(extra).expect("extra");
        Mapping::new(&fields, &extra)
    }

    #[test]
    fn no_mapping_leaves_the_document_as_it_is() {
        let document = json!({ "documentId": {}, "employment": { "grade": "M2" } });
        let unchanged = mapping(json!({}), json!([])).expect("mapping").apply(document.clone(), &json!({}));
        assert_eq!(unchanged.expect("applied"), document);
    }

    #[test]
    fn elements_move_swap_and_leave_emptied_parents_behind() {
        let mapping = mapping(
            json!({
                "employment.grade": "employment.costCenter",
                "employment.costCenter": "employment.grade",
                "person.communication.phone": null,
                "person.communication.email": "person.emails"
            }),
            json!([]),
        )
        .expect("mapping");
        let document = json!({
            "person": { "id": 1, "communication": { "email": ["e"], "phone": ["p"] } },
            "employment": { "grade": "M2", "costCenter": "CC-1" }
        });
        assert_eq!(
            mapping.apply(document, &json!({})).expect("applied"),
            json!({ "person": { "id": 1, "emails": ["e"] }, "employment": { "grade": "CC-1", "costCenter": "M2" } })
        );
    }

    #[test]
    fn extra_fields_come_from_payload_paths_or_constants_and_absent_paths_add_nothing() {
        let mapping = mapping(
            json!({}),
            json!([
                { "target": "employment.customFields.badgeSite", "from": "offer.location" },
                { "target": "employment.customFields.source", "value": "panel" },
                { "target": "employment.customFields.desk", "from": "offer.desk" },
                { "target": "person.customFields.wechat", "from": "candidate.wechat" }
            ]),
        )
        .expect("mapping");
        let applied = mapping.apply(json!({ "employment": {} }), &json!({ "offer": { "location": "苏州" } }));
        assert_eq!(
            applied.expect("applied"),
            json!({ "employment": { "customFields": { "badgeSite": "苏州", "source": "panel" } } })
        );
    }

    #[test]
    fn a_bad_mapping_names_the_field_at_fault() {
        for (fields, extra, field) in [
            (json!({ "person.name": null }), json!([]), "fields: \"person.name\" is not an optional"),
            (json!({ "employment.grade": "a b" }), json!([]), "fields.employment.grade: \"a b\" is not a path"),
            (json!({ "employment.grade": "employment.startDate" }), json!([]), "fields.employment.grade: "),
            (json!({ "employment.grade": "employment" }), json!([]), "fields.employment.grade: "),
            (json!({}), json!([{ "target": "employment.location.code", "value": 1 }]), "extra[0].target: "),
            (json!({}), json!([{ "target": "x", "from": "a..b" }]), "extra[0].from: "),
            (json!({}), json!([{ "target": "x" }]), "extra[0]: give either"),
            (json!({}), json!([{ "target": "x", "value": null }]), "extra[0]: give either"),
            (json!({}), json!([{ "target": "x", "from": "a", "value": 1 }]), "extra[0]: give either"),
            (json!({ "employment.grade": "x.y" }), json!([{ "target": "x", "value": 1 }]), "extra[0].target: "),
        ] {
            let error = mapping(fields.clone(), extra.clone()).expect_err("refused");
            assert_eq!((error.code.as_str(), error.retryable), ("invalid-config", false), "{fields} {extra}");
            assert!(error.message.starts_with(field), "{fields} {extra}: {}", error.message);
        }
    }
}

//! Dotted paths into JSON: reading a value out of an event's payload
//! (`offer.location`, `job.locale`, `assessment.dimensions.0.score`) and
//! writing one into a document a connector builds (`salary.amount`,
//! `employment.customFields.badgeSite`). Connectors use them for the field
//! mappings a customer configures.
//!
//! A path is one or more segments of ASCII letters, digits, `_` and `-`,
//! joined by dots. Reading steps into objects by key and into arrays by a
//! numeric segment; writing creates the objects on the way.

use std::fmt;

use serde_json::{Map, Value};

use crate::PluginError;

/// A checked dotted path.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Path(Vec<String>);

/// Why a value could not be written at a path: something other than an
/// object is on the way, or the place is taken already.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Occupied;

fn is_segment(segment: &str) -> bool {
    !segment.is_empty() && segment.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

impl Path {
    /// The path `text` spells, or `None` when it is not one.
    pub fn parse(text: &str) -> Option<Self> {
        text.split('.').all(is_segment).then(|| Self(text.split('.').map(str::to_owned).collect()))
    }

    pub fn segments(&self) -> &[String] {
        &self.0
    }

    /// Whether `other` is this path or lies under it (`a.b` contains `a.b`
    /// and `a.b.c`, not `a.bc`).
    pub fn contains(&self, other: &Path) -> bool {
        other.0.starts_with(&self.0)
    }

    /// Whether one of the two paths contains the other: writing at both
    /// would collide.
    pub fn overlaps(&self, other: &Path) -> bool {
        self.contains(other) || other.contains(self)
    }

    /// The value at this path in `root`; a missing step or a `null` is
    /// `None`, so an absent value and an explicit null read the same.
    pub fn read<'a>(&self, root: &'a Value) -> Option<&'a Value> {
        let mut value = root;
        for segment in &self.0 {
            value = match value {
                Value::Object(object) => object.get(segment)?,
                Value::Array(items) => items.get(segment.parse::<usize>().ok()?)?,
                _ => return None,
            };
        }
        Some(value).filter(|v| !v.is_null())
    }

    /// Puts `value` at this path in `object`, creating the objects on the
    /// way; never overwrites.
    pub fn write(&self, object: &mut Map<String, Value>, value: Value) -> Result<(), Occupied> {
        let Some((last, parents)) = self.0.split_last() else { return Err(Occupied) };
        let mut object = object;
        for parent in parents {
            object = object
                .entry(parent.clone())
                .or_insert_with(|| Value::Object(Map::new()))
                .as_object_mut()
                .ok_or(Occupied)?;
        }
        if object.contains_key(last) {
            return Err(Occupied);
        }
        object.insert(last.clone(), value);
        Ok(())
    }

    /// Takes the value at this path out of `object`, and the objects it
    /// leaves empty on the way up with it.
    pub fn take(&self, object: &mut Map<String, Value>) -> Option<Value> {
        fn take_in(object: &mut Map<String, Value>, segments: &[String]) -> Option<Value> {
            match segments {
                [] => None,
                [last] => object.remove(last),
                [first, rest @ ..] => {
                    let child = object.get_mut(first)?.as_object_mut()?;
                    let taken = take_in(child, rest);
                    if taken.is_some() && child.is_empty() {
                        object.remove(first);
                    }
                    taken
                }
            }
        }
        take_in(object, &self.0)
    }
}

impl fmt::Display for Path {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0.join("."))
    }
}

/// An event's payload as JSON, for reading paths from. A payload that is
/// not JSON is the host's error, not worth retrying; the message gives the
/// position only, never the values (they are personal data).
pub fn parse(json: &str) -> Result<Value, PluginError> {
    serde_json::from_str(json).map_err(|e| {
        PluginError::invalid_input(format!(
            "the event payload is not JSON ({:?} error at line {}, column {})",
            e.classify(),
            e.line(),
            e.column()
        ))
    })
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn path(text: &str) -> Path {
        Path::parse(text).expect("a path")
    }

    #[test]
    fn paths_are_dotted_segments() {
        assert_eq!(path("offer.salary.amount").segments(), ["offer", "salary", "amount"]);
        assert_eq!(path("a_b-1").to_string(), "a_b-1");
        for bad in ["", ".", "a.", ".a", "a..b", "a b", "a/b", "名字", "a[0]"] {
            assert_eq!(Path::parse(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn reading_steps_into_objects_and_arrays_and_treats_null_as_absent() {
        let payload = json!({ "offer": { "location": "苏州", "manager": null }, "list": [{ "id": 3 }] });
        assert_eq!(path("offer.location").read(&payload), Some(&json!("苏州")));
        assert_eq!(path("list.0.id").read(&payload), Some(&json!(3)));
        assert_eq!(path("offer").read(&payload).map(Value::is_object), Some(true));
        for absent in ["offer.manager", "offer.manager.name", "offer.location.city", "list.1", "list.x", "job"] {
            assert_eq!(path(absent).read(&payload), None, "{absent}");
        }
    }

    #[test]
    fn writing_creates_objects_and_never_overwrites() {
        let mut object = Map::new();
        path("salary.amount").write(&mut object, json!("1")).expect("written");
        path("salary.currency").write(&mut object, json!("CNY")).expect("written");
        assert_eq!(Value::Object(object.clone()), json!({ "salary": { "amount": "1", "currency": "CNY" } }));
        assert_eq!(path("salary.amount").write(&mut object, json!("2")), Err(Occupied));
        assert_eq!(path("salary.amount.value").write(&mut object, json!("2")), Err(Occupied));
        assert_eq!(path("salary").write(&mut object, json!("2")), Err(Occupied));
    }

    #[test]
    fn taking_removes_the_value_and_the_objects_it_empties() {
        let mut object = json!({ "a": { "b": { "c": 1 }, "d": 2 } }).as_object().cloned().expect("object");
        assert_eq!(path("a.b.c").take(&mut object), Some(json!(1)));
        assert_eq!(Value::Object(object.clone()), json!({ "a": { "d": 2 } }));
        assert_eq!(path("a.x.y").take(&mut object), None);
        assert_eq!(path("a.d").take(&mut object), Some(json!(2)));
        assert!(object.is_empty());
    }

    #[test]
    fn paths_overlap_when_one_contains_the_other() {
        assert!(path("a.b").contains(&path("a.b.c")) && path("a.b").contains(&path("a.b")));
        assert!(!path("a.b").contains(&path("a.bc")) && !path("a.b.c").contains(&path("a.b")));
        assert!(path("a.b.c").overlaps(&path("a.b")) && !path("a.b").overlaps(&path("a.c")));
    }

    #[test]
    fn a_payload_that_is_not_json_is_refused_without_its_text() {
        let error = parse(r#"{"candidate": {"name": "王磊""#).expect_err("not JSON");
        assert_eq!((error.code.as_str(), error.retryable), ("invalid-input", false));
        assert!(!error.message.contains("王磊"), "{error:?}");
    }
}

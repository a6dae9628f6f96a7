//! A plugin's configuration schema (JSON Schema, from its manifest) and the
//! check of one configuration against it, naming the failing field.
//!
//! Schemas are self-contained: `$ref`s to other documents are not fetched.

use std::fmt;

/// A compiled configuration schema.
pub struct ConfigSchema {
    validator: jsonschema::Validator,
}

impl fmt::Debug for ConfigSchema {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ConfigSchema").finish_non_exhaustive()
    }
}

/// Why a configuration was refused: the field (a JSON pointer such as
/// `/mapping/salary`, or `/` for the whole document) and what is wrong.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("configuration field {field}: {message}")]
pub struct ConfigError {
    pub field: String,
    pub message: String,
}

/// The schema itself is not a valid JSON Schema.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("not a valid JSON Schema: {0}")]
pub struct SchemaError(String);

impl ConfigSchema {
    pub fn compile(schema: &serde_json::Value) -> Result<Self, SchemaError> {
        if !schema.is_object() {
            return Err(SchemaError("the schema must be a table (a JSON object)".to_owned()));
        }
        let validator = jsonschema::validator_for(schema).map_err(|e| SchemaError(e.to_string()))?;
        Ok(Self { validator })
    }

    /// Checks a configuration, reporting the first failing field.
    pub fn check(&self, config: &serde_json::Value) -> Result<(), ConfigError> {
        match self.validator.iter_errors(config).next() {
            None => Ok(()),
            Some(e) => {
                let pointer = e.instance_path().to_string();
                let field = if pointer.is_empty() { "/".to_owned() } else { pointer };
                Err(ConfigError { field, message: e.to_string() })
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn schema() -> ConfigSchema {
        ConfigSchema::compile(&json!({
            "type": "object",
            "additionalProperties": false,
            "required": ["endpoint"],
            "properties": {
                "endpoint": { "type": "string", "pattern": "^https?://" },
                "mapping": {
                    "type": "object",
                    "properties": { "salary": { "type": "string" } }
                },
                "retries": { "type": "integer", "minimum": 0, "maximum": 10 }
            }
        }))
        .expect("valid schema")
    }

    #[test]
    fn a_valid_configuration_passes() {
        schema().check(&json!({ "endpoint": "https://payroll.example.com", "retries": 3 })).expect("valid");
    }

    #[test]
    fn the_failing_field_is_named() {
        let s = schema();
        let cases = [
            (json!({ "endpoint": "ftp://x" }), "/endpoint"),
            (json!({ "endpoint": "https://x", "retries": 11 }), "/retries"),
            (json!({ "endpoint": "https://x", "mapping": { "salary": 5 } }), "/mapping/salary"),
            (json!({ "retries": 1 }), "/"),
            (json!({ "endpoint": "https://x", "colour": "red" }), "/"),
        ];
        for (config, field) in cases {
            let err = s.check(&config).expect_err(field);
            assert_eq!(err.field, field, "{err}");
        }
    }

    #[test]
    fn a_broken_schema_is_refused() {
        assert!(ConfigSchema::compile(&json!({ "type": "no-such-type" })).is_err());
        assert!(ConfigSchema::compile(&json!(["not", "an", "object"])).is_err());
    }
}

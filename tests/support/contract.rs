//! The OpenAPI document as a contract every test checks: each response the
//! tests' client receives from an `/api/` route must be a status that
//! route documents, in a media type it documents, and (for JSON) valid
//! against the schema documented for it. A generated client relies on
//! exactly that.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use reqwest::{Method, StatusCode};
use serde_json::Value;

struct Contract {
    document: Value,
    /// Compiled response schemas by operation, status and media type.
    validators: Mutex<HashMap<String, Arc<jsonschema::Validator>>>,
}

fn contract() -> &'static Contract {
    static CONTRACT: OnceLock<Contract> = OnceLock::new();
    CONTRACT.get_or_init(|| Contract {
        document: serde_json::to_value(panel::api::openapi()).expect("the OpenAPI document serialises"),
        validators: Mutex::default(),
    })
}

/// The served document, as the library builds it.
pub fn document() -> &'static Value {
    &contract().document
}

/// The documented path template `path` (without its query) falls under:
/// the one with the most literal segments when several match.
pub fn template_of(path: &str) -> Option<&'static str> {
    let segments: Vec<&str> = path.split('/').collect();
    let paths = document()["paths"].as_object()?;
    paths
        .keys()
        .filter_map(|template| {
            let parts: Vec<&str> = template.split('/').collect();
            if parts.len() != segments.len() {
                return None;
            }
            let mut literal = 0;
            for (part, segment) in parts.iter().zip(&segments) {
                if part.starts_with('{') && part.ends_with('}') {
                    if segment.is_empty() {
                        return None;
                    }
                } else if part == segment {
                    literal += 1;
                } else {
                    return None;
                }
            }
            Some((literal, template.as_str()))
        })
        .max_by_key(|(literal, _)| *literal)
        .map(|(_, template)| template)
}

/// Checks one response against the document; panics naming what does not
/// fit. Routes outside `/api/` (pages, assets, the health check) are not
/// part of the API's contract.
pub fn check(method: &Method, url_path: &str, status: StatusCode, content_type: Option<&str>, body: &str) {
    let path = url_path.split('?').next().unwrap_or_default();
    if !path.starts_with("/api/") || path == panel::api::OPENAPI_PATH {
        return;
    }
    let what = format!("{method} {path} → {status}");
    // What the router answers for a path or method it has no route for:
    // the fallback's documented error shape, from no operation.
    let routeless = |code: &str| {
        let error: Value = serde_json::from_str(body).unwrap_or_default();
        assert_eq!(error["error"]["code"], code, "{what}: {body}");
    };
    let Some(template) = template_of(path) else {
        assert_eq!(status, StatusCode::NOT_FOUND, "{what}: no documented path matches");
        return routeless("no-route");
    };
    let operation = &document()["paths"][template][method.as_str().to_ascii_lowercase()];
    if !operation.is_object() {
        assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED, "{what}: {method} is not documented for {template}");
        return routeless("method-not-allowed");
    }
    let responses = &operation["responses"];
    let response = match &responses[status.as_str()] {
        Value::Null => &responses["default"],
        documented => documented,
    };
    assert!(
        response.is_object(),
        "{what}: the status is not documented for {method} {template} (documented: {:?})",
        responses.as_object().map(|r| r.keys().collect::<Vec<_>>()).unwrap_or_default()
    );
    let content = response["content"].as_object();
    let media_type = content_type.and_then(|c| c.split(';').next()).map(str::trim).unwrap_or("");
    match content {
        // No body documented: none may come.
        None => assert!(body.is_empty(), "{what}: a body came where none is documented: {body}"),
        Some(content) => {
            let Some(documented) = content.get(media_type) else {
                panic!("{what}: answered as {media_type:?}, documented as {:?}", content.keys().collect::<Vec<_>>());
            };
            if media_type.ends_with("json") {
                let validator = validator(template, method, status, media_type, &documented["schema"]);
                let value: Value =
                    serde_json::from_str(body).unwrap_or_else(|e| panic!("{what}: not JSON ({e}): {body}"));
                let errors: Vec<String> =
                    validator.iter_errors(&value).take(5).map(|e| format!("{} at {}", e, e.instance_path())).collect();
                assert!(errors.is_empty(), "{what}: the body does not fit its documented schema: {errors:?}\n{body}");
            }
        }
    }
}

fn validator(
    template: &str,
    method: &Method,
    status: StatusCode,
    media: &str,
    schema: &Value,
) -> Arc<jsonschema::Validator> {
    let key = format!("{method} {template} {status} {media}");
    let c = contract();
    let mut validators = c.validators.lock().expect("validators");
    validators
        .entry(key)
        .or_insert_with(|| {
            // The schema's `$ref`s point into the document's components.
            let mut root = if schema.is_object() { schema.clone() } else { serde_json::json!({}) };
            root["components"] = c.document["components"].clone();
            Arc::new(
                jsonschema::validator_for(&root).unwrap_or_else(|e| panic!("{template}: schema does not compile: {e}")),
            )
        })
        .clone()
}

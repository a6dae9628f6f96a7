//! The SCIM 2.0 directory (RFC 7644) of the stand-in systems: users kept in
//! memory, searched by `eq` filters, read, created, replaced, patched and
//! deleted, served with `meta` (`location` and a `version` that `If-Match`
//! is checked against), and a `/ServiceProviderConfig` saying whether PATCH
//! is there (switched off, PATCH answers 501 Not Implemented).

use std::hash::{DefaultHasher, Hash, Hasher};

use axum::http::{Method, Uri};
use serde_json::{Value, json};

use super::{Received, Systems};

const SCIM_JSON: &str = "application/scim+json";

fn scim_error(status: u16, scim_type: Option<&str>) -> (u16, &'static str, Value) {
    let mut error = json!({ "schemas": ["urn:ietf:params:scim:api:messages:2.0:Error"], "status": status.to_string() });
    if let Some(scim_type) = scim_type {
        error["scimType"] = json!(scim_type);
    }
    (status, SCIM_JSON, error)
}

/// `attribute eq "value"`, the value a JSON string.
fn parse_filter(query: &str) -> Option<(String, String)> {
    let filter = query.split('&').find_map(|pair| pair.strip_prefix("filter="))?;
    let filter = percent_decode(filter)?;
    let (attribute, rest) = filter.split_once(" eq ")?;
    Some((attribute.to_owned(), serde_json::from_str::<String>(rest).ok()?))
}

fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// A user as served: with `meta`, its `location` under the host the request
/// named and a `version` that changes whenever the user does.
fn served(user: &Value, host: &str) -> Value {
    let mut hasher = DefaultHasher::new();
    user.to_string().hash(&mut hasher);
    let mut user = user.clone();
    user["meta"] = json!({
        "resourceType": "User",
        "location": format!("http://{host}/scim/v2/Users/{}", user["id"].as_str().unwrap_or_default()),
        "version": format!("W/\"{:x}\"", hasher.finish()),
    });
    user
}

/// RFC 7643 §5, with PATCH as switched.
fn service_provider_config(patch: bool) -> Value {
    json!({
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"],
        "patch": { "supported": patch },
        "bulk": { "supported": false, "maxOperations": 0, "maxPayloadSize": 0 },
        "filter": { "supported": true, "maxResults": 100 },
        "changePassword": { "supported": false },
        "sort": { "supported": false },
        "etag": { "supported": true },
        "authenticationSchemes": [{ "type": "oauthbearertoken", "name": "OAuth Bearer Token", "description": "A token" }],
        "meta": { "resourceType": "ServiceProviderConfig" }
    })
}

pub(super) fn answer(
    systems: &mut Systems,
    method: &Method,
    uri: &Uri,
    received: &Received,
) -> (u16, &'static str, Value) {
    let body = &received.body;
    let host = received.header("host").unwrap_or("localhost").to_owned();
    if uri.path() == "/scim/v2/ServiceProviderConfig" {
        return match (method.as_str(), systems.scim_hides_config) {
            ("GET", false) => (200, SCIM_JSON, service_provider_config(!systems.scim_without_patch)),
            ("GET", true) => scim_error(404, None),
            _ => scim_error(405, None),
        };
    }
    let Some(rest) = uri.path().strip_prefix("/scim/v2/Users") else { return scim_error(404, None) };
    let id = rest.strip_prefix('/').map(str::to_owned);
    let position = |systems: &Systems, id: &str| systems.users.iter().position(|u| u["id"] == id);
    match (method.as_str(), id) {
        ("GET", None) => {
            let Some((attribute, value)) = uri.query().and_then(parse_filter) else {
                return scim_error(400, Some("invalidFilter"));
            };
            let found: Vec<Value> =
                systems.users.iter().filter(|u| u[&attribute] == value).map(|u| served(u, &host)).collect();
            let list = json!({
                "schemas": ["urn:ietf:params:scim:api:messages:2.0:ListResponse"],
                "totalResults": found.len(),
                "Resources": found,
            });
            (200, SCIM_JSON, list)
        }
        ("POST", None) => {
            if systems.users.iter().any(|u| u["userName"] == body["userName"]) {
                return scim_error(409, Some("uniqueness"));
            }
            let mut user = body.clone();
            user["id"] = json!(format!("u-{}", systems.users.len() + 1));
            systems.users.push(user.clone());
            (201, SCIM_JSON, served(&user, &host))
        }
        ("GET", Some(id)) => match position(systems, &id) {
            Some(at) => (200, SCIM_JSON, served(&systems.users[at], &host)),
            None => scim_error(404, None),
        },
        // RFC 7644 §3.5.1: the whole resource replaced; `id` and `meta` are the directory's.
        ("PUT", Some(id)) => {
            let Some(at) = position(systems, &id) else { return scim_error(404, None) };
            let current = served(&systems.users[at], &host)["meta"]["version"].clone();
            if received.header("if-match").is_some_and(|wanted| current != wanted) {
                return scim_error(412, None);
            }
            if body["id"] != Value::Null && body["id"] != id.as_str() {
                return scim_error(400, Some("mutability"));
            }
            if systems.users.iter().any(|u| u["id"] != id.as_str() && u["userName"] == body["userName"]) {
                return scim_error(409, Some("uniqueness"));
            }
            let mut user = body.clone();
            if let Some(user) = user.as_object_mut() {
                user.remove("meta");
            }
            user["id"] = json!(id);
            systems.users[at] = user;
            (200, SCIM_JSON, served(&systems.users[at], &host))
        }
        ("PATCH", Some(_)) if systems.scim_without_patch => scim_error(501, None),
        ("PATCH", Some(id)) => {
            let Some(at) = position(systems, &id) else { return scim_error(404, None) };
            let operations = body["Operations"].as_array().cloned().unwrap_or_default();
            for operation in operations {
                if operation["op"] != "replace" {
                    return scim_error(400, Some("invalidValue"));
                }
                match (operation["path"].as_str(), operation["value"].as_object()) {
                    (Some(path), _) => systems.users[at][path] = operation["value"].clone(),
                    (None, Some(values)) => {
                        for (name, value) in values {
                            systems.users[at][name] = value.clone();
                        }
                    }
                    (None, None) => return scim_error(400, Some("invalidSyntax")),
                }
            }
            (200, SCIM_JSON, served(&systems.users[at], &host))
        }
        ("DELETE", Some(id)) => match position(systems, &id) {
            Some(at) => {
                systems.users.remove(at);
                (204, SCIM_JSON, Value::Null)
            }
            None => scim_error(404, None),
        },
        _ => scim_error(405, None),
    }
}

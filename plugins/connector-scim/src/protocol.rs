//! SCIM 2.0 requests (RFC 7644) and how their answers are read: searching
//! `/Users` with a filter, reading, creating, patching, replacing and
//! deleting a user, the service provider's configuration, and the SCIM
//! error document.

use panel_plugin_sdk::PluginError;
use panel_plugin_sdk::http::Response;
use panel_plugin_sdk::remote::{Call, Connection, Method, check};
use serde::Deserialize;
use serde_json::{Map, Value};

/// RFC 7644 §3.1: SCIM messages are `application/scim+json`.
pub const SCIM_JSON: &str = "application/scim+json";

/// Sent with every request, so the directory's operators can tell the
/// connector's calls (and its version) from other clients'.
pub const USER_AGENT: &str = concat!("Panel-connector-scim/", env!("CARGO_PKG_VERSION"));

/// `attribute eq "value"`, the value quoted as a JSON string (RFC 7644
/// §3.4.2.2), so quotes and backslashes in it cannot change the filter.
pub fn filter_eq(attribute: &str, value: &str) -> String {
    format!("{attribute} eq {}", Value::String(value.to_owned()))
}

/// Percent-encodes everything but RFC 3986's unreserved characters, for a
/// query value or a path segment.
pub fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// A request to `path` under the endpoint, as every request goes: with the
/// credentials, asking for SCIM JSON, naming the connector.
fn call(connection: &Connection, method: Method, path: &str) -> Call {
    connection.call(method, path).header("accept", SCIM_JSON).header("user-agent", USER_AGENT)
}

fn user_path(id: &str) -> String {
    format!("/Users/{}", percent_encode(id))
}

/// `GET /Users?filter=<attribute> eq "<value>"`.
pub fn find_call(connection: &Connection, attribute: &str, value: &str) -> Call {
    let query = percent_encode(&filter_eq(attribute, value));
    call(connection, Method::Get, &format!("/Users?filter={query}"))
}

/// `GET /ServiceProviderConfig` (RFC 7644 §4): what the directory implements.
pub fn config_call(connection: &Connection) -> Call {
    call(connection, Method::Get, "/ServiceProviderConfig")
}

/// `GET /Users/{id}`.
pub fn get_call(connection: &Connection, id: &str) -> Call {
    call(connection, Method::Get, &user_path(id))
}

/// `POST /Users`.
pub fn create_call(connection: &Connection, user: Value) -> Call {
    call(connection, Method::Post, "/Users").json(SCIM_JSON, user)
}

/// `PATCH /Users/{id}`.
pub fn patch_call(connection: &Connection, id: &str, patch: Value) -> Call {
    call(connection, Method::Patch, &user_path(id)).json(SCIM_JSON, patch)
}

/// `PUT /Users/{id}`, the whole resource; with the version read, `If-Match`
/// (RFC 7644 §3.14) so a change made in between is not overwritten.
pub fn put_call(connection: &Connection, id: &str, user: Value, version: Option<&str>) -> Call {
    let put = call(connection, Method::Put, &user_path(id));
    let put = match version {
        Some(version) => put.header("if-match", version),
        None => put,
    };
    put.json(SCIM_JSON, user)
}

/// `DELETE /Users/{id}`.
pub fn delete_call(connection: &Connection, id: &str) -> Call {
    call(connection, Method::Delete, &user_path(id))
}

/// A user account found in the directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    pub id: String,
    pub active: bool,
    /// The resource's URI (`meta.location`), when the directory gives it.
    pub location: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ListResponse {
    total_results: u64,
    #[serde(default, rename = "Resources")]
    resources: Vec<Resource>,
}

#[derive(Deserialize)]
struct Resource {
    id: String,
    /// RFC 7643: an account without `active` is taken as active.
    #[serde(default = "yes")]
    active: bool,
    /// Read leniently: a `meta` of an odd shape only loses the location.
    #[serde(default)]
    meta: Value,
}

fn yes() -> bool {
    true
}

/// The one account a search found, or none. More than one is for a person
/// to sort out in the directory.
pub fn read_found(response: Response, step: &str) -> Result<Option<Account>, PluginError> {
    let response = check_scim(response, step)?;
    let list: ListResponse = serde_json::from_slice(&response.body).map_err(|_| {
        PluginError::upstream_rejected(format!("{step}: the directory's answer is not a SCIM ListResponse"))
    })?;
    match (list.total_results, list.resources.as_slice()) {
        (0, _) => Ok(None),
        (1, [only]) => {
            let location = only.meta["location"].as_str().filter(|l| !l.trim().is_empty()).map(str::to_owned);
            Ok(Some(Account { id: only.id.clone(), active: only.active, location }))
        }
        (1, _) => Err(PluginError::upstream_rejected(format!(
            "{step}: the directory counted one account but listed {}",
            list.resources.len()
        ))),
        (n, _) => Err(PluginError::upstream_rejected(format!(
            "{step}: {n} accounts match; merge or relabel them in the directory, then replay the event"
        ))),
    }
}

/// The `id` of the account a create answered with.
pub fn read_created(response: Response, step: &str) -> Result<String, PluginError> {
    let response = check_scim(response, step)?;
    let created: Value = serde_json::from_slice(&response.body).unwrap_or(Value::Null);
    created["id"]
        .as_str()
        .map(str::to_owned)
        .ok_or_else(|| PluginError::upstream_rejected(format!("{step}: the directory's answer carries no account id")))
}

/// Whether the directory's `/ServiceProviderConfig` says it implements
/// PATCH (`patch.supported`, RFC 7643 §5); `None` when the answer does not
/// say (not 2xx, not JSON, no such attribute). Attribute names are matched
/// without regard to case, as RFC 7643 §2.1 has them.
pub fn patch_supported(response: &Response) -> Option<bool> {
    if !(200..300).contains(&response.status) {
        return None;
    }
    let config: Value = serde_json::from_slice(&response.body).ok()?;
    let patch = attribute(config.as_object()?, "patch")?;
    attribute(patch.as_object()?, "supported")?.as_bool()
}

/// A resource's attribute by name, in any case.
pub fn attribute<'a>(resource: &'a Map<String, Value>, name: &str) -> Option<&'a Value> {
    resource.iter().find(|(key, _)| key.eq_ignore_ascii_case(name)).map(|(_, value)| value)
}

/// The account `GET /Users/{id}` answered, and its version (the `ETag`, else
/// `meta.version`) to send back as `If-Match`.
pub fn read_resource(
    response: Response,
    id: &str,
    step: &str,
) -> Result<(Map<String, Value>, Option<String>), PluginError> {
    let response = check_scim(response, step)?;
    let resource = match serde_json::from_slice::<Value>(&response.body) {
        Ok(Value::Object(resource)) => resource,
        _ => {
            return Err(PluginError::upstream_rejected(format!(
                "{step}: the directory's answer is not a SCIM resource"
            )));
        }
    };
    // Replacing another account with this person's attributes must never happen.
    if attribute(&resource, "id").and_then(Value::as_str) != Some(id) {
        return Err(PluginError::upstream_rejected(format!(
            "{step}: the directory answered with another account than the one asked for"
        )));
    }
    let version = response.header("etag").map(str::to_owned).or_else(|| {
        let meta = attribute(&resource, "meta")?.as_object()?;
        attribute(meta, "version")?.as_str().map(str::to_owned)
    });
    Ok((resource, version.filter(|v| !v.trim().is_empty())))
}

/// Passes a 2xx answer; otherwise the error, retryable or not as the SDK
/// classifies the status, with the SCIM error's `scimType` keyword (RFC
/// 7644 §3.12). Its `detail` is left out: it may repeat personal data.
pub fn check_scim(response: Response, step: &str) -> Result<Response, PluginError> {
    let scim_type = serde_json::from_slice::<Value>(&response.body)
        .ok()
        .and_then(|error| error["scimType"].as_str().map(str::to_owned))
        .filter(|t| !t.is_empty() && t.len() <= 40 && t.chars().all(|c| c.is_ascii_alphabetic()));
    check(response, step).map_err(|mut error| {
        if let Some(scim_type) = scim_type {
            let hint = match scim_type.as_str() {
                "uniqueness" => ": another account already has this userName",
                "mutability" => ": the directory does not let this attribute change",
                "invalidValue" | "invalidSyntax" => ": the directory refuses a value sent",
                _ => "",
            };
            error.message.push_str(&format!(" (scimType {scim_type}{hint})"));
        }
        error
    })
}

#[cfg(test)]
mod tests {
    use panel_plugin_sdk::remote::AuthScheme;
    use serde_json::json;

    use super::*;

    fn connection() -> Connection {
        Connection::new("https://dir.example/scim/v2/", Some("scim-token"), AuthScheme::Bearer, None).expect("valid")
    }

    fn answer(status: u16, body: Value) -> Response {
        Response { status, headers: Vec::new(), body: body.to_string().into_bytes() }
    }

    #[test]
    fn filters_are_quoted_and_encoded() {
        assert_eq!(filter_eq("externalId", "panel-7"), r#"externalId eq "panel-7""#);
        assert_eq!(filter_eq("userName", r#"a"b\c"#), r#"userName eq "a\"b\\c""#);
        let call = find_call(&connection(), "externalId", "panel-7");
        assert_eq!(call.method, Method::Get);
        assert_eq!(call.url, "https://dir.example/scim/v2/Users?filter=externalId%20eq%20%22panel-7%22");
        assert_eq!(
            call.headers,
            [
                ("authorization".to_owned(), "Bearer ${secret:scim-token}".to_owned()),
                ("accept".to_owned(), SCIM_JSON.to_owned()),
                ("user-agent".to_owned(), format!("Panel-connector-scim/{}", env!("CARGO_PKG_VERSION")))
            ]
        );
        let hostile = find_call(&connection(), "userName", "x\" or userName pr or \"");
        assert!(
            hostile.url.ends_with("userName%20eq%20%22x%5C%22%20or%20userName%20pr%20or%20%5C%22%22"),
            "{}",
            hostile.url
        );
        assert_eq!(percent_encode("李娜@acme.example"), "%E6%9D%8E%E5%A8%9C%40acme.example");
    }

    #[test]
    fn writes_send_scim_json_to_the_account() {
        let create = create_call(&connection(), json!({ "userName": "x" }));
        assert_eq!((create.method, create.url.as_str()), (Method::Post, "https://dir.example/scim/v2/Users"));
        assert!(create.headers.contains(&("content-type".into(), SCIM_JSON.into())));
        let patch = patch_call(&connection(), "a/b 1", json!({}));
        assert_eq!((patch.method, patch.url.as_str()), (Method::Patch, "https://dir.example/scim/v2/Users/a%2Fb%201"));
        let delete = delete_call(&connection(), "u1");
        assert_eq!((delete.method, &delete.body), (Method::Delete, &None));
        let get = get_call(&connection(), "a/b");
        assert_eq!((get.method, get.url.as_str()), (Method::Get, "https://dir.example/scim/v2/Users/a%2Fb"));
        let put = put_call(&connection(), "u1", json!({ "id": "u1" }), Some("W/\"3\""));
        assert_eq!((put.method, put.url.as_str()), (Method::Put, "https://dir.example/scim/v2/Users/u1"));
        assert!(put.headers.contains(&("if-match".into(), "W/\"3\"".into())), "{:?}", put.headers);
        let unversioned = put_call(&connection(), "u1", json!({ "id": "u1" }), None);
        assert!(!unversioned.headers.iter().any(|(name, _)| name == "if-match"));
        let config = config_call(&connection());
        assert_eq!(config.url, "https://dir.example/scim/v2/ServiceProviderConfig");
        for call in [create, patch, delete, get, put, config] {
            assert!(call.headers.contains(&("user-agent".into(), USER_AGENT.into())), "{call:?}");
            assert!(call.headers.contains(&("accept".into(), SCIM_JSON.into())), "{call:?}");
        }
    }

    #[test]
    fn the_service_provider_config_says_whether_patch_is_there() {
        let config = |patch: Value| answer(200, json!({ "patch": patch, "bulk": { "supported": false } }));
        assert_eq!(patch_supported(&config(json!({ "supported": true }))), Some(true));
        assert_eq!(patch_supported(&config(json!({ "supported": false }))), Some(false));
        let shouting = answer(200, json!({ "Patch": { "Supported": false } }));
        assert_eq!(patch_supported(&shouting), Some(false), "attribute names are case-insensitive");
        for unsaid in [
            config(json!({ "supported": "no" })),
            config(json!(null)),
            answer(200, json!({ "bulk": {} })),
            answer(200, json!([])),
            answer(404, json!({ "status": "404" })),
            answer(503, json!({ "patch": { "supported": false } })),
            Response { status: 200, headers: Vec::new(), body: b"<html>".to_vec() },
        ] {
            assert_eq!(patch_supported(&unsaid), None, "{}", unsaid.text());
        }
    }

    #[test]
    fn a_resource_read_is_the_account_asked_for_with_its_version() {
        let user = json!({ "id": "u1", "userName": "x", "meta": { "version": "W/\"7\"" } });
        let (resource, version) = read_resource(answer(200, user.clone()), "u1", "reading").expect("read");
        assert_eq!((Value::Object(resource), version.as_deref()), (user.clone(), Some("W/\"7\"")));
        let tagged = Response {
            status: 200,
            headers: vec![("etag".into(), "W/\"8\"".into())],
            body: user.to_string().into_bytes(),
        };
        assert_eq!(read_resource(tagged, "u1", "reading").expect("read").1.as_deref(), Some("W/\"8\""));
        let unversioned = read_resource(answer(200, json!({ "id": "u1" })), "u1", "reading").expect("read");
        assert_eq!(unversioned.1, None);
        let other = read_resource(answer(200, json!({ "id": "u2" })), "u1", "reading").expect_err("other");
        assert!(!other.retryable && other.message.contains("another account"), "{other:?}");
        let list = read_resource(answer(200, json!([])), "u1", "reading").expect_err("not a resource");
        assert_eq!(list.code, "upstream-rejected");
        assert!(read_resource(answer(503, Value::Null), "u1", "reading").is_err_and(|e| e.retryable));
    }

    #[test]
    fn searches_find_none_one_or_too_many() {
        let none = answer(
            200,
            json!({ "schemas": ["urn:ietf:params:scim:api:messages:2.0:ListResponse"], "totalResults": 0 }),
        );
        assert_eq!(read_found(none, "finding").expect("none"), None);
        let one = answer(
            200,
            json!({ "totalResults": 1, "Resources": [{
                "id": "u1", "active": false, "meta": { "location": "https://dir.example/scim/v2/Users/u1" }
            }] }),
        );
        assert_eq!(
            read_found(one, "finding").expect("one"),
            Some(Account {
                id: "u1".into(),
                active: false,
                location: Some("https://dir.example/scim/v2/Users/u1".into())
            })
        );
        let implicit = answer(200, json!({ "totalResults": 1, "Resources": [{ "id": "u2", "meta": "odd" }] }));
        assert_eq!(
            read_found(implicit, "finding").expect("one"),
            Some(Account { id: "u2".into(), active: true, location: None })
        );
        let two = answer(200, json!({ "totalResults": 2, "Resources": [{ "id": "a" }, { "id": "b" }] }));
        let error = read_found(two, "finding").expect_err("ambiguous");
        assert!(!error.retryable && error.message.contains("2 accounts"), "{error:?}");
        let garbage = read_found(answer(200, json!(["x"])), "finding").expect_err("not a list");
        assert_eq!(garbage.code, "upstream-rejected");
    }

    #[test]
    fn scim_errors_name_their_type_but_not_their_detail() {
        let conflict = answer(
            409,
            json!({
                "schemas": ["urn:ietf:params:scim:api:messages:2.0:Error"],
                "status": "409", "scimType": "uniqueness", "detail": "userName wang.lei@acme.example exists"
            }),
        );
        let error = read_created(conflict, "creating the account").expect_err("conflict");
        assert_eq!((error.code.as_str(), error.retryable), ("upstream-rejected", false));
        assert_eq!(
            error.message,
            "creating the account: the server answered 409 (scimType uniqueness: another account already has this userName)"
        );
        let busy = check_scim(answer(503, json!({ "status": "503", "detail": "maintenance" })), "finding");
        let busy = busy.expect_err("busy");
        assert!(busy.retryable && !busy.message.contains("maintenance"), "{busy:?}");
        let odd = check_scim(answer(400, json!({ "scimType": "<b>wang.lei</b>" })), "x").expect_err("bad");
        assert!(!odd.message.contains("wang"), "{odd:?}");
        assert_eq!(read_created(answer(201, json!({ "id": "u9" })), "creating").expect("created"), "u9");
        assert!(read_created(answer(201, json!({})), "creating").is_err());
    }
}

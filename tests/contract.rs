//! The OpenAPI document as a contract: valid by a standard validator, every
//! parameter where its route reads it, every status a route can answer
//! documented. (Every response the other tests receive through
//! `TestServer` is also checked against the document: see
//! `support/contract.rs`.)

use panel_e2e::api::TestServer;
use panel_e2e::contract::{document, template_of};
use panel_e2e::db::sqlite;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

/// The operations of the document, as (method, path template, operation).
fn operations() -> Vec<(String, String, &'static Value)> {
    let mut found = Vec::new();
    for (path, item) in document()["paths"].as_object().expect("paths") {
        for (method, operation) in item.as_object().expect("a path item") {
            if ["get", "put", "post", "delete", "patch"].contains(&method.as_str()) {
                found.push((method.to_uppercase(), path.clone(), operation));
            }
        }
    }
    found
}

#[test]
fn a_standard_validator_accepts_the_document() {
    let python = std::env::var_os("PANEL_TEST_OPENAPI_VALIDATOR").expect(
        "PANEL_TEST_OPENAPI_VALIDATOR names the Python with openapi-spec-validator; `cargo xtask test` sets it up",
    );
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("openapi.json");
    std::fs::write(&file, serde_json::to_vec_pretty(document()).expect("JSON")).expect("write the document");
    let output = std::process::Command::new(python)
        .args(["-m", "openapi_spec_validator"])
        .arg(&file)
        .output()
        .expect("run openapi-spec-validator");
    assert!(
        output.status.success(),
        "openapi-spec-validator refuses the document:\n{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn every_parameter_is_where_its_route_reads_it_and_every_refusal_is_documented() {
    let mut problems = Vec::new();
    for (method, path, operation) in operations() {
        let what = format!("{method} {path}");
        for parameter in operation["parameters"].as_array().into_iter().flatten() {
            let name = parameter["name"].as_str().unwrap_or_default();
            let in_template = path.contains(&format!("{{{name}}}"));
            match parameter["in"].as_str() {
                Some("path") if !in_template => problems.push(format!("{what}: {name} is no part of the path")),
                Some("query") if in_template => problems.push(format!("{what}: {name} is in the path")),
                _ => {}
            }
        }
        let responses = operation["responses"].as_object().expect("responses");
        let secured = operation["security"].as_array().is_some_and(|s| !s.is_empty());
        let json_body =
            operation["requestBody"]["content"].as_object().is_some_and(|c| c.keys().any(|k| k.ends_with("json")));
        let mut wanted = vec!["500"];
        if secured {
            wanted.push("401");
        }
        if json_body {
            wanted.extend(["400", "413", "415", "422"]);
        }
        for status in wanted {
            if !responses.contains_key(status) {
                problems.push(format!("{what}: {status} is not documented"));
            }
        }
        for (status, response) in responses {
            for (media, content) in response["content"].as_object().into_iter().flatten() {
                // Binary bodies are strings of bytes, never arrays of numbers.
                if !media.ends_with("json") && content["schema"]["type"] == "array" {
                    problems.push(format!("{what} {status}: {media} described as a JSON array"));
                }
            }
        }
    }
    assert!(problems.is_empty(), "{} problems:\n{}", problems.len(), problems.join("\n"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn what_the_routes_answer_to_malformed_requests_is_documented_and_in_the_error_shape() {
    let db = sqlite().await;
    let s = TestServer::start(&db).await;
    let (_, admin) = s.bootstrap("Acme", "admin@acme.example").await;
    // Through the checked client: each of these answers must be documented.
    for body in [json!([]), json!("a string"), json!(null), json!(7)] {
        let (status, refused) = s.call(Method::POST, "/api/v1/org/units", Some(&admin), Some(body.clone())).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}: {refused}");
        assert_eq!(refused["error"]["code"], "invalid", "{body}: {refused}");
    }
    let (status, refused) =
        s.raw(Method::POST, "/api/v1/org/units", Some(&admin), "application/json", "{\"kind\": ").await;
    assert_eq!((status, refused["error"]["code"].as_str()), (StatusCode::BAD_REQUEST, Some("malformed-json")));
    let (status, refused) = s.raw(Method::POST, "/api/v1/org/units", Some(&admin), "text/plain", "{}").await;
    assert_eq!(status, StatusCode::UNSUPPORTED_MEDIA_TYPE, "{refused}");
    let (status, refused) = s
        .call(
            Method::POST,
            "/api/v1/org/units",
            Some(&admin),
            Some(json!({"kind": "region", "name": "East", "colour": "red"})),
        )
        .await;
    assert_eq!((status, refused["error"]["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("colour")));
    let (status, refused) = s.call(Method::GET, "/api/v1/jobs/not-a-number", Some(&admin), None).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{refused}");
    let (status, refused) = s.call(Method::GET, "/api/v1/feedback-sla?hours=soon", Some(&admin), None).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{refused}");
    let (status, _) = s.call(Method::GET, "/api/v1/jobs", None, None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    // The query parameters documented as such are read from the query.
    assert_eq!(template_of("/api/v1/deliveries"), Some("/api/v1/deliveries"));
    let (status, listed) = s.call(Method::GET, "/api/v1/deliveries?state=dead&limit=5", Some(&admin), None).await;
    assert_eq!(status, StatusCode::OK, "{listed}");
}

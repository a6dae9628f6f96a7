//! The module's behaviour as plugins rely on it: headers, URLs, errors.

use super::*;

fn answer(status: u16, body: &str) -> Response {
    Response { status, headers: Vec::new(), body: body.as_bytes().to_vec() }
}

#[test]
fn credentials_become_a_placeholder_the_host_fills_in() {
    let bearer = Connection::new("https://pay.example/api/", Some("payroll-token"), AuthScheme::Bearer, None);
    let call = bearer.expect("valid").call(Method::Post, "/employees");
    assert_eq!(call.url, "https://pay.example/api/employees");
    assert_eq!(call.headers, [("authorization".to_owned(), "Bearer ${secret:payroll-token}".to_owned())]);

    let basic = Connection::new("http://10.0.0.5:8080", Some("pay-basic"), AuthScheme::Basic, None);
    let call = basic.expect("valid").call(Method::Get, "x?y=1");
    assert_eq!(call.url, "http://10.0.0.5:8080/x?y=1");
    assert_eq!(call.headers[0].1, "Basic ${secret:pay-basic}");

    let header = Connection::new("https://pay.example", Some("k1"), AuthScheme::Header, Some("X-Api-Key"));
    let call = header.expect("valid").call(Method::Get, "/");
    assert_eq!(call.headers, [("x-api-key".to_owned(), "${secret:k1}".to_owned())]);

    let none = Connection::new("https://pay.example", None, AuthScheme::Header, None).expect("valid");
    assert!(none.call(Method::Get, "/").headers.is_empty());
}

#[test]
fn bad_endpoints_and_secret_names_are_configuration_errors() {
    for endpoint in ["ftp://pay.example", "https://", "pay.example", "https://pay.example/?token=1", "https:///x"] {
        let error = Connection::new(endpoint, None, AuthScheme::Bearer, None).expect_err(endpoint);
        assert_eq!((error.code.as_str(), error.retryable), ("invalid-config", false), "{endpoint}");
    }
    for secret in ["Payroll", "-x", "a b", "${secret:x}", ""] {
        let error = Connection::new("https://pay.example", Some(secret), AuthScheme::Bearer, None).expect_err(secret);
        assert!(error.message.starts_with("credentials"), "{secret}: {error:?}");
    }
    let error = Connection::new("https://pay.example", Some("k"), AuthScheme::Header, None).expect_err("no header");
    assert!(error.message.starts_with("auth_header"));
    let error = Connection::new("https://pay.example", Some("k"), AuthScheme::Header, Some("x key")).expect_err("bad");
    assert!(error.message.starts_with("auth_header"));
}

#[test]
fn a_secret_name_is_what_the_host_grants() {
    for name in ["k", "payroll-token", "sms-2", "0a", &"a".repeat(63)] {
        assert_eq!(secret_placeholder(name).expect(name), format!("${{secret:{name}}}"));
    }
    for name in ["", "-k", "K", "pay_token", "pay token", "密钥", &"a".repeat(64)] {
        let error = secret_placeholder(name).expect_err(name);
        assert_eq!(error.code, "invalid-config", "{name}");
        assert!(error.message.starts_with("credentials: "), "{name}: {}", error.message);
    }
    assert!(is_header_name("X-Api-Key") && is_header_name("x_token"));
    assert!(!is_header_name("") && !is_header_name("x key") && !is_header_name("x:y"));
}

#[test]
fn the_header_scheme_sends_the_secret_alone_in_the_header_named() {
    let header = AuthScheme::Header.credential_header("sms-key", Some("X-Api-Key")).expect("header");
    assert_eq!(header, ("x-api-key".to_owned(), "${secret:sms-key}".to_owned()));
    let bearer = AuthScheme::Bearer.credential_header("sms-key", Some("X-Api-Key")).expect("bearer");
    assert_eq!(bearer, ("authorization".to_owned(), "Bearer ${secret:sms-key}".to_owned()));
}

#[test]
fn every_method_is_a_call_with_its_body_and_content_type() {
    let connection = Connection::new("https://lms.example", None, AuthScheme::Bearer, None).expect("valid");
    for method in [Method::Get, Method::Post, Method::Put, Method::Patch, Method::Delete] {
        assert_eq!(connection.call(method, "/x").method, method);
    }
    let call = connection
        .call(Method::Put, "/x")
        .header("Accept", "application/json")
        .json("application/json", serde_json::json!({ "a": 1 }));
    assert_eq!(
        call.headers,
        [
            ("accept".to_owned(), "application/json".to_owned()),
            ("content-type".to_owned(), "application/json".to_owned())
        ]
    );
    assert_eq!(call.body, Some(serde_json::json!({ "a": 1 })));
}

#[test]
fn answers_are_classified_retryable_or_permanent_without_their_body() {
    assert!(check(answer(201, "{}"), "creating").is_ok());
    for status in [429, 500, 502, 503, 504] {
        let error = check(answer(status, "busy"), "creating the record").expect_err("error");
        assert_eq!((error.code.as_str(), error.retryable), ("upstream-unavailable", true), "{status}");
    }
    // 501 and 505: the server does not implement what was asked, and never will.
    for status in [400, 401, 403, 404, 409, 422, 501, 505] {
        let error = check(answer(status, r#"{"error":"wang.lei@example.com is invalid"}"#), "creating the record")
            .expect_err("error");
        assert_eq!((error.code.as_str(), error.retryable), ("upstream-rejected", false), "{status}");
        assert_eq!(error.message, format!("creating the record: the server answered {status}"));
    }
    let redirect = check(answer(302, ""), "creating").expect_err("redirect");
    assert!(!redirect.retryable && redirect.message.contains("redirects"));
}

#[test]
fn a_caller_may_word_the_error_itself() {
    let passed = check_with(answer(204, ""), |_| unreachable!("a 2xx has no error")).expect("2xx");
    assert_eq!(passed.status, 204);
    let error = check_with(answer(503, "down"), |status| format!("the gateway answered HTTP {status}"));
    let error = error.expect_err("503");
    assert_eq!((error.message.as_str(), error.retryable), ("the gateway answered HTTP 503", true));
    let redirect = check_with(answer(301, ""), |status| format!("HTTP {status}")).expect_err("301");
    assert_eq!(redirect.message, "HTTP 301; check the endpoint (redirects are not followed)");
    assert_eq!(redirect.code, "upstream-rejected");
}

//! Where requests go and how they authenticate, and how answers are classified.
//!
//! The plugin never holds a credential: its configuration names a secret, and
//! the request carries the placeholder `${secret:<name>}`, which the host
//! replaces with the value the administrator granted as the request leaves
//! (and refuses the request when that secret is not granted).
//!
//! Requests are built as [`Call`] values by pure functions, so unit tests
//! check exactly what would be sent; [`Call::send`] is the only part that
//! touches the network.

use panel_plugin_sdk::PluginError;
use panel_plugin_sdk::http::{Request, Response};
use serde::Deserialize;
use serde_json::Value;

/// How the request proves who sends it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AuthScheme {
    /// `authorization: Bearer <secret>`.
    #[default]
    Bearer,
    /// `authorization: Basic <secret>`; the secret holds the Base64 of `user:password`.
    Basic,
    /// `<auth_header>: <secret>`, e.g. `x-api-key`.
    Header,
}

/// HTTP methods the connectors use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
    Patch,
    Delete,
}

/// The remote system: its base URL and the authentication header to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Connection {
    base: String,
    auth: Option<(String, String)>,
}

/// One request, fully described.
#[derive(Debug, Clone, PartialEq)]
pub struct Call {
    pub method: Method,
    pub url: String,
    /// Header names in lower case, in the order sent.
    pub headers: Vec<(String, String)>,
    pub body: Option<Value>,
}

/// A secret's name: what the administrator grants in `trust.toml`.
fn is_secret_name(name: &str) -> bool {
    let mut chars = name.chars();
    name.len() <= 63
        && chars.next().is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// An HTTP header name (RFC 9110 token characters).
fn is_header_name(name: &str) -> bool {
    !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

impl Connection {
    /// Checks the configured endpoint and credentials. `credentials` is the
    /// name of a secret; with none, requests carry no authentication (a
    /// system reached through a private network or mutual TLS).
    pub fn new(
        endpoint: &str,
        credentials: Option<&str>,
        scheme: AuthScheme,
        auth_header: Option<&str>,
    ) -> Result<Self, PluginError> {
        let lower = endpoint.to_ascii_lowercase();
        let rest = lower.strip_prefix("https://").or_else(|| lower.strip_prefix("http://"));
        if rest.is_none_or(|rest| rest.is_empty() || rest.starts_with('/')) || endpoint.contains(['?', '#']) {
            return Err(PluginError::invalid_config("endpoint: must be an http(s) URL with a host and no query"));
        }
        let auth = match credentials {
            None => None,
            Some(secret) if !is_secret_name(secret) => {
                return Err(PluginError::invalid_config(
                    "credentials: a secret name is lowercase letters, digits and '-' (at most 63)",
                ));
            }
            Some(secret) => {
                let placeholder = format!("${{secret:{secret}}}");
                Some(match scheme {
                    AuthScheme::Bearer => ("authorization".to_owned(), format!("Bearer {placeholder}")),
                    AuthScheme::Basic => ("authorization".to_owned(), format!("Basic {placeholder}")),
                    AuthScheme::Header => match auth_header {
                        Some(name) if is_header_name(name) => (name.to_ascii_lowercase(), placeholder),
                        _ => {
                            return Err(PluginError::invalid_config(
                                "auth_header: the \"header\" scheme needs the header's name, e.g. x-api-key",
                            ));
                        }
                    },
                })
            }
        };
        Ok(Self { base: endpoint.trim_end_matches('/').to_owned(), auth })
    }

    /// A request to `path` (which starts with `/`, and may carry a query)
    /// under the endpoint, with the authentication header.
    pub fn call(&self, method: Method, path: &str) -> Call {
        let separator = if path.starts_with('/') { "" } else { "/" };
        Call {
            method,
            url: format!("{}{separator}{path}", self.base),
            headers: self.auth.iter().cloned().collect(),
            body: None,
        }
    }
}

impl Call {
    /// Adds a header.
    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.to_ascii_lowercase(), value.to_owned()));
        self
    }

    /// Sets a JSON body, sent with `content_type`.
    pub fn json(self, content_type: &str, body: Value) -> Self {
        let mut call = self.header("content-type", content_type);
        call.body = Some(body);
        call
    }

    /// Sends the request and reads the answer. A host that is not granted is
    /// a `capability-denied` error, a timeout a retryable one.
    pub fn send(&self) -> Result<Response, PluginError> {
        let mut request = match self.method {
            Method::Get => Request::get(&self.url),
            Method::Post => Request::post(&self.url),
            Method::Patch => Request::patch(&self.url),
            Method::Delete => Request::delete(&self.url),
        };
        for (name, value) in &self.headers {
            request = request.header(name, value);
        }
        if let Some(body) = &self.body {
            let bytes = serde_json::to_vec(body)
                .map_err(|e| PluginError::internal(format!("cannot encode the request body: {e}")))?;
            request = request.body(bytes);
        }
        request.send()
    }
}

/// Passes a 2xx answer; otherwise the SDK's classification (429 and 5xx
/// retryable, other 4xx not), with a message naming `step` and the status.
/// The answer's body is left out: it may repeat the personal data sent.
pub fn check(response: Response, step: &str) -> Result<Response, PluginError> {
    let status = response.status;
    if (200..300).contains(&status) {
        return Ok(response);
    }
    match response.error_for_status() {
        Err(mut error) => {
            error.message = format!("{step}: the server answered {status}");
            Err(error)
        }
        // 1xx and 3xx: nothing follows redirects here, so the endpoint is wrong.
        Ok(_) => Err(PluginError::upstream_rejected(format!(
            "{step}: the server answered {status}; check the endpoint (redirects are not followed)"
        ))),
    }
}

#[cfg(test)]
mod tests {
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
            let error =
                Connection::new("https://pay.example", Some(secret), AuthScheme::Bearer, None).expect_err(secret);
            assert!(error.message.starts_with("credentials"), "{secret}: {error:?}");
        }
        let error = Connection::new("https://pay.example", Some("k"), AuthScheme::Header, None).expect_err("no header");
        assert!(error.message.starts_with("auth_header"));
        let error =
            Connection::new("https://pay.example", Some("k"), AuthScheme::Header, Some("x key")).expect_err("bad");
        assert!(error.message.starts_with("auth_header"));
    }

    #[test]
    fn answers_are_classified_retryable_or_permanent_without_their_body() {
        assert!(check(answer(201, "{}"), "creating").is_ok());
        for status in [429, 500, 502, 503, 504] {
            let error = check(answer(status, "busy"), "creating the record").expect_err("error");
            assert_eq!((error.code.as_str(), error.retryable), ("upstream-unavailable", true), "{status}");
        }
        for status in [400, 401, 403, 404, 409, 422] {
            let error = check(answer(status, r#"{"error":"wang.lei@example.com is invalid"}"#), "creating the record")
                .expect_err("error");
            assert_eq!((error.code.as_str(), error.retryable), ("upstream-rejected", false), "{status}");
            assert_eq!(error.message, format!("creating the record: the server answered {status}"));
        }
        let redirect = check(answer(302, ""), "creating").expect_err("redirect");
        assert!(!redirect.retryable && redirect.message.contains("redirects"));
    }
}

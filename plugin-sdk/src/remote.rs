//! Calling the customer's own system from a connector or a notifier: where
//! requests go, how they authenticate, and what the answer means.
//!
//! A plugin never holds a credential: its configuration names a secret, and
//! the request carries the placeholder `${secret:<name>}`, which the host
//! replaces with the value the administrator granted as the request leaves
//! (and refuses the request when that secret is not granted).
//!
//! Requests are built as [`Call`] values by pure functions, so unit tests
//! check exactly what would be sent; [`Call::send`] is the only part that
//! touches the network. [`check`] turns an answer that is not 2xx into the
//! error the host's outbox expects, without the answer's body (which may
//! repeat the personal data sent).
//!
//! Configuration errors name the fields as Panel's connectors call them:
//! `endpoint`, `credentials` (the secret's name), `auth` (an [`AuthScheme`])
//! and `auth_header`, and a path under the endpoint `path` ([`check_path`]).
//! Use the same names in a plugin's configuration so the messages point at
//! the field to fix. (Serde cannot flatten a shared struct of these fields
//! into a configuration that denies unknown fields, so each configuration
//! declares them and passes them to [`Connection::new`].)
//!
//! ```
//! use panel_plugin_sdk::remote::{AuthScheme, Connection, Method};
//! use serde_json::json;
//!
//! let payroll = Connection::new("https://pay.example/api", Some("payroll-token"), AuthScheme::Bearer, None)?;
//! let call = payroll
//!     .call(Method::Post, "/employees")
//!     .header("idempotency-key", "evt-42")
//!     .json("application/json", json!({ "employee_no": "E-1001" }));
//! assert_eq!(call.url, "https://pay.example/api/employees");
//! assert_eq!(call.headers[0], ("authorization".to_owned(), "Bearer ${secret:payroll-token}".to_owned()));
//! // In the component: `let answer = remote::check(call.send()?, "creating the record")?;`
//! # Ok::<(), panel_plugin_sdk::PluginError>(())
//! ```

use serde::Deserialize;
use serde_json::Value;

use crate::http::{Request, Response};
use crate::{Outcome, PluginError};

/// How the request proves who sends it. In a configuration: `"bearer"`
/// (the default), `"basic"` or `"header"`.
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

/// The HTTP method of a [`Call`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// `GET`.
    Get,
    /// `POST`.
    Post,
    /// `PUT`.
    Put,
    /// `PATCH`.
    Patch,
    /// `DELETE`.
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
    /// The method.
    pub method: Method,
    /// The whole URL.
    pub url: String,
    /// Header names in lower case, in the order sent.
    pub headers: Vec<(String, String)>,
    /// The JSON body, if any.
    pub body: Option<Value>,
}

/// A secret's name as the administrator grants it in `trust.toml`:
/// lowercase letters, digits and `-`, not starting with `-`, at most 63.
fn is_secret_name(name: &str) -> bool {
    let mut chars = name.chars();
    name.len() <= 63
        && chars.next().is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// Whether `name` is an HTTP header name (RFC 9110 token characters).
pub fn is_header_name(name: &str) -> bool {
    !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

/// The placeholder `${secret:<name>}` that the host replaces with the
/// secret's value as the request leaves. A name that cannot be a secret's is
/// an `invalid-config` error naming the `credentials` field.
pub fn secret_placeholder(name: &str) -> Result<String, PluginError> {
    if !is_secret_name(name) {
        return Err(PluginError::invalid_config(format!(
            "credentials: {name:?} is not a secret name (lowercase letters, digits and '-', at most 63)"
        )));
    }
    Ok(format!("${{secret:{name}}}"))
}

/// Checks a connector's `path` under its endpoint, which must start with
/// `/`: otherwise an `invalid-config` error naming the `path` field.
///
/// ```
/// use panel_plugin_sdk::remote::check_path;
///
/// assert!(check_path("/employees").is_ok());
/// let error = check_path("employees").expect_err("relative");
/// assert_eq!((error.code.as_str(), error.message.as_str()), ("invalid-config", "path: must start with '/'"));
/// ```
pub fn check_path(path: &str) -> Result<(), PluginError> {
    if path.starts_with('/') { Ok(()) } else { Err(PluginError::invalid_config("path: must start with '/'")) }
}

impl AuthScheme {
    /// The header carrying the secret named `secret` under this scheme, its
    /// name in lower case and its value holding the placeholder.
    /// `header_name` is the header of the [`AuthScheme::Header`] scheme; the
    /// others ignore it.
    pub fn credential_header(self, secret: &str, header_name: Option<&str>) -> Result<(String, String), PluginError> {
        let placeholder = secret_placeholder(secret)?;
        Ok(match self {
            Self::Bearer => ("authorization".to_owned(), format!("Bearer {placeholder}")),
            Self::Basic => ("authorization".to_owned(), format!("Basic {placeholder}")),
            Self::Header => match header_name {
                Some(name) if is_header_name(name) => (name.to_ascii_lowercase(), placeholder),
                _ => {
                    return Err(PluginError::invalid_config(
                        "auth_header: the \"header\" scheme needs the header's name, e.g. x-api-key",
                    ));
                }
            },
        })
    }
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
        let auth = credentials.map(|secret| scheme.credential_header(secret, auth_header)).transpose()?;
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
            Method::Put => Request::put(&self.url),
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

/// The answer to a create request whose replay the remote system answers
/// 409: `Applied` on 2xx, `Duplicate` on 409 (created already by an earlier
/// delivery of the same event), otherwise [`check`]'s error. The reference is
/// the created record's id from the answer's JSON field `reference_field`
/// (text or number), else `fallback`, else empty.
pub fn created(
    response: Response,
    step: &str,
    reference_field: &str,
    fallback: Option<&str>,
) -> Result<Outcome, PluginError> {
    let reference = |response: &Response| {
        let answer: Value = serde_json::from_slice(&response.body).unwrap_or(Value::Null);
        match answer.get(reference_field) {
            Some(Value::String(id)) => Some(id.clone()),
            Some(Value::Number(id)) => Some(id.to_string()),
            _ => None,
        }
        .or_else(|| fallback.map(str::to_owned))
        .unwrap_or_default()
    };
    if response.status == 409 {
        return Ok(Outcome::Duplicate(reference(&response)));
    }
    let response = check(response, step)?;
    Ok(Outcome::Applied(reference(&response)))
}

/// Passes a 2xx answer; otherwise [`check_with`]'s error, its message
/// `"<step>: the server answered <status>"`.
pub fn check(response: Response, step: &str) -> Result<Response, PluginError> {
    check_with(response, |status| format!("{step}: the server answered {status}"))
}

/// Passes a 2xx answer; otherwise an error classified as
/// [`Response::error_for_status`] does (429 and 5xx retryable
/// `upstream-unavailable`; other 4xx, 501 and 505 `upstream-rejected`) with the message
/// `message(status)`. The answer's body is left out: it may repeat the
/// personal data sent. A 1xx or 3xx is `upstream-rejected` too, the message
/// pointing at the endpoint: nothing follows redirects here.
pub fn check_with(response: Response, message: impl FnOnce(u16) -> String) -> Result<Response, PluginError> {
    let status = response.status;
    if (200..300).contains(&status) {
        return Ok(response);
    }
    let message = message(status);
    Err(match response.error_for_status() {
        Err(classified) => PluginError::new(&classified.code, message, classified.retryable),
        Ok(_) => PluginError::upstream_rejected(format!("{message}; check the endpoint (redirects are not followed)")),
    })
}

#[cfg(test)]
mod tests;

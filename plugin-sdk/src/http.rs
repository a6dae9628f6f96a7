//! Outbound HTTP for connectors and notifiers, over `wasi:http/outgoing-handler`.
//!
//! The host only lets a request through to hosts that the plugin's manifest
//! declares and the installation grants; any other is refused with a
//! `capability-denied` error. Errors are classified the way the host's outbox
//! needs them: timeouts, 5xx and 429 are retryable; 4xx are not, nor are 501
//! and 505, which say what the server can never do.
//!
//! A request that names no `user-agent` is sent with [`DEFAULT_USER_AGENT`],
//! so the people running the remote system can tell Panel's calls apart; a
//! plugin names itself with `.header("user-agent", "Panel-<plugin>/<version>")`.
//!
//! ```ignore
//! let response = http::Request::post("https://payroll.example.com/v1/employees")
//!     .header("idempotency-key", &event.id)
//!     .json(&record)?
//!     .send()?
//!     .error_for_status()?;
//! ```

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::PluginError;
use crate::bindings::connector::wasi::http::outgoing_handler;
use crate::bindings::connector::wasi::http::types::{
    ErrorCode, Fields, IncomingBody, Method, OutgoingBody, OutgoingRequest, RequestOptions, Scheme,
};
use crate::bindings::connector::wasi::io::streams::StreamError;

/// Largest response body read, so a misbehaving server cannot exhaust memory.
const MAX_RESPONSE_BYTES: usize = 16 * 1024 * 1024;
/// `blocking-write-and-flush` accepts at most this many bytes per call.
const WRITE_CHUNK: usize = 4096;
/// The `user-agent` of a request that names none (RFC 9110 §10.1.5).
pub const DEFAULT_USER_AGENT: &str = concat!("Panel-plugin-sdk/", env!("CARGO_PKG_VERSION"));

/// An HTTP request to send.
#[derive(Debug, Clone)]
pub struct Request {
    method: &'static str,
    url: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
    timeout_ms: u64,
}

/// A response received.
#[derive(Debug, Clone)]
pub struct Response {
    /// HTTP status code.
    pub status: u16,
    /// Response headers, names in lower case.
    pub headers: Vec<(String, String)>,
    /// The body, at most 16 MiB.
    pub body: Vec<u8>,
}

impl Request {
    fn new(method: &'static str, url: impl Into<String>) -> Self {
        Self { method, url: url.into(), headers: Vec::new(), body: Vec::new(), timeout_ms: 10_000 }
    }

    /// A GET request.
    pub fn get(url: impl Into<String>) -> Self {
        Self::new("GET", url)
    }

    /// A POST request.
    pub fn post(url: impl Into<String>) -> Self {
        Self::new("POST", url)
    }

    /// A PUT request.
    pub fn put(url: impl Into<String>) -> Self {
        Self::new("PUT", url)
    }

    /// A PATCH request.
    pub fn patch(url: impl Into<String>) -> Self {
        Self::new("PATCH", url)
    }

    /// A DELETE request.
    pub fn delete(url: impl Into<String>) -> Self {
        Self::new("DELETE", url)
    }

    /// Adds a header.
    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.to_owned(), value.to_owned()));
        self
    }

    /// Sets the body.
    pub fn body(mut self, body: impl Into<Vec<u8>>) -> Self {
        self.body = body.into();
        self
    }

    /// Sets a JSON body and its content type.
    pub fn json<T: Serialize>(self, value: &T) -> Result<Self, PluginError> {
        let body =
            serde_json::to_vec(value).map_err(|e| PluginError::internal(format!("cannot encode request body: {e}")))?;
        Ok(self.header("content-type", "application/json").body(body))
    }

    /// Time allowed to connect and for the first byte of the response (default 10 s).
    pub fn timeout_ms(mut self, timeout_ms: u64) -> Self {
        self.timeout_ms = timeout_ms;
        self
    }

    /// Sends the request and reads the whole response.
    pub fn send(self) -> Result<Response, PluginError> {
        send(self)
    }
}

impl Response {
    /// Passes 2xx and 3xx responses through; turns 429 and 5xx into retryable
    /// `upstream-unavailable` errors, and other 4xx, 501 (Not Implemented)
    /// and 505 (HTTP Version Not Supported) into `upstream-rejected`: those
    /// two say what the server does not do, which no retry changes (RFC 9110
    /// §15.6.2, §15.6.6).
    pub fn error_for_status(self) -> Result<Self, PluginError> {
        match self.status {
            429 | 500 | 502..=504 | 506..=599 => {
                Err(PluginError::upstream_unavailable(format!("the server answered {}", self.status)))
            }
            400..=499 | 501 | 505 => Err(PluginError::upstream_rejected(format!(
                "the server answered {}: {}",
                self.status,
                self.text_prefix(200)
            ))),
            _ => Ok(self),
        }
    }

    /// The body as JSON.
    pub fn json<T: DeserializeOwned>(&self) -> Result<T, PluginError> {
        serde_json::from_slice(&self.body)
            .map_err(|e| PluginError::upstream_rejected(format!("the server's answer is not the JSON expected: {e}")))
    }

    /// The body as text (invalid UTF-8 replaced).
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// The first value of a header, by case-insensitive name.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    fn text_prefix(&self, max_chars: usize) -> String {
        self.text().chars().take(max_chars).collect()
    }
}

struct Url<'a> {
    scheme: Scheme,
    authority: &'a str,
    path_and_query: &'a str,
}

fn parse_url(url: &str) -> Result<Url<'_>, PluginError> {
    let (scheme, rest) =
        url.split_once("://").ok_or_else(|| PluginError::invalid_config(format!("URL {url:?} has no scheme")))?;
    let scheme = match scheme.to_ascii_lowercase().as_str() {
        "http" => Scheme::Http,
        "https" => Scheme::Https,
        other => {
            return Err(PluginError::invalid_config(format!("URL scheme {other:?} is not http or https")));
        }
    };
    let split = rest.find(['/', '?']).unwrap_or(rest.len());
    let (authority, path_and_query) = rest.split_at(split);
    if authority.is_empty() {
        return Err(PluginError::invalid_config(format!("URL {url:?} has no host")));
    }
    let path_and_query = if path_and_query.is_empty() { "/" } else { path_and_query };
    Ok(Url { scheme, authority, path_and_query })
}

fn method(name: &str) -> Method {
    match name {
        "GET" => Method::Get,
        "POST" => Method::Post,
        "PUT" => Method::Put,
        "PATCH" => Method::Patch,
        "DELETE" => Method::Delete,
        other => Method::Other(other.to_owned()),
    }
}

fn classify(code: ErrorCode) -> PluginError {
    match code {
        ErrorCode::HttpRequestDenied => {
            PluginError::capability_denied("the host refused the request: this host is not granted to the plugin")
        }
        ErrorCode::HttpRequestUriInvalid | ErrorCode::HttpRequestMethodInvalid => {
            PluginError::invalid_config(format!("the request is malformed: {code:?}"))
        }
        other => PluginError::upstream_unavailable(format!("the request failed: {other:?}")),
    }
}

/// The headers as sent: names in lower case, a `content-length` for a body,
/// and [`DEFAULT_USER_AGENT`] unless the request names its own.
fn wire_headers(request: &Request) -> Vec<(String, Vec<u8>)> {
    let mut headers: Vec<(String, Vec<u8>)> =
        request.headers.iter().map(|(n, v)| (n.to_ascii_lowercase(), v.as_bytes().to_vec())).collect();
    // A known length, not chunked encoding: some back-office servers refuse
    // chunked request bodies.
    if !request.body.is_empty() && !headers.iter().any(|(n, _)| n == "content-length") {
        headers.push(("content-length".to_owned(), request.body.len().to_string().into_bytes()));
    }
    if !headers.iter().any(|(n, _)| n == "user-agent") {
        headers.push(("user-agent".to_owned(), DEFAULT_USER_AGENT.as_bytes().to_vec()));
    }
    headers
}

/// Sends a request and reads the whole response (up to 16 MiB).
pub fn send(request: Request) -> Result<Response, PluginError> {
    let url = parse_url(&request.url)?;
    let headers = wire_headers(&request);
    let fields = Fields::from_list(&headers)
        .map_err(|e| PluginError::invalid_input(format!("invalid request header: {e:?}")))?;
    let outgoing = OutgoingRequest::new(fields);
    let invalid = |what: &str| PluginError::invalid_config(format!("invalid request {what}"));
    outgoing.set_method(&method(request.method)).map_err(|()| invalid("method"))?;
    outgoing.set_scheme(Some(&url.scheme)).map_err(|()| invalid("scheme"))?;
    outgoing.set_authority(Some(url.authority)).map_err(|()| invalid("host"))?;
    outgoing.set_path_with_query(Some(url.path_and_query)).map_err(|()| invalid("path"))?;

    let options = RequestOptions::new();
    let timeout_ns = request.timeout_ms.saturating_mul(1_000_000);
    // Hosts may not support every timeout; a refusal leaves the host's default.
    let _ = options.set_connect_timeout(Some(timeout_ns));
    let _ = options.set_first_byte_timeout(Some(timeout_ns));
    let _ = options.set_between_bytes_timeout(Some(timeout_ns));

    let body = outgoing.body().map_err(|()| PluginError::internal("request body taken twice"))?;
    let pending = outgoing_handler::handle(outgoing, Some(options)).map_err(classify)?;
    {
        let stream = body.write().map_err(|()| PluginError::internal("request body stream taken twice"))?;
        for chunk in request.body.chunks(WRITE_CHUNK) {
            stream
                .blocking_write_and_flush(chunk)
                .map_err(|e| PluginError::upstream_unavailable(format!("sending the body failed: {e:?}")))?;
        }
    }
    OutgoingBody::finish(body, None).map_err(classify)?;

    pending.subscribe().block();
    let incoming = match pending.get() {
        Some(Ok(Ok(response))) => response,
        Some(Ok(Err(code))) => return Err(classify(code)),
        Some(Err(())) | None => return Err(PluginError::internal("response read twice")),
    };
    let status = incoming.status();
    let headers =
        incoming.headers().entries().into_iter().map(|(n, v)| (n, String::from_utf8_lossy(&v).into_owned())).collect();
    let body_handle = incoming.consume().map_err(|()| PluginError::internal("response body taken twice"))?;
    let body = read_body(&body_handle)?;
    drop(body_handle);
    Ok(Response { status, headers, body })
}

fn read_body(body: &IncomingBody) -> Result<Vec<u8>, PluginError> {
    let stream = body.stream().map_err(|()| PluginError::internal("response stream taken twice"))?;
    let mut bytes = Vec::new();
    loop {
        match stream.blocking_read(64 * 1024) {
            Ok(chunk) => {
                bytes.extend_from_slice(&chunk);
                if bytes.len() > MAX_RESPONSE_BYTES {
                    return Err(PluginError::upstream_rejected("the response body is over 16 MiB"));
                }
            }
            Err(StreamError::Closed) => return Ok(bytes),
            Err(StreamError::LastOperationFailed(e)) => {
                return Err(PluginError::upstream_unavailable(format!(
                    "reading the response failed: {}",
                    e.to_debug_string()
                )));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(status: u16) -> Response {
        Response { status, headers: Vec::new(), body: b"{}".to_vec() }
    }

    #[test]
    fn what_a_retry_cannot_fix_is_not_retryable() {
        for status in [429, 500, 502, 503, 504, 507, 599] {
            let error = answer(status).error_for_status().expect_err("error");
            assert_eq!((error.code.as_str(), error.retryable), ("upstream-unavailable", true), "{status}");
        }
        // Not Implemented and HTTP Version Not Supported: the server never will.
        for status in [400, 404, 405, 409, 422, 501, 505] {
            let error = answer(status).error_for_status().expect_err("error");
            assert_eq!((error.code.as_str(), error.retryable), ("upstream-rejected", false), "{status}");
        }
        for status in [200, 204, 304] {
            assert!(answer(status).error_for_status().is_ok(), "{status}");
        }
    }

    #[test]
    fn every_request_names_its_sender() {
        let plain = wire_headers(&Request::get("https://pay.example/x").header("Accept", "application/json"));
        assert_eq!(
            plain,
            [
                ("accept".to_owned(), b"application/json".to_vec()),
                ("user-agent".to_owned(), DEFAULT_USER_AGENT.as_bytes().to_vec())
            ]
        );
        assert!(DEFAULT_USER_AGENT.starts_with("Panel-plugin-sdk/"), "{DEFAULT_USER_AGENT}");
        let own = Request::put("https://dir.example/Users/1").header("User-Agent", "Panel-connector-scim/0.1.0");
        let own = wire_headers(&own.body(b"{}".to_vec()));
        assert_eq!(
            own,
            [
                ("user-agent".to_owned(), b"Panel-connector-scim/0.1.0".to_vec()),
                ("content-length".to_owned(), b"2".to_vec())
            ]
        );
    }
}

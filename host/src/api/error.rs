//! One error shape for every endpoint:
//! `{"error": {"code": "...", "message": "...", "field": "..."}}`.
//!
//! Client mistakes get a 4xx that says what was wrong and, where one field
//! was, which. Internal failures get a 500 whose body says only that; the
//! detail goes to the log, never to the client.

use axum::Json;
use axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use utoipa::ToSchema;

use crate::engine::EngineError;
use crate::store::StoreError;

/// The body of every error response.
#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorDetail {
    /// Stable, machine-readable: `invalid`, `malformed-json`, `not-found`, …
    pub code: &'static str,
    /// What was wrong and, where it helps, what to do.
    pub message: String,
    /// The offending field (`dimensions[0].weight`), when one was.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}

/// An error response.
#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
    pub field: Option<String>,
    /// Seconds to wait before trying again, sent as `Retry-After`.
    pub retry_after: Option<u64>,
}

pub type ApiResult<T> = Result<T, ApiError>;

impl ApiError {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        Self { status, code, message: message.into(), field: None, retry_after: None }
    }

    /// Tells the client when to try again (`Retry-After`, in seconds).
    pub fn retry_after(mut self, secs: u64) -> Self {
        self.retry_after = Some(secs);
        self
    }

    /// 429: the client has asked too often; `Retry-After` says when to ask again.
    pub fn too_many(message: impl Into<String>, retry_after_secs: u64) -> Self {
        Self::new(StatusCode::TOO_MANY_REQUESTS, "too-many-requests", message).retry_after(retry_after_secs)
    }

    /// 503: the server is too busy for this now; `Retry-After` says when to ask again.
    pub fn busy(message: impl Into<String>, retry_after_secs: u64) -> Self {
        Self::new(StatusCode::SERVICE_UNAVAILABLE, "busy", message).retry_after(retry_after_secs)
    }

    pub fn with_field(mut self, field: impl Into<String>) -> Self {
        self.field = Some(field.into());
        self
    }

    pub fn invalid(field: impl Into<String>, message: impl Into<String>) -> Self {
        let field = field.into();
        Self::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid", format!("{field}: {}", message.into())).with_field(field)
    }

    pub fn not_found(what: &str) -> Self {
        Self::new(StatusCode::NOT_FOUND, "not-found", format!("{what} does not exist"))
    }

    pub fn unauthorized(message: impl Into<String>) -> Self {
        Self::new(StatusCode::UNAUTHORIZED, "unauthorized", message)
    }

    pub fn forbidden(message: impl Into<String>) -> Self {
        Self::new(StatusCode::FORBIDDEN, "forbidden", message)
    }

    pub fn conflict(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(StatusCode::CONFLICT, code, message)
    }

    /// A failure that is not the client's; `detail` is logged, not sent.
    pub fn internal(detail: &(dyn std::error::Error + 'static)) -> Self {
        let mut chain = detail.to_string();
        let mut source = detail.source();
        while let Some(s) = source {
            chain.push_str(": ");
            chain.push_str(&s.to_string());
            source = s.source();
        }
        tracing::error!(error = %chain, "internal error while serving a request");
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            "something went wrong on our side; it has been logged, please try again",
        )
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = ErrorBody { error: ErrorDetail { code: self.code, message: self.message, field: self.field } };
        let mut response = (self.status, Json(body)).into_response();
        if let Some(secs) = self.retry_after {
            response.headers_mut().insert(http::header::RETRY_AFTER, http::HeaderValue::from(secs));
        }
        response
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound { what, id } => {
                ApiError::new(StatusCode::NOT_FOUND, "not-found", format!("{what} {id} does not exist"))
            }
            StoreError::Conflict(message) => ApiError::conflict("conflict", message),
            StoreError::Invalid { field, message } => ApiError::invalid(field, message),
            other => ApiError::internal(&other),
        }
    }
}

impl From<EngineError> for ApiError {
    fn from(e: EngineError) -> Self {
        let message = e.to_string();
        match e {
            EngineError::Store(e) => e.into(),
            EngineError::NoQuestionBank { .. } | EngineError::NoRubric { .. } => {
                ApiError::conflict("not-configured", message)
            }
            EngineError::Plan(_) => ApiError::new(StatusCode::SERVICE_UNAVAILABLE, "plugin-failed", message),
            EngineError::NotYetOpen { .. } => ApiError::new(StatusCode::FORBIDDEN, "not-yet-open", message),
            EngineError::InvitationClosed { .. } => ApiError::new(StatusCode::GONE, "invitation-closed", message),
            EngineError::InvitationRevoked => ApiError::new(StatusCode::GONE, "invitation-revoked", message),
            EngineError::NotInProgress { .. } => ApiError::conflict("interview-finished", message),
            EngineError::TimeUp { .. } => ApiError::conflict("time-up", message),
            EngineError::OutOfOrder { .. } => ApiError::conflict("out-of-order", message).with_field("question_id"),
            EngineError::NoMoreQuestions => ApiError::conflict("no-more-questions", message),
            EngineError::NotStarted => ApiError::conflict("not-started", message),
            EngineError::AnswerChanged { .. } => ApiError::conflict("answer-changed", message).with_field("text"),
            EngineError::InvalidAnswer { field, message } => ApiError::invalid(field, message),
            EngineError::NotFinished => ApiError::conflict("not-finished", message),
            EngineError::AwaitingTranscripts { .. } => ApiError::conflict("awaiting-transcripts", message),
            EngineError::NotRecorded { .. } => ApiError::conflict("not-recorded", message),
            EngineError::AiEvaluationWithdrawn => ApiError::conflict("ai-evaluation-withdrawn", message),
            EngineError::SaveFailed(_) => ApiError::internal(&e),
            EngineError::Move(_) => ApiError::conflict("stage-move-refused", message).with_field("to"),
        }
    }
}

impl From<JsonRejection> for ApiError {
    fn from(rejection: JsonRejection) -> Self {
        match rejection {
            JsonRejection::JsonDataError(e) => {
                // serde_path_to_error puts the path first: "dimensions[0].weight: invalid type…".
                let text = std::error::Error::source(&e).map_or_else(|| e.body_text(), ToString::to_string);
                let (field, message) = split_field(&text);
                let mut error = ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid", text.clone());
                error.field = field;
                error.message = message;
                error
            }
            JsonRejection::JsonSyntaxError(e) => {
                let detail = std::error::Error::source(&e).map_or_else(|| e.body_text(), ToString::to_string);
                ApiError::new(
                    StatusCode::BAD_REQUEST,
                    "malformed-json",
                    format!("the body is not valid JSON: {detail}"),
                )
            }
            JsonRejection::MissingJsonContentType(_) => ApiError::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "unsupported-media-type",
                "send the body as JSON with the header Content-Type: application/json",
            ),
            other if other.status() == StatusCode::PAYLOAD_TOO_LARGE => too_large(),
            other => ApiError::new(other.status(), "bad-request", other.body_text()),
        }
    }
}

pub fn too_large() -> ApiError {
    ApiError::new(
        StatusCode::PAYLOAD_TOO_LARGE,
        "payload-too-large",
        "the request body is larger than this endpoint accepts",
    )
}

/// `"a.b[0]: message"` → (`Some("a.b[0]")`, full message); a message naming a
/// missing field at the top level gives that field.
fn split_field(text: &str) -> (Option<String>, String) {
    if let Some((path, rest)) = text.split_once(": ")
        && !path.is_empty()
        && !path.contains(char::is_whitespace)
    {
        return (Some(path.to_owned()), format!("{path}: {rest}"));
    }
    if let Some(start) = text.find("missing field `") {
        let name = &text[start + "missing field `".len()..];
        if let Some(end) = name.find('`') {
            return (Some(name[..end].to_owned()), text.to_owned());
        }
    }
    (None, text.to_owned())
}

impl From<PathRejection> for ApiError {
    fn from(rejection: PathRejection) -> Self {
        ApiError::new(StatusCode::BAD_REQUEST, "bad-path", format!("the URL is not valid: {}", rejection.body_text()))
    }
}

impl From<QueryRejection> for ApiError {
    fn from(rejection: QueryRejection) -> Self {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            "bad-query",
            format!("the query string is not valid: {}", rejection.body_text()),
        )
    }
}

/// A JSON object body, with this module's error shape for bodies that do
/// not parse. Every request body of the API is an object: anything else
/// (`[]`, `"x"`, `null`), which serde would read into a struct of defaults,
/// is refused.
#[derive(Debug, Clone, Copy, Default)]
pub struct Body<T>(pub T);

impl<T, S> axum::extract::FromRequest<S> for Body<T>
where
    T: serde::de::DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request(request: axum::extract::Request, state: &S) -> Result<Self, Self::Rejection> {
        let is_json = request
            .headers()
            .get(http::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(';').next())
            .is_some_and(|mime| {
                let mime = mime.trim().to_ascii_lowercase();
                mime == "application/json" || (mime.starts_with("application/") && mime.ends_with("+json"))
            });
        if !is_json {
            return Err(ApiError::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "unsupported-media-type",
                "send the body as JSON with the header Content-Type: application/json",
            ));
        }
        let bytes = axum::body::Bytes::from_request(request, state).await.map_err(|e| {
            if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
                too_large()
            } else {
                ApiError::new(e.status(), "bad-request", e.body_text())
            }
        })?;
        match bytes.iter().find(|b| !b.is_ascii_whitespace()) {
            Some(b'{') => {}
            None => {
                return Err(ApiError::new(
                    StatusCode::BAD_REQUEST,
                    "malformed-json",
                    "the body is empty; send a JSON object",
                ));
            }
            Some(_) => {
                return Err(ApiError::new(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "invalid",
                    "the body must be a JSON object ({ … }), not an array or a single value",
                ));
            }
        }
        parse_object(&bytes).map(Body)
    }
}

/// Reads a JSON object into `T`, refusing fields `T` has no place for (a
/// misspelt `salry` is an error, not a silently missing salary) and naming
/// the offending field either way.
fn parse_object<T: serde::de::DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    let mut unknown = Vec::new();
    let mut json = serde_json::Deserializer::from_slice(bytes);
    let mut note_unknown = |path: serde_ignored::Path<'_>| unknown.push(path.to_string());
    let parsed = serde_path_to_error::deserialize(serde_ignored::Deserializer::new(&mut json, &mut note_unknown));
    if parsed.is_ok()
        && let Err(trailing) = json.end()
    {
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "malformed-json",
            format!("the body is not valid JSON: {trailing}"),
        ));
    }
    match parsed {
        Ok(value) => match unknown.first() {
            None => Ok(value),
            Some(field) => Err(ApiError::invalid(field.clone(), "is not a field this request takes")),
        },
        Err(e) => {
            let path = e.path().to_string();
            let inner = e.into_inner();
            match inner.classify() {
                serde_json::error::Category::Data => {
                    let field = if path == "." { None } else { Some(path) };
                    let message = match &field {
                        Some(field) => format!("{field}: {inner}"),
                        None => inner.to_string(),
                    };
                    let mut error = ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid", message);
                    error.field = field.or_else(|| missing_field(&inner.to_string()));
                    Err(error)
                }
                _ => Err(ApiError::new(
                    StatusCode::BAD_REQUEST,
                    "malformed-json",
                    format!("the body is not valid JSON: {inner}"),
                )),
            }
        }
    }
}

/// The field a "missing field `x`" message names.
fn missing_field(text: &str) -> Option<String> {
    let start = text.find("missing field `")? + "missing field `".len();
    let name = &text[start..];
    Some(name[..name.find('`')?].to_owned())
}

/// `Path<T>` with this module's error shape.
#[derive(Debug, axum::extract::FromRequestParts)]
#[from_request(via(axum::extract::Path), rejection(ApiError))]
pub struct Path<T>(pub T);

/// `Query<T>` (query-string parameters) with this module's error shape.
#[derive(Debug, axum::extract::FromRequestParts)]
#[from_request(via(axum::extract::Query), rejection(ApiError))]
pub struct Params<T>(pub T);

#[cfg(test)]
mod tests {
    use super::split_field;

    #[test]
    fn finds_the_offending_field() {
        assert_eq!(
            split_field("dimensions[0].weight: invalid type: string \"x\", expected f32 at line 1 column 9")
                .0
                .as_deref(),
            Some("dimensions[0].weight")
        );
        assert_eq!(split_field("missing field `title` at line 1 column 2").0.as_deref(), Some("title"));
        assert_eq!(split_field("EOF while parsing").0, None);
    }
}

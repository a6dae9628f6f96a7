//! Staff play a recorded answer back from the report: the recording is
//! served to whoever may read the interview's report, with byte ranges so
//! a player can seek, and every play is audited.

use axum::extract::{Request, State};
use axum::http::HeaderValue;
use axum::http::header::{
    CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_SECURITY_POLICY, CONTENT_TYPE, X_CONTENT_TYPE_OPTIONS,
};
use axum::response::{IntoResponse, Response};
use tower::ServiceExt;
use tower_http::services::ServeFile;

use super::{Binary, media};
use crate::api::access::{Action, require_on_session};
use crate::api::auth::Staff;
use crate::api::error::{ApiError, ApiResult, ErrorBody, Path};
use crate::api::{AppState, TAG_RESULTS};

/// An answer's recording, as the report names it (`items[].recording`).
/// Supports `Range` requests; audited as `recording.play`.
#[utoipa::path(get, path = "/api/v1/sessions/{session_id}/recordings/{recording_id}", tag = TAG_RESULTS,
    params(("session_id" = i64, Path), ("recording_id" = String, Path)),
    responses(
        (status = 200, description = "The recording, in the type it was recorded in",
            content((Binary = "video/webm"), (Binary = "audio/webm"), (Binary = "video/mp4")),
            headers(("Accept-Ranges" = String, description = "`bytes`"))),
        (status = 206, description = "The requested range of the recording",
            content((Binary = "video/webm"), (Binary = "audio/webm"), (Binary = "video/mp4")),
            headers(("Content-Range" = String, description = "`bytes START-END/TOTAL`"))),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 416, description = "The range asked for is outside the recording"),
        (status = 503, body = ErrorBody)),
    security(("staff" = [])))]
pub async fn recording(
    State(state): State<AppState>,
    staff: Staff,
    Path((session_id, recording_id)): Path<(i64, String)>,
    request: Request,
) -> ApiResult<Response> {
    let store = state.engine.store();
    require_on_session(store, &staff, Action::ReadReport, session_id).await?;
    let files = media(&state)?;
    let not_found = || ApiError::not_found("recording");
    let meta =
        files.meta(session_id, &recording_id).await.map_err(|e| ApiError::internal(&e))?.ok_or_else(not_found)?;
    if meta.completed.is_none() {
        return Err(not_found());
    }
    let path = files.answer_path(&recording_id, &meta);
    // Audited before a byte leaves; the log names the session, not the person.
    store
        .audit(&staff.actor(), "recording.play", &format!("session:{session_id}"), &meta.question_id, &staff.origin)
        .await?;
    let content_type = HeaderValue::from_str(&meta.content_type).map_err(|e| ApiError::internal(&e))?;
    let mut response =
        ServeFile::new(&path).oneshot(request).await.map_err(|e| ApiError::internal(&e))?.into_response();
    let headers = response.headers_mut();
    headers.insert(CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
    headers.insert(CONTENT_TYPE, content_type);
    // The bytes were checked to be the container they claim when the upload
    // completed; even so, a browser must never render them as anything but
    // media: opened directly, they are a download, sandboxed, never sniffed.
    headers.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(CONTENT_DISPOSITION, HeaderValue::from_static("attachment"));
    headers.insert(CONTENT_SECURITY_POLICY, HeaderValue::from_static("sandbox; default-src 'none'"));
    Ok(response)
}

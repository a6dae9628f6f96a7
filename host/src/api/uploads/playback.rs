//! Staff play a recorded answer back from the report: the recording is
//! opened (it is sealed at rest) and served to whoever may read the
//! interview's report, with byte ranges so a player can seek (only the
//! segments holding a range are opened), and every play is audited.

use axum::extract::{Request, State};
use axum::http::header::{
    ACCEPT_RANGES, CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_RANGE, CONTENT_SECURITY_POLICY, CONTENT_TYPE, RANGE,
    X_CONTENT_TYPE_OPTIONS,
};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

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
    let total = meta.completed.as_ref().map_or(0, |done| done.bytes);
    let range = match request.headers().get(RANGE).map(|v| byte_range(v.to_str().unwrap_or(""), total)) {
        Some(Err(())) => {
            let mut refused = StatusCode::RANGE_NOT_SATISFIABLE.into_response();
            let unsatisfied = HeaderValue::from_str(&format!("bytes */{total}")).map_err(|e| ApiError::internal(&e))?;
            refused.headers_mut().insert(CONTENT_RANGE, unsatisfied);
            return Ok(refused);
        }
        Some(Ok(range)) => range,
        None => None,
    };
    let key = store.session_key(session_id).await?;
    // Audited before a byte leaves; the log names the session, not the person.
    store
        .audit(&staff.actor(), "recording.play", &format!("session:{session_id}"), &meta.question_id, &staff.origin)
        .await?;
    let content_type = HeaderValue::from_str(&meta.content_type).map_err(|e| ApiError::internal(&e))?;
    let bytes =
        files.read_recording(&key, &recording_id, &meta, range.clone()).await.map_err(|e| ApiError::internal(&e))?;
    let mut response = match &range {
        Some(range) => {
            let mut partial = (StatusCode::PARTIAL_CONTENT, bytes).into_response();
            let content_range = format!("bytes {}-{}/{total}", range.start, range.end - 1);
            let content_range = HeaderValue::from_str(&content_range).map_err(|e| ApiError::internal(&e))?;
            partial.headers_mut().insert(CONTENT_RANGE, content_range);
            partial
        }
        None => bytes.into_response(),
    };
    let headers = response.headers_mut();
    headers.insert(ACCEPT_RANGES, HeaderValue::from_static("bytes"));
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

/// The one byte range a `Range` header asks of `total` bytes: `Ok(None)`
/// for the whole (no `bytes=` unit, or several ranges, which may be
/// answered whole), `Err` when it lies outside them.
fn byte_range(header: &str, total: u64) -> Result<Option<std::ops::Range<u64>>, ()> {
    let Some(spec) = header.trim().strip_prefix("bytes=") else { return Ok(None) };
    if spec.contains(',') {
        return Ok(None);
    }
    let (start, end) = spec.split_once('-').ok_or(())?;
    let number = |s: &str| s.trim().parse::<u64>().map_err(|_| ());
    let range = match (start.trim().is_empty(), end.trim().is_empty()) {
        // The last `n` bytes.
        (true, false) => {
            let n = number(end)?.min(total);
            if n == 0 {
                return Err(());
            }
            total - n..total
        }
        (false, true) => number(start)?..total,
        (false, false) => {
            let (start, last) = (number(start)?, number(end)?);
            if last < start {
                return Err(());
            }
            start..last.saturating_add(1).min(total)
        }
        (true, true) => return Err(()),
    };
    if range.start >= total { Err(()) } else { Ok(Some(range)) }
}

#[cfg(test)]
mod tests {
    use super::byte_range;

    #[test]
    fn ranges_are_read_as_players_send_them() {
        assert_eq!(byte_range("bytes=100-199", 1000), Ok(Some(100..200)));
        assert_eq!(byte_range("bytes=900-", 1000), Ok(Some(900..1000)));
        assert_eq!(byte_range("bytes=-100", 1000), Ok(Some(900..1000)));
        assert_eq!(byte_range("bytes=990-2000", 1000), Ok(Some(990..1000)));
        assert_eq!(byte_range("bytes=0-1,5-9", 1000), Ok(None));
        assert_eq!(byte_range("items=0-1", 1000), Ok(None));
        for refused in ["bytes=1000-", "bytes=5-4", "bytes=-0", "bytes=-", "bytes=a-b", "bytes=5"] {
            assert_eq!(byte_range(refused, 1000), Err(()), "{refused}");
        }
    }
}

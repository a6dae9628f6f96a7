//! Recorded answers, uploaded in chunks that survive a dropped connection:
//! the candidate creates an upload for the question on screen, appends
//! chunks at the offset the server has (a chunk sent again is accepted once;
//! one at another offset gets 409 with the server's offset in the
//! `Upload-Offset` header), reads that offset to resume, and completes it
//! with the size and SHA-256 of the whole recording. The completed upload's
//! `media_ref` then goes with the answer.
//!
//! Recording is sensitive personal data: every step needs the recording
//! consent given at the start, the completion is audited, and nothing of
//! the recording reaches the log. The files are served to no one yet.

mod files;
pub(super) mod playback;
mod refused;

use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

pub use self::files::{MediaFiles, Swept};
use self::files::{UploadError, UploadMeta};
use self::refused::{UPLOAD_OFFSET, UploadRefused};
use super::auth::{CandidateLink, CandidateToken};
use super::error::{ApiError, ApiResult, Body, ErrorBody, Params, Path};
use super::{AppState, TAG_INTERVIEW};
use crate::engine::{AnswerSubmission, Engine};
use crate::store::{MEDIA_REF_PREFIX, SessionRow, SessionState};

/// The recordings the page may send.
const CONTENT_TYPES: [&str; 3] = ["video/webm", "audio/webm", "video/mp4"];

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateUpload {
    /// The question on screen, which this recording answers.
    pub question_id: String,
    /// `video/webm`, `audio/webm` or `video/mp4` (codec parameters are not part of it).
    pub content_type: String,
    /// The whole recording's size, when known in advance; a recording made
    /// while it uploads declares its size when it completes.
    #[serde(default)]
    pub total_bytes: Option<u64>,
}

/// Where an upload is.
#[derive(Debug, Serialize, ToSchema)]
pub struct UploadStatus {
    pub id: String,
    pub question_id: String,
    pub content_type: String,
    /// How many bytes the server has: the next chunk starts here.
    pub offset: u64,
    /// The most the recording may grow to.
    pub max_bytes: u64,
    pub completed: bool,
    /// To send with the answer, once completed.
    pub media_ref: Option<String>,
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct ChunkQuery {
    /// Where the chunk starts, when there is no `Content-Range` header.
    pub offset: Option<u64>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CompleteUpload {
    /// The whole recording's size in bytes.
    pub total_bytes: u64,
    /// The SHA-256 of the whole recording, in hex.
    pub sha256: String,
}

type UploadResult = Result<(HeaderMap, Json<UploadStatus>), UploadRefused>;

fn media(state: &AppState) -> ApiResult<&MediaFiles> {
    state.media.as_deref().ok_or_else(|| {
        ApiError::new(StatusCode::SERVICE_UNAVAILABLE, "recording-unavailable", "this server does not keep recordings")
    })
}

/// The candidate's interview in progress, with recording consented.
async fn recording_session(state: &AppState, link: &CandidateLink) -> ApiResult<SessionRow> {
    let Some(session_id) = link.session_id else {
        return Err(ApiError::conflict("not-started", "the interview has not been started"));
    };
    let session = state.engine.session(session_id).await?;
    if session.state != SessionState::InProgress {
        return Err(ApiError::conflict("interview-finished", "the interview is no longer in progress"));
    }
    if !session.consent_recording {
        return Err(ApiError::forbidden("recording needs your consent, given when the interview starts")
            .with_field("consent_recording"));
    }
    Ok(session)
}

/// The upload `id` of this candidate's session; another's does not exist.
async fn own_upload(files: &MediaFiles, session: &SessionRow, id: &str) -> ApiResult<UploadMeta> {
    match files.meta(id).await.map_err(|e| ApiError::internal(&e))? {
        Some(meta) if meta.session_id == session.id => Ok(meta),
        _ => Err(ApiError::not_found("this upload")),
    }
}

async fn status_response(state: &AppState, files: &MediaFiles, id: &str, meta: &UploadMeta) -> UploadResult {
    let offset = files.offset(id, meta).await?;
    let mut headers = HeaderMap::new();
    headers.insert(UPLOAD_OFFSET, HeaderValue::from(offset));
    let completed = meta.completed.is_some();
    Ok((
        headers,
        Json(UploadStatus {
            id: id.to_owned(),
            question_id: meta.question_id.clone(),
            content_type: meta.content_type.clone(),
            offset,
            max_bytes: state.config.max_recording_bytes,
            completed,
            media_ref: completed.then(|| format!("{MEDIA_REF_PREFIX}{id}")),
        }),
    ))
}

/// Start recording an answer to the question on screen.
#[utoipa::path(post, path = "/api/v1/interview/uploads", tag = TAG_INTERVIEW, request_body = CreateUpload,
    responses((status = 201, body = UploadStatus), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 413, body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("candidate" = [])))]
pub async fn create_upload(
    State(state): State<AppState>,
    link: CandidateLink,
    Body(request): Body<CreateUpload>,
) -> Result<(StatusCode, HeaderMap, Json<UploadStatus>), UploadRefused> {
    let files = media(&state)?;
    let session = recording_session(&state, &link).await?;
    if !CONTENT_TYPES.contains(&request.content_type.as_str()) {
        return Err(ApiError::invalid("content_type", format!("must be one of {}", CONTENT_TYPES.join(", "))).into());
    }
    let limit = state.config.max_recording_bytes;
    if request.total_bytes.is_some_and(|total| total > limit) {
        return Err(UploadError::TooLarge { limit }.into());
    }
    let answers = state.engine.store().answers(session.id).await?;
    let current = Engine::current_question(&session, &answers);
    if current.is_none_or(|c| c.question.id != request.question_id) {
        return Err(ApiError::invalid("question_id", "is not the question to answer now").into());
    }
    let meta = UploadMeta {
        session_id: session.id,
        question_id: request.question_id,
        content_type: request.content_type,
        declared_bytes: request.total_bytes,
        completed: None,
    };
    let id = files.create(&meta).await?;
    let (headers, body) = status_response(&state, files, &id, &meta).await?;
    Ok((StatusCode::CREATED, headers, body))
}

/// How many bytes of an upload the server has, to resume from there.
#[utoipa::path(get, path = "/api/v1/interview/uploads/{id}", tag = TAG_INTERVIEW, params(("id" = String, Path)),
    responses((status = 200, body = UploadStatus, headers(("Upload-Offset" = u64, description = "The server's offset"))),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)),
    security(("candidate" = [])))]
pub async fn upload_status(State(state): State<AppState>, link: CandidateLink, Path(id): Path<String>) -> UploadResult {
    let files = media(&state)?;
    let session = recording_session(&state, &link).await?;
    let meta = own_upload(files, &session, &id).await?;
    status_response(&state, files, &id, &meta).await
}

/// Where a chunk starts: `Content-Range: bytes START-END/TOTAL` (TOTAL may
/// be `*`), or the `offset` query.
fn chunk_start(headers: &HeaderMap, query: &ChunkQuery, len: usize) -> ApiResult<u64> {
    let Some(range) = headers.get("content-range") else {
        return query.offset.ok_or_else(|| ApiError::invalid("offset", "send `Content-Range` or `?offset=`"));
    };
    let bad = || ApiError::invalid("content-range", "must be `bytes START-END/TOTAL`, END inclusive");
    let range = range.to_str().map_err(|_| bad())?.trim();
    let (span, _total) = range.strip_prefix("bytes ").and_then(|r| r.split_once('/')).ok_or_else(bad)?;
    let (start, end) = span.split_once('-').ok_or_else(bad)?;
    let start: u64 = start.parse().map_err(|_| bad())?;
    let end: u64 = end.parse().map_err(|_| bad())?;
    if end < start || end - start + 1 != len as u64 {
        return Err(ApiError::invalid("content-range", "does not match the chunk's length"));
    }
    if query.offset.is_some_and(|offset| offset != start) {
        return Err(ApiError::invalid("offset", "differs from `Content-Range`"));
    }
    Ok(start)
}

/// Append a chunk (any content type; the bytes as they are). A chunk sent
/// again is accepted once; one at another offset gets 409 and the server's
/// offset in `Upload-Offset`.
#[utoipa::path(put, path = "/api/v1/interview/uploads/{id}", tag = TAG_INTERVIEW,
    params(("id" = String, Path), ChunkQuery,
        ("Content-Range" = Option<String>, Header, description = "`bytes START-END/TOTAL` (TOTAL may be `*`)")),
    request_body(content = Vec<u8>, content_type = "application/octet-stream"),
    responses((status = 200, body = UploadStatus, headers(("Upload-Offset" = u64, description = "The server's offset"))),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, headers(("Upload-Offset" = u64, description = "Where to send from"))),
        (status = 413, body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("candidate" = [])))]
pub async fn append_chunk(
    State(state): State<AppState>,
    link: CandidateLink,
    Path(id): Path<String>,
    Params(query): Params<ChunkQuery>,
    headers: HeaderMap,
    chunk: Bytes,
) -> UploadResult {
    let files = media(&state)?;
    let session = recording_session(&state, &link).await?;
    let start = chunk_start(&headers, &query, chunk.len())?;
    own_upload(files, &session, &id).await?;
    files.append(&id, start, &chunk, state.config.max_recording_bytes).await?;
    let meta = own_upload(files, &session, &id).await?;
    status_response(&state, files, &id, &meta).await
}

/// Finish an upload: the server checks the size and the SHA-256 against
/// what it has, and the recording becomes the `media_ref` of an answer.
#[utoipa::path(post, path = "/api/v1/interview/uploads/{id}/complete", tag = TAG_INTERVIEW,
    params(("id" = String, Path)), request_body = CompleteUpload,
    responses((status = 200, body = UploadStatus), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("candidate" = [])))]
pub async fn complete_upload(
    State(state): State<AppState>,
    link: CandidateLink,
    Path(id): Path<String>,
    Body(request): Body<CompleteUpload>,
) -> UploadResult {
    let files = media(&state)?;
    let session = recording_session(&state, &link).await?;
    let sha256 = request.sha256.trim().to_ascii_lowercase();
    if sha256.len() != 64 || !sha256.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(ApiError::invalid("sha256", "must be 64 hex digits").into());
    }
    let before = own_upload(files, &session, &id).await?;
    let meta = files.complete(&id, request.total_bytes, &sha256).await?;
    if before.completed.is_none() {
        state
            .engine
            .store()
            .audit(&link.actor(), "recording.upload-complete", &format!("session:{}", session.id), "", &link.origin)
            .await?;
    }
    status_response(&state, files, &id, &meta).await
}

/// Checks that an answer's `media_ref` is a completed recording of this
/// candidate's interview, of this question, with recording consented.
pub(super) async fn check_media_ref(
    state: &AppState,
    link: &CandidateToken,
    submission: &AnswerSubmission,
) -> ApiResult<()> {
    let Some(media_ref) = &submission.media_ref else { return Ok(()) };
    let unknown = || ApiError::invalid("media_ref", "is not a completed recording of this question");
    let files = media(state)?;
    let id = media_ref.strip_prefix(MEDIA_REF_PREFIX).ok_or_else(unknown)?;
    let Some((session, _)) = state.engine.store().newest_session_of_invitation(link.invitation_id).await? else {
        return Err(ApiError::conflict("not-started", "the interview has not been started"));
    };
    if !session.consent_recording {
        return Err(ApiError::forbidden("recording needs your consent, given when the interview starts")
            .with_field("media_ref"));
    }
    match files.meta(id).await.map_err(|e| ApiError::internal(&e))? {
        Some(meta)
            if meta.session_id == session.id
                && meta.question_id == submission.question_id
                && meta.completed.is_some() =>
        {
            Ok(())
        }
        _ => Err(unknown()),
    }
}

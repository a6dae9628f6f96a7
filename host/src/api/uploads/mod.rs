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
//! the recording reaches the log. A recording may hold no more than its
//! question's time limit allows (and an interview's recordings no more than
//! its questions' together); a candidate may record one question again a
//! few times, and what they give up on (an earlier take, a recording not
//! sent with the answer) is removed as soon as it is known to be unused.

mod files;
mod part;
pub(super) mod playback;
mod refused;

use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::extract::rejection::BytesRejection;
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use self::files::UploadMeta;
pub use self::files::{MediaFiles, Swept, UploadError};
use self::refused::{UPLOAD_OFFSET, UploadRefused};
use super::auth::{CandidateLink, CandidateToken};
use super::error::{ApiError, ApiResult, Body, ErrorBody, Params, Path};
use super::{AppState, TAG_INTERVIEW};
use crate::engine::{AnswerSubmission, Engine};
use crate::store::{MEDIA_REF_PREFIX, SessionRow, SessionState};

/// Raw bytes (a chunk of a recording, a recording), as the OpenAPI
/// document describes them.
#[derive(Debug)]
pub struct Binary;

impl utoipa::PartialSchema for Binary {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        use utoipa::openapi::schema::{KnownFormat, ObjectBuilder, SchemaFormat, Type};
        ObjectBuilder::new()
            .schema_type(Type::String)
            .format(Some(SchemaFormat::KnownFormat(KnownFormat::Binary)))
            .into()
    }
}

impl ToSchema for Binary {}

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
#[into_params(parameter_in = Query)]
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

/// The most one answer's recording may hold: the allowed bit rate for the
/// question's time limit and as long again in overtime (a minute at least).
fn answer_limit(config: &super::ApiConfig, time_limit_secs: u32) -> u64 {
    let seconds = u64::from(time_limit_secs) + u64::from(time_limit_secs).max(60);
    config.recording_bytes_per_second.saturating_mul(seconds).min(config.max_recording_bytes)
}

/// The most an interview's recordings may hold together: every planned
/// question's limit, and two follow-ups of the longest.
fn session_budget(config: &super::ApiConfig, session: &SessionRow) -> u64 {
    let limits = session.plan.iter().map(|p| answer_limit(config, p.question.time_limit_secs));
    let longest = limits.clone().max().unwrap_or(0);
    limits.fold(0u64, u64::saturating_add).saturating_add(longest.saturating_mul(2))
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
    files
        .meta(session.id, id)
        .await
        .map_err(|e| ApiError::internal(&e))?
        .ok_or_else(|| ApiError::not_found("this upload"))
}

async fn status_response(state: &AppState, files: &MediaFiles, id: &str, meta: &UploadMeta) -> UploadResult {
    // `state` is kept for the limit of uploads made before limits were stored.
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
            max_bytes: meta.max_bytes.unwrap_or(state.config.max_recording_bytes),
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
    let answers = state.engine.store().answers(session.id).await?;
    let current = Engine::current_question(&session, &answers)
        .filter(|c| c.question.id == request.question_id)
        .ok_or_else(|| ApiError::invalid("question_id", "is not the question to answer now"))?;
    let limit = answer_limit(&state.config, current.question.time_limit_secs);
    if request.total_bytes.is_some_and(|total| total > limit) {
        return Err(UploadError::TooLarge { limit }.into());
    }
    // A new take of this question supersedes any take still uploading: the
    // page records again only when it has given the earlier one up.
    let uploads = files.of_session(session.id).await?;
    let takes: Vec<&(String, UploadMeta, u64)> =
        uploads.iter().filter(|(_, meta, _)| meta.question_id == request.question_id).collect();
    if takes.len() >= state.config.uploads_per_answer {
        return Err(ApiError::conflict(
            "too-many-recordings",
            format!(
                "this question has been recorded {} times, the most allowed; answer it with one of those or in writing",
                takes.len()
            ),
        )
        .into());
    }
    for (id, _, _) in takes.iter().filter(|(_, meta, _)| meta.completed.is_none() && !meta.discarded) {
        if files.discard(session.id, id).await? {
            let subject = format!("session:{}", session.id);
            state.engine.store().audit("system", "recording.discarded", &subject, "superseded", "").await?;
        }
    }
    let meta = UploadMeta {
        session_id: session.id,
        question_id: request.question_id,
        content_type: request.content_type,
        declared_bytes: request.total_bytes,
        max_bytes: Some(limit),
        completed: None,
        discarded: false,
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
    // Checked: `bytes 0-18446744073709551615/*` must not overflow.
    let span_len = end.checked_sub(start).and_then(|d| d.checked_add(1));
    if span_len != Some(len as u64) {
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
    request_body(content = Binary, content_type = "application/octet-stream"),
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
    chunk: Result<Bytes, BytesRejection>,
) -> UploadResult {
    // A chunk over the request limit gets the JSON error shape, not axum's text.
    let chunk = chunk.map_err(|e| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                "chunk-too-large",
                format!(
                    "a chunk may be at most {} bytes; send the recording in smaller parts",
                    state.config.chunk_limit
                ),
            )
        } else {
            ApiError::new(e.status(), "bad-request", e.body_text())
        }
    })?;
    let files = media(&state)?;
    let session = recording_session(&state, &link).await?;
    let start = chunk_start(&headers, &query, chunk.len())?;
    own_upload(files, &session, &id).await?;
    let budget = session_budget(&state.config, &session);
    let key = state.engine.store().session_key(session.id).await.map_err(ApiError::from)?;
    files.append(&key, &id, session.id, start, &chunk, state.config.max_recording_bytes, budget).await?;
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
    let key = state.engine.store().session_key(session.id).await.map_err(ApiError::from)?;
    let meta = match files.complete(&key, session.id, &id, request.total_bytes, &sha256).await {
        Err(UploadError::NotMedia { claimed }) => {
            // Not a recording at all: nothing to resume, so nothing is kept.
            files.discard(session.id, &id).await?;
            let subject = format!("session:{}", session.id);
            state.engine.store().audit(&link.actor(), "recording.refused", &subject, "not-media", &link.origin).await?;
            return Err(UploadError::NotMedia { claimed }.into());
        }
        done => done?,
    };
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
    match files.meta(session.id, id).await.map_err(|e| ApiError::internal(&e))? {
        Some(meta) if meta.question_id == submission.question_id && meta.completed.is_some() => Ok(()),
        _ => Err(unknown()),
    }
}

/// Once a question is answered, removes its other recordings: takes given
/// up on and recordings not sent with the answer are personal data kept for
/// nothing. Failures are logged; the hourly sweep tries again.
pub(super) async fn discard_unused_takes(state: &AppState, session_id: i64, question_id: &str, kept: Option<&str>) {
    let Some(files) = state.media.as_deref() else { return };
    let uploads = match files.of_session(session_id).await {
        Ok(uploads) => uploads,
        Err(e) => {
            tracing::warn!(error = %e, "listing an interview's recordings failed");
            return;
        }
    };
    let kept = kept.and_then(|r| r.strip_prefix(MEDIA_REF_PREFIX));
    let unused = |(id, meta, _): &&(String, UploadMeta, u64)| {
        meta.question_id == question_id && !meta.discarded && Some(id.as_str()) != kept
    };
    for (id, meta, _) in uploads.iter().filter(unused) {
        let what = if meta.completed.is_some() { "unused" } else { "partial" };
        match files.discard(session_id, id).await {
            Ok(true) => {
                let subject = format!("session:{session_id}");
                if let Err(e) = state.engine.store().audit("system", "recording.discarded", &subject, what, "").await {
                    tracing::warn!(error = %e, "auditing a discarded recording failed");
                }
            }
            Ok(false) => {}
            Err(e) => tracing::warn!(error = %e, "removing an unused recording failed"),
        }
    }
}

//! Speech recognition of an interview's recorded answers, for HR: how far
//! it is ("3 of 7 transcribed"), what failed and why, which recordings had
//! no speech, whether this server can transcribe at all, and a retry of
//! one that failed.

use axum::Json;
use axum::extract::State;
use serde::Serialize;
use utoipa::ToSchema;

use super::access::{Action, require_on_session};
use super::auth::Staff;
use super::error::{ApiResult, ErrorBody, Path};
use super::{AppState, TAG_RESULTS};
use crate::store::{AuditBy, TranscriptionRow};

/// Whether this server transcribes recorded answers.
#[derive(Debug, Serialize, ToSchema)]
pub struct SpeechRecognition {
    pub available: bool,
    /// The model that transcribes (`whisper-base`), when available.
    pub model: Option<String>,
    pub model_version: Option<String>,
    /// Why not (the models are not installed, damaged...), when not: the
    /// recorded answers wait for a person's transcript meanwhile.
    pub reason: Option<String>,
}

/// Where the transcripts of one interview's recorded answers are.
#[derive(Debug, Serialize, ToSchema)]
pub struct SessionTranscription {
    pub session_id: i64,
    /// Recorded answers.
    pub recorded: usize,
    /// Of those, with a transcript (by the machine or a person).
    pub transcribed: usize,
    /// Transcribed by speech recognition, and not corrected by a person.
    pub by_machine: usize,
    /// Written or corrected by a person.
    pub by_person: usize,
    /// Queued or being transcribed now.
    pub in_progress: usize,
    /// Nobody speaks in the recording: a person listens and writes what was said.
    pub no_speech: usize,
    /// Given up on (see each item's `last_error`): a person writes the
    /// transcript, or retries.
    pub failed: usize,
    pub speech_recognition: SpeechRecognition,
    /// One per recorded answer queued for speech recognition, in answer
    /// order (without the segments' text: see the report).
    pub items: Vec<TranscriptionRow>,
}

fn speech(state: &AppState) -> SpeechRecognition {
    match (&state.models.transcriber, &state.media) {
        (Some(t), Some(_)) => SpeechRecognition {
            available: true,
            model: Some(t.model().name.clone()),
            model_version: Some(t.model().version.clone()),
            reason: None,
        },
        (_, media) => SpeechRecognition {
            available: false,
            model: None,
            model_version: None,
            reason: Some(match (&state.models.unavailable, media) {
                (_, None) => "this server keeps no recordings".to_owned(),
                (Some(why), _) => why.clone(),
                (None, _) => "speech recognition is not loaded on this server".to_owned(),
            }),
        },
    }
}

async fn status_of(state: &AppState, session_id: i64) -> ApiResult<SessionTranscription> {
    let store = state.engine.store();
    let answers = store.answers(session_id).await?;
    let mut items = store.session_transcriptions(session_id).await?;
    for item in &mut items {
        item.segments.clear();
    }
    let recorded: Vec<_> = answers.iter().filter(|a| a.media_ref.is_some()).collect();
    let count = |state: &[&str]| items.iter().filter(|i| state.contains(&i.state.as_str())).count();
    let by = |source: &str| items.iter().filter(|i| i.source.as_deref() == Some(source)).count();
    Ok(SessionTranscription {
        session_id,
        recorded: recorded.len(),
        transcribed: recorded.iter().filter(|a| a.answer.transcribed).count(),
        by_machine: by("machine"),
        by_person: recorded.iter().filter(|a| a.answer.transcribed).count().saturating_sub(by("machine")),
        in_progress: count(&["queued", "running"]),
        no_speech: count(&["no_speech"]),
        failed: count(&["failed"]),
        speech_recognition: speech(state),
        items,
    })
}

/// Speech recognition of an interview's recorded answers: how many are
/// transcribed, which are waiting, which had no speech, which failed and
/// why, and whether this server transcribes at all.
#[utoipa::path(get, path = "/api/v1/sessions/{session_id}/transcription", tag = TAG_RESULTS,
    params(("session_id" = i64, Path)),
    responses((status = 200, body = SessionTranscription), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody)),
    security(("staff" = [])))]
pub async fn transcription_status(
    State(state): State<AppState>,
    staff: Staff,
    Path(session_id): Path<i64>,
) -> ApiResult<Json<SessionTranscription>> {
    require_on_session(state.engine.store(), &staff, Action::ReadReport, session_id).await?;
    Ok(Json(status_of(&state, session_id).await?))
}

/// Transcribe a recorded answer again whose transcription failed or found
/// no speech (from its first attempt). Audited.
#[utoipa::path(post, path = "/api/v1/sessions/{session_id}/answers/{answer_id}/transcription/retry",
    tag = TAG_RESULTS, params(("session_id" = i64, Path), ("answer_id" = i64, Path)),
    responses((status = 200, body = SessionTranscription), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody, description = "No such interview, or no transcription of that answer"),
        (status = 409, body = ErrorBody, description = "The transcription has not failed")),
    security(("staff" = [])))]
pub async fn retry_transcription(
    State(state): State<AppState>,
    staff: Staff,
    Path((session_id, answer_id)): Path<(i64, i64)>,
) -> ApiResult<Json<SessionTranscription>> {
    require_on_session(state.engine.store(), &staff, Action::Score, session_id).await?;
    let actor = staff.actor();
    let by = AuditBy { actor: &actor, origin: &staff.origin };
    state.engine.store().retry_transcription(session_id, answer_id, state.now(), by).await?;
    Ok(Json(status_of(&state, session_id).await?))
}

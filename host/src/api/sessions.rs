//! Scoring an interview and reading its report.

use axum::Json;
use axum::extract::State;
use serde::Deserialize;
use utoipa::ToSchema;

use super::access::{Action, require_on_session};
use super::auth::Staff;
use super::error::{ApiResult, Body, ErrorBody, Path};
use super::{AppState, TAG_RESULTS};
use crate::engine::{Recommendation, Report, Transcribed};
use crate::store::AuditBy;

/// Score a finished interview (again) through the rubrics bound to its job.
/// Interviews are scored when they finish; this is for a rescore.
#[utoipa::path(post, path = "/api/v1/sessions/{session_id}/score", tag = TAG_RESULTS,
    params(("session_id" = i64, Path)),
    responses((status = 200, body = Recommendation), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)),
    security(("staff" = [])))]
pub async fn score(
    State(state): State<AppState>,
    staff: Staff,
    Path(session_id): Path<i64>,
) -> ApiResult<Json<Recommendation>> {
    require_on_session(state.engine.store(), &staff, Action::Score, session_id).await?;
    let recommendation = state.engine.score_session(session_id).await?;
    audit_scoring(&state, &staff, session_id, &recommendation).await?;
    Ok(Json(recommendation))
}

/// Records that `staff`'s request scored the interview, and the decision.
async fn audit_scoring(
    state: &AppState,
    staff: &Staff,
    session_id: i64,
    recommendation: &Recommendation,
) -> ApiResult<()> {
    let subject = format!("session:{session_id}");
    let decision = recommendation.decision.as_str();
    state.engine.store().audit(&staff.actor(), "session.score", &subject, decision, &staff.origin).await?;
    Ok(())
}

/// An interview's report: every question, answer and timing, every score
/// with its evidence and plugin version, and the recommendation's reasons.
#[utoipa::path(get, path = "/api/v1/sessions/{session_id}/report", tag = TAG_RESULTS,
    params(("session_id" = i64, Path)),
    responses((status = 200, body = Report), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)),
    security(("staff" = [])))]
pub async fn report(
    State(state): State<AppState>,
    staff: Staff,
    Path(session_id): Path<i64>,
) -> ApiResult<Json<Report>> {
    require_on_session(state.engine.store(), &staff, Action::ReadReport, session_id).await?;
    let report = state.engine.report(session_id).await?;
    state
        .engine
        .store()
        .audit(&staff.actor(), "report.read", &format!("session:{session_id}"), "", &staff.origin)
        .await?;
    Ok(Json(report))
}

/// A transcript of a recorded answer.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TranscriptRequest {
    /// What the candidate said, as they said it.
    pub text: String,
}

/// Write (or correct) the transcript of a recorded answer of a finished
/// interview. The transcript becomes the answer's text and what the
/// candidate typed beside the recording is kept as notes. Once no recorded
/// answer of the interview waits for a transcript, the interview is scored
/// (again, after a correction) and the recommendation is returned.
#[utoipa::path(put, path = "/api/v1/sessions/{session_id}/answers/{answer_id}/transcript", tag = TAG_RESULTS,
    params(("session_id" = i64, Path), ("answer_id" = i64, Path)),
    request_body = TranscriptRequest,
    responses((status = 200, body = Transcribed), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody, description = "No such interview, or no such recorded answer in it"),
        (status = 409, body = ErrorBody, description = "The interview is in progress (`not-finished`) or the answer was typed (`not-recorded`)"),
        (status = 422, body = ErrorBody)),
    security(("staff" = [])))]
pub async fn transcript(
    State(state): State<AppState>,
    staff: Staff,
    Path((session_id, answer_id)): Path<(i64, i64)>,
    Body(request): Body<TranscriptRequest>,
) -> ApiResult<Json<Transcribed>> {
    require_on_session(state.engine.store(), &staff, Action::Score, session_id).await?;
    let actor = staff.actor();
    let by = AuditBy { actor: &actor, origin: &staff.origin };
    let transcribed = state.engine.write_transcript(session_id, answer_id, &request.text, by).await?;
    if let Some(recommendation) = &transcribed.recommendation {
        audit_scoring(&state, &staff, session_id, recommendation).await?;
    }
    Ok(Json(transcribed))
}

//! Scoring an interview and reading its report.

use axum::Json;
use axum::extract::State;

use super::access::{Action, require, session_target};
use super::auth::Staff;
use super::error::{ApiResult, ErrorBody, Path};
use super::{AppState, TAG_RESULTS};
use crate::engine::{Recommendation, Report};

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
    require(
        &staff,
        Action::Score,
        &session_target(state.engine.store(), session_id, &staff).await?,
        &format!("session {session_id}"),
    )?;
    let recommendation = state.engine.score_session(session_id).await?;
    state
        .engine
        .store()
        .audit(
            &staff.actor(),
            "session.score",
            &format!("session:{session_id}"),
            recommendation.decision.as_str(),
            &staff.origin,
        )
        .await?;
    Ok(Json(recommendation))
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
    require(
        &staff,
        Action::ReadReport,
        &session_target(state.engine.store(), session_id, &staff).await?,
        &format!("session {session_id}"),
    )?;
    let report = state.engine.report(session_id).await?;
    state
        .engine
        .store()
        .audit(&staff.actor(), "report.read", &format!("session:{session_id}"), "", &staff.origin)
        .await?;
    Ok(Json(report))
}

//! Competency model versions and re-weighting: Panel proposes new dimension
//! weights for a job from its hires' later outcomes, a person accepts the
//! proposal (the job's next model version) or rejects it, and any scored
//! interview can be replayed as it was scored.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::Deserialize;
use utoipa::ToSchema;

use super::access::{Action, job_target, require, require_on_session};
use super::auth::Staff;
use super::error::{ApiError, ApiResult, Body, ErrorBody, Path};
use super::{AppState, TAG_JOBS};
use crate::engine::Replay;
use crate::engine::analytics::OutcomeMeasure;
use crate::store::{AuditBy, CompetencyModel, WeightProposal};

/// Every version of a job's competency model, oldest first.
#[utoipa::path(get, path = "/api/v1/jobs/{job_id}/competency-models", tag = TAG_JOBS, params(("job_id" = i64, Path)),
    responses((status = 200, body = Vec<CompetencyModel>), (status = 403, body = ErrorBody)), security(("staff" = [])))]
pub async fn competency_models(
    State(state): State<AppState>,
    staff: Staff,
    Path(job_id): Path<i64>,
) -> ApiResult<Json<Vec<CompetencyModel>>> {
    let store = state.engine.store();
    require(&staff, Action::ReadJob, &job_target(store, job_id).await?, &format!("job {job_id}"))?;
    Ok(Json(store.competency_models(job_id).await?))
}

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProposalRequest {
    /// The outcome to fit the weights to (default `performance`).
    #[serde(default)]
    pub measure: OutcomeMeasure,
}

/// Proposes new dimension weights for the job from its hires' outcomes
/// (a non-negative ridge fit towards the current weights), with the
/// composite's validity now and under the proposal, its validity out of
/// sample, and the candidates whose rank would move. Nothing changes until
/// a person accepts it. 409 below 20 hires with outcomes.
#[utoipa::path(post, path = "/api/v1/jobs/{job_id}/weight-proposals", tag = TAG_JOBS, params(("job_id" = i64, Path)),
    request_body = ProposalRequest,
    responses((status = 201, body = WeightProposal), (status = 403, body = ErrorBody),
        (status = 409, description = "Not enough hires with the outcome", body = ErrorBody)),
    security(("staff" = [])))]
pub async fn propose_weights(
    State(state): State<AppState>,
    staff: Staff,
    Path(job_id): Path<i64>,
    Body(request): Body<ProposalRequest>,
) -> ApiResult<(StatusCode, Json<WeightProposal>)> {
    let store = state.engine.store();
    require(&staff, Action::ManageModel, &job_target(store, job_id).await?, &format!("job {job_id}"))?;
    let actor = staff.actor();
    let by = AuditBy { actor: &actor, origin: &staff.origin };
    Ok((StatusCode::CREATED, Json(state.engine.propose_weights(job_id, request.measure, by).await?)))
}

/// A job's weight proposals, newest first.
#[utoipa::path(get, path = "/api/v1/jobs/{job_id}/weight-proposals", tag = TAG_JOBS, params(("job_id" = i64, Path)),
    responses((status = 200, body = Vec<WeightProposal>), (status = 403, body = ErrorBody)), security(("staff" = [])))]
pub async fn weight_proposals(
    State(state): State<AppState>,
    staff: Staff,
    Path(job_id): Path<i64>,
) -> ApiResult<Json<Vec<WeightProposal>>> {
    let store = state.engine.store();
    require(&staff, Action::ManageModel, &job_target(store, job_id).await?, &format!("job {job_id}"))?;
    Ok(Json(store.weight_proposals(job_id).await?))
}

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Decision {
    /// Why, kept with the decision.
    #[serde(default)]
    pub note: String,
}

async fn proposal_for(state: &AppState, staff: &Staff, id: i64) -> ApiResult<WeightProposal> {
    let store = state.engine.store();
    let proposal = store.weight_proposal(id).await?;
    require(staff, Action::ManageModel, &job_target(store, proposal.job_id).await?, &format!("proposal {id}"))?;
    Ok(proposal)
}

/// Accepts a proposal: its weights become the job's next competency model
/// version (thresholds unchanged). Interviews already scored keep the
/// version they were scored with.
#[utoipa::path(post, path = "/api/v1/weight-proposals/{proposal_id}/accept", tag = TAG_JOBS,
    params(("proposal_id" = i64, Path)), request_body = Decision,
    responses((status = 200, body = CompetencyModel), (status = 403, body = ErrorBody),
        (status = 409, description = "Decided already, or the model changed since", body = ErrorBody)),
    security(("staff" = [])))]
pub async fn accept_weights(
    State(state): State<AppState>,
    staff: Staff,
    Path(proposal_id): Path<i64>,
    Body(decision): Body<Decision>,
) -> ApiResult<Json<CompetencyModel>> {
    proposal_for(&state, &staff, proposal_id).await?;
    if decision.note.chars().count() > 2000 {
        return Err(ApiError::invalid("note", "must be at most 2,000 characters"));
    }
    let actor = staff.actor();
    let by = AuditBy { actor: &actor, origin: &staff.origin };
    Ok(Json(state.engine.store().accept_weights(proposal_id, &decision.note, state.now(), by).await?))
}

/// Rejects a proposal; the model stays as it is.
#[utoipa::path(post, path = "/api/v1/weight-proposals/{proposal_id}/reject", tag = TAG_JOBS,
    params(("proposal_id" = i64, Path)), request_body = Decision,
    responses((status = 200, body = WeightProposal), (status = 403, body = ErrorBody),
        (status = 409, description = "Decided already", body = ErrorBody)),
    security(("staff" = [])))]
pub async fn reject_weights(
    State(state): State<AppState>,
    staff: Staff,
    Path(proposal_id): Path<i64>,
    Body(decision): Body<Decision>,
) -> ApiResult<Json<WeightProposal>> {
    proposal_for(&state, &staff, proposal_id).await?;
    if decision.note.chars().count() > 2000 {
        return Err(ApiError::invalid("note", "must be at most 2,000 characters"));
    }
    let actor = staff.actor();
    let by = AuditBy { actor: &actor, origin: &staff.origin };
    Ok(Json(state.engine.store().reject_weights(proposal_id, &decision.note, state.now(), by).await?))
}

/// Replays a scored interview: its stored answers scored again by the
/// rubric plugin versions and configurations that scored it, against the
/// competency model version it was scored with, compared with what was
/// stored. 409 when it was scored before that was kept, or a plugin
/// version it used is no longer installed.
#[utoipa::path(post, path = "/api/v1/sessions/{session_id}/replay", tag = TAG_JOBS, params(("session_id" = i64, Path)),
    responses((status = 200, body = Replay), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)),
    security(("staff" = [])))]
pub async fn replay_session(
    State(state): State<AppState>,
    staff: Staff,
    Path(session_id): Path<i64>,
) -> ApiResult<Json<Replay>> {
    require_on_session(state.engine.store(), &staff, Action::Score, session_id).await?;
    let replay = state.engine.replay(session_id).await?;
    let detail = if replay.identical { "identical" } else { "differs" };
    state
        .engine
        .store()
        .audit(&staff.actor(), "session.replay", &format!("session:{session_id}"), detail, &staff.origin)
        .await?;
    Ok(Json(replay))
}

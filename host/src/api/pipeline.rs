//! The candidate's pipeline: stage moves and their history, interviewer
//! scorecards beside the AI interview's scores, and the outbox's deliveries
//! (status, dead-letter list, replay).

use std::collections::BTreeMap;

use axum::Json;
use axum::extract::State;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::access::{Action, organisation_target, require, require_on_application};
use super::auth::Staff;
use super::error::{ApiError, ApiResult, Body, ErrorBody, Params, Path};
use super::{AppState, TAG_PIPELINE};
use crate::engine::MoveReason;
use crate::pipeline::{Mover, Stage};
use crate::store::{AuditBy, DeliveryStatus, FeedbackSla, Scorecard, Transition};

/// A stage move a person asks for.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StageMove {
    pub to: Stage,
    /// Why, kept with the transition (shown to staff, not in the audit log).
    #[serde(default)]
    pub reason: String,
    /// What the candidate may be told about it, in the message on their
    /// result (e.g. a rejection's thank-you); empty: the message gives none.
    #[serde(default)]
    pub candidate_reason: String,
}

/// Moves an application to another stage. Refused (409, naming the rule)
/// when the job's pipeline does not allow it: skipping a stage, an offer
/// before the required human rounds, anything from a closed stage.
#[utoipa::path(post, path = "/api/v1/applications/{application_id}/stage", tag = TAG_PIPELINE,
    params(("application_id" = i64, Path)), request_body = StageMove,
    responses((status = 200, body = Transition), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, description = "The move breaks the pipeline's rules", body = ErrorBody)),
    security(("staff" = [])))]
pub async fn move_stage(
    State(state): State<AppState>,
    staff: Staff,
    Path(application_id): Path<i64>,
    Body(request): Body<StageMove>,
) -> ApiResult<Json<Transition>> {
    let store = state.engine.store();
    require_on_application(store, &staff, Action::MoveStage, application_id).await?;
    if request.reason.chars().count() > 2000 {
        return Err(ApiError::invalid("reason", "must be at most 2,000 characters"));
    }
    if request.candidate_reason.chars().count() > 500 {
        return Err(ApiError::invalid(
            "candidate_reason",
            "must be at most 500 characters: a short, respectful reason",
        ));
    }
    let actor = staff.actor();
    let by = AuditBy { actor: &actor, origin: &staff.origin };
    let reason = MoveReason { staff: request.reason.trim(), candidate: request.candidate_reason.trim() };
    let transition = state.engine.move_stage(application_id, request.to, Mover::Person, reason, by).await?;
    Ok(Json(transition))
}

/// An application's stage changes, oldest first.
#[utoipa::path(get, path = "/api/v1/applications/{application_id}/transitions", tag = TAG_PIPELINE,
    params(("application_id" = i64, Path)),
    responses((status = 200, body = Vec<Transition>), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)),
    security(("staff" = [])))]
pub async fn transitions(
    State(state): State<AppState>,
    staff: Staff,
    Path(application_id): Path<i64>,
) -> ApiResult<Json<Vec<Transition>>> {
    let store = state.engine.store();
    require_on_application(store, &staff, Action::ReadCandidate, application_id).await?;
    Ok(Json(store.transitions(application_id).await?))
}

/// An interviewer's scorecard for a human round.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ScorecardRequest {
    /// 1 for the first human round.
    pub round: i64,
    /// Score per dimension id of the job's competency model, 0–10.
    pub scores: BTreeMap<String, f32>,
    /// `advance`, `hold` or `reject`.
    pub recommendation: String,
    #[serde(default)]
    pub notes: String,
}

/// Submits (or corrects) the caller's scorecard for a round.
#[utoipa::path(put, path = "/api/v1/applications/{application_id}/scorecards", tag = TAG_PIPELINE,
    params(("application_id" = i64, Path)), request_body = ScorecardRequest,
    responses((status = 200, body = Scorecard), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 422, body = ErrorBody)),
    security(("staff" = [])))]
pub async fn submit_scorecard(
    State(state): State<AppState>,
    staff: Staff,
    Path(application_id): Path<i64>,
    Body(request): Body<ScorecardRequest>,
) -> ApiResult<Json<Scorecard>> {
    let store = state.engine.store();
    require_on_application(store, &staff, Action::SubmitScorecard, application_id).await?;
    let card = Scorecard {
        application_id,
        round: request.round,
        user_id: staff.user.id,
        scores: request.scores,
        recommendation: request.recommendation,
        notes: request.notes,
        submitted_at: 0,
    };
    let actor = staff.actor();
    let by = AuditBy { actor: &actor, origin: &staff.origin };
    Ok(Json(state.engine.submit_scorecard(card, by).await?))
}

/// One dimension seen by the AI interview and by the human rounds.
#[derive(Debug, Serialize, ToSchema)]
pub struct DimensionComparison {
    pub dimension: String,
    /// The AI interview's score, when it has one.
    pub ai: Option<f32>,
    /// The mean of the human scorecards' scores, when any.
    pub human: Option<f32>,
    /// `human - ai`, when both exist.
    pub difference: Option<f32>,
}

/// The scorecards, and AI and human scores side by side.
#[derive(Debug, Serialize, ToSchema)]
pub struct Scorecards {
    pub scorecards: Vec<Scorecard>,
    pub comparison: Vec<DimensionComparison>,
}

/// An application's scorecards, with each dimension's AI and human scores
/// side by side, so HR sees where they differ.
#[utoipa::path(get, path = "/api/v1/applications/{application_id}/scorecards", tag = TAG_PIPELINE,
    params(("application_id" = i64, Path)),
    responses((status = 200, body = Scorecards), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)),
    security(("staff" = [])))]
pub async fn scorecards(
    State(state): State<AppState>,
    staff: Staff,
    Path(application_id): Path<i64>,
) -> ApiResult<Json<Scorecards>> {
    let store = state.engine.store();
    require_on_application(store, &staff, Action::ReadReport, application_id).await?;
    let application = store.application(application_id).await?;
    let job = store.job(application.job_id).await?;
    let scorecards = store.scorecards(application_id).await?;
    let mut ai = std::collections::HashMap::new();
    for session in store.sessions_of_application(application_id).await?.iter().rev() {
        if let Some(stored) = store.recommendation(session.id).await? {
            ai = stored.recommendation.dimensions.iter().filter_map(|d| Some((d.id.clone(), d.score?))).collect();
            break;
        }
    }
    let comparison = job
        .profile
        .dimensions
        .iter()
        .map(|d| {
            let human: Vec<f32> = scorecards.iter().filter_map(|c| c.scores.get(&d.id).copied()).collect();
            let human = (!human.is_empty()).then(|| human.iter().sum::<f32>() / human.len() as f32);
            let ai = ai.get(&d.id).copied();
            let difference = ai.zip(human).map(|(a, h)| h - a);
            DimensionComparison { dimension: d.id.clone(), ai, human, difference }
        })
        .collect();
    Ok(Json(Scorecards { scorecards, comparison }))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DeliveriesQuery {
    /// `pending`, `delivered` or `dead` (the dead-letter list).
    pub state: String,
    /// At most this many, newest first (default 100, at most 1,000).
    pub limit: Option<i64>,
}

/// The outbox's deliveries in one state: the dead-letter list with
/// `state=dead`.
#[utoipa::path(get, path = "/api/v1/deliveries", tag = TAG_PIPELINE, params(DeliveriesQuery),
    responses((status = 200, body = Vec<DeliveryStatus>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 422, body = ErrorBody)),
    security(("staff" = [])))]
pub async fn deliveries(
    State(state): State<AppState>,
    staff: Staff,
    Params(query): Params<DeliveriesQuery>,
) -> ApiResult<Json<Vec<DeliveryStatus>>> {
    require(&staff, Action::ManageDeliveries, &organisation_target(&staff), "the outbox")?;
    if !["pending", "delivered", "dead"].contains(&query.state.as_str()) {
        return Err(ApiError::invalid("state", "must be pending, delivered or dead"));
    }
    let limit = query.limit.unwrap_or(100).clamp(1, 1000);
    Ok(Json(state.engine.store().deliveries(staff.user.organisation_id, &query.state, limit).await?))
}

/// Sends a dead-lettered delivery again, from its first attempt (after the
/// other system or the plugin's configuration was fixed).
#[utoipa::path(post, path = "/api/v1/deliveries/{delivery_id}/replay", tag = TAG_PIPELINE,
    params(("delivery_id" = i64, Path)),
    responses((status = 200, body = DeliveryStatus), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, description = "The delivery is not dead", body = ErrorBody)),
    security(("staff" = [])))]
pub async fn replay(
    State(state): State<AppState>,
    staff: Staff,
    Path(delivery_id): Path<i64>,
) -> ApiResult<Json<DeliveryStatus>> {
    require(&staff, Action::ManageDeliveries, &organisation_target(&staff), "the outbox")?;
    let store = state.engine.store();
    let status = store.replay_delivery(staff.user.organisation_id, delivery_id, state.now()).await?;
    let actor = staff.actor();
    store
        .audit(&actor, "delivery.replay", &format!("delivery:{delivery_id}"), &status.plugin_id, &staff.origin)
        .await?;
    Ok(Json(status))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SlaQuery {
    /// The SLA in hours (default 24).
    pub hours: Option<f64>,
    /// How far back to look, in days (default 30).
    pub days: Option<f64>,
}

/// How quickly candidates hear their result: results given, messages
/// delivered through the bound notifiers, how many within the SLA, how many
/// overdue, and the median and worst delays.
#[utoipa::path(get, path = "/api/v1/feedback-sla", tag = TAG_PIPELINE, params(SlaQuery),
    responses((status = 200, body = FeedbackSla), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 422, body = ErrorBody)),
    security(("staff" = [])))]
pub async fn feedback_sla(
    State(state): State<AppState>,
    staff: Staff,
    Params(query): Params<SlaQuery>,
) -> ApiResult<Json<FeedbackSla>> {
    require(&staff, Action::ManageDeliveries, &organisation_target(&staff), "the outbox")?;
    let hours = query.hours.unwrap_or(24.0);
    if !(hours.is_finite() && hours > 0.0 && hours <= 24.0 * 30.0) {
        return Err(ApiError::invalid("hours", "must be above 0 and at most 720"));
    }
    let days = query.days.unwrap_or(30.0);
    if !(days.is_finite() && days > 0.0 && days <= 366.0) {
        return Err(ApiError::invalid("days", "must be above 0 and at most 366"));
    }
    let kinds: Vec<&str> =
        Stage::ALL.into_iter().filter(|s| s.candidate_message().is_some()).map(Stage::event_kind).collect();
    let now = state.now();
    let since = now - (days * 86_400_000.0) as i64;
    let sla_ms = (hours * 3_600_000.0) as i64;
    Ok(Json(state.engine.store().feedback_sla(staff.user.organisation_id, &kinds, since, now, sla_ms).await?))
}

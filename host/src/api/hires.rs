//! Offers and departures: the terms HR offers a candidate, which the
//! connectors that set up a new hire's records (payroll, directory, HRIS,
//! training) receive with the hire, and a hire's leaving.

use axum::Json;
use axum::extract::State;
use serde::Deserialize;
use utoipa::ToSchema;

use super::access::{Action, require_on_application};
use super::auth::Staff;
use super::error::{ApiError, ApiResult, Body, ErrorBody, Path};
use super::{AppState, TAG_PIPELINE};
use crate::store::{AuditBy, Departure, Offer, OfferTerms};

/// Records or corrects the offer of an application: start date, grade,
/// salary, cost centre, and where known the employee number, manager, work
/// email and location. Sent with `offer.made`, `candidate.hired` and later
/// events to the connectors bound to the job. Salary is personal data: only
/// HR and administrators may read or write it, and the audit log records
/// that the offer changed, not its terms.
#[utoipa::path(put, path = "/api/v1/applications/{application_id}/offer", tag = TAG_PIPELINE,
    params(("application_id" = i64, Path)), request_body = OfferTerms,
    responses((status = 200, body = Offer), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 422, description = "A field is wrong; the error names it", body = ErrorBody)),
    security(("staff" = [])))]
pub async fn put_offer(
    State(state): State<AppState>,
    staff: Staff,
    Path(application_id): Path<i64>,
    Body(terms): Body<OfferTerms>,
) -> ApiResult<Json<Offer>> {
    require_on_application(state.engine.store(), &staff, Action::ManageOffer, application_id).await?;
    let actor = staff.actor();
    let by = AuditBy { actor: &actor, origin: &staff.origin };
    Ok(Json(state.engine.record_offer(application_id, &terms, by).await?))
}

/// The offer recorded for an application.
#[utoipa::path(get, path = "/api/v1/applications/{application_id}/offer", tag = TAG_PIPELINE,
    params(("application_id" = i64, Path)),
    responses((status = 200, body = Offer), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, description = "No such application, or no offer recorded", body = ErrorBody)),
    security(("staff" = [])))]
pub async fn offer(
    State(state): State<AppState>,
    staff: Staff,
    Path(application_id): Path<i64>,
) -> ApiResult<Json<Offer>> {
    let store = state.engine.store();
    require_on_application(store, &staff, Action::ManageOffer, application_id).await?;
    let offer = store.offer(application_id).await?;
    offer.map(Json).ok_or_else(|| ApiError::not_found(&format!("an offer for application {application_id}")))
}

/// A hire's leaving.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DepartureRequest {
    /// Last working day, `YYYY-MM-DD`.
    pub last_day: String,
    /// Why: `voluntary`, `involuntary`, `contract-end` or `other` (the
    /// analytics read it beside the interview; no free text, which could
    /// hold what should not be kept).
    #[serde(default)]
    pub reason: Option<String>,
}

/// Records that a hire (onboarding, probation or regular) leaves, and sends
/// `employee.left` to the connectors bound to the job (e.g. to deactivate
/// their directory account). Once per application.
#[utoipa::path(post, path = "/api/v1/applications/{application_id}/departure", tag = TAG_PIPELINE,
    params(("application_id" = i64, Path)), request_body = DepartureRequest,
    responses((status = 200, body = Departure), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, description = "Already recorded", body = ErrorBody),
        (status = 422, description = "Not a hire, or a wrong date", body = ErrorBody)),
    security(("staff" = [])))]
pub async fn record_departure(
    State(state): State<AppState>,
    staff: Staff,
    Path(application_id): Path<i64>,
    Body(request): Body<DepartureRequest>,
) -> ApiResult<Json<Departure>> {
    require_on_application(state.engine.store(), &staff, Action::MoveStage, application_id).await?;
    let actor = staff.actor();
    let by = AuditBy { actor: &actor, origin: &staff.origin };
    let reason = request.reason.as_deref().unwrap_or("");
    Ok(Json(state.engine.record_departure(application_id, &request.last_day, reason, by).await?))
}

/// The departure recorded for a hire, if any (404 when none is).
#[utoipa::path(get, path = "/api/v1/applications/{application_id}/departure", tag = TAG_PIPELINE,
    params(("application_id" = i64, Path)),
    responses((status = 200, body = Departure), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, description = "No such application, or no departure recorded", body = ErrorBody)),
    security(("staff" = [])))]
pub async fn departure(
    State(state): State<AppState>,
    staff: Staff,
    Path(application_id): Path<i64>,
) -> ApiResult<Json<Departure>> {
    require_on_application(state.engine.store(), &staff, Action::ReadCandidate, application_id).await?;
    let recorded = state.engine.store().departure(application_id).await?;
    recorded.map(Json).ok_or_else(|| ApiError::not_found(&format!("a departure for application {application_id}")))
}

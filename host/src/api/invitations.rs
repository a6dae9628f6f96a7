//! Following invitations up: the candidates who have not started, and
//! extending a window (re-inviting is a new invitation).

use axum::Json;
use axum::extract::State;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::access::{Action, application_target, job_target, require};
use super::auth::Staff;
use super::error::{ApiError, ApiResult, Body, ErrorBody, Path};
use super::{AppState, TAG_CANDIDATES};
use crate::engine::Invited;
use crate::store::{AuditBy, Invitation, NotStarted};

/// An invitation with the candidate's link.
#[derive(Debug, Serialize, ToSchema)]
pub struct InvitationLink {
    pub invitation: Invitation,
    /// The candidate's token, signed and expiring a few days after the
    /// window closes; it is not stored, and the same invitation and window
    /// always give the same one.
    pub token: String,
    /// The link to send the candidate (the job's notifiers send it already).
    pub link: String,
}

impl From<Invited> for InvitationLink {
    fn from(invited: Invited) -> Self {
        Self { invitation: invited.invitation, token: invited.token, link: invited.link }
    }
}

/// The job's invited candidates who have not started their interview, the
/// soonest-closing window first (and those whose window closed unused).
#[utoipa::path(get, path = "/api/v1/jobs/{job_id}/not-started", tag = TAG_CANDIDATES,
    params(("job_id" = i64, Path)),
    responses((status = 200, body = Vec<NotStarted>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody)),
    security(("staff" = [])))]
pub async fn not_started(
    State(state): State<AppState>,
    staff: Staff,
    Path(job_id): Path<i64>,
) -> ApiResult<Json<Vec<NotStarted>>> {
    let store = state.engine.store();
    require(&staff, Action::Invite, &job_target(store, job_id).await?, &format!("job {job_id}"))?;
    let list = store.not_started(job_id, state.now()).await?;
    store.audit(&staff.actor(), "invitations.read", &format!("job:{job_id}"), "not started", &staff.origin).await?;
    Ok(Json(list))
}

/// How much longer the window stays open.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Extension {
    /// Hours added to the window's end (or to now, if it has closed), up to 30 days.
    pub hours: f64,
}

/// Extends an invitation's window. The candidate's earlier link keeps
/// working; the job's notifiers send them the new window with a link that
/// lasts as long, and the reminders follow the new end.
#[utoipa::path(post, path = "/api/v1/invitations/{invitation_id}/extend", tag = TAG_CANDIDATES,
    params(("invitation_id" = i64, Path)), request_body = Extension,
    responses((status = 200, body = InvitationLink), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("staff" = [])))]
pub async fn extend(
    State(state): State<AppState>,
    staff: Staff,
    Path(invitation_id): Path<i64>,
    Body(request): Body<Extension>,
) -> ApiResult<Json<InvitationLink>> {
    let store = state.engine.store();
    let invitation = store.invitation(invitation_id).await?;
    let target = application_target(store, invitation.application_id, &staff).await?;
    require(&staff, Action::Invite, &target, &format!("invitation {invitation_id}"))?;
    if !(request.hours.is_finite() && request.hours > 0.0 && request.hours <= 24.0 * 30.0) {
        return Err(ApiError::invalid("hours", "must be above 0 and at most 720 (30 days)"));
    }
    let from = invitation.closes_at.max(state.now());
    let closes_at = from.saturating_add((request.hours * 3_600_000.0) as i64);
    let actor = staff.actor();
    let by = AuditBy { actor: &actor, origin: &staff.origin };
    Ok(Json(state.engine.extend_invitation(invitation_id, closes_at, by).await?.into()))
}

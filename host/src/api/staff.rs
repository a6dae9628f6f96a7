//! Who works where: the staff directory people need to assign interviewers,
//! and who is assigned to an application.

use axum::Json;
use axum::extract::State;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::access::{Action, may_give_work_to, require_on_application};
use super::auth::Staff;
use super::error::{ApiError, ApiResult, ErrorBody, Params, Path};
use super::{AppState, TAG_CANDIDATES};
use crate::store::{Role, User};

/// A member of staff as colleagues see them: no email, no sign-in details.
#[derive(Debug, Serialize, ToSchema)]
pub struct Colleague {
    pub id: i64,
    pub name: String,
    pub role: Role,
    /// The part of the org tree they work in; `None`: the whole organisation.
    pub unit_id: Option<i64>,
}

impl From<User> for Colleague {
    fn from(user: User) -> Self {
        Self { id: user.id, name: user.name, role: user.role, unit_id: user.unit_id }
    }
}

#[derive(Debug, Deserialize)]
pub struct StaffQuery {
    /// Only this role, e.g. `interviewer`.
    pub role: Option<Role>,
}

/// The staff the caller may assign work to: those in the caller's part of
/// the org tree (and those working organisation-wide). For administrators,
/// HR and department heads; interviewers get 403.
#[utoipa::path(get, path = "/api/v1/staff", tag = TAG_CANDIDATES,
    params(("role" = Option<String>, Query, description = "Only this role: admin, hr, department-head, interviewer or compliance")),
    responses((status = 200, body = Vec<Colleague>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 422, body = ErrorBody)),
    security(("staff" = [])))]
pub async fn staff(
    State(state): State<AppState>,
    caller: Staff,
    Params(query): Params<StaffQuery>,
) -> ApiResult<Json<Vec<Colleague>>> {
    if caller.user.role == Role::Interviewer {
        return Err(ApiError::forbidden("interviewers do not assign work"));
    }
    let store = state.engine.store();
    let mut colleagues = Vec::new();
    for user in store.users(caller.user.organisation_id).await? {
        if query.role.is_some_and(|role| role != user.role) {
            continue;
        }
        if may_give_work_to(store, &caller.user, &user).await? {
            colleagues.push(user.into());
        }
    }
    Ok(Json(colleagues))
}

/// The interviewers assigned to an application.
#[utoipa::path(get, path = "/api/v1/applications/{application_id}/interviewers", tag = TAG_CANDIDATES,
    params(("application_id" = i64, Path)),
    responses((status = 200, body = Vec<Colleague>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody)),
    security(("staff" = [])))]
pub async fn interviewers(
    State(state): State<AppState>,
    caller: Staff,
    Path(application_id): Path<i64>,
) -> ApiResult<Json<Vec<Colleague>>> {
    let store = state.engine.store();
    require_on_application(store, &caller, Action::ReadReport, application_id).await?;
    Ok(Json(store.assigned_interviewers(application_id).await?.into_iter().map(Into::into).collect()))
}

//! The organisation tree, staff accounts and the audit log.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::access::{Action, organisation_target, require, unit_target};
use super::auth::{Staff, check_password};
use super::error::{ApiError, ApiResult, Body, ErrorBody, Params};
use super::passwords::HashingError;
use super::{AppState, TAG_ORG};
use crate::store::{AuditEntry, AuditVerification, NewUser, OrgUnit, RegionPolicy, Role, StoreError, UnitKind, User};

#[derive(Debug, Serialize, ToSchema)]
pub struct Organisation {
    pub id: i64,
    pub name: String,
    /// Regions, branches and departments, parents before children.
    pub units: Vec<OrgUnit>,
}

/// The caller's organisation and its tree.
#[utoipa::path(get, path = "/api/v1/org", tag = TAG_ORG,
    responses((status = 200, body = Organisation), (status = 401, body = ErrorBody)), security(("staff" = [])))]
pub async fn organisation(State(state): State<AppState>, staff: Staff) -> ApiResult<Json<Organisation>> {
    require(&staff, Action::ReadOrg, &organisation_target(&staff), "the organisation")?;
    let store = state.engine.store();
    let id = staff.user.organisation_id;
    Ok(Json(Organisation { id, name: store.organisation_name(id).await?, units: store.units(id).await? }))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewUnit {
    /// A branch's region or a department's branch; none for a region.
    #[serde(default)]
    pub parent_id: Option<i64>,
    pub kind: UnitKind,
    pub name: String,
    /// Only meaningful on regions.
    #[serde(default)]
    pub policy: RegionPolicy,
}

/// Add a region, branch or department (admin).
#[utoipa::path(post, path = "/api/v1/org/units", tag = TAG_ORG, request_body = NewUnit,
    responses((status = 201, body = OrgUnit), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("staff" = [])))]
pub async fn create_unit(
    State(state): State<AppState>,
    staff: Staff,
    Body(unit): Body<NewUnit>,
) -> ApiResult<(StatusCode, Json<OrgUnit>)> {
    require(&staff, Action::ManageOrg, &organisation_target(&staff), "the organisation")?;
    if unit.name.trim().is_empty() {
        return Err(ApiError::invalid("name", "must not be empty"));
    }
    let store = state.engine.store();
    if let Some(parent) = unit.parent_id {
        let target = unit_target(store, parent).await.map_err(|_| ApiError::invalid("parent_id", "no such unit"))?;
        if target.organisation_id != staff.user.organisation_id {
            return Err(ApiError::invalid("parent_id", "no such unit"));
        }
    }
    let id = store
        .create_unit(staff.user.organisation_id, unit.parent_id, unit.kind, unit.name.trim(), unit.policy)
        .await
        .map_err(|e| match e {
            StoreError::Conflict(message) => ApiError::invalid("parent_id", message),
            other => other.into(),
        })?;
    store.audit(&staff.actor(), "org.unit.create", &format!("unit:{id}"), unit.kind.as_str(), &staff.origin).await?;
    Ok((StatusCode::CREATED, Json(store.unit(id).await?)))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewStaff {
    pub email: String,
    pub name: String,
    /// At least 10 characters; stored only as an argon2id hash.
    pub password: String,
    pub role: Role,
    /// Where they work; none for the whole organisation.
    #[serde(default)]
    pub unit_id: Option<i64>,
}

/// Add a staff account (admin).
#[utoipa::path(post, path = "/api/v1/users", tag = TAG_ORG, request_body = NewStaff,
    responses((status = 201, body = User), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody),
        (status = 422, body = ErrorBody)),
    security(("staff" = [])))]
pub async fn create_user(
    State(state): State<AppState>,
    staff: Staff,
    Body(new): Body<NewStaff>,
) -> ApiResult<(StatusCode, Json<User>)> {
    require(&staff, Action::ManageOrg, &organisation_target(&staff), "the organisation")?;
    check_password(&new.password)?;
    if new.role == Role::Compliance && new.unit_id.is_some() {
        return Err(ApiError::invalid(
            "unit_id",
            "compliance works organisation-wide (the audit trail, the adverse-impact report, access and erasure \
             requests): leave unit_id out",
        ));
    }
    if new.role == Role::DepartmentHead {
        let unit = match new.unit_id {
            Some(id) => state.engine.store().unit(id).await.ok(),
            None => None,
        };
        if unit.is_none_or(|u| u.kind != UnitKind::Department) {
            return Err(ApiError::invalid("unit_id", "a department head needs the id of their department"));
        }
    }
    let hash = state.passwords.hash(new.password).await.map_err(|e| match e {
        HashingError::Busy => ApiError::busy("the server is checking many passwords at once; try again in a moment", 1),
        HashingError::Unavailable => ApiError::internal(&e),
    })?;
    let store = state.engine.store();
    let id = store
        .create_user(&NewUser {
            organisation_id: staff.user.organisation_id,
            email: &new.email,
            name: &new.name,
            password_hash: &hash,
            role: new.role,
            unit_id: new.unit_id,
        })
        .await?;
    store.audit(&staff.actor(), "user.create", &format!("user:{id}"), new.role.as_str(), &staff.origin).await?;
    Ok((StatusCode::CREATED, Json(store.user(id).await?)))
}

#[derive(Debug, Deserialize)]
pub struct AuditQuery {
    /// e.g. `candidate:12`, `session:40`, `application:7`.
    pub subject: String,
}

/// The audit trail of one subject, oldest first (administrators and
/// compliance): the entries of the caller's organisation's chain, so the
/// trail of a candidate since erased still reads.
#[utoipa::path(get, path = "/api/v1/audit", tag = TAG_ORG,
    params(("subject" = String, Query, description = "`candidate:<id>`, `application:<id>`, `session:<id>`, `user:<id>` or `unit:<id>`")),
    responses((status = 200, body = Vec<AuditEntry>), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody)), security(("staff" = [])))]
pub async fn audit_trail(
    State(state): State<AppState>,
    staff: Staff,
    Params(query): Params<AuditQuery>,
) -> ApiResult<Json<Vec<AuditEntry>>> {
    require(&staff, Action::ReadAudit, &organisation_target(&staff), "the audit log")?;
    let organisation = staff.user.organisation_id;
    // Entries sealed before chains were per organisation are in the
    // platform's chain: shown while the subject is still known to be this
    // organisation's (an admin of another organisation never reads them).
    let owned = subject_in_organisation(&state, &query.subject, organisation).await?;
    let trail = state.engine.store().audit_trail_in(organisation, &query.subject, owned).await?;
    if trail.is_empty() && !owned {
        return Err(ApiError::not_found(&query.subject));
    }
    Ok(Json(trail))
}

/// Whether `subject` (which must be well formed) is this organisation's now.
async fn subject_in_organisation(state: &AppState, subject: &str, organisation_id: i64) -> ApiResult<bool> {
    let bad = || {
        ApiError::invalid("subject", "must be candidate:<id>, application:<id>, session:<id>, user:<id> or unit:<id>")
    };
    let (kind, id) = subject.split_once(':').ok_or_else(bad)?;
    if !matches!(kind, "candidate" | "application" | "session" | "user" | "unit") || id.parse::<i64>().is_err() {
        return Err(bad());
    }
    Ok(state.engine.store().organisation_of(subject).await? == Some(organisation_id))
}

/// Verify the caller's organisation's audit chain (administrators and
/// compliance): what `panel audit verify --organisation` prints, for those
/// who do not run the server. Positions only; the log is not quoted.
#[utoipa::path(get, path = "/api/v1/audit/verify", tag = TAG_ORG,
    responses((status = 200, body = AuditVerification), (status = 403, body = ErrorBody)), security(("staff" = [])))]
pub async fn audit_verify(State(state): State<AppState>, staff: Staff) -> ApiResult<Json<AuditVerification>> {
    require(&staff, Action::ReadAudit, &organisation_target(&staff), "the audit log")?;
    let store = state.engine.store();
    let report = store.verify_audit_chain(staff.user.organisation_id, None).await?;
    store
        .audit(
            &staff.actor(),
            "audit.verify",
            &format!("organisation:{}", staff.user.organisation_id),
            "",
            &staff.origin,
        )
        .await?;
    Ok(Json(report))
}

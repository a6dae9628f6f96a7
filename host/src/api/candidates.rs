//! Candidates applying for a job, invitations and interviewer assignments.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::access::{
    Action, allowed, application_target, candidate_match_scope, job_target, may_give_work_to, require,
    require_candidate, require_on_application,
};
use super::auth::Staff;
use super::error::{ApiError, ApiResult, Body, ErrorBody, Path};
use super::invitations::InvitationLink;
use super::{AppState, TAG_CANDIDATES};
use crate::store::{Application, AuditBy, Candidate, ImportedCandidate, NewCandidate, Role, SessionState};

/// Add a candidate who applies for a job. A known `external_ref` (or,
/// without one, a known email) among the candidates the caller may read finds
/// the existing candidate (200) instead of creating a duplicate (201);
/// candidates outside the caller's departments are never matched.
#[utoipa::path(post, path = "/api/v1/jobs/{job_id}/candidates", tag = TAG_CANDIDATES,
    params(("job_id" = i64, Path)), request_body = NewCandidate,
    responses((status = 201, body = ImportedCandidate), (status = 200, body = ImportedCandidate),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("staff" = [])))]
pub async fn add_candidate(
    State(state): State<AppState>,
    staff: Staff,
    Path(job_id): Path<i64>,
    Body(candidate): Body<NewCandidate>,
) -> ApiResult<(StatusCode, Json<ImportedCandidate>)> {
    let store = state.engine.store();
    require(&staff, Action::AddCandidates, &job_target(store, job_id).await?, &format!("job {job_id}"))?;
    let scope = candidate_match_scope(store, &staff.user).await?;
    let actor = staff.actor();
    let by = AuditBy { actor: &actor, origin: &staff.origin };
    let imported = store.import_candidate(job_id, &candidate, &scope, by).await?;
    let status = if imported.created { StatusCode::CREATED } else { StatusCode::OK };
    Ok((status, Json(imported)))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CandidateView {
    #[serde(flatten)]
    pub candidate: Candidate,
    pub applications: Vec<Application>,
}

/// A candidate's details and the applications the caller may read.
#[utoipa::path(get, path = "/api/v1/candidates/{candidate_id}", tag = TAG_CANDIDATES,
    params(("candidate_id" = i64, Path)),
    responses((status = 200, body = CandidateView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)),
    security(("staff" = [])))]
pub async fn candidate(
    State(state): State<AppState>,
    staff: Staff,
    Path(candidate_id): Path<i64>,
) -> ApiResult<Json<CandidateView>> {
    let store = state.engine.store();
    require_candidate(store, candidate_id, &staff, Action::ReadCandidate).await?;
    // Only the applications the caller may read: an application of another
    // department is that department's business.
    let mut applications = Vec::new();
    for application in store.applications_of_candidate(candidate_id).await? {
        let target = application_target(store, application.id, &staff).await?;
        if allowed(&staff.user, Action::ReadCandidate, &target) == Some(true) {
            applications.push(application);
        }
    }
    let view = CandidateView { candidate: store.candidate(candidate_id).await?, applications };
    store.audit(&staff.actor(), "candidate.read", &format!("candidate:{candidate_id}"), "", &staff.origin).await?;
    Ok(Json(view))
}

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct InvitationRequest {
    /// When the interview may start (Unix ms); default now.
    #[serde(default)]
    pub opens_at: Option<i64>,
    /// How long it stays open, in hours (default from the server's settings, 24).
    #[serde(default)]
    pub window_hours: Option<f64>,
}

/// Invite the candidate of an application to their interview. The job's
/// notifiers send the candidate the link at once, and reminders before the
/// window closes (the job's `reminders_minutes_before`).
#[utoipa::path(post, path = "/api/v1/applications/{application_id}/invitations", tag = TAG_CANDIDATES,
    params(("application_id" = i64, Path)), request_body = InvitationRequest,
    responses((status = 201, body = InvitationLink), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("staff" = [])))]
pub async fn invite(
    State(state): State<AppState>,
    staff: Staff,
    Path(application_id): Path<i64>,
    Body(request): Body<InvitationRequest>,
) -> ApiResult<(StatusCode, Json<InvitationLink>)> {
    let store = state.engine.store();
    require_on_application(store, &staff, Action::Invite, application_id).await?;
    let now = state.now();
    let opens_at = request.opens_at.unwrap_or(now);
    let window_ms = match request.window_hours {
        None => super::ms(state.config.invitation_window),
        Some(h) if h.is_finite() && h > 0.0 && h <= 24.0 * 90.0 => (h * 3_600_000.0) as i64,
        Some(_) => return Err(ApiError::invalid("window_hours", "must be above 0 and at most 2160 (90 days)")),
    };
    if opens_at < now - 60_000 {
        return Err(ApiError::invalid("opens_at", "must not be in the past"));
    }
    let actor = staff.actor();
    let by = AuditBy { actor: &actor, origin: &staff.origin };
    let invited = state.engine.invite(application_id, opens_at, opens_at.saturating_add(window_ms), by).await?;
    Ok((StatusCode::CREATED, Json(invited.into())))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Assignment {
    /// An interviewer of the same organisation.
    pub user_id: i64,
}

/// Assign an interviewer to an application; they can then read the
/// candidate and the interview's report.
#[utoipa::path(post, path = "/api/v1/applications/{application_id}/interviewers", tag = TAG_CANDIDATES,
    params(("application_id" = i64, Path)), request_body = Assignment,
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody)),
    security(("staff" = [])))]
pub async fn assign_interviewer(
    State(state): State<AppState>,
    staff: Staff,
    Path(application_id): Path<i64>,
    Body(assignment): Body<Assignment>,
) -> ApiResult<StatusCode> {
    let store = state.engine.store();
    require_on_application(store, &staff, Action::AssignInterviewer, application_id).await?;
    // Someone the caller may not give work to is not on their staff list
    // either: to them, no such user exists.
    let interviewer = match store.user(assignment.user_id).await.ok() {
        Some(u)
            if u.organisation_id == staff.user.organisation_id && may_give_work_to(store, &staff.user, &u).await? =>
        {
            Some(u)
        }
        _ => None,
    };
    match interviewer {
        Some(u) if u.role == Role::Interviewer => {}
        Some(_) => return Err(ApiError::invalid("user_id", "is not an interviewer")),
        None => return Err(ApiError::invalid("user_id", "no such user among the staff you may assign work to")),
    }
    store.assign(application_id, assignment.user_id).await?;
    store
        .audit(
            &staff.actor(),
            "application.assign",
            &format!("application:{application_id}"),
            &format!("user:{}", assignment.user_id),
            &staff.origin,
        )
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SessionSummary {
    pub id: i64,
    pub state: SessionState,
    pub started_at: i64,
    pub deadline: i64,
    pub finished_at: Option<i64>,
    pub planned_questions: usize,
}

/// The interview sessions of an application, newest first.
#[utoipa::path(get, path = "/api/v1/applications/{application_id}/sessions", tag = TAG_CANDIDATES,
    params(("application_id" = i64, Path)),
    responses((status = 200, body = Vec<SessionSummary>), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody)),
    security(("staff" = [])))]
pub async fn application_sessions(
    State(state): State<AppState>,
    staff: Staff,
    Path(application_id): Path<i64>,
) -> ApiResult<Json<Vec<SessionSummary>>> {
    let store = state.engine.store();
    require_on_application(store, &staff, Action::ReadReport, application_id).await?;
    let sessions = store.sessions_of_application(application_id).await?;
    store.audit(&staff.actor(), "sessions.list", &format!("application:{application_id}"), "", &staff.origin).await?;
    Ok(Json(
        sessions
            .into_iter()
            .map(|s| SessionSummary {
                id: s.id,
                state: s.state,
                started_at: s.started_at,
                deadline: s.deadline,
                finished_at: s.finished_at,
                planned_questions: s.plan.len(),
            })
            .collect(),
    ))
}

//! Jobs with their competency models, their applications and rankings.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::Deserialize;

use super::access::{Action, job_target, jobs_allowed, require, unit_target};
use super::auth::Staff;
use super::error::{ApiError, ApiResult, Body, ErrorBody, Params, Path};
use super::{AppState, TAG_JOBS};
use crate::engine::{Ranking, Top};
use crate::pipeline::PipelineConfig;
use crate::store::{ApplicationSummary, Job, NewJob};

/// The jobs the caller may read.
#[utoipa::path(get, path = "/api/v1/jobs", tag = TAG_JOBS,
    responses((status = 200, body = Vec<Job>), (status = 401, body = ErrorBody)), security(("staff" = [])))]
pub async fn list_jobs(State(state): State<AppState>, staff: Staff) -> ApiResult<Json<Vec<Job>>> {
    Ok(Json(jobs_allowed(state.engine.store(), &staff.user, Action::ReadJob).await?))
}

/// Create a job in a department, with its competency model.
#[utoipa::path(post, path = "/api/v1/jobs", tag = TAG_JOBS, request_body = NewJob,
    responses((status = 201, body = Job), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("staff" = [])))]
pub async fn create_job(
    State(state): State<AppState>,
    staff: Staff,
    Body(job): Body<NewJob>,
) -> ApiResult<(StatusCode, Json<Job>)> {
    let store = state.engine.store();
    job.validate()?;
    let target = match unit_target(store, job.department_id).await {
        Ok(target) => target,
        Err(_) => return Err(ApiError::invalid("department_id", format!("unit {} does not exist", job.department_id))),
    };
    if target.organisation_id != staff.user.organisation_id {
        return Err(ApiError::invalid("department_id", format!("unit {} does not exist", job.department_id)));
    }
    require(&staff, Action::CreateJob, &target, &format!("department {}", job.department_id))?;
    let id = store.create_job(&job).await?;
    store.audit(&staff.actor(), "job.create", &format!("job:{id}"), "", &staff.origin).await?;
    Ok((StatusCode::CREATED, Json(store.job(id).await?)))
}

/// One job.
#[utoipa::path(get, path = "/api/v1/jobs/{job_id}", tag = TAG_JOBS, params(("job_id" = i64, Path)),
    responses((status = 200, body = Job), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)),
    security(("staff" = [])))]
pub async fn job(State(state): State<AppState>, staff: Staff, Path(job_id): Path<i64>) -> ApiResult<Json<Job>> {
    let store = state.engine.store();
    require(&staff, Action::ReadJob, &job_target(store, job_id).await?, &format!("job {job_id}"))?;
    Ok(Json(store.job(job_id).await?))
}

/// Set a job's pipeline: screening, human rounds, background check,
/// probation, and when invited candidates are reminded. Invitations made
/// before keep the reminders they were given.
#[utoipa::path(put, path = "/api/v1/jobs/{job_id}/pipeline", tag = TAG_JOBS, params(("job_id" = i64, Path)),
    request_body = PipelineConfig,
    responses((status = 200, body = Job), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody)),
    security(("staff" = [])))]
pub async fn set_pipeline(
    State(state): State<AppState>,
    staff: Staff,
    Path(job_id): Path<i64>,
    Body(pipeline): Body<PipelineConfig>,
) -> ApiResult<Json<Job>> {
    let store = state.engine.store();
    require(&staff, Action::CreateJob, &job_target(store, job_id).await?, &format!("job {job_id}"))?;
    pipeline.validate().map_err(|(field, message)| ApiError::invalid(field, message))?;
    store.set_job_pipeline(job_id, &pipeline).await?;
    store.audit(&staff.actor(), "job.pipeline", &format!("job:{job_id}"), "", &staff.origin).await?;
    Ok(Json(store.job(job_id).await?))
}

/// The candidates who applied for a job, with their pipeline stage.
#[utoipa::path(get, path = "/api/v1/jobs/{job_id}/applications", tag = TAG_JOBS, params(("job_id" = i64, Path)),
    responses((status = 200, body = Vec<ApplicationSummary>), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody)),
    security(("staff" = [])))]
pub async fn applications(
    State(state): State<AppState>,
    staff: Staff,
    Path(job_id): Path<i64>,
) -> ApiResult<Json<Vec<ApplicationSummary>>> {
    let store = state.engine.store();
    require(&staff, Action::ReadCandidate, &job_target(store, job_id).await?, &format!("job {job_id}"))?;
    let applications = store.applications_for_job(job_id).await?;
    store
        .audit(
            &staff.actor(),
            "applications.list",
            &format!("job:{job_id}"),
            &format!("{} rows", applications.len()),
            &staff.origin,
        )
        .await?;
    Ok(Json(applications))
}

#[derive(Debug, Deserialize)]
pub struct RankingQuery {
    /// The top N percent (0–100]. Give this or `count`; default 10 %.
    pub percent: Option<f32>,
    /// The top K.
    pub count: Option<u32>,
}

/// The top of a job's scored candidates, highest composite first; ties keep
/// the order the interviews started in.
#[utoipa::path(get, path = "/api/v1/jobs/{job_id}/ranking", tag = TAG_JOBS,
    params(("job_id" = i64, Path),
        ("percent" = Option<f32>, Query, description = "The top N percent, (0, 100]; give this or `count`; default 10"),
        ("count" = Option<u32>, Query, description = "The top K")),
    responses((status = 200, body = Ranking), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody)),
    security(("staff" = [])))]
pub async fn ranking(
    State(state): State<AppState>,
    staff: Staff,
    Path(job_id): Path<i64>,
    Params(query): Params<RankingQuery>,
) -> ApiResult<Json<Ranking>> {
    let store = state.engine.store();
    require(&staff, Action::ReadRanking, &job_target(store, job_id).await?, &format!("job {job_id}"))?;
    let top = match (query.percent, query.count) {
        (Some(_), Some(_)) => return Err(ApiError::invalid("count", "give either percent or count, not both")),
        (Some(p), None) => Top::Percent(p),
        (None, Some(k)) => Top::Count(k),
        (None, None) => Top::Percent(10.0),
    };
    let ranking = state.engine.rank(job_id, top).await?;
    store
        .audit(
            &staff.actor(),
            "ranking.read",
            &format!("job:{job_id}"),
            &format!("{} rows", ranking.rows.len()),
            &staff.origin,
        )
        .await?;
    Ok(Json(ranking))
}

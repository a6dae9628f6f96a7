//! The live dashboard: what HR watches during the day, over the jobs the
//! caller may see candidates of.

use axum::Json;
use axum::extract::State;
use serde::Deserialize;

use super::access::{Action, jobs_allowed};
use super::auth::Staff;
use super::error::{ApiError, ApiResult, ErrorBody, Params};
use super::{AppState, TAG_RESULTS};
use crate::store::{Dashboard, DashboardQuery};

const HOUR_MS: i64 = 3_600_000;

#[derive(Debug, Deserialize)]
pub struct DashboardParams {
    /// Start of "today" in the viewer's time zone (Unix ms); default 24 hours ago.
    pub since: Option<i64>,
    /// Invitations closing within this many hours count as about to expire; default 48.
    pub expiring_within_hours: Option<u32>,
}

/// The applications assigned to the caller as interviewer; and over every
/// job whose candidates the caller may read, interviews in progress,
/// completed since `since`, scored and waiting for review, waiting for a
/// transcript of a recorded answer, and invitations about to expire unused:
/// counts, and the first 25 of each.
#[utoipa::path(get, path = "/api/v1/dashboard", tag = TAG_RESULTS,
    params(
        ("since" = Option<i64>, Query, description = "Start of today in the viewer's time zone (Unix ms); default 24 h ago"),
        ("expiring_within_hours" = Option<u32>, Query, description = "What counts as about to expire; default 48, at most 720")),
    responses((status = 200, body = Dashboard), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("staff" = [])))]
pub async fn dashboard(
    State(state): State<AppState>,
    staff: Staff,
    Params(params): Params<DashboardParams>,
) -> ApiResult<Json<Dashboard>> {
    let now = state.now();
    let hours = params.expiring_within_hours.unwrap_or(48);
    if hours == 0 || hours > 720 {
        return Err(ApiError::invalid("expiring_within_hours", "must be between 1 and 720"));
    }
    let since = params.since.unwrap_or(now - 24 * HOUR_MS);
    if since > now {
        return Err(ApiError::invalid("since", "must not be in the future"));
    }
    let store = state.engine.store();
    let job_ids: Vec<i64> =
        jobs_allowed(store, &staff.user, Action::ReadCandidate).await?.iter().map(|job| job.id).collect();
    let dashboard = store
        .dashboard(DashboardQuery {
            user_id: staff.user.id,
            job_ids: &job_ids,
            now,
            since,
            expiring_before: now + i64::from(hours) * HOUR_MS,
        })
        .await?;
    let shown = [
        &dashboard.assigned,
        &dashboard.in_progress,
        &dashboard.completed,
        &dashboard.awaiting_review,
        &dashboard.awaiting_transcript,
        &dashboard.expiring,
    ]
    .iter()
    .map(|s| s.items.len())
    .sum::<usize>();
    store.audit(&staff.actor(), "dashboard.read", "organisation", &format!("{shown} rows"), &staff.origin).await?;
    Ok(Json(dashboard))
}

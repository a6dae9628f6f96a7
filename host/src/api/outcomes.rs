//! What became of hires, in: probation results and performance ratings per
//! hire and date (one at a time, or a CSV file with a report on every row),
//! and the organisation's rating scale they are given on.

use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::extract::rejection::BytesRejection;
use axum::http::{HeaderMap, StatusCode, header};
use serde::Serialize;
use utoipa::ToSchema;

use super::access::{Action, organisation_target, require, require_on_application};
use super::auth::Staff;
use super::error::{ApiError, ApiResult, Body, ErrorBody, Path, too_large};
use super::{AppState, TAG_PIPELINE};
use crate::engine::outcome_pull::PullReport;
use crate::store::{
    AuditBy, NewOutcome, Outcome, OutcomeKind, OutcomePullState, ProbationResult, RatingScale, StoreError,
};

/// Records a probation result or a performance rating of a hire (one of
/// the same kind and day is replaced). Audited without the result.
#[utoipa::path(post, path = "/api/v1/applications/{application_id}/outcomes", tag = TAG_PIPELINE,
    params(("application_id" = i64, Path)), request_body = NewOutcome,
    responses((status = 201, body = Outcome), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, description = "The application was never hired", body = ErrorBody)),
    security(("staff" = [])))]
pub async fn record_outcome(
    State(state): State<AppState>,
    staff: Staff,
    Path(application_id): Path<i64>,
    Body(outcome): Body<NewOutcome>,
) -> ApiResult<(StatusCode, Json<Outcome>)> {
    let store = state.engine.store();
    require_on_application(store, &staff, Action::RecordOutcome, application_id).await?;
    outcome.validate(&store.rating_scale(staff.user.organisation_id).await?)?;
    let actor = staff.actor();
    let by = AuditBy { actor: &actor, origin: &staff.origin };
    let recorded = store.record_outcome(application_id, &outcome, "api", state.now(), by).await?;
    Ok((StatusCode::CREATED, Json(recorded)))
}

/// A hire's outcomes, oldest first.
#[utoipa::path(get, path = "/api/v1/applications/{application_id}/outcomes", tag = TAG_PIPELINE,
    params(("application_id" = i64, Path)),
    responses((status = 200, body = Vec<Outcome>), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)),
    security(("staff" = [])))]
pub async fn outcomes(
    State(state): State<AppState>,
    staff: Staff,
    Path(application_id): Path<i64>,
) -> ApiResult<Json<Vec<Outcome>>> {
    let store = state.engine.store();
    require_on_application(store, &staff, Action::ReadOutcomes, application_id).await?;
    let outcomes = store.outcomes(application_id).await?;
    let subject = format!("application:{application_id}");
    store.audit(&staff.actor(), "outcome.read", &subject, "", &staff.origin).await?;
    Ok(Json(outcomes))
}

/// One row of an import and what became of it.
#[derive(Debug, Serialize, ToSchema)]
pub struct OutcomeRow {
    /// The line of the file (the header is line 1).
    pub line: usize,
    /// `recorded` or `failed`.
    pub status: &'static str,
    pub application_id: Option<i64>,
    /// What was wrong, by field.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
}

/// What an import did, row by row.
#[derive(Debug, Default, Serialize, ToSchema)]
pub struct OutcomeImport {
    pub received: usize,
    pub recorded: usize,
    pub failed: usize,
    pub rows: Vec<OutcomeRow>,
}

/// Rows one import takes.
const MAX_ROWS: usize = 10_000;

/// Imports outcomes from a CSV file with the columns `application_id`,
/// `kind` (`probation` or `performance`), `on_date` (`YYYY-MM-DD`), and
/// `result` (probation: passed, failed, extended) or `rating` (performance,
/// on the organisation's scale). Good rows are recorded, bad ones reported
/// by line and field; importing the file again changes nothing.
#[utoipa::path(post, path = "/api/v1/outcomes/import", tag = TAG_PIPELINE,
    request_body(content = String, content_type = "text/csv",
        example = "application_id,kind,on_date,result,rating\n42,probation,2027-06-30,passed,\n42,performance,2027-12-31,,4\n"),
    responses((status = 200, description = "Every row's outcome; failed rows recorded nothing", body = OutcomeImport),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 413, body = ErrorBody),
        (status = 415, body = ErrorBody), (status = 422, body = ErrorBody), (status = 500, body = ErrorBody)),
    security(("staff" = [])))]
pub async fn import_outcomes(
    State(state): State<AppState>,
    staff: Staff,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> ApiResult<Json<OutcomeImport>> {
    let body = body.map_err(|e| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            too_large()
        } else {
            ApiError::new(e.status(), "bad-request", e.body_text())
        }
    })?;
    let content_type = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
    if !content_type.starts_with("text/csv") {
        return Err(ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported-media-type",
            "send the outcomes as Content-Type: text/csv",
        ));
    }
    let store = state.engine.store();
    let scale = store.rating_scale(staff.user.organisation_id).await?;
    let mut reader = csv::ReaderBuilder::new().trim(csv::Trim::All).flexible(true).from_reader(body.as_ref());
    let header_row =
        reader.headers().map_err(|e| ApiError::invalid("header", format!("not a CSV header: {e}")))?.clone();
    let column = |name: &str| header_row.iter().position(|h| h.eq_ignore_ascii_case(name));
    let (Some(id_col), Some(kind_col), Some(date_col)) = (column("application_id"), column("kind"), column("on_date"))
    else {
        return Err(ApiError::invalid(
            "header",
            "the header must name application_id, kind and on_date (and result or rating)",
        ));
    };
    let (result_col, rating_col) = (column("result"), column("rating"));
    let actor = staff.actor();
    let by = AuditBy { actor: &actor, origin: &staff.origin };
    let mut report = OutcomeImport::default();
    for (index, record) in reader.records().enumerate() {
        let line = index + 2;
        report.received += 1;
        if report.received > MAX_ROWS {
            return Err(ApiError::invalid("rows", format!("more than {MAX_ROWS} rows; split the file")));
        }
        let failed = |field: &str, message: String, application_id: Option<i64>| OutcomeRow {
            line,
            status: "failed",
            application_id,
            field: Some(field.to_owned()),
            message: Some(message),
        };
        let row = match record {
            Err(e) => failed("line", format!("not a CSV row: {e}"), None),
            Ok(record) => {
                let cell = |col: Option<usize>| col.and_then(|c| record.get(c)).unwrap_or("").trim();
                match parse_row(
                    cell(Some(id_col)),
                    cell(Some(kind_col)),
                    cell(Some(date_col)),
                    cell(result_col),
                    cell(rating_col),
                ) {
                    Err((field, message)) => failed(field, message, None),
                    Ok((application_id, outcome)) => {
                        let recorded = async {
                            require_on_application(store, &staff, Action::RecordOutcome, application_id).await?;
                            outcome.validate(&scale)?;
                            store.record_outcome(application_id, &outcome, "import", state.now(), by).await?;
                            Ok::<(), ApiError>(())
                        };
                        match recorded.await {
                            Ok(()) => OutcomeRow {
                                line,
                                status: "recorded",
                                application_id: Some(application_id),
                                field: None,
                                message: None,
                            },
                            Err(e) => {
                                failed(e.field.as_deref().unwrap_or("application_id"), e.message, Some(application_id))
                            }
                        }
                    }
                }
            }
        };
        if row.status == "recorded" {
            report.recorded += 1;
        } else {
            report.failed += 1;
        }
        report.rows.push(row);
    }
    Ok(Json(report))
}

/// One CSV row as an outcome, or the field that is wrong.
fn parse_row(
    id: &str,
    kind: &str,
    date: &str,
    result: &str,
    rating: &str,
) -> Result<(i64, NewOutcome), (&'static str, String)> {
    let application_id =
        id.parse::<i64>().map_err(|_| ("application_id", format!("{id:?} is not an application id")))?;
    let kind = OutcomeKind::parse(kind).ok_or(("kind", "must be probation or performance".to_owned()))?;
    let result = match result {
        "" => None,
        "passed" => Some(ProbationResult::Passed),
        "failed" => Some(ProbationResult::Failed),
        "extended" => Some(ProbationResult::Extended),
        other => return Err(("result", format!("{other:?} is not passed, failed or extended"))),
    };
    let rating = match rating {
        "" => None,
        text => Some(text.parse::<f64>().map_err(|_| ("rating", format!("{text:?} is not a number")))?),
    };
    Ok((application_id, NewOutcome { kind, on_date: date.to_owned(), result, rating }))
}

/// The organisation's performance rating scale.
#[utoipa::path(get, path = "/api/v1/organisation/rating-scale", tag = TAG_PIPELINE,
    responses((status = 200, body = RatingScale)), security(("staff" = [])))]
pub async fn rating_scale(State(state): State<AppState>, staff: Staff) -> ApiResult<Json<RatingScale>> {
    require(&staff, Action::ReadOrg, &organisation_target(&staff), "the organisation")?;
    Ok(Json(state.engine.store().rating_scale(staff.user.organisation_id).await?))
}

/// Sets the organisation's performance rating scale (administrators);
/// refused when ratings already recorded lie outside it.
#[utoipa::path(put, path = "/api/v1/organisation/rating-scale", tag = TAG_PIPELINE, request_body = RatingScale,
    responses((status = 200, body = RatingScale), (status = 403, body = ErrorBody)), security(("staff" = [])))]
pub async fn set_rating_scale(
    State(state): State<AppState>,
    staff: Staff,
    Body(scale): Body<RatingScale>,
) -> ApiResult<Json<RatingScale>> {
    require(&staff, Action::ManageOrg, &organisation_target(&staff), "the organisation")?;
    let actor = staff.actor();
    let by = AuditBy { actor: &actor, origin: &staff.origin };
    state.engine.store().set_rating_scale(staff.user.organisation_id, &scale, by).await.map_err(|e| match e {
        StoreError::Invalid { field, message } => ApiError::invalid(field, message),
        other => other.into(),
    })?;
    Ok(Json(scale))
}

/// Pulls what became of hires from every connector switched on in the
/// organisation that reads outcomes (administrators), now rather than at the
/// next scheduled pull (every six hours). Each binding continues from where
/// its last pull stopped and records only hires within its own scope.
#[utoipa::path(post, path = "/api/v1/outcomes/pull", tag = TAG_PIPELINE,
    responses((status = 200, description = "One report per connector binding that reads outcomes", body = Vec<PullReport>),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 500, body = ErrorBody)),
    security(("staff" = [])))]
pub async fn pull_outcomes(State(state): State<AppState>, staff: Staff) -> ApiResult<Json<Vec<PullReport>>> {
    require(&staff, Action::ManageOrg, &organisation_target(&staff), "the organisation")?;
    Ok(Json(state.engine.pull_outcomes(&state.plugins, staff.user.organisation_id).await?))
}

/// Where each connector binding's pulling of outcomes stands: when it last
/// pulled, what it recorded, ignored (not a hire of its scope) and refused,
/// and why it last failed (administrators).
#[utoipa::path(get, path = "/api/v1/outcomes/pulls", tag = TAG_PIPELINE,
    responses((status = 200, body = Vec<OutcomePullState>), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 500, body = ErrorBody)),
    security(("staff" = [])))]
pub async fn outcome_pulls(State(state): State<AppState>, staff: Staff) -> ApiResult<Json<Vec<OutcomePullState>>> {
    require(&staff, Action::ManageOrg, &organisation_target(&staff), "the organisation")?;
    Ok(Json(state.engine.store().outcome_pulls(staff.user.organisation_id).await?))
}

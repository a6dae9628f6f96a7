//! The analytics endpoints: the hiring funnel and how long each stage takes,
//! whether the interview predicts later performance, how the AI and the
//! interviewers agree, and the applications behind any figure. Each over the
//! jobs the caller may read (narrowed to one job or one part of the
//! organisation) and a period; as JSON, or as CSV with `format=csv`.

use std::fmt::Write as _;

use axum::extract::State;
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::access::{Action, jobs_allowed};
use super::auth::Staff;
use super::error::{ApiError, ApiResult, ErrorBody, Params};
use super::{AppState, TAG_RESULTS};
use crate::engine::analytics::{Funnel, OutcomeMeasure, Validity};
use crate::store::{FunnelApplication, FunnelQuery, date_ms};

const DAY_MS: i64 = 86_400_000;

/// Which jobs and applications the figures cover.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AnalyticsScope {
    /// One job (of those the caller may read).
    pub job_id: Option<i64>,
    /// The jobs of one region, branch or department.
    pub unit_id: Option<i64>,
    /// Applications made on or after this day, `YYYY-MM-DD` (default: a year before `to`).
    pub from: Option<String>,
    /// …and up to the end of this day, `YYYY-MM-DD` (default: today).
    pub to: Option<String>,
    /// `csv` for a CSV file instead of JSON.
    pub format: Option<String>,
}

pub(super) struct Resolved {
    pub job_ids: Vec<i64>,
    pub from: i64,
    pub to: i64,
    pub csv: bool,
}

pub(super) async fn resolve(
    state: &AppState,
    staff: &Staff,
    scope: &AnalyticsScope,
    action: Action,
) -> ApiResult<Resolved> {
    let store = state.engine.store();
    let mut jobs = jobs_allowed(store, &staff.user, action).await?;
    if let Some(job_id) = scope.job_id {
        if !jobs.iter().any(|j| j.id == job_id) {
            let job = store.job(job_id).await?;
            if job.organisation_id != staff.user.organisation_id {
                return Err(ApiError::not_found(&format!("job {job_id}")));
            }
            return Err(ApiError::forbidden(format!("your role does not allow reading job {job_id}'s figures")));
        }
        jobs.retain(|j| j.id == job_id);
    }
    if let Some(unit_id) = scope.unit_id {
        let unit = store.unit(unit_id).await?;
        if unit.organisation_id != staff.user.organisation_id {
            return Err(ApiError::not_found(&format!("unit {unit_id}")));
        }
        let mut within = Vec::new();
        for job in jobs {
            if store.unit_path(job.department_id).await?.iter().any(|u| u.id == unit_id) {
                within.push(job);
            }
        }
        jobs = within;
    }
    let day = |field: &str, value: &Option<String>| -> ApiResult<Option<i64>> {
        value
            .as_deref()
            .map(|v| date_ms(v).ok_or_else(|| ApiError::invalid(field, "must be a date written YYYY-MM-DD")))
            .transpose()
    };
    let today = state.now().div_euclid(DAY_MS) * DAY_MS;
    let to = day("to", &scope.to)?.unwrap_or(today) + DAY_MS;
    let from = day("from", &scope.from)?.unwrap_or(to - 365 * DAY_MS);
    if from >= to {
        return Err(ApiError::invalid("from", "must be on or before `to`"));
    }
    let csv = match scope.format.as_deref() {
        None | Some("json") => false,
        Some("csv") => true,
        Some(_) => return Err(ApiError::invalid("format", "must be json or csv")),
    };
    Ok(Resolved { job_ids: jobs.iter().map(|j| j.id).collect(), from, to, csv })
}

pub(super) fn csv_response(name: &str, body: String) -> Response {
    (
        [
            (CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (CONTENT_DISPOSITION, format!("attachment; filename=\"{name}.csv\"")),
        ],
        body,
    )
        .into_response()
}

/// A CSV field, quoted when it must be; a leading `=`, `+`, `-` or `@` is
/// neutralised so a spreadsheet does not run it as a formula.
pub(super) fn field(text: &str) -> String {
    let text = if text.starts_with(['=', '+', '-', '@']) { format!("'{text}") } else { text.to_owned() };
    if text.contains([',', '"', '\n', '\r']) { format!("\"{}\"", text.replace('"', "\"\"")) } else { text }
}

fn number(value: Option<f64>) -> String {
    value.map(|v| v.to_string()).unwrap_or_default()
}

fn hours(ms: Option<i64>) -> String {
    ms.map(|ms| format!("{:.1}", ms as f64 / 3_600_000.0)).unwrap_or_default()
}

/// The funnel and flow: applications by stage, the share reaching each next
/// stage, time in each stage (median and 90th percentile), who waits now
/// and where longest, drop-out after invitation, time to hire.
#[utoipa::path(get, path = "/api/v1/analytics/funnel", tag = TAG_RESULTS, params(AnalyticsScope),
    responses((status = 200, content((Funnel = "application/json"), (String = "text/csv"))),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)),
    security(("staff" = [])))]
pub async fn funnel(
    State(state): State<AppState>,
    staff: Staff,
    Params(scope): Params<AnalyticsScope>,
) -> ApiResult<Response> {
    let scope = resolve(&state, &staff, &scope, Action::ReadAnalytics).await?;
    let funnel = state.engine.funnel(&scope.job_ids, scope.from, scope.to).await?;
    let store = state.engine.store();
    let detail = format!("{} jobs", scope.job_ids.len());
    store.audit(&staff.actor(), "analytics.funnel", "analytics", &detail, &staff.origin).await?;
    if !scope.csv {
        return Ok(axum::Json(funnel).into_response());
    }
    let mut out = String::from(
        "stage,current,reached,conversion,stays,median_hours,p90_hours,waiting_now,waiting_median_hours,waiting_p90_hours\n",
    );
    for s in &funnel.stages {
        let _ = writeln!(
            out,
            "{},{},{},{},{},{},{},{},{},{}",
            s.stage,
            s.current,
            s.reached,
            number(s.conversion),
            s.time_in_stage.n,
            hours(s.time_in_stage.median_ms),
            hours(s.time_in_stage.p90_ms),
            s.waiting_now.n,
            hours(s.waiting_now.median_ms),
            hours(s.waiting_now.p90_ms)
        );
    }
    Ok(csv_response("funnel", out))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ValidityQuery {
    /// `performance` (ratings, default) or `probation` (passed or failed).
    pub measure: Option<OutcomeMeasure>,
}

/// Validity: the AI interview's composite and dimensions, and the
/// interviewers' scorecards, against later outcomes (r with n and a 95 %
/// interval, "not enough data" below 10 pairs); each question's
/// discrimination; AI-versus-human agreement per dimension; each
/// interviewer's calibration against colleagues and the AI.
#[utoipa::path(get, path = "/api/v1/analytics/validity", tag = TAG_RESULTS, params(AnalyticsScope, ValidityQuery),
    responses((status = 200, content((Validity = "application/json"), (String = "text/csv"))),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)),
    security(("staff" = [])))]
pub async fn validity(
    State(state): State<AppState>,
    staff: Staff,
    Params(scope): Params<AnalyticsScope>,
    Params(query): Params<ValidityQuery>,
) -> ApiResult<Response> {
    let scope = resolve(&state, &staff, &scope, Action::ReadAnalytics).await?;
    let measure = query.measure.unwrap_or_default();
    let validity = state.engine.validity(&scope.job_ids, measure).await?;
    let detail = format!("{} jobs", scope.job_ids.len());
    state.engine.store().audit(&staff.actor(), "analytics.validity", "analytics", &detail, &staff.origin).await?;
    if !scope.csv {
        return Ok(axum::Json(validity).into_response());
    }
    let mut out = String::from("section,item,name,n,r,low,high,mean_difference,note\n");
    let mut line = |section: &str, item: &str, name: &str, c: &crate::engine::analytics::Correlation| {
        let _ = writeln!(
            out,
            "{section},{},{},{},{},{},{},,{}",
            field(item),
            field(name),
            c.n,
            number(c.r),
            number(c.low),
            number(c.high),
            field(c.note.as_deref().unwrap_or(""))
        );
    };
    line("composite", "composite", "AI composite", &validity.composite);
    for d in &validity.dimensions {
        line("ai", &d.dimension, &d.name, &d.ai);
        line("human", &d.dimension, &d.name, &d.human);
    }
    for q in &validity.questions {
        line("question", &q.question_id, &q.text, &q.discrimination);
    }
    for a in &validity.agreement {
        line("agreement", &a.dimension, &a.name, &a.correlation);
    }
    for i in &validity.interviewers {
        let d = &i.versus_colleagues;
        let _ = writeln!(
            out,
            "calibration,user:{},{},{},,{},{},{},{}",
            i.user_id,
            field(&i.name),
            d.n,
            number(d.low),
            number(d.high),
            number(d.mean),
            i.leaning.map(|l| format!("{l:?}").to_lowercase()).unwrap_or_default()
        );
    }
    Ok(csv_response("validity", out))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct FigureQuery {
    /// The stage the figure is about, e.g. `human-interview`.
    pub stage: String,
    /// `current` (in the stage now, default) or `reached` (entered it at some point).
    pub which: Option<String>,
}

/// The applications behind a funnel figure (at most 500, newest first),
/// for those who may read the candidates.
#[utoipa::path(get, path = "/api/v1/analytics/applications", tag = TAG_RESULTS, params(AnalyticsScope, FigureQuery),
    responses((status = 200, body = Vec<FunnelApplication>), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)),
    security(("staff" = [])))]
pub async fn applications_behind_figure(
    State(state): State<AppState>,
    staff: Staff,
    Params(scope): Params<AnalyticsScope>,
    Params(figure): Params<FigureQuery>,
) -> ApiResult<axum::Json<Vec<FunnelApplication>>> {
    // Names are candidate data: the jobs the caller may read candidates of.
    let scope = resolve(&state, &staff, &scope, Action::ReadCandidate).await?;
    if crate::pipeline::Stage::parse(&figure.stage).is_none() {
        return Err(ApiError::invalid("stage", "is not a stage of the pipeline"));
    }
    let reached = match figure.which.as_deref() {
        None | Some("current") => false,
        Some("reached") => true,
        Some(_) => return Err(ApiError::invalid("which", "must be current or reached")),
    };
    let query = FunnelQuery { job_ids: &scope.job_ids, from: scope.from, to: scope.to, now: state.now() };
    let listed = state.engine.store().funnel_applications(query, &figure.stage, reached, 500).await?;
    let detail = format!("{} {} rows", figure.stage, listed.len());
    state.engine.store().audit(&staff.actor(), "analytics.applications", "analytics", &detail, &staff.origin).await?;
    Ok(axum::Json(listed))
}

#[cfg(test)]
mod tests {
    use super::field;

    #[test]
    fn csv_fields_are_quoted_and_never_formulas() {
        assert_eq!(field("plain"), "plain");
        assert_eq!(field("a, b"), "\"a, b\"");
        assert_eq!(field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(field("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(field("-1"), "'-1");
    }
}

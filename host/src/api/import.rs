//! Bulk import of candidates for a job, as a JSON array or CSV, with a
//! report line for every row. Each row is stored in its own transaction with
//! its audit entry: good rows are kept, bad rows are reported by line and
//! leave nothing behind, and importing the same file again finds the rows
//! already imported (by `external_ref`, or email) instead of duplicating them.

use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::extract::rejection::BytesRejection;
use axum::http::{HeaderMap, StatusCode, header};
use serde::Serialize;
use utoipa::ToSchema;

use super::access::{Action, candidate_match_scope, job_target, require};
use super::auth::Staff;
use super::error::{ApiError, ApiResult, ErrorBody, Path, too_large};
use super::{AppState, TAG_CANDIDATES};
use crate::store::{AuditBy, NewCandidate, Resume, StoreError};

/// The columns a CSV import understands; `name` and `email` are required.
const CSV_COLUMNS: [&str; 8] =
    ["name", "email", "phone", "external_ref", "resume_text", "skills", "education", "years_experience"];

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "kebab-case")]
pub enum RowStatus {
    Created,
    /// The candidate was known; the application was filed if it was not.
    Existing,
    Failed,
}

/// What became of one row.
#[derive(Debug, Serialize, ToSchema)]
pub struct ImportRow {
    /// The row's line in the CSV file (the header is line 1), or its
    /// position in the JSON array counting from 1.
    pub line: u64,
    pub status: RowStatus,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub candidate_id: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub application_id: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
}

#[derive(Debug, Default, Serialize, ToSchema)]
pub struct ImportReport {
    pub received: usize,
    pub created: usize,
    pub existing: usize,
    pub failed: usize,
    pub rows: Vec<ImportRow>,
}

/// Import candidates for a job from `application/json` (an array of
/// candidates) or `text/csv` (a header row naming columns among `name`,
/// `email`, `phone`, `external_ref`, `resume_text`, `skills`, `education`,
/// `years_experience`; lists separated by `;`).
#[utoipa::path(post, path = "/api/v1/jobs/{job_id}/candidates/import", tag = TAG_CANDIDATES,
    params(("job_id" = i64, Path)),
    request_body(content(
        (Vec<NewCandidate> = "application/json"),
        (String = "text/csv", example = "name,email,external_ref,skills\nLi Na,li.na@example.com,ats-1,Lean;5S\n"))),
    responses((status = 200, description = "Every row's outcome; failed rows stored nothing", body = ImportReport),
        (status = 400, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 413, body = ErrorBody), (status = 415, body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("staff" = [])))]
pub async fn import_candidates(
    State(state): State<AppState>,
    staff: Staff,
    Path(job_id): Path<i64>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> ApiResult<Json<ImportReport>> {
    let store = state.engine.store();
    require(&staff, Action::AddCandidates, &job_target(store, job_id).await?, &format!("job {job_id}"))?;
    let body = body.map_err(|e| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            too_large()
        } else {
            ApiError::new(e.status(), "bad-request", e.body_text())
        }
    })?;
    let content_type = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
    let parsed = if content_type.starts_with("application/json") {
        parse_json(&body)?
    } else if content_type.starts_with("text/csv") {
        parse_csv(&body)?
    } else {
        return Err(ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported-media-type",
            "send the candidates as Content-Type: application/json (an array) or text/csv",
        ));
    };
    if parsed.len() > state.config.import_max_rows {
        return Err(ApiError::invalid(
            "rows",
            format!(
                "{} rows is more than one import takes ({}); split the file",
                parsed.len(),
                state.config.import_max_rows
            ),
        ));
    }
    let scope = candidate_match_scope(store, &staff.user).await?;
    let actor = staff.actor();
    let by = AuditBy { actor: &actor, origin: &staff.origin };
    let mut report = ImportReport { received: parsed.len(), ..Default::default() };
    for (line, row) in parsed {
        let outcome = match row {
            Ok(candidate) => match store.import_candidate(job_id, &candidate, &scope, by).await {
                Ok(done) => Ok(done),
                Err(StoreError::Invalid { field, message }) => Err((Some(field), message)),
                Err(StoreError::Conflict(message)) => Err((None, message)),
                Err(e) => return Err(e.into()),
            },
            Err(e) => Err(e),
        };
        report.rows.push(match outcome {
            Ok(done) => {
                if done.created {
                    report.created += 1;
                } else {
                    report.existing += 1;
                }
                ImportRow {
                    line,
                    status: if done.created { RowStatus::Created } else { RowStatus::Existing },
                    candidate_id: Some(done.candidate_id),
                    application_id: Some(done.application.id),
                    field: None,
                    message: None,
                }
            }
            Err((field, message)) => {
                report.failed += 1;
                ImportRow {
                    line,
                    status: RowStatus::Failed,
                    candidate_id: None,
                    application_id: None,
                    field,
                    message: Some(message),
                }
            }
        });
    }
    tracing::info!(
        job_id,
        received = report.received,
        created = report.created,
        failed = report.failed,
        "candidates imported"
    );
    Ok(Json(report))
}

type RowError = (Option<String>, String);
type ParsedRows = Vec<(u64, Result<NewCandidate, RowError>)>;

fn parse_json(body: &[u8]) -> ApiResult<ParsedRows> {
    let values: Vec<serde_json::Value> = serde_json::from_slice(body).map_err(|e| {
        if e.is_data() {
            ApiError::invalid("body", "must be a JSON array of candidates")
        } else {
            ApiError::new(StatusCode::BAD_REQUEST, "malformed-json", format!("the body is not valid JSON: {e}"))
        }
    })?;
    Ok(values
        .into_iter()
        .enumerate()
        .map(|(i, value)| {
            let row = serde_path_to_error::deserialize::<_, NewCandidate>(value).map_err(|e| {
                let path = e.path().to_string();
                let message = e.inner().to_string();
                let field = if path == "." { missing_field(&message) } else { Some(path) };
                (field, message)
            });
            (i as u64 + 1, row.and_then(|c| c.validate().map(|()| c).map_err(row_error)))
        })
        .collect())
}

fn missing_field(message: &str) -> Option<String> {
    let rest = message.split("missing field `").nth(1)?;
    Some(rest.split('`').next()?.to_owned())
}

fn row_error(e: StoreError) -> RowError {
    match e {
        StoreError::Invalid { field, message } => (Some(field), message),
        other => (None, other.to_string()),
    }
}

fn parse_csv(body: &[u8]) -> ApiResult<ParsedRows> {
    let mut reader = csv::ReaderBuilder::new().flexible(true).trim(csv::Trim::All).from_reader(body);
    let headers = reader
        .headers()
        .map_err(|e| ApiError::invalid("header", format!("the first line must name the columns: {e}")))?
        .clone();
    let columns: Vec<&str> = headers.iter().collect();
    if let Some(unknown) = columns.iter().find(|c| !CSV_COLUMNS.contains(c)) {
        return Err(ApiError::invalid(
            "header",
            format!("unknown column {unknown:?}; the columns are {}", CSV_COLUMNS.join(", ")),
        ));
    }
    for required in ["name", "email"] {
        if !columns.contains(&required) {
            return Err(ApiError::invalid("header", format!("the column {required:?} is required")));
        }
    }
    let mut rows = Vec::new();
    for record in reader.records() {
        let (line, row) = match record {
            Ok(record) => {
                let line = record.position().map_or(0, csv::Position::line);
                (line, candidate_from_record(&columns, &record))
            }
            Err(e) => {
                let line = e.position().map_or(0, csv::Position::line);
                (line, Err((None, format!("this line cannot be read as CSV: {e}"))))
            }
        };
        rows.push((line, row));
    }
    Ok(rows)
}

fn candidate_from_record(columns: &[&str], record: &csv::StringRecord) -> Result<NewCandidate, RowError> {
    if record.len() != columns.len() {
        return Err((None, format!("has {} fields; the header names {}", record.len(), columns.len())));
    }
    let mut c = NewCandidate::default();
    let mut resume = Resume::default();
    let list = |s: &str| s.split(';').map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned).collect::<Vec<_>>();
    for (column, value) in columns.iter().zip(record.iter()) {
        match *column {
            "name" => c.name = value.to_owned(),
            "email" => c.email = value.to_owned(),
            "phone" => c.phone = value.to_owned(),
            "external_ref" => c.external_ref = (!value.is_empty()).then(|| value.to_owned()),
            "resume_text" => c.resume_text = value.to_owned(),
            "skills" => resume.skills = list(value),
            "education" => resume.education = list(value),
            "years_experience" if !value.is_empty() => {
                let years: f32 =
                    value.parse().ok().filter(|y: &f32| y.is_finite() && (0.0..=70.0).contains(y)).ok_or_else(
                        || (Some("years_experience".to_owned()), format!("{value:?} is not a number of years")),
                    )?;
                resume.years_experience = Some(years);
            }
            _ => {}
        }
    }
    c.resume = resume;
    c.validate().map_err(row_error)?;
    Ok(c)
}

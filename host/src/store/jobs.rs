//! Jobs and their competency models.

use serde::{Deserialize, Serialize};
use sqlx::Row;
use sqlx::any::AnyRow;

use super::{Store, StoreError, StoreResult, UnitKind, flag, from_json, now_ms, qualified, to_json};
use crate::domain::{Dimension, JobProfile};
use crate::pipeline::PipelineConfig;

/// What a job asks of a resume, for matching candidates to it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct JobRequirements {
    pub skills: Vec<String>,
    pub min_years_experience: Option<f32>,
    pub education: Option<String>,
}

/// A job to create.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct NewJob {
    pub department_id: i64,
    pub title: String,
    pub industry: String,
    pub locale: String,
    #[serde(default)]
    pub key_role: bool,
    #[serde(default)]
    pub description: String,
    pub dimensions: Vec<Dimension>,
    #[serde(default)]
    pub requirements: JobRequirements,
    /// Scores within this margin of a threshold go to human review.
    #[serde(default = "default_review_margin")]
    pub review_margin: f32,
}

fn default_review_margin() -> f32 {
    0.5
}

/// A stored job.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Job {
    pub id: i64,
    pub organisation_id: i64,
    pub department_id: i64,
    pub profile: JobProfile,
    pub requirements: JobRequirements,
    pub review_margin: f32,
    /// The job's pipeline shape (stages used, human rounds).
    pub pipeline: PipelineConfig,
    /// The version of the competency model in `profile` (1 when the job was
    /// created; an accepted re-weighting makes the next).
    pub model_version: i64,
}

/// The largest weight of a competency dimension. Weights are relative, so
/// this limits nothing a competency model needs, and keeps their sums and
/// products far from overflowing.
pub const MAX_WEIGHT: f32 = 1000.0;

impl NewJob {
    /// Checks the competency model: named dimensions with unique ids,
    /// positive weights and thresholds on 0–10.
    pub fn validate(&self) -> StoreResult<()> {
        if self.title.trim().is_empty() {
            return Err(StoreError::invalid("title", "must not be empty"));
        }
        if self.dimensions.is_empty() {
            return Err(StoreError::invalid("dimensions", "a job needs at least one competency dimension"));
        }
        if !(0.0..=5.0).contains(&self.review_margin) {
            return Err(StoreError::invalid("review_margin", "must be between 0 and 5"));
        }
        for (i, d) in self.dimensions.iter().enumerate() {
            let field = |name: &str| format!("dimensions[{i}].{name}");
            if d.id.trim().is_empty() {
                return Err(StoreError::invalid(field("id"), "must not be empty"));
            }
            if self.dimensions[..i].iter().any(|other| other.id == d.id) {
                return Err(StoreError::invalid(field("id"), format!("{:?} appears twice", d.id)));
            }
            if !(d.weight.is_finite() && d.weight > 0.0 && d.weight <= MAX_WEIGHT) {
                return Err(StoreError::invalid(
                    field("weight"),
                    format!(
                        "must be a number above 0 and at most {MAX_WEIGHT} (weights are relative: 0.4 and 40 weigh the same)"
                    ),
                ));
            }
            if !(0.0..=10.0).contains(&d.threshold) {
                return Err(StoreError::invalid(field("threshold"), "must be between 0 and 10"));
            }
        }
        Ok(())
    }
}

const JOB_COLUMNS: &str = "id, organisation_id, department_id, title, industry, locale, key_role, description, \
                           competencies, requirements, review_margin, pipeline, model_version";

impl Store {
    /// Creates a job in a department.
    pub async fn create_job(&self, job: &NewJob) -> StoreResult<i64> {
        job.validate()?;
        let department = self.unit(job.department_id).await?;
        if department.kind != UnitKind::Department {
            return Err(StoreError::invalid(
                "department_id",
                format!("unit {} is a {}, not a department", department.id, department.kind.as_str()),
            ));
        }
        let mut w = self.write().await?;
        let id = sqlx::query(
            "INSERT INTO jobs (organisation_id, department_id, title, industry, locale, key_role, description, \
             competencies, requirements, review_margin, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id",
        )
        .bind(department.organisation_id)
        .bind(job.department_id)
        .bind(&job.title)
        .bind(&job.industry)
        .bind(&job.locale)
        .bind(flag(job.key_role))
        .bind(&job.description)
        .bind(to_json(&job.dimensions))
        .bind(to_json(&job.requirements))
        .bind(f64::from(job.review_margin))
        .bind(now_ms())
        .fetch_one(&mut *w.tx)
        .await?
        .try_get(0)?;
        sqlx::query(
            "INSERT INTO competency_models (job_id, version, dimensions, origin, created_by, created_at) \
             VALUES ($1, 1, $2, 'created', 'system', $3)",
        )
        .bind(id)
        .bind(to_json(&job.dimensions))
        .bind(now_ms())
        .execute(&mut *w.tx)
        .await?;
        w.commit().await?;
        Ok(id)
    }

    pub async fn job(&self, id: i64) -> StoreResult<Job> {
        let row = sqlx::query(&format!("SELECT {JOB_COLUMNS} FROM jobs WHERE id = $1"))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?
            .ok_or_else(|| StoreError::not_found("job", id))?;
        job_from_row(&row)
    }

    /// The job an application is for, in one query.
    pub async fn job_of_application(&self, application_id: i64) -> StoreResult<Job> {
        let columns = qualified(JOB_COLUMNS, "j");
        let row = sqlx::query(&format!(
            "SELECT {columns} FROM applications a JOIN jobs j ON j.id = a.job_id WHERE a.id = $1"
        ))
        .bind(application_id)
        .fetch_optional(&self.pool)
        .await?
        .ok_or_else(|| StoreError::not_found("application", application_id))?;
        job_from_row(&row)
    }

    /// The jobs of an organisation, or of the given departments.
    pub async fn jobs(&self, organisation_id: i64) -> StoreResult<Vec<Job>> {
        let rows = sqlx::query(&format!("SELECT {JOB_COLUMNS} FROM jobs WHERE organisation_id = $1 ORDER BY id"))
            .bind(organisation_id)
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(job_from_row).collect()
    }
}

impl Store {
    /// Sets a job's pipeline shape.
    pub async fn set_job_pipeline(&self, job_id: i64, pipeline: &PipelineConfig) -> StoreResult<()> {
        let mut w = self.write().await?;
        let done = sqlx::query("UPDATE jobs SET pipeline = $1 WHERE id = $2")
            .bind(to_json(pipeline))
            .bind(job_id)
            .execute(&mut *w.tx)
            .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::not_found("job", job_id));
        }
        w.commit().await
    }
}

fn job_from_row(row: &AnyRow) -> StoreResult<Job> {
    let id: i64 = row.try_get("id")?;
    Ok(Job {
        id,
        organisation_id: row.try_get("organisation_id")?,
        department_id: row.try_get("department_id")?,
        profile: JobProfile {
            id: id.to_string(),
            title: row.try_get("title")?,
            industry: row.try_get("industry")?,
            locale: row.try_get("locale")?,
            key_role: row.try_get::<i64, _>("key_role")? != 0,
            dimensions: from_json("competency model", &row.try_get::<String, _>("competencies")?)?,
            description: row.try_get("description")?,
        },
        requirements: from_json("job requirements", &row.try_get::<String, _>("requirements")?)?,
        review_margin: row.try_get::<f64, _>("review_margin")? as f32,
        pipeline: from_json("job pipeline", &row.try_get::<String, _>("pipeline")?)?,
        model_version: row.try_get("model_version")?,
    })
}

//! Candidates and their applications to jobs.

use serde::{Deserialize, Serialize};
use sqlx::Row;
use sqlx::any::AnyRow;

use super::audit::{AuditBy, insert_audit};
use super::keys::{crypto_error, insert_candidate_key, open_field};
use super::scores::optional_decision;
use super::sessions::NEWEST_INTERVIEW_OF_A;
use super::{SessionState, Store, StoreError, StoreResult, WriteTx, from_json, now_ms, to_json};
use crate::crypto::DataKey;
use crate::engine::{Decision, ResumeMatch, match_resume, parse_resume};

// The sealed columns (docs/compliance.md), named in each value's
// associated data: a value moved to another column does not open.
pub(crate) const NAME: &str = "candidates.name";
pub(crate) const EMAIL: &str = "candidates.email";
pub(crate) const PHONE: &str = "candidates.phone";
pub(crate) const RESUME_TEXT: &str = "candidates.resume_text";
pub(crate) const RESUME: &str = "candidates.resume";
/// Every sealed column with its associated data.
pub(crate) const SEALED_COLUMNS: [(&str, &str); 5] =
    [("name", NAME), ("email", EMAIL), ("phone", PHONE), ("resume_text", RESUME_TEXT), ("resume", RESUME)];

/// A resume's parsed fields.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct Resume {
    pub education: Vec<String>,
    pub experience: Vec<String>,
    pub years_experience: Option<f32>,
    pub skills: Vec<String>,
}

/// A candidate to create.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct NewCandidate {
    pub name: String,
    pub email: String,
    #[serde(default)]
    pub phone: String,
    #[serde(default)]
    pub resume_text: String,
    #[serde(default)]
    pub resume: Resume,
    /// The candidate's id in the system they came from; importing the same
    /// reference twice finds the existing candidate instead of a duplicate.
    #[serde(default)]
    pub external_ref: Option<String>,
}

/// A stored candidate.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Candidate {
    pub id: i64,
    pub organisation_id: i64,
    pub name: String,
    pub email: String,
    pub phone: String,
    pub resume_text: String,
    pub resume: Resume,
    pub external_ref: Option<String>,
}

/// A candidate applying for a job, and where they are in the pipeline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Application {
    pub id: i64,
    pub candidate_id: i64,
    pub job_id: i64,
    pub stage: String,
    /// The resume against the job's requirements, when it was matched.
    pub resume_match: Option<ResumeMatch>,
}

/// What importing one candidate did.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ImportedCandidate {
    pub candidate_id: i64,
    pub application: Application,
    /// False when the `external_ref` was already known.
    pub created: bool,
}

/// An application with its candidate's name and newest interview, for lists
/// and the pipeline board.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ApplicationSummary {
    #[serde(flatten)]
    pub application: Application,
    pub candidate_name: String,
    /// The newest AI interview, when the candidate has started one.
    pub interview: Option<InterviewSummary>,
}

/// Where an application's newest AI interview is, and what it scored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct InterviewSummary {
    pub session_id: i64,
    pub state: SessionState,
    pub started_at: i64,
    pub finished_at: Option<i64>,
    /// The weighted composite, 0–10, once scored.
    pub composite: Option<f32>,
    pub decision: Option<Decision>,
}

/// The existing candidates an import may find instead of creating one:
/// those the importer may read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MatchScope {
    /// Every candidate of the organisation (administrators and
    /// organisation-wide HR).
    Organisation,
    /// Candidates with an application for one of these jobs.
    Jobs(std::collections::HashSet<i64>),
}

impl NewCandidate {
    pub fn validate(&self) -> StoreResult<()> {
        if self.name.trim().is_empty() {
            return Err(StoreError::invalid("name", "must not be empty"));
        }
        let email = self.email.trim();
        let at = email.find('@');
        if !matches!(at, Some(i) if i > 0 && i + 1 < email.len() && !email.contains(char::is_whitespace)) {
            return Err(StoreError::invalid("email", "must be an address like name@example.com"));
        }
        Ok(())
    }
}

impl Store {
    /// Adds a candidate; with an `external_ref` already imported, returns the
    /// existing candidate's id instead (`false` in the second field).
    pub async fn create_candidate(&self, organisation_id: i64, c: &NewCandidate) -> StoreResult<(i64, bool)> {
        c.validate()?;
        let organisation_key = self.organisation_key(organisation_id).await?;
        let mut w = self.write().await?;
        if let Some(reference) = &c.external_ref
            && let Some(row) = sqlx::query("SELECT id FROM candidates WHERE organisation_id = $1 AND external_ref = $2")
                .bind(organisation_id)
                .bind(reference)
                .fetch_optional(&mut *w.tx)
                .await?
        {
            return Ok((row.try_get(0)?, false));
        }
        let id = insert_candidate(&mut w, organisation_id, &organisation_key, c, &c.resume, now_ms()).await?;
        w.commit().await?;
        Ok((id, true))
    }

    pub async fn candidate(&self, id: i64) -> StoreResult<Candidate> {
        let row = sqlx::query(
            "SELECT id, organisation_id, name, email, phone, resume_text, resume, external_ref \
             FROM candidates WHERE id = $1",
        )
        .bind(id)
        .fetch_optional(&self.pool)
        .await?
        .ok_or_else(|| StoreError::not_found("candidate", id))?;
        let key = self.candidate_key(id).await?;
        let open = |column: &str, aad: &'static str| -> StoreResult<String> {
            open_field(key.as_deref(), aad, row.try_get::<String, _>(column)?)
        };
        Ok(Candidate {
            id: row.try_get("id")?,
            organisation_id: row.try_get("organisation_id")?,
            name: open("name", NAME)?,
            email: open("email", EMAIL)?,
            phone: open("phone", PHONE)?,
            resume_text: open("resume_text", RESUME_TEXT)?,
            resume: from_json("resume", &open("resume", RESUME)?)?,
            external_ref: row.try_get("external_ref")?,
        })
    }

    /// Files a candidate's application for a job (once: applying again
    /// returns the existing application).
    pub async fn apply(&self, candidate_id: i64, job_id: i64) -> StoreResult<Application> {
        let candidate = self.candidate(candidate_id).await?;
        let job = self.job(job_id).await?;
        if candidate.organisation_id != job.organisation_id {
            return Err(StoreError::Conflict(format!(
                "candidate {candidate_id} and job {job_id} belong to different organisations"
            )));
        }
        let mut w = self.write().await?;
        let application = file_application(&mut w, candidate_id, job_id, "{}", now_ms()).await?;
        w.commit().await?;
        Ok(application)
    }

    /// Adds a candidate and their application for a job, with the audit
    /// entry, in one transaction, so an interrupted import never leaves half
    /// a row. A known `external_ref` (or, without one, a known email) among
    /// the candidates `scope` covers finds the existing candidate (`created`
    /// is then false), which makes a retried import safe. A candidate outside
    /// `scope` is never matched: the importer gets a record of their own, so
    /// an import neither hands them someone else's candidate nor tells them
    /// that the address exists elsewhere in the organisation.
    pub async fn import_candidate(
        &self,
        job_id: i64,
        c: &NewCandidate,
        scope: &MatchScope,
        by: AuditBy<'_>,
    ) -> StoreResult<ImportedCandidate> {
        c.validate()?;
        let job = self.job(job_id).await?;
        let resume = parse_resume(&c.resume_text, &c.resume);
        let matched = match_resume(&resume, &c.resume_text, &job.requirements);
        let organisation_key = self.organisation_key(job.organisation_id).await?;
        let mut w = self.write().await?;
        let existing = matching_candidate(&mut w, job.organisation_id, &organisation_key, c, scope).await?;
        let now = now_ms();
        let (candidate_id, created) = match existing {
            Some(id) => (id, false),
            None => (insert_candidate(&mut w, job.organisation_id, &organisation_key, c, &resume, now).await?, true),
        };
        let application = file_application(&mut w, candidate_id, job_id, &to_json(&matched), now).await?;
        let action = if created { "candidate.create" } else { "candidate.apply" };
        let detail = format!("application:{}", application.id);
        insert_audit(&mut w, by, action, &format!("candidate:{candidate_id}"), &detail).await?;
        w.commit().await?;
        Ok(ImportedCandidate { candidate_id, application, created })
    }

    /// The applications of a job, oldest first.
    pub async fn applications_for_job(&self, job_id: i64) -> StoreResult<Vec<ApplicationSummary>> {
        let rows = sqlx::query(&format!(
            "SELECT a.id, a.candidate_id, a.job_id, a.stage, a.resume_match, c.name, \
             s.id AS session_id, s.state, s.started_at, s.finished_at, r.composite, r.decision \
             FROM applications a JOIN candidates c ON c.id = a.candidate_id {NEWEST_INTERVIEW_OF_A} \
             WHERE a.job_id = $1 ORDER BY a.id"
        ))
        .bind(job_id)
        .fetch_all(&self.pool)
        .await?;
        let sealed = rows
            .iter()
            .map(|row| Ok((row.try_get("candidate_id")?, row.try_get("name")?)))
            .collect::<StoreResult<Vec<_>>>()?;
        let names = self.open_candidate_names(sealed).await?;
        rows.iter()
            .zip(names)
            .map(|(row, candidate_name)| {
                Ok(ApplicationSummary {
                    application: application_from_row(row)?,
                    candidate_name,
                    interview: interview_summary_from_row(row)?,
                })
            })
            .collect()
    }

    /// The applications of a candidate.
    pub async fn applications_of_candidate(&self, candidate_id: i64) -> StoreResult<Vec<Application>> {
        let rows =
            sqlx::query(&format!("SELECT {APPLICATION_COLUMNS} FROM applications WHERE candidate_id = $1 ORDER BY id"))
                .bind(candidate_id)
                .fetch_all(&self.pool)
                .await?;
        rows.iter().map(application_from_row).collect()
    }

    pub async fn application(&self, id: i64) -> StoreResult<Application> {
        let row = sqlx::query(&format!("SELECT {APPLICATION_COLUMNS} FROM applications WHERE id = $1"))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?
            .ok_or_else(|| StoreError::not_found("application", id))?;
        application_from_row(&row)
    }
}

const APPLICATION_COLUMNS: &str = "id, candidate_id, job_id, stage, resume_match";

/// The oldest candidate of the organisation with `c`'s external reference
/// (or, without one, its email, by its keyed hash) that `scope` covers.
async fn matching_candidate(
    w: &mut WriteTx<'_>,
    organisation_id: i64,
    organisation_key: &DataKey,
    c: &NewCandidate,
    scope: &MatchScope,
) -> StoreResult<Option<i64>> {
    let same_person = match &c.external_ref {
        Some(reference) => {
            sqlx::query("SELECT id FROM candidates WHERE organisation_id = $1 AND external_ref = $2 ORDER BY id")
                .bind(organisation_id)
                .bind(reference)
        }
        None => sqlx::query("SELECT id FROM candidates WHERE organisation_id = $1 AND email_hash = $2 ORDER BY id")
            .bind(organisation_id)
            .bind(email_hash(organisation_key, &c.email)),
    }
    .fetch_all(&mut *w.tx)
    .await?;
    for row in same_person {
        let id: i64 = row.try_get(0)?;
        let covered = match scope {
            MatchScope::Organisation => true,
            MatchScope::Jobs(jobs) => sqlx::query("SELECT job_id FROM applications WHERE candidate_id = $1")
                .bind(id)
                .fetch_all(&mut *w.tx)
                .await?
                .iter()
                .any(|row| row.try_get::<i64, _>(0).is_ok_and(|job| jobs.contains(&job))),
        };
        if covered {
            return Ok(Some(id));
        }
    }
    Ok(None)
}

/// The keyed hash matching finds a candidate's email by: of the address
/// as typed, trimmed and in lower case.
pub(crate) fn email_hash(organisation_key: &DataKey, email: &str) -> String {
    organisation_key.lookup_hash(EMAIL, &email.trim().to_lowercase())
}

/// Stores a candidate, their personal fields sealed with a new data key of
/// their own (wrapped by the organisation's key).
async fn insert_candidate(
    w: &mut WriteTx<'_>,
    organisation_id: i64,
    organisation_key: &DataKey,
    c: &NewCandidate,
    resume: &Resume,
    now: i64,
) -> StoreResult<i64> {
    let key = DataKey::generate().map_err(crypto_error("candidate key"))?;
    let seal = |aad: &str, value: &str| key.seal_str(aad, value).map_err(crypto_error("candidate"));
    let id = sqlx::query(
        "INSERT INTO candidates (organisation_id, name, email, phone, resume_text, resume, email_hash, \
         external_ref, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
    )
    .bind(organisation_id)
    .bind(seal(NAME, c.name.trim())?)
    .bind(seal(EMAIL, c.email.trim())?)
    .bind(seal(PHONE, &c.phone)?)
    .bind(seal(RESUME_TEXT, &c.resume_text)?)
    .bind(seal(RESUME, &to_json(resume))?)
    .bind(email_hash(organisation_key, &c.email))
    .bind(c.external_ref.as_deref())
    .bind(now)
    .fetch_one(&mut *w.tx)
    .await?
    .try_get(0)?;
    insert_candidate_key(w, id, organisation_id, organisation_key, &key).await?;
    Ok(id)
}

/// Files an application (applying again keeps the existing one) and returns it.
async fn file_application(
    w: &mut WriteTx<'_>,
    candidate_id: i64,
    job_id: i64,
    resume_match: &str,
    now: i64,
) -> StoreResult<Application> {
    sqlx::query(
        "INSERT INTO applications (candidate_id, job_id, stage, resume_match, created_at) \
         VALUES ($1, $2, 'applied', $3, $4) ON CONFLICT (candidate_id, job_id) DO NOTHING",
    )
    .bind(candidate_id)
    .bind(job_id)
    .bind(resume_match)
    .bind(now)
    .execute(&mut *w.tx)
    .await?;
    let row =
        sqlx::query(&format!("SELECT {APPLICATION_COLUMNS} FROM applications WHERE candidate_id = $1 AND job_id = $2"))
            .bind(candidate_id)
            .bind(job_id)
            .fetch_one(&mut *w.tx)
            .await?;
    application_from_row(&row)
}

fn interview_summary_from_row(row: &AnyRow) -> StoreResult<Option<InterviewSummary>> {
    let Some(session_id) = row.try_get::<Option<i64>, _>("session_id")? else {
        return Ok(None);
    };
    Ok(Some(InterviewSummary {
        session_id,
        state: SessionState::parse(&row.try_get::<String, _>("state")?)?,
        started_at: row.try_get("started_at")?,
        finished_at: row.try_get("finished_at")?,
        composite: row.try_get::<Option<f64>, _>("composite")?.map(|c| c as f32),
        decision: optional_decision(row, "interview summary")?,
    }))
}

fn application_from_row(row: &AnyRow) -> StoreResult<Application> {
    let resume_match: String = row.try_get("resume_match")?;
    Ok(Application {
        id: row.try_get("id")?,
        candidate_id: row.try_get("candidate_id")?,
        job_id: row.try_get("job_id")?,
        stage: row.try_get("stage")?,
        // Applications filed without a resume hold the empty object.
        resume_match: if resume_match.trim() == "{}" { None } else { Some(from_json("resume match", &resume_match)?) },
    })
}

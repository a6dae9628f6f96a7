//! What became of the people hired: probation results and performance
//! ratings per hire and date, the organisation's rating scale, and why
//! people left. The analytics read them beside the interview's scores.

use serde::{Deserialize, Serialize};
use sqlx::Row;
use sqlx::any::AnyRow;

use super::audit::{AuditBy, insert_audit};
use super::offers::is_date;
use super::{BindFloat, Store, StoreError, StoreResult, from_json, to_json};

/// An organisation's performance rating scale, e.g. 1–5.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RatingScale {
    pub min: f64,
    pub max: f64,
    /// Names of the ratings from `min` up, one per whole step, when the
    /// organisation names them (e.g. "below", "meets", "exceeds").
    #[serde(default)]
    pub labels: Vec<String>,
}

impl Default for RatingScale {
    fn default() -> Self {
        Self { min: 1.0, max: 5.0, labels: Vec::new() }
    }
}

impl RatingScale {
    pub fn validate(&self) -> StoreResult<()> {
        if !(self.min.is_finite() && self.max.is_finite() && self.min < self.max && self.max - self.min <= 100.0) {
            return Err(StoreError::invalid("max", "the scale runs from min to a larger max, at most 100 apart"));
        }
        let steps = (self.max - self.min).floor() as usize + 1;
        if !self.labels.is_empty() && self.labels.len() != steps {
            return Err(StoreError::invalid(
                "labels",
                format!("name every whole rating from {} to {} ({steps} labels), or none", self.min, self.max),
            ));
        }
        if self.labels.iter().any(|l| l.trim().is_empty() || l.chars().count() > 40) {
            return Err(StoreError::invalid("labels", "each label is 1 to 40 characters"));
        }
        Ok(())
    }

    pub fn contains(&self, rating: f64) -> bool {
        rating.is_finite() && rating >= self.min && rating <= self.max
    }
}

/// The kinds of outcome recorded per hire.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "kebab-case")]
pub enum OutcomeKind {
    /// The end of probation: passed, failed or extended.
    Probation,
    /// A performance rating on the organisation's scale.
    Performance,
}

impl OutcomeKind {
    pub fn as_str(self) -> &'static str {
        match self {
            OutcomeKind::Probation => "probation",
            OutcomeKind::Performance => "performance",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "probation" => Some(OutcomeKind::Probation),
            "performance" => Some(OutcomeKind::Performance),
            _ => None,
        }
    }
}

/// How a probation ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "kebab-case")]
pub enum ProbationResult {
    Passed,
    Failed,
    /// Not decided yet: the probation runs longer.
    Extended,
}

impl ProbationResult {
    pub fn as_str(self) -> &'static str {
        match self {
            ProbationResult::Passed => "passed",
            ProbationResult::Failed => "failed",
            ProbationResult::Extended => "extended",
        }
    }

    fn parse(s: &str) -> Option<Self> {
        match s {
            "passed" => Some(ProbationResult::Passed),
            "failed" => Some(ProbationResult::Failed),
            "extended" => Some(ProbationResult::Extended),
            _ => None,
        }
    }
}

/// An outcome to record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewOutcome {
    pub kind: OutcomeKind,
    /// The day it was decided or rated, `YYYY-MM-DD`.
    pub on_date: String,
    /// For probation.
    #[serde(default)]
    pub result: Option<ProbationResult>,
    /// For performance, on the organisation's scale.
    #[serde(default)]
    pub rating: Option<f64>,
}

/// A recorded outcome.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Outcome {
    pub application_id: i64,
    pub kind: OutcomeKind,
    pub on_date: String,
    pub result: Option<ProbationResult>,
    pub rating: Option<f64>,
    /// `api`, `import` or `connector:<plugin id>`.
    pub source: String,
    pub recorded_at: i64,
}

impl NewOutcome {
    /// Checks it against the organisation's scale; names the field that is wrong.
    pub fn validate(&self, scale: &RatingScale) -> StoreResult<()> {
        if !is_date(&self.on_date) {
            return Err(StoreError::invalid("on_date", "must be a date written YYYY-MM-DD"));
        }
        match self.kind {
            OutcomeKind::Probation => {
                if self.result.is_none() {
                    return Err(StoreError::invalid("result", "a probation outcome is passed, failed or extended"));
                }
                if self.rating.is_some() {
                    return Err(StoreError::invalid("rating", "a probation outcome has a result, not a rating"));
                }
            }
            OutcomeKind::Performance => {
                match self.rating {
                    Some(r) if scale.contains(r) => {}
                    Some(_) | None => {
                        return Err(StoreError::invalid(
                            "rating",
                            format!(
                                "a performance rating from {} to {} (the organisation's scale)",
                                scale.min, scale.max
                            ),
                        ));
                    }
                }
                if self.result.is_some() {
                    return Err(StoreError::invalid("result", "a performance outcome has a rating, not a result"));
                }
            }
        }
        Ok(())
    }
}

/// Why someone left, as a departure records it.
pub const DEPARTURE_REASONS: [&str; 4] = ["voluntary", "involuntary", "contract-end", "other"];

const OUTCOME_COLUMNS: &str = "application_id, kind, on_date, result, rating, source, recorded_at";

impl Store {
    /// The organisation's rating scale (1–5 until it sets one).
    pub async fn rating_scale(&self, organisation_id: i64) -> StoreResult<RatingScale> {
        let row = sqlx::query("SELECT rating_scale FROM organisations WHERE id = $1")
            .bind(organisation_id)
            .fetch_optional(&self.pool)
            .await?
            .ok_or_else(|| StoreError::not_found("organisation", organisation_id))?;
        from_json("rating scale", &row.try_get::<String, _>(0)?)
    }

    /// Sets the organisation's rating scale; audited. Ratings already
    /// recorded outside the new scale are refused by name.
    pub async fn set_rating_scale(
        &self,
        organisation_id: i64,
        scale: &RatingScale,
        by: AuditBy<'_>,
    ) -> StoreResult<()> {
        scale.validate()?;
        let mut w = self.write().await?;
        let outside: i64 = sqlx::query(
            "SELECT COUNT(*) FROM outcomes o JOIN applications a ON a.id = o.application_id \
             JOIN jobs j ON j.id = a.job_id WHERE j.organisation_id = $1 AND o.kind = 'performance' \
             AND (o.rating < $2 OR o.rating > $3)",
        )
        .bind(organisation_id)
        .bind(scale.min)
        .bind(scale.max)
        .fetch_one(&mut *w.tx)
        .await?
        .try_get(0)?;
        if outside > 0 {
            return Err(StoreError::invalid(
                "min",
                format!("{outside} rating(s) already recorded lie outside {}–{}", scale.min, scale.max),
            ));
        }
        sqlx::query("UPDATE organisations SET rating_scale = $1 WHERE id = $2")
            .bind(to_json(scale))
            .bind(organisation_id)
            .execute(&mut *w.tx)
            .await?;
        let subject = format!("organisation:{organisation_id}");
        insert_audit(&mut w, by, "rating-scale.set", &subject, &format!("{}-{}", scale.min, scale.max)).await?;
        w.commit().await
    }

    /// Records an outcome of a hire (replacing one of the same kind and
    /// day); audited without the result or rating. `source` says where it
    /// came from. The application must have been hired (reached onboarding).
    pub async fn record_outcome(
        &self,
        application_id: i64,
        outcome: &NewOutcome,
        source: &str,
        at: i64,
        by: AuditBy<'_>,
    ) -> StoreResult<Outcome> {
        let hired: Option<i64> = sqlx::query(
            "SELECT a.id FROM applications a WHERE a.id = $1 AND (a.stage IN ('onboarding', 'probation', 'regular') \
             OR EXISTS (SELECT 1 FROM stage_transitions t WHERE t.application_id = a.id AND t.to_stage = 'onboarding'))",
        )
        .bind(application_id)
        .fetch_optional(&self.pool)
        .await?
        .map(|row| row.try_get(0))
        .transpose()?;
        if hired.is_none() {
            self.application(application_id).await?;
            return Err(StoreError::Conflict(format!(
                "application {application_id} was never hired: outcomes are recorded for hires"
            )));
        }
        let mut w = self.write().await?;
        sqlx::query(
            "INSERT INTO outcomes (application_id, kind, on_date, result, rating, source, recorded_by, recorded_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (application_id, kind, on_date) DO UPDATE SET \
             result = excluded.result, rating = excluded.rating, source = excluded.source, \
             recorded_by = excluded.recorded_by, recorded_at = excluded.recorded_at",
        )
        .bind(application_id)
        .bind(outcome.kind.as_str())
        .bind(&outcome.on_date)
        .bind(outcome.result.map(ProbationResult::as_str))
        .bind_f64(outcome.rating)
        .bind(source)
        .bind(by.actor)
        .bind(at)
        .execute(&mut *w.tx)
        .await?;
        let subject = format!("application:{application_id}");
        let detail = format!("{} {} ({source})", outcome.kind.as_str(), outcome.on_date);
        insert_audit(&mut w, by, "outcome.record", &subject, &detail).await?;
        w.commit().await?;
        Ok(Outcome {
            application_id,
            kind: outcome.kind,
            on_date: outcome.on_date.clone(),
            result: outcome.result,
            rating: outcome.rating,
            source: source.to_owned(),
            recorded_at: at,
        })
    }

    /// A hire's outcomes, oldest first.
    pub async fn outcomes(&self, application_id: i64) -> StoreResult<Vec<Outcome>> {
        let rows = sqlx::query(&format!(
            "SELECT {OUTCOME_COLUMNS} FROM outcomes WHERE application_id = $1 ORDER BY on_date, kind"
        ))
        .bind(application_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(outcome_from_row).collect()
    }

    /// Every outcome of the hires of `job_ids`.
    pub async fn outcomes_of_jobs(&self, job_ids: &[i64]) -> StoreResult<Vec<Outcome>> {
        if job_ids.is_empty() {
            return Ok(Vec::new());
        }
        let jobs = job_ids.iter().map(i64::to_string).collect::<Vec<_>>().join(", ");
        let columns = super::qualified(OUTCOME_COLUMNS, "o");
        let rows = sqlx::query(&format!(
            "SELECT {columns} FROM outcomes o JOIN applications a ON a.id = o.application_id \
             WHERE a.job_id IN ({jobs}) ORDER BY o.application_id, o.on_date"
        ))
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(outcome_from_row).collect()
    }
}

fn outcome_from_row(row: &AnyRow) -> StoreResult<Outcome> {
    let kind: String = row.try_get("kind")?;
    let result: Option<String> = row.try_get("result")?;
    let corrupt = |reason: &str| StoreError::Corrupt { what: "outcome", reason: reason.to_owned() };
    Ok(Outcome {
        application_id: row.try_get("application_id")?,
        kind: OutcomeKind::parse(&kind).ok_or_else(|| corrupt("kind"))?,
        on_date: row.try_get("on_date")?,
        result: result.map(|r| ProbationResult::parse(&r).ok_or_else(|| corrupt("result"))).transpose()?,
        rating: row.try_get("rating")?,
        source: row.try_get("source")?,
        recorded_at: row.try_get("recorded_at")?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outcomes_are_checked_against_their_kind_and_the_scale() {
        let scale = RatingScale::default();
        let ok = |o: NewOutcome| o.validate(&scale).is_ok();
        let probation = NewOutcome {
            kind: OutcomeKind::Probation,
            on_date: "2027-06-30".into(),
            result: Some(ProbationResult::Passed),
            rating: None,
        };
        assert!(ok(probation.clone()));
        assert!(!ok(NewOutcome { result: None, ..probation.clone() }));
        assert!(!ok(NewOutcome { on_date: "30/06/2027".into(), ..probation.clone() }));
        let performance = NewOutcome {
            kind: OutcomeKind::Performance,
            on_date: "2027-12-31".into(),
            result: None,
            rating: Some(4.5),
        };
        assert!(ok(performance.clone()));
        assert!(!ok(NewOutcome { rating: Some(5.5), ..performance.clone() }));
        assert!(!ok(NewOutcome { rating: Some(f64::NAN), ..performance.clone() }));
        assert!(!ok(NewOutcome { result: Some(ProbationResult::Passed), ..performance }));
        assert!(
            RatingScale { min: 1.0, max: 3.0, labels: vec!["low".into(), "mid".into(), "high".into()] }
                .validate()
                .is_ok()
        );
        assert!(RatingScale { min: 1.0, max: 3.0, labels: vec!["low".into()] }.validate().is_err());
        assert!(RatingScale { min: 5.0, max: 1.0, labels: vec![] }.validate().is_err());
    }
}

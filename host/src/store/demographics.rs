//! Self-identified demographics, kept apart from candidates and
//! applications and read only in aggregate (the adverse-impact report).
//! Writes are audited with the categories given, never the answers.

use sqlx::Row;

use super::{AuditBy, Store, StoreError, StoreResult, audit::insert_audit, now_ms};
use crate::engine::Decision;

/// One AI-interview recommendation in scope, with the candidate it is of.
#[derive(Debug, Clone, PartialEq)]
pub struct AssessedCandidate {
    pub candidate_id: i64,
    pub decision: Decision,
    pub composite: f64,
}

impl Store {
    /// Replaces a candidate's answers with `answers` (`(category, value)`,
    /// already checked), given under `notice_version`.
    pub async fn put_demographics(
        &self,
        candidate_id: i64,
        answers: &[(String, String)],
        notice_version: &str,
        by: AuditBy<'_>,
    ) -> StoreResult<()> {
        let mut w = self.write().await?;
        sqlx::query("DELETE FROM candidate_demographics WHERE candidate_id = $1")
            .bind(candidate_id)
            .execute(&mut *w.tx)
            .await?;
        let at = now_ms();
        for (category, value) in answers {
            sqlx::query(
                "INSERT INTO candidate_demographics (candidate_id, category, value, notice_version, given_at) \
                 VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(candidate_id)
            .bind(category)
            .bind(value)
            .bind(notice_version)
            .bind(at)
            .execute(&mut *w.tx)
            .await?;
        }
        let categories: Vec<&str> = answers.iter().map(|(c, _)| c.as_str()).collect();
        let detail = format!("categories {}; notice {notice_version}", categories.join(", "));
        insert_audit(&mut w, by, "demographics.give", &format!("candidate:{candidate_id}"), &detail).await?;
        w.commit().await
    }

    /// Withdraws a candidate's answers: the rows are deleted.
    pub async fn delete_demographics(&self, candidate_id: i64, by: AuditBy<'_>) -> StoreResult<u64> {
        let mut w = self.write().await?;
        let deleted = sqlx::query("DELETE FROM candidate_demographics WHERE candidate_id = $1")
            .bind(candidate_id)
            .execute(&mut *w.tx)
            .await?
            .rows_affected();
        insert_audit(&mut w, by, "demographics.withdraw", &format!("candidate:{candidate_id}"), "").await?;
        w.commit().await?;
        Ok(deleted)
    }

    /// Every candidate's answer in `category`, within an organisation.
    pub async fn demographics(&self, organisation_id: i64, category: &str) -> StoreResult<Vec<(i64, String)>> {
        let rows = sqlx::query(
            "SELECT d.candidate_id, d.value FROM candidate_demographics d \
             JOIN candidates c ON c.id = d.candidate_id WHERE c.organisation_id = $1 AND d.category = $2",
        )
        .bind(organisation_id)
        .bind(category)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(|r| Ok((r.try_get("candidate_id")?, r.try_get("value")?))).collect()
    }

    /// The AI-interview recommendations of the organisation's `job_ids`
    /// made in `[from, to)` (milliseconds), with their candidates.
    pub async fn assessed_candidates(
        &self,
        organisation_id: i64,
        job_ids: &[i64],
        from: i64,
        to: i64,
    ) -> StoreResult<Vec<AssessedCandidate>> {
        let rows = sqlx::query(
            "SELECT a.candidate_id, r.job_id, r.decision, r.composite FROM recommendations r \
             JOIN interview_sessions s ON s.id = r.session_id JOIN applications a ON a.id = s.application_id \
             JOIN jobs j ON j.id = r.job_id WHERE j.organisation_id = $1 AND r.created_at >= $2 AND r.created_at < $3 \
             ORDER BY r.id",
        )
        .bind(organisation_id)
        .bind(from)
        .bind(to)
        .fetch_all(&self.pool)
        .await?;
        let mut assessed = Vec::with_capacity(rows.len());
        for row in &rows {
            let job_id: i64 = row.try_get("job_id")?;
            if !job_ids.contains(&job_id) {
                continue;
            }
            let decision: String = row.try_get("decision")?;
            let decision = Decision::parse(&decision).ok_or_else(|| StoreError::Corrupt {
                what: "recommendation",
                reason: format!("unknown decision {decision:?}"),
            })?;
            assessed.push(AssessedCandidate {
                candidate_id: row.try_get("candidate_id")?,
                decision,
                composite: row.try_get("composite")?,
            });
        }
        Ok(assessed)
    }
}

//! Consents per purpose: given with the pack and notice version shown,
//! withdrawn by the candidate; every change audited with the purpose and
//! the version, nothing personal.

use serde::Serialize;
use sqlx::Row;

use super::{AuditBy, Store, StoreResult, audit::insert_audit, flag};
use crate::compliance::{PackId, Purpose};

/// One consent as recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Consent {
    pub purpose: Purpose,
    pub pack: String,
    pub notice_version: String,
    pub given_at: i64,
    pub withdrawn_at: Option<i64>,
}

impl Store {
    /// Records `purposes` as given for an application under `pack`'s notice
    /// `notice_version` at `at`; a purpose already given (and not withdrawn)
    /// is left as it was.
    pub async fn give_consents(
        &self,
        application_id: i64,
        purposes: &[Purpose],
        pack: PackId,
        notice_version: &str,
        at: i64,
        by: AuditBy<'_>,
    ) -> StoreResult<()> {
        let active = self.active_consents(application_id).await?;
        let new: Vec<Purpose> = purposes.iter().copied().filter(|p| !active.contains(p)).collect();
        if new.is_empty() {
            return Ok(());
        }
        let pack_name = super::to_json(&pack).trim_matches('"').to_owned();
        let mut w = self.write().await?;
        for purpose in &new {
            sqlx::query(
                "INSERT INTO consents (application_id, purpose, pack, notice_version, given_at) VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(application_id)
            .bind(purpose.as_str())
            .bind(&pack_name)
            .bind(notice_version)
            .bind(at)
            .execute(&mut *w.tx)
            .await?;
        }
        let names: Vec<&str> = new.iter().map(|p| p.as_str()).collect();
        let detail = format!("{}; notice {notice_version}", names.join(", "));
        insert_audit(&mut w, by, "consent.give", &format!("application:{application_id}"), &detail).await?;
        w.commit().await
    }

    /// Withdraws a purpose's consent; for `recording`, the interview in
    /// progress stops taking recordings in the same transaction. Returns
    /// whether there was a consent to withdraw.
    pub async fn withdraw_consent(
        &self,
        application_id: i64,
        purpose: Purpose,
        at: i64,
        by: AuditBy<'_>,
    ) -> StoreResult<bool> {
        let mut w = self.write().await?;
        let changed = sqlx::query(
            "UPDATE consents SET withdrawn_at = $1 WHERE application_id = $2 AND purpose = $3 AND withdrawn_at IS NULL",
        )
        .bind(at)
        .bind(application_id)
        .bind(purpose.as_str())
        .execute(&mut *w.tx)
        .await?
        .rows_affected();
        if purpose == Purpose::Recording {
            sqlx::query("UPDATE interview_sessions SET consent_recording = $1 WHERE application_id = $2")
                .bind(flag(false))
                .bind(application_id)
                .execute(&mut *w.tx)
                .await?;
        }
        let mut detail = purpose.as_str().to_owned();
        if purpose == Purpose::AiEvaluation {
            // No AI scoring from now on, and none of before left for anyone
            // to act on: a person reviews the answers.
            let sessions = "SELECT id FROM interview_sessions WHERE application_id = $1";
            let scores = sqlx::query(&format!(
                "DELETE FROM dimension_scores WHERE answer_id IN (SELECT id FROM answers WHERE session_id IN ({sessions}))"
            ))
            .bind(application_id)
            .execute(&mut *w.tx)
            .await?
            .rows_affected();
            let recommendations = sqlx::query(&format!("DELETE FROM recommendations WHERE session_id IN ({sessions})"))
                .bind(application_id)
                .execute(&mut *w.tx)
                .await?
                .rows_affected();
            sqlx::query(
                "UPDATE interview_sessions SET state = 'completed' WHERE application_id = $1 AND state = 'scored'",
            )
            .bind(application_id)
            .execute(&mut *w.tx)
            .await?;
            detail = format!("{detail}; removed {scores} AI scores and {recommendations} recommendations");
        }
        insert_audit(&mut w, by, "consent.withdraw", &format!("application:{application_id}"), &detail).await?;
        w.commit().await?;
        Ok(changed > 0)
    }

    /// The purposes consented to and not withdrawn.
    pub async fn active_consents(&self, application_id: i64) -> StoreResult<Vec<Purpose>> {
        Ok(self
            .consents(application_id)
            .await?
            .into_iter()
            .filter(|c| c.withdrawn_at.is_none())
            .map(|c| c.purpose)
            .collect())
    }

    /// Every consent of an application, oldest first.
    pub async fn consents(&self, application_id: i64) -> StoreResult<Vec<Consent>> {
        let rows = sqlx::query(
            "SELECT purpose, pack, notice_version, given_at, withdrawn_at FROM consents WHERE application_id = $1 \
             ORDER BY id",
        )
        .bind(application_id)
        .fetch_all(&self.pool)
        .await?;
        let mut consents = Vec::with_capacity(rows.len());
        for row in &rows {
            let purpose: String = row.try_get("purpose")?;
            // A purpose this build does not know is one it cannot honour: skipped.
            let Some(purpose) = Purpose::parse(&purpose) else { continue };
            consents.push(Consent {
                purpose,
                pack: row.try_get("pack")?,
                notice_version: row.try_get("notice_version")?,
                given_at: row.try_get("given_at")?,
                withdrawn_at: row.try_get("withdrawn_at")?,
            });
        }
        Ok(consents)
    }

    /// Whether AI evaluation was withdrawn for the application a session is
    /// of (consented before, and no longer). Applications without any
    /// recorded consent (started before consents were kept, or by HR) are
    /// evaluated as they always were.
    pub async fn ai_evaluation_withdrawn(&self, session_id: i64) -> StoreResult<bool> {
        let row = sqlx::query(
            "SELECT COUNT(*) AS given, SUM(CASE WHEN c.withdrawn_at IS NULL THEN 1 ELSE 0 END) AS active \
             FROM consents c JOIN interview_sessions s ON s.application_id = c.application_id \
             WHERE s.id = $1 AND c.purpose = $2",
        )
        .bind(session_id)
        .bind(Purpose::AiEvaluation.as_str())
        .fetch_one(&self.pool)
        .await?;
        let given: i64 = row.try_get("given")?;
        let active: Option<i64> = row.try_get("active")?;
        Ok(given > 0 && active.unwrap_or(0) == 0)
    }
}

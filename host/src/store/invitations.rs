//! Following invitations up: who has not started their interview, and
//! extending a window.

use serde::Serialize;
use sqlx::Row;
use sqlx::any::AnyRow;

use super::audit::{AuditBy, insert_audit};
use super::{Invitation, Store, StoreError, StoreResult};

/// An invited candidate who has not started their interview.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct NotStarted {
    pub invitation_id: i64,
    pub application_id: i64,
    pub candidate_id: i64,
    pub candidate_name: String,
    pub opens_at: i64,
    pub closes_at: i64,
    /// The window has closed without a start: re-invite or extend.
    pub window_closed: bool,
}

fn invitation_from_row(row: &AnyRow) -> StoreResult<Invitation> {
    Ok(Invitation {
        id: row.try_get("id")?,
        application_id: row.try_get("application_id")?,
        opens_at: row.try_get("opens_at")?,
        closes_at: row.try_get("closes_at")?,
        revoked: row.try_get::<i64, _>("revoked")? != 0,
    })
}

impl Store {
    pub async fn invitation(&self, id: i64) -> StoreResult<Invitation> {
        let row = sqlx::query("SELECT id, application_id, opens_at, closes_at, revoked FROM invitations WHERE id = $1")
            .bind(id)
            .fetch_optional(&self.pool)
            .await?
            .ok_or_else(|| StoreError::not_found("invitation", id))?;
        invitation_from_row(&row)
    }

    /// The job's candidates whose newest invitation has no interview started,
    /// the soonest-closing window first.
    pub async fn not_started(&self, job_id: i64, now: i64) -> StoreResult<Vec<NotStarted>> {
        let rows = sqlx::query(
            "SELECT i.id, i.application_id, a.candidate_id, c.name, i.opens_at, i.closes_at FROM invitations i \
             JOIN applications a ON a.id = i.application_id JOIN candidates c ON c.id = a.candidate_id \
             WHERE a.job_id = $1 AND i.revoked = 0 \
               AND i.id = (SELECT MAX(j.id) FROM invitations j WHERE j.application_id = i.application_id) \
               AND NOT EXISTS (SELECT 1 FROM interview_sessions s WHERE s.application_id = i.application_id) \
             ORDER BY i.closes_at, i.id",
        )
        .bind(job_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                let closes_at: i64 = row.try_get("closes_at")?;
                Ok(NotStarted {
                    invitation_id: row.try_get("id")?,
                    application_id: row.try_get("application_id")?,
                    candidate_id: row.try_get("candidate_id")?,
                    candidate_name: row.try_get("name")?,
                    opens_at: row.try_get("opens_at")?,
                    closes_at,
                    window_closed: closes_at <= now,
                })
            })
            .collect()
    }

    /// Moves an invitation's window end to `closes_at` (later only); audited.
    pub async fn extend_invitation(&self, id: i64, closes_at: i64, by: AuditBy<'_>) -> StoreResult<Invitation> {
        let current = self.invitation(id).await?;
        if current.revoked {
            return Err(StoreError::Conflict(format!("invitation {id} was withdrawn; invite the candidate again")));
        }
        if closes_at <= current.closes_at {
            return Err(StoreError::invalid("hours", "the window can only be made longer"));
        }
        let mut w = self.write().await?;
        sqlx::query("UPDATE invitations SET closes_at = $1 WHERE id = $2")
            .bind(closes_at)
            .bind(id)
            .execute(&mut *w.tx)
            .await?;
        let subject = format!("application:{}", current.application_id);
        insert_audit(&mut w, by, "invitation.extend", &subject, &format!("invitation:{id}")).await?;
        w.commit().await?;
        Ok(Invitation { closes_at, ..current })
    }
}

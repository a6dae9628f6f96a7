//! Invitations: creating one with its messages (the invitation now, the
//! reminders before the window closes), finding one from a candidate's link,
//! following them up (who has not started), and extending a window.

use serde::Serialize;
use sqlx::Row;
use sqlx::any::AnyRow;

use super::audit::{AuditBy, insert_audit};
use super::events::{PendingEvent, new_event_id};
use super::{Invitation, Store, StoreError, StoreResult, WriteTx, random_hex, token_hash};
use crate::runtime::PluginKind;

/// The event that sends a candidate their invitation.
pub const INVITATION_SENT: &str = "invitation.sent";
/// The event that reminds a candidate who has not started.
pub const INVITATION_REMINDER: &str = "invitation.reminder";
/// The event that tells a candidate their window was extended.
pub const INVITATION_EXTENDED: &str = "invitation.extended";

/// The messages an invitation (or an extension) sends through the notifiers
/// bound to the job.
#[derive(Debug, Clone)]
pub struct InvitationMessages<'a> {
    pub notifiers: &'a [(String, PluginKind)],
    /// How long before the window closes each reminder goes, in ms. A
    /// reminder that would fall before the window opens, or is already due,
    /// is left out.
    pub reminders_before: &'a [i64],
    /// The candidate and the job, as the messages need them (JSON object).
    pub payload: serde_json::Value,
    /// Now.
    pub at: i64,
}

const INVITATION_COLUMNS: &str = "id, application_id, opens_at, closes_at, revoked";

/// Invitations matching `condition` (on alias `i`), each with its
/// application's newest session id.
fn invitation_select(condition: &str) -> String {
    format!(
        "SELECT {}, (SELECT MAX(s.id) FROM interview_sessions s WHERE s.application_id = i.application_id) \
         AS session_id FROM invitations i WHERE {condition}",
        super::qualified(INVITATION_COLUMNS, "i")
    )
}

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
    /// Invites the candidate of an application for the window
    /// `opens_at..closes_at`, writing the invitation and reminder messages to
    /// the outbox in the same transaction; audited. Earlier invitations of
    /// the application that no interview was started with are withdrawn.
    pub async fn create_invitation(
        &self,
        application_id: i64,
        opens_at: i64,
        closes_at: i64,
        messages: &InvitationMessages<'_>,
        by: AuditBy<'_>,
    ) -> StoreResult<Invitation> {
        if closes_at <= opens_at {
            return Err(StoreError::invalid("closes_at", "the window must close after it opens"));
        }
        let application = self.application(application_id).await?;
        // Links are signed now; the column keeps serving links made before
        // that, and each new row needs a unique value no token hashes to.
        let unused =
            format!("signed:{}", random_hex(16).map_err(|e| StoreError::invalid("invitation", e.to_string()))?);
        let mut w = self.write().await?;
        let id = sqlx::query(
            "INSERT INTO invitations (application_id, token_hash, opens_at, closes_at, created_at) \
             VALUES ($1, $2, $3, $4, $5) RETURNING id",
        )
        .bind(application_id)
        .bind(&unused)
        .bind(opens_at)
        .bind(closes_at)
        .bind(messages.at)
        .fetch_one(&mut *w.tx)
        .await?
        .try_get(0)?;
        // A new invitation replaces the ones not used yet: one live link per
        // candidate, and no reminders about a window they were moved out of.
        sqlx::query(
            "UPDATE invitations SET revoked = 1 WHERE application_id = $1 AND id <> $2 AND revoked = 0 \
             AND NOT EXISTS (SELECT 1 FROM interview_sessions s WHERE s.invitation_id = invitations.id)",
        )
        .bind(application_id)
        .bind(id)
        .execute(&mut *w.tx)
        .await?;
        let invitation = Invitation { id, application_id, opens_at, closes_at, revoked: false };
        self.insert_messages(&mut w, &application, &invitation, INVITATION_SENT, messages).await?;
        insert_audit(
            &mut w,
            by,
            "invitation.create",
            &format!("application:{application_id}"),
            &format!("invitation:{id}"),
        )
        .await?;
        w.commit().await?;
        Ok(invitation)
    }

    /// The message now (`kind`) and the reminders for the invitation's window.
    async fn insert_messages(
        &self,
        w: &mut WriteTx<'_>,
        application: &super::Application,
        invitation: &Invitation,
        kind: &'static str,
        messages: &InvitationMessages<'_>,
    ) -> StoreResult<()> {
        if messages.notifiers.is_empty() {
            return Ok(());
        }
        let job = self.job(application.job_id).await?;
        let window = serde_json::json!({
            "invitation_id": invitation.id,
            "opens_at": invitation.opens_at,
            "closes_at": invitation.closes_at,
        });
        let with = |extra: serde_json::Value| {
            let mut payload = messages.payload.clone();
            if let (Some(target), serde_json::Value::Object(more)) = (payload.as_object_mut(), extra) {
                target.extend(more);
            }
            payload
        };
        let mut events = vec![(kind, messages.at, with(window.clone()))];
        for &before in messages.reminders_before {
            let due = invitation.closes_at.saturating_sub(before);
            if due > messages.at && due > invitation.opens_at {
                let mut extra = window.clone();
                extra["minutes_before"] = serde_json::json!(before / 60_000);
                events.push((INVITATION_REMINDER, due, with(extra)));
            }
        }
        for (kind, at, payload) in events {
            let event = PendingEvent {
                id: new_event_id()?,
                organisation_id: job.organisation_id,
                application_id: application.id,
                candidate_id: application.candidate_id,
                job_id: job.id,
                kind: kind.to_owned(),
                stage: application.stage.clone(),
                payload,
                receivers: messages.notifiers.to_vec(),
            };
            self.insert_event(w, &event, at).await?;
        }
        Ok(())
    }

    pub async fn invitation(&self, id: i64) -> StoreResult<Invitation> {
        Ok(self.invitation_and_session(id).await?.0)
    }

    /// An invitation and the id of its application's newest session, in one
    /// query (every candidate request needs both).
    pub async fn invitation_and_session(&self, id: i64) -> StoreResult<(Invitation, Option<i64>)> {
        let row = sqlx::query(&invitation_select("i.id = $1")).bind(id).fetch_optional(&self.pool).await?;
        let row = row.ok_or_else(|| StoreError::not_found("invitation", id))?;
        Ok((invitation_from_row(&row)?, row.try_get("session_id")?))
    }

    /// The invitation of a link made before links were signed (a random
    /// token stored as a hash). The token is never echoed back.
    pub async fn invitation_by_legacy_token(&self, token: &str) -> StoreResult<(Invitation, Option<i64>)> {
        let row = sqlx::query(&invitation_select("i.token_hash = $1"))
            .bind(token_hash(token))
            .fetch_optional(&self.pool)
            .await?
            .ok_or_else(|| StoreError::not_found("invitation", "for this link"))?;
        Ok((invitation_from_row(&row)?, row.try_get("session_id")?))
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
        let sealed = rows.iter().map(|r| Ok((r.try_get("candidate_id")?, r.try_get("name")?)));
        let names = self.open_candidate_names(sealed.collect::<StoreResult<_>>()?).await?;
        rows.iter()
            .zip(names)
            .map(|(row, candidate_name)| {
                let closes_at: i64 = row.try_get("closes_at")?;
                Ok(NotStarted {
                    invitation_id: row.try_get("id")?,
                    application_id: row.try_get("application_id")?,
                    candidate_id: row.try_get("candidate_id")?,
                    candidate_name,
                    opens_at: row.try_get("opens_at")?,
                    closes_at,
                    window_closed: closes_at <= now,
                })
            })
            .collect()
    }

    /// Moves an invitation's window end to `closes_at` (later only), telling
    /// the candidate and scheduling reminders for the new end (those for the
    /// old one are skipped when due); audited.
    pub async fn extend_invitation(
        &self,
        id: i64,
        closes_at: i64,
        messages: &InvitationMessages<'_>,
        by: AuditBy<'_>,
    ) -> StoreResult<Invitation> {
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
        let extended = Invitation { closes_at, ..current };
        let application = self.application(extended.application_id).await?;
        self.insert_messages(&mut w, &application, &extended, INVITATION_EXTENDED, messages).await?;
        let subject = format!("application:{}", extended.application_id);
        insert_audit(&mut w, by, "invitation.extend", &subject, &format!("invitation:{id}")).await?;
        w.commit().await?;
        Ok(extended)
    }
}

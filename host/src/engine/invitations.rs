//! Inviting candidates: the invitation with its signed link, the invitation
//! message and the reminders written to the outbox with it, extending a
//! window, and opening a link a candidate presents.

use super::lifecycle::event_payload;
use super::{Engine, EngineError};
use crate::links::{LINK_GRACE_MS, LinkError, is_signed};
use crate::pipeline::{Mover, Stage};
use crate::runtime::PluginKind;
use crate::store::{AuditBy, Invitation, InvitationMessages, StoreError};

/// An invitation with the candidate's link.
#[derive(Debug, Clone, PartialEq)]
pub struct Invited {
    pub invitation: Invitation,
    /// The token alone, for clients that build their own link.
    pub token: String,
    /// The link to send the candidate.
    pub link: String,
}

/// What a presented link turned out to be.
#[derive(Debug, Clone, PartialEq)]
pub enum OpenedLink {
    /// The invitation and its application's newest session.
    Valid {
        invitation: Invitation,
        session_id: Option<i64>,
    },
    Refused(LinkError),
}

impl Engine {
    /// The token of an invitation's link: it stays usable for
    /// [`LINK_GRACE_MS`] after the window closes. The same invitation and
    /// window always give the same token.
    pub fn link_token(&self, invitation: &Invitation) -> String {
        self.config.links.sign(invitation.id, invitation.closes_at.saturating_add(LINK_GRACE_MS))
    }

    /// The link a candidate opens.
    pub fn link_url(&self, invitation: &Invitation) -> String {
        format!("{}/i/{}", self.config.public_url, self.link_token(invitation))
    }

    fn invited(&self, invitation: Invitation) -> Invited {
        Invited { token: self.link_token(&invitation), link: self.link_url(&invitation), invitation }
    }

    /// The notifiers of the application's job, and what its messages say
    /// about the candidate and the job.
    async fn message_context(
        &self,
        application_id: i64,
    ) -> Result<(Vec<(String, PluginKind)>, serde_json::Value, Vec<i64>), EngineError> {
        let application = self.store.application(application_id).await?;
        let job = self.store.job(application.job_id).await?;
        let candidate = self.store.candidate(application.candidate_id).await?;
        let notifiers = self.notifiers_for(&job).await;
        let payload = event_payload(application_id, &candidate, &job);
        Ok((notifiers, payload, job.pipeline.reminders_before_ms()))
    }

    /// Invites the candidate of an application for `opens_at..closes_at`:
    /// the invitation message goes out through the job's notifiers at once,
    /// and a reminder at each of the job's lead times before the window
    /// closes, unless the interview has started by then. Audited.
    pub async fn invite(
        &self,
        application_id: i64,
        opens_at: i64,
        closes_at: i64,
        by: AuditBy<'_>,
    ) -> Result<Invited, EngineError> {
        let (notifiers, payload, reminders) = self.message_context(application_id).await?;
        let messages =
            InvitationMessages { notifiers: &notifiers, reminders_before: &reminders, payload, at: self.now_ms() };
        let invitation = self.store.create_invitation(application_id, opens_at, closes_at, &messages, by).await?;
        self.enter_ai_interview(application_id, by).await;
        Ok(self.invited(invitation))
    }

    /// Moves an application not yet interviewed to the AI interview stage,
    /// where the job's pipeline acts on the recommendation. The invitation
    /// stands whatever happens to the move.
    async fn enter_ai_interview(&self, application_id: i64, by: AuditBy<'_>) {
        let stage = match self.store.application(application_id).await {
            Ok(application) => Stage::parse(&application.stage),
            Err(e) => {
                tracing::warn!(application_id, error = %e, "reading the invited application failed");
                return;
            }
        };
        if !matches!(stage, Some(Stage::Applied | Stage::Screened)) {
            return;
        }
        let reason = "invited to the AI interview";
        if let Err(e) = self.move_stage(application_id, Stage::AiInterview, Mover::Invitation, reason, by).await {
            tracing::warn!(application_id, error = %e, "moving the invited application to the AI interview failed");
        }
    }

    /// Keeps an invitation open until `closes_at` (later only), sends the
    /// candidate their new link and reschedules the reminders. Audited.
    pub async fn extend_invitation(
        &self,
        invitation_id: i64,
        closes_at: i64,
        by: AuditBy<'_>,
    ) -> Result<Invited, EngineError> {
        let current = self.store.invitation(invitation_id).await?;
        let (notifiers, payload, reminders) = self.message_context(current.application_id).await?;
        let messages =
            InvitationMessages { notifiers: &notifiers, reminders_before: &reminders, payload, at: self.now_ms() };
        let invitation = self.store.extend_invitation(invitation_id, closes_at, &messages, by).await?;
        Ok(self.invited(invitation))
    }

    /// The id of the invitation a link names. A signed link's signature and
    /// expiry are checked without reading the database; a link from before
    /// links were signed is looked up.
    pub async fn link_invitation(&self, token: &str) -> Result<Result<i64, LinkError>, EngineError> {
        if is_signed(token) {
            return Ok(self.config.links.verify(token, self.now_ms()).map(|claims| claims.invitation_id));
        }
        match self.store.invitation_by_legacy_token(token).await {
            Ok((invitation, _)) => Ok(Ok(invitation.id)),
            Err(StoreError::NotFound { .. }) => Ok(Err(LinkError::Unknown)),
            Err(e) => Err(e.into()),
        }
    }

    /// The invitation a candidate's link names, if the link is genuine and
    /// has not expired. A forged or expired signed link is refused without
    /// reading the database.
    pub async fn open_link(&self, token: &str) -> Result<OpenedLink, EngineError> {
        let invitation_id = match self.link_invitation(token).await? {
            Ok(id) => id,
            Err(refused) => return Ok(OpenedLink::Refused(refused)),
        };
        match self.store.invitation_and_session(invitation_id).await {
            Ok((invitation, session_id)) => Ok(OpenedLink::Valid { invitation, session_id }),
            // A signed link to a deleted invitation reads as one never made.
            Err(StoreError::NotFound { .. }) => Ok(OpenedLink::Refused(LinkError::Unknown)),
            Err(e) => Err(e.into()),
        }
    }
}

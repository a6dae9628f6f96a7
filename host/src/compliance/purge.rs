//! The retention rules applied: what `panel serve`'s scheduler runs every
//! hour, on the engine's clock (a test's manual clock decides the day).
//!
//! - recordings of an application closed by a decision go once its
//!   region's pack says (`recordings_days_after_decision`);
//! - a candidate whose applications all closed without a hire, one at least
//!   rejected, is erased once every one of them is past its pack's
//!   `rejected_months`;
//! - erasure requests left open (their candidate was under legal hold) are
//!   completed once the hold is lifted.
//!
//! A candidate under legal hold is skipped by all three.

use std::collections::{BTreeMap, HashMap};

use super::PackId;
use super::erasure::{Eraser, ErasureError, remove_session_media};
use crate::store::{AuditBy, ClosedApplication, StoreResult};

/// What one run did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PurgeReport {
    /// Applications whose recordings were deleted.
    pub recordings: usize,
    /// Candidates erased by the rules or on an open request.
    pub erased: Vec<i64>,
    /// Candidates the rules would have touched, left alone under legal hold.
    pub held: Vec<i64>,
}

const SYSTEM: AuditBy<'static> = AuditBy { actor: "system", origin: "retention" };

/// Stages that close an application without a hire.
fn closed_without_hire(stage: &str) -> bool {
    matches!(stage, "rejected" | "withdrawn" | "offer-declined")
}

impl Eraser {
    /// Applies every pack's retention rules at `now`.
    pub async fn purge_due(&self, now: i64) -> StoreResult<PurgeReport> {
        let mut report = PurgeReport::default();
        let closed = self.store.closed_applications().await?;
        let mut packs: HashMap<i64, PackId> = HashMap::new();
        for application in &closed {
            if let std::collections::hash_map::Entry::Vacant(e) = packs.entry(application.department_id) {
                e.insert(self.store.region_policy(application.department_id).await?.pack);
            }
        }
        let pack_of = |a: &ClosedApplication| packs[&a.department_id].pack();

        for application in &closed {
            let due = pack_of(application).retention.recordings_due(application.decided_at);
            if application.recordings == 0 || due.is_none_or(|due| now < due) {
                continue;
            }
            let sessions = self.store.sessions_with_recordings(application.application_id).await?;
            if sessions.is_empty() {
                continue;
            }
            if application.held {
                report.held.push(application.candidate_id);
                continue;
            }
            let files = match &self.media_root {
                Some(root) => match remove_session_media(root.clone(), sessions).await {
                    Ok((files, _)) => files,
                    Err(e) => {
                        tracing::warn!(application_id = application.application_id, error = %e,
                            "deleting recordings past their retention failed; tried again next run");
                        continue;
                    }
                },
                None => 0,
            };
            self.store.forget_recordings(application.application_id, files, SYSTEM).await?;
            report.recordings += 1;
        }

        let mut by_candidate: BTreeMap<i64, Vec<&ClosedApplication>> = BTreeMap::new();
        for application in &closed {
            by_candidate.entry(application.candidate_id).or_default().push(application);
        }
        for (candidate_id, decided) in by_candidate {
            // Cheap first: every closed application of theirs past its months.
            let all_due =
                decided.iter().all(|d| pack_of(d).retention.rejected_due(d.decided_at).is_some_and(|due| now >= due));
            if !all_due {
                continue;
            }
            let all = self.store.application_stages(candidate_id).await?;
            let every_one_closed_without_hire = all
                .iter()
                .all(|(id, stage)| closed_without_hire(stage) && decided.iter().any(|d| d.application_id == *id));
            if !every_one_closed_without_hire || !all.iter().any(|(_, stage)| stage == "rejected") {
                continue;
            }
            self.erase_for(candidate_id, "retention.purge", now, &mut report).await?;
        }

        for (_, candidate_id, due_at) in self.store.open_erasure_requests().await? {
            if report.erased.contains(&candidate_id) {
                continue;
            }
            if self.store.legal_hold(candidate_id).await?.is_some() && now >= due_at {
                tracing::warn!(
                    candidate_id,
                    "an erasure request is past its due date and its candidate under legal hold"
                );
            }
            self.erase_for(candidate_id, "candidate.erase", now, &mut report).await?;
        }
        Ok(report)
    }

    async fn erase_for(&self, candidate_id: i64, reason: &str, now: i64, report: &mut PurgeReport) -> StoreResult<()> {
        match self.erase(candidate_id, reason, now, SYSTEM).await {
            Ok(_) => report.erased.push(candidate_id),
            Err(ErasureError::Held(_)) => report.held.push(candidate_id),
            Err(ErasureError::Store(crate::store::StoreError::NotFound { .. })) => {}
            Err(ErasureError::Store(e)) => return Err(e),
            Err(ErasureError::Files(e)) => {
                tracing::warn!(candidate_id, error = %e, "erasing a candidate's recordings failed; tried again next run");
            }
        }
        Ok(())
    }
}

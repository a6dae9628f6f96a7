//! Free text by and about candidates, sealed at rest (docs/compliance.md):
//! answer texts (and the typed notes a transcript replaced), machine
//! transcripts' timed segments, the evidence and explanations rubrics quote
//! from answers, the reasons typed for stage moves and interviewers'
//! scorecard notes, each under the data key of the candidate it is about,
//! so an erasure that destroys that key leaves any copy missed unreadable.
//!
//! Values are sealed before the write transaction that stores them (reading
//! a key takes a connection of the pool) and opened after the read.

use std::collections::HashMap;
use std::sync::Arc;

use sqlx::Row;

use super::keys::{crypto_error, open_field};
use super::{Store, StoreError, StoreResult, StoredAnswer};
use crate::crypto::DataKey;

/// An answer's text, and its notes (which take the text a transcript
/// replaces, in SQL, so both columns open with the same associated data).
pub(crate) const ANSWER_TEXT: &str = "answers.text";
/// A machine transcript's timed segments (JSON).
pub(crate) const SEGMENTS: &str = "transcriptions.segments";
/// A dimension score's evidence (JSON quotes of the answer) and explanation.
pub(crate) const EVIDENCE: &str = "dimension_scores.evidence";
pub(crate) const EXPLANATION: &str = "dimension_scores.explanation";
/// The reason typed for a stage move (free text that may name people).
pub(crate) const MOVE_REASON: &str = "stage_transitions.reason";
/// An interviewer's notes on a scorecard.
pub(crate) const SCORECARD_NOTES: &str = "scorecards.notes";

impl Store {
    /// The data keys of the candidates whose interviews these sessions are,
    /// by session; a session of an erased candidate has none.
    pub(crate) async fn session_keys(&self, session_ids: &[i64]) -> StoreResult<HashMap<i64, Arc<DataKey>>> {
        let mut candidate_of = HashMap::with_capacity(session_ids.len());
        let mut missing = Vec::new();
        for &session in session_ids {
            match self.keys.session_candidate(session) {
                Some(candidate) => {
                    candidate_of.insert(session, candidate);
                }
                None => missing.push(session),
            }
        }
        missing.sort_unstable();
        missing.dedup();
        for chunk in missing.chunks(500) {
            // Ids are numbers we hold: written into the statement.
            let list = chunk.iter().map(i64::to_string).collect::<Vec<_>>().join(", ");
            let rows = sqlx::query(&format!(
                "SELECT s.id, a.candidate_id, j.organisation_id FROM interview_sessions s \
                 JOIN applications a ON a.id = s.application_id JOIN jobs j ON j.id = a.job_id WHERE s.id IN ({list})"
            ))
            .fetch_all(&self.pool)
            .await?;
            for row in rows {
                let (session, candidate): (i64, i64) = (row.try_get("id")?, row.try_get("candidate_id")?);
                self.keys.remember_session_candidate(session, candidate, row.try_get("organisation_id")?);
                candidate_of.insert(session, candidate);
            }
        }
        let candidates: Vec<i64> = candidate_of.values().copied().collect();
        let keys = self.candidate_keys(&candidates).await?;
        Ok(candidate_of
            .into_iter()
            .filter_map(|(session, candidate)| keys.get(&candidate).map(|key| (session, key.clone())))
            .collect())
    }

    /// The data key of the session's candidate; an error once they are erased.
    pub(crate) async fn session_key(&self, session_id: i64) -> StoreResult<Arc<DataKey>> {
        if let Some(key) = self.session_keys(&[session_id]).await?.remove(&session_id) {
            return Ok(key);
        }
        let exists: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM interview_sessions WHERE id = $1")
            .bind(session_id)
            .fetch_one(&self.pool)
            .await?;
        Err(match exists {
            0 => StoreError::not_found("interview session", session_id),
            _ => StoreError::invalid("interview session", format!("session {session_id}'s candidate has been erased")),
        })
    }

    /// `text` sealed as an answer's text (or notes) of the session.
    pub(crate) async fn seal_answer_text(&self, session_id: i64, text: &str) -> StoreResult<String> {
        self.session_key(session_id).await?.seal_str(ANSWER_TEXT, text).map_err(crypto_error("answer"))
    }

    /// Opens the texts and notes of answers read from the database.
    pub(crate) async fn open_answers(&self, answers: &mut [StoredAnswer]) -> StoreResult<()> {
        let sessions: Vec<i64> = answers.iter().map(|a| a.session_id).collect();
        let keys = self.session_keys(&sessions).await?;
        for answer in answers {
            let key = keys.get(&answer.session_id).map(AsRef::as_ref);
            answer.answer.text = open_field(key, ANSWER_TEXT, std::mem::take(&mut answer.answer.text))?;
            if let Some(notes) = answer.notes.take() {
                answer.notes = Some(open_field(key, ANSWER_TEXT, notes)?);
            }
        }
        Ok(())
    }

    /// `text` sealed under the candidate's key for the place `aad` names.
    pub(crate) async fn seal_for_candidate(&self, candidate_id: i64, aad: &str, text: &str) -> StoreResult<String> {
        let key = self
            .candidate_key(candidate_id)
            .await?
            .ok_or_else(|| StoreError::invalid("candidate", format!("candidate {candidate_id} has been erased")))?;
        key.seal_str(aad, text).map_err(crypto_error("candidate"))
    }

    /// The key of the application's candidate, to open rows of theirs read
    /// already (`none_read`: nothing to open, so no lookup).
    pub(crate) async fn application_key(
        &self,
        application_id: i64,
        none_read: bool,
    ) -> StoreResult<Option<Arc<DataKey>>> {
        if none_read {
            return Ok(None);
        }
        let candidate: Option<i64> = sqlx::query_scalar("SELECT candidate_id FROM applications WHERE id = $1")
            .bind(application_id)
            .fetch_optional(&self.pool)
            .await?;
        match candidate {
            Some(candidate) => self.candidate_key(candidate).await,
            None => Ok(None),
        }
    }

    /// One answer read from the database, opened.
    pub(crate) async fn open_answer(&self, mut answer: StoredAnswer) -> StoreResult<StoredAnswer> {
        self.open_answers(std::slice::from_mut(&mut answer)).await?;
        Ok(answer)
    }
}

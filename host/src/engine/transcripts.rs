//! Transcripts of recorded answers: written by speech recognition (the
//! `transcription` workers) or by a person who may score the interview,
//! while playing the recording. A person's transcript wins over the
//! machine's and is audited. The interview is scored once every recorded
//! answer has its transcript, and scored again when a transcript is
//! corrected.

use serde::{Deserialize, Serialize};

use super::{Engine, EngineError, Recommendation};
use crate::store::{AuditBy, SessionState, StoredAnswer};

/// What writing a transcript did.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Transcribed {
    pub answer_id: i64,
    /// Recorded answers of the interview still without a transcript.
    pub awaiting_transcripts: usize,
    /// The interview's new recommendation, when this was the last transcript
    /// missing and scoring succeeded; `null` otherwise.
    pub recommendation: Option<Recommendation>,
}

impl Engine {
    /// Makes `text` the transcript of a recorded answer of a finished
    /// interview, then scores the interview if nothing else waits for one.
    pub async fn write_transcript(
        &self,
        session_id: i64,
        answer_id: i64,
        text: &str,
        by: AuditBy<'_>,
    ) -> Result<Transcribed, EngineError> {
        let session = self.session(session_id).await?;
        if session.state == SessionState::InProgress {
            return Err(EngineError::NotFinished);
        }
        let answer = self.store.answer(session_id, answer_id).await?;
        if answer.media_ref.is_none() {
            return Err(EngineError::NotRecorded { answer_id });
        }
        let text = text.trim();
        if text.is_empty() {
            return Err(EngineError::invalid("text", "a transcript needs the words the candidate said"));
        }
        self.check_length(text)?;
        self.store.write_transcript(session_id, answer_id, text, by).await?;
        let answers = self.store.answers(session_id).await?;
        let awaiting_transcripts = awaiting_transcripts(&answers);
        let recommendation =
            if awaiting_transcripts == 0 { self.score_after_transcripts(session_id).await } else { None };
        Ok(Transcribed { answer_id, awaiting_transcripts, recommendation })
    }

    /// After speech recognition wrote a transcript: scores the interview if
    /// it is finished (and not scored yet) and no recorded answer waits for a
    /// transcript any more. Failures are logged: the interview stays
    /// unscored for a restart or HR to retry, and the transcript is kept.
    pub async fn after_machine_transcript(&self, session_id: i64) -> Option<Recommendation> {
        let waiting = async {
            let session = self.session(session_id).await?;
            let finished = matches!(session.state, SessionState::Completed | SessionState::Expired);
            Ok::<_, EngineError>(!finished || awaiting_transcripts(&self.store.answers(session_id).await?) > 0)
        };
        match waiting.await {
            Ok(false) => {}
            Ok(true) => return None,
            Err(e) => {
                tracing::warn!(session_id, error = %e, "reading an interview after its transcript failed");
                return None;
            }
        }
        let recommendation = self.score_after_transcripts(session_id).await?;
        let subject = format!("session:{session_id}");
        if let Err(e) =
            self.store.audit("system", "session.score", &subject, recommendation.decision.as_str(), "").await
        {
            tracing::warn!(session_id, error = %e, "writing the audit entry for scoring failed");
        }
        Some(recommendation)
    }

    /// Scores once the transcripts are complete; a failure leaves the
    /// interview unscored for a restart or HR to retry, never loses the transcript.
    async fn score_after_transcripts(&self, session_id: i64) -> Option<Recommendation> {
        match self.score_session(session_id).await {
            Ok(recommendation) => Some(recommendation),
            Err(e) => {
                tracing::warn!(session_id, error = %e, "scoring after the last transcript failed");
                None
            }
        }
    }
}

/// Recorded answers of `answers` without a transcript.
pub(super) fn awaiting_transcripts(answers: &[StoredAnswer]) -> usize {
    answers.iter().filter(|a| a.awaits_transcript()).count()
}

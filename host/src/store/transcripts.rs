//! Transcripts of recorded answers. A recorded answer is not scored until it
//! has one: its text is at most the notes the candidate typed beside the
//! recording. Writing a transcript keeps those notes and makes the
//! transcript the answer's text, in one transaction with its audit entry.

use super::audit::{AuditBy, insert_audit};
use super::sessions::{ANSWER_COLUMNS, answer_from_row};
use super::{Store, StoreError, StoreResult, StoredAnswer};

/// SQL condition: interview session `s` has a recorded answer without a
/// transcript. Written as a set the partial index `answers_untranscribed`
/// holds (migration 0007): the few answers waiting, rather than a probe of
/// every finished session's answers (45 ms a dashboard read over 10,000).
pub(super) const HAS_UNTRANSCRIBED_ANSWER: &str = "(s.id IN (SELECT t.session_id FROM answers t \
                                                   WHERE t.media_ref IS NOT NULL AND t.transcribed = 0))";

impl Store {
    /// One answer of a session.
    pub async fn answer(&self, session_id: i64, answer_id: i64) -> StoreResult<StoredAnswer> {
        let row = sqlx::query(&format!("SELECT {ANSWER_COLUMNS} FROM answers WHERE id = $1 AND session_id = $2"))
            .bind(answer_id)
            .bind(session_id)
            .fetch_optional(&self.pool)
            .await?
            .ok_or_else(|| StoreError::not_found("answer", answer_id))?;
        self.open_answer(answer_from_row(&row, "")?).await
    }

    /// Makes `transcript` the text of a recorded answer (a person's, which
    /// replaces a machine transcript and is never replaced by one); the
    /// candidate's own text is kept as notes the first time. Audited
    /// without the text.
    pub async fn write_transcript(
        &self,
        session_id: i64,
        answer_id: i64,
        transcript: &str,
        by: AuditBy<'_>,
    ) -> StoreResult<StoredAnswer> {
        let sealed = self.seal_answer_text(session_id, transcript).await?;
        let mut w = self.write().await?;
        // SET reads the row as it was, so notes take the text before the transcript replaces it.
        let row = sqlx::query(&format!(
            "UPDATE answers SET notes = CASE WHEN transcribed = 0 THEN text ELSE notes END, \
             text = $1, transcribed = 1, transcript_source = 'person' \
             WHERE id = $2 AND session_id = $3 AND media_ref IS NOT NULL RETURNING {ANSWER_COLUMNS}"
        ))
        .bind(&sealed)
        .bind(answer_id)
        .bind(session_id)
        .fetch_optional(&mut *w.tx)
        .await?
        .ok_or_else(|| StoreError::not_found("recorded answer", answer_id))?;
        let answer = answer_from_row(&row, "")?;
        // A person's transcript wins: speech recognition not finished yet
        // for this answer stops here (a worker's result no longer applies).
        sqlx::query(
            "UPDATE transcriptions SET state = 'superseded', locked_by = NULL, locked_until = NULL \
             WHERE answer_id = $1 AND state IN ('queued', 'running', 'failed', 'no_speech')",
        )
        .bind(answer_id)
        .execute(&mut *w.tx)
        .await?;
        insert_audit(&mut w, by, "answer.transcribe", &format!("session:{session_id}"), &format!("answer:{answer_id}"))
            .await?;
        w.commit().await?;
        self.open_answer(answer).await
    }
}

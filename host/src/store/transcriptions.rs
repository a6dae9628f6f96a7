//! The speech recognition queue: one transcription per recorded answer,
//! queued in the transaction that stores the answer, claimed by workers under
//! a lease the way the outbox's deliveries are (`FOR UPDATE SKIP LOCKED` on
//! PostgreSQL, so several nodes share the queue; a lease past its time is
//! taken over), and finished only by the worker that still holds the lease,
//! so nothing is done twice. A machine transcript becomes the answer's text
//! unless a person has written one: a person's transcript always wins.

use serde::{Deserialize, Serialize};
use sqlx::Row;
use sqlx::any::AnyRow;

use super::audit::{AuditBy, insert_audit};
use super::keys::{crypto_error, open_field};
use super::sealed_text::{ANSWER_TEXT, SEGMENTS};
use super::{Backend, Store, StoreError, StoreResult};
use crate::crypto::DataKey;

/// A transcription claimed by a worker.
#[derive(Debug, Clone, PartialEq)]
pub struct ClaimedTranscription {
    pub answer_id: i64,
    pub session_id: i64,
    /// This attempt's number (1 for the first).
    pub attempts: i64,
    /// `upload:<id>`: where the recording is.
    pub media_ref: String,
}

/// One timed window of speech and what was said in it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct TranscriptSegment {
    pub start_ms: u64,
    pub end_ms: u64,
    pub text: String,
    /// 0..1.
    pub confidence: f32,
}

/// What speech recognition made of a recording, with its provenance.
#[derive(Debug, Clone, PartialEq)]
pub struct MachineTranscript {
    pub text: String,
    pub model: String,
    pub model_version: String,
    pub model_checksum: String,
    pub language: String,
    pub confidence: f64,
    pub seconds: f64,
    pub segments: Vec<TranscriptSegment>,
}

/// A recorded answer's transcription, as HR sees it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct TranscriptionRow {
    pub answer_id: i64,
    pub question_id: String,
    /// `queued`, `running`, `done`, `no_speech`, `failed` (given up) or
    /// `superseded` (a person wrote the transcript first).
    pub state: String,
    pub attempts: i64,
    /// Why the last attempt failed, for HR (never what was said).
    pub last_error: String,
    /// Who wrote the answer's transcript: `machine`, `person`, or `null` (nobody yet).
    pub source: Option<String>,
    /// The model behind the machine transcript: name, version, checksum.
    pub model: Option<String>,
    pub model_version: Option<String>,
    pub model_checksum: Option<String>,
    /// The language the model heard (`zh`, `en`...).
    pub language: Option<String>,
    pub confidence: Option<f64>,
    /// The recording's length.
    pub seconds: Option<f64>,
    pub segments: Vec<TranscriptSegment>,
    pub finished_at: Option<i64>,
}

const ROW_COLUMNS: &str = "t.answer_id, a.question_id, t.state, t.attempts, t.last_error, a.transcript_source, \
                           t.model, t.model_version, t.model_checksum, t.language, t.confidence, t.seconds, \
                           t.segments, t.finished_at";

/// Statement that queues the transcription of the recorded answer of
/// session `session` to question `question` at `at` (placeholders), skipped
/// when it has a transcript already or is queued already.
pub(super) fn enqueue_sql(session: &str, question: &str, at: &str) -> String {
    format!(
        "INSERT INTO transcriptions (answer_id, session_id, state, attempts, next_attempt_at, created_at) \
         SELECT id, session_id, 'queued', 0, {at}, {at} FROM answers WHERE session_id = {session} \
         AND question_id = {question} AND media_ref IS NOT NULL AND transcribed = 0 \
         ON CONFLICT (answer_id) DO NOTHING"
    )
}

impl Store {
    /// Claims up to `limit` due transcriptions for `worker` until
    /// `lease_until`: queued ones whose time has come, and running ones
    /// whose worker's lease ran out. One that has been started
    /// `max_attempts` times without finishing is given up on instead.
    pub async fn claim_transcriptions(
        &self,
        worker: &str,
        now: i64,
        lease_until: i64,
        limit: i64,
        max_attempts: i64,
    ) -> StoreResult<Vec<ClaimedTranscription>> {
        let lock = match self.backend() {
            Backend::Postgres => " FOR UPDATE OF t SKIP LOCKED",
            Backend::Sqlite => "",
        };
        let mut w = self.write().await?;
        let rows = sqlx::query(&format!(
            "SELECT t.answer_id, t.attempts FROM transcriptions t \
             WHERE t.state IN ('queued', 'running') AND t.next_attempt_at <= $1 \
               AND (t.locked_until IS NULL OR t.locked_until < $1) \
             ORDER BY t.next_attempt_at, t.answer_id LIMIT $2{lock}"
        ))
        .bind(now)
        .bind(limit)
        .fetch_all(&mut *w.tx)
        .await?;
        let mut claimed = Vec::with_capacity(rows.len());
        for row in &rows {
            let answer_id: i64 = row.try_get("answer_id")?;
            let attempts: i64 = row.try_get("attempts")?;
            if attempts >= max_attempts {
                let why = format!(
                    "transcription was started {attempts} times without finishing (the server stopped or ran out of \
                     memory each time); write the transcript yourself, or retry"
                );
                sqlx::query(
                    "UPDATE transcriptions SET state = 'failed', last_error = $1, locked_by = NULL, \
                     locked_until = NULL, finished_at = $2 WHERE answer_id = $3",
                )
                .bind(&why)
                .bind(now)
                .bind(answer_id)
                .execute(&mut *w.tx)
                .await?;
                continue;
            }
            let row = sqlx::query(
                "UPDATE transcriptions SET state = 'running', attempts = attempts + 1, locked_by = $1, \
                 locked_until = $2 WHERE answer_id = $3 \
                 RETURNING answer_id, session_id, attempts",
            )
            .bind(worker)
            .bind(lease_until)
            .bind(answer_id)
            .fetch_one(&mut *w.tx)
            .await?;
            let media_ref: Option<String> = sqlx::query("SELECT media_ref FROM answers WHERE id = $1")
                .bind(answer_id)
                .fetch_one(&mut *w.tx)
                .await?
                .try_get("media_ref")?;
            claimed.push(ClaimedTranscription {
                answer_id: row.try_get("answer_id")?,
                session_id: row.try_get("session_id")?,
                attempts: row.try_get("attempts")?,
                media_ref: media_ref.unwrap_or_default(),
            });
        }
        w.commit().await?;
        Ok(claimed)
    }

    /// Extends `worker`'s lease while it is still transcribing; `false`
    /// when the lease is no longer its own.
    pub async fn renew_transcription(&self, answer_id: i64, worker: &str, lease_until: i64) -> StoreResult<bool> {
        let mut w = self.write().await?;
        let done = sqlx::query(
            "UPDATE transcriptions SET locked_until = $1 WHERE answer_id = $2 AND locked_by = $3 AND state = 'running'",
        )
        .bind(lease_until)
        .bind(answer_id)
        .bind(worker)
        .execute(&mut *w.tx)
        .await?;
        w.commit().await?;
        Ok(done.rows_affected() == 1)
    }

    /// Stores a machine transcript, if `worker` still holds the lease: its
    /// provenance on the transcription, its text as the answer's (the
    /// candidate's own text kept as notes), unless a person has written the
    /// transcript. Audited without the text. `false`: the lease was lost
    /// and nothing was written.
    pub async fn transcription_done(
        &self,
        answer_id: i64,
        worker: &str,
        at: i64,
        t: &MachineTranscript,
    ) -> StoreResult<bool> {
        let segments = serde_json::to_string(&t.segments)
            .map_err(|e| StoreError::Corrupt { what: "transcript segments", reason: e.to_string() })?;
        // What the candidate said, sealed under their key before the transaction.
        let session: Option<i64> = sqlx::query_scalar("SELECT session_id FROM transcriptions WHERE answer_id = $1")
            .bind(answer_id)
            .fetch_optional(&self.pool)
            .await?;
        let key = self.session_key(session.ok_or_else(|| StoreError::not_found("transcription", answer_id))?).await?;
        let segments = key.seal_str(SEGMENTS, &segments).map_err(crypto_error("transcript"))?;
        let text = key.seal_str(ANSWER_TEXT, &t.text).map_err(crypto_error("transcript"))?;
        let mut w = self.write().await?;
        let done = sqlx::query(
            "UPDATE transcriptions SET state = 'done', last_error = '', locked_by = NULL, locked_until = NULL, \
             model = $1, model_version = $2, model_checksum = $3, language = $4, confidence = $5, seconds = $6, \
             segments = $7, finished_at = $8 WHERE answer_id = $9 AND locked_by = $10 AND state = 'running' \
             RETURNING session_id",
        )
        .bind(&t.model)
        .bind(&t.model_version)
        .bind(&t.model_checksum)
        .bind(&t.language)
        .bind(t.confidence)
        .bind(t.seconds)
        .bind(segments)
        .bind(at)
        .bind(answer_id)
        .bind(worker)
        .fetch_optional(&mut *w.tx)
        .await?;
        let Some(done) = done else { return Ok(false) };
        let session_id: i64 = done.try_get("session_id")?;
        // A person's transcript wins: theirs is never replaced.
        let written = sqlx::query(
            "UPDATE answers SET notes = CASE WHEN transcribed = 0 THEN text ELSE notes END, text = $1, \
             transcribed = 1, transcript_source = 'machine' \
             WHERE id = $2 AND (transcribed = 0 OR transcript_source = 'machine')",
        )
        .bind(&text)
        .bind(answer_id)
        .execute(&mut *w.tx)
        .await?;
        if written.rows_affected() == 1 {
            let by = AuditBy { actor: "system", origin: "speech recognition" };
            let detail = format!("answer:{answer_id} machine {}@{} by {worker}", t.model, t.model_version);
            insert_audit(&mut w, by, "answer.transcribe", &format!("session:{session_id}"), &detail).await?;
        }
        w.commit().await?;
        Ok(true)
    }

    /// Nobody speaks in the recording: flagged for a person, the answer untouched.
    pub async fn transcription_no_speech(
        &self,
        answer_id: i64,
        worker: &str,
        at: i64,
        seconds: f64,
    ) -> StoreResult<bool> {
        let mut w = self.write().await?;
        let done = sqlx::query(
            "UPDATE transcriptions SET state = 'no_speech', last_error = '', seconds = $1, finished_at = $2, \
             locked_by = NULL, locked_until = NULL WHERE answer_id = $3 AND locked_by = $4 AND state = 'running'",
        )
        .bind(seconds)
        .bind(at)
        .bind(answer_id)
        .bind(worker)
        .execute(&mut *w.tx)
        .await?;
        w.commit().await?;
        Ok(done.rows_affected() == 1)
    }

    /// The attempt failed in a way that may pass: tried again at `next_at`.
    pub async fn transcription_retry(
        &self,
        answer_id: i64,
        worker: &str,
        next_at: i64,
        error: &str,
    ) -> StoreResult<bool> {
        self.finish_transcription(
            "UPDATE transcriptions SET state = 'queued', next_attempt_at = $1, last_error = $2, locked_by = NULL, \
             locked_until = NULL WHERE answer_id = $3 AND locked_by = $4 AND state = 'running'",
            next_at,
            error,
            answer_id,
            worker,
        )
        .await
    }

    /// Given up: `error` says why, for HR.
    pub async fn transcription_failed(&self, answer_id: i64, worker: &str, at: i64, error: &str) -> StoreResult<bool> {
        self.finish_transcription(
            "UPDATE transcriptions SET state = 'failed', finished_at = $1, last_error = $2, locked_by = NULL, \
             locked_until = NULL WHERE answer_id = $3 AND locked_by = $4 AND state = 'running'",
            at,
            error,
            answer_id,
            worker,
        )
        .await
    }

    async fn finish_transcription(&self, sql: &str, at: i64, text: &str, id: i64, worker: &str) -> StoreResult<bool> {
        let mut w = self.write().await?;
        let done = sqlx::query(sql).bind(at).bind(text).bind(id).bind(worker).execute(&mut *w.tx).await?;
        w.commit().await?;
        // A lease taken over means another worker owns it now; its result stands.
        Ok(done.rows_affected() == 1)
    }

    /// HR asks for a failed (or no-speech) transcription again, from its
    /// first attempt. Audited.
    pub async fn retry_transcription(
        &self,
        session_id: i64,
        answer_id: i64,
        now: i64,
        by: AuditBy<'_>,
    ) -> StoreResult<()> {
        let mut w = self.write().await?;
        let done = sqlx::query(
            "UPDATE transcriptions SET state = 'queued', attempts = 0, next_attempt_at = $1, last_error = '', \
             finished_at = NULL WHERE answer_id = $2 AND session_id = $3 AND state IN ('failed', 'no_speech')",
        )
        .bind(now)
        .bind(answer_id)
        .bind(session_id)
        .execute(&mut *w.tx)
        .await?;
        if done.rows_affected() == 0 {
            let state: Option<String> =
                sqlx::query("SELECT state FROM transcriptions WHERE answer_id = $1 AND session_id = $2")
                    .bind(answer_id)
                    .bind(session_id)
                    .fetch_optional(&mut *w.tx)
                    .await?
                    .map(|r| r.try_get("state"))
                    .transpose()?;
            return Err(match state {
                None => StoreError::not_found("transcription of answer", answer_id),
                Some(state) => StoreError::Conflict(format!(
                    "the transcription of answer {answer_id} is {state}; only a failed or no-speech one is retried"
                )),
            });
        }
        let detail = format!("answer:{answer_id}");
        insert_audit(&mut w, by, "answer.transcription-retry", &format!("session:{session_id}"), &detail).await?;
        w.commit().await
    }

    /// The transcriptions of a session's recorded answers, in answer order.
    pub async fn session_transcriptions(&self, session_id: i64) -> StoreResult<Vec<TranscriptionRow>> {
        let rows = sqlx::query(&format!(
            "SELECT {ROW_COLUMNS} FROM transcriptions t JOIN answers a ON a.id = t.answer_id \
             WHERE t.session_id = $1 ORDER BY a.seq"
        ))
        .bind(session_id)
        .fetch_all(&self.pool)
        .await?;
        let key = self.session_keys(&[session_id]).await?.remove(&session_id);
        rows.iter().map(|row| row_from(row, key.as_deref())).collect()
    }

    /// Transcriptions not finished yet (queued or running), all sessions.
    pub async fn transcriptions_waiting(&self) -> StoreResult<i64> {
        let row = sqlx::query("SELECT COUNT(*) AS n FROM transcriptions WHERE state IN ('queued', 'running')")
            .fetch_one(&self.pool)
            .await?;
        Ok(row.try_get("n")?)
    }
}

/// A transcription from `row`, its segments opened with `key`.
fn row_from(row: &AnyRow, key: Option<&DataKey>) -> StoreResult<TranscriptionRow> {
    let segments: Option<String> = row.try_get("segments")?;
    let segments = match segments {
        Some(json) => serde_json::from_str(&open_field(key, SEGMENTS, json)?)
            .map_err(|e| StoreError::Corrupt { what: "transcript segments", reason: e.to_string() })?,
        None => Vec::new(),
    };
    Ok(TranscriptionRow {
        answer_id: row.try_get("answer_id")?,
        question_id: row.try_get("question_id")?,
        state: row.try_get("state")?,
        attempts: row.try_get("attempts")?,
        last_error: row.try_get("last_error")?,
        source: row.try_get("transcript_source")?,
        model: row.try_get("model")?,
        model_version: row.try_get("model_version")?,
        model_checksum: row.try_get("model_checksum")?,
        language: row.try_get("language")?,
        confidence: row.try_get("confidence")?,
        seconds: row.try_get("seconds")?,
        segments,
        finished_at: row.try_get("finished_at")?,
    })
}

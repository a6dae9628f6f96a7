//! Invitations, interview sessions with their frozen plans, and answers.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use sqlx::Row;
use sqlx::any::AnyRow;

use super::audit::{AuditBy, insert_audit, insert_audit_in};
use super::events::{PendingEvent, insert_sealed_event};
use super::transcripts::HAS_UNTRANSCRIBED_ANSWER;
use super::{Backend, Store, StoreError, StoreResult, flag, from_json, to_json};
use crate::domain::{Answer, PlannedQuestion, Question};

/// A candidate's invitation to interview for one application.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Invitation {
    pub id: i64,
    pub application_id: i64,
    /// The interview may start from here…
    pub opens_at: i64,
    /// …until here.
    pub closes_at: i64,
    pub revoked: bool,
}

/// Where an interview session is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "kebab-case")]
pub enum SessionState {
    InProgress,
    Completed,
    Expired,
    Scored,
}

impl SessionState {
    pub fn as_str(self) -> &'static str {
        match self {
            SessionState::InProgress => "in-progress",
            SessionState::Completed => "completed",
            SessionState::Expired => "expired",
            SessionState::Scored => "scored",
        }
    }

    pub(crate) fn parse(s: &str) -> StoreResult<Self> {
        Ok(match s {
            "in-progress" => SessionState::InProgress,
            "completed" => SessionState::Completed,
            "expired" => SessionState::Expired,
            "scored" => SessionState::Scored,
            other => {
                return Err(StoreError::Corrupt { what: "session", reason: format!("unknown state {other:?}") });
            }
        })
    }
}

/// A stored interview session.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct SessionRow {
    pub id: i64,
    pub application_id: i64,
    pub invitation_id: Option<i64>,
    pub state: SessionState,
    pub locale: String,
    pub plan: Vec<PlannedQuestion>,
    pub started_at: i64,
    pub deadline: i64,
    pub finished_at: Option<i64>,
    pub pending_follow_up: Option<PlannedQuestion>,
    pub consent_recording: bool,
}

/// An answer to store.
#[derive(Debug, Clone, PartialEq)]
pub struct NewAnswer {
    pub question: Question,
    pub answer: Answer,
    pub overtime_ms: i64,
    pub media_ref: Option<String>,
    /// When it arrived (Unix ms), on the engine's clock: the session's other
    /// moments (start, deadline) are on it too.
    pub submitted_at: i64,
}

/// What storing an answer does besides: to its session, and to who hears
/// of it.
#[derive(Debug, Clone, Copy, Default)]
pub struct AnswerEffects<'a> {
    /// The follow-up question to ask next.
    pub follow_up: Option<&'a PlannedQuestion>,
    /// A follow-up was waiting; this answer (to it) clears it.
    pub follow_up_was_pending: bool,
    /// This is the interview's last answer.
    pub completes: bool,
    /// The event saying the interview is complete, when anyone is to hear of it.
    pub completion: Option<&'a PendingEvent>,
}

impl AnswerEffects<'_> {
    /// What the session's row becomes, if the answer changes it (most do
    /// not): the follow-up waiting (JSON), the state and the finish time.
    pub(super) fn session_change(&self, at: i64) -> Option<(Option<String>, SessionState, Option<i64>)> {
        if !(self.completes || self.follow_up.is_some() || self.follow_up_was_pending) {
            return None;
        }
        let (state, finished_at) =
            if self.completes { (SessionState::Completed, Some(at)) } else { (SessionState::InProgress, None) };
        Some((self.follow_up.map(to_json), state, finished_at))
    }

    /// The completion event, when the answer completes the interview.
    pub(super) fn completion(&self) -> Option<&PendingEvent> {
        self.completion.filter(|_| self.completes)
    }
}

impl NewAnswer {
    /// The answer as stored with `id` at position `seq`.
    pub(super) fn stored(&self, id: i64, session_id: i64, seq: i64, submitted_at: i64) -> StoredAnswer {
        StoredAnswer {
            id,
            session_id,
            seq,
            question: self.question.clone(),
            answer: self.answer.clone(),
            overtime_ms: self.overtime_ms,
            media_ref: self.media_ref.clone(),
            notes: None,
            submitted_at,
        }
    }
}

/// A stored answer with the question it answered.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct StoredAnswer {
    pub id: i64,
    pub session_id: i64,
    pub seq: i64,
    pub question: Question,
    pub answer: Answer,
    /// How far the answer ran past the question's time limit.
    pub overtime_ms: i64,
    pub media_ref: Option<String>,
    /// What the candidate typed beside the recording, once a transcript has
    /// taken its place as the answer's text.
    pub notes: Option<String>,
    pub submitted_at: i64,
}

/// SQL expression: the id of application `a`'s newest interview session.
macro_rules! newest_session_id_of_a {
    () => {
        "(SELECT MAX(n.id) FROM interview_sessions n WHERE n.application_id = a.id)"
    };
}
pub(super) use newest_session_id_of_a;

/// SQL condition: `s` is the newest interview session of application `a`.
macro_rules! newest_session_of_a {
    () => {
        concat!("s.id = ", $crate::store::sessions::newest_session_id_of_a!())
    };
}
pub(super) use newest_session_of_a;

/// SQL joins: application `a`'s newest interview session `s` and its
/// recommendation `r`, both absent until there are any.
pub(super) const NEWEST_INTERVIEW_OF_A: &str = concat!(
    "LEFT JOIN interview_sessions s ON ",
    newest_session_of_a!(),
    " LEFT JOIN recommendations r ON r.session_id = s.id"
);

/// How a recorded answer's `media_ref` names its recording: `upload:<id>`.
pub const MEDIA_REF_PREFIX: &str = "upload:";

impl StoredAnswer {
    /// The id of the answer's recording, when it was recorded.
    pub fn recording_id(&self) -> Option<&str> {
        self.media_ref.as_deref().and_then(|r| r.strip_prefix(MEDIA_REF_PREFIX))
    }

    /// Recorded and not yet transcribed: its text is at most the candidate's
    /// notes, so it cannot be scored as the answer.
    pub fn awaits_transcript(&self) -> bool {
        self.media_ref.is_some() && !self.answer.transcribed
    }

    /// The text as the candidate submitted it, for recognising a retry.
    pub fn submitted_text(&self) -> &str {
        self.notes.as_deref().unwrap_or(&self.answer.text)
    }
}

/// What storing an answer did.
#[derive(Debug, Clone, PartialEq)]
pub enum AnswerInsert {
    Stored(StoredAnswer),
    /// The question was already answered (a retried submission).
    AlreadyAnswered(StoredAnswer),
}

/// The SHA-256 of a token, as stored: staff sign-in tokens, and candidate
/// links made before links were signed.
pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

const SESSION_COLUMNS: &str = "id, application_id, invitation_id, state, locale, plan, started_at, deadline, \
                               finished_at, pending_follow_up, consent_recording";
pub(super) const ANSWER_COLUMNS: &str = "id, session_id, seq, question, text, transcribed, locale, think_time_ms, duration_ms, \
                              overtime_ms, media_ref, notes, submitted_at";

impl Store {
    /// Starts a session with its frozen plan. An application has at most one
    /// session that is not expired: if one exists it is returned instead.
    pub async fn start_session(
        &self,
        application_id: i64,
        invitation_id: Option<i64>,
        locale: &str,
        plan: &[PlannedQuestion],
        started_at: i64,
        deadline: i64,
    ) -> StoreResult<(SessionRow, bool)> {
        let mut w = self.write().await?;
        let existing = sqlx::query(&format!(
            "SELECT {SESSION_COLUMNS} FROM interview_sessions WHERE application_id = $1 AND state <> 'expired' \
             ORDER BY id DESC LIMIT 1"
        ))
        .bind(application_id)
        .fetch_optional(&mut *w.tx)
        .await?;
        if let Some(row) = existing {
            return Ok((session_from_row(&row)?, false));
        }
        let id = sqlx::query(
            "INSERT INTO interview_sessions (application_id, invitation_id, state, locale, plan, started_at, deadline) \
             VALUES ($1, $2, 'in-progress', $3, $4, $5, $6) RETURNING id",
        )
        .bind(application_id)
        .bind(invitation_id)
        .bind(locale)
        .bind(to_json(&plan))
        .bind(started_at)
        .bind(deadline)
        .fetch_one(&mut *w.tx)
        .await?
        .try_get(0)?;
        w.commit().await?;
        Ok((self.session(id).await?, true))
    }

    /// The application's latest session that has not expired, if any.
    pub async fn active_session(&self, application_id: i64) -> StoreResult<Option<SessionRow>> {
        let row = sqlx::query(&format!(
            "SELECT {SESSION_COLUMNS} FROM interview_sessions WHERE application_id = $1 AND state <> 'expired' \
             ORDER BY id DESC LIMIT 1"
        ))
        .bind(application_id)
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(session_from_row).transpose()
    }

    /// The sessions of an application, newest first.
    pub async fn sessions_of_application(&self, application_id: i64) -> StoreResult<Vec<SessionRow>> {
        let rows = sqlx::query(&format!(
            "SELECT {SESSION_COLUMNS} FROM interview_sessions WHERE application_id = $1 ORDER BY id DESC"
        ))
        .bind(application_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(session_from_row).collect()
    }

    /// Finished or expired sessions with answers but no scores yet, and no
    /// recorded answer waiting for its transcript: work a restarted server
    /// picks up.
    pub async fn sessions_awaiting_scoring(&self) -> StoreResult<Vec<i64>> {
        let rows = sqlx::query(&format!(
            "SELECT s.id FROM interview_sessions s WHERE s.state IN ('completed', 'expired') \
                 AND EXISTS (SELECT 1 FROM answers a WHERE a.session_id = s.id) \
                 AND NOT {HAS_UNTRANSCRIBED_ANSWER} ORDER BY s.id"
        ))
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(|row| row.try_get(0).map_err(Into::into)).collect()
    }

    /// Interviews still in progress past their deadline, oldest deadline first.
    pub async fn overdue_sessions(&self, now: i64, limit: i64) -> StoreResult<Vec<i64>> {
        let rows = sqlx::query(
            "SELECT id FROM interview_sessions WHERE state = 'in-progress' AND deadline < $1 ORDER BY deadline LIMIT $2",
        )
        .bind(now)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(|row| row.try_get(0).map_err(Into::into)).collect()
    }

    pub async fn session(&self, id: i64) -> StoreResult<SessionRow> {
        session_in(&self.pool, id).await
    }

    /// A session and its answers in the order they were given, in one query
    /// (every answer submission needs both).
    pub async fn session_with_answers(&self, id: i64) -> StoreResult<(SessionRow, Vec<StoredAnswer>)> {
        self.session_and_answers_where("s.id = $1", id)
            .await?
            .ok_or_else(|| StoreError::not_found("interview session", id))
    }

    /// The newest session of an invitation's application and its answers,
    /// in one query; `None` before the interview has started.
    pub async fn newest_session_of_invitation(
        &self,
        invitation_id: i64,
    ) -> StoreResult<Option<(SessionRow, Vec<StoredAnswer>)>> {
        self.session_and_answers_where(
            "s.id = (SELECT MAX(x.id) FROM interview_sessions x JOIN invitations i \
             ON i.application_id = x.application_id WHERE i.id = $1)",
            invitation_id,
        )
        .await
    }

    async fn session_and_answers_where(
        &self,
        condition: &str,
        id: i64,
    ) -> StoreResult<Option<(SessionRow, Vec<StoredAnswer>)>> {
        let rows = sqlx::query(&format!(
            "SELECT {}, {} FROM interview_sessions s LEFT JOIN answers a ON a.session_id = s.id \
             WHERE {condition} ORDER BY a.seq",
            super::qualified(SESSION_COLUMNS, "s"),
            super::prefixed(ANSWER_COLUMNS, "a", "a_")
        ))
        .bind(id)
        .fetch_all(&self.pool)
        .await?;
        let Some(first) = rows.first() else { return Ok(None) };
        let session = session_from_row(first)?;
        let mut answers = Vec::with_capacity(rows.len());
        for row in &rows {
            if row.try_get::<Option<i64>, _>("a_id")?.is_some() {
                answers.push(answer_from_row(row, "a_")?);
            }
        }
        self.open_answers(&mut answers).await?;
        Ok(Some((session, answers)))
    }

    /// Completes a session still in progress, with the event that says so;
    /// `false` if it was not in progress (finished, expired) any more.
    pub async fn complete_session(
        &self,
        session_id: i64,
        at: i64,
        completion: Option<&PendingEvent>,
    ) -> StoreResult<bool> {
        // Sealed before the transaction: reading the key takes a connection.
        let sealed = match completion {
            Some(event) => Some(self.seal_event_payload(event).await?),
            None => None,
        };
        let mut w = self.write().await?;
        let done = sqlx::query(
            "UPDATE interview_sessions SET state = 'completed', finished_at = $1 WHERE id = $2 AND state = 'in-progress'",
        )
        .bind(at)
        .bind(session_id)
        .execute(&mut *w.tx)
        .await?;
        let completed = done.rows_affected() == 1;
        if let (Some(event), Some(sealed), true) = (completion, &sealed, completed) {
            insert_sealed_event(&mut w, event, sealed, at).await?;
        }
        w.commit().await?;
        Ok(completed)
    }

    /// Records the candidate's consent to recording for a session.
    pub async fn set_recording_consent(&self, session_id: i64, consent: bool) -> StoreResult<()> {
        let mut w = self.write().await?;
        sqlx::query("UPDATE interview_sessions SET consent_recording = $1 WHERE id = $2")
            .bind(flag(consent))
            .bind(session_id)
            .execute(&mut *w.tx)
            .await?;
        w.commit().await
    }

    /// Moves a session to `state`; `finished_at` is set when given. Only a
    /// session in `from` moves, so two racing finishes cannot both win.
    pub async fn transition_session(
        &self,
        session_id: i64,
        from: &[SessionState],
        to: SessionState,
        finished_at: Option<i64>,
    ) -> StoreResult<bool> {
        let mut w = self.write().await?;
        let states: Vec<String> = from.iter().map(|s| format!("'{}'", s.as_str())).collect();
        let done = sqlx::query(&format!(
            "UPDATE interview_sessions SET state = $1, finished_at = COALESCE($2, finished_at) \
             WHERE id = $3 AND state IN ({})",
            states.join(", ")
        ))
        .bind(to.as_str())
        .bind(finished_at)
        .bind(session_id)
        .execute(&mut *w.tx)
        .await?;
        w.commit().await?;
        Ok(done.rows_affected() == 1)
    }

    /// Stores an answer, the follow-up to ask next (if any) and, when it was
    /// the last question, completes the session, in one transaction. A second
    /// answer to the same question returns the first; the effects on the
    /// session apply only if the answer is new.
    pub async fn insert_answer(
        &self,
        session_id: i64,
        new: &NewAnswer,
        effects: AnswerEffects<'_>,
        by: Option<AuditBy<'_>>,
    ) -> StoreResult<AnswerInsert> {
        let submitted_at = new.submitted_at;
        if let Some(writer) = &self.answers {
            return self.insert_answer_sqlite(writer, session_id, new, &effects, submitted_at, by).await;
        }
        let sealed = match effects.completion() {
            Some(event) => Some(self.seal_event_payload(event).await?),
            None => None,
        };
        let sealed_text = self.seal_answer_text(session_id, &new.answer.text).await?;
        let mut w = self.write().await?;
        if self.backend() == Backend::Postgres {
            // Submissions to one session take turns: a retry racing its
            // original waits here, then finds the question answered below,
            // instead of both numbering their answer with the same `seq`
            // (a unique violation that ON CONFLICT on the question misses).
            sqlx::query("SELECT id FROM interview_sessions WHERE id = $1 FOR UPDATE")
                .bind(session_id)
                .execute(&mut *w.tx)
                .await?;
        }
        let a = &new.answer;
        // The sequence number is computed in the statement, and a question
        // already answered (a retry that raced this one) inserts nothing.
        let inserted = sqlx::query(
            "INSERT INTO answers (session_id, seq, question_id, question, text, transcribed, locale, think_time_ms, \
             duration_ms, overtime_ms, media_ref, submitted_at) \
             VALUES ($1, (SELECT COUNT(*) FROM answers WHERE session_id = $1), $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) \
             ON CONFLICT (session_id, question_id) DO NOTHING RETURNING id, seq",
        )
        .bind(session_id)
        .bind(&new.question.id)
        .bind(to_json(&new.question))
        .bind(&sealed_text)
        .bind(flag(a.transcribed))
        .bind(&a.locale)
        .bind(i64::from(a.think_time_ms))
        .bind(i64::from(a.duration_ms))
        .bind(new.overtime_ms)
        .bind(new.media_ref.as_deref())
        .bind(submitted_at)
        .fetch_optional(&mut *w.tx)
        .await?;
        let Some(inserted) = inserted else {
            drop(w);
            return Ok(AnswerInsert::AlreadyAnswered(self.answer_to(session_id, &new.question.id).await?));
        };
        let id: i64 = inserted.try_get("id")?;
        let seq: i64 = inserted.try_get("seq")?;
        if let Some((follow_up, state, finished_at)) = effects.session_change(submitted_at) {
            sqlx::query(
                "UPDATE interview_sessions SET pending_follow_up = $1, state = $2, finished_at = $3 WHERE id = $4",
            )
            .bind(follow_up)
            .bind(state.as_str())
            .bind(finished_at)
            .bind(session_id)
            .execute(&mut *w.tx)
            .await?;
        }
        if let (Some(event), Some(sealed)) = (effects.completion(), &sealed) {
            insert_sealed_event(&mut w, event, sealed, submitted_at).await?;
        }
        if let Some(by) = by {
            let subject = format!("session:{session_id}");
            // Sealing the text above learnt the session's organisation: its
            // chain, with no lookup inside the write.
            match self.keys.session_organisation(session_id) {
                Some(chain) => insert_audit_in(&mut w, chain, by, "answer.submit", &subject, &new.question.id).await?,
                None => insert_audit(&mut w, by, "answer.submit", &subject, &new.question.id).await?,
            }
        }
        if new.media_ref.is_some() {
            // A recorded answer is queued for speech recognition with it.
            sqlx::query(&super::transcriptions::enqueue_sql("$1", "$2", "$3"))
                .bind(session_id)
                .bind(&new.question.id)
                .bind(submitted_at)
                .execute(&mut *w.tx)
                .await?;
        }
        w.commit().await?;
        Ok(AnswerInsert::Stored(new.stored(id, session_id, seq, submitted_at)))
    }

    /// The stored answer of a session to a question (the one a retry found).
    pub(super) async fn answer_to(&self, session_id: i64, question_id: &str) -> StoreResult<StoredAnswer> {
        let row =
            sqlx::query(&format!("SELECT {ANSWER_COLUMNS} FROM answers WHERE session_id = $1 AND question_id = $2"))
                .bind(session_id)
                .bind(question_id)
                .fetch_one(&self.pool)
                .await?;
        self.open_answer(answer_from_row(&row, "")?).await
    }

    /// A session's answers in the order they were given.
    pub async fn answers(&self, session_id: i64) -> StoreResult<Vec<StoredAnswer>> {
        let mut answers = answers_in(&self.pool, session_id).await?;
        self.open_answers(&mut answers).await?;
        Ok(answers)
    }
}

pub(super) async fn session_in<'e, E: sqlx::Executor<'e, Database = sqlx::Any>>(
    executor: E,
    id: i64,
) -> StoreResult<SessionRow> {
    let row = sqlx::query(&format!("SELECT {SESSION_COLUMNS} FROM interview_sessions WHERE id = $1"))
        .bind(id)
        .fetch_optional(executor)
        .await?
        .ok_or_else(|| StoreError::not_found("interview session", id))?;
    session_from_row(&row)
}

pub(super) async fn answers_in<'e, E: sqlx::Executor<'e, Database = sqlx::Any>>(
    executor: E,
    session_id: i64,
) -> StoreResult<Vec<StoredAnswer>> {
    let rows = sqlx::query(&format!("SELECT {ANSWER_COLUMNS} FROM answers WHERE session_id = $1 ORDER BY seq"))
        .bind(session_id)
        .fetch_all(executor)
        .await?;
    rows.iter().map(|row| answer_from_row(row, "")).collect()
}

fn session_from_row(row: &AnyRow) -> StoreResult<SessionRow> {
    let pending: Option<String> = row.try_get("pending_follow_up")?;
    Ok(SessionRow {
        id: row.try_get("id")?,
        application_id: row.try_get("application_id")?,
        invitation_id: row.try_get("invitation_id")?,
        state: SessionState::parse(&row.try_get::<String, _>("state")?)?,
        locale: row.try_get("locale")?,
        plan: from_json("interview plan", &row.try_get::<String, _>("plan")?)?,
        started_at: row.try_get("started_at")?,
        deadline: row.try_get("deadline")?,
        finished_at: row.try_get("finished_at")?,
        pending_follow_up: pending.map(|p| from_json("follow-up question", &p)).transpose()?,
        consent_recording: row.try_get::<i64, _>("consent_recording")? != 0,
    })
}

/// An answer from `row`, its columns named with `prefix` ("" or "a_").
pub(super) fn answer_from_row(row: &AnyRow, prefix: &str) -> StoreResult<StoredAnswer> {
    let col = |name: &str| format!("{prefix}{name}");
    let question: Question = from_json("answered question", &row.try_get::<String, _>(col("question").as_str())?)?;
    let ms = |name: &str| -> StoreResult<u32> {
        Ok(u32::try_from(row.try_get::<i64, _>(col(name).as_str())?).unwrap_or(u32::MAX))
    };
    Ok(StoredAnswer {
        id: row.try_get(col("id").as_str())?,
        session_id: row.try_get(col("session_id").as_str())?,
        seq: row.try_get(col("seq").as_str())?,
        answer: Answer {
            question_id: question.id.clone(),
            text: row.try_get(col("text").as_str())?,
            transcribed: row.try_get::<i64, _>(col("transcribed").as_str())? != 0,
            locale: row.try_get(col("locale").as_str())?,
            think_time_ms: ms("think_time_ms")?,
            duration_ms: ms("duration_ms")?,
        },
        question,
        overtime_ms: row.try_get(col("overtime_ms").as_str())?,
        media_ref: row.try_get(col("media_ref").as_str())?,
        notes: row.try_get(col("notes").as_str())?,
        submitted_at: row.try_get(col("submitted_at").as_str())?,
    })
}

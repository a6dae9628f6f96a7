//! Storing an answer on SQLite in two trips to the database instead of
//! five. sqlx runs each SQLite connection on a thread of its own, so every
//! statement is a hand-over between threads, and answer submission is the
//! request candidates make most: the transaction's statements go in two
//! batches (begin and insert; then the session, the audit entry and the
//! commit), on the single writer connection.

use sqlx::AnyPool;
use sqlx::{Executor, Row};

use super::sessions::{ANSWER_COLUMNS, answer_from_row};
use super::{AnswerInsert, AuditBy, NewAnswer, SessionState, Store, StoreResult, StoredAnswer, flag, now_ms, to_json};
use crate::domain::PlannedQuestion;

/// What an answer changes in its session beyond the answer itself.
#[derive(Debug, Clone, Copy)]
pub(super) struct SessionUpdate<'a> {
    pub pending_follow_up: Option<&'a PlannedQuestion>,
    pub completes: bool,
}

impl Store {
    pub(super) async fn insert_answer_sqlite(
        &self,
        writer: &AnyPool,
        session_id: i64,
        new: &NewAnswer,
        update: Option<SessionUpdate<'_>>,
        by: Option<AuditBy<'_>>,
    ) -> StoreResult<AnswerInsert> {
        let mut conn = writer.acquire().await?;
        let submitted_at = now_ms();
        let a = &new.answer;
        let written = async {
            let inserted = sqlx::query(
                "BEGIN IMMEDIATE; \
                 INSERT INTO answers (session_id, seq, question_id, question, text, transcribed, locale, \
                 think_time_ms, duration_ms, overtime_ms, media_ref, submitted_at) \
                 VALUES ($1, (SELECT COUNT(*) FROM answers WHERE session_id = $1), $2, $3, $4, $5, $6, $7, $8, $9, \
                 $10, $11) ON CONFLICT (session_id, question_id) DO NOTHING RETURNING id, seq",
            )
            .bind(session_id)
            .bind(&new.question.id)
            .bind(to_json(&new.question))
            .bind(&a.text)
            .bind(flag(a.transcribed))
            .bind(&a.locale)
            .bind(i64::from(a.think_time_ms))
            .bind(i64::from(a.duration_ms))
            .bind(new.overtime_ms)
            .bind(new.media_ref.as_deref())
            .bind(submitted_at)
            // All of it: the batch's statements run as its rows are read.
            .fetch_all(&mut *conn)
            .await?;
            let Some(row) = inserted.first() else {
                conn.execute("COMMIT").await?;
                return Ok(None);
            };
            let (id, seq): (i64, i64) = (row.try_get("id")?, row.try_get("seq")?);
            let mut batch = String::new();
            if update.is_some() {
                batch.push_str(
                    "UPDATE interview_sessions SET pending_follow_up = $1, state = $2, finished_at = $3 WHERE id = $4; ",
                );
            }
            if by.is_some() {
                batch.push_str(
                    "INSERT INTO audit_log (at, actor, action, subject, detail, origin) \
                     VALUES ($5, $6, $7, $8, $9, $10); ",
                );
            }
            batch.push_str("COMMIT");
            let completes = update.is_some_and(|u| u.completes);
            let (state, finished_at) =
                if completes { (SessionState::Completed, Some(submitted_at)) } else { (SessionState::InProgress, None) };
            let by = by.unwrap_or(AuditBy { actor: "", origin: "" });
            sqlx::query(&batch)
                .bind(update.and_then(|u| u.pending_follow_up).map(to_json))
                .bind(state.as_str())
                .bind(finished_at)
                .bind(session_id)
                .bind(submitted_at)
                .bind(by.actor)
                .bind("answer.submit")
                .bind(format!("session:{session_id}"))
                .bind(&new.question.id)
                .bind(by.origin)
                .execute(&mut *conn)
                .await?;
            Ok::<_, sqlx::Error>(Some((id, seq)))
        }
        .await;
        let written = match written {
            Ok(written) => written,
            Err(e) => {
                // Leave nothing half done on the connection: roll back, or
                // close it (SQLite rolls back what a closed connection began).
                if conn.execute("ROLLBACK").await.is_err() {
                    conn.close_on_drop();
                }
                return Err(e.into());
            }
        };
        drop(conn);
        Ok(match written {
            Some((id, seq)) => AnswerInsert::Stored(StoredAnswer {
                id,
                session_id,
                seq,
                question: new.question.clone(),
                answer: a.clone(),
                overtime_ms: new.overtime_ms,
                media_ref: new.media_ref.clone(),
                submitted_at,
            }),
            // A retry that raced this one stored it first.
            None => {
                let row = sqlx::query(&format!(
                    "SELECT {ANSWER_COLUMNS} FROM answers WHERE session_id = $1 AND question_id = $2"
                ))
                .bind(session_id)
                .bind(&new.question.id)
                .fetch_one(&self.pool)
                .await?;
                AnswerInsert::AlreadyAnswered(answer_from_row(&row, "")?)
            }
        })
    }
}

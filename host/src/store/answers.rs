//! Storing answers on SQLite with group commit. sqlx runs each SQLite
//! connection on a thread of its own, so every statement is a hand-over
//! between threads, and SQLite has one writer at a time: answer submission,
//! the request candidates make most, would be capped by the writer's round
//! trips. Instead, one task owns the writer connection and stores every
//! answer waiting at that moment in one transaction, sent as one batch of
//! statements: per answer its insert, the session change (when there is one)
//! and the audit entry, each applied only if the answer was new.
//!
//! If a batch fails, each of its answers is tried again on its own, so one
//! bad answer never loses another candidate's.

use std::collections::HashSet;

use sqlx::{AnyPool, Executor, Row};
use tokio::sync::{mpsc, oneshot};

use super::sessions::{ANSWER_COLUMNS, answer_from_row};
use super::{
    AnswerInsert, AuditBy, NewAnswer, SessionState, Store, StoreError, StoreResult, StoredAnswer, flag, now_ms, to_json,
};
use crate::domain::PlannedQuestion;

/// Answers stored in one transaction at most.
const MAX_BATCH: usize = 64;
/// Parameters each answer binds (SQLite allows 32,766 in a statement batch).
const PARAMS: usize = 18;

/// What an answer changes in its session beyond the answer itself.
#[derive(Debug, Clone, Copy)]
pub(super) struct SessionUpdate<'a> {
    pub pending_follow_up: Option<&'a PlannedQuestion>,
    pub completes: bool,
}

/// An answer waiting for the writer, with everything it writes.
#[derive(Debug)]
struct Queued {
    session_id: i64,
    new: NewAnswer,
    /// `Some((follow-up JSON, new state, finished at))` when the session changes.
    session: Option<(Option<String>, &'static str, Option<i64>)>,
    /// `(actor, origin)` of the audit entry.
    audit: Option<(String, String)>,
    submitted_at: i64,
    /// The stored answer's id and position, or `None` if it was there already.
    reply: oneshot::Sender<Result<Option<(i64, i64)>, String>>,
}

/// The queue to the task that owns SQLite's writer connection.
#[derive(Debug, Clone)]
pub(super) struct AnswerWriter {
    queue: mpsc::Sender<Queued>,
}

impl AnswerWriter {
    /// Starts the writer task; it stops when the last sender is dropped.
    pub(super) fn start(writer: AnyPool) -> Self {
        let (queue, mut waiting) = mpsc::channel::<Queued>(MAX_BATCH * 4);
        tokio::spawn(async move {
            let mut batch = Vec::with_capacity(MAX_BATCH);
            while waiting.recv_many(&mut batch, MAX_BATCH).await > 0 {
                let results = match write(&writer, &batch).await {
                    Ok(results) => results.into_iter().map(Ok).collect(),
                    Err(_) if batch.len() > 1 => {
                        let mut results = Vec::with_capacity(batch.len());
                        for one in &batch {
                            let result = write(&writer, std::slice::from_ref(one)).await;
                            results.push(result.map(|mut r| r.remove(0)).map_err(|e| e.to_string()));
                        }
                        results
                    }
                    Err(e) => vec![Err(e.to_string())],
                };
                for (queued, result) in batch.drain(..).zip(results) {
                    // The request may have gone (a closed connection); the answer stands.
                    let _ = queued.reply.send(result);
                }
            }
        });
        Self { queue }
    }
}

/// One transaction for `batch`, in one round trip; per answer its id and
/// position, or `None` where it was stored before.
async fn write(writer: &AnyPool, batch: &[Queued]) -> Result<Vec<Option<(i64, i64)>>, sqlx::Error> {
    let mut sql = String::from("BEGIN IMMEDIATE; ");
    for (i, queued) in batch.iter().enumerate() {
        let p = |n: usize| format!("${}", i * PARAMS + n);
        sql.push_str(&format!(
            "INSERT INTO answers (session_id, seq, question_id, question, text, transcribed, locale, think_time_ms, \
             duration_ms, overtime_ms, media_ref, submitted_at) VALUES ({s}, (SELECT COUNT(*) FROM answers \
             WHERE session_id = {s}), {}, {}, {}, {}, {}, {}, {}, {}, {}, {at}) \
             ON CONFLICT (session_id, question_id) DO NOTHING RETURNING id, seq, session_id, question_id; ",
            p(2),
            p(3),
            p(4),
            p(5),
            p(6),
            p(7),
            p(8),
            p(9),
            p(10),
            s = p(1),
            at = p(11),
        ));
        // `changes()` is the previous statement's count: each step happens
        // only if the answer was new (and the step before it happened).
        if queued.session.is_some() {
            sql.push_str(&format!(
                "UPDATE interview_sessions SET pending_follow_up = {}, state = {}, finished_at = {} \
                 WHERE id = {} AND changes() = 1; ",
                p(12),
                p(13),
                p(14),
                p(1)
            ));
        }
        if queued.audit.is_some() {
            sql.push_str(&format!(
                "INSERT INTO audit_log (at, actor, action, subject, detail, origin) \
                 SELECT {}, {}, {}, {}, {}, {} WHERE changes() = 1; ",
                p(11),
                p(15),
                p(16),
                p(17),
                p(2),
                p(18)
            ));
        }
    }
    sql.push_str("COMMIT");
    let mut query = sqlx::query(&sql);
    for queued in batch {
        let a = &queued.new.answer;
        let (follow_up, state, finished_at) = queued.session.clone().unwrap_or((None, "", None));
        let (actor, origin) = queued.audit.clone().unwrap_or_default();
        query = query
            .bind(queued.session_id)
            .bind(queued.new.question.id.clone())
            .bind(to_json(&queued.new.question))
            .bind(a.text.clone())
            .bind(flag(a.transcribed))
            .bind(a.locale.clone())
            .bind(i64::from(a.think_time_ms))
            .bind(i64::from(a.duration_ms))
            .bind(queued.new.overtime_ms)
            .bind(queued.new.media_ref.clone())
            .bind(queued.submitted_at)
            .bind(follow_up)
            .bind(state)
            .bind(finished_at)
            .bind(actor)
            .bind("answer.submit")
            .bind(format!("session:{}", queued.session_id))
            .bind(origin);
    }
    let mut conn = writer.acquire().await?;
    // All of it: the batch's statements run as its rows are read.
    let rows = match query.fetch_all(&mut *conn).await {
        Ok(rows) => rows,
        Err(e) => {
            // Leave nothing half done on the connection: roll back, or close
            // it (SQLite rolls back what a closed connection began).
            if conn.execute("ROLLBACK").await.is_err() {
                conn.close_on_drop();
            }
            return Err(e);
        }
    };
    let mut stored = Vec::with_capacity(rows.len());
    for row in &rows {
        let key: (i64, String) = (row.try_get("session_id")?, row.try_get("question_id")?);
        stored.push((key, (row.try_get("id")?, row.try_get("seq")?)));
    }
    // Two identical submissions in one batch: the first is stored, the
    // second finds it there.
    let mut taken = HashSet::new();
    Ok(batch
        .iter()
        .map(|queued| {
            let key = (queued.session_id, queued.new.question.id.clone());
            let found = stored.iter().find(|(k, _)| *k == key).map(|(_, ids)| *ids);
            found.filter(|_| taken.insert(key))
        })
        .collect())
}

impl Store {
    pub(super) async fn insert_answer_sqlite(
        &self,
        writer: &AnswerWriter,
        session_id: i64,
        new: &NewAnswer,
        update: Option<SessionUpdate<'_>>,
        by: Option<AuditBy<'_>>,
    ) -> StoreResult<AnswerInsert> {
        let submitted_at = now_ms();
        let session = update.map(|u| {
            let (state, finished_at) = if u.completes {
                (SessionState::Completed, Some(submitted_at))
            } else {
                (SessionState::InProgress, None)
            };
            (u.pending_follow_up.map(to_json), state.as_str(), finished_at)
        });
        let (reply, answer) = oneshot::channel();
        let queued = Queued {
            session_id,
            new: new.clone(),
            session,
            audit: by.map(|b| (b.actor.to_owned(), b.origin.to_owned())),
            submitted_at,
            reply,
        };
        let gone = || StoreError::Conflict("the database writer has stopped; try again".into());
        writer.queue.send(queued).await.map_err(|_| gone())?;
        let written = answer.await.map_err(|_| gone())?.map_err(|e| {
            tracing::error!(session_id, error = %e, "storing an answer failed");
            StoreError::Database(sqlx::Error::Protocol(e))
        })?;
        Ok(match written {
            Some((id, seq)) => AnswerInsert::Stored(StoredAnswer {
                id,
                session_id,
                seq,
                question: new.question.clone(),
                answer: new.answer.clone(),
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

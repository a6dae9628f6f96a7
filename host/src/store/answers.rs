//! Storing answers on SQLite with group commit. sqlx runs each SQLite
//! connection on a thread of its own, so every statement is a hand-over
//! between threads, and SQLite has one writer at a time: answer submission,
//! the request candidates make most, would be capped by the writer's round
//! trips. Instead, one task owns the writer connection and stores every
//! answer waiting at that moment in one transaction, sent as one batch of
//! statements: per answer its insert, the session change (when there is one),
//! the completion event with its deliveries (for a last answer) and the audit
//! entry, each applied only if the answer was new.
//!
//! If a batch fails, each of its answers is tried again on its own, so one
//! bad answer never loses another candidate's.

use std::collections::HashSet;

use sqlx::any::AnyArguments;
use sqlx::{Any, AnyPool, Arguments, Executor, Row};
use tokio::sync::{mpsc, oneshot};

use super::events::PendingEvent;
use super::{
    AnswerEffects, AnswerInsert, AuditBy, NewAnswer, SessionState, Store, StoreError, StoreResult, flag, to_json,
};

/// Answers stored in one transaction at most (about 30 arguments each, well
/// under SQLite's limit of 32,766 per statement).
const MAX_BATCH: usize = 64;

/// An answer waiting for the writer, with everything it writes.
#[derive(Debug)]
struct Queued {
    session_id: i64,
    new: NewAnswer,
    /// `Some((follow-up JSON, new state, finished at))` when the session changes.
    session: Option<(Option<String>, SessionState, Option<i64>)>,
    /// The answer's text sealed under the candidate's key.
    sealed_text: String,
    /// `(actor, origin)` of the audit entry.
    audit: Option<(String, String)>,
    /// The event of the interview's completion, when this answer is its
    /// last, with its payload sealed.
    completion: Option<(PendingEvent, String)>,
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
                // The batch's audit entries join the chain after the replies,
                // so candidates do not wait for it; left unsealed by a crash,
                // they are sealed when the store next opens.
                if let Err(e) = seal(&writer).await {
                    tracing::error!(error = %e, "sealing the audit entries of a batch of answers failed");
                }
            }
        });
        Self { queue }
    }
}

async fn seal(writer: &AnyPool) -> Result<u64, StoreError> {
    let mut tx = writer.begin().await?;
    let sealed = super::audit_chain::seal_pending(&mut tx, super::Backend::Sqlite).await?;
    tx.commit().await?;
    Ok(sealed)
}

/// A batch of statements and their arguments, numbered as they are added.
struct Batch {
    sql: String,
    args: AnyArguments<'static>,
    count: usize,
}

impl Batch {
    /// Adds an argument; returns its placeholder.
    fn arg<T>(&mut self, value: T) -> Result<String, sqlx::Error>
    where
        T: 'static + Send + sqlx::Encode<'static, Any> + sqlx::Type<Any>,
    {
        self.args.add(value).map_err(sqlx::Error::Encode)?;
        self.count += 1;
        Ok(format!("${}", self.count))
    }
}

/// One answer's statements: its insert, then the session change, the
/// completion event and its deliveries, and the audit entry, each applied
/// only if the step before it was (`changes()` is the previous statement's
/// count), so nothing but the answer's own insert happens for an answer
/// stored before.
fn add_answer(b: &mut Batch, queued: &Queued) -> Result<(), sqlx::Error> {
    let a = &queued.new.answer;
    let session = b.arg(queued.session_id)?;
    let question_id = b.arg(queued.new.question.id.clone())?;
    let at = b.arg(queued.submitted_at)?;
    let values = [
        b.arg(to_json(&queued.new.question))?,
        b.arg(queued.sealed_text.clone())?,
        b.arg(flag(a.transcribed))?,
        b.arg(a.locale.clone())?,
        b.arg(i64::from(a.think_time_ms))?,
        b.arg(i64::from(a.duration_ms))?,
        b.arg(queued.new.overtime_ms)?,
        b.arg(queued.new.media_ref.clone())?,
    ]
    .join(", ");
    b.sql.push_str(&format!(
        "INSERT INTO answers (session_id, seq, question_id, submitted_at, question, text, transcribed, locale, \
         think_time_ms, duration_ms, overtime_ms, media_ref) VALUES ({session}, (SELECT COUNT(*) FROM answers \
         WHERE session_id = {session}), {question_id}, {at}, {values}) \
         ON CONFLICT (session_id, question_id) DO NOTHING RETURNING id, seq, session_id, question_id; "
    ));
    if let Some((follow_up, state, finished_at)) = queued.session.clone() {
        let (follow_up, state, finished_at) = (b.arg(follow_up)?, b.arg(state.as_str())?, b.arg(finished_at)?);
        b.sql.push_str(&format!(
            "UPDATE interview_sessions SET pending_follow_up = {follow_up}, state = {state}, \
             finished_at = {finished_at} WHERE id = {session} AND changes() = 1; "
        ));
    }
    if let Some((event, sealed_payload)) = &queued.completion {
        let id = b.arg(event.id.clone())?;
        let values = [
            id.clone(),
            b.arg(event.organisation_id)?,
            b.arg(event.application_id)?,
            b.arg(event.candidate_id)?,
            b.arg(event.job_id)?,
            b.arg(event.kind.clone())?,
            b.arg(event.stage.clone())?,
            at.clone(),
            b.arg(sealed_payload.clone())?,
        ]
        .join(", ");
        b.sql.push_str(&format!(
            "INSERT INTO lifecycle_events (id, organisation_id, application_id, candidate_id, job_id, kind, stage, \
             occurred_at, payload) SELECT {values} WHERE changes() = 1; "
        ));
        for (plugin, kind) in &event.receivers {
            let (plugin, kind) = (b.arg(plugin.clone())?, b.arg(kind.world())?);
            b.sql.push_str(&format!(
                "INSERT INTO deliveries (event_seq, plugin_id, plugin_kind, candidate_id, organisation_id, state, \
                 attempts, next_attempt_at) SELECT seq, {plugin}, {kind}, candidate_id, organisation_id, 'pending', 0, \
                 occurred_at FROM lifecycle_events WHERE id = {id}; "
            ));
        }
    }
    if let Some((actor, origin)) = queued.audit.clone() {
        // After a completion event, the answer was new if the event exists.
        let applied = match &queued.completion {
            Some((event, _)) => {
                format!("EXISTS (SELECT 1 FROM lifecycle_events WHERE id = {})", b.arg(event.id.clone())?)
            }
            None => "changes() = 1".to_owned(),
        };
        // The session's organisation's chain, as every audit insert finds it.
        let subject = format!("session:{}", queued.session_id);
        let lookup = super::audit::ChainLookup::new(&actor, &subject);
        let placeholders = lookup.ids().map(|id| b.arg(id)).collect::<Result<Vec<_>, _>>()?;
        let chain = lookup.sql(&placeholders);
        let values = [at, b.arg(actor)?, b.arg("answer.submit")?, b.arg(subject)?, question_id, b.arg(origin)?, chain]
            .join(", ");
        b.sql.push_str(&format!(
            "INSERT INTO audit_log (at, actor, action, subject, detail, origin, chain_id) SELECT {values} \
             WHERE {applied}; "
        ));
    }
    if queued.new.media_ref.is_some() {
        // Last, so the `changes()` chain above is undisturbed; a no-op for
        // an answer queued before (a retry).
        let (session, question, at) =
            (b.arg(queued.session_id)?, b.arg(queued.new.question.id.clone())?, b.arg(queued.submitted_at)?);
        b.sql.push_str(&super::transcriptions::enqueue_sql(&session, &question, &at));
        b.sql.push_str("; ");
    }
    Ok(())
}

/// One transaction for `batch`, in one round trip; per answer its id and
/// position, or `None` where it was stored before.
async fn write(writer: &AnyPool, batch: &[Queued]) -> Result<Vec<Option<(i64, i64)>>, sqlx::Error> {
    let mut b = Batch { sql: String::from("BEGIN IMMEDIATE; "), args: AnyArguments::default(), count: 0 };
    for queued in batch {
        add_answer(&mut b, queued)?;
    }
    b.sql.push_str("COMMIT");
    let mut conn = writer.acquire().await?;
    // All of it: the batch's statements run as its rows are read.
    let rows = match sqlx::query_with(&b.sql, b.args).fetch_all(&mut *conn).await {
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
        effects: &AnswerEffects<'_>,
        submitted_at: i64,
        by: Option<AuditBy<'_>>,
    ) -> StoreResult<AnswerInsert> {
        let completion = match effects.completion() {
            Some(event) => Some((event.clone(), self.seal_event_payload(event).await?)),
            None => None,
        };
        let sealed_text = self.seal_answer_text(session_id, &new.answer.text).await?;
        let (reply, answer) = oneshot::channel();
        let queued = Queued {
            session_id,
            sealed_text,
            new: new.clone(),
            session: effects.session_change(submitted_at),
            audit: by.map(|b| (b.actor.to_owned(), b.origin.to_owned())),
            completion,
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
            Some((id, seq)) => AnswerInsert::Stored(new.stored(id, session_id, seq, submitted_at)),
            // A retry that raced this one stored it first.
            None => AnswerInsert::AlreadyAnswered(self.answer_to(session_id, &new.question.id).await?),
        })
    }
}

//! What the store holds of one candidate, as one list of tables: erasure
//! deletes from them (children first) and an access request's export reads
//! them (parents first), so the two cannot disagree. Also legal holds,
//! erasure requests with their receipts, and the rows the retention rules
//! look at.

use std::collections::BTreeMap;

use serde_json::{Map, Value};
use sqlx::any::AnyTypeInfoKind;
use sqlx::{Column, Row};

use super::{AuditBy, Backend, Store, StoreError, StoreResult, audit::insert_audit};

const APPLICATIONS: &str = "SELECT id FROM applications WHERE candidate_id = $1";
const SESSIONS: &str = "SELECT s.id FROM interview_sessions s JOIN applications a ON a.id = s.application_id \
                        WHERE a.candidate_id = $1";

/// Every table holding a candidate's data and how to find their rows
/// (`$1` is the candidate's id), in the order erasure deletes them. A new
/// table with candidate data belongs here, or erasure misses it.
fn personal_tables() -> Vec<(&'static str, String)> {
    let by_session = |t: &'static str| (t, format!("session_id IN ({SESSIONS})"));
    let by_application = |t: &'static str| (t, format!("application_id IN ({APPLICATIONS})"));
    vec![
        (
            "dimension_scores",
            "answer_id IN (SELECT an.id FROM answers an JOIN interview_sessions s ON s.id = an.session_id \
             JOIN applications a ON a.id = s.application_id WHERE a.candidate_id = $1)"
                .to_owned(),
        ),
        by_session("transcriptions"),
        by_session("answers"),
        by_session("recommendations"),
        by_application("interview_sessions"),
        by_application("invitations"),
        by_application("consents"),
        by_application("assignments"),
        by_application("stage_transitions"),
        by_application("stage_stays"),
        by_application("scorecards"),
        by_application("offers"),
        by_application("departures"),
        by_application("outcomes"),
        ("deliveries", "candidate_id = $1".to_owned()),
        ("lifecycle_events", "candidate_id = $1".to_owned()),
        ("candidate_demographics", "candidate_id = $1".to_owned()),
        ("applications", "candidate_id = $1".to_owned()),
        ("candidates", "id = $1".to_owned()),
    ]
}

/// A legal hold on a candidate.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct LegalHold {
    pub candidate_id: i64,
    pub reason: String,
    pub placed_by: String,
    pub placed_at: i64,
}

impl LegalHold {
    pub(super) fn from_row(row: &sqlx::any::AnyRow) -> StoreResult<Self> {
        Ok(LegalHold {
            candidate_id: row.try_get("candidate_id")?,
            reason: row.try_get("reason")?,
            placed_by: row.try_get("placed_by")?,
            placed_at: row.try_get("placed_at")?,
        })
    }
}

/// The sealed columns of a personal table, with their associated data.
fn sealed_columns(table: &str) -> Vec<(&'static str, &'static str)> {
    use super::sealed_text::{ANSWER_TEXT, EVIDENCE, EXPLANATION, SEGMENTS};
    match table {
        "candidates" => super::candidates::SEALED_COLUMNS.to_vec(),
        "answers" => vec![("text", ANSWER_TEXT), ("notes", ANSWER_TEXT)],
        "transcriptions" => vec![("segments", SEGMENTS)],
        "dimension_scores" => vec![("evidence", EVIDENCE), ("explanation", EXPLANATION)],
        "lifecycle_events" => vec![("payload", super::events::PAYLOAD)],
        "stage_transitions" => vec![("reason", super::sealed_text::MOVE_REASON)],
        "scorecards" => vec![("notes", super::sealed_text::SCORECARD_NOTES)],
        _ => Vec::new(),
    }
}

/// An application closed by a decision, for the retention rules.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClosedApplication {
    pub application_id: i64,
    pub candidate_id: i64,
    pub department_id: i64,
    pub stage: String,
    /// When it moved to its closed stage.
    pub decided_at: i64,
    pub held: bool,
    /// Answers whose recordings are still kept.
    pub recordings: i64,
}

impl Store {
    /// The interview sessions of a candidate (their recordings' folders).
    pub async fn candidate_sessions(&self, candidate_id: i64) -> StoreResult<Vec<i64>> {
        let rows = sqlx::query(SESSIONS).bind(candidate_id).fetch_all(&self.pool).await?;
        rows.iter().map(|r| r.try_get(0).map_err(Into::into)).collect()
    }

    /// Deletes every row of a candidate in one transaction, audited with
    /// the counts (`action`: `candidate.erase` or `retention.purge`), and
    /// completes their open erasure requests with `receipt`. Returns the
    /// rows deleted per table.
    pub async fn erase_candidate_rows(
        &self,
        candidate_id: i64,
        action: &str,
        receipt: &Value,
        at: i64,
        by: AuditBy<'_>,
    ) -> StoreResult<BTreeMap<String, u64>> {
        // Read before the transaction: the answers' texts open with it.
        let key = self.candidate_key(candidate_id).await?;
        let mut w = self.write().await?;
        let subject = format!("candidate:{candidate_id}");
        // The organisation's chain, found while the candidate is there.
        let chain = super::audit::chain_of(&mut w, by.actor, &subject).await?;
        let mut counts = BTreeMap::new();
        // Stored vectors are keyed by their text's hash, not by answer: the
        // hashes of the candidate's answer texts (and the typed text a
        // machine transcript replaced) find them.
        let texts: Vec<Option<String>> = sqlx::query_scalar(&format!(
            "SELECT text FROM answers WHERE session_id IN ({SESSIONS}) \
             UNION ALL SELECT notes FROM answers WHERE session_id IN ({SESSIONS})"
        ))
        .bind(candidate_id)
        .fetch_all(&mut *w.tx)
        .await?;
        let mut hashes = Vec::with_capacity(texts.len());
        for text in texts.into_iter().flatten() {
            let text = super::keys::open_field(key.as_deref(), super::sealed_text::ANSWER_TEXT, text)?;
            hashes.push(super::embeddings::text_hash(&text));
        }
        counts.insert("embeddings".to_owned(), super::embeddings::delete_vectors(&mut w, &hashes).await?);
        // The candidate's data key goes first: whatever sealed under it that
        // was missed, in any table or copy, no longer opens.
        let keys = sqlx::query("DELETE FROM candidate_keys WHERE candidate_id = $1")
            .bind(candidate_id)
            .execute(&mut *w.tx)
            .await?
            .rows_affected();
        counts.insert("candidate_keys".to_owned(), keys);
        for (table, filter) in personal_tables() {
            let deleted = sqlx::query(&format!("DELETE FROM {table} WHERE {filter}"))
                .bind(candidate_id)
                .execute(&mut *w.tx)
                .await?
                .rows_affected();
            counts.insert(table.to_owned(), deleted);
        }
        if counts.get("candidates").copied().unwrap_or(0) == 0 {
            return Err(StoreError::not_found("candidate", candidate_id));
        }
        let mut receipt = receipt.clone();
        receipt["rows"] = serde_json::to_value(&counts).unwrap_or_default();
        sqlx::query("UPDATE erasure_requests SET completed_at = $1, receipt = $2 WHERE candidate_id = $3 AND completed_at IS NULL")
            .bind(at)
            .bind(super::to_json(&receipt))
            .bind(candidate_id)
            .execute(&mut *w.tx)
            .await?;
        let total: u64 = counts.values().sum();
        let detail = format!("{total} rows; {}", super::to_json(&receipt));
        let erased =
            super::ErasedCandidate { candidate_id, organisation_id: chain, erased_at: at, reason: action.to_owned() };
        super::erasure_ledger::record(&mut w, &erased).await?;
        super::audit::insert_audit_in(&mut w, chain, by, action, &subject, &detail).await?;
        w.commit().await?;
        self.forget_candidate_key(candidate_id);
        self.flush_deleted_pages().await?;
        Ok(counts)
    }

    /// On SQLite, deleted rows are zeroed in place (`secure_delete`, set on
    /// every connection), but their old pages stay in the write-ahead log
    /// until a checkpoint copies it back: truncate it now.
    pub(crate) async fn flush_deleted_pages(&self) -> StoreResult<()> {
        if self.backend == Backend::Sqlite {
            let pool = self.writer.as_ref().unwrap_or(&self.pool);
            // A reader still on an older snapshot keeps the checkpoint from
            // finishing (`busy`); readers are short, so try again briefly.
            for _ in 0..50 {
                let row = sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)").fetch_one(pool).await?;
                if row.try_get::<i64, _>(0)? == 0 {
                    return Ok(());
                }
                tokio::time::sleep(std::time::Duration::from_millis(20)).await;
            }
            tracing::warn!(
                "the write-ahead log could not be truncated after an erasure; the next checkpoint clears it"
            );
        }
        Ok(())
    }

    /// Every row of a candidate, table by table (parents first), as JSON,
    /// with their sealed fields opened (the candidate's own data, in clear
    /// for them) and the keyed hash left out.
    pub async fn personal_rows(&self, candidate_id: i64) -> StoreResult<Vec<(String, Vec<Value>)>> {
        let mut tx = self.read_snapshot().await?;
        let mut tables = Vec::new();
        for (table, filter) in personal_tables().into_iter().rev() {
            let rows = sqlx::query(&format!("SELECT * FROM {table} WHERE {filter}"))
                .bind(candidate_id)
                .fetch_all(&mut *tx)
                .await?;
            tables.push((table.to_owned(), rows.iter().map(row_json).collect::<StoreResult<Vec<_>>>()?));
        }
        tx.commit().await?;
        let key = self.candidate_key(candidate_id).await?;
        for (table, rows) in &mut tables {
            let sealed = sealed_columns(table);
            for row in rows.iter_mut().filter_map(Value::as_object_mut) {
                row.remove("email_hash");
                for &(column, aad) in &sealed {
                    if let Some(Value::String(value)) = row.remove(column) {
                        let plain = super::keys::open_field(key.as_deref(), aad, value)?;
                        row.insert(column.to_owned(), Value::String(plain));
                    }
                }
            }
        }
        Ok(tables)
    }

    /// Places (or replaces) a legal hold; audited.
    pub async fn put_legal_hold(&self, candidate_id: i64, reason: &str, at: i64, by: AuditBy<'_>) -> StoreResult<()> {
        let mut w = self.write().await?;
        sqlx::query("DELETE FROM legal_holds WHERE candidate_id = $1").bind(candidate_id).execute(&mut *w.tx).await?;
        sqlx::query("INSERT INTO legal_holds (candidate_id, reason, placed_by, placed_at) VALUES ($1, $2, $3, $4)")
            .bind(candidate_id)
            .bind(reason)
            .bind(by.actor)
            .bind(at)
            .execute(&mut *w.tx)
            .await?;
        insert_audit(&mut w, by, "legal-hold.place", &format!("candidate:{candidate_id}"), "").await?;
        w.commit().await
    }

    /// Lifts a legal hold; returns whether there was one.
    pub async fn lift_legal_hold(&self, candidate_id: i64, by: AuditBy<'_>) -> StoreResult<bool> {
        let mut w = self.write().await?;
        let lifted = sqlx::query("DELETE FROM legal_holds WHERE candidate_id = $1")
            .bind(candidate_id)
            .execute(&mut *w.tx)
            .await?
            .rows_affected();
        insert_audit(&mut w, by, "legal-hold.lift", &format!("candidate:{candidate_id}"), "").await?;
        w.commit().await?;
        Ok(lifted > 0)
    }

    pub async fn legal_hold(&self, candidate_id: i64) -> StoreResult<Option<LegalHold>> {
        let row =
            sqlx::query("SELECT candidate_id, reason, placed_by, placed_at FROM legal_holds WHERE candidate_id = $1")
                .bind(candidate_id)
                .fetch_optional(&self.pool)
                .await?;
        row.as_ref().map(LegalHold::from_row).transpose()
    }

    /// Records an erasure request due by `due_at`; returns its id.
    pub async fn request_erasure(
        &self,
        organisation_id: i64,
        candidate_id: i64,
        at: i64,
        due_at: i64,
        by: AuditBy<'_>,
    ) -> StoreResult<i64> {
        let mut w = self.write().await?;
        let id: i64 = sqlx::query(
            "INSERT INTO erasure_requests (organisation_id, candidate_id, requested_by, requested_at, due_at) \
             VALUES ($1, $2, $3, $4, $5) RETURNING id",
        )
        .bind(organisation_id)
        .bind(candidate_id)
        .bind(by.actor)
        .bind(at)
        .bind(due_at)
        .fetch_one(&mut *w.tx)
        .await?
        .try_get(0)?;
        let detail = format!("request {id}, due {due_at}");
        insert_audit(&mut w, by, "erasure.request", &format!("candidate:{candidate_id}"), &detail).await?;
        w.commit().await?;
        Ok(id)
    }

    /// Open erasure requests: (request id, candidate id, due at).
    pub async fn open_erasure_requests(&self) -> StoreResult<Vec<(i64, i64, i64)>> {
        let rows = sqlx::query(
            "SELECT id, candidate_id, due_at FROM erasure_requests WHERE completed_at IS NULL ORDER BY due_at, id",
        )
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(|r| Ok((r.try_get("id")?, r.try_get("candidate_id")?, r.try_get("due_at")?))).collect()
    }

    /// An erasure request's receipt, once completed.
    pub async fn erasure_receipt(&self, request_id: i64) -> StoreResult<Option<Value>> {
        let row = sqlx::query("SELECT receipt FROM erasure_requests WHERE id = $1")
            .bind(request_id)
            .fetch_optional(&self.pool)
            .await?
            .ok_or_else(|| StoreError::not_found("erasure request", request_id))?;
        let receipt: Option<String> = row.try_get("receipt")?;
        receipt.map(|r| super::from_json("erasure receipt", &r)).transpose()
    }

    /// Applications in a closed stage, with when they got there and
    /// whether their candidate is under legal hold.
    pub async fn closed_applications(&self) -> StoreResult<Vec<ClosedApplication>> {
        let rows = sqlx::query(
            "SELECT a.id, a.candidate_id, j.department_id, a.stage, \
                 (SELECT MAX(t.at) FROM stage_transitions t WHERE t.application_id = a.id AND t.to_stage = a.stage) \
                     AS decided_at, \
                 (SELECT COUNT(*) FROM legal_holds h WHERE h.candidate_id = a.candidate_id) AS held, \
                 (SELECT COUNT(*) FROM answers an JOIN interview_sessions s ON s.id = an.session_id \
                     WHERE s.application_id = a.id AND an.media_ref IS NOT NULL) AS recordings \
             FROM applications a JOIN jobs j ON j.id = a.job_id \
             WHERE a.stage IN ('regular', 'withdrawn', 'rejected', 'offer-declined') ORDER BY a.id",
        )
        .fetch_all(&self.pool)
        .await?;
        let mut closed = Vec::with_capacity(rows.len());
        for r in &rows {
            // Closed without a recorded move (imported so): no decision date to count from.
            let Some(decided_at) = r.try_get::<Option<i64>, _>("decided_at")? else { continue };
            closed.push(ClosedApplication {
                application_id: r.try_get("id")?,
                candidate_id: r.try_get("candidate_id")?,
                department_id: r.try_get("department_id")?,
                stage: r.try_get("stage")?,
                decided_at,
                held: r.try_get::<i64, _>("held")? > 0,
                recordings: r.try_get("recordings")?,
            });
        }
        Ok(closed)
    }

    /// Every application of a candidate: (id, stage).
    pub async fn application_stages(&self, candidate_id: i64) -> StoreResult<Vec<(i64, String)>> {
        let rows = sqlx::query("SELECT id, stage FROM applications WHERE candidate_id = $1 ORDER BY id")
            .bind(candidate_id)
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(|r| Ok((r.try_get("id")?, r.try_get("stage")?))).collect()
    }

    /// Sessions of an application with recordings still referenced.
    pub async fn sessions_with_recordings(&self, application_id: i64) -> StoreResult<Vec<i64>> {
        let rows = sqlx::query(
            "SELECT DISTINCT s.id FROM interview_sessions s JOIN answers an ON an.session_id = s.id \
             WHERE s.application_id = $1 AND an.media_ref IS NOT NULL ORDER BY s.id",
        )
        .bind(application_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(|r| r.try_get(0).map_err(Into::into)).collect()
    }

    /// Forgets an application's recordings (their files are gone): answers
    /// keep their text, transcriptions not done are dropped. Audited.
    pub async fn forget_recordings(&self, application_id: i64, files: u64, by: AuditBy<'_>) -> StoreResult<u64> {
        let mut w = self.write().await?;
        let sessions = "SELECT id FROM interview_sessions WHERE application_id = $1";
        sqlx::query(&format!(
            "DELETE FROM transcriptions WHERE session_id IN ({sessions}) AND state IN ('queued', 'running', 'failed')"
        ))
        .bind(application_id)
        .execute(&mut *w.tx)
        .await?;
        let answers = sqlx::query(&format!(
            "UPDATE answers SET media_ref = NULL WHERE session_id IN ({sessions}) AND media_ref IS NOT NULL"
        ))
        .bind(application_id)
        .execute(&mut *w.tx)
        .await?
        .rows_affected();
        let detail = format!("recordings of {answers} answers, {files} files");
        insert_audit(&mut w, by, "retention.recordings", &format!("application:{application_id}"), &detail).await?;
        w.commit().await?;
        Ok(answers)
    }
}

/// A row as a JSON object, by the column types the driver reports.
fn row_json(row: &sqlx::any::AnyRow) -> StoreResult<Value> {
    let mut object = Map::new();
    for (i, column) in row.columns().iter().enumerate() {
        let value = match column.type_info().kind() {
            AnyTypeInfoKind::Null => Value::Null,
            AnyTypeInfoKind::Bool => row.try_get::<Option<bool>, _>(i)?.map_or(Value::Null, Value::from),
            AnyTypeInfoKind::SmallInt | AnyTypeInfoKind::Integer | AnyTypeInfoKind::BigInt => {
                row.try_get::<Option<i64>, _>(i)?.map_or(Value::Null, Value::from)
            }
            AnyTypeInfoKind::Real | AnyTypeInfoKind::Double => {
                row.try_get::<Option<f64>, _>(i)?.map_or(Value::Null, Value::from)
            }
            AnyTypeInfoKind::Text => row.try_get::<Option<String>, _>(i)?.map_or(Value::Null, Value::from),
            AnyTypeInfoKind::Blob => {
                row.try_get::<Option<Vec<u8>>, _>(i)?.map_or(Value::Null, |b| Value::from(hex::encode(b)))
            }
        };
        object.insert(column.name().to_owned(), value);
    }
    Ok(Value::Object(object))
}

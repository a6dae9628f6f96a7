//! Sealing the candidates and event payloads stored before encryption
//! existed: run on every start, it finds rows not sealed yet, and seals
//! them a batch per transaction. Resumable (a stopped pass leaves whole rows
//! sealed or not) and idempotent (sealed values are left as they are).

use std::collections::BTreeSet;

use sqlx::Row;

use super::candidates::{EMAIL, SEALED_COLUMNS, email_hash};
use super::events::PAYLOAD;
use super::keys::{crypto_error, insert_candidate_key};
use super::sealed_text::{ANSWER_TEXT, EVIDENCE, EXPLANATION, MOVE_REASON, SCORECARD_NOTES, SEGMENTS};
use super::{Store, StoreResult};
use crate::crypto::{DataKey, candidate_context, is_sealed};

/// Rows sealed per transaction.
const BATCH: i64 = 200;

/// A column of free text by or about a candidate, sealed under their key.
struct SaidColumn {
    table: &'static str,
    column: &'static str,
    aad: &'static str,
    /// SQL giving the row's candidate (the row is named by its table).
    candidate: &'static str,
}

const SAID_COLUMNS: [SaidColumn; 7] = [
    SaidColumn {
        table: "answers",
        column: "text",
        aad: ANSWER_TEXT,
        candidate: "(SELECT a.candidate_id FROM interview_sessions s JOIN applications a \
                    ON a.id = s.application_id WHERE s.id = answers.session_id)",
    },
    SaidColumn {
        table: "answers",
        column: "notes",
        aad: ANSWER_TEXT,
        candidate: "(SELECT a.candidate_id FROM interview_sessions s JOIN applications a \
                    ON a.id = s.application_id WHERE s.id = answers.session_id)",
    },
    SaidColumn {
        table: "transcriptions",
        column: "segments",
        aad: SEGMENTS,
        candidate: "(SELECT a.candidate_id FROM interview_sessions s JOIN applications a \
                    ON a.id = s.application_id WHERE s.id = transcriptions.session_id)",
    },
    SaidColumn {
        table: "dimension_scores",
        column: "evidence",
        aad: EVIDENCE,
        candidate: "(SELECT a.candidate_id FROM answers w JOIN interview_sessions s ON s.id = w.session_id \
                    JOIN applications a ON a.id = s.application_id WHERE w.id = dimension_scores.answer_id)",
    },
    SaidColumn {
        table: "dimension_scores",
        column: "explanation",
        aad: EXPLANATION,
        candidate: "(SELECT a.candidate_id FROM answers w JOIN interview_sessions s ON s.id = w.session_id \
                    JOIN applications a ON a.id = s.application_id WHERE w.id = dimension_scores.answer_id)",
    },
    SaidColumn {
        table: "stage_transitions",
        column: "reason",
        aad: MOVE_REASON,
        candidate: "(SELECT a.candidate_id FROM applications a WHERE a.id = stage_transitions.application_id)",
    },
    SaidColumn {
        table: "scorecards",
        column: "notes",
        aad: SCORECARD_NOTES,
        candidate: "(SELECT a.candidate_id FROM applications a WHERE a.id = scorecards.application_id)",
    },
];

impl Store {
    /// Seals what is stored in clear: rows from before encryption at rest
    /// (run on every start), or written behind the store's back since (a
    /// benchmark's fixtures copied with SQL). Candidates without a data key
    /// get one. Returns how many values were sealed.
    pub async fn seal_rows_in_clear(&self) -> StoreResult<u64> {
        Ok(self.seal_plaintext_candidates().await?
            + self.seal_plaintext_event_payloads().await?
            + self.seal_plaintext_answers().await?)
    }

    /// Seals every candidate row not sealed yet; returns how many.
    pub(super) async fn seal_plaintext_candidates(&self) -> StoreResult<u64> {
        let mut sealed = 0u64;
        loop {
            let rows = sqlx::query(
                "SELECT id, organisation_id, name, email, phone, resume_text, resume FROM candidates \
                 WHERE name NOT LIKE 'enc1:%' ORDER BY id LIMIT $1",
            )
            .bind(BATCH)
            .fetch_all(&self.pool)
            .await?;
            if rows.is_empty() {
                break;
            }
            // Organisation keys first: making one takes the write transaction.
            let organisations: BTreeSet<i64> =
                rows.iter().map(|r| r.try_get("organisation_id")).collect::<Result<_, _>>()?;
            let mut organisation_keys = std::collections::HashMap::new();
            for id in organisations {
                organisation_keys.insert(id, self.organisation_key(id).await?);
            }
            let mut w = self.write().await?;
            for row in &rows {
                let id: i64 = row.try_get("id")?;
                let organisation_id: i64 = row.try_get("organisation_id")?;
                let organisation_key = &organisation_keys[&organisation_id];
                let wrapped: Option<String> =
                    sqlx::query_scalar("SELECT wrapped FROM candidate_keys WHERE candidate_id = $1")
                        .bind(id)
                        .fetch_optional(&mut *w.tx)
                        .await?;
                let key = match wrapped {
                    Some(wrapped) => organisation_key
                        .unwrap_key(&candidate_context(id), &wrapped)
                        .map_err(crypto_error("candidate key"))?,
                    None => {
                        let key = DataKey::generate().map_err(crypto_error("candidate key"))?;
                        insert_candidate_key(&mut w, id, organisation_id, organisation_key, &key).await?;
                        key
                    }
                };
                let mut values = Vec::with_capacity(SEALED_COLUMNS.len());
                let mut email = String::new();
                for (column, aad) in SEALED_COLUMNS {
                    let value: String = row.try_get(column)?;
                    let plain = if is_sealed(&value) {
                        key.open_str(aad, &value).map_err(crypto_error("candidate"))?
                    } else {
                        value.clone()
                    };
                    if aad == EMAIL {
                        email = plain.clone();
                    }
                    values.push(if is_sealed(&value) {
                        value
                    } else {
                        key.seal_str(aad, &plain).map_err(crypto_error("candidate"))?
                    });
                }
                let mut update = sqlx::query(
                    "UPDATE candidates SET name = $1, email = $2, phone = $3, resume_text = $4, resume = $5, \
                     email_hash = $6 WHERE id = $7",
                );
                for value in values {
                    update = update.bind(value);
                }
                update.bind(email_hash(organisation_key, &email)).bind(id).execute(&mut *w.tx).await?;
            }
            w.commit().await?;
            sealed += rows.len() as u64;
        }
        if sealed > 0 {
            tracing::info!(candidates = sealed, "sealed candidates stored before encryption at rest");
            // Their plaintext stays in the write-ahead log until a checkpoint.
            self.flush_deleted_pages().await?;
        }
        Ok(sealed)
    }

    /// Seals every lifecycle event payload not sealed yet; returns how many.
    /// A payload whose candidate has no key (none should: candidates are
    /// sealed first) is left as it is and counted in the log.
    pub(super) async fn seal_plaintext_event_payloads(&self) -> StoreResult<u64> {
        let (mut sealed, mut keyless, mut after) = (0u64, 0u64, 0i64);
        loop {
            let rows = sqlx::query(
                "SELECT seq, candidate_id, payload FROM lifecycle_events \
                 WHERE seq > $1 AND payload NOT LIKE 'enc1:%' ORDER BY seq LIMIT $2",
            )
            .bind(after)
            .bind(BATCH)
            .fetch_all(&self.pool)
            .await?;
            let Some(last) = rows.last() else { break };
            after = last.try_get("seq")?;
            let candidates: Vec<i64> = rows.iter().map(|r| r.try_get("candidate_id")).collect::<Result<_, _>>()?;
            let keys = self.candidate_keys(&candidates).await?;
            let mut w = self.write().await?;
            for row in &rows {
                let Some(key) = keys.get(&row.try_get::<i64, _>("candidate_id")?) else {
                    keyless += 1;
                    continue;
                };
                let payload: String = row.try_get("payload")?;
                let value = key.seal_str(PAYLOAD, &payload).map_err(crypto_error("event"))?;
                // Unchanged since read, or left to the writer that changed it.
                sqlx::query("UPDATE lifecycle_events SET payload = $1 WHERE seq = $2 AND payload = $3")
                    .bind(value)
                    .bind(row.try_get::<i64, _>("seq")?)
                    .bind(&payload)
                    .execute(&mut *w.tx)
                    .await?;
                sealed += 1;
            }
            w.commit().await?;
        }
        if keyless > 0 {
            tracing::warn!(events = keyless, "event payloads left unsealed: their candidates have no data key");
        }
        if sealed > 0 {
            tracing::info!(events = sealed, "sealed event payloads stored before encryption at rest");
            self.flush_deleted_pages().await?;
        }
        Ok(sealed)
    }

    /// Seals free text by or about candidates (answers, transcripts, score
    /// evidence, move reasons, scorecard notes) stored before it was
    /// sealed; returns how many values.
    pub(super) async fn seal_plaintext_answers(&self) -> StoreResult<u64> {
        let mut sealed = 0u64;
        for said in &SAID_COLUMNS {
            let (table, column) = (said.table, said.column);
            let id = if table == "transcriptions" { "answer_id" } else { "id" };
            let mut after = 0i64;
            loop {
                let rows = sqlx::query(&format!(
                    "SELECT {id} AS id, {candidate} AS candidate_id, {column} AS value FROM {table} \
                     WHERE {id} > $1 AND {column} IS NOT NULL AND {column} NOT LIKE 'enc1:%' ORDER BY {id} LIMIT $2",
                    candidate = said.candidate
                ))
                .bind(after)
                .bind(BATCH)
                .fetch_all(&self.pool)
                .await?;
                let Some(last) = rows.last() else { break };
                after = last.try_get("id")?;
                let candidates: Vec<i64> = rows.iter().map(|r| r.try_get("candidate_id")).collect::<Result<_, _>>()?;
                let keys = self.candidate_keys(&candidates).await?;
                let mut w = self.write().await?;
                for row in &rows {
                    // A row of an erased candidate (none should be left) stays as it is.
                    let Some(key) = keys.get(&row.try_get::<i64, _>("candidate_id")?) else { continue };
                    let value: String = row.try_get("value")?;
                    let sealed_value = key.seal_str(said.aad, &value).map_err(crypto_error("candidate text"))?;
                    // Unchanged since read, or left to the writer that changed it.
                    sqlx::query(&format!("UPDATE {table} SET {column} = $1 WHERE {id} = $2 AND {column} = $3"))
                        .bind(sealed_value)
                        .bind(row.try_get::<i64, _>("id")?)
                        .bind(&value)
                        .execute(&mut *w.tx)
                        .await?;
                    sealed += 1;
                }
                w.commit().await?;
            }
        }
        if sealed > 0 {
            tracing::info!(values = sealed, "sealed candidates' free text stored before encryption at rest");
            self.flush_deleted_pages().await?;
        }
        Ok(sealed)
    }
}

//! Dimension scores with their evidence and provenance, recommendations, and
//! the ranking query over them.

use serde::{Deserialize, Serialize};
use sqlx::Row;
use sqlx::any::AnyRow;

use super::keys::{crypto_error, open_field};
use super::sealed_text::{EVIDENCE, EXPLANATION};
use super::{SessionState, Store, StoreError, StoreResult, from_json, now_ms, to_json};
use crate::crypto::DataKey;
use crate::domain::DimensionScore;
use crate::engine::{Decision, Provenance, Recommendation};
use crate::runtime::PluginRef;

/// One dimension score of one answer, with the plugin that produced it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredScore {
    pub answer_id: i64,
    pub plugin: PluginRef,
    pub score: DimensionScore,
}

/// A session's recommendation as stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct StoredRecommendation {
    pub session_id: i64,
    pub job_id: i64,
    #[serde(flatten)]
    pub recommendation: Recommendation,
    pub created_at: i64,
    /// The competency model version it was made with; none for
    /// recommendations made before versions were kept.
    pub model_version: Option<i64>,
}

/// The nullable `decision` column of a row (a session not scored yet reads `None`).
pub(super) fn optional_decision(row: &AnyRow, what: &'static str) -> StoreResult<Option<Decision>> {
    row.try_get::<Option<String>, _>("decision")?
        .map(|d| Decision::parse(&d).ok_or_else(|| StoreError::Corrupt { what, reason: "decision".into() }))
        .transpose()
}

/// One line of a job's ranking.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct RankedRow {
    pub rank: u32,
    pub session_id: i64,
    pub application_id: i64,
    pub candidate_id: i64,
    pub candidate_name: String,
    pub composite: f32,
    pub decision: Decision,
}

/// Rows per multi-row INSERT of scores: 9 parameters each, well under the
/// parameter limits of SQLite (32,766) and PostgreSQL (65,535).
const SCORE_ROWS_PER_INSERT: usize = 200;

/// A session, its answers, their scores and its recommendation, read as of
/// one moment ([`Store::scored_session`]).
#[derive(Debug, Clone)]
pub struct ScoredSession {
    pub session: super::SessionRow,
    pub answers: Vec<super::StoredAnswer>,
    pub scores: Vec<StoredScore>,
    pub recommendation: Option<StoredRecommendation>,
}

/// A session's scores and recommendation, to save.
#[derive(Debug, Clone, PartialEq)]
pub struct ScoringToSave {
    pub session_id: i64,
    pub job_id: i64,
    pub scores: Vec<StoredScore>,
    pub recommendation: Recommendation,
    /// What made it, kept for replay.
    pub provenance: Provenance,
}

/// `$first, $first+1, …` for `n` parameters.
fn placeholders(first: usize, n: usize) -> String {
    (first..first + n).map(|i| format!("${i}")).collect::<Vec<_>>().join(", ")
}

/// `($1, …, $w), ($w+1, …)` for `n` rows of `width` parameters.
fn rows(n: usize, width: usize) -> String {
    (0..n).map(|r| format!("({})", placeholders(r * width + 1, width))).collect::<Vec<_>>().join(", ")
}

impl Store {
    /// Replaces the scores and recommendations of sessions and marks them
    /// scored, all in one transaction, so a rescore never leaves half of one.
    /// A few statements per group, not per row: every statement is a round
    /// trip made while holding the write lock.
    pub async fn save_scorings(&self, sessions: &[ScoringToSave]) -> StoreResult<()> {
        if sessions.is_empty() {
            return Ok(());
        }
        let now = now_ms();
        let ids = placeholders(1, sessions.len());
        // Evidence quotes the answers: sealed like them, before the transaction.
        let session_ids: Vec<i64> = sessions.iter().map(|s| s.session_id).collect();
        let keys = self.session_keys(&session_ids).await?;
        let mut scores = Vec::new();
        for session in sessions {
            let key = keys.get(&session.session_id).ok_or_else(|| {
                StoreError::invalid("scores", format!("session {}'s candidate has been erased", session.session_id))
            })?;
            for s in &session.scores {
                let evidence = key.seal_str(EVIDENCE, &to_json(&s.score.evidence)).map_err(crypto_error("score"))?;
                let explanation = key.seal_str(EXPLANATION, &s.score.explanation).map_err(crypto_error("score"))?;
                scores.push((s, evidence, explanation));
            }
        }
        let mut w = self.write().await?;
        let sql = format!(
            "DELETE FROM dimension_scores WHERE answer_id IN (SELECT id FROM answers WHERE session_id IN ({ids}))"
        );
        let mut delete = sqlx::query(&sql);
        for s in sessions {
            delete = delete.bind(s.session_id);
        }
        delete.execute(&mut *w.tx).await?;

        for chunk in scores.chunks(SCORE_ROWS_PER_INSERT) {
            let sql = format!(
                "INSERT INTO dimension_scores (answer_id, dimension, score, confidence, evidence, explanation, \
                 plugin_id, plugin_version, created_at) VALUES {}",
                rows(chunk.len(), 9)
            );
            let mut query = sqlx::query(&sql);
            for (s, evidence, explanation) in chunk {
                query = query
                    .bind(s.answer_id)
                    .bind(s.score.dimension.clone())
                    .bind(f64::from(s.score.score))
                    .bind(f64::from(s.score.confidence))
                    .bind(evidence.clone())
                    .bind(explanation.clone())
                    .bind(s.plugin.id.clone())
                    .bind(s.plugin.version.to_string())
                    .bind(now);
            }
            query.execute(&mut *w.tx).await?;
        }

        let sql = format!(
            "INSERT INTO recommendations (session_id, job_id, composite, decision, dimensions, reasons, created_at, \
             model_version, provenance) VALUES {} \
             ON CONFLICT (session_id) DO UPDATE SET composite = excluded.composite, decision = excluded.decision, \
             dimensions = excluded.dimensions, reasons = excluded.reasons, created_at = excluded.created_at, \
             model_version = excluded.model_version, provenance = excluded.provenance",
            rows(sessions.len(), 9)
        );
        let mut upsert = sqlx::query(&sql);
        for s in sessions {
            let r = &s.recommendation;
            upsert = upsert
                .bind(s.session_id)
                .bind(s.job_id)
                .bind(f64::from(r.composite))
                .bind(r.decision.as_str())
                .bind(to_json(&r.dimensions))
                .bind(to_json(&r.reasons))
                .bind(now)
                .bind(s.provenance.model_version)
                .bind(to_json(&s.provenance));
        }
        upsert.execute(&mut *w.tx).await?;

        let sql = format!("UPDATE interview_sessions SET state = $1 WHERE id IN ({})", placeholders(2, sessions.len()));
        let mut update = sqlx::query(&sql).bind(SessionState::Scored.as_str());
        for s in sessions {
            update = update.bind(s.session_id);
        }
        update.execute(&mut *w.tx).await?;
        w.commit().await
    }

    /// Every dimension score of a session's answers.
    pub async fn scores(&self, session_id: i64) -> StoreResult<Vec<StoredScore>> {
        let key = self.session_keys(&[session_id]).await?.remove(&session_id);
        scores_in(&self.pool, session_id, key.as_deref()).await
    }

    pub async fn recommendation(&self, session_id: i64) -> StoreResult<Option<StoredRecommendation>> {
        recommendation_in(&self.pool, session_id).await
    }

    /// What made a session's recommendation (none before provenance was kept).
    pub async fn provenance(&self, session_id: i64) -> StoreResult<Option<Provenance>> {
        let row = sqlx::query("SELECT provenance FROM recommendations WHERE session_id = $1")
            .bind(session_id)
            .fetch_optional(&self.pool)
            .await?;
        match row {
            None => Ok(None),
            Some(row) => {
                let text: String = row.try_get(0)?;
                if text.trim() == "{}" { Ok(None) } else { Ok(Some(from_json("provenance", &text)?)) }
            }
        }
    }

    /// A session with its answers, their scores and the recommendation, all
    /// as of one moment: read while scoring replaces them, a report never
    /// shows a recommendation without its scores, or scores of an answer it
    /// does not show.
    pub async fn scored_session(&self, session_id: i64) -> StoreResult<ScoredSession> {
        let key = self.session_keys(&[session_id]).await?.remove(&session_id);
        let mut tx = self.read_snapshot().await?;
        let session = super::sessions::session_in(&mut *tx, session_id).await?;
        let mut answers = super::sessions::answers_in(&mut *tx, session_id).await?;
        let scores = scores_in(&mut *tx, session_id, key.as_deref()).await?;
        let recommendation = recommendation_in(&mut *tx, session_id).await?;
        tx.rollback().await?;
        self.open_answers(&mut answers).await?;
        Ok(ScoredSession { session, answers, scores, recommendation })
    }

    /// How many of a job's sessions have a recommendation.
    pub async fn scored_count(&self, job_id: i64) -> StoreResult<u64> {
        scored_count_in(&self.pool, job_id).await
    }

    /// How many of a job's sessions are scored and the best of them, as of
    /// one moment: `limit` chooses how many rows from the count.
    pub async fn ranked(
        &self,
        job_id: i64,
        limit: impl FnOnce(u64) -> StoreResult<u32>,
    ) -> StoreResult<(u64, Vec<RankedRow>)> {
        let mut tx = self.read_snapshot().await?;
        let scored = scored_count_in(&mut *tx, job_id).await?;
        let limit = limit(scored)?;
        let mut rows = if limit == 0 { Vec::new() } else { top_sessions_in(&mut *tx, job_id, limit).await? };
        tx.rollback().await?;
        // The names come sealed; opened once the snapshot is let go.
        let sealed = rows.iter_mut().map(|r| (r.candidate_id, std::mem::take(&mut r.candidate_name))).collect();
        for (row, name) in rows.iter_mut().zip(self.open_candidate_names(sealed).await?) {
            row.candidate_name = name;
        }
        Ok((scored, rows))
    }
}

async fn scored_count_in<'e, E: sqlx::Executor<'e, Database = sqlx::Any>>(
    executor: E,
    job_id: i64,
) -> StoreResult<u64> {
    let n: i64 = sqlx::query("SELECT COUNT(*) FROM recommendations WHERE job_id = $1")
        .bind(job_id)
        .fetch_one(executor)
        .await?
        .try_get(0)?;
    Ok(u64::try_from(n).unwrap_or(0))
}

/// The `limit` best of a job's scored sessions: highest composite first,
/// ties in the order the sessions started (stable across calls); their
/// names as stored (sealed).
async fn top_sessions_in<'e, E: sqlx::Executor<'e, Database = sqlx::Any>>(
    executor: E,
    job_id: i64,
    limit: u32,
) -> StoreResult<Vec<RankedRow>> {
    let rows = sqlx::query(
        "SELECT r.session_id, r.composite, r.decision, s.application_id, a.candidate_id, c.name \
         FROM recommendations r \
         JOIN interview_sessions s ON s.id = r.session_id \
         JOIN applications a ON a.id = s.application_id \
         JOIN candidates c ON c.id = a.candidate_id \
         WHERE r.job_id = $1 ORDER BY r.composite DESC, r.session_id LIMIT $2",
    )
    .bind(job_id)
    .bind(i64::from(limit))
    .fetch_all(executor)
    .await?;
    rows.iter()
        .enumerate()
        .map(|(i, row)| {
            Ok(RankedRow {
                rank: u32::try_from(i + 1).unwrap_or(u32::MAX),
                session_id: row.try_get("session_id")?,
                application_id: row.try_get("application_id")?,
                candidate_id: row.try_get("candidate_id")?,
                candidate_name: row.try_get("name")?,
                composite: row.try_get::<f64, _>("composite")? as f32,
                decision: Decision::parse(&row.try_get::<String, _>("decision")?)
                    .ok_or_else(|| StoreError::Corrupt { what: "recommendation", reason: "decision".into() })?,
            })
        })
        .collect()
}

/// A score from `row`, its evidence and explanation opened with `key`.
fn score_from_row(row: &AnyRow, key: Option<&DataKey>) -> StoreResult<StoredScore> {
    let version: String = row.try_get("plugin_version")?;
    Ok(StoredScore {
        answer_id: row.try_get("answer_id")?,
        plugin: PluginRef::new(
            row.try_get::<String, _>("plugin_id")?,
            version.parse().map_err(|e| StoreError::Corrupt { what: "score provenance", reason: format!("{e}") })?,
        ),
        score: DimensionScore {
            dimension: row.try_get("dimension")?,
            score: row.try_get::<f64, _>("score")? as f32,
            confidence: row.try_get::<f64, _>("confidence")? as f32,
            evidence: from_json("score evidence", &open_field(key, EVIDENCE, row.try_get("evidence")?)?)?,
            explanation: open_field(key, EXPLANATION, row.try_get("explanation")?)?,
        },
    })
}

/// Every dimension score of a session's answers.
async fn scores_in<'e, E: sqlx::Executor<'e, Database = sqlx::Any>>(
    executor: E,
    session_id: i64,
    key: Option<&DataKey>,
) -> StoreResult<Vec<StoredScore>> {
    let rows = sqlx::query(
        "SELECT s.answer_id, s.dimension, s.score, s.confidence, s.evidence, s.explanation, s.plugin_id, \
         s.plugin_version FROM dimension_scores s JOIN answers a ON a.id = s.answer_id \
         WHERE a.session_id = $1 ORDER BY a.seq, s.id",
    )
    .bind(session_id)
    .fetch_all(executor)
    .await?;
    rows.iter().map(|row| score_from_row(row, key)).collect()
}

async fn recommendation_in<'e, E: sqlx::Executor<'e, Database = sqlx::Any>>(
    executor: E,
    session_id: i64,
) -> StoreResult<Option<StoredRecommendation>> {
    let row = sqlx::query(
        "SELECT session_id, job_id, composite, decision, dimensions, reasons, created_at, model_version \
         FROM recommendations WHERE session_id = $1",
    )
    .bind(session_id)
    .fetch_optional(executor)
    .await?;
    row.map(|row| {
        Ok(StoredRecommendation {
            session_id: row.try_get("session_id")?,
            job_id: row.try_get("job_id")?,
            recommendation: Recommendation {
                composite: row.try_get::<f64, _>("composite")? as f32,
                decision: Decision::parse(&row.try_get::<String, _>("decision")?)
                    .ok_or_else(|| StoreError::Corrupt { what: "recommendation", reason: "decision".into() })?,
                dimensions: from_json("recommendation", &row.try_get::<String, _>("dimensions")?)?,
                reasons: from_json("recommendation", &row.try_get::<String, _>("reasons")?)?,
            },
            created_at: row.try_get("created_at")?,
            model_version: row.try_get("model_version")?,
        })
    })
    .transpose()
}

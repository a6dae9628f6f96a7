//! What the validity analytics read: for the applications of a set of jobs
//! that have an outcome or a human scorecard, the AI interview's per-
//! dimension scores and composite (its newest scored session), the human
//! scorecards, and per question the scores of the answers of hires.

use std::collections::BTreeMap;

use sqlx::Row;

use super::{Store, StoreResult, from_json};
use crate::engine::DimensionResult;

/// An application's AI interview, as scored.
#[derive(Debug, Clone, PartialEq)]
pub struct ScoredApplication {
    pub application_id: i64,
    pub job_id: i64,
    pub composite: f64,
    /// Dimension id → score, for the dimensions measured.
    pub dimensions: BTreeMap<String, f64>,
}

/// One interviewer's scorecard.
#[derive(Debug, Clone, PartialEq)]
pub struct CardScores {
    pub application_id: i64,
    pub user_id: i64,
    pub scores: BTreeMap<String, f64>,
}

/// The mean score the rubrics gave one answer, with its question.
#[derive(Debug, Clone, PartialEq)]
pub struct AnswerScore {
    pub application_id: i64,
    /// The question as planned (`bank/question`), follow-ups included.
    pub question_id: String,
    pub question_text: String,
    pub score: f64,
}

/// Everything validity needs of a set of jobs.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ValidityRows {
    pub scored: Vec<ScoredApplication>,
    pub cards: Vec<CardScores>,
    pub answers: Vec<AnswerScore>,
    /// Interviewers' names by user id.
    pub interviewers: BTreeMap<i64, String>,
}

impl Store {
    /// Every scored candidate of a job (their newest scored interview), with
    /// their name: what a re-weighting would re-rank.
    pub async fn job_scores(&self, job_id: i64) -> StoreResult<Vec<(ScoredApplication, String)>> {
        let rows = sqlx::query(&format!(
            "SELECT a.id, a.job_id, r.composite, r.dimensions, a.candidate_id, c.name FROM applications a \
             JOIN candidates c ON c.id = a.candidate_id JOIN interview_sessions s ON {newest} \
             JOIN recommendations r ON r.session_id = s.id WHERE a.job_id = $1 ORDER BY a.id",
            newest = super::sessions::newest_session_of_a!()
        ))
        .bind(job_id)
        .fetch_all(&self.pool)
        .await?;
        let sealed = rows.iter().map(|r| Ok((r.try_get("candidate_id")?, r.try_get("name")?)));
        let names = self.open_candidate_names(sealed.collect::<StoreResult<_>>()?).await?;
        rows.iter()
            .zip(names)
            .map(|(row, name)| {
                let dimensions: Vec<DimensionResult> =
                    from_json("recommendation", &row.try_get::<String, _>("dimensions")?)?;
                Ok((
                    ScoredApplication {
                        application_id: row.try_get("id")?,
                        job_id: row.try_get("job_id")?,
                        composite: row.try_get("composite")?,
                        dimensions: dimensions.into_iter().filter_map(|d| Some((d.id, f64::from(d.score?)))).collect(),
                    },
                    name,
                ))
            })
            .collect()
    }

    pub async fn validity_rows(&self, job_ids: &[i64]) -> StoreResult<ValidityRows> {
        if job_ids.is_empty() {
            return Ok(ValidityRows::default());
        }
        let jobs = job_ids.iter().map(i64::to_string).collect::<Vec<_>>().join(", ");
        let relevant = "(EXISTS (SELECT 1 FROM outcomes o WHERE o.application_id = a.id) \
                        OR EXISTS (SELECT 1 FROM scorecards k WHERE k.application_id = a.id))";
        let mut tx = self.read_snapshot().await?;
        let rows = sqlx::query(&format!(
            "SELECT a.id, a.job_id, r.composite, r.dimensions FROM applications a \
             JOIN interview_sessions s ON {newest} JOIN recommendations r ON r.session_id = s.id \
             WHERE a.job_id IN ({jobs}) AND {relevant} ORDER BY a.id",
            newest = super::sessions::newest_session_of_a!()
        ))
        .fetch_all(&mut *tx)
        .await?;
        let mut scored = Vec::with_capacity(rows.len());
        for row in &rows {
            let dimensions: Vec<DimensionResult> =
                from_json("recommendation", &row.try_get::<String, _>("dimensions")?)?;
            scored.push(ScoredApplication {
                application_id: row.try_get("id")?,
                job_id: row.try_get("job_id")?,
                composite: row.try_get("composite")?,
                dimensions: dimensions.into_iter().filter_map(|d| Some((d.id, f64::from(d.score?)))).collect(),
            });
        }
        let rows = sqlx::query(&format!(
            "SELECT k.application_id, k.user_id, k.scores, u.name FROM scorecards k \
             JOIN applications a ON a.id = k.application_id JOIN users u ON u.id = k.user_id \
             WHERE a.job_id IN ({jobs}) ORDER BY k.application_id, k.round, k.user_id"
        ))
        .fetch_all(&mut *tx)
        .await?;
        let mut cards = Vec::with_capacity(rows.len());
        let mut interviewers = BTreeMap::new();
        for row in &rows {
            let scores: BTreeMap<String, f32> = from_json("scorecard", &row.try_get::<String, _>("scores")?)?;
            let user_id: i64 = row.try_get("user_id")?;
            interviewers.insert(user_id, row.try_get::<String, _>("name")?);
            cards.push(CardScores {
                application_id: row.try_get("application_id")?,
                user_id,
                scores: scores.into_iter().map(|(d, s)| (d, f64::from(s))).collect(),
            });
        }
        let rows = sqlx::query(&format!(
            "SELECT a.id AS application_id, w.question_id, w.question, AVG(d.score) AS score \
             FROM applications a JOIN interview_sessions s ON {newest} JOIN answers w ON w.session_id = s.id \
             JOIN dimension_scores d ON d.answer_id = w.id \
             WHERE a.job_id IN ({jobs}) AND EXISTS (SELECT 1 FROM outcomes o WHERE o.application_id = a.id) \
             GROUP BY a.id, w.id, w.question_id, w.question ORDER BY a.id, w.id",
            newest = super::sessions::newest_session_of_a!()
        ))
        .fetch_all(&mut *tx)
        .await?;
        let mut answers = Vec::with_capacity(rows.len());
        // A question's text is read from its first answer: the figures show
        // one text per question id.
        let mut texts: std::collections::HashMap<String, String> = std::collections::HashMap::new();
        for row in &rows {
            let question_id: String = row.try_get("question_id")?;
            let question_text = match texts.get(&question_id) {
                Some(text) => text.clone(),
                None => {
                    let question: crate::domain::Question =
                        from_json("answer's question", &row.try_get::<String, _>("question")?)?;
                    texts.insert(question_id.clone(), question.text.clone());
                    question.text
                }
            };
            answers.push(AnswerScore {
                application_id: row.try_get("application_id")?,
                question_id,
                question_text,
                score: row.try_get("score")?,
            });
        }
        tx.rollback().await?;
        Ok(ValidityRows { scored, cards, answers, interviewers })
    }
}

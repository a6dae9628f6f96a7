//! What the validity analytics read: for the applications of a set of jobs
//! that have an outcome or a human scorecard, the AI interview's per-
//! dimension scores and composite (its newest scored session), the human
//! scorecards, and per question the scores of the answers of hires summed
//! against their outcomes.

use std::collections::BTreeMap;

use sqlx::Row;

use serde::Deserialize;

use super::{Store, StoreResult, from_json};
use crate::engine::analytics::{Moments, OutcomeMeasure};

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

/// One question's answers by hires against their outcome: the sums pairing
/// the mean score the rubrics gave the answer with the hire's outcome value.
#[derive(Debug, Clone, PartialEq)]
pub struct QuestionMoments {
    /// The question as planned (`bank/question`), follow-ups included.
    pub question_id: String,
    pub question_text: String,
    pub moments: Moments,
}

/// Everything validity needs of a set of jobs.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ValidityRows {
    pub scored: Vec<ScoredApplication>,
    pub cards: Vec<CardScores>,
    pub questions: Vec<QuestionMoments>,
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
                Ok((
                    ScoredApplication {
                        application_id: row.try_get("id")?,
                        job_id: row.try_get("job_id")?,
                        composite: row.try_get("composite")?,
                        dimensions: dimension_scores(&row.try_get::<String, _>("dimensions")?)?,
                    },
                    name,
                ))
            })
            .collect()
    }

    /// Everything validity needs of `job_ids`, against `measure`. The
    /// applications (with their scorecards) and the questions' sums are read
    /// side by side on their own connections: the organisation-wide figures
    /// go through a few hundred thousand rows. They are not one snapshot, so
    /// a scorecard or outcome recorded meanwhile may count in one part and
    /// not yet in the other, which moves no figure by more than that pair.
    pub async fn validity_rows(&self, job_ids: &[i64], measure: OutcomeMeasure) -> StoreResult<ValidityRows> {
        if job_ids.is_empty() {
            return Ok(ValidityRows::default());
        }
        let jobs = job_ids.iter().map(i64::to_string).collect::<Vec<_>>().join(", ");
        let ((scored, cards), questions) =
            tokio::try_join!(self.scored_applications(&jobs), self.question_moments(&jobs, measure))?;
        let writers: std::collections::BTreeSet<i64> = cards.iter().map(|c| c.user_id).collect();
        let mut interviewers = BTreeMap::new();
        if !writers.is_empty() {
            let ids = writers.iter().map(i64::to_string).collect::<Vec<_>>().join(", ");
            for row in
                sqlx::query(&format!("SELECT id, name FROM users WHERE id IN ({ids})")).fetch_all(&self.pool).await?
            {
                interviewers.insert(row.try_get("id")?, row.try_get("name")?);
            }
        }
        Ok(ValidityRows { scored, cards, questions, interviewers })
    }

    /// The applications with an outcome or a scorecard: how the AI scored
    /// their newest interview (when it did) and the interviewers'
    /// scorecards, one row an application (the cards folded into it by the
    /// database: fewer rows is most of the speed of this read).
    async fn scored_applications(&self, jobs: &str) -> StoreResult<(Vec<ScoredApplication>, Vec<CardScores>)> {
        let cards = match self.backend {
            super::Backend::Sqlite => "json_group_array(json_array(k.user_id, json(k.scores)))",
            super::Backend::Postgres => {
                "CAST(json_agg(json_build_array(k.user_id, CAST(k.scores AS JSON)) ORDER BY k.round, k.user_id) AS TEXT)"
            }
        };
        // `IN` lists rather than `EXISTS` per application: SQLite then
        // walks the scorecards' and outcomes' indexes instead of every
        // application (80 -> 33 ms over 100,000); the newest interview's
        // recommendation is joined by its session id directly.
        let rows = sqlx::query(&format!(
            "SELECT a.id, a.job_id, r.composite, r.dimensions, \
               (SELECT {cards} FROM scorecards k WHERE k.application_id = a.id) AS cards \
             FROM applications a LEFT JOIN recommendations r ON r.session_id = {newest} \
             WHERE a.job_id IN ({jobs}) AND (a.id IN (SELECT application_id FROM scorecards) \
               OR a.id IN (SELECT application_id FROM outcomes))",
            newest = super::sessions::newest_session_id_of_a!()
        ))
        .fetch_all(&self.pool)
        .await?;
        let (mut scored, mut cards) = (Vec::with_capacity(rows.len()), Vec::with_capacity(rows.len() * 2));
        for row in &rows {
            let application_id: i64 = row.try_get("id")?;
            if let (Some(composite), Some(dimensions)) =
                (row.try_get::<Option<f64>, _>("composite")?, row.try_get::<Option<String>, _>("dimensions")?)
            {
                scored.push(ScoredApplication {
                    application_id,
                    job_id: row.try_get("job_id")?,
                    composite,
                    dimensions: dimension_scores(&dimensions)?,
                });
            }
            // `[]` on SQLite, NULL on PostgreSQL, without a scorecard.
            if let Some(json) = row.try_get::<Option<String>, _>("cards")? {
                let written: Vec<(i64, BTreeMap<String, f32>)> = from_json("scorecards", &json)?;
                cards.extend(written.into_iter().map(|(user_id, scores)| CardScores {
                    application_id,
                    user_id,
                    scores: scores.into_iter().map(|(d, s)| (d, f64::from(s))).collect(),
                }));
            }
        }
        // In application order, sorted here: PostgreSQL sorted the wide
        // rows on disk.
        scored.sort_by_key(|a| a.application_id);
        cards.sort_by_key(|c| c.application_id);
        Ok((scored, cards))
    }

    /// Per question, the sums pairing the mean score each hire's answer
    /// earned with the hire's outcome, added up by the database: one row a
    /// question instead of one an answer.
    async fn question_moments(&self, jobs: &str, measure: OutcomeMeasure) -> StoreResult<Vec<QuestionMoments>> {
        // A hire's value is the mean of their outcomes of the measure's
        // kind, as `outcome_values` reads them.
        let (value, which) = match measure {
            OutcomeMeasure::Performance => ("o.rating", "o.kind = 'performance' AND o.rating IS NOT NULL"),
            OutcomeMeasure::Probation => (
                // Typed: PostgreSQL would average NUMERIC and return it so.
                "CAST(CASE o.result WHEN 'passed' THEN 1 ELSE 0 END AS DOUBLE PRECISION)",
                "o.kind = 'probation' AND o.result IN ('passed', 'failed')",
            ),
        };
        let rows = sqlx::query(&format!(
            "WITH hires AS (SELECT o.application_id AS id, AVG({value}) AS v FROM outcomes o \
               JOIN applications a ON a.id = o.application_id WHERE a.job_id IN ({jobs}) AND {which} \
               GROUP BY o.application_id), \
             pairs AS (SELECT w.question_id, w.id AS answer_id, h.v AS y, AVG(d.score) AS x \
               FROM hires h JOIN applications a ON a.id = h.id JOIN interview_sessions s ON {newest} \
               JOIN answers w ON w.session_id = s.id JOIN dimension_scores d ON d.answer_id = w.id \
               GROUP BY w.id, w.question_id, h.v) \
             SELECT question_id, COUNT(*) AS n, SUM(x) AS sx, SUM(y) AS sy, SUM(x * x) AS sxx, \
               SUM(y * y) AS syy, SUM(x * y) AS sxy, MIN(answer_id) AS first_answer \
             FROM pairs GROUP BY question_id ORDER BY question_id",
            newest = super::sessions::newest_session_of_a!()
        ))
        .fetch_all(&self.pool)
        .await?;
        if rows.is_empty() {
            return Ok(Vec::new());
        }
        // A question's text is read from its first answer: the figures show
        // one text per question id.
        let first: Vec<i64> = rows.iter().map(|r| r.try_get("first_answer")).collect::<Result<_, _>>()?;
        let ids = first.iter().map(i64::to_string).collect::<Vec<_>>().join(", ");
        let texts =
            sqlx::query(&format!("SELECT id, question FROM answers WHERE id IN ({ids})")).fetch_all(&self.pool).await?;
        let mut text_of = std::collections::HashMap::new();
        for row in &texts {
            let question: crate::domain::Question =
                from_json("answer's question", &row.try_get::<String, _>("question")?)?;
            text_of.insert(row.try_get::<i64, _>("id")?, question.text);
        }
        rows.iter()
            .zip(first)
            .map(|(row, first)| {
                let n: i64 = row.try_get("n")?;
                Ok(QuestionMoments {
                    question_id: row.try_get("question_id")?,
                    question_text: text_of.remove(&first).unwrap_or_default(),
                    moments: Moments {
                        n: usize::try_from(n).unwrap_or(0),
                        sum_x: row.try_get("sx")?,
                        sum_y: row.try_get("sy")?,
                        sum_xx: row.try_get("sxx")?,
                        sum_yy: row.try_get("syy")?,
                        sum_xy: row.try_get("sxy")?,
                    },
                })
            })
            .collect()
    }
}

/// A recommendation's dimensions as validity reads them: each one's id and
/// score, the rest of the stored result skipped unread.
fn dimension_scores(json: &str) -> StoreResult<BTreeMap<String, f64>> {
    #[derive(Deserialize)]
    struct Scored {
        id: String,
        score: Option<f32>,
    }
    let dimensions: Vec<Scored> = from_json("recommendation", json)?;
    Ok(dimensions.into_iter().filter_map(|d| Some((d.id, f64::from(d.score?)))).collect())
}

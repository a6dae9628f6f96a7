//! The hiring funnel read from the stage history: how many applications sit
//! in and reached each stage, how long stays in each stage took (nearest-
//! rank median and 90th percentile, computed by the database over every
//! stay), who waits now and for how long, what became of invitations, and
//! the time from applying to being hired. Always over a list of jobs the
//! caller may read and the applications made in a period.

use serde::{Deserialize, Serialize};
use sqlx::Row;

use super::{Store, StoreResult};

/// Which applications the figures cover.
#[derive(Debug, Clone, Copy)]
pub struct FunnelQuery<'a> {
    pub job_ids: &'a [i64],
    /// Applications made at or after this moment (Unix ms)…
    pub from: i64,
    /// …and before this one.
    pub to: i64,
    /// "Now", for how long the open stays have lasted so far.
    pub now: i64,
}

/// How long something took: how many, the median and the 90th percentile,
/// in milliseconds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Spread {
    pub n: u64,
    pub median_ms: Option<i64>,
    pub p90_ms: Option<i64>,
}

/// Raw counts and spreads per stage name.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FunnelRows {
    pub applications: u64,
    /// Applications whose current stage is this one.
    pub current: Vec<(String, u64)>,
    /// Applications that entered this stage at some point.
    pub reached: Vec<(String, u64)>,
    /// Finished stays in the stage.
    pub stays: Vec<(String, Spread)>,
    /// Stays still going on, measured to `now`.
    pub waiting: Vec<(String, Spread)>,
    /// From applying to entering onboarding.
    pub time_to_hire: Spread,
    /// Applications invited to the AI interview.
    pub invited: u64,
    /// Invited applications whose candidate started the interview.
    pub started: u64,
    /// Invited, never started, and every invitation has closed or was withdrawn.
    pub lapsed: u64,
    /// Invited and then withdrawn.
    pub withdrew_after_invitation: u64,
}

/// SQL: nearest-rank median and 90th percentile of `ms` per `stage` over the
/// rows of the CTE `spans` (`stage`, `ms`).
const SPREAD_BY_STAGE: &str = "ranked AS (SELECT stage, ms, ROW_NUMBER() OVER (PARTITION BY stage ORDER BY ms) AS rn, \
     COUNT(*) OVER (PARTITION BY stage) AS n FROM spans) \
     SELECT stage, n, MIN(CASE WHEN rn >= (n + 1) / 2 THEN ms END) AS median, \
     MIN(CASE WHEN rn >= (9 * n + 9) / 10 THEN ms END) AS p90 FROM ranked GROUP BY stage, n ORDER BY stage";

impl Store {
    pub async fn funnel(&self, q: FunnelQuery<'_>) -> StoreResult<FunnelRows> {
        if q.job_ids.is_empty() {
            return Ok(FunnelRows::default());
        }
        // The ids are jobs the caller may read, numbers we hold: written
        // into the statements rather than bound.
        let jobs = q.job_ids.iter().map(i64::to_string).collect::<Vec<_>>().join(", ");
        let scope = format!("a.job_id IN ({jobs}) AND a.created_at >= $1 AND a.created_at < $2");
        let mut tx = self.read_snapshot().await?;

        let current =
            sqlx::query(&format!("SELECT a.stage, COUNT(*) AS n FROM applications a WHERE {scope} GROUP BY a.stage"))
                .bind(q.from)
                .bind(q.to)
                .fetch_all(&mut *tx)
                .await?;
        let current: Vec<(String, u64)> =
            current.iter().map(|r| Ok((r.try_get(0)?, count(r, 1)?))).collect::<StoreResult<_>>()?;
        let applications = current.iter().map(|(_, n)| n).sum();

        // Entered by a move, or in it now (an application recorded in a
        // stage without its moves, by an import say, has reached it too).
        let reached = sqlx::query(&format!(
            "SELECT stage, COUNT(DISTINCT id) AS n FROM (\
               SELECT t.application_id AS id, t.to_stage AS stage FROM stage_transitions t \
               JOIN applications a ON a.id = t.application_id WHERE {scope} \
               UNION SELECT a.id, a.stage FROM applications a WHERE {scope} AND a.stage <> 'applied') r \
             GROUP BY stage"
        ))
        .bind(q.from)
        .bind(q.to)
        .fetch_all(&mut *tx)
        .await?;
        let mut reached: Vec<(String, u64)> =
            reached.iter().map(|r| Ok((r.try_get(0)?, count(r, 1)?))).collect::<StoreResult<_>>()?;
        reached.push(("applied".to_owned(), applications));

        // Each stay: entering a stage (applying enters `applied`) until the
        // next move, or still going on.
        let stays = format!(
            "WITH moves AS (\
               SELECT t.application_id, t.to_stage AS stage, t.at AS entered, \
                 LEAD(t.at) OVER (PARTITION BY t.application_id ORDER BY t.id) AS left_at \
               FROM stage_transitions t JOIN applications a ON a.id = t.application_id WHERE {scope} \
               UNION ALL \
               SELECT a.id, 'applied', a.created_at, \
                 (SELECT MIN(f.at) FROM stage_transitions f WHERE f.application_id = a.id) \
               FROM applications a WHERE {scope})"
        );
        let finished = sqlx::query(&format!(
            "{stays}, spans AS (SELECT stage, left_at - entered AS ms FROM moves WHERE left_at IS NOT NULL), {SPREAD_BY_STAGE}"
        ))
        .bind(q.from)
        .bind(q.to)
        .fetch_all(&mut *tx)
        .await?;
        let closed = "('regular', 'withdrawn', 'rejected', 'offer-declined')";
        let waiting = sqlx::query(&format!(
            "{stays}, spans AS (SELECT stage, $3 - entered AS ms FROM moves WHERE left_at IS NULL \
             AND stage NOT IN {closed}), {SPREAD_BY_STAGE}"
        ))
        .bind(q.from)
        .bind(q.to)
        .bind(q.now)
        .fetch_all(&mut *tx)
        .await?;
        let spreads = |rows: &[sqlx::any::AnyRow]| -> StoreResult<Vec<(String, Spread)>> {
            rows.iter()
                .map(|r| {
                    Ok((
                        r.try_get("stage")?,
                        Spread { n: count(r, "n")?, median_ms: r.try_get("median")?, p90_ms: r.try_get("p90")? },
                    ))
                })
                .collect()
        };
        let (stays, waiting) = (spreads(&finished)?, spreads(&waiting)?);

        let hire = sqlx::query(&format!(
            "WITH spans AS (SELECT 'hire' AS stage, MIN(t.at) - a.created_at AS ms FROM stage_transitions t \
             JOIN applications a ON a.id = t.application_id WHERE {scope} AND t.to_stage = 'onboarding' \
             GROUP BY a.id, a.created_at), {SPREAD_BY_STAGE}"
        ))
        .bind(q.from)
        .bind(q.to)
        .fetch_all(&mut *tx)
        .await?;
        let time_to_hire = spreads(&hire)?.into_iter().next().map(|(_, s)| s).unwrap_or_default();

        let invitations = sqlx::query(&format!(
            "SELECT COUNT(*) AS invited, \
               COALESCE(SUM(CASE WHEN EXISTS (SELECT 1 FROM interview_sessions s WHERE s.application_id = a.id) \
                 THEN 1 ELSE 0 END), 0) AS started, \
               COALESCE(SUM(CASE WHEN NOT EXISTS (SELECT 1 FROM interview_sessions s WHERE s.application_id = a.id) \
                 AND NOT EXISTS (SELECT 1 FROM invitations o WHERE o.application_id = a.id AND o.revoked = 0 \
                   AND o.closes_at > $3) THEN 1 ELSE 0 END), 0) AS lapsed, \
               COALESCE(SUM(CASE WHEN a.stage = 'withdrawn' THEN 1 ELSE 0 END), 0) AS withdrew \
             FROM applications a WHERE {scope} AND EXISTS (SELECT 1 FROM invitations i WHERE i.application_id = a.id)"
        ))
        .bind(q.from)
        .bind(q.to)
        .bind(q.now)
        .fetch_one(&mut *tx)
        .await?;
        tx.rollback().await?;
        Ok(FunnelRows {
            applications,
            current,
            reached,
            stays,
            waiting,
            time_to_hire,
            invited: count(&invitations, "invited")?,
            started: count(&invitations, "started")?,
            lapsed: count(&invitations, "lapsed")?,
            withdrew_after_invitation: count(&invitations, "withdrew")?,
        })
    }
}

/// An application behind a funnel figure.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct FunnelApplication {
    pub application_id: i64,
    pub job_id: i64,
    pub job_title: String,
    pub candidate_name: String,
    /// Where it is now.
    pub stage: String,
    /// When it was made (Unix ms).
    pub applied_at: i64,
}

impl Store {
    /// The applications behind a figure: those now in `stage`, or (with
    /// `reached`) those that entered it at some point; newest first.
    pub async fn funnel_applications(
        &self,
        q: FunnelQuery<'_>,
        stage: &str,
        reached: bool,
        limit: u32,
    ) -> StoreResult<Vec<FunnelApplication>> {
        if q.job_ids.is_empty() {
            return Ok(Vec::new());
        }
        let jobs = q.job_ids.iter().map(i64::to_string).collect::<Vec<_>>().join(", ");
        let which = if reached && stage != "applied" {
            "EXISTS (SELECT 1 FROM stage_transitions t WHERE t.application_id = a.id AND t.to_stage = $3)"
        } else if reached {
            "$3 = 'applied'"
        } else {
            "a.stage = $3"
        };
        let rows = sqlx::query(&format!(
            "SELECT a.id, a.job_id, j.title, c.name, a.stage, a.created_at FROM applications a \
             JOIN jobs j ON j.id = a.job_id JOIN candidates c ON c.id = a.candidate_id \
             WHERE a.job_id IN ({jobs}) AND a.created_at >= $1 AND a.created_at < $2 AND {which} \
             ORDER BY a.created_at DESC, a.id DESC LIMIT {limit}"
        ))
        .bind(q.from)
        .bind(q.to)
        .bind(stage)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(FunnelApplication {
                    application_id: r.try_get("id")?,
                    job_id: r.try_get("job_id")?,
                    job_title: r.try_get("title")?,
                    candidate_name: r.try_get("name")?,
                    stage: r.try_get("stage")?,
                    applied_at: r.try_get("created_at")?,
                })
            })
            .collect()
    }
}

/// A count column, whichever integer type the database gives it.
fn count<I: sqlx::ColumnIndex<sqlx::any::AnyRow>>(row: &sqlx::any::AnyRow, column: I) -> StoreResult<u64> {
    Ok(u64::try_from(row.try_get::<i64, _>(column)?).unwrap_or(0))
}

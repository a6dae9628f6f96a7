//! The hiring funnel read from the stays the database keeps of every
//! application in every stage (migration 0016): how many applications sit
//! in and reached each stage, how long stays in each stage took (nearest-
//! rank median and 90th percentile over every stay), who waits now and for
//! how long, what became of invitations, and the time from applying to
//! being hired. Always over a list of jobs the caller may read and the
//! applications made in a period.

use serde::{Deserialize, Serialize};
use sqlx::Row;

use super::{Store, StoreResult};
use crate::pipeline::Stage;

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

/// Stages whose stays are not waits: the application is closed there.
const CLOSED: [&str; 4] = ["regular", "withdrawn", "rejected", "offer-declined"];

impl Store {
    pub async fn funnel(&self, q: FunnelQuery<'_>) -> StoreResult<FunnelRows> {
        if q.job_ids.is_empty() {
            return Ok(FunnelRows::default());
        }
        // The ids are jobs the caller may read, numbers we hold: written
        // into the statements rather than bound.
        let jobs = q.job_ids.iter().map(i64::to_string).collect::<Vec<_>>().join(", ");
        let mut tx = self.read_snapshot().await?;

        // One pass over the stays of the scope (migration 0016 keeps them,
        // and one index covers the pass): per stage, who is there and who
        // reached it, and the durations the spreads are taken from, as lists
        // the database joins into text. Sorting them here is several times
        // cheaper than ranking every stay in SQL.
        let list = |value: &str| match self.backend {
            super::Backend::Sqlite => format!("group_concat({value})"),
            super::Backend::Postgres => format!("string_agg(({value})::TEXT, ',')"),
        };
        let sql = format!(
            "SELECT y.stage, SUM(y.is_current) AS current, SUM(y.first_time) AS reached, {finished} AS finished, \
               {open} AS open, {hire} AS hire \
             FROM stage_stays y WHERE y.stage IN ({stages}) AND y.job_id IN ({jobs}) \
               AND y.applied_at >= $1 AND y.applied_at < $2 \
             GROUP BY y.stage ORDER BY y.stage",
            // Every stage named, so the scan seeks the index per stage.
            stages = Stage::ALL.iter().map(|s| format!("'{}'", s.as_str())).collect::<Vec<_>>().join(", "),
            finished =
                list("CASE WHEN y.left_at IS NOT NULL AND y.entered_at IS NOT NULL THEN y.left_at - y.entered_at END"),
            open = list("CASE WHEN y.is_current = 1 AND y.entered_at IS NOT NULL THEN y.entered_at END"),
            hire = list(
                "CASE WHEN y.stage = 'onboarding' AND y.first_time = 1 AND y.entered_at IS NOT NULL \
                 THEN y.entered_at - y.applied_at END"
            ),
        );
        let rows = sqlx::query(&sql).bind(q.from).bind(q.to).fetch_all(&mut *tx).await?;
        let mut figures = FunnelRows::default();
        for row in &rows {
            let stage: String = row.try_get("stage")?;
            let (current, reached) = (count(row, "current")?, count(row, "reached")?);
            figures.applications += current;
            if current > 0 {
                figures.current.push((stage.clone(), current));
            }
            if reached > 0 {
                figures.reached.push((stage.clone(), reached));
            }
            let finished = spread(numbers(row, "finished")?);
            if finished.n > 0 {
                figures.stays.push((stage.clone(), finished));
            }
            if !CLOSED.contains(&stage.as_str()) {
                let waits = numbers(row, "open")?.into_iter().map(|entered| q.now - entered).collect();
                let waiting = spread(waits);
                if waiting.n > 0 {
                    figures.waiting.push((stage.clone(), waiting));
                }
            }
            if stage == "onboarding" {
                figures.time_to_hire = spread(numbers(row, "hire")?);
            }
        }

        let invitations = sqlx::query(&format!(
            "SELECT COUNT(*) AS invited, \
               COALESCE(SUM(CASE WHEN EXISTS (SELECT 1 FROM interview_sessions s WHERE s.application_id = a.id) \
                 THEN 1 ELSE 0 END), 0) AS started, \
               COALESCE(SUM(CASE WHEN NOT EXISTS (SELECT 1 FROM interview_sessions s WHERE s.application_id = a.id) \
                 AND NOT EXISTS (SELECT 1 FROM invitations o WHERE o.application_id = a.id AND o.revoked = 0 \
                   AND o.closes_at > $3) THEN 1 ELSE 0 END), 0) AS lapsed, \
               COALESCE(SUM(CASE WHEN a.stage = 'withdrawn' THEN 1 ELSE 0 END), 0) AS withdrew \
             FROM applications a WHERE a.job_id IN ({jobs}) AND a.created_at >= $1 AND a.created_at < $2 \
               AND EXISTS (SELECT 1 FROM invitations i WHERE i.application_id = a.id)"
        ))
        .bind(q.from)
        .bind(q.to)
        .bind(q.now)
        .fetch_one(&mut *tx)
        .await?;
        tx.rollback().await?;
        figures.invited = count(&invitations, "invited")?;
        figures.started = count(&invitations, "started")?;
        figures.lapsed = count(&invitations, "lapsed")?;
        figures.withdrew_after_invitation = count(&invitations, "withdrew")?;
        Ok(figures)
    }
}

/// The numbers of a list column the database joined with commas.
fn numbers(row: &sqlx::any::AnyRow, column: &str) -> StoreResult<Vec<i64>> {
    let Some(text) = row.try_get::<Option<String>, _>(column)? else { return Ok(Vec::new()) };
    text.split(',')
        .filter(|n| !n.is_empty())
        .map(|n| {
            n.trim().parse().map_err(|_| super::StoreError::Corrupt {
                what: "stage stay",
                reason: format!("{column} holds {n:?}, not a number of milliseconds"),
            })
        })
        .collect()
}

/// Nearest-rank median and 90th percentile: the values at ranks
/// ⌈n/2⌉ and ⌈9n/10⌉ (from 1) in ascending order.
fn spread(mut values: Vec<i64>) -> Spread {
    let n = values.len();
    if n == 0 {
        return Spread::default();
    }
    let mut at_rank = |rank: usize| *values.select_nth_unstable(rank.clamp(1, n) - 1).1;
    let (median_ms, p90_ms) = (at_rank(n.div_ceil(2)), at_rank((9 * n).div_ceil(10)));
    Spread { n: n as u64, median_ms: Some(median_ms), p90_ms: Some(p90_ms) }
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
        let which = if reached {
            "EXISTS (SELECT 1 FROM stage_stays y WHERE y.application_id = a.id AND y.stage = $3)"
        } else {
            "a.stage = $3"
        };
        let rows = sqlx::query(&format!(
            "SELECT a.id, a.job_id, j.title, a.candidate_id, c.name, a.stage, a.created_at FROM applications a \
             JOIN jobs j ON j.id = a.job_id JOIN candidates c ON c.id = a.candidate_id \
             WHERE a.job_id IN ({jobs}) AND a.created_at >= $1 AND a.created_at < $2 AND {which} \
             ORDER BY a.created_at DESC, a.id DESC LIMIT {limit}"
        ))
        .bind(q.from)
        .bind(q.to)
        .bind(stage)
        .fetch_all(&self.pool)
        .await?;
        let sealed = rows.iter().map(|r| Ok((r.try_get("candidate_id")?, r.try_get("name")?)));
        let names = self.open_candidate_names(sealed.collect::<StoreResult<_>>()?).await?;
        rows.iter()
            .zip(names)
            .map(|(r, candidate_name)| {
                Ok(FunnelApplication {
                    application_id: r.try_get("id")?,
                    job_id: r.try_get("job_id")?,
                    job_title: r.try_get("title")?,
                    candidate_name,
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

//! What HR watches during the day: interviews in progress, finished since a
//! moment, scored and waiting for a human decision, recorded and waiting for
//! a transcript, and invitations about to expire unused. Always over a list of jobs the caller may read.

use serde::{Deserialize, Serialize};
use sqlx::Row;
use sqlx::any::AnyRow;

use super::scores::optional_decision;
use super::sessions::{NEWEST_INTERVIEW_OF_A, newest_session_of_a};
use super::transcripts::HAS_UNTRANSCRIBED_ANSWER;
use super::{Store, StoreResult};
use crate::engine::Decision;
use crate::pipeline::Stage;

/// Items shown per section; the count covers them all.
pub const DASHBOARD_ITEMS: usize = 25;

/// One section of the dashboard.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct DashboardSection {
    /// How many there are in all.
    pub count: u64,
    /// The most recent ones, at most 25.
    pub items: Vec<DashboardItem>,
}

/// A candidate on the dashboard.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct DashboardItem {
    pub application_id: i64,
    pub candidate_name: String,
    pub job_id: i64,
    pub job_title: String,
    /// The interview, when there is one.
    pub session_id: Option<i64>,
    /// The moment that put it here (Unix ms): started, finished, scored or
    /// when the invitation closes.
    pub at: i64,
    pub composite: Option<f32>,
    pub decision: Option<Decision>,
}

/// The dashboard's sections.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Dashboard {
    /// Applications assigned to the caller as interviewer, newest
    /// assignment first, with their newest AI interview.
    pub assigned: DashboardSection,
    pub in_progress: DashboardSection,
    /// Interviews finished at or after `since`.
    pub completed: DashboardSection,
    /// Scored interviews whose application nobody has moved past the AI
    /// interview (or closed) yet: waiting for a person's decision.
    pub awaiting_review: DashboardSection,
    /// Finished interviews with a recorded answer that has no transcript
    /// yet, so the AI has not scored them: longest waiting first.
    pub awaiting_transcript: DashboardSection,
    /// Open invitations closing before `expiring_before` whose candidate
    /// has not started the interview.
    pub expiring: DashboardSection,
}

/// The questions the dashboard answers.
#[derive(Debug, Clone, Copy)]
pub struct DashboardQuery<'a> {
    /// Whose assignments to list.
    pub user_id: i64,
    pub job_ids: &'a [i64],
    pub now: i64,
    /// Start of "today" as the viewer counts it.
    pub since: i64,
    pub expiring_before: i64,
}

const ITEM_COLUMNS: &str =
    "a.id AS application_id, a.candidate_id, c.name AS candidate_name, j.id AS job_id, j.title AS job_title";
/// SQL joins: application `a`'s candidate `c` and job `j`, what [`ITEM_COLUMNS`] reads.
const PERSON_AND_JOB_OF_A: &str = "JOIN candidates c ON c.id = a.candidate_id JOIN jobs j ON j.id = a.job_id";

/// One section's statements: the rows it counts (`from`, with its
/// conditions), and how its first items read and sort.
struct SectionQuery {
    columns: String,
    from: String,
    order: &'static str,
    binds: Vec<i64>,
}

impl Store {
    pub async fn dashboard(&self, q: DashboardQuery<'_>) -> StoreResult<Dashboard> {
        let assigned = SectionQuery {
            columns: format!("{ITEM_COLUMNS}, s.id AS session_id, x.created_at AS at, r.composite, r.decision"),
            from: format!(
                "FROM assignments x JOIN applications a ON a.id = x.application_id {PERSON_AND_JOB_OF_A} \
                 {NEWEST_INTERVIEW_OF_A} WHERE x.user_id = $1"
            ),
            order: "x.created_at DESC, a.id DESC",
            binds: vec![q.user_id],
        };
        // Every section from one snapshot: an interview moving on while the
        // dashboard is read is counted in one section, never two or none.
        let mut tx = self.read_snapshot().await?;
        if q.job_ids.is_empty() {
            let assigned = section(&mut tx, &assigned).await?;
            tx.rollback().await?;
            return Ok(Dashboard { assigned: self.open_names(assigned).await?, ..Dashboard::default() });
        }
        // The ids are the caller's visible jobs, numbers we hold: written
        // into the statements rather than bound.
        let jobs = q.job_ids.iter().map(i64::to_string).collect::<Vec<_>>().join(", ");
        let people = format!("JOIN applications a ON a.id = s.application_id {PERSON_AND_JOB_OF_A}");
        let in_progress = SectionQuery {
            columns: format!(
                "{ITEM_COLUMNS}, s.id AS session_id, s.started_at AS at, NULL AS composite, NULL AS decision"
            ),
            from: format!(
                "FROM interview_sessions s {people} \
                 WHERE a.job_id IN ({jobs}) AND s.state = 'in-progress' AND s.deadline > $1"
            ),
            order: "s.started_at DESC",
            binds: vec![q.now],
        };
        let completed = SectionQuery {
            columns: format!("{ITEM_COLUMNS}, s.id AS session_id, s.finished_at AS at, r.composite, r.decision"),
            from: format!(
                "FROM interview_sessions s {people} LEFT JOIN recommendations r ON r.session_id = s.id \
                 WHERE a.job_id IN ({jobs}) AND s.state IN ('completed', 'scored') AND s.finished_at >= $1"
            ),
            order: "s.finished_at DESC",
            binds: vec![q.since],
        };
        let awaiting_review = SectionQuery {
            columns: format!("{ITEM_COLUMNS}, s.id AS session_id, r.created_at AS at, r.composite, r.decision"),
            from: format!(
                "FROM recommendations r JOIN interview_sessions s ON s.id = r.session_id {people} \
                 WHERE r.job_id IN ({jobs}) AND a.stage IN ({stages}) \
                 AND {newest}",
                newest = newest_session_of_a!(),
                stages =
                    [Stage::Applied, Stage::Screened, Stage::AiInterview].map(|stage| format!("'{stage}'")).join(", ")
            ),
            // From the recommendations, in the order of their ranking index:
            // the first items are read without sorting every one waiting.
            order: "r.composite DESC",
            binds: vec![],
        };
        // Every finished state, written as "not in progress": a state list
        // tempts PostgreSQL without fresh statistics into intersecting
        // every finished session with each application's (45 ms at 600).
        let awaiting_transcript = SectionQuery {
            columns: format!(
                "{ITEM_COLUMNS}, s.id AS session_id, s.finished_at AS at, NULL AS composite, NULL AS decision"
            ),
            from: format!(
                "FROM interview_sessions s {people} \
                 WHERE a.job_id IN ({jobs}) AND s.state <> 'in-progress' AND {HAS_UNTRANSCRIBED_ANSWER}"
            ),
            order: "s.finished_at ASC, s.id ASC",
            binds: vec![],
        };
        let expiring = SectionQuery {
            columns: format!(
                "{ITEM_COLUMNS}, NULL AS session_id, i.closes_at AS at, NULL AS composite, NULL AS decision"
            ),
            from: format!(
                "FROM invitations i JOIN applications a ON a.id = i.application_id {PERSON_AND_JOB_OF_A} \
                 WHERE a.job_id IN ({jobs}) AND i.revoked = 0 AND i.closes_at > $1 AND i.closes_at <= $2 \
                 AND NOT EXISTS (SELECT 1 FROM interview_sessions s WHERE s.application_id = a.id)"
            ),
            order: "i.closes_at ASC",
            binds: vec![q.now, q.expiring_before],
        };
        let sections = [
            section(&mut tx, &assigned).await?,
            section(&mut tx, &in_progress).await?,
            section(&mut tx, &completed).await?,
            section(&mut tx, &awaiting_review).await?,
            section(&mut tx, &awaiting_transcript).await?,
            section(&mut tx, &expiring).await?,
        ];
        tx.rollback().await?;
        let [assigned, in_progress, completed, awaiting_review, awaiting_transcript, expiring] = sections;
        Ok(Dashboard {
            assigned: self.open_names(assigned).await?,
            in_progress: self.open_names(in_progress).await?,
            completed: self.open_names(completed).await?,
            awaiting_review: self.open_names(awaiting_review).await?,
            awaiting_transcript: self.open_names(awaiting_transcript).await?,
            expiring: self.open_names(expiring).await?,
        })
    }

    /// A section with its candidates' names opened (read sealed, with the
    /// candidates' ids beside them).
    async fn open_names(&self, (mut section, ids): (DashboardSection, Vec<i64>)) -> StoreResult<DashboardSection> {
        let sealed = ids.into_iter().zip(section.items.iter_mut().map(|i| std::mem::take(&mut i.candidate_name)));
        let names = self.open_candidate_names(sealed.collect()).await?;
        for (item, name) in section.items.iter_mut().zip(names) {
            item.candidate_name = name;
        }
        Ok(section)
    }
}

/// One section: its count and its first items in `order`, in one statement
/// (the window's count is taken before the limit); the names still sealed,
/// with the items' candidate ids.
async fn section(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    query: &SectionQuery,
) -> StoreResult<(DashboardSection, Vec<i64>)> {
    let SectionQuery { columns, from, order, binds } = query;
    let sql = format!("SELECT {columns}, COUNT(*) OVER () AS total {from} ORDER BY {order} LIMIT {DASHBOARD_ITEMS}");
    let mut items = sqlx::query(&sql);
    for b in binds {
        items = items.bind(*b);
    }
    let rows = items.fetch_all(&mut **tx).await?;
    let count = match rows.first() {
        Some(row) => row.try_get::<i64, _>("total")?,
        None => 0,
    };
    let ids = rows.iter().map(|row| row.try_get("candidate_id")).collect::<Result<_, _>>()?;
    let section = DashboardSection {
        count: u64::try_from(count).unwrap_or_default(),
        items: rows.iter().map(item_from_row).collect::<StoreResult<_>>()?,
    };
    Ok((section, ids))
}

fn item_from_row(row: &AnyRow) -> StoreResult<DashboardItem> {
    Ok(DashboardItem {
        application_id: row.try_get("application_id")?,
        candidate_name: row.try_get("candidate_name")?,
        job_id: row.try_get("job_id")?,
        job_title: row.try_get("job_title")?,
        session_id: row.try_get("session_id")?,
        at: row.try_get("at")?,
        composite: row.try_get::<Option<f64>, _>("composite")?.map(|c| c as f32),
        decision: optional_decision(row, "dashboard item")?,
    })
}

//! The funnel and flow of a set of jobs over a period: where applications
//! are, what share of those reaching one stage reach the next, how long each
//! stage takes, where candidates wait longest now, what becomes of
//! invitations, and how long hiring takes.

use serde::{Deserialize, Serialize};

use crate::pipeline::Stage;
use crate::store::{FunnelRows, Spread};

/// One stage's figures.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct StageFigures {
    pub stage: Stage,
    /// Applications in this stage now.
    pub current: u64,
    /// Applications that entered it at some point.
    pub reached: u64,
    /// Of those that reached the previous stage of the path that anyone
    /// reached, the share that reached this one (0–1); none for the first
    /// stage, a stage nobody reached, and the stages that close an
    /// application.
    pub conversion: Option<f64>,
    /// Finished stays in the stage.
    pub time_in_stage: Spread,
    /// Stays going on now, measured to now.
    pub waiting_now: Spread,
}

/// What became of the invitations to the AI interview.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct InvitationFigures {
    pub invited: u64,
    /// Started the interview.
    pub started: u64,
    /// Never started, and no invitation is open any more.
    pub lapsed: u64,
    /// Withdrew after being invited.
    pub withdrew: u64,
    /// `lapsed + withdrew` of `invited` (0–1): the drop-out after invitation.
    pub drop_out: Option<f64>,
}

/// The funnel and flow.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Funnel {
    pub applications: u64,
    /// Every stage, the forward path in order, then the early closes.
    pub stages: Vec<StageFigures>,
    /// The open stage whose current waits are longest (by their 90th
    /// percentile), with at least one application waiting.
    pub longest_wait: Option<Stage>,
    pub invitations: InvitationFigures,
    /// From applying to entering onboarding.
    pub time_to_hire: Spread,
}

/// The figures from the database's rows.
pub fn funnel(rows: &FunnelRows) -> Funnel {
    let find = |list: &[(String, u64)], stage: Stage| {
        list.iter().find(|(name, _)| name == stage.as_str()).map_or(0, |(_, n)| *n)
    };
    let spread = |list: &[(String, Spread)], stage: Stage| {
        list.iter().find(|(name, _)| name == stage.as_str()).map(|(_, s)| *s).unwrap_or_default()
    };
    let mut previous: Option<u64> = None;
    let stages: Vec<StageFigures> = Stage::ALL
        .iter()
        .map(|&stage| {
            let reached = find(&rows.reached, stage);
            let on_path = !matches!(stage, Stage::Withdrawn | Stage::Rejected | Stage::OfferDeclined);
            // A stage nobody reached has no conversion (a job may skip it,
            // or nobody got that far yet); the next one reached is measured
            // against the last one that was.
            let conversion = match (on_path, previous) {
                (true, Some(before)) if before > 0 && reached > 0 => Some(round3(reached as f64 / before as f64)),
                _ => None,
            };
            if on_path && reached > 0 {
                previous = Some(reached);
            }
            StageFigures {
                stage,
                current: find(&rows.current, stage),
                reached,
                conversion,
                time_in_stage: spread(&rows.stays, stage),
                waiting_now: spread(&rows.waiting, stage),
            }
        })
        .collect();
    let longest_wait = stages
        .iter()
        .filter(|s| s.waiting_now.n > 0 && !s.stage.is_closed())
        .max_by_key(|s| s.waiting_now.p90_ms.unwrap_or(0))
        .map(|s| s.stage);
    let dropped = rows.lapsed + rows.withdrew_after_invitation;
    Funnel {
        applications: rows.applications,
        stages,
        longest_wait,
        invitations: InvitationFigures {
            invited: rows.invited,
            started: rows.started,
            lapsed: rows.lapsed,
            withdrew: rows.withdrew_after_invitation,
            drop_out: (rows.invited > 0).then(|| round3(dropped as f64 / rows.invited as f64)),
        },
        time_to_hire: rows.time_to_hire,
    }
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

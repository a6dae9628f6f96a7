//! New dimension weights for a competency model, fitted to what became of
//! the people hired, for a person to accept or reject.
//!
//! The fit is a ridge regression of the standardised outcome on the
//! standardised AI dimension scores, pulled towards the current weights
//! (so little data changes little) and constrained so that no weight goes
//! below zero (a dimension never counts against a candidate), solved by
//! coordinate descent; the weights are then scaled to sum to 1. Beside them:
//! the composite's validity under the current and the proposed weights, the
//! proposed weights' validity out of sample (five-fold cross-validation),
//! and the candidates whose rank would change most.

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};

use super::stats::{Correlation, correlation};
use super::validity::{OutcomeMeasure, outcome_values};
use crate::domain::Dimension;
use crate::store::{Outcome, ScoredApplication};

/// Hires with the outcome and every dimension scored needed to propose.
pub const MIN_HIRES: usize = 20;

/// How strongly the fit is pulled towards the current weights, per hire.
const SHRINK: f64 = 0.5;

/// One dimension's weight, now and proposed (both summing to 1).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct WeightChange {
    pub dimension: String,
    pub name: String,
    pub current: f64,
    pub proposed: f64,
}

/// A candidate whose place in the job's ranking would move.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct RankChange {
    pub application_id: i64,
    pub candidate_name: String,
    /// 1 is the top.
    pub rank_now: usize,
    pub rank_proposed: usize,
}

/// A proposal and the figures behind it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Reweighting {
    pub measure: OutcomeMeasure,
    /// Hires the weights were fitted on.
    pub hires: usize,
    pub weights: Vec<WeightChange>,
    /// The composite under the current weights against the outcome.
    pub current_validity: Correlation,
    /// The same under the proposed weights, on the hires they were fitted to.
    pub proposed_validity: Correlation,
    /// The proposed composite against the outcome out of sample (each fifth
    /// of the hires predicted from weights fitted on the other four).
    pub cross_validated_r: Option<f64>,
    /// Candidates of the job whose rank would move, most moved first (at most 20).
    pub movers: Vec<RankChange>,
    /// Scored candidates of the job compared.
    pub ranked: usize,
}

/// Why no weights are proposed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReweightError {
    #[error("not enough data: {have} hires have the outcome and every dimension scored; {MIN_HIRES} are needed")]
    NotEnoughData { have: usize },
}

/// Proposes weights for `dimensions` (the current model) from the AI scores
/// of `scored` and `outcomes`; `ranked` (every scored candidate of the job,
/// with names) shows who would move.
pub fn propose(
    dimensions: &[Dimension],
    scored: &[ScoredApplication],
    outcomes: &[Outcome],
    measure: OutcomeMeasure,
    ranked: &[(ScoredApplication, String)],
) -> Result<Reweighting, ReweightError> {
    let values = outcome_values(outcomes, measure);
    let ids: Vec<&str> = dimensions.iter().map(|d| d.id.as_str()).collect();
    let rows: Vec<(Vec<f64>, f64)> = scored
        .iter()
        .filter_map(|a| {
            let y = *values.get(&a.application_id)?;
            let x: Option<Vec<f64>> = ids.iter().map(|d| a.dimensions.get(*d).copied()).collect();
            Some((x?, y))
        })
        .collect();
    if rows.len() < MIN_HIRES {
        return Err(ReweightError::NotEnoughData { have: rows.len() });
    }
    let total: f64 = dimensions.iter().map(|d| f64::from(d.weight)).sum();
    let current: Vec<f64> = dimensions.iter().map(|d| f64::from(d.weight) / total).collect();
    let proposed = fit(&rows, &current);

    let composite = |x: &[f64], w: &[f64]| x.iter().zip(w).map(|(x, w)| x * w).sum::<f64>();
    let pairs = |w: &[f64]| rows.iter().map(|(x, y)| (composite(x, w), *y)).collect::<Vec<_>>();
    let mut held_out = Vec::with_capacity(rows.len());
    for fold in 0..5 {
        let train: Vec<(Vec<f64>, f64)> =
            rows.iter().enumerate().filter(|(i, _)| i % 5 != fold).map(|(_, r)| r.clone()).collect();
        let w = fit(&train, &current);
        held_out
            .extend(rows.iter().enumerate().filter(|(i, _)| i % 5 == fold).map(|(_, (x, y))| (composite(x, &w), *y)));
    }

    let rank = |w: &[f64]| -> HashMap<i64, usize> {
        let mut order: Vec<(i64, f64)> = ranked
            .iter()
            .map(|(a, _)| {
                (
                    a.application_id,
                    ids.iter().zip(w).map(|(d, w)| a.dimensions.get(*d).copied().unwrap_or(0.0) * w).sum(),
                )
            })
            .collect();
        order.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        order.into_iter().enumerate().map(|(i, (id, _))| (id, i + 1)).collect()
    };
    let (before, after) = (rank(&current), rank(&proposed));
    let mut movers: Vec<RankChange> = ranked
        .iter()
        .filter_map(|(a, name)| {
            let (now, then) = (before[&a.application_id], after[&a.application_id]);
            (now != then).then(|| RankChange {
                application_id: a.application_id,
                candidate_name: name.clone(),
                rank_now: now,
                rank_proposed: then,
            })
        })
        .collect();
    movers.sort_by_key(|m| (std::cmp::Reverse(m.rank_now.abs_diff(m.rank_proposed)), m.rank_now));
    movers.truncate(20);

    Ok(Reweighting {
        measure,
        hires: rows.len(),
        weights: dimensions
            .iter()
            .zip(current.iter().zip(&proposed))
            .map(|(d, (c, p))| WeightChange {
                dimension: d.id.clone(),
                name: d.name.clone(),
                current: round3(*c),
                proposed: round3(*p),
            })
            .collect(),
        current_validity: correlation(&pairs(&current)),
        proposed_validity: correlation(&pairs(&proposed)),
        cross_validated_r: correlation(&held_out).r,
        movers,
        ranked: ranked.len(),
    })
}

/// One hire's AI dimension scores and outcome.
type Row = (Vec<f64>, f64);
/// A value read from a row.
type Column<'a> = &'a dyn Fn(&Row) -> f64;

/// Non-negative ridge towards `current` on standardised data; weights sum to 1.
fn fit(rows: &[Row], current: &[f64]) -> Vec<f64> {
    let n = rows.len() as f64;
    let k = current.len();
    let mean = |f: Column<'_>| rows.iter().map(f).sum::<f64>() / n;
    let sd = |m: f64, f: Column<'_>| (rows.iter().map(|r| (f(r) - m).powi(2)).sum::<f64>() / n).sqrt();
    let x_mean: Vec<f64> = (0..k).map(|d| mean(&|r| r.0[d])).collect();
    let x_sd: Vec<f64> = (0..k).map(|d| sd(x_mean[d], &|r| r.0[d])).collect();
    let y_mean = mean(&|r| r.1);
    let y_sd = sd(y_mean, &|r| r.1).max(f64::EPSILON);
    // Standardised columns; a dimension that does not vary keeps its weight's share.
    let z: Vec<Vec<f64>> = rows
        .iter()
        .map(|(x, _)| (0..k).map(|d| if x_sd[d] > f64::EPSILON { (x[d] - x_mean[d]) / x_sd[d] } else { 0.0 }).collect())
        .collect();
    let y: Vec<f64> = rows.iter().map(|(_, y)| (y - y_mean) / y_sd).collect();
    // The current weights on the standardised scale, scaled to fit as well as they can.
    let prior: Vec<f64> = (0..k).map(|d| current[d] * x_sd[d]).collect();
    let fitted: Vec<f64> = z.iter().map(|zi| zi.iter().zip(&prior).map(|(a, b)| a * b).sum()).collect();
    let scale = {
        let num: f64 = fitted.iter().zip(&y).map(|(f, y)| f * y).sum();
        let den: f64 = fitted.iter().map(|f| f * f).sum();
        if den > f64::EPSILON && num > 0.0 { num / den } else { 1.0 }
    };
    let prior: Vec<f64> = prior.iter().map(|p| p * scale).collect();
    let lambda = SHRINK * n;
    let mut beta = prior.clone();
    let mut residual: Vec<f64> =
        z.iter().zip(&y).map(|(zi, y)| y - zi.iter().zip(&beta).map(|(a, b)| a * b).sum::<f64>()).collect();
    for _ in 0..200 {
        for d in 0..k {
            let zz: f64 = z.iter().map(|zi| zi[d] * zi[d]).sum();
            if zz <= f64::EPSILON {
                continue;
            }
            let partial: f64 = z.iter().zip(&residual).map(|(zi, r)| zi[d] * (r + zi[d] * beta[d])).sum();
            let next = ((partial + lambda * prior[d]) / (zz + lambda)).max(0.0);
            let change = next - beta[d];
            if change != 0.0 {
                for (zi, r) in z.iter().zip(residual.iter_mut()) {
                    *r -= zi[d] * change;
                }
                beta[d] = next;
            }
        }
    }
    // Back to raw scores' weights, scaled to sum to 1.
    let raw: Vec<f64> = (0..k).map(|d| if x_sd[d] > f64::EPSILON { beta[d] / x_sd[d] } else { current[d] }).collect();
    let sum: f64 = raw.iter().sum();
    if sum > f64::EPSILON { raw.iter().map(|w| w / sum).collect() } else { current.to_vec() }
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

/// The dimension names of a model, for reports.
pub fn names(dimensions: &[Dimension]) -> BTreeMap<String, String> {
    dimensions.iter().map(|d| (d.id.clone(), d.name.clone())).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{OutcomeKind, ScoredApplication};

    fn dim(id: &str, weight: f32) -> Dimension {
        Dimension { id: id.into(), name: id.into(), weight, threshold: 6.0, labels: Vec::new() }
    }

    #[test]
    fn the_fit_raises_the_dimension_that_predicts_and_never_goes_negative() {
        let dims = [dim("skill", 0.4), dim("teamwork", 0.3), dim("drive", 0.3)];
        let mut scored = Vec::new();
        let mut outcomes = Vec::new();
        for i in 0..60_i64 {
            let wobble = |salt: i64| ((i * 7919 + salt * 104_729) % 41) as f64 / 10.0;
            let teamwork = 3.0 + (i % 15) as f64 * 0.45;
            // `drive` runs against performance: its weight must stop at zero, not go below.
            let drive = 9.0 - (i % 15) as f64 * 0.3 + wobble(3) * 0.1;
            let dimensions = BTreeMap::from([
                ("skill".to_owned(), 4.0 + wobble(1)),
                ("teamwork".to_owned(), teamwork),
                ("drive".to_owned(), drive),
            ]);
            scored.push(ScoredApplication { application_id: i, job_id: 1, composite: 0.0, dimensions });
            outcomes.push(Outcome {
                application_id: i,
                kind: OutcomeKind::Performance,
                on_date: "2027-12-31".into(),
                result: None,
                rating: Some(1.0 + (teamwork - 3.0) * 0.6 + wobble(2) * 0.05),
                source: "test".into(),
                recorded_at: 0,
            });
        }
        let ranked: Vec<(ScoredApplication, String)> =
            scored.iter().map(|a| (a.clone(), format!("c{}", a.application_id))).collect();
        let r = propose(&dims, &scored, &outcomes, OutcomeMeasure::Performance, &ranked).expect("proposed");
        let weight = |id: &str| r.weights.iter().find(|w| w.dimension == id).expect("weight").clone();
        assert!(weight("teamwork").proposed > weight("teamwork").current, "{r:?}");
        assert!(weight("teamwork").proposed > 0.5, "{r:?}");
        assert!(r.weights.iter().all(|w| w.proposed >= 0.0), "{r:?}");
        assert_eq!(weight("drive").proposed, 0.0, "{r:?}");
        assert!((r.weights.iter().map(|w| w.proposed).sum::<f64>() - 1.0).abs() < 0.01);
        assert!(r.proposed_validity.r > r.current_validity.r, "{r:?}");
        assert!(r.cross_validated_r.is_some_and(|cv| cv > 0.8), "{r:?}");
        assert!(!r.movers.is_empty() && r.ranked == 60);

        let few = propose(&dims, &scored[..10], &outcomes, OutcomeMeasure::Performance, &ranked);
        assert_eq!(few, Err(ReweightError::NotEnoughData { have: 10 }));
    }
}

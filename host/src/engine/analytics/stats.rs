//! The few statistics the analytics need, written out so a reader can check
//! them: quantiles, means, Pearson's correlation with a confidence interval
//! (Fisher's z), and the mean of differences with its interval.

use serde::{Deserialize, Serialize};

/// Below this many pairs a correlation is reported as "not enough data".
pub const MIN_PAIRS: usize = 10;

/// The `q`-quantile (0–1) of `values` by the nearest-rank method: the
/// smallest value with at least `q` of the values at or below it. `None`
/// for no values.
pub fn quantile(values: &mut [f64], q: f64) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_by(f64::total_cmp);
    let rank = (q.clamp(0.0, 1.0) * values.len() as f64).ceil().max(1.0) as usize;
    Some(values[rank.min(values.len()) - 1])
}

pub fn mean(values: &[f64]) -> Option<f64> {
    (!values.is_empty()).then(|| values.iter().sum::<f64>() / values.len() as f64)
}

/// A correlation between two measures over the same people.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Correlation {
    /// Pairs it was computed from.
    pub n: usize,
    /// Pearson's r, or `None` when there are fewer than [`MIN_PAIRS`]
    /// pairs or one side does not vary.
    pub r: Option<f64>,
    /// 95 % confidence interval of r (Fisher's z), when r is known.
    pub low: Option<f64>,
    pub high: Option<f64>,
    /// "not enough data" (and how many pairs there are) when r is unknown.
    pub note: Option<String>,
}

/// Pearson's r of `pairs`, with its 95 % interval.
pub fn correlation(pairs: &[(f64, f64)]) -> Correlation {
    let n = pairs.len();
    if n < MIN_PAIRS {
        return not_enough_data(n);
    }
    let (mx, my) =
        (pairs.iter().map(|p| p.0).sum::<f64>() / n as f64, pairs.iter().map(|p| p.1).sum::<f64>() / n as f64);
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for (x, y) in pairs {
        sxy += (x - mx) * (y - my);
        sxx += (x - mx) * (x - mx);
        syy += (y - my) * (y - my);
    }
    if sxx <= f64::EPSILON || syy <= f64::EPSILON {
        return unknown(n, "one of the two measures does not vary".to_owned());
    }
    known(n, sxy / (sxx * syy).sqrt())
}

fn unknown(n: usize, note: String) -> Correlation {
    Correlation { n, r: None, low: None, high: None, note: Some(note) }
}

fn not_enough_data(n: usize) -> Correlation {
    unknown(n, format!("not enough data: {n} of the {MIN_PAIRS} pairs needed"))
}

fn known(n: usize, r: f64) -> Correlation {
    let r = r.clamp(-1.0, 1.0);
    let (low, high) = fisher_interval(r, n);
    Correlation { n, r: Some(round3(r)), low: low.map(round3), high: high.map(round3), note: None }
}

/// The sums a correlation needs, so a database can add them up and send
/// one row instead of every pair.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Moments {
    pub n: usize,
    pub sum_x: f64,
    pub sum_y: f64,
    pub sum_xx: f64,
    pub sum_yy: f64,
    pub sum_xy: f64,
}

impl Moments {
    pub fn push(&mut self, x: f64, y: f64) {
        self.n += 1;
        self.sum_x += x;
        self.sum_y += y;
        self.sum_xx += x * x;
        self.sum_yy += y * y;
        self.sum_xy += x * y;
    }

    /// Pearson's r from the sums, as [`correlation`] gives it from the pairs.
    pub fn correlation(&self) -> Correlation {
        let n = self.n;
        if n < MIN_PAIRS {
            return not_enough_data(n);
        }
        let count = n as f64;
        let sxx = self.sum_xx - self.sum_x * self.sum_x / count;
        let syy = self.sum_yy - self.sum_y * self.sum_y / count;
        let sxy = self.sum_xy - self.sum_x * self.sum_y / count;
        // Subtracting the sums leaves rounding error relative to their size
        // where a measure is constant: that is no variation.
        let flat = |centred: f64, raw: f64| centred <= 1e-9 * raw.max(1.0);
        if flat(sxx, self.sum_xx) || flat(syy, self.sum_yy) {
            return unknown(n, "one of the two measures does not vary".to_owned());
        }
        known(n, sxy / (sxx * syy).sqrt())
    }
}

/// The 95 % interval of r from Fisher's z transform (needs n > 3).
fn fisher_interval(r: f64, n: usize) -> (Option<f64>, Option<f64>) {
    if n <= 3 {
        return (None, None);
    }
    let z = r.clamp(-0.999_999, 0.999_999).atanh();
    let se = 1.0 / ((n - 3) as f64).sqrt();
    (Some((z - 1.96 * se).tanh()), Some((z + 1.96 * se).tanh()))
}

/// The mean of differences and its 95 % interval (normal approximation).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct MeanDifference {
    pub n: usize,
    pub mean: Option<f64>,
    pub low: Option<f64>,
    pub high: Option<f64>,
}

pub fn mean_difference(differences: &[f64]) -> MeanDifference {
    let n = differences.len();
    let Some(m) = mean(differences) else { return MeanDifference { n, mean: None, low: None, high: None } };
    if n < 2 {
        return MeanDifference { n, mean: Some(round3(m)), low: None, high: None };
    }
    let variance = differences.iter().map(|d| (d - m) * (d - m)).sum::<f64>() / (n - 1) as f64;
    let half = 1.96 * (variance / n as f64).sqrt();
    MeanDifference { n, mean: Some(round3(m)), low: Some(round3(m - half)), high: Some(round3(m + half)) }
}

pub fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantiles_by_nearest_rank() {
        let mut v = vec![15.0, 20.0, 35.0, 40.0, 50.0];
        assert_eq!(quantile(&mut v, 0.5), Some(35.0));
        assert_eq!(quantile(&mut v, 0.9), Some(50.0));
        assert_eq!(quantile(&mut v, 0.3), Some(20.0));
        assert_eq!(quantile(&mut [], 0.5), None);
        assert_eq!(quantile(&mut [7.0], 0.9), Some(7.0));
    }

    #[test]
    fn pearson_matches_a_hand_computed_example() {
        // x = 1..10, y about 2x: r = 0.9908 (computed apart, with Python), interval 0.960–0.998.
        let ys = [3.0, 3.5, 7.0, 8.5, 9.0, 13.0, 13.5, 17.0, 17.5, 21.0];
        let pairs: Vec<(f64, f64)> = ys.iter().enumerate().map(|(i, y)| ((i + 1) as f64, *y)).collect();
        let c = correlation(&pairs);
        assert_eq!((c.r, c.low, c.high), (Some(0.991), Some(0.96), Some(0.998)));
        let too_few = correlation(&pairs[..9]);
        assert_eq!((too_few.r, too_few.note.as_deref()), (None, Some("not enough data: 9 of the 10 pairs needed")));
        let flat: Vec<(f64, f64)> = (0..12).map(|i| (i as f64, 5.0)).collect();
        assert!(correlation(&flat).r.is_none());
    }

    #[test]
    fn moments_give_the_correlation_the_pairs_give() {
        let ys = [3.0, 3.5, 7.0, 8.5, 9.0, 13.0, 13.5, 17.0, 17.5, 21.0];
        let pairs: Vec<(f64, f64)> = ys.iter().enumerate().map(|(i, y)| ((i + 1) as f64, *y)).collect();
        let sums = |pairs: &[(f64, f64)]| {
            let mut m = Moments::default();
            pairs.iter().for_each(|(x, y)| m.push(*x, *y));
            m
        };
        assert_eq!(sums(&pairs).correlation(), correlation(&pairs));
        assert_eq!(sums(&pairs[..9]).correlation(), correlation(&pairs[..9]));
        // A constant measure of awkward binary fractions: rounding in the
        // sums must not pass for variation.
        let flat: Vec<(f64, f64)> = (0..5000).map(|i| (f64::from(i % 7), 7.3)).collect();
        let c = sums(&flat).correlation();
        assert_eq!((c.r, c.note.as_deref()), (None, Some("one of the two measures does not vary")));
        // Large offsets with real variation still correlate.
        let shifted: Vec<(f64, f64)> = pairs.iter().map(|(x, y)| (x + 1000.0, y + 1000.0)).collect();
        assert_eq!(sums(&shifted).correlation().r, Some(0.991));
    }

    #[test]
    fn mean_difference_with_its_interval() {
        let d = mean_difference(&[1.0, 2.0, 3.0, 2.0]);
        assert_eq!(d.mean, Some(2.0));
        // s = 0.8165, se = 0.408, half-width 0.800.
        assert_eq!((d.low, d.high), (Some(1.2), Some(2.8)));
    }
}

//! Adverse impact of the AI interview on groups of candidates: per group of
//! one self-identified category (sex, race/ethnicity...), how many were
//! assessed, how many the AI interview advanced (selection) and how many it
//! did not reject, and how many scored above the median of everyone assessed
//! (the "scoring rate" NYC Local Law 144's bias audits publish for tools that
//! score); each rate's impact ratio against the most favoured group, the
//! four-fifths flag (a ratio under 0.8, the EEOC's rule of thumb), and a
//! warning where a group is too small for its ratio to mean much.

use serde::Serialize;

use crate::engine::Decision;

/// A group with fewer assessed candidates than this is "small".
pub const MIN_GROUP: u64 = 10;
/// ...or with less than this share of everyone assessed (LL144's audits may
/// leave such groups out of the ratios).
pub const MIN_SHARE: f64 = 0.02;
/// An impact ratio under this is flagged.
pub const FOUR_FIFTHS: f64 = 0.8;

/// One assessed candidate: their group in the category (`None`: they did
/// not say), the AI interview's decision and composite score.
#[derive(Debug, Clone, PartialEq)]
pub struct Assessed {
    pub group: Option<String>,
    pub decision: Decision,
    pub composite: f64,
}

/// One rate of one group, with its impact ratio against the group with the
/// highest rate (leaving small groups out of that choice).
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Rate {
    /// Candidates of the group with this outcome.
    pub count: u64,
    pub rate: f64,
    /// `None` when the reference group's rate is 0 (nobody had the outcome).
    pub impact_ratio: Option<f64>,
    /// The impact ratio is under four fifths.
    pub below_four_fifths: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct GroupImpact {
    pub group: String,
    pub assessed: u64,
    /// Advanced by the AI interview.
    pub selected: Rate,
    /// Advanced or sent to a person: not rejected.
    pub not_rejected: Rate,
    /// Scored above the median composite of everyone assessed.
    pub scored_above_median: Rate,
    /// Too few people for the ratios to be reliable.
    pub small_sample: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct ImpactTable {
    pub category: String,
    /// Everyone assessed, whether they said their group or not.
    pub assessed: u64,
    /// Assessed candidates who did not say their group.
    pub unknown: u64,
    pub median_composite: Option<f64>,
    /// Groups by name.
    pub groups: Vec<GroupImpact>,
    /// Where selection is concerned: the group the ratios are against.
    pub reference_group: Option<String>,
}

/// The table for one category.
pub fn impact_table(category: &str, assessed: &[Assessed]) -> ImpactTable {
    let median = median(assessed.iter().map(|a| a.composite).collect());
    let mut groups: Vec<(String, Vec<&Assessed>)> = Vec::new();
    for a in assessed {
        let Some(group) = &a.group else { continue };
        match groups.iter_mut().find(|(g, _)| g == group) {
            Some((_, members)) => members.push(a),
            None => groups.push((group.clone(), vec![a])),
        }
    }
    groups.sort_by(|a, b| a.0.cmp(&b.0));
    let total = assessed.len() as u64;
    let small = |n: u64| n < MIN_GROUP || (total > 0 && (n as f64) < MIN_SHARE * total as f64);
    let counts: Vec<(u64, [u64; 3])> = groups
        .iter()
        .map(|(_, members)| {
            let selected = members.iter().filter(|a| a.decision == Decision::Advance).count() as u64;
            let not_rejected = members.iter().filter(|a| a.decision != Decision::Reject).count() as u64;
            let above = median.map_or(0, |m| members.iter().filter(|a| a.composite > m).count() as u64);
            (members.len() as u64, [selected, not_rejected, above])
        })
        .collect();
    // The reference for each rate: the highest rate among groups large
    // enough, or among all when none is.
    let eligible: Vec<bool> = counts.iter().map(|(n, _)| !small(*n)).collect();
    let any_eligible = eligible.iter().any(|e| *e);
    let best = |k: usize| -> (Option<usize>, f64) {
        let mut best: (Option<usize>, f64) = (None, 0.0);
        for (i, (n, outcomes)) in counts.iter().enumerate() {
            if any_eligible && !eligible[i] {
                continue;
            }
            let rate = outcomes[k] as f64 / *n as f64;
            if best.0.is_none() || rate > best.1 {
                best = (Some(i), rate);
            }
        }
        best
    };
    let references = [best(0), best(1), best(2)];
    let rate = |count: u64, n: u64, k: usize| {
        let rate = count as f64 / n as f64;
        let impact_ratio = (references[k].1 > 0.0).then(|| rate / references[k].1);
        Rate { count, rate, impact_ratio, below_four_fifths: impact_ratio.is_some_and(|r| r < FOUR_FIFTHS - 1e-9) }
    };
    let rows = groups
        .iter()
        .zip(&counts)
        .map(|((group, _), (n, [selected, not_rejected, above]))| GroupImpact {
            group: group.clone(),
            assessed: *n,
            selected: rate(*selected, *n, 0),
            not_rejected: rate(*not_rejected, *n, 1),
            scored_above_median: rate(*above, *n, 2),
            small_sample: small(*n),
        })
        .collect();
    ImpactTable {
        category: category.to_owned(),
        assessed: total,
        unknown: assessed.iter().filter(|a| a.group.is_none()).count() as u64,
        median_composite: median,
        groups: rows,
        reference_group: references[0].0.map(|i| groups[i].0.clone()),
    }
}

fn median(mut values: Vec<f64>) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_by(f64::total_cmp);
    let mid = values.len() / 2;
    Some(if values.len().is_multiple_of(2) { (values[mid - 1] + values[mid]) / 2.0 } else { values[mid] })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn people(group: Option<&str>, decision: Decision, composite: f64, n: usize) -> Vec<Assessed> {
        (0..n).map(|_| Assessed { group: group.map(str::to_owned), decision, composite }).collect()
    }

    /// Worked by hand: 40 women (20 advanced, 10 to review, 10 rejected),
    /// 60 men (24, 12, 24), 4 non-binary people (1, 1, 2), 6 who did not say.
    /// Selection: women 0.5, men 0.4 → ratio 0.8 (not below), the
    /// non-binary group's 0.25 is small (4 < 10) and does not become the
    /// reference. Not rejected: women 0.75, men 0.6 → 0.8.
    #[test]
    fn a_hand_computed_example() {
        let mut all = Vec::new();
        all.extend(people(Some("female"), Decision::Advance, 8.0, 20));
        all.extend(people(Some("female"), Decision::HumanReview, 6.0, 10));
        all.extend(people(Some("female"), Decision::Reject, 3.0, 10));
        all.extend(people(Some("male"), Decision::Advance, 8.0, 24));
        all.extend(people(Some("male"), Decision::HumanReview, 6.0, 12));
        all.extend(people(Some("male"), Decision::Reject, 3.0, 24));
        all.extend(people(Some("non-binary"), Decision::Advance, 8.0, 1));
        all.extend(people(Some("non-binary"), Decision::HumanReview, 6.0, 1));
        all.extend(people(Some("non-binary"), Decision::Reject, 3.0, 2));
        all.extend(people(None, Decision::Advance, 8.0, 6));
        let table = impact_table("sex", &all);
        assert_eq!((table.assessed, table.unknown), (110, 6));
        assert_eq!(table.reference_group.as_deref(), Some("female"));
        let [female, male, nonbinary] = &table.groups[..] else { panic!("three groups: {table:?}") };
        assert_eq!((female.group.as_str(), female.assessed, female.selected.count), ("female", 40, 20));
        assert!((female.selected.rate - 0.5).abs() < 1e-9);
        assert_eq!(female.selected.impact_ratio, Some(1.0));
        assert!((male.selected.impact_ratio.expect("ratio") - 0.8).abs() < 1e-9);
        assert!(!male.selected.below_four_fifths, "exactly four fifths is not below");
        assert!((male.not_rejected.impact_ratio.expect("ratio") - 0.8).abs() < 1e-9);
        assert!(nonbinary.small_sample && !female.small_sample && !male.small_sample);
        assert!((nonbinary.selected.impact_ratio.expect("ratio") - 0.5).abs() < 1e-9);
        assert!(nonbinary.selected.below_four_fifths);
        // Median of 110 composites: 51 people at 8.0 (20+24+1+6), 23 at 6.0,
        // 36 at 3.0 → sorted, the 55th and 56th are 6.0: median 6.0; above it
        // only the 8.0s. Women 20/40 = 0.5, men 24/60 = 0.4.
        assert_eq!(table.median_composite, Some(6.0));
        assert!((male.scored_above_median.impact_ratio.expect("ratio") - 0.8).abs() < 1e-9);
    }

    #[test]
    fn nobody_selected_gives_no_ratio_and_an_empty_set_no_median() {
        let table = impact_table("sex", &people(Some("female"), Decision::Reject, 2.0, 12));
        assert_eq!(table.groups[0].selected.impact_ratio, None);
        assert!(!table.groups[0].selected.below_four_fifths);
        assert_eq!(impact_table("sex", &[]).median_composite, None);
    }
}

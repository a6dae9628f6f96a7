//! Whether the interview predicts what matters: the AI interview's composite
//! and dimension scores, and the interviewers' scorecards, against what
//! became of the people hired (performance ratings, or passing probation);
//! how well each question tells later performers apart; and how the AI and
//! the interviewers agree, per dimension and per interviewer.

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};

use super::stats::{Correlation, MeanDifference, correlation, mean, mean_difference};
use crate::store::{CardScores, Outcome, OutcomeKind, ProbationResult, ScoredApplication, ValidityRows};

/// Which later outcome the figures are against.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "kebab-case")]
pub enum OutcomeMeasure {
    /// A hire's performance ratings (their mean, when there are several).
    #[default]
    Performance,
    /// Passing probation (1) or failing it (0); extended ones are left out.
    Probation,
}

impl OutcomeMeasure {
    pub fn as_str(self) -> &'static str {
        match self {
            OutcomeMeasure::Performance => "performance",
            OutcomeMeasure::Probation => "probation",
        }
    }
}

/// A dimension's predictive figures.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct DimensionValidity {
    pub dimension: String,
    pub name: String,
    /// The AI interview's score on it against the outcome.
    pub ai: Correlation,
    /// The interviewers' mean score on it against the outcome.
    pub human: Correlation,
}

/// How well one question's answers tell later performers apart.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct QuestionValidity {
    pub question_id: String,
    pub text: String,
    /// The mean score its answer earned against the outcome.
    pub discrimination: Correlation,
}

/// The AI and the interviewers on one dimension, over applications both scored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Agreement {
    pub dimension: String,
    pub name: String,
    pub correlation: Correlation,
    /// The interviewers' mean score minus the AI's.
    pub difference: MeanDifference,
}

/// Which way an interviewer leans, when they do clearly.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Leaning {
    Higher,
    Lower,
}

/// One interviewer's scoring against the AI and against colleagues.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Calibration {
    pub user_id: i64,
    pub name: String,
    pub scorecards: usize,
    /// Their score minus the AI's, per dimension score they gave.
    pub versus_ai: MeanDifference,
    /// Their score minus the other interviewers' mean for the same
    /// candidate and dimension, where others scored it too.
    pub versus_colleagues: MeanDifference,
    /// Systematically higher or lower than colleagues (or, without
    /// colleagues, the AI): the interval excludes zero and the mean
    /// difference is at least half a point.
    pub leaning: Option<Leaning>,
}

/// The validity figures of a set of jobs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Validity {
    pub measure: OutcomeMeasure,
    /// Hires with the outcome measured.
    pub hires: usize,
    pub composite: Correlation,
    pub dimensions: Vec<DimensionValidity>,
    pub questions: Vec<QuestionValidity>,
    pub agreement: Vec<Agreement>,
    pub interviewers: Vec<Calibration>,
}

/// The interviewers' sum and count of scores per dimension slot, of one
/// application.
type Sums = [(f64, u32)];

/// A clear leaning: at least half a point on the 0–10 scale.
const LEANING_POINTS: f64 = 0.5;

/// Each hire's value of `measure`.
pub fn outcome_values(outcomes: &[Outcome], measure: OutcomeMeasure) -> HashMap<i64, f64> {
    let mut values: HashMap<i64, Vec<f64>> = HashMap::new();
    for o in outcomes {
        let value = match (measure, o.kind) {
            (OutcomeMeasure::Performance, OutcomeKind::Performance) => o.rating,
            (OutcomeMeasure::Probation, OutcomeKind::Probation) => match o.result {
                Some(ProbationResult::Passed) => Some(1.0),
                Some(ProbationResult::Failed) => Some(0.0),
                _ => None,
            },
            _ => None,
        };
        if let Some(v) = value.filter(|v| v.is_finite()) {
            values.entry(o.application_id).or_default().push(v);
        }
    }
    values.into_iter().filter_map(|(id, v)| Some((id, mean(&v)?))).collect()
}

/// The figures. `names` gives each dimension id its display name.
pub fn validity(
    rows: &ValidityRows,
    outcomes: &[Outcome],
    measure: OutcomeMeasure,
    names: &BTreeMap<String, String>,
) -> Validity {
    let outcome = outcome_values(outcomes, measure);
    let name = |d: &str| names.get(d).cloned().unwrap_or_else(|| d.to_owned());

    let composite: Vec<(f64, f64)> =
        rows.scored.iter().filter_map(|a| Some((a.composite, *outcome.get(&a.application_id)?))).collect();

    let mut dimension_ids: Vec<String> = names.keys().cloned().collect();
    for a in &rows.scored {
        for d in a.dimensions.keys() {
            if !dimension_ids.contains(d) {
                dimension_ids.push(d.clone());
            }
        }
    }
    let slot: HashMap<&str, usize> = dimension_ids.iter().enumerate().map(|(i, d)| (d.as_str(), i)).collect();

    // The interviewers' sum and count per application and dimension (by
    // its slot in `dimension_ids`), for their mean.
    let mut human: HashMap<i64, Vec<(f64, u32)>> = HashMap::with_capacity(rows.cards.len());
    for card in &rows.cards {
        let sums = human.entry(card.application_id).or_insert_with(|| vec![(0.0, 0); dimension_ids.len()]);
        for (d, s) in &card.scores {
            if let Some(&i) = slot.get(d.as_str()) {
                sums[i].0 += *s;
                sums[i].1 += 1;
            }
        }
    }
    let mean_of = |sums: &Sums, i: usize| {
        let (sum, count) = sums[i];
        (count > 0).then(|| sum / f64::from(count))
    };
    // Each scored application's outcome and interviewers' sums, looked up
    // once rather than once per dimension.
    let scored: Vec<(&ScoredApplication, Option<f64>, Option<&Sums>)> = rows
        .scored
        .iter()
        .map(|a| (a, outcome.get(&a.application_id).copied(), human.get(&a.application_id).map(Vec::as_slice)))
        .collect();

    let dimensions = dimension_ids
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let ai: Vec<(f64, f64)> =
                scored.iter().filter_map(|(a, value, _)| Some((*a.dimensions.get(d)?, (*value)?))).collect();
            let people: Vec<(f64, f64)> = outcome
                .iter()
                .filter_map(|(application, value)| Some((mean_of(human.get(application)?, i)?, *value)))
                .collect();
            DimensionValidity { dimension: d.clone(), name: name(d), ai: correlation(&ai), human: correlation(&people) }
        })
        .collect();

    let mut questions: Vec<QuestionValidity> = rows
        .questions
        .iter()
        .map(|q| QuestionValidity {
            question_id: q.question_id.clone(),
            text: q.question_text.clone(),
            discrimination: q.moments.correlation(),
        })
        .collect();
    questions
        .sort_by(|a, b| b.discrimination.n.cmp(&a.discrimination.n).then_with(|| a.question_id.cmp(&b.question_id)));

    let agreement = dimension_ids
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let pairs: Vec<(f64, f64)> =
                scored.iter().filter_map(|(a, _, sums)| Some((*a.dimensions.get(d)?, mean_of((*sums)?, i)?))).collect();
            let differences: Vec<f64> = pairs.iter().map(|(ai, person)| person - ai).collect();
            Agreement {
                dimension: d.clone(),
                name: name(d),
                correlation: correlation(&pairs),
                difference: mean_difference(&differences),
            }
        })
        .collect();

    let ai_of: HashMap<i64, &BTreeMap<String, f64>> =
        rows.scored.iter().map(|a| (a.application_id, &a.dimensions)).collect();
    let mut cards_of: HashMap<i64, Vec<&CardScores>> = HashMap::new();
    let mut cards_by: HashMap<i64, Vec<&CardScores>> = HashMap::new();
    for card in &rows.cards {
        cards_of.entry(card.application_id).or_default().push(card);
        cards_by.entry(card.user_id).or_default().push(card);
    }
    let mut interviewers = Vec::new();
    for (&user_id, user_name) in &rows.interviewers {
        let theirs = cards_by.get(&user_id).map_or(&[][..], Vec::as_slice);
        let mut versus_ai = Vec::new();
        let mut versus_colleagues = Vec::new();
        for card in theirs {
            let ai = ai_of.get(&card.application_id);
            let colleagues = &cards_of[&card.application_id];
            for (d, s) in &card.scores {
                if let Some(ai) = ai.and_then(|dims| dims.get(d)) {
                    versus_ai.push(s - ai);
                }
                let (mut sum, mut count) = (0.0, 0u32);
                for other in colleagues.iter().filter(|c| c.user_id != user_id) {
                    if let Some(score) = other.scores.get(d) {
                        sum += score;
                        count += 1;
                    }
                }
                if count > 0 {
                    versus_colleagues.push(s - sum / f64::from(count));
                }
            }
        }
        let versus_ai = mean_difference(&versus_ai);
        let versus_colleagues = mean_difference(&versus_colleagues);
        let basis = if versus_colleagues.n >= 2 { &versus_colleagues } else { &versus_ai };
        let leaning = match (basis.mean, basis.low, basis.high) {
            (Some(m), Some(low), _) if low > 0.0 && m >= LEANING_POINTS => Some(Leaning::Higher),
            (Some(m), _, Some(high)) if high < 0.0 && m <= -LEANING_POINTS => Some(Leaning::Lower),
            _ => None,
        };
        interviewers.push(Calibration {
            user_id,
            name: user_name.clone(),
            scorecards: theirs.len(),
            versus_ai,
            versus_colleagues,
            leaning,
        });
    }

    Validity {
        measure,
        hires: outcome.len(),
        composite: correlation(&composite),
        dimensions,
        questions,
        agreement,
        interviewers,
    }
}

//! From dimension scores to a recommendation with its reasons. A pure
//! function: the same scores, job and policy always give the same result.

use serde::{Deserialize, Serialize};

use super::relevance;
use crate::domain::JobProfile;
use crate::store::RegionPolicy;

/// What the engine recommends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Decision {
    Advance,
    HumanReview,
    Reject,
}

impl Decision {
    pub fn as_str(self) -> &'static str {
        match self {
            Decision::Advance => "advance",
            Decision::HumanReview => "human-review",
            Decision::Reject => "reject",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "advance" => Some(Decision::Advance),
            "human-review" => Some(Decision::HumanReview),
            "reject" => Some(Decision::Reject),
            _ => None,
        }
    }
}

/// How a dimension's score compares with the job's threshold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "kebab-case")]
pub enum DimensionStatus {
    Meets,
    /// Within the review margin of the threshold, on either side.
    Borderline,
    Below,
    NotMeasured,
}

/// One dimension's result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct DimensionResult {
    pub id: String,
    pub name: String,
    pub weight: f32,
    pub threshold: f32,
    /// Confidence-weighted mean of the dimension's scores; `None` when nothing measured it.
    pub score: Option<f32>,
    /// How many scores went into it.
    pub samples: u32,
    pub status: DimensionStatus,
}

/// What the engine knows of a dimension's evidence beyond its score.
#[derive(Debug, Clone, Copy)]
struct Evidence {
    /// Some answer measuring it had its relevance judged…
    judged: bool,
    /// …and none judged was less than clearly on-topic (an answer not
    /// judged, such as a self-introduction, neither helps nor hinders).
    on_topic: bool,
    /// The highest confidence of a score for it: how particular the best
    /// evidence is.
    confidence: f32,
}

/// A recommendation and everything behind it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Recommendation {
    /// Weighted mean of the measured dimensions, 0–10.
    pub composite: f32,
    pub decision: Decision,
    pub dimensions: Vec<DimensionResult>,
    /// Why, in plain words a candidate could be shown.
    pub reasons: Vec<String>,
}

/// One score going into the aggregate.
#[derive(Debug, Clone, Copy)]
pub struct ScoreInput<'a> {
    pub dimension: &'a str,
    pub score: f32,
    pub confidence: f32,
    /// The relevance of the answer the score is for, as the engine judged
    /// it (`None`: not judged). A dimension every judged answer of which is
    /// clearly on-topic is not rejected automatically for falling short by a
    /// margin: see [`relevance::worth_a_person`].
    pub relevance: Option<f32>,
}

/// What else the recommendation must take into account.
#[derive(Debug, Clone, Copy, Default)]
pub struct Circumstances {
    pub policy: RegionPolicy,
    /// Scores within this distance of a threshold go to human review.
    pub review_margin: f32,
    /// Planned questions the candidate did not answer.
    pub unanswered: usize,
    /// Rubric calls that failed, so some evidence is missing.
    pub failed_scorings: usize,
}

/// Aggregates scores into per-dimension results, a composite and a decision.
pub fn aggregate<'a>(
    job: &JobProfile,
    scores: impl IntoIterator<Item = ScoreInput<'a>>,
    circumstances: Circumstances,
) -> Recommendation {
    let scores: Vec<ScoreInput> = scores.into_iter().collect();
    let margin = circumstances.review_margin.max(0.0);
    let mut evidence = Vec::with_capacity(job.dimensions.len());
    let dimensions: Vec<DimensionResult> = job
        .dimensions
        .iter()
        .map(|d| {
            let (mut sum, mut weights, mut samples) = (0.0f32, 0.0f32, 0u32);
            let mut seen = Evidence { judged: false, on_topic: true, confidence: 0.0 };
            for s in scores.iter().filter(|s| s.dimension == d.id && s.score.is_finite()) {
                if let Some(r) = s.relevance {
                    seen.judged = true;
                    seen.on_topic &= r >= relevance::RELEVANT;
                }
                if s.confidence.is_finite() {
                    seen.confidence = seen.confidence.max(s.confidence.min(1.0));
                }
                // A score with no confidence still counts a little, so a
                // dimension is never "measured" with a zero weight.
                let w = if s.confidence.is_finite() { s.confidence.clamp(0.05, 1.0) } else { 0.05 };
                sum += w * s.score.clamp(0.0, 10.0);
                weights += w;
                samples += 1;
            }
            seen.on_topic &= seen.judged;
            evidence.push(seen);
            let score = (samples > 0).then(|| round1(sum / weights));
            let status = match score {
                None => DimensionStatus::NotMeasured,
                Some(s) if (s - d.threshold).abs() < margin => DimensionStatus::Borderline,
                Some(s) if s >= d.threshold => DimensionStatus::Meets,
                Some(_) => DimensionStatus::Below,
            };
            DimensionResult {
                id: d.id.clone(),
                name: label(job, &d.id).to_owned(),
                weight: d.weight,
                threshold: d.threshold,
                score,
                samples,
                status,
            }
        })
        .collect();

    // In f64: weights are relative and a job's may be large; their f32 sum
    // could overflow to infinity and the composite to NaN.
    let (mut sum, mut weights) = (0.0f64, 0.0f64);
    for d in &dimensions {
        if let Some(s) = d.score {
            sum += f64::from(d.weight) * f64::from(s);
            weights += f64::from(d.weight);
        }
    }
    let mean = if weights > 0.0 { (sum / weights) as f32 } else { 0.0 };
    let composite = if mean.is_finite() { round2(mean) } else { 0.0 };

    let mut reasons = Vec::new();
    // Below the threshold, but on-topic, with particulars and not far
    // below: the machine is not sure enough to reject, a person decides.
    let mut rejected = false;
    let mut unsure = false;
    for (d, seen) in dimensions.iter().zip(&evidence) {
        match (d.status, d.score) {
            (DimensionStatus::Below, Some(s))
                if relevance::worth_a_person(s, d.threshold, seen.on_topic, seen.confidence) =>
            {
                unsure = true;
                reasons.push(format!(
                    "{} {s:.1} is below the job's threshold {:.1}, but the answers measuring it address their questions with a specific example: a person should judge whether it is enough",
                    d.name, d.threshold
                ))
            }
            (DimensionStatus::Below, Some(s)) => {
                rejected = true;
                reasons.push(format!("{} {s:.1} is below the job's threshold {:.1}", d.name, d.threshold))
            }
            (DimensionStatus::Borderline, Some(s)) => reasons
                .push(format!("{} {s:.1} is within {margin:.1} of the job's threshold {:.1}", d.name, d.threshold)),
            (DimensionStatus::NotMeasured, _) => reasons.push(format!("{} was not measured by any answer", d.name)),
            _ => {}
        }
    }
    let has = |status| dimensions.iter().any(|d| d.status == status);
    let automated = if rejected {
        Decision::Reject
    } else if unsure || has(DimensionStatus::Borderline) || has(DimensionStatus::NotMeasured) {
        Decision::HumanReview
    } else {
        reasons
            .push(format!("all {} dimensions meet the job's thresholds (composite {composite:.1})", dimensions.len()));
        Decision::Advance
    };

    let unanswered = (circumstances.unanswered > 0)
        .then(|| format!("{} planned question(s) were not answered", circumstances.unanswered));
    if let Some(reason) = &unanswered
        && automated != Decision::Advance
    {
        reasons.push(reason.clone());
    }
    let mut decision = automated;
    let mut refer = |reason: String| {
        if decision != Decision::HumanReview {
            decision = Decision::HumanReview;
            reasons.push(reason);
        }
    };
    if let Some(reason) = unanswered
        && automated == Decision::Advance
    {
        refer(reason);
    }
    if circumstances.failed_scorings > 0 {
        refer(format!("{} scoring call(s) failed, so some evidence is missing", circumstances.failed_scorings));
    }
    if job.key_role {
        refer("this is a key role: a person reviews every recommendation".into());
    }
    if circumstances.policy.always_human_review {
        refer("the region's policy requires a person to review every recommendation".into());
    }
    if circumstances.policy.forbid_automated_rejection && automated == Decision::Reject {
        refer("the region's policy forbids automated rejection: a person decides".into());
    }
    Recommendation { composite, decision, dimensions, reasons }
}

/// The dimension's label in the job's locale, else its name.
fn label<'a>(job: &'a JobProfile, id: &'a str) -> &'a str {
    let Some(d) = job.dimensions.iter().find(|d| d.id == id) else { return id };
    d.labels.iter().find(|l| l.locale == job.locale).map_or(d.name.as_str(), |l| l.text.as_str())
}

fn round1(x: f32) -> f32 {
    (x * 10.0).round() / 10.0
}

fn round2(x: f32) -> f32 {
    (x * 100.0).round() / 100.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Dimension;

    fn job(key_role: bool) -> JobProfile {
        let dim = |id: &str, weight, threshold| Dimension {
            id: id.into(),
            name: id.replace('-', " "),
            weight,
            threshold,
            labels: Vec::new(),
        };
        JobProfile {
            id: "1".into(),
            title: "Supervisor".into(),
            industry: String::new(),
            locale: "en".into(),
            key_role,
            dimensions: vec![dim("skill", 0.5, 8.0), dim("teamwork", 0.5, 7.0)],
            description: String::new(),
        }
    }

    fn s(dimension: &str, score: f32) -> ScoreInput<'_> {
        ScoreInput { dimension, score, confidence: 1.0, relevance: None }
    }

    fn margin(review_margin: f32) -> Circumstances {
        Circumstances { review_margin, ..Default::default() }
    }

    #[test]
    fn advances_when_every_dimension_meets_its_threshold() {
        let r = aggregate(&job(false), [s("skill", 9.0), s("teamwork", 8.0), s("teamwork", 9.0)], margin(0.5));
        assert_eq!(r.decision, Decision::Advance);
        assert_eq!(r.composite, 8.75);
        assert_eq!(r.dimensions[1].score, Some(8.5));
        assert_eq!(r.dimensions[1].samples, 2);
        assert_eq!(r.reasons, ["all 2 dimensions meet the job's thresholds (composite 8.8)"]);
    }

    #[test]
    fn weights_near_the_float_limit_still_give_a_composite() {
        let mut huge = job(false);
        for d in &mut huge.dimensions {
            d.weight = 3.4e38;
        }
        let r = aggregate(&huge, [s("skill", 9.0), s("teamwork", 8.0)], margin(0.5));
        assert_eq!(r.composite, 8.5);
    }

    #[test]
    fn rejects_below_a_threshold_with_the_reason_in_words() {
        let r = aggregate(&job(false), [s("skill", 9.0), s("teamwork", 6.0)], margin(0.5));
        assert_eq!(r.decision, Decision::Reject);
        assert_eq!(r.reasons, ["teamwork 6.0 is below the job's threshold 7.0"]);
    }

    #[test]
    fn borderline_and_unmeasured_go_to_a_person() {
        let r = aggregate(&job(false), [s("skill", 8.3), s("teamwork", 9.0)], margin(0.5));
        assert_eq!(r.decision, Decision::HumanReview);
        assert_eq!(r.reasons, ["skill 8.3 is within 0.5 of the job's threshold 8.0"]);
        let r = aggregate(&job(false), [s("skill", 9.0)], margin(0.5));
        assert_eq!(r.decision, Decision::HumanReview);
        assert_eq!(r.reasons, ["teamwork was not measured by any answer"]);
        assert_eq!(r.composite, 9.0, "the composite covers the measured dimensions");
    }

    #[test]
    fn confidence_weights_the_mean() {
        let scores = [
            ScoreInput { dimension: "skill", score: 10.0, confidence: 1.0, relevance: None },
            ScoreInput { dimension: "skill", score: 4.0, confidence: 0.5, relevance: None },
            s("teamwork", 9.0),
        ];
        let r = aggregate(&job(false), scores, margin(0.0));
        assert_eq!(r.dimensions[0].score, Some(8.0));
    }

    #[test]
    fn key_roles_and_region_policy_force_review_and_never_reject() {
        let strong = [s("skill", 9.0), s("teamwork", 9.0)];
        let r = aggregate(&job(true), strong, margin(0.5));
        assert_eq!(r.decision, Decision::HumanReview);
        assert!(r.reasons.last().is_some_and(|r| r.contains("key role")));

        let weak = [s("skill", 2.0), s("teamwork", 9.0)];
        let policy =
            RegionPolicy { forbid_automated_rejection: true, always_human_review: false, ..RegionPolicy::default() };
        let r = aggregate(&job(false), weak, Circumstances { policy, review_margin: 0.5, ..Default::default() });
        assert_eq!(r.decision, Decision::HumanReview);
        assert_eq!(
            r.reasons,
            [
                "skill 2.0 is below the job's threshold 8.0",
                "the region's policy forbids automated rejection: a person decides"
            ]
        );

        let policy =
            RegionPolicy { always_human_review: true, forbid_automated_rejection: false, ..RegionPolicy::default() };
        let r = aggregate(&job(false), strong, Circumstances { policy, review_margin: 0.5, ..Default::default() });
        assert_eq!(r.decision, Decision::HumanReview);
    }

    #[test]
    fn missing_evidence_never_advances_silently() {
        let strong = [s("skill", 9.0), s("teamwork", 9.0)];
        let r =
            aggregate(&job(false), strong, Circumstances { review_margin: 0.5, unanswered: 2, ..Default::default() });
        assert_eq!(r.decision, Decision::HumanReview);
        assert!(r.reasons.iter().any(|r| r == "2 planned question(s) were not answered"));
        let r = aggregate(
            &job(false),
            strong,
            Circumstances { review_margin: 0.5, failed_scorings: 1, ..Default::default() },
        );
        assert_eq!(r.decision, Decision::HumanReview);
    }

    #[test]
    fn an_on_topic_specific_answer_short_of_a_threshold_goes_to_a_person() {
        let judged = |dimension, score, confidence, relevance| ScoreInput { dimension, score, confidence, relevance };
        // Teamwork 4.0 against 7.0: on-topic (relevance 9), a specific example (confidence 0.6).
        let r = aggregate(
            &job(false),
            [judged("skill", 9.0, 1.0, Some(9.0)), judged("teamwork", 4.0, 0.6, Some(9.0))],
            margin(0.5),
        );
        assert_eq!(r.decision, Decision::HumanReview);
        assert!(r.reasons[0].starts_with("teamwork 4.0 is below the job's threshold 7.0, but"), "{:?}", r.reasons);
        // Far below (under 40 % of the threshold), off-topic, generic, or not judged: rejected.
        for (score, confidence, relevance) in
            [(2.7, 0.6, Some(9.0)), (4.0, 0.6, Some(5.0)), (4.0, 0.3, Some(9.0)), (4.0, 0.6, None)]
        {
            let r = aggregate(
                &job(false),
                [judged("skill", 9.0, 1.0, Some(9.0)), judged("teamwork", score, confidence, relevance)],
                margin(0.5),
            );
            assert_eq!(r.decision, Decision::Reject, "{score} {confidence} {relevance:?}");
            assert_eq!(r.reasons, [format!("teamwork {score:.1} is below the job's threshold 7.0")]);
        }
        // An answer not judged (a self-introduction) neither helps nor hinders.
        let r = aggregate(
            &job(false),
            [
                judged("skill", 9.0, 1.0, Some(9.0)),
                judged("teamwork", 4.0, 0.6, Some(9.0)),
                judged("teamwork", 4.0, 0.3, None),
            ],
            margin(0.5),
        );
        assert_eq!(r.decision, Decision::HumanReview);
        // One off-topic answer among those measuring the dimension is enough to reject.
        let r = aggregate(
            &job(false),
            [
                judged("skill", 9.0, 1.0, Some(9.0)),
                judged("teamwork", 4.0, 0.6, Some(9.0)),
                judged("teamwork", 4.0, 0.6, Some(4.0)),
            ],
            margin(0.5),
        );
        assert_eq!(r.decision, Decision::Reject);
        // Another dimension rejected outright still rejects.
        let r = aggregate(
            &job(false),
            [judged("skill", 1.0, 1.0, Some(9.0)), judged("teamwork", 4.0, 0.6, Some(9.0))],
            margin(0.5),
        );
        assert_eq!(r.decision, Decision::Reject);
    }

    #[test]
    fn out_of_range_scores_are_clamped_and_nan_ignored() {
        let r = aggregate(&job(false), [s("skill", 42.0), s("skill", f32::NAN), s("teamwork", -3.0)], margin(0.0));
        assert_eq!(r.dimensions[0].score, Some(10.0));
        assert_eq!(r.dimensions[0].samples, 1);
        assert_eq!(r.dimensions[1].score, Some(0.0));
    }
}

//! Relevance governs the composite: an answer a rubric judged off-topic
//! (the reserved `relevance` dimension, see [`crate::domain::RELEVANCE`])
//! earns no credit from the other rubrics on its question, a partly relevant
//! one at most part of the scale (its scores are capped), a relevant one all
//! of it. A relevance score with no
//! confidence (the rubric could not judge: no model) governs nothing.
//!
//! And a recycled story: the same story told to several questions of one
//! interview is noticed from the answers' texts (their character trigrams
//! overlap far more than two stories' do) and named in the reasons.

use serde::{Deserialize, Serialize};

use crate::domain::{DimensionScore, RELEVANCE};

/// At or below this relevance an answer earns no credit on its question.
pub const OFF_TOPIC: f32 = 3.0;
/// At or above this it earns full credit; in between, a linear share.
pub const RELEVANT: f32 = 6.0;
/// Below this share of its threshold a dimension is far below it, and an
/// answer is rejected however relevant it is.
pub const FAR_BELOW: f32 = 0.4;
/// The confidence some rubric must have in a dimension's score for the
/// answer to count as telling a specific example (the lexical rubrics' confidence
/// grows with how particular an answer is: figures, names, times; a
/// template or filler stays near 0.2).
pub const SPECIFIC_EVIDENCE: f32 = 0.4;
/// Jaccard overlap of two answers' character trigrams above which they are
/// the same story (two different stories on one theme share well under 0.2).
pub const RECYCLED_OVERLAP: f32 = 0.5;

/// One answer's relevance as the engine used it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Relevance {
    /// 0–10, confidence-weighted over the rubrics that judged it; `None`:
    /// not judged (no rubric could: no model, or none bound).
    pub score: Option<f32>,
    /// The share of the other rubrics' credit the answer keeps, 0–1.
    pub credit: f32,
    /// The judging rubrics' explanations (why, or why it was not judged).
    pub explanations: Vec<String>,
}

impl Relevance {
    pub fn not_judged() -> Self {
        Self { score: None, credit: 1.0, explanations: Vec::new() }
    }
}

/// The share of credit a relevance score leaves an answer.
pub fn credit(relevance: f32) -> f32 {
    if !relevance.is_finite() {
        return 1.0;
    }
    ((relevance - OFF_TOPIC) / (RELEVANT - OFF_TOPIC)).clamp(0.0, 1.0)
}

/// The relevance of one answer from all its scores (any rubric's).
pub fn judge<'a>(scores: impl IntoIterator<Item = &'a DimensionScore>) -> Relevance {
    let (mut sum, mut weights) = (0.0f32, 0.0f32);
    let mut explanations = Vec::new();
    for s in scores.into_iter().filter(|s| s.dimension == RELEVANCE) {
        explanations.push(s.explanation.clone());
        if s.confidence > 0.0 && s.confidence.is_finite() && s.score.is_finite() {
            sum += s.confidence.min(1.0) * s.score.clamp(0.0, 10.0);
            weights += s.confidence.min(1.0);
        }
    }
    if weights <= 0.0 {
        return Relevance { explanations, ..Relevance::not_judged() };
    }
    let score = ((sum / weights) * 10.0).round() / 10.0;
    Relevance { score: Some(score), credit: credit(score), explanations }
}

/// An answer's competency score, governed by its relevance: capped at ten
/// times its credit, so an off-topic answer keeps nothing, a partly relevant
/// one at most part of the scale, and a thin but genuine answer that the
/// embeddings judge less surely (its own score is modest) loses little.
pub fn governed(score: f32, relevance: &Relevance) -> f32 {
    score.min(10.0 * relevance.credit)
}

/// Whether a dimension scored below its threshold goes to a person rather
/// than to automated rejection: every answer measuring it whose relevance
/// was judged is clearly on-topic (relevance at or above [`RELEVANT`]), and
/// one was, some rubric found a
/// specific example in it ([`SPECIFIC_EVIDENCE`]), and the score is not far
/// below the threshold ([`FAR_BELOW`]). A thin but genuine answer is told
/// in few words the lexical rubrics credit; the machine is then not sure
/// enough to reject it. None judged (no model): today's rule, reject.
pub fn worth_a_person(score: f32, threshold: f32, on_topic: bool, confidence: f32) -> bool {
    on_topic && confidence >= SPECIFIC_EVIDENCE && score >= FAR_BELOW * threshold
}

/// The reasons relevance adds to a recommendation, in words a candidate
/// could be shown: which answers lost credit, which retold a story.
pub fn reasons(
    answers: &[crate::store::StoredAnswer],
    relevance: &std::collections::HashMap<i64, Relevance>,
    recycled: &[(usize, usize)],
) -> Vec<String> {
    let mut reasons = Vec::new();
    for a in answers {
        let Some(r) = relevance.get(&a.id) else { continue };
        let Some(score) = r.score else { continue };
        let question = quoted(&a.question.text);
        if r.credit <= 0.0 {
            reasons.push(format!(
                "the answer to \"{question}\" was judged off-topic (relevance {score:.1}/10), so it earned no credit"
            ));
        } else if r.credit < 1.0 {
            reasons.push(format!(
                "the answer to \"{question}\" only partly addresses it (relevance {score:.1}/10), so it earned {:.0} % of its credit",
                r.credit * 100.0
            ));
        }
    }
    for &(first, later) in recycled {
        reasons.push(format!(
            "the answer to \"{}\" retells the story given to \"{}\"",
            quoted(&answers[later].question.text),
            quoted(&answers[first].question.text)
        ));
    }
    reasons
}

/// A question's first 60 characters, for a reason.
fn quoted(text: &str) -> String {
    let mut out: String = text.chars().take(60).collect();
    if text.chars().count() > 60 {
        out.push('…');
    }
    out
}

/// An answer's character trigrams (letters and digits, lower-cased), each
/// packed into one integer, sorted and without repeats: comparing two is a
/// merge, with no hashing (a batch rescore compares every pair of every
/// interview's answers).
fn trigrams(text: &str) -> Vec<u64> {
    let chars: Vec<u64> =
        text.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).map(u64::from).collect();
    // A char is at most 21 bits: three fit in 63.
    let mut grams: Vec<u64> = chars.windows(3).map(|w| w[0] << 42 | w[1] << 21 | w[2]).collect();
    grams.sort_unstable();
    grams.dedup();
    grams
}

/// How many trigrams two sorted sets share.
fn shared(a: &[u64], b: &[u64]) -> usize {
    let (mut i, mut j, mut shared) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                shared += 1;
                i += 1;
                j += 1;
            }
        }
    }
    shared
}

/// How much two answers' texts overlap (Jaccard over character trigrams).
pub fn overlap(a: &str, b: &str) -> f32 {
    let (a, b) = (trigrams(a), trigrams(b));
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let shared = shared(&a, &b);
    shared as f32 / (a.len() + b.len() - shared) as f32
}

/// Pairs of answers (indexes into `texts`) that tell the same story.
pub fn recycled(texts: &[&str]) -> Vec<(usize, usize)> {
    let grams: Vec<Vec<u64>> = texts.iter().map(|t| trigrams(t)).collect();
    let mut pairs = Vec::new();
    for i in 0..grams.len() {
        for j in i + 1..grams.len() {
            // Short answers overlap by chance ("不知道"): not a story.
            if grams[i].len() < 30 || grams[j].len() < 30 {
                continue;
            }
            let shared = shared(&grams[i], &grams[j]);
            let union = grams[i].len() + grams[j].len() - shared;
            if shared as f32 / union as f32 >= RECYCLED_OVERLAP {
                pairs.push((i, j));
            }
        }
    }
    pairs
}

#[cfg(test)]
mod tests {
    use super::*;

    fn score(dimension: &str, score: f32, confidence: f32) -> DimensionScore {
        DimensionScore {
            dimension: dimension.into(),
            score,
            confidence,
            evidence: Vec::new(),
            explanation: format!("{dimension} {score}"),
        }
    }

    #[test]
    fn off_topic_earns_nothing_partial_earns_part_relevant_earns_all() {
        assert_eq!(credit(0.0), 0.0);
        assert_eq!(credit(OFF_TOPIC), 0.0);
        assert!((credit(4.5) - 0.5).abs() < 1e-6);
        assert_eq!(credit(RELEVANT), 1.0);
        assert_eq!(credit(9.0), 1.0);
        assert_eq!(credit(f32::NAN), 1.0, "a broken score governs nothing");
        let off = judge(&[score(RELEVANCE, 2.0, 0.9), score("teamwork", 9.0, 1.0)]);
        assert_eq!(off.score, Some(2.0));
        assert_eq!(governed(9.0, &off), 0.0);
        let relevant = judge(&[score(RELEVANCE, 8.0, 0.9)]);
        assert_eq!(governed(9.0, &relevant), 9.0);
        let partly = judge(&[score(RELEVANCE, 4.5, 0.6)]);
        assert_eq!(governed(9.0, &partly), 5.0, "a fluent answer partly on topic is capped");
        assert_eq!(governed(4.0, &partly), 4.0, "a modest one keeps its score");
    }

    #[test]
    fn a_relevance_with_no_confidence_is_not_judged_and_governs_nothing() {
        let not = judge(&[score(RELEVANCE, 0.0, 0.0)]);
        assert_eq!(not.score, None);
        assert_eq!(not.credit, 1.0);
        assert_eq!(not.explanations, ["relevance 0"]);
        assert_eq!(judge(&[score("teamwork", 3.0, 1.0)]), Relevance::not_judged());
    }

    #[test]
    fn the_same_story_told_twice_is_noticed_and_two_stories_are_not() {
        let story = "When I was running a phone shop in Leeds, a customer came in furious because we had sold him a \
                     refurbished handset that died after nine days. I swapped it for a new unit on the spot.";
        let retold = format!("Well, {story} That is how I work with the team.");
        let other = "Our click-and-collect desk got swamped at Christmas and a customer waited forty minutes for a \
                     parcel. I re-shelved the collection area by order number with a colleague that evening.";
        assert_eq!(recycled(&[story, other, retold.as_str()]), [(0, 2)]);
        assert!(overlap(story, other) < 0.2, "{}", overlap(story, other));
        let zh = "我在门店做店长的时候，有一位顾客买的羽绒服拉链坏了，来店里投诉，我当场给她换了一件新的。";
        let zh_again = format!("{zh}后来我们和供应商沟通，这批货都检查了一遍。");
        assert_eq!(recycled(&[zh, zh_again.as_str()]), [(0, 1)]);
        assert!(recycled(&["不知道", "不知道"]).is_empty(), "too short to be a story");
    }
}

//! Scoring one dimension of one answer from its behaviour indicators.
//!
//! A positive indicator counts only in a clause that narrates behaviour: 我 /
//! I or 我们 / we, in the past, nothing hypothetical ("I always help" and "我很
//! 负责" are claims, not behaviour). A negative one (blaming others, covering
//! up) counts wherever it is said. Negated indicators count for nothing. An
//! indicator seen in several clauses earns less each time, and an answer that
//! is mostly a list of keyword fragments scores low with low confidence.

use std::collections::HashSet;

use panel_plugin_sdk::text::{Actor, Document};
use panel_plugin_sdk::{Effect, Evidence, TextSpan};

use crate::indicators::Polarity;
use crate::model::DimensionModel;

/// Share of short clauses past which an answer reads as a list of keywords.
const KEYWORD_LIST_SHARE: f32 = 0.5;
/// Points at which the score has risen ~63% of the way to 10.
const POINTS_SCALE: f32 = 2.5;
/// What one negative behaviour (at weight 1) costs.
const NEGATIVE_COST: f32 = 2.0;
/// Evidence items quoted per indicator, and negated or unnarrated mentions shown.
const QUOTES_PER_INDICATOR: usize = 2;
const NEUTRAL_SHOWN: usize = 3;
/// Missing behaviours named in the explanation.
const MISSING_NAMED: usize = 3;
/// Characters of the answer quoted in an evidence label.
const QUOTE_CHARS: usize = 30;

/// The score of one dimension, with its evidence and explanation.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    pub score: f32,
    pub confidence: f32,
    pub evidence: Vec<Evidence>,
    pub explanation: String,
}

/// Whether clause `index` narrates the candidate's (or their team's) behaviour.
fn narrates_behaviour(document: &Document, index: usize) -> bool {
    let n = &document.narration()[index];
    matches!(n.actor, Actor::Me | Actor::We) && n.past && !n.hypothetical
}

/// Scores `document` on one dimension. `dimension_name` is the dimension's
/// display name in the answer's language.
pub fn evaluate(document: &Document, model: &DimensionModel, dimension_name: &str, zh: bool) -> Outcome {
    let mut hits = vec![0u32; model.indicators.len()];
    let mut counted_clauses = HashSet::new();
    let mut evidence = Vec::new();
    let mut neutral = Vec::new();
    let mut claimed = false;
    for m in model.patterns.find(document) {
        let indicator = model.owner[m.pattern];
        let polarity = model.indicators[indicator].polarity;
        let label = model.indicators[indicator].label;
        let quoted = document.excerpt(m.start, m.end, QUOTE_CHARS);
        let span = TextSpan::new(m.start, m.end);
        let clause = document.clause_of(m.first_token);
        if document.is_negated(&m) {
            let label = if zh {
                format!("否定的说法，不计分：“{quoted}”")
            } else {
                format!("negated, not counted: \"{quoted}\"")
            };
            neutral.push(Evidence::span(label, Effect::Neutral, span));
        } else if polarity == Polarity::Positive && !narrates_behaviour(document, clause) {
            claimed = true;
            let label = if zh {
                format!("只是提及，未讲述具体做法：“{quoted}”")
            } else {
                format!("mentioned, not shown in an action: \"{quoted}\"")
            };
            neutral.push(Evidence::span(label, Effect::Neutral, span));
        } else if counted_clauses.insert((indicator, clause)) {
            hits[indicator] += 1;
            if hits[indicator] as usize <= QUOTES_PER_INDICATOR {
                let effect = if polarity == Polarity::Positive { Effect::Positive } else { Effect::Negative };
                let label = if zh { format!("{label}：“{quoted}”") } else { format!("{label}: \"{quoted}\"") };
                evidence.push(Evidence::span(label, effect, span));
            }
        }
    }
    evidence.extend(neutral.into_iter().take(NEUTRAL_SHOWN));

    // Repeats earn half as much as the time before: w · (1 + ½ + ¼ …).
    let points = |polarity| -> f32 {
        (model.indicators.iter().zip(&hits))
            .filter(|(i, _)| i.polarity == polarity)
            .map(|(i, &n)| i.weight * 2.0 * (1.0 - 0.5f32.powi(n as i32)))
            .sum()
    };
    let (positive, negative) = (points(Polarity::Positive), points(Polarity::Negative));
    let mut score = (10.0 * (1.0 - (-positive / POINTS_SCALE).exp()) - NEGATIVE_COST * negative).clamp(0.0, 10.0);
    let shown = model.indicators.iter().zip(&hits).filter(|(i, n)| i.polarity == Polarity::Positive && **n > 0);
    let shown: Vec<&str> = shown.map(|(i, _)| i.label).collect();
    let units = document.han_chars() as f32 / 1.6 + document.latin_words() as f32;
    let substance = (units / 80.0).min(1.0);
    let mut confidence = (0.15 + 0.3 * substance + 0.1 * shown.len().min(3) as f32).min(0.75);
    let keyword_list = document.short_clause_share() >= KEYWORD_LIST_SHARE;
    if keyword_list {
        score *= 0.3;
        confidence = confidence.min(0.15);
        let label = if zh { "罗列关键词，没有叙述经过" } else { "keywords listed without a story" };
        evidence.push(Evidence::feature(label, Effect::Negative));
    }

    let missing: Vec<&str> = (model.indicators.iter().zip(&hits))
        .filter(|(i, n)| i.polarity == Polarity::Positive && **n == 0)
        .map(|(i, _)| i.label)
        .take(MISSING_NAMED)
        .collect();
    let against: Vec<&str> = (model.indicators.iter().zip(&hits))
        .filter(|(i, n)| i.polarity == Polarity::Negative && **n > 0)
        .map(|(i, _)| i.label)
        .collect();
    let facts = Facts { dimension_name, shown: &shown, missing: &missing, against: &against, claimed, keyword_list };
    let explanation = if zh { facts.explain_zh() } else { facts.explain_en() };
    Outcome { score, confidence, evidence, explanation }
}

/// What the explanation tells.
struct Facts<'a> {
    dimension_name: &'a str,
    shown: &'a [&'a str],
    missing: &'a [&'a str],
    against: &'a [&'a str],
    claimed: bool,
    keyword_list: bool,
}

impl Facts<'_> {
    fn explain_zh(&self) -> String {
        let name = self.dimension_name;
        let mut out = if self.shown.is_empty() {
            format!("回答没有讲述体现{name}的具体行为。")
        } else {
            format!("回答讲述的做法体现了{name}：{}。", self.shown.join("、"))
        };
        if !self.missing.is_empty() {
            out.push_str(&format!("未体现：{}。", self.missing.join("、")));
        }
        if !self.against.is_empty() {
            out.push_str(&format!("不利的表现：{}。", self.against.join("、")));
        }
        if self.claimed {
            out.push_str("只是自我评价、没有讲述具体做法的说法不计分。");
        }
        if self.keyword_list {
            out.push_str("回答主要是罗列关键词，没有叙述具体经过，因此得分和可信度都很低。");
        }
        out
    }

    fn explain_en(&self) -> String {
        let name = self.dimension_name;
        let mut out = if self.shown.is_empty() {
            format!("The answer tells of no specific behaviour showing {name}.")
        } else {
            format!("What the candidate did shows {name}: {}.", self.shown.join(", "))
        };
        if !self.missing.is_empty() {
            out.push_str(&format!(" Not shown: {}.", self.missing.join(", ")));
        }
        if !self.against.is_empty() {
            out.push_str(&format!(" Against it: {}.", self.against.join(", ")));
        }
        if self.claimed {
            out.push_str(" Claims about oneself without an example of doing it are not counted.");
        }
        if self.keyword_list {
            out.push_str(" The answer mostly lists keywords rather than telling what happened, so it scores low with low confidence.");
        }
        out
    }
}

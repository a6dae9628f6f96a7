//! Scoring one dimension of one answer from its behaviour indicators.
//!
//! A positive indicator counts only in a clause that tells an action: 我 / I
//! or 我们 / we did something to something, in the past, nothing
//! hypothetical ("I always help" and "我很负责" are claims, not behaviour). It
//! counts in full when the clause names something concrete (a detail: 把退货
//! 流程改成由值班主管确认, moved the seven lines into the locked cabinet), and
//! only in part when the action is generic (我积极沟通协调, I communicated with
//! everyone): a memorised template tells actions with nothing in them (the
//! question's own words are no detail). A negative indicator (blaming
//! others, covering up) counts wherever it is said. Negated indicators count
//! for nothing. An indicator seen in several clauses earns less each time,
//! and an answer that is mostly a list of keyword fragments scores low with
//! low confidence.

use std::collections::{HashMap, HashSet};

use panel_plugin_sdk::text::{Document, Echo};
use panel_plugin_sdk::{Effect, Evidence, TextSpan};

use crate::indicators::Polarity;
use crate::model::DimensionModel;

/// Share of short clauses past which an answer reads as a list of keywords.
const KEYWORD_LIST_SHARE: f32 = 0.5;
/// Points at which the score has risen ~63% of the way to 10: one behaviour
/// shown concretely gives about 4.3, two 6.7, three 8.1.
const POINTS_SCALE: f32 = 1.8;
/// What a behaviour told in a generic clause (no detail) counts for, against
/// a concrete one's 1, and all of them together at most.
const GENERIC_CLAUSE: f32 = 0.35;
const GENERIC_POINTS_MAX: f32 = 0.6;
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

/// Scores `document` on one dimension. `echo` holds the question's words;
/// `dimension_name` is the dimension's display name in the answer's language.
pub fn evaluate(document: &Document, echo: &Echo, model: &DimensionModel, dimension_name: &str, zh: bool) -> Outcome {
    // Per indicator, the weight of each clause it was shown in (1, or less when generic).
    let mut hits: Vec<Vec<f32>> = vec![Vec::new(); model.indicators.len()];
    let mut counted_clauses = HashSet::new();
    let mut concrete = HashMap::new();
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
        } else if polarity == Polarity::Positive && !document.tells_action(clause) {
            claimed = true;
            let label = if zh {
                format!("只是提及，未讲述具体做法：“{quoted}”")
            } else {
                format!("mentioned, not shown in an action: \"{quoted}\"")
            };
            neutral.push(Evidence::span(label, Effect::Neutral, span));
        } else if counted_clauses.insert((indicator, clause)) {
            let specific = *concrete
                .entry(clause)
                .or_insert_with(|| !document.details(document.clauses()[clause].tokens.clone(), echo).is_empty());
            hits[indicator].push(if specific || polarity == Polarity::Negative { 1.0 } else { GENERIC_CLAUSE });
            if hits[indicator].len() <= QUOTES_PER_INDICATOR {
                let effect = if polarity == Polarity::Positive { Effect::Positive } else { Effect::Negative };
                let label = if zh { format!("{label}：“{quoted}”") } else { format!("{label}: \"{quoted}\"") };
                evidence.push(Evidence::span(label, effect, span));
            }
        }
    }
    evidence.extend(neutral.into_iter().take(NEUTRAL_SHOWN));

    // Repeats earn half as much as the time before: w · (1 + ½ + ¼ …), the
    // most concrete showing first. However many behaviours a template lists,
    // told without anything concrete they add up to less than one told
    // concretely.
    let points = |polarity, concrete: bool| -> f32 {
        (model.indicators.iter().zip(&mut hits.clone()))
            .filter(|(i, _)| i.polarity == polarity)
            .map(|(i, shown)| {
                shown.retain(|&w| (w >= 1.0) == concrete);
                shown.sort_by(|a, b| b.total_cmp(a));
                i.weight * shown.iter().enumerate().map(|(k, w)| w * 0.5f32.powi(k as i32)).sum::<f32>()
            })
            .sum()
    };
    let positive = points(Polarity::Positive, true) + points(Polarity::Positive, false).min(GENERIC_POINTS_MAX);
    let negative = points(Polarity::Negative, true);
    let mut score = (10.0 * (1.0 - (-positive / POINTS_SCALE).exp()) - NEGATIVE_COST * negative).clamp(0.0, 10.0);
    let shown = model.indicators.iter().zip(&hits).filter(|(i, n)| i.polarity == Polarity::Positive && !n.is_empty());
    let shown: Vec<&str> = shown.map(|(i, _)| i.label).collect();
    let substance = document.specificity(echo);
    let mut confidence = (0.15 + 0.3 * substance + 0.1 * shown.len().min(3) as f32).min(0.75);
    let generic = !shown.is_empty() && hits.iter().flatten().all(|&w| w < 1.0);
    let keyword_list = document.short_clause_share() >= KEYWORD_LIST_SHARE;
    if keyword_list {
        score *= 0.3;
        confidence = confidence.min(0.15);
        let label = if zh { "罗列关键词，没有叙述经过" } else { "keywords listed without a story" };
        evidence.push(Evidence::feature(label, Effect::Negative));
    }

    let missing: Vec<&str> = (model.indicators.iter().zip(&hits))
        .filter(|(i, n)| i.polarity == Polarity::Positive && n.is_empty())
        .map(|(i, _)| i.label)
        .take(MISSING_NAMED)
        .collect();
    let against: Vec<&str> = (model.indicators.iter().zip(&hits))
        .filter(|(i, n)| i.polarity == Polarity::Negative && !n.is_empty())
        .map(|(i, _)| i.label)
        .collect();
    let facts =
        Facts { dimension_name, shown: &shown, missing: &missing, against: &against, claimed, generic, keyword_list };
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
    /// Every behaviour shown was told without anything concrete.
    generic: bool,
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
        if self.generic {
            out.push_str("这些做法讲得很笼统，没有说明具体做了什么事、对什么人或物，因此只部分计分。");
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
        if self.generic {
            out.push_str(
                " They are told in general terms, without what was done to what or whom, so they count only in part.",
            );
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

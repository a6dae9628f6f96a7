//! STAR structure rubric: how completely a behavioural answer tells the
//! situation, the task, the candidate's own actions and the result, in Chinese
//! and English, with the phrases that earned each part as evidence.
//!
//! The analysis (`star`) is plain Rust; this file turns it into the contract's
//! scores and explanations.

pub mod cues;
pub mod star;

use panel_plugin_sdk::{
    Answer, DimensionScore, Effect, Evidence, JobProfile, PluginError, Question, QuestionKind, Rubric, RubricInfo,
    TextSpan, register,
};
use serde::Deserialize;

use crate::cues::Part;

/// The plugin's configuration (all fields optional).
#[derive(Debug, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// Question kinds to score. STAR only makes sense for answers that tell a
    /// story, so by default: behavioural and follow-up.
    pub kinds: Vec<String>,
}

impl Default for Config {
    fn default() -> Self {
        Self { kinds: vec!["behavioural".to_owned(), "follow-up".to_owned()] }
    }
}

fn kind_name(kind: QuestionKind) -> &'static str {
    match kind {
        QuestionKind::SelfIntro => "self-intro",
        QuestionKind::Behavioural => "behavioural",
        QuestionKind::CultureFit => "culture-fit",
        QuestionKind::Open => "open",
        QuestionKind::FollowUp => "follow-up",
    }
}

/// The STAR rubric.
#[derive(Debug)]
pub struct StarRubric;

impl StarRubric {
    /// Scores an answer with an already-read configuration.
    pub fn score_with(config: &Config, question: &Question, answer: &Answer) -> Vec<DimensionScore> {
        if !config.kinds.iter().any(|k| k == kind_name(question.kind)) {
            return Vec::new();
        }
        let zh = answer.locale.starts_with("zh");
        let analysis = star::analyse(&answer.text);
        let mut evidence: Vec<Evidence> = analysis
            .found
            .iter()
            .map(|f| {
                let label = if zh {
                    format!("{}：“{}”", f.part.name(true), &answer.text[f.start..f.end])
                } else {
                    format!("{} stated: \"{}\"", f.part.name(false), &answer.text[f.start..f.end])
                };
                Evidence::span(label, Effect::Positive, TextSpan::new(f.start, f.end))
            })
            .collect();
        if let Some((start, end)) = analysis.quantified_result {
            let label = if zh { "结果有量化数据" } else { "result is measured" };
            evidence.push(Evidence::span(label, Effect::Positive, TextSpan::new(start, end)));
        }
        for part in &analysis.missing {
            let label =
                if zh { format!("未说明{}", part.name(true)) } else { format!("no {} given", part.name(false)) };
            evidence.push(Evidence::feature(label, Effect::Negative));
        }
        let explanation = explain(&analysis, zh);
        question
            .dimensions
            .iter()
            .map(|d| {
                DimensionScore::new(d, analysis.score, analysis.confidence, explanation.clone())
                    .with_evidence(evidence.iter().cloned())
            })
            .collect()
    }
}

fn explain(analysis: &star::Analysis, zh: bool) -> String {
    let names = |parts: &mut dyn Iterator<Item = Part>| {
        parts.map(|p| p.name(zh)).collect::<Vec<_>>().join(if zh { "、" } else { ", " })
    };
    let given = names(&mut analysis.found.iter().map(|f| f.part));
    let missing = names(&mut analysis.missing.iter().copied());
    match (zh, given.is_empty(), missing.is_empty()) {
        (true, _, true) => "回答完整说明了情境、任务、行动和结果。".to_owned(),
        (true, true, _) => "回答没有讲述一个具体的经历（情境、任务、行动、结果都未说明）。".to_owned(),
        (true, false, false) => format!("回答说明了{given}，但没有说明{missing}。"),
        (false, _, true) => "The answer gives the situation, the task, the actions taken and the result.".to_owned(),
        (false, true, _) => {
            "The answer does not describe a specific experience (no situation, task, action or result).".to_owned()
        }
        (false, false, false) => format!("The answer gives the {given} but not the {missing}."),
    }
}

impl Rubric for StarRubric {
    fn describe() -> RubricInfo {
        let mut info = RubricInfo::new(
            "STAR structure",
            "Scores how completely a behavioural answer gives the situation, task, actions and result, \
             in Chinese and English, quoting the phrases that show each part.",
        );
        info.locales = vec!["zh-CN".to_owned(), "en".to_owned()];
        info
    }

    fn score(_job: &JobProfile, question: &Question, answer: &Answer) -> Result<Vec<DimensionScore>, PluginError> {
        let config: Config = panel_plugin_sdk::host::config()?;
        Ok(Self::score_with(&config, question, answer))
    }
}

register!(rubric: StarRubric);

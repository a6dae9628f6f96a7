//! Competency evidence rubric: scores each dimension a question measures from
//! the behaviours the answer narrates (built-in indicators for the shared
//! dimension vocabulary, extended or replaced per dimension by configuration),
//! in Chinese and English, quoting every indicator found.
//!
//! `indicators` holds the built-in behaviours, `model` compiles a dimension's
//! indicators, `evaluate` scores one dimension; this file reads the
//! configuration and turns outcomes into the contract's scores.

pub mod evaluate;
pub mod indicators;
pub mod model;

use std::collections::BTreeMap;

use panel_plugin_sdk::text::{Document, Echo};
use panel_plugin_sdk::{
    Answer, DimensionScore, JobProfile, PluginError, Question, QuestionKind, Rubric, RubricInfo, register,
};
use serde::Deserialize;

use crate::indicators::Polarity;

/// The plugin's configuration (all fields optional).
#[derive(Debug, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// Question kinds to score; by default the ones that ask for a story.
    pub kinds: Vec<String>,
    /// Indicators per dimension id, added to the built-in ones or replacing them.
    pub dimensions: BTreeMap<String, DimensionConfig>,
}

impl Default for Config {
    fn default() -> Self {
        Self { kinds: vec!["behavioural".to_owned(), "follow-up".to_owned()], dimensions: BTreeMap::new() }
    }
}

/// The configured indicators of one dimension.
#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DimensionConfig {
    /// Use only the configured indicators, not the built-in ones.
    pub replace: bool,
    pub indicators: Vec<IndicatorConfig>,
}

/// One configured indicator.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IndicatorConfig {
    /// A phrase, or phrases joined by `*` for a few words between (`我*推动`).
    pub pattern: String,
    /// Whether showing it counts for or against the dimension.
    #[serde(default = "positive")]
    pub effect: Polarity,
    /// Its weight against a built-in behaviour's 1.
    #[serde(default = "one")]
    pub weight: f32,
    /// How evidence names it; the pattern by default.
    #[serde(default)]
    pub label: Option<String>,
}

fn positive() -> Polarity {
    Polarity::Positive
}

fn one() -> f32 {
    1.0
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

/// A dimension's display name in the answer's language: the job's label in
/// that language, else the job's name for it, else its id.
fn dimension_name<'a>(job: &'a JobProfile, id: &'a str, zh: bool) -> &'a str {
    let Some(dimension) = job.dimensions.iter().find(|d| d.id == id) else { return id };
    let language = if zh { "zh" } else { "en" };
    dimension.labels.iter().find(|l| l.locale.starts_with(language)).map_or(&dimension.name, |l| &l.text)
}

/// The competency evidence rubric.
#[derive(Debug)]
pub struct CompetencyRubric;

impl CompetencyRubric {
    /// Scores an answer with an already-read configuration: one score per
    /// dimension of the question that the built-in vocabulary or the
    /// configuration has indicators for, none for the others.
    pub fn score_with(
        config: &Config,
        job: &JobProfile,
        question: &Question,
        answer: &Answer,
    ) -> Result<Vec<DimensionScore>, PluginError> {
        if !config.kinds.iter().any(|k| k == kind_name(question.kind)) {
            return Ok(Vec::new());
        }
        let document = Document::new(&answer.text);
        let echo = Echo::of(&question.text);
        let zh = answer.locale.starts_with("zh") || document.is_chinese();
        let mut scores = Vec::new();
        for dimension in &question.dimensions {
            let Some(model) = model::model(config, dimension, zh)? else { continue };
            let outcome = evaluate::evaluate(&document, &echo, &model, dimension_name(job, dimension, zh), zh);
            scores.push(
                DimensionScore::new(dimension, outcome.score, outcome.confidence, outcome.explanation)
                    .with_evidence(outcome.evidence),
            );
        }
        Ok(scores)
    }
}

impl Rubric for CompetencyRubric {
    fn describe() -> RubricInfo {
        let mut info = RubricInfo::new(
            "Competency evidence",
            "Scores each dimension from the behaviours an answer narrates (what the candidate did, not what \
             they claim), with built-in indicators for the shared dimensions in Chinese and English and your own \
             per dimension, quoting every indicator found.",
        );
        info.locales = vec!["zh-CN".to_owned(), "en".to_owned()];
        // Empty: it scores whichever dimensions it has indicators for, the
        // configured ones included.
        info
    }

    fn score(job: &JobProfile, question: &Question, answer: &Answer) -> Result<Vec<DimensionScore>, PluginError> {
        let config: Config = panel_plugin_sdk::host::config()?;
        Self::score_with(&config, job, question, answer)
    }
}

register!(rubric: CompetencyRubric);

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_indicators;

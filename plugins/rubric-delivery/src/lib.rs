//! Delivery rubric: reports how long an answer is for the time it had, how
//! long the candidate thought before starting and whether the answer ran over
//! its time limit, always as visible evidence with the numbers measured.
//!
//! It is never a hidden penalty. It scores the question's dimensions with one
//! delivery score at a low confidence (0.1 by default, at most 0.3): 7 for an
//! answer of fair length, long ones included; 4.5 for a transcript far shorter
//! than the time allowed; 2 for a few words. The host's confidence-weighted
//! mean therefore barely moves, and only against answers too short to judge,
//! which the content rubrics score low too: it cannot put a strong answer
//! below a weak one. Overtime is neutral evidence unless configured as
//! negative.

pub mod measure;
mod report;

use panel_plugin_sdk::{
    Answer, DimensionScore, JobProfile, PluginError, Question, QuestionKind, Rubric, RubricInfo, register,
};
use serde::Deserialize;

/// How overtime counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Overtime {
    /// Reported, not scored (the default).
    Neutral,
    /// Reported and costs 1.5 points of the delivery score.
    Negative,
}

/// The plugin's configuration (all fields optional).
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// Question kinds whose answers it reports on; all by default.
    pub kinds: Vec<String>,
    /// Below this many Chinese characters an answer is "too short".
    pub min_chars: u32,
    /// Below this many English words an answer is "too short".
    pub min_words: u32,
    /// A transcript using less than this share of what the time limit allows
    /// (at the expected speaking rate) is "short".
    pub short_share: f32,
    /// A typed Chinese answer over this many characters is "very long".
    pub long_chars: u32,
    /// A typed English answer over this many words is "very long".
    pub long_words: u32,
    /// Expected speaking rate in Chinese, characters per second.
    pub chars_per_sec: f32,
    /// Expected speaking rate in English, words per second.
    pub words_per_sec: f32,
    /// Whether overtime is neutral evidence or costs points.
    pub overtime: Overtime,
    /// Confidence of its scores, 0–0.3.
    pub confidence: f32,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            kinds: ["self-intro", "behavioural", "culture-fit", "open", "follow-up"].map(str::to_owned).to_vec(),
            min_chars: 20,
            min_words: 10,
            short_share: 0.15,
            long_chars: 1500,
            long_words: 700,
            chars_per_sec: 3.75,
            words_per_sec: 2.25,
            overtime: Overtime::Neutral,
            confidence: 0.1,
        }
    }
}

/// Most confidence a delivery score may carry: it never outweighs content.
pub const MAX_CONFIDENCE: f32 = 0.3;

impl Config {
    fn validate(&self) -> Result<(), PluginError> {
        let invalid = |field: &str, rule: &str| Err(PluginError::invalid_config(format!("{field} must be {rule}")));
        if !(0.0..=MAX_CONFIDENCE).contains(&self.confidence) {
            return invalid("confidence", "between 0 and 0.3");
        }
        if !(self.chars_per_sec > 0.0 && self.words_per_sec > 0.0) {
            return invalid("chars_per_sec and words_per_sec", "above 0");
        }
        if !(0.0..=1.0).contains(&self.short_share) {
            return invalid("short_share", "between 0 and 1");
        }
        Ok(())
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

/// The delivery rubric.
#[derive(Debug)]
pub struct DeliveryRubric;

impl DeliveryRubric {
    /// Scores an answer with an already-read configuration.
    pub fn score_with(
        config: &Config,
        question: &Question,
        answer: &Answer,
    ) -> Result<Vec<DimensionScore>, PluginError> {
        config.validate()?;
        if !config.kinds.iter().any(|k| k == kind_name(question.kind)) {
            return Ok(Vec::new());
        }
        let measures = measure::measure(config, question, answer);
        let score = measure::score(config, &measures);
        let zh = answer.locale.starts_with("zh") || measures.chinese;
        let evidence = report::evidence(config, &measures, zh);
        let explanation = report::explain(config, &measures, zh);
        Ok(question
            .dimensions
            .iter()
            .map(|d| {
                DimensionScore::new(d, score, config.confidence, explanation.clone())
                    .with_evidence(evidence.iter().cloned())
            })
            .collect())
    }
}

impl Rubric for DeliveryRubric {
    fn describe() -> RubricInfo {
        let mut info = RubricInfo::new(
            "Delivery",
            "Reports answer length for the time allowed, think time and overtime as visible evidence with the \
             numbers measured; its scores carry a low confidence so delivery never outweighs content.",
        );
        info.locales = vec!["zh-CN".to_owned(), "en".to_owned()];
        info
    }

    fn score(_job: &JobProfile, question: &Question, answer: &Answer) -> Result<Vec<DimensionScore>, PluginError> {
        let config: Config = panel_plugin_sdk::host::config()?;
        Self::score_with(&config, question, answer)
    }
}

register!(rubric: DeliveryRubric);

#[cfg(test)]
mod tests;

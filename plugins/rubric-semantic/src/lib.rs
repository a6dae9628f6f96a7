//! Semantic relevance rubric: judges whether an answer addresses the question
//! it was given to and the competencies that question measures, on the host's
//! sentence embeddings (granted `embeddings`). It scores one reserved
//! dimension, `relevance` (0–10), which the engine uses to govern the other
//! rubrics' credit for the answer; it scores no competency itself.
//!
//! Raw question-to-answer similarity is weak (every answer is "about work",
//! and e5's scores sit in a narrow band), so the judgement is relative: how
//! much closer the answer is to the question and to behaviour anchors for the
//! question's competencies than to contrast anchors: stories about personal
//! life and hobbies, and behaviours of the *other* competencies (a teamwork
//! story told to a complaint question). Margins are calibrated per language.
//!
//! - `anchors`: the built-in anchors (`anchors.json`), per dimension and
//!   language, and the labelled contrast anchors;
//! - `judge`: the margins and the relevance score, from vectors (pure, unit
//!   tested natively);
//! - this file: the configuration, the host call, the explanation.

pub mod anchors;
pub mod judge;

use panel_plugin_sdk::{
    Answer, DimensionScore, Effect, EmbedError, Evidence, JobProfile, PluginError, Question, QuestionKind, Rubric,
    RubricInfo, register,
};
use serde::Deserialize;

use crate::anchors::{Anchors, Language};
use crate::judge::{Closest, Judgement, Texts};

/// How texts are embedded: the host's import, or a test's vectors.
pub type Embed<'a> = &'a dyn Fn(&[String]) -> Result<Vec<Vec<f32>>, EmbedError>;

/// The reserved dimension this rubric scores.
pub const RELEVANCE: &str = "relevance";

/// The plugin's configuration (all fields optional).
#[derive(Debug, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// Question kinds whose answers it judges; by default those that ask for
    /// a story about work.
    pub kinds: Vec<String>,
    /// Extra anchors per dimension id: sentences describing what a relevant
    /// answer tells, in any language (added to the built-in ones).
    pub anchors: std::collections::BTreeMap<String, Vec<String>>,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            kinds: vec!["behavioural".to_owned(), "follow-up".to_owned(), "culture-fit".to_owned()],
            anchors: Default::default(),
        }
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

/// The semantic relevance rubric.
#[derive(Debug)]
pub struct SemanticRubric;

impl SemanticRubric {
    /// Judges an answer with an already-read configuration and an embedding
    /// function (the host's, or a test's).
    pub fn score_with(
        config: &Config,
        question: &Question,
        answer: &Answer,
        embed: Embed<'_>,
    ) -> Result<Vec<DimensionScore>, PluginError> {
        if !config.kinds.iter().any(|k| k == kind_name(question.kind)) || answer.text.trim().is_empty() {
            return Ok(Vec::new());
        }
        let language = Language::of(&answer.locale, &answer.text);
        let anchors = Anchors::built_in();
        let texts = Texts::new(anchors, config, question, answer, language);
        let vectors = match embed_all(&texts.all, embed) {
            Ok(vectors) => vectors,
            Err(EmbedError::NotAvailable(reason)) | Err(EmbedError::Failed(reason)) => {
                return Ok(vec![not_judged(language, &reason)]);
            }
            Err(EmbedError::NotGranted) => {
                return Ok(vec![not_judged(language, "the embeddings capability was not granted")]);
            }
            Err(EmbedError::TooLarge(limits)) => {
                return Ok(vec![not_judged(language, &format!("the answer is too long to judge ({limits})"))]);
            }
        };
        let judgement = judge::judge(&texts, &vectors, language);
        Ok(vec![explain(&judgement, anchors, &texts, question, language)])
    }
}

/// Embeds texts in batches the host accepts.
fn embed_all(texts: &[String], embed: Embed<'_>) -> Result<Vec<Vec<f32>>, EmbedError> {
    let mut vectors = Vec::with_capacity(texts.len());
    for batch in texts.chunks(judge::BATCH) {
        vectors.extend(embed(batch)?);
    }
    if vectors.len() != texts.len() {
        return Err(EmbedError::Failed("the host returned the wrong number of vectors".to_owned()));
    }
    Ok(vectors)
}

/// Without embeddings: a score that carries no weight (confidence 0) and
/// says so; the engine does not gate on it.
fn not_judged(language: Language, reason: &str) -> DimensionScore {
    let text = match language {
        Language::Zh => format!("未判断相关性（relevance not judged）：{reason}。"),
        Language::En => format!("Relevance not judged: {reason}."),
    };
    DimensionScore::new(RELEVANCE, 5.0, 0.0, text)
}

/// The score and an explanation a candidate could be shown.
fn explain(
    judgement: &Judgement,
    anchors: &Anchors,
    texts: &Texts,
    question: &Question,
    language: Language,
) -> DimensionScore {
    let score = judgement.score;
    let closest = judgement.closest_contrast.map(|c| match c {
        Closest::Contrast(i) => anchors.contrast_label(i, language).to_owned(),
        // The bank's own words for the story the question is not asking for.
        Closest::OffTopic(i) => texts.off_topic_text(i).unwrap_or_default().to_owned(),
    });
    let closest = closest.as_deref();
    let question_text = shorten(&question.text, 80);
    let text = match (language, score >= judge::RELEVANT, score <= judge::OFF_TOPIC) {
        (Language::En, true, _) => {
            format!("Relevance {score:.1}/10: the answer addresses the question (\"{question_text}\").")
        }
        (Language::En, _, true) => format!(
            "Relevance {score:.1}/10: the answer tells of {}; the question asks \"{question_text}\".",
            closest.unwrap_or("something else")
        ),
        (Language::En, _, _) => format!(
            "Relevance {score:.1}/10: the answer only partly addresses the question (\"{question_text}\"); it reads \
             in part like {}.",
            closest.unwrap_or("a different story")
        ),
        (Language::Zh, true, _) => format!("相关性 {score:.1}/10：回答切合问题（“{question_text}”）。"),
        (Language::Zh, _, true) => {
            format!("相关性 {score:.1}/10：回答讲的是{}；问题问的是“{question_text}”。", closest.unwrap_or("别的事情"))
        }
        (Language::Zh, _, _) => format!(
            "相关性 {score:.1}/10：回答只部分切合问题（“{question_text}”），有些内容更像{}。",
            closest.unwrap_or("另一个故事")
        ),
    };
    let effect = if score >= judge::RELEVANT { Effect::Positive } else { Effect::Negative };
    let label = match language {
        Language::En => format!("addresses the question: margin {:+.3}", judgement.margin),
        Language::Zh => format!("切题程度：差值 {:+.3}", judgement.margin),
    };
    DimensionScore::new(RELEVANCE, score, judgement.confidence, text).with_evidence([Evidence::feature(label, effect)])
}

/// The first `chars` characters of `text`, with an ellipsis when cut.
fn shorten(text: &str, chars: usize) -> String {
    let mut out: String = text.chars().take(chars).collect();
    if text.chars().count() > chars {
        out.push('…');
    }
    out
}

impl Rubric for SemanticRubric {
    fn describe() -> RubricInfo {
        let mut info = RubricInfo::new(
            "Semantic relevance",
            "Judges whether an answer addresses the question and its competencies, on the host's sentence \
             embeddings, against behaviour anchors and contrast stories; an off-topic answer earns no credit \
             from the other rubrics for that question.",
        );
        info.locales = vec!["zh-CN".to_owned(), "en".to_owned()];
        info.dimensions = vec![RELEVANCE.to_owned()];
        info
    }

    fn score(_job: &JobProfile, question: &Question, answer: &Answer) -> Result<Vec<DimensionScore>, PluginError> {
        let config: Config = panel_plugin_sdk::host::config()?;
        Self::score_with(&config, question, answer, &|texts| panel_plugin_sdk::host::embed(texts))
    }
}

register!(rubric: SemanticRubric);

#[cfg(test)]
mod tests;

//! From vectors to a relevance score. The answer is compared with the
//! question, with the question's competency anchors ("own") and with contrast
//! anchors (personal life, hobbies, family, health, study, personality). What
//! counts is the margin between what the answer should be close to and the
//! closest thing it should not be, mapped onto 0–10 with a calibration per
//! language (e5's similarities sit in a narrow band that differs between
//! languages). Measured on the evaluation set, this margin separates genuine
//! answers from off-topic ones and irrelevant stories better than raw
//! question similarity or the margin against other competencies' anchors
//! (docs/scoring-quality.md).

use panel_plugin_sdk::{Answer, Question};

use crate::Config;
use crate::anchors::{Anchors, Language};

/// Texts per host call (the host's limit is 64).
pub const BATCH: usize = 64;
/// At or above this, an answer is judged to address the question.
pub const RELEVANT: f32 = 6.0;
/// At or below this, an answer is judged off-topic.
pub const OFF_TOPIC: f32 = 3.0;

/// How a margin maps onto 0–10 in one language: `zero` gives 0, `ten` 10.
#[derive(Debug, Clone, Copy)]
pub struct Calibration {
    pub zero: f32,
    pub ten: f32,
}

/// Measured on the evaluation set (tests/eval, docs/scoring-quality.md).
pub fn calibration(language: Language) -> Calibration {
    match language {
        Language::Zh => Calibration { zero: -0.052, ten: 0.008 },
        Language::En => Calibration { zero: -0.042, ten: 0.001 },
    }
}

/// Every text of one judgement, in the order they are embedded, and where
/// each group starts.
#[derive(Debug)]
pub struct Texts {
    pub all: Vec<String>,
    own: std::ops::Range<usize>,
    contrast: std::ops::Range<usize>,
    /// The bank's answer guide (API 0.2.0): what a good answer to this
    /// question tells, and what answers that miss it tell instead.
    looks_for: std::ops::Range<usize>,
    off_topic: std::ops::Range<usize>,
}

impl Texts {
    /// The answer, the question, the question's dimension anchors (built-in
    /// and configured), the contrast anchors, in `language`, and the
    /// question's answer guide when the bank wrote one in that language.
    pub fn new(anchors: &Anchors, config: &Config, question: &Question, answer: &Answer, language: Language) -> Self {
        let mut all = vec![answer.text.clone(), question.text.clone()];
        let start = all.len();
        for dimension in &question.dimensions {
            all.extend(anchors.for_dimension(dimension, language).iter().map(|a| (*a).to_owned()));
            all.extend(config.anchors.get(dimension).into_iter().flatten().cloned());
        }
        let own = start..all.len();
        let start = all.len();
        all.extend((0..anchors.contrast.len()).map(|i| anchors.contrast_text(i, language).to_owned()));
        let contrast = start..all.len();
        // A guide in another language than the answer's is left out: e5's
        // similarities across languages sit on another scale.
        let guide = question.guide.as_ref().filter(|_| Language::of(&question.locale, &question.text) == language);
        let start = all.len();
        all.extend(guide.iter().flat_map(|g| g.looks_for.iter().cloned()));
        let looks_for = start..all.len();
        let start = all.len();
        all.extend(guide.iter().flat_map(|g| g.off_topic.iter().cloned()));
        let off_topic = start..all.len();
        Self { all, own, contrast, looks_for, off_topic }
    }

    /// The guide's off-topic story at `index` of [`Self::all`], if it is one.
    pub fn off_topic_text(&self, index: usize) -> Option<&str> {
        self.off_topic.contains(&index).then(|| self.all[index].as_str())
    }
}

/// What the vectors say.
#[derive(Debug, Clone, PartialEq)]
pub struct Judgement {
    /// 0–10.
    pub score: f32,
    pub confidence: f32,
    /// Towards the question minus away from it (see [`margin`]).
    pub margin: f32,
    /// What the answer is closest to of what it should not be, when that is
    /// closer than the question's own anchors.
    pub closest_contrast: Option<Closest>,
}

/// The text an answer is closest to of those it should not be like.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Closest {
    /// A built-in contrast anchor, by its index.
    Contrast(usize),
    /// One of the question's off-topic stories, by its index in [`Texts::all`].
    OffTopic(usize),
}

fn dot(a: &[f32], b: &[f32]) -> f32 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

/// The best similarity of the answer to some groups, and which text it was.
fn best(vectors: &[Vec<f32>], groups: &[std::ops::Range<usize>]) -> Option<(usize, f32)> {
    let answer = &vectors[0];
    groups.iter().flat_map(|g| g.clone()).map(|i| (i, dot(answer, &vectors[i]))).max_by(|a, b| a.1.total_cmp(&b.1))
}

/// The similarities a judgement is made of.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Similarities {
    pub question: f32,
    pub own: f32,
    pub contrast: f32,
}

/// Towards the question (its text and its competencies' closest anchor)
/// minus towards the closest contrast story.
pub fn margin(s: Similarities) -> f32 {
    (s.question + s.own) / 2.0 - s.contrast
}

/// The answer's own side is the closest of the competency anchors and what
/// the question's guide looks for; the other side the closest of the
/// contrast stories and the guide's off-topic ones. The guide's items are
/// sentences of the same kind as the anchors, so the calibration holds.
pub fn judge(texts: &Texts, vectors: &[Vec<f32>], language: Language) -> Judgement {
    let question = dot(&vectors[0], &vectors[1]);
    let own = best(vectors, &[texts.own.clone(), texts.looks_for.clone()]).map_or(question, |(_, s)| s);
    let contrast = best(vectors, &[texts.contrast.clone(), texts.off_topic.clone()]);
    let (contrast_index, contrast) = contrast.map_or((None, 0.0), |(i, s)| {
        let closest = if texts.off_topic.contains(&i) {
            Closest::OffTopic(i)
        } else {
            Closest::Contrast(i - texts.contrast.start)
        };
        (Some(closest), s)
    });
    let similarities = Similarities { question, own, contrast };
    let margin = margin(similarities);
    let calibration = calibration(language);
    let score = (10.0 * (margin - calibration.zero) / (calibration.ten - calibration.zero)).clamp(0.0, 10.0);
    // Near the middle the margin says least.
    let confidence = (0.5 + (score - 5.0).abs() / 10.0).clamp(0.5, 1.0);
    let closest_contrast = contrast_index.filter(|_| contrast > own.min(question));
    Judgement { score: (score * 10.0).round() / 10.0, confidence, margin, closest_contrast }
}

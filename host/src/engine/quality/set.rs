//! An evaluation set on disk: jobs with their competency models, the
//! questions asked for them, and answers labelled with their kind, read from
//! a `set.toml` that names its answer files (`tests/eval/README.md` describes
//! the format). Everything is checked when it is read, and a mistake is named
//! by file, answer or question id and field.

mod read;

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::domain::{Answer, Dimension, JobProfile, LocalizedText, Question, QuestionKind};

/// What an answer in the set is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum AnswerKind {
    /// A real answer to the question.
    Genuine,
    /// Generalities and habits, no specific instance.
    Vague,
    /// The words a rubric rewards, without a story.
    KeywordStuffed,
    /// About something else.
    OffTopic,
    /// A well-told story that does not answer the question.
    IrrelevantStory,
    /// A memorised STAR template filled with generic words.
    Template,
    /// Another question's genuine answer.
    Borrowed,
    /// Filler and repetition around a generic point.
    Padded,
    /// The question repeated back.
    Parroted,
}

impl AnswerKind {
    /// Every kind, genuine first.
    pub const ALL: [AnswerKind; 9] = [
        AnswerKind::Genuine,
        AnswerKind::Vague,
        AnswerKind::KeywordStuffed,
        AnswerKind::OffTopic,
        AnswerKind::IrrelevantStory,
        AnswerKind::Template,
        AnswerKind::Borrowed,
        AnswerKind::Padded,
        AnswerKind::Parroted,
    ];

    /// The kind as written in the set.
    pub fn as_str(self) -> &'static str {
        match self {
            AnswerKind::Genuine => "genuine",
            AnswerKind::Vague => "vague",
            AnswerKind::KeywordStuffed => "keyword-stuffed",
            AnswerKind::OffTopic => "off-topic",
            AnswerKind::IrrelevantStory => "irrelevant-story",
            AnswerKind::Template => "template",
            AnswerKind::Borrowed => "borrowed",
            AnswerKind::Padded => "padded",
            AnswerKind::Parroted => "parroted",
        }
    }
}

impl fmt::Display for AnswerKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How good a genuine answer is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Level {
    /// A full, measured story.
    Strong,
    /// A good story with less detail.
    Solid,
    /// Written to just meet the job's thresholds.
    Threshold,
}

impl Level {
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Strong => "strong",
            Level::Solid => "solid",
            Level::Threshold => "threshold",
        }
    }
}

/// A job the set's answers are judged against.
#[derive(Debug, Clone)]
pub struct SetJob {
    pub id: String,
    pub industry: String,
    /// Title per locale.
    pub title: BTreeMap<String, String>,
    pub description: String,
    /// Scores within this distance of a threshold go to human review.
    pub review_margin: f32,
    pub dimensions: Vec<SetDimension>,
}

/// One dimension of a job's competency model.
#[derive(Debug, Clone)]
pub struct SetDimension {
    pub id: String,
    pub weight: f32,
    pub threshold: f32,
    /// Name per locale.
    pub name: BTreeMap<String, String>,
}

/// A question of the set.
#[derive(Debug, Clone)]
pub struct SetQuestion {
    pub id: String,
    /// The job it is asked for.
    pub job: String,
    /// Where it comes from (`bank/question-id`), for the reader.
    pub source: String,
    pub kind: QuestionKind,
    pub dimensions: Vec<String>,
    pub time_limit_secs: u32,
    /// Text per locale.
    pub text: BTreeMap<String, String>,
    /// The bank's answer guide per locale, once taken from it
    /// ([`EvaluationSet::take_guides`]).
    pub guides: BTreeMap<String, crate::domain::AnswerGuide>,
}

/// An answer of the set.
#[derive(Debug, Clone)]
pub struct SetAnswer {
    pub id: String,
    pub locale: String,
    /// The question it is given to.
    pub question: String,
    /// The question it was written for: another one for a borrowed answer.
    pub written_for: String,
    pub kind: AnswerKind,
    /// For genuine answers.
    pub level: Option<Level>,
    pub text: String,
}

/// A whole evaluation set, checked.
#[derive(Debug, Clone)]
pub struct EvaluationSet {
    pub jobs: Vec<SetJob>,
    pub questions: Vec<SetQuestion>,
    pub answers: Vec<SetAnswer>,
}

/// Why a set could not be read.
#[derive(Debug, thiserror::Error)]
pub enum SetError {
    #[error("cannot read {}: {source}", path.display())]
    Read { path: PathBuf, source: std::io::Error },
    #[error("{}: {message}", path.display())]
    Parse { path: PathBuf, message: String },
    #[error("{}: {message}", path.display())]
    Invalid { path: PathBuf, message: String },
}

/// Think time every answer is given, as a candidate takes before speaking.
const THINK_TIME_MS: u32 = 20_000;
/// Speaking rates that turn an answer's length into its duration: the
/// delivery rubric's expectations of a normal pace.
const CHARS_PER_SEC: f32 = 3.75;
const WORDS_PER_SEC: f32 = 2.25;

impl EvaluationSet {
    /// Reads `path` (a `set.toml`) and the answer files it names, relative to it.
    pub fn load(path: &Path) -> Result<Self, SetError> {
        read::load(path)
    }

    /// The locales the answers are in, in the order first seen.
    pub fn locales(&self) -> Vec<&str> {
        let mut locales: Vec<&str> = Vec::new();
        for answer in &self.answers {
            if !locales.contains(&answer.locale.as_str()) {
                locales.push(&answer.locale);
            }
        }
        locales
    }

    pub fn job(&self, id: &str) -> Option<&SetJob> {
        self.jobs.iter().find(|j| j.id == id)
    }

    pub fn question(&self, id: &str) -> Option<&SetQuestion> {
        self.questions.iter().find(|q| q.id == id)
    }

    /// The job an answer is judged against, in the answer's locale, with
    /// only the dimensions its question measures: one answer is judged on
    /// what it was asked, not on the whole interview.
    pub fn profile_for(&self, answer: &SetAnswer) -> JobProfile {
        let question = self.question(&answer.question).expect("checked when the set was read");
        let job = self.job(&question.job).expect("checked when the set was read");
        let locale = &answer.locale;
        let dimensions = job
            .dimensions
            .iter()
            .filter(|d| question.dimensions.contains(&d.id))
            .map(|d| Dimension {
                id: d.id.clone(),
                name: localized(&d.name, "en").unwrap_or(&d.id).to_owned(),
                weight: d.weight,
                threshold: d.threshold,
                labels: d
                    .name
                    .iter()
                    .map(|(locale, text)| LocalizedText { locale: locale.clone(), text: text.clone() })
                    .collect(),
            })
            .collect();
        JobProfile {
            id: job.id.clone(),
            title: localized(&job.title, locale).unwrap_or(&job.id).to_owned(),
            industry: job.industry.clone(),
            locale: locale.clone(),
            key_role: false,
            dimensions,
            description: job.description.clone(),
        }
    }

    /// The question an answer is given to, as the bank would ask it in the
    /// answer's locale.
    pub fn question_for(&self, answer: &SetAnswer) -> Question {
        let question = self.question(&answer.question).expect("checked when the set was read");
        Question {
            id: question.id.clone(),
            kind: question.kind,
            text: localized(&question.text, &answer.locale).expect("checked when the set was read").to_owned(),
            locale: answer.locale.clone(),
            dimensions: question.dimensions.clone(),
            think_time_secs: 30,
            time_limit_secs: question.time_limit_secs,
            guide: question.guides.get(&answer.locale).cloned(),
        }
    }

    /// The answer as a spoken transcript, lasting as long as its text takes
    /// at a normal pace.
    pub fn answer_for(&self, answer: &SetAnswer) -> Answer {
        let han =
            answer.text.chars().filter(|c| matches!(c, '\u{4e00}'..='\u{9fff}' | '\u{3400}'..='\u{4dbf}')).count();
        let words = answer.text.split_whitespace().count();
        let secs = if han > words { han as f32 / CHARS_PER_SEC } else { words as f32 / WORDS_PER_SEC };
        Answer {
            question_id: answer.question.clone(),
            text: answer.text.clone(),
            transcribed: true,
            locale: answer.locale.clone(),
            think_time_ms: THINK_TIME_MS,
            duration_ms: (secs * 1000.0).round() as u32,
        }
    }
}

/// The text for `locale`, or for its language (`zh` for `zh-CN`).
fn localized<'a>(texts: &'a BTreeMap<String, String>, locale: &str) -> Option<&'a str> {
    let language = locale.split('-').next().unwrap_or(locale);
    texts
        .get(locale)
        .or_else(|| texts.iter().find(|(l, _)| l.split('-').next() == Some(language)).map(|(_, t)| t))
        .map(String::as_str)
}

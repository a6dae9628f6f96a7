//! The words of an interview as the host uses them: job profiles, questions,
//! answers, scores with evidence, lifecycle events. These are plain Rust types
//! (serialisable, stored, sent over HTTP); the plugin runtime converts them to
//! and from each WIT version's generated types at its boundary.

use serde::{Deserialize, Serialize};

/// A text in one locale.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct LocalizedText {
    pub locale: String,
    pub text: String,
}

/// One competency dimension of a job's model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Dimension {
    pub id: String,
    pub name: String,
    pub weight: f32,
    /// Pass threshold on 0–10.
    pub threshold: f32,
    #[serde(default)]
    pub labels: Vec<LocalizedText>,
}

/// What a plugin may know about a job.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct JobProfile {
    pub id: String,
    pub title: String,
    #[serde(default)]
    pub industry: String,
    pub locale: String,
    #[serde(default)]
    pub key_role: bool,
    pub dimensions: Vec<Dimension>,
    #[serde(default)]
    pub description: String,
}

/// The section of an interview a question belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "kebab-case")]
pub enum QuestionKind {
    SelfIntro,
    Behavioural,
    CultureFit,
    Open,
    FollowUp,
}

impl QuestionKind {
    /// The kind's name in the contract (`self-intro`, `behavioural`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::SelfIntro => "self-intro",
            Self::Behavioural => "behavioural",
            Self::CultureFit => "culture-fit",
            Self::Open => "open",
            Self::FollowUp => "follow-up",
        }
    }
}

impl std::fmt::Display for QuestionKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One interview question.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Question {
    pub id: String,
    pub kind: QuestionKind,
    pub text: String,
    pub locale: String,
    pub dimensions: Vec<String>,
    pub think_time_secs: u32,
    pub time_limit_secs: u32,
    /// What a good answer tells, from the bank (API 0.2.0 on); rubrics
    /// judge relevance against it. Staff may see it, candidates never.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guide: Option<AnswerGuide>,
}

/// A bank's note of what a good answer to a question tells, and what answers
/// that miss it tell instead, in the question's locale.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, utoipa::ToSchema)]
pub struct AnswerGuide {
    #[serde(default)]
    pub looks_for: Vec<String>,
    #[serde(default)]
    pub off_topic: Vec<String>,
}

/// A candidate's answer to one question.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Answer {
    pub question_id: String,
    pub text: String,
    #[serde(default)]
    pub transcribed: bool,
    pub locale: String,
    pub think_time_ms: u32,
    pub duration_ms: u32,
}

/// A byte range of an answer's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct TextSpan {
    pub start: u32,
    pub end: u32,
}

/// Which way evidence moved a score.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Effect {
    Positive,
    Negative,
    Neutral,
}

/// One reason behind a score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Evidence {
    pub label: String,
    pub effect: Effect,
    pub span: Option<TextSpan>,
}

/// The reserved dimension a rubric scores to say how far an answer addresses
/// the question (0–10), whatever dimensions the question measures. It is not
/// a competency: the engine uses it to govern the answer's other scores
/// (`engine::relevance`) and shows it beside them.
pub const RELEVANCE: &str = "relevance";

/// A score on one dimension for one answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct DimensionScore {
    pub dimension: String,
    pub score: f32,
    pub confidence: f32,
    pub evidence: Vec<Evidence>,
    pub explanation: String,
}

/// Something that happened to a candidate.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LifecycleEvent {
    pub id: String,
    pub kind: String,
    pub candidate_id: String,
    pub job_id: String,
    pub stage: String,
    pub occurred_at: String,
    /// JSON object.
    pub payload: String,
}

/// How many questions of one kind the host wants from a bank.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SectionRequest {
    pub kind: QuestionKind,
    pub count: u32,
}

/// What the host asks a bank to plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanRequest {
    pub locale: String,
    pub sections: Vec<SectionRequest>,
    pub seed: u64,
    #[serde(default)]
    pub exclude: Vec<String>,
}

impl PlanRequest {
    /// The structured interview Panel asks for by default: a
    /// self-introduction, four behavioural (STAR) questions, one culture-fit
    /// and one open question.
    pub fn standard(locale: &str, seed: u64) -> Self {
        let section = |kind, count| SectionRequest { kind, count };
        Self {
            locale: locale.to_owned(),
            sections: vec![
                section(QuestionKind::SelfIntro, 1),
                section(QuestionKind::Behavioural, 4),
                section(QuestionKind::CultureFit, 1),
                section(QuestionKind::Open, 1),
            ],
            seed,
            exclude: Vec::new(),
        }
    }
}

/// A question bank's self-description.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BankInfo {
    pub name: String,
    pub description: String,
    pub locales: Vec<String>,
    pub industries: Vec<String>,
    pub dimensions: Vec<String>,
}

/// A rubric's self-description.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RubricInfo {
    pub name: String,
    pub description: String,
    pub locales: Vec<String>,
    pub dimensions: Vec<String>,
}

/// A connector's self-description.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ConnectorInfo {
    pub name: String,
    pub description: String,
    pub event_kinds: Vec<String>,
    /// It reads what became of hires from the other system (API 0.2.0 on).
    #[serde(default)]
    pub pulls_outcomes: bool,
}

/// Which hire a record pulled by a connector is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Hire {
    /// The host's candidate and job ids, as sent in the `candidate.hired` event.
    Ids { candidate_id: String, job_id: String },
    /// The other system's reference, as the connector returned it on applying
    /// the hire's `candidate.hired` event.
    Reference(String),
}

/// What became of a hire, as a connector read it.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum EmploymentOutcome {
    /// `passed`, `failed` or `extended`.
    Probation(&'static str),
    Performance(f64),
    /// `voluntary`, `involuntary`, `contract-end` or `other`.
    Departure(&'static str),
}

/// One record a connector read from the other system.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EmploymentRecord {
    pub id: String,
    pub hire: Hire,
    pub on_date: String,
    pub outcome: EmploymentOutcome,
}

/// A page of records and where the next pull continues.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OutcomePage {
    pub records: Vec<EmploymentRecord>,
    pub cursor: String,
    pub more: bool,
}

/// What a connector did with an event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "status", content = "detail")]
pub enum Outcome {
    Applied(String),
    Duplicate(String),
    Skipped(String),
}

/// A notifier's self-description.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NotifierInfo {
    pub name: String,
    pub description: String,
    pub channels: Vec<String>,
}

/// Who a message goes to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Recipient {
    pub name: String,
    pub address: String,
}

/// One message for a notifier to send.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Message {
    pub id: String,
    pub channel: String,
    pub recipient: Recipient,
    pub template: String,
    pub locale: String,
    pub variables: Vec<(String, String)>,
}

/// Bytes a value carries across the plugin boundary, to enforce the input and
/// output caps without serialising anything.
pub trait WireSize {
    fn wire_size(&self) -> usize;
}

impl WireSize for () {
    fn wire_size(&self) -> usize {
        0
    }
}

impl WireSize for String {
    fn wire_size(&self) -> usize {
        self.len()
    }
}

impl<T: WireSize> WireSize for Vec<T> {
    fn wire_size(&self) -> usize {
        self.iter().map(WireSize::wire_size).sum::<usize>() + 8 * self.len()
    }
}

impl<T: WireSize> WireSize for Option<T> {
    fn wire_size(&self) -> usize {
        self.as_ref().map_or(0, WireSize::wire_size)
    }
}

impl<A: WireSize, B: WireSize> WireSize for (A, B) {
    fn wire_size(&self) -> usize {
        self.0.wire_size() + self.1.wire_size()
    }
}

macro_rules! wire_size_of_fields {
    ($ty:ty { $($field:ident),* } + $fixed:expr) => {
        impl WireSize for $ty {
            fn wire_size(&self) -> usize {
                0 $(+ self.$field.wire_size())* + $fixed
            }
        }
    };
}

wire_size_of_fields!(LocalizedText { locale, text } + 0);
wire_size_of_fields!(Dimension { id, name, labels } + 8);
wire_size_of_fields!(JobProfile { id, title, industry, locale, dimensions, description } + 1);
wire_size_of_fields!(Question { id, text, locale, dimensions, guide } + 9);
wire_size_of_fields!(AnswerGuide { looks_for, off_topic } + 0);
wire_size_of_fields!(Answer { question_id, text, locale } + 9);
wire_size_of_fields!(Evidence { label } + 9);
wire_size_of_fields!(DimensionScore { dimension, evidence, explanation } + 8);
wire_size_of_fields!(LifecycleEvent { id, kind, candidate_id, job_id, stage, occurred_at, payload } + 0);
wire_size_of_fields!(BankInfo { name, description, locales, industries, dimensions } + 0);
wire_size_of_fields!(RubricInfo { name, description, locales, dimensions } + 0);
wire_size_of_fields!(ConnectorInfo { name, description, event_kinds } + 0);
wire_size_of_fields!(NotifierInfo { name, description, channels } + 0);
wire_size_of_fields!(Recipient { name, address } + 0);
wire_size_of_fields!(Message { id, channel, recipient, template, locale, variables } + 0);

impl WireSize for PlanRequest {
    fn wire_size(&self) -> usize {
        self.locale.wire_size() + self.exclude.wire_size() + 8 + 8 * self.sections.len()
    }
}

impl WireSize for Hire {
    fn wire_size(&self) -> usize {
        match self {
            Hire::Ids { candidate_id, job_id } => candidate_id.len() + job_id.len() + 1,
            Hire::Reference(reference) => reference.len() + 1,
        }
    }
}

wire_size_of_fields!(EmploymentRecord { id, hire, on_date } + 9);
wire_size_of_fields!(OutcomePage { records, cursor } + 1);

impl WireSize for Outcome {
    fn wire_size(&self) -> usize {
        match self {
            Outcome::Applied(s) | Outcome::Duplicate(s) | Outcome::Skipped(s) => s.len() + 1,
        }
    }
}

/// A question in a frozen interview plan, with the bank plugin (id@version)
/// that proposed it, so reports can say where every question came from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct PlannedQuestion {
    pub question: Question,
    pub bank: String,
}

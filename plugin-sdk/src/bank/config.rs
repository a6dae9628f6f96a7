//! A company's configuration of a bank: questions it never wants asked, its own
//! questions and values, and how many questions the bank offers per section.
//! Its JSON Schema is `config-schema.toml` next to this file.

use serde::Deserialize;

use super::plan::Item;
use crate::{PluginError, QuestionKind};

/// The configuration every bank built on the kit accepts; every field optional.
///
/// ```json
/// {
///   "exclude": ["team-conflict"],
///   "questions": [{ "id": "why-us", "kind": "open", "dimensions": ["motivation"],
///                   "zh": "你为什么选择我们公司？", "en": "Why did you choose our company?" }],
///   "values": [{ "id": "customer-first", "zh": "客户第一", "en": "Customer first" }],
///   "sections": { "culture-fit": 0 }
/// }
/// ```
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct BankConfig {
    /// Ids of questions never to ask (the bank's, or `custom-…`/`value-…` ones).
    pub exclude: Vec<String>,
    /// The company's own questions, planned as `custom-<id>` before the bank's
    /// in their section.
    pub questions: Vec<CustomQuestion>,
    /// The company's own values, each planned as a culture-fit question
    /// `value-<id>` asking for a time the candidate lived it.
    pub values: Vec<CompanyValue>,
    /// The most questions this bank offers per section.
    pub sections: SectionCaps,
}

/// A question a company adds to the bank.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CustomQuestion {
    /// Unique among the company's questions; planned as `custom-<id>`.
    pub id: String,
    /// `self-intro`, `behavioural`, `culture-fit` or `open`.
    pub kind: String,
    /// The dimension ids it measures.
    pub dimensions: Vec<String>,
    /// Chinese text; the English one is used when missing.
    #[serde(default)]
    pub zh: Option<String>,
    /// English text; the Chinese one is used when missing.
    #[serde(default)]
    pub en: Option<String>,
    /// How long the candidate has to answer.
    #[serde(default = "default_time_limit")]
    pub time_limit_secs: u32,
}

/// One of the company's values, such as 客户第一 / "Customer first".
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CompanyValue {
    /// Unique among the company's values; planned as `value-<id>`.
    pub id: String,
    /// The value's Chinese name; the English one is used when missing.
    #[serde(default)]
    pub zh: Option<String>,
    /// The value's English name; the Chinese one is used when missing.
    #[serde(default)]
    pub en: Option<String>,
    /// What the company means by it, shown to the candidate before the question.
    #[serde(default)]
    pub description: Option<ValueDescription>,
    /// The dimension ids its question measures.
    #[serde(default = "default_value_dimensions")]
    pub dimensions: Vec<String>,
}

/// What a company means by one of its values, in Chinese and/or English.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ValueDescription {
    /// Chinese; the English one is used when missing.
    pub zh: Option<String>,
    /// English; the Chinese one is used when missing.
    pub en: Option<String>,
}

/// The most questions a bank offers per section; a section left out gets as
/// many as the host asks for. `0` keeps the bank out of that section, e.g. when
/// another bound bank covers culture fit.
#[derive(Debug, Clone, Copy, Default, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct SectionCaps {
    /// Self-introductions.
    pub self_intro: Option<u32>,
    /// Behavioural (STAR) questions.
    pub behavioural: Option<u32>,
    /// Culture-fit questions, the company's values included.
    pub culture_fit: Option<u32>,
    /// Open questions.
    pub open: Option<u32>,
}

impl SectionCaps {
    /// How many questions of `kind` to offer when the host asks for `asked`.
    pub fn limit(&self, kind: QuestionKind, asked: u32) -> u32 {
        let cap = match kind {
            QuestionKind::SelfIntro => self.self_intro,
            QuestionKind::Behavioural => self.behavioural,
            QuestionKind::CultureFit => self.culture_fit,
            QuestionKind::Open => self.open,
            QuestionKind::FollowUp => Some(0),
        };
        cap.map_or(asked, |cap| cap.min(asked))
    }
}

/// Answer time for a company's question or value when it sets none.
const DEFAULT_TIME_LIMIT_SECS: u32 = 180;
/// Time limits a company may set: the schema's bounds.
const TIME_LIMIT_RANGE: std::ops::RangeInclusive<u32> = 10..=3600;

fn default_time_limit() -> u32 {
    DEFAULT_TIME_LIMIT_SECS
}

fn default_value_dimensions() -> Vec<String> {
    vec!["culture-fit".to_owned()]
}

/// The section names a company writes, and what they mean.
const KINDS: [(&str, QuestionKind); 4] = [
    ("self-intro", QuestionKind::SelfIntro),
    ("behavioural", QuestionKind::Behavioural),
    ("culture-fit", QuestionKind::CultureFit),
    ("open", QuestionKind::Open),
];

impl BankConfig {
    /// The company's questions, then its values, ready to plan; or an
    /// `invalid-config` error naming the first bad field.
    pub(crate) fn company_items(&self) -> Result<Vec<Item>, PluginError> {
        let mut items = Vec::with_capacity(self.questions.len() + self.values.len());
        for (n, q) in self.questions.iter().enumerate() {
            let at = format!("questions[{n}]");
            let id = checked_id(&at, &q.id, self.questions[..n].iter().map(|earlier| &earlier.id))?;
            let kind = KINDS.iter().find(|(name, _)| *name == q.kind).map(|(_, kind)| *kind).ok_or_else(|| {
                PluginError::invalid_config(format!(
                    "{at}.kind {:?} is not one of self-intro, behavioural, culture-fit, open",
                    q.kind
                ))
            })?;
            let (zh, en) = both_texts(&at, &q.zh, &q.en)?;
            if !TIME_LIMIT_RANGE.contains(&q.time_limit_secs) {
                return Err(PluginError::invalid_config(format!(
                    "{at}.time_limit_secs must be between {} and {}",
                    TIME_LIMIT_RANGE.start(),
                    TIME_LIMIT_RANGE.end()
                )));
            }
            items.push(Item {
                id: format!("custom-{id}"),
                kind,
                dimensions: checked_dimensions(&at, &q.dimensions)?,
                zh,
                en,
                time_limit_secs: q.time_limit_secs,
                company: true,
                guides: None,
            });
        }
        for (n, v) in self.values.iter().enumerate() {
            let at = format!("values[{n}]");
            let id = checked_id(&at, &v.id, self.values[..n].iter().map(|earlier| &earlier.id))?;
            let (name_zh, name_en) = both_texts(&at, &v.zh, &v.en)?;
            let (about_zh, about_en) = match &v.description {
                None => (None, None),
                Some(d) => {
                    let (zh, en) = both_texts(&format!("{at}.description"), &d.zh, &d.en)?;
                    (Some(zh), Some(en))
                }
            };
            items.push(Item {
                id: format!("value-{id}"),
                kind: QuestionKind::CultureFit,
                dimensions: checked_dimensions(&at, &v.dimensions)?,
                zh: value_question_zh(&name_zh, about_zh.as_deref()),
                en: value_question_en(&name_en, about_en.as_deref()),
                time_limit_secs: DEFAULT_TIME_LIMIT_SECS,
                company: true,
                guides: None,
            });
        }
        Ok(items)
    }
}

fn checked_id<'a>(
    at: &str,
    id: &'a str,
    mut earlier: impl Iterator<Item = &'a String>,
) -> Result<&'a str, PluginError> {
    if id.trim().is_empty() {
        return Err(PluginError::invalid_config(format!("{at}.id is empty")));
    }
    if earlier.any(|e| e == id) {
        return Err(PluginError::invalid_config(format!("{at}.id {id:?} is used twice")));
    }
    Ok(id)
}

fn checked_dimensions(at: &str, dimensions: &[String]) -> Result<Vec<String>, PluginError> {
    if dimensions.is_empty() || dimensions.iter().any(|d| d.trim().is_empty()) {
        return Err(PluginError::invalid_config(format!("{at}.dimensions needs at least one dimension id")));
    }
    Ok(dimensions.to_vec())
}

/// A Chinese and an English text, either falling back to the other.
fn both_texts(at: &str, zh: &Option<String>, en: &Option<String>) -> Result<(String, String), PluginError> {
    let given = |t: &Option<String>| t.as_ref().filter(|t| !t.trim().is_empty()).cloned();
    match (given(zh), given(en)) {
        (Some(zh), Some(en)) => Ok((zh, en)),
        (Some(one), None) | (None, Some(one)) => Ok((one.clone(), one)),
        (None, None) => Err(PluginError::invalid_config(format!("{at} needs a zh or an en text"))),
    }
}

fn value_question_zh(value: &str, description: Option<&str>) -> String {
    let ask = format!("请讲一次你在工作中践行「{value}」的具体经历：当时的情况、你做了什么、结果如何？");
    match description {
        Some(about) => format!("我们倡导「{value}」：{}{ask}", ending_with(about, "。")),
        None => ask,
    }
}

fn value_question_en(value: &str, description: Option<&str>) -> String {
    let ask = format!(
        "Tell us about a time you lived our value \"{value}\" at work: the situation, what you did and the result."
    );
    match description {
        Some(about) => format!("By \"{value}\" we mean: {} {ask}", ending_with(about, ".")),
        None => ask,
    }
}

/// `text` closed with `stop` unless it already ends a sentence.
fn ending_with(text: &str, stop: &str) -> String {
    let text = text.trim();
    if text.ends_with(['。', '！', '？', '.', '!', '?']) { text.to_owned() } else { format!("{text}{stop}") }
}

/// The name a company writes for a section.
pub(crate) fn kind_name(kind: QuestionKind) -> &'static str {
    KINDS.iter().find(|(_, k)| *k == kind).map_or("follow-up", |(name, _)| name)
}

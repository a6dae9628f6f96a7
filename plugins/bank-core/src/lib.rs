//! Core competency question bank: a self-introduction, behavioural (STAR)
//! questions on common competencies, culture-fit and open questions, in Chinese
//! and English, planned from the job's competency model; and a follow-up when an
//! answer tells of a failure or leaves out the result.

pub mod questions;

use panel_plugin_sdk::{
    Answer, BankInfo, JobProfile, PlanRequest, PluginError, Question, QuestionBank, QuestionKind, register,
};
use serde::Deserialize;

use crate::questions::ENTRIES;

/// A question a company adds through configuration.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CustomQuestion {
    pub id: String,
    /// `behavioural`, `culture-fit`, `open` or `self-intro`.
    pub kind: String,
    pub dimensions: Vec<String>,
    /// Chinese text; the English one is used when missing.
    #[serde(default)]
    pub zh: Option<String>,
    /// English text; the Chinese one is used when missing.
    #[serde(default)]
    pub en: Option<String>,
    #[serde(default = "default_time_limit")]
    pub time_limit_secs: u32,
}

fn default_time_limit() -> u32 {
    180
}

/// The plugin's configuration (all fields optional).
#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// Ids of the bank's questions never to ask.
    pub exclude: Vec<String>,
    /// The company's own questions, planned alongside the bank's.
    pub questions: Vec<CustomQuestion>,
}

/// A question ready to plan from, whether the bank's or the company's.
#[derive(Debug, Clone)]
struct Item {
    id: String,
    kind: QuestionKind,
    dimensions: Vec<String>,
    zh: String,
    en: String,
    time_limit_secs: u32,
}

fn parse_kind(kind: &str) -> Result<QuestionKind, PluginError> {
    Ok(match kind {
        "self-intro" => QuestionKind::SelfIntro,
        "behavioural" => QuestionKind::Behavioural,
        "culture-fit" => QuestionKind::CultureFit,
        "open" => QuestionKind::Open,
        other => {
            return Err(PluginError::invalid_config(format!(
                "questions[].kind {other:?} is not one of self-intro, behavioural, culture-fit, open"
            )));
        }
    })
}

fn items(config: &Config, exclude: &[String]) -> Result<Vec<Item>, PluginError> {
    let mut items: Vec<Item> = ENTRIES
        .iter()
        .map(|e| Item {
            id: e.id.to_owned(),
            kind: e.kind,
            dimensions: e.dimensions.iter().map(|d| (*d).to_owned()).collect(),
            zh: e.zh.to_owned(),
            en: e.en.to_owned(),
            time_limit_secs: e.time_limit_secs,
        })
        .collect();
    for custom in &config.questions {
        let (zh, en) = match (&custom.zh, &custom.en) {
            (Some(zh), Some(en)) => (zh.clone(), en.clone()),
            (Some(one), None) | (None, Some(one)) => (one.clone(), one.clone()),
            (None, None) => {
                return Err(PluginError::invalid_config(format!(
                    "questions[{:?}] needs a zh or an en text",
                    custom.id
                )));
            }
        };
        items.push(Item {
            id: format!("custom-{}", custom.id),
            kind: parse_kind(&custom.kind)?,
            dimensions: custom.dimensions.clone(),
            zh,
            en,
            time_limit_secs: custom.time_limit_secs,
        });
    }
    items.retain(|i| !config.exclude.contains(&i.id) && !exclude.contains(&i.id));
    Ok(items)
}

/// A small deterministic generator (splitmix64): the same seed gives the same plan.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn pick(&mut self, len: usize) -> usize {
        (self.next() % len as u64) as usize
    }
}

fn to_question(item: &Item, zh: bool, locale: &str) -> Question {
    let think = if item.kind == QuestionKind::Behavioural { 30 } else { 15 };
    let dims: Vec<&str> = item.dimensions.iter().map(String::as_str).collect();
    let mut q =
        Question::new(&item.id, item.kind, locale, if zh { &item.zh } else { &item.en }, &dims, item.time_limit_secs);
    q.think_time_secs = think;
    q
}

/// Plans from a list of items; pure, so it is tested natively.
fn plan_items(job: &JobProfile, request: &PlanRequest, items: &[Item]) -> Vec<Question> {
    let zh = request.locale.starts_with("zh");
    let mut rng = Rng(request.seed);
    let mut used = vec![false; items.len()];
    let mut plan = Vec::new();
    let mut by_weight: Vec<_> = job.dimensions.iter().collect();
    by_weight.sort_by(|a, b| b.weight.total_cmp(&a.weight));

    for section in &request.sections {
        let mut taken = 0;
        let take = |i: usize, used: &mut Vec<bool>, plan: &mut Vec<Question>| {
            used[i] = true;
            plan.push(to_question(&items[i], zh, &request.locale));
        };
        if section.kind == QuestionKind::Behavioural {
            // Round-robin over the job's dimensions, highest weight first, so
            // the top dimensions are covered before any gets a second question.
            while taken < section.count {
                let before = taken;
                for dim in &by_weight {
                    if taken == section.count {
                        break;
                    }
                    let pool: Vec<usize> = (0..items.len())
                        .filter(|&i| !used[i] && items[i].kind == QuestionKind::Behavioural)
                        .filter(|&i| items[i].dimensions.contains(&dim.id))
                        .collect();
                    if !pool.is_empty() {
                        take(pool[rng.pick(pool.len())], &mut used, &mut plan);
                        taken += 1;
                    }
                }
                if taken == before {
                    break;
                }
            }
        } else {
            while taken < section.count {
                let pool: Vec<usize> =
                    (0..items.len()).filter(|&i| !used[i] && items[i].kind == section.kind).collect();
                if pool.is_empty() {
                    break;
                }
                take(pool[rng.pick(pool.len())], &mut used, &mut plan);
                taken += 1;
            }
        }
    }
    plan
}

const FAILURE_CUES: &[&str] = &[
    "失败",
    "没成功",
    "没有成功",
    "搞砸",
    "出错",
    "没做好",
    "未能",
    "延期",
    "failed",
    "failure",
    "didn't work",
    "did not work",
    "mistake",
    "went wrong",
    "missed the deadline",
];
const RESULT_CUES: &[&str] = &[
    "结果",
    "最终",
    "最后",
    "提升",
    "降低",
    "减少",
    "成功",
    "result",
    "in the end",
    "finally",
    "increased",
    "reduced",
    "improved",
    "delivered",
];

/// Chooses at most one follow-up for an answer; pure, so it is tested natively.
fn follow_up_for(question: &Question, answer: &Answer) -> Option<Question> {
    if question.kind != QuestionKind::Behavioural {
        return None;
    }
    let text = answer.text.to_lowercase();
    let zh = answer.locale.starts_with("zh");
    let (suffix, dims, zh_text, en_text): (&str, &[&str], &str, &str) = if FAILURE_CUES.iter().any(|c| text.contains(c))
    {
        (
            "learned",
            &["learning", "responsibility"],
            "从这次经历中你学到了什么？之后你在做法上具体做了哪些改变？",
            "What did you learn from that, and what did you do differently afterwards?",
        )
    } else if !RESULT_CUES.iter().any(|c| text.contains(c)) {
        (
            "result",
            &[],
            "最后的结果怎么样？你是如何判断这个结果的？",
            "What was the result in the end, and how did you know?",
        )
    } else {
        return None;
    };
    let dims: Vec<&str> =
        if dims.is_empty() { question.dimensions.iter().map(String::as_str).collect() } else { dims.to_vec() };
    let mut q = Question::new(
        format!("{}.follow-up-{suffix}", question.id),
        QuestionKind::FollowUp,
        &answer.locale,
        if zh { zh_text } else { en_text },
        &dims,
        120,
    );
    q.think_time_secs = 15;
    Some(q)
}

/// The core competency bank.
#[derive(Debug)]
pub struct CoreBank;

impl QuestionBank for CoreBank {
    fn describe() -> BankInfo {
        let mut info = BankInfo::new(
            "Core competency bank",
            "General behavioural, culture-fit and open questions on common competencies, in Chinese and English.",
        );
        info.locales = vec!["zh-CN".to_owned(), "en".to_owned()];
        let mut dims: Vec<String> = ENTRIES.iter().flat_map(|e| e.dimensions.iter().map(|d| (*d).to_owned())).collect();
        dims.sort();
        dims.dedup();
        info.dimensions = dims;
        info
    }

    fn plan(job: &JobProfile, request: &PlanRequest) -> Result<Vec<Question>, PluginError> {
        let config: Config = panel_plugin_sdk::host::config()?;
        let items = items(&config, &request.exclude)?;
        Ok(plan_items(job, request, &items))
    }

    fn follow_up(_job: &JobProfile, question: &Question, answer: &Answer) -> Result<Option<Question>, PluginError> {
        Ok(follow_up_for(question, answer))
    }
}

register!(question_bank: CoreBank);

#[cfg(test)]
mod tests;

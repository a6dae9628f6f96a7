//! The question-bank kit: what every question bank has in common, so that a
//! bank is just its questions and its follow-up rules.
//!
//! A bank lists its questions as [`Entry`]s (Chinese and English text, the
//! dimensions each measures, a time limit) and its follow-ups as
//! [`FollowUpRule`]s, puts both in a [`Catalogue`], and hands each
//! [`QuestionBank`](crate::QuestionBank) call to the catalogue. The catalogue
//! plans from the job's competency model (behavioural questions on the
//! highest-weight dimensions first, deterministic for a seed), applies the
//! company's [`BankConfig`] (excluded questions, its own questions and values,
//! per-section caps) and proposes at most one follow-up per answer.
//!
//! ```
//! use panel_plugin_sdk::bank::{BankConfig, Catalogue, Entry, EntryGuide, FollowUpRule, Guide};
//! use panel_plugin_sdk::QuestionKind::{Behavioural, CultureFit, Open, SelfIntro};
//! use panel_plugin_sdk::{register, Answer, BankInfo, JobProfile, PlanRequest, PluginError, Question, QuestionBank};
//!
//! const CATALOGUE: Catalogue = Catalogue {
//!     entries: &[
//!         Entry::new("intro", SelfIntro, &["communication"],
//!             "请用两分钟做一个自我介绍。", "Please introduce yourself in two minutes.", 120),
//!         Entry::new("team-conflict", Behavioural, &["teamwork", "communication"],
//!             "请讲一次你和同事意见不一致的经历。你是怎么处理的？",
//!             "Tell us about a time you disagreed with a colleague. How did you handle it?", 180),
//!         Entry::new("values", CultureFit, &["culture-fit"],
//!             "你最看重团队的哪些价值观？", "Which values matter most to you in a team?", 120),
//!         Entry::new("why", Open, &["motivation"],
//!             "你为什么想加入我们？", "Why do you want to join us?", 120),
//!     ],
//!     follow_ups: &[FollowUpRule::new("learned", &[Behavioural], &["失败", "failed"],
//!         "你从中学到了什么？", "What did you learn from it?")],
//!     // What a good answer to each behavioural question tells (API 0.2.0).
//!     guides: &[EntryGuide {
//!         id: "team-conflict",
//!         zh: Guide { looks_for: &["和哪位同事、为什么事意见不一致", "你怎么谈的，最后怎么定的"],
//!                     off_topic: &["和顾客的纠纷"] },
//!         en: Guide { looks_for: &["which colleague, and what you disagreed about", "how you talked it through and what was decided"],
//!                     off_topic: &["a dispute with a customer"] },
//!     }],
//! };
//!
//! struct MyBank;
//!
//! impl QuestionBank for MyBank {
//!     fn describe() -> BankInfo {
//!         CATALOGUE.info("My bank", "Questions for small teams.", &["retail"])
//!     }
//!     fn plan(job: &JobProfile, request: &PlanRequest) -> Result<Vec<Question>, PluginError> {
//!         let config: BankConfig = panel_plugin_sdk::host::config()?;
//!         CATALOGUE.plan(job, request, &config)
//!     }
//!     fn follow_up(_job: &JobProfile, question: &Question, answer: &Answer) -> Result<Option<Question>, PluginError> {
//!         Ok(CATALOGUE.follow_up(question, answer))
//!     }
//! }
//!
//! register!(question_bank: MyBank);
//!
//! // In the bank's unit tests: every question is well formed.
//! assert_eq!(CATALOGUE.problems(panel_plugin_sdk::bank::DIMENSIONS), Vec::<String>::new());
//! ```
//!
//! The bank's `plugin.toml` copies [`CONFIG_SCHEMA_TOML`] as its
//! `[config-schema]`, so the host refuses a bad configuration before the bank
//! runs.
//!
//! The bank's unit tests get their helpers from [`testing`] (native only):
//! job profiles and the three demo jobs, plan requests, answers and
//! follow-ups, and a conformance check that runs, through the bank's own entry
//! points, everything that holds for any bank on the kit (a well-formed
//! catalogue, plans covering the heaviest dimensions first over many seeds,
//! the company's configuration applied, a README naming every question, the
//! kit's schema in `plugin.toml`). The bank then tests only what is its own:
//!
//! ```ignore
//! #[test]
//! fn conforms_to_the_bank_kit() {
//!     panel_plugin_sdk::bank::testing::conformance::<MyBank>(
//!         &CATALOGUE,
//!         include_str!("../plugin.toml"),
//!         include_str!("../README.md"),
//!     );
//! }
//! ```

mod check;
mod config;
mod follow_up;
mod plan;
#[cfg(not(target_arch = "wasm32"))]
pub mod testing;

pub use config::{BankConfig, CompanyValue, CustomQuestion, SectionCaps, ValueDescription};
pub use follow_up::{FollowUpRule, Told};

use crate::{Answer, AnswerGuide, BankInfo, JobProfile, PlanRequest, PluginError, Question, QuestionKind};

/// The shared vocabulary of competency dimension ids. Questions, job models and
/// rubrics meet on these ids, so a bank should not invent synonyms.
pub const DIMENSIONS: &[&str] = &[
    "communication",
    "teamwork",
    "responsibility",
    "problem-solving",
    "professional-skill",
    "learning",
    "leadership",
    "integrity",
    "customer-focus",
    "motivation",
    "culture-fit",
    "safety",
    "continuous-improvement",
    "user-focus",
    "empathy",
    "stress-tolerance",
    "logical-reasoning",
    "loyalty",
    "team-first",
];

#[doc = concat!(
    "The `[config-schema]` of every bank built on the kit: the JSON Schema of [`BankConfig`], in TOML, ",
    "to copy into the bank's `plugin.toml`.\n\n```toml\n",
    include_str!("bank/config-schema.toml"),
    "```"
)]
pub const CONFIG_SCHEMA_TOML: &str = include_str!("bank/config-schema.toml");

/// One question of a bank, in Chinese and English.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Entry {
    /// Stable id, lower-kebab-case; companies exclude questions by it.
    pub id: &'static str,
    /// The section it belongs to (never [`QuestionKind::FollowUp`]).
    pub kind: QuestionKind,
    /// The dimension ids it measures, the main one first.
    pub dimensions: &'static [&'static str],
    /// The Chinese text.
    pub zh: &'static str,
    /// The English text.
    pub en: &'static str,
    /// How long the candidate has to answer.
    pub time_limit_secs: u32,
}

impl Entry {
    /// A question, for a `const` table of a bank's questions.
    pub const fn new(
        id: &'static str,
        kind: QuestionKind,
        dimensions: &'static [&'static str],
        zh: &'static str,
        en: &'static str,
        time_limit_secs: u32,
    ) -> Self {
        Self { id, kind, dimensions, zh, en, time_limit_secs }
    }
}

/// What a good answer to a question tells, in one language: the answer
/// guide of API 0.2.0 ([`Question::guide`](crate::Question)), which rubrics
/// judge relevance against. Short items, one point or story each.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Guide {
    /// What an answer that addresses the question tells (at most 8).
    pub looks_for: &'static [&'static str],
    /// Stories candidates tell instead that do not answer it (at most 8).
    pub off_topic: &'static [&'static str],
}

/// The guides of one entry, by its id, in Chinese and English.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct EntryGuide {
    /// The [`Entry::id`] it is for.
    pub id: &'static str,
    pub zh: Guide,
    pub en: Guide,
}

impl Guide {
    pub(crate) fn to_answer_guide(self) -> AnswerGuide {
        let owned = |items: &[&str]| items.iter().map(|i| (*i).to_owned()).collect();
        AnswerGuide { looks_for: owned(self.looks_for), off_topic: owned(self.off_topic) }
    }
}

/// A bank's questions and follow-up rules, and the planning every bank shares.
#[derive(Debug, Clone, Copy)]
pub struct Catalogue {
    /// The bank's questions.
    pub entries: &'static [Entry],
    /// Follow-up rules, tried in order; the first that fits an answer wins.
    pub follow_ups: &'static [FollowUpRule],
    /// Answer guides of the entries that have one (every behavioural
    /// question of the first-party banks), planned with their questions.
    pub guides: &'static [EntryGuide],
}

impl Catalogue {
    /// What the bank offers, for [`QuestionBank::describe`](crate::QuestionBank::describe):
    /// the locales and dimensions come from the entries.
    pub fn info(&self, name: &str, description: &str, industries: &[&str]) -> BankInfo {
        let mut info = BankInfo::new(name, description);
        if self.entries.iter().all(|e| !e.zh.is_empty()) {
            info.locales.push("zh-CN".to_owned());
        }
        if self.entries.iter().all(|e| !e.en.is_empty()) {
            info.locales.push("en".to_owned());
        }
        info.industries = industries.iter().map(|i| (*i).to_owned()).collect();
        let mut dimensions: Vec<String> =
            self.entries.iter().flat_map(|e| e.dimensions.iter().map(|d| (*d).to_owned())).collect();
        dimensions.sort();
        dimensions.dedup();
        info.dimensions = dimensions;
        info
    }

    /// Questions for the sections of `request`, for
    /// [`QuestionBank::plan`](crate::QuestionBank::plan).
    ///
    /// Sections come in the order requested, each capped by
    /// [`BankConfig::sections`]. In each section the company's own questions
    /// (and, in the culture-fit section, its values) come before the bank's.
    /// Behavioural questions go round the job's dimensions from the highest
    /// weight down, so the heaviest dimensions are covered before any gets a
    /// second question. The same seed gives the same plan; a `zh*` locale picks
    /// the Chinese texts, any other the English ones.
    pub fn plan(
        &self,
        job: &JobProfile,
        request: &PlanRequest,
        config: &BankConfig,
    ) -> Result<Vec<Question>, PluginError> {
        let mut items = config.company_items()?;
        items.extend(self.entries.iter().map(|entry| {
            let mut item = plan::Item::from_entry(entry);
            if let Some(guide) = self.guide(entry.id) {
                item.guides = Some((guide.zh.to_answer_guide(), guide.en.to_answer_guide()));
            }
            item
        }));
        items.retain(|i| !config.exclude.contains(&i.id) && !request.exclude.contains(&i.id));
        Ok(plan::plan(job, request, &items, &config.sections))
    }

    /// The guides of the entry `id`, if it has them.
    pub fn guide(&self, id: &str) -> Option<&EntryGuide> {
        self.guides.iter().find(|g| g.id == id)
    }

    /// At most one follow-up to `answer`, from the first rule that fits, for
    /// [`QuestionBank::follow_up`](crate::QuestionBank::follow_up). A follow-up
    /// never gets one of its own.
    pub fn follow_up(&self, question: &Question, answer: &Answer) -> Option<Question> {
        follow_up::first_fitting(self.follow_ups, question, answer)
    }
}

#[cfg(test)]
mod tests;

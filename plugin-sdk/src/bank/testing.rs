//! Test helpers for banks built on the kit, compiled natively only (like
//! [`crate::testing`]): job profiles and plan requests to plan for, the three
//! demo jobs, follow-up helpers, and [`conformance`], which runs every check
//! that holds for any kit bank in one call.
//!
//! A bank's `src/tests.rs` then holds only what is its own: its themes, its
//! jobs, and its follow-up rules on realistic answers.
//!
//! ```ignore
//! use panel_plugin_sdk::bank::testing::{self, Conformance};
//!
//! #[test]
//! fn conforms_to_the_bank_kit() {
//!     testing::conformance::<MyBank>(&CATALOGUE, include_str!("../plugin.toml"), include_str!("../README.md"));
//! }
//!
//! #[test]
//! fn a_failure_story_is_asked_what_was_learned() {
//!     let question = testing::question(&CATALOGUE, "resp-failure", "zh-CN");
//!     let follow = testing::follow_up::<MyBank>(&testing::store_supervisor(), &question, "那次项目失败了。");
//!     assert_eq!(follow.map(|q| q.id).as_deref(), Some("resp-failure.follow-up-learned"));
//! }
//! ```

mod conformance;
mod follow_ups;
mod plans;

pub use conformance::Conformance;

use super::Catalogue;
use super::plan::Item;
use crate::QuestionKind::{Behavioural, CultureFit, Open, SelfIntro};
use crate::{Answer, Dimension, JobProfile, PlanRequest, Question, QuestionBank, QuestionKind, SectionRequest};

/// The demo production supervisor's competency model (manufacturing).
pub const PRODUCTION_SUPERVISOR: &[(&str, f32)] =
    &[("problem-solving", 0.35), ("teamwork", 0.25), ("responsibility", 0.25), ("communication", 0.15)];

/// The demo product manager's competency model (internet).
pub const PRODUCT_MANAGER: &[(&str, f32)] =
    &[("problem-solving", 0.35), ("communication", 0.3), ("professional-skill", 0.2), ("teamwork", 0.15)];

/// The demo store supervisor's competency model (retail).
pub const STORE_SUPERVISOR: &[(&str, f32)] =
    &[("communication", 0.35), ("responsibility", 0.3), ("teamwork", 0.2), ("problem-solving", 0.15)];

/// The host's usual interview: a self-introduction, four behavioural
/// questions, two culture-fit questions and one open question.
pub const INTERVIEW: &[(QuestionKind, u32)] = &[(SelfIntro, 1), (Behavioural, 4), (CultureFit, 2), (Open, 1)];

/// A `zh-CN` job with this competency model, `(dimension id, weight)` in the
/// order given (the kit sorts by weight itself).
pub fn job(title: &str, industry: &str, model: &[(&str, f32)]) -> JobProfile {
    JobProfile {
        id: format!("job-{}", title.to_lowercase().replace(' ', "-")),
        title: title.to_owned(),
        industry: industry.to_owned(),
        locale: "zh-CN".to_owned(),
        key_role: false,
        dimensions: model
            .iter()
            .map(|&(id, weight)| Dimension {
                id: id.to_owned(),
                name: id.to_owned(),
                weight,
                threshold: 6.0,
                labels: Vec::new(),
            })
            .collect(),
        description: String::new(),
    }
}

/// The demo production supervisor ([`PRODUCTION_SUPERVISOR`]).
pub fn production_supervisor() -> JobProfile {
    job("Production supervisor", "manufacturing", PRODUCTION_SUPERVISOR)
}

/// The demo product manager ([`PRODUCT_MANAGER`]).
pub fn product_manager() -> JobProfile {
    job("Product manager", "internet", PRODUCT_MANAGER)
}

/// The demo store supervisor ([`STORE_SUPERVISOR`]).
pub fn store_supervisor() -> JobProfile {
    job("Store supervisor", "retail", STORE_SUPERVISOR)
}

/// The three demo jobs every general bank should plan a whole interview for.
pub fn demo_jobs() -> [JobProfile; 3] {
    [production_supervisor(), product_manager(), store_supervisor()]
}

/// A request for `sections` (`(kind, count)`, in order), excluding nothing.
pub fn request(locale: &str, seed: u64, sections: &[(QuestionKind, u32)]) -> PlanRequest {
    PlanRequest {
        locale: locale.to_owned(),
        sections: sections.iter().map(|&(kind, count)| SectionRequest { kind, count }).collect(),
        seed,
        exclude: Vec::new(),
    }
}

/// A request for the usual [`INTERVIEW`].
pub fn interview(locale: &str, seed: u64) -> PlanRequest {
    request(locale, seed, INTERVIEW)
}

/// Bank `B`'s plan with `config` (JSON, as the host passes it) as the
/// binding's configuration.
pub fn plan<B: QuestionBank>(
    config: &str,
    job: &JobProfile,
    request: &PlanRequest,
) -> Result<Vec<Question>, crate::PluginError> {
    crate::testing::set_config(config);
    B::plan(job, request)
}

/// The ids of a plan, in order.
pub fn ids(plan: &[Question]) -> Vec<&str> {
    plan.iter().map(|q| q.id.as_str()).collect()
}

/// The questions of a plan in one section, in order.
pub fn of_kind(plan: &[Question], kind: QuestionKind) -> Vec<&Question> {
    plan.iter().filter(|q| q.kind == kind).collect()
}

/// Whether `question` measures `dimension`.
pub fn measures(question: &Question, dimension: &str) -> bool {
    question.dimensions.iter().any(|d| d == dimension)
}

/// The catalogue's question `id` as the kit plans it in `locale`.
///
/// # Panics
///
/// When the catalogue has no such question.
pub fn question(catalogue: &Catalogue, id: &str, locale: &str) -> Question {
    let entry = catalogue.entries.iter().find(|e| e.id == id);
    let mut item = Item::from_entry(entry.unwrap_or_else(|| panic!("the catalogue has no question {id:?}")));
    item.guides = catalogue.guide(id).map(|g| (g.zh.to_answer_guide(), g.en.to_answer_guide()));
    item.to_question(locale)
}

/// A typed answer to `question` in its locale.
pub fn answer(question: &Question, text: &str) -> Answer {
    Answer {
        question_id: question.id.clone(),
        text: text.to_owned(),
        transcribed: false,
        locale: question.locale.clone(),
        think_time_ms: 5_000,
        duration_ms: 90_000,
    }
}

/// Bank `B`'s follow-up to `text` answering `question`, for `job`.
///
/// # Panics
///
/// When the bank fails: a kit bank's follow-ups never do.
pub fn follow_up<B: QuestionBank>(job: &JobProfile, question: &Question, text: &str) -> Option<Question> {
    B::follow_up(job, question, &answer(question, text)).unwrap_or_else(|e| panic!("follow-up failed: {e:?}"))
}

/// Runs [`Conformance`]'s checks on bank `B` (built on `catalogue`, with its
/// `plugin.toml` and `README.md` text) for the three [`demo_jobs`], and panics
/// listing every problem found. Use the [`Conformance`] builder to add the
/// bank's own jobs, more seeds or another interview shape.
pub fn conformance<B: QuestionBank>(catalogue: &Catalogue, manifest: &str, readme: &str) {
    Conformance::new::<B>(catalogue, manifest, readme).check();
}

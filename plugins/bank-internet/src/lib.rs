//! Internet and product question bank: questions for product managers, operations and
//! engineers at internet companies on user focus (research, data, A/B tests), cross-team
//! collaboration, fast learning, ownership and working through rapid change, in Chinese and
//! English, planned from the job's competency model; with a follow-up when a launch or
//! experiment failed, or a product decision comes without evidence.
//!
//! The planning, the company's configuration and the follow-up matching are the
//! SDK's bank kit ([`panel_plugin_sdk::bank`]); this crate is the content.

pub mod follow_ups;
mod guides;
pub mod questions;

use panel_plugin_sdk::bank::{BankConfig, Catalogue};
use panel_plugin_sdk::{Answer, BankInfo, JobProfile, PlanRequest, PluginError, Question, QuestionBank, register};

/// The bank's questions and follow-up rules.
pub const CATALOGUE: Catalogue =
    Catalogue { entries: questions::ENTRIES, follow_ups: follow_ups::RULES, guides: guides::GUIDES };

/// The internet and product question bank.
#[derive(Debug)]
pub struct InternetBank;

impl QuestionBank for InternetBank {
    fn describe() -> BankInfo {
        CATALOGUE.info(
            "Internet and product question bank",
            "Behavioural, culture-fit and open questions for internet and product roles: user focus, cross-team collaboration, fast learning, ownership, rapid change.",
            &["internet"],
        )
    }

    fn plan(job: &JobProfile, request: &PlanRequest) -> Result<Vec<Question>, PluginError> {
        let config: BankConfig = panel_plugin_sdk::host::config()?;
        CATALOGUE.plan(job, request, &config)
    }

    fn follow_up(_job: &JobProfile, question: &Question, answer: &Answer) -> Result<Option<Question>, PluginError> {
        Ok(CATALOGUE.follow_up(question, answer))
    }
}

register!(question_bank: InternetBank);

#[cfg(test)]
mod tests;

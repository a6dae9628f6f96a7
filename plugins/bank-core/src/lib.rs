//! Core competency question bank: a self-introduction, behavioural (STAR)
//! questions on common competencies, culture-fit and open questions, in Chinese
//! and English, planned from the job's competency model; and a follow-up when an
//! answer tells of a failure or leaves out the result.
//!
//! The planning, the company's configuration and the follow-up matching are the
//! SDK's bank kit ([`panel_plugin_sdk::bank`]); this crate is its questions.

mod guides;
pub mod questions;

use panel_plugin_sdk::bank::{BankConfig, Catalogue};
use panel_plugin_sdk::{Answer, BankInfo, JobProfile, PlanRequest, PluginError, Question, QuestionBank, register};

/// The bank's questions and follow-up rules.
pub const CATALOGUE: Catalogue =
    Catalogue { entries: questions::ENTRIES, follow_ups: questions::FOLLOW_UPS, guides: guides::GUIDES };

/// The core competency bank.
#[derive(Debug)]
pub struct CoreBank;

impl QuestionBank for CoreBank {
    fn describe() -> BankInfo {
        CATALOGUE.info(
            "Core competency bank",
            "General behavioural, culture-fit and open questions on common competencies, in Chinese and English.",
            &[],
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

register!(question_bank: CoreBank);

#[cfg(test)]
mod tests;

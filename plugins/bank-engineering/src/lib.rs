//! Engineering and technical question bank: questions for software, hardware, civil and
//! mechanical engineers on professional skill (debugging, design decisions, depth), logical
//! reasoning, learning new technology, teamwork in reviews and responsibility for incidents
//! and quality, in Chinese and English, planned from the job's competency model; with a
//! follow-up when an incident story stops before its root cause, or an answer stays vague.
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

/// The engineering and technical question bank.
#[derive(Debug)]
pub struct EngineeringBank;

impl QuestionBank for EngineeringBank {
    fn describe() -> BankInfo {
        CATALOGUE.info(
            "Engineering and technical question bank",
            "Behavioural, culture-fit and open questions for engineers: professional skill, logical reasoning, learning, incidents and quality, teamwork in reviews.",
            &["engineering", "software", "hardware", "construction"],
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

register!(question_bank: EngineeringBank);

#[cfg(test)]
mod tests;

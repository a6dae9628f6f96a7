//! State-owned enterprise culture-fit bank (国企文化契合): the values an SOE
//! hires for (responsibility, loyalty, team before self, integrity, hard work,
//! carrying out decisions, following procedure) asked as behavioural STAR
//! questions and culture-fit questions, with a self-introduction and open
//! questions, in Chinese and English. Its follow-ups ask for a real event when
//! an answer only states attitudes, and for the cost when one tells of putting
//! the team first.
//!
//! Planning, the company's configuration and follow-up matching are the SDK's
//! bank kit ([`panel_plugin_sdk::bank`]); this crate is its questions and rules.

pub mod follow_ups;
mod guides;
pub mod questions;

use panel_plugin_sdk::bank::{BankConfig, Catalogue};
use panel_plugin_sdk::{Answer, BankInfo, JobProfile, PlanRequest, PluginError, Question, QuestionBank, register};

/// The bank's questions and follow-up rules.
pub const CATALOGUE: Catalogue =
    Catalogue { entries: questions::ENTRIES, follow_ups: follow_ups::FOLLOW_UPS, guides: guides::GUIDES };

/// The state-owned enterprise culture-fit bank.
#[derive(Debug)]
pub struct SoeBank;

impl QuestionBank for SoeBank {
    fn describe() -> BankInfo {
        CATALOGUE.info(
            "State-owned enterprise culture fit",
            "Behavioural and culture-fit questions on the values state-owned enterprises hire for: responsibility, \
             loyalty, team before self, integrity, hard work, carrying out decisions and following procedure.",
            &["state-owned-enterprise"],
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

register!(question_bank: SoeBank);

#[cfg(test)]
mod tests;

//! Retail and customer service question bank: questions for store staff, store supervisors
//! and call-centre agents on communication, empathy with upset customers, pressure at peak
//! hours and against targets, customer focus, teamwork on a shift and responsibility for
//! cash and stock, in Chinese and English, planned from the job's competency model; with a
//! follow-up when an answer blames the customer or a complaint story leaves out its ending.
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

/// The retail and customer service question bank.
#[derive(Debug)]
pub struct RetailServiceBank;

impl QuestionBank for RetailServiceBank {
    fn describe() -> BankInfo {
        CATALOGUE.info(
            "Retail and customer service question bank",
            "Behavioural, culture-fit and open questions for shops and customer service: communication, empathy, pressure, customer focus, teamwork on a shift.",
            &["retail", "customer-service"],
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

register!(question_bank: RetailServiceBank);

#[cfg(test)]
mod tests;

//! Manufacturing bank (制造业), for production supervisors, line leads and
//! quality engineers: bottlenecks and capacity improvement, shift teams, safety
//! incidents and near-misses, quality problems and root cause (5-Why, 8D),
//! breakdowns, handovers and cost, asked as behavioural STAR questions, with a
//! self-introduction, culture-fit and open questions, in Chinese and English.
//! Its follow-ups ask what was changed after a safety incident, what was
//! learned from a failure, and how an improvement was measured.
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

/// The manufacturing bank.
#[derive(Debug)]
pub struct ManufacturingBank;

impl QuestionBank for ManufacturingBank {
    fn describe() -> BankInfo {
        CATALOGUE.info(
            "Manufacturing bank",
            "Behavioural questions for production supervisors, line leads and quality engineers: bottlenecks and \
             capacity, shift teams, safety, quality and root cause, breakdowns, handovers and cost.",
            &["manufacturing"],
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

register!(question_bank: ManufacturingBank);

#[cfg(test)]
mod tests;

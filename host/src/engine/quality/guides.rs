//! The answer guides of the set's questions, from the banks they come from
//! (`source = "bank/question"`), as an interview would carry them: each
//! bank is asked through its public contract for every question it has in
//! each of the set's locales, and the set's question takes the guide of the
//! bank's question with its id. A question whose bank is not given, or
//! which the bank does not plan, keeps none.

use std::collections::BTreeMap;
use std::sync::Arc;

use super::set::EvaluationSet;
use crate::domain::{PlanRequest, QuestionKind, SectionRequest};
use crate::kinds::QuestionBank;

/// Questions asked of a bank per section: more than any bank has.
const EVERY_QUESTION: u32 = 500;

impl EvaluationSet {
    /// Fills in each question's guide per locale from `banks`; returns how
    /// many (question, locale) pairs got one.
    pub async fn take_guides(&mut self, banks: &[Arc<dyn QuestionBank>]) -> usize {
        let locales: Vec<String> = self.locales().into_iter().map(str::to_owned).collect();
        let mut taken = 0;
        for index in 0..self.questions.len() {
            let Some((bank_id, question_id)) = self.questions[index].source.split_once('/') else { continue };
            let Some(bank) = banks.iter().find(|b| b.plugin().id == bank_id) else { continue };
            let mut guides = BTreeMap::new();
            for locale in &locales {
                let Some(answer) = self.answers.iter().find(|a| a.question == self.questions[index].id) else {
                    continue;
                };
                let mut answer = answer.clone();
                answer.locale = locale.clone();
                let job = self.profile_for(&answer);
                let request = PlanRequest {
                    locale: locale.clone(),
                    sections: [QuestionKind::Behavioural, QuestionKind::CultureFit, QuestionKind::Open]
                        .into_iter()
                        .map(|kind| SectionRequest { kind, count: EVERY_QUESTION })
                        .collect(),
                    seed: 0,
                    exclude: Vec::new(),
                };
                let Ok(plan) = bank.plan(&job, &request).await else { continue };
                if let Some(guide) = plan.into_iter().find(|q| q.id == question_id).and_then(|q| q.guide) {
                    guides.insert(locale.clone(), guide);
                    taken += 1;
                }
            }
            self.questions[index].guides = guides;
        }
        taken
    }
}

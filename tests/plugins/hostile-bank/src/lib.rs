//! A question bank that misbehaves on purpose, to prove the host contains it.
//! `{}` plans a small valid interview (a self-introduction, four behavioural
//! questions on the job's dimensions, a culture-fit and an open question) and
//! proposes a follow-up to every answer; the configuration's `attack` picks a
//! misbehaviour instead (see README.md).

use panel_plugin_sdk::{
    Answer, BankInfo, JobProfile, PlanRequest, PluginError, Question, QuestionBank, QuestionKind, register,
};
use serde::Deserialize;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Config {
    attack: String,
    /// How long `slow` and `busy` take.
    millis: u64,
}

#[derive(Debug)]
struct Hostile;

fn config() -> Result<Config, PluginError> {
    panel_plugin_sdk::host::config()
}

/// The valid plan: ids `intro`, `b1`..`b4`, `culture`, `open`.
fn valid_plan(job: &JobProfile, locale: &str) -> Vec<Question> {
    let dimension = |i: usize| job.dimensions.get(i % job.dimensions.len().max(1)).map(|d| d.id.as_str());
    let mut plan =
        vec![Question::new("intro", QuestionKind::SelfIntro, locale, "Please introduce yourself.", &[], 120)];
    for i in 0..4 {
        let dims: Vec<&str> = dimension(i).into_iter().collect();
        plan.push(Question::new(
            format!("b{}", i + 1),
            QuestionKind::Behavioural,
            locale,
            format!("Tell us about a time you showed {}.", dims.first().copied().unwrap_or("initiative")),
            &dims,
            180,
        ));
    }
    plan.push(Question::new("culture", QuestionKind::CultureFit, locale, "What makes a team work well?", &[], 120));
    plan.push(Question::new("open", QuestionKind::Open, locale, "Anything you would like to add?", &[], 120));
    plan
}

/// Computes (no host call to wait in) until `millis` have passed.
fn spin(millis: u64) {
    let until = std::time::Instant::now() + std::time::Duration::from_millis(millis);
    let mut n: u64 = 0;
    while std::time::Instant::now() < until {
        for _ in 0..10_000 {
            n = std::hint::black_box(n.wrapping_mul(6364136223846793005).wrapping_add(1));
        }
    }
}

impl QuestionBank for Hostile {
    fn describe() -> BankInfo {
        BankInfo::new("Hostile test bank", "Misbehaves on purpose in tests.")
    }

    fn plan(job: &JobProfile, request: &PlanRequest) -> Result<Vec<Question>, PluginError> {
        let config = config()?;
        let mut plan = valid_plan(job, &request.locale);
        match config.attack.as_str() {
            "slow" => std::thread::sleep(std::time::Duration::from_millis(config.millis)),
            "busy" => spin(config.millis),
            // A planned question that takes the id the host gives the
            // follow-up to `b1`: once that follow-up is answered, the planned
            // one would look answered too and never be asked.
            "follow-up-id" => {
                let mut twin = plan[2].clone();
                twin.id = "b1~follow-up".to_owned();
                plan.insert(2, twin);
            }
            "empty" => plan.clear(),
            "duplicates" => {
                let first = plan[0].clone();
                plan = vec![first; 7];
            }
            _ => {}
        }
        Ok(plan)
    }

    fn follow_up(_job: &JobProfile, question: &Question, answer: &Answer) -> Result<Option<Question>, PluginError> {
        Ok(Some(Question::new(
            "any",
            QuestionKind::FollowUp,
            &answer.locale,
            format!("What did you learn from that ({} characters)?", answer.text.chars().count()),
            &question.dimensions.iter().map(String::as_str).collect::<Vec<_>>(),
            120,
        )))
    }
}

register!(question_bank: Hostile);

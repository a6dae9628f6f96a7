use panel_plugin_sdk::bank::{CONFIG_SCHEMA_TOML, DIMENSIONS};
use panel_plugin_sdk::testing::set_config;
use panel_plugin_sdk::{Dimension, QuestionKind, SectionRequest};

use super::*;

fn dimension(id: &str, weight: f32) -> Dimension {
    Dimension { id: id.to_owned(), name: id.to_owned(), weight, threshold: 6.0, labels: Vec::new() }
}

fn job() -> JobProfile {
    JobProfile {
        id: "job-1".to_owned(),
        title: "Production supervisor".to_owned(),
        industry: "manufacturing".to_owned(),
        locale: "zh-CN".to_owned(),
        key_role: false,
        dimensions: vec![
            dimension("teamwork", 0.2),
            dimension("problem-solving", 0.5),
            dimension("responsibility", 0.3),
        ],
        description: String::new(),
    }
}

fn request(locale: &str, seed: u64) -> PlanRequest {
    let section = |kind, count| SectionRequest { kind, count };
    PlanRequest {
        locale: locale.to_owned(),
        sections: vec![
            section(QuestionKind::SelfIntro, 1),
            section(QuestionKind::Behavioural, 4),
            section(QuestionKind::CultureFit, 1),
            section(QuestionKind::Open, 1),
        ],
        seed,
        exclude: Vec::new(),
    }
}

/// The plan the bank makes under `config` (JSON, as the host passes it).
fn plan(config: &str, request: &PlanRequest) -> Result<Vec<Question>, PluginError> {
    set_config(config);
    CoreBank::plan(&job(), request)
}

#[test]
fn every_question_and_rule_is_well_formed() {
    assert_eq!(CATALOGUE.problems(DIMENSIONS), Vec::<String>::new());
}

#[test]
fn the_manifest_declares_the_kits_configuration_schema() {
    assert!(include_str!("../plugin.toml").contains(CONFIG_SCHEMA_TOML), "copy CONFIG_SCHEMA_TOML into plugin.toml");
}

#[test]
fn describe_reports_both_locales_and_the_dimensions_covered() {
    let info = CoreBank::describe();
    assert_eq!(info.locales, ["zh-CN", "en"]);
    for dim in ["communication", "problem-solving", "responsibility", "teamwork", "integrity", "motivation"] {
        assert!(info.dimensions.iter().any(|d| d == dim), "{dim} missing from {:?}", info.dimensions);
    }
}

#[test]
fn plan_follows_the_requested_sections_in_order() {
    let plan = plan("{}", &request("en", 7)).expect("plan");
    let kinds: Vec<QuestionKind> = plan.iter().map(|q| q.kind).collect();
    use QuestionKind::*;
    assert_eq!(kinds, [SelfIntro, Behavioural, Behavioural, Behavioural, Behavioural, CultureFit, Open]);
    let mut ids: Vec<&str> = plan.iter().map(|q| q.id.as_str()).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), plan.len(), "a question was planned twice");
}

#[test]
fn behavioural_questions_cover_the_heaviest_dimensions_first() {
    let plan = plan("{}", &request("en", 3)).expect("plan");
    let behavioural: Vec<&Question> = plan.iter().filter(|q| q.kind == QuestionKind::Behavioural).collect();
    for (q, dim) in behavioural.iter().zip(["problem-solving", "responsibility", "teamwork"]) {
        assert!(q.dimensions.iter().any(|d| d == dim), "{} should measure {dim}", q.id);
    }
}

#[test]
fn the_same_seed_gives_the_same_plan_and_the_locale_picks_the_text() {
    let a = plan("{}", &request("zh-CN", 11)).expect("plan");
    let b = plan("{}", &request("zh-CN", 11)).expect("plan");
    assert_eq!(a, b);
    assert!(a[0].text.contains("自我介绍"), "{}", a[0].text);
    let en = plan("{}", &request("en", 11)).expect("plan");
    assert!(en[0].text.contains("introduce yourself"), "{}", en[0].text);
    assert_eq!(en[0].locale, "en");
}

#[test]
fn excluded_and_custom_questions_are_respected() {
    let config = r#"{
        "exclude": ["intro"],
        "questions": [{"id": "our-intro", "kind": "self-intro", "dimensions": ["communication"],
                       "zh": "请介绍一下你自己，以及你为什么想加入我们。", "time_limit_secs": 90}]
    }"#;
    let plan = plan(config, &request("en", 1)).expect("plan");
    assert_eq!(plan[0].id, "custom-our-intro");
    assert_eq!(plan[0].time_limit_secs, 90);
    // Only a Chinese text was given, so an English plan falls back to it.
    assert!(plan[0].text.contains("介绍"));
}

#[test]
fn a_value_and_a_section_cap_shape_the_culture_fit_section() {
    let config = r#"{"values": [{"id": "customer-first", "zh": "客户第一"}]}"#;
    let plan = plan(config, &request("zh-CN", 5)).expect("plan");
    let culture: Vec<&str> =
        plan.iter().filter(|q| q.kind == QuestionKind::CultureFit).map(|q| q.id.as_str()).collect();
    assert_eq!(culture, ["value-customer-first"]);

    let capped = self::plan(r#"{"sections": {"culture-fit": 0}}"#, &request("zh-CN", 5)).expect("plan");
    assert!(capped.iter().all(|q| q.kind != QuestionKind::CultureFit), "next to a culture-fit bank, none of ours");
}

#[test]
fn a_custom_question_of_unknown_kind_is_a_config_error_naming_the_field() {
    let config = r#"{"questions": [{"id": "x", "kind": "riddle", "dimensions": ["teamwork"], "en": "Why?"}]}"#;
    let err = plan(config, &request("en", 1)).expect_err("unknown kind");
    assert_eq!(err.code, "invalid-config");
    assert!(err.message.contains("questions[0].kind") && err.message.contains("riddle"), "{}", err.message);
}

#[test]
fn the_readme_configuration_example_plans() {
    let readme = include_str!("../README.md");
    let example = readme.split("```json\n").nth(1).and_then(|rest| rest.split("\n```").next()).expect("a json example");
    let plan = plan(example, &request("zh-CN", 1)).expect("plan");
    assert!(plan.iter().any(|q| q.id.starts_with("custom-") || q.id.starts_with("value-")), "{plan:?}");
}

fn answer(text: &str, locale: &str) -> Answer {
    Answer {
        question_id: "resp-failure".to_owned(),
        text: text.to_owned(),
        transcribed: false,
        locale: locale.to_owned(),
        think_time_ms: 5_000,
        duration_ms: 60_000,
    }
}

fn behavioural() -> Question {
    Question::new("resp-failure", QuestionKind::Behavioural, "zh-CN", "…", &["responsibility"], 180)
}

fn follow_up(question: &Question, answer: &Answer) -> Option<Question> {
    CoreBank::follow_up(&job(), question, answer).expect("follow-ups never fail")
}

#[test]
fn a_failure_story_gets_a_what_did_you_learn_follow_up() {
    let follow =
        follow_up(&behavioural(), &answer("那次项目最后失败了，因为我们低估了工作量。", "zh-CN")).expect("follow-up");
    assert_eq!(follow.kind, QuestionKind::FollowUp);
    assert_eq!(follow.id, "resp-failure.follow-up-learned");
    assert_eq!(follow.dimensions, ["learning", "responsibility"]);
    assert!(follow.text.contains("学到"), "{}", follow.text);
}

#[test]
fn an_answer_without_a_result_gets_asked_for_one() {
    let follow =
        follow_up(&behavioural(), &answer("I talked to the team and we made a plan.", "en")).expect("follow-up");
    assert_eq!(follow.id, "resp-failure.follow-up-result");
    assert_eq!(follow.dimensions, ["responsibility"]);
    assert_eq!(follow.text, "What was the result in the end, and how did you know?");
}

#[test]
fn a_complete_answer_a_non_behavioural_question_or_a_follow_up_gets_no_follow_up() {
    let done = answer("We changed the schedule and in the end output increased by 10%.", "en");
    assert_eq!(follow_up(&behavioural(), &done), None);
    let open = Question::new("open", QuestionKind::Open, "en", "…", &["motivation"], 60);
    assert_eq!(follow_up(&open, &answer("It failed.", "en")), None);
    let again = Question::new("resp-failure.follow-up-result", QuestionKind::FollowUp, "en", "…", &[], 120);
    assert_eq!(follow_up(&again, &answer("It failed.", "en")), None);
}

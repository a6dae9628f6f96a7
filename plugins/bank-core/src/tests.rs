use panel_plugin_sdk::{Dimension, SectionRequest};

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

fn bank_items() -> Vec<Item> {
    items(&Config::default(), &[]).expect("bank items")
}

#[test]
fn plan_follows_the_requested_sections_in_order() {
    let plan = plan_items(&job(), &request("en", 7), &bank_items());
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
    let plan = plan_items(&job(), &request("en", 3), &bank_items());
    let behavioural: Vec<&Question> = plan.iter().filter(|q| q.kind == QuestionKind::Behavioural).collect();
    let first = behavioural[0];
    assert!(first.dimensions.iter().any(|d| d == "problem-solving"), "first was {:?}", first.dimensions);
    for dim in ["problem-solving", "responsibility", "teamwork"] {
        assert!(
            behavioural.iter().any(|q| q.dimensions.iter().any(|d| d == dim)),
            "{dim} is not covered by {:?}",
            behavioural.iter().map(|q| &q.id).collect::<Vec<_>>()
        );
    }
}

#[test]
fn the_same_seed_gives_the_same_plan_and_the_locale_picks_the_text() {
    let items = bank_items();
    let a = plan_items(&job(), &request("zh-CN", 11), &items);
    let b = plan_items(&job(), &request("zh-CN", 11), &items);
    assert_eq!(a, b);
    assert!(a[0].text.contains("自我介绍"), "{}", a[0].text);
    let en = plan_items(&job(), &request("en", 11), &items);
    assert!(en[0].text.contains("introduce yourself"), "{}", en[0].text);
    assert_eq!(en[0].locale, "en");
}

#[test]
fn excluded_and_custom_questions_are_respected() {
    let config = Config {
        exclude: vec!["intro".to_owned()],
        questions: vec![CustomQuestion {
            id: "our-intro".to_owned(),
            kind: "self-intro".to_owned(),
            dimensions: vec!["communication".to_owned()],
            zh: Some("请介绍一下你自己，以及你为什么想加入我们。".to_owned()),
            en: None,
            time_limit_secs: 90,
        }],
    };
    let items = items(&config, &[]).expect("items");
    let plan = plan_items(&job(), &request("en", 1), &items);
    assert_eq!(plan[0].id, "custom-our-intro");
    assert_eq!(plan[0].time_limit_secs, 90);
    // Only a Chinese text was given, so an English plan falls back to it.
    assert!(plan[0].text.contains("介绍"));
}

#[test]
fn a_custom_question_of_unknown_kind_is_a_config_error_naming_the_field() {
    let config = Config {
        exclude: Vec::new(),
        questions: vec![CustomQuestion {
            id: "x".to_owned(),
            kind: "riddle".to_owned(),
            dimensions: Vec::new(),
            zh: None,
            en: Some("Why?".to_owned()),
            time_limit_secs: 60,
        }],
    };
    let err = items(&config, &[]).expect_err("unknown kind");
    assert_eq!(err.code, "invalid-config");
    assert!(err.message.contains("questions[].kind") && err.message.contains("riddle"), "{}", err.message);
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

#[test]
fn a_failure_story_gets_a_what_did_you_learn_follow_up() {
    let follow = follow_up_for(&behavioural(), &answer("那次项目最后失败了，因为我们低估了工作量。", "zh-CN"))
        .expect("follow-up");
    assert_eq!(follow.kind, QuestionKind::FollowUp);
    assert_eq!(follow.id, "resp-failure.follow-up-learned");
    assert!(follow.text.contains("学到"), "{}", follow.text);
}

#[test]
fn an_answer_without_a_result_gets_asked_for_one() {
    let follow =
        follow_up_for(&behavioural(), &answer("I talked to the team and we made a plan.", "en")).expect("follow-up");
    assert_eq!(follow.id, "resp-failure.follow-up-result");
    assert_eq!(follow.dimensions, ["responsibility"]);
}

#[test]
fn a_complete_answer_or_a_non_behavioural_question_gets_no_follow_up() {
    let done = answer("We changed the schedule and in the end output increased by 10%.", "en");
    assert_eq!(follow_up_for(&behavioural(), &done), None);
    let open = Question::new("open", QuestionKind::Open, "en", "…", &[], 60);
    assert_eq!(follow_up_for(&open, &answer("It failed.", "en")), None);
}

//! What is this bank's own: its themes and its follow-up rules on realistic
//! answers. Everything that holds for any bank on the kit is the SDK's
//! conformance check.

use panel_plugin_sdk::QuestionKind;
use panel_plugin_sdk::bank::testing;

use super::*;

#[test]
fn conforms_to_the_bank_kit() {
    testing::conformance::<CoreBank>(&CATALOGUE, include_str!("../plugin.toml"), include_str!("../README.md"));
}

#[test]
fn describe_reports_the_common_competencies() {
    let info = CoreBank::describe();
    assert!(info.industries.is_empty(), "a bank for every industry: {:?}", info.industries);
    for dim in ["communication", "problem-solving", "responsibility", "teamwork", "integrity", "motivation"] {
        assert!(info.dimensions.iter().any(|d| d == dim), "{dim} missing from {:?}", info.dimensions);
    }
}

/// The bank's follow-up to `text` answering its question `id` in `locale`.
fn follow_up(id: &str, text: &str, locale: &str) -> Option<Question> {
    let question = testing::question(&CATALOGUE, id, locale);
    testing::follow_up::<CoreBank>(&testing::production_supervisor(), &question, text)
}

#[test]
fn a_failure_story_gets_a_what_did_you_learn_follow_up() {
    let follow = follow_up("resp-failure", "那次项目最后失败了，因为我们低估了工作量。", "zh-CN").expect("a follow-up");
    assert_eq!(follow.kind, QuestionKind::FollowUp);
    assert_eq!(follow.id, "resp-failure.follow-up-learned");
    assert_eq!(follow.dimensions, ["learning", "responsibility"]);
    assert!(follow.text.contains("学到"), "{}", follow.text);
}

#[test]
fn an_answer_without_a_result_gets_asked_for_one() {
    let follow = follow_up("team-conflict", "I talked to the team and we made a plan.", "en").expect("a follow-up");
    assert_eq!(follow.id, "team-conflict.follow-up-result");
    assert_eq!(follow.dimensions, ["teamwork", "communication"], "the question's own dimensions");
    assert_eq!(follow.text, "What was the result in the end, and how did you know?");
}

#[test]
fn a_result_told_in_the_candidates_own_words_is_not_asked_for_again() {
    let told = [
        ("在门店做店长时，自提区总排长队，我按手机尾号重新分了货架，那个月投诉量下降了三成。", "zh-CN"),
        ("我们把设备进场顺序重新排了，项目按期完工，额外成本控制在预算的百分之二以内。", "zh-CN"),
        ("I re-sequenced the deliveries with the civils team, and we shipped two days early.", "en"),
    ];
    for (text, locale) in told {
        assert_eq!(follow_up("team-conflict", text, locale), None, "{text}");
    }
}

#[test]
fn a_complete_answer_a_non_behavioural_question_or_a_follow_up_gets_no_follow_up() {
    let done = "We changed the schedule and in the end output increased by 10%.";
    assert_eq!(follow_up("resp-failure", done, "en"), None);
    assert_eq!(follow_up("open-why-role", "It failed.", "en"), None);
    let again = follow_up("resp-failure", "I talked to my manager.", "en").expect("a follow-up");
    assert_eq!(again.id, "resp-failure.follow-up-result");
    assert_eq!(testing::follow_up::<CoreBank>(&testing::production_supervisor(), &again, "It failed."), None);
}

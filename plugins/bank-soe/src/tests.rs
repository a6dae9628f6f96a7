//! What is this bank's own: the SOE role it is written for, its themes and its
//! follow-up rules on realistic answers. Everything that holds for any bank on
//! the kit is the SDK's conformance check.

use panel_plugin_sdk::QuestionKind::{Behavioural, CultureFit, FollowUp, Open, SelfIntro};
use panel_plugin_sdk::bank::testing;

use super::*;

/// An SOE office administrator, besides the demo jobs.
fn office_administrator() -> JobProfile {
    testing::job(
        "Office administrator",
        "state-owned-enterprise",
        &[("integrity", 0.3), ("team-first", 0.25), ("responsibility", 0.25), ("loyalty", 0.2)],
    )
}

#[test]
fn conforms_to_the_bank_kit_for_the_demo_jobs_and_an_soe_role() {
    testing::Conformance::new::<SoeBank>(&CATALOGUE, include_str!("../plugin.toml"), include_str!("../README.md"))
        .job(office_administrator())
        .sections(&[(SelfIntro, 1), (Behavioural, 5), (CultureFit, 1), (Open, 1)])
        .seeds(40)
        .check();
}

#[test]
fn describe_reports_the_soe_values_it_measures() {
    let info = SoeBank::describe();
    assert!(questions::ENTRIES.len() >= 14, "only {} questions", questions::ENTRIES.len());
    assert_eq!(info.industries, ["state-owned-enterprise"]);
    for dim in ["responsibility", "loyalty", "team-first", "integrity", "culture-fit", "stress-tolerance"] {
        assert!(info.dimensions.iter().any(|d| d == dim), "{dim} missing from {:?}", info.dimensions);
    }
}

/// The bank's follow-up to `text` answering its question `id` in `locale`.
fn follow_up(id: &str, text: &str, locale: &str) -> Option<Question> {
    let question = testing::question(&CATALOGUE, id, locale);
    testing::follow_up::<SoeBank>(&office_administrator(), &question, text)
}

#[test]
fn an_answer_of_attitudes_only_is_asked_for_a_real_event() {
    let zh = follow_up(
        "soe-collective-first",
        "我一直认为集体利益高于个人利益，遇到冲突的时候我会优先考虑团队，这是做人做事的基本原则。",
        "zh-CN",
    )
    .expect("a follow-up");
    assert_eq!((zh.id.as_str(), zh.kind), ("soe-collective-first.follow-up-specific-time", FollowUp));
    assert!(zh.text.contains("具体事例"), "{}", zh.text);
    assert_eq!(zh.dimensions, ["team-first", "teamwork"], "the question's own dimensions");

    let en =
        follow_up("soe-culture-gift", "I believe you should always refuse gifts, integrity matters most to me.", "en")
            .expect("a follow-up");
    assert_eq!(en.id, "soe-culture-gift.follow-up-specific-time");
    assert!(en.text.starts_with("You have told us what you believe."), "{}", en.text);
}

#[test]
fn putting_the_team_first_is_asked_what_it_cost() {
    let zh = follow_up(
        "soe-collective-first",
        "去年年底部门冲刺全年任务，我本来已经请好了年假回老家，当时考虑到大局，我取消了休假留下来加班，最后任务按期完成了。",
        "zh-CN",
    )
    .expect("a follow-up");
    assert_eq!(zh.id, "soe-collective-first.follow-up-cost");
    assert!(zh.text.contains("代价"), "{}", zh.text);
    assert_eq!(zh.dimensions, ["team-first", "loyalty"]);

    let en = follow_up(
        "soe-collective-first",
        "Last year, when our plant was short-handed, I gave up a promotion interview to stay on the project. In the end we delivered on time.",
        "en",
    )
    .expect("a follow-up");
    assert_eq!(en.id, "soe-collective-first.follow-up-cost");
}

#[test]
fn a_story_without_an_ending_is_asked_for_the_result() {
    let follow = follow_up(
        "soe-hard-task",
        "有一次单位要做一个档案数字化项目，没人愿意接，我主动报了名，白天做本职工作，晚上整理资料。",
        "zh-CN",
    )
    .expect("a follow-up");
    assert_eq!(follow.id, "soe-hard-task.follow-up-result");
}

#[test]
fn a_complete_answer_or_a_follow_up_gets_none() {
    let complete = "那次是去年汛期，单位抽调人员去一线值守，我当时主动报名，放弃了休假。代价是错过了孩子的家长会，\
                    但我觉得值得，再来一次也会这样选。最后我们连续值守二十天，没有出现任何险情。";
    assert_eq!(follow_up("soe-collective-first", complete, "zh-CN"), None);
    let complete_en = "Last year our team had to finish an audit in two weeks. At the time I was due for leave, so I \
                       postponed it and ran the document checks. In the end we passed with no findings, and it was worth it.";
    assert_eq!(follow_up("soe-collective-first", complete_en, "en"), None);
    let attitude = "我一直认为集体利益高于个人利益。";
    let again = follow_up("soe-collective-first", attitude, "zh-CN").expect("a follow-up");
    assert_eq!(testing::follow_up::<SoeBank>(&office_administrator(), &again, attitude), None);
    assert_eq!(follow_up("soe-open-five-years", "我觉得应该踏实干。", "zh-CN"), None);
}

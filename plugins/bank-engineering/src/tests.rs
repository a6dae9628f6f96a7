//! What is this bank's own: its themes, its agreed time limits and its
//! follow-up rules on realistic answers. Everything that holds for any bank on
//! the kit is the SDK's conformance check.

use panel_plugin_sdk::QuestionKind;
use panel_plugin_sdk::bank::testing;

use super::*;

/// Not a demo job: the engineer this bank is written for.
fn software_engineer() -> JobProfile {
    testing::job(
        "Software engineer",
        "software",
        &[("professional-skill", 0.35), ("logical-reasoning", 0.25), ("learning", 0.2), ("teamwork", 0.2)],
    )
}

#[test]
fn conforms_to_the_bank_kit() {
    testing::Conformance::new::<EngineeringBank>(
        &CATALOGUE,
        include_str!("../plugin.toml"),
        include_str!("../README.md"),
    )
    .job(software_engineer())
    .check();
}

#[test]
fn every_section_has_enough_questions_with_the_agreed_time_limits() {
    let of = |kind| questions::ENTRIES.iter().filter(move |e| e.kind == kind);
    assert_eq!(of(QuestionKind::SelfIntro).count(), 1);
    assert!(of(QuestionKind::Behavioural).count() >= 10);
    assert!(of(QuestionKind::CultureFit).count() >= 2);
    assert!(of(QuestionKind::Open).count() >= 2);
    for e in questions::ENTRIES {
        let allowed = match e.kind {
            QuestionKind::Behavioural => 180..=240,
            QuestionKind::CultureFit => 120..=180,
            _ => 120..=120,
        };
        assert!(allowed.contains(&e.time_limit_secs), "{}: {} s", e.id, e.time_limit_secs);
    }
}

#[test]
fn the_bank_covers_its_own_themes() {
    let info = EngineeringBank::describe();
    assert_eq!(info.industries, ["engineering", "software", "hardware", "construction"]);
    for theme in
        ["professional-skill", "logical-reasoning", "learning", "problem-solving", "teamwork", "responsibility"]
    {
        assert!(info.dimensions.iter().any(|d| d == theme), "{theme} missing from {:?}", info.dimensions);
    }
}

/// The bank's follow-up to `text` answering its question `question_id` in `locale`.
fn follow_up(question_id: &str, text: &str, locale: &str) -> Option<Question> {
    let question = testing::question(&CATALOGUE, question_id, locale);
    testing::follow_up::<EngineeringBank>(&software_engineer(), &question, text)
}

fn follow_up_id(question_id: &str, text: &str, locale: &str) -> Option<String> {
    follow_up(question_id, text, locale).map(|q| q.id)
}

#[test]
fn an_incident_story_is_asked_for_its_root_cause_and_what_was_changed() {
    let zh = follow_up(
        "resp-incident",
        "双十一当晚订单服务宕机了二十分钟，我接到告警后先扩容，又把有问题的版本回滚，服务很快就恢复了。",
        "zh-CN",
    )
    .expect("a follow-up");
    assert_eq!(zh.id, "resp-incident.follow-up-root-cause");
    assert_eq!(zh.kind, QuestionKind::FollowUp);
    assert!(zh.text.contains("根本原因"), "{}", zh.text);
    assert_eq!(zh.dimensions, ["responsibility", "problem-solving"]);

    let en = follow_up(
        "resp-incident",
        "We had an outage on the payment API during a release. I was paged, rolled back the deploy and traffic recovered within ten minutes.",
        "en",
    )
    .expect("a follow-up");
    assert_eq!(en.id, "resp-incident.follow-up-root-cause");
    assert!(en.text.contains("root cause"), "{}", en.text);

    let reviewed =
        "线上故障的根因是连接池配置太小。复盘后我们把连接池参数纳入了发布检查，还加了监控，之后再也没出现过。";
    assert_eq!(follow_up_id("resp-incident", reviewed, "zh-CN"), None);
    let reviewed_en = "The outage came from a missing index. We added a migration check to CI to prevent it, and it has not happened since.";
    assert_eq!(follow_up_id("resp-incident", reviewed_en, "en"), None);
}

#[test]
fn a_vague_technical_answer_is_asked_for_the_decision_and_its_alternatives() {
    let zh =
        follow_up("skill-hard-bug", "那个接口一直很慢，我做了一些优化，后来就好了。", "zh-CN").expect("a follow-up");
    assert_eq!(zh.id, "skill-hard-bug.follow-up-specifics");
    assert!(zh.text.contains("其他方案"), "{}", zh.text);
    assert_eq!(zh.dimensions, ["professional-skill", "logical-reasoning"]);

    let en = follow_up(
        "skill-design-decision",
        "The build was slow, so I made some changes to the pipeline and fixed it.",
        "en",
    )
    .expect("a follow-up");
    assert_eq!(en.id, "skill-design-decision.follow-up-specifics");
    assert!(en.text.contains("alternatives"), "{}", en.text);

    let specific = "我做了一些优化：对比了加缓存和拆分数据库两种方案，最后选了 Redis 缓存，因为改动小、风险低，接口延迟从 800 毫秒降到了 120 毫秒。";
    assert_eq!(follow_up_id("skill-hard-bug", specific, "zh-CN"), None);
    let specific_en = "I made some changes: we could shard the table or add a read replica, and chose the replica rather than sharding because the writes were light.";
    assert_eq!(follow_up_id("skill-design-decision", specific_en, "en"), None);
}

#[test]
fn an_answer_gets_at_most_one_follow_up_and_only_to_a_behavioural_question() {
    // An incident told vaguely: the incident is asked about.
    let both = "服务挂了，我改了一下配置就好了。";
    assert_eq!(follow_up_id("resp-incident", both, "zh-CN").as_deref(), Some("resp-incident.follow-up-root-cause"));
    assert_eq!(follow_up_id("culture-delay-for-risk", "I fixed it and accepted the outage risk.", "en"), None);
    assert_eq!(follow_up_id("open-proudest-work", "我做了一些优化。", "zh-CN"), None);
}

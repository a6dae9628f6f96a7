//! What is this bank's own: its themes, its agreed time limits and its
//! follow-up rules on realistic answers. Everything that holds for any bank on
//! the kit is the SDK's conformance check.

use panel_plugin_sdk::QuestionKind;
use panel_plugin_sdk::bank::testing;

use super::*;

#[test]
fn conforms_to_the_bank_kit() {
    testing::conformance::<InternetBank>(&CATALOGUE, include_str!("../plugin.toml"), include_str!("../README.md"));
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
    let info = InternetBank::describe();
    assert_eq!(info.industries, ["internet"]);
    for theme in ["user-focus", "communication", "teamwork", "learning", "responsibility", "stress-tolerance"] {
        assert!(info.dimensions.iter().any(|d| d == theme), "{theme} missing from {:?}", info.dimensions);
    }
}

/// The bank's follow-up to `text` answering its question `question_id` in `locale`.
fn follow_up(question_id: &str, text: &str, locale: &str) -> Option<Question> {
    let question = testing::question(&CATALOGUE, question_id, locale);
    testing::follow_up::<InternetBank>(&testing::product_manager(), &question, text)
}

fn follow_up_id(question_id: &str, text: &str, locale: &str) -> Option<String> {
    follow_up(question_id, text, locale).map(|q| q.id)
}

#[test]
fn a_failed_launch_or_experiment_is_asked_what_was_learned() {
    let zh = follow_up(
        "user-ab-test",
        "我们做了一个新的推荐位实验，跑了两周，结果转化反而是负向的，最后只好下线了。",
        "zh-CN",
    )
    .expect("a follow-up");
    assert_eq!(zh.id, "user-ab-test.follow-up-learned");
    assert_eq!(zh.kind, QuestionKind::FollowUp);
    assert!(zh.text.contains("学到"), "{}", zh.text);
    assert_eq!(zh.dimensions, ["learning", "responsibility"]);

    let en = follow_up(
        "own-launch-problem",
        "We launched the new onboarding flow and it flopped: sign-ups dropped, so we rolled back after a week.",
        "en",
    )
    .expect("a follow-up");
    assert_eq!(en.id, "own-launch-problem.follow-up-learned");
    assert!(en.text.contains("learn"), "{}", en.text);

    let reflected = "实验失败了，但我学到了一点：假设要先用小流量验证。从那以后我每个实验都会先做灰度。";
    assert_eq!(follow_up_id("user-ab-test", reflected, "zh-CN"), None);
    let reflected_en = "The test failed. The lesson I took was to size the effect first; since then I always run a power calculation with the data team.";
    assert_eq!(follow_up_id("user-ab-test", reflected_en, "en"), None);
}

#[test]
fn a_product_decision_without_evidence_is_asked_how_it_was_known() {
    let zh = follow_up(
        "collab-priorities",
        "当时我觉得首页太乱了，就决定做一次改版，说服研发排进了下个版本，两周后顺利上线。",
        "zh-CN",
    )
    .expect("a follow-up");
    assert_eq!(zh.id, "collab-priorities.follow-up-evidence");
    assert!(zh.text.contains("指标"), "{}", zh.text);
    assert_eq!(zh.dimensions, ["user-focus", "problem-solving"]);

    let en =
        follow_up("change-cut-scope", "I decided to drop the sharing feature and we shipped the rest on time.", "en")
            .expect("a follow-up");
    assert_eq!(en.id, "change-cut-scope.follow-up-evidence");
    assert!(en.text.contains("metric"), "{}", en.text);

    let with_data = "埋点数据显示 60% 的用户只用搜索，所以我决定做首页改版，上线后搜索转化提升了 12%。";
    assert_eq!(follow_up_id("user-data-decision", with_data, "zh-CN"), None);
    let with_data_en = "Retention data showed new users never found the editor, so we launched a guided tour; week-one retention rose 8 percent.";
    assert_eq!(follow_up_id("user-data-decision", with_data_en, "en"), None);
}

#[test]
fn an_answer_gets_at_most_one_follow_up_and_only_to_a_behavioural_question() {
    // Both a failure and a decision without evidence: the failure is asked about.
    let both = "我决定上线这个新功能，结果完全失败了。";
    assert_eq!(follow_up_id("user-real-need", both, "zh-CN").as_deref(), Some("user-real-need.follow-up-learned"));
    assert_eq!(follow_up_id("open-improve-product", "我会推出一个新功能，哪怕失败也值得。", "zh-CN"), None);
    assert_eq!(follow_up_id("culture-fast-pace", "I once shipped a feature that failed.", "en"), None);
}

//! What is this bank's own: the plant roles it is written for, its themes and
//! its follow-up rules on realistic answers. Everything that holds for any bank
//! on the kit is the SDK's conformance check.

use panel_plugin_sdk::QuestionKind::{Behavioural, CultureFit, FollowUp, Open, SelfIntro};
use panel_plugin_sdk::bank::testing;

use super::*;

/// Plant roles besides the demo production supervisor, heaviest dimension first.
fn plant_roles() -> [JobProfile; 2] {
    [
        testing::job(
            "Line lead",
            "manufacturing",
            &[("safety", 0.3), ("leadership", 0.25), ("teamwork", 0.25), ("communication", 0.2)],
        ),
        testing::job(
            "Quality engineer",
            "manufacturing",
            &[
                ("problem-solving", 0.4),
                ("professional-skill", 0.3),
                ("continuous-improvement", 0.2),
                ("communication", 0.1),
            ],
        ),
    ]
}

#[test]
fn conforms_to_the_bank_kit_for_the_demo_jobs_and_plant_roles() {
    testing::Conformance::new::<ManufacturingBank>(
        &CATALOGUE,
        include_str!("../plugin.toml"),
        include_str!("../README.md"),
    )
    .jobs(testing::demo_jobs().into_iter().chain(plant_roles()))
    .sections(&[(SelfIntro, 1), (Behavioural, 5), (CultureFit, 1), (Open, 1)])
    .seeds(40)
    .check();
}

#[test]
fn describe_reports_the_plant_dimensions_it_measures() {
    let info = ManufacturingBank::describe();
    assert!(questions::ENTRIES.len() >= 16, "only {} questions", questions::ENTRIES.len());
    assert_eq!(info.industries, ["manufacturing"]);
    for dim in [
        "problem-solving",
        "teamwork",
        "responsibility",
        "communication",
        "safety",
        "continuous-improvement",
        "leadership",
        "professional-skill",
    ] {
        assert!(info.dimensions.iter().any(|d| d == dim), "{dim} missing from {:?}", info.dimensions);
    }
}

/// The bank's follow-up to `text` answering its question `id` in `locale`.
fn follow_up(id: &str, text: &str, locale: &str) -> Option<Question> {
    let question = testing::question(&CATALOGUE, id, locale);
    testing::follow_up::<ManufacturingBank>(&testing::production_supervisor(), &question, text)
}

#[test]
fn a_safety_incident_is_asked_what_changed_so_it_cannot_recur() {
    let zh = follow_up(
        "mfg-near-miss",
        "有一次冲压线的光幕被人短接了，一名操作工的手差一点被夹伤，属于未遂事件。我马上停线，恢复了光幕，并对全班做了安全教育。",
        "zh-CN",
    )
    .expect("a follow-up");
    assert_eq!((zh.id.as_str(), zh.kind), ("mfg-near-miss.follow-up-prevent-recurrence", FollowUp));
    assert!(zh.text.contains("不会再发生"), "{}", zh.text);
    assert_eq!(zh.dimensions, ["safety", "continuous-improvement"]);

    let en = follow_up(
        "mfg-near-miss",
        "A forklift nearly hit a picker in aisle 3, a near miss. I stopped the area and talked to both drivers.",
        "en",
    )
    .expect("a follow-up");
    assert_eq!(en.id, "mfg-near-miss.follow-up-prevent-recurrence");
}

#[test]
fn a_failure_is_asked_what_was_learned() {
    let zh =
        follow_up("mfg-quality-root-cause", "那次换线后首件没做好，整批外壳尺寸超差，最后批量报废了两千件。", "zh-CN")
            .expect("a follow-up");
    assert_eq!(zh.id, "mfg-quality-root-cause.follow-up-learned");
    assert!(zh.text.contains("学到"), "{}", zh.text);
}

#[test]
fn an_improvement_without_figures_is_asked_how_it_was_measured() {
    let zh = follow_up(
        "mfg-bottleneck",
        "二号线的包装工序一直堆料，我带着班组重新平衡了工位，又把纸箱预折提前到上一道工序，效率提升了很多，最后大家都很满意。",
        "zh-CN",
    )
    .expect("a follow-up");
    assert_eq!(zh.id, "mfg-bottleneck.follow-up-measured");
    assert!(zh.text.contains("OEE"), "{}", zh.text);
    let en = follow_up(
        "mfg-capacity-project",
        "We ran a SMED workshop on the moulding machines and changeovers got much faster, so the team was happy in the end.",
        "en",
    )
    .expect("a follow-up");
    assert_eq!(en.id, "mfg-capacity-project.follow-up-measured");
    assert_eq!(en.dimensions, ["continuous-improvement"]);
}

#[test]
fn a_complete_measured_answer_an_open_question_or_a_follow_up_gets_none() {
    let complete = "去年三月二号线的包装工序是瓶颈，我用秒表测了每个工位的节拍，重新平衡了工位，\
                    节拍从 62 秒降到 48 秒，每班产量提升了 18%。";
    assert_eq!(follow_up("mfg-bottleneck", complete, "zh-CN"), None);
    let complete_en = "Changeovers on press 4 took 55 minutes. We moved die preparation outside the stop and went from \
                       55 to 22 minutes, which raised OEE by 6 points.";
    assert_eq!(follow_up("mfg-capacity-project", complete_en, "en"), None);
    assert_eq!(follow_up("mfg-open-why", "我以前的项目失败过。", "zh-CN"), None);
    let near_miss = "有一次叉车差点撞到拣货员，属于未遂事件。";
    let again = follow_up("mfg-near-miss", near_miss, "zh-CN").expect("a follow-up");
    assert_eq!(testing::follow_up::<ManufacturingBank>(&testing::production_supervisor(), &again, near_miss), None);
}

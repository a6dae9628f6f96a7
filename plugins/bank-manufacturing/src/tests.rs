use panel_plugin_sdk::QuestionKind::{self, Behavioural, CultureFit, FollowUp, Open, SelfIntro};
use panel_plugin_sdk::bank::{CONFIG_SCHEMA_TOML, DIMENSIONS};
use panel_plugin_sdk::testing::set_config;
use panel_plugin_sdk::{Dimension, SectionRequest};

use super::*;

/// A job with this competency model, heaviest dimension first.
fn job(title: &str, model: &[(&str, f32)]) -> JobProfile {
    JobProfile {
        id: "job-1".to_owned(),
        title: title.to_owned(),
        industry: "manufacturing".to_owned(),
        locale: "zh-CN".to_owned(),
        key_role: false,
        dimensions: model
            .iter()
            .map(|&(id, weight)| Dimension {
                id: id.to_owned(),
                name: id.to_owned(),
                weight,
                threshold: 6.0,
                labels: Vec::new(),
            })
            .collect(),
        description: String::new(),
    }
}

/// The host's demo production supervisor, and two other plant roles.
fn jobs() -> Vec<JobProfile> {
    vec![
        job(
            "Production supervisor",
            &[("problem-solving", 0.35), ("teamwork", 0.25), ("responsibility", 0.25), ("communication", 0.15)],
        ),
        job("Line lead", &[("safety", 0.3), ("leadership", 0.25), ("teamwork", 0.25), ("communication", 0.2)]),
        job(
            "Quality engineer",
            &[
                ("problem-solving", 0.4),
                ("professional-skill", 0.3),
                ("continuous-improvement", 0.2),
                ("communication", 0.1),
            ],
        ),
    ]
}

/// What the host asks a bank for with its default plan shape.
fn request(locale: &str, seed: u64) -> PlanRequest {
    let section = |kind, count| SectionRequest { kind, count };
    PlanRequest {
        locale: locale.to_owned(),
        sections: vec![section(SelfIntro, 1), section(Behavioural, 5), section(CultureFit, 1), section(Open, 1)],
        seed,
        exclude: Vec::new(),
    }
}

fn plan(config: &str, job: &JobProfile, request: &PlanRequest) -> Vec<Question> {
    set_config(config);
    ManufacturingBank::plan(job, request).expect("a plan")
}

#[test]
fn every_question_and_rule_is_well_formed() {
    assert_eq!(CATALOGUE.problems(DIMENSIONS), Vec::<String>::new());
    assert!(questions::ENTRIES.len() >= 16, "only {} questions", questions::ENTRIES.len());
}

#[test]
fn the_manifest_declares_the_kits_configuration_schema() {
    assert!(include_str!("../plugin.toml").contains(CONFIG_SCHEMA_TOML), "copy CONFIG_SCHEMA_TOML into plugin.toml");
}

#[test]
fn describe_reports_the_plant_dimensions_it_measures() {
    let info = ManufacturingBank::describe();
    assert_eq!(info.locales, ["zh-CN", "en"]);
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

#[test]
fn plans_for_every_plant_role_cover_its_dimensions_heaviest_first() {
    for job in jobs() {
        for seed in 0..40 {
            let plan = plan("{}", &job, &request("zh-CN", seed));
            let behavioural: Vec<&Question> = plan.iter().filter(|q| q.kind == Behavioural).collect();
            assert_eq!(behavioural.len(), 5, "{}", job.title);
            for (q, dim) in behavioural.iter().zip(&job.dimensions) {
                assert!(
                    q.dimensions.contains(&dim.id),
                    "{} seed {seed}: {} should measure {}",
                    job.title,
                    q.id,
                    dim.id
                );
            }
            let kinds: Vec<QuestionKind> = plan.iter().map(|q| q.kind).collect();
            assert_eq!(kinds.first(), Some(&SelfIntro));
            assert_eq!(kinds[kinds.len() - 2..], [CultureFit, Open], "{}", job.title);
        }
    }
}

#[test]
fn the_locale_picks_the_text_and_the_seed_the_questions() {
    let job = &jobs()[0];
    let zh = plan("{}", job, &request("zh-CN", 21));
    let en = plan("{}", job, &request("en", 21));
    assert_eq!(zh.iter().map(|q| &q.id).collect::<Vec<_>>(), en.iter().map(|q| &q.id).collect::<Vec<_>>());
    assert!(zh[0].text.contains("生产一线"), "{}", zh[0].text);
    assert!(en[0].text.contains("production"), "{}", en[0].text);
    assert_eq!(zh, plan("{}", job, &request("zh-CN", 21)));
}

#[test]
fn a_plant_adds_its_own_question_and_drops_one_of_ours() {
    let config = r#"{
        "exclude": ["mfg-culture-shift-work", "mfg-culture-safety-first"],
        "questions": [{"id": "lockout", "kind": "behavioural", "dimensions": ["safety"],
                       "zh": "请讲一次你执行上锁挂牌（LOTO）程序的经历。"}]
    }"#;
    let plan = plan(config, &jobs()[1], &request("zh-CN", 3));
    let ids: Vec<&str> = plan.iter().map(|q| q.id.as_str()).collect();
    assert_eq!(ids[1], "custom-lockout", "{ids:?}");
    assert!(ids.contains(&"mfg-culture-borderline-batch"), "the one culture-fit question left: {ids:?}");
}

#[test]
fn the_readme_configuration_example_plans() {
    let readme = include_str!("../README.md");
    let example = readme.split("```json\n").nth(1).and_then(|rest| rest.split("\n```").next()).expect("a json example");
    let plan = plan(example, &jobs()[0], &request("zh-CN", 1));
    assert!(plan.iter().any(|q| q.id.starts_with("custom-") || q.id.starts_with("value-")), "{plan:?}");
}

fn answer(text: &str, locale: &str) -> Answer {
    Answer {
        question_id: "mfg-near-miss".to_owned(),
        text: text.to_owned(),
        transcribed: true,
        locale: locale.to_owned(),
        think_time_ms: 10_000,
        duration_ms: 120_000,
    }
}

fn question(id: &str) -> Question {
    Question::new(id, Behavioural, "zh-CN", "…", &["problem-solving"], 180)
}

fn follow_up(question: &Question, text: &str, locale: &str) -> Option<Question> {
    ManufacturingBank::follow_up(&jobs()[0], question, &answer(text, locale)).expect("follow-ups never fail")
}

#[test]
fn a_safety_incident_is_asked_what_changed_so_it_cannot_recur() {
    let zh = follow_up(
        &question("mfg-near-miss"),
        "有一次冲压线的光幕被人短接了，一名操作工的手差一点被夹伤，属于未遂事件。我马上停线，恢复了光幕，并对全班做了安全教育。",
        "zh-CN",
    )
    .expect("a follow-up");
    assert_eq!((zh.id.as_str(), zh.kind), ("mfg-near-miss.follow-up-prevent-recurrence", FollowUp));
    assert!(zh.text.contains("不会再发生"), "{}", zh.text);
    assert_eq!(zh.dimensions, ["safety", "continuous-improvement"]);

    let en = follow_up(
        &question("mfg-near-miss"),
        "A forklift nearly hit a picker in aisle 3, a near miss. I stopped the area and talked to both drivers.",
        "en",
    )
    .expect("a follow-up");
    assert_eq!(en.id, "mfg-near-miss.follow-up-prevent-recurrence");
}

#[test]
fn a_failure_is_asked_what_was_learned() {
    let zh = follow_up(
        &question("mfg-quality-root-cause"),
        "那次换线后首件没做好，整批外壳尺寸超差，最后批量报废了两千件。",
        "zh-CN",
    )
    .expect("a follow-up");
    assert_eq!(zh.id, "mfg-quality-root-cause.follow-up-learned");
    assert!(zh.text.contains("学到"), "{}", zh.text);
}

#[test]
fn an_improvement_without_figures_is_asked_how_it_was_measured() {
    let zh = follow_up(
        &question("mfg-bottleneck"),
        "二号线的包装工序一直堆料，我带着班组重新平衡了工位，又把纸箱预折提前到上一道工序，效率提升了很多，最后大家都很满意。",
        "zh-CN",
    )
    .expect("a follow-up");
    assert_eq!(zh.id, "mfg-bottleneck.follow-up-measured");
    assert!(zh.text.contains("OEE"), "{}", zh.text);
    let en = follow_up(
        &question("mfg-capacity-project"),
        "We ran a SMED workshop on the moulding machines and changeovers got much faster, so the team was happy in the end.",
        "en",
    )
    .expect("a follow-up");
    assert_eq!(en.id, "mfg-capacity-project.follow-up-measured");
    assert_eq!(en.dimensions, ["continuous-improvement"]);
}

#[test]
fn a_complete_measured_answer_or_a_follow_up_gets_none() {
    let complete = "去年三月二号线的包装工序是瓶颈，我用秒表测了每个工位的节拍，重新平衡了工位，\
                    节拍从 62 秒降到 48 秒，每班产量提升了 18%。";
    assert_eq!(follow_up(&question("mfg-bottleneck"), complete, "zh-CN"), None);
    let complete_en = "Changeovers on press 4 took 55 minutes. We moved die preparation outside the stop and went from \
                       55 to 22 minutes, which raised OEE by 6 points.";
    assert_eq!(follow_up(&question("mfg-capacity-project"), complete_en, "en"), None);
    let again = Question::new("mfg-near-miss.follow-up-prevent-recurrence", FollowUp, "zh-CN", "…", &["safety"], 120);
    assert_eq!(follow_up(&again, "又发生了一次未遂事件。", "zh-CN"), None);
    let open = Question::new("mfg-open-why", Open, "zh-CN", "…", &["motivation"], 120);
    assert_eq!(follow_up(&open, "我以前的项目失败过。", "zh-CN"), None);
}

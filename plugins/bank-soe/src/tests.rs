use panel_plugin_sdk::QuestionKind::{self, Behavioural, CultureFit, FollowUp, Open, SelfIntro};
use panel_plugin_sdk::bank::{CONFIG_SCHEMA_TOML, DIMENSIONS};
use panel_plugin_sdk::testing::set_config;
use panel_plugin_sdk::{Dimension, SectionRequest};

use super::*;

/// A job with this competency model, weights as given.
fn job(title: &str, model: &[(&str, f32)]) -> JobProfile {
    JobProfile {
        id: "job-1".to_owned(),
        title: title.to_owned(),
        industry: "state-owned-enterprise".to_owned(),
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

/// The host's demo jobs, and an SOE administrator's, heaviest dimension first.
fn jobs() -> Vec<JobProfile> {
    vec![
        job(
            "Production supervisor",
            &[("problem-solving", 0.35), ("teamwork", 0.25), ("responsibility", 0.25), ("communication", 0.15)],
        ),
        job(
            "Product manager",
            &[("problem-solving", 0.35), ("communication", 0.3), ("professional-skill", 0.2), ("teamwork", 0.15)],
        ),
        job(
            "Store supervisor",
            &[("communication", 0.35), ("responsibility", 0.3), ("teamwork", 0.2), ("problem-solving", 0.15)],
        ),
        job(
            "Office administrator",
            &[("integrity", 0.3), ("team-first", 0.25), ("responsibility", 0.25), ("loyalty", 0.2)],
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
    SoeBank::plan(job, request).expect("a plan")
}

#[test]
fn every_question_and_rule_is_well_formed() {
    assert_eq!(CATALOGUE.problems(DIMENSIONS), Vec::<String>::new());
    assert!(questions::ENTRIES.len() >= 14, "only {} questions", questions::ENTRIES.len());
}

#[test]
fn the_manifest_declares_the_kits_configuration_schema() {
    assert!(include_str!("../plugin.toml").contains(CONFIG_SCHEMA_TOML), "copy CONFIG_SCHEMA_TOML into plugin.toml");
}

#[test]
fn describe_reports_the_soe_values_it_measures() {
    let info = SoeBank::describe();
    assert_eq!(info.locales, ["zh-CN", "en"]);
    assert_eq!(info.industries, ["state-owned-enterprise"]);
    for dim in ["responsibility", "loyalty", "team-first", "integrity", "culture-fit", "stress-tolerance"] {
        assert!(info.dimensions.iter().any(|d| d == dim), "{dim} missing from {:?}", info.dimensions);
    }
}

#[test]
fn plans_for_every_job_cover_its_dimensions_heaviest_first() {
    for job in jobs() {
        for seed in 0..40 {
            let plan = plan("{}", &job, &request("zh-CN", seed));
            let behavioural: Vec<&Question> = plan.iter().filter(|q| q.kind == Behavioural).collect();
            assert!(behavioural.len() >= 4, "{}: {} behavioural questions", job.title, behavioural.len());
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
    let job = &jobs()[3];
    let zh = plan("{}", job, &request("zh-CN", 8));
    let en = plan("{}", job, &request("en", 8));
    assert_eq!(zh.iter().map(|q| &q.id).collect::<Vec<_>>(), en.iter().map(|q| &q.id).collect::<Vec<_>>());
    assert!(zh[0].text.contains("国有企业"), "{}", zh[0].text);
    assert!(en[0].text.contains("state-owned enterprise"), "{}", en[0].text);
    assert_eq!(zh, plan("{}", job, &request("zh-CN", 8)));
}

#[test]
fn next_to_another_bank_a_company_keeps_only_the_culture_fit_section() {
    let config = r#"{"sections": {"self-intro": 0, "behavioural": 0, "open": 0},
                     "values": [{"id": "dedication", "zh": "艰苦奋斗、无私奉献", "en": "Hard work and dedication"}]}"#;
    let plan = plan(config, &jobs()[0], &request("zh-CN", 1));
    let ids: Vec<&str> = plan.iter().map(|q| q.id.as_str()).collect();
    assert_eq!(ids, ["value-dedication"]);
    assert!(plan[0].text.contains("践行「艰苦奋斗、无私奉献」"), "{}", plan[0].text);
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
        question_id: "soe-collective-first".to_owned(),
        text: text.to_owned(),
        transcribed: true,
        locale: locale.to_owned(),
        think_time_ms: 12_000,
        duration_ms: 95_000,
    }
}

fn question(id: &str, kind: QuestionKind) -> Question {
    Question::new(id, kind, "zh-CN", "…", &["team-first", "teamwork"], 180)
}

fn follow_up(question: &Question, text: &str, locale: &str) -> Option<Question> {
    SoeBank::follow_up(&jobs()[3], question, &answer(text, locale)).expect("follow-ups never fail")
}

#[test]
fn an_answer_of_attitudes_only_is_asked_for_a_real_event() {
    let collective = question("soe-collective-first", Behavioural);
    let zh = follow_up(
        &collective,
        "我一直认为集体利益高于个人利益，遇到冲突的时候我会优先考虑团队，这是做人做事的基本原则。",
        "zh-CN",
    )
    .expect("a follow-up");
    assert_eq!((zh.id.as_str(), zh.kind), ("soe-collective-first.follow-up-specific-time", FollowUp));
    assert!(zh.text.contains("具体事例"), "{}", zh.text);
    assert_eq!(zh.dimensions, ["team-first", "teamwork"], "the question's own dimensions");

    let en = follow_up(
        &question("soe-culture-gift", CultureFit),
        "I believe you should always refuse gifts, integrity matters most to me.",
        "en",
    )
    .expect("a follow-up");
    assert_eq!(en.id, "soe-culture-gift.follow-up-specific-time");
    assert!(en.text.starts_with("You have told us what you believe."), "{}", en.text);
}

#[test]
fn putting_the_team_first_is_asked_what_it_cost() {
    let collective = question("soe-collective-first", Behavioural);
    let zh = follow_up(
        &collective,
        "去年年底部门冲刺全年任务，我本来已经请好了年假回老家，当时考虑到大局，我取消了休假留下来加班，最后任务按期完成了。",
        "zh-CN",
    )
    .expect("a follow-up");
    assert_eq!(zh.id, "soe-collective-first.follow-up-cost");
    assert!(zh.text.contains("代价"), "{}", zh.text);
    assert_eq!(zh.dimensions, ["team-first", "loyalty"]);

    let en = follow_up(
        &collective,
        "Last year, when our plant was short-handed, I gave up a promotion interview to stay on the project. In the end we delivered on time.",
        "en",
    )
    .expect("a follow-up");
    assert_eq!(en.id, "soe-collective-first.follow-up-cost");
}

#[test]
fn a_story_without_an_ending_is_asked_for_the_result() {
    let follow = follow_up(
        &question("soe-hard-task", Behavioural),
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
    assert_eq!(follow_up(&question("soe-collective-first", Behavioural), complete, "zh-CN"), None);
    let complete_en = "Last year our team had to finish an audit in two weeks. At the time I was due for leave, so I \
                       postponed it and ran the document checks. In the end we passed with no findings, and it was worth it.";
    assert_eq!(follow_up(&question("soe-collective-first", Behavioural), complete_en, "en"), None);
    let again = question("soe-collective-first.follow-up-specific-time", FollowUp);
    assert_eq!(follow_up(&again, "我一直认为集体利益高于个人利益。", "zh-CN"), None);
    assert_eq!(follow_up(&question("soe-open-five-years", Open), "我觉得应该踏实干。", "zh-CN"), None);
}

use panel_plugin_sdk::bank::{CONFIG_SCHEMA_TOML, DIMENSIONS};
use panel_plugin_sdk::{Dimension, QuestionKind, SectionRequest, testing};

use super::*;

fn job(title: &str, industry: &str, dimensions: &[(&str, f32)]) -> JobProfile {
    JobProfile {
        id: "job-1".to_owned(),
        title: title.to_owned(),
        industry: industry.to_owned(),
        locale: "zh-CN".to_owned(),
        key_role: false,
        dimensions: dimensions
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

/// Not a demo job: the engineer this bank is written for.
fn software_engineer() -> JobProfile {
    job(
        "Software engineer",
        "software",
        &[("professional-skill", 0.35), ("logical-reasoning", 0.25), ("learning", 0.2), ("teamwork", 0.2)],
    )
}

fn product_manager() -> JobProfile {
    job(
        "Product manager",
        "internet",
        &[("problem-solving", 0.35), ("communication", 0.3), ("professional-skill", 0.2), ("teamwork", 0.15)],
    )
}

fn demo_jobs() -> [JobProfile; 3] {
    [
        product_manager(),
        job(
            "Production supervisor",
            "manufacturing",
            &[("problem-solving", 0.35), ("teamwork", 0.25), ("responsibility", 0.25), ("communication", 0.15)],
        ),
        job(
            "Store supervisor",
            "retail",
            &[("communication", 0.35), ("responsibility", 0.3), ("teamwork", 0.2), ("problem-solving", 0.15)],
        ),
    ]
}

/// The host's usual interview: a self-introduction, four behavioural
/// questions, two culture-fit and one open question.
fn request(locale: &str, seed: u64) -> PlanRequest {
    let section = |kind, count| SectionRequest { kind, count };
    PlanRequest {
        locale: locale.to_owned(),
        sections: vec![
            section(QuestionKind::SelfIntro, 1),
            section(QuestionKind::Behavioural, 4),
            section(QuestionKind::CultureFit, 2),
            section(QuestionKind::Open, 1),
        ],
        seed,
        exclude: Vec::new(),
    }
}

/// Plans through the plugin's entry point, with `config` as the binding's configuration.
fn plan(job: &JobProfile, locale: &str, seed: u64, config: &str) -> Vec<Question> {
    testing::set_config(config);
    EngineeringBank::plan(job, &request(locale, seed)).expect("plan")
}

fn behavioural(plan: &[Question]) -> Vec<&Question> {
    plan.iter().filter(|q| q.kind == QuestionKind::Behavioural).collect()
}

fn measures(q: &Question, dimension: &str) -> bool {
    q.dimensions.iter().any(|d| d == dimension)
}

#[test]
fn every_question_has_both_texts_known_dimensions_and_a_unique_id() {
    assert_eq!(CATALOGUE.problems(DIMENSIONS), Vec::<String>::new());
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
fn behavioural_questions_ask_for_one_specific_past_situation() {
    for e in questions::ENTRIES.iter().filter(|e| e.kind == QuestionKind::Behavioural) {
        assert!(e.zh.starts_with("请讲一次") || e.zh.starts_with("请讲一个"), "{}: {}", e.id, e.zh);
        assert!(e.en.starts_with("Tell us about") || e.en.starts_with("Describe"), "{}: {}", e.id, e.en);
    }
}

#[test]
fn the_bank_covers_its_own_themes() {
    let info = EngineeringBank::describe();
    assert_eq!(info.locales, ["zh-CN", "en"]);
    assert_eq!(info.industries, ["engineering", "software", "hardware", "construction"]);
    for theme in
        ["professional-skill", "logical-reasoning", "learning", "problem-solving", "teamwork", "responsibility"]
    {
        assert!(info.dimensions.iter().any(|d| d == theme), "{theme} missing from {:?}", info.dimensions);
    }
}

#[test]
fn a_software_engineer_plan_covers_the_heaviest_dimensions_first() {
    for seed in 0..20 {
        let plan = plan(&software_engineer(), "en", seed, "{}");
        let kinds: Vec<QuestionKind> = plan.iter().map(|q| q.kind).collect();
        use QuestionKind::*;
        assert_eq!(
            kinds,
            [SelfIntro, Behavioural, Behavioural, Behavioural, Behavioural, CultureFit, CultureFit, Open]
        );
        let behavioural = behavioural(&plan);
        assert!(measures(behavioural[0], "professional-skill"), "seed {seed}: first was {:?}", behavioural[0].id);
        assert!(measures(behavioural[1], "logical-reasoning"), "seed {seed}: second was {:?}", behavioural[1].id);
    }
}

#[test]
fn every_demo_job_gets_behavioural_questions_on_each_of_its_dimensions() {
    for job in demo_jobs() {
        for seed in 0..10 {
            let plan = plan(&job, "zh-CN", seed, "{}");
            let behavioural = behavioural(&plan);
            assert_eq!(behavioural.len(), 4, "{}", job.title);
            for dimension in &job.dimensions {
                assert!(
                    behavioural.iter().any(|q| measures(q, &dimension.id)),
                    "{} (seed {seed}): nothing on {}",
                    job.title,
                    dimension.id
                );
            }
        }
    }
}

#[test]
fn the_locale_picks_the_text() {
    let zh = plan(&software_engineer(), "zh-CN", 5, "{}");
    assert!(zh[0].text.contains("自我介绍"), "{}", zh[0].text);
    let en = plan(&software_engineer(), "en", 5, "{}");
    assert!(en[0].text.contains("introduce yourself"), "{}", en[0].text);
    assert_eq!(zh.iter().map(|q| &q.id).collect::<Vec<_>>(), en.iter().map(|q| &q.id).collect::<Vec<_>>());
}

#[test]
fn the_companys_configuration_shapes_the_plan() {
    let config = r#"{
        "exclude": ["skill-design-decision", "reason-root-cause"],
        "questions": [{ "id": "open-source", "kind": "behavioural", "dimensions": ["learning"],
                        "zh": "请讲一次你给开源项目贡献代码的经历。" }],
        "values": [{ "id": "quality-first", "zh": "质量第一", "en": "Quality first" }],
        "sections": { "culture-fit": 1 }
    }"#;
    for seed in 0..10 {
        let plan = plan(&software_engineer(), "zh-CN", seed, config);
        let ids: Vec<&str> = plan.iter().map(|q| q.id.as_str()).collect();
        assert!(!ids.contains(&"skill-design-decision") && !ids.contains(&"reason-root-cause"), "{ids:?}");
        assert_eq!(behavioural(&plan)[0].id, "custom-open-source");
        let culture: Vec<&str> =
            plan.iter().filter(|q| q.kind == QuestionKind::CultureFit).map(|q| q.id.as_str()).collect();
        assert_eq!(culture, ["value-quality-first"]);
    }
}

#[test]
fn plugin_toml_declares_the_kits_configuration_schema() {
    let manifest = include_str!("../plugin.toml");
    assert!(manifest.contains(r#"id = "bank-engineering""#));
    assert!(manifest.contains(r#"kind = "question-bank""#));
    assert!(manifest.contains(CONFIG_SCHEMA_TOML), "plugin.toml's [config-schema] differs from the kit's");
}

#[test]
fn the_readme_lists_every_question_and_its_example_configuration_is_accepted() {
    let readme = include_str!("../README.md");
    for e in questions::ENTRIES {
        assert!(readme.contains(&format!("| `{}` |", e.id)), "README.md does not list {}", e.id);
    }
    let example = readme.split("```json\n").nth(1).and_then(|rest| rest.split("```").next()).expect("a JSON example");
    testing::set_config(example);
    let plan = EngineeringBank::plan(&software_engineer(), &request("zh-CN", 1)).expect("the README's configuration");
    assert!(plan.iter().any(|q| q.id.starts_with("value-")), "the example's value was not planned");
}

fn follow_up(question_id: &str, text: &str, locale: &str) -> Option<Question> {
    let entry = questions::ENTRIES.iter().find(|e| e.id == question_id).expect("question");
    let question = Question::new(entry.id, entry.kind, locale, entry.en, entry.dimensions, entry.time_limit_secs);
    let answer = Answer {
        question_id: question_id.to_owned(),
        text: text.to_owned(),
        transcribed: false,
        locale: locale.to_owned(),
        think_time_ms: 5_000,
        duration_ms: 90_000,
    };
    EngineeringBank::follow_up(&software_engineer(), &question, &answer).expect("follow-up")
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

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
    InternetBank::plan(job, &request(locale, seed)).expect("plan")
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
    let info = InternetBank::describe();
    assert_eq!(info.locales, ["zh-CN", "en"]);
    assert_eq!(info.industries, ["internet"]);
    for theme in ["user-focus", "communication", "teamwork", "learning", "responsibility", "stress-tolerance"] {
        assert!(info.dimensions.iter().any(|d| d == theme), "{theme} missing from {:?}", info.dimensions);
    }
}

#[test]
fn a_product_manager_plan_covers_the_heaviest_dimensions_first() {
    for seed in 0..20 {
        let plan = plan(&product_manager(), "en", seed, "{}");
        let kinds: Vec<QuestionKind> = plan.iter().map(|q| q.kind).collect();
        use QuestionKind::*;
        assert_eq!(
            kinds,
            [SelfIntro, Behavioural, Behavioural, Behavioural, Behavioural, CultureFit, CultureFit, Open]
        );
        let behavioural = behavioural(&plan);
        assert!(measures(behavioural[0], "problem-solving"), "seed {seed}: first was {:?}", behavioural[0].id);
        assert!(measures(behavioural[1], "communication"), "seed {seed}: second was {:?}", behavioural[1].id);
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
    let zh = plan(&product_manager(), "zh-CN", 5, "{}");
    assert!(zh[0].text.contains("自我介绍"), "{}", zh[0].text);
    let en = plan(&product_manager(), "en", 5, "{}");
    assert!(en[0].text.contains("introduce yourself"), "{}", en[0].text);
    assert_eq!(zh.iter().map(|q| &q.id).collect::<Vec<_>>(), en.iter().map(|q| &q.id).collect::<Vec<_>>());
}

#[test]
fn the_companys_configuration_shapes_the_plan() {
    let config = r#"{
        "exclude": ["user-data-decision", "user-metric-drop"],
        "questions": [{ "id": "growth", "kind": "behavioural", "dimensions": ["user-focus"],
                        "zh": "请讲一次你从零做起一个增长项目的经历。" }],
        "values": [{ "id": "user-first", "zh": "用户第一", "en": "Users first" }],
        "sections": { "culture-fit": 1 }
    }"#;
    for seed in 0..10 {
        let plan = plan(&product_manager(), "zh-CN", seed, config);
        let ids: Vec<&str> = plan.iter().map(|q| q.id.as_str()).collect();
        assert!(!ids.contains(&"user-data-decision") && !ids.contains(&"user-metric-drop"), "{ids:?}");
        assert_eq!(behavioural(&plan)[0].id, "custom-growth");
        let culture: Vec<&str> =
            plan.iter().filter(|q| q.kind == QuestionKind::CultureFit).map(|q| q.id.as_str()).collect();
        assert_eq!(culture, ["value-user-first"]);
    }
}

#[test]
fn plugin_toml_declares_the_kits_configuration_schema() {
    let manifest = include_str!("../plugin.toml");
    assert!(manifest.contains(r#"id = "bank-internet""#));
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
    let plan = InternetBank::plan(&product_manager(), &request("zh-CN", 1)).expect("the README's configuration");
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
    InternetBank::follow_up(&product_manager(), &question, &answer).expect("follow-up")
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

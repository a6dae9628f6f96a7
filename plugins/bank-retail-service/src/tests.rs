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

fn store_supervisor() -> JobProfile {
    job(
        "Store supervisor",
        "retail",
        &[("communication", 0.35), ("responsibility", 0.3), ("teamwork", 0.2), ("problem-solving", 0.15)],
    )
}

fn demo_jobs() -> [JobProfile; 3] {
    [
        store_supervisor(),
        job(
            "Production supervisor",
            "manufacturing",
            &[("problem-solving", 0.35), ("teamwork", 0.25), ("responsibility", 0.25), ("communication", 0.15)],
        ),
        job(
            "Product manager",
            "internet",
            &[("problem-solving", 0.35), ("communication", 0.3), ("professional-skill", 0.2), ("teamwork", 0.15)],
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
    RetailServiceBank::plan(job, &request(locale, seed)).expect("plan")
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
    let info = RetailServiceBank::describe();
    assert_eq!(info.locales, ["zh-CN", "en"]);
    assert_eq!(info.industries, ["retail", "customer-service"]);
    for theme in ["communication", "empathy", "stress-tolerance", "customer-focus", "teamwork", "responsibility"] {
        assert!(info.dimensions.iter().any(|d| d == theme), "{theme} missing from {:?}", info.dimensions);
    }
}

#[test]
fn a_store_supervisor_plan_covers_the_heaviest_dimensions_first() {
    for seed in 0..20 {
        let plan = plan(&store_supervisor(), "en", seed, "{}");
        let kinds: Vec<QuestionKind> = plan.iter().map(|q| q.kind).collect();
        use QuestionKind::*;
        assert_eq!(
            kinds,
            [SelfIntro, Behavioural, Behavioural, Behavioural, Behavioural, CultureFit, CultureFit, Open]
        );
        let behavioural = behavioural(&plan);
        assert!(measures(behavioural[0], "communication"), "seed {seed}: first was {:?}", behavioural[0].id);
        assert!(measures(behavioural[1], "responsibility"), "seed {seed}: second was {:?}", behavioural[1].id);
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
    let zh = plan(&store_supervisor(), "zh-CN", 5, "{}");
    assert!(zh[0].text.contains("自我介绍"), "{}", zh[0].text);
    let en = plan(&store_supervisor(), "en", 5, "{}");
    assert!(en[0].text.contains("introduce yourself"), "{}", en[0].text);
    assert_eq!(zh.iter().map(|q| &q.id).collect::<Vec<_>>(), en.iter().map(|q| &q.id).collect::<Vec<_>>());
}

#[test]
fn the_companys_configuration_shapes_the_plan() {
    let config = r#"{
        "exclude": ["comm-real-problem", "empathy-saying-no"],
        "questions": [{ "id": "membership", "kind": "behavioural", "dimensions": ["customer-focus"],
                        "zh": "请讲一次你成功说服顾客办理会员的经历。" }],
        "values": [{ "id": "customer-first", "zh": "顾客第一", "en": "Customers first" }],
        "sections": { "culture-fit": 1 }
    }"#;
    for seed in 0..10 {
        let plan = plan(&store_supervisor(), "zh-CN", seed, config);
        let ids: Vec<&str> = plan.iter().map(|q| q.id.as_str()).collect();
        assert!(!ids.contains(&"comm-real-problem") && !ids.contains(&"empathy-saying-no"), "{ids:?}");
        assert_eq!(behavioural(&plan)[0].id, "custom-membership");
        let culture: Vec<&str> =
            plan.iter().filter(|q| q.kind == QuestionKind::CultureFit).map(|q| q.id.as_str()).collect();
        assert_eq!(culture, ["value-customer-first"]);
    }
}

#[test]
fn plugin_toml_declares_the_kits_configuration_schema() {
    let manifest = include_str!("../plugin.toml");
    assert!(manifest.contains(r#"id = "bank-retail-service""#));
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
    let plan = RetailServiceBank::plan(&store_supervisor(), &request("zh-CN", 1)).expect("the README's configuration");
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
    RetailServiceBank::follow_up(&store_supervisor(), &question, &answer).expect("follow-up")
}

fn follow_up_id(question_id: &str, text: &str, locale: &str) -> Option<String> {
    follow_up(question_id, text, locale).map(|q| q.id)
}

#[test]
fn an_answer_blaming_the_customer_is_asked_what_would_be_done_differently() {
    let zh = follow_up(
        "empathy-upset-customer",
        "那个顾客就是无理取闹，商品过了退货期还非要退，我按规定拒绝了，他就投诉我。",
        "zh-CN",
    )
    .expect("a follow-up");
    assert_eq!(zh.id, "empathy-upset-customer.follow-up-handle-differently");
    assert_eq!(zh.kind, QuestionKind::FollowUp);
    assert!(zh.text.contains("不同的处理方式"), "{}", zh.text);
    assert_eq!(zh.dimensions, ["empathy", "customer-focus"]);

    let en = follow_up(
        "pressure-blamed",
        "Honestly it wasn't my fault, the customer was just being unreasonable about the queue.",
        "en",
    )
    .expect("a follow-up");
    assert_eq!(en.id, "pressure-blamed.follow-up-handle-differently");
    assert!(en.text.contains("differently"), "{}", en.text);

    let reflective = "那位顾客当时确实不讲理，但事后换位思考，他等了四十分钟，换谁都会急。后来我们在高峰时加了一个人专门引导排队，他临走时还跟我说了谢谢。";
    assert_eq!(follow_up_id("empathy-upset-customer", reflective, "zh-CN"), None);
}

#[test]
fn a_complaint_story_without_its_ending_is_asked_how_the_customer_felt() {
    let zh = follow_up(
        "empathy-complaint",
        "有位顾客投诉我们送错了货，我先道歉，然后马上联系仓库重新发货，并且送了一张优惠券。",
        "zh-CN",
    )
    .expect("a follow-up");
    assert_eq!(zh.id, "empathy-complaint.follow-up-customer-at-the-end");
    assert!(zh.text.contains("顾客的情绪"), "{}", zh.text);

    let en = follow_up(
        "empathy-complaint",
        "A customer was very unhappy that her order arrived broken and she complained loudly at the till. I apologised and arranged a replacement.",
        "en",
    )
    .expect("a follow-up");
    assert_eq!(en.id, "empathy-complaint.follow-up-customer-at-the-end");
    assert!(en.text.contains("feel"), "{}", en.text);
}

#[test]
fn a_complaint_story_without_a_change_afterwards_is_asked_what_was_changed() {
    let zh = follow_up(
        "empathy-complaint",
        "顾客因为等了很久很生气，我请他先坐下，给他倒了杯水，尽快帮他办完，最后他很满意地走了。",
        "zh-CN",
    )
    .expect("a follow-up");
    assert_eq!(zh.id, "empathy-complaint.follow-up-prevent-recurrence");
    assert!(zh.text.contains("再次发生"), "{}", zh.text);
    assert_eq!(zh.dimensions, ["responsibility", "problem-solving"]);

    let en = follow_up(
        "empathy-upset-customer",
        "He was angry about a double charge. I refunded it on the spot and he calmed down and thanked me.",
        "en",
    )
    .expect("a follow-up");
    assert_eq!(en.id, "empathy-upset-customer.follow-up-prevent-recurrence");
}

#[test]
fn a_complete_complaint_story_gets_no_follow_up() {
    let zh = "顾客投诉我们少找了钱，我当场核对监控，确实是收银员算错了，马上道歉并补上，顾客很满意。之后我们规定大额现金必须唱收唱付，再也没出过这种问题。";
    assert_eq!(follow_up_id("resp-cash-stock", zh, "zh-CN"), None);
    let en = "A customer complained that her delivery was two days late. I apologised, tracked it and had it sent by courier; she thanked me in the end. Afterwards we changed the cut-off time so orders after 4 pm are promised a day later.";
    assert_eq!(follow_up_id("empathy-complaint", en, "en"), None);
}

#[test]
fn an_answer_gets_at_most_one_follow_up_and_only_to_a_behavioural_question() {
    // Blaming the customer and leaving out the ending: the blame is asked about.
    let both = "The customer complained about nothing, he was impossible to please.";
    assert_eq!(
        follow_up_id("empathy-complaint", both, "en").as_deref(),
        Some("empathy-complaint.follow-up-handle-differently")
    );
    assert_eq!(follow_up_id("culture-rule-vs-customer", "顾客再生气也要按规定来。", "zh-CN"), None);
    assert_eq!(follow_up_id("open-good-service", "Once I complained and nobody listened.", "en"), None);
}

//! Planning: sections, dimension coverage, seeds, exclusions, caps.

use std::collections::HashSet;

use super::*;

#[test]
fn sections_come_in_the_requested_order_without_repeats() {
    let plan = plan_with(&BankConfig::default(), &request("en", 7, 4));
    let kinds: Vec<QuestionKind> = plan.iter().map(|q| q.kind).collect();
    assert_eq!(kinds, [SelfIntro, Behavioural, Behavioural, Behavioural, Behavioural, CultureFit, Open]);
    let mut unique = ids(&plan);
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(unique.len(), plan.len(), "a question was planned twice: {:?}", ids(&plan));
}

#[test]
fn behavioural_questions_cover_the_heaviest_dimensions_first() {
    for seed in 0..20 {
        let plan = plan_with(&BankConfig::default(), &request("en", seed, 3));
        let behavioural: Vec<&Question> = plan.iter().filter(|q| q.kind == Behavioural).collect();
        assert_eq!(behavioural.len(), 3);
        for (q, dimension) in behavioural.iter().zip(["problem-solving", "responsibility", "teamwork"]) {
            assert!(measures(q, dimension), "seed {seed}: {} should measure {dimension}", q.id);
        }
        // Leadership is not in the job's model: never asked while the model's dimensions last.
        assert!(!ids(&plan).contains(&"lead-1"), "seed {seed}: {:?}", ids(&plan));
    }
}

#[test]
fn once_every_dimension_has_a_question_the_heaviest_gets_a_second_and_the_rest_run_out() {
    // problem-solving has 3 questions, responsibility 1, teamwork 2 (one shared):
    // asking for many yields exactly the 5 that measure the job's dimensions.
    let plan = plan_with(&BankConfig::default(), &request("en", 5, 9));
    let behavioural: Vec<&Question> = plan.iter().filter(|q| q.kind == Behavioural).collect();
    assert_eq!(behavioural.len(), 5, "{:?}", ids(&plan));
    assert!(measures(behavioural[3], "problem-solving"), "{:?}", ids(&plan));
}

#[test]
fn the_same_seed_gives_the_same_plan_and_the_locale_picks_the_text() {
    let a = plan_with(&BankConfig::default(), &request("zh-CN", 11, 4));
    assert_eq!(a, plan_with(&BankConfig::default(), &request("zh-CN", 11, 4)));
    assert_eq!(a[0].text, "请做一个自我介绍。");
    assert_eq!(a[0].locale, "zh-CN");
    let en = plan_with(&BankConfig::default(), &request("en", 11, 4));
    assert_eq!(ids(&en), ids(&a), "the locale must not change which questions are asked");
    assert_eq!(en[0].text, "Please introduce yourself.");
    let seeds: HashSet<Vec<String>> = (0..20)
        .map(|seed| plan_with(&BankConfig::default(), &request("en", seed, 4)).into_iter().map(|q| q.id).collect())
        .collect();
    assert!(seeds.len() > 1, "the seed never changes the plan");
}

#[test]
fn excluded_questions_are_never_planned_whoever_excludes_them() {
    let mut request = request("en", 3, 9);
    request.exclude = vec!["solve-1".to_owned()];
    let plan = plan_with(&configured(r#"{"exclude": ["solve-2", "fit-1"]}"#), &request);
    for excluded in ["solve-1", "solve-2", "fit-1"] {
        assert!(!ids(&plan).contains(&excluded), "{excluded} in {:?}", ids(&plan));
    }
    assert!(ids(&plan).contains(&"fit-2"));
}

#[test]
fn section_caps_limit_what_the_bank_offers_and_zero_keeps_it_out() {
    let config = configured(r#"{"sections": {"culture-fit": 0, "behavioural": 2, "open": 5}}"#);
    let plan = plan_with(&config, &request("en", 9, 4));
    let count = |kind| plan.iter().filter(|q| q.kind == kind).count();
    assert_eq!((count(SelfIntro), count(Behavioural), count(CultureFit), count(Open)), (1, 2, 0, 1));
    // A cap of 0 also keeps the company's own values out.
    let config = configured(r#"{"sections": {"culture-fit": 0}, "values": [{"id": "v", "en": "Candour"}]}"#);
    assert!(plan_with(&config, &request("en", 9, 4)).iter().all(|q| q.kind != CultureFit));
}

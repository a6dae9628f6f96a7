//! The company's configuration: its questions and values, and bad configurations.

use super::*;

#[test]
fn company_questions_come_first_in_their_section_with_the_text_falling_back() {
    let config = configured(
        r#"{"questions": [
            {"id": "our-intro", "kind": "self-intro", "dimensions": ["communication"], "zh": "请介绍你自己。", "time_limit_secs": 90},
            {"id": "safety-story", "kind": "behavioural", "dimensions": ["safety"], "en": "Tell us about a near-miss."}
        ]}"#,
    );
    let plan = plan_with(&config, &request("en", 1, 3));
    assert_eq!(plan[0].id, "custom-our-intro");
    assert_eq!((plan[0].time_limit_secs, plan[0].text.as_str()), (90, "请介绍你自己。"));
    assert_eq!(plan[1].id, "custom-safety-story");
    assert_eq!(plan[1].time_limit_secs, 180, "the default time limit");
    // The bank's questions still cover the job's dimensions after it.
    assert!(measures(&plan[2], "problem-solving") && measures(&plan[3], "responsibility"), "{:?}", ids(&plan));
}

#[test]
fn a_company_question_covering_a_dimension_takes_its_turn() {
    let config = configured(
        r#"{"questions": [{"id": "q", "kind": "behavioural", "dimensions": ["problem-solving"], "zh": "讲讲？"}]}"#,
    );
    let plan = plan_with(&config, &request("zh-CN", 2, 3));
    let behavioural: Vec<&Question> = plan.iter().filter(|q| q.kind == Behavioural).collect();
    assert_eq!(behavioural[0].id, "custom-q");
    // problem-solving had its turn: responsibility, then teamwork, before it gets a second question.
    assert!(measures(behavioural[1], "responsibility") && measures(behavioural[2], "teamwork"), "{:?}", ids(&plan));
}

#[test]
fn company_values_become_culture_fit_questions_before_the_banks() {
    let config = configured(
        r#"{"values": [
            {"id": "customer-first", "zh": "客户第一", "en": "Customer first",
             "description": {"zh": "一切从客户需求出发", "en": "Every decision starts from what the customer needs."}},
            {"id": "frugal", "zh": "艰苦奋斗", "dimensions": ["responsibility"]}
        ]}"#,
    );
    let mut request = request("zh-CN", 4, 3);
    request.sections[2].count = 3;
    let zh = plan_with(&config, &request);
    let culture: Vec<&Question> = zh.iter().filter(|q| q.kind == CultureFit).collect();
    let mut value_ids: Vec<&str> = culture[..2].iter().map(|q| q.id.as_str()).collect();
    value_ids.sort_unstable();
    assert_eq!(value_ids, ["value-customer-first", "value-frugal"]);
    assert!(culture[2].id.starts_with("fit-"));
    let first = culture.iter().find(|q| q.id == "value-customer-first").expect("the value's question");
    assert_eq!(
        first.text,
        "我们倡导「客户第一」：一切从客户需求出发。请讲一次你在工作中践行「客户第一」的具体经历：当时的情况、你做了什么、结果如何？"
    );
    assert_eq!(first.dimensions, ["culture-fit"]);
    let frugal = culture.iter().find(|q| q.id == "value-frugal").expect("the value's question");
    assert_eq!(frugal.dimensions, ["responsibility"]);

    request.locale = "en".to_owned();
    let en = plan_with(&config, &request);
    let first = en.iter().find(|q| q.id == "value-customer-first").expect("the value's question");
    assert_eq!(
        first.text,
        "By \"Customer first\" we mean: Every decision starts from what the customer needs. Tell us about a time you \
         lived our value \"Customer first\" at work: the situation, what you did and the result."
    );
    let frugal = en.iter().find(|q| q.id == "value-frugal").expect("the value's question");
    assert!(frugal.text.contains("\"艰苦奋斗\""), "only a Chinese name: it is used in English too");
}

#[test]
fn bad_configurations_are_invalid_config_errors_naming_the_field() {
    let cases = [
        (
            r#"{"questions": [{"id": "x", "kind": "riddle", "dimensions": ["teamwork"], "en": "Why?"}]}"#,
            "questions[0].kind \"riddle\"",
        ),
        (
            r#"{"questions": [{"id": "x", "kind": "open", "dimensions": ["teamwork"]}]}"#,
            "questions[0] needs a zh or an en text",
        ),
        (r#"{"questions": [{"id": "x", "kind": "open", "dimensions": [], "en": "Why?"}]}"#, "questions[0].dimensions"),
        (
            r#"{"questions": [{"id": " ", "kind": "open", "dimensions": ["teamwork"], "en": "Why?"}]}"#,
            "questions[0].id is empty",
        ),
        (
            r#"{"questions": [{"id": "x", "kind": "open", "dimensions": ["teamwork"], "en": "Why?", "time_limit_secs": 5}]}"#,
            "questions[0].time_limit_secs",
        ),
        (r#"{"values": [{"id": "a", "en": "A"}, {"id": "a", "en": "B"}]}"#, "values[1].id \"a\" is used twice"),
        (r#"{"values": [{"id": "a"}]}"#, "values[0] needs a zh or an en text"),
        (
            r#"{"values": [{"id": "a", "en": "A", "description": {}}]}"#,
            "values[0].description needs a zh or an en text",
        ),
    ];
    for (json, expected) in cases {
        let err = CATALOGUE.plan(&job(), &request("en", 1, 3), &configured(json)).expect_err(json);
        assert_eq!(err.code, "invalid-config");
        assert!(err.message.contains(expected), "{json}: {}", err.message);
    }
}

#[test]
fn unknown_fields_are_refused_when_the_configuration_is_read() {
    for json in [
        r#"{"exclude": [], "colour": 1}"#,
        r#"{"sections": {"culture_fit": 0}}"#,
        r#"{"values": [{"id": "a", "name": "A"}]}"#,
    ] {
        crate::testing::set_config(json);
        let err = crate::host::config::<BankConfig>().expect_err(json);
        assert_eq!(err.code, "invalid-config");
        assert!(err.message.contains("unknown field"), "{json}: {}", err.message);
    }
}

#[test]
fn the_config_schema_names_every_field_of_the_configuration() {
    for field in [
        "[config-schema.properties.exclude]",
        "[config-schema.properties.questions.items.properties]",
        "time_limit_secs = ",
        "[config-schema.properties.values.items.properties.description]",
        "[config-schema.properties.sections.properties]",
        "self-intro = ",
        "culture-fit = ",
    ] {
        assert!(CONFIG_SCHEMA_TOML.contains(field), "{field} missing from the schema");
    }
}

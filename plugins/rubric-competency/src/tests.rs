//! The rubric on genuine stories, self-praise, off-topic talk and keyword
//! stuffing (the texts of tests/quality.rs and the demo candidates).

use panel_plugin_sdk::{Answer, Dimension, Effect, JobProfile, Question, QuestionKind};

use super::*;

const TEAMWORK_ZH: &str = "有一次我们组要在十天内完成一个大客户的紧急订单，但组里两位老员工因为排班的事闹矛盾，互相不配合。\
    我负责这个订单的交付。我先分别找他们聊，了解到问题出在夜班安排不公平。我和大家一起重新排了班，\
    让每个人轮流上夜班，还主动帮新同事顶了两个夜班。最后订单提前一天交付，客户给了书面表扬，两位同事后来也配合得很好。";
const TEAMWORK_EN: &str = "Once our team had ten days to deliver an urgent order for a major customer, but two \
    senior colleagues were in a dispute over the rota and would not work together. I was responsible for delivering \
    the order. I talked to each of them separately and learned that the night shifts had been shared unfairly. I \
    worked out a new rota with the whole team so that everyone took turns on nights, and I covered two night shifts \
    for a new colleague myself. In the end we delivered the order a day early, the customer sent written praise, and \
    the two colleagues have worked well together since.";
const RESPONSIBILITY_ZH: &str = "之前在上一家公司，我发现自己上周发给客户的报价单里有一个单价算错了，少算了八万元，客户已经签字确认。\
    我的任务是尽快纠正又不失去客户。我当天就向主管说明了情况，承认是我的失误，然后和客户打电话解释原因，\
    提出给他们延长三个月的免费维保作为补偿。客户同意按正确价格重新签约。之后我给报价模板加了自动校验公式，\
    部门里再也没有出过类似的错误。";
const SELF_PRAISE_ZH: &str = "我觉得我的团队合作能力很强，我很负责，也善于沟通，遇到问题总能解决，专业能力也不错。";
const SELF_PRAISE_EN: &str = "I think I am a strong team player, very responsible and a good communicator; I always \
    solve problems and I am good at my job.";
const OFF_TOPIC_ZH: &str =
    "我平时喜欢做饭和旅行。上个月我去了云南，那边的风景很美，吃的也很好，我拍了很多照片，还认识了几个新朋友。";
const STUFFED_ZH: &str = "当时 情况 任务 我负责 我主动 协调 沟通 团队 合作 帮助同事 分析 根本原因 解决 结果 \
    提升了30% 最终 成功 责任 担当 承认错误 复盘 改进 数据 专业 技术 学习。";
const STUFFED_EN: &str = "Situation, task, action, result: I led, I coordinated, I communicated, teamwork, \
    collaboration, I analyzed the root cause, I solved it, responsibility, ownership, increased 30%, improved, \
    delivered, as a result, stakeholders, data-driven, expertise, learning.";

fn job() -> JobProfile {
    let dimension = |id: &str| Dimension {
        id: id.into(),
        name: id.into(),
        weight: 0.25,
        threshold: 6.5,
        labels: vec![panel_plugin_sdk::LocalizedText { locale: "zh-CN".into(), text: format!("{id}（中文）") }],
    };
    JobProfile {
        id: "job".into(),
        title: "Production Supervisor".into(),
        industry: "manufacturing".into(),
        locale: "zh-CN".into(),
        key_role: false,
        dimensions: ["teamwork", "responsibility", "problem-solving"].map(dimension).to_vec(),
        description: String::new(),
    }
}

fn question(dimensions: &[&str]) -> Question {
    Question::new("q", QuestionKind::Behavioural, "zh-CN", "讲一个经历。", dimensions, 180)
}

/// An answer in the language of its text.
pub(super) fn answer(text: &str) -> Answer {
    let locale = if text.is_ascii() { "en" } else { "zh-CN" };
    Answer {
        question_id: "q".into(),
        text: text.into(),
        transcribed: true,
        locale: locale.into(),
        think_time_ms: 10_000,
        duration_ms: 90_000,
    }
}

fn score_on(config: &Config, dimension: &str, text: &str) -> DimensionScore {
    let scores = CompetencyRubric::score_with(config, &job(), &question(&[dimension]), &answer(text)).expect("scores");
    scores.into_iter().next().expect("a score for a known dimension")
}

fn score(dimension: &str, text: &str) -> DimensionScore {
    score_on(&Config::default(), dimension, text)
}

#[test]
fn a_genuine_story_outscores_self_praise_off_topic_talk_and_stuffing() {
    for (dimension, story, praise, stuffed) in [
        ("teamwork", TEAMWORK_ZH, SELF_PRAISE_ZH, STUFFED_ZH),
        ("teamwork", TEAMWORK_EN, SELF_PRAISE_EN, STUFFED_EN),
        ("responsibility", RESPONSIBILITY_ZH, SELF_PRAISE_ZH, STUFFED_ZH),
    ] {
        let genuine = score(dimension, story);
        assert!(genuine.score >= 7.0 && genuine.confidence >= 0.5, "{dimension}: {genuine:?}");
        for other in [praise, OFF_TOPIC_ZH, stuffed] {
            let other = score(dimension, other);
            assert!(other.score < genuine.score - 4.0, "{dimension}: {} vs {}", other.score, genuine.score);
            assert!(other.confidence < genuine.confidence);
        }
    }
}

#[test]
fn claims_about_oneself_are_mentioned_but_not_counted() {
    let praise = score("teamwork", SELF_PRAISE_ZH);
    assert_eq!(praise.score, 0.0);
    assert!(praise.evidence.iter().all(|e| e.effect == Effect::Neutral));
    assert!(praise.explanation.contains("自我评价"), "{}", praise.explanation);
    let english = score("responsibility", SELF_PRAISE_EN);
    assert_eq!(english.score, 0.0);
    assert!(english.explanation.starts_with("The answer tells of no specific behaviour showing responsibility."));
}

#[test]
fn keyword_stuffing_scores_low_with_low_confidence() {
    for text in [STUFFED_ZH, STUFFED_EN] {
        for dimension in ["teamwork", "responsibility", "problem-solving"] {
            let stuffed = score(dimension, text);
            assert!(stuffed.score < 3.0 && stuffed.confidence <= 0.15, "{dimension}: {stuffed:?}");
            assert!(stuffed.evidence.iter().any(|e| e.effect == Effect::Negative && e.span.is_none()));
        }
    }
}

#[test]
fn negated_indicators_are_not_counted() {
    let text = "去年旺季的时候，我并没有帮助同事，也没有和大家一起商量。";
    let negated = score("teamwork", text);
    assert_eq!(negated.score, 0.0, "{negated:?}");
    let quoted: Vec<&str> = negated
        .evidence
        .iter()
        .filter(|e| e.effect == Effect::Neutral)
        .filter_map(|e| e.span)
        .map(|s| &text[s.start as usize..s.end as usize])
        .collect();
    assert_eq!(quoted, ["帮助", "大家", "一起"], "the first three negated mentions are shown");
    assert_eq!(score("responsibility", "Last year I never took ownership of the rota.").score, 0.0);
}

#[test]
fn evidence_quotes_the_indicator_where_it_is() {
    let scored = score("teamwork", TEAMWORK_ZH);
    let helped = scored.evidence.iter().find(|e| e.label.starts_with("主动帮助同事")).expect("helped colleagues");
    let span = helped.span.expect("a span");
    assert_eq!(&TEAMWORK_ZH[span.start as usize..span.end as usize], "帮");
    assert!(scored.explanation.starts_with("回答讲述的做法体现了teamwork（中文）："), "{}", scored.explanation);
    for span in scored.evidence.iter().filter_map(|e| e.span) {
        assert!(TEAMWORK_ZH.get(span.start as usize..span.end as usize).is_some());
    }
}

#[test]
fn blaming_others_costs_points_wherever_it_is_said() {
    let blame = "去年交付延误了，我们三个人一起加了两天班。其实都是他们的问题，不是我的问题。";
    let fair = "去年交付延误了，我们三个人一起加了两天班。";
    let (blame, fair) = (score("teamwork", blame), score("teamwork", fair));
    assert!(blame.score < fair.score - 2.0, "{} vs {}", blame.score, fair.score);
    assert!(blame.explanation.contains("不利的表现：把问题推给别人"), "{}", blame.explanation);
}

#[test]
fn repeats_earn_less_each_time() {
    let once = score("teamwork", "去年我帮同事顶了一个夜班。");
    let thrice = score("teamwork", "去年我帮同事顶了一个夜班。后来我又帮同事顶了夜班。再后来我还帮了同事。");
    assert!(thrice.score > once.score && thrice.score < once.score * 2.0, "{} vs {}", thrice.score, once.score);
}

#[test]
fn unknown_dimensions_get_no_score() {
    let question = question(&["teamwork", "underwater-basket-weaving"]);
    let scores = CompetencyRubric::score_with(&Config::default(), &job(), &question, &answer(TEAMWORK_EN)).expect("ok");
    assert_eq!(scores.iter().map(|s| s.dimension.as_str()).collect::<Vec<_>>(), ["teamwork"]);
}

#[test]
fn configured_indicators_extend_or_replace_the_built_in_ones() {
    let text = "去年我主动推动了产线换型，我们一起把换型时间缩短了一半。";
    panel_plugin_sdk::testing::set_config(
        r#"{"dimensions": {
            "initiative": {"indicators": [{"pattern": "我*推动", "weight": 2, "label": "推动变革"}]},
            "teamwork": {"replace": true, "indicators": [{"pattern": "换型", "effect": "negative"}]}
        }}"#,
    );
    let config: Config = panel_plugin_sdk::host::config().expect("valid configuration");
    let initiative = score_on(&config, "initiative", text);
    assert!(initiative.score > 5.0, "{initiative:?}");
    let pushed =
        initiative.evidence.iter().find(|e| e.label.starts_with("推动变革")).and_then(|e| e.span).expect("span");
    assert_eq!(&text[pushed.start as usize..pushed.end as usize], "我主动推动");
    let teamwork = score_on(&config, "teamwork", text);
    assert_eq!(teamwork.score, 0.0, "built-in 一起 replaced; 换型 counts against: {teamwork:?}");

    panel_plugin_sdk::testing::set_config(r#"{"dimensions": {"teamwork": {"indicators": [{"pattern": "*推动"}]}}}"#);
    let config: Config = panel_plugin_sdk::host::config().expect("valid configuration");
    let error =
        CompetencyRubric::score_with(&config, &job(), &question(&["teamwork"]), &answer(text)).expect_err("bad");
    assert_eq!(error.code, "invalid-config");
    assert!(error.message.contains("dimensions.teamwork"), "{}", error.message);
    panel_plugin_sdk::testing::set_config(
        r#"{"dimensions": {"teamwork": {"indicators": [{"pattern": "x", "weight": 0}]}}}"#,
    );
    let config: Config = panel_plugin_sdk::host::config().expect("valid configuration");
    assert!(CompetencyRubric::score_with(&config, &job(), &question(&["teamwork"]), &answer(text)).is_err());
    panel_plugin_sdk::testing::set_config(r#"{"dimension": {}}"#);
    assert!(panel_plugin_sdk::host::config::<Config>().is_err());
}

#[test]
fn every_built_in_pattern_is_valid_and_every_shared_dimension_is_known() {
    for dimension in indicators::dimensions() {
        for behaviour in indicators::builtin(dimension) {
            assert!(panel_plugin_sdk::text::PatternSet::new(behaviour.patterns.iter().copied()).is_ok(), "{dimension}");
        }
    }
    let mut known: Vec<&str> = indicators::dimensions().collect();
    known.sort_unstable();
    let mut shared = panel_plugin_sdk::bank::DIMENSIONS.to_vec();
    shared.sort_unstable();
    assert_eq!(known, shared);
}

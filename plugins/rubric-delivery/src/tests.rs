//! Delivery on typed and spoken answers in Chinese and English.

use panel_plugin_sdk::{Answer, Effect, Question, QuestionKind};

use super::*;
use crate::measure::Length;

const STORY_ZH: &str = "当时我们产线每天都完不成产量目标，我负责在一周内找到瓶颈。我先统计了每个工位的节拍，\
    然后重新安排了班次，并在焊接前增加了缓冲区。最终产量在一个月内提升了18%。";
const STORY_EN: &str = "At the time our line was missing its daily target every week. My task was to find the \
    bottleneck within a week. I analyzed the cycle times of every station, then I reorganized the shifts and I \
    introduced a buffer before welding. As a result output increased by 18% in a month.";

fn question(limit: u32) -> Question {
    let mut question = Question::new("q", QuestionKind::Behavioural, "zh-CN", "讲一个经历。", &["teamwork"], limit);
    question.think_time_secs = 30;
    question
}

fn spoken(text: &str, secs: u32) -> Answer {
    let locale = if text.is_ascii() { "en" } else { "zh-CN" };
    Answer {
        question_id: "q".into(),
        text: text.into(),
        transcribed: true,
        locale: locale.into(),
        think_time_ms: 12_000,
        duration_ms: secs * 1000,
    }
}

fn typed(text: &str) -> Answer {
    Answer { transcribed: false, ..spoken(text, 0) }
}

fn score(config: &Config, question: &Question, answer: &Answer) -> DimensionScore {
    DeliveryRubric::score_with(config, question, answer).expect("scores").remove(0)
}

#[test]
fn chinese_is_counted_in_characters_and_english_in_words() {
    let config = Config::default();
    let zh = measure::measure(&config, &question(60), &spoken(STORY_ZH, 25));
    assert!(zh.chinese && (70..=80).contains(&zh.units), "{} characters", zh.units);
    let en = measure::measure(&config, &question(60), &spoken(STORY_EN, 25));
    assert!(!en.chinese && (50..=56).contains(&en.units), "{} words", en.units);
    assert_eq!((zh.length, en.length), (Length::Adequate, Length::Adequate));
}

#[test]
fn a_few_words_are_too_short_and_say_so_with_the_numbers() {
    let scored = score(&Config::default(), &question(180), &spoken("没有问题。", 3));
    assert_eq!(scored.score, 2.0);
    let label = &scored.evidence[0].label;
    assert_eq!((label.as_str(), scored.evidence[0].effect), ("回答过短：只有4字（少于20字）", Effect::Negative));
    let english = score(&Config::default(), &question(180), &spoken("No questions.", 2));
    assert_eq!(english.evidence[0].label, "answer too short: 2 words (under 10)");
}

#[test]
fn a_transcript_far_shorter_than_the_limit_allows_is_short() {
    let scored = score(&Config::default(), &question(600), &spoken(STORY_EN, 25));
    assert_eq!(scored.score, 4.5);
    assert!(
        scored.evidence[0].label.starts_with("short answer: 52 words, about 4% of what the 600 s limit allows"),
        "{}",
        scored.evidence[0].label
    );
    // Typed, the same answer is judged by its length alone.
    assert_eq!(score(&Config::default(), &question(600), &typed(STORY_EN)).score, 7.0);
}

#[test]
fn overtime_is_reported_with_numbers_and_neutral_unless_configured() {
    let neutral = score(&Config::default(), &question(60), &spoken(STORY_EN, 100));
    let overtime = neutral.evidence.iter().find(|e| e.label.contains("over the 60 s limit")).expect("overtime");
    assert_eq!((overtime.label.as_str(), overtime.effect), ("answer ran 40 s over the 60 s limit", Effect::Neutral));
    assert_eq!(neutral.score, 7.0);
    assert!(neutral.explanation.contains("(reported, not scored)"), "{}", neutral.explanation);

    let config = Config { overtime: Overtime::Negative, ..Config::default() };
    let negative = score(&config, &question(60), &spoken(STORY_EN, 100));
    assert_eq!(negative.score, 5.5);
    assert!(negative.evidence.iter().any(|e| e.label.contains("40 s over") && e.effect == Effect::Negative));
}

#[test]
fn think_time_and_speaking_rate_are_reported() {
    let scored = score(&Config::default(), &question(60), &spoken(STORY_ZH, 20));
    let labels: Vec<&str> = scored.evidence.iter().map(|e| e.label.as_str()).collect();
    assert_eq!(labels, ["回答长度：72字", "语速约每秒3.6字", "思考12秒后开始作答"]);
    let mut slow = spoken(STORY_ZH, 20);
    slow.think_time_ms = 45_000;
    let scored = score(&Config::default(), &question(180), &slow);
    assert!(scored.evidence.iter().any(|e| e.label == "思考45秒后开始作答，超过30秒思考时间"));
}

#[test]
fn it_is_never_a_hidden_penalty() {
    let config = Config::default();
    for answer in [spoken(STORY_ZH, 20), spoken("没有问题。", 2), typed(&STORY_EN.repeat(20))] {
        let scored = score(&config, &question(180), &answer);
        assert!(scored.confidence <= MAX_CONFIDENCE);
        assert!(scored.explanation.contains("只衡量") || scored.explanation.contains("measures only"));
        assert!(!scored.evidence.is_empty());
    }
    // A strong answer that runs long is never scored below a short weak one.
    let long = score(&config, &question(60), &spoken(&STORY_EN.repeat(4), 200));
    let weak = score(&config, &question(60), &spoken("I work hard and I am a team player.", 5));
    assert!(long.score > weak.score, "{} vs {}", long.score, weak.score);
}

#[test]
fn configuration_is_validated() {
    let too_sure = Config { confidence: 0.9, ..Config::default() };
    let error = DeliveryRubric::score_with(&too_sure, &question(60), &typed(STORY_EN)).expect_err("invalid");
    assert_eq!(error.code, "invalid-config");
    assert!(error.message.contains("confidence"));
    panel_plugin_sdk::testing::set_config(r#"{"overtime": "negative", "min_words": 5}"#);
    let config: Config = panel_plugin_sdk::host::config().expect("valid");
    assert_eq!((config.overtime, config.min_words, config.min_chars), (Overtime::Negative, 5, 20));
    panel_plugin_sdk::testing::set_config(r#"{"overtime": "sometimes"}"#);
    assert!(panel_plugin_sdk::host::config::<Config>().is_err());
    let intro_only = Config { kinds: vec!["self-intro".into()], ..Config::default() };
    assert!(DeliveryRubric::score_with(&intro_only, &question(60), &typed(STORY_EN)).expect("ok").is_empty());
}

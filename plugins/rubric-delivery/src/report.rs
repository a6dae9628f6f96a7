//! The delivery measurements as evidence and an explanation, with the numbers.

use panel_plugin_sdk::{Effect, Evidence};

use crate::measure::{Length, Measures};
use crate::{Config, Overtime};

fn unit(measures: &Measures, zh: bool) -> &'static str {
    match (measures.chinese, zh) {
        (true, true) => "字",
        (false, true) => "个词",
        (true, false) => "characters",
        (false, false) => "words",
    }
}

fn length_label(config: &Config, measures: &Measures, zh: bool) -> (String, Effect) {
    let (n, unit) = (measures.units, unit(measures, zh));
    let minimum = if measures.chinese { config.min_chars } else { config.min_words };
    let share = measures.share_of_limit.map_or(0, |s| (s * 100.0).round() as u32);
    let limit = measures.time_limit_secs;
    match (measures.length, zh) {
        (Length::TooShort, true) => (format!("回答过短：只有{n}{unit}（少于{minimum}{unit}）"), Effect::Negative),
        (Length::TooShort, false) => (format!("answer too short: {n} {unit} (under {minimum})"), Effect::Negative),
        (Length::Short, true) => {
            (format!("回答较短：{n}{unit}，约为{limit}秒时限可讲内容的{share}%"), Effect::Negative)
        }
        (Length::Short, false) => {
            (format!("short answer: {n} {unit}, about {share}% of what the {limit} s limit allows"), Effect::Negative)
        }
        (Length::VeryLong, true) => (format!("回答很长：{n}{unit}"), Effect::Neutral),
        (Length::VeryLong, false) => (format!("very long answer: {n} {unit}"), Effect::Neutral),
        (Length::Adequate, true) => (format!("回答长度：{n}{unit}"), Effect::Positive),
        (Length::Adequate, false) => (format!("answer length: {n} {unit}"), Effect::Positive),
    }
}

/// Every measurement as a piece of evidence about the whole answer.
pub fn evidence(config: &Config, measures: &Measures, zh: bool) -> Vec<Evidence> {
    let (label, effect) = length_label(config, measures, zh);
    let mut evidence = vec![Evidence::feature(label, effect)];
    if let Some(rate) = measures.rate {
        let label = if zh {
            format!("语速约每秒{rate:.1}{}", unit(measures, zh))
        } else {
            format!("spoke about {rate:.1} {} a second", unit(measures, zh))
        };
        evidence.push(Evidence::feature(label, Effect::Neutral));
    }
    let limit = measures.time_limit_secs;
    if let Some(over) = measures.overtime_secs {
        let effect = if config.overtime == Overtime::Negative { Effect::Negative } else { Effect::Neutral };
        let label = if zh {
            format!("超时：回答超出{limit}秒时限{over:.0}秒")
        } else {
            format!("answer ran {over:.0} s over the {limit} s limit")
        };
        evidence.push(Evidence::feature(label, effect));
    }
    let (think, allowed) = (measures.think_secs, measures.think_allowed_secs);
    let over_think = allowed > 0 && think > allowed as f32;
    let label = match (zh, over_think) {
        (true, true) => format!("思考{think:.0}秒后开始作答，超过{allowed}秒思考时间"),
        (true, false) => format!("思考{think:.0}秒后开始作答"),
        (false, true) => format!("started after {think:.0} s, over the {allowed} s think time"),
        (false, false) => format!("started after {think:.0} s"),
    };
    evidence.push(Evidence::feature(label, Effect::Neutral));
    evidence
}

/// What was measured and how it counted, in one or two sentences.
pub fn explain(config: &Config, measures: &Measures, zh: bool) -> String {
    let (n, unit) = (measures.units, unit(measures, zh));
    let limit = measures.time_limit_secs;
    let duration = measures.duration_secs;
    let overtime_counts = config.overtime == Overtime::Negative;
    if zh {
        let verdict = match measures.length {
            Length::TooShort => "回答过短，内容不足以判断",
            Length::Short => "回答相对于作答时限偏短",
            Length::Adequate => "回答长度适中",
            Length::VeryLong => "回答很长（不扣分）",
        };
        let timing = match measures.overtime_secs {
            Some(over) if overtime_counts => format!("用时{duration:.0}秒，超出{limit}秒时限{over:.0}秒，按配置扣分"),
            Some(over) => format!("用时{duration:.0}秒，超出{limit}秒时限{over:.0}秒（仅供参考，不扣分）"),
            None => format!("用时{duration:.0}秒"),
        };
        format!("本项只衡量作答长度和用时：{n}{unit}，{verdict}；{timing}。该分数可信度很低，不代表回答内容的好坏。")
    } else {
        let verdict = match measures.length {
            Length::TooShort => "too short to judge",
            Length::Short => "short for the time allowed",
            Length::Adequate => "of a fair length",
            Length::VeryLong => "very long (not penalised)",
        };
        let timing = match measures.overtime_secs {
            Some(over) if overtime_counts => {
                format!(
                    "it took {duration:.0} s, {over:.0} s over the {limit} s limit, which costs points as configured"
                )
            }
            Some(over) => {
                format!("it took {duration:.0} s, {over:.0} s over the {limit} s limit (reported, not scored)")
            }
            None => format!("it took {duration:.0} s"),
        };
        format!(
            "This measures only length and timing: {n} {unit}, {verdict}; {timing}. The score carries little \
             weight and says nothing about the content of the answer."
        )
    }
}

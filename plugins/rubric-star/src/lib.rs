//! STAR structure rubric: how completely a behavioural answer tells the
//! situation, the task, the candidate's own actions and the result, in Chinese
//! and English, with the clauses that earned each part as evidence.
//!
//! The analysis (`star`) is plain Rust over the SDK's text module; this file
//! turns it into the contract's scores, evidence and explanations.

pub mod cues;
pub mod star;

use panel_plugin_sdk::{
    Answer, DimensionScore, Effect, Evidence, JobProfile, PluginError, Question, QuestionKind, Rubric, RubricInfo,
    TextSpan, register,
};
use serde::Deserialize;

use crate::cues::Part;
use crate::star::Analysis;

/// The plugin's configuration (all fields optional).
#[derive(Debug, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// Question kinds to score. STAR only makes sense for answers that tell a
    /// story, so by default: behavioural and follow-up.
    pub kinds: Vec<String>,
}

impl Default for Config {
    fn default() -> Self {
        Self { kinds: vec!["behavioural".to_owned(), "follow-up".to_owned()] }
    }
}

fn kind_name(kind: QuestionKind) -> &'static str {
    match kind {
        QuestionKind::SelfIntro => "self-intro",
        QuestionKind::Behavioural => "behavioural",
        QuestionKind::CultureFit => "culture-fit",
        QuestionKind::Open => "open",
        QuestionKind::FollowUp => "follow-up",
    }
}

/// Characters of the answer quoted in an evidence label.
const QUOTE_CHARS: usize = 30;

/// The STAR rubric.
#[derive(Debug)]
pub struct StarRubric;

impl StarRubric {
    /// Scores an answer with an already-read configuration.
    pub fn score_with(config: &Config, question: &Question, answer: &Answer) -> Vec<DimensionScore> {
        if !config.kinds.iter().any(|k| k == kind_name(question.kind)) {
            return Vec::new();
        }
        let zh = answer.locale.starts_with("zh");
        let analysis = star::analyse(&answer.text, &question.text);
        let evidence = evidence(&analysis, &answer.text, zh);
        let explanation = explain(&analysis, zh);
        question
            .dimensions
            .iter()
            .map(|d| {
                DimensionScore::new(d, analysis.score, analysis.confidence, explanation.clone())
                    .with_evidence(evidence.iter().cloned())
            })
            .collect()
    }
}

/// `text[start..end]`, cut for a label.
fn quote(text: &str, start: usize, end: usize) -> String {
    let quoted = &text[start..end];
    match quoted.char_indices().nth(QUOTE_CHARS) {
        Some((cut, _)) => format!("{}…", &quoted[..cut]),
        None => quoted.to_owned(),
    }
}

fn evidence(analysis: &Analysis, text: &str, zh: bool) -> Vec<Evidence> {
    let mut evidence: Vec<Evidence> = analysis
        .found
        .iter()
        .map(|f| {
            let quoted = quote(text, f.start, f.end);
            let label = if zh {
                format!("{}：“{quoted}”", f.part.name(true))
            } else {
                format!("{} stated: \"{quoted}\"", f.part.name(false))
            };
            Evidence::span(label, Effect::Positive, TextSpan::new(f.start, f.end))
        })
        .collect();
    if let Some((start, end)) = analysis.quantified_result {
        let label = if zh { "结果有量化数据" } else { "result is measured" };
        evidence.push(Evidence::span(label, Effect::Positive, TextSpan::new(start, end)));
    }
    for part in &analysis.missing {
        let label = if zh { format!("未说明{}", part.name(true)) } else { format!("no {} given", part.name(false)) };
        evidence.push(Evidence::feature(label, Effect::Negative));
    }
    if analysis.actions > 0 && analysis.own_actions == 0 {
        let label = if zh {
            "行动只以“我们”叙述，未说明本人做了什么"
        } else {
            "actions told only as \"we\""
        };
        evidence.push(Evidence::feature(label, Effect::Negative));
    }
    for &(start, end) in &analysis.negated {
        let quoted = quote(text, start, end);
        let label = if zh {
            format!("否定的说法，不计分：“{quoted}”")
        } else {
            format!("negated, not counted: \"{quoted}\"")
        };
        evidence.push(Evidence::span(label, Effect::Neutral, TextSpan::new(start, end)));
    }
    if analysis.keyword_list {
        let label = if zh { "罗列关键词，没有叙述经过" } else { "keywords listed without a story" };
        evidence.push(Evidence::feature(label, Effect::Negative));
    }
    if analysis.generic {
        let label = if zh {
            format!("具体细节很少（{} 处）：没有讲清时间、数字、人和事", analysis.details)
        } else {
            format!(
                "few specifics ({}): no times, figures, names or things particular to one experience",
                analysis.details
            )
        };
        evidence.push(Evidence::feature(label, Effect::Negative));
    } else {
        for &(start, end) in &analysis.detail_spans {
            let quoted = quote(text, start, end);
            let label =
                if zh { format!("具体细节：“{quoted}”") } else { format!("specific detail: \"{quoted}\"") };
            evidence.push(Evidence::span(label, Effect::Positive, TextSpan::new(start, end)));
        }
    }
    evidence
}

fn explain(analysis: &Analysis, zh: bool) -> String {
    if analysis.keyword_list {
        return if zh {
            "回答主要是罗列关键词，没有讲述一个具体的经历（当时的情况、本人做了什么、结果如何），因此得分很低。"
                .to_owned()
        } else {
            "The answer mostly lists keywords rather than telling a specific experience (what the situation was, \
             what the candidate did, what came of it), so it scores low."
                .to_owned()
        };
    }
    let names = |parts: &mut dyn Iterator<Item = Part>| {
        let mut names: Vec<&str> = parts.map(|p| p.name(zh)).collect();
        names.dedup();
        names.join(if zh { "、" } else { ", " })
    };
    let given = names(&mut analysis.found.iter().map(|f| f.part));
    let missing = names(&mut analysis.missing.iter().copied());
    let mut explanation = match (zh, given.is_empty(), missing.is_empty()) {
        (true, _, true) => "回答完整说明了情境、任务、行动和结果。".to_owned(),
        (true, true, _) => "回答没有讲述一个具体的经历（情境、任务、行动、结果都未说明）。".to_owned(),
        (true, false, false) => format!("回答说明了{given}，但没有说明{missing}。"),
        (false, _, true) => "The answer gives the situation, the task, the actions taken and the result.".to_owned(),
        (false, true, _) => {
            "The answer does not describe a specific experience (no situation, task, action or result).".to_owned()
        }
        (false, false, false) => format!("The answer gives the {given} but not the {missing}."),
    };
    if analysis.generic && !analysis.keyword_list {
        explanation.push_str(if zh {
            "但回答几乎没有具体细节（时间、数字、人名、事物），更像套话而不是一次真实的经历，因此得分较低。"
        } else {
            " But it gives almost no specifics (times, figures, names, things), so it reads as a formula rather than one \
             real experience, and scores low."
        });
    }
    if analysis.actions > 0 && analysis.own_actions == 0 {
        explanation.push_str(if zh {
            "行动都以“我们”叙述，没有说明本人具体做了什么。"
        } else {
            " The actions are told as what \"we\" did, not what the candidate did."
        });
    }
    explanation
}

impl Rubric for StarRubric {
    fn describe() -> RubricInfo {
        let mut info = RubricInfo::new(
            "STAR structure",
            "Scores how completely a behavioural answer gives the situation, task, the candidate's own actions \
             and the result, in Chinese and English, quoting the clauses that show each part; listing the \
             keywords without a story does not score.",
        );
        info.locales = vec!["zh-CN".to_owned(), "en".to_owned()];
        info
    }

    fn score(_job: &JobProfile, question: &Question, answer: &Answer) -> Result<Vec<DimensionScore>, PluginError> {
        let config: Config = panel_plugin_sdk::host::config()?;
        Ok(Self::score_with(&config, question, answer))
    }
}

register!(rubric: StarRubric);

#[cfg(test)]
mod tests;

//! `panel demo`: the plugin runtime doing Panel's main job on a demo
//! organisation. A question bank plans a production supervisor's interview,
//! three candidates answer it, every answer is scored by the rubric plugins
//! with evidence, follow-ups are asked where the bank proposes them, and the
//! candidates are ranked against the job's competency model.
//!
//! The aggregation here is a preview for the demo; the interview engine
//! (storage, recommendations, reports) is its own part of the host.

use std::collections::HashMap;
use std::time::Instant;

use anyhow::{Context, bail};
use indicatif::{ProgressBar, ProgressStyle};

use super::RuntimeArgs;
use super::demo_data::{CANDIDATES, Candidate, supervisor_job};
use super::plugins_dir::load_all;
use crate::domain::{Answer, DimensionScore, Effect, JobProfile, PlanRequest, Question, QuestionKind};
use crate::kinds::{QuestionBank, Rubric};
use crate::runtime::{PluginKind, PluginRuntime, RuntimeConfig, WasmQuestionBank, WasmRubric};

#[derive(Debug, clap::Args)]
pub(crate) struct DemoArgs {
    #[command(flatten)]
    runtime: RuntimeArgs,
    /// Language of the interview: zh-CN or en.
    #[arg(long, default_value = "zh-CN")]
    locale: String,
    /// Seed for the question plan: the same seed gives the same plan.
    #[arg(long, default_value_t = 42)]
    seed: u64,
}

/// One candidate's scored interview.
struct Interview<'a> {
    candidate: &'a Candidate,
    /// Every dimension score with the question it answered.
    scores: Vec<(Question, DimensionScore)>,
    follow_ups: Vec<Question>,
}

pub(crate) async fn run(args: DemoArgs) -> anyhow::Result<()> {
    let zh = match args.locale.as_str() {
        "zh" | "zh-CN" => true,
        "en" => false,
        other => bail!("--locale {other:?} is not supported; use zh-CN or en"),
    };
    let config = RuntimeConfig { cache_dir: Some(args.runtime.data_dir.join("plugin-cache")), ..Default::default() };
    let runtime = PluginRuntime::new(config)?;
    let loaded = load_all(&runtime, &args.runtime.plugins)?;
    let stats = runtime.stats();
    println!(
        "Panel demo: {} plugins loaded in {} ms ({} compiled, {} from the compiled cache)",
        loaded.plugins.len(),
        loaded.elapsed.as_millis(),
        stats.compiled,
        stats.cache_hits
    );

    let mut banks = Vec::new();
    let mut rubrics = Vec::new();
    for plugin in &loaded.plugins {
        let (name, kind) = match plugin.kind() {
            PluginKind::QuestionBank => {
                let bank = plugin.question_bank("{}")?;
                let name = bank.describe().await.map(|i| i.name);
                banks.push(bank);
                (name, "question bank")
            }
            PluginKind::Rubric => {
                let rubric = plugin.rubric("{}")?;
                let name = rubric.describe().await.map(|i| i.name);
                rubrics.push(rubric);
                (name, "rubric")
            }
            PluginKind::Connector => (Ok("(not used by the demo)".into()), "connector"),
            PluginKind::Notifier => (Ok("(not used by the demo)".into()), "notifier"),
        };
        let name = name.unwrap_or_else(|e| format!("(describe failed: {e})"));
        println!("  {:<24} {kind:<14} API {}  {name}", plugin.plugin().to_string(), plugin.api_version());
    }
    let Some(bank) = banks.first() else { bail!("the demo needs a question-bank plugin; none was loaded") };
    if rubrics.is_empty() {
        bail!("the demo needs at least one rubric plugin; none was loaded");
    }

    let job = supervisor_job(&args.locale);
    print_job(&job, zh);
    let plan =
        bank.plan(&job, &PlanRequest::standard(&args.locale, args.seed)).await.context("planning the interview")?;
    println!("\nInterview plan from {} ({} questions):", bank.plugin(), plan.len());
    for (i, q) in plan.iter().enumerate() {
        println!("  {}. [{} · {} s] {}", i + 1, q.kind, q.time_limit_secs, q.text);
    }

    let started = Instant::now();
    let bar = ProgressBar::new((CANDIDATES.len() * plan.len()) as u64).with_style(
        ProgressStyle::with_template("{bar:30} {pos}/{len} answers scored {wide_msg}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let mut interviews = Vec::new();
    for candidate in CANDIDATES {
        bar.set_message(candidate.name.pick(zh));
        interviews.push(interview(candidate, &job, &plan, bank, &rubrics, &args.locale, &bar).await);
    }
    bar.finish_and_clear();
    let answers: usize = interviews.iter().map(|i| plan.len() + i.follow_ups.len()).sum();
    println!(
        "\nInterviewed {} candidates: {answers} answers scored by {} rubric(s) in {} ms",
        interviews.len(),
        rubrics.len(),
        started.elapsed().as_millis()
    );

    print_ranking(&job, &interviews, zh);
    if let Some(best) = interviews.iter().max_by(|a, b| composite(&job, a).total_cmp(&composite(&job, b))) {
        print_evidence(best, zh);
    }
    Ok(())
}

/// Answers the plan as the candidate would, asking at most one follow-up per
/// question, and scores every answer with every rubric. A failing plugin call
/// is reported and the interview goes on.
async fn interview<'a>(
    candidate: &'a Candidate,
    job: &JobProfile,
    plan: &[Question],
    bank: &WasmQuestionBank,
    rubrics: &[WasmRubric],
    locale: &str,
    bar: &ProgressBar,
) -> Interview<'a> {
    let zh = locale.starts_with("zh");
    let mut result = Interview { candidate, scores: Vec::new(), follow_ups: Vec::new() };
    let mut asked: HashMap<QuestionKind, usize> = HashMap::new();
    for question in plan {
        let index = asked.entry(question.kind).or_default();
        let text = candidate.answer(question.kind, *index).pick(zh);
        *index += 1;
        let answer = demo_answer(question, text, locale);
        score_all(rubrics, job, question, &answer, &mut result.scores, bar).await;
        match bank.follow_up(job, question, &answer).await {
            Ok(Some(follow_up)) => {
                let reply = demo_answer(&follow_up, candidate.follow_up.pick(zh), locale);
                score_all(rubrics, job, &follow_up, &reply, &mut result.scores, bar).await;
                result.follow_ups.push(follow_up);
            }
            Ok(None) => {}
            Err(e) => bar.suspend(|| eprintln!("warning: {e}")),
        }
        bar.inc(1);
    }
    result
}

async fn score_all(
    rubrics: &[WasmRubric],
    job: &JobProfile,
    question: &Question,
    answer: &Answer,
    into: &mut Vec<(Question, DimensionScore)>,
    bar: &ProgressBar,
) {
    for rubric in rubrics {
        match rubric.score(job, question, answer).await {
            Ok(scores) => into.extend(scores.into_iter().map(|s| (question.clone(), s))),
            Err(e) => bar.suspend(|| eprintln!("warning: {e}")),
        }
    }
}

/// An answer with plausible timings: a few seconds' thought, and speech at
/// about four characters (or one English word) a second.
fn demo_answer(question: &Question, text: &str, locale: &str) -> Answer {
    let units = if locale.starts_with("zh") { text.chars().count() } else { text.split_whitespace().count() * 2 };
    Answer {
        question_id: question.id.clone(),
        text: text.into(),
        transcribed: true,
        locale: locale.into(),
        think_time_ms: 8_000,
        duration_ms: u32::try_from(units * 250).unwrap_or(u32::MAX),
    }
}

/// The mean score per dimension of the job that was scored.
fn by_dimension(job: &JobProfile, interview: &Interview) -> Vec<(String, Option<f32>, f32)> {
    job.dimensions
        .iter()
        .map(|d| {
            let scores: Vec<f32> =
                interview.scores.iter().filter(|(_, s)| s.dimension == d.id).map(|(_, s)| s.score).collect();
            let mean = (!scores.is_empty()).then(|| scores.iter().sum::<f32>() / scores.len() as f32);
            (d.id.clone(), mean, d.threshold)
        })
        .collect()
}

/// Weighted mean over the dimensions that were scored.
fn composite(job: &JobProfile, interview: &Interview) -> f32 {
    let (mut sum, mut weights) = (0.0, 0.0);
    for (d, (_, mean, _)) in job.dimensions.iter().zip(by_dimension(job, interview)) {
        if let Some(mean) = mean {
            sum += d.weight * mean;
            weights += d.weight;
        }
    }
    if weights > 0.0 { sum / weights } else { 0.0 }
}

fn label<'a>(job: &'a JobProfile, id: &str, zh: bool) -> &'a str {
    let Some(d) = job.dimensions.iter().find(|d| d.id == id) else { return "?" };
    let locale = if zh { "zh-CN" } else { "en" };
    d.labels.iter().find(|l| l.locale == locale).map_or(d.name.as_str(), |l| l.text.as_str())
}

fn print_job(job: &JobProfile, zh: bool) {
    println!("\nJob: {} ({})", job.title, job.industry);
    for d in &job.dimensions {
        println!("  {:<10} weight {:>3.0}%  threshold {:.1}", label(job, &d.id, zh), d.weight * 100.0, d.threshold);
    }
}

fn print_ranking(job: &JobProfile, interviews: &[Interview<'_>], zh: bool) {
    let mut ranked: Vec<&Interview> = interviews.iter().collect();
    // Stable under ties: equal composites keep the candidates' order.
    ranked.sort_by(|a, b| composite(job, b).total_cmp(&composite(job, a)));
    println!("\nRanking (weighted composite of the scored dimensions, 0-10):");
    for (rank, interview) in ranked.iter().enumerate() {
        let dims = by_dimension(job, interview);
        let shown: Vec<String> = dims
            .iter()
            .map(|(id, mean, _)| match mean {
                Some(m) => format!("{} {m:.1}", label(job, id, zh)),
                None => format!("{} -", label(job, id, zh)),
            })
            .collect();
        println!(
            "  {}. {:<10} {:>4.1}   {}",
            rank + 1,
            interview.candidate.name.pick(zh),
            composite(job, interview),
            shown.join("  ")
        );
        let below: Vec<String> = dims
            .iter()
            .filter_map(|(id, mean, threshold)| {
                mean.filter(|m| m < threshold)
                    .map(|m| format!("{} {m:.1} is below the job's threshold {threshold:.1}", label(job, id, zh)))
            })
            .collect();
        if !below.is_empty() {
            println!("     {}", below.join("; "));
        }
        let mut asked: Vec<(&str, usize)> = Vec::new();
        for f in &interview.follow_ups {
            match asked.iter_mut().find(|(text, _)| *text == f.text) {
                Some((_, n)) => *n += 1,
                None => asked.push((&f.text, 1)),
            }
        }
        for (text, times) in asked {
            println!("     follow-up asked {times}×: {text}");
        }
    }
}

fn print_evidence(interview: &Interview<'_>, zh: bool) {
    let Some((question, score)) = interview.scores.iter().find(|(q, _)| q.kind == QuestionKind::Behavioural) else {
        return;
    };
    println!("\nWhy {} scored {:.1} on \"{}\":", interview.candidate.name.pick(zh), score.score, question.text);
    println!("  {}", score.explanation);
    for e in &score.evidence {
        let sign = match e.effect {
            Effect::Positive => '+',
            Effect::Negative => '-',
            Effect::Neutral => '·',
        };
        println!("  {sign} {}", e.label);
    }
}

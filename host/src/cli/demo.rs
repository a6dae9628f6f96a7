//! `panel demo`: Panel doing its main job on a demo organisation, through the
//! interview engine and the embedded database. Jobs from three industries
//! (a manufacturer's production supervisor, an internet company's product
//! manager, a retail chain's store supervisor) are created with their
//! competency models; their candidates are invited and take the interview
//! the question bank plans (follow-ups included); the rubric plugins score
//! every answer with evidence; the engine recommends and ranks each job; the
//! best manufacturing candidate's full report is printed.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Instant;

use anyhow::{Context, bail};
use indicatif::{ProgressBar, ProgressStyle};

use super::RuntimeArgs;
use super::demo_data::Candidate;
use super::demo_jobs::{DemoJob, JOBS};
use super::plugin_host::{bind_organisation_wide, load_packages};
use crate::domain::{Effect, QuestionKind};
use crate::engine::{AnswerSubmission, Engine, EngineConfig, Report, ScopedPlugins, SystemClock, Top};
use crate::kinds::{QuestionBank, Rubric};
use crate::runtime::PluginKind;
use crate::store::{AuditBy, NewCandidate, NewJob, RegionPolicy, Store, UnitKind};

#[derive(Debug, clap::Args)]
pub(crate) struct DemoArgs {
    #[command(flatten)]
    runtime: RuntimeArgs,
    /// Language of the interview: zh-CN or en.
    #[arg(long, default_value = "zh-CN")]
    locale: String,
}

const DAY_MS: i64 = 24 * 3_600_000;

pub(crate) async fn run(args: DemoArgs) -> anyhow::Result<()> {
    let zh = match args.locale.as_str() {
        "zh" | "zh-CN" => true,
        "en" => false,
        other => bail!("--locale {other:?} is not supported; use zh-CN or en"),
    };
    let locale = if zh { "zh-CN" } else { "en" };
    let loaded = load_packages(&args.runtime, &args.runtime.host_models_all_cores())?;
    let stats = loaded.runtime.stats();
    println!(
        "Panel demo: {} plugins loaded in {} ms ({} compiled, {} from the compiled cache)",
        loaded.registry.list().len(),
        loaded.elapsed.as_millis(),
        stats.compiled,
        stats.cache_hits
    );
    for active in loaded.registry.list() {
        let plugin = &active.plugin;
        let name = match plugin.kind() {
            PluginKind::QuestionBank => plugin.question_bank("{}")?.describe().await.map(|i| i.name),
            PluginKind::Rubric => plugin.rubric("{}")?.describe().await.map(|i| i.name),
            PluginKind::Connector | PluginKind::Notifier => Ok("(not used by the demo)".into()),
        };
        let name = name.unwrap_or_else(|e| format!("(describe failed: {e})"));
        println!(
            "  {:<24} {:<14} API {}  signed by {}  {name}",
            active.label(),
            active.manifest.kind.world(),
            active.manifest.api,
            active.signer
        );
    }

    // A fresh demo database each run, beside the compiled-plugin cache.
    let db_dir = args.runtime.data_dir.join("demo-db");
    if db_dir.exists() {
        std::fs::remove_dir_all(&db_dir).with_context(|| format!("clearing {}", db_dir.display()))?;
    }
    let store = Store::open_data_dir(&db_dir).await.context("opening the demo database")?;
    let (org, jobs) = demo_organisation(&store, locale, zh).await?;
    let scoped = Arc::new(ScopedPlugins::new(store.clone(), loaded.registry.clone()));
    let by = AuditBy { actor: "panel demo", origin: "local" };
    let bound = bind_organisation_wide(&scoped, org, &[PluginKind::QuestionBank, PluginKind::Rubric], by).await?;
    let has = |kind: PluginKind| loaded.registry.list().iter().any(|p| p.manifest.kind == kind);
    if !has(PluginKind::QuestionBank) {
        bail!("the demo needs a question-bank plugin; none was loaded");
    }
    if !has(PluginKind::Rubric) {
        bail!("the demo needs at least one rubric plugin; none was loaded");
    }
    println!("Switched on for the demo organisation: {}", bound.join(", "));
    let config = EngineConfig { batch_threads: loaded.runtime.batch_threads(), ..EngineConfig::default() };
    let engine = Engine::new(store.clone(), scoped, Arc::new(SystemClock), config);
    for (job_id, _) in &jobs {
        print_job(&store.job(*job_id).await?.profile, zh);
    }

    let started = Instant::now();
    let total: usize = jobs.iter().map(|(_, j)| j.candidates.len()).sum();
    let bar = ProgressBar::new(total as u64).with_style(
        ProgressStyle::with_template("{bar:30} {pos}/{len} interviews {wide_msg}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let mut answers = 0;
    let mut follow_ups: HashMap<i64, Vec<String>> = HashMap::new();
    let mut sessions = Vec::new();
    let mut person = 0;
    for (job_id, job) in &jobs {
        for candidate in job.candidates {
            bar.set_message(candidate.name.pick(zh));
            let session = interview(&engine, *job_id, person, candidate, zh, &mut answers, &mut follow_ups).await?;
            if person == 0 {
                let plan = store.session(session).await?.plan;
                let mut banks: Vec<&str> = plan.iter().map(|p| p.bank.as_str()).collect();
                banks.dedup();
                bar.suspend(|| {
                    println!("\nInterview plan from {} ({} questions):", banks.join(", "), plan.len());
                    for (n, p) in plan.iter().enumerate() {
                        println!(
                            "  {}. [{} · {} s] {}",
                            n + 1,
                            p.question.kind,
                            p.question.time_limit_secs,
                            p.question.text
                        );
                    }
                });
            }
            sessions.push(session);
            person += 1;
            bar.inc(1);
        }
    }
    bar.set_message("scoring");
    let scored = engine.score_sessions(&sessions, crate::engine::batch_concurrency()).await;
    bar.finish_and_clear();
    if let Some((session, e)) = scored.failed.first() {
        bail!("scoring interview {session} failed: {e}");
    }
    println!(
        "\nInterviewed {total} candidates for {} jobs: {answers} answers scored in {} ms",
        jobs.len(),
        started.elapsed().as_millis()
    );

    let mut best_of_first = None;
    for (job_id, _) in &jobs {
        let job = store.job(*job_id).await?;
        let ranking = engine.rank(*job_id, Top::Percent(100.0)).await?;
        println!(
            "\nRanking for {} ({}), weighted composite of the job's dimensions, 0-10:",
            job.profile.title, job.profile.industry
        );
        for row in &ranking.rows {
            let rec = store.recommendation(row.session_id).await?.context("a ranked session has a recommendation")?;
            let dims: Vec<String> = rec
                .recommendation
                .dimensions
                .iter()
                .map(|d| match d.score {
                    Some(s) => format!("{} {s:.1}", d.name),
                    None => format!("{} -", d.name),
                })
                .collect();
            println!(
                "  {}. {:<10} {:>4.1}  {:<12}  {}",
                row.rank,
                row.candidate_name,
                row.composite,
                row.decision.as_str(),
                dims.join("  ")
            );
            for reason in &rec.recommendation.reasons {
                println!("     - {reason}");
            }
            for text in follow_ups.get(&row.session_id).into_iter().flatten() {
                println!("     follow-up asked: {text}");
            }
        }
        if best_of_first.is_none() {
            best_of_first = ranking.rows.first().map(|r| r.session_id);
        }
    }
    if let Some(best) = best_of_first {
        print_report(&engine.report(best).await?, zh);
    }
    println!("\nThe demo database is in {}.", db_dir.display());
    Ok(())
}

/// Creates the demo organisation: a region, branch and department for each
/// demo job, and the job with its competency model.
async fn demo_organisation(
    store: &Store,
    locale: &str,
    zh: bool,
) -> anyhow::Result<(i64, Vec<(i64, &'static DemoJob)>)> {
    let org = store.create_organisation(if zh { "示例集团" } else { "Demo Group" }).await?;
    let policy = RegionPolicy::default();
    let mut jobs = Vec::new();
    for demo in &JOBS {
        let [region, branch, dept] = demo.units.map(|u| u.pick(zh));
        let region = store.create_unit(org, None, UnitKind::Region, region, policy).await?;
        let branch = store.create_unit(org, Some(region), UnitKind::Branch, branch, policy).await?;
        let dept = store.create_unit(org, Some(branch), UnitKind::Department, dept, policy).await?;
        let profile = (demo.profile)(locale);
        let job = NewJob {
            department_id: dept,
            title: profile.title,
            industry: profile.industry,
            locale: profile.locale,
            key_role: profile.key_role,
            description: profile.description,
            dimensions: profile.dimensions,
            requirements: Default::default(),
            review_margin: 0.3,
        };
        jobs.push((store.create_job(&job).await?, demo));
    }
    Ok((org, jobs))
}

/// Invites one candidate and answers the interview as they would, through
/// the engine: one question at a time, follow-ups when the bank asks them.
async fn interview(
    engine: &Engine,
    job_id: i64,
    index: usize,
    candidate: &Candidate,
    zh: bool,
    answers: &mut usize,
    follow_ups: &mut HashMap<i64, Vec<String>>,
) -> anyhow::Result<i64> {
    let store = engine.store();
    let person = NewCandidate {
        name: candidate.name.pick(zh).to_owned(),
        email: format!("candidate{}@example.com", index + 1),
        ..Default::default()
    };
    let (candidate_id, _) = store.create_candidate(store.job(job_id).await?.organisation_id, &person).await?;
    let application = store.apply(candidate_id, job_id).await?;
    let now = crate::store::now_ms();
    let by = AuditBy { actor: "panel demo", origin: "local" };
    let invitation = engine.invite(application.id, now, now + DAY_MS, by).await?.invitation;
    let session = engine.start_with_invitation(&invitation).await.context("starting the interview")?;

    let mut asked: HashMap<QuestionKind, usize> = HashMap::new();
    let mut next = Engine::current_question(&session, &[]);
    while let Some(planned) = next {
        let q = &planned.question;
        let index = asked.entry(q.kind).or_default();
        let text = candidate.answer(q.kind, *index).pick(zh);
        *index += 1;
        if q.kind == QuestionKind::FollowUp {
            follow_ups.entry(session.id).or_default().push(q.text.clone());
        }
        let submission = AnswerSubmission {
            question_id: q.id.clone(),
            text: text.to_owned(),
            transcribed: true,
            think_time_ms: 8_000,
            duration_ms: speaking_time_ms(text, zh),
            media_ref: None,
        };
        next = engine.submit_answer(session.id, submission).await.context("submitting an answer")?.next;
        *answers += 1;
    }
    Ok(session.id)
}

/// About four characters (or two English words) a second.
fn speaking_time_ms(text: &str, zh: bool) -> u32 {
    let units = if zh { text.chars().count() } else { text.split_whitespace().count() * 2 };
    u32::try_from(units * 250).unwrap_or(u32::MAX)
}

fn print_job(job: &crate::domain::JobProfile, zh: bool) {
    println!("\nJob: {} ({})", job.title, job.industry);
    let locale = if zh { "zh-CN" } else { "en" };
    for d in &job.dimensions {
        let label = d.labels.iter().find(|l| l.locale == locale).map_or(d.name.as_str(), |l| l.text.as_str());
        println!("  {label:<10} weight {:>3.0}%  threshold {:.1}", d.weight * 100.0, d.threshold);
    }
}

fn print_report(report: &Report, zh: bool) {
    println!("\nReport for {} — {} (session {}):", report.candidate_name, report.job_title, report.session_id);
    for (n, item) in report.items.iter().enumerate() {
        println!("\n  {}. [{}] {}", n + 1, item.question.kind, item.question.text);
        let Some(answer) = &item.answer else {
            println!("     (not answered)");
            continue;
        };
        let excerpt: String = answer.text.chars().take(if zh { 60 } else { 120 }).collect();
        let more = if excerpt.len() < answer.text.len() { "…" } else { "" };
        println!("     answer: {excerpt}{more}");
        let overtime =
            if item.overtime_ms > 0 { format!(", {} s over", item.overtime_ms / 1000) } else { String::new() };
        println!(
            "     timing: thought {} s, answered in {} s of {} s{overtime}",
            answer.think_time_ms / 1000,
            answer.duration_ms / 1000,
            item.time_limit_ms / 1000
        );
        for s in &item.scores {
            println!("     {} {:.1} ({}): {}", s.score.dimension, s.score.score, s.plugin, s.score.explanation);
            for e in &s.score.evidence {
                let sign = match e.effect {
                    Effect::Positive => '+',
                    Effect::Negative => '-',
                    Effect::Neutral => '·',
                };
                println!("       {sign} {}", e.label);
            }
        }
    }
    if let Some(rec) = &report.recommendation {
        let r = &rec.recommendation;
        println!("\n  Recommendation: {} (composite {:.1})", r.decision.as_str(), r.composite);
        for reason in &r.reasons {
            println!("   - {reason}");
        }
    }
    println!("  Plugins: {}", report.plugins.join(", "));
}

//! Issue 25's scoring with meaning, measured as production scores: the
//! host's e5 model (`cargo xtask models`), every first-party rubric bound as
//! in the demo (rubric-star, rubric-competency, rubric-delivery and
//! rubric-semantic on the host's embeddings), over the Chinese and English
//! answers of the evaluation sets (`tests/eval/`), not one answer copied.
//!
//! - `semantic/embed`: the model alone, texts per second in batches of 16;
//! - `semantic/first_scoring`: answers scored for the first time per second
//!   (every rubric, the answer's vector computed and stored);
//! - `semantic/batch_rescore`: 10,000 interviews of seven answers rescored
//!   as one batch on SQLite, every answer's vector read from the database.
//!
//! Sizes: `PANEL_BENCH_TEXTS` (512), `PANEL_BENCH_ANSWERS` (600),
//! `PANEL_BENCH_INTERVIEWS` (10,000), so a debug build can check it runs.
//! A filter argument runs the measurements whose name contains it
//! (`cargo bench --bench semantic -- batch_rescore`); `PANEL_BENCH_RUBRICS`
//! (names, comma-separated) binds only those rubrics, to see what each costs;
//! `PANEL_BENCH_PLUGIN_THREADS` sets the runtime's plugin threads (`0`: calls
//! run on the benchmark's threads) and `PANEL_WASM_PERFMAP=1` lets `perf`
//! name the plugins' functions.
//! Run with `cargo xtask bench`; figures in docs/performance.md.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

use futures_util::StreamExt;
use panel::engine::quality::EvaluationSet;
use panel::engine::{Engine, EngineConfig, PluginSet, SystemClock};
use panel::kinds::Rubric;
use panel::runtime::{Grants, HostEmbeddings, PluginRuntime, RuntimeConfig};
use panel::store::Store;
use semver::Version;
use sha2::{Digest, Sha256};

#[allow(dead_code)] // the bank comes from `plugins`, the rubrics are loaded here
mod common;

const RUBRICS: [&str; 4] = ["rubric-star", "rubric-competency", "rubric-delivery", "rubric-semantic"];

fn size(var: &str, default: usize) -> usize {
    std::env::var(var).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Every answer of both evaluation sets, with its job, question and answer.
fn eval_sets() -> Vec<EvaluationSet> {
    ["set.toml", "holdout.toml"]
        .iter()
        .map(|name| EvaluationSet::load(&root().join("tests/eval").join(name)).unwrap_or_else(|e| panic!("{e}")))
        .collect()
}

/// The rubrics measured: all four, or those `PANEL_BENCH_RUBRICS` names.
fn measured() -> Vec<&'static str> {
    match std::env::var("PANEL_BENCH_RUBRICS") {
        Ok(names) => RUBRICS.into_iter().filter(|r| names.split(',').any(|n| n.trim() == *r)).collect(),
        Err(_) => RUBRICS.to_vec(),
    }
}

/// The measured rubrics on a runtime whose embeddings are `embeddings`.
/// Also the runtime's plugin threads, where batch scoring runs as it does
/// in `panel serve`.
fn rubrics(embeddings: Arc<HostEmbeddings>) -> (Vec<Arc<dyn Rubric>>, Option<tokio::runtime::Handle>) {
    let dir = std::env::var_os("PANEL_PLUGIN_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("target/wasm32-wasip2/plugin"));
    let mut config = RuntimeConfig { embeddings: Some(embeddings), ..RuntimeConfig::default() };
    // `0` runs plugin code on the benchmark's own threads: the difference is
    // what handing each call to the plugin threads costs.
    if let Some(threads) = std::env::var("PANEL_BENCH_PLUGIN_THREADS").ok().and_then(|t| t.parse().ok()) {
        config.plugin_threads = threads;
    }
    let runtime = PluginRuntime::new(config).expect("runtime");
    let rubrics = measured()
        .iter()
        .map(|name| {
            let grants = Grants { embeddings: *name == "rubric-semantic", ..Grants::none() };
            let path = dir.join(format!("{}.wasm", name.replace('-', "_")));
            let plugin = runtime
                .load_file(name, Version::new(0, 1, 0), &path, grants)
                .unwrap_or_else(|e| panic!("{e}; run the benchmarks with `cargo xtask bench`"));
            Arc::new(plugin.rubric("{}").expect("rubric")) as Arc<dyn Rubric>
        })
        .collect();
    (rubrics, runtime.batch_threads())
}

/// Whether the command line's filters (none: everything) select `name`.
fn selected(name: &str) -> bool {
    let filters: Vec<String> = std::env::args().skip(1).filter(|a| !a.starts_with("--")).collect();
    filters.is_empty() || filters.iter().any(|f| format!("semantic/{name}").contains(f.as_str()))
}

fn main() {
    if !["embed", "first_scoring", "interview_latency", "batch_rescore"].iter().any(|name| selected(name)) {
        return;
    }
    let models = std::env::var_os("PANEL_MODELS").map_or_else(|| root().join("target/models"), PathBuf::from);
    let cores = std::thread::available_parallelism().map_or(2, std::num::NonZero::get);
    let loaded = panel::models::HostModels::load(&models, cores);
    let embedder = loaded.embedder.unwrap_or_else(|| {
        panic!("no embedding model in {} ({:?}); run `cargo xtask models`", models.display(), loaded.unavailable)
    });
    let sets = eval_sets();
    let texts: Vec<String> = sets.iter().flat_map(|s| s.answers.iter().map(|a| a.text.clone())).collect();
    if selected("embed") {
        embed_throughput(embedder.as_ref(), &texts, size("PANEL_BENCH_TEXTS", 512));
    }
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("tokio");
    runtime.block_on(async {
        if selected("first_scoring") {
            first_scoring(embedder.clone(), &sets, size("PANEL_BENCH_ANSWERS", 600)).await;
        }
        if selected("interview_latency") {
            interview_latency(embedder.clone(), &sets, size("PANEL_BENCH_LATENCY_INTERVIEWS", 20)).await;
        }
        if selected("batch_rescore") {
            batch_rescore(embedder, &texts, size("PANEL_BENCH_INTERVIEWS", 10_000)).await;
        }
    });
}

/// `n` texts, the evaluation answers told again with a number where they repeat.
fn varied(texts: &[String], n: usize) -> Vec<String> {
    (0..n)
        .map(|i| match i / texts.len() {
            0 => texts[i % texts.len()].clone(),
            round => format!("{} ({round})", texts[i % texts.len()]),
        })
        .collect()
}

fn embed_throughput(embedder: &dyn panel_ml::Embedder, texts: &[String], n: usize) {
    let batch = varied(texts, n);
    let started = Instant::now();
    for chunk in batch.chunks(16) {
        let refs: Vec<&str> = chunk.iter().map(String::as_str).collect();
        embedder.embed(&refs, panel_ml::TextKind::Query).expect("embed");
    }
    let elapsed = started.elapsed().as_secs_f64();
    println!(
        "semantic/embed: {n} texts (zh and en answers) in {elapsed:.2} s: {:.1} texts/s, batches of 16",
        n as f64 / elapsed
    );
}

/// Every rubric scores `n` answers none of which was seen before, as many
/// at a time as the engine's batches take; each answer's vector is computed
/// and kept in a SQLite store, as when an interview is first scored.
async fn first_scoring(embedder: Arc<dyn panel_ml::Embedder>, sets: &[EvaluationSet], n: usize) {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = Store::open_data_dir(dir.path()).await.expect("store");
    let embeddings = Arc::new(HostEmbeddings::new(embedder));
    embeddings.attach_store(Arc::new(store));
    let (rubrics, _) = rubrics(embeddings);
    let all: Vec<(&EvaluationSet, &panel::engine::quality::SetAnswer)> =
        sets.iter().flat_map(|s| s.answers.iter().map(move |a| (s, a))).collect();
    let work: Vec<_> = (0..n)
        .map(|i| {
            let (set, entry) = all[i % all.len()];
            let mut answer = set.answer_for(entry);
            if i >= all.len() {
                answer.text = format!("{} ({})", answer.text, i / all.len());
            }
            (set.profile_for(entry), set.question_for(entry), answer)
        })
        .collect();
    let started = Instant::now();
    let scored = futures_util::stream::iter(work.iter().map(|(job, question, answer)| {
        let rubrics = &rubrics;
        async move {
            let calls = rubrics.iter().map(|r| r.score(job, question, answer));
            futures_util::future::join_all(calls).await.into_iter().all(|r| r.is_ok())
        }
    }))
    .buffer_unordered(panel::engine::batch_concurrency())
    .filter(|ok| std::future::ready(*ok))
    .count()
    .await;
    let elapsed = started.elapsed().as_secs_f64();
    assert_eq!(scored, n, "every answer scored by every rubric");
    println!(
        "semantic/first_scoring: {n} answers (zh and en) through {} rubrics in {elapsed:.2} s: {:.1} answers/s",
        measured().len(),
        n as f64 / elapsed
    );
}

/// What semantic scoring adds to one interview's scoring: `interviews`
/// interviews of seven answers never seen before, each scored the way the
/// engine scores one (every answer through every rubric at once), on a quiet
/// host, with the three lexical rubrics alone and with rubric-semantic too
/// (which embeds each answer for the first time). Medians.
async fn interview_latency(embedder: Arc<dyn panel_ml::Embedder>, sets: &[EvaluationSet], interviews: usize) {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = Store::open_data_dir(dir.path()).await.expect("store");
    let embeddings = Arc::new(HostEmbeddings::new(embedder));
    embeddings.attach_store(Arc::new(store));
    let (all_rubrics, _) = rubrics(embeddings);
    let lexical: Vec<Arc<dyn Rubric>> = measured()
        .iter()
        .zip(&all_rubrics)
        .filter(|(name, _)| **name != "rubric-semantic")
        .map(|(_, rubric)| rubric.clone())
        .collect();
    let all: Vec<(&EvaluationSet, &panel::engine::quality::SetAnswer)> =
        sets.iter().flat_map(|s| s.answers.iter().map(move |a| (s, a))).collect();
    let interview = |k: usize, label: &str| -> Vec<_> {
        (0..7)
            .map(|i| {
                let (set, entry) = all[(k * 7 + i) % all.len()];
                let mut answer = set.answer_for(entry);
                answer.text = format!("{} ({label} {k})", answer.text);
                (set.profile_for(entry), set.question_for(entry), answer)
            })
            .collect()
    };
    let timed = |rubrics: Vec<Arc<dyn Rubric>>, label: &'static str| {
        let interview = &interview;
        async move {
            let mut times = Vec::with_capacity(interviews);
            for k in 0..interviews {
                let answers = interview(k, label);
                let started = Instant::now();
                let calls = answers
                    .iter()
                    .flat_map(|(job, question, answer)| rubrics.iter().map(move |r| r.score(job, question, answer)));
                let results = futures_util::future::join_all(calls).await;
                times.push(started.elapsed().as_secs_f64() * 1000.0);
                assert!(results.iter().all(Result::is_ok), "every answer scored");
            }
            times.sort_by(f64::total_cmp);
            times[times.len() / 2]
        }
    };
    let without = timed(lexical, "lexical").await;
    let with = timed(all_rubrics, "semantic").await;
    println!(
        "semantic/interview_latency: one interview of 7 new answers scored in {without:.0} ms by the three \
         lexical rubrics, {with:.0} ms with rubric-semantic too: {:.0} ms added (medians of {interviews})",
        with - without
    );
}

/// `interviews` finished interviews of seven answers each, every answer a
/// different text (the evaluation answers, numbered where they repeat) whose
/// vector is in the database, rescored as one batch, three times.
async fn batch_rescore(embedder: Arc<dyn panel_ml::Embedder>, texts: &[String], interviews: usize) {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = Store::open_data_dir(dir.path()).await.expect("store");
    let embeddings = Arc::new(HostEmbeddings::new(embedder.clone()));
    embeddings.attach_store(Arc::new(store.clone()));
    let banks = common::plugins().banks;
    let (rubrics, batch_threads) = rubrics(embeddings);
    let plugins = PluginSet { banks, rubrics };
    let config = EngineConfig { batch_threads, ..EngineConfig::default() };
    let engine = Engine::new(store.clone(), Arc::new(plugins), Arc::new(SystemClock), config);
    let (_, sessions, per_session) = common::intake(&store, &engine, interviews as i64).await;
    let total = sessions.len() * per_session;
    let answers = varied(texts, total);
    store_vectors(&store, embedder.as_ref(), texts, &answers, &sessions, per_session).await;
    let concurrency = panel::engine::batch_concurrency();
    for run in 1..=3 {
        let (started, cpu) = (Instant::now(), cpu_secs());
        let outcome = engine.score_sessions(&sessions, concurrency).await;
        let elapsed = started.elapsed().as_secs_f64();
        let cpu = cpu_secs().zip(cpu).map_or_else(String::new, |(end, start)| format!(", {:.1} s of CPU", end - start));
        assert_eq!(outcome.scored, sessions.len(), "every session scored: {:?}", outcome.failed.first());
        println!(
            "semantic/batch_rescore run {run}: {} interviews x {per_session} answers through {} rubrics with stored \
             embeddings in {elapsed:.2} s ({:.0} answers/s{cpu})",
            sessions.len(),
            measured().len(),
            total as f64 / elapsed
        );
    }
}

/// CPU time this process has used (user and system), where Linux says: on
/// a shared machine it moves less with the other load than the wall time.
fn cpu_secs() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command (in parentheses): utime and stime are the
    // 12th and 13th, in clock ticks (100 per second on Linux).
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    let ticks: f64 = fields.get(11)?.parse::<f64>().ok()? + fields.get(12)?.parse::<f64>().ok()?;
    Some(ticks / 100.0)
}

/// Gives every answer its text and keeps its vector as the host would have
/// when it was first scored (the vector of the evaluation answer it tells,
/// computed once), by the SHA-256 of its text.
async fn store_vectors(
    store: &Store,
    embedder: &dyn panel_ml::Embedder,
    texts: &[String],
    answers: &[String],
    sessions: &[i64],
    per_session: usize,
) {
    let mut base = Vec::with_capacity(texts.len());
    for chunk in texts.chunks(16) {
        let refs: Vec<&str> = chunk.iter().map(String::as_str).collect();
        base.extend(embedder.embed(&refs, panel_ml::TextKind::Query).expect("embed"));
    }
    let model = format!("{}@{}", embedder.model().name, embedder.model().version);
    // Every answer in session and position order, as `answers` is laid out.
    let ids: Vec<i64> =
        sqlx::query_scalar("SELECT a.id FROM answers a WHERE a.session_id >= $1 ORDER BY a.session_id, a.seq")
            .bind(sessions[0])
            .fetch_all(store.pool())
            .await
            .expect("answer ids");
    assert_eq!(ids.len(), sessions.len() * per_session, "the copied answers");
    let mut tx = store.pool().begin().await.expect("tx");
    for (id, text) in ids.iter().zip(answers) {
        sqlx::query("UPDATE answers SET text = $1 WHERE id = $2")
            .bind(text.as_str())
            .bind(*id)
            .execute(&mut *tx)
            .await
            .expect("answer text");
    }
    tx.commit().await.expect("commit");
    let kept: Vec<(String, Vec<f32>)> = answers
        .iter()
        .enumerate()
        .map(|(i, text)| (hex::encode(Sha256::digest(text.as_bytes())), base[i % texts.len()].clone()))
        .collect();
    for chunk in kept.chunks(2_000) {
        store.save_vectors(&model, chunk).await.expect("vectors");
    }
}

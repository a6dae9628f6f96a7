//! Plugin runtime benchmarks (`cargo xtask bench`): compiling a first-party
//! plugin, loading it from the compiled cache, instantiating it from its
//! `InstancePre` with the pooling allocator, and scoring one answer with
//! rubric-star through the runtime next to the same logic compiled natively.
//! Figures and method: docs/performance.md.

use std::path::PathBuf;
use std::sync::Arc;

use criterion::{Criterion, criterion_group, criterion_main};
use panel::domain::{Answer, Dimension, JobProfile, Question, QuestionKind};
use panel::kinds::Rubric;
use panel::runtime::{Grants, LoadedPlugin, PluginRuntime, RuntimeConfig};
use semver::Version;

const STORY: &str = "At the time our line was missing its daily target every week. My task was to find \
    the bottleneck within a week. I analyzed the cycle times of every station, then I reorganized the shifts \
    and I introduced a buffer before welding. As a result output increased by 18% in a month.";

fn wasm(name: &str) -> Vec<u8> {
    let dir = std::env::var_os("PANEL_PLUGIN_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/wasm32-wasip2/plugin"));
    let path = dir.join(format!("{}.wasm", name.replace('-', "_")));
    std::fs::read(&path)
        .unwrap_or_else(|e| panic!("{}: {e}; run the benchmarks with `cargo xtask bench`", path.display()))
}

fn runtime(cache: Option<PathBuf>) -> PluginRuntime {
    PluginRuntime::new(RuntimeConfig { cache_dir: cache, ..RuntimeConfig::default() }).expect("runtime")
}

fn load(runtime: &PluginRuntime, bytes: &[u8]) -> Arc<LoadedPlugin> {
    runtime.load("rubric-star", Version::new(0, 1, 0), bytes, Grants::none()).expect("load")
}

fn job() -> JobProfile {
    JobProfile {
        id: "job".into(),
        title: "Production Supervisor".into(),
        industry: "manufacturing".into(),
        locale: "en".into(),
        key_role: false,
        dimensions: vec![Dimension {
            id: "problem-solving".into(),
            name: "Problem solving".into(),
            weight: 1.0,
            threshold: 7.0,
            labels: Vec::new(),
        }],
        description: String::new(),
    }
}

fn question() -> Question {
    Question {
        id: "q".into(),
        kind: QuestionKind::Behavioural,
        text: "Tell us about a time you solved a bottleneck.".into(),
        locale: "en".into(),
        dimensions: vec!["problem-solving".into()],
        think_time_secs: 30,
        time_limit_secs: 180,
    }
}

fn answer() -> Answer {
    Answer {
        question_id: "q".into(),
        text: STORY.into(),
        transcribed: false,
        locale: "en".into(),
        think_time_ms: 10_000,
        duration_ms: 60_000,
    }
}

fn loading(c: &mut Criterion) {
    let bytes = wasm("rubric-star");
    let mut group = c.benchmark_group("load");
    group.sample_size(10);
    let uncached = runtime(None);
    group.bench_function("compile rubric-star", |b| b.iter(|| load(&uncached, &bytes)));

    let dir = tempfile::tempdir().expect("temp dir");
    load(&runtime(Some(dir.path().to_path_buf())), &bytes);
    let cached = runtime(Some(dir.path().to_path_buf()));
    group.sample_size(50);
    group.bench_function("rubric-star from the compiled cache", |b| b.iter(|| load(&cached, &bytes)));
    group.finish();
    assert_eq!(cached.stats().compiled, 0, "the cached runtime never compiled");
}

fn calls(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("tokio");
    let runtime = runtime(None);
    let plugin = load(&runtime, &wasm("rubric-star"));
    let rubric = plugin.rubric("{}").expect("rubric");
    let (job, question, answer) = (job(), question(), answer());

    let mut group = c.benchmark_group("call");
    group.bench_function("instantiate rubric-star (fresh store, pooling InstancePre)", |b| {
        b.iter(|| rt.block_on(plugin.check_instantiates()).expect("instantiates"))
    });
    group.bench_function("rubric-star describe (store + instantiate + call)", |b| {
        b.iter(|| rt.block_on(rubric.describe()).expect("describe"))
    });
    group.bench_function("rubric-star score, wasm", |b| {
        b.iter(|| rt.block_on(rubric.score(&job, &question, &answer)).expect("score"))
    });

    let config = rubric_star::Config::default();
    let native_question = panel_plugin_sdk::Question::new(
        "q",
        panel_plugin_sdk::QuestionKind::Behavioural,
        "en",
        "Tell us about a time you solved a bottleneck.",
        &["problem-solving"],
        180,
    );
    let native_answer = panel_plugin_sdk::Answer {
        question_id: "q".into(),
        text: STORY.into(),
        transcribed: false,
        locale: "en".into(),
        think_time_ms: 10_000,
        duration_ms: 60_000,
    };
    // The plugin's whole `score`, configuration parsing included, natively.
    let native_job = panel_plugin_sdk::JobProfile {
        id: "job".into(),
        title: "Production Supervisor".into(),
        industry: "manufacturing".into(),
        locale: "en".into(),
        key_role: false,
        dimensions: Vec::new(),
        description: String::new(),
    };
    panel_plugin_sdk::testing::set_config("{}");
    group.bench_function("rubric-star score, native", |b| {
        b.iter(|| {
            <rubric_star::StarRubric as panel_plugin_sdk::Rubric>::score(&native_job, &native_question, &native_answer)
                .expect("score")
        })
    });
    group.bench_function("rubric-star scoring logic only, native", |b| {
        b.iter(|| rubric_star::StarRubric::score_with(&config, &native_question, &native_answer))
    });
    group.finish();
}

criterion_group!(benches, loading, calls);
criterion_main!(benches);

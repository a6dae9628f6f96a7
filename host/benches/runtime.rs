//! Plugin runtime benchmarks (`cargo xtask bench`): compiling a first-party
//! plugin, loading it from the compiled cache, instantiating it from its
//! `InstancePre` with the pooling allocator, and scoring one answer with
//! rubric-star through the runtime next to the same logic compiled natively;
//! then every first-party rubric (rubric-star, rubric-competency,
//! rubric-delivery) scoring a realistic Chinese and English answer through the
//! runtime; then, for each setting of how much of a memory slot stays
//! resident between calls, the cost of a call and the memory left resident
//! after a burst of memory-hungry calls (printed, not timed). Figures and
//! method: docs/performance.md.

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

/// A full spoken answer in Chinese, about 450 characters.
const ANSWER_ZH: &str = "去年我们车间的一条装配线连续两周良品率只有91%，我负责找出原因。我先把三百多件不良品按缺陷类型分类，\
    发现七成是螺丝扭矩不足。我到现场看了三个班次的操作，又查了设备记录，发现是一台电批的离合器磨损。\
    我安排维修更换了离合器，并在首件检验里加了扭矩抽检。结果两周后良品率回到了98.5%，之后三个月没有再出现同样的问题。\
    这件事里最难的是说服班组长停线排查，因为当时订单很紧，大家都担心交期。我把不良品的数据和返工的工时算给他看，\
    说明停线半天比每天返工两个小时更划算，他同意了。排查期间我和大家一起加班，还主动帮夜班的同事做了首件检验。\
    事后我把这次的排查步骤整理成了一页纸的检查清单，发给了其他三条线的班组长，后来类似的问题都能在一天内定位。\
    我从中学到，遇到质量问题要先用数据说话，再和一线的同事一起找原因，而不是凭经验下结论。";

/// A full spoken answer in English, about 600 characters.
const ANSWER_EN: &str = "Last year one of our assembly lines had a yield of only 91% for two weeks, and I was \
    responsible for finding the cause. I sorted more than three hundred defective units by defect type and found \
    that seventy percent were under-torqued screws. I watched the operators on three shifts and checked the \
    equipment logs, and I found a worn clutch in one electric screwdriver. I had maintenance replace the clutch \
    and I added a torque check to the first-article inspection. As a result the yield was back to 98.5% two weeks \
    later, and the problem did not come back in the following three months.";

/// The first-party rubrics benchmarked per call.
const RUBRICS: [&str; 3] = ["rubric-star", "rubric-competency", "rubric-delivery"];

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
    load_named(runtime, "rubric-star", bytes)
}

fn load_named(runtime: &PluginRuntime, name: &str, bytes: &[u8]) -> Arc<LoadedPlugin> {
    runtime.load(name, Version::new(0, 1, 0), bytes, Grants::none()).expect("load")
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
        guide: None,
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
    let inline = PluginRuntime::new(RuntimeConfig { plugin_threads: 0, ..RuntimeConfig::default() }).expect("runtime");
    let inline_rubric = load(&inline, &wasm("rubric-star")).rubric("{}").expect("rubric");
    group.bench_function("rubric-star score, wasm, on the caller's thread", |b| {
        b.iter(|| rt.block_on(inline_rubric.score(&job, &question, &answer)).expect("score"))
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

/// A behavioural question on two of the job's dimensions, in `locale`.
fn two_dimension_question(locale: &str) -> Question {
    Question { locale: locale.into(), dimensions: vec!["problem-solving".into(), "teamwork".into()], ..question() }
}

/// The realistic answer in `locale`, as a transcript of 150 s.
fn long_answer(locale: &str, text: &str) -> Answer {
    Answer { text: text.into(), locale: locale.into(), transcribed: true, duration_ms: 150_000, ..answer() }
}

/// Every first-party rubric scoring a 450-character Chinese and a
/// 600-character English answer through the runtime: the per-call latency a
/// rubric adds to scoring an interview.
fn rubric_calls(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("tokio");
    let runtime = runtime(None);
    let job = job();
    let mut group = c.benchmark_group("call");
    for name in RUBRICS {
        let rubric = load_named(&runtime, name, &wasm(name)).rubric("{}").expect("rubric");
        for (language, locale, text) in [("Chinese", "zh-CN", ANSWER_ZH), ("English", "en", ANSWER_EN)] {
            let (question, answer) = (two_dimension_question(locale), long_answer(locale, text));
            let scores = rt.block_on(rubric.score(&job, &question, &answer)).expect("score");
            assert!(!scores.is_empty(), "{name} scored nothing on the {language} answer");
            group.bench_function(format!("{name} score {language} answer, wasm"), |b| {
                b.iter(|| rt.block_on(rubric.score(&job, &question, &answer)).expect("score"))
            });
        }
    }
    group.finish();
}

/// The process's resident memory, in MiB.
fn rss_mib() -> f64 {
    let statm = std::fs::read_to_string("/proc/self/statm").unwrap_or_default();
    let pages: f64 = statm.split_whitespace().nth(1).and_then(|p| p.parse().ok()).unwrap_or(0.0);
    pages * 4096.0 / f64::from(1 << 20)
}

/// A test plugin, from the directory `cargo xtask build-plugins` fills.
fn test_wasm(name: &str) -> Option<Vec<u8>> {
    let dir = std::env::var_os("PANEL_TEST_PLUGIN_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/wasm32-wasip2/plugin"));
    std::fs::read(dir.join(format!("{}.wasm", name.replace('-', "_")))).ok()
}

/// For each amount of a memory slot kept resident between calls: what a
/// call costs (rubric-star scoring, timed), and what stays resident after 64
/// calls that each fill their 64 MiB (hostile-rubric's memory bomb), 16 at a
/// time (its share), printed.
fn resident(c: &mut Criterion) {
    let Some(bomb) = test_wasm("hostile-rubric") else {
        eprintln!("resident: hostile-rubric is not built (cargo xtask build-plugins); skipped");
        return;
    };
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().expect("tokio");
    let (job, question, answer) = (job(), question(), answer());
    let mut group = c.benchmark_group("resident");
    for keep in [0usize, 256 << 10, 1 << 20, 4 << 20] {
        let runtime =
            PluginRuntime::new(RuntimeConfig { keep_resident: keep, ..RuntimeConfig::default() }).expect("rt");
        let rubric = load(&runtime, &wasm("rubric-star")).rubric("{}").expect("rubric");
        group.bench_function(format!("rubric-star score, keep {} KiB resident", keep >> 10), |b| {
            b.iter(|| rt.block_on(rubric.score(&job, &question, &answer)).expect("score"))
        });
        let hostile = load_named(&runtime, "hostile-rubric", &bomb).rubric(r#"{"attack":"memory-bomb"}"#).expect("r");
        let before = rss_mib();
        rt.block_on(async {
            let calls: Vec<_> = (0..64)
                .map(|_| {
                    let hostile = hostile.clone();
                    let (job, question, answer) = (job.clone(), question.clone(), answer.clone());
                    tokio::spawn(async move { hostile.score(&job, &question, &answer).await })
                })
                .collect();
            for call in calls {
                let _ = call.await;
            }
        });
        let after = rss_mib();
        let idle = runtime.pool_stats().idle_resident_bytes as f64 / f64::from(1 << 20);
        println!(
            "resident: keep {:>5} KiB: RSS {before:.0} MiB before, {after:.0} MiB after 64 memory bombs \
             (+{:.0} MiB); idle slots hold {idle:.1} MiB",
            keep >> 10,
            after - before
        );
    }
    group.finish();
}

criterion_group!(benches, loading, calls, rubric_calls, resident);
criterion_main!(benches);

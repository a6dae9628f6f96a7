//! Runtime behaviour beyond containment: the compiled-plugin cache, the
//! circuit breaker, kinds, tracing spans, and the first-party plugins working
//! end to end through the host's native traits.

use std::time::Duration;

use std::io::Write;

use panel::domain::{Effect, PlanRequest, QuestionKind};
use panel::kinds::{QuestionBank, Rubric};
use panel::runtime::{Failure, Grants, PluginKind, PluginRuntime, RuntimeConfig, RuntimeStats};
use panel_e2e::{
    STRONG_EN, STRONG_ZH, WEAK_EN, answer, behavioural_question, load, plugin_wasm, runtime, supervisor_job,
    test_config,
};
use semver::Version;

fn runtime_with(config: RuntimeConfig) -> PluginRuntime {
    PluginRuntime::new(config).expect("plugin runtime starts")
}

/// The files in a cache directory, whatever its layout under the root.
fn cache_entries(root: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    let mut dirs = vec![root.to_path_buf()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).expect("read cache dir") {
            let path = entry.expect("cache entry").path();
            if path.is_dir() { dirs.push(path) } else { files.push(path) }
        }
    }
    files
}

#[test]
fn a_second_load_comes_from_the_compiled_cache_without_compiling() {
    let cache = tempfile::tempdir().expect("temp dir");
    let config = || RuntimeConfig { cache_dir: Some(cache.path().to_path_buf()), ..test_config() };
    let wasm = plugin_wasm("rubric-star");

    let first = runtime_with(config());
    first.load("rubric-star", Version::new(0, 1, 0), &wasm, Grants::none()).expect("first load");
    assert_eq!(first.stats(), RuntimeStats { compiled: 1, cache_hits: 0 });
    let entries = cache_entries(cache.path());
    assert_eq!(entries.len(), 1, "one compiled artefact is written: {entries:?}");
    assert_eq!(entries[0].extension().and_then(|e| e.to_str()), Some("cwasm"));

    // A restart: a new runtime (and engine) over the same cache directory.
    let restarted = runtime_with(config());
    restarted.load("rubric-star", Version::new(0, 1, 0), &wasm, Grants::none()).expect("second load");
    assert_eq!(restarted.stats(), RuntimeStats { compiled: 0, cache_hits: 1 });
}

#[test]
fn a_corrupt_cache_entry_is_recompiled_not_trusted() {
    let cache = tempfile::tempdir().expect("temp dir");
    let config = || RuntimeConfig { cache_dir: Some(cache.path().to_path_buf()), ..test_config() };
    let wasm = plugin_wasm("rubric-star");
    runtime_with(config()).load("rubric-star", Version::new(0, 1, 0), &wasm, Grants::none()).expect("load");
    for entry in cache_entries(cache.path()) {
        let mut file = std::fs::File::create(entry).expect("open cache entry");
        file.write_all(b"not a compiled component").expect("overwrite");
    }
    let restarted = runtime_with(config());
    restarted.load("rubric-star", Version::new(0, 1, 0), &wasm, Grants::none()).expect("load despite bad cache");
    assert_eq!(restarted.stats(), RuntimeStats { compiled: 1, cache_hits: 0 });
}

#[tokio::test]
async fn a_plugin_that_keeps_faulting_is_tripped_and_others_keep_serving() {
    let mut config = test_config();
    config.breaker.failures_to_trip = 3;
    config.breaker.cooldown = Duration::from_secs(600);
    config.limits.rubric.time_limit = Duration::from_millis(200);
    let runtime = runtime_with(config);
    let hostile = load(&runtime, "hostile-rubric", Grants::none());
    let star = load(&runtime, "rubric-star", Grants::none());
    let (job, question) = (supervisor_job(), behavioural_question("en"));

    let panicking = hostile.rubric(r#"{"attack":"panic"}"#).expect("a rubric");
    for _ in 0..3 {
        let error = panicking.score(&job, &question, &answer("en", "x")).await.expect_err("panics");
        assert_eq!(error.failure, Failure::Panicked);
    }
    assert!(hostile.is_tripped());
    // Even a call that would succeed is refused while the breaker is open.
    let calm = hostile.rubric("{}").expect("a rubric");
    let error = calm.score(&job, &question, &answer("en", "x")).await.expect_err("tripped");
    assert!(matches!(error.failure, Failure::Tripped { failures: 3, .. }), "{error}");
    assert!(error.to_string().contains("hostile-rubric@0.1.0"), "{error}");

    assert!(!star.is_tripped());
    let scores = star.rubric("{}").expect("a rubric").score(&job, &question, &answer("en", STRONG_EN)).await;
    assert!(scores.expect("rubric-star serves")[0].score > 7.0);
}

#[tokio::test]
async fn errors_the_plugin_returns_do_not_trip_the_breaker() {
    let mut config = test_config();
    config.breaker.failures_to_trip = 2;
    let runtime = runtime_with(config);
    let bank = load(&runtime, "bank-core", Grants::none());
    // A custom question of an unknown kind: bank-core reports invalid-config.
    let broken = bank
        .question_bank(r#"{"questions":[{"id":"x","kind":"riddle","dimensions":[],"en":"Why?"}]}"#)
        .expect("a bank");
    for _ in 0..3 {
        let error = broken.plan(&supervisor_job(), &PlanRequest::standard("en", 42)).await.expect_err("bad config");
        match &error.failure {
            Failure::Returned { code, message, retryable: false } => {
                assert_eq!(code, "invalid-config");
                assert!(message.contains("riddle"), "{message}");
            }
            other => panic!("expected the plugin's own error, got {other:?}"),
        }
    }
    assert!(!bank.is_tripped());
}

#[test]
fn asking_for_the_wrong_kind_says_what_the_plugin_is() {
    let runtime = runtime();
    let bank = load(&runtime, "bank-core", Grants::none());
    assert_eq!(bank.kind(), PluginKind::QuestionBank);
    assert_eq!(bank.api_version(), &Version::new(0, 2, 0));
    let error = bank.rubric("{}").expect_err("a bank is not a rubric");
    assert_eq!((error.expected, error.actual), (PluginKind::Rubric, PluginKind::QuestionBank));
    assert_eq!(error.to_string(), "plugin bank-core@0.1.0 is a question-bank plugin, not a rubric plugin");
}

#[tokio::test]
async fn bank_core_plans_an_interview_in_chinese_and_english() {
    let runtime = runtime();
    let bank = load(&runtime, "bank-core", Grants::none()).question_bank("{}").expect("a bank");
    let info = bank.describe().await.expect("describe");
    assert!(info.locales.contains(&"zh-CN".to_owned()) && info.dimensions.contains(&"teamwork".to_owned()));

    let zh = bank.plan(&supervisor_job(), &PlanRequest::standard("zh-CN", 42)).await.expect("zh plan");
    let en = bank.plan(&supervisor_job(), &PlanRequest::standard("en", 42)).await.expect("en plan");
    assert_eq!(zh.len(), 7);
    assert_eq!(zh.iter().map(|q| &q.id).collect::<Vec<_>>(), en.iter().map(|q| &q.id).collect::<Vec<_>>());
    assert_eq!(zh[0].kind, QuestionKind::SelfIntro);
    assert!(zh[0].text.contains("自我介绍"), "{}", zh[0].text);
    assert!(en[0].text.starts_with("Please introduce yourself"), "{}", en[0].text);
    // The job's heaviest dimension is asked about first.
    assert!(zh[1].dimensions.contains(&"problem-solving".to_owned()), "{:?}", zh[1].dimensions);
    assert!(zh.iter().all(|q| q.time_limit_secs > 0));
}

#[tokio::test]
async fn bank_core_follows_up_a_failure_story_through_the_host() {
    let runtime = runtime();
    let bank = load(&runtime, "bank-core", Grants::none()).question_bank("{}").expect("a bank");
    let story = answer("zh-CN", "那次上线最后失败了，因为我们没有做压力测试。");
    let follow = bank
        .follow_up(&supervisor_job(), &behavioural_question("zh-CN"), &story)
        .await
        .expect("call succeeds")
        .expect("a follow-up is proposed");
    assert_eq!(follow.kind, QuestionKind::FollowUp);
    assert!(follow.text.contains("学到"), "{}", follow.text);
}

#[tokio::test]
async fn rubric_star_scores_a_full_story_above_a_slogan_with_quoted_evidence() {
    let runtime = runtime();
    let star = load(&runtime, "rubric-star", Grants::none()).rubric("{}").expect("a rubric");
    let job = supervisor_job();

    let strong = star.score(&job, &behavioural_question("en"), &answer("en", STRONG_EN)).await.expect("score");
    let weak = star.score(&job, &behavioural_question("en"), &answer("en", WEAK_EN)).await.expect("score");
    assert_eq!(strong[0].dimension, "problem-solving");
    assert!(strong[0].score > weak[0].score + 4.0, "{} vs {}", strong[0].score, weak[0].score);
    assert!(weak[0].evidence.iter().any(|e| e.effect == Effect::Negative));
    let measured = strong[0].evidence.iter().find(|e| e.label == "result is measured").expect("measured result");
    let span = measured.span.expect("a span");
    assert_eq!(&STRONG_EN[span.start as usize..span.end as usize], "18%");

    let zh = star.score(&job, &behavioural_question("zh-CN"), &answer("zh-CN", STRONG_ZH)).await.expect("score");
    assert!(zh[0].score > 7.0, "{}", zh[0].score);
    assert!(zh[0].explanation.contains("情境"), "{}", zh[0].explanation);
    for evidence in zh[0].evidence.iter().filter_map(|e| e.span) {
        assert!(STRONG_ZH.get(evidence.start as usize..evidence.end as usize).is_some(), "span on char boundaries");
    }
}

#[tokio::test]
async fn rubric_star_honours_its_configuration() {
    let runtime = runtime();
    let plugin = load(&runtime, "rubric-star", Grants::none());
    let mut intro = behavioural_question("en");
    intro.kind = QuestionKind::SelfIntro;
    let default = plugin.rubric("{}").expect("a rubric");
    assert!(default.score(&supervisor_job(), &intro, &answer("en", STRONG_EN)).await.expect("score").is_empty());
    let all = plugin.rubric(r#"{"kinds":["self-intro"]}"#).expect("a rubric");
    assert_eq!(all.score(&supervisor_job(), &intro, &answer("en", STRONG_EN)).await.expect("score").len(), 1);
    let bad = plugin.rubric(r#"{"kind":["self-intro"]}"#).expect("a rubric");
    let error = bad.score(&supervisor_job(), &intro, &answer("en", STRONG_EN)).await.expect_err("unknown field");
    assert!(
        matches!(&error.failure, Failure::Returned { code, message, .. } if code == "invalid-config" && message.contains("kind")),
        "{error}"
    );
}

#[test]
fn the_sdk_stamps_each_plugin_with_its_crate_name_and_version() {
    let stamp = panel::runtime::stamp::read(&plugin_wasm("rubric-star")).expect("a stamp");
    assert_eq!((stamp.id.as_str(), stamp.version), ("rubric-star", Version::new(0, 1, 0)));
    let stamp = panel::runtime::stamp::read(&plugin_wasm("bank-core")).expect("a stamp");
    assert_eq!(stamp.id, "bank-core");
}

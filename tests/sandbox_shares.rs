//! One plugin must not take the host's shared resources from the others:
//! components with hundreds of memories are refused when loaded, memory is
//! counted over all of a call's memories, a plugin's concurrent calls are
//! capped at its share of the instance pool (the rest queue, and a queue
//! that is too long is the host's shortage, never another plugin's fault),
//! and host-side resources (HTTP header sets) are capped per call.

use std::sync::Arc;
use std::time::Duration;

use panel::kinds::{Connector, Rubric};
use panel::runtime::{Failure, Grants, LoadError, LoadedPlugin, PluginError, PluginRuntime, RuntimeConfig};
use panel_e2e::hostile_wasm::{ExtraMemories, with_extra_memories};
use panel_e2e::{STRONG_EN, answer, behavioural_question, load, plugin_wasm, supervisor_job, test_config};
use semver::Version;

fn hostile_event() -> panel::domain::LifecycleEvent {
    panel::domain::LifecycleEvent {
        id: "evt-1".into(),
        kind: "candidate.hired".into(),
        candidate_id: "cand-1".into(),
        job_id: "job-supervisor".into(),
        stage: "onboarding".into(),
        occurred_at: "2026-11-22T10:00:00Z".into(),
        payload: "{}".into(),
    }
}

async fn score(plugin: &Arc<LoadedPlugin>, config: &str) -> Result<Vec<panel::domain::DimensionScore>, PluginError> {
    let rubric = plugin.rubric(config).expect("a rubric");
    rubric.score(&supervisor_job(), &behavioural_question("en"), &answer("en", STRONG_EN)).await
}

/// The hostile rubric with extra memories, loaded under `id`.
// The same error type as `PluginRuntime::load`, whose result this passes on.
#[allow(clippy::result_large_err)]
fn load_with_memories(runtime: &PluginRuntime, id: &str, extra: ExtraMemories) -> Result<Arc<LoadedPlugin>, LoadError> {
    let wasm = with_extra_memories(&plugin_wasm("hostile-rubric"), extra);
    runtime.load(id, Version::new(0, 1, 0), &wasm, Grants::none())
}

#[test]
fn a_component_with_hundreds_of_memories_is_refused_when_loaded() {
    let runtime = PluginRuntime::new(test_config()).expect("runtime");
    let error = load_with_memories(&runtime, "many-memories", ExtraMemories { count: 511, grow_pages: 0 })
        .expect_err("511 memories would drain the pool at every call");
    match &error {
        LoadError::TooLarge { plugin, what, found, limit, .. } => {
            assert_eq!(plugin.id, "many-memories");
            assert_eq!((*what, *found, *limit), ("linear memories", 512, 4), "its own memory and the 511");
        }
        other => panic!("expected TooLarge, got {other}"),
    }
    let message = error.to_string();
    assert!(message.contains("many-memories@0.1.0") && message.contains("512 linear memories"), "{message}");
    // A few memories fit a rubric's limits.
    let few = load_with_memories(&runtime, "few-memories", ExtraMemories { count: 2, grow_pages: 0 })
        .expect("three memories are within a rubric's four");
    assert_eq!(few.kind(), panel::runtime::PluginKind::Rubric);
}

#[tokio::test]
async fn memory_is_limited_over_all_of_a_calls_memories() {
    let runtime = PluginRuntime::new(test_config()).expect("runtime");
    // Three extra memories of 12 MiB each: every one is under the rubric's
    // 32 MiB, together with the plugin's own they are over it.
    let greedy = load_with_memories(&runtime, "greedy", ExtraMemories { count: 3, grow_pages: 192 }).expect("loads");
    let error = score(&greedy, "{}").await.expect_err("36 MiB and more in one call");
    assert_eq!(error.failure, Failure::MemoryLimit { limit_bytes: 32 << 20 });
    // Two of 8 MiB (with the plugin's own, under 32 MiB together) are fine.
    let modest = load_with_memories(&runtime, "modest", ExtraMemories { count: 2, grow_pages: 128 }).expect("loads");
    let scores = score(&modest, "{}").await.expect("within the limit together");
    assert_eq!(scores[0].score, 6.0);
}

/// A runtime of 8 slots where a rubric may run 2 calls at once, a short
/// queue, and a breaker that trips on the first fault, so any fault wrongly
/// charged to a plugin shows at once.
fn small_runtime() -> PluginRuntime {
    let mut config =
        RuntimeConfig { max_concurrent_instances: 8, queue_timeout: Duration::from_millis(300), ..test_config() };
    config.limits.rubric.concurrent_calls = 2;
    config.breaker.failures_to_trip = 1;
    PluginRuntime::new(config).expect("runtime")
}

/// Waits (at most 10 s) until `runtime` has only `free` slots left.
async fn until_free_slots(runtime: &PluginRuntime, free: usize) {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    while runtime.pool_stats().free_slots > free {
        assert!(tokio::time::Instant::now() < deadline, "the calls never started: {:?}", runtime.pool_stats());
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_plugin_flooding_the_pool_gets_its_share_and_the_others_keep_answering() {
    let runtime = small_runtime();
    let hostile = load(&runtime, "hostile-rubric", Grants::none());
    let star = load(&runtime, "rubric-star", Grants::none());
    // Twenty slow calls at once, more than the pool's eight slots.
    let flood: Vec<_> = (0..20)
        .map(|_| {
            let hostile = hostile.clone();
            tokio::spawn(async move { score(&hostile, r#"{"attack":"slow","millis":1200}"#).await })
        })
        .collect();
    until_free_slots(&runtime, 6).await;
    assert_eq!(runtime.pool_stats().free_slots, 6, "the flood holds its share of two slots, no more");

    for _ in 0..5 {
        let scores = score(&star, "{}").await.expect("rubric-star answers during the flood");
        assert!(scores[0].score > 7.0);
    }
    let mut ok = 0;
    for call in flood {
        match call.await.expect("task") {
            Ok(_) => ok += 1,
            Err(e) => {
                assert!(matches!(e.failure, Failure::Busy { .. }), "the rest waited their turn, then busy: {e}");
                assert!(!e.is_fault() && e.is_retryable());
                assert!(e.to_string().contains("2 calls at once"), "{e}");
            }
        }
    }
    assert_eq!(ok, 2, "two ran: the plugin's share");
    assert!(!hostile.is_tripped(), "waiting for its turn is not a fault");
    assert!(!star.is_tripped());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_host_side_shortage_never_trips_an_innocent_plugins_breaker() {
    // Two slots, and the hostile rubric's share is both of them.
    let mut config =
        RuntimeConfig { max_concurrent_instances: 2, queue_timeout: Duration::from_millis(200), ..test_config() };
    config.limits.rubric.concurrent_calls = 2;
    config.breaker.failures_to_trip = 1;
    let runtime = PluginRuntime::new(config).expect("runtime");
    let hostile = load(&runtime, "hostile-rubric", Grants::none());
    let star = load(&runtime, "rubric-star", Grants::none());
    let flood: Vec<_> = (0..2)
        .map(|_| {
            let hostile = hostile.clone();
            tokio::spawn(async move { score(&hostile, r#"{"attack":"slow","millis":1000}"#).await })
        })
        .collect();
    until_free_slots(&runtime, 0).await;
    let error = score(&star, "{}").await.expect_err("no slot frees up within the queue timeout");
    assert!(matches!(error.failure, Failure::Busy { .. }), "{error}");
    assert!(error.to_string().contains("all 2 plugin slots"), "{error}");
    assert!(!error.is_fault());
    assert!(!star.is_tripped(), "the host's shortage is not rubric-star's failure");
    for call in flood {
        call.await.expect("task").expect("the slow calls finish");
    }
    score(&star, "{}").await.expect("rubric-star is called again at once");
}

#[tokio::test]
async fn header_sets_held_by_a_call_are_capped() {
    let runtime = PluginRuntime::new(test_config()).expect("runtime");
    let plugin = load(&runtime, "hostile-connector", Grants::none());
    // 1,500 header sets of 30 KiB, all held at once: 45 MB of host memory.
    let hoard = plugin.connector(r#"{"attack":"header-hoard","count":1500,"bytes":30000}"#).expect("a connector");
    let error = hoard.handle(&hostile_event()).await.expect_err("the call may hold 256 host resources");
    assert_eq!(error.failure, Failure::HostResources { limit: 256 });
    assert!(error.is_fault());
    // One header set over the per-set limit stops the call.
    let big = plugin.connector(r#"{"attack":"header-hoard","count":1,"bytes":120000}"#).expect("a connector");
    match big.handle(&hostile_event()).await.expect_err("120 KB of headers").failure {
        Failure::HostCall { reason } => assert!(reason.contains("fields exceeds limit"), "{reason}"),
        other => panic!("expected the header set refused, got {other:?}"),
    }
    // Within the limits the same plugin works.
    let modest = plugin.connector(r#"{"attack":"header-hoard","count":50,"bytes":1000}"#).expect("a connector");
    let outcome = modest.handle(&hostile_event()).await.expect("50 small header sets are fine");
    assert_eq!(outcome, panel::domain::Outcome::Applied("held 50 header sets".into()));
}

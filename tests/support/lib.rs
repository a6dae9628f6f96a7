//! Shared helpers for the end-to-end tests: where the built plugins are, a
//! runtime configured for tests, and sample jobs, questions and answers.
//!
//! Plugins are built from source once per test run by `cargo xtask test`
//! (see README.md); a test that finds one missing says so.

pub mod api;
pub mod contract;
pub mod db;
pub mod hostile_wasm;
pub mod packages;
pub mod receiver;
pub mod smtp;
pub mod systems;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use panel::domain::{Answer, Dimension, JobProfile, Question, QuestionKind};
use panel::runtime::{Grants, LoadedPlugin, PluginRuntime, RuntimeConfig};
use semver::Version;

/// The directory the wasm32-wasip2 plugins are built into.
pub fn plugin_dir() -> PathBuf {
    if let Ok(dir) = std::env::var("PANEL_TEST_PLUGIN_DIR") {
        return PathBuf::from(dir);
    }
    let target = std::env::var("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|_| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target"));
    target.join("wasm32-wasip2/plugin")
}

/// The built component of a plugin crate, e.g. `rubric-star`.
pub fn plugin_wasm(crate_name: &str) -> Vec<u8> {
    let path = plugin_dir().join(format!("{}.wasm", crate_name.replace('-', "_")));
    std::fs::read(&path).unwrap_or_else(|e| {
        panic!(
            "plugin {crate_name} is not built ({}: {e}); run the tests with `cargo xtask test`, \
             which builds every plugin first",
            path.display()
        )
    })
}

/// A runtime for tests: small pool, quick deadlines, compiled plugins cached
/// under the target directory so reruns do not recompile.
pub fn test_config() -> RuntimeConfig {
    let mut config = RuntimeConfig {
        cache_dir: Some(plugin_dir().join("../panel-test-cache")),
        max_concurrent_instances: 32,
        ..RuntimeConfig::default()
    };
    config.limits.rubric.time_limit = Duration::from_millis(1500);
    config.limits.rubric.memory_bytes = 32 << 20;
    config.limits.connector.time_limit = Duration::from_secs(3);
    // Hostile tests fault the same plugin in parallel; the breaker has its own test.
    config.breaker.failures_to_trip = 10_000;
    config
}

/// A new runtime with [`test_config`].
pub fn runtime() -> PluginRuntime {
    PluginRuntime::new(test_config()).expect("plugin runtime starts")
}

/// Loads a built plugin crate as version 0.1.0 with the given grants.
pub fn load(runtime: &PluginRuntime, crate_name: &str, grants: Grants) -> Arc<LoadedPlugin> {
    runtime
        .load(crate_name, Version::new(0, 1, 0), &plugin_wasm(crate_name), grants)
        .unwrap_or_else(|e| panic!("loading {crate_name}: {e}"))
}

fn dimension(id: &str, name: &str, weight: f32, threshold: f32) -> Dimension {
    Dimension { id: id.into(), name: name.into(), weight, threshold, labels: Vec::new() }
}

/// A production supervisor's job in manufacturing.
pub fn supervisor_job() -> JobProfile {
    JobProfile {
        id: "job-supervisor".into(),
        title: "Production Supervisor".into(),
        industry: "manufacturing".into(),
        locale: "zh-CN".into(),
        key_role: false,
        dimensions: vec![
            dimension("problem-solving", "Problem solving", 0.35, 7.0),
            dimension("teamwork", "Teamwork", 0.25, 7.0),
            dimension("responsibility", "Responsibility", 0.25, 7.0),
            dimension("professional-skill", "Professional skill", 0.15, 8.0),
        ],
        description: "Runs a production line of 40 people; owns output, quality and safety.".into(),
    }
}

/// A behavioural question on problem solving.
pub fn behavioural_question(locale: &str) -> Question {
    Question {
        id: "problem-root-cause".into(),
        kind: QuestionKind::Behavioural,
        text: "Tell us about a time you found the root cause of a problem that kept coming back.".into(),
        locale: locale.into(),
        dimensions: vec!["problem-solving".into()],
        think_time_secs: 30,
        time_limit_secs: 180,
        guide: None,
    }
}

/// An answer in `locale` with the given text.
pub fn answer(locale: &str, text: &str) -> Answer {
    Answer {
        question_id: "problem-root-cause".into(),
        text: text.into(),
        transcribed: false,
        locale: locale.into(),
        think_time_ms: 12_000,
        duration_ms: 95_000,
    }
}

/// A complete STAR answer in English.
pub const STRONG_EN: &str = "At the time our line was missing its daily target every week. My task was to find \
    the bottleneck within a week. I analyzed the cycle times of every station, then I reorganized the shifts \
    and I introduced a buffer before welding. As a result output increased by 18% in a month.";

/// A complete STAR answer in Chinese.
pub const STRONG_ZH: &str = "当时我们产线每天都完不成产量目标，我负责在一周内找到瓶颈。我先统计了每个工位的节拍，\
    然后重新安排了班次，并在焊接前增加了缓冲区。最终产量在一个月内提升了18%。";

/// A slogan with no story.
pub const WEAK_EN: &str = "I am a hard worker and a team player who always gives 100 percent.";

/// Switches `plugin_id` (any version) on for the whole organisation with
/// `config`.
pub fn organisation_wide(organisation: i64, plugin_id: &str, config: serde_json::Value) -> panel::store::NewBinding {
    use panel::packages::{Scope, ScopeKind};
    panel::store::NewBinding {
        scope: Scope::new(ScopeKind::Organisation, organisation),
        plugin_id: plugin_id.into(),
        requirement: semver::VersionReq::STAR,
        enabled: true,
        config,
    }
}

/// A new organisation "Acme" with one region (with `policy`), branch and
/// department, and a production supervisor's job there in English; returns
/// the organisation's and the job's ids.
pub async fn organisation_with_job(
    store: &panel::store::Store,
    policy: panel::store::RegionPolicy,
    key_role: bool,
) -> (i64, i64) {
    use panel::store::{NewJob, RegionPolicy, UnitKind};
    let organisation = store.create_organisation("Acme Manufacturing").await.expect("organisation");
    let region = store.create_unit(organisation, None, UnitKind::Region, "East", policy).await.expect("region");
    let branch = store
        .create_unit(organisation, Some(region), UnitKind::Branch, "Suzhou", RegionPolicy::default())
        .await
        .expect("branch");
    let department = store
        .create_unit(organisation, Some(branch), UnitKind::Department, "Assembly", RegionPolicy::default())
        .await
        .expect("department");
    let profile = supervisor_job();
    let job = store
        .create_job(&NewJob {
            department_id: department,
            title: profile.title,
            industry: profile.industry,
            locale: "en".into(),
            key_role,
            description: profile.description,
            dimensions: profile.dimensions,
            requirements: Default::default(),
            review_margin: 0.5,
        })
        .await
        .expect("job");
    (organisation, job)
}

/// The host's embeddings on the on-device models (`cargo xtask models`
/// builds them; `PANEL_MODELS` or target/models), loaded once per test
/// binary and shared, so their vector cache is too.
pub fn host_embeddings() -> Arc<panel::runtime::HostEmbeddings> {
    static EMBEDDINGS: std::sync::OnceLock<Arc<panel::runtime::HostEmbeddings>> = std::sync::OnceLock::new();
    EMBEDDINGS
        .get_or_init(|| {
            let dir = std::env::var("PANEL_MODELS")
                .map(PathBuf::from)
                .unwrap_or_else(|_| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/models"));
            let models = panel::models::HostModels::load(&dir, 2);
            let embedder = models.embedder.unwrap_or_else(|| {
                panic!(
                    "the on-device models are not in {} ({}); run `cargo xtask models` (cargo xtask test does)",
                    dir.display(),
                    models.unavailable.unwrap_or_default()
                )
            });
            Arc::new(panel::runtime::HostEmbeddings::new(embedder))
        })
        .clone()
}

/// A test runtime whose rubrics may have the host's embeddings.
pub fn runtime_with_embeddings() -> PluginRuntime {
    PluginRuntime::new(RuntimeConfig { embeddings: Some(host_embeddings()), ..test_config() })
        .expect("plugin runtime starts")
}

//! `panel plugin new`: a plugin crate that builds as it is, for one kind,
//! with its manifest, README and a unit test through the SDK.

use std::path::{Path, PathBuf};

use anyhow::{Context, bail};

use crate::runtime::{PluginKind, api_version, stamp};

/// Writes a new plugin crate into `dir` (which must not exist yet), with the
/// SDK this `panel` ships in `dir/panel-sdk` unless `sdk` names another
/// (a checkout's `plugin-sdk`, for Panel's own developers).
pub(crate) fn scaffold(dir: &Path, id: &str, kind: PluginKind, sdk: Option<&Path>) -> anyhow::Result<Vec<PathBuf>> {
    if !stamp::is_plugin_id(id) {
        bail!("{id:?} is not a plugin id: use lowercase letters, digits, '-' and '_' (at most 64)");
    }
    if dir.exists() {
        bail!("{} already exists; choose a new directory", dir.display());
    }
    let sdk_dependency = match sdk {
        Some(sdk) => sdk
            .canonicalize()
            .with_context(|| format!("the plugin SDK is not at {}", sdk.display()))?
            .display()
            .to_string(),
        None => super::sdk::CRATE_PATH.to_owned(),
    };
    let api = api_version::SUPPORTED_LATEST;
    let files: Vec<(&str, String)> = vec![
        ("Cargo.toml", cargo_toml(id, &sdk_dependency)),
        ("plugin.toml", manifest(id, kind, api)),
        ("src/lib.rs", source(kind).to_owned()),
        ("README.md", readme(id, kind)),
        ("samples.toml", samples(kind)),
        (".gitignore", "/target\n/*.panelpkg\n".to_owned()),
    ];
    let mut written = Vec::new();
    for (name, text) in files {
        let path = dir.join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).with_context(|| format!("creating {}", parent.display()))?;
        }
        std::fs::write(&path, text).with_context(|| format!("writing {}", path.display()))?;
        written.push(path);
    }
    if sdk.is_none() {
        let folder = dir.join(super::sdk::FOLDER);
        super::sdk::write_sdk(&folder)?;
        written.push(folder);
    }
    Ok(written)
}

fn cargo_toml(id: &str, sdk: &str) -> String {
    format!(
        r#"[package]
name = "{id}"
version = "0.1.0"
edition = "2024"
publish = false

[lib]
crate-type = ["cdylib", "rlib"]

[dependencies]
# The SDK shipped with `panel`; `panel plugin sdk` updates it.
panel-plugin-sdk = {{ path = {sdk:?} }}
serde = {{ version = "1", features = ["derive"] }}
serde_json = "1"

# Small components: plugins are downloaded, verified and compiled by hosts.
[profile.release]
opt-level = "s"
lto = true
codegen-units = 1
strip = "debuginfo"

# A plugin crate is its own workspace, wherever it is created.
[workspace]
"#
    )
}

pub(crate) fn manifest(id: &str, kind: PluginKind, api: &str) -> String {
    let (capabilities, schema) = match kind {
        PluginKind::Connector | PluginKind::Notifier => (
            "# Every host the plugin sends requests to; an administrator must grant each.\noutbound-hosts = [\"127.0.0.1:8080\"]\n",
            "type = \"object\"\nrequired = [\"endpoint\"]\nadditionalProperties = false\n\n[config-schema.properties.endpoint]\ntype = \"string\"\npattern = \"^https?://\"\ndescription = \"Where to send requests, e.g. http://127.0.0.1:8080/events\"\n",
        ),
        PluginKind::QuestionBank | PluginKind::Rubric => (
            "outbound-hosts = []\n",
            "type = \"object\"\nadditionalProperties = false\n\n[config-schema.properties.weight]\ntype = \"number\"\nminimum = 0\nmaximum = 1\n",
        ),
    };
    format!(
        r#"[plugin]
id = "{id}"
name = "{id}"
version = "0.1.0"
kind = "{kind}"
api = "{api}"
description = "Describe what {id} does."
vendor = "Your company"
license = "Apache-2.0"

[capabilities]
{capabilities}embeddings = false

[config-schema]
{schema}"#,
        kind = kind.world()
    )
}

/// What `panel plugin test` runs the new plugin on.
pub(crate) fn samples(kind: PluginKind) -> String {
    match kind {
        PluginKind::Rubric => format!("{RUBRIC_SAMPLES}{JOB_SAMPLE}{RUBRIC_ANSWERS}"),
        PluginKind::QuestionBank => format!("{BANK_SAMPLES}{JOB_SAMPLE}"),
        PluginKind::Connector => CONNECTOR_SAMPLES.to_owned(),
        PluginKind::Notifier => NOTIFIER_SAMPLES.to_owned(),
    }
}

const JOB_SAMPLE: &str = r#"[job]
id = "job-1"
title = "Production supervisor"
industry = "manufacturing"
locale = "en"

[[job.dimensions]]
id = "problem-solving"
name = "Problem solving"
weight = 0.6
threshold = 7.0

[[job.dimensions]]
id = "teamwork"
name = "Teamwork"
weight = 0.4
threshold = 6.5
"#;

const RUBRIC_SAMPLES: &str =
    concat!("# `panel plugin test` scores each answer with this rubric in the sandbox.\n", "config = {}\n\n",);

const RUBRIC_ANSWERS: &str = r#"
[[questions]]
id = "q1"
kind = "behavioural"
text = "Tell us about a time you solved a problem at work."
locale = "en"
dimensions = ["problem-solving"]
think_time_secs = 30
time_limit_secs = 180

[[answers]]
question_id = "q1"
text = "Our line missed its target every week. I measured every station, found the bottleneck and moved two people; output rose 18 percent."
locale = "en"
think_time_ms = 5000
duration_ms = 60000
"#;

const BANK_SAMPLES: &str = concat!(
    "# `panel plugin test` asks this bank to plan an interview for the job.\n",
    "config = {}\n\n",
    "[plan]\nlocale = \"en\"\nseed = 1\nsections = [{ kind = \"behavioural\", count = 2 }]\n\n",
);

const CONNECTOR_SAMPLES: &str = r#"# `panel plugin test` hands each event to this connector; `{mock}` is a local
# endpoint the harness starts and prints what it receives.
config = { endpoint = "{mock}/events" }

[[events]]
id = "evt-1"
kind = "candidate.hired"
candidate_id = "42"
job_id = "7"
stage = "onboarding"
occurred_at = "2026-12-01T09:00:00Z"
payload = "{}"
"#;

const NOTIFIER_SAMPLES: &str = r#"# `panel plugin test` has this notifier send each message; `{mock}` is a local
# endpoint the harness starts and prints what it receives.
config = { endpoint = "{mock}/messages" }

[[messages]]
id = "msg-1"
channel = "webhook"
template = "interview.invitation"
locale = "en"
variables = [["link", "https://panel.example/i/abc"]]

[messages.recipient]
name = "A. Candidate"
address = "candidate@example.com"
"#;

fn readme(id: &str, kind: PluginKind) -> String {
    format!(
        "# {id}\n\nA Panel {kind} plugin. It depends on the plugin SDK in `panel-sdk/`, shipped with `panel` (update it with `panel plugin sdk`).\n\n## Build, pack and sign\n\n```sh\npanel plugin build\npanel plugin test        # runs samples.toml in the sandbox; --watch reruns on change\npanel plugin keygen --name \"Your company\" --out ~/panel-signing.key   # once\npanel plugin pack\npanel plugin sign {id}-0.1.0.panelpkg --key ~/panel-signing.key\n```\n\n## Configuration\n\nSee `[config-schema]` in `plugin.toml`.\n",
        kind = kind.world()
    )
}

fn source(kind: PluginKind) -> &'static str {
    match kind {
        PluginKind::Connector => CONNECTOR,
        PluginKind::Notifier => NOTIFIER,
        PluginKind::Rubric => RUBRIC,
        PluginKind::QuestionBank => QUESTION_BANK,
    }
}

const CONNECTOR: &str = r#"//! A connector: sends each lifecycle event to the configured endpoint as
//! JSON, with the event id as the idempotency key.

use panel_plugin_sdk::{Connector, ConnectorInfo, LifecycleEvent, Outcome, PluginError, http, register};
use serde::Deserialize;

#[derive(Debug, Deserialize)]
struct Config {
    endpoint: String,
}

struct Plugin;

impl Connector for Plugin {
    fn describe() -> ConnectorInfo {
        ConnectorInfo::new("Connector", "Sends lifecycle events to another system.", &["candidate.hired"])
    }

    fn handle(event: &LifecycleEvent) -> Result<Outcome, PluginError> {
        let config: Config = panel_plugin_sdk::host::config()?;
        let body = serde_json::json!({
            "event": event.id,
            "kind": event.kind,
            "candidate": event.candidate_id,
            "job": event.job_id,
            "stage": event.stage,
        });
        let response = http::Request::post(&config.endpoint)
            .header("content-type", "application/json")
            .header("idempotency-key", &event.id)
            .body(body.to_string())
            .send()?
            .error_for_status()?;
        Ok(Outcome::Applied(response.text()))
    }
}

register!(connector: Plugin);
"#;

const NOTIFIER: &str = r#"//! A notifier: posts each message to the configured endpoint as JSON.

use panel_plugin_sdk::{Message, Notifier, NotifierInfo, PluginError, http, register};
use serde::Deserialize;

#[derive(Debug, Deserialize)]
struct Config {
    endpoint: String,
}

struct Plugin;

impl Notifier for Plugin {
    fn describe() -> NotifierInfo {
        NotifierInfo::new("Notifier", "Posts messages to a webhook.", &["webhook"])
    }

    fn send(message: &Message) -> Result<String, PluginError> {
        let config: Config = panel_plugin_sdk::host::config()?;
        let body = serde_json::json!({ "id": message.id, "template": message.template });
        let response = http::Request::post(&config.endpoint)
            .header("content-type", "application/json")
            .header("idempotency-key", &message.id)
            .body(body.to_string())
            .send()?
            .error_for_status()?;
        Ok(response.text())
    }
}

register!(notifier: Plugin);
"#;

const RUBRIC: &str = r#"//! A rubric: scores every dimension a question measures by how much the
//! answer says, with the reason in words a candidate could be shown.

use panel_plugin_sdk::{Answer, DimensionScore, JobProfile, PluginError, Question, Rubric, RubricInfo, register};

struct Plugin;

impl Rubric for Plugin {
    fn describe() -> RubricInfo {
        RubricInfo::new("Rubric", "Scores answers by how much they say.")
    }

    fn score(_job: &JobProfile, question: &Question, answer: &Answer) -> Result<Vec<DimensionScore>, PluginError> {
        let words = answer.text.split_whitespace().count() as f32;
        let score = (words / 20.0).min(10.0);
        let reason = format!("The answer has {words} words.");
        Ok(question.dimensions.iter().map(|d| DimensionScore::new(d, score, 0.3, reason.clone())).collect())
    }
}

register!(rubric: Plugin);
"#;

const QUESTION_BANK: &str = r#"//! A question bank: one behavioural question per requested slot.

use panel_plugin_sdk::{BankInfo, JobProfile, PlanRequest, PluginError, Question, QuestionBank, QuestionKind, register};

struct Plugin;

impl QuestionBank for Plugin {
    fn describe() -> BankInfo {
        BankInfo::new("Question bank", "Behavioural questions.")
    }

    fn plan(job: &JobProfile, request: &PlanRequest) -> Result<Vec<Question>, PluginError> {
        let mut questions = Vec::new();
        for section in &request.sections {
            if section.kind != QuestionKind::Behavioural {
                continue;
            }
            for (i, dimension) in job.dimensions.iter().take(section.count as usize).enumerate() {
                let text = format!("Tell us about a time you showed {}.", dimension.id);
                questions.push(Question::new(format!("q{i}"), QuestionKind::Behavioural, &request.locale, text, &[&dimension.id], 180));
            }
        }
        Ok(questions)
    }
}

register!(question_bank: Plugin);
"#;

/// Why `kind` cannot be parsed, listing the kinds.
pub(crate) fn parse_kind(text: &str) -> Result<PluginKind, String> {
    PluginKind::ALL.into_iter().find(|k| k.world() == text).ok_or_else(|| {
        let worlds: Vec<&str> = PluginKind::ALL.iter().map(|k| k.world()).collect();
        format!("{text:?} is not a kind of plugin; use one of {}", worlds.join(", "))
    })
}

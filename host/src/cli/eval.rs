//! `panel eval`: how well the installed rubrics score, on an evaluation set
//! (`tests/eval/set.toml` is the project's). Every rubric package in the
//! packages directory that passes verification is used, its newest version
//! with an empty configuration (what `panel demo` switches on for a new
//! organisation), so a new rubric is measured by installing it.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use anyhow::{Context, bail};

use super::RuntimeArgs;
use super::plugin_host::load_packages;
use crate::engine::quality::{EvaluationSet, figures, render, score_set};
use crate::kinds::{QuestionBank, Rubric};
use crate::runtime::PluginKind;

#[derive(Debug, clap::Args)]
pub(crate) struct EvalArgs {
    #[command(flatten)]
    runtime: RuntimeArgs,
    /// The evaluation set: a set.toml naming its answer files.
    #[arg(long)]
    set: PathBuf,
    /// Print the figures as JSON instead of the report.
    #[arg(long)]
    json: bool,
    /// Also list every pair the combined score ranks wrongly.
    #[arg(long, short)]
    verbose: bool,
}

pub(crate) async fn run(args: EvalArgs) -> anyhow::Result<()> {
    let mut set = EvaluationSet::load(&args.set)?;
    let loaded = load_packages(&args.runtime, &args.runtime.host_models_all_cores())?;
    // The questions' answer guides, from the banks installed beside the rubrics.
    let mut banks: BTreeMap<String, Arc<dyn QuestionBank>> = BTreeMap::new();
    for active in loaded.registry.list().into_iter().filter(|p| p.manifest.kind == PluginKind::QuestionBank) {
        if let Ok(bank) = active.plugin.question_bank("{}") {
            banks.insert(active.manifest.id.clone(), Arc::new(bank));
        }
    }
    let guided = set.take_guides(&banks.into_values().collect::<Vec<_>>()).await;
    eprintln!("answer guides taken from the banks: {guided} (question, language) pairs");
    // The registry lists by id, then version: the last of each id is its newest.
    let mut newest = BTreeMap::new();
    for active in loaded.registry.list().into_iter().filter(|p| p.manifest.kind == PluginKind::Rubric) {
        newest.insert(active.manifest.id.clone(), active);
    }
    if newest.is_empty() {
        bail!("no rubric package was loaded, so there is nothing to evaluate");
    }
    let mut rubrics: Vec<Arc<dyn Rubric>> = Vec::new();
    for active in newest.values() {
        let rubric = active.plugin.rubric("{}").with_context(|| active.label().to_string())?;
        rubrics.push(Arc::new(rubric));
    }
    let scored = score_set(&set, &rubrics).await;
    let figures = figures(&set, &scored);
    if args.json {
        println!("{}", serde_json::to_string_pretty(&figures)?);
    } else {
        print!("{}", render(&figures, args.verbose));
    }
    Ok(())
}

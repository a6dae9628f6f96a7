//! `panel eval` run as a user runs it: the real binary, the project's
//! evaluation set and real plugin packages in a fresh data directory.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::support::{plugins_dir, trust_policy};

fn eval(args: &[&str], root: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_panel"))
        .arg("eval")
        .args(args)
        .arg("--plugins")
        .arg(staged_once(root))
        .arg("--trust")
        .arg(trust_policy(root))
        .arg("--data-dir")
        .arg(root.join("data"))
        .env_remove("RUST_LOG")
        .output()
        .expect("panel runs")
}

/// The packages, signed once per data directory: a plugin id belongs to the
/// key that first installed it, so a second run must not re-sign them with
/// a new key.
fn staged_once(root: &Path) -> PathBuf {
    let dir = root.join("plugins");
    if dir.exists() { dir } else { plugins_dir(root) }
}

fn the_set() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/eval/set.toml")
}

#[test]
fn the_report_scores_the_set_with_every_installed_rubric_and_only_rubrics() {
    let root = tempfile::tempdir().expect("temp dir");
    let set = the_set();
    let out = eval(&["--set", set.to_str().expect("utf-8 path")], root.path());
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(report.starts_with("Scoring quality: 216 answers to 12 questions (zh-CN 108, en 108)"), "{report}");
    // bank-core is installed too: only rubrics score.
    assert!(report.contains("Rubrics: rubric-star@0.1.0\n"), "{report}");
    for line in [
        "all (",
        "vs irrelevant-story (27)",
        "genuine threshold (72)",
        "zh-CN: genuine answers:",
        "en: genuine answers:",
    ] {
        assert!(report.contains(line), "{line} in {report}");
    }

    let json = eval(&["--set", set.to_str().expect("utf-8 path"), "--json"], root.path());
    assert!(json.status.success(), "{}", String::from_utf8_lossy(&json.stderr));
    let figures: serde_json::Value = serde_json::from_slice(&json.stdout).expect("JSON figures");
    let languages = figures["languages"].as_array().expect("languages");
    assert_eq!(languages.len(), 2);
    for language in languages {
        assert_eq!(language["combined"]["all"]["pairs"], 216, "{language}");
        let won = language["combined"]["all"]["won"].as_u64().expect("pairs won");
        assert!(won > 108, "rubric-star alone ranks most pairs right: {won}/216");
        assert_eq!(
            language["genuine"]["advance"].as_u64().unwrap_or(0)
                + language["genuine"]["human_review"].as_u64().unwrap_or(0)
                + language["genuine"]["reject"].as_u64().unwrap_or(0),
            36
        );
    }
}

#[test]
fn a_broken_set_is_refused_naming_the_file_and_the_answer() {
    let root = tempfile::tempdir().expect("temp dir");
    let dir = root.path().join("set");
    std::fs::create_dir_all(&dir).expect("set dir");
    let set = std::fs::read_to_string(the_set()).expect("the project's set");
    std::fs::write(dir.join("set.toml"), set.replace("answers-en.toml", "mine.toml")).expect("set.toml");
    std::fs::copy(the_set().with_file_name("answers-zh-CN.toml"), dir.join("answers-zh-CN.toml")).expect("copy");
    std::fs::write(
        dir.join("mine.toml"),
        "locale = \"en\"\n[[answers]]\nid = \"en-1\"\nquestion = \"no-such-question\"\nkind = \"vague\"\ntext = \"I usually help.\"\n",
    )
    .expect("answers");
    let out = eval(&["--set", dir.join("set.toml").to_str().expect("utf-8 path")], root.path());
    assert!(!out.status.success());
    let error = String::from_utf8_lossy(&out.stderr);
    assert!(error.contains("mine.toml: answer `en-1`: question `no-such-question` is not in"), "{error}");

    let missing = eval(&["--set", dir.join("nothing.toml").to_str().expect("utf-8 path")], root.path());
    assert!(!missing.status.success());
    assert!(
        String::from_utf8_lossy(&missing.stderr).contains("cannot read"),
        "{}",
        String::from_utf8_lossy(&missing.stderr)
    );
}

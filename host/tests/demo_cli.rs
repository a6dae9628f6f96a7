//! `panel demo` run as a user runs it: the real binary, the real plugins built
//! by `cargo xtask test`, a fresh data directory.

use std::path::Path;
use std::process::{Command, Output};

use crate::support::plugins_dir;

fn panel(args: &[&str], plugins: &Path, data: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_panel"))
        .args(args)
        .arg("--plugins")
        .arg(plugins)
        .arg("--trust")
        .arg(plugins.parent().expect("a parent").join("trust.toml"))
        .arg("--data-dir")
        .arg(data)
        .env_remove("RUST_LOG")
        .output()
        .expect("panel runs")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn the_demo_plans_scores_and_ranks_and_a_restart_uses_the_compiled_cache() {
    let root = tempfile::tempdir().expect("temp dir");
    let plugins = plugins_dir(root.path());
    let data = root.path().join("data");

    let first = panel(&["demo", "--locale", "en"], &plugins, &data);
    assert!(first.status.success(), "{}", String::from_utf8_lossy(&first.stderr));
    let out = stdout(&first);
    assert!(out.contains("2 plugins loaded") && out.contains("(2 compiled, 0 from the compiled cache)"), "{out}");
    assert!(out.contains("bank-core@0.1.0") && out.contains("rubric-star@0.1.0"), "{out}");
    assert!(out.contains("signed by Panel first-party (tests)"), "{out}");
    assert!(out.contains("Switched on for the demo organisation: bank-core@0.1.0, rubric-star@0.1.0"), "{out}");
    assert!(out.contains("Interview plan from bank-core@0.1.0 (7 questions)"), "{out}");
    let ranking = out.split("Ranking").nth(1).expect("a ranking");
    let position = |name: &str| ranking.find(name).unwrap_or_else(|| panic!("{name} missing from {ranking}"));
    assert!(position("Wang Fang") < position("Li Qiang") && position("Li Qiang") < position("Chen Jing"));
    assert!(out.contains("follow-up asked"), "{out}");
    // Three industries, each ranked on its own competency model.
    let product = out.split("Ranking for Product Manager (internet)").nth(1).expect("the product job's ranking");
    let product = product.split("Ranking for").next().unwrap_or(product);
    let at = |text: &str, name: &str| text.find(name).unwrap_or_else(|| panic!("{name} missing from {text}"));
    assert!(at(product, "Zhao Min") < at(product, "Zhou Ting") && product.contains("Sun Hao"), "{product}");
    let retail = out.split("Ranking for Store Supervisor (retail)").nth(1).expect("the retail job's ranking");
    assert!(at(retail, "Liu Yang") < at(retail, "Wu Qian"), "{retail}");
    assert!(out.contains("Interviewed 8 candidates for 3 jobs"), "{out}");
    assert!(out.contains("1. Wang Fang") && out.contains("advance"), "{out}");
    assert!(out.contains("is below the job's threshold"), "the reasons are in words: {out}");
    let report = out.split("Report for Wang Fang").nth(1).expect("the best candidate's report");
    assert!(report.contains("(rubric-star@0.1.0)") && report.contains("+ result is measured"), "{report}");
    assert!(report.contains("Recommendation: advance"), "{report}");
    assert!(report.contains("Plugins: bank-core@0.1.0, rubric-star@0.1.0"), "{report}");

    let second = panel(&["demo", "--locale", "zh-CN"], &plugins, &data);
    assert!(second.status.success());
    let out = stdout(&second);
    assert!(out.contains("(0 compiled, 2 from the compiled cache)"), "{out}");
    assert!(out.contains("王芳") && out.contains("自我介绍"), "{out}");
}

#[test]
fn an_empty_plugins_directory_is_a_clear_error() {
    let root = tempfile::tempdir().expect("temp dir");
    let empty = root.path().join("empty");
    std::fs::create_dir_all(&empty).expect("dir");
    let output = panel(&["demo"], &empty, &root.path().join("data"));
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("holds no plugin packages (*.panelpkg)"), "{stderr}");
    assert!(stderr.contains("panel plugin install"), "says what to do: {stderr}");
}

#[test]
fn packages_from_an_untrusted_vendor_are_refused() {
    let root = tempfile::tempdir().expect("temp dir");
    let plugins = plugins_dir(root.path());
    std::fs::write(root.path().join("trust.toml"), "allow-unsigned = false\n").expect("an empty trust policy");
    let output = panel(&["demo"], &plugins, &root.path().join("data"));
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("bank-core.panelpkg was not loaded") && stderr.contains("not trusted"), "{stderr}");
    assert!(stderr.contains("no plugin package"), "{stderr}");
}

#[test]
fn an_unsupported_locale_is_refused_with_the_choices() {
    let root = tempfile::tempdir().expect("temp dir");
    let plugins = plugins_dir(root.path());
    let output = panel(&["demo", "--locale", "fr"], &plugins, &root.path().join("data"));
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("--locale \"fr\" is not supported; use zh-CN or en"), "{stderr}");
}

#[test]
fn migrate_creates_the_embedded_database_and_is_repeatable() {
    let root = tempfile::tempdir().expect("temp dir");
    let data = root.path().join("data");
    for _ in 0..2 {
        let out = Command::new(env!("CARGO_BIN_EXE_panel"))
            .args(["migrate", "--data-dir"])
            .arg(&data)
            .env_remove("PANEL_DATABASE_URL")
            .output()
            .expect("panel runs");
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        assert!(stdout(&out).contains("database is up to date (Sqlite)"), "{}", stdout(&out));
    }
    assert!(data.join("panel.db").is_file());

    let out = Command::new(env!("CARGO_BIN_EXE_panel"))
        .args(["migrate", "--database-url", "mysql://root:secret@db/panel"])
        .output()
        .expect("panel runs");
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("is not supported; use sqlite://PATH or postgres://"), "{err}");
    assert!(!err.contains("secret"), "the password is not echoed: {err}");
}

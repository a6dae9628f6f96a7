//! `cargo xtask`: the project's own build steps, so README's two commands work
//! on a fresh machine that has nothing but rustup.
//!
//! - `cargo xtask run`   builds the first-party plugins and starts Panel on them
//! - `cargo xtask test`  installs what the tests need from the machine's
//!   packages when it is missing (Chromium, a CJK font, PostgreSQL), starts
//!   a throwaway PostgreSQL server, builds every plugin (first-party and
//!   test) once, then runs the whole test suite against them
//! - `cargo xtask bench` builds the plugins, then runs the criterion benchmarks
//! - `cargo xtask eval`  scores the evaluation set (tests/eval) with the
//!   first-party rubrics and prints the scoring-quality report
//! - `cargo xtask build-plugins` only builds the plugins
//! - `cargo xtask models` builds the on-device models (cached per machine);
//!   `run`, `test` and `bench` build them first when they are missing
//!
//! Deliberately std-only (plus anyhow), so it compiles in seconds before the
//! real build starts.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result, bail};

mod fuzz;
mod models;
mod python;
mod setup;

const WASM_TARGET: &str = "wasm32-wasip2";
const PLUGIN_PROFILE: &str = "plugin";

fn main() {
    if let Err(e) = run() {
        eprintln!("xtask: {e:#}");
        std::process::exit(1);
    }
}

fn run() -> Result<()> {
    let mut args = std::env::args_os().skip(1);
    let task = args.next().and_then(|a| a.into_string().ok()).unwrap_or_default();
    let rest: Vec<OsString> = args.collect();
    let ws = Workspace::locate()?;
    match task.as_str() {
        "run" | "eval" => {
            ws.models()?;
            let (plugins, trust) = ws.stage_first_party_packages()?;
            let data = ws.target_dir().join("panel-run/data");
            // `cargo xtask run -- serve ...` chooses another panel command;
            // `demo` and `serve` get the staged plugins and the data directory
            // unless the arguments name their own.
            let mut args: Vec<OsString> = rest.into_iter().skip_while(|a| a == "--").collect();
            let given =
                |args: &[OsString], flag: &str| args.iter().any(|a| a.to_str().is_some_and(|a| a.starts_with(flag)));
            if task == "eval" {
                args.insert(0, "eval".into());
                if !given(&args, "--set") {
                    args.extend(["--set".into(), ws.root.join("tests/eval/set.toml").into_os_string()]);
                }
            } else if args.is_empty() {
                args.push("demo".into());
            }
            let takes_plugins = args.first().is_some_and(|c| c == "demo" || c == "serve" || c == "eval");
            if takes_plugins && !given(&args, "--plugins") {
                args.extend(["--plugins".into(), plugins.into_os_string()]);
            }
            if takes_plugins && !given(&args, "--trust") {
                args.extend(["--trust".into(), trust.into_os_string()]);
            }
            if takes_plugins && !given(&args, "--data-dir") {
                args.extend(["--data-dir".into(), data.into_os_string()]);
            }
            let models = ws.target_dir().join("models");
            if takes_plugins && !given(&args, "--models") && models.join("manifest.json").exists() {
                args.extend(["--models".into(), models.into_os_string()]);
            }
            ws.cargo(["run", "--package", "panel", "--"].map(OsString::from).into_iter().chain(args))
        }
        "test" => {
            // Everything the suite needs, set up before the long build so a
            // missing package fails in seconds, not after it.
            setup::ensure_browser()?;
            setup::ensure_plugin_toolchains()?;
            let validator = python::venv("openapi-validator", python::OPENAPI_VALIDATOR)?;
            let postgres = setup::TestPostgres::start(&ws.root)?;
            ws.models()?;
            models::ensure_test_speech()?;
            let dir = ws.build_plugins(PluginSet::All)?;
            let args = ["test", "--workspace"].map(OsString::from).into_iter().chain(rest);
            let url = OsString::from(postgres.url());
            // Where `models()` linked them: under CARGO_TARGET_DIR when it is
            // set, not beside the sources where the tests would look by default.
            let models = ws.target_dir().join("models");
            ws.cargo_with_env(
                args,
                &[
                    ("PANEL_MODELS", models.as_os_str()),
                    ("PANEL_TEST_PLUGIN_DIR", dir.as_os_str()),
                    ("PANEL_TEST_POSTGRES_URL", &url),
                    ("PANEL_TEST_OPENAPI_VALIDATOR", validator.as_os_str()),
                ],
            )
        }
        "bench" => {
            ws.models()?;
            // The outbox benchmark drives a test connector; the others load
            // the first-party plugins only (`http_load` as signed packages).
            let all = ws.build_plugins(PluginSet::All)?;
            let dir = ws.stage_first_party_plugins()?;
            let (packages, trust) = ws.stage_first_party_packages()?;
            let models = ws.target_dir().join("models");
            let args = [
                "bench",
                "--package",
                "panel",
                "--bench",
                "runtime",
                "--bench",
                "engine",
                "--bench",
                "batch",
                "--bench",
                "http_load",
                "--bench",
                "packages",
                "--bench",
                "outbox",
                "--bench",
                "hostile_load",
                "--bench",
                "analytics",
                "--bench",
                "speech_load",
                "--bench",
                "semantic",
                "--package",
                "panel-ml",
                "--bench",
                "ml",
            ]
            .map(OsString::from)
            .into_iter()
            .chain(rest);
            ws.cargo_with_env(
                args,
                &[
                    ("PANEL_PLUGIN_DIR", dir.as_os_str()),
                    ("PANEL_TEST_PLUGIN_DIR", all.as_os_str()),
                    ("PANEL_BENCH_PACKAGES", packages.as_os_str()),
                    ("PANEL_TRUST_POLICY", trust.as_os_str()),
                    ("PANEL_MODELS", models.as_os_str()),
                ],
            )
        }
        "fuzz-api" => {
            let (packages, trust) = ws.stage_first_party_packages()?;
            let panel = ws.target_dir().join("debug").join(format!("panel{}", std::env::consts::EXE_SUFFIX));
            let rest: Vec<OsString> = rest.into_iter().skip_while(|a| a == "--").collect();
            fuzz::run(&panel, &packages, &trust, &ws.target_dir().join("panel-fuzz"), rest)
        }
        "build-plugins" => ws.build_plugins(PluginSet::All).map(|dir| println!("{}", dir.display())),
        "models" if rest.iter().any(|a| a == "--check") => models::Models::locate()?.check_reproducible(),
        "models" => ws.models(),
        "" | "help" | "--help" | "-h" => {
            println!("{}", USAGE);
            Ok(())
        }
        other => bail!("unknown task {other:?}\n\n{USAGE}"),
    }
}

const USAGE: &str = "usage: cargo xtask <task> [args]

tasks:
  run            build the first-party plugins and start Panel on them
                 (`cargo xtask run -- serve` serves the HTTP API instead of
                 the default `demo`; other args after -- go to `panel`)
  test           set up what the tests need (Chromium, a CJK font, a
                 throwaway PostgreSQL server), build every plugin, then run
                 the whole test suite (extra args are passed to `cargo test`)
  bench          build the plugins, then run the criterion benchmarks
  eval           score the evaluation set (tests/eval) with the first-party
                 rubrics and print the scoring-quality report (args after --
                 go to `panel eval`: `-- --verbose`, `-- --json`,
                 `-- --set tests/eval/holdout.toml`)
  fuzz-api       fuzz the HTTP API from its OpenAPI document (Schemathesis)
                 against a fresh `panel serve`; fails on any 5xx or any
                 response the document does not describe (args after --
                 go to Schemathesis, e.g. --max-time 60)
  build-plugins  build every plugin to target/wasm32-wasip2/plugin
  models         build the on-device models from their pinned packages into
                 the per-machine cache and link target/models to it
                 (`--check` converts again and compares every file's bytes)";

#[derive(Clone, Copy, PartialEq)]
enum PluginSet {
    /// `plugins/*`: what Panel ships.
    FirstParty,
    /// `plugins/*` and `tests/plugins/*` (hostile and other test plugins).
    All,
}

struct Workspace {
    root: PathBuf,
    cargo: OsString,
}

impl Workspace {
    fn locate() -> Result<Self> {
        // The directory cargo runs xtask from, not the one it was compiled
        // in: a target directory copied from another checkout would
        // otherwise build and test that checkout.
        let manifest_dir = std::env::var_os("CARGO_MANIFEST_DIR")
            .map_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")), PathBuf::from);
        let root = manifest_dir.parent().context("xtask is not inside the workspace")?.to_path_buf();
        let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
        Ok(Self { root, cargo })
    }

    fn target_dir(&self) -> PathBuf {
        std::env::var_os("CARGO_TARGET_DIR")
            .map(PathBuf::from)
            .map(|p| if p.is_relative() { self.root.join(p) } else { p })
            .unwrap_or_else(|| self.root.join("target"))
    }

    /// The on-device models, built when missing, linked at target/models.
    fn models(&self) -> Result<()> {
        models::Models::locate()?.ensure(&self.target_dir().join("models"))
    }

    fn cargo(&self, args: impl IntoIterator<Item = OsString>) -> Result<()> {
        self.cargo_with_env(args, &[])
    }

    fn cargo_with_env(&self, args: impl IntoIterator<Item = OsString>, env: &[(&str, &std::ffi::OsStr)]) -> Result<()> {
        let args: Vec<OsString> = args.into_iter().collect();
        let mut cmd = Command::new(&self.cargo);
        cmd.args(&args).current_dir(&self.root);
        for (k, v) in env {
            cmd.env(k, v);
        }
        let status = cmd.status().with_context(|| format!("starting {:?}", self.cargo))?;
        if !status.success() {
            let shown: Vec<_> = args.iter().map(|a| a.to_string_lossy()).collect();
            bail!("`cargo {}` failed ({status})", shown.join(" "));
        }
        Ok(())
    }

    /// Adds the wasm32-wasip2 target when the active toolchain lacks it:
    /// machines with RUSTUP_AUTO_INSTALL=0 do not act on rust-toolchain.toml's
    /// `targets` line.
    fn ensure_wasm_target(&self) -> Result<()> {
        let sysroot = Command::new("rustc")
            .args(["--print", "sysroot"])
            .current_dir(&self.root)
            .output()
            .context("running rustc --print sysroot")?;
        let sysroot = PathBuf::from(String::from_utf8_lossy(&sysroot.stdout).trim());
        if sysroot.join("lib/rustlib").join(WASM_TARGET).exists() {
            return Ok(());
        }
        eprintln!("xtask: the {WASM_TARGET} target is missing; adding it with rustup");
        let status = Command::new("rustup")
            .args(["target", "add", WASM_TARGET])
            .current_dir(&self.root)
            .status()
            .context("running rustup (needed to add the wasm32-wasip2 target)")?;
        if !status.success() {
            bail!("`rustup target add {WASM_TARGET}` failed ({status}); plugins cannot be built without it");
        }
        Ok(())
    }

    /// Every plugin crate's package name, in a stable order.
    fn plugin_packages(&self, set: PluginSet) -> Result<Vec<String>> {
        let mut dirs = vec![self.root.join("plugins")];
        if set == PluginSet::All {
            dirs.push(self.root.join("tests/plugins"));
        }
        let mut names = Vec::new();
        for dir in dirs {
            let Ok(entries) = std::fs::read_dir(&dir) else { continue };
            let mut manifests: Vec<PathBuf> =
                entries.filter_map(|e| e.ok()).map(|e| e.path().join("Cargo.toml")).filter(|p| p.exists()).collect();
            manifests.sort();
            for manifest in manifests {
                names.push(package_name(&manifest)?);
            }
        }
        Ok(names)
    }

    /// Builds the first-party plugins and copies them, and only them, into a
    /// plugins directory for `panel` (the build directory also holds the test
    /// plugins, hostile ones among them).
    fn stage_first_party_plugins(&self) -> Result<PathBuf> {
        let built = self.build_plugins(PluginSet::FirstParty)?;
        let staged = self.target_dir().join("panel-run/plugins");
        std::fs::create_dir_all(&staged).with_context(|| format!("creating {}", staged.display()))?;
        for entry in std::fs::read_dir(&staged)?.filter_map(|e| e.ok()) {
            if entry.path().extension().is_some_and(|e| e == "wasm") {
                std::fs::remove_file(entry.path())?;
            }
        }
        for package in self.plugin_packages(PluginSet::FirstParty)? {
            let file = format!("{}.wasm", package.replace('-', "_"));
            std::fs::copy(built.join(&file), staged.join(&file))
                .with_context(|| format!("copying {file} into {}", staged.display()))?;
        }
        Ok(staged)
    }

    /// Builds the first-party plugins and packs each with its `plugin.toml`
    /// into a package signed with this checkout's own first-party key (made
    /// once under target/, never committed), and a trust policy that trusts
    /// that key. Returns the packages directory and the policy file.
    fn stage_first_party_packages(&self) -> Result<(PathBuf, PathBuf)> {
        let built = self.stage_first_party_plugins()?;
        self.cargo(["build", "--package", "panel"].map(OsString::from))?;
        let panel = self.target_dir().join("debug").join(format!("panel{}", std::env::consts::EXE_SUFFIX));
        let run_dir = self.target_dir().join("panel-run");
        let key = run_dir.join("first-party.key");
        let signer = "Panel first-party (local build)";
        if !key.exists() {
            run_quietly(Command::new(&panel).args(["plugin", "keygen", "--name", signer, "--out"]).arg(&key))?;
        }
        let staged = run_dir.join("packages");
        std::fs::create_dir_all(&staged).with_context(|| format!("creating {}", staged.display()))?;
        for entry in std::fs::read_dir(&staged)?.filter_map(|e| e.ok()) {
            if entry.path().extension().is_some_and(|e| e == "panelpkg") {
                std::fs::remove_file(entry.path())?;
            }
        }
        for dir in self.first_party_dirs()? {
            let name = package_name(&dir.join("Cargo.toml"))?;
            let package = staged.join(format!("{name}.panelpkg"));
            let component = built.join(format!("{}.wasm", name.replace('-', "_")));
            run_quietly(
                Command::new(&panel)
                    .args(["plugin", "pack"])
                    .arg(&dir)
                    .arg("--component")
                    .arg(&component)
                    .arg("--out")
                    .arg(&package),
            )?;
            run_quietly(Command::new(&panel).args(["plugin", "sign"]).arg(&package).arg("--key").arg(&key))?;
        }
        run_quietly(
            Command::new(&panel)
                .args(["plugin", "trust"])
                .arg(&key)
                .args(["--name", signer, "--data-dir"])
                .arg(&run_dir),
        )?;
        // What an administrator would do: grant each plugin the hosts its
        // manifest declares (nothing reaches them until a plugin is bound
        // with a configuration naming one).
        for dir in self.first_party_dirs()? {
            let hosts = declared_hosts(&dir.join("plugin.toml"))?;
            let embeddings = declares_embeddings(&dir.join("plugin.toml"))?;
            if hosts.is_empty() && !embeddings {
                continue;
            }
            let mut grant = Command::new(&panel);
            grant.args(["plugin", "grant", &package_name(&dir.join("Cargo.toml"))?]);
            for host in &hosts {
                grant.args(["--host", host]);
            }
            if embeddings {
                grant.arg("--embeddings");
            }
            run_quietly(grant.arg("--data-dir").arg(&run_dir))?;
        }
        eprintln!("xtask: first-party packages signed and staged in {}", staged.display());
        Ok((staged, run_dir.join("trust.toml")))
    }

    /// The first-party plugin crates' directories.
    fn first_party_dirs(&self) -> Result<Vec<PathBuf>> {
        let mut dirs: Vec<PathBuf> = std::fs::read_dir(self.root.join("plugins"))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.join("Cargo.toml").exists())
            .collect();
        dirs.sort();
        Ok(dirs)
    }

    /// Builds the plugins in one cargo invocation (cargo shows its progress)
    /// and returns the directory holding the `.wasm` components.
    fn build_plugins(&self, set: PluginSet) -> Result<PathBuf> {
        self.ensure_wasm_target()?;
        let packages = self.plugin_packages(set)?;
        if packages.is_empty() {
            bail!("no plugin crates found under plugins/");
        }
        eprintln!("xtask: building {} plugins for {WASM_TARGET}: {}", packages.len(), packages.join(", "));
        let mut args: Vec<OsString> =
            ["build", "--target", WASM_TARGET, "--profile", PLUGIN_PROFILE].map(OsString::from).into();
        for p in &packages {
            args.push("--package".into());
            args.push(p.into());
        }
        self.cargo(args)?;
        let dir = self.target_dir().join(WASM_TARGET).join(PLUGIN_PROFILE);
        for p in &packages {
            let wasm = dir.join(format!("{}.wasm", p.replace('-', "_")));
            if !wasm.exists() {
                bail!("cargo built {p} but {} is missing; is its crate-type cdylib?", wasm.display());
            }
        }
        Ok(dir)
    }
}

/// Runs a command, showing its output only if it fails.
fn run_quietly(cmd: &mut Command) -> Result<()> {
    let output = cmd.output().with_context(|| format!("starting {cmd:?}"))?;
    if !output.status.success() {
        bail!(
            "{cmd:?} failed ({}):\n{}{}",
            output.status,
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
    }
    Ok(())
}

/// The `name` of a manifest's `[package]` table, read without a TOML parser:
/// our plugin manifests keep it on one line.
/// The `outbound-hosts` a plugin's `plugin.toml` declares (one line,
/// `outbound-hosts = ["a", "b"]`).
fn declared_hosts(manifest: &Path) -> Result<Vec<String>> {
    let text = std::fs::read_to_string(manifest).with_context(|| format!("reading {}", manifest.display()))?;
    let Some(line) = text.lines().map(str::trim).find(|l| l.starts_with("outbound-hosts")) else {
        return Ok(Vec::new());
    };
    let list = line.split_once('=').map(|(_, v)| v.trim()).unwrap_or_default();
    if !(list.starts_with('[') && list.ends_with(']')) {
        bail!("{}: write outbound-hosts as a list on one line", manifest.display());
    }
    Ok(list[1..list.len() - 1]
        .split(',')
        .map(|h| h.trim().trim_matches('"').to_owned())
        .filter(|h| !h.is_empty())
        .collect())
}

/// Whether a plugin.toml asks for the `embeddings` capability.
fn declares_embeddings(manifest: &Path) -> Result<bool> {
    let text = std::fs::read_to_string(manifest).with_context(|| format!("reading {}", manifest.display()))?;
    Ok(text.lines().map(str::trim).any(|l| {
        l.strip_prefix("embeddings").and_then(|r| r.trim_start().strip_prefix('=')).is_some_and(|v| v.trim() == "true")
    }))
}

fn package_name(manifest: &Path) -> Result<String> {
    let text = std::fs::read_to_string(manifest).with_context(|| format!("reading {}", manifest.display()))?;
    let mut in_package = false;
    for line in text.lines().map(str::trim) {
        if line.starts_with('[') {
            in_package = line == "[package]";
        } else if in_package
            && let Some(value) = line.strip_prefix("name").map(str::trim_start).and_then(|l| l.strip_prefix('='))
        {
            return Ok(value.trim().trim_matches('"').to_owned());
        }
    }
    bail!("{} has no [package] name", manifest.display())
}

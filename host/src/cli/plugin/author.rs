//! The plugin author's commands: `new`, `build`, `pack`, `keygen`, `sign`.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use anyhow::{Context, bail};
use clap::Args;
use indicatif::{ProgressBar, ProgressStyle};

use super::lang::{self, Lang};
use super::{scaffold, toolchain};
use crate::packages::verify::check_component;
use crate::packages::{Manifest, Package, SecretKey, write_atomically};
use crate::runtime::{PluginKind, stamp};

const WASM_TARGET: &str = "wasm32-wasip2";

#[derive(Debug, Args)]
pub(crate) struct NewArgs {
    /// The plugin id (lowercase, digits, '-' and '_'); also the crate and directory name.
    id: String,
    /// The language: rust (any kind), python or javascript (connector or rubric).
    #[arg(long, value_enum, default_value = "rust")]
    lang: Lang,
    /// question-bank, rubric, connector or notifier.
    #[arg(long, value_parser = scaffold::parse_kind)]
    kind: PluginKind,
    /// Directory to create; default: ./<id>.
    #[arg(long)]
    dir: Option<PathBuf>,
    /// Depend on the panel-plugin-sdk crate at this path instead of the SDK
    /// this panel ships (written into the new crate as `panel-sdk/`).
    #[arg(long)]
    sdk: Option<PathBuf>,
}

pub(crate) fn new(args: NewArgs) -> anyhow::Result<()> {
    let dir = args.dir.unwrap_or_else(|| PathBuf::from(&args.id));
    let files = match args.lang {
        Lang::Rust => scaffold::scaffold(&dir, &args.id, args.kind, args.sdk.as_deref())?,
        _ if args.sdk.is_some() => bail!("--sdk names a Rust SDK crate; a {} plugin has none", args.lang),
        lang => lang::scaffold(&dir, &args.id, args.kind, lang)?,
    };
    println!("created {} plugin {} in {} ({})", args.kind, args.id, dir.display(), args.lang);
    for file in files {
        println!("  {}", file.display());
    }
    println!(
        "next: edit plugin.toml (name, vendor, capabilities), then `panel plugin build` and `panel plugin pack` in {}",
        dir.display()
    );
    Ok(())
}

#[derive(Debug, Args)]
pub(crate) struct BuildArgs {
    /// The plugin's directory (a Rust crate, or a Python or JavaScript plugin).
    #[arg(default_value = ".")]
    pub dir: PathBuf,
}

/// Builds the plugin into a component and returns its path: a Rust crate
/// for wasm32-wasip2 (release) with cargo; Python and JavaScript with their
/// toolchains (installed on first use).
pub(crate) fn build(args: BuildArgs) -> anyhow::Result<PathBuf> {
    match Lang::detect(&args.dir)? {
        Lang::Rust => build_crate(&args.dir.join("Cargo.toml")),
        lang => toolchain::build(&args.dir, lang),
    }
}

fn build_crate(cargo_toml: &Path) -> anyhow::Result<PathBuf> {
    let dir = cargo_toml.parent().unwrap_or(Path::new("."));
    ensure_wasm_target()?;
    let bar = spinner(&format!("building {}", dir.display()));
    let mut child = Command::new(cargo())
        .args(["build", "--release", "--target", WASM_TARGET, "--manifest-path"])
        .arg(cargo_toml)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .context("starting cargo")?;
    let mut log = Vec::new();
    if let Some(stderr) = child.stderr.take() {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            bar.set_message(line.trim().to_owned());
            log.push(line);
        }
    }
    let status = child.wait().context("waiting for cargo")?;
    bar.finish_and_clear();
    if !status.success() {
        eprintln!("{}", log.join("\n"));
        bail!("building the plugin failed (cargo's output is above)");
    }
    let component = component_path(dir)?;
    println!("built {}", component.display());
    Ok(component)
}

#[derive(Debug, Args)]
pub(crate) struct PackArgs {
    /// The plugin's directory (holding plugin.toml).
    #[arg(default_value = ".")]
    dir: PathBuf,
    /// The component to pack; default: what `panel plugin build` built.
    #[arg(long)]
    component: Option<PathBuf>,
    /// The package file to write; default: <dir>/<id>-<version>.panelpkg.
    #[arg(long)]
    out: Option<PathBuf>,
}

pub(crate) fn pack(args: PackArgs) -> anyhow::Result<()> {
    let manifest_path = args.dir.join("plugin.toml");
    let manifest_bytes =
        std::fs::read(&manifest_path).with_context(|| format!("reading {}", manifest_path.display()))?;
    let manifest = Manifest::parse(&String::from_utf8_lossy(&manifest_bytes))?;
    let component_path = match args.component {
        Some(path) => path,
        None => component_path(&args.dir)?,
    };
    let component = std::fs::read(&component_path)
        .with_context(|| format!("reading {} (build it first with `panel plugin build`)", component_path.display()))?;
    check_component(&manifest, &component)?;
    if let Some(stamp) = stamp::read(&component)
        && stamp.id.replace('_', "-") != manifest.id.replace('_', "-")
    {
        eprintln!(
            "warning: the component was built from crate {:?} but plugin.toml names {:?}; check you packed the right file",
            stamp.id, manifest.id
        );
    }
    let package = Package { manifest: manifest_bytes, component, signature: None };
    let out = args.out.unwrap_or_else(|| args.dir.join(Package::file_name(&manifest.id, &manifest.version)));
    write_atomically(&out, &package.to_bytes()?)?;
    println!("packed {} ({}) into {}", manifest.label(), manifest.kind, out.display());
    println!("next: sign it with `panel plugin sign {} --key KEYFILE`", out.display());
    Ok(())
}

#[derive(Debug, Args)]
pub(crate) struct KeygenArgs {
    /// Who signs with this key, e.g. your company.
    #[arg(long)]
    name: String,
    /// Where to write the secret key file (never overwritten).
    #[arg(long)]
    out: PathBuf,
}

pub(crate) fn keygen(args: KeygenArgs) -> anyhow::Result<()> {
    let key = SecretKey::generate(&args.name)?;
    key.write(&args.out)?;
    println!("wrote the signing key for {:?} to {} (keep it secret)", args.name, args.out.display());
    println!("public key: {}", key.public());
    println!("administrators trust it with: panel plugin trust {} --name {:?}", key.public(), args.name);
    Ok(())
}

#[derive(Debug, Args)]
pub(crate) struct SignArgs {
    /// The package file to sign (rewritten in place).
    package: PathBuf,
    /// The secret key file from `panel plugin keygen`.
    #[arg(long)]
    key: PathBuf,
}

pub(crate) fn sign(args: SignArgs) -> anyhow::Result<()> {
    let key = SecretKey::read(&args.key)?;
    let bytes = crate::packages::read_package_file(&args.package)?;
    let mut package = Package::from_bytes(&bytes)?;
    let manifest = package.parse_manifest()?;
    package.signature = Some(key.sign_package(&package.manifest, &package.component));
    write_atomically(&args.package, &package.to_bytes()?)?;
    println!("signed {} as {:?} (key {})", manifest.label(), key.name, key.public().fingerprint());
    Ok(())
}

/// The component `panel plugin build` builds for the plugin in `dir`: a
/// crate's release build (from `cargo metadata`), else `build/<id>.wasm`.
pub(crate) fn component_path(dir: &Path) -> anyhow::Result<PathBuf> {
    if Lang::detect(dir)? != Lang::Rust {
        let manifest_path = dir.join("plugin.toml");
        let text =
            std::fs::read_to_string(&manifest_path).with_context(|| format!("reading {}", manifest_path.display()))?;
        return Ok(lang::component_path(dir, &Manifest::parse(&text)?.id));
    }
    let output = Command::new(cargo())
        .args(["metadata", "--format-version", "1", "--no-deps", "--manifest-path"])
        .arg(dir.join("Cargo.toml"))
        .output()
        .context("running cargo metadata")?;
    if !output.status.success() {
        bail!("cargo metadata failed: {}", String::from_utf8_lossy(&output.stderr).trim());
    }
    let metadata: serde_json::Value = serde_json::from_slice(&output.stdout).context("reading cargo metadata")?;
    let target_dir = metadata["target_directory"].as_str().context("cargo metadata has no target directory")?;
    let manifest_path = dir.join("Cargo.toml").canonicalize()?;
    let package = metadata["packages"]
        .as_array()
        .and_then(|p| p.iter().find(|p| p["manifest_path"].as_str().map(Path::new) == Some(manifest_path.as_path())))
        .context("cargo metadata does not list this crate")?;
    let name = package["name"].as_str().context("the crate has no name")?.replace('-', "_");
    Ok(Path::new(target_dir).join(WASM_TARGET).join("release").join(format!("{name}.wasm")))
}

fn cargo() -> std::ffi::OsString {
    std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into())
}

/// Installs the wasm32-wasip2 target through rustup when it is missing.
fn ensure_wasm_target() -> anyhow::Result<()> {
    let installed = Command::new("rustup").args(["target", "list", "--installed"]).output();
    match installed {
        Ok(out) if String::from_utf8_lossy(&out.stdout).lines().any(|l| l.trim() == WASM_TARGET) => Ok(()),
        Ok(_) => {
            eprintln!("installing the {WASM_TARGET} target with rustup");
            let status = Command::new("rustup").args(["target", "add", WASM_TARGET]).status()?;
            if !status.success() {
                bail!("`rustup target add {WASM_TARGET}` failed");
            }
            Ok(())
        }
        // No rustup: the toolchain may still have the target; cargo will say if not.
        Err(_) => Ok(()),
    }
}

pub(crate) fn spinner(message: &str) -> ProgressBar {
    let bar = ProgressBar::new_spinner().with_style(
        ProgressStyle::with_template("{spinner} {prefix} {wide_msg}")
            .unwrap_or_else(|_| ProgressStyle::default_spinner()),
    );
    bar.set_prefix(message.to_owned());
    bar.enable_steady_tick(Duration::from_millis(100));
    bar
}

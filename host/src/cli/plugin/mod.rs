//! `panel plugin …`: for plugin authors (`new`, `sdk`, `build`, `test`,
//! `pack`, `keygen`, `sign`) and administrators (`verify`, `install`, `uninstall`, `list`,
//! `inspect`, `trust`, `transfer`, `grant`, `bind`, `bindings`).

mod admin;
mod author;
mod harness;
mod inspect;
mod lang;
pub(crate) mod scaffold;
mod sdk;
mod toolchain;
mod transfer;

use std::path::{Path, PathBuf};

use clap::{Args, Subcommand};

use crate::packages::{Catalog, trust};

/// Where a data directory keeps plugin things.
#[derive(Debug, Clone)]
pub(crate) struct PluginPaths {
    pub packages: PathBuf,
    pub policy: PathBuf,
    pub cache: PathBuf,
}

impl PluginPaths {
    pub fn new(data_dir: &Path) -> Self {
        Self {
            packages: data_dir.join("packages"),
            policy: data_dir.join(trust::FILE),
            cache: data_dir.join("plugin-cache"),
        }
    }

    pub fn catalog(&self) -> Catalog {
        Catalog::new(&self.packages)
    }
}

#[derive(Debug, Args)]
pub(crate) struct PluginArgs {
    #[command(subcommand)]
    command: PluginCommand,
}

/// The data directory the administrator commands work on.
#[derive(Debug, Clone, Args)]
pub(crate) struct DataDirArg {
    /// Where Panel keeps its data: installed packages, the trust policy, compiled plugins.
    #[arg(long, env = "PANEL_DATA_DIR", default_value = "panel-data")]
    pub data_dir: PathBuf,
}

#[derive(Debug, Subcommand)]
enum PluginCommand {
    /// Create a plugin of one kind that builds as it is (Rust, Python or JavaScript).
    New(author::NewArgs),
    /// Write or update the plugin SDK (Rust crate and WIT files) this panel
    /// ships, for a plugin crate to depend on.
    Sdk(sdk::SdkArgs),
    /// Build a plugin into a WebAssembly component (cargo for Rust; componentize-py,
    /// ComponentizeJS for Python, JavaScript, installed on first use).
    Build(author::BuildArgs),
    /// Run a plugin against sample inputs in the sandbox, with the limits
    /// and grants it will have in production; `--watch` reruns on change.
    Test(harness::TestArgs),
    /// Pack a built plugin and its plugin.toml into a package file.
    Pack(author::PackArgs),
    /// Create a signing key for a vendor.
    Keygen(author::KeygenArgs),
    /// Sign a package with a vendor key.
    Sign(author::SignArgs),
    /// Check a package's signature, manifest and component.
    Verify(admin::VerifyArgs),
    /// Verify, precompile and install a package.
    Install(admin::InstallArgs),
    /// Remove an installed version (refused while a binding needs it).
    Uninstall(admin::UninstallArgs),
    /// List the installed packages.
    List(admin::ListArgs),
    /// Show a package's manifest, API version, capabilities, exports, size and signature.
    Inspect(inspect::InspectArgs),
    /// Trust a vendor's public key for installing packages.
    Trust(admin::TrustArgs),
    /// Give a plugin id to another vendor key (a plugin that changed hands).
    Transfer(transfer::TransferArgs),
    /// Grant a plugin capabilities its manifest asks for.
    Grant(admin::GrantArgs),
    /// Switch a plugin on or off for a scope, with a version requirement and configuration.
    Bind(admin::BindArgs),
    /// List the plugin bindings of an organisation.
    Bindings(admin::BindingsArgs),
}

pub(crate) async fn run(args: PluginArgs) -> anyhow::Result<()> {
    match args.command {
        PluginCommand::New(a) => author::new(a),
        PluginCommand::Sdk(a) => sdk::sdk(a),
        PluginCommand::Build(a) => author::build(a).map(|_| ()),
        PluginCommand::Test(a) => harness::test(a).await,
        PluginCommand::Pack(a) => author::pack(a),
        PluginCommand::Keygen(a) => author::keygen(a),
        PluginCommand::Sign(a) => author::sign(a),
        PluginCommand::Verify(a) => admin::verify(a),
        PluginCommand::Install(a) => admin::install(a).await,
        PluginCommand::Uninstall(a) => admin::uninstall(a).await,
        PluginCommand::List(a) => admin::list(a),
        PluginCommand::Inspect(a) => inspect::inspect(a),
        PluginCommand::Trust(a) => admin::trust(a),
        PluginCommand::Transfer(a) => transfer::transfer(a),
        PluginCommand::Grant(a) => admin::grant(a),
        PluginCommand::Bind(a) => admin::bind(a).await,
        PluginCommand::Bindings(a) => admin::bindings(a).await,
    }
}

/// Parses `id@version`.
pub(crate) fn parse_label(text: &str) -> Result<(String, semver::Version), String> {
    let (id, version) = text
        .split_once('@')
        .ok_or_else(|| format!("{text:?}: name an installed plugin as ID@VERSION, e.g. bank-core@0.1.0"))?;
    let version =
        semver::Version::parse(version).map_err(|e| format!("{text:?}: {version:?} is not a version: {e}"))?;
    Ok((id.to_owned(), version))
}

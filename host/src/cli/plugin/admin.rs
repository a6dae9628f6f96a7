//! The administrator's commands: `verify`, `install`, `uninstall`, `list`,
//! `trust`, `grant`, `bind`, `bindings`.

use std::path::PathBuf;
use std::sync::Arc;

use anyhow::{Context, bail};
use clap::Args;
use semver::VersionReq;

use super::author::spinner;
use super::{DataDirArg, PluginPaths, parse_label};
use crate::engine::ScopedPlugins;
use crate::packages::catalog::InstallOutcome;
use crate::packages::verify::check_component;
use crate::packages::watch::Reloader;
use crate::packages::{Package, PluginRegistry, PublicKey, Scope, ScopeKind, TrustPolicy};
use crate::runtime::secrets::is_secret_name;
use crate::runtime::{HostGrant, PluginRuntime, RuntimeConfig, SecretSource};
use crate::store::{AuditBy, NewBinding, Store};

#[derive(Debug, Args)]
pub(crate) struct VerifyArgs {
    /// The package file.
    package: PathBuf,
    /// Check against this public key instead of the data directory's trust policy.
    #[arg(long)]
    key: Option<PublicKey>,
    #[command(flatten)]
    data: DataDirArg,
}

pub(crate) fn verify(args: VerifyArgs) -> anyhow::Result<()> {
    let paths = PluginPaths::new(&args.data.data_dir);
    let policy = match args.key {
        Some(key) => {
            let mut policy = TrustPolicy::default();
            policy.trust("the key given", key);
            policy
        }
        None => TrustPolicy::read(&paths.policy)?,
    };
    let bytes = crate::packages::read_package_file(&args.package)?;
    let package = Package::from_bytes(&bytes)?;
    let manifest = package.parse_manifest()?;
    let signer = policy.verify_signature(&manifest.label(), &package)?;
    policy.check_owner(&manifest.label(), &manifest.id, &crate::packages::Owner::of(&package))?;
    check_component(&manifest, &package.component)?;
    println!("{}: signature ok ({signer}), manifest ok, API {} supported", manifest.label(), manifest.api);
    if args.key.is_none()
        && let Err(e) = policy.grants_for(&manifest)
    {
        println!("not installable yet: {e}");
    }
    Ok(())
}

#[derive(Debug, Args)]
pub(crate) struct InstallArgs {
    /// The package file.
    package: PathBuf,
    /// Replace an installed build of the same id and version.
    #[arg(long)]
    force: bool,
    /// Grant an outbound host the manifest asks for (repeatable), recorded in the trust policy.
    #[arg(long = "grant-host", value_name = "HOST[:PORT]")]
    grant_hosts: Vec<HostGrant>,
    /// Grant the embeddings capability, recorded in the trust policy.
    #[arg(long)]
    grant_embeddings: bool,
    #[command(flatten)]
    data: DataDirArg,
}

pub(crate) async fn install(args: InstallArgs) -> anyhow::Result<()> {
    let paths = PluginPaths::new(&args.data.data_dir);
    let bytes = crate::packages::read_package_file(&args.package)?;
    let mut policy = TrustPolicy::read(&paths.policy)?;
    if !args.grant_hosts.is_empty() || args.grant_embeddings {
        let package = Package::from_bytes(&bytes)?;
        let manifest = package.parse_manifest()?;
        policy.grant(&manifest.id, &args.grant_hosts, args.grant_embeddings);
        policy.write(&paths.policy)?;
    }
    let runtime = PluginRuntime::new(RuntimeConfig { cache_dir: Some(paths.cache.clone()), ..Default::default() })?;
    let bar = spinner(&format!("verifying and compiling {}", args.package.display()));
    let catalog = paths.catalog();
    let force = args.force;
    let result = tokio::task::spawn_blocking(move || catalog.install(&bytes, &policy, &runtime, force)).await?;
    bar.finish_and_clear();
    let (active, outcome) = result?;
    if active.claims_id {
        // The first package of an id makes it this vendor's.
        TrustPolicy::record_claims(&paths.policy, &[(active.manifest.id.clone(), active.owner)])?;
    }
    let verb = match outcome {
        InstallOutcome::Installed => "installed",
        InstallOutcome::AlreadyInstalled => "already installed",
        InstallOutcome::Replaced => "replaced",
    };
    println!(
        "{verb} {} ({}, signed by {}) in {}",
        active.label(),
        active.manifest.kind,
        active.signer,
        paths.packages.display()
    );
    println!(
        "switch it on with: panel plugin bind {} --scope organisation:ID --requirement ^{}",
        active.manifest.id, active.manifest.version
    );
    Ok(())
}

#[derive(Debug, Args)]
pub(crate) struct UninstallArgs {
    /// The installed version, as ID@VERSION.
    #[arg(value_parser = parse_label)]
    plugin: (String, semver::Version),
    /// Remove it even if bindings need it (they then serve nothing).
    #[arg(long)]
    force: bool,
    #[command(flatten)]
    db: crate::cli::DatabaseArgs,
}

pub(crate) async fn uninstall(args: UninstallArgs) -> anyhow::Result<()> {
    let paths = PluginPaths::new(&args.db.data_dir);
    let store = args.db.open().await?;
    let bindings = store.all_bindings().await?;
    let (id, version) = &args.plugin;
    let path = paths.catalog().uninstall(id, version, &bindings, args.force)?;
    println!("uninstalled {id}@{version} (removed {})", path.display());
    Ok(())
}

#[derive(Debug, Args)]
pub(crate) struct ListArgs {
    #[command(flatten)]
    data: DataDirArg,
}

pub(crate) fn list(args: ListArgs) -> anyhow::Result<()> {
    let paths = PluginPaths::new(&args.data.data_dir);
    let policy = TrustPolicy::read(&paths.policy)?;
    let listed = paths.catalog().list(&policy)?;
    if listed.is_empty() {
        println!("no packages installed in {}", paths.packages.display());
        return Ok(());
    }
    println!("{:<28} {:<10} {:<14} {:>9}  STATUS", "PLUGIN", "VERSION", "KIND", "SIZE");
    for item in listed {
        let size = format!("{} KiB", item.size_bytes.div_ceil(1024));
        match &item.verified {
            Ok(v) => println!(
                "{:<28} {:<10} {:<14} {:>9}  ok, signed by {}",
                v.manifest.id, v.manifest.version, v.manifest.kind, size, v.signer
            ),
            Err(e) => {
                let name = item.path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
                println!("{name:<28} {:<10} {:<14} {size:>9}  REFUSED: {e}", "?", "?");
            }
        }
    }
    Ok(())
}

#[derive(Debug, Args)]
pub(crate) struct TrustArgs {
    /// The vendor's public key (`ed25519:…`) or their key file.
    key: String,
    /// Who the key belongs to.
    #[arg(long)]
    name: String,
    #[command(flatten)]
    data: DataDirArg,
}

pub(crate) fn trust(args: TrustArgs) -> anyhow::Result<()> {
    let key: PublicKey = match args.key.parse() {
        Ok(key) => key,
        Err(_) if std::path::Path::new(&args.key).is_file() => public_key_of_file(&args.key)?,
        Err(e) => bail!("{}: {e}", args.key),
    };
    let paths = PluginPaths::new(&args.data.data_dir);
    let mut policy = TrustPolicy::read(&paths.policy)?;
    policy.trust(&args.name, key);
    policy.write(&paths.policy)?;
    println!("trusted {key} ({}, key {}) in {}", args.name, key.fingerprint(), paths.policy.display());
    Ok(())
}

/// The `public-key` of a key file (secret key files carry it too).
pub(super) fn public_key_of_file(path: &str) -> anyhow::Result<PublicKey> {
    let text = std::fs::read_to_string(path).with_context(|| format!("reading {path}"))?;
    let table: toml::Table = toml::from_str(&text).with_context(|| format!("{path} is not a key file"))?;
    let key = table.get("public-key").and_then(|v| v.as_str()).with_context(|| format!("{path} has no public-key"))?;
    key.parse().map_err(|e: String| anyhow::anyhow!("{path}: {e}"))
}

#[derive(Debug, Args)]
pub(crate) struct GrantArgs {
    /// The plugin id.
    plugin: String,
    /// An outbound host it may reach (repeatable): `api.example.com`, `*.example.com`, `10.0.0.5:8080`.
    #[arg(long = "host", value_name = "HOST[:PORT]")]
    hosts: Vec<HostGrant>,
    /// Let it ask the host for text embeddings.
    #[arg(long)]
    embeddings: bool,
    /// A credential the host puts into its requests where its headers say
    /// `${secret:NAME}` (repeatable): `NAME=env:VARIABLE` or `NAME=file:/path`.
    #[arg(long = "secret", value_name = "NAME=SOURCE", value_parser = parse_secret)]
    secrets: Vec<(String, SecretSource)>,
    #[command(flatten)]
    data: DataDirArg,
}

fn parse_secret(s: &str) -> Result<(String, SecretSource), String> {
    let (name, source) = s.split_once('=').ok_or("give NAME=env:VARIABLE or NAME=file:/path")?;
    if !is_secret_name(name) {
        return Err(format!("{name:?} is not a secret name (lowercase letters, digits and '-')"));
    }
    Ok((name.to_owned(), source.parse()?))
}

pub(crate) fn grant(args: GrantArgs) -> anyhow::Result<()> {
    if args.hosts.is_empty() && !args.embeddings && args.secrets.is_empty() {
        bail!("name what to grant: --host HOST[:PORT], --secret NAME=SOURCE (both repeatable) and/or --embeddings");
    }
    let paths = PluginPaths::new(&args.data.data_dir);
    let mut policy = TrustPolicy::read(&paths.policy)?;
    policy.grant(&args.plugin, &args.hosts, args.embeddings);
    for (name, source) in args.secrets {
        policy.grant_secret(&args.plugin, &name, source);
    }
    policy.write(&paths.policy)?;
    let entry = policy.grants.get(&args.plugin).cloned().unwrap_or_default();
    let hosts: Vec<String> = entry.outbound_hosts.iter().map(ToString::to_string).collect();
    let secrets: Vec<String> = entry.secrets.iter().map(|(name, source)| format!("{name} from {source}")).collect();
    println!(
        "{} may now reach [{}]; secrets: [{}]; embeddings: {}",
        args.plugin,
        hosts.join(", "),
        secrets.join(", "),
        entry.embeddings
    );
    Ok(())
}

#[derive(Debug, Args)]
pub(crate) struct BindArgs {
    /// The plugin id.
    plugin: String,
    /// Where: organisation:ID, region:ID, branch:ID, department:ID or job:ID.
    #[arg(long, value_parser = parse_scope)]
    scope: Scope,
    /// Which versions may serve; the highest installed match does.
    #[arg(long, default_value = "*")]
    requirement: VersionReq,
    /// The configuration, as JSON (checked against the plugin's schema).
    #[arg(long, default_value = "{}")]
    config: String,
    /// Switch the plugin off for this scope (hiding bindings further up).
    #[arg(long)]
    disable: bool,
    #[command(flatten)]
    db: crate::cli::DatabaseArgs,
}

fn parse_scope(text: &str) -> Result<Scope, String> {
    let (kind, id) =
        text.split_once(':').ok_or_else(|| format!("{text:?}: write a scope as KIND:ID, e.g. department:4"))?;
    let kind = ScopeKind::parse(kind).ok_or_else(|| {
        let kinds: Vec<&str> = ScopeKind::ALL.iter().map(|k| k.as_str()).collect();
        format!("{kind:?} is not a scope; use one of {}", kinds.join(", "))
    })?;
    let id = id.parse().map_err(|_| format!("{id:?} is not an id"))?;
    Ok(Scope::new(kind, id))
}

/// The installed plugins, loaded (compiled code comes from the cache).
fn load_installed(paths: &PluginPaths) -> anyhow::Result<Arc<PluginRegistry>> {
    let runtime = PluginRuntime::new(RuntimeConfig { cache_dir: Some(paths.cache.clone()), ..Default::default() })?;
    let registry = Arc::new(PluginRegistry::new());
    let report = Reloader::new(paths.catalog(), &paths.policy, runtime, registry.clone()).reconcile();
    for (path, reason) in report.rejected {
        eprintln!("warning: {} was not loaded: {reason}", path.display());
    }
    Ok(registry)
}

async fn organisation_of(store: &Store, scope: Scope) -> anyhow::Result<i64> {
    Ok(match scope.kind {
        ScopeKind::Organisation => scope.id,
        ScopeKind::Job => store.job(scope.id).await?.organisation_id,
        _ => store.unit(scope.id).await?.organisation_id,
    })
}

pub(crate) async fn bind(args: BindArgs) -> anyhow::Result<()> {
    let paths = PluginPaths::new(&args.db.data_dir);
    let config: serde_json::Value =
        serde_json::from_str(&args.config).with_context(|| "--config is not JSON".to_owned())?;
    let store = args.db.open().await?;
    let registry = load_installed(&paths)?;
    let organisation =
        organisation_of(&store, args.scope).await.with_context(|| format!("there is no {}", args.scope))?;
    let scoped = ScopedPlugins::new(store.clone(), registry);
    let actor = std::env::var("USER").map(|u| format!("cli:{u}")).unwrap_or_else(|_| "cli".to_owned());
    let new = NewBinding {
        scope: args.scope,
        plugin_id: args.plugin,
        requirement: args.requirement,
        enabled: !args.disable,
        config,
    };
    let binding = scoped.bind(organisation, new, AuditBy { actor: &actor, origin: "panel plugin bind" }).await?;
    // On PostgreSQL the entry is sealed off the write: now, before this
    // process ends. The binding stands either way.
    if let Err(e) = store.seal_audit().await {
        let error = format!("{:#}", anyhow::Error::new(e));
        tracing::warn!(error, "sealing the audit entry failed; a running server or the next start seals it");
    }
    let state = if binding.enabled { "on" } else { "off" };
    println!("{} is {state} for {} (binding {})", binding.plugin_id, binding.scope, binding.id);
    Ok(())
}

#[derive(Debug, Args)]
pub(crate) struct BindingsArgs {
    /// The organisation.
    #[arg(long, default_value_t = 1)]
    organisation: i64,
    #[command(flatten)]
    db: crate::cli::DatabaseArgs,
}

pub(crate) async fn bindings(args: BindingsArgs) -> anyhow::Result<()> {
    let store = args.db.open().await?;
    let bindings = store.bindings(args.organisation).await?;
    if bindings.is_empty() {
        println!("organisation {} has no plugin bindings", args.organisation);
    }
    for b in bindings {
        let state = if b.enabled { "on " } else { "off" };
        println!(
            "{:>4}  {state}  {:<18} {:<24} {:<10} {}",
            b.id,
            b.scope.to_string(),
            b.plugin_id,
            b.requirement,
            b.config
        );
    }
    Ok(())
}

//! `panel plugin inspect`: what a package is, asks for and exports, and who
//! signed it, without installing or compiling it.

use std::path::PathBuf;

use anyhow::Context;
use clap::Args;
use sha2::{Digest, Sha256};
use wasmparser::{Parser, Payload};

use super::{DataDirArg, PluginPaths, parse_label};
use crate::packages::{Package, TrustPolicy};
use crate::runtime::api_version;

#[derive(Debug, Args)]
pub(crate) struct InspectArgs {
    /// A package file, or an installed plugin as ID@VERSION.
    target: String,
    #[command(flatten)]
    data: DataDirArg,
}

pub(crate) fn inspect(args: InspectArgs) -> anyhow::Result<()> {
    let paths = PluginPaths::new(&args.data.data_dir);
    let path = if std::path::Path::new(&args.target).is_file() {
        PathBuf::from(&args.target)
    } else {
        let (id, version) = parse_label(&args.target).map_err(anyhow::Error::msg)?;
        paths
            .catalog()
            .find(&id, &version)?
            .with_context(|| format!("{} is neither a file nor an installed plugin", args.target))?
    };
    let bytes = crate::packages::read_package_file(&path)?;
    let package = Package::from_bytes(&bytes)?;
    let manifest = package.parse_manifest()?;
    let component_api =
        api_version::read(&package.component).map(|v| v.to_string()).unwrap_or_else(|e| format!("unreadable ({e:?})"));

    println!("{} — {}", manifest.label(), manifest.name);
    println!("  file          {} ({} bytes)", path.display(), bytes.len());
    println!("  kind          {}", manifest.kind);
    println!("  vendor        {}", manifest.vendor);
    if !manifest.license.is_empty() {
        println!("  license       {}", manifest.license);
    }
    if !manifest.description.is_empty() {
        println!("  description   {}", manifest.description);
    }
    println!(
        "  API version   {} (component says {component_api}; this host supports {})",
        manifest.api,
        api_version::SUPPORTED
    );
    let capabilities = manifest.capabilities.names();
    println!("  capabilities  {}", if capabilities.is_empty() { "none".to_owned() } else { capabilities.join(", ") });
    println!(
        "  component     {} bytes, sha256 {}",
        package.component.len(),
        hex::encode(Sha256::digest(&package.component))
    );
    println!("  exports       {}", exports(&package.component).join(", "));
    match &package.signature {
        None => println!("  signature     none (unsigned)"),
        Some(sig) => {
            let valid = sig.holds_for(&package.manifest, &package.component);
            let policy = TrustPolicy::read(&paths.policy)?;
            let trusted = policy.trusted_keys.iter().find(|k| k.public_key == sig.public_key);
            println!(
                "  signature     {} by {:?}, key {} ({})",
                if valid { "valid" } else { "INVALID (changed after signing)" },
                sig.signer,
                sig.public_key.fingerprint(),
                match trusted {
                    Some(k) => format!("trusted as {:?} in {}", k.name, paths.policy.display()),
                    None => format!("not trusted by {}", paths.policy.display()),
                }
            );
        }
    }
    println!(
        "  config schema {}",
        serde_json::to_string_pretty(&manifest.config_schema)?.replace('\n', "\n                ")
    );
    Ok(())
}

/// The names a component exports at its top level.
fn exports(component: &[u8]) -> Vec<String> {
    let mut names = Vec::new();
    let mut depth = 0usize;
    for payload in Parser::new(0).parse_all(component).map_while(Result::ok) {
        match payload {
            Payload::ModuleSection { .. } | Payload::ComponentSection { .. } => depth += 1,
            Payload::End(_) => depth = depth.saturating_sub(1),
            Payload::ComponentExportSection(section) if depth == 0 => {
                names.extend(section.into_iter().filter_map(Result::ok).map(|e| e.name.name.to_owned()));
            }
            _ => {}
        }
    }
    if names.is_empty() {
        names.push("none found".to_owned());
    }
    names
}

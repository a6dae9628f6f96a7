//! `panel plugin transfer`: gives a plugin id to another vendor key, for when
//! a plugin has really changed hands (a vendor's new key, a product sold).
//! Until then a package for the id signed by any other key is refused.

use anyhow::bail;
use clap::Args;

use super::admin::public_key_of_file;
use super::{DataDirArg, PluginPaths};
use crate::packages::{Owner, TrustPolicy};

#[derive(Debug, Args)]
pub(crate) struct TransferArgs {
    /// The plugin id, e.g. rubric-star.
    plugin: String,
    /// The key that ships it from now on: `ed25519:…`, the vendor's key file,
    /// or `unsigned`. It must be trusted already (`panel plugin trust`).
    #[arg(long = "to-key", value_name = "KEY")]
    to_key: String,
    #[command(flatten)]
    data: DataDirArg,
}

pub(crate) fn transfer(args: TransferArgs) -> anyhow::Result<()> {
    let owner = match args.to_key.parse::<Owner>() {
        Ok(owner) => owner,
        Err(_) if std::path::Path::new(&args.to_key).is_file() => Owner::Key(public_key_of_file(&args.to_key)?),
        Err(e) => bail!("--to-key {}: {e}", args.to_key),
    };
    let paths = PluginPaths::new(&args.data.data_dir);
    let mut policy = TrustPolicy::read(&paths.policy)?;
    match owner {
        Owner::Key(key) if !policy.trusted_keys.iter().any(|k| k.public_key == key) => bail!(
            "{key} is not a trusted key; trust it first with `panel plugin trust {key} --name VENDOR`, then transfer"
        ),
        Owner::Unsigned if !policy.allow_unsigned => {
            bail!(
                "the trust policy does not allow unsigned packages (allow-unsigned = false); nothing unsigned could ship {}",
                args.plugin
            )
        }
        _ => {}
    }
    let to = policy.describe_owner(&owner);
    let previous = policy.transfer(&args.plugin, owner);
    if previous == Some(owner) {
        println!("{} already belongs to {to}; nothing changed", args.plugin);
        return Ok(());
    }
    policy.write_owners(&paths.policy)?;
    match previous {
        Some(previous) => {
            let from = policy.describe_owner(&previous);
            println!("{} now belongs to {to} (was {from})", args.plugin);
            // What stops serving: the installed versions the old key shipped.
            let stale: Vec<String> = paths
                .catalog()
                .package_files()?
                .iter()
                .filter_map(|path| crate::packages::read_package_file(path).ok())
                .filter_map(|bytes| crate::packages::Package::from_bytes(&bytes).ok())
                .filter(|package| Owner::of(package) == previous)
                .filter_map(|package| package.parse_manifest().ok())
                .filter(|manifest| manifest.id == args.plugin)
                .map(|manifest| manifest.label())
                .collect();
            if !stale.is_empty() {
                println!(
                    "  {} shipped by {from}: refused from the next reload on; install {to}'s build to keep serving",
                    stale.join(", ")
                );
            }
        }
        None => println!("{} now belongs to {to}", args.plugin),
    }
    Ok(())
}

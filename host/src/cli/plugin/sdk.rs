//! The plugin SDK a vendor's crate depends on, shipped inside the `panel`
//! binary (embedded by `host/build.rs`): `panel plugin new` writes it next to
//! a new crate as `panel-sdk/`, and `panel plugin sdk` writes or updates it
//! for an existing one, so a plugin builds on any machine with rustup and
//! the crates registry (offline once its dependencies are in the cargo
//! cache), with no checkout of Panel.

use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use clap::Args;

use crate::runtime::api_version;

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/sdk_files.rs"));
}

/// The folder `panel plugin new` puts the SDK in, inside the new crate.
pub(crate) const FOLDER: &str = "panel-sdk";

/// The SDK crate's path inside that folder, as the crate's dependency names it.
pub(crate) const CRATE_PATH: &str = "panel-sdk/panel-plugin-sdk";

#[derive(Debug, Args)]
pub(crate) struct SdkArgs {
    /// Where to write the SDK (a folder holding `panel-plugin-sdk/` and
    /// `wit/`); an SDK already there is replaced. Default: ./panel-sdk, for a
    /// crate made by `panel plugin new`.
    #[arg(long, default_value = FOLDER)]
    out: PathBuf,
}

pub(crate) fn sdk(args: SdkArgs) -> anyhow::Result<()> {
    let replaced = args.out.join("panel-plugin-sdk").exists();
    let count = write_sdk(&args.out)?;
    println!(
        "{} the plugin SDK {} (panel:plugin@{}) in {}: {count} files",
        if replaced { "updated" } else { "wrote" },
        env!("CARGO_PKG_VERSION"),
        api_version::SUPPORTED_LATEST,
        args.out.display()
    );
    Ok(())
}

/// Writes the SDK into `dir`, replacing one already there as a whole (files
/// an older SDK had and this one has not are gone); returns the file count.
pub(crate) fn write_sdk(dir: &Path) -> anyhow::Result<usize> {
    if dir.exists() && !dir.join("panel-plugin-sdk").exists() && dir.read_dir()?.next().is_some() {
        bail!("{} is not empty and holds no plugin SDK; choose another folder", dir.display());
    }
    let parent = match dir.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&parent).with_context(|| format!("creating {}", parent.display()))?;
    let name = dir.file_name().and_then(|n| n.to_str()).unwrap_or(FOLDER);
    // Written beside, then swapped in, so a stopped write never leaves half an SDK.
    let staging = parent.join(format!(".{name}.new-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&staging);
    for (path, contents) in embedded::SDK_FILES {
        let target = staging.join(path);
        if let Some(folder) = target.parent() {
            std::fs::create_dir_all(folder).with_context(|| format!("creating {}", folder.display()))?;
        }
        std::fs::write(&target, contents).with_context(|| format!("writing {}", target.display()))?;
    }
    std::fs::write(staging.join("README.md"), readme()).context("writing the SDK's README")?;
    let old = parent.join(format!(".{name}.old-{}", std::process::id()));
    if dir.exists() {
        std::fs::rename(dir, &old).with_context(|| format!("moving the old SDK out of {}", dir.display()))?;
    }
    std::fs::rename(&staging, dir).with_context(|| format!("moving the SDK into {}", dir.display()))?;
    let _ = std::fs::remove_dir_all(&old);
    Ok(embedded::SDK_FILES.len() + 1)
}

/// The embedded files: (path under the SDK folder, contents); the WIT is
/// under `wit/`.
pub(crate) fn files() -> impl Iterator<Item = (&'static str, &'static [u8])> {
    embedded::SDK_FILES.iter().copied()
}

fn readme() -> String {
    format!(
        "# Panel plugin SDK {version}\n\n\
         `panel-plugin-sdk` (Rust) and the WIT contract it is generated from \
         (`wit/panel-plugin@{api}`), as shipped inside `panel` {version}. Your crate \
         depends on it by path; do not edit it here.\n\n\
         Update it to the SDK of the `panel` you have with:\n\n\
         ```sh\npanel plugin sdk --out {FOLDER}\n```\n",
        version = env!("CARGO_PKG_VERSION"),
        api = api_version::SUPPORTED_LATEST,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_sdk_is_standalone_and_carries_its_wit() {
        let manifest = embedded::SDK_FILES
            .iter()
            .find(|(path, _)| *path == "panel-plugin-sdk/Cargo.toml")
            .map(|(_, text)| String::from_utf8_lossy(text).into_owned())
            .expect("the SDK's manifest");
        assert!(!manifest.contains("workspace = true"), "{manifest}");
        assert!(manifest.contains("wit-bindgen = "), "{manifest}");
        assert!(manifest.contains("edition = \"2024\""), "{manifest}");
        let wit = format!("wit/panel-plugin@{}/worlds.wit", api_version::SUPPORTED_LATEST);
        assert!(embedded::SDK_FILES.iter().any(|(path, _)| *path == wit), "{wit} is shipped");
        assert!(embedded::SDK_FILES.iter().any(|(path, _)| *path == "panel-plugin-sdk/src/lib.rs"));
    }

    #[test]
    fn writing_again_replaces_the_sdk_as_a_whole() {
        let root = tempfile::tempdir().expect("temp dir");
        let dir = root.path().join(FOLDER);
        write_sdk(&dir).expect("first write");
        std::fs::write(dir.join("panel-plugin-sdk/src/stale.rs"), "// from an older SDK").expect("stale file");
        write_sdk(&dir).expect("update");
        assert!(!dir.join("panel-plugin-sdk/src/stale.rs").exists(), "an older SDK's files are gone");
        assert!(dir.join("panel-plugin-sdk/src/lib.rs").is_file());
        let leftovers: Vec<_> = std::fs::read_dir(root.path()).expect("list").collect();
        assert_eq!(leftovers.len(), 1, "no staging folders are left");

        let busy = root.path().join("busy");
        std::fs::create_dir_all(&busy).expect("dir");
        std::fs::write(busy.join("notes.txt"), "mine").expect("file");
        let refused = write_sdk(&busy).expect_err("a folder of other files is not overwritten");
        assert!(refused.to_string().contains("holds no plugin SDK"), "{refused}");
    }
}

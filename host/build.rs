//! Build-time work for the host:
//!
//! - rebuild when a migration is added or changed: `sqlx::migrate!` embeds
//!   `migrations/` at compile time, and Cargo does not otherwise know the
//!   host depends on that directory;
//! - embed the plugin SDK and the WIT files it is generated from, so `panel
//!   plugin new` and `panel plugin sdk` can write them next to a vendor's
//!   crate on a machine that has only the `panel` binary. The SDK's manifest
//!   inherits from Panel's workspace; the embedded copy is made standalone
//!   here, with the workspace's values written in.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn main() {
    println!("cargo:rerun-if-changed=../migrations");
    println!("cargo:rerun-if-changed=../plugin-sdk");
    println!("cargo:rerun-if-changed=../wit");
    println!("cargo:rerun-if-changed=../Cargo.toml");
    if let Err(e) = embed_sdk() {
        panic!("embedding the plugin SDK: {e}");
    }
}

fn embed_sdk() -> Result<(), String> {
    let host = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").map_err(|e| e.to_string())?);
    let root = host.parent().ok_or("the host crate has no parent directory")?;
    let out = PathBuf::from(std::env::var("OUT_DIR").map_err(|e| e.to_string())?);

    let mut files = Vec::new();
    for (dir, prefix) in [(root.join("plugin-sdk"), "panel-plugin-sdk"), (root.join("wit"), "wit")] {
        collect(&dir, &dir, prefix, &mut files)?;
    }
    files.retain(|(name, _)| name != "panel-plugin-sdk/Cargo.toml");
    let workspace = read(&root.join("Cargo.toml"))?;
    let standalone = standalone_manifest(&read(&root.join("plugin-sdk/Cargo.toml"))?, &workspace)?;
    let manifest = out.join("panel-plugin-sdk.Cargo.toml");
    std::fs::write(&manifest, standalone).map_err(|e| format!("{}: {e}", manifest.display()))?;
    files.push(("panel-plugin-sdk/Cargo.toml".to_owned(), manifest));
    files.sort();

    let mut code = String::from("/// The plugin SDK and its WIT files: (path under the SDK folder, contents).\n");
    code.push_str("pub(crate) static SDK_FILES: &[(&str, &[u8])] = &[\n");
    for (name, path) in &files {
        let _ = writeln!(code, "    ({name:?}, include_bytes!({:?})),", path.display().to_string());
    }
    code.push_str("];\n");
    let generated = out.join("sdk_files.rs");
    std::fs::write(&generated, code).map_err(|e| format!("{}: {e}", generated.display()))
}

fn read(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))
}

/// Every file under `dir`, named `prefix/relative/path`, build output skipped.
fn collect(base: &Path, dir: &Path, prefix: &str, files: &mut Vec<(String, PathBuf)>) -> Result<(), String> {
    let entries = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    for entry in entries {
        let path = entry.map_err(|e| e.to_string())?.path();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        if name == "target" || name.starts_with('.') {
            continue;
        }
        if path.is_dir() {
            collect(base, &path, prefix, files)?;
        } else {
            let relative = path.strip_prefix(base).map_err(|e| e.to_string())?;
            let relative = relative.to_str().ok_or_else(|| format!("{} is not UTF-8", path.display()))?;
            files.push((format!("{prefix}/{}", relative.replace('\\', "/")), path));
        }
    }
    Ok(())
}

/// The SDK's manifest with every `key.workspace = true` replaced by the
/// workspace's value and `[lints] workspace = true` by the workspace's lints.
fn standalone_manifest(sdk: &str, workspace: &str) -> Result<String, String> {
    let mut out = String::new();
    let mut in_lints = false;
    for line in sdk.lines() {
        let trimmed = line.trim();
        if trimmed.starts_with('[') {
            in_lints = trimmed == "[lints]";
            if in_lints {
                out.push_str(&workspace_lints(workspace));
                continue;
            }
        }
        if in_lints {
            continue;
        }
        match trimmed.strip_suffix(".workspace = true") {
            Some(key) => {
                let value = workspace_value(workspace, key)
                    .ok_or_else(|| format!("the workspace's Cargo.toml does not set {key}"))?;
                let _ = writeln!(out, "{key} = {value}");
            }
            None => {
                out.push_str(line);
                out.push('\n');
            }
        }
    }
    out.push_str("\n# Standalone: written by `panel plugin sdk` from the SDK this panel was built with.\n");
    Ok(out)
}

/// `key`'s value in `[workspace.package]` or `[workspace.dependencies]`.
fn workspace_value(workspace: &str, key: &str) -> Option<String> {
    let mut section = "";
    for line in workspace.lines() {
        let trimmed = line.trim();
        if trimmed.starts_with('[') {
            section = trimmed;
            continue;
        }
        if section != "[workspace.package]" && section != "[workspace.dependencies]" {
            continue;
        }
        if let Some((name, value)) = trimmed.split_once('=')
            && name.trim() == key
        {
            return Some(value.trim().to_owned());
        }
    }
    None
}

/// The workspace's `[workspace.lints.*]` tables as the crate's own `[lints.*]`.
fn workspace_lints(workspace: &str) -> String {
    let mut out = String::new();
    let mut copying = false;
    for line in workspace.lines() {
        let trimmed = line.trim();
        if trimmed.starts_with('[') {
            copying = trimmed.starts_with("[workspace.lints");
            if copying {
                let _ = writeln!(out, "{}", trimmed.replace("[workspace.lints", "[lints"));
            }
            continue;
        }
        if copying && !trimmed.is_empty() {
            let _ = writeln!(out, "{line}");
        }
    }
    out
}

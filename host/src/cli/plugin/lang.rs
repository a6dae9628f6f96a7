//! Plugins in Python and JavaScript: what `panel plugin new --lang` writes
//! for them (the plugin's source, the WIT it is built against, its manifest,
//! samples and README) and how a plugin's directory says its language.
//! Building them is `toolchain.rs`.

use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use clap::ValueEnum;

use super::scaffold;
use crate::runtime::{PluginKind, api_version};

/// The languages `panel plugin new` writes plugins in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum Lang {
    Rust,
    Python,
    Javascript,
}

impl Lang {
    /// The source file a Python or JavaScript plugin is built from.
    pub fn entry(self) -> &'static str {
        match self {
            Lang::Rust => "Cargo.toml",
            Lang::Python => "app.py",
            Lang::Javascript => "app.js",
        }
    }

    /// The language of the plugin in `dir`, from the file it builds from.
    pub fn detect(dir: &Path) -> anyhow::Result<Self> {
        let found: Vec<Lang> = [Lang::Rust, Lang::Python, Lang::Javascript]
            .into_iter()
            .filter(|l| dir.join(l.entry()).is_file())
            .collect();
        match found.as_slice() {
            [one] => Ok(*one),
            [] => bail!(
                "{} holds no Cargo.toml, app.py or app.js; run this in a plugin's directory (create one with `panel plugin new`)",
                dir.display()
            ),
            _ => bail!(
                "{} holds more than one of Cargo.toml, app.py and app.js; keep the one the plugin is built from",
                dir.display()
            ),
        }
    }
}

impl std::fmt::Display for Lang {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Lang::Rust => "Rust",
            Lang::Python => "Python",
            Lang::Javascript => "JavaScript",
        })
    }
}

/// The WIT folder a Python or JavaScript plugin is built against, in its directory.
pub(crate) const WIT_FOLDER: &str = "wit";

/// Where `panel plugin build` writes a Python or JavaScript plugin's component.
pub(crate) fn component_path(dir: &Path, id: &str) -> PathBuf {
    dir.join("build").join(format!("{id}.wasm"))
}

/// Writes a new Python or JavaScript plugin into `dir` (which must not exist yet).
pub(crate) fn scaffold(dir: &Path, id: &str, kind: PluginKind, lang: Lang) -> anyhow::Result<Vec<PathBuf>> {
    if !crate::runtime::stamp::is_plugin_id(id) {
        bail!("{id:?} is not a plugin id: use lowercase letters, digits, '-' and '_' (at most 64)");
    }
    if dir.exists() {
        bail!("{} already exists; choose a new directory", dir.display());
    }
    let Some(source) = source(kind, lang) else {
        bail!("{lang} templates cover connector and rubric plugins; write a {kind} in Rust (--lang rust)");
    };
    let files: Vec<(&str, String)> = vec![
        (lang.entry(), source.to_owned()),
        ("plugin.toml", scaffold::manifest(id, kind, api_version::SUPPORTED_LATEST)),
        ("samples.toml", scaffold::samples(kind)),
        ("README.md", readme(id, kind, lang)),
        (".gitignore", "/build\n/*.panelpkg\n__pycache__/\n".to_owned()),
    ];
    let mut written = Vec::new();
    for (name, text) in files {
        let path = dir.join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).with_context(|| format!("creating {}", parent.display()))?;
        }
        std::fs::write(&path, text).with_context(|| format!("writing {}", path.display()))?;
        written.push(path);
    }
    let wit = dir.join(WIT_FOLDER);
    write_wit(&wit)?;
    written.push(wit);
    Ok(written)
}

/// Writes the WIT of the API version new plugins target (the same files the
/// Rust SDK is generated from) into `dir`.
pub(crate) fn write_wit(dir: &Path) -> anyhow::Result<()> {
    let prefix = format!("wit/panel-plugin@{}/", api_version::SUPPORTED_LATEST);
    for (name, bytes) in super::sdk::files() {
        let Some(rest) = name.strip_prefix(&prefix) else { continue };
        let path = dir.join(rest);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).with_context(|| format!("creating {}", parent.display()))?;
        }
        std::fs::write(&path, bytes).with_context(|| format!("writing {}", path.display()))?;
    }
    Ok(())
}

fn source(kind: PluginKind, lang: Lang) -> Option<&'static str> {
    Some(match (kind, lang) {
        (PluginKind::Connector, Lang::Python) => include_str!("templates/connector.py"),
        (PluginKind::Rubric, Lang::Python) => include_str!("templates/rubric.py"),
        (PluginKind::Connector, Lang::Javascript) => include_str!("templates/connector.js"),
        (PluginKind::Rubric, Lang::Javascript) => include_str!("templates/rubric.js"),
        _ => return None,
    })
}

fn readme(id: &str, kind: PluginKind, lang: Lang) -> String {
    let (language, toolchain, entry) = match lang {
        Lang::Python => ("Python", "componentize-py (from PyPI, into a virtual environment `panel` keeps)", "app.py"),
        _ => ("JavaScript", "ComponentizeJS (from npm, into a folder `panel` keeps)", "app.js"),
    };
    format!(
        "# {id}\n\nA Panel {kind} plugin in {language}: `{entry}` implements the `{kind}` world of \
         `wit/` (panel:plugin@{api}), written by `panel plugin new`. `panel plugin build` builds it into \
         `build/{id}.wasm` with {toolchain}, installing that on first use.\n\n## Build, test, pack and sign\n\n\
         ```sh\npanel plugin build\npanel plugin test        # runs samples.toml in the sandbox; --watch reruns on change\n\
         panel plugin keygen --name \"Your company\" --out ~/panel-signing.key   # once\npanel plugin pack\n\
         panel plugin sign {id}-0.1.0.panelpkg --key ~/panel-signing.key\n```\n\n## Configuration\n\n\
         See `[config-schema]` in `plugin.toml`.\n",
        kind = kind.world(),
        api = api_version::SUPPORTED_LATEST,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_python_connector_gets_its_source_wit_and_samples_and_is_detected() {
        let root = tempfile::tempdir().expect("temp dir");
        let dir = root.path().join("acme");
        scaffold(&dir, "acme", PluginKind::Connector, Lang::Python).expect("scaffold");
        for file in ["app.py", "plugin.toml", "samples.toml", "README.md", "wit/worlds.wit", "wit/deps/http/http.wit"] {
            assert!(dir.join(file).is_file(), "{file} is written");
        }
        assert_eq!(Lang::detect(&dir).expect("detected"), Lang::Python);
        assert_eq!(component_path(&dir, "acme"), dir.join("build/acme.wasm"));
        std::fs::write(dir.join("app.js"), "").expect("second entry");
        assert!(Lang::detect(&dir).is_err(), "two entries are ambiguous");
    }

    #[test]
    fn kinds_without_templates_are_refused_naming_rust() {
        let root = tempfile::tempdir().expect("temp dir");
        let why =
            scaffold(&root.path().join("x"), "x", PluginKind::Notifier, Lang::Javascript).expect_err("no template");
        assert!(why.to_string().contains("--lang rust"), "{why}");
        assert!(!root.path().join("x").exists(), "nothing is written");
    }
}

//! `panel plugin build` for Python and JavaScript plugins: installs the
//! language's component toolchain at a pinned version into a folder this
//! command owns (`$PANEL_TOOLCHAINS`, else `$XDG_CACHE_HOME/panel/toolchains`,
//! else `~/.cache/panel/toolchains`) when it is missing, builds the plugin's
//! component with it, and stamps the component with the API version, id and
//! version the Rust SDK's `register!` macro writes, so the host reads all
//! three plugins alike.

use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use anyhow::{Context, bail};

use super::author::spinner;
use super::lang::{self, Lang};
use crate::packages::Manifest;

/// componentize-py from PyPI: Python plugins.
pub(crate) const COMPONENTIZE_PY: &str = "0.25.1";
/// ComponentizeJS (StarlingMonkey) from npm: JavaScript plugins.
pub(crate) const COMPONENTIZE_JS: &str = "0.23.0";

/// Builds the Python or JavaScript plugin in `dir`; returns the component.
pub(crate) fn build(dir: &Path, lang: Lang) -> anyhow::Result<PathBuf> {
    let manifest_path = dir.join("plugin.toml");
    let text = std::fs::read_to_string(&manifest_path)
        .with_context(|| format!("reading {} (run this in a plugin's directory)", manifest_path.display()))?;
    let manifest = Manifest::parse(&text)?;
    let wit = dir.join(lang::WIT_FOLDER);
    if !wit.join("worlds.wit").is_file() {
        bail!("{} has no WIT files in wit/ (`panel plugin new` writes them)", dir.display());
    }
    let out = lang::component_path(dir, &manifest.id);
    std::fs::create_dir_all(out.parent().unwrap_or(dir)).context("creating build/")?;
    let world = manifest.kind.world();
    let mut command = match lang {
        Lang::Python => {
            let tool = python_toolchain()?;
            let mut c = Command::new(tool.join("bin/componentize-py"));
            c.args(["-d", lang::WIT_FOLDER, "-w", world, "componentize", "app", "-o"]).arg(&out);
            c
        }
        Lang::Javascript => {
            let tool = javascript_toolchain()?;
            let mut c = Command::new("node");
            c.arg(tool.join("build.mjs")).args(["app.js", lang::WIT_FOLDER, world]).arg(&out);
            c
        }
        Lang::Rust => bail!("Rust plugins are built with cargo"),
    };
    let _ = std::fs::remove_file(&out);
    command.current_dir(dir);
    run(&mut command, &format!("building {} ({lang})", dir.display()), "the plugin did not build")?;
    let mut wasm = std::fs::read(&out).with_context(|| format!("reading {}", out.display()))?;
    stamp(&mut wasm, &manifest);
    crate::packages::write_atomically(&out, &wasm)?;
    println!("built {} ({} KiB)", out.display(), wasm.len() / 1024);
    Ok(out)
}

/// Appends the custom sections the host reads: `panel:api-version` (from
/// plugin.toml's `api`), `panel:plugin-id` and `panel:plugin-version`.
/// A component may carry custom sections anywhere, the end included.
fn stamp(wasm: &mut Vec<u8>, manifest: &Manifest) {
    let sections = [
        (crate::runtime::api_version::SECTION, manifest.api.to_string()),
        ("panel:plugin-id", manifest.id.clone()),
        ("panel:plugin-version", manifest.version.to_string()),
    ];
    for (name, value) in sections {
        let mut payload = leb128(name.len());
        payload.extend_from_slice(name.as_bytes());
        payload.extend_from_slice(value.as_bytes());
        wasm.push(0);
        wasm.extend(leb128(payload.len()));
        wasm.extend(payload);
    }
}

fn leb128(mut n: usize) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let byte = (n & 0x7f) as u8;
        n >>= 7;
        if n == 0 {
            out.push(byte);
            return out;
        }
        out.push(byte | 0x80);
    }
}

/// Where toolchains are kept.
pub(crate) fn toolchains_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("PANEL_TOOLCHAINS") {
        return PathBuf::from(dir);
    }
    std::env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".cache")))
        .unwrap_or_else(std::env::temp_dir)
        .join("panel/toolchains")
}

/// A marker written last, so an interrupted install is redone, not used.
const READY: &str = ".panel-ready";

/// Holds the install lock of toolchain `name` until dropped: two builds
/// installing the same toolchain at once would write into one folder, each
/// removing what the other made. The second waits, then finds it ready.
fn install_lock(dir: &Path, name: &str) -> anyhow::Result<std::fs::File> {
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    let path = dir.join(format!("{name}.lock"));
    let file = std::fs::OpenOptions::new()
        .create(true)
        .write(true)
        .truncate(false)
        .open(&path)
        .with_context(|| format!("opening {}", path.display()))?;
    match file.try_lock() {
        Ok(()) => {}
        Err(std::fs::TryLockError::WouldBlock) => {
            eprintln!("waiting for another `panel plugin build` to finish installing {name}");
            file.lock().with_context(|| format!("locking {}", path.display()))?;
        }
        Err(std::fs::TryLockError::Error(e)) => {
            return Err(e).with_context(|| format!("locking {}", path.display()));
        }
    }
    Ok(file)
}

/// A virtual environment with componentize-py, made when missing.
fn python_toolchain() -> anyhow::Result<PathBuf> {
    let name = format!("componentize-py-{COMPONENTIZE_PY}");
    let dir = toolchains_dir().join(&name);
    if dir.join(READY).is_file() {
        return Ok(dir);
    }
    let _installing = install_lock(&toolchains_dir(), &name)?;
    if dir.join(READY).is_file() {
        return Ok(dir);
    }
    let python = which("python3").context(
        "Python plugins are built with componentize-py, which needs Python 3.10 or later as `python3` on PATH; install it and run this again",
    )?;
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
    eprintln!("installing componentize-py {COMPONENTIZE_PY} from PyPI into {} (once)", dir.display());
    run(
        Command::new(&python).args(["-m", "venv"]).arg(&dir),
        "creating a virtual environment",
        "python3 -m venv could not create one",
    )?;
    run(
        Command::new(dir.join("bin/pip")).args([
            "install",
            "--disable-pip-version-check",
            "--progress-bar",
            "off",
            &format!("componentize-py=={COMPONENTIZE_PY}"),
        ]),
        &format!("installing componentize-py {COMPONENTIZE_PY}"),
        &format!("could not install componentize-py {COMPONENTIZE_PY} from PyPI (is the registry reachable?)"),
    )?;
    std::fs::write(dir.join(READY), COMPONENTIZE_PY).context("marking the toolchain ready")?;
    Ok(dir)
}

/// A folder with ComponentizeJS and the script that drives it, made when missing.
fn javascript_toolchain() -> anyhow::Result<PathBuf> {
    let name = format!("componentize-js-{COMPONENTIZE_JS}");
    let dir = toolchains_dir().join(&name);
    if dir.join(READY).is_file() {
        return Ok(dir);
    }
    let _installing = install_lock(&toolchains_dir(), &name)?;
    if dir.join(READY).is_file() {
        return Ok(dir);
    }
    which("node").context(
        "JavaScript plugins are built with ComponentizeJS, which needs Node.js 18 or later (node and npm on PATH); install it and run this again",
    )?;
    let npm = which("npm").context("npm is not on PATH; it comes with Node.js")?;
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
    eprintln!("installing @bytecodealliance/componentize-js {COMPONENTIZE_JS} from npm into {} (once)", dir.display());
    std::fs::write(dir.join("package.json"), "{ \"private\": true, \"type\": \"module\" }\n")
        .context("writing package.json")?;
    std::fs::write(dir.join("build.mjs"), BUILD_MJS).context("writing build.mjs")?;
    run(
        Command::new(npm).current_dir(&dir).args([
            "install",
            "--no-audit",
            "--no-fund",
            "--save-exact",
            &format!("@bytecodealliance/componentize-js@{COMPONENTIZE_JS}"),
        ]),
        &format!("installing componentize-js {COMPONENTIZE_JS}"),
        &format!(
            "could not install @bytecodealliance/componentize-js {COMPONENTIZE_JS} from npm (is the registry reachable?)"
        ),
    )?;
    std::fs::write(dir.join(READY), COMPONENTIZE_JS).context("marking the toolchain ready")?;
    Ok(dir)
}

/// Drives ComponentizeJS directly: `jco componentize` 1.35 fails to read
/// WIT folders from its in-WebAssembly file system ("failed to get path
/// metadata"), and this is all it would do.
const BUILD_MJS: &str = r#"// Written by `panel plugin build`: node build.mjs SOURCE WIT WORLD OUT
import { componentize } from '@bytecodealliance/componentize-js';
import { writeFile } from 'node:fs/promises';

const [sourcePath, witPath, worldName, out] = process.argv.slice(2);
const { component } = await componentize({ sourcePath, witPath, worldName });
await writeFile(out, component);
"#;

/// Runs a tool, showing its latest output line beside a spinner; on failure
/// prints everything it wrote and fails with `failure`.
fn run(command: &mut Command, progress: &str, failure: &str) -> anyhow::Result<()> {
    let bar = spinner(progress);
    let mut child = command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .with_context(|| format!("starting {:?}", command.get_program()))?;
    // stderr is read on its own thread so neither pipe fills and stalls the tool.
    let stderr = child.stderr.take().map(|mut e| {
        std::thread::spawn(move || {
            let mut text = String::new();
            let _ = e.read_to_string(&mut text);
            text
        })
    });
    let mut log = Vec::new();
    if let Some(stdout) = child.stdout.take() {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            bar.set_message(line.trim().to_owned());
            log.push(line);
        }
    }
    let status = child.wait().context("waiting for the tool")?;
    let errors = stderr.and_then(|t| t.join().ok()).unwrap_or_default();
    bar.finish_and_clear();
    if !status.success() {
        eprintln!("{}\n{}", log.join("\n"), errors.trim_end());
        bail!("{failure}: it exited with {status} (its output is above)");
    }
    Ok(())
}

/// The program `name` on PATH.
fn which(name: &str) -> Option<PathBuf> {
    std::env::split_paths(&std::env::var_os("PATH")?).map(|dir| dir.join(name)).find(|path| path.is_file())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runtime::{api_version, stamp as component_stamp};

    #[test]
    fn a_built_component_is_stamped_with_what_plugin_toml_says() {
        let manifest = Manifest::parse(&crate::cli::plugin::scaffold::manifest(
            "acme-py",
            crate::runtime::PluginKind::Connector,
            "0.1.0",
        ))
        .expect("manifest");
        // An empty component: the preamble alone.
        let mut wasm = b"\0asm\x0d\x00\x01\x00".to_vec();
        stamp(&mut wasm, &manifest);
        assert_eq!(api_version::read(&wasm), Ok(semver::Version::new(0, 1, 0)));
        let stamped = component_stamp::read(&wasm).expect("a stamp");
        assert_eq!((stamped.id.as_str(), stamped.version.to_string().as_str()), ("acme-py", "0.1.0"));
    }

    #[test]
    fn a_second_install_waits_for_the_first() {
        let dir = tempfile::tempdir().expect("temp dir");
        let first = install_lock(dir.path(), "componentize-py-0").expect("the first takes the lock");
        let (tx, rx) = std::sync::mpsc::channel();
        let path = dir.path().to_path_buf();
        let second = std::thread::spawn(move || {
            let lock = install_lock(&path, "componentize-py-0").expect("the second gets it in the end");
            tx.send(()).expect("send");
            drop(lock);
        });
        assert!(rx.recv_timeout(std::time::Duration::from_millis(200)).is_err(), "the second waits");
        drop(first);
        rx.recv_timeout(std::time::Duration::from_secs(10)).expect("and goes on once the first is done");
        second.join().expect("thread");
        install_lock(dir.path(), "componentize-js-0").expect("another toolchain has a lock of its own");
    }

    #[test]
    fn long_sections_have_their_length_in_several_bytes() {
        assert_eq!(leb128(5), [5]);
        assert_eq!(leb128(300), [0xac, 0x02]);
    }
}

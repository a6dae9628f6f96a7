//! Python tools the project uses from PyPI (an OpenAPI validator for the
//! tests, a fuzzer for the API), each in a virtual environment of its own
//! with pinned versions, made once per machine in the user's cache
//! directory and reused by every checkout and run.

use std::path::PathBuf;
use std::process::Command;

use anyhow::{Context, Result, bail};

/// The OpenAPI validator the contract test runs over Panel's document.
pub const OPENAPI_VALIDATOR: &[&str] = &["openapi-spec-validator==0.9.0"];

/// The property-based fuzzer `cargo xtask fuzz-api` runs from the document.
pub const API_FUZZER: &[&str] = &["schemathesis==4.32.5"];

/// Where per-machine caches live: `$XDG_CACHE_HOME/panel`, else
/// `~/.cache/panel`, else the system temp dir.
pub fn cache_dir() -> PathBuf {
    std::env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".cache")))
        .unwrap_or_else(std::env::temp_dir)
        .join("panel")
}

/// The Python interpreter of a virtual environment holding `requirements`,
/// created (and the requirements installed from PyPI) when it does not
/// exist yet. A half-made environment (an interrupted install) is made
/// again.
pub fn venv(name: &str, requirements: &[&str]) -> Result<PathBuf> {
    let key = requirements.join(" ");
    let hash = key.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3));
    let dir = cache_dir().join("venv").join(format!("{name}-{hash:016x}"));
    let python = dir.join("bin/python");
    let done = dir.join(".panel-complete");
    if done.exists() && python.exists() {
        return Ok(python);
    }
    let system_python = ["python3", "python"]
        .into_iter()
        .find(|p| Command::new(p).arg("--version").output().is_ok_and(|o| o.status.success()))
        .context("Python 3 is needed for the project's Python tools and is not on PATH (Debian: apt-get install python3 python3-venv)")?;
    eprintln!("xtask: installing {key} from PyPI into {} (once per machine)", dir.display());
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.parent().unwrap_or(&dir)).with_context(|| format!("creating {}", dir.display()))?;
    let status =
        Command::new(system_python).args(["-m", "venv"]).arg(&dir).status().context("running python3 -m venv")?;
    if !status.success() {
        bail!("`python3 -m venv` failed ({status}); on Debian, install python3-venv");
    }
    let status = Command::new(&python)
        .args(["-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--no-input"])
        .args(requirements)
        .status()
        .context("running pip")?;
    if !status.success() {
        bail!("installing {key} from PyPI failed ({status})");
    }
    std::fs::write(&done, key).with_context(|| format!("writing {}", done.display()))?;
    Ok(python)
}

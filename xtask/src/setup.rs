//! What the test suite needs from the machine, set up by `cargo xtask test`
//! itself so that README's test command works on a fresh machine with only
//! rustup: Debian's Chromium and a CJK font for the browser tests, Python's
//! venv and Node.js for the Python and JavaScript plugin tests, and a
//! throwaway PostgreSQL server for the storage tests (started here, stopped
//! and removed when the tests end, however they end).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use anyhow::{Context, Result, bail};

/// Where Debian installs Chromium; the browser tests look there unless
/// `PANEL_CHROMIUM` names another binary.
const CHROMIUM: &str = "/usr/bin/chromium";
/// Debian's packages behind the browser tests: the browser, and a font with
/// Chinese glyphs so the screenshots of the Chinese pages show Chinese.
const BROWSER_PACKAGES: [&str; 2] = ["chromium", "fonts-wqy-microhei"];
const CJK_FONT: &str = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc";

/// Makes sure Chromium and the CJK font are installed, installing Debian's
/// packages when they are missing. `PANEL_CHROMIUM` set to an existing
/// binary skips the check (a machine with its own browser).
pub fn ensure_browser() -> Result<()> {
    if let Some(path) = std::env::var_os("PANEL_CHROMIUM") {
        let path = PathBuf::from(path);
        if !path.exists() {
            bail!("PANEL_CHROMIUM names {}, which does not exist", path.display());
        }
        return Ok(());
    }
    let missing: Vec<&str> = BROWSER_PACKAGES
        .iter()
        .zip([CHROMIUM, CJK_FONT])
        .filter(|(_, file)| !Path::new(file).exists())
        .map(|(package, _)| *package)
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    eprintln!("xtask: the browser tests need {}; installing with apt-get", missing.join(" and "));
    apt_install(&missing)?;
    if !Path::new(CHROMIUM).exists() {
        bail!("apt-get installed chromium but {CHROMIUM} is still missing; set PANEL_CHROMIUM to a Chromium binary");
    }
    Ok(())
}

/// What `panel plugin build` needs for the Python and JavaScript plugin
/// tests: `python3` with `venv` (componentize-py goes into a venv) and
/// Node.js with npm (ComponentizeJS). Installed from Debian's packages when
/// missing; the toolchains themselves come from PyPI and npm at first use.
pub fn ensure_plugin_toolchains() -> Result<()> {
    let works = |program: &str, args: &[&str]| {
        Command::new(program).args(args).stdout(Stdio::null()).stderr(Stdio::null()).status().is_ok_and(|s| s.success())
    };
    let mut missing = Vec::new();
    if !works("python3", &["-m", "venv", "--help"]) {
        missing.extend(["python3", "python3-venv"]);
    }
    if !works("node", &["--version"]) || !works("npm", &["--version"]) {
        missing.extend(["nodejs", "npm"]);
    }
    if missing.is_empty() {
        return Ok(());
    }
    eprintln!("xtask: the Python and JavaScript plugin tests need {}; installing with apt-get", missing.join(", "));
    apt_install(&missing)
}

/// Installs Debian packages: directly as root, through `sudo -n` otherwise.
pub fn apt_install(packages: &[&str]) -> Result<()> {
    let root = Command::new("id").arg("-u").output().is_ok_and(|o| o.stdout.trim_ascii() == b"0");
    let command = |args: &[&str]| {
        let mut cmd = if root {
            Command::new(args[0])
        } else {
            let mut sudo = Command::new("sudo");
            sudo.arg("-n").arg(args[0]);
            sudo
        };
        cmd.args(&args[1..]).env("DEBIAN_FRONTEND", "noninteractive");
        cmd
    };
    let how = format!("install them yourself (`apt-get install -y {}`), as root or with sudo", packages.join(" "));
    let status = command(&["apt-get", "update", "-qq"])
        .status()
        .with_context(|| format!("running apt-get update (is this Debian or Ubuntu?); {how}"))?;
    if !status.success() {
        bail!("`apt-get update` failed ({status}); {how}");
    }
    let mut args = vec!["apt-get", "install", "-y", "-qq", "--no-install-recommends"];
    args.extend_from_slice(packages);
    let status = command(&args).status().with_context(|| format!("running apt-get install; {how}"))?;
    if !status.success() {
        bail!("`apt-get install` failed ({status}); {how}");
    }
    Ok(())
}

/// A throwaway PostgreSQL server for one test run, or the one
/// `PANEL_TEST_POSTGRES_URL` already names. Dropping it stops the server and
/// removes its directory.
#[derive(Debug)]
pub struct TestPostgres {
    url: String,
    /// The directory of a server this run started; `None` for one given.
    dir: Option<PathBuf>,
}

impl TestPostgres {
    /// Uses `PANEL_TEST_POSTGRES_URL` when it is set; otherwise starts a
    /// server with `.ci/postgres` (which installs Debian's `postgresql` when
    /// the machine has none) in a directory of this checkout's own, after
    /// stopping whatever an earlier run killed midway left there.
    pub fn start(root: &Path) -> Result<Self> {
        if let Some(url) = std::env::var("PANEL_TEST_POSTGRES_URL").ok().filter(|u| !u.is_empty()) {
            return Ok(Self { url, dir: None });
        }
        let dir = std::env::temp_dir()
            .join(format!("panel-test-postgres-{:016x}", fnv1a(root.as_os_str().as_encoded_bytes())));
        stop_server(&dir);
        std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
        // From here on, dropping `server` cleans up whatever the script did.
        let mut server = Self { url: String::new(), dir: Some(dir.clone()) };
        eprintln!("xtask: starting a throwaway PostgreSQL server for the storage tests");
        let output = Command::new("bash")
            .arg(root.join(".ci/postgres"))
            .env("PANEL_TEST_POSTGRES_DIR", &dir)
            .stderr(Stdio::inherit())
            .output()
            .context("running .ci/postgres")?;
        if !output.status.success() {
            bail!("could not start PostgreSQL for the tests ({}); see the messages above", output.status);
        }
        let url = String::from_utf8_lossy(&output.stdout).trim().to_owned();
        if !url.starts_with("postgres://") {
            bail!(".ci/postgres printed {url:?} instead of a postgres:// URL");
        }
        server.url = url;
        Ok(server)
    }

    pub fn url(&self) -> &str {
        &self.url
    }
}

impl Drop for TestPostgres {
    fn drop(&mut self) {
        if let Some(dir) = &self.dir {
            stop_server(dir);
        }
    }
}

/// Stops the server whose data lives under `dir` (if one runs) and removes
/// the directory.
fn stop_server(dir: &Path) {
    let pid_file = dir.join("db/postmaster.pid");
    if let Some(pid) = std::fs::read_to_string(&pid_file).ok().and_then(|s| s.lines().next().map(str::to_owned)) {
        // SIGINT is PostgreSQL's fast shutdown.
        let _ = Command::new("kill").args(["-INT", pid.trim()]).status();
        for _ in 0..100 {
            if !pid_file.exists() {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
    }
    let _ = std::fs::remove_dir_all(dir);
}

/// A stable name for this checkout's server directory (std has no stable hash).
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3))
}

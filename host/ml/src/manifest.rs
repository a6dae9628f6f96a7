//! The models directory `cargo xtask models` writes: its `manifest.json` names
//! every file with its size and sha256, and the models with their versions
//! (recorded beside every transcript and embedding so a result can be traced
//! to the exact bytes that made it).

use std::path::{Path, PathBuf};

use serde::Deserialize;
use sha2::{Digest, Sha256};

use crate::ModelError;

#[derive(Debug, Clone, Deserialize)]
pub struct Manifest {
    /// A hash of the pins and converter the directory was built with.
    pub build: String,
    pub models: Vec<ModelEntry>,
    pub files: Vec<FileEntry>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct ModelEntry {
    /// The file or folder the model lives in (`whisper-base`, `e5-small`).
    pub id: String,
    pub name: String,
    pub version: String,
    /// The registry packages it was built from.
    pub source: String,
}

#[derive(Debug, Clone, Deserialize)]
pub struct FileEntry {
    pub path: String,
    pub bytes: u64,
    pub sha256: String,
}

/// Which model made a result: what a transcript or an embedding records.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, Deserialize)]
pub struct ModelInfo {
    pub name: String,
    pub version: String,
    /// sha256 over the model's files' checksums, in path order.
    pub checksum: String,
}

/// An opened models directory: the manifest read and every file it lists
/// present with the listed size.
#[derive(Debug, Clone)]
pub struct ModelsDir {
    pub dir: PathBuf,
    pub manifest: Manifest,
}

impl ModelsDir {
    pub fn open(dir: impl Into<PathBuf>) -> Result<Self, ModelError> {
        let dir = dir.into();
        if !dir.is_dir() {
            return Err(ModelError::NotInstalled { dir, reason: "the directory does not exist".into() });
        }
        let text = match std::fs::read_to_string(dir.join("manifest.json")) {
            Ok(text) => text,
            Err(e) => {
                let reason = format!("manifest.json could not be read ({e})");
                return Err(ModelError::NotInstalled { dir, reason });
            }
        };
        let manifest: Manifest = serde_json::from_str(&text).map_err(|e| ModelError::Damaged {
            dir: dir.clone(),
            problem: format!("manifest.json is invalid ({e})"),
        })?;
        for f in &manifest.files {
            let len = std::fs::metadata(dir.join(&f.path)).map(|m| m.len()).ok();
            if len != Some(f.bytes) {
                let problem = match len {
                    None => format!("{} is missing", f.path),
                    Some(n) => format!("{} is {n} bytes, the manifest says {}", f.path, f.bytes),
                };
                return Err(ModelError::Damaged { dir, problem });
            }
        }
        Ok(Self { dir, manifest })
    }

    /// The path of a listed file, or a `Damaged` error naming it.
    pub fn file(&self, path: &str) -> Result<PathBuf, ModelError> {
        if self.manifest.files.iter().any(|f| f.path == path) {
            Ok(self.dir.join(path))
        } else {
            Err(self.damaged(format!("the manifest does not list {path}")))
        }
    }

    /// Reads every file of one model and checks its sha256 against the
    /// manifest (a model is loaded once, so this is paid once).
    pub fn verify(&self, id: &str) -> Result<ModelInfo, ModelError> {
        let entry = self
            .manifest
            .models
            .iter()
            .find(|m| m.id == id)
            .ok_or_else(|| self.damaged(format!("the manifest has no model {id}")))?;
        let mut all = Sha256::new();
        for f in self.manifest.files.iter().filter(|f| f.path == id || f.path.starts_with(&format!("{id}/"))) {
            let got = sha256_file(&self.dir.join(&f.path)).map_err(|e| self.damaged(format!("{}: {e}", f.path)))?;
            if got != f.sha256 {
                return Err(self.damaged(format!("{} does not match its checksum", f.path)));
            }
            all.update(got.as_bytes());
        }
        Ok(ModelInfo {
            name: entry.name.clone(),
            version: entry.version.clone(),
            checksum: hex::encode(all.finalize()),
        })
    }

    fn damaged(&self, problem: String) -> ModelError {
        ModelError::Damaged { dir: self.dir.clone(), problem }
    }
}

fn sha256_file(path: &Path) -> std::io::Result<String> {
    let mut file = std::fs::File::open(path)?;
    let mut hasher = Sha256::new();
    std::io::copy(&mut file, &mut hasher)?;
    Ok(hex::encode(hasher.finalize()))
}

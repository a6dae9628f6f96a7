//! The models on real audio and real text. They need the models directory
//! (`cargo xtask test` builds it; `PANEL_MODELS` points elsewhere) and
//! espeak-ng (which `cargo xtask test` installs).

mod embedder;
mod models_dir;
mod transcriber;

use std::path::PathBuf;
use std::sync::OnceLock;

use crate::Models;

pub fn models_dir() -> PathBuf {
    std::env::var_os("PANEL_MODELS")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/models"))
}

/// Both models, loaded once for the whole test binary.
pub fn models() -> &'static Models {
    static MODELS: OnceLock<Models> = OnceLock::new();
    MODELS.get_or_init(|| match Models::open(&models_dir(), 2) {
        Ok(models) => models,
        Err(e) => panic!("{e}"),
    })
}

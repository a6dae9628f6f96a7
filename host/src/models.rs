//! The on-device models the host serves from (`panel serve --models DIR` / `PANEL_MODELS`,
//! `target/models` in development): loaded once, shared, or absent with the reason.

use std::path::Path;
use std::sync::Arc;

/// Why there are no models when `panel serve` is not given a directory.
pub const NOT_INSTALLED: &str = "the on-device models are not installed (cargo xtask models; panel serve --models DIR)";

pub struct HostModels {
    pub transcriber: Option<Arc<dyn panel_ml::Transcriber>>,
    pub embedder: Option<Arc<dyn panel_ml::Embedder>>,
    /// Why there are no models (not installed, damaged...): shown in the console.
    pub unavailable: Option<String>,
}

impl std::fmt::Debug for HostModels {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HostModels")
            .field("transcriber", &self.transcriber.as_ref().map(|t| t.model().name.clone()))
            .field("embedder", &self.embedder.as_ref().map(|e| e.model().name.clone()))
            .field("unavailable", &self.unavailable)
            .finish()
    }
}

impl HostModels {
    pub fn none(reason: impl Into<String>) -> Self {
        Self { transcriber: None, embedder: None, unavailable: Some(reason.into()) }
    }

    /// Opens `dir` with [`panel_ml::Models::open`] (each session at most
    /// `threads` intra-op threads); on error, [`HostModels::none`] with it.
    pub fn load(dir: &Path, threads: usize) -> Self {
        match panel_ml::Models::open(dir, threads) {
            Ok(models) => Self {
                transcriber: Some(Arc::new(models.transcriber)),
                embedder: Some(Arc::new(models.embedder)),
                unavailable: None,
            },
            Err(e) => Self::none(e.to_string()),
        }
    }
}

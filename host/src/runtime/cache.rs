//! Compiled plugins kept on disk, so a restart loads machine code instead of
//! compiling again. Entries are keyed by the component's SHA-256 and by the
//! engine's compatibility hash (Wasmtime version, target, settings), so a
//! different engine never reads another's code.
//!
//! Trust: loading a cached entry runs its machine code, so the cache directory
//! must be writable only by Panel, like its binary. Entries are written to a
//! temporary file and renamed into place, so a crash never leaves half a file.

use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use sha2::{Digest, Sha256};
use wasmtime::Engine;
use wasmtime::component::Component;

/// The on-disk cache of compiled components.
#[derive(Debug, Clone)]
pub struct CompileCache {
    dir: PathBuf,
}

impl CompileCache {
    /// A cache under `root`, in a subdirectory for this engine's configuration.
    pub fn new(root: &Path, engine: &Engine) -> std::io::Result<Self> {
        let mut hasher = DefaultHasher::new();
        engine.precompile_compatibility_hash().hash(&mut hasher);
        let dir = root.join(format!("engine-{:016x}", hasher.finish()));
        std::fs::create_dir_all(&dir)?;
        Ok(Self { dir })
    }

    /// The file an entry for `wasm` lives in.
    pub fn path_for(&self, wasm: &[u8]) -> PathBuf {
        self.dir.join(format!("{}.cwasm", hex::encode(Sha256::digest(wasm))))
    }

    /// A previously compiled component, if there is a usable entry.
    pub fn load(&self, engine: &Engine, path: &Path) -> Option<Component> {
        if !path.is_file() {
            return None;
        }
        // SAFETY: entries are written only by `store` below, from
        // `Component::serialize` of an engine with the same compatibility hash,
        // into a directory only Panel writes (see the module docs). Wasmtime
        // also checks the header and refuses an incompatible file.
        #[allow(unsafe_code)]
        let loaded = unsafe { Component::deserialize_file(engine, path) };
        match loaded {
            Ok(component) => Some(component),
            Err(e) => {
                tracing::warn!(path = %path.display(), error = %e, "ignoring unusable compiled-plugin cache entry");
                None
            }
        }
    }

    /// Writes a compiled component's entry.
    pub fn store(&self, path: &Path, component: &Component) -> std::io::Result<()> {
        let bytes = component.serialize().map_err(std::io::Error::other)?;
        // Unique per writer: two threads (or processes) compiling the same
        // plugin at once each rename their own complete file into place.
        static WRITES: AtomicU64 = AtomicU64::new(0);
        let tmp = path.with_extension(format!("tmp{}-{}", std::process::id(), WRITES.fetch_add(1, Ordering::Relaxed)));
        std::fs::write(&tmp, bytes)?;
        std::fs::rename(&tmp, path)
    }
}

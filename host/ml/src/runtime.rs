//! ONNX Runtime: the library loaded once per process from the models
//! directory, one environment, and sessions with bounded threads. The only
//! module (with its callers in this crate) that knows ort's types.

use std::path::Path;
use std::sync::{Mutex, OnceLock};

use ort::environment::Environment;
use ort::session::Session;
use ort::session::builder::GraphOptimizationLevel;

use crate::{ModelError, ModelsDir};

/// The ONNX Runtime library file inside a models directory.
pub const LIBRARY: &str = "libonnxruntime.so.1.32.0";

static ENVIRONMENT: OnceLock<Result<Environment, String>> = OnceLock::new();

/// The process's environment, loading the library from `models` the first
/// time (a process has one ONNX Runtime: later directories reuse it).
pub fn environment(models: &ModelsDir) -> Result<Environment, ModelError> {
    let library = models.file(LIBRARY)?;
    ENVIRONMENT
        .get_or_init(|| {
            let builder = ort::init_from(&library).map_err(|e| e.to_string())?;
            builder.with_name("panel").build().map_err(|e| e.to_string())
        })
        .clone()
        .map_err(|message| ModelError::Load { what: library.display().to_string(), message })
}

/// One session of one graph, its intra-op threads bounded, behind a lock
/// (ort runs a session through `&mut`; callers queue for it).
pub fn session(env: &Environment, path: &Path, threads: usize) -> Result<Mutex<Session>, ModelError> {
    let load = |e: ort::Error| ModelError::Load { what: path.display().to_string(), message: e.to_string() };
    let session = Session::builder(env)
        .map_err(load)?
        // No arena: it keeps every block a run ever took (a 30 s window's
        // attention scores) for the process's lifetime.
        .with_execution_providers([ort::ep::CPU::default().with_arena_allocator(false).build()])
        .map_err(|e| load(e.into()))?
        .with_optimization_level(GraphOptimizationLevel::Level3)
        .map_err(|e| load(e.into()))?
        .with_intra_threads(threads.max(1))
        .map_err(|e| load(e.into()))?
        // Idle intra-op threads sleep rather than spin: the cores are shared
        // with requests and the other model.
        .with_intra_op_spinning(false)
        .map_err(|e| load(e.into()))?
        .with_inter_threads(1)
        .map_err(|e| load(e.into()))?
        .commit_from_file(path)
        .map_err(load)?;
    Ok(Mutex::new(session))
}

//! Helpers the host's integration tests share: the plugins `cargo xtask
//! test` built, staged in a directory of their own.

use std::path::{Path, PathBuf};

fn built_plugins() -> PathBuf {
    std::env::var_os("PANEL_TEST_PLUGIN_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/wasm32-wasip2/plugin"))
}

/// A plugins directory under `root` holding only the first-party plugins.
pub fn plugins_dir(root: &Path) -> PathBuf {
    let dir = root.join("plugins");
    std::fs::create_dir_all(&dir).expect("plugins dir");
    for file in ["bank_core.wasm", "rubric_star.wasm"] {
        let from = built_plugins().join(file);
        std::fs::copy(&from, dir.join(file))
            .unwrap_or_else(|e| panic!("{}: {e}; run the tests with `cargo xtask test`", from.display()));
    }
    dir
}

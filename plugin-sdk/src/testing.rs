//! Native stand-ins for the host imports, so a plugin's logic can be unit
//! tested with `cargo test` on the developer's machine. In a real component the
//! host provides these; this module is compiled only for non-wasm targets.
//!
//! ```ignore
//! panel_plugin_sdk::testing::set_config(r#"{"min_words": 5}"#);
//! let scores = MyRubric::score(&job, &question, &answer)?;
//! ```

use std::cell::RefCell;

use crate::{EmbedError, LogLevel};

thread_local! {
    static CONFIG: RefCell<String> = RefCell::new("{}".to_owned());
    static LOGS: RefCell<Vec<(LogLevel, String)>> = const { RefCell::new(Vec::new()) };
}

/// Sets the configuration [`crate::host::config`] returns on this thread.
pub fn set_config(json: &str) {
    CONFIG.with(|c| *c.borrow_mut() = json.to_owned());
}

/// Takes the lines logged on this thread so far.
pub fn take_logs() -> Vec<(LogLevel, String)> {
    LOGS.with(|l| std::mem::take(&mut *l.borrow_mut()))
}

pub(crate) fn log(level: LogLevel, message: &str) {
    LOGS.with(|l| l.borrow_mut().push((level, message.to_owned())));
}

pub(crate) fn config() -> String {
    CONFIG.with(|c| c.borrow().clone())
}

pub(crate) fn embed(_texts: &[String]) -> Result<Vec<Vec<f32>>, EmbedError> {
    Err(EmbedError::NotAvailable("no host: running natively under test".to_owned()))
}

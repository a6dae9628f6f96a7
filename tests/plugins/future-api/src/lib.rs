//! A rubric built without the SDK that stamps API version 0.9.0, as a plugin
//! from a future SDK would. The host must refuse it before compiling.

#![allow(unsafe_code)]

wit_bindgen::generate!({
    path: "../../../wit/panel-plugin@0.1.0",
    world: "panel:plugin/rubric@0.1.0",
});

use exports::panel::plugin::scoring::{Guest, RubricInfo};
use panel::plugin::types::{Answer, DimensionScore, JobProfile, PluginError, Question};

#[cfg(target_arch = "wasm32")]
#[unsafe(link_section = "panel:api-version")]
#[used]
static API_VERSION: [u8; 5] = *b"0.9.0";

struct Future;

impl Guest for Future {
    fn describe() -> RubricInfo {
        RubricInfo { name: "Future".into(), description: String::new(), locales: vec![], dimensions: vec![] }
    }

    fn score(_: JobProfile, _: Question, _: Answer) -> Result<Vec<DimensionScore>, PluginError> {
        Ok(Vec::new())
    }
}

export!(Future);

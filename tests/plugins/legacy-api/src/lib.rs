//! A rubric built without the SDK against the frozen `panel:plugin@0.1.0`,
//! stamped 0.1.0: what a vendor shipped before 0.2.0. A host that supports
//! 0.2.0 must still load and run it unchanged, through the 0.1.0 imports.
//!
//! It scores every dimension the question measures 7.0 and says in its
//! explanation what it was given (the question's id and dimension count, the
//! answer's length and its configuration's `label`), so a test can see the
//! host's 0.1.0 conversions carried each value across.

#![allow(unsafe_code)]

wit_bindgen::generate!({
    path: "../../../wit/panel-plugin@0.1.0",
    world: "panel:plugin/rubric@0.1.0",
});

use exports::panel::plugin::scoring::{Guest, RubricInfo};
use panel::plugin::host;
use panel::plugin::types::{Answer, DimensionScore, Effect, Evidence, JobProfile, LogLevel, PluginError, Question};

#[cfg(target_arch = "wasm32")]
#[unsafe(link_section = "panel:api-version")]
#[used]
static API_VERSION: [u8; 5] = *b"0.1.0";

struct Legacy;

impl Guest for Legacy {
    fn describe() -> RubricInfo {
        RubricInfo {
            name: "Legacy 0.1.0 rubric".into(),
            description: "Scores every dimension 7 and reports what it was given.".into(),
            locales: vec!["en".into(), "zh-CN".into()],
            dimensions: vec![],
        }
    }

    fn score(job: JobProfile, question: Question, answer: Answer) -> Result<Vec<DimensionScore>, PluginError> {
        host::log(LogLevel::Info, &format!("legacy rubric scoring {} for job {}", question.id, job.id));
        let config = host::config();
        let label =
            config.split("\"label\":\"").nth(1).and_then(|rest| rest.split('"').next()).unwrap_or("none").to_owned();
        let explanation = format!(
            "question {} with {} dimension(s); answer of {} bytes; label {label}",
            question.id,
            question.dimensions.len(),
            answer.text.len()
        );
        Ok(question
            .dimensions
            .iter()
            .map(|dimension| DimensionScore {
                dimension: dimension.clone(),
                score: 7.0,
                confidence: 0.5,
                evidence: vec![Evidence { label: "built for API 0.1.0".into(), effect: Effect::Neutral, span: None }],
                explanation: explanation.clone(),
            })
            .collect())
    }
}

export!(Legacy);

//! The indicators scored for one dimension: the built-in behaviours, extended
//! or replaced by the ones configured, compiled into one pattern set.

use panel_plugin_sdk::PluginError;
use panel_plugin_sdk::text::PatternSet;

use crate::Config;
use crate::indicators::{self, Polarity};

/// One behaviour as scored: its label in the answer's language, which way it
/// counts and how much.
#[derive(Debug, Clone)]
pub struct Indicator<'a> {
    pub label: &'a str,
    pub polarity: Polarity,
    pub weight: f32,
}

/// Everything needed to score one dimension.
#[derive(Debug)]
pub struct DimensionModel<'a> {
    pub indicators: Vec<Indicator<'a>>,
    pub patterns: PatternSet<'a>,
    /// For each pattern of `patterns`, the index of its indicator.
    pub owner: Vec<usize>,
}

/// The model of `dimension`, or none when neither the built-in vocabulary nor
/// the configuration knows it (the rubric then does not score it).
pub fn model<'a>(config: &'a Config, dimension: &str, zh: bool) -> Result<Option<DimensionModel<'a>>, PluginError> {
    let configured = config.dimensions.get(dimension);
    let replace = configured.is_some_and(|c| c.replace);
    let mut indicators = Vec::new();
    let mut sources: Vec<&str> = Vec::new();
    let mut owner = Vec::new();
    if !replace {
        for behaviour in indicators::builtin(dimension) {
            owner.extend(std::iter::repeat_n(indicators.len(), behaviour.patterns.len()));
            sources.extend(behaviour.patterns);
            let label = if zh { behaviour.zh } else { behaviour.en };
            indicators.push(Indicator { label, polarity: behaviour.polarity, weight: 1.0 });
        }
    }
    for configured in configured.into_iter().flat_map(|c| &c.indicators) {
        if !(configured.weight > 0.0 && configured.weight <= 5.0) {
            return Err(PluginError::invalid_config(format!(
                "dimensions.{dimension}: the weight of `{}` must be above 0 and at most 5",
                configured.pattern
            )));
        }
        owner.push(indicators.len());
        sources.push(&configured.pattern);
        let label = configured.label.as_deref().unwrap_or(&configured.pattern);
        indicators.push(Indicator { label, polarity: configured.effect, weight: configured.weight });
    }
    if indicators.is_empty() {
        return Ok(None);
    }
    let patterns =
        PatternSet::new(sources).map_err(|e| PluginError::invalid_config(format!("dimensions.{dimension}: {e}")))?;
    Ok(Some(DimensionModel { indicators, patterns, owner }))
}

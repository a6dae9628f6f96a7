//! What the delivery rubric measures of an answer, and how it reads it.
//!
//! Length is counted in characters for Chinese and in words for English (never
//! by splitting Chinese on whitespace). For a transcript it is compared with
//! what the question's time limit allows at a normal speaking rate; a typed
//! answer is judged by its length alone.

use panel_plugin_sdk::text::Counts;
use panel_plugin_sdk::{Answer, Question};

use crate::{Config, Overtime};

/// How long the answer is, for the time it had.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Length {
    /// A few words: below `min_chars` / `min_words`.
    TooShort,
    /// A transcript using under `short_share` of what the limit allows.
    Short,
    Adequate,
    /// A transcript longer than the limit allows at a normal rate, or a typed
    /// answer over `long_chars` / `long_words`. Reported, never penalised.
    VeryLong,
}

/// The measurements of one answer.
#[derive(Debug, Clone, PartialEq)]
pub struct Measures {
    /// The answer is Chinese: length in characters, else in words.
    pub chinese: bool,
    pub units: usize,
    pub length: Length,
    /// For a transcript with a time limit: `units` as a share of what the
    /// limit allows at the expected speaking rate.
    pub share_of_limit: Option<f32>,
    /// For a transcript: units per second spoken.
    pub rate: Option<f32>,
    pub duration_secs: f32,
    pub time_limit_secs: u32,
    /// Seconds past the time limit, if over.
    pub overtime_secs: Option<f32>,
    pub think_secs: f32,
    pub think_allowed_secs: u32,
}

/// Measures an answer to a question.
pub fn measure(config: &Config, question: &Question, answer: &Answer) -> Measures {
    // Counting needs no analysis of the text (segmentation, narration).
    let counts = Counts::of(&answer.text);
    let (transcribed, limit) = (answer.transcribed, question.time_limit_secs);
    let chinese = counts.is_chinese();
    let units = counts.han_chars + counts.latin_words;
    let (minimum, long, per_sec) = if chinese {
        (config.min_chars, config.long_chars, config.chars_per_sec)
    } else {
        (config.min_words, config.long_words, config.words_per_sec)
    };
    let duration_secs = answer.duration_ms as f32 / 1000.0;
    let share_of_limit = (transcribed && limit > 0).then(|| units as f32 / (limit as f32 * per_sec));
    let rate = (transcribed && duration_secs >= 1.0).then(|| units as f32 / duration_secs);
    let length = if units < minimum as usize {
        Length::TooShort
    } else {
        match share_of_limit {
            Some(share) if share < config.short_share => Length::Short,
            Some(share) if share > 1.2 => Length::VeryLong,
            Some(_) => Length::Adequate,
            None if units > long as usize => Length::VeryLong,
            None => Length::Adequate,
        }
    };
    let overtime_secs = (limit > 0 && duration_secs > limit as f32).then_some(duration_secs - limit as f32);
    Measures {
        chinese,
        units,
        length,
        share_of_limit,
        rate,
        duration_secs,
        time_limit_secs: limit,
        overtime_secs,
        think_secs: answer.think_time_ms as f32 / 1000.0,
        think_allowed_secs: question.think_time_secs,
    }
}

/// The delivery score: 7 for an answer of fair length (long ones included),
/// 4.5 for a short transcript, 2 for a few words; overtime costs 1.5 only when
/// configured as negative.
pub fn score(config: &Config, measures: &Measures) -> f32 {
    let base: f32 = match measures.length {
        Length::TooShort => 2.0,
        Length::Short => 4.5,
        Length::Adequate | Length::VeryLong => 7.0,
    };
    let overtime_cost = match (config.overtime, measures.overtime_secs) {
        (Overtime::Negative, Some(_)) => 1.5,
        _ => 0.0,
    };
    (base - overtime_cost).max(0.0)
}

//! The built-in anchors (`anchors.json`): for each shared dimension id,
//! sentences telling what an answer that shows it is about, in Chinese and
//! English; and contrast anchors, each labelled in words a candidate could be
//! shown, for what fluent but irrelevant answers tell instead.

use panel_plugin_sdk::text::Counts;

/// The language anchors are chosen in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Language {
    Zh,
    En,
}

impl Language {
    /// Chinese when the locale says so or the text is mostly Chinese
    /// (counted, not analysed: the words are not needed).
    pub fn of(locale: &str, text: &str) -> Self {
        if locale.starts_with("zh") || Counts::of(text).is_chinese() { Self::Zh } else { Self::En }
    }
}

/// Sentences in both languages.
#[derive(Debug)]
pub struct Bilingual<T> {
    pub en: T,
    pub zh: T,
}

impl<T> Bilingual<T> {
    pub fn get(&self, language: Language) -> &T {
        match language {
            Language::Zh => &self.zh,
            Language::En => &self.en,
        }
    }
}

/// One contrast anchor: what it is about, and its sentence in each language.
#[derive(Debug)]
pub struct Contrast {
    pub label: Bilingual<&'static str>,
    pub en: &'static str,
    pub zh: &'static str,
}

/// Anchors by dimension id, and the contrast anchors.
#[derive(Debug)]
pub struct Anchors {
    pub dimensions: &'static [(&'static str, Bilingual<&'static [&'static str]>)],
    pub contrast: &'static [Contrast],
}

// `ANCHORS`, written by build.rs from anchors.json: static data, so a call
// (a fresh instance) parses nothing.
include!(concat!(env!("OUT_DIR"), "/anchors.rs"));

impl Anchors {
    /// The anchors compiled into the plugin.
    pub fn built_in() -> &'static Anchors {
        &ANCHORS
    }

    /// The positive anchors of `dimension` in `language` (none when it has no
    /// built-in anchors).
    pub fn for_dimension(&self, dimension: &str, language: Language) -> &'static [&'static str] {
        self.dimensions.iter().find(|(id, _)| *id == dimension).map_or(&[], |(_, d)| d.get(language))
    }

    pub fn contrast_text(&self, index: usize, language: Language) -> &'static str {
        let c = &self.contrast[index];
        match language {
            Language::Zh => c.zh,
            Language::En => c.en,
        }
    }

    pub fn contrast_label(&self, index: usize, language: Language) -> &'static str {
        self.contrast[index].label.get(language)
    }
}

//! The built-in anchors (`anchors.json`): for each shared dimension id,
//! sentences telling what an answer that shows it is about, in Chinese and
//! English; and contrast anchors, each labelled in words a candidate could be
//! shown, for what fluent but irrelevant answers tell instead.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use panel_plugin_sdk::text::Counts;
use serde::Deserialize;

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
#[derive(Debug, Deserialize)]
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
#[derive(Debug, Deserialize)]
pub struct Contrast {
    pub label: Bilingual<String>,
    pub en: String,
    pub zh: String,
}

#[derive(Debug, Deserialize)]
pub struct Anchors {
    pub dimensions: BTreeMap<String, Bilingual<Vec<String>>>,
    pub contrast: Vec<Contrast>,
}

impl Anchors {
    /// The anchors compiled into the plugin, read once per instance.
    pub fn built_in() -> &'static Anchors {
        static ANCHORS: OnceLock<Anchors> = OnceLock::new();
        ANCHORS.get_or_init(|| serde_json::from_str(include_str!("anchors.json")).expect("anchors.json is valid"))
    }

    /// The positive anchors of `dimension` in `language` (none when it has no
    /// built-in anchors).
    pub fn for_dimension(&self, dimension: &str, language: Language) -> &[String] {
        self.dimensions.get(dimension).map_or(&[], |d| d.get(language).as_slice())
    }

    pub fn contrast_text(&self, index: usize, language: Language) -> &str {
        let c = &self.contrast[index];
        match language {
            Language::Zh => &c.zh,
            Language::En => &c.en,
        }
    }

    pub fn contrast_label(&self, index: usize, language: Language) -> &str {
        self.contrast[index].label.get(language)
    }
}

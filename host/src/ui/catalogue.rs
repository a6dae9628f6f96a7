//! The UI's texts in every language, from the one catalogue
//! `assets/i18n.json` (`{"en": {key: text}, "zh": {key: text}}`). The
//! scripts fetch the same file; the server reads it for the pages it renders
//! itself (a link that cannot be used, the no-script notice).
//!
//! Texts may hold `{name}` placeholders that the scripts fill in.

use std::collections::BTreeMap;
use std::sync::LazyLock;

const SOURCE: &str = include_str!("assets/i18n.json");

/// The languages of the catalogue, the default first.
pub const LANGUAGES: [&str; 2] = ["en", "zh"];

type Texts = BTreeMap<String, String>;

static CATALOGUE: LazyLock<BTreeMap<String, Texts>> =
    // The file is compiled in and checked by the tests below, so a parse
    // failure here is a broken build, not a runtime condition.
    LazyLock::new(|| serde_json::from_str(SOURCE).expect("assets/i18n.json is a valid catalogue"));

/// The text of `key` in `language`; the key itself when it is missing, so a
/// gap shows up on the page instead of an empty space.
pub fn text<'a>(language: &str, key: &'a str) -> &'a str {
    CATALOGUE.get(language).and_then(|texts| texts.get(key)).map_or(key, String::as_str)
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    fn keys(language: &str) -> BTreeSet<&'static str> {
        CATALOGUE.get(language).expect("the language is in the catalogue").keys().map(String::as_str).collect()
    }

    fn asset(name: &str) -> String {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/ui/assets").join(name);
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }

    /// The quoted strings of `source` between `open` and the next `"`.
    fn quoted_after<'a>(source: &'a str, open: &str) -> Vec<&'a str> {
        source.split(open).skip(1).filter_map(|rest| rest.split('"').next()).collect()
    }

    /// Every double-quoted string in a script that looks like a catalogue
    /// key (`word-word.word-word`); the scripts write every key out in full.
    fn script_keys(source: &str) -> Vec<&str> {
        let looks_like_key = |s: &&str| {
            let mut parts = s.split('.');
            parts.clone().count() >= 2
                && parts.next().is_some_and(|p| {
                    p.starts_with(|c: char| c.is_ascii_lowercase())
                        && p.chars().all(|c| c.is_ascii_lowercase() || c == '-')
                })
                && parts.all(|p| {
                    !p.is_empty() && p.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
                })
        };
        source.split('"').skip(1).step_by(2).filter(looks_like_key).collect()
    }

    #[test]
    fn every_language_has_every_key_and_no_empty_text() {
        assert_eq!(CATALOGUE.keys().map(String::as_str).collect::<Vec<_>>(), LANGUAGES);
        assert_eq!(keys("en"), keys("zh"), "English and Chinese must have the same keys");
        for language in LANGUAGES {
            for (key, text) in &CATALOGUE[language] {
                assert!(!text.trim().is_empty(), "{language}: {key} is empty");
            }
        }
    }

    #[test]
    fn placeholders_are_the_same_in_every_language() {
        let placeholders = |text: &str| -> BTreeSet<String> {
            text.split('{').skip(1).filter_map(|rest| rest.split_once('}')).map(|(name, _)| name.to_owned()).collect()
        };
        for key in keys("en") {
            assert_eq!(placeholders(text("en", key)), placeholders(text("zh", key)), "{key}");
        }
    }

    #[test]
    fn the_keys_the_pages_and_scripts_use_are_exactly_the_catalogue() {
        let known = keys("en");
        let mut used = Vec::new();
        for page in ["candidate.html", "link-problem.html", "console.html"] {
            let html = asset(page);
            used.extend(quoted_after(&html, "data-i18n=\"").into_iter().map(str::to_owned));
            used.extend(quoted_after(&html, "data-i18n-aria-label=\"").into_iter().map(str::to_owned));
        }
        let scripts = std::fs::read_dir(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/ui/assets"))
            .expect("the assets directory")
            .map(|e| e.expect("an entry").file_name().to_string_lossy().into_owned())
            .filter(|name| name.ends_with(".js"));
        for script in scripts {
            used.extend(script_keys(&asset(&script)).into_iter().map(str::to_owned));
        }
        // The pages the server renders itself.
        used.extend(script_keys(include_str!("pages.rs")).into_iter().map(str::to_owned));
        assert!(used.len() > 40, "the scan found only {used:?}");
        let missing: Vec<&String> = used.iter().filter(|k| !known.contains(k.as_str())).collect();
        assert!(missing.is_empty(), "keys used but not in i18n.json: {missing:?}");
        let unused: Vec<&str> = known.iter().copied().filter(|k| !used.iter().any(|u| u == k)).collect();
        assert!(unused.is_empty(), "keys in i18n.json that nothing uses: {unused:?}");
    }

    #[test]
    fn a_missing_key_reads_as_itself() {
        assert_eq!(text("en", "error.invalid.title"), "This interview link is not valid");
        assert_eq!(text("zh", "error.invalid.title"), "面试链接无效");
        assert_eq!(text("en", "no.such-key"), "no.such-key");
        assert_eq!(text("fr", "error.invalid.title"), "error.invalid.title");
    }
}

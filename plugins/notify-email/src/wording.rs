//! The built-in wording of each template, in Chinese (`zh`) and English
//! (`en`): a subject and the body's paragraphs, in the template language of
//! [`crate::template`]. A paragraph that is only `{link}` becomes the HTML
//! body's button; lines starting with `- ` become a list; a paragraph whose
//! placeholders are all empty (no `{reason}` given, no `reply_to` configured)
//! is left out.

mod en;
mod zh;

/// The language an email is written in: `zh…` locales are Chinese, any other
/// English.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Language {
    Chinese,
    English,
}

impl Language {
    /// The language to write a message in `locale` in.
    pub fn of(locale: &str) -> Self {
        if locale.to_ascii_lowercase().starts_with("zh") { Language::Chinese } else { Language::English }
    }

    /// The key of the company's wording in this language: `zh` or `en`.
    pub fn key(self) -> &'static str {
        match self {
            Language::Chinese => "zh",
            Language::English => "en",
        }
    }

    /// The HTML `lang` of the text written: the wording is Simplified Chinese.
    pub fn html_lang(self) -> &'static str {
        match self {
            Language::Chinese => "zh-CN",
            Language::English => "en",
        }
    }

    /// The label of the HTML body's button.
    pub fn button_label(self) -> &'static str {
        match self {
            Language::Chinese => zh::BUTTON,
            Language::English => en::BUTTON,
        }
    }

    /// The line above the link written out under the button, for mail
    /// programs that do not show the button.
    pub fn link_fallback(self) -> &'static str {
        match self {
            Language::Chinese => zh::LINK_FALLBACK,
            Language::English => en::LINK_FALLBACK,
        }
    }
}

/// A template's built-in wording in one language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Wording {
    pub subject: &'static str,
    pub paragraphs: &'static [&'static str],
}

/// The templates with a built-in wording.
pub const BUILT_IN_TEMPLATES: [&str; 5] =
    ["invitation", "reminder", "completion", "result-advance", "result-thank-you"];

/// The built-in wording of `template` in `language`; an invitation whose
/// window was `extended` has its own. `None` for templates without one.
pub fn built_in(template: &str, extended: bool, language: Language) -> Option<Wording> {
    match language {
        Language::Chinese => zh::wording(template, extended),
        Language::English => en::wording(template, extended),
    }
}

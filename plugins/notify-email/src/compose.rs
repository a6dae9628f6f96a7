//! An email from a message: the wording (the company's own where configured,
//! else the built-in one), its placeholders filled with the message's values
//! (times in local time, a reason ending as a sentence), written as a subject,
//! a plain-text body and an HTML body.

use std::collections::BTreeMap;

use panel_plugin_sdk::{Message, PluginError};

use crate::config::Config;
use crate::template::{Piece, paragraphs, pieces, placeholders};
use crate::wording::{self, Language};
use crate::{html, local_time};

/// A rendered email.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Letter {
    pub subject: String,
    pub text: String,
    pub html: String,
}

/// The placeholders every template may use: the host's variables (see
/// docs/plugins.md, "What connectors and notifiers receive") and the
/// plugin's own (`interview_minutes`, `reply_to`). A message may bring more.
pub const KNOWN_PLACEHOLDERS: [&str; 11] = [
    "name",
    "job_title",
    "organisation",
    "link",
    "opens_at",
    "closes_at",
    "extended",
    "minutes_before",
    "reason",
    "interview_minutes",
    "reply_to",
];

/// What each placeholder is filled with.
#[derive(Debug)]
struct Values(BTreeMap<String, String>);

impl Values {
    fn new(message: &Message, config: &Config, language: Language) -> Self {
        let mut values: BTreeMap<String, String> =
            KNOWN_PLACEHOLDERS.iter().map(|name| ((*name).to_owned(), String::new())).collect();
        for (name, value) in &message.variables {
            let value = match name.as_str() {
                "opens_at" | "closes_at" => local_time::format(value, config.utc_offset, language == Language::Chinese)
                    .unwrap_or_else(|| value.trim().to_owned()),
                "reason" => as_sentence(value, language),
                _ => value.trim().to_owned(),
            };
            values.insert(name.clone(), value);
        }
        values.insert("interview_minutes".to_owned(), config.interview_minutes.to_string());
        values.insert("reply_to".to_owned(), config.reply_to.clone().unwrap_or_default());
        Values(values)
    }

    fn is_known(&self, name: &str) -> bool {
        self.0.contains_key(name)
    }

    fn get(&self, name: &str) -> &str {
        self.0.get(name).map_or("", String::as_str)
    }

    /// `template` with its placeholders filled, as plain text.
    fn fill(&self, template: &str) -> String {
        pieces(template)
            .into_iter()
            .map(|piece| match piece {
                Piece::Text(text) => text,
                Piece::Placeholder(name) => self.get(name),
            })
            .collect()
    }

    /// Whether a paragraph is left out: it has placeholders and all of them
    /// are empty (no reason given, no reply-to address configured).
    fn leaves_out(&self, paragraph: &str) -> bool {
        let mut names = placeholders(paragraph).peekable();
        names.peek().is_some() && names.all(|name| self.get(name).is_empty())
    }
}

/// A reason as HR wrote it, ending as a sentence so the paragraph reads
/// whole (`岗位已招满` → `岗位已招满。`).
fn as_sentence(reason: &str, language: Language) -> String {
    let reason = reason.trim();
    if reason.is_empty() || reason.ends_with(['。', '！', '？', '.', '!', '?', '…']) {
        return reason.to_owned();
    }
    match language {
        Language::Chinese => format!("{reason}。"),
        Language::English => format!("{reason}."),
    }
}

/// The mail gateway refuses longer subjects; a long job title must not turn
/// an invitation into a permanent failure.
const MAX_SUBJECT_CHARS: usize = 300;

/// A subject on one line (line breaks and runs of spaces become one space, so
/// it cannot carry header lines) and within the gateway's length.
fn subject_line(text: &str) -> String {
    let line = text
        .split(|c: char| c.is_whitespace() || c.is_control())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    if line.chars().count() <= MAX_SUBJECT_CHARS {
        return line;
    }
    let mut cut: String = line.chars().take(MAX_SUBJECT_CHARS - 1).collect();
    cut.push('…');
    cut
}

/// Refuses the company's wording when it names a placeholder nobody fills.
fn check_placeholders(template: &str, values: &Values, location: &str) -> Result<(), PluginError> {
    match placeholders(template).find(|name| !values.is_known(name)) {
        None => Ok(()),
        Some(unknown) => Err(PluginError::invalid_config(format!(
            "{location}: unknown placeholder {{{unknown}}}; use one of {}",
            KNOWN_PLACEHOLDERS.map(|name| format!("{{{name}}}")).join(", ")
        ))),
    }
}

/// The email for `message`, in its language.
pub fn compose(message: &Message, config: &Config) -> Result<Letter, PluginError> {
    let language = Language::of(&message.locale);
    let extended = message.variables.iter().any(|(name, value)| name == "extended" && value.trim() == "true");
    // An extended invitation says something else: the company words it apart.
    let own_key = if message.template == "invitation" && extended { "invitation-extended" } else { &message.template };
    let own = config.templates.get(own_key, language);
    let built_in = wording::built_in(&message.template, extended, language);
    let values = Values::new(message, config, language);
    let location = |part: &str| format!("templates.{own_key}.{}.{part}", language.key());
    let missing = || {
        PluginError::unsupported(format!(
            "no wording for template {:?} in {}: add {} and {}",
            message.template,
            language.key(),
            location("subject"),
            location("text")
        ))
    };

    let subject_template = match own.and_then(|own| own.subject.as_deref()) {
        Some(subject) => {
            check_placeholders(subject, &values, &location("subject"))?;
            subject
        }
        None => built_in.ok_or_else(missing)?.subject,
    };
    let body: Vec<String> = match own.and_then(|own| own.text.as_deref()) {
        Some(text) => {
            check_placeholders(text, &values, &location("text"))?;
            paragraphs(text)
        }
        None => built_in.ok_or_else(missing)?.paragraphs.iter().map(|p| (*p).to_owned()).collect(),
    };

    let subject = subject_line(&values.fill(subject_template));
    let shown: Vec<&String> = body.iter().filter(|paragraph| !values.leaves_out(paragraph)).collect();
    let text = shown.iter().map(|paragraph| values.fill(paragraph)).collect::<Vec<_>>().join("\n\n") + "\n";
    let blocks: String =
        shown.iter().map(|paragraph| html::paragraph(paragraph, |name| values.get(name), language)).collect();
    let html = html::page(language, &subject, &blocks);
    Ok(Letter { subject, text, html })
}

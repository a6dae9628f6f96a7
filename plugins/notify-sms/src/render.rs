//! The words of a text message: a built-in wording per template in Chinese
//! and English, or the company's own, with `{placeholders}` filled from the
//! message's variables. Times read as local time, a reason ends as a
//! sentence, and the link is put in whole.

use std::collections::BTreeMap;

use panel_plugin_sdk::{Message, PluginError};
use serde::Deserialize;

use crate::local_time::{self, UtcOffset};

/// The company's own wording: template name → language → text.
#[derive(Debug, Default, Deserialize)]
#[serde(transparent)]
pub struct Templates(pub BTreeMap<String, Wording>);

/// One template's wording per language.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Wording {
    #[serde(default)]
    pub zh: Option<String>,
    #[serde(default)]
    pub en: Option<String>,
}

/// The language a message is written in: `zh…` locales are Chinese, any
/// other English.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Language {
    Chinese,
    English,
}

impl Language {
    pub fn of(locale: &str) -> Self {
        if locale.starts_with("zh") { Language::Chinese } else { Language::English }
    }

    /// The key of this language under `templates`.
    pub fn code(self) -> &'static str {
        match self {
            Language::Chinese => "zh",
            Language::English => "en",
        }
    }
}

/// The built-in wording of a template, `(Chinese, English)`. Short, as texts
/// are billed per part, and with the link last: a phone reading a link
/// followed by other characters may take them as part of it.
fn built_in(template: &str, extended: bool) -> Option<(&'static str, &'static str)> {
    Some(match (template, extended) {
        ("invitation", false) => (
            "{name}您好，诚邀您参加「{job_title}」岗位的AI面试，请于{opens_at}至{closes_at}期间完成：{link}",
            "Hi {name}, {organisation} invites you to an AI interview for {job_title}. \
             Please complete it between {opens_at} and {closes_at}: {link}",
        ),
        ("invitation", true) => (
            "{name}您好，您的「{job_title}」AI面试时间已延长至{closes_at}，请尽快完成：{link}",
            "Hi {name}, your AI interview for {job_title} is now open until {closes_at}: {link}",
        ),
        ("reminder", _) => (
            "{name}您好，您的「{job_title}」AI面试将于{closes_at}截止，请尽快完成：{link}",
            "Hi {name}, your AI interview for {job_title} closes on {closes_at}. Please complete it soon: {link}",
        ),
        ("completion", _) => (
            "{name}您好，您已完成「{job_title}」AI面试，感谢参与！结果将另行通知。",
            "Hi {name}, thank you for completing the AI interview for {job_title}. We will let you know the result.",
        ),
        ("result-advance", _) => (
            "{name}您好，恭喜您通过「{job_title}」AI面试，HR将与您联系安排后续面试。{reason}",
            "Hi {name}, good news: you are through to the next round for {job_title}. \
             HR will contact you to arrange it. {reason}",
        ),
        ("result-thank-you", _) => (
            "{name}您好，感谢您应聘「{job_title}」，很遗憾本次未能进入下一轮。{reason}",
            "Hi {name}, thank you for applying for {job_title}. \
             We will not be taking your application further this time. {reason}",
        ),
        _ => return None,
    })
}

/// A reason as HR wrote it, ending as a sentence so the wording after it
/// reads on (`岗位已招满` → `岗位已招满。`).
fn as_sentence(reason: &str, language: Language) -> String {
    let reason = reason.trim();
    if reason.is_empty() || reason.ends_with(['。', '！', '？', '.', '!', '?']) {
        return reason.to_owned();
    }
    match language {
        Language::Chinese => format!("{reason}。"),
        Language::English => format!("{reason}."),
    }
}

fn is_placeholder_name(text: &str) -> bool {
    !text.is_empty() && text.chars().all(|c| c.is_ascii_lowercase() || c == '_')
}

/// Fills `{name}`-style placeholders from `variables`: `{opens_at}` and
/// `{closes_at}` as local time at `offset`, `{reason}` as a sentence, the
/// rest as given. An unknown placeholder becomes empty; braces around
/// anything that is not a placeholder name stay.
fn fill(text: &str, variables: &[(String, String)], language: Language, offset: UtcOffset) -> String {
    let value = |key: &str| -> String {
        let Some((_, value)) = variables.iter().find(|(k, _)| k == key) else { return String::new() };
        match key {
            "opens_at" | "closes_at" => {
                local_time::format(value, offset, language == Language::Chinese).unwrap_or_else(|| value.clone())
            }
            "reason" => as_sentence(value, language),
            _ => value.clone(),
        }
    };
    let mut out = String::with_capacity(text.len() + 128);
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) if is_placeholder_name(&after[..close]) => {
                out.push_str(&value(&after[..close]));
                rest = &after[close + 1..];
            }
            _ => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out.trim().to_owned()
}

/// The text of a message in its language, without the signature.
pub fn render(message: &Message, templates: &Templates, offset: UtcOffset) -> Result<String, PluginError> {
    let language = Language::of(&message.locale);
    let extended = message.variables.iter().any(|(k, v)| k == "extended" && v == "true");
    let own = templates.0.get(&message.template).and_then(|w| match language {
        Language::Chinese => w.zh.as_deref(),
        Language::English => w.en.as_deref(),
    });
    let wording = own.or_else(|| {
        built_in(&message.template, extended).map(|(zh, en)| match language {
            Language::Chinese => zh,
            Language::English => en,
        })
    });
    let Some(wording) = wording else {
        let code = language.code();
        return Err(PluginError::unsupported(format!(
            "no wording for template {:?} in {code}: add it under templates.{}.{code}",
            message.template, message.template
        )));
    };
    Ok(fill(wording, &message.variables, language, offset))
}

#[cfg(test)]
mod tests {
    use panel_plugin_sdk::Recipient;

    use super::*;

    const LINK: &str = "https://jobs.acme.example/i/41.Zm9vYmFy-c2lnbmVk_dG9rZW4?utm=sms&x={y}";

    fn message(template: &str, locale: &str, extra: &[(&str, &str)]) -> Message {
        let mut variables: Vec<(String, String)> = [
            ("name", "李娜"),
            ("job_title", "生产主管"),
            ("organisation", "Acme"),
            ("link", LINK),
            ("opens_at", "2027-12-01T01:00:00.000Z"),
            ("closes_at", "2027-12-03T10:00:00.000Z"),
            ("minutes_before", "120"),
        ]
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
        for (key, value) in extra {
            variables.retain(|(k, _)| k != key);
            variables.push(((*key).to_owned(), (*value).to_owned()));
        }
        Message {
            id: "evt_1".into(),
            channel: "sms".into(),
            recipient: Recipient { name: "李娜".into(), address: "+8613812345678".into() },
            template: template.into(),
            locale: locale.into(),
            variables,
        }
    }

    fn built(template: &str, locale: &str, extra: &[(&str, &str)]) -> String {
        render(&message(template, locale, extra), &Templates::default(), UtcOffset::CHINA).expect("render")
    }

    #[test]
    fn invitations_carry_the_whole_link_and_the_window_in_local_time() {
        assert_eq!(
            built("invitation", "zh-CN", &[("extended", "false")]),
            format!("李娜您好，诚邀您参加「生产主管」岗位的AI面试，请于12月1日 09:00至12月3日 18:00期间完成：{LINK}")
        );
        assert_eq!(
            built("invitation", "en", &[]),
            format!(
                "Hi 李娜, Acme invites you to an AI interview for 生产主管. \
                 Please complete it between 1 Dec 09:00 and 3 Dec 18:00: {LINK}"
            )
        );
        assert_eq!(
            built("invitation", "zh-CN", &[("extended", "true")]),
            format!("李娜您好，您的「生产主管」AI面试时间已延长至12月3日 18:00，请尽快完成：{LINK}")
        );
        assert_eq!(
            built("invitation", "en-GB", &[("extended", "true")]),
            format!("Hi 李娜, your AI interview for 生产主管 is now open until 3 Dec 18:00: {LINK}")
        );
    }

    #[test]
    fn reminders_give_the_closing_time_and_the_link() {
        assert_eq!(
            built("reminder", "zh-CN", &[]),
            format!("李娜您好，您的「生产主管」AI面试将于12月3日 18:00截止，请尽快完成：{LINK}")
        );
        assert_eq!(
            built("reminder", "en", &[]),
            format!("Hi 李娜, your AI interview for 生产主管 closes on 3 Dec 18:00. Please complete it soon: {LINK}")
        );
    }

    #[test]
    fn completion_and_results_in_both_languages() {
        assert_eq!(
            built("completion", "zh-CN", &[]),
            "李娜您好，您已完成「生产主管」AI面试，感谢参与！结果将另行通知。"
        );
        assert_eq!(
            built("completion", "en", &[]),
            "Hi 李娜, thank you for completing the AI interview for 生产主管. We will let you know the result."
        );
        assert_eq!(
            built("result-advance", "zh-CN", &[("reason", "")]),
            "李娜您好，恭喜您通过「生产主管」AI面试，HR将与您联系安排后续面试。"
        );
        assert_eq!(
            built("result-advance", "en", &[("reason", "")]),
            "Hi 李娜, good news: you are through to the next round for 生产主管. HR will contact you to arrange it."
        );
        assert_eq!(
            built("result-thank-you", "zh-CN", &[("reason", "该岗位已招满")]),
            "李娜您好，感谢您应聘「生产主管」，很遗憾本次未能进入下一轮。该岗位已招满。"
        );
        assert_eq!(
            built("result-thank-you", "en", &[("reason", "The position has been filled.")]),
            "Hi 李娜, thank you for applying for 生产主管. We will not be taking your application further this time. \
             The position has been filled."
        );
        assert_eq!(
            built("result-thank-you", "en", &[("reason", "  ")]),
            "Hi 李娜, thank you for applying for 生产主管. We will not be taking your application further this time.",
            "no reason given: nothing dangling"
        );
    }

    #[test]
    fn the_companys_wording_wins_per_language() {
        let templates: Templates = serde_json::from_str(
            r#"{"reminder": {"zh": "{name}：{job_title}面试{closes_at}截止，剩{minutes_before}分钟 {link} {unknown}{not a key}"}}"#,
        )
        .expect("templates");
        let zh = render(&message("reminder", "zh-CN", &[]), &templates, UtcOffset::CHINA).expect("render");
        assert_eq!(zh, format!("李娜：生产主管面试12月3日 18:00截止，剩120分钟 {LINK} {{not a key}}"));
        let en = render(&message("reminder", "en", &[]), &templates, UtcOffset::CHINA).expect("render");
        assert!(en.starts_with("Hi 李娜, your AI interview"), "no English wording: the built-in one: {en}");
    }

    #[test]
    fn a_template_without_wording_is_refused_naming_where_to_add_it() {
        let error =
            render(&message("offer", "zh-CN", &[]), &Templates::default(), UtcOffset::CHINA).expect_err("no wording");
        assert_eq!(error.code, "unsupported");
        assert!(error.message.contains("templates.offer.zh"), "{}", error.message);
        let templates: Templates =
            serde_json::from_str(r#"{"offer": {"en": "Hi {name}, an offer is on its way."}}"#).expect("templates");
        let en = render(&message("offer", "en", &[]), &templates, UtcOffset::CHINA).expect("custom template");
        assert_eq!(en, "Hi 李娜, an offer is on its way.");
    }

    #[test]
    fn times_that_are_not_timestamps_are_sent_as_given() {
        let message = message("reminder", "en", &[("closes_at", "Friday noon")]);
        let text = render(&message, &Templates::default(), UtcOffset::CHINA).expect("render");
        assert!(text.contains("closes on Friday noon."), "{text}");
    }
}

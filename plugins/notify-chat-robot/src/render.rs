//! The words of a notice: a built-in wording per template in Chinese and
//! English, or the company's own, with `{placeholders}` filled from the
//! message's variables. `{link}` and contact details are never filled in:
//! the notice goes to a group.

use std::collections::BTreeMap;

use panel_plugin_sdk::Message;
use serde::Deserialize;

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

/// A rendered notice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    /// A short title (DingTalk shows it in the chat list).
    pub title: String,
    pub text: String,
}

/// Variables a group must never see.
const NEVER_SHOWN: [&str; 3] = ["link", "email", "phone"];

/// The built-in wording: (title, text) in Chinese and in English.
fn built_in(template: &str, extended: bool) -> Option<[(&'static str, &'static str); 2]> {
    Some(match (template, extended) {
        ("invitation", false) => [
            ("面试邀请已发出", "已邀请 {name} 参加「{job_title}」的 AI 面试，截止时间 {closes_at}。"),
            (
                "Interview invitation sent",
                "{name} is invited to the AI interview for {job_title}, open until {closes_at}.",
            ),
        ],
        ("invitation", true) => [
            ("面试时间已延长", "{name} 的「{job_title}」面试截止时间已延长至 {closes_at}。"),
            ("Interview window extended", "{name}'s interview for {job_title} is now open until {closes_at}."),
        ],
        ("reminder", _) => [
            ("面试即将截止", "{name} 尚未开始「{job_title}」的面试，{minutes_before} 分钟后（{closes_at}）截止。"),
            (
                "Interview closing soon",
                "{name} has not started the interview for {job_title}; it closes in {minutes_before} minutes ({closes_at}).",
            ),
        ],
        ("completion", _) => [
            ("面试已完成", "{name} 已完成「{job_title}」的面试。"),
            ("Interview completed", "{name} has completed the interview for {job_title}."),
        ],
        ("result-advance", _) => [
            ("进入下一轮", "{name} 通过「{job_title}」的 AI 面试，进入下一轮。"),
            ("Moving on", "{name} moves on to the next round for {job_title}."),
        ],
        ("result-thank-you", _) => [
            ("未进入下一轮", "{name} 未进入「{job_title}」的下一轮。{reason}"),
            ("Not taken forward", "{name} is not taken forward for {job_title}. {reason}"),
        ],
        _ => return None,
    })
}

/// Fills `{name}`-style placeholders from `variables`; unknown placeholders
/// and the ones a group must never see become empty.
fn fill(text: &str, variables: &[(String, String)]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) if after[..close].chars().all(|c| c.is_ascii_lowercase() || c == '_') => {
                let key = &after[..close];
                if !NEVER_SHOWN.contains(&key)
                    && let Some((_, value)) = variables.iter().find(|(k, _)| k == key)
                {
                    out.push_str(value);
                }
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

/// The notice for a message, in its locale (`zh…` is Chinese, anything else
/// English).
pub fn render(message: &Message, templates: &Templates) -> Notice {
    let zh = message.locale.starts_with("zh");
    let extended = message.variables.iter().any(|(k, v)| k == "extended" && v == "true");
    let own = templates.0.get(&message.template).and_then(|w| if zh { w.zh.as_ref() } else { w.en.as_ref() });
    let (title, text) = match built_in(&message.template, extended) {
        Some(wordings) => wordings[usize::from(!zh)],
        None if zh => ("招聘通知", "{name}：「{job_title}」有新的进展。"),
        None => ("Hiring notice", "{name}: an update on {job_title}."),
    };
    let text = own.map_or(text, String::as_str);
    Notice { title: fill(title, &message.variables), text: fill(text, &message.variables) }
}

#[cfg(test)]
mod tests {
    use panel_plugin_sdk::Recipient;

    use super::*;

    fn message(template: &str, locale: &str, extra: &[(&str, &str)]) -> Message {
        let mut variables: Vec<(String, String)> = [
            ("name", "李娜"),
            ("job_title", "生产主管"),
            ("organisation", "Acme"),
            ("link", "https://jobs.acme.example/i/pl1.secret"),
            ("closes_at", "2027-01-16T08:00:00.000Z"),
        ]
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
        variables.extend(extra.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())));
        Message {
            id: "evt_1".into(),
            channel: "group-chat".into(),
            recipient: Recipient { name: "李娜".into(), address: "li.na@example.com".into() },
            template: template.into(),
            locale: locale.into(),
            variables,
        }
    }

    #[test]
    fn every_template_has_both_languages_and_never_the_link() {
        for template in ["invitation", "reminder", "completion", "result-advance", "result-thank-you", "other"] {
            for locale in ["zh-CN", "en"] {
                let notice = render(&message(template, locale, &[("minutes_before", "15")]), &Templates::default());
                assert!(notice.text.contains("李娜"), "{template} {locale}: {notice:?}");
                assert!(!notice.text.contains("http") && !notice.text.contains('{'), "{template} {locale}: {notice:?}");
                assert!(!notice.title.is_empty());
            }
        }
        let zh = render(&message("reminder", "zh-CN", &[("minutes_before", "15")]), &Templates::default());
        assert_eq!(zh.text, "李娜 尚未开始「生产主管」的面试，15 分钟后（2027-01-16T08:00:00.000Z）截止。");
        let extended = render(&message("invitation", "en", &[("extended", "true")]), &Templates::default());
        assert_eq!(extended.title, "Interview window extended");
    }

    #[test]
    fn the_companys_wording_wins_and_cannot_reveal_the_link() {
        let templates: Templates = serde_json::from_str(
            r#"{"completion": {"zh": "【{organisation}】{name} 面试完成，请 HR 跟进。链接：{link} 邮箱：{email}"}}"#,
        )
        .expect("templates");
        let notice = render(&message("completion", "zh-CN", &[]), &templates);
        assert_eq!(notice.text, "【Acme】李娜 面试完成，请 HR 跟进。链接： 邮箱：");
        let english = render(&message("completion", "en", &[]), &templates);
        assert_eq!(
            english.text, "李娜 has completed the interview for 生产主管.",
            "no English wording: the built-in one"
        );
    }

    #[test]
    fn braces_that_are_not_placeholders_stay() {
        assert_eq!(fill("a {b} {not a key} {", &[("b".into(), "B".into())]), "a B {not a key} {");
        assert_eq!(fill("{unknown}!", &[]), "!");
    }
}

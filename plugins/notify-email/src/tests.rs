//! The plugin as the host calls it: configuration through the SDK's test
//! stand-in, a message in, the gateway's request out.

use panel_plugin_sdk::testing::set_config;
use panel_plugin_sdk::{Message, PluginError, Recipient};
use serde_json::{Value, json};

use super::*;

const LINK: &str = "https://jobs.acme.example/i/41.Zm9v-YmFy_c2ln?utm=mail&x=1";
const ADDRESS: &str = "wang.lei@example.com";

fn message(template: &str, locale: &str, extra: &[(&str, &str)]) -> Message {
    let mut variables: Vec<(String, String)> = [
        ("name", "王磊"),
        ("job_title", "生产主管"),
        ("organisation", "Acme 制造"),
        ("link", LINK),
        ("opens_at", "2026-12-01T01:00:00.000Z"),
        ("closes_at", "2026-12-03T10:00:00.000Z"),
        ("extended", "false"),
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
        id: "msg_0192".into(),
        channel: "email".into(),
        recipient: Recipient { name: "王磊".into(), address: ADDRESS.into() },
        template: template.into(),
        locale: locale.into(),
        variables,
    }
}

/// The request for `message` under the configuration `config_json`.
fn request(config_json: &str, message: &Message) -> Result<MailRequest, PluginError> {
    set_config(config_json);
    prepare(message)
}

fn sent(template: &str, locale: &str, extra: &[(&str, &str)]) -> MailRequest {
    request("{}", &message(template, locale, extra)).expect("request")
}

fn html(request: &MailRequest) -> &str {
    request.html.as_deref().expect("an HTML body")
}

mod configured;
mod rendering;

//! A notifier that posts hiring notices to the HR team's group chat through
//! the group's robot: WeCom (企业微信), DingTalk (钉钉) or Feishu (飞书 / Lark).
//!
//! A group is read by many people, so a notice names the candidate and the
//! job and nothing more: never the candidate's link (anyone in the group
//! could take the interview with it) or their contact details.
//!
//! - `render`: the notice's words, per template and language, with the
//!   company's own wording where configured;
//! - `platform`: each robot's message format, request signing and answers.

mod platform;
mod render;

use panel_plugin_sdk::{Message, Notifier, NotifierInfo, PluginError, http, register};
use serde::Deserialize;

pub use platform::{Platform, Post, dingtalk_sign, feishu_sign, read_answer};
pub use render::{Notice, Templates, render};

/// The plugin's configuration.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    pub platform: Platform,
    pub webhook: String,
    #[serde(default)]
    pub secret: Option<String>,
    #[serde(default)]
    pub templates: Templates,
}

#[derive(Debug)]
struct ChatRobot;

impl Notifier for ChatRobot {
    fn describe() -> NotifierInfo {
        NotifierInfo::new(
            "Group-chat robot notices",
            "Posts hiring notices to a WeCom, DingTalk or Feishu group through its robot; no links or contact details.",
            &["group-chat"],
        )
    }

    fn send(message: &Message) -> Result<String, PluginError> {
        let config: Config = panel_plugin_sdk::host::config()?;
        let notice = render(message, &config.templates);
        let now_ms = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_err(|_| PluginError::internal("the clock is before 1970"))?
            .as_millis() as i64;
        let post = config.platform.post(&config.webhook, config.secret.as_deref(), &notice, now_ms)?;
        let response = http::Request::post(&post.url)
            .header("content-type", "application/json; charset=utf-8")
            .body(post.body.to_string())
            .send()?
            .error_for_status()?;
        read_answer(config.platform, response.status, &response.body)
    }
}

register!(notifier: ChatRobot);

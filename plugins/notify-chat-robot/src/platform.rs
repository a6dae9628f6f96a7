//! Each robot's message format, request signing and answer.
//!
//! - WeCom (企业微信群机器人): `{"msgtype": "markdown", "markdown": {"content": …}}`;
//!   answers `{"errcode": 0, "errmsg": "ok"}`.
//! - DingTalk (钉钉自定义机器人): `{"msgtype": "markdown", "markdown": {"title", "text"}}`;
//!   with a secret (加签) the URL carries `timestamp` (ms) and `sign`, the
//!   Base64 HMAC-SHA256 of `timestamp + "\n" + secret` keyed with the secret,
//!   URL-encoded; answers `{"errcode": 0, "errmsg": "ok"}`.
//! - Feishu / Lark (飞书自定义机器人): `{"msg_type": "text", "content": {"text"}}`;
//!   with a secret (签名校验) the body carries `timestamp` (s) and `sign`, the
//!   Base64 HMAC-SHA256 of nothing keyed with `timestamp + "\n" + secret`;
//!   answers `{"code": 0, "msg": "success"}`.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use hmac::{Hmac, Mac};
use panel_plugin_sdk::PluginError;
use serde::Deserialize;
use serde_json::{Value, json};
use sha2::Sha256;

use crate::render::Notice;

/// Which robot.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Platform {
    Wecom,
    Dingtalk,
    Feishu,
}

/// A request to make.
#[derive(Debug, Clone, PartialEq)]
pub struct Post {
    pub url: String,
    pub body: Value,
}

fn hmac_base64(key: &[u8], message: &[u8]) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("HMAC takes a key of any length");
    mac.update(message);
    STANDARD.encode(mac.finalize().into_bytes())
}

/// DingTalk's `sign` for `timestamp_ms`, URL-encoded.
pub fn dingtalk_sign(secret: &str, timestamp_ms: i64) -> String {
    let signed = hmac_base64(secret.as_bytes(), format!("{timestamp_ms}\n{secret}").as_bytes());
    signed.replace('+', "%2B").replace('/', "%2F").replace('=', "%3D")
}

/// Feishu's `sign` for `timestamp_secs`.
pub fn feishu_sign(secret: &str, timestamp_secs: i64) -> String {
    hmac_base64(format!("{timestamp_secs}\n{secret}").as_bytes(), b"")
}

impl Platform {
    /// The request that posts `notice`, signed with `secret` at `now_ms`.
    pub fn post(self, webhook: &str, secret: Option<&str>, notice: &Notice, now_ms: i64) -> Result<Post, PluginError> {
        if !(webhook.starts_with("https://") || webhook.starts_with("http://")) {
            return Err(PluginError::invalid_config("webhook: must be the robot's http(s) URL"));
        }
        Ok(match self {
            Platform::Wecom => Post {
                url: webhook.to_owned(),
                body: json!({
                    "msgtype": "markdown",
                    "markdown": { "content": format!("**{}**\n{}", notice.title, notice.text) },
                }),
            },
            Platform::Dingtalk => {
                let url = match secret {
                    Some(secret) => {
                        let join = if webhook.contains('?') { '&' } else { '?' };
                        format!("{webhook}{join}timestamp={now_ms}&sign={}", dingtalk_sign(secret, now_ms))
                    }
                    None => webhook.to_owned(),
                };
                let text = format!("#### {}\n\n{}", notice.title, notice.text);
                Post {
                    url,
                    body: json!({ "msgtype": "markdown", "markdown": { "title": notice.title, "text": text } }),
                }
            }
            Platform::Feishu => {
                let mut body = json!({
                    "msg_type": "text",
                    "content": { "text": format!("{}\n{}", notice.title, notice.text) },
                });
                if let Some(secret) = secret {
                    let seconds = now_ms.div_euclid(1000);
                    body["timestamp"] = json!(seconds.to_string());
                    body["sign"] = json!(feishu_sign(secret, seconds));
                }
                Post { url: webhook.to_owned(), body }
            }
        })
    }
}

/// What the robot answered: its codes sit in a 200 response's body. Rate
/// limits are worth retrying; anything else (a wrong key or signature, a
/// keyword or IP rule of the robot) is not.
pub fn read_answer(platform: Platform, status: u16, body: &[u8]) -> Result<String, PluginError> {
    let answer: Value = serde_json::from_slice(body).map_err(|_| {
        PluginError::upstream_rejected(format!("the robot answered {status} with a body that is not JSON"))
    })?;
    let (code, text) = match platform {
        Platform::Wecom | Platform::Dingtalk => (answer["errcode"].as_i64(), answer["errmsg"].as_str()),
        // Feishu's current answer, then its older one.
        Platform::Feishu => (
            answer["code"].as_i64().or_else(|| answer["StatusCode"].as_i64()),
            answer["msg"].as_str().or_else(|| answer["StatusMessage"].as_str()),
        ),
    };
    let text = text.unwrap_or("").chars().take(200).collect::<String>();
    match code {
        Some(0) => Ok(answer["data"]["message_id"].as_str().unwrap_or("ok").to_owned()),
        // WeCom 45009, DingTalk 130101, Feishu 9499 / 11232: too many messages.
        Some(45009 | 130_101 | 9499 | 11232) => {
            Err(PluginError::upstream_unavailable(format!("the robot is rate-limited ({code:?}): {text}")))
        }
        Some(code) => Err(PluginError::upstream_rejected(format!("the robot refused the message ({code}): {text}"))),
        None => Err(PluginError::upstream_rejected(format!("the robot's answer has no result code: {text}"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn notice() -> Notice {
        Notice { title: "面试已完成".into(), text: "李娜 已完成「生产主管」的面试。".into() }
    }

    #[test]
    fn each_platform_posts_its_own_format() {
        let wecom = Platform::Wecom.post("https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k", None, &notice(), 0);
        let wecom = wecom.expect("post");
        assert_eq!(wecom.body["msgtype"], "markdown");
        assert_eq!(wecom.body["markdown"]["content"], "**面试已完成**\n李娜 已完成「生产主管」的面试。");

        let now = 1_800_000_000_123;
        let ding = Platform::Dingtalk.post(
            "https://oapi.dingtalk.com/robot/send?access_token=t",
            Some("SECabc"),
            &notice(),
            now,
        );
        let ding = ding.expect("post");
        let sign = dingtalk_sign("SECabc", now);
        assert_eq!(
            ding.url,
            format!("https://oapi.dingtalk.com/robot/send?access_token=t&timestamp={now}&sign={sign}")
        );
        assert_eq!(ding.body["markdown"]["title"], "面试已完成");
        assert!(ding.body["markdown"]["text"].as_str().is_some_and(|t| t.starts_with("#### 面试已完成\n\n")));

        let feishu = Platform::Feishu.post("https://open.feishu.cn/open-apis/bot/v2/hook/x", Some("s"), &notice(), now);
        let feishu = feishu.expect("post");
        assert_eq!(feishu.body["msg_type"], "text");
        assert_eq!(feishu.body["timestamp"], "1800000000");
        assert_eq!(feishu.body["sign"], feishu_sign("s", 1_800_000_000));
        let unsigned = Platform::Feishu.post("https://open.feishu.cn/x", None, &notice(), now).expect("post");
        assert!(unsigned.body.get("sign").is_none());

        let bad = Platform::Wecom.post("ftp://example.com", None, &notice(), 0);
        assert!(bad.is_err_and(|e| e.code == "invalid-config" && e.message.contains("webhook")));
    }

    #[test]
    fn signatures_follow_each_platforms_recipe() {
        // DingTalk: HMAC keyed with the secret over "timestamp\nsecret", Base64, URL-encoded.
        let mut mac = Hmac::<Sha256>::new_from_slice(b"SECabc").expect("key");
        mac.update(b"1700000000000\nSECabc");
        let expected = STANDARD.encode(mac.finalize().into_bytes());
        let encoded = dingtalk_sign("SECabc", 1_700_000_000_000);
        assert_eq!(encoded.replace("%2B", "+").replace("%2F", "/").replace("%3D", "="), expected);
        assert!(!encoded.contains(['+', '/', '=']), "{encoded}");
        // Feishu: HMAC keyed with "timestamp\nsecret" over nothing, Base64.
        let mut mac = Hmac::<Sha256>::new_from_slice(b"1700000000\nsecret").expect("key");
        mac.update(b"");
        assert_eq!(feishu_sign("secret", 1_700_000_000), STANDARD.encode(mac.finalize().into_bytes()));
        assert_ne!(feishu_sign("secret", 1_700_000_001), feishu_sign("secret", 1_700_000_000));
    }

    #[test]
    fn answers_are_read_as_sent_retryable_or_refused() {
        assert_eq!(read_answer(Platform::Wecom, 200, br#"{"errcode":0,"errmsg":"ok"}"#).expect("ok"), "ok");
        let feishu = br#"{"code":0,"msg":"success","data":{"message_id":"om_1"}}"#;
        assert_eq!(read_answer(Platform::Feishu, 200, feishu).expect("ok"), "om_1");
        assert_eq!(read_answer(Platform::Feishu, 200, br#"{"StatusCode":0}"#).expect("old format"), "ok");
        let limited = read_answer(Platform::Dingtalk, 200, br#"{"errcode":130101,"errmsg":"send too fast"}"#);
        assert!(limited.is_err_and(|e| e.retryable && e.message.contains("send too fast")));
        let refused = read_answer(Platform::Dingtalk, 200, br#"{"errcode":310000,"errmsg":"sign not match"}"#);
        assert!(refused.is_err_and(|e| !e.retryable && e.message.contains("310000")));
        assert!(read_answer(Platform::Wecom, 200, b"<html>").is_err_and(|e| !e.retryable));
    }
}

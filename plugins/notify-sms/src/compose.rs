//! The text message as sent: the number in E.164, the words with the
//! signature, and its size on the air checked against `max_segments`.
//!
//! Carriers in mainland China deliver only messages that start with the
//! sender's registered signature, `【公司名】`. A gateway that takes the
//! signature as a field of its own (`fields.sender`) puts it in itself; the
//! plugin then leaves it out of the text but still counts it, as carriers do.

use panel_plugin_sdk::{Message, PluginError};

use crate::config::Config;
use crate::phone;
use crate::render::{Language, render};
use crate::segments::Segments;

/// One text message, ready for the gateway.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sms {
    /// The phone number as the gateway wants it written.
    pub to: String,
    /// The text as the gateway takes it.
    pub text: String,
    /// The signature, for the gateway's `fields.sender`.
    pub sender: Option<String>,
    /// Its size on the air, signature included.
    pub segments: Segments,
}

/// The text message for `message` under `config`.
pub fn compose(message: &Message, config: &Config) -> Result<Sms, PluginError> {
    let number = phone::normalise(&message.recipient.address, &config.default_country_code)?;
    let language = Language::of(&message.locale);
    let words = render(message, &config.templates, config.utc_offset)?;
    let separate_sender = config.fields.sender.is_some();
    let (text, on_air) = match (language, config.signature()) {
        (Language::Chinese, None) => {
            return Err(PluginError::invalid_config(
                "signature: required for Chinese messages (carriers in mainland China deliver only signed ones)",
            ));
        }
        (Language::Chinese, Some(signature)) if separate_sender => (words.clone(), format!("【{signature}】{words}")),
        (Language::Chinese, Some(signature)) => {
            let signed = format!("【{signature}】{words}");
            (signed.clone(), signed)
        }
        (Language::English, _) => (words.clone(), words),
    };
    let segments = Segments::of(&on_air);
    if segments.count > config.max_segments {
        return Err(PluginError::invalid_input(format!(
            "the {:?} text is {} {} characters long, {} SMS parts, over max_segments = {}: \
             shorten its wording under templates or raise max_segments (the link is never cut)",
            message.template, segments.units, segments.encoding, segments.count, config.max_segments
        )));
    }
    let sender = separate_sender.then(|| {
        let organisation = message.variables.iter().find(|(k, _)| k == "organisation").map(|(_, v)| v.as_str());
        config.signature().or(organisation).unwrap_or_default().to_owned()
    });
    Ok(Sms { to: number.written(config.phone_format, &config.default_country_code), text, sender, segments })
}

#[cfg(test)]
mod tests {
    use panel_plugin_sdk::Recipient;

    use super::*;
    use crate::segments::Encoding;

    fn config(extra: &str) -> Config {
        config_with_sender(extra, false)
    }

    fn config_with_sender(extra: &str, sender: bool) -> Config {
        let sender = if sender { r#", "sender": "sign""# } else { "" };
        let json = format!(
            r#"{{"endpoint": "https://sms.example.com/send", "fields": {{"to": "mobile", "text": "content"{sender}}}{extra}}}"#
        );
        serde_json::from_str(&json).expect("config")
    }

    fn message(locale: &str, template: &str, address: &str) -> Message {
        Message {
            id: "evt_9".into(),
            channel: "sms".into(),
            recipient: Recipient { name: "李娜".into(), address: address.into() },
            template: template.into(),
            locale: locale.into(),
            variables: vec![
                ("name".into(), "李娜".into()),
                ("job_title".into(), "生产主管".into()),
                ("organisation".into(), "Acme Manufacturing".into()),
            ],
        }
    }

    #[test]
    fn chinese_texts_start_with_the_signature() {
        let sms = compose(&message("zh-CN", "completion", "138 1234 5678"), &config(r#", "signature": "Acme制造""#))
            .expect("sms");
        assert_eq!(sms.to, "+8613812345678");
        assert_eq!(sms.text, "【Acme制造】李娜您好，您已完成「生产主管」AI面试，感谢参与！结果将另行通知。");
        assert_eq!(sms.sender, None);
        assert_eq!(sms.segments, Segments { encoding: Encoding::Ucs2, units: 41, count: 1 });
    }

    #[test]
    fn a_gateway_taking_the_signature_apart_gets_it_as_a_field_and_it_still_counts() {
        let c = config_with_sender(r#", "signature": "Acme制造""#, true);
        let sms = compose(&message("zh-CN", "completion", "13812345678"), &c).expect("sms");
        assert_eq!(sms.text, "李娜您好，您已完成「生产主管」AI面试，感谢参与！结果将另行通知。");
        assert_eq!(sms.sender.as_deref(), Some("Acme制造"));
        assert_eq!(sms.segments.units, 41, "【Acme制造】 counted");
        let english = compose(&message("en", "completion", "13812345678"), &config_with_sender("", true));
        assert_eq!(
            english.expect("sms").sender.as_deref(),
            Some("Acme Manufacturing"),
            "no signature: the organisation"
        );
    }

    #[test]
    fn chinese_texts_without_a_signature_are_refused_english_ones_need_none() {
        let error = compose(&message("zh-CN", "completion", "13812345678"), &config("")).expect_err("no signature");
        assert_eq!(error.code, "invalid-config");
        assert!(error.message.starts_with("signature:"), "{}", error.message);
        let sms = compose(&message("en", "completion", "13812345678"), &config("")).expect("English");
        assert!(sms.text.starts_with("Hi 李娜,"), "{}", sms.text);
    }

    #[test]
    fn texts_over_max_segments_are_refused_without_their_content() {
        let long = "很".repeat(200);
        let c = config(&format!(r#", "signature": "Acme", "templates": {{"completion": {{"zh": "{{name}}{long}"}}}}"#));
        let error = compose(&message("zh-CN", "completion", "13812345678"), &c).expect_err("too long");
        assert_eq!((error.code.as_str(), error.retryable), ("invalid-input", false));
        assert!(error.message.contains("208 UCS-2 characters long, 4 SMS parts"), "{}", error.message);
        assert!(!error.message.contains("李娜") && !error.message.contains('很'), "{}", error.message);
        let fits = config(&format!(
            r#", "signature": "Acme", "max_segments": 3, "templates": {{"completion": {{"zh": "{}"}}}}"#,
            "很".repeat(195)
        ));
        assert_eq!(compose(&message("zh-CN", "completion", "13812345678"), &fits).expect("fits").segments.count, 3);
    }

    #[test]
    fn the_number_is_checked_before_anything_is_sent() {
        let error = compose(&message("en", "completion", "12345"), &config("")).expect_err("bad number");
        assert_eq!(error.code, "invalid-input");
        assert!(!error.message.contains("12345"));
        let national = config(r#", "phone_format": "national""#);
        assert_eq!(
            compose(&message("en", "completion", "+86 138 1234 5678"), &national).expect("sms").to,
            "13812345678"
        );
    }
}

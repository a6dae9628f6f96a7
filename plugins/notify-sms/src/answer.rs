//! Reading the gateway's answer: sent (with the gateway's message id), worth
//! trying again later, or refused.
//!
//! The HTTP status is classified by the SDK: 429 and 5xx are retryable, other
//! 4xx are not. Many gateways answer 200 with a result code in the body
//! instead; `success` names that field and the value meaning "accepted", and
//! `retryable_codes` the values meaning "busy, try later" (rate limits), which
//! are retried whatever the status. Errors name the status and the result
//! code only: a gateway's own text may quote the number or the message.

use panel_plugin_sdk::{PluginError, http, remote};
use serde_json::Value;

use crate::config::Config;

/// The value at a dotted path in a JSON answer: `code`, `result.code`,
/// `SendStatusSet.0.Code` (a number indexes a list).
fn lookup<'a>(answer: &'a Value, path: &str) -> Option<&'a Value> {
    path.split('.').try_fold(answer, |value, key| match value {
        Value::Object(map) => map.get(key),
        Value::Array(items) => key.parse::<usize>().ok().and_then(|i| items.get(i)),
        _ => None,
    })
}

/// A scalar as text (`"OK"` → `OK`, `0` → `0`); `None` for lists, objects and null.
fn scalar_text(value: &Value) -> Option<String> {
    match value {
        Value::String(text) => Some(text.clone()),
        Value::Number(_) | Value::Bool(_) => Some(value.to_string()),
        Value::Null | Value::Array(_) | Value::Object(_) => None,
    }
}

/// Whether a result code is the expected one, `0` matching `"0"`: gateways
/// are not consistent about quoting their codes.
fn same_code(found: &Value, expected: &Value) -> bool {
    found == expected || scalar_text(found).is_some_and(|text| Some(text) == scalar_text(expected))
}

/// A result code for an error message, kept short.
fn shown(code: &Value) -> String {
    let text = scalar_text(code).unwrap_or_else(|| code.to_string());
    let mut shown: String = text.chars().take(64).collect();
    if shown.len() < text.len() {
        shown.push('…');
    }
    shown
}

/// What the gateway's answer means: the message id (empty when the gateway
/// gives none or `message_id_field` is not set), or the error.
pub fn read(config: &Config, response: http::Response) -> Result<String, PluginError> {
    let status = response.status;
    let answer: Option<Value> = serde_json::from_slice(&response.body).ok();
    let code = config.success.as_ref().and_then(|s| Some((s, lookup(answer.as_ref()?, &s.field)?)));
    if let Some((success, code)) = code
        && config.retryable_codes.iter().any(|retryable| same_code(code, retryable))
    {
        return Err(PluginError::upstream_unavailable(format!(
            "the SMS gateway asked to try again later (HTTP {status}, {} = {})",
            success.field,
            shown(code)
        )));
    }
    // The SDK's classification of a status outside 2xx; our message, without the gateway's text.
    remote::check_with(response, |status| {
        let detail = code.map(|(s, code)| format!(", {} = {}", s.field, shown(code))).unwrap_or_default();
        format!("the SMS gateway answered HTTP {status}{detail}")
    })?;
    if let Some(success) = &config.success {
        let Some(answer) = &answer else {
            return Err(PluginError::upstream_rejected(format!(
                "the SMS gateway's answer (HTTP {status}) is not JSON, so {} cannot be checked",
                success.field
            )));
        };
        match lookup(answer, &success.field) {
            Some(code) if same_code(code, &success.equals) => {}
            Some(code) => {
                return Err(PluginError::upstream_rejected(format!(
                    "the SMS gateway refused the message ({} = {})",
                    success.field,
                    shown(code)
                )));
            }
            None => {
                return Err(PluginError::upstream_rejected(format!(
                    "the SMS gateway's answer has no {}: it may or may not have sent the message",
                    success.field
                )));
            }
        }
    }
    let receipt = config
        .message_id_field
        .as_deref()
        .and_then(|path| lookup(answer.as_ref()?, path))
        .and_then(scalar_text)
        .unwrap_or_default();
    Ok(receipt)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(rules: &str) -> Config {
        let json =
            format!(r#"{{"endpoint": "https://sms.example.com", "fields": {{"to": "to", "text": "text"}}{rules}}}"#);
        serde_json::from_str(&json).expect("config")
    }

    fn aliyun_like() -> Config {
        config(
            r#", "success": {"field": "Code", "equals": "OK"}, "message_id_field": "BizId",
                "retryable_codes": ["isv.BUSINESS_LIMIT_CONTROL"]"#,
        )
    }

    fn answer(status: u16, body: &str) -> http::Response {
        http::Response { status, headers: Vec::new(), body: body.as_bytes().to_vec() }
    }

    #[test]
    fn an_accepted_message_gives_the_gateways_id() {
        let sent = read(&aliyun_like(), answer(200, r#"{"Code": "OK", "Message": "OK", "BizId": "9006^12"}"#));
        assert_eq!(sent.expect("sent"), "9006^12");
        let nested = config(
            r#", "success": {"field": "Response.SendStatusSet.0.Code", "equals": "Ok"},
                "message_id_field": "Response.SendStatusSet.0.SerialNo""#,
        );
        let body = r#"{"Response": {"SendStatusSet": [{"Code": "Ok", "SerialNo": "2640:1"}]}}"#;
        assert_eq!(read(&nested, answer(200, body)).expect("sent"), "2640:1");
        let numeric = config(r#", "success": {"field": "code", "equals": 0}, "message_id_field": "data.id""#);
        assert_eq!(read(&numeric, answer(200, r#"{"code": "0", "data": {"id": 77}}"#)).expect("sent"), "77");
    }

    #[test]
    fn without_rules_a_2xx_is_sent_and_the_id_is_optional() {
        assert_eq!(read(&config(""), answer(202, "queued")).expect("sent"), "");
        let with_id = config(r#", "message_id_field": "id""#);
        assert_eq!(read(&with_id, answer(200, r#"{"id": "m-1"}"#)).expect("sent"), "m-1");
        assert_eq!(read(&with_id, answer(200, "not json")).expect("sent"), "", "no id: still sent");
    }

    #[test]
    fn statuses_are_classified_by_the_sdk_without_the_gateways_text() {
        let body = r#"{"error": "mobile +8613812345678 is blacklisted"}"#;
        for (status, retryable, code) in [
            (429, true, "upstream-unavailable"),
            (503, true, "upstream-unavailable"),
            (400, false, "upstream-rejected"),
        ] {
            let error = read(&config(""), answer(status, body)).expect_err("error");
            assert_eq!((error.code.as_str(), error.retryable), (code, retryable), "{status}");
            assert_eq!(error.message, format!("the SMS gateway answered HTTP {status}"));
        }
        let redirect = read(&config(""), answer(302, "")).expect_err("redirect");
        assert!(!redirect.retryable && redirect.message.contains("check the endpoint"), "{}", redirect.message);
        let with_code = read(&aliyun_like(), answer(400, r#"{"Code": "isv.MOBILE_NUMBER_ILLEGAL"}"#)).expect_err("400");
        assert_eq!(with_code.message, "the SMS gateway answered HTTP 400, Code = isv.MOBILE_NUMBER_ILLEGAL");
    }

    #[test]
    fn result_codes_in_the_body_are_retried_or_refused() {
        let limited = read(&aliyun_like(), answer(200, r#"{"Code": "isv.BUSINESS_LIMIT_CONTROL", "BizId": ""}"#));
        let limited = limited.expect_err("rate-limited");
        assert!(limited.retryable, "{limited:?}");
        assert!(limited.message.contains("Code = isv.BUSINESS_LIMIT_CONTROL"), "{}", limited.message);
        let limited_400 = read(&aliyun_like(), answer(400, r#"{"Code": "isv.BUSINESS_LIMIT_CONTROL"}"#));
        assert!(limited_400.is_err_and(|e| e.retryable), "a retryable code wins over a 4xx");

        let refused = read(&aliyun_like(), answer(200, r#"{"Code": "isv.SMS_SIGNATURE_ILLEGAL", "Message": "x"}"#));
        let refused = refused.expect_err("refused");
        assert_eq!((refused.code.as_str(), refused.retryable), ("upstream-rejected", false));
        assert_eq!(refused.message, "the SMS gateway refused the message (Code = isv.SMS_SIGNATURE_ILLEGAL)");

        let missing = read(&aliyun_like(), answer(200, r#"{"Message": "OK"}"#)).expect_err("no code");
        assert!(!missing.retryable && missing.message.contains("has no Code"), "{}", missing.message);
        let html = read(&aliyun_like(), answer(200, "<html>maintenance</html>")).expect_err("not JSON");
        assert!(!html.retryable && html.message.contains("not JSON"), "{}", html.message);
    }

    #[test]
    fn long_codes_are_cut_in_messages() {
        let long = "E".repeat(300);
        let error = read(&aliyun_like(), answer(200, &format!(r#"{{"Code": "{long}"}}"#))).expect_err("refused");
        assert!(error.message.len() < 150, "{}", error.message);
    }
}

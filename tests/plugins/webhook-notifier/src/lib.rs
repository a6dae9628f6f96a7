//! A notifier that POSTs each message, as JSON, to the URL in its
//! configuration, with the message id as `idempotency-key`: a stand-in for a
//! chat webhook or mail API, so tests can see exactly what would be sent.

use panel_plugin_sdk::{Message, Notifier, NotifierInfo, PluginError, http, register};
use serde::Deserialize;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Config {
    url: String,
}

#[derive(Debug)]
struct Webhook;

impl Notifier for Webhook {
    fn describe() -> NotifierInfo {
        NotifierInfo::new("Test webhook", "POSTs messages to a configured URL.", &["webhook"])
    }

    fn send(message: &Message) -> Result<String, PluginError> {
        let config: Config = panel_plugin_sdk::host::config()?;
        let variables: serde_json::Map<String, serde_json::Value> =
            message.variables.iter().map(|(k, v)| (k.clone(), serde_json::Value::String(v.clone()))).collect();
        let body = serde_json::json!({
            "id": message.id,
            "channel": message.channel,
            "template": message.template,
            "locale": message.locale,
            "recipient": { "name": message.recipient.name, "address": message.recipient.address },
            "variables": variables,
        });
        let response = http::Request::post(&config.url)
            .header("content-type", "application/json")
            .header("idempotency-key", &message.id)
            .body(body.to_string())
            .send()?
            .error_for_status()?;
        Ok(response.text())
    }
}

register!(notifier: Webhook);

//! The request to the gateway: the configured method and URL, the body as a
//! JSON object or a form with the gateway's own field names, Panel's message
//! id as `idempotency-key`, and the credential as a placeholder the host fills.

use panel_plugin_sdk::{PluginError, http};
use serde_json::{Map, Value};

use crate::compose::Sms;
use crate::config::{Config, Format, Method};

/// A request to send, kept as plain data so it can be checked in tests.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GatewayRequest {
    pub method: Method,
    pub url: String,
    /// Header names in lower case.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl GatewayRequest {
    /// The request sending `sms`, `message_id` being Panel's id for it.
    pub fn build(config: &Config, sms: &Sms, message_id: &str) -> Result<Self, PluginError> {
        if !(config.endpoint.starts_with("https://") || config.endpoint.starts_with("http://")) {
            return Err(PluginError::invalid_config("endpoint: must be the gateway's http(s) URL"));
        }
        let fields = body_fields(config, sms, message_id);
        let (content_type, body) = match config.format {
            Format::Json => ("application/json; charset=utf-8", json_body(fields)?),
            Format::Form => ("application/x-www-form-urlencoded; charset=utf-8", form_body(&fields)?),
        };
        let mut headers = vec![
            ("content-type".to_owned(), content_type.to_owned()),
            ("accept".to_owned(), "application/json".to_owned()),
            // The host may deliver a message again; a gateway that honours
            // the key sends it once.
            ("idempotency-key".to_owned(), message_id.to_owned()),
        ];
        headers.extend(config.credential_header()?);
        Ok(GatewayRequest { method: config.method, url: config.endpoint.clone(), headers, body })
    }

    /// The request for the SDK's HTTP client.
    pub fn into_http(self) -> http::Request {
        let request = match self.method {
            Method::Post => http::Request::post(self.url),
            Method::Put => http::Request::put(self.url),
        };
        self.headers.iter().fold(request, |request, (name, value)| request.header(name, value)).body(self.body)
    }
}

/// The body's fields in order: the constant `extra` ones, then what is sent
/// under the gateway's names (which win over an `extra` of the same name).
fn body_fields(config: &Config, sms: &Sms, message_id: &str) -> Vec<(String, Value)> {
    let mapped = [
        Some((&config.fields.to, sms.to.as_str())),
        Some((&config.fields.text, sms.text.as_str())),
        config.fields.sender.as_ref().zip(sms.sender.as_deref()),
        config.fields.id.as_ref().map(|name| (name, message_id)),
    ];
    let mapped: Vec<(String, Value)> =
        mapped.into_iter().flatten().map(|(name, value)| (name.clone(), Value::String(value.to_owned()))).collect();
    let mut fields: Vec<(String, Value)> = config
        .extra
        .iter()
        .filter(|(name, _)| !mapped.iter().any(|(m, _)| m == *name))
        .map(|(name, value)| (name.clone(), value.clone()))
        .collect();
    fields.extend(mapped);
    fields
}

fn json_body(fields: Vec<(String, Value)>) -> Result<Vec<u8>, PluginError> {
    let object: Map<String, Value> = fields.into_iter().collect();
    serde_json::to_vec(&object).map_err(|e| PluginError::internal(format!("cannot encode the request body: {e}")))
}

fn form_body(fields: &[(String, Value)]) -> Result<Vec<u8>, PluginError> {
    let mut pairs = Vec::with_capacity(fields.len());
    for (name, value) in fields {
        let text = match value {
            Value::String(text) => text.clone(),
            Value::Number(_) | Value::Bool(_) => value.to_string(),
            Value::Null => String::new(),
            Value::Array(_) | Value::Object(_) => {
                return Err(PluginError::invalid_config(format!(
                    "extra.{name}: a form gateway takes text, numbers and true/false only"
                )));
            }
        };
        pairs.push(format!("{}={}", form_encode(name), form_encode(&text)));
    }
    Ok(pairs.join("&").into_bytes())
}

/// `application/x-www-form-urlencoded` encoding (WHATWG URL standard):
/// letters, digits and `*-._` stay, a space is `+`, every other byte `%XX`.
pub fn form_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 3);
    for byte in text.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'*' | b'-' | b'.' | b'_' => out.push(char::from(byte)),
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::segments::Segments;

    fn sms(sender: Option<&str>) -> Sms {
        let text = "【Acme】李娜您好：https://jobs.acme.example/i/7.sig?a=1&b=2";
        Sms {
            to: "+8613812345678".into(),
            text: text.into(),
            sender: sender.map(str::to_owned),
            segments: Segments::of(text),
        }
    }

    fn config(json: &str) -> Config {
        serde_json::from_str(json).expect("config")
    }

    fn header<'a>(request: &'a GatewayRequest, name: &str) -> Option<&'a str> {
        request.headers.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }

    #[test]
    fn a_json_gateway_gets_its_field_names_extra_fields_and_the_credential_placeholder() {
        let c = config(
            r#"{"endpoint": "https://sms.example.com/v1/send", "format": "json",
                "fields": {"to": "mobile", "text": "content", "sender": "sign", "id": "out_id"},
                "extra": {"account": "acme-hr", "priority": 2, "content": "overridden"},
                "auth": "bearer", "credentials": "sms-gateway"}"#,
        );
        let request = GatewayRequest::build(&c, &sms(Some("Acme")), "evt_42").expect("request");
        assert_eq!(request.method, Method::Post);
        assert_eq!(request.url, "https://sms.example.com/v1/send");
        assert_eq!(header(&request, "content-type"), Some("application/json; charset=utf-8"));
        assert_eq!(header(&request, "idempotency-key"), Some("evt_42"));
        assert_eq!(header(&request, "authorization"), Some("Bearer ${secret:sms-gateway}"));
        let body: Value = serde_json::from_slice(&request.body).expect("JSON body");
        assert_eq!(
            body,
            serde_json::json!({
                "account": "acme-hr",
                "priority": 2,
                "mobile": "+8613812345678",
                "content": "【Acme】李娜您好：https://jobs.acme.example/i/7.sig?a=1&b=2",
                "sign": "Acme",
                "out_id": "evt_42",
            })
        );
    }

    #[test]
    fn a_gateway_without_auth_gets_no_credential_header_and_panels_id_in_its_id_field() {
        let c = config(
            r#"{"endpoint": "https://sms.example.com/send",
                "fields": {"to": "to", "text": "text", "id": "out_id"}}"#,
        );
        let request = GatewayRequest::build(&c, &sms(None), "evt_42").expect("request");
        let body: Value = serde_json::from_slice(&request.body).expect("JSON body");
        assert_eq!(body["out_id"], "evt_42", "{body}");
        assert!(header(&request, "authorization").is_none());
    }

    #[test]
    fn a_form_gateway_gets_an_encoded_form_and_the_credential_in_its_header() {
        let c = config(
            r#"{"endpoint": "http://10.0.0.5:8080/sms", "method": "PUT", "format": "form",
                "fields": {"to": "phone", "text": "msg"},
                "extra": {"user": "hr team", "flash": false},
                "auth": "header", "header_name": "X-Api-Key", "credentials": "sms-key"}"#,
        );
        let request = GatewayRequest::build(&c, &sms(None), "evt_1").expect("request");
        assert_eq!(request.method, Method::Put);
        assert_eq!(header(&request, "content-type"), Some("application/x-www-form-urlencoded; charset=utf-8"));
        assert_eq!(header(&request, "x-api-key"), Some("${secret:sms-key}"));
        let body = String::from_utf8(request.body).expect("text");
        assert_eq!(
            body,
            "flash=false&user=hr+team&phone=%2B8613812345678&msg=%E3%80%90Acme%E3%80%91%E6%9D%8E%E5%A8%9C%E6%82%A8%E5%A5%BD\
             %EF%BC%9Ahttps%3A%2F%2Fjobs.acme.example%2Fi%2F7.sig%3Fa%3D1%26b%3D2"
        );
    }

    #[test]
    fn form_gateways_refuse_structured_extra_fields_and_endpoints_must_be_http() {
        let nested = config(
            r#"{"endpoint": "https://sms.example.com", "format": "form",
                "fields": {"to": "to", "text": "text"}, "extra": {"opts": {"a": 1}}}"#,
        );
        let error = GatewayRequest::build(&nested, &sms(None), "evt").expect_err("nested extra");
        assert!(error.code == "invalid-config" && error.message.starts_with("extra.opts:"), "{}", error.message);
        let ftp = config(r#"{"endpoint": "ftp://sms.example.com", "fields": {"to": "to", "text": "text"}}"#);
        let error = GatewayRequest::build(&ftp, &sms(None), "evt").expect_err("ftp");
        assert!(error.message.starts_with("endpoint:"), "{}", error.message);
    }

    #[test]
    fn form_encoding_follows_the_url_standard() {
        assert_eq!(form_encode("a b+c&d=e/é*-._~"), "a+b%2Bc%26d%3De%2F%C3%A9*-._%7E");
    }
}

//! A notifier that texts candidates their interview invitation (with the
//! link and the window), reminders before the window closes, the completion
//! note and the result, in Chinese or English, through the company's own
//! HTTP SMS gateway.
//!
//! - `render`: the words, per template and language, with the company's own
//!   wording where configured; `local_time` writes times as the candidate
//!   reads them;
//! - `compose`: the number in E.164 (`phone`), the signature, and the size on
//!   the air (`segments`) against `max_segments`;
//! - `request` and `answer`: the gateway's request in its own field names,
//!   and what its answer means.
//!
//! The plugin never holds the gateway's credential (it writes a
//! `${secret:…}` placeholder the host fills in) and never logs or reports
//! the number, the link or the text.

mod answer;
mod compose;
mod config;
mod local_time;
mod phone;
mod render;
mod request;
mod segments;

use panel_plugin_sdk::{Message, Notifier, NotifierInfo, PluginError, host, register};

pub use answer::read as read_answer;
pub use compose::{Sms, compose};
pub use config::{Auth, Config, Fields, Format, Method, SuccessCheck};
pub use local_time::UtcOffset;
pub use phone::{CountryCode, E164, PhoneFormat, normalise};
pub use render::{Language, Templates, Wording, render};
pub use request::GatewayRequest;
pub use segments::{Encoding, Segments};

#[derive(Debug)]
struct SmsGateway;

impl Notifier for SmsGateway {
    fn describe() -> NotifierInfo {
        NotifierInfo::new(
            "SMS through an HTTP gateway",
            "Texts candidates their interview invitation, reminders, completion note and result in Chinese or \
             English through the company's HTTP SMS gateway.",
            &["sms"],
        )
    }

    fn send(message: &Message) -> Result<String, PluginError> {
        let config: Config = host::config()?;
        let sms = compose(message, &config)?;
        let request = GatewayRequest::build(&config, &sms, &message.id)?;
        let response = request.into_http().send()?;
        let receipt = read_answer(&config, response)?;
        // Sizes only: the number and the text are the candidate's.
        host::info(&format!(
            "{} text accepted by the gateway: {} SMS part(s), {}",
            message.template, sms.segments.count, sms.segments.encoding
        ));
        Ok(receipt)
    }
}

register!(notifier: SmsGateway);

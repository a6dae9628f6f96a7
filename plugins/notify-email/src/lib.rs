//! A notifier that emails candidates their interview invitation (with the
//! link and the window), reminders before the window closes, the completion
//! note and the result, in Chinese or English, through the host's mail
//! gateway: the plugin never speaks SMTP, the host does with the mail server
//! its administrator configured.
//!
//! - `compose`: the email from a message: `wording` (the built-in Chinese
//!   and English), the company's own from `config`, filled in through
//!   `template`, times by `local_time`, written as plain text and as `html`;
//! - `gateway`: the request to the host's mail gateway and what its answer
//!   means; `address` checks addresses before they get there.
//!
//! The address, the link and the text are the candidate's: never logged,
//! never in an error.

mod address;
mod compose;
mod config;
mod gateway;
mod html;
mod local_time;
mod template;
mod wording;

use panel_plugin_sdk::{Message, Notifier, NotifierInfo, PluginError, host, register};

pub use address::is_email_address;
pub use compose::{KNOWN_PLACEHOLDERS, Letter, compose};
pub use config::{Config, OwnWording, PerLanguage, Templates};
pub use gateway::{MailRequest, SEND_URL, read_answer};
pub use local_time::UtcOffset;
pub use wording::{BUILT_IN_TEMPLATES, Language, Wording, built_in};

/// The request that sends `message`, with the configuration of this call.
pub fn prepare(message: &Message) -> Result<MailRequest, PluginError> {
    let config: Config = host::config()?;
    config.check()?;
    let address = message.recipient.address.trim();
    if !is_email_address(address) {
        return Err(PluginError::invalid_input("the recipient's address is not an email address"));
    }
    let letter = compose(message, &config)?;
    let organisation = message.variables.iter().find(|(name, _)| name == "organisation").map_or("", |(_, v)| v);
    Ok(MailRequest {
        to: vec![address.to_owned()],
        subject: letter.subject,
        text: letter.text,
        html: Some(letter.html),
        from_name: config.from_name(organisation),
        reply_to: config.reply_to.map(|reply_to| reply_to.trim().to_owned()),
    })
}

#[derive(Debug)]
struct Email;

impl Notifier for Email {
    fn describe() -> NotifierInfo {
        NotifierInfo::new(
            "Email through the host's mail server",
            "Emails candidates their interview invitation, reminders, completion note and result in Chinese or \
             English, as plain text and accessible HTML, through the mail server the administrator configured.",
            &["email"],
        )
    }

    fn send(message: &Message) -> Result<String, PluginError> {
        let request = prepare(message)?;
        let response = request.to_http(&message.id)?.send()?;
        let receipt = read_answer(response.status, &response.body)?;
        // The template and sizes only: the address, link and text are the candidate's.
        host::info(&format!(
            "{} email accepted by the mail gateway ({} bytes of text, {} of HTML)",
            message.template,
            request.text.len(),
            request.html.as_ref().map_or(0, String::len)
        ));
        Ok(receipt)
    }
}

register!(notifier: Email);

#[cfg(test)]
mod tests;

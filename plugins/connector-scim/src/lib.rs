//! A connector that provisions a new hire's account in the customer's
//! directory through SCIM 2.0 (RFC 7643 / RFC 7644), and deactivates it
//! when they leave, so it works with any directory that speaks SCIM.
//!
//! The person's key in the directory is `externalId = "panel-<candidate
//! id>"`: every event first looks the account up by it, so a replayed event
//! updates the account it created instead of creating another.
//!
//! - On a hire: find by `externalId`; create the User if absent, else update
//!   it with the current attributes and `active: true`. The manager is
//!   linked by looking their account up by `userName` (their work email).
//! - On `employee.left`: set `active: false` (or DELETE, if configured); an
//!   account already inactive or gone is a duplicate, none at all a skip.
//!
//! An account is changed by PATCH, or by PUT where the directory has no
//! PATCH (`update`).
//!
//! - `config`: what the administrator configures;
//! - `user`: the User resource, the PatchOp documents and the resource
//!   replaced by PUT;
//! - `custom`: the attributes the customer adds, from payload paths or
//!   constants;
//! - `update`: changing an account, by PATCH or PUT;
//! - `protocol`: the SCIM requests and answers.
//!
//! The SDK's `event` reads the payload, its `names` splits family and given
//! name, and its `remote` does the endpoint, the credentials placeholder,
//! sending and the answer's classification.

mod config;
mod custom;
mod protocol;
mod update;
mod user;

use panel_plugin_sdk::http::Response;
use panel_plugin_sdk::payload;
use panel_plugin_sdk::remote::Call;
use panel_plugin_sdk::{Connector, ConnectorInfo, LifecycleEvent, Outcome, PluginError, host, register};

pub use config::{Config, Intent, LeaveAction, Updates, UserNameRule};
pub use custom::{AttributeRule, CustomAttributes, ExtensionValue, Resolved};
pub use panel_plugin_sdk::event::Payload;
pub use protocol::{Account, SCIM_JSON, USER_AGENT, filter_eq, percent_encode};
pub use update::Change;
pub use user::{CORE_USER, ENTERPRISE_USER, PATCH_OP};

#[derive(Debug)]
struct Scim;

/// Acts on one event, sending each request through `send` (the network in
/// the component, a stand-in directory in unit tests).
pub fn act(
    config: &Config,
    event: &LifecycleEvent,
    send: &mut dyn FnMut(&Call) -> Result<Response, PluginError>,
) -> Result<Outcome, PluginError> {
    let Some(intent) = config.intent(&event.kind) else {
        return Ok(Outcome::Skipped(format!("{} does not change directory accounts", event.kind)));
    };
    let connection = config.connection()?;
    let custom = config.custom_attributes()?;
    let payload = Payload::parse(&event.payload)?;
    let external_id = user::external_id(event);
    // Checked before anything is sent: without an offer there is nothing to
    // provision, and the customer's attributes must have values that fit.
    let custom = match intent {
        Intent::Provision => {
            user::recorded_offer(&payload)?;
            custom.resolve(&payload::parse(&event.payload)?)?
        }
        Intent::End => Resolved::default(),
    };
    let found = protocol::read_found(
        send(&protocol::find_call(&connection, "externalId", &external_id))?,
        "looking the account up by externalId",
    )?;
    match intent {
        Intent::Provision => {
            let manager = match manager_email(config, &payload) {
                Some(email) => protocol::read_found(
                    send(&protocol::find_call(&connection, "userName", email))?,
                    "looking the manager's account up",
                )?,
                None => None,
            };
            let mut attributes = user::attributes(event, &payload, config.user_name, manager.as_ref())?;
            // The customer's core attributes replace the plugin's own of the same name.
            attributes.extend(custom.core);
            match found {
                None => {
                    let call =
                        protocol::create_call(&connection, user::new_user(event, attributes, &custom.extensions));
                    let id = protocol::read_created(send(&call)?, "creating the account")?;
                    Ok(Outcome::Applied(id))
                }
                Some(account) => {
                    let change = Change::Update { attributes, extensions: &custom.extensions };
                    update::change(&connection, config.updates, &account.id, &change, send)?;
                    Ok(Outcome::Applied(account.id))
                }
            }
        }
        Intent::End => match (found, config.on_leave) {
            (None, _) => Ok(Outcome::Skipped("no account carries this person's externalId".to_owned())),
            (Some(account), LeaveAction::Deactivate) if !account.active => Ok(Outcome::Duplicate(account.id)),
            (Some(account), LeaveAction::Deactivate) => {
                update::change(&connection, config.updates, &account.id, &Change::Deactivate, send)?;
                Ok(Outcome::Applied(account.id))
            }
            (Some(account), LeaveAction::Delete) => {
                let response = send(&protocol::delete_call(&connection, &account.id))?;
                // Gone between the search and the delete: what was asked for.
                if response.status == 404 {
                    return Ok(Outcome::Duplicate(account.id));
                }
                protocol::check_scim(response, "deleting the account")?;
                Ok(Outcome::Applied(account.id))
            }
        },
    }
}

/// The manager's work email, when the account is to be linked to theirs.
fn manager_email<'a>(config: &Config, payload: &'a Payload) -> Option<&'a str> {
    let manager = payload.offer.as_ref()?.manager.as_ref()?;
    manager.email.as_deref().filter(|email| config.link_manager && !email.trim().is_empty())
}

impl Connector for Scim {
    fn describe() -> ConnectorInfo {
        ConnectorInfo::new(
            "Directory accounts (SCIM 2.0)",
            "Provisions the new hire's account (name, department, email, manager) in any SCIM 2.0 directory, and deactivates it when they leave.",
            &["candidate.hired", "employee.left"],
        )
    }

    fn handle(event: &LifecycleEvent) -> Result<Outcome, PluginError> {
        let config: Config = host::config()?;
        let outcome = act(&config, event, &mut |call| call.send())?;
        // The event id only: the account's attributes are personal data.
        if let Outcome::Applied(_) = outcome {
            host::info(&format!("directory account changed for event {} ({})", event.id, event.kind));
        }
        Ok(outcome)
    }
}

register!(connector: Scim);

#[cfg(test)]
mod tests;

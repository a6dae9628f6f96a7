//! Changing an account the directory holds (updating and reactivating it, or
//! deactivating it): by a PatchOp where the directory implements PATCH (RFC
//! 7644 §3.5.2), else by reading the account and replacing it whole with PUT
//! (§3.5.1), keeping everything Panel does not set.
//!
//! PATCH is optional in SCIM. Whether a directory has it is the
//! administrator's choice (`updates`), or by default what its
//! `/ServiceProviderConfig` says (RFC 7644 §4): read once for the event, and
//! only when an account is to change (a plugin call keeps nothing from one
//! event to the next). A configuration can be wrong or missing, so in `auto`
//! a PATCH answered 501 or 405 is made again, at once, as a PUT.

use panel_plugin_sdk::http::Response;
use panel_plugin_sdk::remote::{Call, Connection};
use panel_plugin_sdk::{PluginError, host};
use serde_json::{Map, Value};

use crate::config::Updates;
use crate::custom::ExtensionValue;
use crate::{protocol, user};

/// What an event changes on an account found.
#[derive(Debug, Clone, PartialEq)]
pub enum Change<'a> {
    /// The attributes as HR recorded them (active again), and the customer's
    /// extension attributes.
    Update { attributes: Map<String, Value>, extensions: &'a [ExtensionValue] },
    /// `active: false`.
    Deactivate,
}

impl Change<'_> {
    fn step(&self) -> &'static str {
        match self {
            Self::Update { .. } => "updating the account",
            Self::Deactivate => "deactivating the account",
        }
    }

    fn patch(&self) -> Value {
        match self {
            Self::Update { attributes, extensions } => user::update_patch(attributes.clone(), extensions),
            Self::Deactivate => user::deactivate_patch(),
        }
    }

    fn applied_to(&self, resource: Map<String, Value>) -> Value {
        match self {
            Self::Update { attributes, extensions } => user::replaced(resource, attributes.clone(), extensions),
            Self::Deactivate => user::deactivated(resource),
        }
    }
}

/// PATCH is not there: Method Not Allowed on the resource, or Not Implemented.
fn refuses_patch(status: u16) -> bool {
    matches!(status, 405 | 501)
}

/// Makes `change` to the account `id`, by PATCH or PUT as `updates` says.
pub fn change(
    connection: &Connection,
    updates: Updates,
    id: &str,
    change: &Change<'_>,
    send: &mut dyn FnMut(&Call) -> Result<Response, PluginError>,
) -> Result<(), PluginError> {
    let by_patch = match updates {
        Updates::Patch => true,
        Updates::Put => false,
        // A configuration that does not say: PATCH, what most directories
        // have, with PUT behind it.
        Updates::Auto => protocol::patch_supported(&send(&protocol::config_call(connection))?) != Some(false),
    };
    if !by_patch {
        return replace(connection, id, change, send);
    }
    let step = change.step();
    let response = send(&protocol::patch_call(connection, id, change.patch()))?;
    let status = response.status;
    if refuses_patch(status) && updates == Updates::Auto {
        host::warn(&format!(
            "the directory answered {status} to PATCH: the account was replaced with PUT instead (set updates to \
             \"put\" to skip the PATCH)"
        ));
        return replace(connection, id, change, send);
    }
    protocol::check_scim(response, step).map_err(|mut error| {
        if refuses_patch(status) {
            error.message.push_str("; the directory does not take PATCH: set updates to \"put\" or \"auto\"");
        }
        error
    })?;
    Ok(())
}

/// GET the account, make the change, PUT it whole (RFC 7644 §3.5.1), with
/// `If-Match` when the directory versions its resources.
fn replace(
    connection: &Connection,
    id: &str,
    change: &Change<'_>,
    send: &mut dyn FnMut(&Call) -> Result<Response, PluginError>,
) -> Result<(), PluginError> {
    let step = change.step();
    let (resource, version) =
        protocol::read_resource(send(&protocol::get_call(connection, id))?, id, "reading the account to replace it")?;
    let response = send(&protocol::put_call(connection, id, change.applied_to(resource), version.as_deref()))?;
    if response.status == 412 {
        // Changed in the directory since it was read: the next try reads it again.
        return Err(PluginError::upstream_unavailable(format!(
            "{step}: the account changed in the directory while it was being replaced (412)"
        )));
    }
    protocol::check_scim(response, step)?;
    Ok(())
}

//! A connector that POSTs each event to the URL in its configuration, to test
//! that only granted hosts are reachable and that a slow peer hits the deadline.

use panel_plugin_sdk::{Connector, ConnectorInfo, LifecycleEvent, Outcome, PluginError, http, register};
use serde::Deserialize;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Config {
    url: String,
}

#[derive(Debug)]
struct Sender;

impl Connector for Sender {
    fn describe() -> ConnectorInfo {
        ConnectorInfo::new("Test sender", "POSTs events to a configured URL.", &["candidate.hired"])
    }

    fn handle(event: &LifecycleEvent) -> Result<Outcome, PluginError> {
        let config: Config = panel_plugin_sdk::host::config()?;
        let response = http::Request::post(&config.url)
            .header("idempotency-key", &event.id)
            .body(event.payload.clone())
            .send()?
            .error_for_status()?;
        Ok(Outcome::Applied(response.text()))
    }
}

register!(connector: Sender);

//! Signing in to the HR console, for the console's browser tests.

use super::browser::{Chromium, Tab};

/// The password every test's staff have (`TestServer::add_staff`, the console worlds).
pub const PASSWORD: &str = "correct horse battery";

/// Opens the console at `path` on `base` and signs in as `email`, arriving at `path`.
pub async fn sign_in(chromium: &Chromium, base: &str, email: &str, path: &str) -> Tab {
    let tab = chromium.open(&format!("{base}{path}")).await;
    tab.wait_until("document.getElementById('login-form') !== null", "the sign-in form").await;
    tab.type_into("#login-email", email).await;
    tab.type_into("#login-password", PASSWORD).await;
    tab.click("#login-submit").await;
    tab.wait_until("document.getElementById('login-form') === null", "the sign-in to finish").await;
    tab
}

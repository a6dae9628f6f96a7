//! Panel's end-to-end tests: the host and the real plugins, built for
//! wasm32-wasip2 once per run (`cargo xtask test`), on SQLite and on the
//! PostgreSQL server `PANEL_TEST_POSTGRES_URL` names, over real sockets and
//! in a real headless Chromium.
//!
//! They are modules of one test binary rather than one binary each: every
//! binary links the host, wasmtime and cranelift (about 100 MB each in a
//! debug build), so seventeen of them cost gigabytes of disk and minutes of
//! linking on a small CI machine. Run one file's tests with
//! `cargo test -p panel-e2e --test e2e -- console::`.

mod access;
mod adverse_impact;
mod analytics;
mod api;
mod api_versions;
mod audit_chain;
mod connectors;
mod console;
mod console_personal_data;
mod contract;
mod deliveries;
mod email;
mod encryption;
mod engine;
mod evaluation;
mod hostile_engine;
mod invitations;
mod limits;
mod notifiers;
mod outbox;
mod outbox_isolation;
mod packages;
mod packages_trust;
mod policy_packs;
mod privacy;
mod quality;
mod runtime;
mod sandbox;
mod sandbox_contract;
mod sandbox_lanes;
mod sandbox_shares;
mod semantic;
mod sms;
mod tracing;
mod transcription;
mod ui;
mod ui_speech;
mod uploads;

#[path = "ui/browser.rs"]
mod browser;
#[path = "ui/console_sign_in.rs"]
mod console_sign_in;

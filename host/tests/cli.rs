//! The `panel` binary run as people run it: the demo, the evaluation report, master key rotation,
//! the plugin author's command line, and `panel serve` surviving restarts with its outbox intact
//! and its speech recognition queue done exactly once.
//!
//! One test binary with a module per path, not a binary each: every test
//! binary links the host, wasmtime and cranelift, which costs disk and link
//! time on a small CI machine.

mod audit_cli;
mod backup_cli;
mod demo_cli;
mod eval_cli;
mod keys_cli;
mod outbox_durability;
mod plugin_cli;
mod plugin_polyglot;
mod serve_durability;
mod support;
mod transcription_durability;

//! # Panel host
//!
//! How this crate is laid out, by role:
//!
//! - [`domain`]: the words of an interview (job profile, question, answer,
//!   dimension score, lifecycle event) as plain Rust types.
//! - [`kinds`]: one trait per kind of plugin (question bank, rubric, connector,
//!   notifier). Everything outside the runtime calls plugins through these.
//! - [`runtime`]: the WebAssembly plugin runtime: loading, the API-version
//!   check, the compiled-plugin cache, the sandbox and limits of each call, the
//!   capability grants and the circuit breaker. Generated bindings live only in
//!   its versioned submodules.
//! - [`store`]: storage on SQLite or PostgreSQL through sqlx, with the
//!   migrations under `migrations/`.
//! - [`engine`]: the interview engine: plans, answers, scores,
//!   recommendations, rankings and reports. No HTTP in it.
//! - [`links`]: the candidates' signed, expiring interview links.
//! - [`api`]: the HTTP API (axum) and its OpenAPI document.
//! - [`ui`]: the web pages served beside the API (the candidate's interview page).
//! - [`cli`]: the `panel` command.

pub mod api;
pub mod cli;
pub mod compliance;
pub mod crypto;
pub mod domain;
pub mod engine;
pub mod kinds;
pub mod links;
pub mod memory;
pub mod models;
pub mod packages;
pub mod pipeline;
pub mod priority;
pub mod runtime;
mod semaphores;
pub mod store;
pub mod transcription;
pub mod ui;

//! Panel's on-device models: speech to text and sentence embeddings, run on
//! the CPU through ONNX Runtime (`ort`, loaded at run time from the models
//! directory). The rest of the host sees two plain traits, [`Transcriber`]
//! and [`Embedder`]; this crate is the only code that knows sessions,
//! threads and tensors.
//!
//! How it is laid out:
//! - [`ModelsDir`] (`manifest.rs`): the directory `cargo xtask models` builds
//!   (`target/models` in development; `panel serve --models DIR` /
//!   `PANEL_MODELS` in production), its manifest and checksums;
//! - `runtime.rs`: the ONNX Runtime library, loaded once, and sessions with
//!   bounded intra-op threads;
//! - [`audio`]: recordings (WebM/Opus, MP4/AAC, Ogg, WAV...) to 16 kHz mono;
//! - `vad.rs`: Silero voice activity, and the ≤ 30 s windows Whisper reads;
//! - [`Whisper`] (`whisper/`): features, encoder, greedy decoding;
//! - [`E5`] (`embed.rs`): multilingual-e5-small.
//!
//! Everything here is synchronous and CPU-bound: call it from
//! `tokio::task::spawn_blocking` (or a worker thread), at most one model run
//! per core. Each model is loaded once ([`Models::open`]) and shared behind an
//! `Arc`; a session serves one call at a time.

pub mod audio;
mod embed;
mod error;
mod manifest;
mod runtime;
mod vad;
mod whisper;

use std::path::Path;

pub use audio::Recording;
pub use embed::{DIMENSIONS, E5};
pub use error::{AudioError, EmbedError, ModelError, TranscribeError};
pub use manifest::{Manifest, ModelInfo, ModelsDir};
pub use whisper::Whisper;

/// Speech to text.
pub trait Transcriber: Send + Sync {
    /// The model that makes the transcripts (stored beside each one).
    fn model(&self) -> &ModelInfo;

    /// Transcribes one recording. `Ok(NoSpeech)` when nobody speaks in it;
    /// an `Audio` error says what is wrong with a recording that cannot be
    /// read (empty, unknown format, damaged, too long).
    fn transcribe(
        &self,
        recording: Recording<'_>,
        options: &TranscribeOptions,
    ) -> Result<Transcription, TranscribeError>;
}

/// Texts to vectors whose cosine similarity says how close their meanings are.
pub trait Embedder: Send + Sync {
    fn model(&self) -> &ModelInfo;

    /// What one call may carry.
    fn limits(&self) -> EmbedLimits;

    /// One L2-normalised vector of [`DIMENSIONS`] per text, in order. Texts
    /// longer than the model's 512 tokens are embedded from their start.
    fn embed(&self, texts: &[&str], kind: TextKind) -> Result<Vec<Vec<f32>>, EmbedError>;
}

/// How e5 should read a text: a question asked (`Query`) or material that
/// answers (`Passage`). Compare queries with passages, or like with like.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextKind {
    Query,
    Passage,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EmbedLimits {
    pub max_texts: usize,
    pub max_text_bytes: usize,
}

impl Default for EmbedLimits {
    fn default() -> Self {
        Self { max_texts: 64, max_text_bytes: 32 * 1024 }
    }
}

#[derive(Debug, Clone)]
pub struct TranscribeOptions {
    /// Force a language (`"zh"`, `"en"`); `None` detects it.
    pub language: Option<String>,
    /// When detecting, choose only among these codes (all when empty).
    pub languages: Vec<String>,
    /// Longer recordings are refused before they are decoded in full.
    pub max_seconds: f64,
    /// A window whose no-speech probability is above this and whose tokens
    /// are unsure (mean log probability below -1) is dropped.
    pub no_speech_threshold: f32,
    pub max_tokens_per_window: usize,
}

impl Default for TranscribeOptions {
    fn default() -> Self {
        Self {
            language: None,
            languages: Vec::new(),
            max_seconds: 20.0 * 60.0,
            no_speech_threshold: 0.6,
            max_tokens_per_window: 448,
        }
    }
}

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub enum Transcription {
    Speech(Transcript),
    /// Nobody speaks in the recording: flag it for a person, invent nothing.
    NoSpeech {
        seconds: f64,
    },
}

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Transcript {
    /// Whisper's language code, `zh` or `en` for most answers; Chinese text
    /// is in Simplified characters.
    pub language: String,
    pub text: String,
    /// 0..1, the duration-weighted geometric mean of token probabilities.
    pub confidence: f32,
    /// The recording's length.
    pub seconds: f64,
    pub segments: Vec<Segment>,
}

/// One window of speech (≤ 30 s) and what was said in it.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Segment {
    pub start_ms: u64,
    pub end_ms: u64,
    pub text: String,
    pub confidence: f32,
}

/// Both models, loaded once from one directory.
#[derive(Debug)]
pub struct Models {
    pub transcriber: Whisper,
    pub embedder: E5,
}

impl Models {
    /// Opens `dir`, checks every model file's checksum and loads both models
    /// with at most `threads` intra-op threads per session.
    pub fn open(dir: &Path, threads: usize) -> Result<Self, ModelError> {
        let dir = ModelsDir::open(dir)?;
        Ok(Self { transcriber: Whisper::load(&dir, threads)?, embedder: E5::load(&dir, threads)? })
    }
}

/// Test recordings made in code (WAV, WebM/Opus, espeak-ng speech) and the
/// word error rate: for this crate's tests and, with the `testing` feature,
/// the host's end-to-end tests.
#[cfg(any(test, feature = "testing"))]
#[doc(hidden)]
pub mod testing;
#[cfg(test)]
mod tests;

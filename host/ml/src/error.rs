//! What can go wrong, by who has to act on it: an administrator (a model not
//! installed), the person who sent the audio (it cannot be decoded or is too
//! long), or us (the runtime failed).
//!
//! Messages never quote a transcript or an input text: those are candidates'
//! personal data.

use std::path::PathBuf;

/// A model could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    /// The models directory is not there or has no manifest: the
    /// installation has not built or copied the models.
    #[error(
        "the on-device models are not installed: {reason} (looked in {dir}; build them with `cargo xtask models`, \
         or point `panel serve --models DIR` / PANEL_MODELS at a models directory)"
    )]
    NotInstalled { dir: PathBuf, reason: String },
    /// A file the manifest lists is missing or not what the manifest says.
    #[error("the models directory {dir} is damaged: {problem}; build it again with `cargo xtask models`")]
    Damaged { dir: PathBuf, problem: String },
    /// ONNX Runtime or a tokenizer refused to load what is there.
    #[error("could not load {what}: {message}")]
    Load { what: String, message: String },
}

/// Audio that cannot be turned into 16 kHz samples.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum AudioError {
    #[error("the recording is empty (0 bytes)")]
    Empty,
    #[error("the recording is not in a format Panel reads (WebM/Opus, Ogg, MP4/AAC, WAV, MP3, FLAC)")]
    UnknownFormat,
    #[error("the recording has no audio track")]
    NoAudio,
    #[error("the recording's audio is encoded as {0}, which Panel does not decode")]
    UnsupportedCodec(String),
    #[error("the recording is damaged: {0}")]
    Corrupt(String),
    #[error("the recording is {seconds:.0} s long; the limit is {limit:.0} s")]
    TooLong { seconds: f64, limit: f64 },
}

/// A transcription that did not finish.
#[derive(Debug, thiserror::Error)]
pub enum TranscribeError {
    #[error(transparent)]
    Audio(#[from] AudioError),
    #[error("speech recognition failed: {0}")]
    Inference(String),
}

/// An embedding request that was refused or failed.
#[derive(Debug, thiserror::Error)]
pub enum EmbedError {
    #[error("{count} texts in one request; the limit is {limit}")]
    TooManyTexts { count: usize, limit: usize },
    #[error("text {index} is {bytes} bytes; the limit is {limit}")]
    TextTooLarge { index: usize, bytes: usize, limit: usize },
    #[error("embedding failed: {0}")]
    Inference(String),
}

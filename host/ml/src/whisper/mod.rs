//! Speech to text with Whisper base (int8 ONNX, see `xtask/models/whisper.py`
//! for the graphs): the recording is decoded to 16 kHz, split on voice
//! activity into windows of at most 30 s, and each window is encoded once
//! and decoded greedily with a key/value cache.
//!
//! Guards against Whisper's known failure modes: no window without voice
//! activity is decoded (it invents text for silence), a window whose
//! no-speech probability is high and whose tokens are unsure is dropped, the
//! tokens per window are capped by its length, and a decoder stuck repeating
//! itself is stopped.

mod decoding;
mod mel;

use std::path::Path;
use std::sync::Mutex;
use std::time::Instant;

use ort::session::Session;
use ort::session::SessionInputValue;
use ort::value::{DynValue, Tensor};
use serde::Deserialize;
use tokenizers::Tokenizer;

use crate::audio::{self, Pcm, Recording, SAMPLE_RATE};
use crate::vad::{Vad, Window};
use crate::{
    ModelError, ModelInfo, ModelsDir, Segment, TranscribeError, TranscribeOptions, Transcriber, Transcript,
    Transcription, runtime,
};
use decoding::Decoding;
pub use mel::MelExtractor;

const LAYERS: usize = 6;
const HEADS: usize = 8;
const HEAD_DIM: usize = 64;

pub(crate) const SOT: i64 = 50258;
pub(crate) const TRANSCRIBE: i64 = 50359;
pub(crate) const NO_TIMESTAMPS: i64 = 50363;
pub(crate) const NO_SPEECH: usize = 50362;
pub(crate) const EOT: usize = 50257;
/// Ids from here on are timestamps, which this tokenizer does not have.
pub(crate) const FIRST_TIMESTAMP: usize = 50364;

#[derive(Debug, Deserialize)]
struct Config {
    lang_ids: Vec<i64>,
    suppress_ids: Vec<usize>,
    suppress_ids_begin: Vec<usize>,
}

/// Whisper base loaded once: its two sessions, tokenizer and VAD.
pub struct Whisper {
    info: ModelInfo,
    encoder: Mutex<Session>,
    decoder: Mutex<Session>,
    tokenizer: Tokenizer,
    config: Config,
    /// Language code (`en`, `zh`) of each entry of `config.lang_ids`.
    languages: Vec<String>,
    mel: MelExtractor,
    vad: Vad,
}

impl std::fmt::Debug for Whisper {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Whisper").field("model", &self.info).finish_non_exhaustive()
    }
}

impl Whisper {
    /// Loads Whisper and the VAD from a models directory, checking their
    /// files' checksums; `threads` bounds each session's intra-op threads.
    pub fn load(models: &ModelsDir, threads: usize) -> Result<Self, ModelError> {
        let info = models.verify("whisper-base")?;
        models.verify("silero-vad")?;
        let env = runtime::environment(models)?;
        let load = |what: &str, message: String| ModelError::Load { what: what.into(), message };
        let encoder = runtime::session(&env, &models.file("whisper-base/encoder.onnx")?, threads)?;
        let decoder = runtime::session(&env, &models.file("whisper-base/decoder.onnx")?, threads)?;
        let tokenizer = Tokenizer::from_file(models.file("whisper-base/tokenizer.json")?)
            .map_err(|e| load("the Whisper tokenizer", e.to_string()))?;
        let config: Config =
            read_json(&models.file("whisper-base/config.json")?).map_err(|e| load("whisper-base/config.json", e))?;
        let languages = config
            .lang_ids
            .iter()
            .map(|&id| {
                let token = tokenizer.id_to_token(id as u32).unwrap_or_default();
                token.trim_start_matches("<|").trim_end_matches("|>").to_owned()
            })
            .collect();
        let vad = Vad::load(&env, &models.file("silero-vad/silero_vad_v6.onnx")?)?;
        Ok(Self { info, encoder, decoder, tokenizer, config, languages, mel: MelExtractor::new(), vad })
    }

    /// The cross-attention keys and values of one window, per layer.
    fn encode(&self, audio: &[f32]) -> Result<Cross, String> {
        let features = self.mel.features(audio);
        let input = Tensor::from_array(([1usize, mel::N_MELS, mel::FRAMES], features)).map_err(|e| e.to_string())?;
        let mut encoder = self.encoder.lock().map_err(|_| "the encoder lock is poisoned".to_owned())?;
        let mut out = encoder.run(ort::inputs!["mel" => input]).map_err(|e| e.to_string())?;
        let mut take = |name: String| out.remove(&name).ok_or(format!("the encoder gave no {name}"));
        let mut keys = Vec::with_capacity(LAYERS);
        let mut values = Vec::with_capacity(LAYERS);
        for i in 0..LAYERS {
            keys.push(take(format!("cross_k_{i}"))?);
            values.push(take(format!("cross_v_{i}"))?);
        }
        Ok(Cross { keys, values })
    }

    /// One decoder step: the new tokens against the cache; returns the last
    /// position's logits and the grown cache.
    fn step(&self, tokens: &[i64], cache: Cache, cross: &Cross) -> Result<(Vec<f32>, Cache), String> {
        let input = Tensor::from_array(([1usize, tokens.len()], tokens.to_vec())).map_err(|e| e.to_string())?;
        let (past_k, past_v) = match cache {
            Cache::Empty => {
                let empty = || {
                    Tensor::<f32>::from_array(([1usize, HEADS, 0, HEAD_DIM], Vec::<f32>::new()))
                        .map(|t| t.into_dyn())
                        .map_err(|e| e.to_string())
                };
                (
                    (0..LAYERS).map(|_| empty()).collect::<Result<Vec<_>, _>>()?,
                    (0..LAYERS).map(|_| empty()).collect::<Result<Vec<_>, _>>()?,
                )
            }
            Cache::Filled(k, v) => (k, v),
        };
        let mut inputs: Vec<(String, SessionInputValue<'_>)> = Vec::with_capacity(1 + 4 * LAYERS);
        inputs.push(("tokens".into(), input.into()));
        for (i, (k, v)) in past_k.into_iter().zip(past_v).enumerate() {
            inputs.push((format!("past_k_{i}"), k.into()));
            inputs.push((format!("past_v_{i}"), v.into()));
        }
        for (i, (k, v)) in cross.keys.iter().zip(&cross.values).enumerate() {
            inputs.push((format!("cross_k_{i}"), k.into()));
            inputs.push((format!("cross_v_{i}"), v.into()));
        }
        let mut decoder = self.decoder.lock().map_err(|_| "the decoder lock is poisoned".to_owned())?;
        let mut out = decoder.run(inputs).map_err(|e| e.to_string())?;
        let logits = out["logits"].try_extract_tensor::<f32>().map_err(|e| e.to_string())?.1.to_vec();
        let mut take = |name: String| out.remove(&name).ok_or(format!("the decoder gave no {name}"));
        let mut keys = Vec::with_capacity(LAYERS);
        let mut values = Vec::with_capacity(LAYERS);
        for i in 0..LAYERS {
            keys.push(take(format!("present_k_{i}"))?);
            values.push(take(format!("present_v_{i}"))?);
        }
        Ok((logits, Cache::Filled(keys, values)))
    }

    /// The most likely language of a window, among `allowed` (all when
    /// empty), with the no-speech probability at the same step.
    fn detect(&self, cross: &Cross, allowed: &[String]) -> Result<(usize, f32, Cache), String> {
        let (logits, cache) = self.step(&[SOT], Cache::Empty, cross)?;
        let probs = decoding::softmax(&logits);
        let best = (0..self.languages.len())
            .filter(|&i| allowed.is_empty() || allowed.iter().any(|a| a == &self.languages[i]))
            .max_by(|&a, &b| {
                let pa = probs[self.config.lang_ids[a] as usize];
                let pb = probs[self.config.lang_ids[b] as usize];
                pa.total_cmp(&pb)
            })
            .ok_or("no allowed language is one Whisper knows")?;
        Ok((best, probs[NO_SPEECH], cache))
    }

    fn transcribe_window(
        &self,
        audio: &[f32],
        window: &Window,
        language: Option<usize>,
        options: &TranscribeOptions,
    ) -> Result<(Option<Segment>, usize), String> {
        let samples = &audio[window.start..window.end];
        let cross = self.encode(samples)?;
        let (detected, no_speech, cache) = self.detect(&cross, &options.languages)?;
        let lang = language.unwrap_or(detected);
        let prompt = [self.config.lang_ids[lang], TRANSCRIBE, NO_TIMESTAMPS];
        let (mut logits, mut cache) = self.step(&prompt, cache, &cross)?;
        // Speech runs at most ~15 tokens a second; a decoder past that for
        // its window is looping.
        let seconds = samples.len() as f64 / f64::from(SAMPLE_RATE);
        let cap = ((seconds * 15.0) as usize + 16).min(options.max_tokens_per_window);
        let mut decoding = Decoding::new(&self.config.suppress_ids, &self.config.suppress_ids_begin);
        while let Some(token) = decoding.next(&mut logits, cap) {
            let (l, c) = self.step(&[token as i64], cache, &cross)?;
            logits = l;
            cache = c;
        }
        let confidence = decoding.confidence();
        if no_speech > options.no_speech_threshold && decoding.mean_logprob() < -1.0 || decoding.tokens().is_empty() {
            return Ok((None, lang));
        }
        let ids: Vec<u32> = decoding.tokens().iter().map(|&t| t as u32).collect();
        let text = self.tokenizer.decode(&ids, true).map_err(|e| e.to_string())?.trim().to_owned();
        if text.is_empty() {
            return Ok((None, lang));
        }
        let text = if self.languages[lang] == "zh" { fast2s::convert(&text) } else { text };
        let ms = |sample: usize| (sample as u64 * 1000) / u64::from(SAMPLE_RATE);
        Ok((Some(Segment { start_ms: ms(window.start), end_ms: ms(window.end), text, confidence }), lang))
    }
}

/// The decoder's self-attention keys and values so far, per layer.
enum Cache {
    Empty,
    Filled(Vec<DynValue>, Vec<DynValue>),
}

/// The encoder's output for one window, per decoder layer.
struct Cross {
    keys: Vec<DynValue>,
    values: Vec<DynValue>,
}

impl Transcriber for Whisper {
    fn model(&self) -> &ModelInfo {
        &self.info
    }

    fn transcribe(
        &self,
        recording: Recording<'_>,
        options: &TranscribeOptions,
    ) -> Result<Transcription, TranscribeError> {
        let started = Instant::now();
        let pcm: Pcm = audio::decode(recording, options.max_seconds)?;
        let seconds = pcm.seconds();
        let windows = self.vad.windows(&pcm.samples).map_err(TranscribeError::Inference)?;
        let span = tracing::info_span!("transcribe", model = %self.info.name, seconds, windows = windows.len());
        let _guard = span.enter();
        let mut segments = Vec::new();
        let mut language = options
            .language
            .as_ref()
            .map(|code| {
                self.languages.iter().position(|l| l == code).ok_or_else(|| {
                    TranscribeError::Inference(format!("Whisper does not know the language code {code:?}"))
                })
            })
            .transpose()?;
        for window in &windows {
            let (segment, lang) =
                self.transcribe_window(&pcm.samples, window, language, options).map_err(TranscribeError::Inference)?;
            // The first window with speech decides the language of the rest,
            // so one answer is not transcribed in two.
            if segment.is_some() && language.is_none() {
                language = Some(lang);
            }
            segments.extend(segment);
        }
        tracing::info!(elapsed_ms = started.elapsed().as_millis() as u64, segments = segments.len(), "transcribed");
        let Some(lang) = language.filter(|_| !segments.is_empty()) else {
            return Ok(Transcription::NoSpeech { seconds });
        };
        let joiner = if self.languages[lang] == "zh" || self.languages[lang] == "ja" { "" } else { " " };
        let text = segments.iter().map(|s| s.text.as_str()).collect::<Vec<_>>().join(joiner);
        let total: f64 = segments.iter().map(|s| (s.end_ms - s.start_ms) as f64).sum();
        let confidence = segments.iter().map(|s| f64::from(s.confidence) * (s.end_ms - s.start_ms) as f64).sum::<f64>()
            / total.max(1.0);
        Ok(Transcription::Speech(Transcript {
            language: self.languages[lang].clone(),
            text,
            confidence: confidence as f32,
            seconds,
            segments,
        }))
    }
}

fn read_json<T: serde::de::DeserializeOwned>(path: &Path) -> Result<T, String> {
    let text = std::fs::read_to_string(path).map_err(|e| e.to_string())?;
    serde_json::from_str(&text).map_err(|e| e.to_string())
}

//! Voice activity with Silero VAD v6, and the windows Whisper reads.
//!
//! The model scores 32 ms frames (512 samples, each with the 64 before it as
//! context) for speech. Frames above 0.5 start speech; speech ends after
//! 0.8 s below 0.35; a burst shorter than 0.25 s is ignored; each stretch is
//! padded by 0.2 s. Stretches are then packed into windows of at most 30 s
//! (a longer stretch is cut at its quietest frame near the limit), which is
//! what one Whisper pass reads. No stretch at all is "no speech".

use std::path::Path;
use std::sync::Mutex;

use ort::environment::Environment;
use ort::session::Session;
use ort::value::Tensor;

use crate::ModelError;
use crate::audio::SAMPLE_RATE;
use crate::runtime;

const FRAME: usize = 512;
const CONTEXT: usize = 64;
const STATE: usize = 128;
/// Frames per run, bounding the input tensor (~23 MB) for long recordings.
const RUN_FRAMES: usize = 10_000;
const ON: f32 = 0.5;
const OFF: f32 = 0.35;
const MIN_SILENCE: usize = (SAMPLE_RATE as usize * 8 / 10) / FRAME;
const MIN_SPEECH: usize = (SAMPLE_RATE as usize / 4) / FRAME;
const PAD: usize = SAMPLE_RATE as usize / 5;
pub const MAX_WINDOW: usize = 30 * SAMPLE_RATE as usize;

/// A span of samples `[start, end)` to transcribe in one pass.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    pub start: usize,
    pub end: usize,
}

pub struct Vad {
    session: Mutex<Session>,
}

impl std::fmt::Debug for Vad {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Vad").finish_non_exhaustive()
    }
}

impl Vad {
    pub fn load(env: &Environment, path: &Path) -> Result<Self, ModelError> {
        // Scoring is cheap and sequential in its state: one thread.
        Ok(Self { session: runtime::session(env, path, 1)? })
    }

    /// The speech probability of each 512-sample frame.
    pub fn probabilities(&self, audio: &[f32]) -> Result<Vec<f32>, String> {
        let frames = audio.len().div_ceil(FRAME);
        let mut probs = Vec::with_capacity(frames);
        let mut h = vec![0.0f32; STATE];
        let mut c = vec![0.0f32; STATE];
        let mut session = self.session.lock().map_err(|_| "the VAD lock is poisoned".to_owned())?;
        for first in (0..frames).step_by(RUN_FRAMES) {
            let n = RUN_FRAMES.min(frames - first);
            let mut input = vec![0.0f32; n * (CONTEXT + FRAME)];
            for i in 0..n {
                let row = &mut input[i * (CONTEXT + FRAME)..(i + 1) * (CONTEXT + FRAME)];
                let at = (first + i) * FRAME;
                for (j, v) in row.iter_mut().enumerate() {
                    let sample = (at + j).checked_sub(CONTEXT);
                    *v = sample.and_then(|s| audio.get(s)).copied().unwrap_or(0.0);
                }
            }
            let input = Tensor::from_array(([n, CONTEXT + FRAME], input)).map_err(|e| e.to_string())?;
            let hs = Tensor::from_array(([1usize, 1, STATE], h.clone())).map_err(|e| e.to_string())?;
            let cs = Tensor::from_array(([1usize, 1, STATE], c.clone())).map_err(|e| e.to_string())?;
            let out = session.run(ort::inputs!["input" => input, "h" => hs, "c" => cs]).map_err(|e| e.to_string())?;
            probs.extend_from_slice(out[0].try_extract_tensor::<f32>().map_err(|e| e.to_string())?.1);
            h = out[1].try_extract_tensor::<f32>().map_err(|e| e.to_string())?.1.to_vec();
            c = out[2].try_extract_tensor::<f32>().map_err(|e| e.to_string())?.1.to_vec();
        }
        probs.truncate(frames);
        Ok(probs)
    }

    /// The windows of `audio` that hold speech; empty when none does.
    pub fn windows(&self, audio: &[f32]) -> Result<Vec<Window>, String> {
        let probs = self.probabilities(audio)?;
        Ok(pack(&speech(&probs, audio.len()), &probs, audio.len()))
    }
}

/// Stretches of speech, in samples, from frame probabilities.
pub fn speech(probs: &[f32], len: usize) -> Vec<Window> {
    let mut stretches = Vec::new();
    let mut start: Option<usize> = None;
    let mut quiet = 0;
    for (i, &p) in probs.iter().enumerate() {
        match start {
            None if p >= ON => {
                start = Some(i);
                quiet = 0;
            }
            Some(s) if p < OFF => {
                quiet += 1;
                if quiet >= MIN_SILENCE {
                    let end = i + 1 - quiet;
                    if end - s >= MIN_SPEECH {
                        stretches.push((s, end));
                    }
                    start = None;
                }
            }
            Some(_) => quiet = 0,
            None => {}
        }
    }
    if let Some(s) = start {
        let end = probs.len() - quiet;
        if end - s >= MIN_SPEECH {
            stretches.push((s, end));
        }
    }
    stretches
        .into_iter()
        .map(|(s, e)| Window { start: (s * FRAME).saturating_sub(PAD), end: (e * FRAME + PAD).min(len) })
        .collect()
}

/// Packs stretches into windows of at most 30 s.
pub fn pack(stretches: &[Window], probs: &[f32], len: usize) -> Vec<Window> {
    let mut windows: Vec<Window> = Vec::new();
    for s in stretches {
        let mut s = *s;
        if let Some(last) = windows.last_mut() {
            if s.start <= last.end {
                s.start = last.end;
            }
            if s.end - last.start <= MAX_WINDOW {
                last.end = s.end;
                continue;
            }
        }
        // Cut an over-long stretch at its quietest frame in the last 5 s
        // before the limit.
        while s.end - s.start > MAX_WINDOW {
            let from = (s.start + MAX_WINDOW - 5 * SAMPLE_RATE as usize) / FRAME;
            let to = (s.start + MAX_WINDOW) / FRAME;
            let cut = (from..to)
                .min_by(|&a, &b| probs.get(a).unwrap_or(&1.0).total_cmp(probs.get(b).unwrap_or(&1.0)))
                .map(|f| f * FRAME)
                .unwrap_or(s.start + MAX_WINDOW)
                .clamp(s.start + 1, s.start + MAX_WINDOW);
            windows.push(Window { start: s.start, end: cut });
            s.start = cut;
        }
        if s.end > s.start {
            windows.push(Window { start: s.start, end: s.end.min(len) });
        }
    }
    windows
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frames(spec: &[(f32, usize)]) -> Vec<f32> {
        spec.iter().flat_map(|&(p, n)| std::iter::repeat_n(p, n)).collect()
    }

    #[test]
    fn silence_has_no_speech_and_short_bursts_are_ignored() {
        let probs = frames(&[(0.05, 400)]);
        assert!(speech(&probs, 400 * FRAME).is_empty());
        let probs = frames(&[(0.05, 100), (0.9, 3), (0.05, 100)]);
        assert!(speech(&probs, 203 * FRAME).is_empty(), "a 96 ms click is not speech");
    }

    #[test]
    fn short_pauses_stay_inside_one_stretch() {
        // 3 s speech, 0.5 s pause, 3 s speech, 3 s silence.
        let probs = frames(&[(0.9, 94), (0.1, 16), (0.9, 94), (0.1, 94)]);
        let s = speech(&probs, probs.len() * FRAME);
        assert_eq!(s.len(), 1);
        assert_eq!(s[0].start, 0);
        assert_eq!(s[0].end, 204 * FRAME + PAD);
    }

    #[test]
    fn long_speech_is_cut_into_windows_of_at_most_30_s() {
        // 70 s of speech with a dip at 27 s.
        let mut probs = frames(&[(0.9, 70 * 16_000 / FRAME)]);
        probs[27 * 16_000 / FRAME] = 0.4;
        let len = probs.len() * FRAME;
        let w = pack(&speech(&probs, len), &probs, len);
        assert!(w.len() >= 3, "{w:?}");
        assert!(w.iter().all(|w| w.end - w.start <= MAX_WINDOW && w.end > w.start));
        assert_eq!(w[0].end, 27 * 16_000 / FRAME * FRAME, "cut at the quietest frame");
        assert!(w.windows(2).all(|p| p[0].end == p[1].start), "no audio lost between windows");
    }
}

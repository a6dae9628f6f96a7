//! Whisper's log-mel features: 16 kHz audio padded or cut to 30 s, an STFT
//! (n_fft 400, hop 160, periodic Hann, reflect-padded at both ends), the power
//! spectrum with the last frame dropped, 80 Slaney mel filters,
//! log10(max(x, 1e-10)) clamped to (max - 8), then (x + 4) / 4: [80, 3000].

use std::sync::Arc;

use realfft::{RealFftPlanner, RealToComplex};

pub const N_FFT: usize = 400;
pub const HOP: usize = 160;
pub const N_MELS: usize = 80;
pub const FRAMES: usize = 3000;
pub const WINDOW_SAMPLES: usize = FRAMES * HOP;
const BINS: usize = N_FFT / 2 + 1;

pub struct MelExtractor {
    fft: Arc<dyn RealToComplex<f32>>,
    window: Vec<f32>,
    /// [N_MELS][BINS]
    filters: Vec<f32>,
}

impl std::fmt::Debug for MelExtractor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MelExtractor").finish_non_exhaustive()
    }
}

impl MelExtractor {
    pub fn new() -> Self {
        let fft = RealFftPlanner::<f32>::new().plan_fft_forward(N_FFT);
        let window = (0..N_FFT)
            .map(|i| (0.5 - 0.5 * (2.0 * std::f64::consts::PI * i as f64 / N_FFT as f64).cos()) as f32)
            .collect();
        Self { fft, window, filters: slaney_filters(16_000.0) }
    }

    /// Features of up to 30 s of 16 kHz audio, row-major [80, 3000].
    pub fn features(&self, audio: &[f32]) -> Vec<f32> {
        let mut padded = vec![0.0f32; WINDOW_SAMPLES + N_FFT];
        let half = N_FFT / 2;
        let n = audio.len().min(WINDOW_SAMPLES);
        padded[half..half + n].copy_from_slice(&audio[..n]);
        // Reflect padding at both ends of the 30 s signal.
        for i in 0..half {
            padded[half - 1 - i] = padded[half + 1 + i];
            padded[half + WINDOW_SAMPLES + i] = padded[half + WINDOW_SAMPLES - 2 - i];
        }
        let mut input = self.fft.make_input_vec();
        let mut spectrum = self.fft.make_output_vec();
        let mut scratch = self.fft.make_scratch_vec();
        let mut power = vec![0.0f32; BINS];
        let mut mel = vec![0.0f32; N_MELS * FRAMES];
        for frame in 0..FRAMES {
            let start = frame * HOP;
            for (k, v) in input.iter_mut().enumerate() {
                *v = padded[start + k] * self.window[k];
            }
            self.fft.process_with_scratch(&mut input, &mut spectrum, &mut scratch).expect("buffers sized by the plan");
            for (p, c) in power.iter_mut().zip(&spectrum) {
                *p = c.norm_sqr();
            }
            for m in 0..N_MELS {
                let row = &self.filters[m * BINS..(m + 1) * BINS];
                let e: f32 = row.iter().zip(&power).map(|(w, p)| w * p).sum();
                mel[m * FRAMES + frame] = e.max(1e-10).log10();
            }
        }
        let top = mel.iter().copied().fold(f32::NEG_INFINITY, f32::max);
        for v in &mut mel {
            *v = (v.max(top - 8.0) + 4.0) / 4.0;
        }
        mel
    }
}

/// librosa's `mel(sr, n_fft=400, n_mels=80, htk=False, norm="slaney")`.
fn slaney_filters(rate: f64) -> Vec<f32> {
    let f_sp = 200.0 / 3.0;
    let min_log_hz = 1000.0;
    let min_log_mel = min_log_hz / f_sp;
    let logstep = 6.4f64.ln() / 27.0;
    let mel_to_hz = |m: f64| if m >= min_log_mel { min_log_hz * (logstep * (m - min_log_mel)).exp() } else { f_sp * m };
    let max_mel = 45.245_640_471_924_965;
    let freqs: Vec<f64> = (0..N_MELS + 2).map(|i| mel_to_hz(max_mel * i as f64 / (N_MELS + 1) as f64)).collect();
    let fft_freqs: Vec<f64> = (0..BINS).map(|k| k as f64 * rate / N_FFT as f64).collect();
    let mut filters = vec![0.0f32; N_MELS * BINS];
    for m in 0..N_MELS {
        let enorm = 2.0 / (freqs[m + 2] - freqs[m]);
        for (k, f) in fft_freqs.iter().enumerate() {
            let lower = (f - freqs[m]) / (freqs[m + 1] - freqs[m]);
            let upper = (freqs[m + 2] - f) / (freqs[m + 2] - freqs[m + 1]);
            filters[m * BINS + k] = (lower.min(upper).max(0.0) * enorm) as f32;
        }
    }
    filters
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tone_lights_the_mel_band_of_its_frequency() {
        let mel = MelExtractor::new();
        let tone: Vec<f32> =
            (0..16_000).map(|i| (2.0 * std::f32::consts::PI * 1000.0 * i as f32 / 16_000.0).sin() * 0.5).collect();
        let f = mel.features(&tone);
        assert_eq!(f.len(), N_MELS * FRAMES);
        // Frame 50 is inside the tone; the band whose centre is nearest
        // 1 kHz must be the loudest.
        let column: Vec<f32> = (0..N_MELS).map(|m| f[m * FRAMES + 50]).collect();
        let loudest = column.iter().enumerate().max_by(|a, b| a.1.total_cmp(b.1)).map(|(m, _)| m).unwrap_or(0);
        let centre_hz = |m: usize| {
            let filters = slaney_filters(16_000.0);
            let row = &filters[m * BINS..(m + 1) * BINS];
            row.iter().enumerate().max_by(|a, b| a.1.total_cmp(b.1)).map(|(k, _)| k as f64 * 40.0).unwrap_or(0.0)
        };
        assert!(
            (centre_hz(loudest) - 1000.0).abs() <= 80.0,
            "loudest band {loudest} centred at {} Hz",
            centre_hz(loudest)
        );
        // After the tone (silence padding) everything sits at the floor.
        let floor = f.iter().copied().fold(f32::INFINITY, f32::min);
        assert!((f[loudest * FRAMES + 2000] - floor).abs() < 1e-6);
        assert!(column[loudest] - floor > 1.5, "the tone stands well above the floor");
    }
}

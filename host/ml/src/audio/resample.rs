//! Streaming sample-rate conversion to 16 kHz: a windowed-sinc filter whose
//! taps are tabulated for 256 fractional phases, so a long recording costs
//! about a hundred multiply-adds per output sample and memory at the output
//! rate only.

use std::f64::consts::PI;

const PHASES: usize = 256;
/// Zero crossings of the sinc on each side, at the lower of the two rates.
const ZEROS: f64 = 16.0;

#[derive(Debug)]
pub struct Resampler {
    /// Input samples per output sample.
    step: f64,
    half: usize,
    /// `PHASES + 1` rows of `2 * half` taps.
    table: Vec<f32>,
    buf: Vec<f32>,
    /// The next output's position in `buf`, in input samples.
    pos: f64,
}

impl Resampler {
    pub fn new(from: u32, to: u32) -> Self {
        let step = f64::from(from) / f64::from(to);
        // Downsampling widens the kernel and lowers its cut-off below the
        // output's Nyquist frequency, so nothing above it folds back.
        let scale = step.max(1.0);
        let cutoff = 0.94 / scale;
        let half = (ZEROS * scale).ceil() as usize;
        let mut table = Vec::with_capacity((PHASES + 1) * 2 * half);
        for p in 0..=PHASES {
            let frac = p as f64 / PHASES as f64;
            for k in 0..2 * half {
                // tap k weighs input sample (floor(pos) - half + 1 + k)
                let x = (k as f64 + 1.0 - half as f64) - frac;
                let sinc = if x.abs() < 1e-9 { 1.0 } else { (PI * cutoff * x).sin() / (PI * cutoff * x) };
                let w = x / (half as f64 + 1.0);
                let window = if w.abs() >= 1.0 { 0.0 } else { 0.5 + 0.5 * (PI * w).cos() };
                table.push((cutoff * sinc * window) as f32);
            }
        }
        // Start with `half` zeros of history so the first output is centred
        // on the first input sample.
        Self { step, half, table, buf: vec![0.0; half], pos: half as f64 }
    }

    pub fn push(&mut self, input: &[f32], out: &mut Vec<f32>) {
        self.buf.extend_from_slice(input);
        self.drain(out);
    }

    /// Flushes the tail (the filter's look-ahead is filled with silence).
    pub fn finish(&mut self, out: &mut Vec<f32>) {
        let pad = vec![0.0; self.half + 1];
        let end = self.buf.len() as f64;
        self.buf.extend_from_slice(&pad);
        while self.pos < end {
            self.emit(out);
        }
        self.buf.clear();
    }

    fn drain(&mut self, out: &mut Vec<f32>) {
        while (self.pos.floor() as usize) + self.half < self.buf.len() {
            self.emit(out);
        }
        // Drop what no later output can reach.
        let keep_from = (self.pos.floor() as usize).saturating_sub(self.half);
        if keep_from > 4096 {
            self.buf.drain(..keep_from);
            self.pos -= keep_from as f64;
        }
    }

    fn emit(&mut self, out: &mut Vec<f32>) {
        let base = self.pos.floor();
        let frac = self.pos - base;
        let phase = ((frac * PHASES as f64).round() as usize).min(PHASES);
        let taps = &self.table[phase * 2 * self.half..(phase + 1) * 2 * self.half];
        let start = base as usize + 1 - self.half;
        let window = &self.buf[start..start + 2 * self.half];
        out.push(window.iter().zip(taps).map(|(a, b)| a * b).sum());
        self.pos += self.step;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tone(freq: f64, rate: u32, seconds: f64) -> Vec<f32> {
        (0..(seconds * f64::from(rate)) as usize)
            .map(|i| (2.0 * PI * freq * i as f64 / f64::from(rate)).sin() as f32)
            .collect()
    }

    /// The amplitude of `freq` in `x` (a single-bin DFT).
    fn level(x: &[f32], freq: f64, rate: f64) -> f64 {
        let (mut re, mut im) = (0.0, 0.0);
        for (i, v) in x.iter().enumerate() {
            let a = 2.0 * PI * freq * i as f64 / rate;
            re += f64::from(*v) * a.cos();
            im += f64::from(*v) * a.sin();
        }
        2.0 * (re * re + im * im).sqrt() / x.len() as f64
    }

    fn convert(x: &[f32], from: u32, chunk: usize) -> Vec<f32> {
        let mut r = Resampler::new(from, 16_000);
        let mut out = Vec::new();
        for c in x.chunks(chunk) {
            r.push(c, &mut out);
        }
        r.finish(&mut out);
        out
    }

    #[test]
    fn keeps_speech_band_tones_and_the_length() {
        for from in [48_000, 44_100, 22_050, 8_000] {
            let out = convert(&tone(1000.0, from, 1.0), from, 1234);
            assert!((out.len() as i64 - 16_000).abs() <= 2, "{from} Hz: {} samples", out.len());
            let mid = &out[2000..14000];
            let amp = level(mid, 1000.0, 16_000.0);
            assert!((amp - 1.0).abs() < 0.02, "{from} Hz: a 1 kHz tone came out at amplitude {amp}");
        }
    }

    #[test]
    fn removes_what_16_khz_cannot_hold() {
        // 11 kHz is above 16 kHz's Nyquist frequency; it must not fold back
        // to 5 kHz.
        let out = convert(&tone(11_000.0, 48_000, 1.0), 48_000, 4800);
        let alias = level(&out[2000..14000], 5000.0, 16_000.0);
        assert!(alias < 0.01, "11 kHz aliased to 5 kHz at amplitude {alias}");
    }
}

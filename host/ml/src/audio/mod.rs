//! Recordings in, 16 kHz mono samples out, in-process: symphonia demuxes
//! WebM/Matroska, MP4, Ogg and WAV and decodes AAC, Vorbis, FLAC, MP3 and PCM;
//! mousiki decodes Opus (what Chromium and Firefox record). Channels are
//! mixed to mono and resampled to 16 kHz while decoding, so memory follows
//! the 16 kHz output, and decoding stops as soon as the output passes the
//! length limit.

mod opus;
mod resample;

use std::io::Cursor;
use std::path::Path;

use symphonia::core::audio::SampleBuffer;
use symphonia::core::codecs::{CODEC_TYPE_NULL, CODEC_TYPE_OPUS, DecoderOptions};
use symphonia::core::errors::Error as SymphoniaError;
use symphonia::core::formats::{FormatOptions, FormatReader, Packet};
use symphonia::core::io::{MediaSource, MediaSourceStream};
use symphonia::core::meta::MetadataOptions;
use symphonia::core::probe::Hint;

pub use resample::Resampler;

use crate::AudioError;

/// The rate every model here takes.
pub const SAMPLE_RATE: u32 = 16_000;

/// A recording to read: its bytes, or a file.
#[derive(Debug, Clone, Copy)]
pub enum Recording<'a> {
    Bytes(&'a [u8]),
    File(&'a Path),
}

/// Decoded audio: 16 kHz mono samples in [-1, 1].
#[derive(Debug, Clone, Default)]
pub struct Pcm {
    pub samples: Vec<f32>,
}

impl Pcm {
    pub fn seconds(&self) -> f64 {
        self.samples.len() as f64 / f64::from(SAMPLE_RATE)
    }
}

/// Decodes a recording to 16 kHz mono, refusing one longer than
/// `max_seconds` (checked against the container's stated length first, then
/// while decoding, so a 2-hour file costs neither the time nor the memory).
pub fn decode(recording: Recording<'_>, max_seconds: f64) -> Result<Pcm, AudioError> {
    // A decoder that panics on hostile data fails this recording, not the
    // worker that reads it.
    std::panic::catch_unwind(|| decode_unguarded(recording, max_seconds))
        .unwrap_or_else(|_| Err(AudioError::Corrupt("the decoder could not read it".into())))
}

fn decode_unguarded(recording: Recording<'_>, max_seconds: f64) -> Result<Pcm, AudioError> {
    let source: Box<dyn MediaSource> = match recording {
        Recording::Bytes([]) => return Err(AudioError::Empty),
        Recording::Bytes(bytes) => Box::new(Cursor::new(bytes.to_vec())),
        Recording::File(path) => {
            let file = std::fs::File::open(path).map_err(|e| AudioError::Corrupt(format!("cannot be opened ({e})")))?;
            if file.metadata().map(|m| m.len()).unwrap_or(0) == 0 {
                return Err(AudioError::Empty);
            }
            Box::new(file)
        }
    };
    let stream = MediaSourceStream::new(source, Default::default());
    let probed = symphonia::default::get_probe()
        .format(&Hint::new(), stream, &FormatOptions::default(), &MetadataOptions::default())
        .map_err(|e| match e {
            SymphoniaError::Unsupported(what) => {
                tracing::debug!(what, "no demuxer reads this recording");
                AudioError::UnknownFormat
            }
            // A demuxer knew the format but the data ended or broke first.
            SymphoniaError::IoError(_) => AudioError::Corrupt("it ends before any audio".into()),
            other => AudioError::Corrupt(other.to_string()),
        })?;
    let mut format = probed.format;
    let track = format
        .tracks()
        .iter()
        .find(|t| {
            let p = &t.codec_params;
            p.codec == CODEC_TYPE_OPUS || (p.codec != CODEC_TYPE_NULL && p.sample_rate.is_some())
        })
        .ok_or(AudioError::NoAudio)?
        .clone();
    let params = &track.codec_params;
    if let (Some(frames), Some(rate)) = (params.n_frames, params.sample_rate) {
        let seconds = frames as f64 / f64::from(rate);
        if seconds > max_seconds {
            return Err(AudioError::TooLong { seconds, limit: max_seconds });
        }
    }
    let mut out = Output::new(max_seconds);
    if params.codec == CODEC_TYPE_OPUS {
        let mut decoder = opus::OpusDecoder::new(params)?;
        read_packets(&mut *format, track.id, &mut out, |packet, out| decoder.decode(&packet.data, out))?;
    } else {
        let mut decoder = symphonia::default::get_codecs().make(params, &DecoderOptions::default()).map_err(|_| {
            let name = symphonia::default::get_codecs()
                .get_codec(params.codec)
                .map(|c| c.short_name.to_owned())
                .unwrap_or_else(|| format!("codec {}", params.codec));
            AudioError::UnsupportedCodec(name)
        })?;
        let mut buffer: Option<SampleBuffer<f32>> = None;
        read_packets(&mut *format, track.id, &mut out, |packet, out| {
            let decoded = match decoder.decode(packet) {
                Ok(decoded) => decoded,
                // A damaged packet is skipped, as players do; a stream of
                // nothing but damage ends with "no audio" below.
                Err(SymphoniaError::DecodeError(_)) => return Ok(()),
                Err(e) => return Err(AudioError::Corrupt(e.to_string())),
            };
            let spec = *decoded.spec();
            let buf = buffer.get_or_insert_with(|| SampleBuffer::new(decoded.capacity() as u64, spec));
            if buf.capacity() < decoded.capacity() * spec.channels.count() {
                *buf = SampleBuffer::new(decoded.capacity() as u64, spec);
            }
            buf.copy_interleaved_ref(decoded);
            out.push_interleaved(buf.samples(), spec.channels.count(), spec.rate)
        })?;
    }
    out.finish()
}

fn read_packets(
    format: &mut dyn FormatReader,
    track: u32,
    out: &mut Output,
    mut each: impl FnMut(&Packet, &mut Output) -> Result<(), AudioError>,
) -> Result<(), AudioError> {
    loop {
        let packet = match format.next_packet() {
            Ok(packet) => packet,
            Err(SymphoniaError::IoError(e)) if e.kind() == std::io::ErrorKind::UnexpectedEof => return Ok(()),
            Err(SymphoniaError::ResetRequired) => return Ok(()),
            // A recording cut short mid-packet (an upload that stopped)
            // keeps what was read before the damage.
            Err(e) if out.has_audio() => {
                tracing::debug!(error = %e, "recording ends in damaged data; keeping what came before");
                return Ok(());
            }
            Err(e) => return Err(AudioError::Corrupt(e.to_string())),
        };
        if packet.track_id() != track {
            continue;
        }
        each(&packet, out)?;
    }
}

/// Mixes to mono and resamples as samples arrive, and enforces the limit.
struct Output {
    samples: Vec<f32>,
    resampler: Option<(u32, Resampler)>,
    mono: Vec<f32>,
    max_samples: usize,
    limit: f64,
}

impl Output {
    fn new(max_seconds: f64) -> Self {
        Self {
            samples: Vec::new(),
            resampler: None,
            mono: Vec::new(),
            max_samples: (max_seconds * f64::from(SAMPLE_RATE)) as usize,
            limit: max_seconds,
        }
    }

    fn has_audio(&self) -> bool {
        !self.samples.is_empty() || self.resampler.is_some()
    }

    fn push_interleaved(&mut self, interleaved: &[f32], channels: usize, rate: u32) -> Result<(), AudioError> {
        if channels == 0 || rate == 0 {
            return Err(AudioError::Corrupt("a stream with no channels or no sample rate".into()));
        }
        self.mono.clear();
        self.mono.extend(interleaved.chunks_exact(channels).map(|frame| frame.iter().sum::<f32>() / channels as f32));
        match &mut self.resampler {
            Some((r, _)) if *r != rate => return Err(AudioError::Corrupt("the sample rate changes mid-stream".into())),
            Some(_) => {}
            None => self.resampler = Some((rate, Resampler::new(rate, SAMPLE_RATE))),
        }
        if let Some((_, resampler)) = &mut self.resampler {
            if rate == SAMPLE_RATE {
                self.samples.extend_from_slice(&self.mono);
            } else {
                resampler.push(&self.mono, &mut self.samples);
            }
        }
        if self.samples.len() > self.max_samples {
            let seconds = self.samples.len() as f64 / f64::from(SAMPLE_RATE);
            return Err(AudioError::TooLong { seconds, limit: self.limit });
        }
        Ok(())
    }

    fn finish(mut self) -> Result<Pcm, AudioError> {
        match &mut self.resampler {
            None => return Err(AudioError::NoAudio),
            Some((rate, resampler)) if *rate != SAMPLE_RATE => resampler.finish(&mut self.samples),
            Some(_) => {}
        }
        for s in &mut self.samples {
            *s = s.clamp(-1.0, 1.0);
        }
        Ok(Pcm { samples: self.samples })
    }
}

#[cfg(test)]
mod tests;

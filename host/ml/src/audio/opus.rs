//! Opus packets (from a WebM or Ogg track) decoded by mousiki, a pure-Rust
//! port of the reference decoder, at 48 kHz as Opus always is.

use mousiki::{Channels, Decoder};
use symphonia::core::codecs::CodecParameters;

use super::Output;
use crate::AudioError;

const RATE: u32 = 48_000;
/// The longest Opus packet: 120 ms at 48 kHz.
const MAX_FRAME: usize = 5760;

pub struct OpusDecoder {
    decoder: Decoder,
    channels: usize,
    /// Samples the encoder asked the decoder to drop at the start.
    skip: usize,
    pcm: Vec<f32>,
}

impl OpusDecoder {
    pub fn new(params: &CodecParameters) -> Result<Self, AudioError> {
        // OpusHead: "OpusHead", version, channel count, pre-skip (u16 LE), ...
        let head = params.extra_data.as_deref().filter(|h| h.len() >= 19 && h.starts_with(b"OpusHead"));
        let channels = head.map(|h| usize::from(h[9])).or_else(|| params.channels.map(|c| c.count())).unwrap_or(1);
        let skip = head.map(|h| usize::from(u16::from_le_bytes([h[10], h[11]]))).unwrap_or(0);
        let layout = match channels {
            1 => Channels::Mono,
            2 => Channels::Stereo,
            n => return Err(AudioError::UnsupportedCodec(format!("Opus with {n} channels"))),
        };
        let decoder =
            Decoder::new(RATE, layout).map_err(|e| AudioError::Corrupt(format!("Opus decoder setup failed: {e:?}")))?;
        Ok(Self { decoder, channels, skip, pcm: vec![0.0; MAX_FRAME * channels] })
    }

    pub fn decode(&mut self, packet: &[u8], out: &mut Output) -> Result<(), AudioError> {
        let frames = match self.decoder.decode_float(packet, &mut self.pcm, false) {
            Ok(frames) => frames,
            // As with other codecs: a damaged packet is skipped.
            Err(e) => {
                tracing::debug!(error = ?e, "skipping an Opus packet that does not decode");
                return Ok(());
            }
        };
        let mut samples = &self.pcm[..frames * self.channels];
        if self.skip > 0 {
            let dropped = self.skip.min(frames);
            self.skip -= dropped;
            samples = &samples[dropped * self.channels..];
        }
        out.push_interleaved(samples, self.channels, RATE)
    }
}

//! Test recordings made in code: WAV files, WebM/Opus as browsers record it
//! (an unknown-size segment, SimpleBlocks, no duration), and speech from
//! espeak-ng.

use mousiki::{Application, Channels, Encoder};

use crate::audio::Resampler;

/// A 16-bit PCM WAV file.
pub fn wav(samples: &[f32], rate: u32, channels: u16) -> Vec<u8> {
    let data_len = (samples.len() * 2) as u32;
    let mut out = Vec::with_capacity(44 + samples.len() * 2);
    out.extend_from_slice(b"RIFF");
    out.extend_from_slice(&(36 + data_len).to_le_bytes());
    out.extend_from_slice(b"WAVEfmt ");
    out.extend_from_slice(&16u32.to_le_bytes());
    out.extend_from_slice(&1u16.to_le_bytes());
    out.extend_from_slice(&channels.to_le_bytes());
    out.extend_from_slice(&rate.to_le_bytes());
    out.extend_from_slice(&(rate * 2 * u32::from(channels)).to_le_bytes());
    out.extend_from_slice(&(2 * channels).to_le_bytes());
    out.extend_from_slice(&16u16.to_le_bytes());
    out.extend_from_slice(b"data");
    out.extend_from_slice(&data_len.to_le_bytes());
    for s in samples {
        out.extend_from_slice(&((s.clamp(-1.0, 1.0) * 32767.0) as i16).to_le_bytes());
    }
    out
}

/// Mono samples of a 16-bit WAV (what espeak-ng writes).
pub fn read_wav(bytes: &[u8]) -> (Vec<f32>, u32) {
    assert!(bytes.len() > 44 && &bytes[..4] == b"RIFF", "not a WAV file");
    let rate = u32::from_le_bytes([bytes[24], bytes[25], bytes[26], bytes[27]]);
    // Find the data chunk (espeak-ng's header is the plain 44 bytes, but be
    // safe), then read to the end: espeak-ng streaming to stdout leaves the
    // sizes unset.
    let mut at = 12;
    while at + 8 <= bytes.len() && &bytes[at..at + 4] != b"data" {
        let len = u32::from_le_bytes([bytes[at + 4], bytes[at + 5], bytes[at + 6], bytes[at + 7]]) as usize;
        at += 8 + len;
    }
    let samples =
        bytes[at + 8..].chunks_exact(2).map(|c| f32::from(i16::from_le_bytes([c[0], c[1]])) / 32768.0).collect();
    (samples, rate)
}

/// English or Mandarin speech from espeak-ng, as a WAV file.
pub fn speak(voice: &str, text: &str) -> Vec<u8> {
    speak_at(voice, 150, text)
}

/// Mandarin that Whisper base identifies as Mandarin when detecting among zh
/// and en (as the transcription queue does): espeak-ng's pinyin voice, slower
/// than its default, saying "our team finished the project two weeks early;
/// the customer was very happy with the new plan". Most pinyin sentences are
/// heard as English; this one was checked at 110, 120 and 130 words a minute.
pub const MANDARIN_PINYIN: &str =
    "wo3 men5 tuan2 dui4 ti2 qian2 liang3 zhou1 wan2 cheng2 le5 xiang4 mu4. ke4 hu4 dui4 xin1 fang1 an4 hen3 man3 yi4.";

/// [`MANDARIN_PINYIN`] as espeak-ng says it, as a WAV file.
pub fn speak_mandarin() -> Vec<u8> {
    speak_at("cmn-latn-pinyin", 120, MANDARIN_PINYIN)
}

/// espeak-ng's `voice` saying `text` at `words_per_minute`, as a WAV file.
pub fn speak_at(voice: &str, words_per_minute: u32, text: &str) -> Vec<u8> {
    static N: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    // To a file: on stdout espeak-ng cannot fill in the WAV header's sizes.
    let n = N.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let path = std::env::temp_dir().join(format!("panel-ml-speech-{}-{n}.wav", std::process::id()));
    let out = std::process::Command::new("espeak-ng")
        .args(["-v", voice, "-s", &words_per_minute.to_string(), "-w"])
        .arg(&path)
        .arg(text)
        .output()
        .expect("espeak-ng is needed for the speech tests: `cargo xtask test` installs it (apt-get install espeak-ng)");
    assert!(out.status.success(), "espeak-ng failed: {}", String::from_utf8_lossy(&out.stderr));
    let bytes = std::fs::read(&path).expect("espeak-ng's WAV");
    let _ = std::fs::remove_file(&path);
    bytes
}

pub fn resample(samples: &[f32], from: u32, to: u32) -> Vec<f32> {
    let mut r = Resampler::new(from, to);
    let mut out = Vec::new();
    r.push(samples, &mut out);
    r.finish(&mut out);
    out
}

fn ebml(id: &[u8], body: &[u8]) -> Vec<u8> {
    let mut out = id.to_vec();
    out.push(0x01); // an 8-byte size: a 0x01 marker byte, then 7 bytes
    out.extend_from_slice(&(body.len() as u64).to_be_bytes()[1..]);
    out.extend_from_slice(body);
    out
}

fn uint(id: &[u8], v: u64) -> Vec<u8> {
    ebml(id, &v.to_be_bytes())
}

/// 48 kHz mono samples as WebM/Opus, the way MediaRecorder writes it.
pub fn webm_opus(samples_48k: &[f32]) -> Vec<u8> {
    let mut head = b"OpusHead".to_vec();
    head.push(1);
    head.push(1);
    head.extend_from_slice(&312u16.to_le_bytes());
    head.extend_from_slice(&48_000u32.to_le_bytes());
    head.extend_from_slice(&0i16.to_le_bytes());
    head.push(0);

    let header = [
        uint(&[0x42, 0x86], 1),
        uint(&[0x42, 0xF7], 1),
        uint(&[0x42, 0xF2], 4),
        uint(&[0x42, 0xF3], 8),
        ebml(&[0x42, 0x82], b"webm"),
        uint(&[0x42, 0x87], 4),
        uint(&[0x42, 0x85], 2),
    ]
    .concat();
    let mut out = ebml(&[0x1A, 0x45, 0xDF, 0xA3], &header);
    // Segment of unknown size, as a live recorder writes it.
    out.extend_from_slice(&[0x18, 0x53, 0x80, 0x67, 0x01, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF]);
    out.extend(ebml(
        &[0x15, 0x49, 0xA9, 0x66],
        &[uint(&[0x2A, 0xD7, 0xB1], 1_000_000), ebml(&[0x4D, 0x80], b"panel-test")].concat(),
    ));
    let audio = [ebml(&[0xB5], &48_000f64.to_be_bytes()), uint(&[0x9F], 1)].concat();
    let track = [
        uint(&[0xD7], 1),
        uint(&[0x73, 0xC5], 1),
        uint(&[0x83], 2),
        ebml(&[0x86], b"A_OPUS"),
        ebml(&[0x63, 0xA2], &head),
        ebml(&[0xE1], &audio),
    ]
    .concat();
    out.extend(ebml(&[0x16, 0x54, 0xAE, 0x6B], &ebml(&[0xAE], &track)));

    let mut encoder = Encoder::new(48_000, Channels::Mono, Application::Voip).expect("Opus encoder");
    let mut padded = vec![0.0f32; 312];
    padded.extend_from_slice(samples_48k);
    let frame = 960; // 20 ms
    padded.resize(padded.len().div_ceil(frame) * frame, 0.0);
    let mut packet = vec![0u8; 4000];
    let mut cluster: Vec<u8> = Vec::new();
    let mut cluster_ms = 0u64;
    for (i, chunk) in padded.chunks(frame).enumerate() {
        let ms = i as u64 * 20;
        if ms - cluster_ms >= 1000 && !cluster.is_empty() {
            out.extend(ebml(&[0x1F, 0x43, 0xB6, 0x75], &cluster));
            cluster.clear();
        }
        if cluster.is_empty() {
            cluster_ms = ms;
            cluster.extend(uint(&[0xE7], cluster_ms));
        }
        let n = encoder.encode_float(chunk, &mut packet).expect("Opus encode");
        let mut block = vec![0x81];
        block.extend_from_slice(&((ms - cluster_ms) as i16).to_be_bytes());
        block.push(0x80);
        block.extend_from_slice(&packet[..n]);
        cluster.extend(ebml(&[0xA3], &block));
    }
    out.extend(ebml(&[0x1F, 0x43, 0xB6, 0x75], &cluster));
    out
}

/// Word error rate of `got` against `want`, ignoring case and punctuation.
pub fn wer(want: &str, got: &str) -> f64 {
    let words = |s: &str| -> Vec<String> {
        s.to_lowercase()
            .split(|c: char| !c.is_alphanumeric() && c != '\'')
            .filter(|w| !w.is_empty())
            .map(str::to_owned)
            .collect()
    };
    let (a, b) = (words(want), words(got));
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for i in 1..=a.len() {
        let mut prev = row[0];
        row[0] = i;
        for j in 1..=b.len() {
            let cur = row[j];
            row[j] = (prev + usize::from(a[i - 1] != b[j - 1])).min(row[j] + 1).min(row[j - 1] + 1);
            prev = cur;
        }
    }
    row[b.len()] as f64 / a.len().max(1) as f64
}

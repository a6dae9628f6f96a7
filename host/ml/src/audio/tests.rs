use super::*;
use crate::testing::{wav, webm_opus};

fn tone(freq: f32, rate: u32, seconds: f32) -> Vec<f32> {
    (0..(seconds * rate as f32) as usize)
        .map(|i| (2.0 * std::f32::consts::PI * freq * i as f32 / rate as f32).sin() * 0.5)
        .collect()
}

#[test]
fn wav_stereo_44k_becomes_16k_mono() {
    let mono = tone(440.0, 44_100, 2.0);
    let stereo: Vec<f32> = mono.iter().flat_map(|s| [*s, *s]).collect();
    let pcm = decode(Recording::Bytes(&wav(&stereo, 44_100, 2)), 60.0).expect("decodes");
    assert!((pcm.seconds() - 2.0).abs() < 0.01, "{} s", pcm.seconds());
    let peak = pcm.samples.iter().fold(0.0f32, |m, s| m.max(s.abs()));
    assert!((peak - 0.5).abs() < 0.03, "peak {peak}");
}

#[test]
fn webm_opus_as_browsers_record_it_decodes() {
    let pcm = decode(Recording::Bytes(&webm_opus(&tone(440.0, 48_000, 3.0))), 60.0).expect("WebM/Opus decodes");
    assert!((pcm.seconds() - 3.0).abs() < 0.1, "{} s", pcm.seconds());
    let rms = (pcm.samples[8000..40000].iter().map(|s| s * s).sum::<f32>() / 32000.0).sqrt();
    assert!(rms > 0.25, "the tone survives Opus (rms {rms})");
}

#[test]
fn empty_unknown_and_damaged_input_get_clear_errors() {
    assert_eq!(decode(Recording::Bytes(&[]), 60.0).unwrap_err(), AudioError::Empty);
    let text = b"this is a text file, not a recording at all".repeat(20);
    assert_eq!(decode(Recording::Bytes(&text), 60.0).unwrap_err(), AudioError::UnknownFormat);
    let png = [&[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A][..], &[0u8; 500]].concat();
    assert_eq!(decode(Recording::Bytes(&png), 60.0).unwrap_err(), AudioError::UnknownFormat);
    // A WebM header followed by garbage: not silently "no speech".
    let mut webm = webm_opus(&tone(440.0, 48_000, 1.0));
    webm.truncate(200);
    webm.extend(std::iter::repeat_n(0xAB, 5000));
    assert!(
        matches!(decode(Recording::Bytes(&webm), 60.0), Err(AudioError::Corrupt(_) | AudioError::NoAudio)),
        "{:?}",
        decode(Recording::Bytes(&webm), 60.0)
    );
    let err = decode(Recording::File(Path::new("/nonexistent/answer.webm")), 60.0).unwrap_err();
    assert!(matches!(err, AudioError::Corrupt(_)));
}

#[test]
fn a_recording_cut_short_keeps_what_came_before() {
    let full = webm_opus(&tone(440.0, 48_000, 4.0));
    let cut = &full[..full.len() * 3 / 4];
    let pcm = decode(Recording::Bytes(cut), 60.0).expect("the first part decodes");
    assert!(pcm.seconds() > 2.0 && pcm.seconds() < 3.6, "{} s", pcm.seconds());
}

#[test]
fn over_long_recordings_are_refused_without_decoding_them() {
    // A WAV header claiming two hours of 48 kHz stereo (1.4 GB), with one
    // second of data: refused from the header alone.
    let mut two_hours = wav(&tone(440.0, 48_000, 1.0), 48_000, 2);
    let claimed: u32 = 2 * 3600 * 48_000 * 4;
    two_hours[40..44].copy_from_slice(&claimed.to_le_bytes());
    two_hours[4..8].copy_from_slice(&(claimed + 36).to_le_bytes());
    match decode(Recording::Bytes(&two_hours), 20.0 * 60.0) {
        Err(AudioError::TooLong { seconds, limit }) => {
            assert!((seconds - 7200.0).abs() < 1.0 && limit == 1200.0, "{seconds} {limit}")
        }
        other => panic!("expected TooLong, got {other:?}"),
    }
    // WebM as recorded has no duration: stopped while decoding.
    let webm = webm_opus(&tone(440.0, 48_000, 5.0));
    assert!(matches!(decode(Recording::Bytes(&webm), 2.0), Err(AudioError::TooLong { .. })));
}

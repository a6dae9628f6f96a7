use super::models;
use crate::testing::{read_wav, resample, speak, wav, webm_opus, wer};
use crate::{AudioError, Recording, TranscribeError, TranscribeOptions, Transcriber, Transcription};

/// Sentences an interview answer might hold, as espeak-ng says them.
const ENGLISH: [&str; 3] = [
    "I asked my manager to review my work every week.",
    "Our team finished the project two weeks early.",
    "The customer was happy with the new plan.",
];

fn transcript(bytes: &[u8], options: &TranscribeOptions) -> crate::Transcript {
    match models().transcriber.transcribe(Recording::Bytes(bytes), options).expect("transcribes") {
        Transcription::Speech(t) => t,
        other => panic!("expected speech, got {other:?}"),
    }
}

#[test]
fn english_speech_is_transcribed_within_10_percent_word_error() {
    let mut errors = 0.0;
    let mut words = 0.0;
    for sentence in ENGLISH {
        let t = transcript(&speak("en-us", sentence), &TranscribeOptions::default());
        assert_eq!(t.language, "en");
        let n = sentence.split_whitespace().count() as f64;
        errors += wer(sentence, &t.text) * n;
        words += n;
        assert_eq!(t.segments.len(), 1);
        assert!(t.confidence > 0.3 && t.confidence <= 1.0, "confidence {}", t.confidence);
        let seg = &t.segments[0];
        assert!(seg.start_ms < 500 && seg.end_ms as f64 <= t.seconds * 1000.0 + 1.0, "{seg:?}");
    }
    assert!(errors / words <= 0.10, "word error rate {:.1} %", 100.0 * errors / words);
}

#[test]
fn webm_opus_speech_is_transcribed() {
    let (samples, rate) = read_wav(&speak("en-us", ENGLISH[1]));
    let webm = webm_opus(&resample(&samples, rate, 48_000));
    let t = transcript(&webm, &TranscribeOptions::default());
    assert!(wer(ENGLISH[1], &t.text) <= 0.10, "{:?}", t.text);
}

/// espeak-ng's Mandarin voice reads Han characters out as English and its
/// pinyin voice is mostly heard as Thai or English; language identification
/// of zh is checked through the queue (`tests/transcription.rs`) on
/// [`crate::testing::MANDARIN_PINYIN`], a sentence Whisper base does hear as
/// Mandarin. This checks the zh path on another sentence once the language
/// is known (the prompt, Han output, Traditional -> Simplified).
#[test]
fn mandarin_comes_out_in_simplified_characters() {
    let said = "wo3 zai4 men2 dian4 zuo4 dian4 zhang3 de5 shi2 hou4, tou2 su4 liang4 xia4 jiang4 le5 san1 cheng2.";
    let options = TranscribeOptions { language: Some("zh".into()), ..Default::default() };
    let t = transcript(&speak("cmn-latn-pinyin", said), &options);
    assert_eq!(t.language, "zh");
    let han = t.text.chars().filter(|c| ('\u{4e00}'..='\u{9fff}').contains(c)).count();
    assert!(han >= 3, "expected Chinese characters, heard {:?}", t.text);
    assert_eq!(fast2s::convert(&t.text), t.text, "Traditional characters left in {:?}", t.text);
}

#[test]
fn silence_and_noise_are_no_speech() {
    let mut seed = 1u32;
    let hiss: Vec<f32> = (0..16_000 * 8)
        .map(|_| {
            seed = seed.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
            (seed >> 8) as f32 / (1u32 << 24) as f32 * 0.002 - 0.001
        })
        .collect();
    for (what, samples) in [("silence", vec![0.0; 16_000 * 8]), ("hiss", hiss)] {
        let out = models().transcriber.transcribe(Recording::Bytes(&wav(&samples, 16_000, 1)), &Default::default());
        match out {
            Ok(Transcription::NoSpeech { seconds }) => assert!((seconds - 8.0).abs() < 0.01),
            other => panic!("{what}: expected no speech, got {other:?}"),
        }
    }
}

#[test]
fn a_long_answer_with_pauses_is_split_into_timed_segments() {
    let mut samples = Vec::new();
    let mut rate = 0;
    for (i, sentence) in ENGLISH.iter().cycle().take(6).enumerate() {
        let (s, r) = read_wav(&speak("en-us", sentence));
        rate = r;
        samples.extend(s);
        // Pauses long enough to end a stretch of speech.
        samples.extend(std::iter::repeat_n(0.0, r as usize * (2 + i % 2)));
    }
    let t = transcript(&wav(&samples, rate, 1), &TranscribeOptions::default());
    assert!(t.seconds > 30.0, "the answer is longer than one window ({} s)", t.seconds);
    assert!(t.segments.len() >= 2, "{:?}", t.segments);
    assert!(t.segments.windows(2).all(|w| w[0].end_ms <= w[1].start_ms), "segments in order without overlap");
    assert!(t.segments.iter().all(|s| s.end_ms - s.start_ms <= 30_000));
    let want = ENGLISH.iter().cycle().take(6).copied().collect::<Vec<_>>().join(" ");
    assert!(wer(&want, &t.text) <= 0.15, "{:?}", t.text);
}

#[test]
fn bad_recordings_get_a_clear_outcome() {
    let w = &models().transcriber;
    let err = w.transcribe(Recording::Bytes(&[]), &Default::default()).unwrap_err();
    assert!(matches!(err, TranscribeError::Audio(AudioError::Empty)), "{err}");
    let err = w.transcribe(Recording::Bytes(&[7u8; 3000]), &Default::default()).unwrap_err();
    assert!(matches!(err, TranscribeError::Audio(AudioError::UnknownFormat)), "{err}");
    let options = TranscribeOptions { max_seconds: 1.0, ..Default::default() };
    let err = w.transcribe(Recording::Bytes(&speak("en-us", ENGLISH[0])), &options).unwrap_err();
    assert!(err.to_string().contains("limit"), "{err}");
}

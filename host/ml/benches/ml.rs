//! The on-device models on this machine: model load time, transcription's
//! real-time factor, embedding throughput, and the process's peak memory with
//! both models loaded. Run by `cargo xtask bench` (which builds the models);
//! needs espeak-ng for the speech it transcribes.

use std::hint::black_box;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use panel_ml::{Embedder, Models, Recording, TextKind, TranscribeOptions, Transcriber};

const THREADS: usize = 2;

fn models_dir() -> PathBuf {
    std::env::var_os("PANEL_MODELS")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/models"))
}

/// About 25 s of English answer from espeak-ng, as a WAV file.
fn answer() -> Vec<u8> {
    let text = "Last year our team finished the project two weeks early. The customer was happy with the new plan. \
                I asked my manager to review my work every week, and we agreed on clear goals for the next quarter. \
                When a delivery was late, I called the client, explained what had happened, and we fixed it together.";
    let path = std::env::temp_dir().join(format!("panel-ml-bench-{}.wav", std::process::id()));
    let status = std::process::Command::new("espeak-ng")
        .args(["-v", "en-us", "-s", "150", "-w"])
        .arg(&path)
        .arg(text)
        .status()
        .expect("espeak-ng (apt-get install espeak-ng)");
    assert!(status.success());
    let bytes = std::fs::read(&path).expect("espeak-ng's WAV");
    let _ = std::fs::remove_file(&path);
    bytes
}

/// `VmHWM` (peak) or `VmRSS` (now) of this process, in MiB.
fn memory_mib(field: &str) -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let kib: f64 = status
        .lines()
        .find(|l| l.starts_with(field))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(0.0);
    kib / 1024.0
}

fn bench(c: &mut Criterion) {
    let dir = models_dir();
    let started = Instant::now();
    let opened = panel_ml::ModelsDir::open(&dir).unwrap_or_else(|e| panic!("{e}"));
    let transcriber = panel_ml::Whisper::load(&opened, THREADS).unwrap_or_else(|e| panic!("{e}"));
    eprintln!(
        "ml: Whisper and the VAD loaded: peak {:.0} MiB, resident {:.0} MiB",
        memory_mib("VmHWM:"),
        memory_mib("VmRSS:")
    );
    let embedder = panel_ml::E5::load(&opened, THREADS).unwrap_or_else(|e| panic!("{e}"));
    let models = Models { transcriber, embedder };
    eprintln!("ml: and e5: peak {:.0} MiB, resident {:.0} MiB", memory_mib("VmHWM:"), memory_mib("VmRSS:"));
    eprintln!("ml: both models loaded (checksums verified) in {:.2} s", started.elapsed().as_secs_f64());

    let mut group = c.benchmark_group("ml");
    group.sample_size(10).measurement_time(Duration::from_secs(20));

    let wav = answer();
    let options = TranscribeOptions::default();
    let seconds = match models.transcriber.transcribe(Recording::Bytes(&wav), &options).expect("transcribes") {
        panel_ml::Transcription::Speech(t) => t.seconds,
        other => panic!("expected speech, got {other:?}"),
    };
    black_box(models.embedder.embed(&["warm-up"], TextKind::Query).expect("embeds"));
    // What a server holds with both models loaded and each used once.
    eprintln!(
        "ml: memory with both models loaded and used: peak {:.0} MiB, resident {:.0} MiB",
        memory_mib("VmHWM:"),
        memory_mib("VmRSS:")
    );
    let t = Instant::now();
    let runs = 3;
    for _ in 0..runs {
        black_box(models.transcriber.transcribe(Recording::Bytes(&wav), &options).expect("transcribes"));
    }
    let per_run = t.elapsed().as_secs_f64() / f64::from(runs);
    eprintln!(
        "ml: transcription of {seconds:.1} s of speech: {per_run:.2} s, real-time factor {:.3}",
        per_run / seconds
    );
    group.bench_function(format!("transcribe {seconds:.0} s answer"), |b| {
        b.iter(|| black_box(models.transcriber.transcribe(Recording::Bytes(&wav), &options).expect("transcribes")))
    });

    let texts: Vec<String> = (0..32)
        .map(|i| {
            if i % 2 == 0 {
                format!("Answer {i}: I listened to the customer, apologised and fixed the refund the same day.")
            } else {
                format!("回答{i}：我先倾听客户的意见，道歉后当天处理好了退款，并电话回访。")
            }
        })
        .collect();
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    group.throughput(Throughput::Elements(refs.len() as u64));
    group.bench_function("embed 32 texts (batched)", |b| {
        b.iter(|| black_box(models.embedder.embed(&refs, TextKind::Passage).expect("embeds")))
    });
    group.throughput(Throughput::Elements(1));
    group.bench_function("embed 1 text", |b| {
        b.iter(|| black_box(models.embedder.embed(&refs[..1], TextKind::Query).expect("embeds")))
    });
    // Last: loading more sessions raises the process's peak memory.
    group.bench_function("load e5 (checksums, session)", |b| {
        b.iter(|| panel_ml::E5::load(&panel_ml::ModelsDir::open(&dir).expect("dir"), THREADS).expect("e5"))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);

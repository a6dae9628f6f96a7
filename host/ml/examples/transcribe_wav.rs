//! Tuning aid (not shipped): transcribes WAV/WebM files with the queue's
//! options (language detected among zh and en) and prints language and text.
//! `transcribe_wav MODELS_DIR FILE...`
use panel_ml::{Recording, TranscribeOptions, Transcriber};

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = args.next().expect("models dir");
    let models = panel_ml::Models::open(std::path::Path::new(&dir), 2).expect("models");
    let options = TranscribeOptions { languages: vec!["zh".into(), "en".into()], ..TranscribeOptions::default() };
    for file in args {
        let out = models.transcriber.transcribe(Recording::File(std::path::Path::new(&file)), &options);
        println!("{file}: {out:?}");
    }
}

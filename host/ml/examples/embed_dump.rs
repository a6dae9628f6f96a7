//! Tuning aid (not shipped): embeds a JSON array of texts as e5 queries and
//! prints a JSON array of vectors. `embed_dump MODELS_DIR < texts.json`.
use std::io::Read;

use panel_ml::{Embedder, TextKind};

fn main() {
    let dir = std::env::args().nth(1).expect("models dir");
    let models = panel_ml::Models::open(std::path::Path::new(&dir), 2).expect("models");
    let mut input = String::new();
    std::io::stdin().read_to_string(&mut input).expect("stdin");
    let texts: Vec<String> = serde_json::from_str(&input).expect("json");
    let mut out = Vec::new();
    // "passage: " texts as e5 passages, the rest as queries (the host's convention).
    for chunk in texts.chunks(32) {
        for t in chunk {
            let (kind, text) = match t.strip_prefix("passage: ") {
                Some(rest) => (TextKind::Passage, rest),
                None => (TextKind::Query, t.as_str()),
            };
            out.extend(models.embedder.embed(&[text], kind).expect("embed"));
        }
    }
    println!("{}", serde_json::to_string(&out).expect("json"));
}

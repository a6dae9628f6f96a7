//! e5's SentencePiece Unigram tokenizer, read from its `tokenizer.json`.
//!
//! The `tokenizers` crate loads the same file, but its Unigram model keeps a
//! byte trie of the 250,000 pieces that costs ~280 MB of memory; this keeps a
//! hash map (~25 MB) and finds the same best segmentation with the same
//! Viterbi search (a test checks the two agree). The normaliser is the
//! `tokenizers` crate's own, built from the file's `normalizer` section.

use std::collections::HashMap;
use std::path::Path;

use serde::Deserialize;
use tokenizers::normalizers::NormalizerWrapper;
use tokenizers::{NormalizedString, Normalizer};

const METASPACE: char = '\u{2581}';
/// SentencePiece's penalty for an unknown character below the lowest score.
const UNK_PENALTY: f64 = 10.0;

#[derive(Deserialize)]
struct File {
    normalizer: NormalizerWrapper,
    model: Model,
}

#[derive(Deserialize)]
struct Model {
    vocab: Vec<(String, f64)>,
    unk_id: u32,
}

pub struct Unigram {
    ids: HashMap<Box<str>, u32>,
    scores: Vec<f64>,
    longest: usize,
    unk: u32,
    unk_score: f64,
    bos: u32,
    eos: u32,
    normalizer: NormalizerWrapper,
}

impl Unigram {
    pub fn from_file(path: &Path) -> Result<Self, String> {
        let text = std::fs::read_to_string(path).map_err(|e| e.to_string())?;
        let file: File = serde_json::from_str(&text).map_err(|e| e.to_string())?;
        drop(text);
        let id_of = |piece: &str| {
            file.model.vocab.iter().position(|(p, _)| p == piece).map(|i| i as u32).ok_or(format!("no {piece} piece"))
        };
        let (bos, eos) = (id_of("<s>")?, id_of("</s>")?);
        let unk = file.model.unk_id;
        let scores: Vec<f64> = file.model.vocab.iter().map(|(_, s)| *s).collect();
        let min = scores.iter().copied().fold(f64::INFINITY, f64::min);
        let mut ids = HashMap::with_capacity(file.model.vocab.len());
        let mut longest = 1;
        for (id, (piece, _)) in file.model.vocab.into_iter().enumerate() {
            // Control pieces are matched by the caller, never in text.
            if piece.starts_with('<') && piece.ends_with('>') && piece.len() > 2 {
                continue;
            }
            longest = longest.max(piece.len());
            ids.insert(piece.into_boxed_str(), id as u32);
        }
        Ok(Self { ids, scores, longest, unk, unk_score: min - UNK_PENALTY, bos, eos, normalizer: file.normalizer })
    }

    /// `<s>`, the text's pieces (at most `max_tokens - 2` of them), `</s>`.
    pub fn encode(&self, text: &str, max_tokens: usize) -> Result<Vec<u32>, String> {
        let mut normalized = NormalizedString::from(text);
        self.normalizer.normalize(&mut normalized).map_err(|e| e.to_string())?;
        let mut spaced: String = normalized.get().replace(' ', "\u{2581}");
        if !spaced.is_empty() && !spaced.starts_with(METASPACE) {
            spaced.insert(0, METASPACE);
        }
        let mut out = vec![self.bos];
        let budget = max_tokens.saturating_sub(1);
        // Each word (a metaspace and what follows it) on its own.
        let mut start = 0;
        for (i, _) in spaced.match_indices(METASPACE).skip(1).chain(std::iter::once((spaced.len(), ""))) {
            self.segment(&spaced[start..i], &mut out);
            start = i;
            if out.len() >= budget {
                break;
            }
        }
        out.truncate(budget);
        out.push(self.eos);
        Ok(out)
    }

    /// The best-scoring segmentation of one word; runs of unknown characters
    /// become one `<unk>`.
    fn segment(&self, word: &str, out: &mut Vec<u32>) {
        #[derive(Clone, Copy)]
        struct Best {
            score: f64,
            from: usize,
            id: u32,
        }
        let n = word.len();
        let mut best: Vec<Option<Best>> = vec![None; n + 1];
        best[0] = Some(Best { score: 0.0, from: 0, id: 0 });
        for (start, c) in word.char_indices() {
            let Some(here) = best[start] else { continue };
            let mut single = false;
            for (end, _) in
                word[start..].char_indices().skip(1).map(|(i, c)| (start + i, c)).chain(std::iter::once((n, ' ')))
            {
                if end - start > self.longest {
                    break;
                }
                if let Some(&id) = self.ids.get(&word[start..end]) {
                    single |= end - start == c.len_utf8();
                    let score = here.score + self.scores[id as usize];
                    if best[end].is_none_or(|b| score > b.score) {
                        best[end] = Some(Best { score, from: start, id });
                    }
                }
            }
            if !single {
                let end = start + c.len_utf8();
                let score = here.score + self.unk_score;
                if best[end].is_none_or(|b| score > b.score) {
                    best[end] = Some(Best { score, from: start, id: self.unk });
                }
            }
        }
        let mut pieces = Vec::new();
        let mut end = n;
        while end > 0 {
            let Some(b) = best[end] else { break };
            if !(b.id == self.unk && pieces.last() == Some(&self.unk)) {
                pieces.push(b.id);
            }
            end = b.from;
        }
        out.extend(pieces.into_iter().rev());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agrees_with_the_tokenizers_crate_on_the_same_file() {
        let path = crate::tests::models_dir().join("e5-small/tokenizer.json");
        let ours = Unigram::from_file(&path).expect("loads");
        let mut theirs = tokenizers::Tokenizer::from_file(&path).expect("tokenizers loads it");
        theirs
            .with_truncation(Some(tokenizers::TruncationParams { max_length: 512, ..Default::default() }))
            .expect("truncation");
        let long = "We rebuilt the returns process, and complaints fell. ".repeat(80);
        let texts = [
            "query: Tell us about a time you solved a problem at work.",
            "passage: 我在门店做店长时，投诉量下降了三成。",
            "passage: 项目按期完工，额外成本控制在预算的百分之二以内",
            "  leading   and\ttabbed\nspaces  ",
            "Ｆｕｌｌｗｉｄｔｈ ﬁne café naïve Zoë 1½ ①",
            "emoji 🙂 and rare 𐞃 characters ꟲꟲ",
            "",
            "Déjà vu: l'équipe a réduit les délais de moitié.",
            long.as_str(),
        ];
        for text in texts {
            let want = theirs.encode(text, true).expect("encodes").get_ids().to_vec();
            assert_eq!(ours.encode(text, 512).expect("encodes"), want, "{text:?}");
        }
    }
}

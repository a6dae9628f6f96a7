//! Sentence embeddings with multilingual-e5-small (int8 ONNX, see
//! `xtask/models/e5.py`): texts are prefixed ("query: " / "passage: ", as the
//! model was trained), tokenized with its SentencePiece vocabulary (`unigram.rs`), truncated
//! to 512 tokens, batched by length, and embedded as L2-normalised 384-d
//! vectors (the graph pools and normalises).
//!
//! Activations are quantised per batch at run time, so a text's vector moves
//! slightly with its batch companions (cosine ≥ 0.99 to itself alone):
//! compare with a tolerance, and store the vector that was used.

use std::sync::Mutex;
use std::time::Instant;

use ort::session::Session;
use ort::value::Tensor;

mod unigram;

use unigram::Unigram;

use crate::{EmbedError, EmbedLimits, Embedder, ModelError, ModelInfo, ModelsDir, TextKind, runtime};

pub const DIMENSIONS: usize = 384;
const MAX_TOKENS: usize = 512;
const PAD_ID: i64 = 1;
/// Tokens per run (texts × longest), bounding activation memory.
const BATCH_TOKENS: usize = 4096;

pub struct E5 {
    info: ModelInfo,
    session: Mutex<Session>,
    tokenizer: Unigram,
    limits: EmbedLimits,
}

impl std::fmt::Debug for E5 {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("E5").field("model", &self.info).field("limits", &self.limits).finish_non_exhaustive()
    }
}

impl E5 {
    pub fn load(models: &ModelsDir, threads: usize) -> Result<Self, ModelError> {
        let info = models.verify("e5-small")?;
        let env = runtime::environment(models)?;
        let session = runtime::session(&env, &models.file("e5-small/model.onnx")?, threads)?;
        let tokenizer = Unigram::from_file(&models.file("e5-small/tokenizer.json")?)
            .map_err(|message| ModelError::Load { what: "the e5 tokenizer".into(), message })?;
        Ok(Self { info, session, tokenizer, limits: EmbedLimits::default() })
    }

    fn run(&self, batch: &[&[u32]]) -> Result<Vec<Vec<f32>>, String> {
        let width = batch.iter().map(|ids| ids.len()).max().unwrap_or(0);
        let mut ids = vec![PAD_ID; batch.len() * width];
        let mut mask = vec![0i64; batch.len() * width];
        for (row, tokens) in batch.iter().enumerate() {
            for (col, &t) in tokens.iter().enumerate() {
                ids[row * width + col] = i64::from(t);
                mask[row * width + col] = 1;
            }
        }
        let shape = [batch.len(), width];
        let ids = Tensor::from_array((shape, ids)).map_err(|e| e.to_string())?;
        let mask = Tensor::from_array((shape, mask)).map_err(|e| e.to_string())?;
        let mut session = self.session.lock().map_err(|_| "the e5 lock is poisoned".to_owned())?;
        let out = session.run(ort::inputs!["input_ids" => ids, "attention_mask" => mask]).map_err(|e| e.to_string())?;
        let (_, flat) = out["sentence_embedding"].try_extract_tensor::<f32>().map_err(|e| e.to_string())?;
        Ok(flat.chunks_exact(DIMENSIONS).map(<[f32]>::to_vec).collect())
    }
}

impl Embedder for E5 {
    fn model(&self) -> &ModelInfo {
        &self.info
    }

    fn limits(&self) -> EmbedLimits {
        self.limits
    }

    fn embed(&self, texts: &[&str], kind: TextKind) -> Result<Vec<Vec<f32>>, EmbedError> {
        let limits = self.limits;
        if texts.len() > limits.max_texts {
            return Err(EmbedError::TooManyTexts { count: texts.len(), limit: limits.max_texts });
        }
        if let Some((index, t)) = texts.iter().enumerate().find(|(_, t)| t.len() > limits.max_text_bytes) {
            return Err(EmbedError::TextTooLarge { index, bytes: t.len(), limit: limits.max_text_bytes });
        }
        let started = Instant::now();
        let prefix = match kind {
            TextKind::Query => "query: ",
            TextKind::Passage => "passage: ",
        };
        let encodings = texts
            .iter()
            .map(|t| self.tokenizer.encode(&format!("{prefix}{t}"), MAX_TOKENS))
            .collect::<Result<Vec<_>, _>>()
            .map_err(EmbedError::Inference)?;
        // Shortest first, so a batch pads little; results go back in order.
        let mut order: Vec<usize> = (0..texts.len()).collect();
        order.sort_by_key(|&i| encodings[i].len());
        let mut out = vec![Vec::new(); texts.len()];
        let mut start = 0;
        while start < order.len() {
            let mut end = start + 1;
            while end < order.len() && (end + 1 - start) * encodings[order[end]].len() <= BATCH_TOKENS {
                end += 1;
            }
            let batch: Vec<&[u32]> = order[start..end].iter().map(|&i| encodings[i].as_slice()).collect();
            let vectors = self.run(&batch).map_err(EmbedError::Inference)?;
            for (&i, v) in order[start..end].iter().zip(vectors) {
                out[i] = v;
            }
            start = end;
        }
        tracing::debug!(
            model = %self.info.name,
            texts = texts.len(),
            elapsed_ms = started.elapsed().as_millis() as u64,
            "embedded"
        );
        Ok(out)
    }
}

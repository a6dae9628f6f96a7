//! Sentence embeddings kept by the SHA-256 of their text (migration 0014),
//! the host's vector cache's second level: an interview scored again reads
//! its answers' vectors, and the anchors' and questions' its rubrics compare
//! them with, instead of computing them, and scores the same without the
//! model. Vectors are stored as little-endian f32 bytes.

use std::collections::HashMap;

use futures_util::future::BoxFuture;
use sqlx::Row;

use super::{Store, StoreResult, now_ms};
use crate::runtime::embeddings::VectorStore;

/// How a text is found among the stored vectors: the hex SHA-256 of its
/// UTF-8 bytes, as the host's cache keys it.
pub fn text_hash(text: &str) -> String {
    use sha2::{Digest, Sha256};
    hex::encode(Sha256::digest(text.as_bytes()))
}

/// Rows read or written in one statement (two or four arguments each).
const CHUNK: usize = 200;

/// Deletes the vectors of these text hashes (hex) within the caller's write
/// transaction; returns how many there were. Erasure finds a candidate's
/// vectors this way: they are kept by text, not by answer.
pub(super) async fn delete_vectors(w: &mut super::WriteTx<'_>, hashes: &[String]) -> StoreResult<u64> {
    let mut deleted = 0;
    for chunk in hashes.chunks(CHUNK) {
        let placeholders: Vec<String> = (1..=chunk.len()).map(|i| format!("${i}")).collect();
        let sql = format!("DELETE FROM embeddings WHERE text_hash IN ({})", placeholders.join(", "));
        let mut query = sqlx::query(&sql);
        for hash in chunk {
            query = query.bind(hash.as_str());
        }
        deleted += query.execute(&mut *w.tx).await?.rows_affected();
    }
    Ok(deleted)
}

impl Store {
    /// The stored vectors of these text hashes (hex), by hash; those made by
    /// `model` only, when given.
    pub async fn vectors(&self, model: Option<&str>, hashes: &[String]) -> StoreResult<HashMap<String, Vec<f32>>> {
        let mut found = HashMap::new();
        for chunk in hashes.chunks(CHUNK) {
            let placeholders: Vec<String> = (1..=chunk.len()).map(|i| format!("${i}")).collect();
            let mut sql =
                format!("SELECT text_hash, vector FROM embeddings WHERE text_hash IN ({})", placeholders.join(", "));
            if model.is_some() {
                sql.push_str(&format!(" AND model = ${}", chunk.len() + 1));
            }
            let mut query = sqlx::query(&sql);
            for hash in chunk {
                query = query.bind(hash.as_str());
            }
            if let Some(model) = model {
                query = query.bind(model);
            }
            for row in query.fetch_all(&self.pool).await? {
                let hash: String = row.try_get("text_hash")?;
                let bytes: Vec<u8> = row.try_get("vector")?;
                found.insert(hash, from_bytes(&bytes));
            }
        }
        Ok(found)
    }

    /// Keeps vectors `model` made, by text hash (hex); a vector already kept
    /// for a hash is replaced.
    pub async fn save_vectors(&self, model: &str, vectors: &[(String, Vec<f32>)]) -> StoreResult<()> {
        if vectors.is_empty() {
            return Ok(());
        }
        let now = now_ms();
        let mut w = self.write().await?;
        for chunk in vectors.chunks(CHUNK) {
            let rows: Vec<String> = (0..chunk.len())
                .map(|i| format!("(${}, ${}, ${}, ${})", 4 * i + 1, 4 * i + 2, 4 * i + 3, 4 * i + 4))
                .collect();
            let sql = format!(
                "INSERT INTO embeddings (text_hash, model, vector, created_at) VALUES {} \
                 ON CONFLICT (text_hash) DO UPDATE SET model = excluded.model, vector = excluded.vector, \
                 created_at = excluded.created_at",
                rows.join(", ")
            );
            let mut query = sqlx::query(&sql);
            for (hash, vector) in chunk {
                query = query.bind(hash.as_str()).bind(model).bind(to_bytes(vector)).bind(now);
            }
            query.execute(&mut *w.tx).await?;
        }
        w.commit().await
    }
}

fn to_bytes(vector: &[f32]) -> Vec<u8> {
    vector.iter().flat_map(|x| x.to_le_bytes()).collect()
}

fn from_bytes(bytes: &[u8]) -> Vec<f32> {
    bytes.chunks_exact(4).map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]])).collect()
}

impl VectorStore for Store {
    fn load<'a>(
        &'a self,
        model: Option<&'a str>,
        hashes: &'a [String],
    ) -> BoxFuture<'a, Result<HashMap<String, Vec<f32>>, String>> {
        Box::pin(async move { self.vectors(model, hashes).await.map_err(|e| e.to_string()) })
    }

    fn save<'a>(&'a self, model: &'a str, vectors: &'a [(String, Vec<f32>)]) -> BoxFuture<'a, Result<(), String>> {
        Box::pin(async move { self.save_vectors(model, vectors).await.map_err(|e| e.to_string()) })
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn vectors_round_trip_through_bytes() {
        let v = vec![0.25f32, -1.5, f32::MIN_POSITIVE, 3.0e7];
        assert_eq!(super::from_bytes(&super::to_bytes(&v)), v);
    }
}

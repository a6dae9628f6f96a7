//! Text embeddings served to plugins granted the `embeddings` capability:
//! the host's e5 model, run on the blocking pool, behind a bounded cache of
//! vectors by text hash, so the anchors a rubric embeds for every answer and
//! an answer scored again are computed once.
//!
//! Behind the memory cache, a [`VectorStore`] (the database, attached when
//! Panel serves) keeps every vector computed: an interview scored again reads
//! them instead of computing them, and scores the same with the model gone.
//!
//! Every text is embedded as an e5 "query": rubrics compare answers with
//! anchors and questions, like with like, which is what e5's symmetric
//! (query/query) mode is for.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex, OnceLock};

use futures_util::future::BoxFuture;
use std::time::{Duration, Instant};

use panel_ml::{EmbedError, EmbedLimits, Embedder, TextKind};
use sha2::{Digest, Sha256};

/// Vectors kept in memory: 20,000 × 384 × 4 bytes ≈ 31 MB.
pub const CACHE_ENTRIES: usize = 20_000;

/// Why an embedding request was not answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EmbedFailure {
    /// No model: the reason, for the plugin's explanation.
    NotAvailable(String),
    /// Too many texts or too long a text: the host's limits.
    TooLarge(String),
    Failed(String),
}

/// Where vectors outlive the process: by the SHA-256 of their text (hex).
pub trait VectorStore: Send + Sync {
    /// The kept vectors of these hashes, by hash; `model`'s only, when given.
    fn load<'a>(
        &'a self,
        model: Option<&'a str>,
        hashes: &'a [String],
    ) -> BoxFuture<'a, Result<HashMap<String, Vec<f32>>, String>>;

    /// Keeps vectors `model` made.
    fn save<'a>(&'a self, model: &'a str, vectors: &'a [(String, Vec<f32>)]) -> BoxFuture<'a, Result<(), String>>;
}

/// The host's embedder (or why there is none) and its cache.
pub struct HostEmbeddings {
    embedder: Option<Arc<dyn Embedder>>,
    reason: String,
    cache: Mutex<VectorCache>,
    /// The second level, read on a miss and written with what is computed.
    store: OnceLock<Arc<dyn VectorStore>>,
}

impl std::fmt::Debug for HostEmbeddings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HostEmbeddings").field("available", &self.embedder.is_some()).finish()
    }
}

/// What one request took and where its vectors came from.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct EmbedStats {
    pub cached: usize,
    pub computed: usize,
}

impl HostEmbeddings {
    pub fn new(embedder: Arc<dyn Embedder>) -> Self {
        Self {
            embedder: Some(embedder),
            reason: String::new(),
            cache: Mutex::new(VectorCache::new(CACHE_ENTRIES)),
            store: OnceLock::new(),
        }
    }

    /// A host without a model: a request is answered `not-available` with
    /// `reason`, unless every vector it asks for is kept in the store.
    pub fn unavailable(reason: impl Into<String>) -> Self {
        Self {
            embedder: None,
            reason: reason.into(),
            cache: Mutex::new(VectorCache::new(CACHE_ENTRIES)),
            store: OnceLock::new(),
        }
    }

    /// Keeps vectors in `store` from now on, and reads them from it; the
    /// first store attached stays. Returns whether this one was attached.
    pub fn attach_store(&self, store: Arc<dyn VectorStore>) -> bool {
        self.store.set(store).is_ok()
    }

    /// The model vectors are made with and kept under, when there is one.
    fn model_key(&self) -> Option<String> {
        self.embedder.as_ref().map(|e| format!("{}@{}", e.model().name, e.model().version))
    }

    /// The model, for another host sharing it (with a cache of its own).
    pub fn embedder(&self) -> Option<Arc<dyn Embedder>> {
        self.embedder.clone()
    }

    pub fn is_available(&self) -> bool {
        self.embedder.is_some()
    }

    pub fn limits(&self) -> EmbedLimits {
        self.embedder.as_ref().map_or_else(EmbedLimits::default, |e| e.limits())
    }

    /// Embeds `texts`, from the cache where it can; the rest in one model
    /// call on the blocking pool. Returns the vectors and how many were
    /// cached and computed.
    pub async fn embed(&self, texts: Vec<String>) -> Result<(Vec<Vec<f32>>, EmbedStats), EmbedFailure> {
        if self.embedder.is_none() && self.store.get().is_none() {
            return Err(EmbedFailure::NotAvailable(self.reason.clone()));
        }
        check_limits(&texts, self.limits())?;
        let keys: Vec<[u8; 32]> = texts.iter().map(|t| key(t)).collect();
        let mut vectors: Vec<Option<Arc<[f32]>>> = {
            let mut cache = self.cache.lock().unwrap_or_else(|p| p.into_inner());
            keys.iter().map(|k| cache.get(k)).collect()
        };
        self.read_store(&keys, &mut vectors).await;
        // Each distinct missing text once, in order.
        let mut missing: Vec<usize> = Vec::new();
        for (i, v) in vectors.iter().enumerate() {
            if v.is_none() && !missing.iter().any(|&j| keys[j] == keys[i]) {
                missing.push(i);
            }
        }
        let stats = EmbedStats {
            cached: texts.len() - vectors.iter().filter(|v| v.is_none()).count(),
            computed: missing.len(),
        };
        if !missing.is_empty() {
            let Some(embedder) = self.embedder.clone() else {
                return Err(EmbedFailure::NotAvailable(self.reason.clone()));
            };
            let batch: Vec<String> = missing.iter().map(|&i| texts[i].clone()).collect();
            let computed = crate::priority::run_in_background("panel-embed", move || {
                let refs: Vec<&str> = batch.iter().map(String::as_str).collect();
                embedder.embed(&refs, TextKind::Query)
            })
            .await
            .ok_or_else(|| EmbedFailure::Failed("the embedding task was lost".to_owned()))?
            .map_err(|e| match e {
                EmbedError::TooManyTexts { .. } | EmbedError::TextTooLarge { .. } => {
                    EmbedFailure::TooLarge(e.to_string())
                }
                EmbedError::Inference(_) => {
                    tracing::warn!(error = %e, "embedding failed");
                    EmbedFailure::Failed("the model failed on this input".to_owned())
                }
            })?;
            let mut kept = Vec::with_capacity(missing.len());
            {
                let mut cache = self.cache.lock().unwrap_or_else(|p| p.into_inner());
                for (&i, vector) in missing.iter().zip(computed) {
                    let vector: Arc<[f32]> = vector.into();
                    cache.put(keys[i], vector.clone());
                    kept.push((hex::encode(keys[i]), vector.to_vec()));
                    for (j, slot) in vectors.iter_mut().enumerate() {
                        if slot.is_none() && keys[j] == keys[i] {
                            *slot = Some(vector.clone());
                        }
                    }
                }
            }
            self.write_store(&kept).await;
        }
        let vectors = vectors.into_iter().map(|v| v.map(|v| v.to_vec()).unwrap_or_default()).collect();
        Ok((vectors, stats))
    }

    /// Fills what the memory cache missed from the store, if one is
    /// attached, and keeps it in memory. A store that fails is a slower
    /// host, not a failed request: the model computes what it did not give.
    async fn read_store(&self, keys: &[[u8; 32]], vectors: &mut [Option<Arc<[f32]>>]) {
        let Some(store) = self.store.get() else { return };
        let mut wanted: Vec<String> = Vec::new();
        for (k, v) in keys.iter().zip(vectors.iter()) {
            let hash = hex::encode(k);
            if v.is_none() && !wanted.contains(&hash) {
                wanted.push(hash);
            }
        }
        if wanted.is_empty() {
            return;
        }
        let model = self.model_key();
        let found = match store.load(model.as_deref(), &wanted).await {
            Ok(found) => found,
            Err(e) => {
                tracing::warn!(error = %e, "reading stored embeddings failed; computing them");
                return;
            }
        };
        let mut cache = self.cache.lock().unwrap_or_else(|p| p.into_inner());
        for (k, slot) in keys.iter().zip(vectors.iter_mut()) {
            if slot.is_none()
                && let Some(vector) = found.get(&hex::encode(k))
            {
                let vector: Arc<[f32]> = vector.as_slice().into();
                cache.put(*k, vector.clone());
                *slot = Some(vector);
            }
        }
    }

    /// Keeps computed vectors in the store, if one is attached.
    async fn write_store(&self, kept: &[(String, Vec<f32>)]) {
        let (Some(store), Some(model)) = (self.store.get(), self.model_key()) else { return };
        if let Err(e) = store.save(&model, kept).await {
            tracing::warn!(error = %e, "keeping computed embeddings failed; they will be computed again");
        }
    }

    /// Drops every cached vector; returns how many there were. Erasing a
    /// candidate does this: the cache is keyed by a hash of the text, so the
    /// vectors of their answers cannot be picked out of the others, and a
    /// cache is cheap to refill.
    pub fn clear(&self) -> usize {
        let mut cache = self.cache.lock().unwrap_or_else(|p| p.into_inner());
        let n = cache.len();
        cache.entries.clear();
        cache.order.clear();
        n
    }

    /// Vectors in the cache now.
    pub fn cached(&self) -> usize {
        self.cache.lock().unwrap_or_else(|p| p.into_inner()).len()
    }
}

/// The host's limits, checked before any text is hashed or embedded.
fn check_limits(texts: &[String], limits: EmbedLimits) -> Result<(), EmbedFailure> {
    let said = || format!("at most {} texts of {} bytes each", limits.max_texts, limits.max_text_bytes);
    if texts.len() > limits.max_texts {
        return Err(EmbedFailure::TooLarge(format!("{} texts; {}", texts.len(), said())));
    }
    if let Some((i, t)) = texts.iter().enumerate().find(|(_, t)| t.len() > limits.max_text_bytes) {
        return Err(EmbedFailure::TooLarge(format!("text {i} is {} bytes; {}", t.len(), said())));
    }
    Ok(())
}

fn key(text: &str) -> [u8; 32] {
    Sha256::digest(text.as_bytes()).into()
}

/// A bounded least-recently-used map of text hash to vector. Recency is kept
/// in a queue of (key, stamp); stale queue entries are skipped on eviction,
/// so a hit is O(1) and the queue stays within twice the capacity.
struct VectorCache {
    capacity: usize,
    entries: HashMap<[u8; 32], (Arc<[f32]>, u64)>,
    order: VecDeque<([u8; 32], u64)>,
    clock: u64,
}

impl VectorCache {
    fn new(capacity: usize) -> Self {
        Self { capacity, entries: HashMap::new(), order: VecDeque::new(), clock: 0 }
    }

    fn len(&self) -> usize {
        self.entries.len()
    }

    fn get(&mut self, key: &[u8; 32]) -> Option<Arc<[f32]>> {
        self.clock += 1;
        let clock = self.clock;
        let (vector, stamp) = self.entries.get_mut(key)?;
        *stamp = clock;
        let vector = vector.clone();
        self.order.push_back((*key, clock));
        self.compact();
        Some(vector)
    }

    fn put(&mut self, key: [u8; 32], vector: Arc<[f32]>) {
        if self.capacity == 0 {
            return;
        }
        self.clock += 1;
        self.entries.insert(key, (vector, self.clock));
        self.order.push_back((key, self.clock));
        while self.entries.len() > self.capacity {
            let Some((old, stamp)) = self.order.pop_front() else { break };
            if self.entries.get(&old).is_some_and(|(_, s)| *s == stamp) {
                self.entries.remove(&old);
            }
        }
        self.compact();
    }

    /// Drops queue entries that no longer say when their key was last used.
    fn compact(&mut self) {
        if self.order.len() > self.capacity.max(16) * 2 {
            let entries = &self.entries;
            self.order.retain(|(k, s)| entries.get(k).is_some_and(|(_, stamp)| stamp == s));
        }
    }
}

/// A timer for host work a plugin's deadline does not count: the time spent,
/// and the start of the host work in progress, if any (the deadline moves
/// while it runs, not only once it has finished).
#[derive(Debug, Default)]
pub(crate) struct HostTime {
    state: Mutex<(Duration, Option<Instant>)>,
}

impl HostTime {
    /// Host work starts now.
    pub(crate) fn start(&self) {
        self.state.lock().unwrap_or_else(|p| p.into_inner()).1 = Some(Instant::now());
    }

    /// The host work started last has finished.
    pub(crate) fn stop(&self) {
        let mut state = self.state.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(started) = state.1.take() {
            state.0 += started.elapsed();
        }
    }

    pub(crate) fn spent(&self) -> Duration {
        let state = self.state.lock().unwrap_or_else(|p| p.into_inner());
        state.0 + state.1.map_or(Duration::ZERO, |started| started.elapsed())
    }

    /// When a call that started with `deadline` must end, host work excluded.
    pub(crate) fn deadline(&self, deadline: Instant) -> Instant {
        deadline + self.spent()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(x: f32) -> Arc<[f32]> {
        vec![x].into()
    }

    #[test]
    fn the_cache_keeps_the_most_recently_used_and_no_more() {
        let mut cache = VectorCache::new(2);
        let (a, b, c) = (key("a"), key("b"), key("c"));
        cache.put(a, v(1.0));
        cache.put(b, v(2.0));
        assert_eq!(cache.get(&a).as_deref(), Some(&[1.0][..]), "a is used again");
        cache.put(c, v(3.0));
        assert_eq!(cache.len(), 2);
        assert!(cache.get(&b).is_none(), "b was the least recently used");
        assert!(cache.get(&a).is_some() && cache.get(&c).is_some());
        for i in 0..1000 {
            let _ = cache.get(&a);
            cache.put(key(&i.to_string()), v(i as f32));
        }
        assert_eq!(cache.len(), 2);
        assert!(cache.order.len() <= 2 * 16 + 1, "{}", cache.order.len());
    }

    #[test]
    fn limits_are_checked_before_anything_is_embedded() {
        let limits = EmbedLimits { max_texts: 2, max_text_bytes: 4 };
        assert!(check_limits(&["ab".into(), "cd".into()], limits).is_ok());
        let too_many = check_limits(&["a".into(), "b".into(), "c".into()], limits).expect_err("three texts");
        assert!(matches!(&too_many, EmbedFailure::TooLarge(m) if m.contains("3 texts") && m.contains("at most 2")));
        let too_long = check_limits(&["abcde".into()], limits).expect_err("five bytes");
        assert!(matches!(&too_long, EmbedFailure::TooLarge(m) if m.contains("text 0 is 5 bytes")));
    }

    #[tokio::test]
    async fn without_a_model_every_request_says_why() {
        let host = HostEmbeddings::unavailable("not installed here");
        assert_eq!(host.embed(vec!["x".into()]).await, Err(EmbedFailure::NotAvailable("not installed here".into())));
    }

    /// A store in memory, counting what it is asked.
    #[derive(Default)]
    struct Kept(Mutex<(HashMap<String, Vec<f32>>, usize)>);

    impl VectorStore for Kept {
        fn load<'a>(
            &'a self,
            _model: Option<&'a str>,
            hashes: &'a [String],
        ) -> BoxFuture<'a, Result<HashMap<String, Vec<f32>>, String>> {
            let mut kept = self.0.lock().unwrap();
            kept.1 += 1;
            let found = hashes.iter().filter_map(|h| kept.0.get(h).map(|v| (h.clone(), v.clone()))).collect();
            Box::pin(async move { Ok(found) })
        }

        fn save<'a>(&'a self, _model: &'a str, vectors: &'a [(String, Vec<f32>)]) -> BoxFuture<'a, Result<(), String>> {
            self.0.lock().unwrap().0.extend(vectors.iter().cloned());
            Box::pin(async { Ok(()) })
        }
    }

    #[tokio::test]
    async fn without_a_model_kept_vectors_are_served_and_others_are_not() {
        let kept = Arc::new(Kept::default());
        kept.0.lock().unwrap().0.insert(hex::encode(key("answer")), vec![0.6, 0.8]);
        let host = HostEmbeddings::unavailable("removed");
        assert!(host.attach_store(kept.clone()));
        let (vectors, stats) = host.embed(vec!["answer".into(), "answer".into()]).await.expect("kept");
        assert_eq!(vectors, [vec![0.6, 0.8], vec![0.6, 0.8]]);
        assert_eq!(stats, EmbedStats { cached: 2, computed: 0 });
        // Now in memory: the store is not asked again.
        host.embed(vec!["answer".into()]).await.expect("cached");
        assert_eq!(kept.0.lock().unwrap().1, 1);
        let missing = host.embed(vec!["answer".into(), "another".into()]).await;
        assert_eq!(missing, Err(EmbedFailure::NotAvailable("removed".into())));
    }

    #[test]
    fn host_time_moves_the_deadline_while_it_runs_and_after() {
        let time = HostTime::default();
        let start = Instant::now();
        assert_eq!(time.deadline(start), start);
        time.start();
        std::thread::sleep(Duration::from_millis(30));
        assert!(time.deadline(start) >= start + Duration::from_millis(30), "moves while the host works");
        time.stop();
        let spent = time.spent();
        assert!(spent >= Duration::from_millis(30));
        std::thread::sleep(Duration::from_millis(10));
        assert_eq!(time.spent(), spent, "and stops moving when it is done");
    }
}

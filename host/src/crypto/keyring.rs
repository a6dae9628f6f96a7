//! The master key's provider and the data keys unwrapped so far, cached
//! in memory so a list of candidates does not unwrap every key again.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use super::{DataKey, KeyProvider};

/// How many unwrapped keys of one kind are kept. Past it the cache starts
/// over (simple, and bounded: a key missing is unwrapped again from the
/// database, 32 bytes through AES-GCM).
const MAX_CACHED: usize = 50_000;

/// The provider and the data keys unwrapped so far. Dropped keys are zeroed.
pub struct Keyring {
    provider: Arc<dyn KeyProvider>,
    organisations: Mutex<HashMap<i64, Arc<DataKey>>>,
    candidates: Mutex<HashMap<i64, Arc<DataKey>>>,
    /// Whose interview each session is, and their organisation (a session
    /// never changes candidate, nor a candidate organisation).
    session_candidates: Mutex<HashMap<i64, (i64, i64)>>,
}

impl std::fmt::Debug for Keyring {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Keyring").field("master_key_id", &self.provider.key_id()).finish_non_exhaustive()
    }
}

impl Keyring {
    pub fn new(provider: Arc<dyn KeyProvider>) -> Self {
        Keyring {
            provider,
            organisations: Mutex::default(),
            candidates: Mutex::default(),
            session_candidates: Mutex::default(),
        }
    }

    pub fn provider(&self) -> &dyn KeyProvider {
        self.provider.as_ref()
    }

    pub(crate) fn organisation(&self, id: i64) -> Option<Arc<DataKey>> {
        get(&self.organisations, id)
    }

    pub(crate) fn remember_organisation(&self, id: i64, key: Arc<DataKey>) {
        put(&self.organisations, id, key);
    }

    pub(crate) fn candidate(&self, id: i64) -> Option<Arc<DataKey>> {
        get(&self.candidates, id)
    }

    /// Only keys read back from the database are remembered: a key made
    /// in a transaction that rolled back would outlive its row.
    pub(crate) fn remember_candidate(&self, id: i64, key: Arc<DataKey>) {
        put(&self.candidates, id, key);
    }

    /// The candidate whose interview the session is, if known.
    pub(crate) fn session_candidate(&self, session_id: i64) -> Option<i64> {
        get(&self.session_candidates, session_id).map(|(candidate, _)| candidate)
    }

    /// The organisation whose interview the session is, if known.
    pub(crate) fn session_organisation(&self, session_id: i64) -> Option<i64> {
        get(&self.session_candidates, session_id).map(|(_, organisation)| organisation)
    }

    pub(crate) fn remember_session_candidate(&self, session_id: i64, candidate_id: i64, organisation_id: i64) {
        put(&self.session_candidates, session_id, (candidate_id, organisation_id));
    }

    /// Drops an erased candidate's key from memory too.
    pub(crate) fn forget_candidate(&self, id: i64) {
        self.candidates.lock().unwrap_or_else(PoisonError::into_inner).remove(&id);
    }
}

fn get<V: Clone>(cache: &Mutex<HashMap<i64, V>>, id: i64) -> Option<V> {
    cache.lock().unwrap_or_else(PoisonError::into_inner).get(&id).cloned()
}

fn put<V>(cache: &Mutex<HashMap<i64, V>>, id: i64, key: V) {
    let mut cache = cache.lock().unwrap_or_else(PoisonError::into_inner);
    if cache.len() >= MAX_CACHED {
        cache.clear();
    }
    cache.insert(id, key);
}

/// What an organisation's data key is wrapped for.
pub(crate) fn organisation_context(organisation_id: i64) -> String {
    format!("panel:organisation-key:{organisation_id}")
}

/// What a candidate's data key is wrapped for.
pub(crate) fn candidate_context(candidate_id: i64) -> String {
    format!("panel:candidate-key:{candidate_id}")
}

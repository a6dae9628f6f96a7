//! Semaphores by key, each made on first use: a plugin's share of the
//! instance pool and its CPU lane (by plugin id), a job's share of the
//! background scorers (by job id).

use std::borrow::Borrow;
use std::collections::HashMap;
use std::hash::Hash;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use tokio::sync::Semaphore;

#[derive(Debug)]
pub(crate) struct KeyedSemaphores<K> {
    map: Mutex<HashMap<K, Arc<Semaphore>>>,
}

impl<K: Eq + Hash> Default for KeyedSemaphores<K> {
    fn default() -> Self {
        Self { map: Mutex::new(HashMap::new()) }
    }
}

impl<K: Eq + Hash> KeyedSemaphores<K> {
    fn map(&self) -> MutexGuard<'_, HashMap<K, Arc<Semaphore>>> {
        self.map.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The semaphore of `key`, made with `permits` if `key` has none yet.
    pub(crate) fn get<Q>(&self, key: &Q, permits: usize) -> Arc<Semaphore>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ToOwned<Owned = K> + ?Sized,
    {
        let mut map = self.map();
        if let Some(semaphore) = map.get(key) {
            return semaphore.clone();
        }
        let semaphore = Arc::new(Semaphore::new(permits));
        map.insert(key.to_owned(), semaphore.clone());
        semaphore
    }

    /// Of `permits`, how many `key`'s semaphore has given out now (0 when
    /// `key` has none).
    pub(crate) fn taken<Q>(&self, key: &Q, permits: usize) -> usize
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        self.map().get(key).map_or(0, |semaphore| permits.saturating_sub(semaphore.available_permits()))
    }

    /// Forgets the keys none of whose `permits` are given out: they hold
    /// nothing worth keeping, and are made again when asked for.
    pub(crate) fn forget_idle(&self, permits: usize) {
        self.map().retain(|_, semaphore| semaphore.available_permits() < permits);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_semaphore_per_key_made_once_and_forgotten_when_idle() {
        let keyed: KeyedSemaphores<String> = KeyedSemaphores::default();
        let a = keyed.get("a", 2);
        assert!(Arc::ptr_eq(&a, &keyed.get("a", 5)), "made once, with the permits first asked for");
        assert_eq!(a.available_permits(), 2);
        let _taken = a.clone().try_acquire_owned().expect("a permit");
        assert_eq!((keyed.taken("a", 2), keyed.taken("b", 2)), (1, 0));
        let b = keyed.get("b", 2);
        keyed.forget_idle(2);
        assert!(Arc::ptr_eq(&a, &keyed.get("a", 2)), "a permit of a is out: kept");
        assert!(!Arc::ptr_eq(&b, &keyed.get("b", 2)), "b was idle: forgotten and made anew");
    }
}

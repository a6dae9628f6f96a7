//! Password hashing (argon2id) on a few threads of its own, each with one
//! reusable block of hashing memory.
//!
//! An argon2id check costs 19 MiB and tens of milliseconds of one core. Run
//! on tokio's blocking pool, every concurrent sign-in got a thread and an
//! allocation of its own: 64 at once took the server from 1.5 to 3.6 GiB,
//! and the allocator kept it. Here at most `workers` hashes run at once,
//! each in memory allocated once per worker; requests beyond what the queue
//! holds are refused as busy instead of piling up.

use std::sync::mpsc::{self, SyncSender, TrySendError};
use std::sync::{Arc, Mutex};

use argon2::password_hash::{Output, PasswordHash, SaltString};
use argon2::{Algorithm, Argon2, Block, Params, Version};

/// Our parameters (OWASP's minimum for argon2id: 19 MiB, 2 passes, 1 lane).
fn params() -> Params {
    Params::new(Params::DEFAULT_M_COST, Params::DEFAULT_T_COST, Params::DEFAULT_P_COST, None).unwrap_or_default()
}

/// Stored hashes asking for more memory than this are not ours; they are
/// refused rather than allowed to make a worker allocate without bound.
const MAX_M_COST: u32 = 256 * 1024;

/// Why a hash could not be computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum HashingError {
    /// Every worker is busy and the queue is full.
    #[error("too many sign-ins are being checked at once")]
    Busy,
    /// The workers are gone (the server is shutting down) or the system
    /// random source failed.
    #[error("password hashing is unavailable")]
    Unavailable,
}

enum Job {
    Verify { password: String, hash: String, reply: tokio::sync::oneshot::Sender<bool> },
    Hash { password: String, reply: tokio::sync::oneshot::Sender<Option<String>> },
}

/// The hashing workers. Cheap to clone; the threads end when the last clone
/// is dropped.
#[derive(Clone)]
pub struct PasswordWorkers {
    jobs: SyncSender<Job>,
}

impl std::fmt::Debug for PasswordWorkers {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PasswordWorkers").finish_non_exhaustive()
    }
}

impl PasswordWorkers {
    /// Starts `workers` threads sharing a queue of `queue` waiting jobs.
    pub fn start(workers: usize, queue: usize) -> Self {
        let (jobs, receiver) = mpsc::sync_channel::<Job>(queue);
        let receiver = Arc::new(Mutex::new(receiver));
        for n in 0..workers.max(1) {
            let receiver = receiver.clone();
            let started = std::thread::Builder::new().name(format!("panel-passwords-{n}")).spawn(move || {
                // Allocated at the first sign-in, then kept: a server nobody
                // signs in to does not hold it.
                let mut memory = Vec::new();
                loop {
                    // The lock is held only while waiting for the next job.
                    let job = match receiver.lock() {
                        Ok(receiver) => receiver.recv(),
                        Err(_) => return,
                    };
                    match job {
                        Ok(Job::Verify { password, hash, reply }) => {
                            let _ = reply.send(verify(&password, &hash, &mut memory));
                        }
                        Ok(Job::Hash { password, reply }) => {
                            let _ = reply.send(hash(&password, &mut memory));
                        }
                        Err(_) => return,
                    }
                }
            });
            if let Err(e) = started {
                tracing::error!(error = %e, "could not start a password hashing thread");
            }
        }
        Self { jobs }
    }

    /// Whether `password` matches the stored `hash`.
    pub async fn verify(&self, password: String, hash: String) -> Result<bool, HashingError> {
        let (reply, answer) = tokio::sync::oneshot::channel();
        self.submit(Job::Verify { password, hash, reply })?;
        answer.await.map_err(|_| HashingError::Unavailable)
    }

    /// A new argon2id hash of `password`, as a PHC string.
    pub async fn hash(&self, password: String) -> Result<String, HashingError> {
        let (reply, answer) = tokio::sync::oneshot::channel();
        self.submit(Job::Hash { password, reply })?;
        answer.await.map_err(|_| HashingError::Unavailable)?.ok_or(HashingError::Unavailable)
    }

    fn submit(&self, job: Job) -> Result<(), HashingError> {
        self.jobs.try_send(job).map_err(|e| match e {
            TrySendError::Full(_) => HashingError::Busy,
            TrySendError::Disconnected(_) => HashingError::Unavailable,
        })
    }
}

/// Checks `password` against a PHC string, in `memory` (grown only for a
/// stored hash with a larger memory cost than ours).
fn verify(password: &str, hash: &str, memory: &mut Vec<Block>) -> bool {
    let Ok(parsed) = PasswordHash::new(hash) else { return false };
    let (Some(salt), Some(expected)) = (parsed.salt, parsed.hash) else { return false };
    let Ok(algorithm) = Algorithm::try_from(parsed.algorithm) else { return false };
    let version = match parsed.version.map(Version::try_from).transpose() {
        Ok(version) => version.unwrap_or_default(),
        Err(_) => return false,
    };
    let Ok(params) = Params::try_from(&parsed) else { return false };
    if params.m_cost() > MAX_M_COST {
        tracing::warn!(m_cost = params.m_cost(), "a stored password hash asks for more memory than allowed");
        return false;
    }
    if memory.len() < params.block_count() {
        memory.resize(params.block_count(), Block::default());
    }
    let mut salt_bytes = [0u8; 64];
    let Ok(salt) = salt.decode_b64(&mut salt_bytes) else { return false };
    let mut out = vec![0u8; expected.len()];
    let argon2 = Argon2::new(algorithm, version, params);
    argon2.hash_password_into_with_memory(password.as_bytes(), salt, &mut out, &mut memory[..]).is_ok()
        // `Output`'s equality is constant-time.
        && Output::new(&out).is_ok_and(|computed| computed == expected)
}

/// Hashes a new password with our parameters and a fresh salt.
fn hash(password: &str, memory: &mut Vec<Block>) -> Option<String> {
    if memory.len() < params().block_count() {
        memory.resize(params().block_count(), Block::default());
    }
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).ok()?;
    let salt = SaltString::encode_b64(&salt).ok()?;
    let mut salt_bytes = [0u8; 64];
    let salt_raw = salt.as_salt().decode_b64(&mut salt_bytes).ok()?;
    let params = params();
    let mut out = [0u8; Params::DEFAULT_OUTPUT_LEN];
    let argon2 = Argon2::new(Algorithm::Argon2id, Version::V0x13, params.clone());
    argon2.hash_password_into_with_memory(password.as_bytes(), salt_raw, &mut out, &mut memory[..]).ok()?;
    let phc = PasswordHash {
        algorithm: Algorithm::Argon2id.ident(),
        version: Some(Version::V0x13.into()),
        params: (&params).try_into().ok()?,
        salt: Some(salt.as_salt()),
        hash: Some(Output::new(&out).ok()?),
    };
    Some(phc.to_string())
}

/// Hashes a password on the calling thread, for start-up (the first
/// administrator) where no workers run yet.
pub fn hash_now(password: &str) -> Option<String> {
    hash(password, &mut Vec::new())
}

#[cfg(test)]
mod tests {
    use argon2::PasswordVerifier;

    use super::*;

    #[tokio::test]
    async fn hashes_verify_both_ways_and_workers_refuse_when_full() {
        let workers = PasswordWorkers::start(1, 4);
        let hash = workers.hash("correct horse battery".into()).await.expect("hashed");
        assert!(hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{hash}");
        assert!(workers.verify("correct horse battery".into(), hash.clone()).await.expect("checked"));
        assert!(!workers.verify("wrong horse battery".into(), hash.clone()).await.expect("checked"));
        assert!(!workers.verify("x".into(), "not a hash".into()).await.expect("checked"));
        // The argon2 crate's own verifier agrees with ours.
        let parsed = PasswordHash::new(&hash).expect("a PHC string");
        assert!(Argon2::default().verify_password(b"correct horse battery", &parsed).is_ok());

        // One worker, a queue of four: a burst beyond that is refused, not queued.
        let mut burst = tokio::task::JoinSet::new();
        for _ in 0..32 {
            let (workers, hash) = (workers.clone(), hash.clone());
            burst.spawn(async move { workers.verify("guess".into(), hash).await });
        }
        let results: Vec<Result<bool, HashingError>> = burst.join_all().await;
        assert!(results.contains(&Err(HashingError::Busy)), "{results:?}");
        assert!(results.contains(&Ok(false)), "{results:?}");
    }
}

//! The job of an application, remembered for a few seconds: every answer
//! submission asks a question bank for a follow-up with the job's profile,
//! and a job's profile does not change while candidates answer.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::{Engine, EngineError};
use crate::store::Job;

/// How long a remembered job is used; its pipeline settings may change
/// meanwhile, which no caller of this cache reads.
const TTL: Duration = Duration::from_secs(5);
/// Entries kept before the cache starts over.
const CAPACITY: usize = 10_000;

/// Jobs by application id.
#[derive(Debug, Default)]
pub(super) struct JobCache {
    entries: Mutex<HashMap<i64, (Instant, Arc<Job>)>>,
}

impl JobCache {
    fn get(&self, application_id: i64) -> Option<Arc<Job>> {
        let entries = self.entries.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        entries.get(&application_id).filter(|(at, _)| at.elapsed() < TTL).map(|(_, job)| job.clone())
    }

    fn put(&self, application_id: i64, job: Arc<Job>) {
        let mut entries = self.entries.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if entries.len() >= CAPACITY {
            entries.clear();
        }
        entries.insert(application_id, (Instant::now(), job));
    }
}

impl Engine {
    /// The job an application is for, from the cache when it is fresh.
    pub(super) async fn job_of_application(&self, application_id: i64) -> Result<Arc<Job>, EngineError> {
        if let Some(job) = self.jobs.get(application_id) {
            return Ok(job);
        }
        let job = Arc::new(self.store.job_of_application(application_id).await?);
        self.jobs.put(application_id, job.clone());
        Ok(job)
    }
}

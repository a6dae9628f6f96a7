//! Finished interviews scored in the background: a few at once (scoring is
//! batch work and leaves the other cores to the requests people wait on),
//! and at most half of them of one job. Scoring waits on the job's rubrics,
//! so a job whose rubric is slow fills its half and queues behind itself,
//! while other jobs' interviews are scored as soon as they finish.

use std::sync::Arc;

use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use crate::semaphores::KeyedSemaphores;

/// The background scorers and each job's share of them.
#[derive(Debug)]
pub(crate) struct Scorers {
    all: Arc<Semaphore>,
    per_job: usize,
    jobs: KeyedSemaphores<i64>,
}

/// One interview's turn to be scored.
#[derive(Debug)]
pub(crate) struct ScorerTurn {
    _job: OwnedSemaphorePermit,
    _scorer: OwnedSemaphorePermit,
}

impl Scorers {
    /// `total` scorers; one job may use half of them (at least one).
    pub(crate) fn new(total: usize) -> Self {
        let total = total.max(1);
        Self { all: Arc::new(Semaphore::new(total)), per_job: (total / 2).max(1), jobs: KeyedSemaphores::default() }
    }

    /// Waits for a turn in `job`'s share, then for a scorer. `None` only if
    /// the scorers were closed, which they never are.
    pub(crate) async fn turn(&self, job: i64) -> Option<ScorerTurn> {
        // Jobs nobody is scoring hold nothing worth keeping.
        self.jobs.forget_idle(self.per_job);
        let share = self.jobs.get(&job, self.per_job);
        let job = share.acquire_owned().await.ok()?;
        let scorer = self.all.clone().acquire_owned().await.ok()?;
        Some(ScorerTurn { _job: job, _scorer: scorer })
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    #[tokio::test]
    async fn a_job_uses_at_most_half_the_scorers_and_others_get_theirs() {
        let scorers = Arc::new(Scorers::new(4));
        let slow = [scorers.turn(1).await, scorers.turn(1).await];
        assert!(slow.iter().all(Option::is_some));
        let third = tokio::spawn({
            let scorers = scorers.clone();
            async move { scorers.turn(1).await.is_some() }
        });
        tokio::time::sleep(Duration::from_millis(20)).await;
        assert!(!third.is_finished(), "a job's third interview waits behind its own two");
        let other = tokio::time::timeout(Duration::from_millis(200), scorers.turn(2)).await;
        assert!(other.expect("another job is not held up").is_some());
        drop(slow);
        assert!(third.await.expect("task"), "and is scored once one of them is done");
    }
}

//! Where and when a call runs. Every call takes a turn in its plugin's share
//! (`concurrent_calls` of its kind) and then one of the runtime's slots
//! (`max_concurrent_instances`), so one plugin can never hold every slot and
//! the pooling allocator, sized for every slot, is never exhausted. A call
//! that waits longer than the queue timeout is refused as busy: a host-side
//! shortage, which never counts against the plugin's circuit breaker.
//!
//! Calls run on threads of their own (`plugin_threads`), apart from the
//! threads serving HTTP requests: a plugin busy for its whole time limit
//! takes its turns on those threads, and a request waits for the operating
//! system's scheduler, not for a queue of plugin calls. Those threads run at
//! background priority ([`crate::priority`]), so the scheduler gives a
//! request's thread the core first. Batch work that calls plugins many times
//! (scoring a thousand interviews) runs on them too, and a call made there
//! runs in place: no hand-over per call.
//!
//! On those threads each plugin has a CPU lane ([`Lanes`]): how many of its
//! calls run plugin code at once (`cpu_lanes`). A call takes its lane to
//! start and gives it up at every epoch tick, queueing behind the plugin's
//! other calls for the next slice, so a plugin with many busy calls holds no
//! more of the threads than one with a single call, and another plugin's call
//! waits for a slice or two, not for every busy call of every other plugin.
//! A call gives its lane up while it waits on the host (an HTTP response,
//! embeddings), so waiting on the network never holds up its sibling calls.

use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use super::Failure;
use crate::semaphores::KeyedSemaphores;

/// The turn of one call: a place in its plugin's share and a slot.
#[derive(Debug)]
pub(crate) struct Turn {
    _share: OwnedSemaphorePermit,
    _slot: OwnedSemaphorePermit,
}

/// The slots and the plugins' shares of them.
#[derive(Debug)]
pub(crate) struct Slots {
    slots: Arc<Semaphore>,
    capacity: u32,
    shares: KeyedSemaphores<String>,
    queue_timeout: Duration,
}

impl Slots {
    pub(crate) fn new(capacity: u32, queue_timeout: Duration) -> Self {
        Self {
            slots: Arc::new(Semaphore::new(capacity as usize)),
            capacity,
            shares: KeyedSemaphores::default(),
            queue_timeout,
        }
    }

    /// The share of `plugin_id`, the same for every version of it: a vendor
    /// cannot double its share by loading two versions.
    fn share(&self, plugin_id: &str, size: u32) -> Arc<Semaphore> {
        self.shares.get(plugin_id, size.max(1) as usize)
    }

    /// Waits for a turn: first in the plugin's own share (so its excess calls
    /// queue behind each other without holding slots), then for a slot.
    pub(crate) async fn turn(&self, plugin_id: &str, share_size: u32) -> Result<Turn, Failure> {
        let started = Instant::now();
        let share = self.share(plugin_id, share_size);
        let busy = |reason: String| Failure::Busy { reason };
        let share = match tokio::time::timeout(self.queue_timeout, share.acquire_owned()).await {
            Ok(Ok(permit)) => permit,
            // The semaphores are never closed.
            Ok(Err(_closed)) => return Err(busy("the runtime is shutting down".to_owned())),
            Err(_elapsed) => {
                return Err(busy(format!(
                    "its {share_size} calls at once were all taken for {} ms",
                    self.queue_timeout.as_millis()
                )));
            }
        };
        let left = self.queue_timeout.saturating_sub(started.elapsed());
        let slot = match tokio::time::timeout(left, self.slots.clone().acquire_owned()).await {
            Ok(Ok(permit)) => permit,
            Ok(Err(_closed)) => return Err(busy("the runtime is shutting down".to_owned())),
            Err(_elapsed) => {
                return Err(busy(format!(
                    "all {} plugin slots of the host were taken for {} ms",
                    self.capacity,
                    self.queue_timeout.as_millis()
                )));
            }
        };
        Ok(Turn { _share: share, _slot: slot })
    }

    /// Slots free now.
    pub(crate) fn free(&self) -> usize {
        self.slots.available_permits()
    }
}

/// Every plugin's CPU lane, by plugin id (all versions of a plugin share one).
#[derive(Debug)]
pub(crate) struct Lanes {
    width: usize,
    lanes: KeyedSemaphores<String>,
}

impl Lanes {
    /// Lanes letting `width` calls of each plugin run plugin code at once.
    pub(crate) fn new(width: u32) -> Self {
        Self { width: width.max(1) as usize, lanes: KeyedSemaphores::default() }
    }

    /// Calls of `plugin_id` holding its lane now.
    pub(crate) fn running(&self, plugin_id: &str) -> usize {
        self.lanes.taken(plugin_id, self.width)
    }

    /// A not-yet-taken hold on `plugin_id`'s lane, for one call.
    pub(crate) fn hold(&self, plugin_id: &str) -> LaneHold {
        LaneHold { lane: self.lanes.get(plugin_id, self.width), held: Arc::new(Mutex::new(None)) }
    }
}

/// One call's hold on its plugin's lane. Clones share the hold (the epoch
/// callback and the call's `wasi:io/poll` each have one).
#[derive(Debug, Clone)]
pub(crate) struct LaneHold {
    lane: Arc<Semaphore>,
    held: Arc<Mutex<Option<OwnedSemaphorePermit>>>,
}

impl LaneHold {
    fn held(&self) -> std::sync::MutexGuard<'_, Option<OwnedSemaphorePermit>> {
        self.held.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Waits for the lane unless this call has it already.
    pub(crate) async fn take(&self) {
        if self.held().is_some() {
            return;
        }
        // The lanes are never closed.
        if let Ok(permit) = self.lane.clone().acquire_owned().await {
            *self.held() = Some(permit);
        }
    }

    /// Gives the lane up (the call is about to wait on the host); the next
    /// epoch tick after plugin code resumes takes it again.
    pub(crate) fn release(&self) {
        self.held().take();
    }

    /// At an epoch tick: gives the lane to the plugin's next waiting call
    /// (the lane is fair: first come, first served), lets other tasks run,
    /// and waits for the lane again.
    pub(crate) fn next_slice(&self) -> Pin<Box<dyn Future<Output = ()> + Send>> {
        let hold = self.clone();
        Box::pin(async move {
            hold.release();
            tokio::task::yield_now().await;
            hold.take().await;
        })
    }

    /// Whether this call has its lane now.
    #[cfg(test)]
    fn has_lane(&self) -> bool {
        self.held().is_some()
    }
}

/// The threads plugin code runs on.
#[derive(Debug)]
pub(crate) struct Executor {
    runtime: Option<tokio::runtime::Runtime>,
}

thread_local! {
    /// Set on the plugin threads: a call made there already runs apart from
    /// the request threads, and is not handed over again.
    static ON_PLUGIN_THREAD: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

fn start_plugin_thread() {
    crate::priority::lower_current_thread();
    ON_PLUGIN_THREAD.with(|on| on.set(true));
}

impl Executor {
    /// `threads` worker threads of their own; 0: calls run where they are awaited.
    pub(crate) fn new(threads: usize) -> std::io::Result<Self> {
        if threads == 0 {
            return Ok(Self { runtime: None });
        }
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(threads)
            .thread_name("panel-plugin")
            .on_thread_start(start_plugin_thread)
            .enable_all()
            .build()?;
        Ok(Self { runtime: Some(runtime) })
    }

    /// The plugin threads, for batch work that calls plugins many times:
    /// its calls then run where it runs, without a hand-over each.
    pub(crate) fn handle(&self) -> Option<tokio::runtime::Handle> {
        self.runtime.as_ref().map(|runtime| runtime.handle().clone())
    }

    /// Runs `call` on the plugin threads and waits for it (where it is, when
    /// awaited on one of them). `None` when the task was lost (it panicked,
    /// or the runtime is shutting down).
    pub(crate) async fn run<R, F>(&self, call: F) -> Option<R>
    where
        F: Future<Output = R> + Send + 'static,
        R: Send + 'static,
    {
        match &self.runtime {
            Some(_) if ON_PLUGIN_THREAD.with(std::cell::Cell::get) => Some(call.await),
            Some(runtime) => match runtime.spawn(call).await {
                Ok(value) => Some(value),
                Err(e) => {
                    tracing::error!(error = %e, "a plugin call's task was lost");
                    None
                }
            },
            None => Some(call.await),
        }
    }
}

impl Drop for Executor {
    fn drop(&mut self) {
        // The last clone of a runtime may be dropped inside async code, where
        // blocking on the threads' shutdown is not allowed.
        if let Some(runtime) = self.runtime.take() {
            runtime.shutdown_background();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_call_made_on_a_plugin_thread_runs_in_place_and_one_from_elsewhere_is_handed_over() {
        let executor = Arc::new(Executor::new(1).expect("plugin threads"));
        let threads = executor.handle().expect("threads of its own");
        let caller = tokio::runtime::Builder::new_current_thread().build().expect("caller's runtime");
        let task_and_thread = || (tokio::task::try_id(), std::thread::current().name().map(str::to_owned));
        let (outer, inner) = caller.block_on({
            let executor = executor.clone();
            async move { (task_and_thread(), executor.run(async move { task_and_thread() }).await) }
        });
        let inner = inner.expect("ran");
        assert_eq!(inner.1.as_deref(), Some("panel-plugin"), "a caller's call ran on the caller's thread");
        assert_ne!(outer.0, inner.0, "not a task of its own");
        let (outer, inner) = caller
            .block_on(threads.spawn({
                let executor = executor.clone();
                async move { (task_and_thread(), executor.run(async move { task_and_thread() }).await) }
            }))
            .expect("joined");
        assert_eq!(outer.1.as_deref(), Some("panel-plugin"));
        assert_eq!(Some(outer), inner, "a call made on a plugin thread was handed over again");
    }

    #[tokio::test]
    async fn one_lane_lets_one_call_of_a_plugin_run_at_a_time_and_is_fair() {
        let lanes = Lanes::new(1);
        let (first, second) = (lanes.hold("busy"), lanes.hold("busy"));
        let other = lanes.hold("quiet");
        first.take().await;
        assert!(first.has_lane());
        let waiting = tokio::spawn({
            let second = second.clone();
            async move { second.take().await }
        });
        tokio::time::sleep(Duration::from_millis(20)).await;
        assert!(!waiting.is_finished(), "a second call of the same plugin waits for the lane");
        tokio::time::timeout(Duration::from_millis(100), other.take()).await.expect("another plugin has its own lane");

        // At a tick the first call gives way to the one that waited before it asked again.
        let next = tokio::spawn({
            let first = first.clone();
            async move { first.next_slice().await }
        });
        waiting.await.expect("second call");
        assert!(second.has_lane());
        tokio::time::sleep(Duration::from_millis(20)).await;
        assert!(!next.is_finished(), "the first call waits its turn behind the second");
        second.release();
        next.await.expect("first call");
        assert!(first.has_lane());
        assert!(!second.has_lane());
    }

    #[tokio::test]
    async fn plugin_calls_run_below_request_priority() {
        let executor = Executor::new(1).expect("plugin threads");
        let nice = executor.run(async { crate::priority::current_thread_nice() }).await.expect("ran");
        if cfg!(target_os = "linux") {
            assert!(nice >= Some(crate::priority::BACKGROUND_NICE), "plugin thread nice {nice:?}");
            assert!(crate::priority::current_thread_nice() < nice, "the caller's priority was lowered too");
        }
    }
}

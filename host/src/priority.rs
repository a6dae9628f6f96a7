//! Background work yields the CPU to requests. Plugin calls and model runs
//! are the host's heaviest work and a hostile plugin may compute for its whole
//! time limit; on a small machine they would otherwise take the cores from
//! the threads answering candidates. Their threads run at a lower scheduling
//! priority (a nice value; per thread on Linux), so the operating system gives
//! a request's thread the core first and the background work the rest.

use tokio::sync::oneshot;

/// The nice value of background threads: far enough below requests (nice 0)
/// that CFS gives a request ~90 % of a contended core, not so far that
/// background work starves while requests are few.
pub const BACKGROUND_NICE: i32 = 10;

/// Lowers the calling thread's priority to [`BACKGROUND_NICE`]. Threads it
/// creates inherit it (ONNX Runtime's pools, for one). A failure is logged,
/// never fatal: the work still runs, only without the lower priority.
pub fn lower_current_thread() {
    #[cfg(target_os = "linux")]
    {
        // Linux keeps the nice value per thread: the thread's id names it.
        let thread = rustix::thread::gettid();
        if let Err(e) = rustix::process::setpriority_process(Some(thread), BACKGROUND_NICE) {
            tracing::debug!(error = %e, "could not lower a background thread's priority");
        }
    }
}

/// The nice value of the calling thread, for tests and diagnostics (`None`
/// where it cannot be read).
pub fn current_thread_nice() -> Option<i32> {
    #[cfg(target_os = "linux")]
    {
        rustix::process::getpriority_process(Some(rustix::thread::gettid())).ok()
    }
    #[cfg(not(target_os = "linux"))]
    {
        None
    }
}

/// Runs `work` on a thread of its own at background priority and waits for
/// it without blocking the async runtime. `None` when the work panicked.
/// For long runs (a transcription takes seconds), where a thread per run
/// costs nothing next to the work; the blocking pool's threads are shared
/// with other work and would keep the lower priority after it.
pub async fn run_in_background<R, F>(name: &str, work: F) -> Option<R>
where
    F: FnOnce() -> R + Send + 'static,
    R: Send + 'static,
{
    let (done, result) = oneshot::channel();
    let spawned = std::thread::Builder::new().name(name.to_owned()).spawn(move || {
        lower_current_thread();
        let _ = done.send(work());
    });
    if let Err(e) = spawned {
        tracing::error!(error = %e, "could not start a background thread");
        return None;
    }
    result.await.ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn background_work_runs_below_request_priority() {
        let before = current_thread_nice();
        let inside = run_in_background("test-background", current_thread_nice).await.expect("ran");
        if cfg!(target_os = "linux") {
            assert_eq!(inside, Some(BACKGROUND_NICE.max(before.unwrap_or(0))));
            // The caller's own priority is untouched.
            assert_eq!(current_thread_nice(), before);
        }
    }

    #[tokio::test]
    async fn a_panic_in_background_work_is_reported_not_spread() {
        let result: Option<()> = run_in_background("test-panic", || panic!("boom")).await;
        assert!(result.is_none());
    }
}

//! One call into a plugin: a fresh store with the call's limits, a deadline,
//! and the translation of whatever happened into a result or a [`PluginError`]
//! naming the plugin. The host never panics because of a plugin: every trap
//! and breach ends here as a value.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::{Duration, Instant};

use tracing::Instrument;
use tracing::instrument::WithSubscriber;
use wasmtime::component::ResourceTableError;
use wasmtime::{PoolConcurrencyLimitError, Store, Trap, UpdateDeadline};
use wasmtime_wasi::I32Exit;

use super::imports::LogFlood;
use super::plugin::LoadedPlugin;
use super::state::{CallState, HostServices};
use super::{Failure, PluginError, contract};
use crate::domain::WireSize;

/// The future a call body returns; it borrows the call's store.
pub(crate) type CallFuture<'a, R> = Pin<Box<dyn Future<Output = wasmtime::Result<Result<R, Failure>>> + Send + 'a>>;

/// Bytes of a panicking plugin's stderr kept in the log.
const PANIC_MESSAGE_BYTES: usize = 512;
/// Bytes of a host-side error's text kept in the failure.
const REASON_BYTES: usize = 300;

impl LoadedPlugin {
    /// Runs `body` (instantiate, call an export) in a fresh store under this
    /// plugin's limits, once the plugin's share and a slot allow, on the
    /// plugin threads, with a tracing span naming plugin, function and duration.
    pub(crate) async fn invoke<R, F>(
        self: &Arc<Self>,
        function: &'static str,
        config: &Arc<str>,
        input_size: usize,
        body: F,
    ) -> Result<R, PluginError>
    where
        R: WireSize + Send + 'static,
        F: for<'a> FnOnce(&'a mut Store<CallState>) -> CallFuture<'a, R> + Send + 'static,
    {
        let error = |failure| PluginError { plugin: self.plugin().clone(), function, failure };
        if let Err(open) = self.breaker.check(Instant::now()) {
            return Err(error(Failure::Tripped {
                failures: open.failures,
                retry_after_secs: open.retry_after.as_secs().max(1),
            }));
        }
        if input_size > self.limits.max_input_bytes {
            return Err(error(Failure::InputTooLarge { size: input_size, limit: self.limits.max_input_bytes }));
        }

        let span = tracing::info_span!(
            "plugin.call",
            plugin = %self.plugin(),
            kind = %self.kind(),
            function,
            queued_us = tracing::field::Empty,
            duration_us = tracing::field::Empty,
            outcome = tracing::field::Empty,
        );
        let started = Instant::now();
        let result = match self.runtime.slots.turn(&self.plugin.id, self.limits.concurrent_calls).await {
            Err(busy) => Err(busy),
            Ok(turn) => {
                span.record("queued_us", started.elapsed().as_micros() as u64);
                let (plugin, config) = (self.clone(), config.clone());
                let call = async move {
                    let result = plugin.run(function, &config, body).await;
                    drop(turn);
                    result
                };
                // The call's events go where the caller's go, on whichever thread it runs.
                let call = call.instrument(span.clone()).with_current_subscriber();
                self.runtime.executor.run(call).await.unwrap_or_else(|| {
                    Err(Failure::HostFailed { reason: "the task running the call was lost".to_owned() })
                })
            }
        };
        span.record("duration_us", started.elapsed().as_micros() as u64);
        let _entered = span.enter();
        match &result {
            Ok(_) => {
                span.record("outcome", "ok");
                tracing::debug!("plugin call finished");
            }
            Err(failure) => {
                span.record("outcome", "failed");
                tracing::warn!(error = %failure, "plugin call failed");
            }
        }

        // A host-side shortage says nothing about the plugin: it neither
        // counts towards the breaker nor resets it.
        if !matches!(&result, Err(f) if f.is_host_side()) {
            let fault = matches!(&result, Err(f) if f.is_fault());
            let config = &self.runtime.config.breaker;
            if self.breaker.record(fault, Instant::now(), config) {
                tracing::error!(
                    failures = config.failures_to_trip,
                    cooldown_secs = config.cooldown.as_secs(),
                    "plugin tripped: paused after repeated failures; an administrator should look at it"
                );
            }
        }
        result.map_err(error)
    }

    async fn run<R, F>(&self, function: &'static str, config: &Arc<str>, body: F) -> Result<R, Failure>
    where
        R: WireSize + Send,
        F: for<'a> FnOnce(&'a mut Store<CallState>) -> CallFuture<'a, R> + Send,
    {
        let limits = self.limits.clone();
        let mailer = self.runtime.config.mail.clone();
        let embeddings = self.runtime.config.embeddings.clone();
        let lane = self.runtime.lanes.hold(&self.plugin.id);
        let state = CallState::new(
            self.plugin.clone(),
            function,
            config.clone(),
            self.grants(),
            limits.clone(),
            HostServices { mailer, embeddings, lane: lane.clone() },
        );
        let host_time = state.host_time.clone();
        let mut store = Store::new(&self.runtime.engine, state);
        store.limiter(|s| &mut s.limiter);
        // Each epoch tick gives the plugin's CPU lane to its next call and
        // yields to the async executor, so a busy plugin holds neither a
        // worker thread nor more than its lane; past the deadline the tick
        // traps instead. Time the host spends on the plugin's behalf
        // (computing embeddings) and time waiting for the lane move the
        // deadline: neither is the call's own doing.
        let deadline = Instant::now() + limits.time_limit;
        store.set_epoch_deadline(1);
        let epoch_time = host_time.clone();
        let epoch_lane = lane.clone();
        store.epoch_deadline_callback(move |_| {
            if Instant::now() >= epoch_time.deadline(deadline) {
                return Err(Trap::Interrupt.into());
            }
            let (time, lane) = (epoch_time.clone(), epoch_lane.clone());
            Ok(UpdateDeadline::YieldCustom(
                1,
                Box::pin(async move {
                    time.start();
                    lane.next_slice().await;
                    time.stop();
                }),
            ))
        });
        host_time.start();
        lane.take().await;
        host_time.stop();

        // The timer covers time spent waiting in host calls (the network),
        // where epochs do not reach; the grace lets the epoch report first.
        let grace = Duration::from_millis(25);
        let outcome = {
            let body = body(&mut store);
            tokio::pin!(body);
            loop {
                let until = tokio::time::Instant::from_std(host_time.deadline(deadline) + grace);
                match tokio::time::timeout_at(until, &mut body).await {
                    Ok(result) => break Ok(result),
                    // Host work during the wait moved the deadline on.
                    Err(_) if Instant::now() < host_time.deadline(deadline) + grace => continue,
                    Err(elapsed) => break Err(elapsed),
                }
            }
        };
        let limit_ms = limits.time_limit.as_millis() as u64;
        let state = store.data();
        match outcome {
            Err(_elapsed) => Err(Failure::Timeout { limit_ms }),
            Ok(Err(error)) => Err(classify_trap(&error, state, limit_ms)),
            Ok(Ok(Err(failure))) => Err(contract::reported(name_refused_capability(failure, state), &limits)),
            Ok(Ok(Ok(value))) => {
                let size = value.wire_size();
                if size > limits.max_output_bytes {
                    Err(Failure::OutputTooLarge { size, limit: limits.max_output_bytes })
                } else {
                    Ok(value)
                }
            }
        }
    }
}

/// What a trap or host-side error means, most specific cause first.
fn classify_trap(error: &wasmtime::Error, state: &CallState, limit_ms: u64) -> Failure {
    if state.log.flooded || error.downcast_ref::<LogFlood>().is_some() {
        return Failure::LogFlood { limit_lines: state.limits.log_flood_lines };
    }
    // A refused memory.grow makes Rust's allocator abort, which surfaces as
    // `unreachable`: the limiter's record is the real cause.
    if state.limiter.memory_refused {
        return Failure::MemoryLimit { limit_bytes: state.limits.memory_bytes };
    }
    if let Some(exit) = error.downcast_ref::<I32Exit>() {
        return Failure::Exited { code: exit.0 };
    }
    if matches!(error.downcast_ref::<ResourceTableError>(), Some(ResourceTableError::Full)) {
        return Failure::HostResources { limit: state.limits.host_resources };
    }
    if let Some(shortage) = error.downcast_ref::<PoolConcurrencyLimitError>() {
        // The slots should make this impossible; if it happens anyway, it is
        // the host's shortage, not the plugin's fault.
        return Failure::Busy { reason: format!("the host ran out of room for it ({shortage})") };
    }
    match error.downcast_ref::<Trap>() {
        Some(Trap::Interrupt) => Failure::Timeout { limit_ms },
        Some(Trap::StackOverflow) => Failure::StackOverflow,
        Some(Trap::UnreachableCodeReached) => {
            let stderr = state.stderr.contents();
            let message = String::from_utf8_lossy(&stderr[..stderr.len().min(PANIC_MESSAGE_BYTES)]);
            let message = contract::escape_controls(message.trim());
            tracing::warn!(plugin = %state.plugin, function = state.function, stderr = %message, "plugin panicked");
            Failure::Panicked
        }
        Some(trap) => Failure::Trap { trap: trap.to_string() },
        None => {
            // Not a wasm trap: instantiation or a host import failed. The
            // detail goes to the log, not into the error other layers pass on.
            tracing::warn!(plugin = %state.plugin, function = state.function,
                error = %contract::escape_controls(&format!("{error:#}")), "plugin call aborted");
            let reason = root_reason(error);
            if state.started { Failure::HostCall { reason } } else { Failure::Instantiate { reason } }
        }
    }
}

/// The first line of the root cause, cut and with control characters escaped.
fn root_reason(error: &wasmtime::Error) -> String {
    let root = error.root_cause().to_string();
    contract::escape_controls(&contract::cut(root.lines().next().unwrap_or("unknown"), REASON_BYTES))
}

/// An error the plugin returned after a capability was refused is reported as
/// the refusal, which is what an administrator needs to act on.
fn name_refused_capability(failure: Failure, state: &CallState) -> Failure {
    match (&failure, state.refused_capabilities().first()) {
        (Failure::Returned { .. }, Some(capability)) => Failure::CapabilityDenied { capability: capability.clone() },
        _ => failure,
    }
}

//! The circuit breaker: a plugin that faults (traps, times out, breaks a
//! limit) several times in a row is paused for a cool-down, so a broken plugin
//! cannot keep burning the host's time. After the cool-down one trial call is
//! let through; success closes the breaker, another fault re-opens it.

use std::sync::Mutex;
use std::time::{Duration, Instant};

use super::config::BreakerConfig;

/// The breaker of one loaded plugin.
#[derive(Debug, Default)]
pub(crate) struct Breaker {
    state: Mutex<State>,
}

#[derive(Debug, Default)]
struct State {
    consecutive_faults: u32,
    open_until: Option<Instant>,
}

/// A refused call: the breaker is open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Open {
    pub failures: u32,
    pub retry_after: Duration,
}

impl Breaker {
    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        // A poisoned lock only means a panic elsewhere; the counters are still sound.
        self.state.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Whether a call may start at `now`.
    pub(crate) fn check(&self, now: Instant) -> Result<(), Open> {
        let state = self.state();
        match state.open_until {
            Some(until) if now < until => Err(Open { failures: state.consecutive_faults, retry_after: until - now }),
            _ => Ok(()),
        }
    }

    /// Records a finished call. Returns true when this call tripped the breaker.
    pub(crate) fn record(&self, fault: bool, now: Instant, config: &BreakerConfig) -> bool {
        let mut state = self.state();
        if !fault {
            *state = State::default();
            return false;
        }
        state.consecutive_faults += 1;
        if state.consecutive_faults >= config.failures_to_trip {
            state.open_until = Some(now + config.cooldown);
            return true;
        }
        false
    }

    /// Whether the breaker is open at `now`.
    pub(crate) fn is_open(&self, now: Instant) -> bool {
        self.check(now).is_err()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CONFIG: BreakerConfig = BreakerConfig { failures_to_trip: 3, cooldown: Duration::from_secs(60) };

    #[test]
    fn trips_after_consecutive_faults_and_reopens_after_a_failed_trial() {
        let b = Breaker::default();
        let t0 = Instant::now();
        assert!(!b.record(true, t0, &CONFIG));
        assert!(!b.record(true, t0, &CONFIG));
        assert!(b.check(t0).is_ok());
        assert!(b.record(true, t0, &CONFIG), "third fault trips");
        let open = b.check(t0 + Duration::from_secs(1)).unwrap_err();
        assert_eq!(open.failures, 3);
        assert_eq!(open.retry_after, Duration::from_secs(59));
        // After the cool-down one trial is allowed; its fault re-opens at once.
        let later = t0 + Duration::from_secs(61);
        assert!(b.check(later).is_ok());
        assert!(b.record(true, later, &CONFIG));
        assert!(b.is_open(later + Duration::from_secs(1)));
    }

    #[test]
    fn a_success_resets_the_count() {
        let b = Breaker::default();
        let t0 = Instant::now();
        b.record(true, t0, &CONFIG);
        b.record(true, t0, &CONFIG);
        b.record(false, t0, &CONFIG);
        assert!(!b.record(true, t0, &CONFIG));
        assert!(!b.record(true, t0, &CONFIG));
        assert!(b.check(t0).is_ok());
    }
}

//! How many times one may get a password wrong: per account (locked out for
//! a while after consecutive failures, longer each time) and per address
//! (a budget of failures that refills over time). Both answer 429 with
//! `Retry-After` before any password is hashed, so guessing costs the
//! guesser time and the server nothing.
//!
//! Accounts are keyed by the email as typed (lower-cased), whether or not an
//! account exists, so a lockout does not tell which addresses have accounts.
//! Attempts in flight count as failures until they are known not to be, so
//! a burst of concurrent guesses cannot slip past the lockout together.
//! Limits are per node: each node of a cluster keeps its own count.

use std::collections::HashMap;
use std::sync::Mutex;

/// The limits. Times are in milliseconds on the engine's clock.
#[derive(Debug, Clone, PartialEq)]
pub struct SignInLimitsConfig {
    /// Consecutive failures of one account that lock it.
    pub failures_before_lockout: u32,
    /// The first lockout; each further failure doubles it.
    pub lockout_ms: i64,
    /// The longest lockout.
    pub max_lockout_ms: i64,
    /// Failures one address may have in a burst.
    pub address_failures: u32,
    /// How long one address waits for each failure of its budget back.
    pub address_refill_ms: i64,
}

impl Default for SignInLimitsConfig {
    fn default() -> Self {
        Self {
            failures_before_lockout: 5,
            lockout_ms: 60_000,
            max_lockout_ms: 15 * 60_000,
            address_failures: 20,
            address_refill_ms: 30_000,
        }
    }
}

/// Why an attempt is refused before the password is checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refused {
    /// The account is locked for this many more milliseconds.
    Account { retry_after_ms: i64 },
    /// The address has used its failures; one comes back in this many ms.
    Address { retry_after_ms: i64 },
}

impl Refused {
    pub fn retry_after_secs(self) -> u64 {
        let ms = match self {
            Refused::Account { retry_after_ms } | Refused::Address { retry_after_ms } => retry_after_ms,
        };
        u64::try_from(ms.max(0)).unwrap_or(0).div_ceil(1000).max(1)
    }
}

#[derive(Debug, Default)]
struct Account {
    consecutive: u32,
    in_flight: u32,
    locked_until: i64,
    last_ms: i64,
}

#[derive(Debug)]
struct Address {
    /// Failures left, scaled by `address_refill_ms` so refills are exact.
    budget_ms: i64,
    at_ms: i64,
    in_flight: u32,
}

/// Entries kept before old ones are swept.
const SWEEP_AT: usize = 10_000;

/// The counts, shared by every request of a node.
#[derive(Debug, Default)]
pub struct SignInLimits {
    config: SignInLimitsConfig,
    state: Mutex<State>,
}

#[derive(Debug, Default)]
struct State {
    accounts: HashMap<String, Account>,
    addresses: HashMap<String, Address>,
}

/// An attempt allowed to go ahead; report how it went with [`SignInLimits::finish`].
#[derive(Debug)]
pub struct Attempt {
    account: String,
    address: String,
}

impl SignInLimits {
    pub fn new(config: SignInLimitsConfig) -> Self {
        Self { config, state: Mutex::default() }
    }

    /// Lets an attempt go ahead, or says why not and for how long.
    pub fn begin(&self, email: &str, address: &str, now_ms: i64) -> Result<Attempt, Refused> {
        let c = &self.config;
        let mut state = self.state.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if state.accounts.len() + state.addresses.len() > SWEEP_AT {
            state.sweep(c, now_ms);
        }
        let account_key = email.trim().to_lowercase();
        let full = c.address_failures as i64 * c.address_refill_ms;
        let budget = state.addresses.get(address).map_or(full, |a| {
            (a.budget_ms + (now_ms - a.at_ms).max(0)).min(full) - a.in_flight as i64 * c.address_refill_ms
        });
        if budget < c.address_refill_ms {
            return Err(Refused::Address { retry_after_ms: c.address_refill_ms - budget });
        }
        let account = state.accounts.entry(account_key.clone()).or_default();
        if account.locked_until > now_ms {
            return Err(Refused::Account { retry_after_ms: account.locked_until - now_ms });
        }
        // Enough guesses already in flight to lock it if they fail, or, once
        // a lockout has run out, a trial already in flight: wait for it.
        let busy = if account.consecutive < c.failures_before_lockout {
            account.consecutive + account.in_flight >= c.failures_before_lockout
        } else {
            account.in_flight > 0
        };
        if busy {
            return Err(Refused::Account { retry_after_ms: c.lockout_ms.min(5_000) });
        }
        account.in_flight += 1;
        account.last_ms = now_ms;
        let address_entry = state.addresses.entry(address.to_owned()).or_insert(Address {
            budget_ms: full,
            at_ms: now_ms,
            in_flight: 0,
        });
        address_entry.budget_ms = (address_entry.budget_ms + (now_ms - address_entry.at_ms).max(0)).min(full);
        address_entry.at_ms = now_ms;
        address_entry.in_flight += 1;
        Ok(Attempt { account: account_key, address: address.to_owned() })
    }

    /// Forgets an attempt that could not be judged (the server was busy).
    pub fn abandon(&self, attempt: Attempt) {
        let mut state = self.state.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(address) = state.addresses.get_mut(&attempt.address) {
            address.in_flight = address.in_flight.saturating_sub(1);
        }
        if let Some(account) = state.accounts.get_mut(&attempt.account) {
            account.in_flight = account.in_flight.saturating_sub(1);
        }
    }

    /// Records how an attempt went. Returns the lockout it caused, if any.
    pub fn finish(&self, attempt: Attempt, succeeded: bool, now_ms: i64) -> Option<i64> {
        let c = &self.config;
        let mut state = self.state.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(address) = state.addresses.get_mut(&attempt.address) {
            address.in_flight = address.in_flight.saturating_sub(1);
            if !succeeded {
                address.budget_ms -= c.address_refill_ms;
            }
        }
        let account = state.accounts.entry(attempt.account).or_default();
        account.in_flight = account.in_flight.saturating_sub(1);
        account.last_ms = now_ms;
        if succeeded {
            account.consecutive = 0;
            account.locked_until = 0;
            return None;
        }
        account.consecutive += 1;
        let over = account.consecutive.checked_sub(c.failures_before_lockout)?;
        let lockout = c.lockout_ms.saturating_mul(1_i64 << over.min(20)).min(c.max_lockout_ms);
        account.locked_until = now_ms.saturating_add(lockout);
        Some(lockout)
    }
}

impl State {
    /// Forgets what no longer limits anyone: unlocked accounts and full
    /// address budgets idle for longer than a full lockout.
    fn sweep(&mut self, c: &SignInLimitsConfig, now_ms: i64) {
        let idle = c.max_lockout_ms.max(c.address_failures as i64 * c.address_refill_ms);
        self.accounts.retain(|_, a| a.in_flight > 0 || a.locked_until > now_ms || now_ms - a.last_ms < idle);
        self.addresses.retain(|_, a| a.in_flight > 0 || now_ms - a.at_ms < idle);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limits() -> SignInLimits {
        SignInLimits::new(SignInLimitsConfig {
            failures_before_lockout: 3,
            lockout_ms: 1_000,
            max_lockout_ms: 4_000,
            address_failures: 5,
            address_refill_ms: 10_000,
        })
    }

    fn fail(l: &SignInLimits, email: &str, address: &str, now: i64) -> Result<Option<i64>, Refused> {
        let attempt = l.begin(email, address, now)?;
        Ok(l.finish(attempt, false, now))
    }

    #[test]
    fn an_account_locks_after_consecutive_failures_for_longer_each_time() {
        let l = limits();
        assert_eq!(fail(&l, "a@x.example", "1.1.1.1", 0), Ok(None));
        assert_eq!(fail(&l, "A@x.example ", "1.1.1.2", 0), Ok(None));
        assert_eq!(fail(&l, "a@x.example", "1.1.1.3", 0), Ok(Some(1_000)));
        assert_eq!(l.begin("a@x.example", "1.1.1.4", 500).map(|_| ()), Err(Refused::Account { retry_after_ms: 500 }));
        // Another account is not affected.
        assert!(l.begin("b@x.example", "1.1.1.4", 500).is_ok());
        assert_eq!(fail(&l, "a@x.example", "1.1.1.5", 1_000), Ok(Some(2_000)));
        assert_eq!(fail(&l, "a@x.example", "1.1.1.6", 3_000), Ok(Some(4_000)));
        assert_eq!(fail(&l, "a@x.example", "1.1.1.7", 7_000), Ok(Some(4_000)), "capped");
        // A success clears it.
        let attempt = l.begin("a@x.example", "1.1.1.8", 11_000).expect("unlocked");
        assert_eq!(l.finish(attempt, true, 11_000), None);
        assert_eq!(fail(&l, "a@x.example", "1.1.1.9", 11_000), Ok(None));
    }

    #[test]
    fn an_address_has_a_budget_of_failures_that_refills() {
        let l = limits();
        for n in 0..5 {
            assert_eq!(fail(&l, &format!("u{n}@x.example"), "9.9.9.9", 0), Ok(None));
        }
        assert_eq!(
            l.begin("new@x.example", "9.9.9.9", 0).map(|_| ()),
            Err(Refused::Address { retry_after_ms: 10_000 })
        );
        assert!(l.begin("new@x.example", "8.8.8.8", 0).is_ok(), "another address is not affected");
        assert!(l.begin("new@x.example", "9.9.9.9", 10_000).is_ok(), "one failure back after the refill time");
    }

    #[test]
    fn concurrent_attempts_count_before_they_finish() {
        let l = limits();
        let held: Vec<Attempt> = (0..3).map(|_| l.begin("a@x.example", "1.1.1.1", 0).expect("let through")).collect();
        assert!(matches!(l.begin("a@x.example", "1.1.1.2", 0), Err(Refused::Account { .. })));
        for attempt in held {
            l.finish(attempt, true, 0);
        }
        assert!(l.begin("a@x.example", "1.1.1.2", 0).is_ok());
    }
}

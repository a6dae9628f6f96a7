//! Runtime behaviour: cache, breaker, kinds, first-party plugins.

//! Contracts' debug output is for dry runs: a transaction never carries it.
//!
//! The runtime API's dry runs and queries run inside [`collected`]; every
//! execution asks the node for debug output only when [`is_collected`]. The
//! VM counts and charges debug output either way, so a dry run and the real
//! transaction end alike.

environmental::environmental!(collecting: bool);

/// Runs `f` with contracts' debug output collected into its outcome.
pub(crate) fn collected<R>(f: impl FnOnce() -> R) -> R {
    collecting::using(&mut true, f)
}

/// Whether the running execution collects debug output.
pub(crate) fn is_collected() -> bool {
    collecting::with(|collect| *collect).unwrap_or(false)
}

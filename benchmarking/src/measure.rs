//! Timing: warm-up, repeated samples, median.

use std::time::{Duration, Instant};

/// How many samples to take of each operation.
#[derive(Clone, Copy)]
pub struct Plan {
    /// Runs before measuring (caches, JIT, page faults).
    pub warmup: usize,
    /// Measured runs; the median is reported.
    pub samples: usize,
}

/// The median wall-clock time of `operation`, after `plan.warmup` unmeasured runs.
pub fn median(plan: Plan, mut operation: impl FnMut()) -> Duration {
    median_from(plan, || (), |()| operation())
}

/// Bytes of other memory written before each run of [`median_cold`]: the
/// last-level cache of the machine RESULTS.md is measured on (32 MiB), so a
/// run finds little of its code and data in any cache, as a call may on a
/// node that did other work (other transactions, the trie) since the last.
pub const COLD_TRAFFIC: usize = 32 << 20;

/// Bytes of a cache line: [`median_cold`] writes one byte of each.
const CACHE_LINE: usize = 64;

/// As [`median`], with the caches cold: before each run, untimed,
/// [`COLD_TRAFFIC`] bytes of other memory are written.
pub fn median_cold(plan: Plan, mut operation: impl FnMut()) -> Duration {
    let mut traffic = vec![0u8; COLD_TRAFFIC];
    let mut round = 0u8;
    let evict = || {
        round = round.wrapping_add(1);
        traffic
            .iter_mut()
            .step_by(CACHE_LINE)
            .for_each(|byte| *byte = round);
        std::hint::black_box(&traffic);
    };
    median_from(plan, evict, |()| operation())
}

/// How a row is timed: [`median`] or [`median_cold`].
pub type Timing = fn(Plan, &mut dyn FnMut()) -> Duration;

/// The names of `workload`'s warm rows and cold rows, each with how it is
/// timed.
pub fn warm_and_cold(workload: &str) -> [(String, Timing); 2] {
    [
        (format!("{workload}, warm"), |plan, operation| {
            median(plan, operation)
        }),
        (format!("{workload}, CPU caches cold"), |plan, operation| {
            median_cold(plan, operation)
        }),
    ]
}

/// As [`median`], each run of `operation` on what an unmeasured `setup`
/// made for it (a state the run changes, such as a contract that
/// terminates itself).
pub fn median_from<S>(
    plan: Plan,
    mut setup: impl FnMut() -> S,
    mut operation: impl FnMut(S),
) -> Duration {
    for _ in 0..plan.warmup {
        operation(setup());
    }
    let times = (0..plan.samples.max(1))
        .map(|_| {
            let state = setup();
            let start = Instant::now();
            operation(state);
            start.elapsed()
        })
        .collect();
    middle(times)
}

/// The median wall-clock times of `operations`, sampled in turn: each
/// round runs every operation once, after `plan.warmup` such rounds, so the
/// operations compared in one row see the same machine (its noise, and the
/// heap the process has built up by then) instead of one after another.
/// For engines making the same host's calls; a warm call is timed back to
/// back with [`median`] instead (sampled in turn, the slower engine's run
/// evicts the faster one's caches: a trivial call on runtime-vm takes 5 µs
/// warm and 7 µs after 2 MiB of other memory traffic).
pub fn medians<const N: usize>(plan: Plan, mut operations: [&mut dyn FnMut(); N]) -> [Duration; N] {
    for _ in 0..plan.warmup {
        operations.iter_mut().for_each(|operation| operation());
    }
    let mut times: [Vec<Duration>; N] = std::array::from_fn(|_| Vec::new());
    for _ in 0..plan.samples.max(1) {
        for (operation, times) in operations.iter_mut().zip(&mut times) {
            let start = Instant::now();
            operation();
            times.push(start.elapsed());
        }
    }
    times.map(middle)
}

/// The median of `times` (not empty).
fn middle(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

/// A duration in the unit that reads best.
pub fn show(duration: Duration) -> String {
    let nanos = duration.as_nanos() as f64;
    match nanos {
        n if n >= 1e9 => format!("{:.2} s", n / 1e9),
        n if n >= 1e6 => format!("{:.2} ms", n / 1e6),
        n if n >= 1e3 => format!("{:.1} µs", n / 1e3),
        n => format!("{n:.0} ns"),
    }
}

/// The row with the largest `key` (the worst of a section), if any.
pub fn worst<T>(rows: &[T], key: impl Fn(&T) -> f64) -> Option<&T> {
    rows.iter().max_by(|a, b| key(a).total_cmp(&key(b)))
}

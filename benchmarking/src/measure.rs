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
    let mut times: Vec<Duration> = (0..plan.samples.max(1))
        .map(|_| {
            let state = setup();
            let start = Instant::now();
            operation(state);
            start.elapsed()
        })
        .collect();
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

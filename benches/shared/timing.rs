//! How the benches that time one call many times report it: the median and the worst of RUNS runs, in milliseconds.

use std::time::{Duration, Instant};

pub const RUNS: usize = 15;

/// The median and the worst of RUNS runs of `f`, in milliseconds.
pub fn median(mut f: impl FnMut()) -> (f64, f64) {
    let mut times: Vec<Duration> = (0..RUNS)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed()
        })
        .collect();
    times.sort();
    (times[RUNS / 2].as_secs_f64() * 1e3, times[RUNS - 1].as_secs_f64() * 1e3)
}

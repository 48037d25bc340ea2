//! The property runner: seeded, scaled runs of a strategy (`check`), a time limit for a
//! single call (`within`), the linear-time comparison (`assert_linear_time`), and two small
//! helpers for picking positions in generated input.

use std::fmt::Debug;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::{Config as RunConfig, RngSeed, TestError, TestRunner};

/// The seed of this run: fixed, unless `CG_PROPTEST_SEED` gives another (`scripts/fuzz`).
pub(crate) fn base_seed() -> u64 {
    std::env::var("CG_PROPTEST_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x00C0_FFEE)
}

/// How many times the normal case count to run (`CG_PROPTEST_SCALE`, `scripts/fuzz`).
pub(crate) fn scale() -> u32 {
    std::env::var("CG_PROPTEST_SCALE")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1)
}

/// Runs `test` on `cases` (times the scale) values of `strategy`, seeded; panics with the
/// minimal failing input.
#[track_caller]
pub(crate) fn check<S>(
    name: &str,
    cases: u32,
    strategy: S,
    test: impl Fn(S::Value) -> Result<(), TestCaseError>,
) where
    S: Strategy,
    S::Value: Debug,
{
    // FNV-1a of the name, so each property draws its own stream from the same run seed.
    let seed = name
        .bytes()
        .fold(base_seed() ^ 0xcbf2_9ce4_8422_2325, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
        });
    let cases = cases.saturating_mul(scale());
    let config = RunConfig {
        cases,
        rng_seed: RngSeed::Fixed(seed),
        failure_persistence: None,
        max_shrink_iters: 4096,
        ..RunConfig::default()
    };
    let result = TestRunner::new(config).run(&strategy, test);
    match result {
        Ok(()) => println!("property {name}: {cases} cases passed (seed {seed})"),
        Err(TestError::Fail(reason, minimal)) => panic!(
            "property {name} failed (seed {seed}, {cases} cases): {reason}\nminimal input: {minimal:#?}"
        ),
        Err(TestError::Abort(reason)) => panic!("property {name} gave up (seed {seed}): {reason}"),
    }
}

/// Runs `f` on a thread of its own and fails when it takes longer than `limit`: a hang (the
/// exponential matcher this file was written against took 33 s) fails instead of stalling.
#[track_caller]
pub(crate) fn within<T: Send + 'static>(
    limit: Duration,
    what: &str,
    f: impl FnOnce() -> T + Send + 'static,
) -> T {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(f());
    });
    match rx.recv_timeout(limit) {
        Ok(value) => value,
        Err(mpsc::RecvTimeoutError::Timeout) => panic!("{what} took longer than {limit:?}"),
        Err(mpsc::RecvTimeoutError::Disconnected) => panic!("{what} panicked (see above)"),
    }
}

/// The shortest of a few timings of `f` (the least disturbed by other work on the machine).
pub(crate) fn fastest(runs: usize, mut f: impl FnMut()) -> Duration {
    (0..runs)
        .map(|_| {
            let started = Instant::now();
            f();
            started.elapsed()
        })
        .min()
        .unwrap_or_default()
}

/// `small` and `large` (eight times the input): `large` took at most 40 times as long (plus
/// a little for timer noise), measured again before failing.
#[track_caller]
pub(crate) fn assert_linear_time(what: &str, mut small: impl FnMut(), mut large: impl FnMut()) {
    let slack = Duration::from_millis(20);
    // A quadratic reader takes 64x on every attempt; a machine busy with other work makes
    // single runs slow now and then, which the fastest of several runs and a few attempts
    // absorb (this failed under a parallel build with 3 attempts of 1-3 runs).
    for attempt in 0..5 {
        let t1 = fastest(3, &mut small);
        let t8 = fastest(2 + attempt, &mut large);
        if t8 <= t1 * 40 + slack {
            return;
        }
        if attempt == 4 {
            panic!("{what}: 8x the input took {t8:?} against {t1:?} (over 40x)");
        }
    }
}

pub(crate) fn pick(index: &Index, len: usize) -> usize {
    if len == 0 { 0 } else { index.index(len) }
}

/// The largest char boundary at or before `at`.
pub(crate) fn floor(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

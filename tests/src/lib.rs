//! Shared support for the workspace scenario tests: a canned-response HTTP server, a fault
//! server, a counting TCP proxy, a tracing capture, test-only endpoints and the common fixtures
//! of the facade scenarios.

pub mod canned;
pub mod capture;
pub mod faults;
pub mod gzip;
pub mod probe;
pub mod proxy;

use std::time::Duration;

use stream_core::RetryPolicy;

/// The api key every facade scenario uses.
pub const KEY: &str = "facadekey";
/// The api secret every facade scenario uses; it must never appear in any output.
pub const SECRET: &str = "s3cr3t-never-print-me";

/// Retries with tiny backoffs, so scenarios stay fast.
pub fn fast_retries() -> RetryPolicy {
    RetryPolicy {
        max_retries: 2,
        initial_backoff: Duration::from_millis(10),
        max_backoff: Duration::from_millis(40),
        max_rate_limit_wait: Duration::from_secs(5),
    }
}

/// A hang detector, for the tests where a real clock is the point: a call, a stop or a fault
/// scenario still running after this long is stuck, not slow. Healthy runs need at most about
/// 3 s (three 300 ms attempts, backoff and a 2 s rate-limit wait), so this leaves a loaded
/// 2-core machine a margin of more than 6×. What a test checks lies elsewhere: the error kind
/// (a timeout, not the stalling server giving up after 10 s), the attempts counted, and the
/// waits computed by `stream_core::Call` from the time it is given (`crates/stream-core/tests/
/// call_machine.rs`) or slept on tokio's paused clock.
pub const HANG_LIMIT: Duration = Duration::from_secs(20);

/// A Stream-format error body.
pub fn stream_error_body(code: i64, exception: &str, detail: &str) -> String {
    serde_json::json!({
        "code": code,
        "detail": detail,
        "duration": "0.10ms",
        "exception": exception,
        "status_code": 400,
    })
    .to_string()
}

/// The current Unix time in seconds.
pub fn now_unix() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// The workspace README's examples, compiled as doctests (this crate depends on both facades
/// and the emulator).
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
pub struct ReadmeDoctests;

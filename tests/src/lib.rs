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

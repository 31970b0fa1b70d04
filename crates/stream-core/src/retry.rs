//! When to retry and how long to wait: pure functions of the attempt, the outcome, the time and a
//! jitter value passed in.
use std::time::Duration;

use crate::response::Response;

/// How failed requests are retried.
///
/// Only idempotent requests (GET, PUT, DELETE) are retried, unless the caller opts a request in.
/// Retried outcomes: connect errors, timeouts, broken connections, and statuses 429, 502, 503, 504.
/// The wait is capped exponential backoff with jitter; a 429 with `x-ratelimit-reset` (or
/// `Retry-After`) waits until the reset if that is within `max_rate_limit_wait`, and otherwise
/// fails at once with the rate-limit error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Retries after the first attempt (0 disables retrying).
    pub max_retries: u32,
    /// The first backoff.
    pub initial_backoff: Duration,
    /// The largest backoff.
    pub max_backoff: Duration,
    /// The longest wait for a rate-limit reset before giving up.
    pub max_rate_limit_wait: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_retries: 2,
            initial_backoff: Duration::from_millis(100),
            max_backoff: Duration::from_secs(2),
            max_rate_limit_wait: Duration::from_secs(10),
        }
    }
}

impl RetryPolicy {
    /// A policy that never retries.
    pub fn none() -> Self {
        Self {
            max_retries: 0,
            ..Self::default()
        }
    }

    /// Backoff before retry number `retry` (1-based), with `jitter` in `[0, 1)`: "equal jitter",
    /// between half and all of the capped exponential delay.
    pub fn backoff(&self, retry: u32, jitter: f64) -> Duration {
        let exp = self.initial_backoff.saturating_mul(
            1u32.checked_shl(retry.saturating_sub(1))
                .unwrap_or(u32::MAX),
        );
        let capped = exp.min(self.max_backoff);
        let jitter = if jitter.is_finite() {
            jitter.clamp(0.0, 1.0)
        } else {
            0.0
        };
        capped.mul_f64(0.5 + 0.5 * jitter)
    }

    /// Whether a response status is worth retrying.
    pub fn is_retryable_status(status: u16) -> bool {
        matches!(status, 429 | 502 | 503 | 504)
    }

    /// For a 429: how long until the service's rate-limit window resets, from `x-ratelimit-reset`
    /// (Unix seconds, compared with `now_unix`) or `Retry-After` (seconds).
    pub fn rate_limit_wait(resp: &Response, now_unix: u64) -> Option<Duration> {
        if let Some(reset) = resp.rate_limit().and_then(|r| r.reset) {
            return Some(Duration::from_secs(reset.saturating_sub(now_unix)));
        }
        resp.header("retry-after")
            .and_then(|v| v.trim().parse::<u64>().ok())
            .map(Duration::from_secs)
    }
}

/// A lock-free sequence of jitter values in `[0, 1)` (splitmix64) from a seed the driver chooses.
/// Not cryptographic: it only spreads the retries of many clients apart. Core never seeds it
/// itself (no clock, no entropy here); the facades seed it from the clock and an address.
#[derive(Debug)]
pub struct JitterSequence(std::sync::atomic::AtomicU64);

impl JitterSequence {
    /// A sequence starting from `seed`; equal seeds give equal sequences.
    pub fn from_seed(seed: u64) -> Self {
        Self(std::sync::atomic::AtomicU64::new(seed))
    }

    /// A sequence seeded from the time the driver read (`since_epoch`, the system clock since the
    /// Unix epoch) and the address of a value on this call's stack, so that clients started
    /// together still spread their retries apart. Core reads no clock; the driver passes it.
    pub fn from_clock(since_epoch: Duration) -> Self {
        let marker = 0u8;
        let address = std::ptr::addr_of!(marker) as usize as u64;
        Self::from_seed((since_epoch.as_nanos() as u64) ^ address.rotate_left(32))
    }

    /// The next value in `[0, 1)`.
    pub fn next_value(&self) -> f64 {
        const GOLDEN: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut z = self
            .0
            .fetch_add(GOLDEN, std::sync::atomic::Ordering::Relaxed)
            .wrapping_add(GOLDEN);
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^= z >> 31;
        // 53 random bits → a double in [0, 1).
        (z >> 11) as f64 / (1u64 << 53) as f64
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn jitter_stays_in_range_varies_and_is_reproducible() {
        let a = JitterSequence::from_seed(42);
        let values: Vec<f64> = (0..1000).map(|_| a.next_value()).collect();
        assert!(values.iter().all(|v| (0.0..1.0).contains(v)));
        assert!(values.iter().any(|v| (v - values[0]).abs() > 1e-9));
        let b = JitterSequence::from_seed(42);
        assert_eq!(b.next_value(), values[0]);
    }

    use super::*;

    #[test]
    fn clock_seeded_sequences_differ() {
        let at = Duration::from_secs(1_704_164_645);
        let (a, b) = (
            JitterSequence::from_clock(at),
            JitterSequence::from_clock(at + Duration::from_nanos(1)),
        );
        let (x, y): (Vec<f64>, Vec<f64>) = (0..8).map(|_| (a.next_value(), b.next_value())).unzip();
        assert!(x.iter().all(|v| (0.0..1.0).contains(v)));
        assert_ne!(x, y);
    }

    #[test]
    fn backoff_grows_and_is_capped() {
        let p = RetryPolicy::default();
        assert_eq!(p.backoff(1, 1.0), Duration::from_millis(100));
        assert_eq!(p.backoff(2, 1.0), Duration::from_millis(200));
        assert_eq!(p.backoff(2, 0.0), Duration::from_millis(100));
        assert_eq!(p.backoff(30, 1.0), Duration::from_secs(2));
        assert_eq!(p.backoff(200, f64::NAN), Duration::from_secs(1));
    }

    #[test]
    fn rate_limit_reset_is_read() {
        let r = Response::new(429, "").with_header("X-RateLimit-Reset", "1005");
        assert_eq!(
            RetryPolicy::rate_limit_wait(&r, 1000),
            Some(Duration::from_secs(5))
        );
        let r = Response::new(429, "").with_header("Retry-After", "3");
        assert_eq!(
            RetryPolicy::rate_limit_wait(&r, 1000),
            Some(Duration::from_secs(3))
        );
        assert_eq!(
            RetryPolicy::rate_limit_wait(&Response::new(429, ""), 1000),
            None
        );
    }
}

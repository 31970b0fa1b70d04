//! The two things core asks the driver for: the current Unix time and a jitter value. Core owns
//! the jitter algorithm ([`JitterSequence`]); the driver only supplies the seed.
use std::time::{SystemTime, UNIX_EPOCH};

use stream_core::JitterSequence;

/// The current Unix time in whole seconds (0 if the clock is before 1970).
pub(crate) fn now_unix() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// Jitter in `[0, 1)` for retry backoff, seeded from the clock and the address of a stack value
/// so that clients started together still spread their retries apart.
#[derive(Debug)]
pub(crate) struct Jitter(JitterSequence);

impl Jitter {
    /// A new sequence.
    pub(crate) fn new() -> Self {
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos() as u64);
        let marker = 0u8;
        let addr = std::ptr::addr_of!(marker) as usize as u64;
        Self(JitterSequence::from_seed(nanos ^ addr.rotate_left(32)))
    }

    /// The next value in `[0, 1)`.
    pub(crate) fn next(&self) -> f64 {
        self.0.next_value()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_clients_get_different_jitter() {
        let (a, b) = (Jitter::new(), Jitter::new());
        let (x, y): (Vec<f64>, Vec<f64>) = (0..8).map(|_| (a.next(), b.next())).unzip();
        assert!(x.iter().all(|v| (0.0..1.0).contains(v)));
        assert_ne!(x, y);
    }

    #[test]
    fn clock_is_after_2020() {
        assert!(now_unix() > 1_577_836_800);
    }
}

//! The two things core asks the driver for: the current Unix time and a jitter value.
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

/// The current Unix time in whole seconds (0 if the clock is before 1970).
pub(crate) fn now_unix() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// A lock-free source of jitter in `[0, 1)`: a splitmix64 sequence seeded from the clock and an
/// address. Not cryptographic; it only spreads retries of many clients apart.
#[derive(Debug)]
pub(crate) struct Jitter(AtomicU64);

impl Jitter {
    /// A new sequence, seeded from the clock and the address of a stack value.
    pub(crate) fn new() -> Self {
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos() as u64);
        let marker = 0u8;
        let addr = std::ptr::addr_of!(marker) as usize as u64;
        Self(AtomicU64::new(nanos ^ addr.rotate_left(32)))
    }

    /// The next value in `[0, 1)`.
    pub(crate) fn next(&self) -> f64 {
        let mut z = self
            .0
            .fetch_add(0x9E37_79B9_7F4A_7C15, Ordering::Relaxed)
            .wrapping_add(0x9E37_79B9_7F4A_7C15);
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^= z >> 31;
        // 53 random bits → a double in [0, 1).
        (z >> 11) as f64 / (1u64 << 53) as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jitter_stays_in_range_and_varies() {
        let j = Jitter::new();
        let values: Vec<f64> = (0..1000).map(|_| j.next()).collect();
        assert!(values.iter().all(|v| (0.0..1.0).contains(v)));
        let first = values[0];
        assert!(values.iter().any(|v| (v - first).abs() > 1e-9));
    }

    #[test]
    fn clock_is_after_2020() {
        assert!(now_unix() > 1_577_836_800);
    }
}

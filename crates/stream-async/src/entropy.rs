//! What the async driver gives core: the current Unix time and a seeded jitter sequence.
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use stream_core::JitterSequence;

fn since_epoch() -> Duration {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default()
}

/// The current Unix time in whole seconds (0 if the clock is before 1970).
pub(crate) fn now_unix() -> u64 {
    since_epoch().as_secs()
}

/// A jitter sequence seeded from the clock and the address of a stack value, so that clients
/// started together still spread their retries apart.
pub(crate) fn jitter() -> JitterSequence {
    let marker = 0u8;
    JitterSequence::from_time_and_address(
        since_epoch().as_nanos() as u64,
        std::ptr::addr_of!(marker) as usize,
    )
}

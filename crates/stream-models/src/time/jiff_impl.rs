//! Conversions between [`Timestamp`] and `jiff::Timestamp` (feature `jiff`).
//!
//! ```
//! use stream_models::Timestamp;
//! let t = Timestamp::from_unix(1_704_164_645, 678_900_000);
//! let j = jiff::Timestamp::try_from(&t)?;
//! assert_eq!(j.as_second(), 1_704_164_645);
//! assert_eq!(Timestamp::from(j), t);
//! # Ok::<(), stream_models::TimeError>(())
//! ```
use super::{NANOS_PER_SEC, TimeError, Timestamp};

impl From<jiff::Timestamp> for Timestamp {
    fn from(t: jiff::Timestamp) -> Self {
        let all = t.as_nanosecond();
        let per_sec = i128::from(NANOS_PER_SEC);
        // jiff's range (years -9999 to 9999) fits i64 seconds; the remainder is below a second.
        let secs = i64::try_from(all.div_euclid(per_sec)).unwrap_or(i64::MIN);
        let nanos = u32::try_from(all.rem_euclid(per_sec)).unwrap_or(0);
        Timestamp::from_unix(secs, nanos)
    }
}

impl TryFrom<&Timestamp> for jiff::Timestamp {
    type Error = TimeError;

    /// Fails for times beyond jiff's range (years -9999 to 9999).
    fn try_from(t: &Timestamp) -> Result<Self, TimeError> {
        let (secs, nanos) = t.to_unix();
        let all = i128::from(secs) * i128::from(NANOS_PER_SEC) + i128::from(nanos);
        jiff::Timestamp::from_nanosecond(all).map_err(|_| TimeError {
            value: t.as_str().to_owned(),
            reason: "outside jiff's range",
        })
    }
}

impl TryFrom<Timestamp> for jiff::Timestamp {
    type Error = TimeError;

    /// As for `&Timestamp`.
    fn try_from(t: Timestamp) -> Result<Self, TimeError> {
        jiff::Timestamp::try_from(&t)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jiff_times_convert_both_ways_on_both_sides_of_1970() {
        for (secs, nanos) in [(1_704_164_645, 678_900_123), (-1, 999_999_999), (0, 0)] {
            let t = Timestamp::from_unix(secs, nanos);
            let j = jiff::Timestamp::try_from(&t).unwrap();
            let all = i128::from(secs) * 1_000_000_000 + i128::from(nanos);
            assert_eq!(j.as_nanosecond(), all);
            assert_eq!(Timestamp::from(j), t);
            assert_eq!(jiff::Timestamp::try_from(t.clone()).unwrap(), j);
        }
        let err = jiff::Timestamp::try_from(Timestamp::from_unix(i64::MAX, 0)).unwrap_err();
        assert_eq!(err.reason, "outside jiff's range");
    }
}

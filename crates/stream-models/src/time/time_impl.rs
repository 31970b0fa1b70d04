//! Conversions between [`Timestamp`] and `time::OffsetDateTime` (feature `time`).
//!
//! ```
//! use stream_models::Timestamp;
//! let t = Timestamp::from_unix(1_704_164_645, 678_900_000);
//! let odt = time::OffsetDateTime::try_from(&t)?;
//! assert_eq!(odt.unix_timestamp(), 1_704_164_645);
//! assert_eq!(Timestamp::from(odt), t);
//! # Ok::<(), stream_models::TimeError>(())
//! ```
use time::OffsetDateTime;

use super::{NANOS_PER_SEC, TimeError, Timestamp};

impl From<OffsetDateTime> for Timestamp {
    /// The same instant, whatever the offset.
    fn from(t: OffsetDateTime) -> Self {
        Timestamp::from_unix(t.unix_timestamp(), t.nanosecond())
    }
}

impl TryFrom<&Timestamp> for OffsetDateTime {
    type Error = TimeError;

    /// In UTC; fails for times beyond the `time` crate's range (years -9999 to 9999).
    fn try_from(t: &Timestamp) -> Result<Self, TimeError> {
        let (secs, nanos) = t.to_unix();
        let all = i128::from(secs) * i128::from(NANOS_PER_SEC) + i128::from(nanos);
        OffsetDateTime::from_unix_timestamp_nanos(all).map_err(|_| TimeError {
            value: t.as_str().to_owned(),
            reason: "outside the time crate's range",
        })
    }
}

impl TryFrom<Timestamp> for OffsetDateTime {
    type Error = TimeError;

    /// As for `&Timestamp`.
    fn try_from(t: Timestamp) -> Result<Self, TimeError> {
        OffsetDateTime::try_from(&t)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn time_crate_times_convert_both_ways_on_both_sides_of_1970() {
        for (secs, nanos) in [(1_704_164_645, 678_900_123), (-1, 999_999_999), (0, 0)] {
            let t = Timestamp::from_unix(secs, nanos);
            let odt = OffsetDateTime::try_from(&t).unwrap();
            assert_eq!((odt.unix_timestamp(), odt.nanosecond()), (secs, nanos));
            assert_eq!(Timestamp::from(odt), t);
            assert_eq!(OffsetDateTime::try_from(t.clone()).unwrap(), odt);
        }
        let east =
            OffsetDateTime::UNIX_EPOCH.to_offset(time::UtcOffset::from_hms(1, 0, 0).unwrap());
        assert_eq!(Timestamp::from(east), Timestamp::from_unix(0, 0));
        let err = OffsetDateTime::try_from(Timestamp::from_unix(i64::MAX, 0)).unwrap_err();
        assert_eq!(err.reason, "outside the time crate's range");
    }
}

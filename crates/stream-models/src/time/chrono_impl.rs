//! Conversions between [`Timestamp`] and `chrono::DateTime<Utc>` (feature `chrono`).
//!
//! ```
//! use stream_models::Timestamp;
//! let t = Timestamp::from_unix(1_704_164_645, 678_900_000);
//! let dt = chrono::DateTime::<chrono::Utc>::try_from(&t)?;
//! assert_eq!(dt.timestamp(), 1_704_164_645);
//! assert_eq!(Timestamp::from(dt), t);
//! # Ok::<(), stream_models::TimeError>(())
//! ```
use chrono::{DateTime, Utc};

use super::{TimeError, Timestamp};

impl From<DateTime<Utc>> for Timestamp {
    fn from(t: DateTime<Utc>) -> Self {
        Timestamp::from_unix(t.timestamp(), t.timestamp_subsec_nanos())
    }
}

impl TryFrom<&Timestamp> for DateTime<Utc> {
    type Error = TimeError;

    /// Fails for times beyond chrono's range (about 262,000 years either side of year 0).
    fn try_from(t: &Timestamp) -> Result<Self, TimeError> {
        let (secs, nanos) = t.to_unix();
        DateTime::from_timestamp(secs, nanos).ok_or_else(|| TimeError {
            value: t.as_str().to_owned(),
            reason: "outside chrono's range",
        })
    }
}

impl TryFrom<Timestamp> for DateTime<Utc> {
    type Error = TimeError;

    /// As for `&Timestamp`.
    fn try_from(t: Timestamp) -> Result<Self, TimeError> {
        DateTime::try_from(&t)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chrono_times_convert_both_ways_on_both_sides_of_1970() {
        for (secs, nanos) in [(1_704_164_645, 678_900_123), (-1, 999_999_999), (0, 0)] {
            let t = Timestamp::from_unix(secs, nanos);
            let dt = DateTime::<Utc>::try_from(&t).unwrap();
            assert_eq!((dt.timestamp(), dt.timestamp_subsec_nanos()), (secs, nanos));
            assert_eq!(Timestamp::from(dt), t);
            assert_eq!(DateTime::<Utc>::try_from(t.clone()).unwrap(), dt);
        }
        let far = Timestamp::from_unix(i64::MAX, 0);
        let err = DateTime::<Utc>::try_from(far).unwrap_err();
        assert_eq!(err.reason, "outside chrono's range");
    }
}

//! Reading a [`Timestamp`] from whichever form a response carries it in.
use std::fmt;

use serde::de::{self, Visitor};

use super::Timestamp;

/// Reads unix nanoseconds (integer, float or digit string) or RFC 3339 text, without
/// allocating when the text fits inline.
pub(super) struct TimestampVisitor;

impl Visitor<'_> for TimestampVisitor {
    type Value = Timestamp;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a time: unix nanoseconds (integer or digit string) or RFC 3339 text")
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Timestamp, E> {
        Ok(Timestamp::from_unix_nanos(v))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Timestamp, E> {
        i64::try_from(v)
            .map(Timestamp::from_unix_nanos)
            .map_err(|_| E::custom("timestamp out of range"))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Timestamp, E> {
        if v.is_finite() && v.abs() < 9.2e18 {
            // Truncation is intended: nanosecond floats lose sub-nanosecond noise only.
            #[allow(clippy::cast_possible_truncation)]
            Ok(Timestamp::from_unix_nanos(v as i64))
        } else {
            Err(E::custom("timestamp out of range"))
        }
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Timestamp, E> {
        let t = v.trim();
        if !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit()) {
            return t
                .parse::<i64>()
                .map(Timestamp::from_unix_nanos)
                .map_err(|_| E::custom("timestamp out of range"));
        }
        Timestamp::parse(v).map_err(|e| E::custom(format!("not a timestamp: {v:?}: {}", e.reason)))
    }
}

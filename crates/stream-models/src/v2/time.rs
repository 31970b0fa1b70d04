//! Timestamps of the v2 API.
//!
//! Responses carry unix-nanosecond integers (`1704164645678900000`), sometimes as a string of
//! digits; older or proxied answers may carry RFC 3339 strings. [`Timestamp`] reads all three and
//! writes nanoseconds. Request timestamps (`starts_at`) are written as Python's `isoformat()` does
//! (`2024-01-02T03:04:05+00:00`, six fraction digits only when non-zero), via [`Timestamp::to_iso`].
use std::fmt;

use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A point in time with nanosecond precision, stored as nanoseconds since the Unix epoch (UTC).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Timestamp(i64);

impl Timestamp {
    /// From nanoseconds since the Unix epoch.
    pub const fn from_unix_nanos(nanos: i64) -> Self {
        Self(nanos)
    }

    /// From whole seconds since the Unix epoch (saturating).
    pub const fn from_unix_seconds(secs: i64) -> Self {
        Self(secs.saturating_mul(1_000_000_000))
    }

    /// Nanoseconds since the Unix epoch.
    pub const fn unix_nanos(self) -> i64 {
        self.0
    }

    /// Whole seconds since the Unix epoch (rounded down).
    pub const fn unix_seconds(self) -> i64 {
        self.0.div_euclid(1_000_000_000)
    }

    /// Parses an RFC 3339 timestamp (`2024-01-02T03:04:05Z`, `2024-01-02T03:04:05.6789+01:00`,
    /// also without an offset, read as UTC). `None` when it is not one.
    pub fn parse_rfc3339(s: &str) -> Option<Self> {
        let b = s.as_bytes();
        let num = |r: std::ops::Range<usize>| -> Option<i64> {
            let part = b.get(r)?;
            if part.is_empty() || !part.iter().all(u8::is_ascii_digit) {
                return None;
            }
            std::str::from_utf8(part).ok()?.parse().ok()
        };
        if b.len() < 19 || b[4] != b'-' || b[7] != b'-' || b[13] != b':' || b[16] != b':' {
            return None;
        }
        if !matches!(b[10], b'T' | b't' | b' ') {
            return None;
        }
        let (year, month, day) = (num(0..4)?, num(5..7)?, num(8..10)?);
        let (hour, minute, second) = (num(11..13)?, num(14..16)?, num(17..19)?);
        if !(1..=12).contains(&month) || !(1..=31).contains(&day) || hour > 23 || minute > 59 {
            return None;
        }
        if second > 60 {
            return None;
        }
        let mut i = 19;
        let mut nanos: i64 = 0;
        if b.get(i) == Some(&b'.') {
            i += 1;
            let start = i;
            while i < b.len() && b[i].is_ascii_digit() {
                if i - start < 9 {
                    nanos = nanos * 10 + i64::from(b[i] - b'0');
                }
                i += 1;
            }
            let digits = i - start;
            if digits == 0 {
                return None;
            }
            for _ in digits..9 {
                nanos *= 10;
            }
        }
        let offset_secs = match b.get(i) {
            None => 0,
            Some(b'Z' | b'z') if i + 1 == b.len() => 0,
            Some(sign @ (b'+' | b'-')) if b.len() == i + 6 && b[i + 3] == b':' => {
                let h = num(i + 1..i + 3)?;
                let m = num(i + 4..i + 6)?;
                let v = h * 3600 + m * 60;
                if *sign == b'-' { -v } else { v }
            }
            _ => return None,
        };
        let days = days_from_civil(year, month, day);
        let secs = days * 86_400 + hour * 3600 + minute * 60 + second - offset_secs;
        secs.checked_mul(1_000_000_000)?
            .checked_add(nanos)
            .map(Self)
    }

    /// Python's `isoformat()` in UTC: `2024-01-02T03:04:05+00:00`, or with six fraction digits
    /// (`2024-01-02T03:04:05.678900+00:00`) when the microseconds are non-zero.
    pub fn to_iso(self) -> String {
        let secs = self.unix_seconds();
        let micros = self.0.rem_euclid(1_000_000_000) / 1000;
        let (days, rem) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
        let (y, m, d) = civil_from_days(days);
        let mut out = format!(
            "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}",
            rem / 3600,
            rem % 3600 / 60,
            rem % 60
        );
        if micros != 0 {
            out.push_str(&format!(".{micros:06}"));
        }
        out.push_str("+00:00");
        out
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date of a day number since 1970-01-01.
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (
        if m <= 2 {
            yoe + era * 400 + 1
        } else {
            yoe + era * 400
        },
        m,
        d,
    )
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_i64(self.0)
    }
}

struct TsVisitor;

impl Visitor<'_> for TsVisitor {
    type Value = Timestamp;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("unix nanoseconds (integer or digit string) or an RFC 3339 timestamp")
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Timestamp, E> {
        Ok(Timestamp(v))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Timestamp, E> {
        i64::try_from(v)
            .map(Timestamp)
            .map_err(|_| E::custom("timestamp out of range"))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Timestamp, E> {
        if v.is_finite() && v.abs() < 9.2e18 {
            // Truncation is intended: nanosecond floats lose sub-nanosecond noise only.
            #[allow(clippy::cast_possible_truncation)]
            Ok(Timestamp(v as i64))
        } else {
            Err(E::custom("timestamp out of range"))
        }
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Timestamp, E> {
        let t = v.trim();
        if !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit()) {
            return t
                .parse::<i64>()
                .map(Timestamp)
                .map_err(|_| E::custom("timestamp out of range"));
        }
        Timestamp::parse_rfc3339(t).ok_or_else(|| E::custom(format!("not a timestamp: {v:?}")))
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(TsVisitor)
    }
}

/// Serializes an optional request timestamp as Python's `isoformat()` (see [`Timestamp::to_iso`]).
/// For `#[serde(serialize_with = ...)]` on `Option<Timestamp>` request fields.
pub fn serialize_opt_iso<S: Serializer>(t: &Option<Timestamp>, s: S) -> Result<S::Ok, S::Error> {
    match t {
        Some(t) => s.serialize_str(&t.to_iso()),
        None => s.serialize_none(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_all_three_forms() {
        let want = Timestamp::from_unix_nanos(1_704_164_645_678_900_000);
        for text in [
            "1704164645678900000",
            "\"1704164645678900000\"",
            "\"2024-01-02T03:04:05.6789Z\"",
            "\"2024-01-02T04:04:05.678900+01:00\"",
        ] {
            let t: Timestamp = serde_json::from_str(text).unwrap();
            assert_eq!(t, want, "{text}");
        }
        assert!(serde_json::from_str::<Timestamp>("\"yesterday\"").is_err());
        assert!(serde_json::from_str::<Timestamp>("\"2024-13-02T03:04:05Z\"").is_err());
    }

    #[test]
    fn writes_python_isoformat() {
        assert_eq!(
            Timestamp::from_unix_seconds(1_704_164_645).to_iso(),
            "2024-01-02T03:04:05+00:00"
        );
        assert_eq!(
            Timestamp::from_unix_nanos(1_704_164_645_678_900_000).to_iso(),
            "2024-01-02T03:04:05.678900+00:00"
        );
        assert_eq!(
            Timestamp::from_unix_seconds(0).to_iso(),
            "1970-01-01T00:00:00+00:00"
        );
        let t = Timestamp::from_unix_seconds(951_782_400); // 2000-02-29
        assert_eq!(Timestamp::parse_rfc3339(&t.to_iso()), Some(t));
    }
}

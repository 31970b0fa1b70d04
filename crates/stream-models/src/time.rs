//! Activity times as the service reads and writes them.
//!
//! Stream stores activity times in UTC without a zone suffix and with microseconds
//! (`2024-01-02T03:04:05.678900`), which is what the official Python client sends. A
//! [`Timestamp`] holds the exact string that goes on the wire:
//!
//! - [`Timestamp::from_unix`] and `From<SystemTime>` format `%Y-%m-%dT%H:%M:%S.%f` in UTC,
//!   always six fraction digits, no suffix;
//! - [`Timestamp::parse`] reads RFC 3339 style strings (with or without `Z` or an offset, 0 to 9
//!   fraction digits, `T` or a space between date and time) and normalises them to that form;
//! - `From<&str>` / `From<String>` keep a string exactly as given (a time read from a response,
//!   or a format the caller knows the service accepts).
//!
//! The civil-date arithmetic is written out here (days from 1970-01-01, proleptic Gregorian
//! calendar) so the crate needs no date library.
use std::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Why a string is not a time we can read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "{value:?} is not a time like 2024-01-02T03:04:05.678900 or 2024-01-02T03:04:05Z: {reason}"
)]
pub struct TimeError {
    /// The string as given.
    pub value: String,
    /// What did not fit.
    pub reason: &'static str,
}

/// An activity time, holding its wire string. See the [module docs](self).
///
/// Equality, ordering and hashing are those of the wire string.
#[derive(Clone)]
pub struct Timestamp(Repr);

/// Wire strings up to this long (every time the service sends: 26 bytes) are held inline, so
/// reading a page of activities makes no allocation per time.
const INLINE: usize = 32;

/// The wire string: inline when short, on the heap otherwise.
#[derive(Clone)]
enum Repr {
    Inline { len: u8, bytes: [u8; INLINE] },
    Heap(Box<str>),
}

impl Repr {
    fn new(s: &str) -> Self {
        match u8::try_from(s.len()) {
            Ok(len) if s.len() <= INLINE => {
                let mut bytes = [0u8; INLINE];
                bytes[..s.len()].copy_from_slice(s.as_bytes());
                Repr::Inline { len, bytes }
            }
            _ => Repr::Heap(s.into()),
        }
    }

    fn from_string(s: String) -> Self {
        if s.len() <= INLINE {
            Self::new(&s)
        } else {
            Repr::Heap(s.into_boxed_str())
        }
    }

    fn as_str(&self) -> &str {
        match self {
            // Always valid: the bytes were copied from a `str` of exactly `len` bytes.
            Repr::Inline { len, bytes } => {
                std::str::from_utf8(&bytes[..usize::from(*len)]).unwrap_or_default()
            }
            Repr::Heap(s) => s,
        }
    }
}

impl fmt::Debug for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Timestamp").field(&self.as_str()).finish()
    }
}

impl PartialEq for Timestamp {
    fn eq(&self, other: &Self) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for Timestamp {}

impl PartialOrd for Timestamp {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Timestamp {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl std::hash::Hash for Timestamp {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.as_str().hash(state);
    }
}

impl Timestamp {
    /// Formats Unix seconds plus nanoseconds as `%Y-%m-%dT%H:%M:%S.%f` (UTC, microseconds,
    /// nanoseconds truncated). Nanoseconds above 999,999,999 carry into the seconds.
    pub fn from_unix(secs: i64, nanos: u32) -> Self {
        let secs = secs.saturating_add(i64::from(nanos / 1_000_000_000));
        let nanos = nanos % 1_000_000_000;
        let days = secs.div_euclid(86_400);
        let rem = secs.rem_euclid(86_400);
        let (y, m, d) = civil_from_days(days);
        let (hh, mm, ss) = (rem / 3600, rem % 3600 / 60, rem % 60);
        Self(Repr::from_string(format!(
            "{y:04}-{m:02}-{d:02}T{hh:02}:{mm:02}:{ss:02}.{:06}",
            nanos / 1000
        )))
    }

    /// Reads an RFC 3339 style time and normalises it to UTC `%Y-%m-%dT%H:%M:%S.%f`.
    ///
    /// Accepts `YYYY-MM-DD(T| )HH:MM:SS[.f{1,9}][Z|z|±HH:MM|±HHMM]`; a time without a zone is
    /// taken as UTC (as the service and the Python client do).
    pub fn parse(value: &str) -> Result<Self, TimeError> {
        let (secs, nanos) = parse_unix(value).map_err(|reason| TimeError {
            value: value.to_owned(),
            reason,
        })?;
        Ok(Self::from_unix(secs, nanos))
    }

    /// The current wire string (`2024-01-02T03:04:05.678900`).
    pub fn as_str(&self) -> &str {
        self.0.as_str()
    }

    /// The wire string.
    pub fn into_string(self) -> String {
        match self.0 {
            Repr::Heap(s) => s.into_string(),
            inline => inline.as_str().to_owned(),
        }
    }

    /// Seconds and nanoseconds since the Unix epoch, when the held string is a readable time.
    pub fn to_unix(&self) -> Option<(i64, u32)> {
        parse_unix(self.as_str()).ok()
    }

    /// The time as a [`SystemTime`], when the held string is a readable time.
    pub fn to_system_time(&self) -> Option<SystemTime> {
        let (secs, nanos) = self.to_unix()?;
        if secs >= 0 {
            UNIX_EPOCH.checked_add(Duration::new(secs.unsigned_abs(), nanos))
        } else {
            UNIX_EPOCH
                .checked_sub(Duration::from_secs(secs.unsigned_abs()))?
                .checked_add(Duration::from_nanos(u64::from(nanos)))
        }
    }
}

impl From<SystemTime> for Timestamp {
    fn from(t: SystemTime) -> Self {
        match t.duration_since(UNIX_EPOCH) {
            Ok(d) => Self::from_unix(
                i64::try_from(d.as_secs()).unwrap_or(i64::MAX),
                d.subsec_nanos(),
            ),
            Err(e) => {
                // Before 1970: step back whole seconds, then forward by the remaining nanoseconds.
                let d = e.duration();
                let secs = i64::try_from(d.as_secs()).unwrap_or(i64::MAX);
                match d.subsec_nanos() {
                    0 => Self::from_unix(secs.saturating_neg(), 0),
                    n => {
                        Self::from_unix(secs.saturating_neg().saturating_sub(1), 1_000_000_000 - n)
                    }
                }
            }
        }
    }
}

impl From<&str> for Timestamp {
    /// Keeps the string exactly as given.
    fn from(s: &str) -> Self {
        Self(Repr::new(s))
    }
}

impl From<String> for Timestamp {
    /// Keeps the string exactly as given.
    fn from(s: String) -> Self {
        Self(Repr::from_string(s))
    }
}

impl From<&Timestamp> for Timestamp {
    fn from(t: &Timestamp) -> Self {
        t.clone()
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl AsRef<str> for Timestamp {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    /// Lenient: any string is kept as sent.
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_str(TimestampVisitor)
    }
}

/// Reads a time string without allocating when it fits inline.
struct TimestampVisitor;

impl serde::de::Visitor<'_> for TimestampVisitor {
    type Value = Timestamp;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a time string")
    }

    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Timestamp, E> {
        Ok(Timestamp::from(v))
    }

    fn visit_string<E: serde::de::Error>(self, v: String) -> Result<Timestamp, E> {
        Ok(Timestamp::from(v))
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
pub(crate) fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = i64::from((month + 9) % 12);
    let doy = (153 * mp + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The proleptic Gregorian date of a day count since 1970-01-01.
pub(crate) fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

fn is_leap(year: i64) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 31,
    }
}

/// A tiny cursor over ASCII bytes.
struct Cursor<'a> {
    b: &'a [u8],
    i: usize,
}

impl Cursor<'_> {
    fn digits(&mut self, n: usize, what: &'static str) -> Result<u32, &'static str> {
        let end = self.i + n;
        let part = self.b.get(self.i..end).ok_or(what)?;
        let mut v = 0u32;
        for &c in part {
            if !c.is_ascii_digit() {
                return Err(what);
            }
            v = v * 10 + u32::from(c - b'0');
        }
        self.i = end;
        Ok(v)
    }

    fn expect(&mut self, allowed: &[u8], what: &'static str) -> Result<u8, &'static str> {
        match self.b.get(self.i) {
            Some(c) if allowed.contains(c) => {
                self.i += 1;
                Ok(*c)
            }
            _ => Err(what),
        }
    }

    fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }
}

fn parse_unix(value: &str) -> Result<(i64, u32), &'static str> {
    let mut c = Cursor {
        b: value.trim().as_bytes(),
        i: 0,
    };
    let year = c.digits(4, "the year must have four digits")?;
    c.expect(b"-", "expected '-' after the year")?;
    let month = c.digits(2, "the month must have two digits")?;
    c.expect(b"-", "expected '-' after the month")?;
    let day = c.digits(2, "the day must have two digits")?;
    c.expect(b"Tt ", "expected 'T' between date and time")?;
    let hour = c.digits(2, "the hour must have two digits")?;
    c.expect(b":", "expected ':' after the hour")?;
    let minute = c.digits(2, "the minutes must have two digits")?;
    c.expect(b":", "expected ':' after the minutes")?;
    let second = c.digits(2, "the seconds must have two digits")?;
    let year = i64::from(year);
    if !(1..=12).contains(&month) {
        return Err("the month is out of range");
    }
    if day == 0 || day > days_in_month(year, month) {
        return Err("the day is out of range");
    }
    if hour > 23 || minute > 59 || second > 59 {
        return Err("the time of day is out of range");
    }
    let mut nanos = 0u32;
    if c.peek() == Some(b'.') {
        c.i += 1;
        let mut n = 0;
        while let Some(d) = c.peek().filter(u8::is_ascii_digit) {
            if n == 9 {
                return Err("at most nine fraction digits are allowed");
            }
            nanos = nanos * 10 + u32::from(d - b'0');
            n += 1;
            c.i += 1;
        }
        if n == 0 {
            return Err("expected digits after '.'");
        }
        nanos *= 10u32.pow(9 - n);
    }
    let mut offset = 0i64;
    match c.peek() {
        None => {}
        Some(b'Z' | b'z') => c.i += 1,
        Some(sign @ (b'+' | b'-')) => {
            c.i += 1;
            let oh = c.digits(2, "the offset hours must have two digits")?;
            if c.peek() == Some(b':') {
                c.i += 1;
            }
            let om = c.digits(2, "the offset minutes must have two digits")?;
            if oh > 23 || om > 59 {
                return Err("the offset is out of range");
            }
            offset = i64::from(oh * 3600 + om * 60);
            if sign == b'-' {
                offset = -offset;
            }
        }
        Some(_) => return Err("unexpected characters after the time"),
    }
    if c.i != c.b.len() {
        return Err("unexpected characters after the time");
    }
    let secs = days_from_civil(year, month, day) * 86_400
        + i64::from(hour * 3600 + minute * 60 + second)
        - offset;
    Ok((secs, nanos))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_and_long_strings_behave_alike() {
        let short = "2024-01-02T03:04:05.678900";
        let exact = "2024-01-02T03:04:05.678900+00:00"; // 32 bytes: the inline limit
        let long = "2024-01-02T03:04:05.678900123+00:00 (some zone)";
        assert_eq!(exact.len(), INLINE);
        for s in [short, exact, long, "", "é✓"] {
            let a = Timestamp::from(s);
            let b = Timestamp::from(s.to_owned());
            let c: Timestamp = serde_json::from_value(serde_json::Value::from(s)).unwrap();
            assert_eq!(a.as_str(), s);
            assert_eq!(a, b);
            assert_eq!(b, c);
            assert_eq!(c.clone().into_string(), s);
            assert_eq!(format!("{c}"), s);
            assert_eq!(format!("{c:?}"), format!("Timestamp({s:?})"));
            assert_eq!(serde_json::to_value(&c).unwrap(), s);
        }
        assert!(matches!(Timestamp::from(short).0, Repr::Inline { .. }));
        assert!(matches!(Timestamp::from(exact).0, Repr::Inline { .. }));
        assert!(matches!(Timestamp::from(long).0, Repr::Heap(_)));
        // Ordering and hashing follow the string, whichever way each side is held.
        let mut times = [
            Timestamp::from(long),
            Timestamp::from(short),
            Timestamp::from("1999"),
        ];
        times.sort();
        let sorted: Vec<&str> = times.iter().map(Timestamp::as_str).collect();
        assert_eq!(sorted, ["1999", short, long]);
        let set: std::collections::HashSet<Timestamp> =
            [Timestamp::from(short), Timestamp::from(short.to_owned())].into();
        assert_eq!(set.len(), 1);
        assert!(serde_json::from_value::<Timestamp>(serde_json::json!(3)).is_err());
    }

    #[test]
    fn civil_dates_round_trip() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(2000, 3, 1), 11_017);
        assert_eq!(days_from_civil(1969, 12, 31), -1);
        assert_eq!(days_from_civil(2024, 2, 29), 19_782);
        assert_eq!(civil_from_days(19_782), (2024, 2, 29));
        assert_eq!(civil_from_days(-719_468), (0, 3, 1));
        // Every day over ±800 years (two full 400-year cycles each way) maps back to itself.
        let mut prev = civil_from_days(-292_500);
        for days in -292_499..292_500 {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
            assert!(d >= 1 && d <= days_in_month(y, m));
            assert!((y, m, d) > prev);
            prev = (y, m, d);
        }
    }

    #[test]
    fn formats_like_python() {
        let t = Timestamp::from_unix(1_704_164_645, 678_900_000);
        assert_eq!(t.as_str(), "2024-01-02T03:04:05.678900");
        assert_eq!(
            Timestamp::from_unix(0, 0).as_str(),
            "1970-01-01T00:00:00.000000"
        );
        assert_eq!(
            Timestamp::from_unix(-1, 999_999_999).as_str(),
            "1969-12-31T23:59:59.999999"
        );
        let st = UNIX_EPOCH + Duration::new(1_704_164_645, 678_900_123);
        assert_eq!(Timestamp::from(st).as_str(), "2024-01-02T03:04:05.678900");
        let before = UNIX_EPOCH - Duration::new(1, 500_000_000);
        assert_eq!(
            Timestamp::from(before).as_str(),
            "1969-12-31T23:59:58.500000"
        );
    }

    #[test]
    fn parses_rfc3339_variants() {
        let want = "2024-01-02T03:04:05.678900";
        for s in [
            "2024-01-02T03:04:05.678900",
            "2024-01-02T03:04:05.6789",
            "2024-01-02T03:04:05.678900Z",
            "2024-01-02T03:04:05.678900123Z",
            "2024-01-02 03:04:05.6789",
            "2024-01-02T04:04:05.6789+01:00",
            "2024-01-01T22:04:05.6789-0500",
        ] {
            assert_eq!(Timestamp::parse(s).unwrap().as_str(), want, "{s}");
        }
        assert_eq!(
            Timestamp::parse("2024-01-02T03:04:05Z").unwrap().as_str(),
            "2024-01-02T03:04:05.000000"
        );
        for bad in [
            "",
            "2024-01-02",
            "2024-13-02T03:04:05",
            "2023-02-29T03:04:05",
            "2024-01-02T24:04:05",
            "2024-01-02T03:04:05.",
            "2024-01-02T03:04:05.1234567890",
            "2024-01-02T03:04:05Zjunk",
            "Tue Jan 02 2024 03:04:05 GMT+0000",
        ] {
            assert!(Timestamp::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn raw_strings_pass_through_and_convert_back() {
        let t = Timestamp::from("2024-01-02T03:04:05.678Z");
        assert_eq!(t.as_str(), "2024-01-02T03:04:05.678Z");
        assert_eq!(t.to_unix(), Some((1_704_164_645, 678_000_000)));
        let st = t.to_system_time().unwrap();
        assert_eq!(Timestamp::from(st).as_str(), "2024-01-02T03:04:05.678000");
        assert_eq!(Timestamp::from("soon").to_unix(), None);
        let json = serde_json::to_string(&t).unwrap();
        assert_eq!(json, "\"2024-01-02T03:04:05.678Z\"");
        assert_eq!(serde_json::from_str::<Timestamp>(&json).unwrap(), t);
    }
}

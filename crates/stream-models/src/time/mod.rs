//! [`Timestamp`]: one point in time for both of Stream's APIs.
//!
//! The two APIs write times differently, and a [`Timestamp`] reads both:
//!
//! - **v1 (activity feeds)** stores times in UTC without a zone suffix and with microseconds
//!   (`2024-01-02T03:04:05.678900`, what the official Python client sends). A time read from a
//!   v1 response keeps the exact text it was read from, so it goes back on the wire unchanged;
//!   one built from an instant ([`Timestamp::from_unix`], `From<SystemTime>`) is written in
//!   that form (six fraction digits, nanoseconds truncated, no suffix); one parsed from text
//!   ([`Timestamp::parse`]) is sent as that text.
//! - **v2 (users, video)** answers with unix nanoseconds (`1704164645678900000`, sometimes as a
//!   string of digits, sometimes RFC 3339 text). The v2 response models write nanoseconds back,
//!   and request times (`starts_at`) are sent as Python's `isoformat()` does
//!   (`2024-01-02T03:04:05+00:00`, see [`Timestamp::to_iso`]).
//!
//! Whatever its wire text, a `Timestamp` is an instant: equality, ordering and hashing compare
//! instants, and it converts to [`SystemTime`], unix seconds and nanoseconds. With the `chrono`,
//! `time` or `jiff` feature it also converts to and from those crates' UTC types.
//!
//! ```
//! use stream_models::Timestamp;
//! let read: Timestamp = serde_json::from_str(r#""2024-01-02T03:04:05.678900""#)?;
//! let nanos: Timestamp = serde_json::from_str("1704164645678900000")?;
//! assert_eq!(read, nanos);
//! assert_eq!(read.as_str(), "2024-01-02T03:04:05.678900");
//! assert_eq!(read.unix_seconds(), 1_704_164_645);
//! # Ok::<(), serde_json::Error>(())
//! ```
use std::fmt;
use std::hash::{Hash, Hasher};
use std::str::FromStr;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Deserializer, Serialize, Serializer};

mod parse;
mod repr;
mod serde_impl;

#[cfg(feature = "chrono")]
mod chrono_impl;
#[cfg(feature = "jiff")]
mod jiff_impl;
#[cfg(feature = "time")]
mod time_impl;

use parse::civil_from_days;
use repr::Repr;

const NANOS_PER_SEC: u32 = 1_000_000_000;

/// Why a string is not a time we can read.
///
/// ```
/// let err = stream_models::Timestamp::parse("soon").unwrap_err();
/// assert_eq!(err.value, "soon");
/// ```
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

/// A point in time (UTC, nanosecond precision) with the text it goes on the v1 wire as. See the
/// [module docs](self).
///
/// Equality, ordering and hashing are those of the instant: a time read as
/// `2024-01-02T03:04:05.678900` equals one read as `1704164645678900000`.
///
/// ```
/// use std::time::{Duration, UNIX_EPOCH};
/// use stream_models::Timestamp;
/// let t = Timestamp::from(UNIX_EPOCH + Duration::new(1_704_164_645, 678_900_000));
/// assert_eq!(t.to_string(), "2024-01-02T03:04:05.678900");
/// assert_eq!(t, Timestamp::parse("2024-01-02T04:04:05.6789+01:00")?);
/// assert_eq!(Timestamp::parse("2024-01-02T04:04:05.6789+01:00")?.as_str(), "2024-01-02T04:04:05.6789+01:00");
/// assert_eq!(t.unix_nanos(), 1_704_164_645_678_900_000);
/// assert_eq!(t.to_system_time(), Some(UNIX_EPOCH + Duration::new(1_704_164_645, 678_900_000)));
/// # Ok::<(), stream_models::TimeError>(())
/// ```
#[derive(Clone)]
pub struct Timestamp {
    /// Whole seconds since the Unix epoch (rounded down).
    secs: i64,
    /// Nanoseconds past `secs`, below one second.
    nanos: u32,
    /// The v1 wire text: as read, or formatted as the service writes times.
    text: Repr,
}

impl Timestamp {
    /// Unix seconds plus nanoseconds; nanoseconds above 999,999,999 carry into the seconds.
    ///
    /// ```
    /// let t = stream_models::Timestamp::from_unix(1_704_164_645, 678_900_000);
    /// assert_eq!(t.as_str(), "2024-01-02T03:04:05.678900");
    /// ```
    pub fn from_unix(secs: i64, nanos: u32) -> Self {
        let secs = secs.saturating_add(i64::from(nanos / NANOS_PER_SEC));
        let nanos = nanos % NANOS_PER_SEC;
        Self {
            secs,
            nanos,
            text: Repr::from_string(format_v1(secs, nanos)),
        }
    }

    /// Whole seconds since the Unix epoch.
    ///
    /// ```
    /// let t = stream_models::Timestamp::from_unix_seconds(1_704_164_645);
    /// assert_eq!(t.to_iso(), "2024-01-02T03:04:05+00:00");
    /// ```
    pub fn from_unix_seconds(secs: i64) -> Self {
        Self::from_unix(secs, 0)
    }

    /// Nanoseconds since the Unix epoch (what v2 responses carry).
    ///
    /// ```
    /// let t = stream_models::Timestamp::from_unix_nanos(-1);
    /// assert_eq!(t.as_str(), "1969-12-31T23:59:59.999999");
    /// assert_eq!(t.unix_nanos(), -1);
    /// ```
    pub fn from_unix_nanos(nanos: i64) -> Self {
        let per_sec = i64::from(NANOS_PER_SEC);
        // `rem_euclid` is in 0..1e9, so it fits a u32.
        let sub = u32::try_from(nanos.rem_euclid(per_sec)).unwrap_or(0);
        Self::from_unix(nanos.div_euclid(per_sec), sub)
    }

    /// Reads an RFC 3339 style time, keeping `value` exactly as given as its v1 wire text (as a
    /// time read from a response keeps its text).
    ///
    /// Accepts `YYYY-MM-DD(T| )HH:MM:SS[.f{1,9}][Z|z|±HH:MM|±HHMM]`, surrounding whitespace
    /// ignored; a time without a zone is taken as UTC (as the service and the Python client do).
    /// [`Timestamp::normalized`] gives the service's own form.
    ///
    /// ```
    /// use stream_models::Timestamp;
    /// let t = Timestamp::parse("2024-01-02T04:04:05+01:00")?;
    /// assert_eq!(t.as_str(), "2024-01-02T04:04:05+01:00");
    /// assert_eq!(t.normalized().as_str(), "2024-01-02T03:04:05.000000");
    /// assert_eq!(t, Timestamp::from_unix_seconds(1_704_164_645));
    /// assert!(Timestamp::parse("yesterday").is_err());
    /// # Ok::<(), stream_models::TimeError>(())
    /// ```
    pub fn parse(value: &str) -> Result<Self, TimeError> {
        let (secs, nanos) = parse::parse_unix(value).map_err(|reason| TimeError {
            value: value.to_owned(),
            reason,
        })?;
        Ok(Self {
            secs,
            nanos,
            text: Repr::new(value),
        })
    }

    /// The same instant with the service's v1 text (`2024-01-02T03:04:05.678900`: UTC,
    /// microseconds, no suffix), whatever text it was read or parsed from.
    ///
    /// ```
    /// let t = stream_models::Timestamp::parse("2024-01-02T03:04:05Z")?;
    /// assert_eq!(t.normalized().as_str(), "2024-01-02T03:04:05.000000");
    /// # Ok::<(), stream_models::TimeError>(())
    /// ```
    pub fn normalized(&self) -> Self {
        Self::from_unix(self.secs, self.nanos)
    }

    /// The v1 wire text: as read from a response, or `2024-01-02T03:04:05.678900`.
    ///
    /// ```
    /// let t = stream_models::Timestamp::from_unix_seconds(0);
    /// assert_eq!(t.as_str(), "1970-01-01T00:00:00.000000");
    /// ```
    pub fn as_str(&self) -> &str {
        self.text.as_str()
    }

    /// The v1 wire text, owned.
    ///
    /// ```
    /// let t = stream_models::Timestamp::from_unix_seconds(0);
    /// assert_eq!(t.into_string(), "1970-01-01T00:00:00.000000");
    /// ```
    pub fn into_string(self) -> String {
        self.text.into_string()
    }

    /// Whole seconds since the Unix epoch (rounded down) and the nanoseconds past them.
    ///
    /// ```
    /// let t = stream_models::Timestamp::from_unix_nanos(-1);
    /// assert_eq!(t.to_unix(), (-1, 999_999_999));
    /// ```
    pub fn to_unix(&self) -> (i64, u32) {
        (self.secs, self.nanos)
    }

    /// Whole seconds since the Unix epoch (rounded down).
    ///
    /// ```
    /// assert_eq!(stream_models::Timestamp::from_unix_nanos(1_500_000_000).unix_seconds(), 1);
    /// ```
    pub fn unix_seconds(&self) -> i64 {
        self.secs
    }

    /// Nanoseconds past [`Timestamp::unix_seconds`] (below one second).
    ///
    /// ```
    /// assert_eq!(stream_models::Timestamp::from_unix_nanos(1_500_000_000).subsec_nanos(), 500_000_000);
    /// ```
    pub fn subsec_nanos(&self) -> u32 {
        self.nanos
    }

    /// Nanoseconds since the Unix epoch, saturating outside the years 1677 to 2262 (what an
    /// `i64` of nanoseconds can hold).
    ///
    /// ```
    /// let t = stream_models::Timestamp::from_unix(1, 5);
    /// assert_eq!(t.unix_nanos(), 1_000_000_005);
    /// ```
    pub fn unix_nanos(&self) -> i64 {
        let all = i128::from(self.secs) * i128::from(NANOS_PER_SEC) + i128::from(self.nanos);
        i64::try_from(all).unwrap_or(if all < 0 { i64::MIN } else { i64::MAX })
    }

    /// The time as a [`SystemTime`]; `None` only where the platform's `SystemTime` cannot hold
    /// it.
    ///
    /// ```
    /// use std::time::UNIX_EPOCH;
    /// let t = stream_models::Timestamp::from_unix_seconds(0);
    /// assert_eq!(t.to_system_time(), Some(UNIX_EPOCH));
    /// ```
    pub fn to_system_time(&self) -> Option<SystemTime> {
        if self.secs >= 0 {
            UNIX_EPOCH.checked_add(Duration::new(self.secs.unsigned_abs(), self.nanos))
        } else {
            UNIX_EPOCH
                .checked_sub(Duration::from_secs(self.secs.unsigned_abs()))?
                .checked_add(Duration::from_nanos(u64::from(self.nanos)))
        }
    }

    /// Python's `isoformat()` in UTC, as v2 requests send times: `2024-01-02T03:04:05+00:00`,
    /// with six fraction digits (`2024-01-02T03:04:05.678900+00:00`) when the microseconds are
    /// not zero.
    ///
    /// ```
    /// let t = stream_models::Timestamp::from_unix(1_704_164_645, 678_900_000);
    /// assert_eq!(t.to_iso(), "2024-01-02T03:04:05.678900+00:00");
    /// ```
    pub fn to_iso(&self) -> String {
        let mut out = format_seconds(self.secs);
        let micros = self.nanos / 1000;
        if micros != 0 {
            out.push_str(&format!(".{micros:06}"));
        }
        out.push_str("+00:00");
        out
    }
}

/// `YYYY-MM-DDTHH:MM:SS` in UTC.
fn format_seconds(secs: i64) -> String {
    let (days, rem) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    let (y, m, d) = civil_from_days(days);
    let (hh, mm, ss) = (rem / 3600, rem % 3600 / 60, rem % 60);
    format!("{y:04}-{m:02}-{d:02}T{hh:02}:{mm:02}:{ss:02}")
}

/// `%Y-%m-%dT%H:%M:%S.%f` in UTC: the service's v1 form (microseconds, no suffix).
fn format_v1(secs: i64, nanos: u32) -> String {
    format!("{}.{:06}", format_seconds(secs), nanos / 1000)
}

impl fmt::Debug for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Timestamp").field(&self.as_str()).finish()
    }
}

impl fmt::Display for Timestamp {
    /// The v1 wire text ([`Timestamp::as_str`]).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl PartialEq for Timestamp {
    fn eq(&self, other: &Self) -> bool {
        self.to_unix() == other.to_unix()
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
        self.to_unix().cmp(&other.to_unix())
    }
}

impl Hash for Timestamp {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.to_unix().hash(state);
    }
}

impl Default for Timestamp {
    /// The Unix epoch.
    fn default() -> Self {
        Self::from_unix(0, 0)
    }
}

impl From<SystemTime> for Timestamp {
    /// Saturates at the ends of `i64` seconds.
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
                        Self::from_unix(secs.saturating_neg().saturating_sub(1), NANOS_PER_SEC - n)
                    }
                }
            }
        }
    }
}

impl TryFrom<Timestamp> for SystemTime {
    type Error = TimeError;

    /// Fails only where the platform's `SystemTime` cannot hold the time.
    fn try_from(t: Timestamp) -> Result<Self, TimeError> {
        t.to_system_time().ok_or_else(|| TimeError {
            value: t.as_str().to_owned(),
            reason: "this platform's SystemTime cannot hold it",
        })
    }
}

impl From<&Timestamp> for Timestamp {
    fn from(t: &Timestamp) -> Self {
        t.clone()
    }
}

impl FromStr for Timestamp {
    type Err = TimeError;

    /// [`Timestamp::parse`].
    fn from_str(s: &str) -> Result<Self, TimeError> {
        Self::parse(s)
    }
}

impl TryFrom<&str> for Timestamp {
    type Error = TimeError;

    /// [`Timestamp::parse`].
    fn try_from(s: &str) -> Result<Self, TimeError> {
        Self::parse(s)
    }
}

impl TryFrom<String> for Timestamp {
    type Error = TimeError;

    /// [`Timestamp::parse`].
    fn try_from(s: String) -> Result<Self, TimeError> {
        let (secs, nanos) = parse::parse_unix(&s).map_err(|reason| TimeError {
            value: s.clone(),
            reason,
        })?;
        Ok(Self {
            secs,
            nanos,
            text: Repr::from_string(s),
        })
    }
}

impl AsRef<str> for Timestamp {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl Serialize for Timestamp {
    /// The v1 wire text. v2 response models write unix nanoseconds instead (see
    /// [`crate::v2::time`]).
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    /// Reads unix nanoseconds (integer or digit string) or RFC 3339 text (kept as its wire
    /// form); anything else is an error.
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(serde_impl::TimestampVisitor)
    }
}

#[cfg(test)]
mod tests;

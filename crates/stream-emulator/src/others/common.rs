//! Small helpers shared by the reactions, collections, users, files and misc services:
//! timestamps, generated ids, lenient JSON bodies and query parsing.

use serde_json::{Map, Value};

use crate::error::ApiError;

/// The longest id (user, reaction, collection entry) the emulator accepts, as the service does.
pub const MAX_ID_LEN: usize = 255;

/// A moment in time, in microseconds since the Unix epoch (passed in: stores never read a clock).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Stamp(pub i64);

impl Stamp {
    /// The current wall-clock time.
    pub fn now() -> Self {
        let micros = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| i64::try_from(d.as_micros()).unwrap_or(i64::MAX))
            .unwrap_or(0);
        Self(micros)
    }

    /// RFC 3339 with microseconds and `Z`, as the service writes `created_at` of reactions,
    /// users and collection entries: `2024-01-02T03:04:05.678900Z`.
    pub fn rfc3339(self) -> String {
        format!("{}Z", self.naive())
    }

    /// The same without the `Z`, as the service writes activity `time`s.
    pub fn naive(self) -> String {
        let secs = self.0.div_euclid(1_000_000);
        let micros = self.0.rem_euclid(1_000_000);
        let days = secs.div_euclid(86_400);
        let rem = secs.rem_euclid(86_400);
        let (y, m, d) = civil_from_days(days);
        format!(
            "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}.{micros:06}",
            rem / 3600,
            (rem / 60) % 60,
            rem % 60
        )
    }
}

/// Days since 1970-01-01 to (year, month, day) in the proleptic Gregorian calendar
/// (Howard Hinnant's algorithm).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// A UUID-shaped id whose text order is creation order: the first 16 hex digits are the
/// time, the last 16 a per-store sequence number. Pagination by `id_lt`/`id_gt` with ids the
/// store never issued (`ffffffff-...`) then still means "older than"/"newer than".
pub fn ordered_id(now: Stamp, seq: u64) -> String {
    let t = now.0.max(0) as u64;
    format!(
        "{:08x}-{:04x}-{:04x}-{:04x}-{:012x}",
        t >> 32,
        (t >> 16) & 0xffff,
        t & 0xffff,
        (seq >> 48) & 0xffff,
        seq & 0xffff_ffff_ffff
    )
}

/// Parses a body that must be a JSON object (an empty body counts as `{}`).
pub fn parse_object(bytes: &[u8]) -> Result<Map<String, Value>, ApiError> {
    as_object(crate::extract::parse_json_body(bytes)?)
}

/// A parsed body that must be a JSON object.
pub fn as_object(body: Value) -> Result<Map<String, Value>, ApiError> {
    match body {
        Value::Object(map) => Ok(map),
        _ => Err(ApiError::input("the request body must be a JSON object")),
    }
}

/// An optional string field: absent and `null` are `None`; other non-strings are an error.
pub fn opt_str(body: &Map<String, Value>, field: &str) -> Result<Option<String>, ApiError> {
    match body.get(field) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err(ApiError::input_field(
            field,
            format!("{field} must be a string"),
        )),
    }
}

/// A required non-empty string field.
pub fn req_str(body: &Map<String, Value>, field: &str) -> Result<String, ApiError> {
    match opt_str(body, field)? {
        Some(s) if !s.is_empty() => Ok(s),
        _ => Err(ApiError::input_field(
            field,
            format!("{field} is a required field"),
        )),
    }
}

/// An optional object field: absent and `null` are `None`.
pub fn opt_object(
    body: &Map<String, Value>,
    field: &str,
) -> Result<Option<Map<String, Value>>, ApiError> {
    match body.get(field) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Object(m)) => Ok(Some(m.clone())),
        Some(_) => Err(ApiError::input_field(
            field,
            format!("{field} must be an object"),
        )),
    }
}

/// An optional list of strings: absent and `null` are `None`.
pub fn opt_str_list(
    body: &Map<String, Value>,
    field: &str,
) -> Result<Option<Vec<String>>, ApiError> {
    match body.get(field) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Array(items)) => items
            .iter()
            .map(|v| match v {
                Value::String(s) => Ok(s.clone()),
                _ => Err(ApiError::input_field(
                    field,
                    format!("{field} must be a list of strings"),
                )),
            })
            .collect::<Result<Vec<_>, _>>()
            .map(Some),
        Some(_) => Err(ApiError::input_field(
            field,
            format!("{field} must be a list of strings"),
        )),
    }
}

/// Checks an id (user, reaction, collection entry): non-empty, at most 255 bytes, no
/// whitespace, `/`, `:` or `%` (those would break paths and references).
pub fn check_id(field: &str, id: &str) -> Result<(), ApiError> {
    if id.is_empty() {
        return Err(ApiError::input_field(
            field,
            format!("{field} can't be empty"),
        ));
    }
    if id.len() > MAX_ID_LEN {
        return Err(ApiError::input_field(
            field,
            format!("{field} must be at most {MAX_ID_LEN} characters long"),
        ));
    }
    if id
        .chars()
        .any(|c| c.is_whitespace() || matches!(c, '/' | ':' | '%' | '?' | '#'))
    {
        return Err(ApiError::input_field(
            field,
            format!("{field} contains invalid characters"),
        ));
    }
    Ok(())
}

/// Checks a `slug:id` feed id as used in `target_feeds`.
pub fn check_feed_id(field: &str, feed: &str) -> Result<(), ApiError> {
    stream_models::FeedId::parse(feed)
        .map(|_| ())
        .map_err(|e| ApiError::input_field(field, format!("invalid feed id {feed:?}: {e}")))
}

/// Percent-encodes a query value or path segment (everything but unreserved characters).
pub fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A `{"duration": "..."}`-style success body: `value`'s fields plus `duration`.
pub fn with_duration(value: Value) -> Value {
    match value {
        Value::Object(mut map) => {
            map.insert("duration".into(), Value::String("0.10ms".into()));
            Value::Object(map)
        }
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_times() {
        assert_eq!(Stamp(0).rfc3339(), "1970-01-01T00:00:00.000000Z");
        // 2024-01-02T03:04:05.678900Z
        assert_eq!(
            Stamp(1_704_164_645_678_900).rfc3339(),
            "2024-01-02T03:04:05.678900Z"
        );
        assert_eq!(
            Stamp(951_782_400_000_000).naive(),
            "2000-02-29T00:00:00.000000"
        );
    }

    #[test]
    fn ids_sort_by_time_then_sequence() {
        let a = ordered_id(Stamp(1_704_164_645_678_900), 1);
        let b = ordered_id(Stamp(1_704_164_645_678_900), 2);
        let c = ordered_id(Stamp(1_704_164_645_678_901), 0);
        assert!(a < b && b < c, "{a} {b} {c}");
        assert_eq!(a.len(), 36);
        assert!(c.as_str() < "ffffffff-bbbb-cccc-dddd-eeeeeeeeeeee");
    }

    #[test]
    fn bodies() {
        assert_eq!(parse_object(b"").unwrap(), Map::new());
        assert!(parse_object(b"{").is_err());
        assert!(parse_object(b"[1]").is_err());
        assert_eq!(encode("a b/\u{fc}"), "a%20b%2F%C3%BC");
    }

    #[test]
    fn checks_ids() {
        assert!(check_id("id", "pizza-1").is_ok());
        assert!(check_id("id", "").is_err());
        assert!(check_id("id", "a b").is_err());
        assert!(check_id("id", &"x".repeat(256)).is_err());
        assert!(check_feed_id("target_feeds", "user:bob").is_ok());
        assert!(check_feed_id("target_feeds", "userbob").is_err());
    }
}

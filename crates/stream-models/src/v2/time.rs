//! How v2 models put a [`Timestamp`](crate::Timestamp) on the wire.
//!
//! v2 responses carry unix-nanosecond integers (`1704164645678900000`), sometimes as a string of
//! digits, and older or proxied answers RFC 3339 strings; [`crate::Timestamp`] reads all three.
//! The response models write nanoseconds back ([`serialize_opt_nanos`]); request times
//! (`starts_at`) are written as Python's `isoformat()` does ([`serialize_opt_iso`]).
use serde::Serializer;

/// The time type of both APIs; it moved to the crate root.
#[deprecated(note = "use `stream_models::Timestamp`, the one time type of both APIs")]
pub type Timestamp = crate::Timestamp;

/// Serializes an optional time as unix nanoseconds (an integer), as v2 responses carry it.
/// For `#[serde(serialize_with = ...)]` on `Option<Timestamp>` fields.
///
/// ```
/// #[derive(serde::Serialize)]
/// struct Call {
///     #[serde(serialize_with = "stream_models::v2::time::serialize_opt_nanos")]
///     created_at: Option<stream_models::Timestamp>,
/// }
/// let call = Call { created_at: Some(stream_models::Timestamp::from_unix_seconds(-1)) };
/// assert_eq!(serde_json::to_string(&call).unwrap(), r#"{"created_at":-1000000000}"#);
/// ```
pub fn serialize_opt_nanos<S: Serializer>(
    t: &Option<crate::Timestamp>,
    s: S,
) -> Result<S::Ok, S::Error> {
    match t {
        Some(t) => s.serialize_i64(t.unix_nanos()),
        None => s.serialize_none(),
    }
}

/// Serializes an optional request time as Python's `isoformat()` (see
/// [`Timestamp::to_iso`](crate::Timestamp::to_iso)). For `#[serde(serialize_with = ...)]` on
/// `Option<Timestamp>` request fields.
///
/// ```
/// #[derive(serde::Serialize)]
/// struct Call {
///     #[serde(serialize_with = "stream_models::v2::time::serialize_opt_iso")]
///     starts_at: Option<stream_models::Timestamp>,
/// }
/// let call = Call { starts_at: Some(stream_models::Timestamp::from_unix_seconds(0)) };
/// assert_eq!(serde_json::to_string(&call).unwrap(), r#"{"starts_at":"1970-01-01T00:00:00+00:00"}"#);
/// ```
pub fn serialize_opt_iso<S: Serializer>(
    t: &Option<crate::Timestamp>,
    s: S,
) -> Result<S::Ok, S::Error> {
    match t {
        Some(t) => s.serialize_str(&t.to_iso()),
        None => s.serialize_none(),
    }
}

#[cfg(test)]
mod tests {
    use crate::Timestamp;

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
        assert_eq!(Timestamp::parse(&t.to_iso()), Ok(t));
    }
}

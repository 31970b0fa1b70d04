//! Input checks shared by the endpoints of this family, each returning a typed [`BuildError`].
use stream_auth::{Action, FeedScope, Resource, Scope};

use crate::error::BuildError;

/// The longest id we send (the service's own limit for ids).
pub(crate) const MAX_ID_LEN: usize = 255;

/// `value` is a non-empty id of at most 255 bytes without control characters.
pub(crate) fn id(field: &'static str, value: &str) -> Result<(), BuildError> {
    if value.is_empty() {
        return Err(BuildError::field(field, "must not be empty"));
    }
    if value.len() > MAX_ID_LEN {
        return Err(BuildError::field(
            field,
            format!(
                "is {} bytes long; at most {MAX_ID_LEN} are allowed",
                value.len()
            ),
        ));
    }
    if value.chars().any(char::is_control) {
        return Err(BuildError::field(
            field,
            "must not contain control characters",
        ));
    }
    Ok(())
}

/// Like [`id`], and without `,` (the value goes into a comma-joined list).
pub(crate) fn list_id(field: &'static str, value: &str) -> Result<(), BuildError> {
    id(field, value)?;
    if value.contains(',') {
        return Err(BuildError::field(
            field,
            format!("{value:?} contains ',', which separates the ids of a list"),
        ));
    }
    Ok(())
}

/// A non-empty list of at most `max` list ids.
pub(crate) fn id_list(field: &'static str, ids: &[String], max: usize) -> Result<(), BuildError> {
    if ids.is_empty() {
        return Err(BuildError::field(field, "must not be empty"));
    }
    if ids.len() > max {
        return Err(BuildError::field(
            field,
            format!(
                "has {} ids; the service takes at most {max} per request",
                ids.len()
            ),
        ));
    }
    ids.iter().try_for_each(|i| list_id(field, i))
}

/// An absolute `http`/`https` URL with a host and no control characters. (Spaces are fine: the
/// URL is always sent as a form-encoded query value.)
pub(crate) fn http_url(field: &'static str, value: &str) -> Result<(), BuildError> {
    let rest = value
        .strip_prefix("https://")
        .or_else(|| value.strip_prefix("http://"))
        .ok_or_else(|| BuildError::field(field, "must be an absolute http:// or https:// URL"))?;
    let host_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    if host_end == 0 {
        return Err(BuildError::field(field, "has no host"));
    }
    if value.chars().any(char::is_control) {
        return Err(BuildError::field(
            field,
            "must not contain control characters",
        ));
    }
    Ok(())
}

/// `<resource>/*/*`: every action on every feed of one resource.
pub(crate) fn scope(resource: Resource) -> Scope {
    Scope::new(resource, Action::All, FeedScope::All)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checks() {
        assert!(id("x", "").is_err());
        assert!(id("x", &"a".repeat(256)).is_err());
        assert!(id("x", "a\nb").is_err());
        assert!(id("x", "tweet:1 ü").is_ok());
        assert!(list_id("x", "a,b").is_err());
        assert!(id_list("x", &[], 2).is_err());
        assert!(id_list("x", &["a".into(), "b".into(), "c".into()], 2).is_err());
        assert!(http_url("u", "https://example.com/x?y=1").is_ok());
        assert!(http_url("u", "example.com").is_err());
        assert!(http_url("u", "https:///x").is_err());
        assert!(http_url("u", "https://a.com/two words").is_ok());
        assert!(http_url("u", "https://a.com/\n").is_err());
    }
}

//! Reading fields of JSON request bodies and checking ids, with Stream-format 400s for what
//! does not fit.

use serde_json::{Map, Value};

use crate::error::ApiError;

/// The longest id (user, reaction, collection entry) the emulator accepts, as the service does.
pub(crate) const MAX_ID_LEN: usize = 255;

/// A parsed body that must be a JSON object.
pub(crate) fn as_object(body: Value) -> Result<Map<String, Value>, ApiError> {
    match body {
        Value::Object(map) => Ok(map),
        _ => Err(ApiError::input("the request body must be a JSON object")),
    }
}

/// An optional string field: absent and `null` are `None`; other non-strings are an error.
pub(crate) fn opt_str(body: &Map<String, Value>, field: &str) -> Result<Option<String>, ApiError> {
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
pub(crate) fn req_str(body: &Map<String, Value>, field: &str) -> Result<String, ApiError> {
    match opt_str(body, field)? {
        Some(s) if !s.is_empty() => Ok(s),
        _ => Err(ApiError::input_field(
            field,
            format!("{field} is a required field"),
        )),
    }
}

/// An optional object field: absent and `null` are `None`.
pub(crate) fn opt_object(
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
pub(crate) fn opt_str_list(
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
pub(crate) fn check_id(field: &str, id: &str) -> Result<(), ApiError> {
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
pub(crate) fn check_target_feed(field: &str, feed: &str) -> Result<(), ApiError> {
    stream_models::FeedId::parse(feed)
        .map(|_| ())
        .map_err(|e| ApiError::input_field(field, format!("invalid feed id {feed:?}: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies() {
        assert_eq!(as_object(Value::Object(Map::new())).unwrap(), Map::new());
        assert!(as_object(Value::Array(Vec::new())).is_err());
    }

    #[test]
    fn checks_ids() {
        assert!(check_id("id", "pizza-1").is_ok());
        assert!(check_id("id", "").is_err());
        assert!(check_id("id", "a b").is_err());
        assert!(check_id("id", &"x".repeat(256)).is_err());
        assert!(check_target_feed("target_feeds", "user:bob").is_ok());
        assert!(check_target_feed("target_feeds", "userbob").is_err());
    }
}

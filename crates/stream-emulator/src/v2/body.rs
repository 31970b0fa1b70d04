//! Reading v2 request bodies (at most 1 MiB), with v2-format errors (code 4) for what does
//! not fit.

use serde_json::{Map, Value};

use super::error::{V2Error, V2Result};

/// Reads a JSON object body (`{}` when empty).
pub(crate) fn body_obj(op: &str, bytes: &[u8]) -> V2Result<Map<String, Value>> {
    super::limits::body_size(op, bytes.len())?;
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Ok(Map::new());
    }
    match serde_json::from_slice::<Value>(bytes) {
        Ok(Value::Object(m)) => Ok(m),
        Ok(_) => Err(V2Error::input(op, "request body must be a JSON object")),
        Err(e) => Err(V2Error::input(op, format!("invalid JSON body: {e}"))),
    }
}

/// An optional string field (`None` when absent or `null`); anything else is refused.
pub(crate) fn opt_str(
    op: &str,
    body: &Map<String, Value>,
    field: &str,
) -> V2Result<Option<String>> {
    match body.get(field) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err(V2Error::input(op, format!("{field} must be a string"))),
    }
}

/// Whether boolean `field` is `true` (`false` when absent or `null`); anything else is refused.
pub(crate) fn flag(op: &str, body: &Map<String, Value>, field: &str) -> V2Result<bool> {
    match body.get(field) {
        None | Some(Value::Null) => Ok(false),
        Some(Value::Bool(b)) => Ok(*b),
        Some(_) => Err(V2Error::input(op, format!("{field} must be a boolean"))),
    }
}

/// A string list field (`user_ids`), required and non-empty.
pub(crate) fn id_list(op: &str, body: &Map<String, Value>, field: &str) -> V2Result<Vec<String>> {
    let list = body
        .get(field)
        .and_then(Value::as_array)
        .ok_or_else(|| V2Error::input(op, format!("{field} is a required field")))?;
    let ids: Vec<String> = list
        .iter()
        .filter_map(|v| v.as_str().map(str::to_owned))
        .collect();
    if ids.is_empty() || ids.len() != list.len() || ids.iter().any(String::is_empty) {
        return Err(V2Error::input(
            op,
            format!("{field} must be a non-empty list of user ids"),
        ));
    }
    for id in &ids {
        super::limits::user_id(op, id)?;
    }
    Ok(ids)
}

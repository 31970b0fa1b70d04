//! The limits v1 enforces, held on v2 too, answered in the v2 error format: ids of at most
//! 255 characters, bodies of at most 1 MiB, call ids without `/`, known filter operators only.
use axum::http::StatusCode;
use serde_json::{Map, Value};
use stream_models::v2::{
    FILTER_OPERATORS as FIELD_OPERATORS, LOGICAL_FILTER_OPERATORS as LOGICAL_OPERATORS,
};

use super::error::{V2Error, V2Result};

/// The longest id (user) accepted, as on v1.
pub(crate) const MAX_ID_LEN: usize = crate::fields::MAX_ID_LEN;

/// The largest JSON body accepted, as on v1 (1 MiB).
pub(crate) const MAX_BODY: usize = crate::extract::MAX_JSON_BODY;

/// Checks a user id: 1 to [`MAX_ID_LEN`] characters.
pub(crate) fn user_id(op: &str, id: &str) -> V2Result<()> {
    if id.is_empty() {
        return Err(V2Error::input(op, "user id must not be empty"));
    }
    if id.chars().count() > MAX_ID_LEN {
        return Err(V2Error::input(
            op,
            format!("user id must be at most {MAX_ID_LEN} characters long"),
        ));
    }
    Ok(())
}

/// Checks a call id: 1 to 64 characters, no `/` (it would change the call's path).
pub(crate) fn call_id(op: &str, id: &str) -> V2Result<()> {
    if id.is_empty() || id.chars().count() > 64 {
        return Err(V2Error::input(op, "call id must be 1 to 64 characters"));
    }
    if id.contains('/') {
        return Err(V2Error::input(op, "call id must not contain \"/\""));
    }
    Ok(())
}

/// Refuses a body over [`MAX_BODY`]: 413 in the v2 format (code 4).
pub(crate) fn body_size(op: &str, len: usize) -> V2Result<()> {
    if len > MAX_BODY {
        return Err(V2Error::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            4,
            op,
            format!("request body of {len} bytes exceeds the limit of {MAX_BODY} bytes"),
        ));
    }
    Ok(())
}

/// Checks every operator of `filter` before it is applied (also when nothing is stored to
/// match it against): an unknown one is a 400 naming it.
pub(crate) fn filter(op: &str, filter: &Map<String, Value>) -> V2Result<()> {
    check_filter(filter, 0).map_err(|e| V2Error::input(op, e))
}

/// How deep `$and`/`$or`/`$nor` may nest.
const MAX_DEPTH: usize = 16;

fn check_filter(filter: &Map<String, Value>, depth: usize) -> Result<(), String> {
    if depth > MAX_DEPTH {
        return Err(format!("filter nests deeper than {MAX_DEPTH} levels"));
    }
    for (key, cond) in filter {
        if LOGICAL_OPERATORS.contains(&key.as_str()) {
            let parts = cond
                .as_array()
                .ok_or_else(|| format!("{key} needs a list"))?;
            for p in parts {
                let p = p
                    .as_object()
                    .ok_or_else(|| format!("{key} needs objects"))?;
                check_filter(p, depth + 1)?;
            }
        } else if key.starts_with('$') {
            return Err(format!("operator {key} is not supported"));
        } else if let Some(ops) = cond.as_object() {
            for op in ops.keys().filter(|k| k.starts_with('$')) {
                if !FIELD_OPERATORS.contains(&op.as_str()) {
                    return Err(format!("operator {op} is not supported"));
                }
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn check(v: Value) -> Result<(), String> {
        check_filter(v.as_object().unwrap(), 0)
    }

    #[test]
    fn unknown_operators_are_named() {
        assert!(check(json!({"id": {"$in": ["a"]}, "role": "admin"})).is_ok());
        assert!(check(json!({"$or": [{"id": {"$eq": "a"}}, {"id": "b"}]})).is_ok());
        assert_eq!(
            check(json!({"id": {"$zz": 1}})),
            Err("operator $zz is not supported".into())
        );
        assert_eq!(
            check(json!({"$and": [{"id": {"$zz": 1}}]})),
            Err("operator $zz is not supported".into())
        );
        assert_eq!(
            check(json!({"$zz": []})),
            Err("operator $zz is not supported".into())
        );
    }

    #[test]
    fn ids_and_bodies_are_bounded() {
        assert!(user_id("Op", &"u".repeat(255)).is_ok());
        assert_eq!(user_id("Op", &"u".repeat(256)).unwrap_err().code, 4);
        assert!(call_id("Op", "odd id:1").is_ok());
        assert!(call_id("Op", "a/b").is_err());
        assert_eq!(
            body_size("Op", MAX_BODY + 1).unwrap_err().status,
            StatusCode::PAYLOAD_TOO_LARGE
        );
    }
}

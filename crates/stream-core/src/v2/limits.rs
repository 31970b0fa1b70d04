//! Limits the v2 API enforces, checked before sending so that a request the service would refuse
//! (413 for a large body, 400 for an unknown filter operator) fails with a typed
//! [`BuildError`] instead: bodies of at most [`MAX_BODY_BYTES`], filters using
//! [`FILTER_OPERATORS`] and [`LOGICAL_FILTER_OPERATORS`] only, nested at most
//! [`MAX_FILTER_DEPTH`] deep. Id limits are [`MAX_ID_LEN`](super::MAX_ID_LEN) and
//! [`MAX_CALL_ID_LEN`](super::MAX_CALL_ID_LEN).
use serde_json::{Map, Value};

use crate::error::{BuildError, Error};

/// The largest v2 request body the service accepts: 1 MiB.
pub const MAX_BODY_BYTES: usize = 1024 * 1024;

pub use stream_models::v2::{FILTER_OPERATORS, LOGICAL_FILTER_OPERATORS};

/// How deep `$and` / `$or` / `$nor` may nest.
pub const MAX_FILTER_DEPTH: usize = 16;

/// Fails when `filter` uses an operator outside [`FILTER_OPERATORS`] and
/// [`LOGICAL_FILTER_OPERATORS`] ([`BuildError::UnknownFilterOperator`]), or when a logical
/// operator does not hold a list of objects or nests too deep ([`BuildError::InvalidField`]).
pub(crate) fn check_filter(field: &'static str, filter: &Map<String, Value>) -> Result<(), Error> {
    check_level(field, filter, 0).map_err(Error::Build)
}

fn check_level(
    field: &'static str,
    filter: &Map<String, Value>,
    depth: usize,
) -> Result<(), BuildError> {
    if depth > MAX_FILTER_DEPTH {
        return Err(BuildError::field(
            field,
            format!("nests deeper than {MAX_FILTER_DEPTH} levels"),
        ));
    }
    let unknown = |operator: &str| BuildError::UnknownFilterOperator {
        field,
        operator: operator.to_owned(),
    };
    for (key, condition) in filter {
        if LOGICAL_FILTER_OPERATORS.contains(&key.as_str()) {
            let parts = condition
                .as_array()
                .ok_or_else(|| BuildError::field(field, format!("{key} needs a list")))?;
            for part in parts {
                let part = part
                    .as_object()
                    .ok_or_else(|| BuildError::field(field, format!("{key} needs objects")))?;
                check_level(field, part, depth + 1)?;
            }
        } else if key.starts_with('$') {
            return Err(unknown(key));
        } else if let Some(operators) = condition.as_object() {
            if let Some(op) = operators
                .keys()
                .find(|k| k.starts_with('$') && !FILTER_OPERATORS.contains(&k.as_str()))
            {
                return Err(unknown(op));
            }
        }
    }
    Ok(())
}

/// Fails with [`BuildError::BodyTooLarge`] when a v2 body of `size` bytes exceeds
/// [`MAX_BODY_BYTES`].
pub(crate) fn check_body(op: &'static str, size: usize) -> Result<(), Error> {
    if size > MAX_BODY_BYTES {
        return Err(BuildError::BodyTooLarge {
            op,
            size,
            limit: MAX_BODY_BYTES,
        }
        .into());
    }
    Ok(())
}

//! The one reply type of every handler: a status with a JSON body, or an error in the format of
//! the handler's API ([`ApiError`] for v1, `V2Error` for v2).

use axum::Json;
use axum::http::StatusCode;
use serde_json::Value;

use crate::error::ApiError;

/// A successful answer: status and JSON body.
pub(crate) type Answer = (StatusCode, Json<Value>);

/// What a handler returns: an [`Answer`] or an error `E` (v1's [`ApiError`] unless told).
pub(crate) type Reply<E = ApiError> = Result<Answer, E>;

/// An answer with `status` and `body` as given.
pub(crate) fn answer(status: StatusCode, body: Value) -> Answer {
    (status, Json(body))
}

/// A v1 answer with `status`: `body`'s fields plus the `duration` every v1 answer carries.
pub(crate) fn reply(status: StatusCode, body: Value) -> Reply {
    Ok(answer(status, with_duration(body)))
}

/// A v1 `200` answer: `body`'s fields plus `duration`.
pub(crate) fn ok(body: Value) -> Reply {
    reply(StatusCode::OK, body)
}

/// `value`'s fields plus v1's `"duration"`; anything but an object is returned unchanged.
pub(crate) fn with_duration(value: Value) -> Value {
    match value {
        Value::Object(mut map) => {
            map.insert("duration".into(), Value::String("0.10ms".into()));
            Value::Object(map)
        }
        other => other,
    }
}

/// A v1 `201` answer: `body`'s fields plus `duration`.
pub(crate) fn created(body: Value) -> Reply {
    reply(StatusCode::CREATED, body)
}

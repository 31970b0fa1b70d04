//! Analytics: `engagement/` and `impression/` events are validated and kept (bounded) so tests can
//! inspect them; nothing is computed from them.

use axum::Router;
use axum::http::{Method, StatusCode};
use axum::routing::post;
use serde_json::{Value, json};
use stream_auth::Resource;

use crate::auth::Caller;
use crate::auth::scope;
use crate::error::{ApiError, ApiResult};
use crate::extract::JsonBody;
use crate::reply::{Reply, created};
use crate::router::RouterExt;
use crate::state::SharedState;
use crate::state::push_bounded;

/// The most events one request may carry.
pub(crate) const MAX_EVENTS_PER_REQUEST: usize = 1000;

/// The analytics routes.
pub(crate) fn routes() -> Router<SharedState> {
    Router::new()
        .both("/analytics/v1.0/engagement", post(engagement))
        .both("/analytics/v1.0/impression", post(impression))
        .both("/analytics/redirect", axum::routing::get(redirect))
}

/// Checks the fields every event shares: `user_data` (string or `{id, alias}`), `features`
/// (list of `{group, value}`), and `feed_id` (string) when present.
fn check_common(event: &serde_json::Map<String, Value>) -> Result<(), ApiError> {
    match event.get("user_data") {
        None | Some(Value::Null) => {
            return Err(ApiError::input_field(
                "user_data",
                "user_data is a required field",
            ));
        }
        Some(Value::String(s)) if !s.is_empty() => {}
        Some(Value::Object(u)) if u.get("id").is_some_and(|v| v.is_string() || v.is_number()) => {}
        Some(_) => {
            return Err(ApiError::input_field(
                "user_data",
                "user_data must be a user id or an object with an id",
            ));
        }
    }
    match event.get("features") {
        None | Some(Value::Null) => {}
        Some(Value::Array(list))
            if list.iter().all(|f| {
                f.get("group").is_some_and(Value::is_string) && f.get("value").is_some()
            }) => {}
        Some(_) => {
            return Err(ApiError::input_field(
                "features",
                "features must be a list of {group, value}",
            ));
        }
    }
    if event
        .get("feed_id")
        .is_some_and(|f| !f.is_string() && !f.is_null())
    {
        return Err(ApiError::input_field("feed_id", "feed_id must be a string"));
    }
    Ok(())
}

/// Validates an engagement: `content` (string or object with `foreign_id`) and `label`.
pub(crate) fn check_engagement(e: &Value) -> Result<(), ApiError> {
    let Value::Object(e) = e else {
        return Err(ApiError::input("each engagement must be an object"));
    };
    let label = e.get("label").and_then(Value::as_str).unwrap_or("");
    if label.is_empty() {
        return Err(ApiError::input_field("label", "label is a required field"));
    }
    match e.get("content") {
        Some(Value::String(s)) if !s.is_empty() => {}
        Some(Value::Object(c)) if c.contains_key("foreign_id") => {}
        _ => {
            return Err(ApiError::input_field(
                "content",
                "content must be a string or an object with a foreign_id",
            ));
        }
    }
    check_common(e)
}

/// Validates an impression: `content_list` (list of strings or objects).
pub(crate) fn check_impression(e: &Value) -> Result<(), ApiError> {
    let Value::Object(e) = e else {
        return Err(ApiError::input("each impression must be an object"));
    };
    match e.get("content_list") {
        Some(Value::Array(list)) if list.iter().all(|c| c.is_string() || c.is_object()) => {}
        _ => {
            return Err(ApiError::input_field(
                "content_list",
                "content_list must be a list",
            ));
        }
    }
    check_common(e)
}

fn too_many(n: usize) -> Result<(), ApiError> {
    if n > MAX_EVENTS_PER_REQUEST {
        Err(ApiError::input(format!(
            "at most {MAX_EVENTS_PER_REQUEST} events per request"
        )))
    } else {
        Ok(())
    }
}

async fn engagement(caller: Caller, method: Method, JsonBody(body): JsonBody) -> Reply {
    scope(&caller, Resource::Analytics, &method)?;
    // `{"content_list": [...]}` (Python), a bare list, or one engagement.
    let events = match body {
        Value::Object(mut m) if m.contains_key("content_list") && !m.contains_key("label") => {
            match m.remove("content_list") {
                Some(Value::Array(list)) => list,
                _ => {
                    return Err(ApiError::input_field(
                        "content_list",
                        "content_list must be a list",
                    ));
                }
            }
        }
        Value::Array(list) => list,
        other => vec![other],
    };
    too_many(events.len())?;
    events.iter().try_for_each(check_engagement)?;
    let mut app = caller.app.lock();
    for e in events {
        push_bounded(&mut app.logs.engagements, e);
    }
    created(json!({}))
}

async fn impression(caller: Caller, method: Method, JsonBody(body): JsonBody) -> Reply {
    scope(&caller, Resource::Analytics, &method)?;
    // A bare list (Python) or one impression (Go).
    let events = match body {
        Value::Array(list) => list,
        other => vec![other],
    };
    too_many(events.len())?;
    events.iter().try_for_each(check_impression)?;
    let mut app = caller.app.lock();
    for e in events {
        push_bounded(&mut app.logs.impressions, e);
    }
    created(json!({}))
}

/// `analytics/redirect/?auth_type=jwt&authorization=<JWT>&url=<target>&api_key=<key>&events=<json>`:
/// the token travels in the query (the URL is opened by a browser); events are recorded and the
/// client is redirected to `url` with a 302.
async fn redirect(
    axum::extract::State(state): axum::extract::State<SharedState>,
    params: crate::query::Params,
) -> ApiResult<axum::response::Response> {
    use axum::response::IntoResponse;
    let key = params.get_nonempty("api_key").unwrap_or("");
    let app = state
        .app(key)
        .cloned()
        .ok_or_else(|| ApiError::api_key(format!("api key {key:?} not found")))?;
    let token = params
        .get_nonempty("authorization")
        .ok_or_else(|| ApiError::auth("the authorization parameter is missing"))?;
    let now = crate::stamp::Stamp::now().0 / 1_000_000;
    let claims = app
        .signer
        .verify(token, now)
        .map_err(|e| ApiError::auth(format!("invalid JWT token: {e}")))?;
    if !matches!(
        claims.resource(),
        None | Some("*") | Some("redirect_and_track")
    ) {
        return Err(ApiError::not_allowed(
            "token does not grant redirect_and_track",
        ));
    }
    let url = params
        .get_nonempty("url")
        .ok_or_else(|| ApiError::input_field("url", "url is a required parameter"))?;
    if !(url.starts_with("http://") || url.starts_with("https://")) || url.contains(['\r', '\n']) {
        return Err(ApiError::input_field("url", "url must be an http(s) URL"));
    }
    let events = match params.get_nonempty("events") {
        None => Vec::new(),
        Some(raw) => match serde_json::from_str::<Value>(raw) {
            Ok(Value::Array(list)) => list,
            _ => {
                return Err(ApiError::input_field(
                    "events",
                    "events must be a JSON list",
                ));
            }
        },
    };
    too_many(events.len())?;
    {
        let mut data = app.lock();
        for e in events {
            if e.get("content_list").is_some() {
                push_bounded(&mut data.logs.impressions, e);
            } else {
                push_bounded(&mut data.logs.engagements, e);
            }
        }
    }
    Ok((
        StatusCode::FOUND,
        [(axum::http::header::LOCATION, url.to_owned())],
    )
        .into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validates_events() {
        let ok = json!({"content": "1", "label": "click", "features": [{"group": "topic", "value": "js"}], "user_data": "alice"});
        assert!(check_engagement(&ok).is_ok());
        assert!(check_engagement(&json!({"content": "1", "user_data": "a"})).is_err());
        assert!(check_engagement(&json!({"label": "x", "user_data": "a"})).is_err());
        assert!(check_engagement(&json!({"label": "x", "content": "1"})).is_err());
        assert!(
            check_engagement(
                &json!({"label": "x", "content": "1", "user_data": "a", "features": [1]})
            )
            .is_err()
        );
        let imp =
            json!({"content_list": ["1", "2"], "user_data": {"id": "alice", "alias": "Alice"}});
        assert!(check_impression(&imp).is_ok());
        assert!(check_impression(&json!({"user_data": "a"})).is_err());
        assert!(check_impression(&json!(3)).is_err());
    }
}

//! `POST` and `DELETE /personalization/v1.0/<resource>/`: data sent to any personalization
//! resource is kept per resource (with the query it came with) and deleted again by resource and
//! query. Both answer `{"results": [<the data posted or deleted>], "version", "next", "duration"}`,
//! the service's personalization response shape (JS: "data that was posted/deleted").

use axum::http::{Method, Uri};
use serde_json::{Map, Value, json};
use stream_auth::Resource;

use crate::auth::{Caller, scope};
use crate::error::ApiError;
use crate::extract::JsonBody;
use crate::fields::as_object;
use crate::query::Params;
use crate::reply::{Reply, ok};
use crate::state::push_bounded;

/// The resource named by a request path (`/personalization/v1.0/a/b/` → `a/b`).
fn resource_of(uri: &Uri) -> Result<String, ApiError> {
    let name = uri
        .path()
        .strip_prefix("/personalization/v1.0/")
        .unwrap_or_default()
        .trim_matches('/');
    if name.is_empty() {
        return Err(ApiError::not_found("no personalization resource named"));
    }
    Ok(name.to_owned())
}

/// The query as an object, `api_key` left out.
fn params_of(params: &Params) -> Map<String, Value> {
    params
        .0
        .iter()
        .filter(|(k, _)| k != "api_key")
        .map(|(k, v)| (k.clone(), Value::String(v.clone())))
        .collect()
}

fn answer(results: Vec<Value>) -> Reply {
    ok(json!({"results": results, "version": "emulator", "next": ""}))
}

/// Keeps `data` (go2 wraps it as `{"data": …}`; a bare object, as JS posts it, is kept whole).
pub(super) async fn post_resource(
    caller: Caller,
    method: Method,
    uri: Uri,
    params: Params,
    JsonBody(body): JsonBody,
) -> Reply {
    scope(&caller, Resource::Personalization, &method)?;
    let resource = resource_of(&uri)?;
    let mut body = as_object(body)?;
    let data = match body.remove("data") {
        Some(Value::Object(data)) if body.is_empty() => data,
        Some(other) => {
            body.insert("data".into(), other);
            body
        }
        None => body,
    };
    let mut entry = Map::new();
    entry.insert("resource".into(), Value::String(resource));
    entry.insert("params".into(), Value::Object(params_of(&params)));
    entry.insert("data".into(), Value::Object(data.clone()));
    push_bounded(&mut caller.app.lock().logs.personalization, entry);
    answer(vec![Value::Object(data)])
}

/// Deletes what was posted to the resource with these query parameters (every entry of the
/// resource when none are given).
pub(super) async fn delete_resource(
    caller: Caller,
    method: Method,
    uri: Uri,
    params: Params,
) -> Reply {
    scope(&caller, Resource::Personalization, &method)?;
    let resource = resource_of(&uri)?;
    let wanted = params_of(&params);
    let mut app = caller.app.lock();
    let mut deleted = Vec::new();
    app.logs.personalization.retain(|entry| {
        let same_resource = entry["resource"].as_str() == Some(resource.as_str());
        let same_params = wanted
            .iter()
            .all(|(k, v)| entry["params"].get(k) == Some(v));
        if same_resource && same_params {
            deleted.push(entry["data"].clone());
            false
        } else {
            true
        }
    });
    answer(deleted)
}

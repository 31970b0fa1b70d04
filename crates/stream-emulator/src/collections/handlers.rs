//! HTTP handlers for `collections/...`.

use axum::extract::Path;
use axum::extract::rejection::PathRejection;
use axum::http::{Method, StatusCode};
use axum::routing::{delete, get, post};
use axum::{Json, Router};
use serde_json::{Map, Value, json};
use stream_auth::Resource;

use crate::auth::Caller;
use crate::error::{ApiError, ApiResult};
use crate::extract::{JsonBody, path};
use crate::others::common::{Stamp, as_object, opt_object, opt_str, with_duration};
use crate::others::guard::{acting_user, owns, scope};
use crate::query::Params;
use crate::router::route_both;
use crate::state::SharedState;

const API: &str = "/api/v1.0";

/// The most foreign ids one select or ids one delete_many accepts.
pub const MAX_BATCH: usize = 1000;

/// The `collections/` routes.
pub(crate) fn routes() -> Router<SharedState> {
    let mut r = Router::new();
    r = route_both(
        r,
        &format!("{API}/collections"),
        get(select).post(upsert).delete(delete_many),
    );
    r = route_both(r, &format!("{API}/collections/{{name}}"), post(add));
    r = route_both(
        r,
        &format!("{API}/collections/{{name}}/{{id}}"),
        get(get_one).put(update).delete(delete(remove)),
    );
    r
}

type Reply = ApiResult<(StatusCode, Json<Value>)>;

fn ok(v: Value) -> Reply {
    Ok((StatusCode::OK, Json(with_duration(v))))
}

async fn add(
    caller: Caller,
    method: Method,
    p: Result<Path<String>, PathRejection>,
    JsonBody(body): JsonBody,
) -> Reply {
    let name = path(p)?;
    scope(&caller, Resource::Collections, &method)?;
    let body = as_object(body)?;
    let requested = opt_str(&body, "user_id")?;
    // Server tokens may add entries without an owner; user tokens own what they add.
    let user_id = if caller.is_user_token || requested.is_some() {
        Some(acting_user(&caller, requested, "user_id")?)
    } else {
        None
    };
    let id = match body.get("id") {
        Some(Value::Number(n)) => Some(n.to_string()),
        _ => opt_str(&body, "id")?,
    };
    let data = opt_object(&body, "data")?.unwrap_or_default();
    let mut app = caller.app.lock();
    let entry = app
        .collections
        .add(&name, id, user_id, data, Stamp::now())?;
    let who = entry.user_id.clone().unwrap_or_default();
    crate::misc::audit(&mut app, "collection", &entry.foreign_id(), "create", &who);
    Ok((StatusCode::CREATED, Json(with_duration(entry.to_json()))))
}

async fn get_one(
    caller: Caller,
    method: Method,
    p: Result<Path<(String, String)>, PathRejection>,
) -> Reply {
    let (name, id) = path(p)?;
    scope(&caller, Resource::Collections, &method)?;
    let app = caller.app.lock();
    ok(app.collections.get_or_404(&name, &id)?.to_json())
}

async fn update(
    caller: Caller,
    method: Method,
    p: Result<Path<(String, String)>, PathRejection>,
    JsonBody(body): JsonBody,
) -> Reply {
    let (name, id) = path(p)?;
    scope(&caller, Resource::Collections, &method)?;
    let body = as_object(body)?;
    let data = opt_object(&body, "data")?.unwrap_or_default();
    let mut app = caller.app.lock();
    let owner = app.collections.get_or_404(&name, &id)?.user_id.clone();
    owns(&caller, owner.as_deref(), "a collection entry")?;
    let entry = app.collections.update(&name, &id, data, Stamp::now())?;
    crate::misc::audit(
        &mut app,
        "collection",
        &entry.foreign_id(),
        "update",
        caller.user_id.as_deref().unwrap_or(""),
    );
    ok(entry.to_json())
}

async fn remove(
    caller: Caller,
    method: Method,
    p: Result<Path<(String, String)>, PathRejection>,
) -> Reply {
    let (name, id) = path(p)?;
    scope(&caller, Resource::Collections, &method)?;
    let mut app = caller.app.lock();
    let owner = app.collections.get_or_404(&name, &id)?.user_id.clone();
    owns(&caller, owner.as_deref(), "a collection entry")?;
    let entry = app.collections.delete(&name, &id)?;
    crate::misc::audit(
        &mut app,
        "collection",
        &entry.foreign_id(),
        "delete",
        caller.user_id.as_deref().unwrap_or(""),
    );
    ok(json!({}))
}

async fn upsert(caller: Caller, method: Method, JsonBody(body): JsonBody) -> Reply {
    scope(&caller, Resource::Collections, &method)?;
    caller.server_only()?;
    let body = as_object(body)?;
    let items = opt_object(&body, "data")?
        .ok_or_else(|| ApiError::input_field("data", "data is a required field"))?;
    let mut app = caller.app.lock();
    let entries = app.collections.upsert(&items, Stamp::now())?;
    let mut out: Map<String, Value> = Map::new();
    for e in &entries {
        let list = out
            .entry(e.collection.clone())
            .or_insert_with(|| Value::Array(Vec::new()));
        if let Value::Array(list) = list {
            list.push(json!({"id": e.id, "data": e.data}));
        }
    }
    for e in &entries {
        crate::misc::audit(&mut app, "collection", &e.foreign_id(), "update", "");
    }
    Ok((
        StatusCode::CREATED,
        Json(with_duration(json!({"data": out}))),
    ))
}

async fn select(caller: Caller, method: Method, params: Params) -> Reply {
    scope(&caller, Resource::Collections, &method)?;
    caller.server_only()?;
    let ids = params.list("foreign_ids");
    if ids.len() > MAX_BATCH {
        return Err(ApiError::input_field(
            "foreign_ids",
            format!("at most {MAX_BATCH} foreign ids can be selected at once"),
        ));
    }
    let app = caller.app.lock();
    let data: Vec<Value> = app
        .collections
        .select(&ids)
        .into_iter()
        .map(|e| e.to_json())
        .collect();
    ok(json!({"response": {"data": data}}))
}

async fn delete_many(caller: Caller, method: Method, params: Params) -> Reply {
    scope(&caller, Resource::Collections, &method)?;
    caller.server_only()?;
    let name = params
        .get_nonempty("collection_name")
        .ok_or_else(|| {
            ApiError::input_field("collection_name", "collection_name is a required parameter")
        })?
        .to_owned();
    let ids = params.list("ids");
    if ids.is_empty() {
        return Err(ApiError::input_field("ids", "ids is a required parameter"));
    }
    if ids.len() > MAX_BATCH {
        return Err(ApiError::input_field(
            "ids",
            format!("at most {MAX_BATCH} ids can be deleted at once"),
        ));
    }
    let mut app = caller.app.lock();
    app.collections.delete_many(&name, &ids);
    for id in &ids {
        crate::misc::audit(
            &mut app,
            "collection",
            &format!("{name}:{id}"),
            "delete",
            "",
        );
    }
    ok(json!({}))
}

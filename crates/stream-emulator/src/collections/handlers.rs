//! HTTP handlers of the collections family.

use axum::http::Method;
use serde_json::{Map, Value, json};
use stream_auth::Resource;

use crate::auth::Caller;
use crate::auth::{acting_user, owns, scope};
use crate::error::ApiError;
use crate::extract::{JsonBody, PathParams};
use crate::fields::{as_object, opt_object, opt_str};
use crate::query::Params;
use crate::reply::{Reply, created, ok};
use crate::stamp::Stamp;

/// The most foreign ids one select or ids one delete_many accepts.
pub(crate) const MAX_BATCH: usize = 1000;

pub(super) async fn add(
    caller: Caller,
    method: Method,
    PathParams(name, _): PathParams<String>,
    JsonBody(body): JsonBody,
) -> Reply {
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
    crate::audit_logs::audit(&mut app, "collection", &entry.foreign_id(), "create", &who);
    created(entry.to_json())
}

pub(super) async fn get_one(
    caller: Caller,
    method: Method,
    PathParams((name, id), _): PathParams<(String, String)>,
) -> Reply {
    scope(&caller, Resource::Collections, &method)?;
    let app = caller.app.lock();
    ok(app.collections.get_or_404(&name, &id)?.to_json())
}

pub(super) async fn update(
    caller: Caller,
    method: Method,
    PathParams((name, id), _): PathParams<(String, String)>,
    JsonBody(body): JsonBody,
) -> Reply {
    scope(&caller, Resource::Collections, &method)?;
    let body = as_object(body)?;
    let data = opt_object(&body, "data")?.unwrap_or_default();
    let mut app = caller.app.lock();
    let owner = app.collections.get_or_404(&name, &id)?.user_id.clone();
    owns(&caller, owner.as_deref(), "a collection entry")?;
    let entry = app.collections.update(&name, &id, data, Stamp::now())?;
    crate::audit_logs::audit(
        &mut app,
        "collection",
        &entry.foreign_id(),
        "update",
        caller.user_id.as_deref().unwrap_or(""),
    );
    ok(entry.to_json())
}

pub(super) async fn remove(
    caller: Caller,
    method: Method,
    PathParams((name, id), _): PathParams<(String, String)>,
) -> Reply {
    scope(&caller, Resource::Collections, &method)?;
    let mut app = caller.app.lock();
    let owner = app.collections.get_or_404(&name, &id)?.user_id.clone();
    owns(&caller, owner.as_deref(), "a collection entry")?;
    let entry = app.collections.delete(&name, &id)?;
    crate::audit_logs::audit(
        &mut app,
        "collection",
        &entry.foreign_id(),
        "delete",
        caller.user_id.as_deref().unwrap_or(""),
    );
    ok(json!({}))
}

pub(super) async fn upsert(caller: Caller, method: Method, JsonBody(body): JsonBody) -> Reply {
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
        crate::audit_logs::audit(&mut app, "collection", &e.foreign_id(), "update", "");
    }
    created(json!({"data": out}))
}

pub(super) async fn select(caller: Caller, method: Method, params: Params) -> Reply {
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

pub(super) async fn delete_many(caller: Caller, method: Method, params: Params) -> Reply {
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
        crate::audit_logs::audit(
            &mut app,
            "collection",
            &format!("{name}:{id}"),
            "delete",
            "",
        );
    }
    ok(json!({}))
}

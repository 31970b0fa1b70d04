//! HTTP handlers of the users family.

use axum::http::{Method, StatusCode};
use serde_json::{Map, Value, json};
use stream_auth::Resource;

use crate::auth::Caller;
use crate::auth::{owns, scope};
use crate::error::ApiError;
use crate::extract::{JsonBody, PathParams};
use crate::fields::{as_object, opt_object, req_str};
use crate::query::Params;
use crate::reply::{Reply, created, ok, reply};
use crate::stamp::Stamp;

/// The most users one batch call accepts.
pub(crate) const MAX_BATCH: usize = 100;

/// `data` of a user body: absent or `null` is `{}`.
fn user_data(body: &Map<String, Value>) -> Result<Map<String, Value>, ApiError> {
    Ok(opt_object(body, "data")?.unwrap_or_default())
}

fn user_id_of(body: &Map<String, Value>) -> Result<String, ApiError> {
    match body.get("id") {
        Some(Value::Number(n)) => Ok(n.to_string()),
        _ => req_str(body, "id"),
    }
}

pub(super) async fn add(
    caller: Caller,
    method: Method,
    params: Params,
    JsonBody(body): JsonBody,
) -> Reply {
    scope(&caller, Resource::Users, &method)?;
    let body = as_object(body)?;
    let id = user_id_of(&body)?;
    owns(&caller, Some(&id), "a user")?;
    let data = user_data(&body)?;
    let get_or_create = params.flag("get_or_create", false)?;
    let mut app = caller.app.lock();
    let (user, created) = app.users.add(&id, data, get_or_create, Stamp::now())?;
    if created {
        crate::audit_logs::audit(&mut app, "user", &id, "create", &id);
    }
    let status = if created {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    reply(status, user.to_json())
}

pub(super) async fn get_one(
    caller: Caller,
    method: Method,
    params: Params,
    PathParams(id, _): PathParams<String>,
) -> Reply {
    scope(&caller, Resource::Users, &method)?;
    let with_counts = params.flag("with_follow_counts", false)?;
    let app = caller.app.lock();
    let mut v = app.users.get_or_404(&id)?.to_json();
    if with_counts {
        let (followers, following) = app.feeds.follow_counts(&id);
        if let Some(obj) = v.as_object_mut() {
            obj.insert("followers_count".into(), json!(followers));
            obj.insert("following_count".into(), json!(following));
        }
    }
    ok(v)
}

pub(super) async fn update(
    caller: Caller,
    method: Method,
    PathParams(id, _): PathParams<String>,
    JsonBody(body): JsonBody,
) -> Reply {
    scope(&caller, Resource::Users, &method)?;
    owns(&caller, Some(&id), "a user")?;
    let body = as_object(body)?;
    let data = user_data(&body)?;
    let mut app = caller.app.lock();
    let user = app.users.update(&id, data, Stamp::now())?;
    crate::audit_logs::audit(
        &mut app,
        "user",
        &id,
        "update",
        caller.user_id.as_deref().unwrap_or(""),
    );
    ok(user.to_json())
}

pub(super) async fn remove(
    caller: Caller,
    method: Method,
    PathParams(id, _): PathParams<String>,
) -> Reply {
    scope(&caller, Resource::Users, &method)?;
    owns(&caller, Some(&id), "a user")?;
    let mut app = caller.app.lock();
    app.users.delete(&id)?;
    crate::audit_logs::audit(
        &mut app,
        "user",
        &id,
        "delete",
        caller.user_id.as_deref().unwrap_or(""),
    );
    ok(json!({}))
}

fn batch_ids(params: &Params) -> Result<Vec<String>, ApiError> {
    let ids = params.list("ids");
    if ids.is_empty() {
        return Err(ApiError::input_field("ids", "ids is a required parameter"));
    }
    if ids.len() > MAX_BATCH {
        return Err(ApiError::input_field(
            "ids",
            format!("at most {MAX_BATCH} users per request"),
        ));
    }
    Ok(ids)
}

pub(super) async fn add_many(caller: Caller, method: Method, JsonBody(body): JsonBody) -> Reply {
    scope(&caller, Resource::Users, &method)?;
    caller.server_only()?;
    let body = as_object(body)?;
    let Some(Value::Array(items)) = body.get("users") else {
        return Err(ApiError::input_field(
            "users",
            "users must be a list of users",
        ));
    };
    if items.len() > MAX_BATCH {
        return Err(ApiError::input_field(
            "users",
            format!("at most {MAX_BATCH} users per request"),
        ));
    }
    let override_existing = match body.get("override") {
        None | Some(Value::Null) => false,
        Some(Value::Bool(b)) => *b,
        Some(_) => {
            return Err(ApiError::input_field(
                "override",
                "override must be a boolean",
            ));
        }
    };
    let mut users = Vec::with_capacity(items.len());
    for item in items {
        let Value::Object(u) = item else {
            return Err(ApiError::input_field(
                "users",
                "users must be a list of objects",
            ));
        };
        users.push((user_id_of(u)?, user_data(u)?));
    }
    let mut app = caller.app.lock();
    let stored = app.users.add_many(users, override_existing, Stamp::now())?;
    for u in &stored {
        crate::audit_logs::audit(&mut app, "user", &u.id, "update", "");
    }
    let users: Vec<Value> = stored.iter().map(|u| u.to_json()).collect();
    created(json!({"created_users": users}))
}

pub(super) async fn get_many(caller: Caller, method: Method, params: Params) -> Reply {
    scope(&caller, Resource::Users, &method)?;
    caller.server_only()?;
    let ids = batch_ids(&params)?;
    let app = caller.app.lock();
    let users: Vec<Value> = ids
        .iter()
        .filter_map(|id| app.users.get(id))
        .map(|u| u.to_json())
        .collect();
    ok(json!({"users": users}))
}

pub(super) async fn delete_many(caller: Caller, method: Method, params: Params) -> Reply {
    scope(&caller, Resource::Users, &method)?;
    caller.server_only()?;
    let ids = batch_ids(&params)?;
    let mut app = caller.app.lock();
    let deleted: Vec<String> = ids
        .into_iter()
        .filter(|id| app.users.delete(id).is_ok())
        .collect();
    for id in &deleted {
        crate::audit_logs::audit(&mut app, "user", id, "delete", "");
    }
    ok(json!({"deleted_user_ids": deleted}))
}

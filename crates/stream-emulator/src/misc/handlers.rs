//! HTTP handlers for `audit_logs/`, `data_privacy/` (delete activities and reactions, export ids)
//! and `moderation/flag`.

use axum::extract::Path;
use axum::extract::rejection::PathRejection;
use axum::http::{Method, StatusCode};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::{Value, json};
use stream_auth::Resource;

use super::push_bounded;
use crate::auth::Caller;
use crate::error::{ApiError, ApiResult};
use crate::extract::{JsonBody, path};
use crate::feeds::api as bridge;
use crate::others::common::{Stamp, as_object, opt_str, opt_str_list, req_str, with_duration};
use crate::others::guard::{acting_user, scope};
use crate::query::Params;
use crate::router::route_both;
use crate::state::SharedState;

const API: &str = "/api/v1.0";

/// Default and largest page of audit logs.
pub const AUDIT_LIMITS: (usize, usize) = (25, 100);
/// The most activities one data-privacy request may delete.
pub const MAX_DELETE: usize = 100;

/// The routes.
pub(crate) fn routes() -> Router<SharedState> {
    let mut r = Router::new();
    r = route_both(r, &format!("{API}/audit_logs"), get(audit_logs));
    r = route_both(
        r,
        &format!("{API}/data_privacy/delete_activities"),
        post(delete_activities),
    );
    r = route_both(
        r,
        &format!("{API}/data_privacy/delete_reactions"),
        post(delete_reactions),
    );
    r = route_both(
        r,
        &format!("{API}/data_privacy/export_ids/{{user_id}}"),
        get(export_ids),
    );
    r = route_both(r, &format!("{API}/moderation/flag"), post(flag));
    r
}

type Reply = ApiResult<(StatusCode, Json<Value>)>;

async fn audit_logs(caller: Caller, method: Method, params: Params) -> Reply {
    scope(&caller, Resource::AuditLogs, &method)?;
    caller.server_only()?;
    let limit = params.usize("limit")?.unwrap_or(AUDIT_LIMITS.0);
    if limit > AUDIT_LIMITS.1 {
        return Err(ApiError::input_field(
            "limit",
            format!("limit must be at most {}", AUDIT_LIMITS.1),
        ));
    }
    let app = caller.app.lock();
    let logs: Vec<Value> = app
        .misc
        .query(
            params.get_nonempty("entity_type"),
            params.get_nonempty("entity_id"),
            params.get_nonempty("user_id"),
            limit,
        )
        .into_iter()
        .map(super::AuditEntry::to_json)
        .collect();
    Ok((
        StatusCode::OK,
        Json(with_duration(
            json!({"audit_logs": logs, "next": "", "prev": ""}),
        )),
    ))
}

async fn delete_activities(caller: Caller, method: Method, JsonBody(body): JsonBody) -> Reply {
    scope(&caller, Resource::DataPrivacy, &method)?;
    caller.server_only()?;
    let body = as_object(body)?;
    let Some(Value::Array(items)) = body.get("activities") else {
        return Err(ApiError::input_field(
            "activities",
            "activities must be a list",
        ));
    };
    if items.len() > MAX_DELETE {
        return Err(ApiError::input_field(
            "activities",
            format!("at most {MAX_DELETE} activities per request"),
        ));
    }
    let mut plan = Vec::with_capacity(items.len());
    for item in items {
        let Value::Object(item) = item else {
            return Err(ApiError::input_field(
                "activities",
                "activities must be a list of objects",
            ));
        };
        let id = req_str(item, "id")?;
        let feeds = opt_str_list(item, "remove_from_feeds")?.unwrap_or_default();
        for f in &feeds {
            crate::others::common::check_feed_id("remove_from_feeds", f)?;
        }
        plan.push((id, feeds));
    }
    let mut app = caller.app.lock();
    for (id, feeds) in &plan {
        bridge::remove_activity(&mut app, id, feeds);
        let reactions = app.reactions.ids_for_activity(id);
        for r in reactions {
            let _ = app.reactions.delete(&r, false, Stamp::now());
        }
        super::audit(&mut app, "activity", id, "delete", "");
    }
    Ok((StatusCode::CREATED, Json(with_duration(json!({})))))
}

async fn delete_reactions(caller: Caller, method: Method, JsonBody(body): JsonBody) -> Reply {
    scope(&caller, Resource::DataPrivacy, &method)?;
    caller.server_only()?;
    let body = as_object(body)?;
    let ids = opt_str_list(&body, "ids")?.unwrap_or_default();
    if ids.len() > MAX_DELETE {
        return Err(ApiError::input_field(
            "ids",
            format!("at most {MAX_DELETE} reactions per request"),
        ));
    }
    let mut app = caller.app.lock();
    for id in &ids {
        if let Ok(removed) = app.reactions.delete(id, false, Stamp::now()) {
            for r in &removed {
                for feed in &r.target_feeds {
                    bridge::remove_by_foreign_id(&mut app, feed, &r.reference());
                }
            }
            super::audit(&mut app, "reaction", id, "delete", "");
        }
    }
    Ok((StatusCode::CREATED, Json(with_duration(json!({})))))
}

/// `GET data_privacy/export_ids/<user_id>`: the ids of every activity the user is the actor of
/// (`"<user_id>"` or `"SU:<user_id>"`) and of every live reaction they made, sorted.
async fn export_ids(
    caller: Caller,
    method: Method,
    p: Result<Path<String>, PathRejection>,
) -> Reply {
    let user_id = path(p)?;
    scope(&caller, Resource::DataPrivacy, &method)?;
    caller.server_only()?;
    let app = caller.app.lock();
    let reference = format!("SU:{user_id}");
    let mut activity_ids: Vec<&String> = app
        .feeds
        .activities
        .iter()
        .filter(|(_, a)| {
            a.data
                .get("actor")
                .and_then(Value::as_str)
                .is_some_and(|actor| actor == user_id || actor == reference)
        })
        .map(|(id, _)| id)
        .collect();
    activity_ids.sort();
    let reaction_ids = app.reactions.ids_by_user(&user_id);
    Ok((
        StatusCode::OK,
        Json(with_duration(json!({
            "export": {
                "user_id": user_id,
                "activity_count": activity_ids.len(),
                "reaction_count": reaction_ids.len(),
                "activity_ids": activity_ids,
                "reaction_ids": reaction_ids,
            }
        }))),
    ))
}

async fn flag(caller: Caller, method: Method, JsonBody(body): JsonBody) -> Reply {
    scope(&caller, Resource::Moderation, &method)?;
    let mut body = as_object(body)?;
    let entity_type = req_str(&body, "entity_type")?;
    let entity_id = req_str(&body, "entity_id")?;
    let user_id = acting_user(&caller, opt_str(&body, "user_id")?, "user_id")?;
    if let Some(r) = body.get("reason") {
        if !r.is_string() && !r.is_null() {
            return Err(ApiError::input_field("reason", "reason must be a string"));
        }
    }
    body.insert("user_id".into(), Value::String(user_id.clone()));
    body.insert("created_at".into(), Value::String(Stamp::now().rfc3339()));
    let mut app = caller.app.lock();
    push_bounded(&mut app.misc.flags, body.clone());
    super::audit(&mut app, &entity_type, &entity_id, "flag", &user_id);
    Ok((
        StatusCode::CREATED,
        Json(with_duration(json!({"flag": body}))),
    ))
}

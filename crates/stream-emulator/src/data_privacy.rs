//! Data privacy: delete a user's activities and reactions, and export the ids of what a user
//! made.

use axum::Router;
use axum::http::Method;
use axum::routing::{get, post};
use serde_json::{Value, json};
use stream_auth::Resource;

use crate::audit_logs::audit;
use crate::auth::{Caller, scope};
use crate::error::ApiError;
use crate::extract::{JsonBody, PathParams};
use crate::fields::{as_object, check_target_feed, opt_str_list, req_str};
use crate::reply::{Reply, created, ok};
use crate::router::RouterExt;
use crate::stamp::Stamp;
use crate::state::SharedState;

/// The most activities (or reactions) one data-privacy request may delete.
const MAX_DELETE: usize = 100;

/// The routes of this family.
pub(crate) fn routes() -> Router<SharedState> {
    Router::new()
        .v1("data_privacy/delete_activities", post(delete_activities))
        .v1("data_privacy/delete_reactions", post(delete_reactions))
        .v1("data_privacy/export_ids/{user_id}", get(export_ids))
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
            check_target_feed("remove_from_feeds", f)?;
        }
        plan.push((id, feeds));
    }
    let mut app = caller.app.lock();
    for (id, feeds) in &plan {
        app.remove_activity(id, feeds);
        let reactions = app.reactions.ids_for_activity(id);
        for r in reactions {
            let _ = app.reactions.delete(&r, false, Stamp::now());
        }
        audit(&mut app, "activity", id, "delete", "");
    }
    created(json!({}))
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
                    app.remove_by_foreign_id(feed, &r.target_foreign_id());
                }
            }
            audit(&mut app, "reaction", id, "delete", "");
        }
    }
    created(json!({}))
}

/// `GET data_privacy/export_ids/<user_id>`: the ids of every activity the user is the actor of
/// (`"<user_id>"` or `"SU:<user_id>"`) and of every live reaction they made, sorted.
async fn export_ids(
    caller: Caller,
    method: Method,
    PathParams(user_id, _): PathParams<String>,
) -> Reply {
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
    ok(json!({
        "export": {
            "user_id": user_id,
            "activity_count": activity_ids.len(),
            "reaction_count": reaction_ids.len(),
            "activity_ids": activity_ids,
            "reaction_ids": reaction_ids,
        }
    }))
}

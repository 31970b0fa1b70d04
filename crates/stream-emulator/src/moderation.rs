//! Moderation: `moderation/flag` records a flag on a user, activity or reaction;
//! `moderation/status/` and `moderation/status/batch/` record moderators' decisions (kept with the
//! app's event logs and audited); `moderation/user/cache/<user>/` drops a user's cached
//! moderation data (the emulator caches none, so it only acknowledges).

use axum::Router;
use axum::http::Method;
use axum::routing::{delete, post};
use serde_json::{Map, Value, json};
use stream_auth::Resource;

use crate::audit_logs::audit;
use crate::auth::{Caller, acting_user, scope};
use crate::error::ApiError;
use crate::extract::{JsonBody, PathParams};
use crate::fields::{as_object, opt_str, req_str};
use crate::reply::{Reply, created, ok};
use crate::router::RouterExt;
use crate::stamp::Stamp;
use crate::state::{SharedState, push_bounded};

/// The routes of this family.
pub(crate) fn routes() -> Router<SharedState> {
    Router::new()
        .v1("moderation/flag", post(flag))
        .v1("moderation/status", post(update_status))
        .v1("moderation/status/batch", post(update_status_batch))
        .v1(
            "moderation/user/cache/{user}",
            delete(invalidate_user_cache),
        )
}

/// The most updates one batch may carry (stream-go2 checks the same limit).
const MAX_STATUS_UPDATES: usize = 100;

/// Reads one status update (`entity_type`, `entity_id`, `status` required; the two actions
/// optional strings) and stamps it with the moderator and the time.
fn status_entry(
    update: &Map<String, Value>,
    moderator_id: &str,
) -> Result<Map<String, Value>, ApiError> {
    let mut entry = Map::new();
    for field in ["entity_type", "entity_id", "status"] {
        entry.insert(field.into(), Value::String(req_str(update, field)?));
    }
    for field in ["recommended_action", "latest_moderator_action"] {
        let value = opt_str(update, field)?.unwrap_or_default();
        entry.insert(field.into(), Value::String(value));
    }
    entry.insert(
        "moderator_id".into(),
        Value::String(moderator_id.to_owned()),
    );
    entry.insert("created_at".into(), Value::String(Stamp::now().rfc3339()));
    Ok(entry)
}

fn record_status(app: &mut crate::state::AppState, entry: Map<String, Value>) {
    let text = |k: &str| entry[k].as_str().unwrap_or_default().to_owned();
    let (kind, id, moderator) = (text("entity_type"), text("entity_id"), text("moderator_id"));
    push_bounded(&mut app.logs.statuses, entry);
    audit(app, &kind, &id, "moderation_status", &moderator);
}

/// `POST moderation/status/`: one decision; answers `{"duration"}`.
async fn update_status(caller: Caller, method: Method, JsonBody(body): JsonBody) -> Reply {
    scope(&caller, Resource::Moderation, &method)?;
    let body = as_object(body)?;
    let moderator = req_str(&body, "moderator_id")?;
    let entry = status_entry(&body, &moderator)?;
    record_status(&mut caller.app.lock(), entry);
    ok(json!({}))
}

/// `POST moderation/status/batch/`: 1 to 100 decisions, no entity twice; answers one
/// `{"entity_id","entity_type","success"}` per update, in order.
async fn update_status_batch(caller: Caller, method: Method, JsonBody(body): JsonBody) -> Reply {
    scope(&caller, Resource::Moderation, &method)?;
    let body = as_object(body)?;
    let moderator = req_str(&body, "moderator_id")?;
    let updates = match body.get("updates") {
        Some(Value::Array(list)) if !list.is_empty() => list,
        _ => {
            return Err(ApiError::input_field(
                "updates",
                "updates must be a non-empty list",
            ));
        }
    };
    if updates.len() > MAX_STATUS_UPDATES {
        return Err(ApiError::input_field(
            "updates",
            format!("at most {MAX_STATUS_UPDATES} updates per request"),
        ));
    }
    let mut entries: Vec<Map<String, Value>> = Vec::with_capacity(updates.len());
    for update in updates {
        let update = update
            .as_object()
            .ok_or_else(|| ApiError::input_field("updates", "each update must be an object"))?;
        let entry = status_entry(update, &moderator)?;
        let same = |e: &Map<String, Value>| {
            e["entity_type"] == entry["entity_type"] && e["entity_id"] == entry["entity_id"]
        };
        if entries.iter().any(same) {
            return Err(ApiError::input_field("updates", "an entity appears twice"));
        }
        entries.push(entry);
    }
    let results: Vec<Value> = entries
        .iter()
        .map(|e| json!({"entity_id": e["entity_id"], "entity_type": e["entity_type"], "success": true}))
        .collect();
    let mut app = caller.app.lock();
    for entry in entries {
        record_status(&mut app, entry);
    }
    ok(json!({ "results": results }))
}

/// `DELETE moderation/user/cache/<user>/`: acknowledged (the emulator caches nothing).
async fn invalidate_user_cache(
    caller: Caller,
    method: Method,
    PathParams(user, _): PathParams<String>,
) -> Reply {
    scope(&caller, Resource::Moderation, &method)?;
    crate::fields::check_id("user_id", &user)?;
    ok(json!({}))
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
    push_bounded(&mut app.logs.flags, body.clone());
    audit(&mut app, &entity_type, &entity_id, "flag", &user_id);
    created(json!({"flag": body}))
}

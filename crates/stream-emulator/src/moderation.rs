//! Moderation: `moderation/flag` records a flag on a user, activity or reaction (kept with the
//! app's event logs and audited).

use axum::Router;
use axum::http::Method;
use axum::routing::post;
use serde_json::{Value, json};
use stream_auth::Resource;

use crate::audit_logs::audit;
use crate::auth::{Caller, acting_user, scope};
use crate::error::ApiError;
use crate::extract::JsonBody;
use crate::fields::{as_object, opt_str, req_str};
use crate::reply::{Reply, created};
use crate::router::RouterExt;
use crate::stamp::Stamp;
use crate::state::{SharedState, push_bounded};

/// The routes of this family.
pub(crate) fn routes() -> Router<SharedState> {
    Router::new().v1("moderation/flag", post(flag))
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

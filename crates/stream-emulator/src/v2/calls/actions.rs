//! v2 actions on a call's participants: block/unblock (kept and shown in `blocked_user_ids`),
//! mute (checked; the emulator carries no media), user permissions (kept per user) and custom
//! events (kept, the newest 100 per call).
use axum::body::Bytes;
use axum::http::StatusCode;
use serde_json::{Map, Value, json};

use super::handlers::call_mut;
use crate::extract::PathParams;
use crate::reply::Reply;
use crate::v2::auth::ServerCaller;
use crate::v2::body::{body_obj, id_list};
use crate::v2::error::{
    BlockUser, MuteUsers, Operation, SendCallEvent, UnblockUser, UpdateUserPermissions, V2Error,
    V2Result,
};
use crate::v2::limits;
use crate::v2::shapes;
use crate::v2::state::{MAX_CALL_EVENTS, now_ns};

/// The required `user_id` of a body, checked.
pub(super) fn user_id(op: &str, body: &Map<String, Value>) -> V2Result<String> {
    let id = body
        .get("user_id")
        .and_then(Value::as_str)
        .ok_or_else(|| V2Error::input(op, "user_id is a required field"))?;
    limits::user_id(op, id)?;
    Ok(id.to_owned())
}

/// A list of capability names, or empty when absent.
fn capabilities(op: &str, body: &Map<String, Value>, field: &str) -> V2Result<Vec<String>> {
    match body.get(field) {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::Array(items)) => items
            .iter()
            .map(|v| {
                v.as_str()
                    .filter(|s| !s.is_empty())
                    .map(str::to_owned)
                    .ok_or_else(|| {
                        V2Error::input(op, format!("{field} must hold capability names"))
                    })
            })
            .collect(),
        Some(_) => Err(V2Error::input(op, format!("{field} must be a list"))),
    }
}

fn done() -> Reply<V2Error> {
    shapes::reply(StatusCode::CREATED, Map::new())
}

/// `POST /api/v2/video/call/{type}/{id}/block` `{"user_id"}`.
pub(crate) async fn block(
    caller: ServerCaller,
    PathParams((call_type, id), _): PathParams<(String, String), BlockUser>,
    bytes: Bytes,
) -> Reply<V2Error> {
    const OP: &str = BlockUser::NAME;
    let body = body_obj(OP, &bytes)?;
    let user = user_id(OP, &body)?;
    let mut data = caller.app.lock();
    let c = call_mut(&mut data.v2, OP, &call_type, &id)?;
    c.blocked_user_ids.insert(user);
    c.updated_at = now_ns();
    done()
}

/// `POST /api/v2/video/call/{type}/{id}/unblock` `{"user_id"}`.
pub(crate) async fn unblock(
    caller: ServerCaller,
    PathParams((call_type, id), _): PathParams<(String, String), UnblockUser>,
    bytes: Bytes,
) -> Reply<V2Error> {
    const OP: &str = UnblockUser::NAME;
    let body = body_obj(OP, &bytes)?;
    let user = user_id(OP, &body)?;
    let mut data = caller.app.lock();
    let c = call_mut(&mut data.v2, OP, &call_type, &id)?;
    if c.blocked_user_ids.remove(&user) {
        c.updated_at = now_ns();
    }
    done()
}

/// `POST /api/v2/video/call/{type}/{id}/mute_users`: `user_ids` or `mute_all_users`, and at
/// least one of `audio`, `video`, `screenshare`, `screenshare_audio`.
pub(crate) async fn mute_users(
    caller: ServerCaller,
    PathParams((call_type, id), _): PathParams<(String, String), MuteUsers>,
    bytes: Bytes,
) -> Reply<V2Error> {
    const OP: &str = MuteUsers::NAME;
    let body = body_obj(OP, &bytes)?;
    let all = body.get("mute_all_users").and_then(Value::as_bool) == Some(true);
    if !all {
        for user in id_list(OP, &body, "user_ids")? {
            limits::user_id(OP, &user)?;
        }
    }
    let tracks = ["audio", "video", "screenshare", "screenshare_audio"];
    if !tracks
        .iter()
        .any(|t| body.get(*t).and_then(Value::as_bool) == Some(true))
    {
        return Err(V2Error::input(
            OP,
            "at least one of audio, video, screenshare, screenshare_audio must be true",
        ));
    }
    if let Some(by) = body.get("muted_by_id").and_then(Value::as_str) {
        limits::user_id(OP, by)?;
    }
    let mut data = caller.app.lock();
    call_mut(&mut data.v2, OP, &call_type, &id)?;
    done()
}

/// `POST /api/v2/video/call/{type}/{id}/user_permissions`: grants and revocations kept per user
/// (a grant cancels an earlier revocation of the same capability and the other way round).
pub(crate) async fn update_user_permissions(
    caller: ServerCaller,
    PathParams((call_type, id), _): PathParams<(String, String), UpdateUserPermissions>,
    bytes: Bytes,
) -> Reply<V2Error> {
    const OP: &str = UpdateUserPermissions::NAME;
    let body = body_obj(OP, &bytes)?;
    let user = user_id(OP, &body)?;
    let grant = capabilities(OP, &body, "grant_permissions")?;
    let revoke = capabilities(OP, &body, "revoke_permissions")?;
    let mut data = caller.app.lock();
    let c = call_mut(&mut data.v2, OP, &call_type, &id)?;
    let perms = c.user_permissions.entry(user).or_default();
    for cap in grant {
        perms.revoked.remove(&cap);
        perms.granted.insert(cap);
    }
    for cap in revoke {
        perms.granted.remove(&cap);
        perms.revoked.insert(cap);
    }
    c.updated_at = now_ns();
    done()
}

/// `POST /api/v2/video/call/{type}/{id}/event` `{"user_id","custom"}`.
pub(crate) async fn send_event(
    caller: ServerCaller,
    PathParams((call_type, id), _): PathParams<(String, String), SendCallEvent>,
    bytes: Bytes,
) -> Reply<V2Error> {
    const OP: &str = SendCallEvent::NAME;
    let body = body_obj(OP, &bytes)?;
    let user = user_id(OP, &body)?;
    let custom = match body.get("custom") {
        None | Some(Value::Null) => Map::new(),
        Some(Value::Object(m)) => m.clone(),
        Some(_) => return Err(V2Error::input(OP, "custom must be an object")),
    };
    let mut data = caller.app.lock();
    let c = call_mut(&mut data.v2, OP, &call_type, &id)?;
    c.events
        .push(json!({"type": "custom", "user_id": user, "custom": custom,
        "created_at": now_ns()}));
    if c.events.len() > MAX_CALL_EVENTS {
        let extra = c.events.len() - MAX_CALL_EVENTS;
        c.events.drain(..extra);
    }
    done()
}

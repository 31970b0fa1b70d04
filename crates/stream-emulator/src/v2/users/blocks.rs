//! v2 app-wide user blocks (kept on the blocking user and shown in its `blocked_user_ids`) and
//! user exports (one at once, many as a task).
use axum::body::Bytes;
use axum::http::{StatusCode, Uri};
use serde_json::{Map, Value, json};

use crate::extract::PathParams;
use crate::reply::Reply;
use crate::v2::auth::ServerCaller;
use crate::v2::body::{body_obj, id_list};
use crate::v2::error::{ExportUser, Operation, V2Error, V2Result};
use crate::v2::limits;
use crate::v2::shapes;
use crate::v2::state::{V2State, now_ns};

/// `user_id` and `blocked_user_id` of a body: both existing users, not the same one.
fn pair(op: &str, data: &V2State, body: &Map<String, Value>) -> V2Result<(String, String)> {
    let field = |name: &str| -> V2Result<String> {
        let id = body
            .get(name)
            .and_then(Value::as_str)
            .ok_or_else(|| V2Error::input(op, format!("{name} is a required field")))?;
        limits::user_id(op, id)?;
        if data.users.get(id).is_none_or(|u| u.deleted_at.is_some()) {
            return Err(V2Error::input(op, format!("user {id} does not exist")));
        }
        Ok(id.to_owned())
    };
    let (user, blocked) = (field("user_id")?, field("blocked_user_id")?);
    if user == blocked {
        return Err(V2Error::input(op, "a user cannot block themselves"));
    }
    Ok((user, blocked))
}

/// `POST /api/v2/users/block` `{"blocked_user_id","user_id"}` (blocking again keeps the first
/// time).
pub(crate) async fn block(caller: ServerCaller, bytes: Bytes) -> Reply<V2Error> {
    const OP: &str = "BlockUsers";
    let body = body_obj(OP, &bytes)?;
    let mut data = caller.app.lock();
    let (user, blocked) = pair(OP, &data.v2, &body)?;
    let now = now_ns();
    let at = data
        .v2
        .users
        .get_mut(&user)
        .map_or(now, |u| *u.blocked.entry(blocked.clone()).or_insert(now));
    let mut out = Map::new();
    out.insert("blocked_by_user_id".into(), json!(user));
    out.insert("blocked_user_id".into(), json!(blocked));
    out.insert("created_at".into(), json!(at));
    shapes::reply(StatusCode::CREATED, out)
}

/// `POST /api/v2/users/unblock` `{"blocked_user_id","user_id"}`.
pub(crate) async fn unblock(caller: ServerCaller, bytes: Bytes) -> Reply<V2Error> {
    const OP: &str = "UnblockUsers";
    let body = body_obj(OP, &bytes)?;
    let mut data = caller.app.lock();
    let (user, blocked) = pair(OP, &data.v2, &body)?;
    if let Some(u) = data.v2.users.get_mut(&user) {
        u.blocked.remove(&blocked);
    }
    shapes::reply(StatusCode::CREATED, Map::new())
}

/// `GET /api/v2/users/block?user_id=`: the users `user_id` blocked, oldest first.
pub(crate) async fn list(caller: ServerCaller, uri: Uri) -> Reply<V2Error> {
    const OP: &str = "GetBlockedUsers";
    let params = crate::query::Params::parse(uri.query().unwrap_or(""));
    let user_id = params
        .get_nonempty("user_id")
        .ok_or_else(|| V2Error::input(OP, "user_id is required with server-side auth"))?
        .to_owned();
    limits::user_id(OP, &user_id)?;
    let data = caller.app.lock();
    let mut blocks: Vec<(i64, Value)> = data
        .v2
        .users
        .get(&user_id)
        .map(|u| {
            u.blocked
                .iter()
                .map(|(other, at)| {
                    let blocked_user = data
                        .v2
                        .users
                        .get(other)
                        .map_or_else(|| shapes::missing_user(other), shapes::user);
                    let entry = json!({"user_id": user_id, "blocked_user_id": other,
                        "created_at": at, "user": shapes::user(u), "blocked_user": blocked_user});
                    (*at, entry)
                })
                .collect()
        })
        .unwrap_or_default();
    blocks.sort_by_key(|b| b.0);
    let mut out = Map::new();
    out.insert(
        "blocks".into(),
        Value::Array(blocks.into_iter().map(|b| b.1).collect()),
    );
    shapes::reply(StatusCode::OK, out)
}

/// `GET /api/v2/users/{user_id}/export`: the user (no chat messages or reactions live here).
pub(crate) async fn export(
    caller: ServerCaller,
    PathParams(user_id, _): PathParams<String, ExportUser>,
) -> Reply<V2Error> {
    const OP: &str = ExportUser::NAME;
    limits::user_id(OP, &user_id)?;
    let data = caller.app.lock();
    let u = data
        .v2
        .users
        .get(&user_id)
        .ok_or_else(|| V2Error::not_found(OP, format!("user {user_id} does not exist")))?;
    let mut out = Map::new();
    out.insert("user".into(), shapes::user(u));
    out.insert("messages".into(), json!([]));
    out.insert("reactions".into(), json!([]));
    shapes::reply(StatusCode::OK, out)
}

/// `POST /api/v2/export/users` `{"user_ids"}`: every user must exist (else 400, code 4); the task
/// completes at once with `{"<user id>": {"status": "ok"}}`.
pub(crate) async fn export_many(caller: ServerCaller, bytes: Bytes) -> Reply<V2Error> {
    const OP: &str = "ExportUsers";
    let body = body_obj(OP, &bytes)?;
    let ids = id_list(OP, &body, "user_ids")?;
    let mut data = caller.app.lock();
    let missing: Vec<&str> = ids
        .iter()
        .filter(|id| data.v2.users.get(id.as_str()).is_none())
        .map(String::as_str)
        .collect();
    if !missing.is_empty() {
        let detail = format!("users do not exist: {}", missing.join(", "));
        return Err(V2Error::input(OP, detail));
    }
    let task_id = crate::v2::tasks::complete(&mut data.v2, crate::v2::tasks::per_id_ok(&ids));
    let mut out = Map::new();
    out.insert("task_id".into(), json!(task_id));
    shapes::reply(StatusCode::CREATED, out)
}

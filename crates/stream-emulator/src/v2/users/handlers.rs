//! v2 user handlers: upsert, query, partial update, deactivate/reactivate, delete, restore.
use axum::body::Bytes;
use axum::http::StatusCode;
use serde_json::{Map, Value, json};

use crate::extract::PathParams;
use crate::reply::{Answer, Reply, answer};
use crate::v2::auth::ServerCaller;
use crate::v2::body::{body_obj, id_list};
use crate::v2::error::{DeactivateUser, Operation, ReactivateUser, V2Error, V2Result};
use crate::v2::filter;
use crate::v2::shapes;
use crate::v2::state::{V2State, V2User, now_ns};
use crate::v2::webhooks::{self, Event};

fn str_field(op: &str, v: &Value, field: &str) -> V2Result<Option<String>> {
    match v {
        Value::Null => Ok(None),
        Value::String(s) => Ok(Some(s.clone())),
        _ => Err(V2Error::input(op, format!("{field} must be a string"))),
    }
}

/// Applies one top-level field to a user; other names go to custom data.
pub(super) fn apply_field(op: &str, u: &mut V2User, key: &str, v: &Value) -> V2Result<()> {
    match key {
        "id" | "created_at" | "updated_at" | "deactivated_at" | "deleted_at" => {}
        "role" => u.role = str_field(op, v, key)?.unwrap_or_else(|| "user".into()),
        "name" => u.name = str_field(op, v, key)?,
        "image" => u.image = str_field(op, v, key)?,
        "language" => u.language = str_field(op, v, key)?.unwrap_or_default(),
        "invisible" => u.invisible = v.as_bool().unwrap_or(false),
        "teams" => {
            u.teams = match v {
                Value::Null => Vec::new(),
                Value::Array(a) => a
                    .iter()
                    .filter_map(|t| t.as_str().map(str::to_owned))
                    .collect(),
                _ => return Err(V2Error::input(op, "teams must be a list of strings")),
            }
        }
        "teams_role" => {
            u.teams_role = match v {
                Value::Null => Map::new(),
                Value::Object(m) => m.clone(),
                _ => return Err(V2Error::input(op, "teams_role must be an object")),
            }
        }
        "privacy_settings" => merge_privacy(op, u, v)?,
        "custom" => match v {
            Value::Null => u.custom.clear(),
            Value::Object(m) => u.custom = m.clone(),
            _ => return Err(V2Error::input(op, "custom must be an object")),
        },
        other => {
            u.custom.insert(other.to_owned(), v.clone());
        }
    }
    Ok(())
}

/// Sets the named privacy settings of `v` (`null` clears them all), keeping the others: a full
/// upsert starts from none, a partial update keeps what it does not name.
fn merge_privacy(op: &str, u: &mut V2User, v: &Value) -> V2Result<()> {
    let settings = match v {
        Value::Null => {
            u.privacy_settings.clear();
            return Ok(());
        }
        Value::Object(m) => m,
        _ => return Err(V2Error::input(op, "privacy_settings must be an object")),
    };
    for (name, setting) in settings {
        match setting {
            Value::Null => {
                u.privacy_settings.remove(name);
            }
            Value::Object(s) if s.get("enabled").is_none_or(Value::is_boolean) => {
                u.privacy_settings.insert(name.clone(), setting.clone());
            }
            _ => {
                return Err(V2Error::input(
                    op,
                    format!("privacy_settings.{name} must be {{\"enabled\": bool}}"),
                ));
            }
        }
    }
    Ok(())
}

fn unset_field(u: &mut V2User, key: &str) {
    match key {
        "privacy_settings" => u.privacy_settings.clear(),
        "name" => u.name = None,
        "image" => u.image = None,
        "language" => u.language.clear(),
        "invisible" => u.invisible = false,
        "teams" => u.teams.clear(),
        "teams_role" => u.teams_role.clear(),
        "role" => u.role = "user".into(),
        other => {
            u.custom.remove(other);
        }
    }
}

/// Fills the `devices` of full users (upsert, partial update and query answer them).
fn with_devices(data: &V2State, users: &mut Map<String, Value>) {
    if data.devices.is_empty() {
        return;
    }
    let devices = crate::v2::devices::by_user(data);
    for shown in users.values_mut() {
        crate::v2::devices::attach(shown, &devices);
    }
}

/// `POST /api/v2/users`: `{"users": {id: UserRequest}}` → `{"users": {id: FullUser}}`.
pub(crate) async fn upsert(caller: ServerCaller, bytes: Bytes) -> Reply<V2Error> {
    const OP: &str = "UpdateUsers";
    let body = body_obj(OP, &bytes)?;
    let users = body
        .get("users")
        .and_then(Value::as_object)
        .filter(|m| !m.is_empty())
        .ok_or_else(|| V2Error::input(OP, "users is a required field"))?;
    let mut data = caller.app.lock();
    let now = now_ns();
    let mut out = Map::new();
    let mut staged = Vec::with_capacity(users.len());
    for (key, req) in users {
        let req = req
            .as_object()
            .ok_or_else(|| V2Error::input(OP, format!("users.{key} must be an object")))?;
        let id = req.get("id").and_then(Value::as_str).unwrap_or(key);
        crate::v2::limits::user_id(OP, key)?;
        if id.is_empty() || id != key {
            return Err(V2Error::input(
                OP,
                format!("users.{key}.id must equal its key {key:?}"),
            ));
        }
        let previous = data.v2.users.get(id);
        let mut u = V2User {
            id: id.to_owned(),
            role: "user".into(),
            created_at: previous.map_or(now, |p| p.created_at),
            deactivated_at: previous.and_then(|p| p.deactivated_at),
            blocked: previous.map(|p| p.blocked.clone()).unwrap_or_default(),
            updated_at: now,
            ..V2User::default()
        };
        for (k, v) in req {
            apply_field(OP, &mut u, k, v)?;
        }
        staged.push(u);
    }
    for u in staged {
        out.insert(u.id.clone(), shapes::user(&u));
        data.v2.users.insert(u.id.clone(), u);
    }
    with_devices(&data.v2, &mut out);
    let mut resp = Map::new();
    resp.insert("users".into(), Value::Object(out));
    resp.insert("membership_deletion_task_id".into(), json!(""));
    shapes::reply(StatusCode::CREATED, resp)
}

/// `PATCH /api/v2/users`: `{"users": [{id, set, unset}]}`.
pub(crate) async fn update_partial(caller: ServerCaller, bytes: Bytes) -> Reply<V2Error> {
    const OP: &str = "UpdateUsersPartial";
    let body = body_obj(OP, &bytes)?;
    let updates = body
        .get("users")
        .and_then(Value::as_array)
        .filter(|a| !a.is_empty())
        .ok_or_else(|| V2Error::input(OP, "users is a required field"))?;
    let mut data = caller.app.lock();
    let now = now_ns();
    let mut staged = Vec::with_capacity(updates.len());
    for upd in updates {
        let id = upd["id"].as_str().unwrap_or_default();
        let mut u = data
            .v2
            .users
            .get(id)
            .filter(|u| u.deleted_at.is_none())
            .cloned()
            .ok_or_else(|| V2Error::input(OP, format!("user {id:?} does not exist")))?;
        if let Some(unset) = upd.get("unset").and_then(Value::as_array) {
            for k in unset.iter().filter_map(Value::as_str) {
                unset_field(&mut u, k);
            }
        }
        if let Some(set) = upd.get("set").and_then(Value::as_object) {
            for (k, v) in set {
                apply_field(OP, &mut u, k, v)?;
            }
        }
        u.updated_at = now;
        staged.push(u);
    }
    let mut out = Map::new();
    for u in staged {
        out.insert(u.id.clone(), shapes::user(&u));
        let event = Event::new("user.updated").with("user", shapes::user(&u));
        data.v2.users.insert(u.id.clone(), u);
        webhooks::emit(&caller.app, &data, event);
    }
    with_devices(&data.v2, &mut out);
    let mut resp = Map::new();
    resp.insert("users".into(), Value::Object(out));
    resp.insert("membership_deletion_task_id".into(), json!(""));
    shapes::reply(StatusCode::OK, resp)
}

/// `GET /api/v2/users?payload=<JSON>`.
pub(crate) async fn query(caller: ServerCaller, uri: axum::http::Uri) -> Reply<V2Error> {
    const OP: &str = "QueryUsers";
    let params = crate::query::Params::parse(uri.query().unwrap_or(""));
    let raw = params
        .get_nonempty("payload")
        .ok_or_else(|| V2Error::input(OP, "payload is a required query parameter"))?;
    let payload = match serde_json::from_str::<Value>(raw) {
        Ok(Value::Object(m)) => m,
        _ => return Err(V2Error::input(OP, "payload must be a JSON object")),
    };
    let filter_conditions = match payload.get("filter_conditions") {
        Some(Value::Object(m)) => m.clone(),
        None | Some(Value::Null) => Map::new(),
        Some(_) => return Err(V2Error::input(OP, "filter_conditions must be an object")),
    };
    crate::v2::limits::filter(OP, &filter_conditions)?;
    let sort = filter::parse_sort(payload.get("sort")).map_err(|e| V2Error::input(OP, e))?;
    let include_deactivated = payload
        .get("include_deactivated_users")
        .and_then(Value::as_bool)
        .unwrap_or(false);
    let limit = payload.get("limit").and_then(Value::as_u64).unwrap_or(100);
    if limit > 100 {
        return Err(V2Error::input(OP, "limit must be 100 or less"));
    }
    let offset = payload.get("offset").and_then(Value::as_u64).unwrap_or(0);
    let data = caller.app.lock();
    let mut hits: Vec<(Map<String, Value>, Value)> = Vec::new();
    for u in data.v2.users.values() {
        if u.deleted_at.is_some() || (u.deactivated_at.is_some() && !include_deactivated) {
            continue;
        }
        let shown = shapes::user(u);
        let doc = filter::document(&shown, &u.custom);
        if filter::matches(&filter_conditions, &doc).map_err(|e| V2Error::input(OP, e))? {
            hits.push((doc, shown));
        }
    }
    filter::sort(&mut hits, |h| &h.0, &sort);
    let devices = crate::v2::devices::by_user(&data.v2);
    let users: Vec<Value> = hits
        .into_iter()
        .skip(usize::try_from(offset).unwrap_or(usize::MAX))
        .take(usize::try_from(limit).unwrap_or(100))
        .map(|(_, mut shown)| {
            crate::v2::devices::attach(&mut shown, &devices);
            shown
        })
        .collect();
    let mut resp = Map::new();
    resp.insert("users".into(), Value::Array(users));
    shapes::reply(StatusCode::OK, resp)
}

fn set_active(data: &mut V2State, op: &str, id: &str, active: bool) -> V2Result<V2User> {
    let now = now_ns();
    let u = data
        .users
        .get_mut(id)
        .ok_or_else(|| V2Error::not_found(op, format!("user {id:?} does not exist")))?;
    if u.deleted_at.is_some() {
        return Err(V2Error::not_found(op, format!("the user {id} was deleted")));
    }
    u.deactivated_at = if active { None } else { Some(now) };
    u.updated_at = now;
    Ok(u.clone())
}

/// `POST /api/v2/users/{user_id}/deactivate`.
pub(crate) async fn deactivate_one(
    caller: ServerCaller,
    PathParams(id, _): PathParams<String, DeactivateUser>,
    bytes: Bytes,
) -> Reply<V2Error> {
    const OP: &str = DeactivateUser::NAME;
    body_obj(OP, &bytes)?;
    crate::v2::limits::user_id(OP, &id)?;
    let mut data = caller.app.lock();
    let u = set_active(&mut data.v2, OP, &id, false)?;
    let mut resp = Map::new();
    resp.insert("user".into(), shapes::user(&u));
    shapes::reply(StatusCode::CREATED, resp)
}

/// `POST /api/v2/users/{user_id}/reactivate`.
pub(crate) async fn reactivate_one(
    caller: ServerCaller,
    PathParams(id, _): PathParams<String, ReactivateUser>,
    bytes: Bytes,
) -> Reply<V2Error> {
    const OP: &str = ReactivateUser::NAME;
    let body = body_obj(OP, &bytes)?;
    crate::v2::limits::user_id(OP, &id)?;
    let mut data = caller.app.lock();
    if data
        .v2
        .users
        .get(&id)
        .is_some_and(|u| u.deleted_at.is_none() && u.deactivated_at.is_none())
    {
        return Err(V2Error::input(OP, format!("user {id} is not deactivated")));
    }
    let mut u = set_active(&mut data.v2, OP, &id, true)?;
    if let Some(name) = body.get("name").and_then(Value::as_str) {
        u.name = Some(name.to_owned());
        data.v2.users.insert(u.id.clone(), u.clone());
    }
    let mut resp = Map::new();
    resp.insert("user".into(), shapes::user(&u));
    shapes::reply(StatusCode::CREATED, resp)
}

/// Answers the id of a task that completed with `result`.
fn task_reply(data: &mut V2State, result: Map<String, Value>) -> Answer {
    let mut resp = Map::new();
    let id = crate::v2::tasks::complete(data, result);
    resp.insert("task_id".into(), json!(id));
    answer(StatusCode::CREATED, shapes::with_duration(resp))
}

fn all_exist(data: &V2State, op: &str, ids: &[String]) -> V2Result<()> {
    let missing: Vec<&str> = ids
        .iter()
        .filter(|id| !data.users.contains_key(id.as_str()))
        .map(String::as_str)
        .collect();
    if missing.is_empty() {
        Ok(())
    } else {
        Err(V2Error::input(
            op,
            format!("users do not exist: {}", missing.join(", ")),
        ))
    }
}

/// `POST /api/v2/users/deactivate` (runs at once; answers a task id).
pub(crate) async fn deactivate_many(caller: ServerCaller, bytes: Bytes) -> Reply<V2Error> {
    activate_many(caller, bytes, "DeactivateUsers", false).await
}

/// `POST /api/v2/users/reactivate` (runs at once; answers a task id).
pub(crate) async fn reactivate_many(caller: ServerCaller, bytes: Bytes) -> Reply<V2Error> {
    activate_many(caller, bytes, "ReactivateUsers", true).await
}

async fn activate_many(
    caller: ServerCaller,
    bytes: Bytes,
    op: &str,
    active: bool,
) -> Reply<V2Error> {
    let body = body_obj(op, &bytes)?;
    let ids = id_list(op, &body, "user_ids")?;
    let mut data = caller.app.lock();
    all_exist(&data.v2, op, &ids)?;
    if let Some(id) = ids.iter().find(|id| {
        data.v2
            .users
            .get(id.as_str())
            .is_some_and(|u| u.deleted_at.is_some())
    }) {
        return Err(V2Error::not_found(op, format!("the user {id} was deleted")));
    }
    for id in &ids {
        set_active(&mut data.v2, op, id, active)?;
    }
    let result = crate::v2::tasks::per_id_ok(&ids);
    Ok(task_reply(&mut data.v2, result))
}

/// `POST /api/v2/users/delete`: `user` `soft` (default) hides, `hard`/`pruning` removes (and
/// their call memberships and devices); answers a task id.
pub(crate) async fn delete_many(caller: ServerCaller, bytes: Bytes) -> Reply<V2Error> {
    const OP: &str = "DeleteUsers";
    let body = body_obj(OP, &bytes)?;
    let ids = id_list(OP, &body, "user_ids")?;
    let mode = body.get("user").and_then(Value::as_str).unwrap_or("soft");
    if !matches!(mode, "soft" | "hard" | "pruning") {
        return Err(V2Error::input(
            OP,
            "user must be one of soft, hard, pruning",
        ));
    }
    let mut data = caller.app.lock();
    all_exist(&data.v2, OP, &ids)?;
    let now = now_ns();
    for id in &ids {
        let event = Event::new("user.deleted")
            .user(&data.v2, id)
            .with("hard_delete", json!(mode != "soft"));
        if mode == "soft" {
            if let Some(u) = data.v2.users.get_mut(id) {
                u.deleted_at = Some(now);
                u.updated_at = now;
            }
        } else {
            data.v2.users.remove(id);
            for call in data.v2.calls.values_mut() {
                call.members.remove(id);
            }
            crate::v2::devices::forget_user(&mut data.v2, id);
        }
        webhooks::emit(&caller.app, &data, event);
    }
    let result = crate::v2::tasks::per_id_ok(&ids);
    Ok(task_reply(&mut data.v2, result))
}

/// `POST /api/v2/users/restore`: undoes a soft delete.
pub(crate) async fn restore(caller: ServerCaller, bytes: Bytes) -> Reply<V2Error> {
    const OP: &str = "RestoreUsers";
    let body = body_obj(OP, &bytes)?;
    let ids = id_list(OP, &body, "user_ids")?;
    let mut data = caller.app.lock();
    all_exist(&data.v2, OP, &ids)?;
    let now = now_ns();
    for id in &ids {
        if let Some(u) = data.v2.users.get_mut(id) {
            u.deleted_at = None;
            u.updated_at = now;
        }
    }
    shapes::reply(StatusCode::CREATED, Map::new())
}

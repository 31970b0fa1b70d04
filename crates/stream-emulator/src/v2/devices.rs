//! v2 push devices (`/api/v2/devices`): registered per user, listed, deleted. A user keeps at
//! most [`MAX_PER_USER`] devices (the oldest goes first, as the service documents); nothing is
//! ever pushed.
use std::collections::BTreeMap;

use axum::Router;
use axum::body::Bytes;
use axum::http::{StatusCode, Uri};
use axum::routing::get;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};

use super::auth::ServerCaller;
use super::body::{body_obj, flag, opt_str};
use super::error::{V2Error, V2Result};
use super::shapes;
use super::state::{V2State, now_ns};
use crate::reply::Reply;
use crate::router::RouterExt;
use crate::state::SharedState;

/// How many devices a user keeps.
pub(crate) const MAX_PER_USER: usize = 25;

/// The longest device id (push token) accepted.
const MAX_DEVICE_ID_LEN: usize = 4096;

/// The push providers the service knows.
const PROVIDERS: [&str; 4] = ["firebase", "apn", "huawei", "xiaomi"];

/// A stored push device.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub(crate) struct V2Device {
    /// Device id (the push token).
    pub(crate) id: String,
    /// Owner.
    pub(crate) user_id: String,
    /// `firebase`, `apn`, `huawei` or `xiaomi`.
    pub(crate) push_provider: String,
    /// Named push configuration.
    #[serde(default)]
    pub(crate) push_provider_name: Option<String>,
    /// An Apple VoIP token.
    #[serde(default)]
    pub(crate) voip: bool,
    /// Physical device id.
    #[serde(default)]
    pub(crate) hardware_id: Option<String>,
    /// Registered (unix ns).
    pub(crate) created_at: i64,
}

/// The routes of this family.
pub(crate) fn routes() -> Router<SharedState> {
    Router::new().v2("devices", get(list).post(create).delete(delete))
}

fn shape(d: &V2Device) -> Value {
    let mut v = json!({
        "id": d.id,
        "user_id": d.user_id,
        "push_provider": d.push_provider,
        "created_at": d.created_at,
        "disabled": false,
        "disabled_reason": "",
    });
    if let Some(obj) = v.as_object_mut() {
        if let Some(name) = &d.push_provider_name {
            obj.insert("push_provider_name".into(), json!(name));
        }
        if let Some(hw) = &d.hardware_id {
            obj.insert("hardware_id".into(), json!(hw));
        }
        if d.voip {
            obj.insert("voip".into(), json!(true));
        }
    }
    v
}

fn device_id(op: &str, id: Option<&str>) -> V2Result<String> {
    let id = id
        .filter(|i| !i.is_empty())
        .ok_or_else(|| V2Error::input(op, "id is a required field"))?;
    if id.chars().count() > MAX_DEVICE_ID_LEN {
        return Err(V2Error::input(
            op,
            format!("id must be at most {MAX_DEVICE_ID_LEN} characters long"),
        ));
    }
    Ok(id.to_owned())
}

/// The user a server-side call acts upon: required, and an existing user.
fn owner(op: &str, data: &V2State, id: Option<&str>) -> V2Result<String> {
    let id = id
        .filter(|i| !i.is_empty())
        .ok_or_else(|| V2Error::input(op, "user_id is required with server-side auth"))?;
    super::limits::user_id(op, id)?;
    if data.users.get(id).is_none_or(|u| u.deleted_at.is_some()) {
        return Err(V2Error::input(op, format!("user {id} does not exist")));
    }
    Ok(id.to_owned())
}

/// The devices of `user_id`, oldest first.
fn devices_of<'a>(data: &'a V2State, user_id: &str) -> Vec<&'a V2Device> {
    let mut list: Vec<&V2Device> = data
        .devices
        .values()
        .filter(|d| d.user_id == user_id)
        .collect();
    list.sort_by(|a, b| (a.created_at, &a.id).cmp(&(b.created_at, &b.id)));
    list
}

/// Every user's devices as answered, oldest first, in one pass (for the `devices` of full users).
pub(crate) fn by_user(data: &V2State) -> BTreeMap<&str, Vec<Value>> {
    let mut all: Vec<&V2Device> = data.devices.values().collect();
    all.sort_by(|a, b| (a.created_at, &a.id).cmp(&(b.created_at, &b.id)));
    let mut out: BTreeMap<&str, Vec<Value>> = BTreeMap::new();
    for d in all {
        out.entry(d.user_id.as_str()).or_default().push(shape(d));
    }
    out
}

/// Puts the user's devices into a full user's `devices`.
pub(crate) fn attach(user: &mut Value, devices: &BTreeMap<&str, Vec<Value>>) {
    let Some(obj) = user.as_object_mut() else {
        return;
    };
    let id = obj.get("id").and_then(Value::as_str).unwrap_or_default();
    if let Some(list) = devices.get(id) {
        obj.insert("devices".into(), Value::Array(list.clone()));
    }
}

/// Removes every device of `user_id` (a user deleted for good).
pub(crate) fn forget_user(data: &mut V2State, user_id: &str) {
    let ids: Vec<String> = devices_of(data, user_id)
        .into_iter()
        .map(|d| d.id.clone())
        .collect();
    for id in ids {
        data.devices.remove(&id);
    }
}

/// `POST /api/v2/devices` `{"id","push_provider","push_provider_name","user_id","voip_token"}`:
/// registering a device the user has changes nothing; a device of another user moves to this one.
async fn create(caller: ServerCaller, bytes: Bytes) -> Reply<V2Error> {
    const OP: &str = "CreateDevice";
    let body = body_obj(OP, &bytes)?;
    let id = device_id(OP, body.get("id").and_then(Value::as_str))?;
    let provider = match body.get("push_provider") {
        Some(Value::String(p)) if PROVIDERS.contains(&p.as_str()) => p.clone(),
        Some(Value::String(p)) if !p.is_empty() => {
            return Err(V2Error::input(
                OP,
                format!("push_provider {p:?} is not one of {}", PROVIDERS.join(", ")),
            ));
        }
        _ => return Err(V2Error::input(OP, "push_provider is a required field")),
    };
    let push_provider_name = opt_str(OP, &body, "push_provider_name")?;
    let hardware_id = opt_str(OP, &body, "hardware_id")?;
    let voip = flag(OP, &body, "voip_token")?;
    let mut data = caller.app.lock();
    let user_id = owner(OP, &data.v2, body.get("user_id").and_then(Value::as_str))?;
    if data
        .v2
        .devices
        .get(&id)
        .is_some_and(|d| d.user_id == user_id)
    {
        return shapes::reply(StatusCode::CREATED, Map::new());
    }
    let device = V2Device {
        id: id.clone(),
        user_id: user_id.clone(),
        push_provider: provider,
        push_provider_name,
        voip,
        hardware_id,
        created_at: now_ns(),
    };
    data.v2.devices.insert(id, device);
    let extra: Vec<String> = {
        let list = devices_of(&data.v2, &user_id);
        let over = list.len().saturating_sub(MAX_PER_USER);
        list.iter().take(over).map(|d| d.id.clone()).collect()
    };
    for old in extra {
        data.v2.devices.remove(&old);
    }
    shapes::reply(StatusCode::CREATED, Map::new())
}

/// `GET /api/v2/devices?user_id=`: the user's devices, oldest first.
async fn list(caller: ServerCaller, uri: Uri) -> Reply<V2Error> {
    const OP: &str = "ListDevices";
    let params = crate::query::Params::parse(uri.query().unwrap_or(""));
    let data = caller.app.lock();
    let user_id = owner(OP, &data.v2, params.get_nonempty("user_id"))?;
    let devices: Vec<Value> = devices_of(&data.v2, &user_id)
        .into_iter()
        .map(shape)
        .collect();
    let mut out = Map::new();
    out.insert("devices".into(), Value::Array(devices));
    shapes::reply(StatusCode::OK, out)
}

/// `DELETE /api/v2/devices?id=&user_id=`: a device the user does not have is 404 (code 16).
async fn delete(caller: ServerCaller, uri: Uri) -> Reply<V2Error> {
    const OP: &str = "DeleteDevice";
    let params = crate::query::Params::parse(uri.query().unwrap_or(""));
    let id = device_id(OP, params.get_nonempty("id"))?;
    let mut data = caller.app.lock();
    let user_id = owner(OP, &data.v2, params.get_nonempty("user_id"))?;
    if data
        .v2
        .devices
        .get(&id)
        .is_none_or(|d| d.user_id != user_id)
    {
        return Err(V2Error::not_found(
            OP,
            format!("device {id} of user {user_id} not found"),
        ));
    }
    data.v2.devices.remove(&id);
    shapes::reply(StatusCode::OK, Map::new())
}

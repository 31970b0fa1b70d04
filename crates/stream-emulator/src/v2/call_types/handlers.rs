//! v2 call type handlers.
use std::collections::BTreeMap;

use axum::body::Bytes;
use axum::http::StatusCode;
use serde_json::{Map, Value};

use super::store::{self, ParsedRequest, V2CallType};
use crate::extract::PathParams;
use crate::reply::{Reply, answer};
use crate::v2::auth::ServerCaller;
use crate::v2::body::{body_obj, opt_str};
use crate::v2::error::{DeleteCallType, GetCallType, Operation, UpdateCallType, V2Error, V2Result};
use crate::v2::shapes;
use crate::v2::state::now_ns;

/// The service's 404 for a call type.
fn missing(op: &str, name: &str) -> V2Error {
    V2Error::not_found(op, format!("call type {name:?} does not exist"))
}

/// Checks a call type name: 1 to 64 of letters, digits, `_` and `-`.
fn check_name(op: &str, name: &str) -> V2Result<()> {
    let ok = !name.is_empty()
        && name.chars().count() <= 64
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if ok {
        Ok(())
    } else {
        Err(V2Error::input(
            op,
            "name must be 1 to 64 letters, digits, \"_\" or \"-\"",
        ))
    }
}

/// Reads `grants`, `settings`, `notification_settings`, `external_storage` of a body.
fn parse(op: &str, body: &Map<String, Value>) -> V2Result<ParsedRequest> {
    let grants: BTreeMap<String, Vec<String>> = match body.get("grants") {
        None | Some(Value::Null) => BTreeMap::new(),
        Some(v) => serde_json::from_value(v.clone())
            .map_err(|_| V2Error::input(op, "grants must map roles to lists of capabilities"))?,
    };
    let settings = crate::v2::settings::call_settings(op, "settings", body.get("settings"))?;
    let notification_settings = crate::v2::settings::notification_settings(
        op,
        "notification_settings",
        body.get("notification_settings"),
    )?;
    let external_storage = opt_str(op, body, "external_storage")?;
    Ok(ParsedRequest {
        grants,
        settings,
        notification_settings,
        external_storage,
    })
}

/// `GET /api/v2/video/calltypes`: the built-ins still there and the app's own.
pub(crate) async fn list(caller: ServerCaller) -> Reply<V2Error> {
    let data = caller.app.lock();
    let types: Map<String, Value> = store::all(&data.v2)
        .into_iter()
        .map(|(name, t)| (name, t.response(false)))
        .collect();
    let mut out = Map::new();
    out.insert("call_types".into(), Value::Object(types));
    shapes::reply(StatusCode::OK, out)
}

/// `POST /api/v2/video/calltypes`: a new type from the `default` type's grants, settings and
/// notifications with the request's on top; 400 when the name is taken.
pub(crate) async fn create(caller: ServerCaller, bytes: Bytes) -> Reply<V2Error> {
    const OP: &str = "CreateCallType";
    let body = body_obj(OP, &bytes)?;
    let name = body
        .get("name")
        .and_then(Value::as_str)
        .ok_or_else(|| V2Error::input(OP, "name is a required field"))?
        .to_owned();
    check_name(OP, &name)?;
    let req = parse(OP, &body)?;
    let mut data = caller.app.lock();
    if store::find(&data.v2, &name).is_some() {
        return Err(V2Error::input(
            OP,
            format!("call type with name {name} already exists"),
        ));
    }
    let mut t = V2CallType::new(&name, now_ns());
    t.apply(&req);
    let out = t.response(true);
    store::save(&mut data.v2, t);
    Ok(answer(StatusCode::CREATED, out))
}

/// `GET /api/v2/video/calltypes/{name}`.
pub(crate) async fn get(
    caller: ServerCaller,
    PathParams(name, _): PathParams<String, GetCallType>,
) -> Reply<V2Error> {
    const OP: &str = GetCallType::NAME;
    let data = caller.app.lock();
    let t = store::find(&data.v2, &name).ok_or_else(|| missing(OP, &name))?;
    Ok(answer(StatusCode::OK, t.response(true)))
}

/// `PUT /api/v2/video/calltypes/{name}`: settings groups and notification settings merge in
/// depth, grants given replace those roles'.
pub(crate) async fn update(
    caller: ServerCaller,
    PathParams(name, _): PathParams<String, UpdateCallType>,
    bytes: Bytes,
) -> Reply<V2Error> {
    const OP: &str = UpdateCallType::NAME;
    let body = body_obj(OP, &bytes)?;
    let req = parse(OP, &body)?;
    let mut data = caller.app.lock();
    let mut t = store::find(&data.v2, &name).ok_or_else(|| missing(OP, &name))?;
    t.apply(&req);
    t.updated_at = now_ns().max(t.updated_at);
    let out = t.response(true);
    store::save(&mut data.v2, t);
    Ok(answer(StatusCode::OK, out))
}

/// `DELETE /api/v2/video/calltypes/{name}`.
pub(crate) async fn delete(
    caller: ServerCaller,
    PathParams(name, _): PathParams<String, DeleteCallType>,
) -> Reply<V2Error> {
    const OP: &str = DeleteCallType::NAME;
    let mut data = caller.app.lock();
    if !store::remove(&mut data.v2, &name) {
        return Err(missing(OP, &name));
    }
    Ok(answer(StatusCode::OK, shapes::with_duration(Map::new())))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn names_are_checked() {
        assert!(check_name("Op", "town_hall-2").is_ok());
        for bad in ["", "a b", "a/b", "a:b", &"x".repeat(65)] {
            assert!(check_name("Op", bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn parse_refuses_wrong_shapes() {
        let bad = [
            json!({"grants": {"admin": "send-audio"}}),
            json!({"settings": {"audio": true}}),
            json!({"settings": []}),
            json!({"external_storage": 1}),
        ];
        for b in bad {
            let body = b.as_object().cloned().unwrap_or_default();
            assert!(parse("Op", &body).is_err(), "{b}");
        }
    }
}

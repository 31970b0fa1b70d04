//! v2 call handlers: get-or-create, get, update, members, end, delete, queries, call types.
use axum::body::Bytes;
use axum::http::{StatusCode, Uri};
use serde_json::{Map, Value, json};
use stream_models::Timestamp;

use crate::extract::PathParams;
use crate::reply::{Reply, answer};
use crate::v2::auth::ServerCaller;
use crate::v2::body::body_obj;
use crate::v2::error::{
    DeleteCall, EndCall, GetCall, GetOrCreateCall, Operation, UpdateCall, UpdateCallMembers,
    V2Error, V2Result,
};
use crate::v2::filter;
use crate::v2::shapes;
use crate::v2::state::{V2Call, V2Member, V2State, V2User, now_ns};
use crate::v2::webhooks::{self, Event};

/// Default and largest page of members in call answers.
const DEFAULT_MEMBERS_LIMIT: usize = 25;
const MAX_LIMIT: u64 = 100;

fn check_type(data: &V2State, op: &str, call_type: &str) -> V2Result<()> {
    if crate::v2::call_types::find(data, call_type).is_some() {
        Ok(())
    } else {
        Err(V2Error::not_found(
            op,
            format!("call type {call_type:?} does not exist"),
        ))
    }
}

fn check_id(op: &str, id: &str) -> V2Result<()> {
    crate::v2::limits::call_id(op, id)
}

pub(super) fn get_call<'a>(
    data: &'a V2State,
    op: &str,
    call_type: &str,
    id: &str,
) -> V2Result<&'a V2Call> {
    check_id(op, id)?;
    data.calls
        .get(&format!("{call_type}:{id}"))
        .ok_or_else(|| not_found(op, call_type, id))
}

/// The service's 404 for call `call_type:id`.
fn not_found(op: &str, call_type: &str, id: &str) -> V2Error {
    V2Error::not_found(op, format!("Can't find call with id {call_type}:{id}"))
}

/// The call `call_type:id` to change, or the service's 404.
pub(super) fn call_mut<'a>(
    data: &'a mut V2State,
    op: &str,
    call_type: &str,
    id: &str,
) -> V2Result<&'a mut V2Call> {
    check_id(op, id)?;
    data.calls
        .get_mut(&format!("{call_type}:{id}"))
        .ok_or_else(|| not_found(op, call_type, id))
}

/// Fails with the service's message when any of `ids` is not an existing user.
pub(super) fn members_exist(data: &V2State, op: &str, ids: &[&str]) -> V2Result<()> {
    let missing: Vec<&str> = ids
        .iter()
        .copied()
        .filter(|id| data.users.get(*id).is_none_or(|u| u.deleted_at.is_some()))
        .collect();
    if missing.is_empty() {
        Ok(())
    } else {
        Err(V2Error::input(
            op,
            format!(
                "The following users are involved in call create operation, but don't exist: [{}]. Please create the user objects before setting up the call.",
                missing.join(", ")
            ),
        ))
    }
}

/// One member of a request: user id, role, custom data.
type MemberReq = (String, Option<String>, Map<String, Value>);

/// Reads `[{"user_id","role","custom"}]`.
fn member_requests(op: &str, v: Option<&Value>) -> V2Result<Vec<MemberReq>> {
    let Some(v) = v.filter(|v| !v.is_null()) else {
        return Ok(Vec::new());
    };
    let list = v
        .as_array()
        .ok_or_else(|| V2Error::input(op, "members must be a list"))?;
    list.iter()
        .map(|m| {
            let id = m["user_id"].as_str().filter(|s| !s.is_empty());
            let id =
                id.ok_or_else(|| V2Error::input(op, "members[].user_id is a required field"))?;
            let role = m.get("role").and_then(Value::as_str).map(str::to_owned);
            let custom = m
                .get("custom")
                .and_then(Value::as_object)
                .cloned()
                .unwrap_or_default();
            Ok((id.to_owned(), role, custom))
        })
        .collect()
}

fn timestamp(op: &str, v: Option<&Value>, field: &str) -> V2Result<Option<i64>> {
    match v {
        None | Some(Value::Null) => Ok(None),
        Some(v) => serde_json::from_value::<Timestamp>(v.clone())
            .map(|t| Some(t.unix_nanos()))
            .map_err(|_| V2Error::input(op, format!("{field} must be a timestamp"))),
    }
}

fn members_limit(op: &str, v: Option<u64>) -> V2Result<usize> {
    match v {
        None => Ok(DEFAULT_MEMBERS_LIMIT),
        Some(n) if n <= MAX_LIMIT => Ok(usize::try_from(n).unwrap_or(DEFAULT_MEMBERS_LIMIT)),
        Some(_) => Err(V2Error::input(op, "members_limit must be 100 or less")),
    }
}

/// `{"call","members","own_capabilities"}` of a call.
pub(super) fn call_state(
    data: &V2State,
    caller: &ServerCaller,
    c: &V2Call,
    limit: usize,
) -> Map<String, Value> {
    let mut out = Map::new();
    out.insert(
        "call".into(),
        shapes::call(
            c,
            crate::v2::call_types::settings_of(data, &c.call_type),
            caller,
            data.users.get(&c.created_by_id),
        ),
    );
    let members: Vec<Value> = c
        .members
        .values()
        .take(limit)
        .map(|m| shapes::member(m, data.users.get(&m.user_id)))
        .collect();
    out.insert("members".into(), Value::Array(members));
    out.insert("own_capabilities".into(), shapes::own_capabilities());
    out
}

/// `POST /api/v2/video/call/{type}/{id}`: returns the call, creating it (with `data`) if needed.
pub(crate) async fn get_or_create(
    caller: ServerCaller,
    PathParams((call_type, id), _): PathParams<(String, String), GetOrCreateCall>,
    bytes: Bytes,
) -> Reply<V2Error> {
    const OP: &str = GetOrCreateCall::NAME;
    let body = body_obj(OP, &bytes)?;
    check_id(OP, &id)?;
    let limit = members_limit(OP, body.get("members_limit").and_then(Value::as_u64))?;
    let data_req = body
        .get("data")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    let mut data = caller.app.lock();
    check_type(&data.v2, OP, &call_type)?;
    let cid = format!("{call_type}:{id}");
    let created = !data.v2.calls.contains_key(&cid);
    if created {
        let creator = data_req
            .get("created_by_id")
            .and_then(Value::as_str)
            .or_else(|| data_req.get("created_by").and_then(|c| c["id"].as_str()))
            .filter(|s| !s.is_empty())
            .ok_or_else(|| {
                V2Error::input(
                    OP,
                    "data.created_by_id or data.created_by is required with server-side auth",
                )
            })?
            .to_owned();
        crate::v2::limits::user_id(OP, &creator)?;
        let members = member_requests(OP, data_req.get("members"))?;
        let ids: Vec<&str> = members.iter().map(|m| m.0.as_str()).collect();
        members_exist(&data.v2, OP, &ids)?;
        let now = now_ns();
        // The service creates a creator it does not know yet (members must already exist).
        data.v2
            .users
            .entry(creator.clone())
            .or_insert_with(|| V2User {
                id: creator.clone(),
                role: "user".into(),
                created_at: now,
                updated_at: now,
                ..V2User::default()
            });
        let call = V2Call {
            call_type: call_type.clone(),
            id: id.clone(),
            created_by_id: creator,
            custom: data_req
                .get("custom")
                .and_then(Value::as_object)
                .cloned()
                .unwrap_or_default(),
            settings_override: crate::v2::settings::call_settings(
                OP,
                "data.settings_override",
                data_req.get("settings_override"),
            )?,
            team: data_req
                .get("team")
                .and_then(Value::as_str)
                .map(str::to_owned),
            starts_at: timestamp(OP, data_req.get("starts_at"), "data.starts_at")?,
            created_at: now,
            updated_at: now,
            ended_at: None,
            members: members
                .into_iter()
                .map(|(user_id, role, custom)| {
                    let m = V2Member {
                        user_id: user_id.clone(),
                        role,
                        custom,
                        created_at: now,
                        updated_at: now,
                    };
                    (user_id, m)
                })
                .collect(),
            ..V2Call::default()
        };
        data.v2.calls.insert(cid.clone(), call);
        let event = Event::call("call.created", &caller, &data.v2, &cid);
        webhooks::emit(&caller.app, &data, event.call_members(&data.v2, &cid));
    }
    let c = get_call(&data.v2, OP, &call_type, &id)?;
    let mut out = call_state(&data.v2, &caller, c, limit);
    out.insert("created".into(), json!(created));
    let status = if created {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    shapes::reply(status, out)
}

/// `GET /api/v2/video/call/{type}/{id}` (`members_limit` in the query).
pub(crate) async fn get(
    caller: ServerCaller,
    PathParams((call_type, id), _): PathParams<(String, String), GetCall>,
    uri: Uri,
) -> Reply<V2Error> {
    const OP: &str = GetCall::NAME;
    let params = crate::query::Params::parse(uri.query().unwrap_or(""));
    let limit = match params.get_nonempty("members_limit") {
        Some(s) => Some(
            s.parse::<u64>()
                .map_err(|_| V2Error::input(OP, "members_limit must be a number"))?,
        ),
        None => None,
    };
    let limit = members_limit(OP, limit)?;
    let data = caller.app.lock();
    let c = get_call(&data.v2, OP, &call_type, &id)?;
    let out = call_state(&data.v2, &caller, c, limit);
    shapes::reply(StatusCode::OK, out)
}

/// `PATCH /api/v2/video/call/{type}/{id}`: `custom` replaces, `settings_override` merges,
/// `starts_at` reschedules.
pub(crate) async fn update(
    caller: ServerCaller,
    PathParams((call_type, id), _): PathParams<(String, String), UpdateCall>,
    bytes: Bytes,
) -> Reply<V2Error> {
    const OP: &str = UpdateCall::NAME;
    let body = body_obj(OP, &bytes)?;
    let starts_at = timestamp(OP, body.get("starts_at"), "starts_at")?;
    let settings_override =
        crate::v2::settings::call_settings(OP, "settings_override", body.get("settings_override"))?;
    let mut data = caller.app.lock();
    let c = call_mut(&mut data.v2, OP, &call_type, &id)?;
    match body.get("custom") {
        Some(Value::Object(m)) => c.custom = m.clone(),
        None | Some(Value::Null) => {}
        Some(_) => return Err(V2Error::input(OP, "custom must be an object")),
    }
    let mut merged = Value::Object(std::mem::take(&mut c.settings_override));
    shapes::merge(&mut merged, &Value::Object(settings_override));
    c.settings_override = merged.as_object().cloned().unwrap_or_default();
    if starts_at.is_some() {
        c.starts_at = starts_at;
    }
    c.updated_at = now_ns();
    let cid = c.cid();
    let event = Event::call("call.updated", &caller, &data.v2, &cid);
    webhooks::emit(
        &caller.app,
        &data,
        event.with("capabilities_by_role", json!({})),
    );
    let c = get_call(&data.v2, OP, &call_type, &id)?;
    let out = call_state(&data.v2, &caller, c, DEFAULT_MEMBERS_LIMIT);
    shapes::reply(StatusCode::OK, out)
}

/// `POST /api/v2/video/call/{type}/{id}/members`: `update_members` (existing users only) and
/// `remove_members`; answers the added/updated members.
pub(crate) async fn update_members(
    caller: ServerCaller,
    PathParams((call_type, id), _): PathParams<(String, String), UpdateCallMembers>,
    bytes: Bytes,
) -> Reply<V2Error> {
    const OP: &str = UpdateCallMembers::NAME;
    let body = body_obj(OP, &bytes)?;
    let updates = member_requests(OP, body.get("update_members"))?;
    let removes: Vec<String> = match body.get("remove_members") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(a)) => a
            .iter()
            .filter_map(|v| v.as_str().map(str::to_owned))
            .collect(),
        Some(_) => {
            return Err(V2Error::input(
                OP,
                "remove_members must be a list of user ids",
            ));
        }
    };
    if updates.is_empty() && removes.is_empty() {
        return Err(V2Error::input(
            OP,
            "update_members or remove_members is required",
        ));
    }
    let mut data = caller.app.lock();
    get_call(&data.v2, OP, &call_type, &id)?;
    let ids: Vec<&str> = updates.iter().map(|m| m.0.as_str()).collect();
    members_exist(&data.v2, OP, &ids)?;
    let now = now_ns();
    let mut changed = Vec::new();
    let (mut removed, mut added) = (Vec::new(), Vec::new());
    let c = call_mut(&mut data.v2, OP, &call_type, &id)?;
    for r in &removes {
        if c.members.remove(r).is_some() {
            removed.push(r.clone());
        }
    }
    for (user_id, role, custom) in updates {
        added.push(!c.members.contains_key(&user_id));
        let m = c
            .members
            .entry(user_id.clone())
            .or_insert_with(|| V2Member {
                user_id: user_id.clone(),
                created_at: now,
                ..V2Member::default()
            });
        if role.is_some() {
            m.role = role;
        }
        if !custom.is_empty() {
            m.custom = custom;
        }
        m.updated_at = now;
        changed.push(m.clone());
    }
    c.updated_at = now;
    let cid = c.cid();
    webhooks::member_changes(&caller, &data, &cid, &removed, &changed, &added);
    let members: Vec<Value> = changed
        .iter()
        .map(|m| shapes::member(m, data.v2.users.get(&m.user_id)))
        .collect();
    let mut out = Map::new();
    out.insert("members".into(), Value::Array(members));
    shapes::reply(StatusCode::CREATED, out)
}

/// `POST /api/v2/video/call/{type}/{id}/mark_ended`.
pub(crate) async fn mark_ended(
    caller: ServerCaller,
    PathParams((call_type, id), _): PathParams<(String, String), EndCall>,
) -> Reply<V2Error> {
    const OP: &str = EndCall::NAME;
    let mut data = caller.app.lock();
    let c = call_mut(&mut data.v2, OP, &call_type, &id)?;
    let now = now_ns();
    let ending = c.ended_at.is_none();
    super::egress::end_session(c, now);
    c.ended_at.get_or_insert(now);
    c.updated_at = now;
    if ending {
        let cid = c.cid();
        let event = Event::call("call.ended", &caller, &data.v2, &cid);
        webhooks::emit(&caller.app, &data, event.call_members(&data.v2, &cid));
    }
    shapes::reply(StatusCode::CREATED, Map::new())
}

/// `POST /api/v2/video/call/{type}/{id}/delete` (`{"hard": true}` adds a task id). The call is
/// gone afterwards either way.
pub(crate) async fn delete(
    caller: ServerCaller,
    PathParams((call_type, id), _): PathParams<(String, String), DeleteCall>,
    bytes: Bytes,
) -> Reply<V2Error> {
    const OP: &str = DeleteCall::NAME;
    let body = body_obj(OP, &bytes)?;
    let hard = body.get("hard").and_then(Value::as_bool).unwrap_or(false);
    let mut data = caller.app.lock();
    let Some(c) = data.v2.calls.remove(&format!("{call_type}:{id}")) else {
        return Err(not_found(OP, &call_type, &id));
    };
    let event = Event::removed_call("call.deleted", &caller, &data.v2, &c);
    webhooks::emit(
        &caller.app,
        &data,
        event.members(&data.v2, c.members.values()),
    );
    let mut out = Map::new();
    out.insert(
        "call".into(),
        shapes::call(
            &c,
            crate::v2::call_types::settings_of(&data.v2, &c.call_type),
            &caller,
            data.v2.users.get(&c.created_by_id),
        ),
    );
    if hard {
        let mut result = Map::new();
        result.insert(c.cid(), json!({"status": "ok"}));
        let task = crate::v2::tasks::complete(&mut data.v2, result);
        out.insert("task_id".into(), json!(task));
    }
    shapes::reply(StatusCode::CREATED, out)
}

/// Reads `limit` and the `next` cursor (an offset) of a query body.
fn page(op: &str, body: &Map<String, Value>, default: u64) -> V2Result<(usize, usize)> {
    let limit = body.get("limit").and_then(Value::as_u64).unwrap_or(default);
    if limit == 0 || limit > MAX_LIMIT {
        return Err(V2Error::input(op, "limit must be between 1 and 100"));
    }
    let offset = match body
        .get("next")
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
    {
        Some(c) => c
            .strip_prefix("o")
            .and_then(|n| n.parse::<usize>().ok())
            .ok_or_else(|| V2Error::input(op, "next is not a valid cursor"))?,
        None => 0,
    };
    Ok((usize::try_from(limit).unwrap_or(25), offset))
}

pub(super) fn filter_of(op: &str, body: &Map<String, Value>) -> V2Result<Map<String, Value>> {
    match body.get("filter_conditions") {
        None | Some(Value::Null) => Ok(Map::new()),
        Some(Value::Object(m)) => {
            crate::v2::limits::filter(op, m)?;
            Ok(m.clone())
        }
        Some(_) => Err(V2Error::input(op, "filter_conditions must be an object")),
    }
}

fn paged(mut out: Map<String, Value>, total: usize, offset: usize, limit: usize) -> Value {
    if offset + limit < total {
        out.insert("next".into(), json!(format!("o{}", offset + limit)));
    }
    if offset > 0 {
        out.insert(
            "prev".into(),
            json!(format!("o{}", offset.saturating_sub(limit))),
        );
    }
    shapes::with_duration(out)
}

/// `POST /api/v2/video/call/members`: `{"id","type","filter_conditions","sort","limit","next"}`.
pub(crate) async fn query_members(caller: ServerCaller, bytes: Bytes) -> Reply<V2Error> {
    const OP: &str = "QueryCallMembers";
    let body = body_obj(OP, &bytes)?;
    let call_type = body
        .get("type")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned();
    let id = body
        .get("id")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned();
    if call_type.is_empty() || id.is_empty() {
        return Err(V2Error::input(OP, "id and type are required fields"));
    }
    let filter_conditions = filter_of(OP, &body)?;
    let sort = filter::parse_sort(body.get("sort")).map_err(|e| V2Error::input(OP, e))?;
    let (limit, offset) = page(OP, &body, 25)?;
    let data = caller.app.lock();
    let c = get_call(&data.v2, OP, &call_type, &id)?;
    let mut hits = Vec::new();
    for m in c.members.values() {
        let shown = shapes::member(m, data.v2.users.get(&m.user_id));
        let doc = filter::document(&shown, &m.custom);
        if filter::matches(&filter_conditions, &doc).map_err(|e| V2Error::input(OP, e))? {
            hits.push((doc, shown));
        }
    }
    filter::sort(&mut hits, |h| &h.0, &sort);
    let total = hits.len();
    let members: Vec<Value> = hits
        .into_iter()
        .skip(offset)
        .take(limit)
        .map(|h| h.1)
        .collect();
    let mut out = Map::new();
    out.insert("members".into(), Value::Array(members));
    Ok(answer(
        StatusCode::CREATED,
        paged(out, total, offset, limit),
    ))
}

/// `POST /api/v2/video/calls`: `{"filter_conditions","sort","limit","next"}`; filters see the
/// call's fields plus `created_by_user_id`, `ongoing` and its custom fields.
pub(crate) async fn query_calls(caller: ServerCaller, bytes: Bytes) -> Reply<V2Error> {
    const OP: &str = "QueryCalls";
    let body = body_obj(OP, &bytes)?;
    let filter_conditions = filter_of(OP, &body)?;
    let sort = filter::parse_sort(body.get("sort")).map_err(|e| V2Error::input(OP, e))?;
    let (limit, offset) = page(OP, &body, 25)?;
    let data = caller.app.lock();
    let mut hits = Vec::new();
    for c in data.v2.calls.values() {
        let state = call_state(&data.v2, &caller, c, DEFAULT_MEMBERS_LIMIT);
        let mut doc = state["call"].as_object().cloned().unwrap_or_default();
        doc.insert("created_by_user_id".into(), json!(c.created_by_id));
        doc.insert("ongoing".into(), json!(false));
        doc.insert(
            "members".into(),
            json!(c.members.keys().collect::<Vec<_>>()),
        );
        for (k, v) in &c.custom {
            doc.entry(k.clone()).or_insert_with(|| v.clone());
        }
        if filter::matches(&filter_conditions, &doc).map_err(|e| V2Error::input(OP, e))? {
            hits.push((doc, Value::Object(state)));
        }
    }
    filter::sort(&mut hits, |h| &h.0, &sort);
    let total = hits.len();
    let calls: Vec<Value> = hits
        .into_iter()
        .skip(offset)
        .take(limit)
        .map(|h| h.1)
        .collect();
    let mut out = Map::new();
    out.insert("calls".into(), Value::Array(calls));
    Ok(answer(
        StatusCode::CREATED,
        paged(out, total, offset, limit),
    ))
}

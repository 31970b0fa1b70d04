//! v2 operations on the people in a call: kick (a participant leaves; `block` also blocks
//! them), pin / unpin a participant's session, ring members, query participants. Participants
//! join through the test API (`Emulator::join_call`), as clients do over WebRTC.
use axum::body::Bytes;
use axum::http::{StatusCode, Uri};
use serde_json::{Map, Value, json};

use super::actions::user_id;
use super::handlers::{call_mut, call_state, filter_of, get_call};
use crate::extract::PathParams;
use crate::reply::Reply;
use crate::v2::auth::ServerCaller;
use crate::v2::body::{body_obj, flag, id_list};
use crate::v2::error::{
    KickUser, Operation, QueryCallParticipants, RingCall, V2Error, V2Result, VideoPin, VideoUnpin,
};
use crate::v2::state::{V2Call, V2State, now_ns};
use crate::v2::{filter, limits, shapes};

/// Default and largest page of a participant query.
const DEFAULT_LIMIT: usize = 100;
const MAX_LIMIT: usize = 1_000;

fn done() -> Reply<V2Error> {
    shapes::reply(StatusCode::CREATED, Map::new())
}

/// `POST /api/v2/video/call/{type}/{id}/kick` `{"user_id", "block"?, "kicked_by_id"?}`: the
/// user's sessions leave the call (and lose their pins); `block` keeps them out.
pub(crate) async fn kick(
    caller: ServerCaller,
    PathParams((call_type, id), _): PathParams<(String, String), KickUser>,
    bytes: Bytes,
) -> Reply<V2Error> {
    const OP: &str = KickUser::NAME;
    let body = body_obj(OP, &bytes)?;
    let user = user_id(OP, &body)?;
    let block = flag(OP, &body, "block")?;
    match body.get("kicked_by_id") {
        None | Some(Value::Null) => {}
        Some(Value::String(by)) => limits::user_id(OP, by)?,
        Some(_) => return Err(V2Error::input(OP, "kicked_by_id must be a string")),
    }
    let mut data = caller.app.lock();
    let c = call_mut(&mut data.v2, OP, &call_type, &id)?;
    let media = &mut c.media;
    media.participants.retain(|_, p| p.user_id != user);
    let left = &media.participants;
    media.pinned.retain(|session| left.contains_key(session));
    if block {
        c.blocked_user_ids.insert(user);
    }
    c.updated_at = now_ns();
    done()
}

/// The `(user_id, session_id)` of a pin body, naming a participant of `c`.
fn participant(op: &str, c: &V2Call, body: &Map<String, Value>) -> V2Result<String> {
    let user = user_id(op, body)?;
    let session = body
        .get("session_id")
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
        .ok_or_else(|| V2Error::input(op, "session_id is a required field"))?;
    match c.media.participants.get(session) {
        Some(p) if p.user_id == user => Ok(session.to_owned()),
        _ => Err(V2Error::input(
            op,
            format!("user {user:?} has no session {session:?} in the call"),
        )),
    }
}

/// `POST /api/v2/video/call/{type}/{id}/pin` `{"user_id", "session_id"}`.
pub(crate) async fn pin(
    caller: ServerCaller,
    PathParams((call_type, id), _): PathParams<(String, String), VideoPin>,
    bytes: Bytes,
) -> Reply<V2Error> {
    const OP: &str = VideoPin::NAME;
    let body = body_obj(OP, &bytes)?;
    let mut data = caller.app.lock();
    let c = call_mut(&mut data.v2, OP, &call_type, &id)?;
    let session = participant(OP, c, &body)?;
    c.media.pinned.insert(session);
    done()
}

/// `POST /api/v2/video/call/{type}/{id}/unpin` `{"user_id", "session_id"}` (unpinning what is
/// not pinned is fine).
pub(crate) async fn unpin(
    caller: ServerCaller,
    PathParams((call_type, id), _): PathParams<(String, String), VideoUnpin>,
    bytes: Bytes,
) -> Reply<V2Error> {
    const OP: &str = VideoUnpin::NAME;
    let body = body_obj(OP, &bytes)?;
    let mut data = caller.app.lock();
    let c = call_mut(&mut data.v2, OP, &call_type, &id)?;
    let session = participant(OP, c, &body)?;
    c.media.pinned.remove(&session);
    done()
}

/// `POST /api/v2/video/call/{type}/{id}/ring` `{"video"?, "members_ids"?}`: answers the members
/// rung (those named, each a member; else every member but the creator).
pub(crate) async fn ring(
    caller: ServerCaller,
    PathParams((call_type, id), _): PathParams<(String, String), RingCall>,
    bytes: Bytes,
) -> Reply<V2Error> {
    const OP: &str = RingCall::NAME;
    let body = body_obj(OP, &bytes)?;
    flag(OP, &body, "video")?;
    let named = match body.get("members_ids") {
        None | Some(Value::Null) => None,
        Some(_) => Some(id_list(OP, &body, "members_ids")?),
    };
    let mut data = caller.app.lock();
    let c = call_mut(&mut data.v2, OP, &call_type, &id)?;
    if c.ended_at.is_some() {
        return Err(V2Error::input(OP, "the call has ended"));
    }
    let rung: Vec<String> = match named {
        Some(ids) => {
            if let Some(stranger) = ids.iter().find(|u| !c.members.contains_key(*u)) {
                return Err(V2Error::input(
                    OP,
                    format!("user {stranger:?} is not a member of the call"),
                ));
            }
            ids
        }
        None => c
            .members
            .keys()
            .filter(|u| **u != c.created_by_id)
            .cloned()
            .collect(),
    };
    let mut out = Map::new();
    out.insert("members_ids".into(), json!(rung));
    shapes::reply(StatusCode::CREATED, out)
}

/// A participant as queries answer it (`CallParticipantResponse`).
fn shape(data: &V2State, session: &str, p: &super::egress::V2Participant) -> Value {
    let user = data
        .users
        .get(&p.user_id)
        .map_or_else(|| shapes::missing_user(&p.user_id), shapes::user);
    json!({
        "user": user,
        "user_session_id": session,
        "role": p.role,
        "joined_at": p.joined_at,
    })
}

/// `POST /api/v2/video/call/{type}/{id}/participants?limit=` `{"filter_conditions"?}`: the
/// call, its members, the matching participants (oldest session first) and how many are in.
pub(crate) async fn query(
    caller: ServerCaller,
    PathParams((call_type, id), _): PathParams<(String, String), QueryCallParticipants>,
    uri: Uri,
    bytes: Bytes,
) -> Reply<V2Error> {
    const OP: &str = QueryCallParticipants::NAME;
    let body = body_obj(OP, &bytes)?;
    let filter_conditions = filter_of(OP, &body)?;
    let params = crate::query::Params::parse(uri.query().unwrap_or(""));
    let limit = match params.get_nonempty("limit") {
        None => DEFAULT_LIMIT,
        Some(s) => s
            .parse::<usize>()
            .ok()
            .filter(|n| (1..=MAX_LIMIT).contains(n))
            .ok_or_else(|| V2Error::input(OP, format!("limit must be 1 to {MAX_LIMIT}")))?,
    };
    let data = caller.app.lock();
    let c = get_call(&data.v2, OP, &call_type, &id)?;
    let mut participants = Vec::new();
    for (session, p) in &c.media.participants {
        let shown = shape(&data.v2, session, p);
        let mut doc = filter::document(&shown, &Map::new());
        doc.insert("user_id".into(), json!(p.user_id));
        if filter::matches(&filter_conditions, &doc).map_err(|e| V2Error::input(OP, e))? {
            participants.push((p.joined_at, shown));
        }
    }
    participants.sort_by_key(|(joined, _)| *joined);
    let mut out = call_state(&data.v2, &caller, c, 25);
    let shown: Vec<Value> = participants
        .into_iter()
        .take(limit)
        .map(|(_, v)| v)
        .collect();
    out.insert("participants".into(), Value::Array(shown));
    out.insert(
        "total_participants".into(),
        json!(c.media.participants.len()),
    );
    shapes::reply(StatusCode::CREATED, out)
}

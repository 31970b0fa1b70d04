//! v2 guest users: `POST /api/v2/guest` creates a user with role `guest` under an id of its own
//! (`guest-<asked id>-<8 hex digits>`, so a guest never takes over an existing user) and answers
//! a user token for it, signed with the app's secret like any user token the emulator accepts.
use axum::body::Bytes;
use axum::http::StatusCode;
use serde_json::{Map, Value, json};

use super::handlers::apply_field;
use crate::reply::Reply;
use crate::v2::auth::ServerCaller;
use crate::v2::body::body_obj;
use crate::v2::error::{V2Error, V2Result};
use crate::v2::limits::{self, MAX_ID_LEN};
use crate::v2::shapes;
use crate::v2::state::{V2State, V2User, now_ns};

/// `guest-` and `-` plus 8 hex digits around the asked id.
const DERIVED_EXTRA: usize = "guest-".len() + 1 + 8;

/// How many candidate ids are tried before giving up (each is new unless 2^32 guests collide).
const MAX_TRIES: u64 = 64;

/// An unused id for a guest who asked for `asked`.
fn guest_id(op: &str, data: &V2State, asked: &str) -> V2Result<String> {
    let seed = now_ns().unsigned_abs() ^ (data.users.len() as u64).wrapping_mul(0x9E37_79B9);
    (0..MAX_TRIES)
        .map(|n| {
            let mixed = seed.wrapping_add(n.wrapping_mul(0x2545_F491_4F6C_DD1D));
            format!(
                "guest-{asked}-{:08x}",
                (mixed ^ (mixed >> 32)) & 0xffff_ffff
            )
        })
        .find(|id| data.users.get(id).is_none())
        .ok_or_else(|| V2Error::input(op, "no free guest id was found; try again"))
}

/// `POST /api/v2/guest` `{"user": UserRequest}` → 201 `{access_token, user, duration}`.
pub(crate) async fn create(caller: ServerCaller, bytes: Bytes) -> Reply<V2Error> {
    const OP: &str = "CreateGuest";
    let body = body_obj(OP, &bytes)?;
    let req = body
        .get("user")
        .and_then(Value::as_object)
        .ok_or_else(|| V2Error::input(OP, "user is a required field"))?;
    let asked = req
        .get("id")
        .and_then(Value::as_str)
        .filter(|id| !id.is_empty())
        .ok_or_else(|| V2Error::input(OP, "user.id is a required field"))?;
    limits::user_id(OP, asked)?;
    if asked.chars().count() + DERIVED_EXTRA > MAX_ID_LEN {
        return Err(V2Error::input(
            OP,
            format!(
                "user.id must be at most {} characters long for a guest",
                MAX_ID_LEN - DERIVED_EXTRA
            ),
        ));
    }
    let mut data = caller.app.lock();
    let id = guest_id(OP, &data.v2, asked)?;
    let now = now_ns();
    let mut user = V2User {
        id: id.clone(),
        created_at: now,
        updated_at: now,
        ..V2User::default()
    };
    for (k, v) in req {
        apply_field(OP, &mut user, k, v)?;
    }
    user.role = "guest".into();
    let shown = shapes::user(&user);
    data.v2.users.insert(id.clone(), user);
    let token = caller.app.signer.user_token(&id).into_string();
    let mut out = Map::new();
    out.insert("access_token".into(), json!(token));
    out.insert("user".into(), shown);
    shapes::reply(StatusCode::CREATED, out)
}

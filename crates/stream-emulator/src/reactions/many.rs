//! `GET reaction/get_many/?ids=a,b[&include_deleted=true]`: several reactions by id.

use axum::http::Method;
use serde_json::{Value, json};
use stream_auth::Resource;

use crate::auth::{Caller, scope};
use crate::error::ApiError;
use crate::query::Params;
use crate::reply::{Reply, ok};

/// Answers `{"reactions":[…], "duration"}` in the order of `ids`, as the service does for
/// stream-go2's `GetReactions`. Unknown ids are left out; soft-deleted reactions only with
/// `include_deleted=true`. No ids is a 400.
pub(super) async fn get_many(caller: Caller, method: Method, params: Params) -> Reply {
    scope(&caller, Resource::Reactions, &method)?;
    let ids = params.list("ids");
    if ids.is_empty() {
        return Err(ApiError::input_field("ids", "ids is a required field"));
    }
    let include_deleted = params.flag("include_deleted", false)?;
    let app = caller.app.lock();
    let reactions: Vec<Value> = ids
        .iter()
        .filter_map(|id| app.reactions.get(id))
        .filter(|r| include_deleted || r.is_live())
        .map(|r| app.reactions.to_json(r, None))
        .collect();
    ok(json!({ "reactions": reactions }))
}

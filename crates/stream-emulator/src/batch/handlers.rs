//! Handlers of batch operations: follow many, unfollow many, add one activity to many feeds.

use serde_json::{Value, json};
use stream_auth::{Action, Resource};

use crate::auth::{Caller, require};
use crate::error::{ApiError, ApiResult};
use crate::extract::JsonBody;
use crate::feed::{check_feed_id, prepare};
use crate::follow::{check_follow, copy_limit};
use crate::query::Params;
use crate::reply::{Reply, ok};
use crate::state::AppState;

/// Most relationships in one follow_many/unfollow_many.
pub(crate) const MAX_FOLLOW_MANY: usize = 2500;

/// Most feeds in one add_to_many.
pub(crate) const MAX_ADD_TO_MANY: usize = 5000;

fn pair(v: &Value, field: &str) -> ApiResult<String> {
    let s = v
        .get(field)
        .and_then(Value::as_str)
        .ok_or_else(|| ApiError::input_field(field, format!("{field} must be a feed id string")))?;
    check_feed_id(field, s)
}

fn batch_list(body: &Value, max: usize) -> ApiResult<&Vec<Value>> {
    let list = body
        .as_array()
        .ok_or_else(|| ApiError::input("body must be a JSON list"))?;
    if list.len() > max {
        return Err(ApiError::input(format!("at most {max} items per request")));
    }
    Ok(list)
}

/// `POST follow_many/?activity_copy_limit=N`: `[{"source","target"}]`.
pub(crate) async fn follow_many(caller: Caller, params: Params, JsonBody(body): JsonBody) -> Reply {
    caller.server_only()?;
    require(&caller, Resource::Follower, Action::Write, None)?;
    let default_limit = copy_limit(
        params
            .get_nonempty("activity_copy_limit")
            .map(|s| Value::String(s.into()))
            .as_ref(),
    )?;
    let list = batch_list(&body, MAX_FOLLOW_MANY)?;
    let mut rels = Vec::with_capacity(list.len());
    for item in list {
        let limit = match item.get("activity_copy_limit") {
            None | Some(Value::Null) => default_limit,
            v => copy_limit(v)?,
        };
        rels.push((pair(item, "source")?, pair(item, "target")?, limit));
    }
    let mut guard = caller.app.lock();
    let st: &mut AppState = &mut guard;
    for (s, t, _) in &rels {
        check_follow(st, s, t)?;
    }
    for (s, t, l) in rels {
        st.feeds.follow(&s, &t, l, &st.hub);
    }
    ok(json!({}))
}

/// `POST unfollow_many/`: `[{"source","target"[,"keep_history"]}]`.
pub(crate) async fn unfollow_many(caller: Caller, JsonBody(body): JsonBody) -> Reply {
    caller.server_only()?;
    require(&caller, Resource::Follower, Action::Write, None)?;
    let list = batch_list(&body, MAX_FOLLOW_MANY)?;
    let mut rels = Vec::with_capacity(list.len());
    for item in list {
        let keep = match item.get("keep_history") {
            None | Some(Value::Null) => false,
            Some(Value::Bool(b)) => *b,
            Some(Value::String(s)) => crate::query::parse_bool(s).ok_or_else(|| {
                ApiError::input_field("keep_history", "keep_history must be a boolean")
            })?,
            Some(_) => {
                return Err(ApiError::input_field(
                    "keep_history",
                    "keep_history must be a boolean",
                ));
            }
        };
        rels.push((pair(item, "source")?, pair(item, "target")?, keep));
    }
    let mut guard = caller.app.lock();
    let st: &mut AppState = &mut guard;
    for (s, t, k) in rels {
        st.feeds.unfollow(&s, &t, k, &st.hub);
    }
    ok(json!({}))
}

/// `POST feed/add_to_many/`: `{"activity": {...}, "feeds": [...]}` (no fan-out, no `to`).
pub(crate) async fn add_to_many(caller: Caller, JsonBody(body): JsonBody) -> Reply {
    caller.server_only()?;
    require(&caller, Resource::Feed, Action::Write, None)?;
    let activity = body
        .get("activity")
        .ok_or_else(|| ApiError::input_field("activity", "activity is required"))?;
    if activity
        .get("to")
        .and_then(Value::as_array)
        .is_some_and(|t| !t.is_empty())
    {
        return Err(ApiError::input_field(
            "to",
            "to targets are not allowed in add_to_many",
        ));
    }
    let feeds = body
        .get("feeds")
        .and_then(Value::as_array)
        .ok_or_else(|| ApiError::input_field("feeds", "feeds must be a list of feed ids"))?;
    if feeds.len() > MAX_ADD_TO_MANY {
        return Err(ApiError::input_field(
            "feeds",
            format!("at most {MAX_ADD_TO_MANY} feeds"),
        ));
    }
    let feeds = feeds
        .iter()
        .map(|f| {
            f.as_str()
                .ok_or_else(|| ApiError::input_field("feeds", "feed ids must be strings"))
                .and_then(|f| check_feed_id("feeds", f))
        })
        .collect::<ApiResult<Vec<_>>>()?;
    let p = prepare(activity)?;
    let mut guard = caller.app.lock();
    let st: &mut AppState = &mut guard;
    st.feeds.add_to_many(&feeds, p, &st.hub);
    ok(json!({}))
}

//! Handlers of follows: follow, unfollow, followers, following and follow counts.

use std::collections::BTreeMap;

use serde_json::{Map, Value, json};
use stream_auth::{Action, Resource};

use crate::auth::{Caller, require};
use crate::error::{ApiError, ApiResult};
use crate::extract::{JsonBody, PathParams};
use crate::feed::{DEFAULT_COPY_LIMIT, FeedKind, Follow, MAX_COPY_LIMIT, check_feed_id, feed_of};
use crate::query::Params;
use crate::reply::{Reply, ok};
use crate::state::AppState;

/// Largest followers/following page.
pub(crate) const MAX_FOLLOW_LIMIT: usize = 500;

pub(crate) fn copy_limit(v: Option<&Value>) -> ApiResult<usize> {
    let n = match v {
        None | Some(Value::Null) => return Ok(DEFAULT_COPY_LIMIT),
        Some(Value::Number(n)) => n.as_i64(),
        Some(Value::String(s)) => s.trim().parse::<i64>().ok(),
        Some(_) => None,
    };
    match n {
        Some(n) if (0..=MAX_COPY_LIMIT as i64).contains(&n) => Ok(n as usize),
        _ => Err(ApiError::input_field(
            "activity_copy_limit",
            format!("activity_copy_limit must be a number between 0 and {MAX_COPY_LIMIT}"),
        )),
    }
}

pub(crate) fn check_follow(st: &AppState, source: &str, target: &str) -> ApiResult<()> {
    if source == target {
        return Err(ApiError::input_field(
            "target",
            "a feed cannot follow itself",
        ));
    }
    let slug = target.split(':').next().unwrap_or("");
    if st.kinds.kind(slug) != FeedKind::Flat {
        return Err(ApiError::input_field(
            "target",
            format!("only flat feeds can be followed; {target} is not flat"),
        ));
    }
    Ok(())
}

/// `POST feed/<slug>/<user>/follows/` (or `following/`): `{"target"[, "activity_copy_limit"]}`.
pub(crate) async fn follow(
    caller: Caller,
    PathParams((slug, user), _): PathParams<(String, String)>,
    JsonBody(body): JsonBody,
) -> Reply {
    let feed = feed_of(&slug, &user)?;
    require(&caller, Resource::Follower, Action::Write, Some(&feed))?;
    let target = body
        .get("target")
        .and_then(Value::as_str)
        .ok_or_else(|| ApiError::input_field("target", "target is a required field"))?;
    let target = check_feed_id("target", target)?;
    let limit = copy_limit(body.get("activity_copy_limit"))?;
    let mut guard = caller.app.lock();
    let st: &mut AppState = &mut guard;
    check_follow(st, &feed, &target)?;
    st.feeds.follow(&feed, &target, limit, &st.hub);
    ok(json!({}))
}

/// `DELETE feed/<slug>/<user>/follows/<target>/[?keep_history=1]`.
pub(crate) async fn unfollow(
    caller: Caller,
    PathParams((slug, user, target), _): PathParams<(String, String, String)>,
    params: Params,
) -> Reply {
    let feed = feed_of(&slug, &user)?;
    require(&caller, Resource::Follower, Action::Delete, Some(&feed))?;
    let target = check_feed_id("target", &target)?;
    let keep = params.flag("keep_history", false)?;
    let mut guard = caller.app.lock();
    let st: &mut AppState = &mut guard;
    st.feeds.unfollow(&feed, &target, keep, &st.hub);
    ok(json!({}))
}

fn follow_page(params: &Params) -> ApiResult<(usize, usize, Vec<String>)> {
    let limit = params.usize("limit")?.unwrap_or(25);
    if limit > MAX_FOLLOW_LIMIT {
        return Err(ApiError::input_field(
            "limit",
            format!("limit must be at most {MAX_FOLLOW_LIMIT}"),
        ));
    }
    let offset = params.usize("offset")?.unwrap_or(0);
    if offset > 10_000 {
        return Err(ApiError::input_field(
            "offset",
            "offset must be at most 10000",
        ));
    }
    Ok((limit, offset, params.list("filter")))
}

fn follow_rows(caller: &Caller, feed: &str, params: &Params, followers: bool) -> Reply {
    require(caller, Resource::Follower, Action::Read, Some(feed))?;
    crate::client_policy::list_follows(caller, feed)?;
    let (limit, offset, filter) = follow_page(params)?;
    let st = caller.app.lock();
    let map = if followers {
        &st.feeds.followers
    } else {
        &st.feeds.following
    };
    let rows: Vec<Value> = st
        .feeds
        .relations(map, feed)
        .into_iter()
        .filter(|(other, _)| filter.is_empty() || filter.iter().any(|f| f == *other))
        .skip(offset)
        .take(limit)
        .map(|(other, rel)| {
            let (source, target) = if followers { (other.as_str(), feed) } else { (feed, other.as_str()) };
            json!({ "feed_id": source, "target_id": target, "created_at": rel.created_at, "updated_at": rel.updated_at })
        })
        .collect();
    ok(json!({ "results": rows }))
}

/// `GET feed/<slug>/<user>/followers/`.
pub(crate) async fn followers(
    caller: Caller,
    PathParams((slug, user), _): PathParams<(String, String)>,
    params: Params,
) -> Reply {
    follow_rows(&caller, &feed_of(&slug, &user)?, &params, true)
}

/// `GET feed/<slug>/<user>/follows/` (or `following/`).
pub(crate) async fn following(
    caller: Caller,
    PathParams((slug, user), _): PathParams<(String, String)>,
    params: Params,
) -> Reply {
    follow_rows(&caller, &feed_of(&slug, &user)?, &params, false)
}

/// `GET stats/follow/?followers=<feed>&following=<feed>[&followers_slugs=..][&following_slugs=..]`.
pub(crate) async fn follow_stats(caller: Caller, params: Params) -> Reply {
    require(&caller, Resource::Follower, Action::Read, None)?;
    let followers = params
        .get_nonempty("followers")
        .map(|f| check_feed_id("followers", f))
        .transpose()?;
    let following = params
        .get_nonempty("following")
        .map(|f| check_feed_id("following", f))
        .transpose()?;
    if followers.is_none() && following.is_none() {
        return Err(ApiError::input("followers or following is required"));
    }
    let st = caller.app.lock();
    let count = |map: &BTreeMap<String, BTreeMap<String, Follow>>, feed: &str, slugs: &[String]| {
        map.get(feed).map_or(0, |m| {
            m.keys()
                .filter(|k| {
                    slugs.is_empty() || slugs.iter().any(|s| k.split(':').next() == Some(s))
                })
                .count()
        })
    };
    let mut results = Map::new();
    if let Some(f) = followers {
        let n = count(&st.feeds.followers, &f, &params.list("followers_slugs"));
        results.insert("followers".into(), json!({ "feed": f, "count": n }));
    }
    if let Some(f) = following {
        let n = count(&st.feeds.following, &f, &params.list("following_slugs"));
        results.insert("following".into(), json!({ "feed": f, "count": n }));
    }
    ok(json!({ "results": results }))
}

//! HTTP handlers for feed operations.

use axum::Json;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use serde_json::{Map, Value, json};
use stream_auth::{Action, Resource};

use super::activity::{apply_partial, check_feed_id, check_feed_parts, parse_time_field, prepare};
use super::ids::id_for_foreign_id;
use super::kinds::FeedKind;
use super::read::{Marks, Page, flat_page, grouped_page};
use super::store::{DEFAULT_COPY_LIMIT, MAX_COPY_LIMIT};
use crate::auth::{Caller, require};
use crate::error::{ApiError, ApiResult};
use crate::extract::{JsonBody, path};
use crate::query::Params;
use crate::state::{AppState, SharedState};

/// Most activities in one add request.
pub const MAX_BATCH_ADD: usize = 1000;
/// Most relationships in one follow_many/unfollow_many.
pub const MAX_FOLLOW_MANY: usize = 2500;
/// Most feeds in one add_to_many.
pub const MAX_ADD_TO_MANY: usize = 5000;
/// Most activities in update_activities / partial update / get_activities.
pub const MAX_ACTIVITY_BATCH: usize = 100;
/// Largest followers/following page.
pub const MAX_FOLLOW_LIMIT: usize = 500;

type Reply = ApiResult<Json<Value>>;

/// Adds `duration` to a JSON object answer.
pub fn ok(mut v: Value) -> Json<Value> {
    if let Some(o) = v.as_object_mut() {
        o.insert("duration".into(), Value::String("0.10ms".into()));
    }
    Json(v)
}

fn feed_of(slug: &str, user: &str) -> ApiResult<String> {
    check_feed_parts(slug, user)?;
    Ok(format!("{slug}:{user}"))
}

/// `GET feed/<slug>/<user>/`.
pub async fn read_feed(
    State(_s): State<SharedState>,
    caller: Caller,
    p: Result<Path<(String, String)>, PathRejection>,
    params: Params,
) -> Reply {
    let (slug, user) = path(p)?;
    read(&caller, &slug, &user, &params, false)
}

/// `GET enrich/feed/<slug>/<user>/`.
pub async fn read_feed_enriched(
    State(_s): State<SharedState>,
    caller: Caller,
    p: Result<Path<(String, String)>, PathRejection>,
    params: Params,
) -> Reply {
    let (slug, user) = path(p)?;
    read(&caller, &slug, &user, &params, true)
}

fn enrich_user(caller: &Caller, params: &Params) -> Option<String> {
    if caller.is_user_token {
        caller.user_id.clone()
    } else {
        params.get_nonempty("user_id").map(str::to_owned)
    }
}

fn read(caller: &Caller, slug: &str, user: &str, params: &Params, enrich: bool) -> Reply {
    let feed = feed_of(slug, user)?;
    require(caller, Resource::Feed, Action::Read, Some(&feed))?;
    let page = Page::from_params(params)?;
    let mut guard = caller.app.lock();
    let st: &mut AppState = &mut guard;
    let kind = st.kinds.kind(slug);
    let prefix = if enrich { "enrich/" } else { "" };
    let next_link = |last: Option<&str>| match last {
        Some(id) => format!(
            "/api/v1.0/{prefix}feed/{slug}/{user}/?api_key={}&id_lt={id}&limit={}",
            crate::query::encode_component(caller.api_key()),
            page.limit
        ),
        None => String::new(),
    };
    let uid = enrich_user(caller, params);
    match kind {
        FeedKind::Flat => {
            let (mut results, more) = flat_page(&st.feeds, &feed, &page)?;
            if enrich {
                crate::enrich::enrich_activities(st, &mut results, params, uid.as_deref());
            }
            let last = results
                .last()
                .and_then(|a| a.get("id"))
                .and_then(Value::as_str)
                .filter(|_| more);
            let next = next_link(last);
            Ok(ok(json!({ "results": results, "next": next })))
        }
        FeedKind::Aggregated | FeedKind::Notification => {
            let notification = kind == FeedKind::Notification;
            let (seen, read) = if notification {
                (
                    Marks::from_params(params, "mark_seen"),
                    Marks::from_params(params, "mark_read"),
                )
            } else {
                (None, None)
            };
            let mut out = grouped_page(
                &mut st.feeds,
                &feed,
                &page,
                notification,
                seen,
                read,
                &st.hub,
            )?;
            let more = out.get("more").and_then(Value::as_bool).unwrap_or(false);
            if let Some(o) = out.as_object_mut() {
                o.remove("more");
            }
            if enrich {
                if let Some(groups) = out.get_mut("results").and_then(Value::as_array_mut) {
                    for g in groups {
                        if let Some(acts) = g.get_mut("activities").and_then(Value::as_array_mut) {
                            crate::enrich::enrich_activities(st, acts, params, uid.as_deref());
                        }
                    }
                }
            }
            let last = out
                .get("results")
                .and_then(Value::as_array)
                .and_then(|r| r.last())
                .and_then(|g| g.get("id"))
                .and_then(Value::as_str)
                .filter(|_| more)
                .map(str::to_owned);
            let next = next_link(last.as_deref());
            if let Some(o) = out.as_object_mut() {
                o.insert("next".into(), Value::String(next));
            }
            Ok(ok(out))
        }
    }
}

/// `POST feed/<slug>/<user>/`: one activity, or `{"activities":[...]}`.
pub async fn add_activities(
    State(_s): State<SharedState>,
    caller: Caller,
    p: Result<Path<(String, String)>, PathRejection>,
    JsonBody(body): JsonBody,
) -> Reply {
    let (slug, user) = path(p)?;
    let feed = feed_of(&slug, &user)?;
    require(&caller, Resource::Feed, Action::Write, Some(&feed))?;
    match body.get("activities") {
        Some(Value::Array(list)) if body.get("verb").is_none() => {
            if list.len() > MAX_BATCH_ADD {
                return Err(ApiError::input_field(
                    "activities",
                    format!("at most {MAX_BATCH_ADD} activities per request"),
                ));
            }
            let prepared = list.iter().map(prepare).collect::<ApiResult<Vec<_>>>()?;
            let mut guard = caller.app.lock();
            let st: &mut AppState = &mut guard;
            let out: Vec<Value> = prepared
                .into_iter()
                .map(|p| st.feeds.add(&feed, p, &st.hub))
                .collect();
            Ok(ok(json!({ "activities": out })))
        }
        Some(_) if body.get("verb").is_none() => Err(ApiError::input_field(
            "activities",
            "activities must be a list",
        )),
        _ => {
            let p = prepare(&body)?;
            let mut guard = caller.app.lock();
            let st: &mut AppState = &mut guard;
            Ok(ok(st.feeds.add(&feed, p, &st.hub)))
        }
    }
}

/// `DELETE feed/<slug>/<user>/<activity_id or foreign_id>/[?foreign_id=1]`.
pub async fn remove_activity(
    State(_s): State<SharedState>,
    caller: Caller,
    p: Result<Path<(String, String, String)>, PathRejection>,
    params: Params,
) -> Reply {
    let (slug, user, id) = path(p)?;
    let feed = feed_of(&slug, &user)?;
    require(&caller, Resource::Feed, Action::Delete, Some(&feed))?;
    let by_foreign = params.flag("foreign_id", false)?;
    let mut guard = caller.app.lock();
    let st: &mut AppState = &mut guard;
    if by_foreign {
        st.feeds.remove_by_foreign_id(&feed, &id, &st.hub);
    } else {
        st.feeds.remove(&feed, &id, &st.hub);
    }
    Ok(ok(json!({ "removed": id })))
}

fn copy_limit(v: Option<&Value>) -> ApiResult<usize> {
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

fn check_follow(st: &AppState, source: &str, target: &str) -> ApiResult<()> {
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
pub async fn follow(
    State(_s): State<SharedState>,
    caller: Caller,
    p: Result<Path<(String, String)>, PathRejection>,
    JsonBody(body): JsonBody,
) -> Reply {
    let (slug, user) = path(p)?;
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
    Ok(ok(json!({})))
}

/// `DELETE feed/<slug>/<user>/follows/<target>/[?keep_history=1]`.
pub async fn unfollow(
    State(_s): State<SharedState>,
    caller: Caller,
    p: Result<Path<(String, String, String)>, PathRejection>,
    params: Params,
) -> Reply {
    let (slug, user, target) = path(p)?;
    let feed = feed_of(&slug, &user)?;
    require(&caller, Resource::Follower, Action::Delete, Some(&feed))?;
    let target = check_feed_id("target", &target)?;
    let keep = params.flag("keep_history", false)?;
    let mut guard = caller.app.lock();
    let st: &mut AppState = &mut guard;
    st.feeds.unfollow(&feed, &target, keep, &st.hub);
    Ok(ok(json!({})))
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
    Ok(ok(json!({ "results": rows })))
}

/// `GET feed/<slug>/<user>/followers/`.
pub async fn followers(
    State(_s): State<SharedState>,
    caller: Caller,
    p: Result<Path<(String, String)>, PathRejection>,
    params: Params,
) -> Reply {
    let (slug, user) = path(p)?;
    follow_rows(&caller, &feed_of(&slug, &user)?, &params, true)
}

/// `GET feed/<slug>/<user>/follows/` (or `following/`).
pub async fn following(
    State(_s): State<SharedState>,
    caller: Caller,
    p: Result<Path<(String, String)>, PathRejection>,
    params: Params,
) -> Reply {
    let (slug, user) = path(p)?;
    follow_rows(&caller, &feed_of(&slug, &user)?, &params, false)
}

/// `GET stats/follow/?followers=<feed>&following=<feed>[&followers_slugs=..][&following_slugs=..]`.
pub async fn follow_stats(State(_s): State<SharedState>, caller: Caller, params: Params) -> Reply {
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
    let count = |map: &std::collections::HashMap<
        String,
        std::collections::BTreeMap<String, super::store::Follow>,
    >,
                 feed: &str,
                 slugs: &[String]| {
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
    Ok(ok(json!({ "results": results })))
}

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
pub async fn follow_many(
    State(_s): State<SharedState>,
    caller: Caller,
    params: Params,
    JsonBody(body): JsonBody,
) -> Reply {
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
    Ok(ok(json!({})))
}

/// `POST unfollow_many/`: `[{"source","target"[,"keep_history"]}]`.
pub async fn unfollow_many(
    State(_s): State<SharedState>,
    caller: Caller,
    JsonBody(body): JsonBody,
) -> Reply {
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
    Ok(ok(json!({})))
}

/// `POST feed/add_to_many/`: `{"activity": {...}, "feeds": [...]}` (no fan-out, no `to`).
pub async fn add_to_many(
    State(_s): State<SharedState>,
    caller: Caller,
    JsonBody(body): JsonBody,
) -> Reply {
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
    Ok(ok(json!({})))
}

/// `POST activities/`: `{"activities":[full activities with foreign_id and time]}`.
pub async fn update_activities(
    State(_s): State<SharedState>,
    caller: Caller,
    JsonBody(body): JsonBody,
) -> Reply {
    caller.server_only()?;
    require(&caller, Resource::Activities, Action::Write, None)?;
    let list = body
        .get("activities")
        .and_then(Value::as_array)
        .ok_or_else(|| ApiError::input_field("activities", "activities must be a list"))?;
    if list.len() > MAX_ACTIVITY_BATCH {
        return Err(ApiError::input_field(
            "activities",
            format!("at most {MAX_ACTIVITY_BATCH} activities per update"),
        ));
    }
    let mut prepared = Vec::with_capacity(list.len());
    for a in list {
        let has_fid = a
            .get("foreign_id")
            .and_then(Value::as_str)
            .is_some_and(|s| !s.is_empty());
        let has_time = parse_time_field(a.get("time"))?.is_some();
        if !has_fid || !has_time {
            return Err(ApiError::input(
                "activities to update need foreign_id and time",
            ));
        }
        prepared.push(prepare(a)?);
    }
    let mut guard = caller.app.lock();
    let st: &mut AppState = &mut guard;
    let out: Vec<Value> = prepared
        .into_iter()
        .map(|p| st.feeds.replace(p, &st.hub))
        .collect();
    Ok(ok(json!({ "activities": out })))
}

fn lookup_ids(params: &Params) -> ApiResult<Vec<String>> {
    let ids = params.list("ids");
    let fids = params.list("foreign_ids");
    if !ids.is_empty() && !fids.is_empty() {
        return Err(ApiError::input(
            "give either ids or foreign_ids with timestamps, not both",
        ));
    }
    if !ids.is_empty() {
        if ids.len() > MAX_ACTIVITY_BATCH {
            return Err(ApiError::input_field(
                "ids",
                format!("at most {MAX_ACTIVITY_BATCH} ids"),
            ));
        }
        return Ok(ids);
    }
    let times = params.list("timestamps");
    if fids.is_empty() {
        return Err(ApiError::input(
            "ids or foreign_ids with timestamps are required",
        ));
    }
    if fids.len() != times.len() {
        return Err(ApiError::input(
            "foreign_ids and timestamps must have the same length",
        ));
    }
    if fids.len() > MAX_ACTIVITY_BATCH {
        return Err(ApiError::input_field(
            "foreign_ids",
            format!("at most {MAX_ACTIVITY_BATCH} foreign ids"),
        ));
    }
    fids.iter()
        .zip(&times)
        .map(|(f, t)| {
            let t = parse_time_field(Some(&Value::String(t.clone())))?.unwrap_or(0);
            Ok(id_for_foreign_id(f, t))
        })
        .collect()
}

fn get_many(caller: &Caller, params: &Params, enrich: bool) -> Reply {
    require(caller, Resource::Activities, Action::Read, None)?;
    let ids = lookup_ids(params)?;
    let st = caller.app.lock();
    let mut results: Vec<Value> = ids.iter().filter_map(|id| st.feeds.get(id)).collect();
    if enrich {
        let uid = enrich_user(caller, params);
        crate::enrich::enrich_activities(&st, &mut results, params, uid.as_deref());
    }
    Ok(ok(json!({ "results": results })))
}

/// `GET activities/?ids=..` or `?foreign_ids=..&timestamps=..`.
pub async fn get_activities(
    State(_s): State<SharedState>,
    caller: Caller,
    params: Params,
) -> Reply {
    get_many(&caller, &params, false)
}

/// `GET enrich/activities/?ids=..`.
pub async fn get_activities_enriched(
    State(_s): State<SharedState>,
    caller: Caller,
    params: Params,
) -> Reply {
    get_many(&caller, &params, true)
}

fn resolve_id(change: &Value) -> ApiResult<String> {
    if let Some(id) = change
        .get("id")
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
    {
        return Ok(id.to_owned());
    }
    let fid = change
        .get("foreign_id")
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty());
    let time = parse_time_field(change.get("time"))?;
    match (fid, time) {
        (Some(f), Some(t)) => Ok(id_for_foreign_id(f, t)),
        _ => Err(ApiError::input(
            "each change needs id, or foreign_id and time",
        )),
    }
}

fn actor_is(data: &Map<String, Value>, user: &str) -> bool {
    match data.get("actor").and_then(Value::as_str) {
        Some(a) => a == user || a.strip_prefix("SU:") == Some(user),
        None => false,
    }
}

/// `POST activity/`: `{"changes":[{id|foreign_id+time, set, unset}]}` or one bare change.
pub async fn partial_update(
    State(_s): State<SharedState>,
    caller: Caller,
    JsonBody(body): JsonBody,
) -> Reply {
    require(&caller, Resource::Activities, Action::Write, None)?;
    let (changes, single): (Vec<Value>, bool) = match body.get("changes") {
        Some(Value::Array(c)) => (c.clone(), false),
        Some(_) => return Err(ApiError::input_field("changes", "changes must be a list")),
        None => (vec![body.clone()], true),
    };
    if changes.len() > MAX_ACTIVITY_BATCH {
        return Err(ApiError::input_field(
            "changes",
            format!("at most {MAX_ACTIVITY_BATCH} changes per request"),
        ));
    }
    let mut parsed = Vec::with_capacity(changes.len());
    for c in &changes {
        let id = resolve_id(c)?;
        let set = match c.get("set") {
            None | Some(Value::Null) => Map::new(),
            Some(Value::Object(m)) => m.clone(),
            Some(_) => return Err(ApiError::input_field("set", "set must be an object")),
        };
        let unset = match c.get("unset") {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::Array(a)) => a
                .iter()
                .map(|v| {
                    v.as_str().map(str::to_owned).ok_or_else(|| {
                        ApiError::input_field("unset", "unset must be a list of strings")
                    })
                })
                .collect::<ApiResult<Vec<_>>>()?,
            Some(_) => return Err(ApiError::input_field("unset", "unset must be a list")),
        };
        parsed.push((id, set, unset));
    }
    let mut guard = caller.app.lock();
    let st: &mut AppState = &mut guard;
    // Validate everything first so a batch applies all or nothing.
    let mut updated = Vec::with_capacity(parsed.len());
    for (id, set, unset) in &parsed {
        let a = st
            .feeds
            .activities
            .get(id)
            .ok_or_else(|| ApiError::not_found(format!("activity {id} not found")))?;
        if caller.is_user_token && !actor_is(&a.data, caller.user_id.as_deref().unwrap_or("")) {
            return Err(ApiError::not_allowed(
                "a user token can only update its own activities",
            ));
        }
        let mut data = a.data.clone();
        apply_partial(&mut data, set, unset)?;
        updated.push((id.clone(), data));
    }
    let mut out = Vec::with_capacity(updated.len());
    for (id, data) in updated {
        if let Some(a) = st.feeds.activities.get_mut(&id) {
            a.data = data.clone();
        }
        st.feeds.republish(&id, &st.hub);
        out.push(Value::Object(data));
    }
    if single {
        Ok(ok(out.pop().unwrap_or(Value::Object(Map::new()))))
    } else {
        Ok(ok(json!({ "activities": out })))
    }
}

fn target_list(v: Option<&Value>, field: &str) -> ApiResult<Option<Vec<String>>> {
    match v {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Array(a)) => {
            if a.len() > super::activity::MAX_TO_TARGETS {
                return Err(ApiError::input_field(field, "too many targets"));
            }
            a.iter()
                .map(|t| {
                    let s = t.as_str().ok_or_else(|| {
                        ApiError::input_field(field, "targets must be feed id strings")
                    })?;
                    check_feed_id(field, s.split_whitespace().next().unwrap_or(""))
                })
                .collect::<ApiResult<Vec<_>>>()
                .map(Some)
        }
        Some(_) => Err(ApiError::input_field(
            field,
            format!("{field} must be a list"),
        )),
    }
}

fn one_to_targets(st: &mut AppState, feed: &str, body: &Value) -> ApiResult<Value> {
    let fid = body
        .get("foreign_id")
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
        .ok_or_else(|| ApiError::input_field("foreign_id", "foreign_id is required"))?;
    let time = parse_time_field(body.get("time"))?
        .ok_or_else(|| ApiError::input_field("time", "time is required"))?;
    let new = target_list(body.get("new_targets"), "new_targets")?;
    let added = target_list(body.get("added_targets"), "added_targets")?.unwrap_or_default();
    let removed = target_list(body.get("removed_targets"), "removed_targets")?.unwrap_or_default();
    if new.is_none() && added.is_empty() && removed.is_empty() {
        return Err(ApiError::input(
            "give new_targets, or added_targets and/or removed_targets",
        ));
    }
    if new.is_some() && (!added.is_empty() || !removed.is_empty()) {
        return Err(ApiError::input(
            "new_targets cannot be combined with added_targets or removed_targets",
        ));
    }
    if added.iter().any(|a| removed.contains(a)) {
        return Err(ApiError::input("a feed cannot be both added and removed"));
    }
    let id = id_for_foreign_id(fid, time);
    let a = st
        .feeds
        .activities
        .get(&id)
        .ok_or_else(|| ApiError::not_found(format!("activity {fid} at that time not found")))?;
    if !a.feeds.contains(feed) && a.source != feed {
        return Err(ApiError::not_found(format!(
            "activity {fid} is not in feed {feed}"
        )));
    }
    let current: Vec<String> = a
        .data
        .get("to")
        .and_then(Value::as_array)
        .map(|t| {
            t.iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default();
    let wanted: Vec<String> = match new {
        Some(n) => n,
        None => {
            let mut w: Vec<String> = current
                .iter()
                .filter(|c| !removed.contains(c))
                .cloned()
                .collect();
            for x in &added {
                if !w.contains(x) {
                    w.push(x.clone());
                }
            }
            w
        }
    };
    let add: Vec<String> = wanted
        .iter()
        .filter(|w| !current.contains(w))
        .cloned()
        .collect();
    let remove: Vec<String> = current
        .iter()
        .filter(|c| !wanted.contains(c))
        .cloned()
        .collect();
    if let Some(a) = st.feeds.activities.get_mut(&id) {
        a.data.insert(
            "to".into(),
            Value::Array(wanted.iter().cloned().map(Value::String).collect()),
        );
    }
    for t in &remove {
        st.feeds.remove_target(&id, t, &st.hub);
    }
    for t in &add {
        st.feeds.add_target(&id, t, &st.hub);
    }
    let activity = st.feeds.get(&id).unwrap_or(Value::Null);
    Ok(json!({ "activity": activity, "added": add, "removed": remove }))
}

/// `POST feed_targets/<slug>/<user>/activity_to_targets/`: one change object or a list of them.
pub async fn update_to_targets(
    State(_s): State<SharedState>,
    caller: Caller,
    p: Result<Path<(String, String)>, PathRejection>,
    JsonBody(body): JsonBody,
) -> Reply {
    let (slug, user) = path(p)?;
    let feed = feed_of(&slug, &user)?;
    require(&caller, Resource::FeedTargets, Action::Write, Some(&feed))?;
    let mut guard = caller.app.lock();
    let st: &mut AppState = &mut guard;
    match &body {
        Value::Array(list) => {
            if list.len() > MAX_ACTIVITY_BATCH {
                return Err(ApiError::input(format!(
                    "at most {MAX_ACTIVITY_BATCH} changes per request"
                )));
            }
            let results = list
                .iter()
                .map(|c| one_to_targets(st, &feed, c))
                .collect::<ApiResult<Vec<_>>>()?;
            Ok(ok(json!({ "results": results })))
        }
        other => Ok(ok(one_to_targets(st, &feed, other)?)),
    }
}

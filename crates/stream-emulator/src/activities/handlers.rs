//! Handlers of activities by id: get (plain and enriched), update, partial update, and the
//! `to` targets of an activity.

use serde_json::{Map, Value, json};
use stream_auth::{Action, Resource};

use crate::auth::{Caller, require};
use crate::enrich::enrich_user;
use crate::error::{ApiError, ApiResult};
use crate::extract::{JsonBody, PathParams};
use crate::feed::{
    MAX_TO_TARGETS, apply_partial, check_feed_id, feed_of, id_for_foreign_id, parse_time_field,
    prepare, with_null_origin,
};
use crate::public_url::PublicBase;
use crate::query::Params;
use crate::reply::{Reply, ok};
use crate::state::AppState;

/// Most activities in update_activities / partial update / get_activities.
pub(crate) const MAX_ACTIVITY_BATCH: usize = 100;

/// `POST activities/`: `{"activities":[full activities with foreign_id and time]}`.
pub(crate) async fn update_activities(caller: Caller, JsonBody(body): JsonBody) -> Reply {
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
    ok(json!({ "activities": out }))
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

/// Reads activities by id; enriched when `enrich` holds the base URL the client reached us on.
fn get_many(caller: &Caller, params: &Params, enrich: Option<&str>) -> Reply {
    require(caller, Resource::Activities, Action::Read, None)?;
    let ids = lookup_ids(params)?;
    let st = caller.app.lock();
    let mut results: Vec<Value> = ids.iter().filter_map(|id| st.feeds.get(id)).collect();
    if let Some(base) = enrich {
        let uid = enrich_user(caller, params);
        crate::enrich::enrich_activities(&st, &mut results, params, uid.as_deref(), base);
    }
    ok(json!({ "results": results }))
}

/// `GET activities/?ids=..` or `?foreign_ids=..&timestamps=..`.
pub(crate) async fn get_activities(caller: Caller, params: Params) -> Reply {
    get_many(&caller, &params, None)
}

/// `GET enrich/activities/?ids=..`.
pub(crate) async fn get_activities_enriched(
    caller: Caller,
    params: Params,
    PublicBase(base): PublicBase,
) -> Reply {
    get_many(&caller, &params, Some(&base))
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
pub(crate) async fn partial_update(caller: Caller, JsonBody(body): JsonBody) -> Reply {
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
        out.push(with_null_origin(data));
    }
    if single {
        ok(out.pop().unwrap_or(Value::Object(Map::new())))
    } else {
        ok(json!({ "activities": out }))
    }
}

fn target_list(v: Option<&Value>, field: &str) -> ApiResult<Option<Vec<String>>> {
    match v {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Array(a)) => {
            if a.len() > MAX_TO_TARGETS {
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

fn one_to_targets(
    caller: &Caller,
    st: &mut AppState,
    feed: &str,
    body: &Value,
) -> ApiResult<Value> {
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
    crate::client_policy::target_feeds(caller, new.iter().flatten().chain(&added))?;
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
        // Without targets the activity has no `to` key at all, as the service answers it.
        if wanted.is_empty() {
            a.data.remove("to");
        } else {
            a.data.insert(
                "to".into(),
                Value::Array(wanted.iter().cloned().map(Value::String).collect()),
            );
        }
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

/// `POST feed_targets/<slug>/<user>/activity_to_targets/`: one change object or a list of them;
/// either way the answer is one change's `{"activity", "added", "removed"}`.
pub(crate) async fn update_to_targets(
    caller: Caller,
    PathParams((slug, user), _): PathParams<(String, String)>,
    JsonBody(body): JsonBody,
) -> Reply {
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
            // The service applies the first change at once and answers with its result (the
            // single-change shape stream-go2 decodes); it queues the rest. The emulator applies
            // them all now.
            let mut first = None;
            for change in list {
                let result = one_to_targets(&caller, st, &feed, change)?;
                first.get_or_insert(result);
            }
            ok(first.ok_or_else(|| ApiError::input("give at least one change"))?)
        }
        other => ok(one_to_targets(&caller, st, &feed, other)?),
    }
}

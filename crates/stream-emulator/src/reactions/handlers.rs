//! HTTP handlers for `reaction/...`.

use axum::extract::Path;
use axum::extract::rejection::PathRejection;
use axum::http::{Method, StatusCode};
use axum::routing::{any, get, post};
use axum::{Json, Router};
use serde_json::{Map, Value, json};
use stream_auth::Resource;

use super::store::{FilterOptions, Lookup, NewReaction};
use crate::auth::Caller;
use crate::error::{ApiError, ApiResult};
use crate::extract::{JsonBody, path};
use crate::feeds::api as bridge;
use crate::others::common::{
    Stamp, as_object, encode, opt_object, opt_str, opt_str_list, req_str, with_duration,
};
use crate::others::guard::{acting_user, owns, scope};
use crate::query::Params;
use crate::router::route_both;
use crate::state::SharedState;

const API: &str = "/api/v1.0";

/// The `reaction/` routes.
pub(crate) fn routes() -> Router<SharedState> {
    let mut r = Router::new();
    r = route_both(r, &format!("{API}/reaction"), post(add));
    r = route_both(
        r,
        &format!("{API}/reaction/{{a}}"),
        get(get_one).put(update).delete(remove),
    );
    r = route_both(r, &format!("{API}/reaction/{{a}}/{{b}}"), any(two_segments));
    r = route_both(
        r,
        &format!("{API}/reaction/{{a}}/{{b}}/{{c}}"),
        get(filter_kind),
    );
    r
}

type Reply = ApiResult<(StatusCode, Json<Value>)>;

fn ok(v: Value) -> Reply {
    Ok((StatusCode::OK, Json(with_duration(v))))
}

async fn add(caller: Caller, method: Method, JsonBody(body): JsonBody) -> Reply {
    scope(&caller, Resource::Reactions, &method)?;
    let body = as_object(body)?;
    let user_id = acting_user(&caller, opt_str(&body, "user_id")?, "user_id")?;
    let new = NewReaction {
        id: opt_str(&body, "id")?,
        kind: req_str(&body, "kind")?,
        activity_id: opt_str(&body, "activity_id")?,
        parent: opt_str(&body, "parent")?,
        user_id,
        data: opt_object(&body, "data")?.unwrap_or_default(),
        target_feeds: opt_str_list(&body, "target_feeds")?.unwrap_or_default(),
        target_feeds_extra_data: opt_object(&body, "target_feeds_extra_data")?,
    };
    let mut app = caller.app.lock();
    for feed in &new.target_feeds {
        bridge::check_feed(&app, feed)?;
    }
    let reaction = app.reactions.add(new, Stamp::now())?;
    for feed in &reaction.target_feeds {
        bridge::add_to_feed(&mut app, feed, reaction.target_activity())?;
    }
    crate::misc::audit(
        &mut app,
        "reaction",
        &reaction.id,
        "create",
        &reaction.user_id,
    );
    let v = app.reactions.to_json(&reaction, None);
    Ok((StatusCode::CREATED, Json(with_duration(v))))
}

async fn get_one(caller: Caller, method: Method, p: Result<Path<String>, PathRejection>) -> Reply {
    let id = path(p)?;
    scope(&caller, Resource::Reactions, &method)?;
    let app = caller.app.lock();
    let r = app.reactions.get_or_404(&id)?;
    ok(app.reactions.to_json(r, None))
}

async fn update(
    caller: Caller,
    method: Method,
    p: Result<Path<String>, PathRejection>,
    JsonBody(body): JsonBody,
) -> Reply {
    let id = path(p)?;
    scope(&caller, Resource::Reactions, &method)?;
    let body = as_object(body)?;
    let data = opt_object(&body, "data")?;
    let target_feeds = opt_str_list(&body, "target_feeds")?;
    let extra = opt_object(&body, "target_feeds_extra_data")?;
    let mut app = caller.app.lock();
    let owner = app.reactions.get_or_404(&id)?.user_id.clone();
    owns(&caller, Some(&owner), "a reaction")?;
    for feed in target_feeds.iter().flatten() {
        bridge::check_feed(&app, feed)?;
    }
    let (reaction, added) = app
        .reactions
        .update(&id, data, target_feeds, extra, Stamp::now())?;
    for feed in &added {
        bridge::add_to_feed(&mut app, feed, reaction.target_activity())?;
    }
    crate::misc::audit(&mut app, "reaction", &id, "update", &owner);
    ok(app.reactions.to_json(&reaction, None))
}

async fn remove(
    caller: Caller,
    method: Method,
    params: Params,
    p: Result<Path<String>, PathRejection>,
) -> Reply {
    let id = path(p)?;
    scope(&caller, Resource::Reactions, &method)?;
    let soft = params.flag("soft", false)?;
    let mut app = caller.app.lock();
    let owner = app.reactions.get_or_404(&id)?.user_id.clone();
    owns(&caller, Some(&owner), "a reaction")?;
    let removed = app.reactions.delete(&id, soft, Stamp::now())?;
    for r in &removed {
        for feed in &r.target_feeds {
            bridge::remove_by_foreign_id(&mut app, feed, &r.reference());
        }
    }
    let action = if soft { "soft_delete" } else { "delete" };
    crate::misc::audit(&mut app, "reaction", &id, action, &owner);
    ok(json!({}))
}

/// `PUT reaction/<id>/restore/` and `GET reaction/<by>/<value>/` share a path shape.
async fn two_segments(
    caller: Caller,
    method: Method,
    params: Params,
    p: Result<Path<(String, String)>, PathRejection>,
) -> Reply {
    let (a, b) = path(p)?;
    if method == Method::PUT && b == "restore" {
        scope(&caller, Resource::Reactions, &method)?;
        let mut app = caller.app.lock();
        let owner = app.reactions.get_or_404(&a)?.user_id.clone();
        owns(&caller, Some(&owner), "a reaction")?;
        app.reactions.restore(&a)?;
        crate::misc::audit(&mut app, "reaction", &a, "restore", &owner);
        return ok(json!({}));
    }
    if method == Method::GET || method == Method::HEAD {
        return filter(caller, method, params, a, b, None);
    }
    Err(ApiError::method_not_allowed())
}

async fn filter_kind(
    caller: Caller,
    method: Method,
    params: Params,
    p: Result<Path<(String, String, String)>, PathRejection>,
) -> Reply {
    let (a, b, c) = path(p)?;
    filter(caller, method, params, a, b, Some(c))
}

fn filter(
    caller: Caller,
    method: Method,
    params: Params,
    by: String,
    value: String,
    kind: Option<String>,
) -> Reply {
    scope(&caller, Resource::Reactions, &method)?;
    let lookup = Lookup::new(&by, &value).ok_or_else(|| {
        ApiError::input(format!(
            "reactions can be filtered by activity_id, reaction_id or user_id, not {by:?}"
        ))
    })?;
    // The path kind wins; Python also leaks `kind=` (and `activity_id=`) into the query.
    let kind = kind.or_else(|| params.get_nonempty("kind").map(str::to_owned));
    let with_own_children = params.flag("with_own_children", false)?;
    let with_activity_data = params.flag("with_activity_data", false)?;
    let own_user = if with_own_children {
        params
            .get_nonempty("user_id")
            .map(str::to_owned)
            .or_else(|| caller.user_id.clone())
    } else {
        None
    };
    let opts = FilterOptions {
        kind: kind.clone(),
        limit: params.usize("limit")?,
        id_lt: params.get_nonempty("id_lt").map(str::to_owned),
        id_lte: params.get_nonempty("id_lte").map(str::to_owned),
        id_gt: params.get_nonempty("id_gt").map(str::to_owned),
        id_gte: params.get_nonempty("id_gte").map(str::to_owned),
        own_children_of: own_user,
    };
    let app = caller.app.lock();
    let page = app.reactions.filter(&lookup, &opts);
    let next = match &page.next_id_lt {
        Some(last) => {
            let mut url = format!(
                "{API}/reaction/{}/{}/",
                lookup.name(),
                encode(lookup.value())
            );
            if let Some(k) = &kind {
                url.push_str(&format!("{}/", encode(k)));
            }
            url.push_str(&format!("?id_lt={}&limit={}", encode(last), page.limit));
            if with_own_children {
                url.push_str("&with_own_children=true");
            }
            if with_activity_data {
                url.push_str("&with_activity_data=true");
            }
            url
        }
        None => String::new(),
    };
    let mut out = Map::new();
    out.insert("results".into(), Value::Array(page.results));
    out.insert("next".into(), Value::String(next));
    if with_activity_data {
        if let Lookup::ActivityId(id) = &lookup {
            let activity = bridge::get_activity(&app, id).unwrap_or(Value::Null);
            out.insert("activity".into(), activity);
        }
    }
    ok(Value::Object(out))
}

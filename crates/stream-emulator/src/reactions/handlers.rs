//! HTTP handlers of the reactions family.

use axum::http::Method;
use serde_json::{Map, Value, json};
use stream_auth::Resource;

use super::store::{FilterOptions, Lookup, NewReaction};
use crate::auth::Caller;
use crate::auth::{owns, scope};
use crate::enrich::{EnrichOptions, Sources};
use crate::error::ApiError;
use crate::extract::{JsonBody, PathParams};
use crate::feed::check_feed_id;
use crate::fields::{as_object, opt_object, opt_str, opt_str_list, req_str};
use crate::public_url::PublicBase;
use crate::query::Params;
use crate::query::encode_component;
use crate::reply::{Reply, created, ok};
use crate::router::API;
use crate::stamp::Stamp;

pub(super) async fn add(caller: Caller, method: Method, JsonBody(body): JsonBody) -> Reply {
    scope(&caller, Resource::Reactions, &method)?;
    let body = as_object(body)?;
    let user_id = crate::client_policy::reaction_user(&caller, opt_str(&body, "user_id")?)?;
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
    for feed in &new.target_feeds {
        check_feed_id("feed", feed)?;
    }
    crate::client_policy::target_feeds(&caller, &new.target_feeds)?;
    let mut app = caller.app.lock();
    let reaction = app.reactions.add(new, Stamp::now())?;
    for feed in &reaction.target_feeds {
        app.add_to_feed(feed, reaction.target_activity())?;
    }
    crate::audit_logs::audit(
        &mut app,
        "reaction",
        &reaction.id,
        "create",
        &reaction.user_id,
    );
    let mut v = app.reactions.to_json(&reaction, None);
    echo_extra_data(&mut v, &body);
    created(v)
}

/// The add and update answers echo `target_feeds_extra_data` when the request gave it (reads
/// never show it).
fn echo_extra_data(answer: &mut Value, body: &Map<String, Value>) {
    if let (Some(extra @ Value::Object(_)), Some(obj)) =
        (body.get("target_feeds_extra_data"), answer.as_object_mut())
    {
        obj.insert("target_feeds_extra_data".into(), extra.clone());
    }
}

pub(super) async fn get_one(
    caller: Caller,
    method: Method,
    PathParams(id, _): PathParams<String>,
) -> Reply {
    scope(&caller, Resource::Reactions, &method)?;
    let app = caller.app.lock();
    let r = app.reactions.get_or_404(&id)?;
    let mut v = app.reactions.to_json(r, None);
    crate::enrich::attach_user(&app.users, &mut v);
    ok(v)
}

pub(super) async fn update(
    caller: Caller,
    method: Method,
    PathParams(id, _): PathParams<String>,
    JsonBody(body): JsonBody,
) -> Reply {
    scope(&caller, Resource::Reactions, &method)?;
    let body = as_object(body)?;
    let data = opt_object(&body, "data")?;
    let target_feeds = opt_str_list(&body, "target_feeds")?;
    let extra = opt_object(&body, "target_feeds_extra_data")?;
    let mut app = caller.app.lock();
    let owner = app.reactions.get_or_404(&id)?.user_id.clone();
    owns(&caller, Some(&owner), "a reaction")?;
    for feed in target_feeds.iter().flatten() {
        check_feed_id("feed", feed)?;
    }
    crate::client_policy::target_feeds(&caller, target_feeds.iter().flatten())?;
    let retarget = target_feeds.is_some();
    let (reaction, dropped) = app
        .reactions
        .update(&id, data, target_feeds, extra, Stamp::now())?;
    // Feeds no longer targeted lose the reaction's activity; the others get it as it is now.
    for feed in &dropped {
        app.remove_by_foreign_id(feed, &reaction.target_foreign_id());
    }
    if retarget {
        for feed in &reaction.target_feeds {
            app.add_to_feed(feed, reaction.target_activity())?;
        }
    }
    crate::audit_logs::audit(&mut app, "reaction", &id, "update", &owner);
    let mut v = app.reactions.to_json(&reaction, None);
    echo_extra_data(&mut v, &body);
    ok(v)
}

pub(super) async fn remove(
    caller: Caller,
    method: Method,
    params: Params,
    PathParams(id, _): PathParams<String>,
) -> Reply {
    scope(&caller, Resource::Reactions, &method)?;
    let soft = params.flag("soft", false)?;
    let mut app = caller.app.lock();
    let owner = app.reactions.get_or_404(&id)?.user_id.clone();
    owns(&caller, Some(&owner), "a reaction")?;
    let removed = app.reactions.delete(&id, soft, Stamp::now())?;
    for r in &removed {
        for feed in &r.target_feeds {
            app.remove_by_foreign_id(feed, &r.target_foreign_id());
        }
    }
    let action = if soft { "soft_delete" } else { "delete" };
    crate::audit_logs::audit(&mut app, "reaction", &id, action, &owner);
    ok(json!({}))
}

/// `PUT reaction/<id>/restore/` and `GET reaction/<by>/<value>/` share a path shape.
pub(super) async fn two_segments(
    caller: Caller,
    method: Method,
    params: Params,
    base: PublicBase,
    PathParams((a, b), _): PathParams<(String, String)>,
) -> Reply {
    if method == Method::PUT && b == "restore" {
        scope(&caller, Resource::Reactions, &method)?;
        let mut app = caller.app.lock();
        let owner = app.reactions.get_or_404(&a)?.user_id.clone();
        owns(&caller, Some(&owner), "a reaction")?;
        app.reactions.restore(&a)?;
        crate::audit_logs::audit(&mut app, "reaction", &a, "restore", &owner);
        return ok(json!({}));
    }
    if method == Method::GET || method == Method::HEAD {
        return filter(caller, method, params, base, a, b, None);
    }
    Err(ApiError::method_not_allowed())
}

pub(super) async fn filter_kind(
    caller: Caller,
    method: Method,
    params: Params,
    base: PublicBase,
    PathParams((a, b, c), _): PathParams<(String, String, String)>,
) -> Reply {
    filter(caller, method, params, base, a, b, Some(c))
}

fn filter(
    caller: Caller,
    method: Method,
    params: Params,
    PublicBase(base): PublicBase,
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
    // Whose own children: `children_user_id`, else `user_id`, else the token's user.
    let own_user = if with_own_children {
        params
            .get_nonempty("children_user_id")
            .or_else(|| params.get_nonempty("user_id"))
            .map(str::to_owned)
            .or_else(|| caller.user_id.clone())
    } else {
        None
    };
    let by_user = params.get_nonempty("filter_user_id").map(str::to_owned);
    let opts = FilterOptions {
        kind: kind.clone(),
        limit: params.usize("limit")?,
        id_lt: params.get_nonempty("id_lt").map(str::to_owned),
        id_lte: params.get_nonempty("id_lte").map(str::to_owned),
        id_gt: params.get_nonempty("id_gt").map(str::to_owned),
        id_gte: params.get_nonempty("id_gte").map(str::to_owned),
        own_children_of: own_user,
        by_user,
    };
    let external = crate::feed::ranking_vars(&params)?;
    let app = caller.app.lock();
    let mut page = match params.get_nonempty("ranking") {
        Some(name) => {
            let ranking = app.rankings.get(name, "reactions")?;
            app.reactions
                .ranked_filter(&lookup, &opts, ranking, &external)
        }
        None => app.reactions.filter(&lookup, &opts),
    };
    for r in &mut page.results {
        crate::enrich::attach_user(&app.users, r);
    }
    let next = match &page.next_id_lt {
        Some(last) => {
            let mut url = format!(
                "{API}/reaction/{}/{}/",
                lookup.name(),
                encode_component(lookup.value())
            );
            if let Some(k) = &kind {
                url.push_str(&format!("{}/", encode_component(k)));
            }
            url.push_str(&format!(
                "?id_lt={}&limit={}",
                encode_component(last),
                page.limit
            ));
            if with_own_children {
                url.push_str("&with_own_children=true");
            }
            if with_activity_data {
                url.push_str("&with_activity_data=true");
            }
            for name in [
                "user_id",
                "children_user_id",
                "filter_user_id",
                "ranking",
                "ranking_vars",
            ] {
                if let Some(v) = params.get_nonempty(name) {
                    url.push_str(&format!("&{name}={}", encode_component(v)));
                }
            }
            url
        }
        None => String::new(),
    };
    let mut out = Map::new();
    out.insert("results".into(), Value::Array(page.results));
    out.insert("next".into(), Value::String(next));
    if with_activity_data {
        if let Lookup::Activity(id) = &lookup {
            // The activity comes enriched, with its reactions, as an enriched read shows it.
            let mut activity: Vec<Value> = app.feeds.get(id).into_iter().collect();
            let opts = EnrichOptions {
                recent_reactions: true,
                own_reactions: true,
                reaction_counts: true,
                user_id: crate::enrich::enrich_user(&caller, &params),
                base,
                ..EnrichOptions::from_params(&params, None)
            };
            crate::enrich::enrich_with(Sources::of(&app), &mut activity, &opts);
            out.insert("activity".into(), activity.pop().unwrap_or(Value::Null));
        }
    }
    ok(Value::Object(out))
}

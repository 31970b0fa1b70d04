//! Personalization without a model: follow recommendations are friends-of-friends in the follow
//! graph, and the personalized feed is the user's feed, newest first. Data posted to any other
//! resource is kept and can be deleted again (`resources`).

mod resources;

use std::collections::BTreeMap;

use axum::Router;
use axum::http::Method;
use axum::routing::{get, post};
use serde_json::{Value, json};
use stream_auth::Resource;

use crate::auth::Caller;
use crate::auth::{owns, scope};
use crate::error::ApiError;
use crate::public_url::PublicBase;
use crate::query::Params;
use crate::reply::{Reply, ok};
use crate::router::RouterExt;
use crate::state::{AppState, SharedState};

/// Default page size of both endpoints.
pub(crate) const DEFAULT_LIMIT: usize = 10;
/// Largest page size.
pub(crate) const MAX_LIMIT: usize = 100;

/// The personalization routes.
pub(crate) fn routes() -> Router<SharedState> {
    Router::new()
        .both(
            "/personalization/v1.0/follow_recommendations",
            get(follow_recommendations)
                .post(resources::post_resource)
                .delete(resources::delete_resource),
        )
        // A catch-all takes the rest of the path, trailing slash included.
        .route(
            "/personalization/v1.0/{*resource}",
            post(resources::post_resource).delete(resources::delete_resource),
        )
        .both(
            "/api/v1.0/enrich/personalization/feed",
            get(personalized_feed),
        )
}

/// Feeds recommended to `user_id`: feeds followed by the feeds its `timeline` follows (and by
/// the timelines of their owners), minus feeds already followed and the user's own feeds; most
/// shared first, then by id.
pub(crate) fn recommend(state: &AppState, user_id: &str, feed_slug: &str) -> Vec<(String, usize)> {
    let source = format!("{feed_slug}:{user_id}");
    let followed = state.feeds.following_of(&source);
    let mut scores: BTreeMap<String, usize> = BTreeMap::new();
    for friend in &followed {
        let owner = friend.split_once(':').map_or("", |(_, u)| u);
        let mut via = state.feeds.following_of(friend);
        if !owner.is_empty() {
            via.extend(state.feeds.following_of(&format!("{feed_slug}:{owner}")));
        }
        via.sort();
        via.dedup();
        for candidate in via {
            let own = candidate.split_once(':').is_some_and(|(_, u)| u == user_id);
            if !own && !followed.contains(&candidate) {
                *scores.entry(candidate).or_default() += 1;
            }
        }
    }
    let mut out: Vec<(String, usize)> = scores.into_iter().collect();
    out.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    out
}

fn page_params(params: &Params) -> Result<(String, usize, usize), ApiError> {
    let user_id = params
        .get_nonempty("user_id")
        .ok_or_else(|| ApiError::input_field("user_id", "user_id is a required parameter"))?
        .to_owned();
    let limit = params.usize("limit")?.unwrap_or(DEFAULT_LIMIT);
    if limit > MAX_LIMIT {
        return Err(ApiError::input_field(
            "limit",
            format!("limit must be at most {MAX_LIMIT}"),
        ));
    }
    let offset = params.usize("offset")?.unwrap_or(0);
    Ok((user_id, limit, offset))
}

async fn follow_recommendations(caller: Caller, method: Method, params: Params) -> Reply {
    scope(&caller, Resource::Personalization, &method)?;
    let (user_id, limit, offset) = page_params(&params)?;
    owns(&caller, Some(&user_id), "recommendations")?;
    let slug = params
        .get_nonempty("feed_slug")
        .unwrap_or("timeline")
        .to_owned();
    let app = caller.app.lock();
    let results: Vec<Value> = recommend(&app, &user_id, &slug)
        .into_iter()
        .skip(offset)
        .take(limit)
        .map(|(feed, score)| {
            let user = feed.split_once(':').map_or("", |(_, u)| u).to_owned();
            json!({"foreign_id": feed, "feed_id": feed, "user_id": user, "score": score})
        })
        .collect();
    let body = json!({"results": results, "limit": limit, "offset": offset, "version": "emulator", "next": ""});
    ok(body)
}

async fn personalized_feed(
    caller: Caller,
    method: Method,
    params: Params,
    PublicBase(base): PublicBase,
) -> Reply {
    scope(&caller, Resource::Personalization, &method)?;
    let (user_id, limit, offset) = page_params(&params)?;
    crate::client_policy::own_user_data(&caller, &user_id, "personalized feed")?;
    let slug = params
        .get_nonempty("feed_slug")
        .unwrap_or("timeline")
        .to_owned();
    let feed = format!("{slug}:{user_id}");
    crate::fields::check_target_feed("feed_slug", &feed)?;
    let app = caller.app.lock();
    let mut results = app.feeds.newest(&feed, limit, offset);
    let user = caller.user_id.as_deref();
    crate::enrich::enrich_activities(&app, &mut results, &params, user, &base);
    let body = json!({"results": results, "limit": limit, "offset": offset, "version": "emulator", "next": ""});
    ok(body)
}

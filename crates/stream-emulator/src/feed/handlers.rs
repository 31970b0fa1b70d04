//! Handlers of a feed: read (plain and enriched), add activities, remove an activity.

use serde_json::{Value, json};
use stream_auth::{Action, Resource};

use super::activity::{PreparedActivity, feed_of, prepare};
use super::kinds::FeedKind;
use super::ranked::{RankedRead, ranked_page};
use super::ranking::{missing_ranking, ranking_vars};
use super::read::{Marks, Page, flat_page, grouped_page};
use crate::auth::{Caller, require};
use crate::enrich::enrich_user;
use crate::error::{ApiError, ApiResult};
use crate::extract::{JsonBody, PathParams};
use crate::public_url::PublicBase;
use crate::query::Params;
use crate::reply::{Reply, ok};
use crate::state::AppState;

/// Most activities in one add request.
pub(crate) const MAX_BATCH_ADD: usize = 1000;

/// `GET feed/<slug>/<user>/`.
pub(crate) async fn read_feed(
    caller: Caller,
    PathParams((slug, user), _): PathParams<(String, String)>,
    params: Params,
) -> Reply {
    read(&caller, &slug, &user, &params, None)
}

/// `GET enrich/feed/<slug>/<user>/`.
pub(crate) async fn read_feed_enriched(
    caller: Caller,
    PathParams((slug, user), _): PathParams<(String, String)>,
    params: Params,
    PublicBase(base): PublicBase,
) -> Reply {
    read(&caller, &slug, &user, &params, Some(&base))
}

/// Reads a feed; enriched when `enrich` holds the base URL the client reached us on.
fn read(caller: &Caller, slug: &str, user: &str, params: &Params, enrich: Option<&str>) -> Reply {
    let feed = feed_of(slug, user)?;
    require(caller, Resource::Feed, Action::Read, Some(&feed))?;
    crate::client_policy::read_feed(caller, &feed)?;
    let external = ranking_vars(params)?;
    let page = Page::from_params(params)?;
    let mut guard = caller.app.lock();
    let st: &mut AppState = &mut guard;
    let kind = st.kinds.kind(slug);
    if let Some(name) = params.get_nonempty("ranking") {
        if kind != FeedKind::Flat {
            return Err(missing_ranking(name, slug));
        }
        let read = RankedRead {
            ranking: st.rankings.get(name, slug)?,
            external,
            score_vars: params.flag("withScoreVars", false)?,
        };
        let (mut results, more) = ranked_page(&st.feeds, &feed, &page, &read);
        if let Some(base) = enrich {
            let uid = enrich_user(caller, params);
            crate::enrich::enrich_activities(st, &mut results, params, uid.as_deref(), base);
        }
        let next = if more {
            let prefix = if enrich.is_some() { "enrich/" } else { "" };
            ranked_next_link(
                caller,
                params,
                &format!("{prefix}feed/{slug}/{user}/"),
                &page,
                name,
            )
        } else {
            String::new()
        };
        return ok(json!({ "results": results, "next": next }));
    }
    let prefix = if enrich.is_some() { "enrich/" } else { "" };
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
            if let Some(base) = enrich {
                crate::enrich::enrich_activities(st, &mut results, params, uid.as_deref(), base);
            }
            let last = results
                .last()
                .and_then(|a| a.get("id"))
                .and_then(Value::as_str)
                .filter(|_| more);
            let next = next_link(last);
            ok(json!({ "results": results, "next": next }))
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
            if let Some(base) = enrich {
                if let Some(groups) = out.get_mut("results").and_then(Value::as_array_mut) {
                    for g in groups {
                        if let Some(acts) = g.get_mut("activities").and_then(Value::as_array_mut) {
                            crate::enrich::enrich_activities(
                                st,
                                acts,
                                params,
                                uid.as_deref(),
                                base,
                            );
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
            ok(out)
        }
    }
}

/// `POST feed/<slug>/<user>/`: one activity, or `{"activities":[...]}`.
pub(crate) async fn add_activities(
    caller: Caller,
    PathParams((slug, user), _): PathParams<(String, String)>,
    JsonBody(body): JsonBody,
) -> Reply {
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
            let prepared = list
                .iter()
                .map(|a| client_side_add(&caller, a))
                .collect::<ApiResult<Vec<_>>>()?;
            let mut guard = caller.app.lock();
            let st: &mut AppState = &mut guard;
            let out: Vec<Value> = prepared
                .into_iter()
                .map(|p| added(st, &caller, &feed, p))
                .collect();
            ok(json!({ "activities": out }))
        }
        Some(_) if body.get("verb").is_none() => Err(ApiError::input_field(
            "activities",
            "activities must be a list",
        )),
        _ => {
            let p = client_side_add(&caller, &body)?;
            let mut guard = caller.app.lock();
            let st: &mut AppState = &mut guard;
            ok(added(st, &caller, &feed, p))
        }
    }
}

/// Prepares one activity to add, with the client-side policy's checks of its actor and `to`
/// targets.
fn client_side_add(caller: &Caller, activity: &Value) -> ApiResult<PreparedActivity> {
    let p = prepare(activity)?;
    crate::client_policy::activity_actor(caller, activity)?;
    crate::client_policy::target_feeds(caller, &p.to)?;
    Ok(p)
}

/// Adds a prepared activity to `feed` and leaves an audit entry for it; returns the activity as
/// the add answers it.
fn added(st: &mut AppState, caller: &Caller, feed: &str, p: PreparedActivity) -> Value {
    let out = st.feeds.add(feed, p, &st.hub);
    if let Some(id) = out.get("id").and_then(Value::as_str) {
        let user = caller.user_id.as_deref().unwrap_or("");
        crate::audit_logs::audit(st, "activity", id, "create", user);
    }
    out
}

/// The `next` link of a ranked read: the next `offset`, with the ranking and what its scores
/// depend on (`ranking_vars`, `withScoreVars`).
fn ranked_next_link(
    caller: &Caller,
    params: &Params,
    path: &str,
    page: &Page,
    name: &str,
) -> String {
    use crate::query::encode_component as enc;
    let mut link = format!(
        "/api/v1.0/{path}?api_key={}&limit={}&offset={}&ranking={}",
        enc(caller.api_key()),
        page.limit,
        page.offset + page.limit,
        enc(name)
    );
    for extra in ["ranking_vars", "rankingVars", "withScoreVars"] {
        if let Some(v) = params.get_nonempty(extra) {
            link.push_str(&format!("&{extra}={}", enc(v)));
        }
    }
    link
}

/// `DELETE feed/<slug>/<user>/<activity_id or foreign_id>/[?foreign_id=1]`.
pub(crate) async fn remove_activity(
    caller: Caller,
    PathParams((slug, user, id), _): PathParams<(String, String, String)>,
    params: Params,
) -> Reply {
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
    ok(json!({ "removed": id }))
}

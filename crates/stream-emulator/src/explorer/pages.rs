//! The home page (the app, its feed groups and newest activities) and the feed page.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use axum::extract::{Path, Query, State};
use axum::response::Response;
use serde::Deserialize;
use serde_json::{Map, Value, json};

use super::Explorer;
use super::html::{count, esc, feed_link, page, pager, table, text_of, unknown_app, url_part};
use crate::feed::{FeedKind, FeedStore, Page};
use crate::state::FeedChange;

/// Activities a page lists.
pub(crate) const PER_PAGE: usize = 50;
/// Feeds listed per group on the home page.
const FEEDS_PER_GROUP: usize = 100;
/// Fields an activity row shows in their own columns (the rest are custom fields).
const OWN_COLUMNS: [&str; 8] = [
    "id",
    "actor",
    "verb",
    "object",
    "time",
    "origin",
    "foreign_id",
    "target",
];

/// `?app=KEY&page=N` (a page that is not a number is the first).
#[derive(Debug, Default, Deserialize)]
pub(crate) struct PageQuery {
    pub(crate) app: Option<String>,
    #[serde(default, rename = "page")]
    page_text: Option<String>,
}

impl PageQuery {
    /// The 0-based page asked for.
    pub(crate) fn page(&self) -> usize {
        self.page_text
            .as_deref()
            .and_then(|p| p.parse().ok())
            .unwrap_or(0)
    }
}

/// A feed change as the event stream sends it.
pub(crate) fn change_json(change: &FeedChange) -> Value {
    let new: Vec<Value> = change
        .new
        .iter()
        .map(|a| {
            json!({
                "id": a.get("id"), "actor": a.get("actor"), "verb": a.get("verb"),
                "object": a.get("object"), "time": a.get("time"),
            })
        })
        .collect();
    json!({
        "app_id": change.app_id, "feed_id": change.feed_id, "new": new,
        "deleted": change.deleted, "mark_seen": change.mark_seen, "mark_read": change.mark_read,
    })
}

/// The custom fields of an activity as `key: value` lines, escaped.
fn custom_fields(data: &Map<String, Value>) -> String {
    let mut out = String::new();
    for (k, v) in data {
        if OWN_COLUMNS.contains(&k.as_str()) || k == "to" {
            continue;
        }
        let _ = write!(
            out,
            "<div class=\"field\"><b>{}</b>: {}</div>",
            esc(k),
            esc(&text_of(v))
        );
    }
    out
}

/// One activity row: time, actor, verb, object, feeds, custom fields, id.
fn activity_row(data: &Map<String, Value>, feeds: &str) -> Vec<String> {
    let field = |k: &str| esc(&data.get(k).map(text_of).unwrap_or_default());
    vec![
        field("time"),
        format!("<span class=\"actor\">{}</span>", field("actor")),
        field("verb"),
        field("object"),
        feeds.to_owned(),
        custom_fields(data),
        format!("<code>{}</code>", field("id")),
    ]
}

const ACTIVITY_HEAD: [&str; 7] = ["time", "actor", "verb", "object", "feeds", "custom", "id"];

/// Feed ids by group slug, with activity counts.
fn feed_groups(store: &FeedStore) -> BTreeMap<&str, Vec<(&str, usize)>> {
    let mut groups: BTreeMap<&str, Vec<(&str, usize)>> = BTreeMap::new();
    for (id, feed) in store.feeds.iter() {
        let slug = id.split_once(':').map_or(id.as_str(), |(s, _)| s);
        groups
            .entry(slug)
            .or_default()
            .push((id.as_str(), feed.entries.len()));
    }
    for feeds in groups.values_mut() {
        feeds.sort_unstable();
    }
    groups
}

/// `/`: the app, its feed groups and the newest activities across the app.
pub(crate) async fn home(State(ex): State<Explorer>, Query(q): Query<PageQuery>) -> Response {
    let app_key = q.app.as_deref();
    let Some(app) = ex.app(app_key) else {
        return unknown_app(app_key);
    };
    let mut body = String::new();
    let _ = write!(
        body,
        "<h1>Stream emulator</h1><dl class=\"app\"><dt>api key</dt><dd id=\"api-key\">{}</dd>\
         <dt>app id</dt><dd id=\"app-id\">{}</dd><dt>base URL</dt><dd>{}</dd></dl>",
        esc(&app.api_key),
        esc(&app.app_id),
        esc(&ex.state.base_url)
    );
    let keys = ex.app_keys();
    if keys.len() > 1 {
        body.push_str("<p>Apps: ");
        for key in keys {
            let _ = write!(
                body,
                "<a href=\"/?app={}\">{}</a> ",
                url_part(key),
                esc(key)
            );
        }
        body.push_str("</p>");
    }
    let data = app.lock();
    let store = &data.feeds;
    body.push_str("<h2>Feed groups</h2>");
    let groups = feed_groups(store);
    if groups.is_empty() {
        body.push_str("<p class=\"empty\">No feeds yet.</p>");
    }
    for (slug, feeds) in &groups {
        let kind = match data.kinds.kind(slug) {
            FeedKind::Flat => "flat",
            FeedKind::Aggregated => "aggregated",
            FeedKind::Notification => "notification",
        };
        let _ = write!(
            body,
            "<section class=\"group\"><h3>{} <small>{kind}, {}</small></h3><ul>",
            esc(slug),
            count(feeds.len(), "feed", "feeds")
        );
        for (id, n) in feeds.iter().take(FEEDS_PER_GROUP) {
            let _ = write!(
                body,
                "<li>{} <span class=\"count\">{}</span></li>",
                feed_link(id, app_key),
                count(*n, "activity", "activities")
            );
        }
        if feeds.len() > FEEDS_PER_GROUP {
            let _ = write!(body, "<li>and {} more</li>", feeds.len() - FEEDS_PER_GROUP);
        }
        body.push_str("</ul></section>");
    }
    let mut newest: Vec<(&String, &crate::feed::StoredActivity)> =
        store.activities.iter().collect();
    let total = newest.len();
    newest.sort_unstable_by(|a, b| b.1.time_us.cmp(&a.1.time_us).then(b.0.cmp(a.0)));
    let rows: Vec<Vec<String>> = newest
        .iter()
        .skip(q.page().saturating_mul(PER_PAGE))
        .take(PER_PAGE)
        .map(|(_, a)| {
            let feeds: Vec<String> = a.feeds.iter().map(|f| feed_link(f, app_key)).collect();
            activity_row(&a.data, &feeds.join(" "))
        })
        .collect();
    drop(data);
    let _ = write!(body, "<h2>Newest activities <small>{total}</small></h2>");
    body.push_str(&table("activities", &ACTIVITY_HEAD, &rows));
    let base = format!("/{}", super::html::app_query(app_key, '?'));
    body.push_str(&pager(&base, q.page(), PER_PAGE, total));
    page("Stream emulator", app_key, &body)
}

/// `/explorer/feed/{slug}/{user}`: the feed's activities (groups for aggregated and
/// notification feeds), followers, following and a live tail.
pub(crate) async fn feed(
    State(ex): State<Explorer>,
    Path((slug, user)): Path<(String, String)>,
    Query(q): Query<PageQuery>,
) -> Response {
    let app_key = q.app.as_deref();
    let Some(app) = ex.app(app_key) else {
        return unknown_app(app_key);
    };
    let feed_id = format!("{slug}:{user}");
    let mut data = app.lock();
    let kind = data.kinds.kind(&slug);
    let mut body = format!(
        "<h1 data-feed=\"{}\">Feed {}</h1>",
        esc(&feed_id),
        esc(&feed_id)
    );
    let total = data
        .feeds
        .feeds
        .get(&feed_id)
        .map_or(0, |f| f.entries.len());
    let listing = Page {
        limit: PER_PAGE,
        offset: q.page().saturating_mul(PER_PAGE),
        ..Page::default()
    };
    match kind {
        FeedKind::Flat => {
            let _ = write!(body, "<h2>Activities <small>{total}</small></h2>");
            let rows: Vec<Vec<String>> = data
                .feeds
                .newest(&feed_id, listing.limit, listing.offset)
                .iter()
                .filter_map(Value::as_object)
                .map(|a| {
                    let origin = a.get("origin").and_then(Value::as_str).unwrap_or("");
                    let from = if origin.is_empty() {
                        String::new()
                    } else {
                        format!("via {}", feed_link(origin, app_key))
                    };
                    activity_row(a, &from)
                })
                .collect();
            body.push_str(&table("activities", &ACTIVITY_HEAD, &rows));
        }
        FeedKind::Aggregated | FeedKind::Notification => {
            let notification = kind == FeedKind::Notification;
            let _ = write!(body, "<h2>Groups <small>{total} activities</small></h2>");
            let hub = data.hub.clone();
            let groups = crate::feed::grouped_page(
                &mut data.feeds,
                &feed_id,
                &listing,
                notification,
                None,
                None,
                &hub,
            )
            .unwrap_or(Value::Null);
            body.push_str(&group_tables(&groups, notification));
        }
    }
    let base = format!(
        "/explorer/feed/{}/{}{}",
        url_part(&slug),
        url_part(&user),
        super::html::app_query(app_key, '?')
    );
    body.push_str(&pager(&base, q.page(), PER_PAGE, total));
    for (title, map) in [
        ("Followers", data.feeds.followers.get(&feed_id)),
        ("Following", data.feeds.following.get(&feed_id)),
    ] {
        let rows: Vec<Vec<String>> = map
            .into_iter()
            .flatten()
            .map(|(other, f)| vec![feed_link(other, app_key), esc(&f.created_at)])
            .collect();
        let _ = write!(body, "<h2>{title} <small>{}</small></h2>", rows.len());
        let class = title.to_lowercase();
        body.push_str(&table(&class, &["feed", "since"], &rows));
    }
    drop(data);
    body.push_str(
        "<h2>Live tail</h2><p>Realtime messages this feed's subscribers receive, newest \
         first, from when this page opened.</p><ol id=\"tail\"></ol>",
    );
    page(&format!("Feed {feed_id}"), app_key, &body)
}

/// Aggregated or notification groups: one table per group.
fn group_tables(groups: &Value, notification: bool) -> String {
    let mut out = String::new();
    let results = groups.get("results").and_then(Value::as_array);
    for g in results.into_iter().flatten() {
        let text = |k: &str| esc(&g.get(k).map(text_of).unwrap_or_default());
        let _ = write!(
            out,
            "<section class=\"agg\"><h3>{} <small>{} activities, {} actors",
            text("group"),
            text("activity_count"),
            text("actor_count")
        );
        if notification {
            let _ = write!(
                out,
                ", seen: {}, read: {}",
                text("is_seen"),
                text("is_read")
            );
        }
        out.push_str("</small></h3>");
        let rows: Vec<Vec<String>> = g
            .get("activities")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_object)
            .map(|a| activity_row(a, ""))
            .collect();
        out.push_str(&table("activities", &ACTIVITY_HEAD, &rows));
        out.push_str("</section>");
    }
    if out.is_empty() {
        out.push_str("<p class=\"empty\">None yet.</p>");
    }
    out
}

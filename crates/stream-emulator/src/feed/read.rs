//! Reading feeds: flat pages (offset and id_lt/lte/gt/gte), aggregated groups (by verb and day)
//! and notification groups with seen/read state.

use std::collections::HashMap;
use std::ops::Bound;

use serde_json::{Map, Value, json};

use super::activity::feed_key;
use super::ids::{hashed_id, time_of_uuid};
use super::store::{Entry, FeedStore, as_served};
use super::time::{day_of, format_time};
use crate::error::ApiError;
use crate::query::Params;
use crate::state::{ChangeHub, FeedChange};

/// Default page size.
pub(crate) const DEFAULT_LIMIT: usize = 25;
/// Largest page size.
pub(crate) const MAX_LIMIT: usize = 100;
/// Largest offset.
pub(crate) const MAX_OFFSET: usize = 10_000;
/// Most activities listed inside one aggregated group.
pub(crate) const MAX_GROUP_ACTIVITIES: usize = 100;

/// Paging parameters of a read.
#[derive(Debug, Clone, Default)]
pub(crate) struct Page {
    /// Page size.
    pub(crate) limit: usize,
    /// Entries to skip.
    pub(crate) offset: usize,
    /// `id_lt`, `id_lte`, `id_gt`, `id_gte`.
    pub(crate) id_lt: Option<String>,
    /// `id_lte`.
    pub(crate) id_lte: Option<String>,
    /// `id_gt`.
    pub(crate) id_gt: Option<String>,
    /// `id_gte`.
    pub(crate) id_gte: Option<String>,
}

impl Page {
    /// Reads `limit`, `offset` and the id filters from a query.
    pub(crate) fn from_params(p: &Params) -> Result<Self, ApiError> {
        let limit = p.usize("limit")?.unwrap_or(DEFAULT_LIMIT);
        if limit > MAX_LIMIT {
            return Err(ApiError::input_field(
                "limit",
                format!("limit must be at most {MAX_LIMIT}"),
            ));
        }
        let offset = p.usize("offset")?.unwrap_or(0);
        if offset > MAX_OFFSET {
            return Err(ApiError::input_field(
                "offset",
                format!("offset must be at most {MAX_OFFSET}"),
            ));
        }
        let id = |n: &str| p.get_nonempty(n).map(str::to_owned);
        Ok(Page {
            limit,
            offset,
            id_lt: id("id_lt"),
            id_lte: id("id_lte"),
            id_gt: id("id_gt"),
            id_gte: id("id_gte"),
        })
    }
}

/// The sort key an id cursor stands for: the activity's own key when known, else its UUID time;
/// `None` for an id that is neither (nothing can match it).
fn cursor_key(store: &FeedStore, id: &str) -> Option<String> {
    if let Some(a) = store.activities.get(id) {
        return Some(feed_key(a.time_us, id));
    }
    time_of_uuid(id).map(|t| feed_key(t, id))
}

fn served(store: &FeedStore, e: &Entry) -> Option<Value> {
    let a = store.activities.get(&e.id)?;
    Some(as_served(a.data.clone(), e.origin.as_deref()))
}

/// A flat page, newest first. Returns the activities and whether more follow.
pub(crate) fn flat_page(
    store: &FeedStore,
    feed: &str,
    page: &Page,
) -> Result<(Vec<Value>, bool), ApiError> {
    let Some(f) = store.feeds.get(feed) else {
        return Ok((Vec::new(), false));
    };
    let key = |id: &String| cursor_key(store, id);
    let upper = match (&page.id_lt, &page.id_lte) {
        (Some(id), _) => key(id).map(Bound::Excluded),
        (None, Some(id)) => key(id).map(Bound::Included),
        _ => Some(Bound::Unbounded),
    };
    let lower = match (&page.id_gt, &page.id_gte) {
        (Some(id), _) => key(id).map(Bound::Excluded),
        (None, Some(id)) => key(id).map(Bound::Included),
        _ => Some(Bound::Unbounded),
    };
    let (Some(upper), Some(lower)) = (upper, lower) else {
        return Ok((Vec::new(), false));
    };
    if let (Bound::Included(l) | Bound::Excluded(l), Bound::Included(u) | Bound::Excluded(u)) =
        (&lower, &upper)
    {
        if l > u {
            return Ok((Vec::new(), false));
        }
    }
    let mut it = f.entries.range((lower, upper)).rev().skip(page.offset);
    let out: Vec<Value> = it
        .by_ref()
        .take(page.limit)
        .filter_map(|(_, e)| served(store, e))
        .collect();
    let more = it.next().is_some();
    Ok((out, more))
}

/// One computed group.
struct Group {
    key: String,
    verb: String,
    entries: Vec<Entry>,
    max_seq: u64,
}

/// Groups of an aggregated or notification feed, newest group first.
fn groups(store: &FeedStore, feed: &str) -> Vec<Group> {
    let Some(f) = store.feeds.get(feed) else {
        return Vec::new();
    };
    let mut order: Vec<Group> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    for e in f.entries.values().rev() {
        let Some(a) = store.activities.get(&e.id) else {
            continue;
        };
        let verb = a
            .data
            .get("verb")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_owned();
        let key = group_key(&a.data, a.time_us);
        let i = *index.entry(key.clone()).or_insert_with(|| {
            order.push(Group {
                key,
                verb,
                entries: Vec::new(),
                max_seq: 0,
            });
            order.len() - 1
        });
        if let Some(g) = order.get_mut(i) {
            g.max_seq = g.max_seq.max(e.seq);
            g.entries.push(e.clone());
        }
    }
    order
}

/// The group an activity (served `data`, time `time_us`) lands in on a grouped feed: its verb
/// and day (`post_2024-01-02`), as the read's `group` field shows it.
pub(crate) fn group_key(data: &Map<String, Value>, time_us: i64) -> String {
    let verb = data.get("verb").and_then(Value::as_str).unwrap_or("");
    format!("{verb}_{}", day_of(time_us))
}

fn group_id(feed: &str, key: &str) -> String {
    hashed_id(&format!("{feed}|{key}"))
}

/// Reads an aggregated (`notification == false`) or notification feed page, then applies
/// `mark_seen`/`mark_read` (`true`, `current` for the groups on this page, or a list of group
/// ids). The page shows the state before marking.
/// Groups whose seen/read state changed are published on `hub`.
pub(crate) fn grouped_page(
    store: &mut FeedStore,
    feed: &str,
    page: &Page,
    notification: bool,
    mark_seen: Option<Marks>,
    mark_read: Option<Marks>,
    hub: &ChangeHub,
) -> Result<Value, ApiError> {
    let all = groups(store, feed);
    let (seen, read) = store
        .feeds
        .get(feed)
        .map(|f| (f.seen.clone(), f.read.clone()))
        .unwrap_or_default();
    let is_marked =
        |m: &HashMap<String, u64>, g: &Group| m.get(&g.key).is_some_and(|s| *s >= g.max_seq);
    let unseen = all.iter().filter(|g| !is_marked(&seen, g)).count();
    let unread = all.iter().filter(|g| !is_marked(&read, g)).count();
    let start = match (&page.id_lt, &page.id_lte) {
        (Some(id), _) => all
            .iter()
            .position(|g| &group_id(feed, &g.key) == id)
            .map_or(all.len(), |p| p + 1),
        (None, Some(id)) => all
            .iter()
            .position(|g| &group_id(feed, &g.key) == id)
            .unwrap_or(all.len()),
        _ => 0,
    };
    let end = match (&page.id_gt, &page.id_gte) {
        (Some(id), _) => all
            .iter()
            .position(|g| &group_id(feed, &g.key) == id)
            .unwrap_or(all.len()),
        (None, Some(id)) => all
            .iter()
            .position(|g| &group_id(feed, &g.key) == id)
            .map_or(all.len(), |p| p + 1),
        _ => all.len(),
    };
    let window = all.get(start..end.max(start)).unwrap_or(&[]);
    let mut results = Vec::new();
    let mut on_page = Vec::new();
    for g in window.iter().skip(page.offset).take(page.limit) {
        on_page.push(group_id(feed, &g.key));
        let activities: Vec<Value> = g
            .entries
            .iter()
            .take(MAX_GROUP_ACTIVITIES)
            .filter_map(|e| served(store, e))
            .collect();
        let mut actors: Vec<&str> = g
            .entries
            .iter()
            .filter_map(|e| store.activities.get(&e.id)?.data.get("actor")?.as_str())
            .collect();
        actors.sort_unstable();
        actors.dedup();
        let times: Vec<i64> = g
            .entries
            .iter()
            .filter_map(|e| store.activities.get(&e.id).map(|a| a.time_us))
            .collect();
        let mut obj = json!({
            "id": group_id(feed, &g.key),
            "group": g.key,
            "verb": g.verb,
            "activities": activities,
            "activity_count": g.entries.len(),
            "actor_count": actors.len(),
            "created_at": format_time(times.iter().copied().min().unwrap_or(0)),
            "updated_at": format_time(times.iter().copied().max().unwrap_or(0)),
        });
        if let (true, Some(o)) = (notification, obj.as_object_mut()) {
            o.insert("is_seen".into(), Value::Bool(is_marked(&seen, g)));
            o.insert("is_read".into(), Value::Bool(is_marked(&read, g)));
        }
        results.push(obj);
    }
    let more = window.len() > page.offset + results.len();
    let mut out = Map::new();
    out.insert("results".into(), Value::Array(results));
    out.insert("more".into(), Value::Bool(more));
    if notification {
        out.insert("unseen".into(), json!(unseen));
        out.insert("unread".into(), json!(unread));
        let mut change = FeedChange {
            feed_id: feed.to_owned(),
            ..FeedChange::default()
        };
        if let Some(f) = store.feeds.get_mut(feed) {
            for (marks, target, marked) in [
                (mark_seen, &mut f.seen, &mut change.mark_seen),
                (mark_read, &mut f.read, &mut change.mark_read),
            ] {
                let Some(marks) = marks else { continue };
                for g in &all {
                    let id = group_id(feed, &g.key);
                    if marks.covers(&id, &on_page) {
                        if target.get(&g.key).is_none_or(|s| *s < g.max_seq) {
                            marked.push(id);
                        }
                        target.insert(g.key.clone(), g.max_seq);
                    }
                }
            }
        }
        if !change.mark_seen.is_empty() || !change.mark_read.is_empty() {
            hub.publish(change);
        }
    }
    Ok(Value::Object(out))
}

/// `mark_seen`/`mark_read`: all groups, the groups of this read, or some group ids.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Marks {
    /// `true`.
    All,
    /// `current`: the groups this read returns.
    Current,
    /// A list of group ids.
    Ids(Vec<String>),
}

impl Marks {
    /// Reads `name` from a query: `true`/`True`/`1` → all; `current` → this page's groups;
    /// `false`/absent → none; else a list of group ids.
    pub(crate) fn from_params(p: &Params, name: &str) -> Option<Marks> {
        let v = p.get_nonempty(name)?;
        if v == "current" {
            return Some(Marks::Current);
        }
        match crate::query::parse_bool(v) {
            Some(true) => Some(Marks::All),
            Some(false) => None,
            None => Some(Marks::Ids(p.list(name))),
        }
    }

    /// Whether group `id` is marked, `on_page` being the group ids this read returns.
    fn covers(&self, id: &str, on_page: &[String]) -> bool {
        match self {
            Marks::All => true,
            Marks::Current => on_page.iter().any(|i| i == id),
            Marks::Ids(ids) => ids.iter().any(|i| i == id),
        }
    }
}

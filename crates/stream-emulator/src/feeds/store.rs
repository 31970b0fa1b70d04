//! In-memory feed data of one app: activities, feed contents, follow relationships, and the
//! write operations on them (add with fan-out, remove, follow/unfollow, to-targets, updates).

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::activity::{PreparedActivity, feed_key};
use super::time::{format_rfc3339, now_us};
use crate::state::{ChangeHub, FeedChange};

/// Most activities a feed keeps (older ones are trimmed, as the service's max feed length does).
pub const MAX_FEED_LEN: usize = 3600;
/// Default `activity_copy_limit` of a follow.
pub const DEFAULT_COPY_LIMIT: usize = 100;
/// Largest `activity_copy_limit`.
pub const MAX_COPY_LIMIT: usize = 1000;

/// One stored activity.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct StoredActivity {
    /// Time in microseconds since the epoch.
    pub time_us: i64,
    /// The activity as served (without `origin`).
    pub data: Map<String, Value>,
    /// The feed it was added to (empty when created by `update_activities` only).
    pub source: String,
    /// Feeds holding it.
    pub feeds: BTreeSet<String>,
}

/// One activity's place in a feed.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Entry {
    /// Activity id.
    pub id: String,
    /// The followed feed it came through (`None` for the feed's own and `to`-targeted activities).
    pub origin: Option<String>,
    /// Insertion sequence (for notification seen/read state).
    pub seq: u64,
}

/// One feed: entries sorted by `time|id`, plus notification state.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Feed {
    /// Entries by sort key (oldest first).
    pub entries: BTreeMap<String, Entry>,
    /// Group key → highest seq seen.
    #[serde(default)]
    pub seen: HashMap<String, u64>,
    /// Group key → highest seq read.
    #[serde(default)]
    pub read: HashMap<String, u64>,
}

/// A follow relationship.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Follow {
    /// When it was created (RFC 3339).
    pub created_at: String,
    /// When it was last updated (RFC 3339).
    pub updated_at: String,
    /// Creation order.
    pub seq: u64,
}

/// Activities, feed contents and follow relationships of one app.
#[derive(Debug, Default, Clone, Serialize, Deserialize)]
pub struct FeedStore {
    /// Activities by id.
    pub activities: HashMap<String, StoredActivity>,
    /// Feeds by id (`slug:user`).
    pub feeds: HashMap<String, Feed>,
    /// source → target → relationship.
    pub following: HashMap<String, BTreeMap<String, Follow>>,
    /// target → source → relationship.
    pub followers: HashMap<String, BTreeMap<String, Follow>>,
    /// Sequence counter.
    pub seq: u64,
}

fn served_with_origin(a: &StoredActivity, origin: Option<&str>) -> Value {
    let mut m = a.data.clone();
    m.insert(
        "origin".into(),
        origin.map_or(Value::Null, |o| Value::String(o.to_owned())),
    );
    Value::Object(m)
}

impl FeedStore {
    fn next_seq(&mut self) -> u64 {
        self.seq += 1;
        self.seq
    }

    /// An activity as served without feed context (`get_activities`).
    pub fn get(&self, id: &str) -> Option<Value> {
        self.activities
            .get(id)
            .map(|a| Value::Object(a.data.clone()))
    }

    /// Followers of a feed (source feed ids).
    pub fn followers_of(&self, feed: &str) -> Vec<String> {
        self.followers
            .get(feed)
            .map(|m| m.keys().cloned().collect())
            .unwrap_or_default()
    }

    /// Feeds a feed follows.
    pub fn following_of(&self, feed: &str) -> Vec<String> {
        self.following
            .get(feed)
            .map(|m| m.keys().cloned().collect())
            .unwrap_or_default()
    }

    /// Places activity `id` in `feed`; returns the served activity when it was not there yet.
    fn place(&mut self, feed: &str, id: &str, origin: Option<&str>) -> Option<Value> {
        let seq = self.next_seq();
        let act = self.activities.get_mut(id)?;
        let key = feed_key(act.time_us, id);
        let f = self.feeds.entry(feed.to_owned()).or_default();
        if f.entries.contains_key(&key) {
            return None;
        }
        f.entries.insert(
            key,
            Entry {
                id: id.to_owned(),
                origin: origin.map(str::to_owned),
                seq,
            },
        );
        act.feeds.insert(feed.to_owned());
        let served = served_with_origin(act, origin);
        let mut trimmed = Vec::new();
        while f.entries.len() > MAX_FEED_LEN {
            match f.entries.pop_first() {
                Some((_, e)) => trimmed.push(e.id),
                None => break,
            }
        }
        for t in trimmed {
            self.forget_placement(&t, feed);
        }
        Some(served)
    }

    fn forget_placement(&mut self, id: &str, feed: &str) {
        if let Some(a) = self.activities.get_mut(id) {
            a.feeds.remove(feed);
            if a.feeds.is_empty() && !a.source.is_empty() {
                self.activities.remove(id);
            }
        }
    }

    /// Removes activity `id` from `feed` only; returns whether it was there.
    fn unplace(&mut self, feed: &str, id: &str, hub: &ChangeHub) -> bool {
        let Some(a) = self.activities.get(id) else {
            return false;
        };
        let key = feed_key(a.time_us, id);
        let fid = a
            .data
            .get("foreign_id")
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty())
            .map(str::to_owned);
        let time = a
            .data
            .get("time")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned();
        let removed = self
            .feeds
            .get_mut(feed)
            .and_then(|f| f.entries.remove(&key))
            .is_some();
        if removed {
            self.forget_placement(id, feed);
            hub.publish(FeedChange {
                feed_id: feed.to_owned(),
                deleted: vec![id.to_owned()],
                deleted_foreign_ids: fid.map(|f| vec![(f, time)]).unwrap_or_default(),
                ..FeedChange::default()
            });
        }
        removed
    }

    /// Publishes `served` as new in `feed`; on grouped feeds it carries the `group` it is in.
    fn publish_new(&self, hub: &ChangeHub, feed: &str, mut served: Value) {
        if hub.is_grouped(feed) {
            let stored = served
                .get("id")
                .and_then(Value::as_str)
                .and_then(|id| self.activities.get(id));
            if let (Some(a), Some(m)) = (stored, served.as_object_mut()) {
                let group = super::read::group_key(&a.data, a.time_us);
                m.insert("group".into(), Value::String(group));
            }
        }
        hub.publish(FeedChange {
            feed_id: feed.to_owned(),
            new: vec![served],
            ..FeedChange::default()
        });
    }

    /// Places `id` in `feed` and fans it out to the feed's followers (origin = `feed`).
    fn place_with_fanout(&mut self, feed: &str, id: &str, hub: &ChangeHub) {
        if let Some(s) = self.place(feed, id, None) {
            self.publish_new(hub, feed, s);
        }
        for follower in self.followers_of(feed) {
            if let Some(s) = self.place(&follower, id, Some(feed)) {
                self.publish_new(hub, &follower, s);
            }
        }
    }

    /// Stores a prepared activity (replacing one with the same id) without placing it.
    fn store(&mut self, p: &PreparedActivity, source: &str) {
        match self.activities.get_mut(&p.id) {
            Some(existing) => existing.data = p.data.clone(),
            None => {
                self.activities.insert(
                    p.id.clone(),
                    StoredActivity {
                        time_us: p.time_us,
                        data: p.data.clone(),
                        source: source.to_owned(),
                        feeds: BTreeSet::new(),
                    },
                );
            }
        }
    }

    /// Adds an activity to `feed`, to its `to` targets and fans it out to followers. Returns the
    /// activity as the add response shows it.
    pub fn add(&mut self, feed: &str, p: PreparedActivity, hub: &ChangeHub) -> Value {
        self.store(&p, feed);
        if let Some(a) = self.activities.get_mut(&p.id) {
            if a.source.is_empty() {
                a.source = feed.to_owned();
            }
        }
        self.place_with_fanout(feed, &p.id, hub);
        for target in &p.to {
            if target != feed {
                self.place_with_fanout(target, &p.id, hub);
            }
        }
        Value::Object(p.data)
    }

    /// Adds an activity to each of `feeds` (no fan-out to followers, as `add_to_many`).
    pub fn add_to_many(&mut self, feeds: &[String], p: PreparedActivity, hub: &ChangeHub) {
        let source = feeds.first().cloned().unwrap_or_default();
        self.store(&p, &source);
        for feed in feeds {
            if let Some(s) = self.place(feed, &p.id, None) {
                self.publish_new(hub, feed, s);
            }
        }
    }

    /// Replaces the data of an activity identified by foreign_id+time (creating it, unplaced, when
    /// new), as `update_activities` does. Returns the served activity.
    pub fn replace(&mut self, p: PreparedActivity, hub: &ChangeHub) -> Value {
        self.store(&p, "");
        self.republish(&p.id, hub);
        Value::Object(p.data)
    }

    /// Publishes an updated activity to every feed holding it.
    pub fn republish(&self, id: &str, hub: &ChangeHub) {
        if let Some(a) = self.activities.get(id) {
            for feed in &a.feeds {
                self.publish_new(hub, feed, Value::Object(a.data.clone()));
            }
        }
    }

    /// Removes activity `id` as seen from `feed`: from the source feed it disappears everywhere;
    /// from another feed, from that feed and the copies fanned out from it. Returns whether found.
    pub fn remove(&mut self, feed: &str, id: &str, hub: &ChangeHub) -> bool {
        let Some(a) = self.activities.get(id) else {
            return false;
        };
        if !a.feeds.contains(feed) {
            return false;
        }
        let everywhere = a.source == feed;
        let key = feed_key(a.time_us, id);
        let placements: Vec<String> = a.feeds.iter().cloned().collect();
        for p in placements {
            let via_feed = self
                .feeds
                .get(&p)
                .and_then(|f| f.entries.get(&key))
                .is_some_and(|e| e.origin.as_deref() == Some(feed));
            if everywhere || p == feed || via_feed {
                self.unplace(&p, id, hub);
            }
        }
        true
    }

    /// Removes every activity of `feed` with this foreign id. Returns the removed ids.
    pub fn remove_by_foreign_id(
        &mut self,
        feed: &str,
        foreign_id: &str,
        hub: &ChangeHub,
    ) -> Vec<String> {
        let ids: Vec<String> = self
            .feeds
            .get(feed)
            .map(|f| {
                f.entries
                    .values()
                    .filter(|e| {
                        self.activities
                            .get(&e.id)
                            .and_then(|a| a.data.get("foreign_id"))
                            .and_then(Value::as_str)
                            == Some(foreign_id)
                    })
                    .map(|e| e.id.clone())
                    .collect()
            })
            .unwrap_or_default();
        for id in &ids {
            self.remove(feed, id, hub);
        }
        ids
    }

    /// Removes an activity from the given feeds, or from every feed when `feeds` is empty.
    pub fn remove_everywhere(&mut self, id: &str, feeds: &[String], hub: &ChangeHub) -> bool {
        let Some(a) = self.activities.get(id) else {
            return false;
        };
        let targets: Vec<String> = if feeds.is_empty() {
            a.feeds.iter().cloned().collect()
        } else {
            feeds.to_vec()
        };
        let mut any = false;
        for f in targets {
            any |= self.unplace(&f, id, hub);
        }
        if feeds.is_empty() {
            self.activities.remove(id);
            any = true;
        }
        any
    }

    /// `source` follows `target`, copying up to `copy_limit` of the target's own activities.
    pub fn follow(&mut self, source: &str, target: &str, copy_limit: usize, hub: &ChangeHub) {
        let now = format_rfc3339(now_us());
        let seq = self.next_seq();
        let rel = self
            .following
            .entry(source.to_owned())
            .or_default()
            .entry(target.to_owned())
            .or_insert(Follow {
                created_at: now.clone(),
                updated_at: now.clone(),
                seq,
            });
        rel.updated_at = now;
        let rel = rel.clone();
        self.followers
            .entry(target.to_owned())
            .or_default()
            .insert(source.to_owned(), rel);
        let to_copy: Vec<String> = self
            .feeds
            .get(target)
            .map(|f| {
                f.entries
                    .values()
                    .rev()
                    .filter(|e| e.origin.is_none())
                    .take(copy_limit)
                    .map(|e| e.id.clone())
                    .collect()
            })
            .unwrap_or_default();
        for id in to_copy.iter().rev() {
            if let Some(s) = self.place(source, id, Some(target)) {
                self.publish_new(hub, source, s);
            }
        }
    }

    /// Removes the relationship; without `keep_history`, also the activities copied from `target`.
    pub fn unfollow(&mut self, source: &str, target: &str, keep_history: bool, hub: &ChangeHub) {
        if let Some(m) = self.following.get_mut(source) {
            m.remove(target);
            if m.is_empty() {
                self.following.remove(source);
            }
        }
        if let Some(m) = self.followers.get_mut(target) {
            m.remove(source);
            if m.is_empty() {
                self.followers.remove(target);
            }
        }
        if keep_history {
            return;
        }
        let ids: Vec<String> = self
            .feeds
            .get(source)
            .map(|f| {
                f.entries
                    .values()
                    .filter(|e| e.origin.as_deref() == Some(target))
                    .map(|e| e.id.clone())
                    .collect()
            })
            .unwrap_or_default();
        for id in ids {
            self.unplace(source, &id, hub);
        }
    }

    /// Adds `feed` as a `to` target of a stored activity (placing it with fan-out).
    pub fn add_target(&mut self, id: &str, feed: &str, hub: &ChangeHub) {
        self.place_with_fanout(feed, id, hub);
    }

    /// Removes `feed` as a target: from that feed and the copies fanned out from it.
    pub fn remove_target(&mut self, id: &str, feed: &str, hub: &ChangeHub) {
        let followers = self.followers_of(feed);
        self.unplace(feed, id, hub);
        for f in followers {
            let key = self.activities.get(id).map(|a| feed_key(a.time_us, id));
            let via = key
                .and_then(|k| self.feeds.get(&f).and_then(|fe| fe.entries.get(&k)))
                .is_some_and(|e| e.origin.as_deref() == Some(feed));
            if via {
                self.unplace(&f, id, hub);
            }
        }
    }

    /// Follow relationship rows, newest first: `(source, target, rel)`.
    pub fn relations<'a>(
        &'a self,
        map: &'a HashMap<String, BTreeMap<String, Follow>>,
        feed: &str,
    ) -> Vec<(&'a String, &'a Follow)> {
        let mut rows: Vec<(&String, &Follow)> = map
            .get(feed)
            .map(|m| m.iter().collect())
            .unwrap_or_default();
        rows.sort_by_key(|r| std::cmp::Reverse(r.1.seq));
        rows
    }
}

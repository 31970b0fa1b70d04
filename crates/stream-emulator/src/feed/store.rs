//! In-memory feed data of one app: activities, feed contents, follow relationships, and the
//! write operations on them (add with fan-out, remove, follow/unfollow, to-targets, updates).

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::activity::{PreparedActivity, feed_key};
use crate::persist::Tracked;
use crate::state::{ChangeHub, FeedChange};

/// Most activities a feed keeps (older ones are trimmed, as the service's max feed length does).
pub(crate) const MAX_FEED_LEN: usize = 3600;
/// Default `activity_copy_limit` of a follow.
pub(crate) const DEFAULT_COPY_LIMIT: usize = 100;
/// Largest `activity_copy_limit`.
pub(crate) const MAX_COPY_LIMIT: usize = 1000;

/// One stored activity.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct StoredActivity {
    /// Time in microseconds since the epoch.
    pub(crate) time_us: i64,
    /// The activity as served (without `origin`).
    pub(crate) data: Map<String, Value>,
    /// The feed it was added to (empty when created by `update_activities` only).
    pub(crate) source: String,
    /// Feeds holding it.
    pub(crate) feeds: BTreeSet<String>,
}

/// One activity's place in a feed.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Entry {
    /// Activity id.
    pub(crate) id: String,
    /// The followed feed it came through (`None` for the feed's own and `to`-targeted activities).
    pub(crate) origin: Option<String>,
    /// Insertion sequence (for notification seen/read state).
    pub(crate) seq: u64,
}

/// One feed: entries sorted by `time|id`, plus notification state.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub(crate) struct Feed {
    /// Entries by sort key (oldest first).
    pub(crate) entries: BTreeMap<String, Entry>,
    /// Group key → highest seq seen.
    #[serde(default)]
    pub(crate) seen: HashMap<String, u64>,
    /// Group key → highest seq read.
    #[serde(default)]
    pub(crate) read: HashMap<String, u64>,
}

/// A follow relationship.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Follow {
    /// When it was created (RFC 3339).
    pub(crate) created_at: String,
    /// When it was last updated (RFC 3339).
    pub(crate) updated_at: String,
    /// Creation order.
    pub(crate) seq: u64,
}

/// Activities, feed contents and follow relationships of one app.
#[derive(Debug, Default, Clone, Serialize, Deserialize)]
pub(crate) struct FeedStore {
    /// Activities by id.
    pub(crate) activities: Tracked<StoredActivity>,
    /// Feeds by id (`slug:user`).
    pub(crate) feeds: Tracked<Feed>,
    /// source → target → relationship.
    pub(crate) following: Tracked<BTreeMap<String, Follow>>,
    /// target → source → relationship (the inverse of `following`, rebuilt when loaded).
    pub(crate) followers: BTreeMap<String, BTreeMap<String, Follow>>,
    /// Sequence counter.
    pub(crate) seq: u64,
}

fn served_with_origin(a: &StoredActivity, origin: Option<&str>) -> Value {
    as_served(a.data.clone(), origin)
}

/// An activity's data as every answer carries it: `origin` (`null` unless the activity came
/// through a followed feed), and `foreign_id` and `target` (`""` when the activity has none).
pub(crate) fn as_served(mut data: Map<String, Value>, origin: Option<&str>) -> Value {
    data.insert(
        "origin".into(),
        origin.map_or(Value::Null, |o| Value::String(o.to_owned())),
    );
    for field in ["foreign_id", "target"] {
        match data.get(field) {
            None | Some(Value::Null) => {
                data.insert(field.to_owned(), Value::String(String::new()));
            }
            Some(_) => {}
        }
    }
    Value::Object(data)
}

/// An activity's data as answered outside any feed: [`as_served`] with `origin` `null`.
pub(crate) fn with_null_origin(data: Map<String, Value>) -> Value {
    as_served(data, None)
}

impl FeedStore {
    pub(crate) fn next_seq(&mut self) -> u64 {
        self.seq += 1;
        self.seq
    }

    /// An activity as served without feed context (`get_activities`): `origin` is `null`.
    pub(crate) fn get(&self, id: &str) -> Option<Value> {
        self.activities.get(id).map(|a| served_with_origin(a, None))
    }

    /// Places activity `id` in `feed`; returns the served activity when it was not there yet.
    pub(crate) fn place(&mut self, feed: &str, id: &str, origin: Option<&str>) -> Option<Value> {
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
    pub(crate) fn unplace(&mut self, feed: &str, id: &str, hub: &ChangeHub) -> bool {
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
    pub(crate) fn publish_new(&self, hub: &ChangeHub, feed: &str, mut served: Value) {
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
    pub(crate) fn add(&mut self, feed: &str, p: PreparedActivity, hub: &ChangeHub) -> Value {
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
        with_null_origin(p.data)
    }

    /// Adds an activity to each of `feeds` (no fan-out to followers, as `add_to_many`).
    pub(crate) fn add_to_many(&mut self, feeds: &[String], p: PreparedActivity, hub: &ChangeHub) {
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
    pub(crate) fn replace(&mut self, p: PreparedActivity, hub: &ChangeHub) -> Value {
        self.store(&p, "");
        self.republish(&p.id, hub);
        with_null_origin(p.data)
    }

    /// Publishes an updated activity to every feed holding it.
    pub(crate) fn republish(&self, id: &str, hub: &ChangeHub) {
        if let Some(a) = self.activities.get(id) {
            for feed in &a.feeds {
                self.publish_new(hub, feed, Value::Object(a.data.clone()));
            }
        }
    }

    /// Removes activity `id` as seen from `feed`: from the source feed it disappears everywhere;
    /// from another feed, from that feed and the copies fanned out from it. Returns whether found.
    pub(crate) fn remove(&mut self, feed: &str, id: &str, hub: &ChangeHub) -> bool {
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
    pub(crate) fn remove_by_foreign_id(
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
    pub(crate) fn remove_everywhere(
        &mut self,
        id: &str,
        feeds: &[String],
        hub: &ChangeHub,
    ) -> bool {
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

    /// Adds `feed` as a `to` target of a stored activity (placing it with fan-out).
    pub(crate) fn add_target(&mut self, id: &str, feed: &str, hub: &ChangeHub) {
        self.place_with_fanout(feed, id, hub);
    }

    /// Removes `feed` as a target: from that feed and the copies fanned out from it.
    pub(crate) fn remove_target(&mut self, id: &str, feed: &str, hub: &ChangeHub) {
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
}

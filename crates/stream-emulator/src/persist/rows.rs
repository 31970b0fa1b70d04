//! An app's data as database rows: which rows changed since the last commit
//! ([`AppState::take_changes`]), and the data rebuilt from stored rows ([`load_app`]).
//!
//! Each row is `(api key, kind, key) → JSON`; file bodies are raw bytes in chunks. Feed contents
//! are not rows of their own: an activity's row lists where it is placed, and feeds are rebuilt
//! from those (so adding an activity writes one row, however long its feeds are).

use std::collections::{BTreeMap, BTreeSet};

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::tracked::{Tracked, TrackedLog};
use crate::feed::{Entry, Feed, Follow, StoredActivity, feed_key};
use crate::files::StoredFile;
use crate::state::AppState;

/// Row kinds (the middle part of a row key).
pub(crate) mod kind {
    pub(crate) const ACTIVITY: &str = "activity";
    pub(crate) const FEED: &str = "feed";
    pub(crate) const FOLLOWS: &str = "follows";
    pub(crate) const REACTION: &str = "reaction";
    pub(crate) const COLLECTION: &str = "collection";
    pub(crate) const USER: &str = "user";
    pub(crate) const FILE: &str = "file";
    pub(crate) const OG_PAGE: &str = "og_page";
    pub(crate) const V2_USER: &str = "v2_user";
    pub(crate) const V2_CALL: &str = "v2_call";
    pub(crate) const V2_TASK: &str = "v2_task";
    pub(crate) const V2_CALL_TYPE: &str = "v2_call_type";
    pub(crate) const V2_REMOVED_CALL_TYPE: &str = "v2_removed_call_type";
    pub(crate) const V2_APP_SETTING: &str = "v2_app_setting";
    pub(crate) const V2_DEVICE: &str = "v2_device";
    pub(crate) const AUDIT: &str = "audit";
    pub(crate) const FLAG: &str = "flag";
    pub(crate) const ENGAGEMENT: &str = "engagement";
    pub(crate) const IMPRESSION: &str = "impression";
    pub(crate) const MODERATION_STATUS: &str = "moderation_status";
    pub(crate) const PERSONALIZATION: &str = "personalization";
    pub(crate) const COUNTERS: &str = "counters";
}

/// Changed rows waiting for a commit; a later change of the same row replaces the earlier one.
#[derive(Debug, Default)]
pub(crate) struct Batch {
    /// `(app, kind, key)` → the row's JSON, or `None` to delete it.
    pub(crate) rows: BTreeMap<(String, &'static str, String), Option<Vec<u8>>>,
    /// `(app, file id)` → the file's bytes, or `None` to delete them.
    pub(crate) bodies: BTreeMap<(String, String), Option<Vec<u8>>>,
}

impl Batch {
    /// Whether nothing waits.
    pub(crate) fn is_empty(&self) -> bool {
        self.rows.is_empty() && self.bodies.is_empty()
    }

    fn put<T: Serialize + ?Sized>(&mut self, app: &str, kind: &'static str, key: &str, v: &T) {
        // Stored types serialize infallibly (string keys, no custom serializers that fail).
        let bytes = serde_json::to_vec(v).unwrap_or_default();
        self.rows
            .insert((app.to_owned(), kind, key.to_owned()), Some(bytes));
    }

    fn delete(&mut self, app: &str, kind: &'static str, key: &str) {
        self.rows
            .insert((app.to_owned(), kind, key.to_owned()), None);
    }

    fn map<V: Serialize>(&mut self, app: &str, kind: &'static str, map: &mut Tracked<V>) {
        self.map_with_prefix(app, kind, "", map);
    }

    fn map_with_prefix<V: Serialize>(
        &mut self,
        app: &str,
        kind: &'static str,
        prefix: &str,
        map: &mut Tracked<V>,
    ) {
        for key in map.take_dirty() {
            let row = format!("{prefix}{key}");
            match map.get(&key) {
                Some(v) => self.put(app, kind, &row, v),
                None => self.delete(app, kind, &row),
            }
        }
    }

    fn log<T: Serialize>(&mut self, app: &str, kind: &'static str, log: &mut TrackedLog<T>) {
        let changes = log.take_changes();
        for pos in changes.dropped {
            self.delete(app, kind, &log_key(pos));
        }
        for (pos, item) in changes.added {
            self.put(app, kind, &log_key(pos), item);
        }
    }
}

/// Row key of a log entry: its position, zero-padded so keys sort in order.
fn log_key(pos: u64) -> String {
    format!("{pos:020}")
}

/// An activity row: the activity and where it is placed.
#[derive(Serialize, Deserialize)]
struct ActivityRow {
    time_us: i64,
    data: Map<String, Value>,
    source: String,
    /// `(feed, origin, seq)` of each placement.
    placed: Vec<(String, Option<String>, u64)>,
}

/// A feed row: notification state (its entries come from the activity rows).
#[derive(Serialize, Deserialize)]
struct FeedRow {
    seen: std::collections::HashMap<String, u64>,
    read: std::collections::HashMap<String, u64>,
}

/// A file row: everything but the bytes.
#[derive(Serialize, Deserialize)]
struct FileRow {
    id: String,
    filename: String,
    content_type: String,
    image: bool,
}

/// Counters of an app that cannot be derived from its rows, stored when they change. (The feed
/// and reaction sequences are derived at start-up from the highest ones stored.)
#[derive(Serialize, Deserialize, Default, Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Counters {
    collection_seq: u64,
    file_seq: u64,
    v2_tasks: u64,
}

/// What an app has stored, as far as writing needs to know: which feeds have a row for their
/// marks (so a feed without marks deletes a row only when one exists) and the counters stored.
#[derive(Debug, Default, Clone)]
pub(crate) struct StoredRows {
    feed_marks: BTreeSet<String>,
    counters: Counters,
}

impl AppState {
    /// Starts recording changes (once the app is stored).
    pub(crate) fn track_changes(&mut self) {
        self.feeds.activities.track();
        self.feeds.feeds.track();
        self.feeds.following.track();
        self.reactions.reactions.track();
        self.collections.tracking = true;
        for c in self.collections.collections.values_mut() {
            c.track();
        }
        self.users.users.track();
        self.files.files.track();
        self.og_pages.pages.track();
        self.v2.users.track();
        self.v2.calls.track();
        self.v2.task_log.track();
        self.v2.call_types.track();
        self.v2.removed_call_types.track();
        self.v2.app_settings.track();
        self.v2.devices.track();
        self.logs.audit.track();
        self.logs.flags.track();
        self.logs.statuses.track();
        self.logs.personalization.track();
        self.logs.engagements.track();
        self.logs.impressions.track();
    }

    /// How many changes were recorded so far (grows with every change while tracking).
    pub(crate) fn marks(&self) -> u64 {
        let collections: u64 = self
            .collections
            .collections
            .values()
            .map(Tracked::marks)
            .sum();
        self.feeds.activities.marks()
            + self.feeds.feeds.marks()
            + self.feeds.following.marks()
            + self.reactions.reactions.marks()
            + collections
            + self.users.users.marks()
            + self.files.files.marks()
            + self.og_pages.pages.marks()
            + self.v2.users.marks()
            + self.v2.calls.marks()
            + self.v2.task_log.marks()
            + self.v2.call_types.marks()
            + self.v2.removed_call_types.marks()
            + self.v2.app_settings.marks()
            + self.v2.devices.marks()
            + self.logs.audit.marks()
            + self.logs.flags.marks()
            + self.logs.statuses.marks()
            + self.logs.personalization.marks()
            + self.logs.engagements.marks()
            + self.logs.impressions.marks()
    }

    /// Moves the rows changed since the last call into `batch`.
    pub(crate) fn take_changes(&mut self, app: &str, batch: &mut Batch) {
        self.activity_changes(app, batch);
        for key in self.feeds.feeds.take_dirty() {
            match self.feeds.feeds.get(&key) {
                Some(f) if !f.seen.is_empty() || !f.read.is_empty() => {
                    let row = FeedRow {
                        seen: f.seen.clone(),
                        read: f.read.clone(),
                    };
                    batch.put(app, kind::FEED, &key, &row);
                    self.stored.feed_marks.insert(key);
                }
                _ => {
                    if self.stored.feed_marks.remove(&key) {
                        batch.delete(app, kind::FEED, &key);
                    }
                }
            }
        }
        batch.map(app, kind::FOLLOWS, &mut self.feeds.following);
        batch.map(app, kind::REACTION, &mut self.reactions.reactions);
        for (name, entries) in &mut self.collections.collections {
            batch.map_with_prefix(app, kind::COLLECTION, &format!("{name}:"), entries);
        }
        batch.map(app, kind::USER, &mut self.users.users);
        self.file_changes(app, batch);
        batch.map(app, kind::OG_PAGE, &mut self.og_pages.pages);
        batch.map(app, kind::V2_USER, &mut self.v2.users);
        batch.map(app, kind::V2_CALL, &mut self.v2.calls);
        batch.map(app, kind::V2_TASK, &mut self.v2.task_log);
        batch.map(app, kind::V2_CALL_TYPE, &mut self.v2.call_types);
        batch.map(
            app,
            kind::V2_REMOVED_CALL_TYPE,
            &mut self.v2.removed_call_types,
        );
        batch.map(app, kind::V2_APP_SETTING, &mut self.v2.app_settings);
        batch.map(app, kind::V2_DEVICE, &mut self.v2.devices);
        batch.log(app, kind::AUDIT, &mut self.logs.audit);
        batch.log(app, kind::FLAG, &mut self.logs.flags);
        batch.log(app, kind::MODERATION_STATUS, &mut self.logs.statuses);
        batch.log(app, kind::PERSONALIZATION, &mut self.logs.personalization);
        batch.log(app, kind::ENGAGEMENT, &mut self.logs.engagements);
        batch.log(app, kind::IMPRESSION, &mut self.logs.impressions);
        let counters = Counters {
            collection_seq: self.collections.next_seq,
            file_seq: self.files.next_seq,
            v2_tasks: self.v2.tasks,
        };
        if counters != self.stored.counters {
            batch.put(app, kind::COUNTERS, kind::COUNTERS, &counters);
            self.stored.counters = counters;
        }
    }

    fn activity_changes(&mut self, app: &str, batch: &mut Batch) {
        for id in self.feeds.activities.take_dirty() {
            let Some(a) = self.feeds.activities.get(&id) else {
                batch.delete(app, kind::ACTIVITY, &id);
                continue;
            };
            let key = feed_key(a.time_us, &id);
            let placed = a
                .feeds
                .iter()
                .filter_map(|f| {
                    let e = self.feeds.feeds.get(f)?.entries.get(&key)?;
                    Some((f.clone(), e.origin.clone(), e.seq))
                })
                .collect();
            let row = ActivityRow {
                time_us: a.time_us,
                data: a.data.clone(),
                source: a.source.clone(),
                placed,
            };
            batch.put(app, kind::ACTIVITY, &id, &row);
        }
    }

    fn file_changes(&mut self, app: &str, batch: &mut Batch) {
        for id in self.files.files.take_dirty() {
            let body_key = (app.to_owned(), id.clone());
            match self.files.files.get(&id) {
                Some(f) => {
                    let row = FileRow {
                        id: f.id.clone(),
                        filename: f.filename.clone(),
                        content_type: f.content_type.clone(),
                        image: f.image,
                    };
                    batch.put(app, kind::FILE, &id, &row);
                    batch.bodies.insert(body_key, Some(f.bytes.clone()));
                }
                None => {
                    batch.delete(app, kind::FILE, &id);
                    batch.bodies.insert(body_key, None);
                }
            }
        }
    }
}

/// Reads stored rows back into an app's data.
pub(crate) struct Loader<'a> {
    state: AppState,
    /// Where the rows come from (for error messages).
    source: &'a str,
    logs: BTreeMap<&'static str, (Option<u64>, Vec<Value>)>,
}

fn parse<T: DeserializeOwned>(
    source: &str,
    kind: &str,
    key: &str,
    bytes: &[u8],
) -> Result<T, String> {
    serde_json::from_slice(bytes).map_err(|e| format!("{source}: bad {kind} row {key:?}: {e}"))
}

impl<'a> Loader<'a> {
    /// An empty app, to fill from rows of `source` (the file, named in errors).
    pub(crate) fn new(source: &'a str) -> Self {
        Self {
            state: AppState::default(),
            source,
            logs: BTreeMap::new(),
        }
    }

    /// Adds one stored row.
    pub(crate) fn row(&mut self, kind: &str, key: &str, bytes: &[u8]) -> Result<(), String> {
        let src = self.source;
        let st = &mut self.state;
        match kind {
            kind::ACTIVITY => {
                let row: ActivityRow = parse(src, kind, key, bytes)?;
                let sort_key = feed_key(row.time_us, key);
                let mut feeds = BTreeSet::new();
                for (feed, origin, seq) in row.placed {
                    let entry = Entry {
                        id: key.to_owned(),
                        origin,
                        seq,
                    };
                    if !st.feeds.feeds.contains_key(&feed) {
                        st.feeds.feeds.load(feed.clone(), Feed::default());
                    }
                    if let Some(f) = st.feeds.feeds.get_mut(&feed) {
                        f.entries.insert(sort_key.clone(), entry);
                    }
                    feeds.insert(feed);
                }
                let a = StoredActivity {
                    time_us: row.time_us,
                    data: row.data,
                    source: row.source,
                    feeds,
                };
                st.feeds.activities.load(key.to_owned(), a);
            }
            kind::FEED => {
                let row: FeedRow = parse(src, kind, key, bytes)?;
                if !st.feeds.feeds.contains_key(key) {
                    st.feeds.feeds.load(key.to_owned(), Feed::default());
                }
                if let Some(f) = st.feeds.feeds.get_mut(key) {
                    f.seen = row.seen;
                    f.read = row.read;
                }
                st.stored.feed_marks.insert(key.to_owned());
            }
            kind::FOLLOWS => {
                let targets: BTreeMap<String, Follow> = parse(src, kind, key, bytes)?;
                for (target, rel) in &targets {
                    st.feeds
                        .followers
                        .entry(target.clone())
                        .or_default()
                        .insert(key.to_owned(), rel.clone());
                }
                st.feeds.following.load(key.to_owned(), targets);
            }
            kind::REACTION => load_into(&mut st.reactions.reactions, src, kind, key, bytes)?,
            kind::COLLECTION => {
                let (name, id) = key.split_once(':').unwrap_or((key, ""));
                let entries = st
                    .collections
                    .collections
                    .entry(name.to_owned())
                    .or_default();
                load_into(entries, src, kind, id, bytes)?;
            }
            kind::USER => load_into(&mut st.users.users, src, kind, key, bytes)?,
            kind::FILE => {
                let row: FileRow = parse(src, kind, key, bytes)?;
                let file = StoredFile {
                    id: row.id,
                    filename: row.filename,
                    content_type: row.content_type,
                    image: row.image,
                    bytes: Vec::new(),
                };
                st.files.files.load(key.to_owned(), file);
            }
            kind::OG_PAGE => load_into(&mut st.og_pages.pages, src, kind, key, bytes)?,
            kind::V2_USER => load_into(&mut st.v2.users, src, kind, key, bytes)?,
            kind::V2_CALL => load_into(&mut st.v2.calls, src, kind, key, bytes)?,
            kind::V2_TASK => load_into(&mut st.v2.task_log, src, kind, key, bytes)?,
            kind::V2_CALL_TYPE => load_into(&mut st.v2.call_types, src, kind, key, bytes)?,
            kind::V2_REMOVED_CALL_TYPE => {
                load_into(&mut st.v2.removed_call_types, src, kind, key, bytes)?;
            }
            kind::V2_APP_SETTING => load_into(&mut st.v2.app_settings, src, kind, key, bytes)?,
            kind::V2_DEVICE => load_into(&mut st.v2.devices, src, kind, key, bytes)?,
            kind::AUDIT
            | kind::FLAG
            | kind::MODERATION_STATUS
            | kind::PERSONALIZATION
            | kind::ENGAGEMENT
            | kind::IMPRESSION => {
                let pos: u64 = key
                    .parse()
                    .map_err(|_| format!("{src}: bad {kind} row key {key:?}"))?;
                let item: Value = parse(src, kind, key, bytes)?;
                let kind = log_kind(kind);
                let (first, items) = self.logs.entry(kind).or_default();
                first.get_or_insert(pos);
                items.push(item);
            }
            kind::COUNTERS => {
                let c: Counters = parse(src, kind, key, bytes)?;
                st.stored.counters = c;
                st.collections.next_seq = c.collection_seq;
                st.files.next_seq = c.file_seq;
                st.v2.tasks = c.v2_tasks;
            }
            other => return Err(format!("{src}: unknown row kind {other:?}")),
        }
        Ok(())
    }

    /// Adds the bytes of a stored file (chunks in order).
    pub(crate) fn file_chunk(&mut self, id: &str, chunk: &[u8]) {
        if let Some(f) = self.state.files.files.get_mut(id) {
            f.bytes.extend_from_slice(chunk);
        }
    }

    /// The rebuilt app data.
    pub(crate) fn finish(mut self) -> Result<AppState, String> {
        let src = self.source;
        self.derive_sequences();
        for (kind, (first, items)) in std::mem::take(&mut self.logs) {
            let first = first.unwrap_or(0);
            let logs = &mut self.state.logs;
            match kind {
                kind::AUDIT => logs.audit.load(first, from_values(src, kind, items)?),
                kind::FLAG => logs.flags.load(first, from_values(src, kind, items)?),
                kind::MODERATION_STATUS => {
                    logs.statuses.load(first, from_values(src, kind, items)?);
                }
                kind::PERSONALIZATION => {
                    logs.personalization
                        .load(first, from_values(src, kind, items)?);
                }
                kind::ENGAGEMENT => logs.engagements.load(first, items),
                _ => logs.impressions.load(first, items),
            }
        }
        Ok(self.state)
    }
}

impl Loader<'_> {
    /// Sequences continue above every one stored: feed entries, follows and seen/read marks
    /// (a new entry must sort after every mark), and reactions.
    fn derive_sequences(&mut self) {
        let st = &mut self.state;
        let feeds = st.feeds.feeds.values().flat_map(|f| {
            let entries = f.entries.values().map(|e| e.seq);
            entries
                .chain(f.seen.values().copied())
                .chain(f.read.values().copied())
        });
        let follows = st
            .feeds
            .following
            .values()
            .flat_map(|m| m.values().map(|f| f.seq));
        st.feeds.seq = feeds.chain(follows).max().unwrap_or(0);
        st.reactions.next_seq = st
            .reactions
            .reactions
            .values()
            .map(|r| r.seq)
            .max()
            .unwrap_or(0);
    }
}

/// The `'static` name of a log kind.
fn log_kind(k: &str) -> &'static str {
    match k {
        kind::AUDIT => kind::AUDIT,
        kind::FLAG => kind::FLAG,
        kind::MODERATION_STATUS => kind::MODERATION_STATUS,
        kind::PERSONALIZATION => kind::PERSONALIZATION,
        kind::ENGAGEMENT => kind::ENGAGEMENT,
        _ => kind::IMPRESSION,
    }
}

fn from_values<T: DeserializeOwned>(
    src: &str,
    kind: &str,
    items: Vec<Value>,
) -> Result<Vec<T>, String> {
    items
        .into_iter()
        .map(|v| serde_json::from_value(v).map_err(|e| format!("{src}: bad {kind} row: {e}")))
        .collect()
}

fn load_into<V: DeserializeOwned>(
    map: &mut Tracked<V>,
    src: &str,
    kind: &str,
    key: &str,
    bytes: &[u8],
) -> Result<(), String> {
    let v = parse(src, kind, key, bytes)?;
    map.load(key.to_owned(), v);
    Ok(())
}

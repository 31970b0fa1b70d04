//! Collections that remember which of their entries changed, so the `--data` writer stores only
//! those rows. Reads go through `Deref`; every mutation is a method here, so no change escapes.
//! Tracking is off (and free) until [`Tracked::track`] turns it on, as with in-memory apps.

use std::collections::{BTreeMap, BTreeSet, btree_map};
use std::ops::Deref;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A map by string key whose changed keys are recorded.
#[derive(Debug, Clone)]
pub(crate) struct Tracked<V> {
    map: BTreeMap<String, V>,
    dirty: BTreeSet<String>,
    tracking: bool,
    /// Count of recorded changes (never reset; lets a lock holder see whether it changed data).
    marks: u64,
}

impl<V> Default for Tracked<V> {
    fn default() -> Self {
        Self {
            map: BTreeMap::new(),
            dirty: BTreeSet::new(),
            tracking: false,
            marks: 0,
        }
    }
}

impl<V> Deref for Tracked<V> {
    type Target = BTreeMap<String, V>;
    fn deref(&self) -> &Self::Target {
        &self.map
    }
}

impl<V> Tracked<V> {
    fn mark(&mut self, key: &str) {
        if self.tracking {
            self.marks += 1;
            if !self.dirty.contains(key) {
                self.dirty.insert(key.to_owned());
            }
        }
    }

    /// Starts recording changes.
    pub(crate) fn track(&mut self) {
        self.tracking = true;
    }

    /// How many changes were recorded so far.
    pub(crate) fn marks(&self) -> u64 {
        self.marks
    }

    /// The keys changed since the last call (their entries now hold the latest values; a key
    /// without an entry was removed).
    pub(crate) fn take_dirty(&mut self) -> BTreeSet<String> {
        std::mem::take(&mut self.dirty)
    }

    /// Mutable access to one entry (recorded as changed when present).
    pub(crate) fn get_mut(&mut self, key: &str) -> Option<&mut V> {
        if self.map.contains_key(key) {
            self.mark(key);
        }
        self.map.get_mut(key)
    }

    /// Inserts or replaces an entry.
    pub(crate) fn insert(&mut self, key: String, value: V) -> Option<V> {
        self.mark(&key);
        self.map.insert(key, value)
    }

    /// Removes an entry.
    pub(crate) fn remove(&mut self, key: &str) -> Option<V> {
        let old = self.map.remove(key);
        if old.is_some() {
            self.mark(key);
        }
        old
    }

    /// The entry API of the map (the key is recorded as changed).
    pub(crate) fn entry(&mut self, key: String) -> btree_map::Entry<'_, String, V> {
        self.mark(&key);
        self.map.entry(key)
    }

    /// Mutable access to every entry (all recorded as changed).
    pub(crate) fn values_mut(&mut self) -> btree_map::ValuesMut<'_, String, V> {
        if self.tracking {
            let keys: Vec<String> = self.map.keys().cloned().collect();
            for k in keys {
                self.mark(&k);
            }
        }
        self.map.values_mut()
    }

    /// Inserts without recording (for loading stored rows).
    pub(crate) fn load(&mut self, key: String, value: V) {
        self.map.insert(key, value);
    }
}

impl<V: PartialEq> PartialEq for Tracked<V> {
    fn eq(&self, other: &Self) -> bool {
        self.map == other.map
    }
}

impl<V: Serialize> Serialize for Tracked<V> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.map.serialize(s)
    }
}

impl<'de, V: Deserialize<'de>> Deserialize<'de> for Tracked<V> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(Self {
            map: BTreeMap::deserialize(d)?,
            ..Self::default()
        })
    }
}

/// A bounded, append-only log (oldest dropped first) whose appended and dropped entries are
/// recorded by position.
#[derive(Debug, Clone)]
pub(crate) struct TrackedLog<T> {
    items: Vec<T>,
    /// Position of `items[0]` since the log began.
    first: u64,
    /// `first` and the end position when the changes were last taken.
    taken_first: u64,
    taken_end: u64,
    tracking: bool,
    marks: u64,
}

impl<T> Default for TrackedLog<T> {
    fn default() -> Self {
        Self {
            items: Vec::new(),
            first: 0,
            taken_first: 0,
            taken_end: 0,
            tracking: false,
            marks: 0,
        }
    }
}

impl<T> Deref for TrackedLog<T> {
    type Target = [T];
    fn deref(&self) -> &[T] {
        &self.items
    }
}

/// What changed in a [`TrackedLog`]: positions to drop and entries to store.
pub(crate) struct LogChanges<'a, T> {
    /// Positions no longer kept.
    pub(crate) dropped: std::ops::Range<u64>,
    /// New entries with their positions.
    pub(crate) added: Vec<(u64, &'a T)>,
}

impl<T> TrackedLog<T> {
    /// Appends, dropping the oldest entry when `max` are kept.
    pub(crate) fn push_bounded(&mut self, item: T, max: usize) {
        if self.items.len() >= max && !self.items.is_empty() {
            self.items.remove(0);
            self.first += 1;
        }
        self.items.push(item);
        if self.tracking {
            self.marks += 1;
        }
    }

    /// Keeps the entries `keep` accepts. When any is dropped, the kept ones move to new
    /// positions after the old end (so every old position reads as dropped, every kept entry as
    /// added).
    pub(crate) fn retain(&mut self, keep: impl FnMut(&T) -> bool) {
        let before = self.items.len();
        self.items.retain(keep);
        if self.items.len() != before {
            self.first += before as u64;
            if self.tracking {
                self.marks += 1;
            }
        }
    }

    /// Position after the last entry.
    fn end(&self) -> u64 {
        self.first + self.items.len() as u64
    }

    /// Starts recording changes.
    pub(crate) fn track(&mut self) {
        self.tracking = true;
        self.taken_first = self.first;
        self.taken_end = self.end();
    }

    /// How many changes were recorded so far.
    pub(crate) fn marks(&self) -> u64 {
        self.marks
    }

    /// The changes since the last call.
    pub(crate) fn take_changes(&mut self) -> LogChanges<'_, T> {
        let dropped = self.taken_first..self.first.max(self.taken_first);
        let from = self.taken_end.max(self.first);
        let end = self.end();
        self.taken_first = self.first;
        self.taken_end = end;
        let added = (from..end)
            .map(|pos| (pos, &self.items[(pos - self.first) as usize]))
            .collect();
        LogChanges { dropped, added }
    }

    /// Restores stored entries (ascending positions, without gaps).
    pub(crate) fn load(&mut self, first: u64, items: Vec<T>) {
        self.first = first;
        self.items = items;
    }
}

impl<T: Serialize> Serialize for TrackedLog<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.items.serialize(s)
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for TrackedLog<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(Self {
            items: Vec::deserialize(d)?,
            ..Self::default()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_changed_keys_only_while_tracking() {
        let mut m = Tracked::default();
        m.insert("a".to_owned(), 1);
        assert!(m.take_dirty().is_empty());
        m.track();
        m.insert("b".to_owned(), 2);
        let _ = m.get("a");
        m.remove("zz");
        assert_eq!(m.take_dirty().into_iter().collect::<Vec<_>>(), ["b"]);
        m.remove("a");
        *m.get_mut("b").unwrap() += 1;
        assert_eq!(m.take_dirty().into_iter().collect::<Vec<_>>(), ["a", "b"]);
        assert_eq!(m.marks(), 3);
    }

    #[test]
    fn log_reports_appended_and_dropped_positions() {
        let mut log = TrackedLog::default();
        log.push_bounded(0, 3);
        log.track();
        for i in 1..5 {
            log.push_bounded(i, 3);
        }
        let c = log.take_changes();
        assert_eq!(c.dropped, 0..2);
        assert_eq!(c.added, vec![(2, &2), (3, &3), (4, &4)]);
        let c = log.take_changes();
        assert!(c.dropped.is_empty() && c.added.is_empty());
    }

    #[test]
    fn log_retain_moves_the_kept_entries() {
        let mut log = TrackedLog::default();
        log.track();
        for i in 0..4 {
            log.push_bounded(i, 10);
        }
        let _ = log.take_changes();
        log.retain(|i| i % 2 == 0);
        let c = log.take_changes();
        assert_eq!(c.dropped, 0..4);
        assert_eq!(c.added, vec![(4, &0), (5, &2)]);
        log.retain(|_| true);
        let c = log.take_changes();
        assert!(c.dropped.is_empty() && c.added.is_empty());
    }
}

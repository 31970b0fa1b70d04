//! The follow relationships kept in the feed store: follow (with history copy), unfollow,
//! and the rows and counts served.

use std::collections::BTreeMap;

use crate::feed::{FeedStore, Follow, format_rfc3339, now_us};
use crate::state::ChangeHub;

/// The feed whose followers `followers_count` counts.
pub(crate) const FOLLOWERS_COUNT_SLUG: &str = "user";
/// The feed whose followings `following_count` counts.
pub(crate) const FOLLOWING_COUNT_SLUG: &str = "timeline";

impl FeedStore {
    /// Followers of a feed (source feed ids).
    pub(crate) fn followers_of(&self, feed: &str) -> Vec<String> {
        self.followers
            .get(feed)
            .map(|m| m.keys().cloned().collect())
            .unwrap_or_default()
    }

    /// Feeds a feed follows.
    pub(crate) fn following_of(&self, feed: &str) -> Vec<String> {
        self.following
            .get(feed)
            .map(|m| m.keys().cloned().collect())
            .unwrap_or_default()
    }

    /// `source` follows `target`, copying up to `copy_limit` of the target's own activities.
    pub(crate) fn follow(
        &mut self,
        source: &str,
        target: &str,
        copy_limit: usize,
        hub: &ChangeHub,
    ) {
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
    pub(crate) fn unfollow(
        &mut self,
        source: &str,
        target: &str,
        keep_history: bool,
        hub: &ChangeHub,
    ) {
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

    /// Follow relationship rows, newest first: `(source, target, rel)`.
    pub(crate) fn relations<'a>(
        &'a self,
        map: &'a BTreeMap<String, BTreeMap<String, Follow>>,
        feed: &str,
    ) -> Vec<(&'a String, &'a Follow)> {
        let mut rows: Vec<(&String, &Follow)> = map
            .get(feed)
            .map(|m| m.iter().collect())
            .unwrap_or_default();
        rows.sort_by_key(|r| std::cmp::Reverse(r.1.seq));
        rows
    }

    /// `(followers_count, following_count)` of a user, as `with_follow_counts` answers them:
    /// the followers of the user's `user` feed and the feeds its `timeline` feed follows.
    pub(crate) fn follow_counts(&self, user_id: &str) -> (u64, u64) {
        let count = |map: &BTreeMap<String, BTreeMap<String, Follow>>, slug: &str| {
            map.get(&format!("{slug}:{user_id}"))
                .map_or(0, |m| m.len() as u64)
        };
        (
            count(&self.followers, FOLLOWERS_COUNT_SLUG),
            count(&self.following, FOLLOWING_COUNT_SLUG),
        )
    }
}

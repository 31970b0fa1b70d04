//! Follow relations: what followers/following return, follow stats, and batch relations.
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::activity::null_default;
use crate::ids::FeedId;
use crate::time::Timestamp;

/// One follow relation: `feed_id` follows `target_id`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Follow {
    /// The following feed (`timeline:alice`).
    #[serde(default)]
    pub feed_id: Option<String>,
    /// The followed feed (`user:bob`).
    #[serde(default)]
    pub target_id: Option<String>,
    /// When the relation was made.
    #[serde(default)]
    pub created_at: Option<Timestamp>,
    /// When it last changed.
    #[serde(default)]
    pub updated_at: Option<Timestamp>,
    /// Any other field.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A page of followers or followed feeds, newest relation first.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct FollowsPage {
    /// The relations.
    #[serde(default, deserialize_with = "null_default")]
    pub results: Vec<Follow>,
    /// Service-side duration.
    #[serde(default)]
    pub duration: Option<String>,
}

/// A follower or following count.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct FollowCount {
    /// The feed counted.
    #[serde(default)]
    pub feed: Option<String>,
    /// The count.
    #[serde(default, deserialize_with = "crate::activity::null_default")]
    pub count: u64,
}

/// Both counts of a follow-stats answer.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct FollowStatsResults {
    /// Feeds following the feed.
    #[serde(default)]
    pub followers: Option<FollowCount>,
    /// Feeds the feed follows.
    #[serde(default)]
    pub following: Option<FollowCount>,
}

/// The answer to `stats/follow/`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct FollowStats {
    /// The counts.
    #[serde(default, deserialize_with = "crate::activity::null_default")]
    pub results: FollowStatsResults,
    /// Service-side duration.
    #[serde(default)]
    pub duration: Option<String>,
}

impl FollowStats {
    /// The follower count (0 when absent).
    pub fn followers(&self) -> u64 {
        self.results.followers.as_ref().map_or(0, |c| c.count)
    }

    /// The following count (0 when absent).
    pub fn following(&self) -> u64 {
        self.results.following.as_ref().map_or(0, |c| c.count)
    }
}

/// One relation of a `follow_many` batch: `source` follows `target`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct FollowRelation {
    /// The following feed.
    pub source: FeedId,
    /// The followed feed.
    pub target: FeedId,
}

impl FollowRelation {
    /// `source` follows `target`.
    pub fn new(source: FeedId, target: FeedId) -> Self {
        Self { source, target }
    }
}

/// One relation of an `unfollow_many` batch.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct UnfollowRelation {
    /// The following feed.
    pub source: FeedId,
    /// The followed feed.
    pub target: FeedId,
    /// Keep the activities already copied into `source`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub keep_history: Option<bool>,
}

impl UnfollowRelation {
    /// `source` stops following `target` (copied activities are removed).
    pub fn new(source: FeedId, target: FeedId) -> Self {
        Self {
            source,
            target,
            keep_history: None,
        }
    }

    /// Keeps (or not) the activities already copied into `source`.
    pub fn keep_history(mut self, keep: bool) -> Self {
        self.keep_history = Some(keep);
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_follows_and_stats() {
        let p: FollowsPage = serde_json::from_value(json!({"results": [
            {"feed_id": "timeline:alice", "target_id": "user:bob",
             "created_at": "2019-08-22T17:53:54.4556937Z", "updated_at": "2019-08-22T17:53:54.4556937Z"}
        ], "duration": "1ms"}))
        .unwrap();
        assert_eq!(p.results[0].target_id.as_deref(), Some("user:bob"));
        let s: FollowStats = serde_json::from_value(json!({"results": {
            "followers": {"feed": "user:alice", "count": 3}, "following": {"feed": "user:alice", "count": 0}
        }}))
        .unwrap();
        assert_eq!((s.followers(), s.following()), (3, 0));
        let r = UnfollowRelation::new(
            FeedId::parse("timeline:alice").unwrap(),
            FeedId::parse("user:bob").unwrap(),
        )
        .keep_history(true);
        assert_eq!(
            serde_json::to_value(&r).unwrap(),
            json!({"source": "timeline:alice", "target": "user:bob", "keep_history": true})
        );
    }
}

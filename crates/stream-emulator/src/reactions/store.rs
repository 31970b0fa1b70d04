//! The reactions store: plain data, stored with the app (`--data`).

use super::selected;
use serde::{Deserialize, Serialize};

use crate::persist::Tracked;
use serde_json::{Map, Value};

use crate::error::ApiError;
use crate::fields::{check_id, check_target_feed};
use crate::stamp::{Stamp, ordered_id};

/// How deep reactions may nest: a reaction, its child, and the child's child.
pub(crate) const MAX_DEPTH: u8 = 3;
/// The most results a reaction filter returns in one page.
pub(crate) const MAX_FILTER_LIMIT: usize = 25;
/// The page size of a reaction filter without `limit`.
pub(crate) const DEFAULT_FILTER_LIMIT: usize = 10;
/// How many children `latest_children` shows per kind.
pub(crate) const LATEST_CHILDREN_LIMIT: usize = 10;

/// One stored reaction.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct Reaction {
    /// Reaction id (client-chosen or generated).
    pub(crate) id: String,
    /// Kind, e.g. `like`, `comment`.
    pub(crate) kind: String,
    /// The activity reacted to (inherited from the parent for children).
    pub(crate) activity_id: String,
    /// Author.
    pub(crate) user_id: String,
    /// Custom data.
    pub(crate) data: Map<String, Value>,
    /// Parent reaction id, `""` for a top-level reaction.
    pub(crate) parent: String,
    /// Creation time (RFC 3339).
    pub(crate) created_at: String,
    /// Last update time (RFC 3339).
    pub(crate) updated_at: String,
    /// Set by a soft delete, cleared by restore.
    #[serde(default)]
    pub(crate) deleted_at: Option<String>,
    /// Feeds the reaction was also published to, as activities.
    #[serde(default)]
    pub(crate) target_feeds: Vec<String>,
    /// Extra fields merged into those activities.
    #[serde(default)]
    pub(crate) target_feeds_extra_data: Option<Map<String, Value>>,
    /// 1 for a top-level reaction, 2 for its children, 3 below.
    pub(crate) depth: u8,
    /// Insertion order (ties on equal times).
    pub(crate) seq: u64,
    /// Creation time in microseconds (for ordering).
    pub(crate) created_micros: i64,
}

impl Reaction {
    /// Whether the reaction is visible (not soft-deleted).
    pub(crate) fn is_live(&self) -> bool {
        self.deleted_at.is_none()
    }

    /// The activity the service publishes to each target feed: `verb` is the kind, `object`
    /// holds `SA:<activity id>`, `reaction` holds `SR:<id>`, `foreign_id` is `reaction:<id>`,
    /// `time` the reaction's creation time; extra data is merged in.
    pub(crate) fn target_activity(&self) -> Map<String, Value> {
        let mut a = Map::new();
        a.insert(
            "actor".into(),
            Value::String(format!("SU:{}", self.user_id)),
        );
        a.insert("verb".into(), Value::String(self.kind.clone()));
        a.insert(
            "object".into(),
            Value::String(format!("SA:{}", self.activity_id)),
        );
        a.insert("foreign_id".into(), Value::String(self.target_foreign_id()));
        a.insert(
            "time".into(),
            Value::String(self.created_at.trim_end_matches('Z').to_owned()),
        );
        a.insert("reaction".into(), Value::String(self.reference()));
        if let Some(extra) = &self.target_feeds_extra_data {
            for (k, v) in extra {
                a.insert(k.clone(), v.clone());
            }
        }
        a
    }

    /// `SR:<id>`, the reference used in target-feed activities.
    pub(crate) fn reference(&self) -> String {
        format!("SR:{}", self.id)
    }

    /// `reaction:<id>`, the foreign id of the activities published to target feeds.
    pub(crate) fn target_foreign_id(&self) -> String {
        format!("reaction:{}", self.id)
    }
}

/// What a client asks to add.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct NewReaction {
    /// Client-chosen id.
    pub(crate) id: Option<String>,
    /// Kind.
    pub(crate) kind: String,
    /// Activity reacted to (top-level reactions).
    pub(crate) activity_id: Option<String>,
    /// Parent reaction (children).
    pub(crate) parent: Option<String>,
    /// Author.
    pub(crate) user_id: String,
    /// Custom data.
    pub(crate) data: Map<String, Value>,
    /// Feeds to publish the reaction to.
    pub(crate) target_feeds: Vec<String>,
    /// Extra data for the target-feed activities.
    pub(crate) target_feeds_extra_data: Option<Map<String, Value>>,
}

/// Which reactions a filter reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Lookup {
    /// Top-level reactions to an activity.
    Activity(String),
    /// Children of a reaction.
    Reaction(String),
    /// Reactions by a user.
    User(String),
}

impl Lookup {
    /// Parses the path segment (`activity_id`, `reaction_id`, `user_id`).
    pub(crate) fn new(by: &str, value: &str) -> Option<Self> {
        let value = value.to_owned();
        match by {
            "activity_id" => Some(Self::Activity(value)),
            "reaction_id" => Some(Self::Reaction(value)),
            "user_id" => Some(Self::User(value)),
            _ => None,
        }
    }

    /// The path segment.
    pub(crate) fn name(&self) -> &'static str {
        match self {
            Self::Activity(_) => "activity_id",
            Self::Reaction(_) => "reaction_id",
            Self::User(_) => "user_id",
        }
    }

    /// The looked-up value.
    pub(crate) fn value(&self) -> &str {
        match self {
            Self::Activity(v) | Self::Reaction(v) | Self::User(v) => v,
        }
    }
}

/// Filter options.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct FilterOptions {
    /// Only this kind.
    pub(crate) kind: Option<String>,
    /// Page size (clamped to 1..=25).
    pub(crate) limit: Option<usize>,
    /// Strictly older than this id.
    pub(crate) id_lt: Option<String>,
    /// At most as new as this id.
    pub(crate) id_lte: Option<String>,
    /// Strictly newer than this id.
    pub(crate) id_gt: Option<String>,
    /// At least as new as this id.
    pub(crate) id_gte: Option<String>,
    /// Add `own_children` for this user.
    pub(crate) own_children_of: Option<String>,
    /// Only reactions by this user (`filter_user_id`).
    pub(crate) by_user: Option<String>,
}

/// One page of a filter.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct FilterPage {
    /// Reactions, newest first, as JSON.
    pub(crate) results: Vec<Value>,
    /// Id of the last result when more exist (for the `next` link).
    pub(crate) next_id_lt: Option<String>,
    /// The page size used.
    pub(crate) limit: usize,
}

/// Every reaction of one app.
#[derive(Default, Debug, Clone, Serialize, Deserialize)]
pub(crate) struct ReactionStore {
    pub(crate) reactions: Tracked<Reaction>,
    pub(crate) next_seq: u64,
}

impl ReactionStore {
    /// Adds a reaction. Errors: 409 on a duplicate id, 400 for an unknown parent, bad input or
    /// nesting deeper than three levels.
    pub(crate) fn add(&mut self, new: NewReaction, now: Stamp) -> Result<Reaction, ApiError> {
        if new.kind.is_empty() {
            return Err(ApiError::input_field("kind", "kind is a required field"));
        }
        if new.kind.len() > 255 {
            return Err(ApiError::input_field(
                "kind",
                "kind must be at most 255 characters long",
            ));
        }
        check_id("user_id", &new.user_id)?;
        for feed in &new.target_feeds {
            check_target_feed("target_feeds", feed)?;
        }
        let (activity_id, parent, depth) = match (&new.parent, &new.activity_id) {
            (Some(parent), _) if !parent.is_empty() => {
                let p = self
                    .reactions
                    .get(parent)
                    .filter(|p| p.is_live())
                    .ok_or_else(|| {
                        ApiError::input_field(
                            "parent",
                            format!("parent reaction {parent} does not exist"),
                        )
                    })?;
                if p.depth >= MAX_DEPTH {
                    return Err(ApiError::input_field(
                        "parent",
                        format!("reactions can only be nested {MAX_DEPTH} levels deep"),
                    ));
                }
                (p.activity_id.clone(), parent.clone(), p.depth + 1)
            }
            (_, Some(activity_id)) if !activity_id.is_empty() => {
                (activity_id.clone(), String::new(), 1)
            }
            _ => {
                return Err(ApiError::input_field(
                    "activity_id",
                    "activity_id is a required field",
                ));
            }
        };
        self.next_seq += 1;
        let id = match new.id {
            Some(id) if !id.is_empty() => {
                check_id("id", &id)?;
                if self.reactions.contains_key(&id) {
                    return Err(ApiError::conflict(format!("reaction {id} already exists")));
                }
                id
            }
            _ => ordered_id(now, self.next_seq),
        };
        let at = now.rfc3339();
        let reaction = Reaction {
            id: id.clone(),
            kind: new.kind,
            activity_id,
            user_id: new.user_id,
            data: new.data,
            parent,
            created_at: at.clone(),
            updated_at: at,
            deleted_at: None,
            target_feeds: new.target_feeds,
            target_feeds_extra_data: new.target_feeds_extra_data,
            depth,
            seq: self.next_seq,
            created_micros: now.0,
        };
        self.reactions.insert(id, reaction.clone());
        Ok(reaction)
    }

    /// The stored reaction, soft-deleted or not.
    pub(crate) fn get(&self, id: &str) -> Option<&Reaction> {
        self.reactions.get(id)
    }

    /// The stored reaction or a 404.
    pub(crate) fn get_or_404(&self, id: &str) -> Result<&Reaction, ApiError> {
        self.get(id)
            .ok_or_else(|| ApiError::not_found(format!("reaction {id} does not exist")))
    }

    /// Updates data and target feeds. Returns the reaction and the target feeds it no longer has.
    pub(crate) fn update(
        &mut self,
        id: &str,
        data: Option<Map<String, Value>>,
        target_feeds: Option<Vec<String>>,
        target_feeds_extra_data: Option<Map<String, Value>>,
        now: Stamp,
    ) -> Result<(Reaction, Vec<String>), ApiError> {
        for feed in target_feeds.iter().flatten() {
            check_target_feed("target_feeds", feed)?;
        }
        let r = self
            .reactions
            .get_mut(id)
            .filter(|r| r.is_live())
            .ok_or_else(|| ApiError::not_found(format!("reaction {id} does not exist")))?;
        if let Some(data) = data {
            r.data = data;
        }
        if let Some(extra) = target_feeds_extra_data {
            r.target_feeds_extra_data = Some(extra);
        }
        let mut dropped = Vec::new();
        if let Some(feeds) = target_feeds {
            dropped = r
                .target_feeds
                .iter()
                .filter(|f| !feeds.contains(f))
                .cloned()
                .collect();
            r.target_feeds = feeds;
        }
        r.updated_at = now.rfc3339();
        Ok((r.clone(), dropped))
    }

    /// Deletes a reaction. Soft: marks it (404 if missing). Hard: removes it and all its
    /// descendants, returning what was removed (for target-feed cleanup).
    pub(crate) fn delete(
        &mut self,
        id: &str,
        soft: bool,
        now: Stamp,
    ) -> Result<Vec<Reaction>, ApiError> {
        if !self.reactions.contains_key(id) {
            return Err(ApiError::not_found(format!("reaction {id} does not exist")));
        }
        if soft {
            if let Some(r) = self.reactions.get_mut(id) {
                if r.deleted_at.is_none() {
                    r.deleted_at = Some(now.rfc3339());
                }
            }
            return Ok(Vec::new());
        }
        let mut removed = Vec::new();
        let mut queue = vec![id.to_owned()];
        // Each reaction is removed once, so the loop is bounded by the store size.
        while let Some(next) = queue.pop() {
            if let Some(r) = self.reactions.remove(&next) {
                queue.extend(
                    self.reactions
                        .values()
                        .filter(|c| c.parent == r.id)
                        .map(|c| c.id.clone()),
                );
                removed.push(r);
            }
        }
        Ok(removed)
    }

    /// Restores a soft-deleted reaction; 404 when it does not exist or is not deleted.
    pub(crate) fn restore(&mut self, id: &str) -> Result<Reaction, ApiError> {
        match self.reactions.get_mut(id) {
            Some(r) if r.deleted_at.is_some() => {
                r.deleted_at = None;
                Ok(r.clone())
            }
            _ => Err(ApiError::not_found(format!(
                "reaction {id} does not exist or is not deleted"
            ))),
        }
    }

    /// Live reactions matching `pred`, newest first.
    pub(super) fn newest_first(&self, pred: impl Fn(&Reaction) -> bool) -> Vec<&Reaction> {
        let mut v: Vec<&Reaction> = self
            .reactions
            .values()
            .filter(|r| r.is_live() && pred(r))
            .collect();
        v.sort_by_key(|r| std::cmp::Reverse((r.created_micros, r.seq)));
        v
    }

    /// Orders a reaction relative to a cursor id: by position when the store knows the id,
    /// else by comparing id text (generated ids sort by time).
    fn cmp_to_cursor(&self, r: &Reaction, cursor: &str) -> std::cmp::Ordering {
        match self.reactions.get(cursor) {
            Some(c) => (r.created_micros, r.seq).cmp(&(c.created_micros, c.seq)),
            None => r.id.as_str().cmp(cursor),
        }
    }

    /// One page of reactions for a lookup, newest first.
    pub(crate) fn filter(&self, lookup: &Lookup, opts: &FilterOptions) -> FilterPage {
        use std::cmp::Ordering::{Greater, Less};
        let limit = opts.page_size();
        let matches = self.newest_first(|r| {
            selected(r, lookup, opts)
                && opts
                    .id_lt
                    .as_ref()
                    .is_none_or(|c| self.cmp_to_cursor(r, c) == Less)
                && opts
                    .id_lte
                    .as_ref()
                    .is_none_or(|c| self.cmp_to_cursor(r, c) != Greater)
                && opts
                    .id_gt
                    .as_ref()
                    .is_none_or(|c| self.cmp_to_cursor(r, c) == Greater)
                && opts
                    .id_gte
                    .as_ref()
                    .is_none_or(|c| self.cmp_to_cursor(r, c) != Less)
        });
        self.page_of(matches, limit, opts)
    }

    /// The page answered for `matches` in the order answered: the first `limit`, rendered,
    /// with the last one's id as `next_id_lt` when more matched.
    pub(super) fn page_of<'a>(
        &self,
        matches: impl IntoIterator<Item = &'a Reaction>,
        limit: usize,
        opts: &FilterOptions,
    ) -> FilterPage {
        let mut matches = matches.into_iter();
        let page: Vec<&Reaction> = matches.by_ref().take(limit).collect();
        let next_id_lt = if matches.next().is_some() {
            page.last().map(|r| r.id.clone())
        } else {
            None
        };
        let results = page
            .into_iter()
            .map(|r| self.to_json(r, opts.own_children_of.as_deref()))
            .collect();
        FilterPage {
            results,
            next_id_lt,
            limit,
        }
    }

    /// The ids of `user_id`'s live reactions, in creation order.
    pub(crate) fn ids_by_user(&self, user_id: &str) -> Vec<String> {
        self.reactions
            .values()
            .filter(|r| r.user_id == user_id && r.is_live())
            .map(|r| r.id.clone())
            .collect()
    }

    /// Live top-level reactions to an activity, newest first.
    pub(crate) fn for_activity(&self, activity_id: &str) -> Vec<&Reaction> {
        self.newest_first(|r| r.activity_id == activity_id && r.parent.is_empty())
    }

    /// Ids of every reaction (live or not) whose activity is `activity_id`.
    pub(crate) fn ids_for_activity(&self, activity_id: &str) -> Vec<String> {
        self.reactions
            .values()
            .filter(|r| r.activity_id == activity_id)
            .map(|r| r.id.clone())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn like(activity: &str, user: &str) -> NewReaction {
        NewReaction {
            kind: "like".into(),
            activity_id: Some(activity.into()),
            user_id: user.into(),
            ..NewReaction::default()
        }
    }

    fn child(parent: &str, kind: &str) -> NewReaction {
        NewReaction {
            kind: kind.into(),
            parent: Some(parent.into()),
            user_id: "bob".into(),
            ..NewReaction::default()
        }
    }

    #[test]
    fn add_get_shape() {
        let mut s = ReactionStore::default();
        let r = s.add(like("a1", "alice"), Stamp(1)).unwrap();
        let v = s.to_json(s.get(&r.id).unwrap(), None);
        assert_eq!(v["parent"], "");
        assert_eq!(v["data"], json!({}));
        assert_eq!(v["latest_children"], json!({}));
        assert_eq!(v["children_counts"], json!({}));
        assert_eq!(v["activity_id"], "a1");
        assert!(v.get("deleted_at").is_none());
    }

    #[test]
    fn duplicate_id_conflicts_and_input_errors() {
        let mut s = ReactionStore::default();
        let mut n = like("a1", "alice");
        n.id = Some("r1".into());
        s.add(n.clone(), Stamp(1)).unwrap();
        assert_eq!(s.add(n, Stamp(2)).unwrap_err().code, 22);
        let mut no_act = like("", "alice");
        no_act.activity_id = None;
        assert_eq!(s.add(no_act, Stamp(3)).unwrap_err().code, 4);
        let mut bad_feed = like("a1", "alice");
        bad_feed.target_feeds = vec!["nocolon".into()];
        assert_eq!(s.add(bad_feed, Stamp(3)).unwrap_err().code, 4);
        assert_eq!(s.add(child("missing", "c"), Stamp(3)).unwrap_err().code, 4);
    }

    #[test]
    fn nesting_limit_and_children() {
        let mut s = ReactionStore::default();
        let r1 = s.add(like("a1", "alice"), Stamp(1)).unwrap();
        let r2 = s.add(child(&r1.id, "comment"), Stamp(2)).unwrap();
        assert_eq!(r2.activity_id, "a1");
        let r3 = s.add(child(&r2.id, "comment"), Stamp(3)).unwrap();
        let err = s.add(child(&r3.id, "comment"), Stamp(4)).unwrap_err();
        assert_eq!(err.status.as_u16(), 400);
        let v = s.to_json(s.get(&r1.id).unwrap(), Some("bob"));
        assert_eq!(v["children_counts"]["comment"], 1);
        assert_eq!(v["latest_children"]["comment"][0]["id"], r2.id.as_str());
        assert_eq!(v["own_children"]["comment"][0]["id"], r2.id.as_str());
        assert_eq!(
            v["latest_children"]["comment"][0]["latest_children"]["comment"][0]["id"],
            r3.id.as_str()
        );
        // Filter by reaction id returns children; by activity id only top level.
        let kids = s.filter(&Lookup::Reaction(r1.id.clone()), &FilterOptions::default());
        assert_eq!(kids.results.len(), 1);
        let top = s.filter(&Lookup::Activity("a1".into()), &FilterOptions::default());
        assert_eq!(top.results.len(), 1);
        // Hard delete removes descendants.
        let removed = s.delete(&r1.id, false, Stamp(5)).unwrap();
        assert_eq!(removed.len(), 3);
        assert!(s.reactions.is_empty());
    }

    #[test]
    fn soft_delete_and_restore() {
        let mut s = ReactionStore::default();
        let r = s.add(like("a1", "alice"), Stamp(1)).unwrap();
        assert_eq!(s.restore(&r.id).unwrap_err().code, 16);
        s.delete(&r.id, true, Stamp(2)).unwrap();
        assert!(s.get(&r.id).unwrap().deleted_at.is_some());
        assert!(s.for_activity("a1").is_empty());
        assert!(
            s.filter(&Lookup::User("alice".into()), &FilterOptions::default())
                .results
                .is_empty()
        );
        assert!(s.update(&r.id, None, None, None, Stamp(3)).is_err());
        s.restore(&r.id).unwrap();
        assert_eq!(s.for_activity("a1").len(), 1);
        assert_eq!(s.delete("nope", true, Stamp(4)).unwrap_err().code, 16);
    }

    #[test]
    fn filter_pages_newest_first() {
        let mut s = ReactionStore::default();
        let ids: Vec<String> = (0..30)
            .map(|i| s.add(like("a1", "alice"), Stamp(100 + i)).unwrap().id)
            .collect();
        let opts = FilterOptions {
            limit: Some(100),
            ..FilterOptions::default()
        };
        let page = s.filter(&Lookup::Activity("a1".into()), &opts);
        assert_eq!(page.results.len(), 25);
        assert_eq!(page.results[0]["id"], ids[29].as_str());
        assert_eq!(page.next_id_lt.as_deref(), Some(ids[5].as_str()));
        let opts = FilterOptions {
            limit: Some(10),
            id_lt: page.next_id_lt.clone(),
            ..FilterOptions::default()
        };
        let rest = s.filter(&Lookup::Activity("a1".into()), &opts);
        assert_eq!(rest.results.len(), 5);
        assert_eq!(rest.next_id_lt, None);
        // Unknown cursors compare as text: everything is older than ffff...
        let opts = FilterOptions {
            id_lt: Some("ffffffff-bbbb-cccc-dddd-eeeeeeeeeeee".into()),
            kind: Some("like".into()),
            limit: Some(5),
            ..FilterOptions::default()
        };
        assert_eq!(
            s.filter(&Lookup::Activity("a1".into()), &opts)
                .results
                .len(),
            5
        );
        let opts = FilterOptions {
            id_gte: Some(ids[28].clone()),
            ..FilterOptions::default()
        };
        assert_eq!(
            s.filter(&Lookup::Activity("a1".into()), &opts)
                .results
                .len(),
            2
        );
        let opts = FilterOptions {
            kind: Some("comment".into()),
            ..FilterOptions::default()
        };
        assert!(
            s.filter(&Lookup::Activity("a1".into()), &opts)
                .results
                .is_empty()
        );
    }

    #[test]
    fn update_and_target_activity() {
        let mut s = ReactionStore::default();
        let mut n = like("a1", "alice");
        n.target_feeds = vec!["notification:bob".into()];
        let mut extra = Map::new();
        extra.insert("popularity".into(), json!(100));
        n.target_feeds_extra_data = Some(extra);
        let r = s.add(n, Stamp(1)).unwrap();
        let a = r.target_activity();
        assert_eq!(a["verb"], "like");
        assert_eq!(a["reaction"], format!("SR:{}", r.id));
        assert_eq!(a["foreign_id"], format!("reaction:{}", r.id));
        assert_eq!(a["popularity"], 100);
        let mut data = Map::new();
        data.insert("text".into(), json!("edited"));
        let (u, dropped) = s
            .update(
                &r.id,
                Some(data),
                Some(vec!["user:carol".into()]),
                None,
                Stamp(2),
            )
            .unwrap();
        assert_eq!(dropped, ["notification:bob"]);
        assert_eq!(u.target_feeds, ["user:carol"]);
        assert_eq!(u.data["text"], "edited");
        assert_ne!(u.updated_at, u.created_at);
    }

    #[test]
    fn json_round_trip() {
        let mut s = ReactionStore::default();
        s.add(like("a1", "alice"), Stamp(1)).unwrap();
        let json = serde_json::to_string(&s).unwrap();
        let back: ReactionStore = serde_json::from_str(&json).unwrap();
        assert_eq!(back.reactions.len(), 1);
    }
}

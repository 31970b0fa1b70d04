//! Feed reads: pages of activities (flat feeds) or of groups (aggregated and notification feeds).
use std::fmt;
use std::marker::PhantomData;

use serde::de::{SeqAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::{Map, Value};

use crate::activity::Activity;
use crate::time::Timestamp;

/// One page of a feed read.
///
/// `FeedPage<Activity>` for flat feeds, `FeedPage<Group>` for aggregated and notification
/// feeds (which also carry `unseen` / `unread`), `FeedPage<serde_json::Value>` for anything.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(bound(serialize = "T: Serialize", deserialize = "T: Deserialize<'de>"))]
#[non_exhaustive]
pub struct FeedPage<T = Activity> {
    /// The activities or groups, newest first.
    #[serde(default = "Vec::new", deserialize_with = "page_items")]
    pub results: Vec<T>,
    /// The path of the next page (`/api/v1.0/feed/user/alice/?id_lt=…&limit=25`); empty or
    /// absent on the last page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next: Option<String>,
    /// Notification feeds: groups not yet seen.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unseen: Option<u64>,
    /// Notification feeds: groups not yet read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unread: Option<u64>,
    /// Service-side duration (`"4ms"`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration: Option<String>,
}

impl<T> Default for FeedPage<T> {
    fn default() -> Self {
        Self {
            results: Vec::new(),
            next: None,
            unseen: None,
            unread: None,
            duration: None,
        }
    }
}

/// Items reserved for a non-empty page up front: the service's default `limit`.
///
/// JSON gives no length before an array, so a `Vec` of activities (about 760 bytes each) would
/// otherwise be regrown and copied four times on the way to 25 items.
const TYPICAL_PAGE: usize = 25;
/// A length hint above this is not trusted for reserving.
const MAX_RESERVE: usize = 1_000;

/// Reads a page's items: `null` or a missing field is empty, a non-empty array is read into a
/// `Vec` sized for a typical page.
fn page_items<'de, D, T>(d: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    d.deserialize_option(PageItems(PhantomData))
}

/// The visitor behind [`page_items`].
struct PageItems<T>(PhantomData<T>);

impl<'de, T: Deserialize<'de>> Visitor<'de> for PageItems<T> {
    type Value = Vec<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an array of page items or null")
    }

    fn visit_none<E: serde::de::Error>(self) -> Result<Vec<T>, E> {
        Ok(Vec::new())
    }

    fn visit_unit<E: serde::de::Error>(self) -> Result<Vec<T>, E> {
        Ok(Vec::new())
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Vec<T>, D::Error> {
        d.deserialize_seq(self)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
        let Some(first) = seq.next_element()? else {
            return Ok(Vec::new());
        };
        let reserve = seq
            .size_hint()
            .map_or(TYPICAL_PAGE, |n| n.saturating_add(1))
            .clamp(1, MAX_RESERVE);
        let mut items = Vec::with_capacity(reserve);
        items.push(first);
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(items)
    }
}

/// A group of activities in an aggregated or notification feed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Group {
    /// Group id (use it in `mark_seen` / `mark_read` and for `id_lt` paging).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The aggregation key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    /// The verb of the group's activities.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verb: Option<String>,
    /// The activities, newest first.
    #[serde(default, deserialize_with = "page_items")]
    pub activities: Vec<Activity>,
    /// How many activities the group holds (may exceed `activities.len()`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub activity_count: Option<u64>,
    /// How many distinct actors.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actor_count: Option<u64>,
    /// Notification feeds: whether the group was seen.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_seen: Option<bool>,
    /// Notification feeds: whether the group was read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_read: Option<bool>,
    /// When the group was created.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<Timestamp>,
    /// When the group last changed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<Timestamp>,
    /// Any other field.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// Something a feed page lists, with the id used to ask for the page after it (`id_lt`).
pub trait PageItem {
    /// The item's id.
    fn page_id(&self) -> Option<&str>;
}

impl PageItem for Activity {
    fn page_id(&self) -> Option<&str> {
        self.id.as_deref()
    }
}

impl PageItem for Group {
    fn page_id(&self) -> Option<&str> {
        self.id.as_deref()
    }
}

impl PageItem for Value {
    fn page_id(&self) -> Option<&str> {
        self.get("id").and_then(Value::as_str)
    }
}

/// The answer to removing an activity.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Removed {
    /// The id (or foreign id) removed.
    #[serde(default)]
    pub removed: Option<String>,
    /// Service-side duration.
    #[serde(default)]
    pub duration: Option<String>,
}

/// An answer that carries nothing but the service-side duration (follow, batch writes).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Ack {
    /// Service-side duration.
    #[serde(default)]
    pub duration: Option<String>,
    /// Any other field.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn pages_are_lenient() {
        let p: FeedPage =
            serde_json::from_value(json!({"results": null, "duration": "1ms"})).unwrap();
        assert!(p.results.is_empty());
        let p: FeedPage<Group> = serde_json::from_value(json!({
            "results": [{"id": "g1", "group": "like_2024", "activities": [{"id": "a"}],
                          "activity_count": 1, "is_seen": false, "custom": 1}],
            "next": "", "unseen": 1, "unread": 1
        }))
        .unwrap();
        assert_eq!(p.results[0].page_id(), Some("g1"));
        assert_eq!(p.results[0].activities[0].page_id(), Some("a"));
        assert_eq!(p.results[0].extra["custom"], 1);
        assert_eq!(p.unseen, Some(1));
        let p: FeedPage<Value> = serde_json::from_value(json!({"results": [{"id": "x"}]})).unwrap();
        assert_eq!(p.results[0].page_id(), Some("x"));
    }

    #[test]
    fn page_items_read_from_text_keep_order() {
        for (text, len) in [
            (r#"{}"#, 0),
            (r#"{"results": null}"#, 0),
            (r#"{"results": []}"#, 0),
            (r#"{"results": [{"id": "0"}]}"#, 1),
        ] {
            let p: FeedPage = serde_json::from_str(text).unwrap();
            assert_eq!(p.results.len(), len, "{text}");
        }
        // A typical page keeps its order.
        let items: Vec<Value> = (0..TYPICAL_PAGE)
            .map(|i| json!({"id": i.to_string()}))
            .collect();
        let p: FeedPage = serde_json::from_str(&json!({ "results": items }).to_string()).unwrap();
        let ids: Vec<&str> = p.results.iter().filter_map(|a| a.id.as_deref()).collect();
        let expected: Vec<String> = (0..TYPICAL_PAGE).map(|i| i.to_string()).collect();
        assert_eq!(ids, expected);
        // Longer pages grow past the reservation, in order.
        let items: Vec<Value> = (0..60).map(|i| json!({"id": i.to_string()})).collect();
        let p: FeedPage = serde_json::from_str(&json!({ "results": items }).to_string()).unwrap();
        let ids: Vec<&str> = p.results.iter().filter_map(|a| a.id.as_deref()).collect();
        assert_eq!(ids.len(), 60);
        assert_eq!(ids[59], "59");
        for bad in [
            r#"{"results": 3}"#,
            r#"{"results": {}}"#,
            r#"{"results": [3]}"#,
        ] {
            assert!(serde_json::from_str::<FeedPage>(bad).is_err(), "{bad}");
        }
    }
}

//! Reactions (likes, comments, …) on activities and on other reactions.
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// A reaction as the service returns it. Unknown fields are kept in `extra`.
///
/// Times are kept as the strings the service sent (RFC 3339 with `Z`, up to nanoseconds).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Reaction {
    /// Reaction id (a UUID).
    #[serde(default, deserialize_with = "crate::activity::null_default")]
    pub id: String,
    /// The kind (`like`, `comment`, …).
    #[serde(default, deserialize_with = "crate::activity::null_default")]
    pub kind: String,
    /// The activity reacted to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub activity_id: Option<String>,
    /// The user who reacted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
    /// Custom data, exactly as stored.
    #[serde(default, deserialize_with = "crate::activity::null_default")]
    pub data: Map<String, Value>,
    /// Parent reaction id for child reactions (`""` for top-level ones).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
    /// Feeds the reaction was also posted to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_feeds: Option<Vec<String>>,
    /// Creation time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<String>,
    /// Last update time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<String>,
    /// Set when the reaction was soft-deleted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deleted_at: Option<String>,
    /// Latest child reactions per kind.
    #[serde(default, deserialize_with = "crate::activity::null_default")]
    pub latest_children: Map<String, Value>,
    /// Child reaction counts per kind.
    #[serde(default, deserialize_with = "crate::activity::null_default")]
    pub children_counts: Map<String, Value>,
    /// The enriched user, when the service enriched it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user: Option<Value>,
    /// The caller's own child reactions per kind (with `with_own_children`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub own_children: Option<Map<String, Value>>,
    /// Every other field the service sent (`duration`, new fields, …).
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl Reaction {
    /// The child reactions of `kind` in `latest_children`, decoded leniently (entries that do not
    /// fit are skipped).
    pub fn latest_children_of(&self, kind: &str) -> Vec<Reaction> {
        self.latest_children
            .get(kind)
            .and_then(Value::as_array)
            .map(|items| {
                items
                    .iter()
                    .filter_map(|v| Reaction::deserialize(v).ok())
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The count of child reactions of `kind`.
    pub fn children_count(&self, kind: &str) -> u64 {
        self.children_counts
            .get(kind)
            .and_then(Value::as_u64)
            .unwrap_or(0)
    }
}

/// One page of a reactions filter.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ReactionsPage {
    /// The reactions, newest first.
    #[serde(default, deserialize_with = "crate::activity::null_default")]
    pub results: Vec<Reaction>,
    /// The URL of the next page (empty or absent on the last page).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next: Option<String>,
    /// The activity, when `with_activity_data` was asked for (kept as JSON).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub activity: Option<Value>,
    /// Server time spent, e.g. `"4.2ms"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration: Option<String>,
    /// Every other field.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The answer to a get-many-by-ids read: `{"reactions":[…], "duration"}`, in the order the
/// service returns them (ids it does not know are left out).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ReactionsByIds {
    /// The reactions found.
    #[serde(default, deserialize_with = "crate::activity::null_default")]
    pub reactions: Vec<Reaction>,
    /// Server time spent, e.g. `"4.2ms"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration: Option<String>,
    /// Every other field.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reaction_keeps_unknown_fields_and_custom_data() {
        let json = r#"{"id":"r1","kind":"like","activity_id":"a1","user_id":"alice",
            "data":{"text":"nice","n":[1,{"x":null}]},"parent":"","latest_children":{},
            "children_counts":{"comment":2},"created_at":"2019-08-22T17:53:54.4556937Z",
            "updated_at":"2019-08-22T17:53:54.4556937Z","duration":"1ms","brand_new":true}"#;
        let r: Reaction = serde_json::from_str(json).unwrap();
        assert_eq!(r.kind, "like");
        assert_eq!(r.data["n"][1]["x"], Value::Null);
        assert_eq!(r.children_count("comment"), 2);
        assert_eq!(r.extra["brand_new"], Value::Bool(true));
        let back: Value = serde_json::to_value(&r).unwrap();
        assert_eq!(
            back["data"],
            serde_json::from_str::<Value>(json).unwrap()["data"]
        );
    }

    #[test]
    fn empty_object_is_a_reaction() {
        let r: Reaction = serde_json::from_str("{}").unwrap();
        assert!(r.id.is_empty() && r.latest_children_of("x").is_empty());
    }
}

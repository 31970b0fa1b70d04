//! The payload Stream publishes on a feed channel.
use std::borrow::Cow;

use serde::{Deserialize, Deserializer, Serialize};
use serde_json::{Map, Value};
use stream_models::activity::Activity;

/// One `[foreign_id, time]` pair of a removed activity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DeletedForeignId {
    /// The activity's foreign id.
    pub foreign_id: String,
    /// Its time, as the service wrote it (absent when the pair had none).
    pub time: Option<String>,
}

impl<'de> Deserialize<'de> for DeletedForeignId {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = |v: &Value| match v {
            Value::String(s) => Some(s.clone()),
            Value::Null => None,
            other => Some(other.to_string()),
        };
        Ok(match Value::deserialize(d)? {
            Value::Array(a) => DeletedForeignId {
                foreign_id: a.first().and_then(text).unwrap_or_default(),
                time: a.get(1).and_then(text),
            },
            other => DeletedForeignId {
                foreign_id: text(&other).unwrap_or_default(),
                time: None,
            },
        })
    }
}

/// The groups a notification-feed read marked seen or read, as a message reports them.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum MarkedGroups {
    /// `true`: every group.
    All,
    /// These group ids.
    Ids(Vec<String>),
}

impl MarkedGroups {
    /// Reads `true` or a (non-empty) list of group ids; `false`, `null`, `[]` or others mark nothing.
    fn parse(v: Option<&Value>) -> Option<Self> {
        match v? {
            Value::Bool(true) => Some(MarkedGroups::All),
            Value::Array(a) => {
                let ids: Vec<String> = a
                    .iter()
                    .filter_map(|v| match v {
                        Value::String(s) => Some(s.clone()),
                        Value::Number(n) => Some(n.to_string()),
                        _ => None,
                    })
                    .collect();
                (!ids.is_empty()).then_some(MarkedGroups::Ids(ids))
            }
            Value::String(s) if !s.is_empty() => Some(MarkedGroups::Ids(vec![s.clone()])),
            _ => None,
        }
    }

    /// Whether group `id` is marked.
    pub fn contains(&self, id: &str) -> bool {
        match self {
            MarkedGroups::All => true,
            MarkedGroups::Ids(ids) => ids.iter().any(|i| i == id),
        }
    }
}

/// A feed change as Stream publishes it. Every field is optional; others are kept in `extra`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct RealtimeMessage {
    /// Ids of removed activities.
    #[serde(default, deserialize_with = "null_default")]
    pub deleted: Vec<String>,
    /// `[foreign_id, time]` of removed activities that had a foreign id.
    #[serde(default, deserialize_with = "null_default")]
    pub deleted_foreign_ids: Vec<DeletedForeignId>,
    /// Added or updated activities (on aggregated feeds each carries its `group` in `extra`).
    #[serde(default, deserialize_with = "null_default")]
    pub new: Vec<Activity>,
    /// The app id (a string or a number on the wire; kept as text).
    #[serde(default, deserialize_with = "string_or_number")]
    pub app_id: Option<String>,
    /// The feed id (`user:alice`) as the service spells it.
    #[serde(default)]
    pub feed: Option<String>,
    /// Notification feeds: groups marked read (`true` or a list of group ids).
    #[serde(default)]
    pub mark_read: Option<Value>,
    /// Notification feeds: groups marked seen (`true` or a list of group ids).
    #[serde(default)]
    pub mark_seen: Option<Value>,
    /// When the message was published.
    #[serde(default)]
    pub published_at: Option<String>,
    /// Every other field.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl RealtimeMessage {
    /// Whether the message says nothing changed.
    pub fn is_empty(&self) -> bool {
        self.new.is_empty()
            && self.deleted.is_empty()
            && self.deleted_foreign_ids.is_empty()
            && self.marked_read().is_none()
            && self.marked_seen().is_none()
    }

    /// The groups this message marks seen (`None` when none: absent, `false` or `[]`).
    pub fn marked_seen(&self) -> Option<MarkedGroups> {
        MarkedGroups::parse(self.mark_seen.as_ref())
    }

    /// The groups this message marks read (`None` when none: absent, `false` or `[]`).
    pub fn marked_read(&self) -> Option<MarkedGroups> {
        MarkedGroups::parse(self.mark_read.as_ref())
    }

    /// The `group` of each new activity (aggregated and notification feeds).
    pub fn groups(&self) -> impl Iterator<Item = Option<Cow<'_, str>>> {
        self.new.iter().map(|a| a.extra.get_str("group"))
    }
}

fn null_default<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + Default,
{
    Option::<T>::deserialize(d).map(Option::unwrap_or_default)
}

fn string_or_number<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(match Option::<Value>::deserialize(d)? {
        Some(Value::String(s)) => Some(s),
        Some(Value::Number(n)) => Some(n.to_string()),
        _ => None,
    })
}

//! Activities: what the service returns ([`Activity`]), what you add ([`NewActivity`]) and what
//! you change ([`ActivityChange`]).
use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::{Map, Value};

use crate::fields::Fields;
use crate::ids::FeedId;
use crate::text::Text;
use crate::time::Timestamp;

/// Reads `null` (or a missing field, with `#[serde(default)]`) as `T::default()`.
pub(crate) fn null_default<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + Default,
{
    Option::<T>::deserialize(d).map(Option::unwrap_or_default)
}

/// An `actor`, `object` or `target`: a reference string (`user:alice`, `SU:alice`), or — in an
/// enriched read — the object it points to (`{"id", "data", ...}`).
///
/// Deserializing is hand-written (in `activity_de.rs`): it reads the value once, where an
/// untagged derive would buffer it first.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Reference {
    /// A plain reference string.
    Id(Text),
    /// An enriched object (a user or collection entry). Boxed: most reads carry plain
    /// references, and a smaller `Activity` is cheaper to decode and move.
    Object(Box<Map<String, Value>>),
    /// Anything else the service sent (a number, a list).
    Other(Value),
}

impl Reference {
    /// The reference string, or the `id` of an enriched object.
    pub fn id(&self) -> Option<&str> {
        match self {
            Reference::Id(s) => Some(s),
            Reference::Object(m) => m.get("id").and_then(Value::as_str),
            Reference::Other(_) => None,
        }
    }
}

impl From<&str> for Reference {
    fn from(s: &str) -> Self {
        Reference::Id(Text::from(s))
    }
}

/// An activity as the service returns it. Every field is optional; custom fields are kept, in
/// order, in [`Activity::extra`].
///
/// Read from a response, its strings ([`Text`]) and custom fields ([`Fields`]) share the
/// response body instead of copying out of it: decoding a page allocates a few times per
/// activity, not a few dozen. Custom fields are parsed when you read them.
///
/// Deserializing is hand-written (in `activity_de.rs`) to read each field once; the field
/// attributes below describe the same rules and drive serializing.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Activity {
    /// Server-assigned id (a UUID).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<Text>,
    /// Who did it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actor: Option<Reference>,
    /// What was done.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verb: Option<Text>,
    /// To what.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub object: Option<Reference>,
    /// Your id for the activity; with `time`, its identity.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub foreign_id: Option<Text>,
    /// When it happened (UTC, usually without a zone suffix).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time: Option<Timestamp>,
    /// Optional target.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<Reference>,
    /// The feed it was copied from (set on activities that arrived through a follow).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub origin: Option<Text>,
    /// Feeds it was also delivered to.
    #[serde(
        default,
        deserialize_with = "null_default",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub to: Vec<Text>,
    // The four enrichment maps below are boxed: absent from plain reads, they would otherwise
    // make every activity 256 bytes larger to build, move and drop.
    /// Ranking score, on ranked reads.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score: Option<f64>,
    /// Ranked reads with `withScoreVars`: the values the score was computed from, by name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score_vars: Option<Box<Map<String, Value>>>,
    /// Enriched reads: reaction counts by kind (`{"like": 3}`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reaction_counts: Option<Box<Map<String, Value>>>,
    /// Enriched reads: the reading user's reactions by kind.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub own_reactions: Option<Box<Map<String, Value>>>,
    /// Enriched reads: the latest reactions by kind.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub latest_reactions: Option<Box<Map<String, Value>>>,
    /// Enriched reads: pagination hints for `latest_reactions` by kind.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub latest_reactions_extra: Option<Box<Map<String, Value>>>,
    /// Every other field (your custom fields), in the order the service sent them, each kept as
    /// the JSON text it arrived as and parsed when you read it (see [`Fields`]).
    #[serde(flatten)]
    pub extra: Fields,
}

impl Activity {
    /// The custom fields read as your own type.
    ///
    /// ```
    /// use stream_models::activity::Activity;
    /// #[derive(serde::Deserialize)]
    /// struct Post { message: String }
    /// let a: Activity = serde_json::from_str(r#"{"verb":"post","message":"hi"}"#).unwrap();
    /// assert_eq!(a.custom::<Post>().unwrap().message, "hi");
    /// assert_eq!(a.extra.get_str("message").as_deref(), Some("hi"));
    /// ```
    pub fn custom<T: DeserializeOwned>(&self) -> Result<T, serde_json::Error> {
        self.extra.decode()
    }

    /// The number of reactions of `kind`, 0 when absent (enriched reads).
    pub fn reaction_count(&self, kind: &str) -> u64 {
        self.reaction_counts
            .as_ref()
            .and_then(|m| m.get(kind))
            .and_then(Value::as_u64)
            .unwrap_or(0)
    }
}

/// Why an activity cannot be sent.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {reason}")]
pub struct InvalidActivity {
    /// The offending field.
    pub field: &'static str,
    /// What is wrong.
    pub reason: String,
}

/// Field names with their own builder method, which therefore cannot be custom fields of a
/// [`NewActivity`]: `actor`, `verb`, `object`, `foreign_id`, `time`, `to` and `target`.
///
/// ```
/// use stream_models::activity::RESERVED_FIELDS;
/// assert!(RESERVED_FIELDS.contains(&"foreign_id"));
/// ```
pub const RESERVED_FIELDS: [&str; 7] = [
    "actor",
    "verb",
    "object",
    "foreign_id",
    "time",
    "to",
    "target",
];

/// An activity to add (or, with `foreign_id` and `time`, to replace in `update_activities`).
///
/// ```
/// use stream_models::activity::NewActivity;
/// use stream_models::{FeedId, Timestamp};
/// let a = NewActivity::new("user:alice", "tweet", "tweet:1")
///     .foreign_id("tweet:1")
///     .time(Timestamp::parse("2024-01-02T03:04:05.678900")?)
///     .to([FeedId::parse("user:bob")?])
///     .custom("message", "hello")
///     .custom("tags", serde_json::json!(["a", "b"]));
/// assert_eq!(serde_json::to_value(&a).unwrap()["to"][0], "user:bob");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct NewActivity {
    /// Who did it (`user:alice`, `SU:alice`).
    pub actor: String,
    /// What was done.
    pub verb: String,
    /// To what (`tweet:1`, `SO:food:pizza-1`).
    pub object: String,
    /// Your id for the activity.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub foreign_id: Option<String>,
    /// When it happened; the service sets it when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time: Option<Timestamp>,
    /// Other feeds it is delivered to, sent bare (`"user:bob"`).
    #[serde(
        default,
        deserialize_with = "null_default",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub to: Vec<FeedId>,
    /// Optional target.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<String>,
    /// Custom fields, any JSON, sent in insertion order after the fields above.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl NewActivity {
    /// An activity with its three required fields.
    pub fn new(
        actor: impl Into<String>,
        verb: impl Into<String>,
        object: impl Into<String>,
    ) -> Self {
        Self {
            actor: actor.into(),
            verb: verb.into(),
            object: object.into(),
            foreign_id: None,
            time: None,
            to: Vec::new(),
            target: None,
            extra: Map::new(),
        }
    }

    /// Sets your id for the activity.
    pub fn foreign_id(mut self, foreign_id: impl Into<String>) -> Self {
        self.foreign_id = Some(foreign_id.into());
        self
    }

    /// Sets the time: a [`Timestamp`] (built from a `SystemTime`, unix time, or text with
    /// [`Timestamp::parse`], which is sent as given) or a `SystemTime`.
    pub fn time(mut self, time: impl Into<Timestamp>) -> Self {
        self.time = Some(time.into());
        self
    }

    /// Adds feeds the activity is also delivered to.
    pub fn to(mut self, feeds: impl IntoIterator<Item = FeedId>) -> Self {
        self.to.extend(feeds);
        self
    }

    /// Sets the target.
    pub fn target(mut self, target: impl Into<String>) -> Self {
        self.target = Some(target.into());
        self
    }

    /// Adds (or replaces) one custom field.
    pub fn custom(mut self, key: impl Into<String>, value: impl Into<Value>) -> Self {
        self.extra.insert(key.into(), value.into());
        self
    }

    /// Adds every field of `fields`, in order.
    pub fn custom_fields(mut self, fields: Map<String, Value>) -> Self {
        self.extra.extend(fields);
        self
    }

    /// Adds the fields of any value that serializes to a JSON object.
    pub fn custom_data<T: Serialize + ?Sized>(self, data: &T) -> Result<Self, InvalidActivity> {
        match serde_json::to_value(data) {
            Ok(Value::Object(m)) => Ok(self.custom_fields(m)),
            Ok(_) => Err(InvalidActivity {
                field: "custom_data",
                reason: "must serialize to a JSON object".to_owned(),
            }),
            Err(e) => Err(InvalidActivity {
                field: "custom_data",
                reason: e.to_string(),
            }),
        }
    }

    /// Checks what the service would refuse: empty `actor`/`verb`/`object`, and custom fields
    /// that shadow the fields above.
    pub fn validate(&self) -> Result<(), InvalidActivity> {
        for (field, value) in [
            ("actor", &self.actor),
            ("verb", &self.verb),
            ("object", &self.object),
        ] {
            if value.is_empty() {
                return Err(InvalidActivity {
                    field,
                    reason: "must not be empty".to_owned(),
                });
            }
        }
        if let Some(key) = self
            .extra
            .keys()
            .find(|k| RESERVED_FIELDS.contains(&k.as_str()))
        {
            return Err(InvalidActivity {
                field: "extra",
                reason: format!(
                    "custom field {key:?} clashes with the activity field of that name; use its builder method"
                ),
            });
        }
        Ok(())
    }
}

/// The most keys one partial-update change may `set`, and separately `unset`.
pub const MAX_CHANGE_KEYS: usize = 25;

/// One partial update of an activity, found by id or by `foreign_id` + `time`.
///
/// Sent as `{"id"|"foreign_id"+"time", "set": {...}, "unset": [...]}`; `set` and `unset` are
/// always present (as the Python client sends them). Dotted keys (`"product.price"`) reach into
/// nested objects.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ActivityChange {
    /// The activity id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Your id for the activity (with `time`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub foreign_id: Option<String>,
    /// The activity time (with `foreign_id`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time: Option<Timestamp>,
    /// Fields to set.
    #[serde(default, deserialize_with = "null_default")]
    pub set: Map<String, Value>,
    /// Fields to remove.
    #[serde(default, deserialize_with = "null_default")]
    pub unset: Vec<String>,
}

impl ActivityChange {
    /// A change to the activity with this id.
    pub fn by_id(id: impl Into<String>) -> Self {
        Self {
            id: Some(id.into()),
            foreign_id: None,
            time: None,
            set: Map::new(),
            unset: Vec::new(),
        }
    }

    /// A change to the activity with this `foreign_id` and `time`.
    pub fn by_foreign_id(foreign_id: impl Into<String>, time: impl Into<Timestamp>) -> Self {
        Self {
            id: None,
            foreign_id: Some(foreign_id.into()),
            time: Some(time.into()),
            set: Map::new(),
            unset: Vec::new(),
        }
    }

    /// Sets a field (dotted paths reach into nested objects).
    pub fn set(mut self, key: impl Into<String>, value: impl Into<Value>) -> Self {
        self.set.insert(key.into(), value.into());
        self
    }

    /// Removes a field.
    pub fn unset(mut self, key: impl Into<String>) -> Self {
        self.unset.push(key.into());
        self
    }

    /// Checks the change names its activity and stays within [`MAX_CHANGE_KEYS`].
    pub fn validate(&self) -> Result<(), InvalidActivity> {
        let by_fid = self.foreign_id.is_some() || self.time.is_some();
        match (&self.id, by_fid) {
            (Some(id), false) if !id.is_empty() => {}
            (None, true) if self.foreign_id.is_some() && self.time.is_some() => {}
            _ => {
                return Err(InvalidActivity {
                    field: "id",
                    reason: "a change needs either an id, or a foreign_id and a time".to_owned(),
                });
            }
        }
        if self.set.len() > MAX_CHANGE_KEYS {
            return Err(InvalidActivity {
                field: "set",
                reason: format!(
                    "{} keys; a change may set at most {MAX_CHANGE_KEYS}",
                    self.set.len()
                ),
            });
        }
        if self.unset.len() > MAX_CHANGE_KEYS {
            return Err(InvalidActivity {
                field: "unset",
                reason: format!(
                    "{} keys; a change may unset at most {MAX_CHANGE_KEYS}",
                    self.unset.len()
                ),
            });
        }
        if self.set.is_empty() && self.unset.is_empty() {
            return Err(InvalidActivity {
                field: "set",
                reason: "a change must set or unset at least one field".to_owned(),
            });
        }
        Ok(())
    }
}

/// The answer to `update_activity_to_targets`: the updated activity and what changed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ToTargetsResponse {
    /// The activity with its new `to`.
    #[serde(default)]
    pub activity: Option<Activity>,
    /// Targets added.
    #[serde(default, deserialize_with = "null_default")]
    pub added: Vec<String>,
    /// Targets removed.
    #[serde(default, deserialize_with = "null_default")]
    pub removed: Vec<String>,
    /// Service-side duration (`"4ms"`).
    #[serde(default)]
    pub duration: Option<String>,
    /// Any other field.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The answer to adding one activity: the stored activity (with its id).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct AddedActivity {
    /// Service-side duration.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration: Option<String>,
    /// The activity as stored.
    #[serde(flatten)]
    pub activity: Activity,
}

/// An added activity reads as the activity itself, so its fields are one step away:
///
/// ```
/// use stream_models::activity::AddedActivity;
/// let added: AddedActivity =
///     serde_json::from_str(r#"{"id":"a1","actor":"alice","verb":"post","object":"p:1","duration":"2ms"}"#)?;
/// assert_eq!(added.id.as_deref(), Some("a1"));
/// assert_eq!(added.verb.as_deref(), Some("post"));
/// # Ok::<(), serde_json::Error>(())
/// ```
impl std::ops::Deref for AddedActivity {
    type Target = Activity;

    fn deref(&self) -> &Activity {
        &self.activity
    }
}

/// A list of activities under `activities` (add many, partial update).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ActivityList {
    /// The activities, in request order.
    #[serde(default, deserialize_with = "null_default")]
    pub activities: Vec<Activity>,
    /// Service-side duration.
    #[serde(default)]
    pub duration: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn new_activity_serializes_in_order_with_custom_fields() {
        let a = NewActivity::new("user:alice", "tweet", "tweet:1")
            .foreign_id("tweet:1")
            .time(Timestamp::parse("2024-01-02T03:04:05.678900").unwrap())
            .to([FeedId::parse("user:bob").unwrap()])
            .custom("nothing", Value::Null)
            .custom("nested", json!({"a": {"b": [1, 2, {"c": "d"}]}}));
        let s = serde_json::to_string(&a).unwrap();
        assert_eq!(
            s,
            r#"{"actor":"user:alice","verb":"tweet","object":"tweet:1","foreign_id":"tweet:1","time":"2024-01-02T03:04:05.678900","to":["user:bob"],"nothing":null,"nested":{"a":{"b":[1,2,{"c":"d"}]}}}"#
        );
        let back: NewActivity = serde_json::from_str(&s).unwrap();
        assert_eq!(back, a);
        a.validate().unwrap();
    }

    #[test]
    fn validation_rejects_empty_and_shadowing_fields() {
        assert!(NewActivity::new("", "v", "o").validate().is_err());
        let e = NewActivity::new("a", "v", "o")
            .custom("to", "x")
            .validate()
            .unwrap_err();
        assert_eq!(e.field, "extra");
        assert!(NewActivity::new("a", "v", "o").custom_data(&3).is_err());
    }

    #[test]
    fn changes_validate_identity_and_key_counts() {
        assert!(ActivityChange::by_id("1").set("a", 1).validate().is_ok());
        assert!(ActivityChange::by_id("1").validate().is_err());
        let mut c = ActivityChange::by_foreign_id(
            "post:1",
            Timestamp::parse("2024-01-02T03:04:05.678900").unwrap(),
        );
        for i in 0..MAX_CHANGE_KEYS {
            c = c.set(format!("k{i}"), i);
        }
        assert!(c.validate().is_ok());
        let e = c.clone().set("one_more", 1).validate().unwrap_err();
        assert_eq!(e.field, "set");
        let mut c = ActivityChange::by_id("1");
        for i in 0..=MAX_CHANGE_KEYS {
            c = c.unset(format!("k{i}"));
        }
        assert_eq!(c.validate().unwrap_err().field, "unset");
        let mut both = ActivityChange::by_id("1").set("a", 1);
        both.foreign_id = Some("x".into());
        assert!(both.validate().is_err());
    }

    #[test]
    fn activities_are_lenient_and_keep_custom_fields() {
        let a: Activity = serde_json::from_value(json!({
            "id": "1", "actor": {"id": "alice", "data": {}}, "verb": "post", "object": 3,
            "to": null, "zeta": 1, "alpha": [true], "origin": null,
            "reaction_counts": {"like": 2}
        }))
        .unwrap();
        assert_eq!(a.actor.as_ref().and_then(Reference::id), Some("alice"));
        assert_eq!(a.object, Some(Reference::Other(json!(3))));
        assert!(a.to.is_empty());
        assert_eq!(a.reaction_count("like"), 2);
        assert_eq!(a.reaction_count("love"), 0);
        assert_eq!(a.extra.keys().collect::<Vec<_>>(), ["zeta", "alpha"]);
        let added: AddedActivity =
            serde_json::from_value(json!({"id": "1", "verb": "v", "duration": "1ms", "x": 2}))
                .unwrap();
        assert_eq!(added.duration.as_deref(), Some("1ms"));
        assert_eq!(added.activity.extra.value("x"), Some(json!(2)));
        assert!(!added.activity.extra.contains_key("duration"));
    }
}

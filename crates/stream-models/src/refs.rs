//! Typed Stream reference strings (`SU:<user>`, `SO:<collection>:<id>`, `SA:<activity>`,
//! `SR:<reaction>`), and reading an enriched reference's object without digging through JSON.
//!
//! An activity's `actor`, `object` or `target` may hold such a string; an enriched read replaces
//! it with the user, collection entry, activity or reaction it names ([`Reference::Object`]).
use std::fmt;
use std::str::FromStr;

use serde_json::{Map, Value};

use crate::activity::{Activity, Reference};

/// A reference to a Stream user, collection entry, activity or reaction, as the official clients
/// build them (`users.create_reference`, `CollectionEntry.ref()`, go2's `CreateUserReference`,
/// `CreateCollectionReference`; `SA:` as go2 writes enriched activities' foreign ids).
///
/// ```
/// use stream_models::refs::StreamRef;
/// let user = StreamRef::user("alice")?;
/// assert_eq!(user.to_string(), "SU:alice");
/// let food: StreamRef = "SO:food:burger".parse()?;
/// assert_eq!(food, StreamRef::object("food", "burger")?);
/// # Ok::<(), stream_models::refs::RefError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum StreamRef {
    /// `SU:<user id>`.
    User(String),
    /// `SO:<collection>:<entry id>`.
    Object {
        /// The collection name (no `:`).
        collection: String,
        /// The entry id.
        id: String,
    },
    /// `SA:<activity id>`.
    Activity(String),
    /// `SR:<reaction id>`.
    Reaction(String),
}

/// Why a reference could not be built or parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefError {
    reason: String,
}

impl fmt::Display for RefError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid Stream reference: {}", self.reason)
    }
}

impl std::error::Error for RefError {}

fn error(reason: impl Into<String>) -> RefError {
    RefError {
        reason: reason.into(),
    }
}

fn part(what: &str, value: impl Into<String>) -> Result<String, RefError> {
    let value = value.into();
    if value.is_empty() {
        return Err(error(format!("the {what} is empty")));
    }
    if value.chars().any(char::is_control) {
        return Err(error(format!("the {what} contains control characters")));
    }
    Ok(value)
}

impl StreamRef {
    /// `SU:<id>`.
    pub fn user(id: impl Into<String>) -> Result<Self, RefError> {
        Ok(Self::User(part("user id", id)?))
    }

    /// `SO:<collection>:<id>`; the collection name may not contain `:`.
    pub fn object(collection: impl Into<String>, id: impl Into<String>) -> Result<Self, RefError> {
        let collection = part("collection", collection)?;
        if collection.contains(':') {
            return Err(error(format!("the collection {collection:?} contains ':'")));
        }
        Ok(Self::Object {
            collection,
            id: part("entry id", id)?,
        })
    }

    /// `SA:<id>`.
    pub fn activity(id: impl Into<String>) -> Result<Self, RefError> {
        Ok(Self::Activity(part("activity id", id)?))
    }

    /// `SR:<id>`.
    pub fn reaction(id: impl Into<String>) -> Result<Self, RefError> {
        Ok(Self::Reaction(part("reaction id", id)?))
    }

    /// The referenced id (for a collection entry, the entry id).
    pub fn id(&self) -> &str {
        match self {
            StreamRef::User(id) | StreamRef::Activity(id) | StreamRef::Reaction(id) => id,
            StreamRef::Object { id, .. } => id,
        }
    }
}

impl fmt::Display for StreamRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StreamRef::User(id) => write!(f, "SU:{id}"),
            StreamRef::Object { collection, id } => write!(f, "SO:{collection}:{id}"),
            StreamRef::Activity(id) => write!(f, "SA:{id}"),
            StreamRef::Reaction(id) => write!(f, "SR:{id}"),
        }
    }
}

impl FromStr for StreamRef {
    type Err = RefError;

    fn from_str(s: &str) -> Result<Self, RefError> {
        let (kind, rest) = s
            .split_once(':')
            .ok_or_else(|| error(format!("{s:?} has no SU:/SO:/SA:/SR: prefix")))?;
        match kind {
            "SU" => Self::user(rest),
            "SA" => Self::activity(rest),
            "SR" => Self::reaction(rest),
            "SO" => {
                let (collection, id) = rest
                    .split_once(':')
                    .ok_or_else(|| error(format!("{s:?} is not SO:<collection>:<id>")))?;
                Self::object(collection, id)
            }
            _ => Err(error(format!("{s:?} has no SU:/SO:/SA:/SR: prefix"))),
        }
    }
}

impl From<StreamRef> for String {
    fn from(r: StreamRef) -> Self {
        r.to_string()
    }
}

impl From<&StreamRef> for String {
    fn from(r: &StreamRef) -> Self {
        r.to_string()
    }
}

impl Reference {
    /// The enriched object, when the service replaced the reference with it.
    pub fn object(&self) -> Option<&Map<String, Value>> {
        match self {
            Reference::Object(m) => Some(m),
            _ => None,
        }
    }

    /// The enriched object's `data` (a user's or collection entry's custom data).
    pub fn data(&self) -> Option<&Map<String, Value>> {
        self.object()?.get("data")?.as_object()
    }

    /// One field of the enriched object's `data`.
    pub fn data_value(&self, key: &str) -> Option<&Value> {
        self.data()?.get(key)
    }

    /// One string field of the enriched object's `data`: `actor.data_str("name")`.
    pub fn data_str(&self, key: &str) -> Option<&str> {
        self.data_value(key)?.as_str()
    }

    /// The typed reference: parsed from a plain `SU:`/`SO:`/`SA:`/`SR:` string, or rebuilt from
    /// an enriched user (`id` with `data`) or collection entry (`collection` and `id`).
    /// `None` for other strings (`user:alice`) and shapes.
    pub fn stream_ref(&self) -> Option<StreamRef> {
        match self {
            Reference::Id(s) => s.parse().ok(),
            Reference::Object(m) => {
                let id = m.get("id")?.as_str()?;
                match m.get("collection").and_then(Value::as_str) {
                    Some(collection) => StreamRef::object(collection, id).ok(),
                    None if m.contains_key("data") => StreamRef::user(id).ok(),
                    None => None,
                }
            }
            Reference::Other(_) => None,
        }
    }
}

impl Activity {
    /// One string field of the enriched actor's `data` (`activity.actor_data_str("name")` on an
    /// enriched read whose actor is `SU:alice`); `None` when the actor was not enriched.
    pub fn actor_data_str(&self, key: &str) -> Option<&str> {
        self.actor.as_ref()?.data_str(key)
    }

    /// One string field of the enriched object's `data` (e.g. a collection entry's field).
    pub fn object_data_str(&self, key: &str) -> Option<&str> {
        self.object.as_ref()?.data_str(key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builds_and_parses_every_kind() {
        for (s, r) in [
            ("SU:bar", StreamRef::user("bar").unwrap()),
            ("SO:foo:bar", StreamRef::object("foo", "bar").unwrap()),
            ("SO:food:a:b", StreamRef::object("food", "a:b").unwrap()),
            ("SA:123", StreamRef::activity("123").unwrap()),
            ("SR:r-1", StreamRef::reaction("r-1").unwrap()),
        ] {
            assert_eq!(r.to_string(), s);
            assert_eq!(s.parse::<StreamRef>().unwrap(), r);
            assert_eq!(String::from(&r), s);
        }
        for bad in [
            "",
            "SU:",
            "SO:food",
            "SO::x",
            "SO:food:",
            "XX:a",
            "user:alice",
            "SA:\n",
        ] {
            assert!(bad.parse::<StreamRef>().is_err(), "{bad:?}");
        }
        assert!(StreamRef::object("a:b", "c").is_err());
        assert_eq!(StreamRef::object("food", "burger").unwrap().id(), "burger");
    }

    #[test]
    fn enriched_references_read_in_one_call() {
        let actor: Reference = serde_json::from_str(
            r#"{"id":"alice","data":{"name":"Alice"},"created_at":"2024-01-01T00:00:00Z"}"#,
        )
        .unwrap();
        assert_eq!(actor.data_str("name"), Some("Alice"));
        assert_eq!(actor.stream_ref(), StreamRef::user("alice").ok());
        let entry: Reference =
            serde_json::from_str(r#"{"id":"burger","collection":"food","data":{"price":9}}"#)
                .unwrap();
        assert_eq!(entry.data_value("price"), Some(&Value::from(9)));
        assert_eq!(entry.stream_ref(), StreamRef::object("food", "burger").ok());
        let plain = Reference::from("SO:food:burger");
        assert_eq!(plain.data_str("price"), None);
        assert_eq!(plain.stream_ref(), StreamRef::object("food", "burger").ok());
        assert_eq!(Reference::from("user:alice").stream_ref(), None);
        let activity: Activity = serde_json::from_str(
            r#"{"actor":{"id":"alice","data":{"name":"Alice"}},"verb":"eat",
                "object":{"id":"burger","collection":"food","data":{"name":"Burger"}}}"#,
        )
        .unwrap();
        assert_eq!(activity.actor_data_str("name"), Some("Alice"));
        assert_eq!(activity.object_data_str("name"), Some("Burger"));
        assert_eq!(Activity::default().actor_data_str("name"), None);
    }
}

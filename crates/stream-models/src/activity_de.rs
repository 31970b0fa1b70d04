//! Hand-written `Deserialize` for [`Activity`] and [`Reference`].
//!
//! The derived versions buffer every value first (`#[serde(flatten)]` and `#[serde(untagged)]`
//! both go through serde's internal `Content`), which doubled the cost of decoding a feed page.
//! These read each value once, straight into its field. They accept exactly what the derived
//! versions accepted: every field optional, `null` as absent, `to: null` as empty, duplicate
//! known fields refused, every other field kept in [`Activity::extra`] in arrival order.
use std::fmt;

use serde::de::value::{MapAccessDeserializer, SeqAccessDeserializer};
use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

use crate::activity::{Activity, Reference};
use crate::fields::Fields;
use crate::text::{Text, text_from_borrowed};

impl<'de> Deserialize<'de> for Reference {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(ReferenceVisitor)
    }
}

/// A string becomes [`Reference::Id`], an object [`Reference::Object`], anything else
/// [`Reference::Other`] (the order the untagged enum tried them in).
struct ReferenceVisitor;

impl<'de> Visitor<'de> for ReferenceVisitor {
    type Value = Reference;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a reference string, an object or any JSON value")
    }

    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Reference, E> {
        Ok(Reference::Id(text_from_borrowed(v)))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Reference, E> {
        Ok(Reference::Id(Text::from(v)))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Reference, E> {
        Ok(Reference::Id(Text::from(v)))
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Reference, A::Error> {
        Map::deserialize(MapAccessDeserializer::new(map)).map(|m| Reference::Object(Box::new(m)))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Reference, A::Error> {
        Value::deserialize(SeqAccessDeserializer::new(seq)).map(Reference::Other)
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Reference, E> {
        Ok(Reference::Other(Value::Bool(v)))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Reference, E> {
        Ok(Reference::Other(Value::from(v)))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Reference, E> {
        Ok(Reference::Other(Value::from(v)))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Reference, E> {
        Ok(Reference::Other(Value::from(v)))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Reference, E> {
        Ok(Reference::Other(Value::Null))
    }

    fn visit_none<E: de::Error>(self) -> Result<Reference, E> {
        Ok(Reference::Other(Value::Null))
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Reference, D::Error> {
        d.deserialize_any(self)
    }
}

/// An activity key: one of the typed fields, or a custom field's name.
enum Key {
    Id,
    Actor,
    Verb,
    Object,
    ForeignId,
    Time,
    Target,
    Origin,
    To,
    Score,
    ScoreVars,
    ReactionCounts,
    OwnReactions,
    LatestReactions,
    LatestReactionsExtra,
    Other(Text),
}

impl Key {
    /// The typed field named `s`, if any.
    fn known(s: &str) -> Option<Key> {
        Some(match s {
            "id" => Key::Id,
            "actor" => Key::Actor,
            "verb" => Key::Verb,
            "object" => Key::Object,
            "foreign_id" => Key::ForeignId,
            "time" => Key::Time,
            "target" => Key::Target,
            "origin" => Key::Origin,
            "to" => Key::To,
            "score" => Key::Score,
            "score_vars" => Key::ScoreVars,
            "reaction_counts" => Key::ReactionCounts,
            "own_reactions" => Key::OwnReactions,
            "latest_reactions" => Key::LatestReactions,
            "latest_reactions_extra" => Key::LatestReactionsExtra,
            _ => return None,
        })
    }
}

impl<'de> Deserialize<'de> for Key {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_identifier(KeyVisitor)
    }
}

/// Reads a key without allocating: a custom field's name shares the body when it can.
struct KeyVisitor;

impl<'de> Visitor<'de> for KeyVisitor {
    type Value = Key;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a field name")
    }

    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Key, E> {
        Ok(Key::known(v).unwrap_or_else(|| Key::Other(text_from_borrowed(v))))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Key, E> {
        Ok(Key::known(v).unwrap_or_else(|| Key::Other(Text::from(v))))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Key, E> {
        Ok(Key::known(&v).unwrap_or_else(|| Key::Other(Text::from(v))))
    }
}

/// Stores `value` in `slot`, refusing a second occurrence of the field (as the derive did).
fn set_once<T, E: de::Error>(slot: &mut Option<T>, value: T, name: &'static str) -> Result<(), E> {
    if slot.is_some() {
        return Err(E::duplicate_field(name));
    }
    *slot = Some(value);
    Ok(())
}

/// Reads one optional field (`null` = absent), refusing duplicates.
fn field<'de, A, T>(
    map: &mut A,
    slot: &mut Option<Option<T>>,
    name: &'static str,
) -> Result<(), A::Error>
where
    A: MapAccess<'de>,
    T: Deserialize<'de>,
{
    if slot.is_some() {
        return Err(de::Error::duplicate_field(name));
    }
    *slot = Some(map.next_value::<Option<T>>()?);
    Ok(())
}

impl<'de> Deserialize<'de> for Activity {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        // `deserialize_map`, not `deserialize_struct`: a struct that flattens an `Activity`
        // (`AddedActivity`) must hand over every remaining field, not only the known ones.
        d.deserialize_map(ActivityVisitor)
    }
}

/// Fills an [`Activity`] from a JSON object in one pass.
struct ActivityVisitor;

impl<'de> Visitor<'de> for ActivityVisitor {
    type Value = Activity;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an activity object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Activity, A::Error> {
        let mut id = None;
        let mut actor = None;
        let mut verb = None;
        let mut object = None;
        let mut foreign_id = None;
        let mut time = None;
        let mut target = None;
        let mut origin = None;
        let mut to: Option<Vec<Text>> = None;
        let mut score = None;
        let mut score_vars = None;
        let mut reaction_counts = None;
        let mut own_reactions = None;
        let mut latest_reactions = None;
        let mut latest_reactions_extra = None;
        let mut extra = Fields::new();
        while let Some(key) = map.next_key::<Key>()? {
            match key {
                Key::Id => field(&mut map, &mut id, "id")?,
                Key::Actor => field(&mut map, &mut actor, "actor")?,
                Key::Verb => field(&mut map, &mut verb, "verb")?,
                Key::Object => field(&mut map, &mut object, "object")?,
                Key::ForeignId => field(&mut map, &mut foreign_id, "foreign_id")?,
                Key::Time => field(&mut map, &mut time, "time")?,
                Key::Target => field(&mut map, &mut target, "target")?,
                Key::Origin => field(&mut map, &mut origin, "origin")?,
                Key::To => {
                    let v = map.next_value::<Option<Vec<Text>>>()?;
                    set_once(&mut to, v.unwrap_or_default(), "to")?;
                }
                Key::Score => field(&mut map, &mut score, "score")?,
                Key::ScoreVars => field(&mut map, &mut score_vars, "score_vars")?,
                Key::ReactionCounts => field(&mut map, &mut reaction_counts, "reaction_counts")?,
                Key::OwnReactions => field(&mut map, &mut own_reactions, "own_reactions")?,
                Key::LatestReactions => field(&mut map, &mut latest_reactions, "latest_reactions")?,
                Key::LatestReactionsExtra => field(
                    &mut map,
                    &mut latest_reactions_extra,
                    "latest_reactions_extra",
                )?,
                Key::Other(name) => extra.push_read(name, &mut map)?,
            }
        }
        extra.dedupe();
        Ok(Activity {
            id: id.flatten(),
            actor: actor.flatten(),
            verb: verb.flatten(),
            object: object.flatten(),
            foreign_id: foreign_id.flatten(),
            time: time.flatten(),
            target: target.flatten(),
            origin: origin.flatten(),
            to: to.unwrap_or_default(),
            score: score.flatten(),
            score_vars: score_vars.flatten(),
            reaction_counts: reaction_counts.flatten(),
            own_reactions: own_reactions.flatten(),
            latest_reactions: latest_reactions.flatten(),
            latest_reactions_extra: latest_reactions_extra.flatten(),
            extra,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn references_read_every_shape_in_the_untagged_order() {
        let r: Reference = serde_json::from_str(r#""user:alice""#).unwrap();
        assert_eq!(r, Reference::Id("user:alice".into()));
        let r: Reference = serde_json::from_str(r#"{"id":"alice","data":{"a":1}}"#).unwrap();
        assert_eq!(r.id(), Some("alice"));
        for other in [
            json!(3),
            json!(-1),
            json!(1.5),
            json!([1, "a"]),
            json!(true),
            json!(null),
        ] {
            let r: Reference = serde_json::from_value(other.clone()).unwrap();
            assert_eq!(r, Reference::Other(other));
        }
    }

    #[test]
    fn activities_keep_custom_fields_in_order_and_refuse_duplicates() {
        let s = r#"{"z":1,"id":"1","to":null,"a":{"b":[1]},"time":"2024-01-02T03:04:05.678900","m":null}"#;
        let a: Activity = serde_json::from_str(s).unwrap();
        assert_eq!(a.id.as_deref(), Some("1"));
        assert!(a.to.is_empty());
        assert_eq!(a.extra.keys().collect::<Vec<_>>(), ["z", "a", "m"]);
        let back: Activity = serde_json::from_str(&serde_json::to_string(&a).unwrap()).unwrap();
        assert_eq!(back, a);
        assert!(serde_json::from_str::<Activity>(r#"{"id":"1","id":"2"}"#).is_err());
        assert!(serde_json::from_str::<Activity>(r#"{"to":["a"],"to":null}"#).is_err());
        assert!(serde_json::from_str::<Activity>(r#"{"verb":3}"#).is_err());
        assert!(serde_json::from_str::<Activity>("[]").is_err());
    }
}

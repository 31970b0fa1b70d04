//! [`RawJson`]: one JSON value kept as its text, shared with the response body it came from.
//!
//! Decoding relies on serde_json's raw-value protocol (see [`SERDE_JSON_RAW_TOKEN`]): asked for
//! a newtype struct with that name, serde_json's deserializer hands over the value's JSON text
//! (as a one-entry map whose key is the token) instead of parsing it. When the text shares the
//! buffer of the body being decoded ([`Text::shares_buffer`], set up by the thread-local source
//! of [`crate::text::with_source`]), it came from serde_json's own parser and is trusted as one
//! valid JSON value; any other text is checked first.
use std::borrow::Cow;
use std::fmt;

use serde::de::value::SeqAccessDeserializer;
use serde::de::{self, DeserializeOwned, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::Serializer;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::text::Text;

/// The name serde_json gives the one entry of a raw value's map (its `RawValue` protocol, with
/// the `raw_value` feature): `deserialize_newtype_struct` with this name makes serde_json hand
/// over the value's JSON text instead of parsing it.
pub(crate) const SERDE_JSON_RAW_TOKEN: &str = "$serde_json::private::RawValue";

/// One JSON value kept as its text: what a custom field held on the wire, byte for byte
/// ([`RawJson::json`]), parsed when you ask ([`RawJson::decode`] into your type,
/// [`RawJson::to_value`]). The text is always one syntactically valid JSON value; it can still
/// be something a `serde_json::Value` cannot hold (nested over 128 levels, a number beyond
/// `f64`), which `to_value` reports as an error. Numbers keep every digit in the text;
/// `to_value`, comparing and serializing go through `Value`, so they read numbers as
/// `serde_json` does (a huge integer as the nearest `f64`).
///
/// ```
/// use stream_models::RawJson;
/// let v = RawJson::from_value(&serde_json::json!({"a": [1, 2]}));
/// assert_eq!(v.json(), r#"{"a":[1,2]}"#);
/// let a: Vec<u8> = serde_json::from_value(v.to_value().unwrap()["a"].take()).unwrap();
/// assert_eq!(a, [1, 2]);
/// ```
#[derive(Clone)]
pub struct RawJson(pub(crate) Text);

impl RawJson {
    /// Checks that `json` is one JSON value and keeps it as it is.
    ///
    /// ```
    /// use stream_models::RawJson;
    /// assert!(RawJson::parse("[1, 2]").is_ok());
    /// assert!(RawJson::parse("[1,").is_err());
    /// ```
    pub fn parse(json: impl Into<Text>) -> Result<Self, serde_json::Error> {
        let json = json.into();
        serde_json::from_str::<de::IgnoredAny>(&json)?;
        Ok(RawJson(json))
    }

    /// The JSON text of `value`.
    ///
    /// ```
    /// assert_eq!(stream_models::RawJson::from_value(&3.into()).json(), "3");
    /// ```
    pub fn from_value(value: &Value) -> Self {
        RawJson(Text::from(value.to_string()))
    }

    /// The JSON text, as the service sent it.
    ///
    /// ```
    /// assert_eq!(stream_models::RawJson::from_value(&"a".into()).json(), r#""a""#);
    /// ```
    pub fn json(&self) -> &str {
        &self.0
    }

    /// Parses the value as `T`.
    ///
    /// ```
    /// let n: u32 = stream_models::RawJson::from_value(&7.into()).decode().unwrap();
    /// assert_eq!(n, 7);
    /// ```
    pub fn decode<T: DeserializeOwned>(&self) -> Result<T, serde_json::Error> {
        serde_json::from_str(&self.0)
    }

    /// Parses the value as a `serde_json::Value`; an error when a `Value` cannot hold it
    /// (nested over 128 levels, a number beyond `f64`).
    ///
    /// ```
    /// let v = stream_models::RawJson::from_value(&true.into());
    /// assert_eq!(v.to_value().unwrap(), serde_json::Value::Bool(true));
    /// assert!(stream_models::RawJson::parse("1e400").unwrap().to_value().is_err());
    /// ```
    pub fn to_value(&self) -> Result<Value, serde_json::Error> {
        self.decode()
    }

    /// The value when it is a JSON string, else `None`: borrowed from the JSON text when the
    /// string has no escapes, unescaped into a `String` when it has.
    ///
    /// ```
    /// use stream_models::RawJson;
    /// assert_eq!(RawJson::from_value(&"hi".into()).str_value().as_deref(), Some("hi"));
    /// assert_eq!(RawJson::from_value(&"a\nb".into()).str_value().as_deref(), Some("a\nb"));
    /// assert_eq!(RawJson::from_value(&3.into()).str_value(), None);
    /// ```
    pub fn str_value(&self) -> Option<Cow<'_, str>> {
        let json = self.0.trim();
        let inner = json.strip_prefix('"')?.strip_suffix('"')?;
        if !inner.contains('\\') {
            // A valid JSON string without escapes is its characters between the quotes.
            return Some(Cow::Borrowed(inner));
        }
        self.decode::<String>().ok().map(Cow::Owned)
    }

    /// Whether the value is `null`.
    ///
    /// ```
    /// assert!(stream_models::RawJson::from_value(&serde_json::Value::Null).is_null());
    /// ```
    pub fn is_null(&self) -> bool {
        self.0.trim() == "null"
    }
}

impl From<Value> for RawJson {
    fn from(value: Value) -> Self {
        RawJson::from_value(&value)
    }
}

impl From<&Value> for RawJson {
    fn from(value: &Value) -> Self {
        RawJson::from_value(value)
    }
}

impl fmt::Debug for RawJson {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Display for RawJson {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Equal when the texts are, or when both parse to equal values (`[1, 2]` equals `[1,2]`).
impl PartialEq for RawJson {
    fn eq(&self, other: &RawJson) -> bool {
        self.0 == other.0 || matches!((self.to_value(), other.to_value()), (Ok(a), Ok(b)) if a == b)
    }
}

impl PartialEq<Value> for RawJson {
    fn eq(&self, other: &Value) -> bool {
        self.to_value().is_ok_and(|v| v == *other)
    }
}

impl Serialize for RawJson {
    /// Serializes the parsed value, so any serializer (not only serde_json) gets real data; a
    /// value a `serde_json::Value` cannot hold is an error, never a silent `null`.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::Error;
        self.to_value()
            .map_err(S::Error::custom)?
            .serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for RawJson {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_newtype_struct(SERDE_JSON_RAW_TOKEN, RawJsonVisitor)
    }
}

/// Takes serde_json's raw text when offered; from any other deserializer, reads the value and
/// writes it back as JSON.
struct RawJsonVisitor;

impl<'de> Visitor<'de> for RawJsonVisitor {
    type Value = RawJson;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawJson, A::Error> {
        let Some(first) = map.next_key_seed(KeySeed)? else {
            return Ok(RawJson(Text::from("{}")));
        };
        let first = match first {
            // serde_json's raw-value protocol: the value is the JSON text. Shared with the body
            // being decoded, it came from serde_json's own parser; any other text (another
            // deserializer could send this key as data) is checked before it is trusted.
            Key::RawToken => {
                let text = map.next_value::<Text>()?;
                if text.shares_buffer() {
                    return Ok(RawJson(text));
                }
                return RawJson::parse(text).map_err(de::Error::custom);
            }
            Key::Name(name) => name,
        };
        // A real object from some other deserializer.
        let mut object = Map::new();
        object.insert(first, map.next_value()?);
        while let Some((k, v)) = map.next_entry::<String, Value>()? {
            object.insert(k, v);
        }
        Ok(RawJson::from_value(&Value::Object(object)))
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<RawJson, D::Error> {
        Value::deserialize(d).map(|v| RawJson::from_value(&v))
    }

    // Deserializers that treat a newtype struct as its content (serde's own value
    // deserializers) call these directly.
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<RawJson, A::Error> {
        Value::deserialize(SeqAccessDeserializer::new(seq)).map(|v| RawJson::from_value(&v))
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<RawJson, E> {
        Ok(RawJson::from_value(&Value::Bool(v)))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<RawJson, E> {
        Ok(RawJson::from_value(&Value::from(v)))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<RawJson, E> {
        Ok(RawJson::from_value(&Value::from(v)))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<RawJson, E> {
        Ok(RawJson::from_value(&Value::from(v)))
    }

    fn visit_i128<E: de::Error>(self, v: i128) -> Result<RawJson, E> {
        // An integer's decimal digits are a JSON number.
        Ok(RawJson(Text::from(v.to_string())))
    }

    fn visit_u128<E: de::Error>(self, v: u128) -> Result<RawJson, E> {
        Ok(RawJson(Text::from(v.to_string())))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<RawJson, E> {
        Ok(RawJson::from_value(&Value::from(v)))
    }

    fn visit_unit<E: de::Error>(self) -> Result<RawJson, E> {
        Ok(RawJson::from_value(&Value::Null))
    }

    fn visit_none<E: de::Error>(self) -> Result<RawJson, E> {
        Ok(RawJson::from_value(&Value::Null))
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<RawJson, D::Error> {
        self.visit_newtype_struct(d)
    }
}

/// The first key of a map handed to [`RawJsonVisitor`]: serde_json's raw-value token (checked
/// without allocating), or a real field name.
enum Key {
    RawToken,
    Name(String),
}

/// Reads a [`Key`].
struct KeySeed;

impl<'de> de::DeserializeSeed<'de> for KeySeed {
    type Value = Key;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Key, D::Error> {
        d.deserialize_str(self)
    }
}

impl Visitor<'_> for KeySeed {
    type Value = Key;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a field name")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Key, E> {
        Ok(if v == SERDE_JSON_RAW_TOKEN {
            Key::RawToken
        } else {
            Key::Name(v.to_owned())
        })
    }
}

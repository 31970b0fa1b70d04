//! [`Fields`]: custom fields, each kept as its JSON text ([`RawJson`]) and read on demand. The
//! one custom-data type of both APIs: v1 activities' (and other v1 models') custom fields, and
//! v2 `custom` data and unknown `extra` fields of users, calls and members.
//!
//! Building a `serde_json::Map` of `Value`s for every activity of a page cost a hashed key, a
//! `String` per key and one or more allocations per value: more than half of a page's
//! allocations. Keeping each value's JSON text (a [`Text`] sharing the response body) costs one
//! `Vec` per activity; a value is parsed when you ask for it, into the type you ask for.
use std::borrow::Cow;
use std::fmt;

use serde::de::{DeserializeOwned, Deserializer, MapAccess, Visitor};
use serde::ser::{SerializeMap, Serializer};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

pub use crate::raw_json::RawJson;
use crate::text::Text;

/// Custom fields in the order they arrived (or were inserted), each value kept as [`RawJson`];
/// serialized as one JSON object.
///
/// Setting a field that is already there replaces its value in place, as a JSON object would.
/// Two `Fields` are equal when they have the same names with equal values, in any order (as
/// two JSON objects are).
///
/// ```
/// use stream_models::Fields;
/// use serde_json::json;
/// let mut f = Fields::new();
/// f.insert("message", json!("hello"));
/// f.insert("likes", json!(3));
/// assert_eq!(f.get_as::<u32>("likes").unwrap().unwrap(), 3);
/// assert_eq!(f.value("message"), Some(json!("hello")));
/// assert_eq!(f.keys().collect::<Vec<_>>(), ["message", "likes"]);
/// ```
#[derive(Clone, Default)]
pub struct Fields {
    entries: Vec<(Text, RawJson)>,
}

impl Fields {
    /// No fields.
    ///
    /// ```
    /// assert!(stream_models::Fields::new().is_empty());
    /// ```
    pub fn new() -> Self {
        Fields::default()
    }

    /// How many fields there are.
    ///
    /// ```
    /// assert_eq!(stream_models::Fields::new().len(), 0);
    /// ```
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether there are none.
    ///
    /// ```
    /// assert!(stream_models::Fields::new().is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The field named `name`, as JSON text.
    ///
    /// ```
    /// let f: stream_models::Fields = [("a", serde_json::json!(1))].into_iter().collect();
    /// assert_eq!(f.get("a").unwrap().json(), "1");
    /// ```
    pub fn get(&self, name: &str) -> Option<&RawJson> {
        self.entries
            .iter()
            .find(|(k, _)| k.as_str() == name)
            .map(|(_, v)| v)
    }

    /// Whether there is a field named `name`.
    ///
    /// ```
    /// let f: stream_models::Fields = [("a", serde_json::json!(1))].into_iter().collect();
    /// assert!(f.contains_key("a") && !f.contains_key("b"));
    /// ```
    pub fn contains_key(&self, name: &str) -> bool {
        self.get(name).is_some()
    }

    /// The field named `name` parsed as a `serde_json::Value`: `None` when there is no such
    /// field, or when a `Value` cannot hold it (see [`RawJson::to_value`]; [`Fields::get`]
    /// still has its text).
    ///
    /// ```
    /// let f: stream_models::Fields = [("a", serde_json::json!([1]))].into_iter().collect();
    /// assert_eq!(f.value("a"), Some(serde_json::json!([1])));
    /// ```
    pub fn value(&self, name: &str) -> Option<Value> {
        self.get(name).and_then(|v| v.to_value().ok())
    }

    /// The field named `name` parsed as `T`; `None` when there is no such field.
    ///
    /// ```
    /// let f: stream_models::Fields = [("tags", serde_json::json!(["a"]))].into_iter().collect();
    /// let tags: Vec<String> = f.get_as("tags").unwrap().unwrap();
    /// assert_eq!(tags, ["a"]);
    /// ```
    pub fn get_as<T: DeserializeOwned>(&self, name: &str) -> Option<Result<T, serde_json::Error>> {
        self.get(name).map(RawJson::decode)
    }

    /// The field named `name` when it is a JSON string.
    ///
    /// ```
    /// let f: stream_models::Fields = [("m", serde_json::json!("hi"))].into_iter().collect();
    /// assert_eq!(f.get_str("m").as_deref(), Some("hi"));
    /// ```
    pub fn get_str(&self, name: &str) -> Option<Cow<'_, str>> {
        self.get(name).and_then(RawJson::str_value)
    }

    /// Sets `name` to `value`: in place when the field exists, else at the end.
    ///
    /// ```
    /// let mut f = stream_models::Fields::new();
    /// f.insert("a", serde_json::json!(1));
    /// f.insert("a", serde_json::json!(2));
    /// assert_eq!(f.len(), 1);
    /// assert_eq!(f.value("a"), Some(serde_json::json!(2)));
    /// ```
    pub fn insert(&mut self, name: impl Into<Text>, value: impl Into<RawJson>) {
        let name = name.into();
        let value = value.into();
        match self.entries.iter_mut().find(|(k, _)| *k == name) {
            Some((_, slot)) => *slot = value,
            None => self.entries.push((name, value)),
        }
    }

    /// Removes the field named `name`, keeping the others in order.
    ///
    /// ```
    /// let mut f: stream_models::Fields = [("a", serde_json::json!(1))].into_iter().collect();
    /// assert!(f.remove("a").is_some());
    /// assert!(f.is_empty());
    /// ```
    pub fn remove(&mut self, name: &str) -> Option<RawJson> {
        let i = self.entries.iter().position(|(k, _)| k.as_str() == name)?;
        Some(self.entries.remove(i).1)
    }

    /// The field names, in order.
    ///
    /// ```
    /// let f: stream_models::Fields = [("a", serde_json::json!(1))].into_iter().collect();
    /// assert_eq!(f.keys().collect::<Vec<_>>(), ["a"]);
    /// ```
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.entries.iter().map(|(k, _)| k.as_str())
    }

    /// The fields, in order.
    ///
    /// ```
    /// let f: stream_models::Fields = [("a", serde_json::json!(1))].into_iter().collect();
    /// for (name, value) in f.iter() {
    ///     assert_eq!((name, value.json()), ("a", "1"));
    /// }
    /// ```
    pub fn iter(&self) -> impl Iterator<Item = (&str, &RawJson)> {
        self.entries.iter().map(|(k, v)| (k.as_str(), v))
    }

    /// Every field parsed, as a `serde_json` map (in order); an error when a `Value` cannot
    /// hold one of them (see [`RawJson::to_value`]).
    ///
    /// ```
    /// let f: stream_models::Fields = [("a", serde_json::json!(1))].into_iter().collect();
    /// assert_eq!(serde_json::Value::Object(f.to_map()?), serde_json::json!({"a": 1}));
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn to_map(&self) -> Result<Map<String, Value>, serde_json::Error> {
        self.entries
            .iter()
            .map(|(k, v)| Ok((k.to_string(), v.to_value()?)))
            .collect()
    }

    /// All fields parsed as one object of type `T` (your own struct of custom fields).
    ///
    /// ```
    /// #[derive(serde::Deserialize)]
    /// struct Post { likes: u32 }
    /// let f: stream_models::Fields = [("likes", serde_json::json!(3))].into_iter().collect();
    /// assert_eq!(f.decode::<Post>().unwrap().likes, 3);
    /// ```
    pub fn decode<T: DeserializeOwned>(&self) -> Result<T, serde_json::Error> {
        let mut object = String::with_capacity(
            2 + self
                .entries
                .iter()
                .map(|(k, v)| k.len() + v.json().len() + 4)
                .sum::<usize>(),
        );
        object.push('{');
        for (i, (k, v)) in self.entries.iter().enumerate() {
            if i > 0 {
                object.push(',');
            }
            object.push_str(&serde_json::to_string(k.as_str())?);
            object.push(':');
            object.push_str(v.json());
        }
        object.push('}');
        serde_json::from_str(&object)
    }

    /// Reads the value of field `name` (its key already read) from an object being deserialized
    /// and appends it; call [`Fields::dedupe`] once the object is read.
    pub(crate) fn push_read<'de, A: MapAccess<'de>>(
        &mut self,
        name: Text,
        map: &mut A,
    ) -> Result<(), A::Error> {
        let value = map.next_value::<RawJson>()?;
        self.entries.push((name, value));
        Ok(())
    }

    /// Makes a repeated name keep its first place and its last value, as a JSON object read into
    /// a map does. Quadratic only for a handful of fields; a hash map beyond that, so a hostile
    /// object with many fields cannot stall the decoder.
    pub(crate) fn dedupe(&mut self) {
        const LINEAR_UP_TO: usize = 16;
        let n = self.entries.len();
        if n < 2 {
            return;
        }
        let e = &self.entries;
        if n <= LINEAR_UP_TO && !(1..n).any(|i| (0..i).any(|j| e[j].0 == e[i].0)) {
            return;
        }
        // For each entry, the index of the first entry with its name.
        let mut seen = std::collections::HashMap::with_capacity(n);
        let first_of: Vec<usize> = e
            .iter()
            .enumerate()
            .map(|(i, (k, _))| *seen.entry(k.as_str()).or_insert(i))
            .collect();
        if first_of.iter().enumerate().all(|(i, &f)| f == i) {
            return;
        }
        let mut kept: Vec<Option<(Text, RawJson)>> = Vec::with_capacity(n);
        for (i, (k, v)) in std::mem::take(&mut self.entries).into_iter().enumerate() {
            let first = first_of[i];
            if first == i {
                kept.push(Some((k, v)));
            } else {
                kept.push(None);
                if let Some(Some((_, slot))) = kept.get_mut(first) {
                    *slot = v;
                }
            }
        }
        self.entries = kept.into_iter().flatten().collect();
    }
}

impl fmt::Debug for Fields {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

impl PartialEq for Fields {
    fn eq(&self, other: &Fields) -> bool {
        self.len() == other.len()
            && self
                .iter()
                .all(|(k, v)| other.get(k).is_some_and(|w| v == w))
    }
}

impl<K: Into<Text>, V: Into<RawJson>> FromIterator<(K, V)> for Fields {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Self {
        let mut fields = Fields::new();
        fields.extend(iter);
        fields
    }
}

impl<K: Into<Text>, V: Into<RawJson>> Extend<(K, V)> for Fields {
    /// Sets each field in turn, as [`Fields::insert`] does (in linear time overall).
    fn extend<I: IntoIterator<Item = (K, V)>>(&mut self, iter: I) {
        self.entries
            .extend(iter.into_iter().map(|(k, v)| (k.into(), v.into())));
        self.dedupe();
    }
}

impl<'a> IntoIterator for &'a Fields {
    type Item = (&'a str, &'a RawJson);
    type IntoIter = std::iter::Map<
        std::slice::Iter<'a, (Text, RawJson)>,
        fn(&'a (Text, RawJson)) -> (&'a str, &'a RawJson),
    >;

    fn into_iter(self) -> Self::IntoIter {
        self.entries.iter().map(|(k, v)| (k.as_str(), v))
    }
}

impl From<Map<String, Value>> for Fields {
    fn from(map: Map<String, Value>) -> Self {
        // A map's names are already unique.
        Fields {
            entries: map
                .into_iter()
                .map(|(k, v)| (Text::from(k), RawJson::from_value(&v)))
                .collect(),
        }
    }
}

impl Serialize for Fields {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.entries.len()))?;
        for (k, v) in &self.entries {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for Fields {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_map(FieldsVisitor)
    }
}

/// Reads a JSON object into [`Fields`].
struct FieldsVisitor;

impl<'de> Visitor<'de> for FieldsVisitor {
    type Value = Fields;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Fields, A::Error> {
        let mut fields = Fields::new();
        while let Some(name) = map.next_key::<Text>()? {
            fields.push_read(name, &mut map)?;
        }
        fields.dedupe();
        Ok(fields)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::raw_json::SERDE_JSON_RAW_TOKEN;
    use serde_json::json;
    use std::sync::Arc;

    #[test]
    fn raw_values_share_the_body_and_keep_numbers_exactly() {
        let body: Arc<str> =
            Arc::from(r#"{"big":123456789012345678901234567890,"m":"é","t":[1, 2],"e":"a\nb"}"#);
        let f: Fields = crate::text::with_source(&body, |s| serde_json::from_str(s)).unwrap();
        assert_eq!(
            f.get("big").unwrap().json(),
            "123456789012345678901234567890"
        );
        assert_eq!(f.get("t").unwrap().json(), "[1, 2]");
        assert_eq!(f.get("t").unwrap(), &RawJson::from_value(&json!([1, 2])));
        assert_eq!(f.get_str("e").as_deref(), Some("a\nb"));
        assert!(
            f.entries
                .iter()
                .all(|(k, v)| k.shares_buffer() && v.0.shares_buffer())
        );
    }

    #[test]
    fn fields_read_from_values_and_other_deserializers_too() {
        let v = json!({"a": {"b": [1, null]}, "c": "x"});
        let f: Fields = serde_json::from_value(v.clone()).unwrap();
        assert_eq!(Value::Object(f.to_map().unwrap()), v);
        let f: Fields = serde_json::from_reader(v.to_string().as_bytes()).unwrap();
        assert_eq!(Value::Object(f.to_map().unwrap()), v);
        // A deserializer that knows nothing of serde_json's raw values.
        let de = serde::de::value::MapDeserializer::<_, serde::de::value::Error>::new(
            [("n", 1u8)].into_iter(),
        );
        let f = Fields::deserialize(de).unwrap();
        assert_eq!(f.value("n"), Some(json!(1)));
        use serde::de::IntoDeserializer;
        let raw = |d: serde::de::value::StrDeserializer<'_, serde::de::value::Error>| {
            RawJson::deserialize(d).unwrap()
        };
        assert_eq!(raw("x".into_deserializer()).json(), r#""x""#);
        let seq = serde::de::value::SeqDeserializer::<_, serde::de::value::Error>::new(
            [true, false].into_iter(),
        );
        assert_eq!(RawJson::deserialize(seq).unwrap().json(), "[true,false]");
        for (v, json) in [
            (json!(-1), "-1"),
            (json!(1.5), "1.5"),
            (json!(null), "null"),
        ] {
            assert_eq!(serde_json::from_value::<RawJson>(v).unwrap().json(), json);
        }
        let raw: RawJson = serde_json::from_value(json!({})).unwrap();
        assert_eq!(raw.json(), "{}");
        assert!(serde_json::from_str::<Fields>("[]").is_err());
    }

    #[test]
    fn values_a_value_cannot_hold_are_errors_never_null() {
        let deep = format!("{}1{}", "[".repeat(200), "]".repeat(200));
        let body: Arc<str> = Arc::from(format!(r#"{{"deep":{deep},"big":1e400,"n":null}}"#));
        let f: Fields = crate::text::with_source(&body, |s| serde_json::from_str(s)).unwrap();
        assert_eq!(f.get("deep").unwrap().json(), deep);
        assert!(f.get("deep").unwrap().to_value().is_err());
        assert_eq!(f.value("big"), None);
        assert!(!f.get("big").unwrap().is_null());
        assert_ne!(f.get("deep"), f.get("n"));
        assert!(serde_json::to_string(&f).is_err());
        assert!(f.to_map().is_err());
    }

    #[test]
    fn another_deserializer_cannot_smuggle_text_in_as_raw_json() {
        let hostile = serde::de::value::MapDeserializer::<_, serde::de::value::Error>::new(
            [(SERDE_JSON_RAW_TOKEN, r#"1,"admin":true"#)].into_iter(),
        );
        assert!(RawJson::deserialize(hostile).is_err());
        let fine = serde::de::value::MapDeserializer::<_, serde::de::value::Error>::new(
            [(SERDE_JSON_RAW_TOKEN, "[1]")].into_iter(),
        );
        assert_eq!(RawJson::deserialize(fine).unwrap().json(), "[1]");
        let big = serde::de::value::I128Deserializer::<serde::de::value::Error>::new(-(1 << 70));
        assert_eq!(
            RawJson::deserialize(big).unwrap().json(),
            "-1180591620717411303424"
        );
        let big = serde::de::value::U128Deserializer::<serde::de::value::Error>::new(1 << 70);
        assert_eq!(
            RawJson::deserialize(big).unwrap().json(),
            "1180591620717411303424"
        );
    }

    #[test]
    fn raw_json_reads_every_shape_from_serdes_own_value_deserializers() {
        use serde::de::IntoDeserializer;
        use serde::de::value::{Error, MapDeserializer};
        fn raw<'de, D: Deserializer<'de, Error = Error>>(d: D) -> String {
            RawJson::deserialize(d).unwrap().json().to_owned()
        }
        assert_eq!(
            raw(IntoDeserializer::<Error>::into_deserializer(true)),
            "true"
        );
        assert_eq!(
            raw(IntoDeserializer::<Error>::into_deserializer(-3i64)),
            "-3"
        );
        assert_eq!(
            raw(IntoDeserializer::<Error>::into_deserializer(0.5f64)),
            "0.5"
        );
        assert_eq!(
            raw(IntoDeserializer::<Error>::into_deserializer(())),
            "null"
        );
        let object = MapDeserializer::<_, Error>::new([("b", 1u8), ("a", 2u8)].into_iter());
        assert_eq!(raw(object), r#"{"b":1,"a":2}"#);
        let empty = MapDeserializer::<_, Error>::new(std::iter::empty::<(&str, u8)>());
        assert_eq!(raw(empty), "{}");
        let from_ref = RawJson::from(&json!([1]));
        assert_eq!(from_ref.to_string(), "[1]");
        let mut f = Fields::new();
        f.insert("a", json!(1));
        f.insert("a", json!(2));
        assert!(!f.is_empty());
        assert_eq!(f.get_as::<u8>("a").unwrap().unwrap(), 2);
        assert!(f.get_as::<u8>("zz").is_none());
    }

    #[test]
    fn fields_compare_like_json_objects_and_build_from_large_maps() {
        let a: Fields = serde_json::from_str(r#"{"x":1,"y":[2]}"#).unwrap();
        let b: Fields = serde_json::from_str(r#"{"y": [2], "x": 1}"#).unwrap();
        let c: Fields = serde_json::from_str(r#"{"y":[2],"z":1}"#).unwrap();
        assert_eq!(a, b);
        assert_ne!(a, c);
        assert_eq!((&a).into_iter().count(), 2);
        let map: Map<String, Value> = (0..50_000).map(|i| (format!("k{i}"), json!(i))).collect();
        let f = Fields::from(map);
        assert_eq!(f.len(), 50_000);
        let g: Fields = f.iter().map(|(k, v)| (k, v.clone())).collect();
        assert_eq!(g.len(), 50_000);
        let mut h = Fields::new();
        h.extend([("a", json!(1)), ("a", json!(2))]);
        assert_eq!(h.value("a"), Some(json!(2)));
    }

    #[test]
    fn fields_serialize_decode_and_compare_by_value() {
        let f: Fields =
            serde_json::from_str(r#"{"a": [1, 2], "b": null, "c": "s", "b": null}"#).unwrap();
        assert_eq!(
            serde_json::to_string(&f).unwrap(),
            r#"{"a":[1,2],"b":null,"c":"s"}"#
        );
        let g: Fields = [("a", json!([1, 2])), ("b", json!(null)), ("c", json!("s"))]
            .into_iter()
            .collect();
        assert_eq!(f, g);
        assert!(f.get("b").unwrap().is_null());
        assert_eq!(f.get("a").unwrap(), &json!([1, 2]));
        assert_eq!(format!("{f:?}"), r#"{"a": [1, 2], "b": null, "c": "s"}"#);
        #[derive(serde::Deserialize)]
        struct Custom {
            a: Vec<u8>,
            c: String,
        }
        let c: Custom = f.decode().unwrap();
        assert_eq!((c.a, c.c.as_str()), (vec![1, 2], "s"));
        let mut f = f;
        assert!(f.remove("a").is_some() && f.remove("zz").is_none());
        assert_eq!(
            Fields::from(json!({"x": 1}).as_object().unwrap().clone()).len(),
            1
        );
        assert!(RawJson::parse("{").is_err());
        let many: String = (0..40).map(|i| format!(r#""k{}":{i},"#, i % 20)).collect();
        let many: Fields = serde_json::from_str(&format!("{{{}\"z\":0}}", many)).unwrap();
        assert_eq!(many.len(), 21);
        assert_eq!(many.value("k3"), Some(json!(23)));
        assert_eq!(many.keys().nth(3), Some("k3"));
        assert_eq!(RawJson::parse(" 1 ").unwrap().json(), " 1 ");
        assert_eq!(RawJson::from_value(&json!(1)).str_value(), None);
        assert_eq!(
            RawJson::parse(r#" "x" "#).unwrap().str_value().as_deref(),
            Some("x")
        );
    }
}

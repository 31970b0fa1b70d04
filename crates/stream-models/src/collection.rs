//! Collections: app-defined objects (`SO:<collection>:<id>` references) stored by Stream.
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// One collection object as the service returns it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CollectionObject {
    /// Object id within its collection.
    #[serde(default, deserialize_with = "crate::activity::null_default")]
    pub id: String,
    /// Collection name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub collection: Option<String>,
    /// `<collection>:<id>`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub foreign_id: Option<String>,
    /// Custom data, exactly as stored.
    #[serde(default, deserialize_with = "crate::activity::null_default")]
    pub data: Map<String, Value>,
    /// Creation time (RFC 3339 string as sent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<String>,
    /// Last update time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<String>,
    /// Every other field (`duration`, and any field the service adds later).
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// An object to upsert: its id plus its fields, flattened (`{"id":"burger-1","name":"burger"}`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CollectionEntry {
    /// Object id.
    pub id: String,
    /// The fields, written next to `id`.
    #[serde(flatten)]
    pub fields: Map<String, Value>,
}

impl CollectionEntry {
    /// An entry with no fields yet.
    pub fn new(id: impl Into<String>) -> Self {
        Self {
            id: id.into(),
            fields: Map::new(),
        }
    }

    /// Sets one field (an `id` field is ignored: the entry's id wins).
    pub fn field(mut self, name: impl Into<String>, value: impl Into<Value>) -> Self {
        let name = name.into();
        if name != "id" {
            self.fields.insert(name, value.into());
        }
        self
    }

    /// Replaces all fields (an `id` key in `fields` is dropped).
    pub fn fields(mut self, mut fields: Map<String, Value>) -> Self {
        fields.remove("id");
        self.fields = fields;
        self
    }
}

/// The answer to a collections select: `{"response":{"data":[…]}}`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SelectedObjects {
    /// The wrapper the service puts the objects in.
    #[serde(default, deserialize_with = "crate::activity::null_default")]
    pub response: SelectedData,
    /// Server time spent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration: Option<String>,
    /// Every other field.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl SelectedObjects {
    /// The selected objects.
    pub fn objects(&self) -> &[CollectionObject] {
        &self.response.data
    }
}

/// The `response` part of [`SelectedObjects`].
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SelectedData {
    /// The objects found (unknown ids are simply absent).
    #[serde(default, deserialize_with = "crate::activity::null_default")]
    pub data: Vec<CollectionObject>,
    /// Every other field.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The answer to an upsert: `{"data":{"<collection>":[{…}]}}`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct UpsertedObjects {
    /// The upserted entries per collection, as the service echoed them.
    #[serde(default, deserialize_with = "crate::activity::null_default")]
    pub data: Map<String, Value>,
    /// Server time spent.
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
    fn entries_flatten_fields_next_to_id() {
        let e = CollectionEntry::new("burger-1")
            .field("name", "burger")
            .field("id", "ignored");
        assert_eq!(
            serde_json::to_string(&e).unwrap(),
            r#"{"id":"burger-1","name":"burger"}"#
        );
    }

    #[test]
    fn select_response_decodes() {
        let s: SelectedObjects = serde_json::from_str(
            r#"{"response":{"data":[{"id":"a","collection":"food","foreign_id":"food:a","data":{"x":1}}]},"duration":"1ms"}"#,
        )
        .unwrap();
        assert_eq!(s.objects()[0].foreign_id.as_deref(), Some("food:a"));
        let empty: SelectedObjects = serde_json::from_str("{}").unwrap();
        assert!(empty.objects().is_empty());
    }
}

//! The collections store: plain data, stored with the app (`--data`).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::persist::Tracked;
use serde_json::{Map, Value, json};

use crate::error::ApiError;
use crate::fields::check_id;
use crate::stamp::{Stamp, ordered_id};

/// One collection entry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct CollectionEntry {
    /// Entry id.
    pub(crate) id: String,
    /// Collection name.
    pub(crate) collection: String,
    /// Owner (`user_id` on add), when given.
    #[serde(default)]
    pub(crate) user_id: Option<String>,
    /// Custom data.
    pub(crate) data: Map<String, Value>,
    /// Creation time (RFC 3339).
    pub(crate) created_at: String,
    /// Last update time (RFC 3339).
    pub(crate) updated_at: String,
}

impl CollectionEntry {
    /// `<collection>:<id>`.
    pub(crate) fn foreign_id(&self) -> String {
        format!("{}:{}", self.collection, self.id)
    }

    /// The entry as the service returns it (also the enriched form of an `SO:` reference):
    /// `id, collection, foreign_id, data, created_at, updated_at`. The owner is kept for
    /// permission checks but never answered.
    pub(crate) fn to_json(&self) -> Value {
        json!({
            "id": self.id,
            "collection": self.collection,
            "foreign_id": self.foreign_id(),
            "data": self.data,
            "created_at": self.created_at,
            "updated_at": self.updated_at,
        })
    }
}

/// Checks a collection name: `[\w-]+`, at most 255 bytes.
pub(crate) fn check_collection_name(name: &str) -> Result<(), ApiError> {
    let ok = !name.is_empty()
        && name.len() <= 255
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '-');
    if ok {
        Ok(())
    } else {
        Err(ApiError::input_field(
            "collection",
            format!("invalid collection name {name:?}: use letters, digits, _ and -"),
        ))
    }
}

/// Every collection of one app.
#[derive(Default, Debug, Clone, Serialize, Deserialize)]
pub(crate) struct CollectionStore {
    pub(crate) collections: BTreeMap<String, Tracked<CollectionEntry>>,
    /// Whether new collections record their changes (see `crate::persist`).
    #[serde(skip)]
    pub(crate) tracking: bool,
    pub(crate) next_seq: u64,
}

impl CollectionStore {
    /// Adds an entry (id generated when `None`); 409 when the id exists.
    pub(crate) fn add(
        &mut self,
        collection: &str,
        id: Option<String>,
        user_id: Option<String>,
        data: Map<String, Value>,
        now: Stamp,
    ) -> Result<CollectionEntry, ApiError> {
        check_collection_name(collection)?;
        if let Some(user) = &user_id {
            check_id("user_id", user)?;
        }
        self.next_seq += 1;
        let id = match id {
            Some(id) => {
                check_id("id", &id)?;
                id
            }
            None => ordered_id(now, self.next_seq),
        };
        if self.get(collection, &id).is_some() {
            return Err(ApiError::conflict(format!(
                "collection entry {collection}:{id} already exists"
            )));
        }
        let at = now.rfc3339();
        let entry = CollectionEntry {
            id: id.clone(),
            collection: collection.to_owned(),
            user_id,
            data,
            created_at: at.clone(),
            updated_at: at,
        };
        self.collection_mut(collection).insert(id, entry.clone());
        Ok(entry)
    }

    /// A collection to change (created empty when new, recording changes when tracking).
    fn collection_mut(&mut self, name: &str) -> &mut Tracked<CollectionEntry> {
        let tracking = self.tracking;
        self.collections.entry(name.to_owned()).or_insert_with(|| {
            let mut c = Tracked::default();
            if tracking {
                c.track();
            }
            c
        })
    }

    /// The entry, if any.
    pub(crate) fn get(&self, collection: &str, id: &str) -> Option<&CollectionEntry> {
        self.collections.get(collection)?.get(id)
    }

    /// The entry or a 404.
    pub(crate) fn get_or_404(
        &self,
        collection: &str,
        id: &str,
    ) -> Result<&CollectionEntry, ApiError> {
        self.get(collection, id).ok_or_else(|| {
            ApiError::not_found(format!("collection entry {collection}:{id} does not exist"))
        })
    }

    /// Replaces an entry's data; 404 when missing.
    pub(crate) fn update(
        &mut self,
        collection: &str,
        id: &str,
        data: Map<String, Value>,
        now: Stamp,
    ) -> Result<CollectionEntry, ApiError> {
        let entry = self
            .collections
            .get_mut(collection)
            .and_then(|c| c.get_mut(id))
            .ok_or_else(|| {
                ApiError::not_found(format!("collection entry {collection}:{id} does not exist"))
            })?;
        entry.data = data;
        entry.updated_at = now.rfc3339();
        Ok(entry.clone())
    }

    /// Deletes an entry; 404 when missing.
    pub(crate) fn delete(
        &mut self,
        collection: &str,
        id: &str,
    ) -> Result<CollectionEntry, ApiError> {
        self.collections
            .get_mut(collection)
            .and_then(|c| c.remove(id))
            .ok_or_else(|| {
                ApiError::not_found(format!("collection entry {collection}:{id} does not exist"))
            })
    }

    /// Inserts or replaces entries (`{"id", ...fields}` each; a missing id is generated).
    /// Returns the stored entries per collection, in request order.
    pub(crate) fn upsert(
        &mut self,
        items: &Map<String, Value>,
        now: Stamp,
    ) -> Result<Vec<CollectionEntry>, ApiError> {
        // Validate everything first so a bad item changes nothing.
        let mut parsed = Vec::new();
        for (collection, list) in items {
            check_collection_name(collection)?;
            let Value::Array(list) = list else {
                return Err(ApiError::input_field(
                    "data",
                    format!("data.{collection} must be a list of objects"),
                ));
            };
            for item in list {
                let Value::Object(fields) = item else {
                    return Err(ApiError::input_field(
                        "data",
                        format!("data.{collection} must be a list of objects"),
                    ));
                };
                let mut fields = fields.clone();
                let id = match fields.remove("id") {
                    None | Some(Value::Null) => None,
                    Some(Value::String(s)) => {
                        check_id("id", &s)?;
                        Some(s)
                    }
                    Some(Value::Number(n)) => Some(n.to_string()),
                    Some(_) => return Err(ApiError::input_field("id", "id must be a string")),
                };
                // `user_id` travels as a field of the entry, not as custom data.
                let user_id = match fields.remove("user_id") {
                    Some(Value::String(s)) => Some(s),
                    _ => None,
                };
                parsed.push((collection.clone(), id, user_id, fields));
            }
        }
        let at = now.rfc3339();
        let mut out = Vec::with_capacity(parsed.len());
        for (collection, id, user_id, data) in parsed {
            self.next_seq += 1;
            let id = id.unwrap_or_else(|| ordered_id(now, self.next_seq));
            let coll = self.collection_mut(&collection);
            let entry = match coll.get_mut(&id) {
                Some(e) => {
                    e.data = data;
                    e.updated_at.clone_from(&at);
                    if user_id.is_some() {
                        e.user_id = user_id;
                    }
                    e.clone()
                }
                None => {
                    let e = CollectionEntry {
                        id: id.clone(),
                        collection,
                        user_id,
                        data,
                        created_at: at.clone(),
                        updated_at: at.clone(),
                    };
                    coll.insert(id, e.clone());
                    e
                }
            };
            out.push(entry);
        }
        Ok(out)
    }

    /// The existing entries among `collection:id` foreign ids, in request order.
    pub(crate) fn select(&self, foreign_ids: &[String]) -> Vec<&CollectionEntry> {
        foreign_ids
            .iter()
            .filter_map(|f| f.split_once(':'))
            .filter_map(|(c, id)| self.get(c, id))
            .collect()
    }

    /// Deletes the given ids of one collection (missing ones are ignored); returns how many
    /// were deleted.
    pub(crate) fn delete_many(&mut self, collection: &str, ids: &[String]) -> usize {
        let Some(coll) = self.collections.get_mut(collection) else {
            return 0;
        };
        ids.iter()
            .filter(|id| coll.remove(id.as_str()).is_some())
            .count()
    }

    /// Resolves an `SO:` reference body (`<collection>:<id>`).
    pub(crate) fn resolve(&self, reference: &str) -> Option<&CollectionEntry> {
        let (c, id) = reference.split_once(':')?;
        self.get(c, id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn data(name: &str) -> Map<String, Value> {
        let mut m = Map::new();
        m.insert("name".into(), json!(name));
        m
    }

    #[test]
    fn crud() {
        let mut s = CollectionStore::default();
        let e = s
            .add(
                "food",
                Some("pizza-1".into()),
                Some("alice".into()),
                data("pizza"),
                Stamp(1),
            )
            .unwrap();
        assert_eq!(e.foreign_id(), "food:pizza-1");
        let v = e.to_json();
        assert_eq!(v["collection"], "food");
        assert_eq!(v["data"]["name"], "pizza");
        assert!(v.get("user_id").is_none());
        assert_eq!(e.user_id.as_deref(), Some("alice"));
        let dup = s.add("food", Some("pizza-1".into()), None, Map::new(), Stamp(2));
        assert_eq!(dup.unwrap_err().code, 22);
        let generated = s.add("food", None, None, Map::new(), Stamp(3)).unwrap();
        assert_eq!(generated.id.len(), 36);
        let u = s
            .update("food", "pizza-1", data("calzone"), Stamp(4))
            .unwrap();
        assert_eq!(u.data["name"], "calzone");
        assert_eq!(u.created_at, e.created_at);
        assert_eq!(
            s.update("food", "nope", Map::new(), Stamp(5))
                .unwrap_err()
                .code,
            16
        );
        s.delete("food", "pizza-1").unwrap();
        assert_eq!(s.delete("food", "pizza-1").unwrap_err().code, 16);
        assert!(s.add("bad name", None, None, Map::new(), Stamp(6)).is_err());
    }

    #[test]
    fn upsert_select_delete_many() {
        let mut s = CollectionStore::default();
        let body = json!({"food": [{"id": "burger-1", "name": "burger"}, {"id": "taco-1", "name": "taco"}]});
        let out = s.upsert(body.as_object().unwrap(), Stamp(1)).unwrap();
        assert_eq!(out.len(), 2);
        assert_eq!(out[0].data, data("burger"));
        let again = json!({"food": [{"id": "burger-1", "name": "big burger"}]});
        s.upsert(again.as_object().unwrap(), Stamp(2)).unwrap();
        let sel = s.select(&[
            "food:burger-1".into(),
            "food:taco-1".into(),
            "food:none".into(),
            "junk".into(),
        ]);
        assert_eq!(sel.len(), 2);
        assert_eq!(sel[0].data["name"], "big burger");
        assert_eq!(
            s.delete_many("food", &["burger-1".into(), "taco-1".into(), "x".into()]),
            2
        );
        assert!(s.select(&["food:burger-1".into()]).is_empty());
        let bad = json!({"food": [1]});
        assert!(s.upsert(bad.as_object().unwrap(), Stamp(3)).is_err());
        let bad = json!({"food": {"id": "x"}});
        assert!(s.upsert(bad.as_object().unwrap(), Stamp(3)).is_err());
        assert_eq!(s.delete_many("nothing", &["a".into()]), 0);
    }
}

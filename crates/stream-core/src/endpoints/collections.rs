//! Collections: add, get, update, delete one object; upsert, select and delete many.
//!
//! Token: `collections/*/*` with `user_id: "*"`, as the Python client mints for all of them
//! (JS uses `*/*/*` for the single-object calls and `collections/*/*` without `user_id` for the
//! batch ones). Single-object calls work with a user token; upsert, select and delete_many need
//! the secret (JS refuses them client-side too).
use serde::Serialize;
use serde_json::{Map, Value};
use stream_auth::{Resource, Scope};
use stream_models::collection::{
    CollectionEntry, CollectionObject, SelectedObjects, UpsertedObjects,
};
use stream_models::upload::Ack;

use super::batch::{Chunked, merge_acks, split};
use super::validate;
use crate::config::{Config, Service};
use crate::endpoint::{Auth, Endpoint, JsonEndpoint, Path, Spec, decode_json};
use crate::error::{BuildError, Error};
use crate::request::Method;
use crate::response::Response;

/// The most foreign ids one select takes.
pub const MAX_SELECT_IDS: usize = 1000;

fn scope() -> Scope {
    validate::scope(Resource::Collections).with_user_id("*")
}

/// A collection name: an id without `:` or `,` (it is joined as `<name>:<id>` in selects).
fn check_name(name: &str) -> Result<(), BuildError> {
    validate::list_id("collection", name)?;
    if name.contains(':') {
        return Err(BuildError::field(
            "collection",
            format!("{name:?} contains ':', which separates collection and id in references"),
        ));
    }
    Ok(())
}

fn object_path(collection: &str, id: &str) -> String {
    Path::new()
        .lit("collections")
        .seg(collection)
        .seg(id)
        .build()
}

/// Convenience handle: creates collection endpoint values, sends nothing.
///
/// ```
/// use stream_core::endpoints::collections::Collections;
/// let get = Collections.get("food", "pizza-1");
/// let select = Collections.select("food", ["burger-1", "taco-1"]);
/// # let _ = (get, select);
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Collections;

impl Collections {
    /// [`AddObject`].
    pub fn add(&self, collection: impl Into<String>, data: Map<String, Value>) -> AddObject {
        AddObject::new(collection, data)
    }

    /// [`GetObject`].
    pub fn get(&self, collection: impl Into<String>, id: impl Into<String>) -> GetObject {
        GetObject::new(collection, id)
    }

    /// [`UpdateObject`].
    pub fn update(
        &self,
        collection: impl Into<String>,
        id: impl Into<String>,
        data: Map<String, Value>,
    ) -> UpdateObject {
        UpdateObject::new(collection, id, data)
    }

    /// [`DeleteObject`].
    pub fn delete(&self, collection: impl Into<String>, id: impl Into<String>) -> DeleteObject {
        DeleteObject::new(collection, id)
    }

    /// [`Upsert`] into one collection.
    pub fn upsert(
        &self,
        collection: impl Into<String>,
        entries: impl IntoIterator<Item = CollectionEntry>,
    ) -> Upsert {
        Upsert::new(collection, entries)
    }

    /// [`Select`].
    pub fn select<I, S>(&self, collection: impl Into<String>, ids: I) -> Select
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        Select::new(collection, ids)
    }

    /// [`DeleteMany`].
    pub fn delete_many<I, S>(&self, collection: impl Into<String>, ids: I) -> DeleteMany
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        DeleteMany::new(collection, ids)
    }
}

/// `POST collections/<collection>/` with `{"id"?, "data", "user_id"?}`: adds one object (the
/// service generates the id when none is given; an existing id is a 409 conflict).
///
/// ```no_run
/// # use stream_core::{Config, ApiSecret};
/// use stream_core::endpoints::collections::AddObject;
/// # let config = Config::builder("key", ApiSecret::new("secret")).build()?;
/// let mut data = serde_json::Map::new();
/// data.insert("name".into(), "pizza".into());
/// let add = AddObject::new("food", data).id("pizza-1").user_id("alice");
/// let request = config.build_request(&add)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[must_use = "an endpoint does nothing until it is passed to `client.send`"]
#[derive(Debug, Clone, PartialEq)]
pub struct AddObject {
    collection: String,
    id: Option<String>,
    data: Map<String, Value>,
    user_id: Option<String>,
}

#[derive(Serialize)]
struct AddBody<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<&'a str>,
    data: &'a Map<String, Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    user_id: Option<&'a str>,
}

impl AddObject {
    /// An object with `data` in `collection`.
    pub fn new(collection: impl Into<String>, data: Map<String, Value>) -> Self {
        Self {
            collection: collection.into(),
            id: None,
            data,
            user_id: None,
        }
    }

    /// The object id.
    pub fn id(mut self, id: impl Into<String>) -> Self {
        self.id = Some(id.into());
        self
    }

    /// The owning user (server-side; a user token implies it).
    pub fn user_id(mut self, user_id: impl Into<String>) -> Self {
        self.user_id = Some(user_id.into());
        self
    }
}

impl JsonEndpoint for AddObject {
    type Output = CollectionObject;

    const OP: &'static str = "collection.add";

    fn spec(&self, _config: &Config) -> Result<Spec, Error> {
        check_name(&self.collection)?;
        if let Some(id) = &self.id {
            validate::list_id("id", id)?;
        }
        if let Some(u) = &self.user_id {
            validate::id("user_id", u)?;
        }
        let body = AddBody {
            id: self.id.as_deref(),
            data: &self.data,
            user_id: self.user_id.as_deref(),
        };
        Ok(Spec::new(
            Self::OP,
            Method::Post,
            Service::Api,
            Path::new().lit("collections").seg(&self.collection).build(),
            Auth::Scoped(scope()),
        )
        .json(&body)?)
    }
}

/// `GET collections/<collection>/<id>/`.
///
/// ```no_run
/// # use stream_core::{Config, ApiSecret};
/// use stream_core::endpoints::collections::GetObject;
/// # let config = Config::builder("key", ApiSecret::new("secret")).build()?;
/// let request = config.build_request(&GetObject::new("food", "pizza-1"))?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[must_use = "an endpoint does nothing until it is passed to `client.send`"]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GetObject {
    collection: String,
    id: String,
}

impl GetObject {
    /// The object `id` of `collection`.
    pub fn new(collection: impl Into<String>, id: impl Into<String>) -> Self {
        Self {
            collection: collection.into(),
            id: id.into(),
        }
    }
}

impl JsonEndpoint for GetObject {
    type Output = CollectionObject;

    const OP: &'static str = "collection.get";

    fn spec(&self, _config: &Config) -> Result<Spec, Error> {
        check_name(&self.collection)?;
        validate::id("id", &self.id)?;
        Ok(Spec::new(
            Self::OP,
            Method::Get,
            Service::Api,
            object_path(&self.collection, &self.id),
            Auth::Scoped(scope()),
        ))
    }
}

/// `PUT collections/<collection>/<id>/` with `{"data"}`: replaces the object's data.
///
/// ```no_run
/// # use stream_core::{Config, ApiSecret};
/// use stream_core::endpoints::collections::UpdateObject;
/// # let config = Config::builder("key", ApiSecret::new("secret")).build()?;
/// let mut data = serde_json::Map::new();
/// data.insert("rating".into(), 4.into());
/// let request = config.build_request(&UpdateObject::new("food", "pizza-1", data))?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[must_use = "an endpoint does nothing until it is passed to `client.send`"]
#[derive(Debug, Clone, PartialEq)]
pub struct UpdateObject {
    collection: String,
    id: String,
    data: Map<String, Value>,
}

#[derive(Serialize)]
struct DataBody<'a> {
    data: &'a Map<String, Value>,
}

impl UpdateObject {
    /// Replaces the data of object `id` in `collection`.
    pub fn new(
        collection: impl Into<String>,
        id: impl Into<String>,
        data: Map<String, Value>,
    ) -> Self {
        Self {
            collection: collection.into(),
            id: id.into(),
            data,
        }
    }
}

impl JsonEndpoint for UpdateObject {
    type Output = CollectionObject;

    const OP: &'static str = "collection.update";

    fn spec(&self, _config: &Config) -> Result<Spec, Error> {
        check_name(&self.collection)?;
        validate::id("id", &self.id)?;
        Ok(Spec::new(
            Self::OP,
            Method::Put,
            Service::Api,
            object_path(&self.collection, &self.id),
            Auth::Scoped(scope()),
        )
        .json(&DataBody { data: &self.data })?)
    }
}

/// `DELETE collections/<collection>/<id>/`.
///
/// ```no_run
/// # use stream_core::{Config, ApiSecret};
/// use stream_core::endpoints::collections::DeleteObject;
/// # let config = Config::builder("key", ApiSecret::new("secret")).build()?;
/// let request = config.build_request(&DeleteObject::new("food", "pizza-1"))?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[must_use = "an endpoint does nothing until it is passed to `client.send`"]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeleteObject {
    collection: String,
    id: String,
}

impl DeleteObject {
    /// Deletes object `id` of `collection`.
    pub fn new(collection: impl Into<String>, id: impl Into<String>) -> Self {
        Self {
            collection: collection.into(),
            id: id.into(),
        }
    }
}

impl JsonEndpoint for DeleteObject {
    type Output = Ack;

    const OP: &'static str = "collection.delete";

    fn spec(&self, _config: &Config) -> Result<Spec, Error> {
        check_name(&self.collection)?;
        validate::id("id", &self.id)?;
        Ok(Spec::new(
            Self::OP,
            Method::Delete,
            Service::Api,
            object_path(&self.collection, &self.id),
            Auth::Scoped(scope()),
        ))
    }
}

/// `POST collections/` with `{"data":{"<collection>":[{"id":…,<fields>}]}}`: inserts or replaces
/// objects, in one or more collections ([`Upsert::and`]). Server-side only.
///
/// ```no_run
/// # use stream_core::{Config, ApiSecret};
/// use stream_core::endpoints::collections::Upsert;
/// use stream_core::models::collection::CollectionEntry;
/// # let config = Config::builder("key", ApiSecret::new("secret")).build()?;
/// let upsert = Upsert::new("food", [
///     CollectionEntry::new("burger-1").field("name", "burger"),
///     CollectionEntry::new("taco-1").field("name", "taco"),
/// ]);
/// let request = config.build_request(&upsert)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[must_use = "an endpoint does nothing until it is passed to `client.send`"]
#[derive(Debug, Clone, PartialEq)]
pub struct Upsert {
    collections: Vec<(String, Vec<CollectionEntry>)>,
}

impl Upsert {
    /// Upserts `entries` into `collection`.
    pub fn new(
        collection: impl Into<String>,
        entries: impl IntoIterator<Item = CollectionEntry>,
    ) -> Self {
        Self {
            collections: vec![(collection.into(), entries.into_iter().collect())],
        }
    }

    /// Also upserts `entries` into `collection` in the same request.
    pub fn and(
        mut self,
        collection: impl Into<String>,
        entries: impl IntoIterator<Item = CollectionEntry>,
    ) -> Self {
        let collection = collection.into();
        let entries = entries.into_iter();
        match self.collections.iter_mut().find(|(c, _)| *c == collection) {
            Some((_, existing)) => existing.extend(entries),
            None => self.collections.push((collection, entries.collect())),
        }
        self
    }
}

impl JsonEndpoint for Upsert {
    type Output = UpsertedObjects;

    const OP: &'static str = "collection.upsert";

    fn spec(&self, _config: &Config) -> Result<Spec, Error> {
        let mut data = Map::new();
        for (collection, entries) in &self.collections {
            check_name(collection)?;
            if entries.is_empty() {
                return Err(
                    BuildError::field("entries", format!("no entries for {collection:?}")).into(),
                );
            }
            for e in entries {
                validate::list_id("id", &e.id)?;
            }
            let value =
                serde_json::to_value(entries).map_err(|e| BuildError::Serialize(e.to_string()))?;
            data.insert(collection.clone(), value);
        }
        let mut body = Map::new();
        body.insert("data".to_owned(), Value::Object(data));
        Ok(Spec::new(
            Self::OP,
            Method::Post,
            Service::Api,
            Path::new().lit("collections").build(),
            Auth::ServerOnly(scope()),
        )
        .json(&body)?)
    }
}

fn collect_ids<I, S>(ids: I) -> Vec<String>
where
    I: IntoIterator<Item = S>,
    S: Into<String>,
{
    ids.into_iter().map(Into::into).collect()
}

/// `GET collections/?foreign_ids=<collection>:<id>,…`: reads up to 1,000 objects of one
/// collection. Server-side only.
/// `client.send` splits larger batches into compliant requests ([`Endpoint::split`]).
///
/// ```no_run
/// # use stream_core::{Config, ApiSecret};
/// use stream_core::endpoints::collections::Select;
/// # let config = Config::builder("key", ApiSecret::new("secret")).build()?;
/// let request = config.build_request(&Select::new("food", ["burger-1", "taco-1"]))?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[must_use = "an endpoint does nothing until it is passed to `client.send`"]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Select {
    collection: String,
    ids: Vec<String>,
}

impl Select {
    /// The objects `ids` of `collection`.
    pub fn new<I, S>(collection: impl Into<String>, ids: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        Self {
            collection: collection.into(),
            ids: collect_ids(ids),
        }
    }
}

impl Endpoint for Select {
    type Output = SelectedObjects;

    fn spec(&self, _config: &Config) -> Result<Spec, Error> {
        check_name(&self.collection)?;
        validate::id_list("ids", &self.ids, MAX_SELECT_IDS)?;
        let mut foreign_ids = String::with_capacity(self.ids.len() * (self.collection.len() + 16));
        for (i, id) in self.ids.iter().enumerate() {
            if i > 0 {
                foreign_ids.push(',');
            }
            foreign_ids.push_str(&self.collection);
            foreign_ids.push(':');
            foreign_ids.push_str(id);
        }
        Ok(Spec::new(
            "collection.select",
            Method::Get,
            Service::Api,
            Path::new().lit("collections").build(),
            Auth::ServerOnly(scope()),
        )
        .query("foreign_ids", foreign_ids))
    }

    fn parse(&self, response: Response) -> Result<SelectedObjects, Error> {
        decode_json("collection.select", &response)
    }

    fn split(&self) -> Result<Option<Vec<Self>>, Error> {
        crate::endpoints::batch::split_if_over(self, self.ids.len(), MAX_SELECT_IDS)
    }

    fn merge(outputs: Vec<Self::Output>) -> Result<Self::Output, Error> {
        Ok(<Self as Chunked>::merge(outputs))
    }
}

/// `DELETE collections/?collection_name=<name>&ids=a,b`: deletes up to 1,000 objects of one
/// collection. Server-side only.
/// `client.send` splits larger batches into compliant requests ([`Endpoint::split`]).
///
/// `ids` is one comma-joined value, as JS and Go send it; Python repeats the key
/// (`ids=a&ids=b`). We pick the comma form because every other list in the API is sent that way
/// and it keeps the URL shorter; the service accepts both.
///
/// ```no_run
/// # use stream_core::{Config, ApiSecret};
/// use stream_core::endpoints::collections::DeleteMany;
/// # let config = Config::builder("key", ApiSecret::new("secret")).build()?;
/// let request = config.build_request(&DeleteMany::new("food", ["burger-1", "taco-1"]))?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[must_use = "an endpoint does nothing until it is passed to `client.send`"]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeleteMany {
    collection: String,
    ids: Vec<String>,
}

impl DeleteMany {
    /// Deletes objects `ids` of `collection`.
    pub fn new<I, S>(collection: impl Into<String>, ids: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        Self {
            collection: collection.into(),
            ids: collect_ids(ids),
        }
    }
}

impl Endpoint for DeleteMany {
    type Output = Ack;

    fn spec(&self, _config: &Config) -> Result<Spec, Error> {
        check_name(&self.collection)?;
        // No documented limit; the select limit is the safe bound for one URL.
        validate::id_list("ids", &self.ids, MAX_SELECT_IDS)?;
        Ok(Spec::new(
            "collection.delete_many",
            Method::Delete,
            Service::Api,
            Path::new().lit("collections").build(),
            Auth::ServerOnly(scope()),
        )
        .query("collection_name", self.collection.clone())
        .query("ids", self.ids.join(",")))
    }

    fn parse(&self, response: Response) -> Result<Ack, Error> {
        decode_json("collection.delete_many", &response)
    }

    fn split(&self) -> Result<Option<Vec<Self>>, Error> {
        crate::endpoints::batch::split_if_over(self, self.ids.len(), MAX_SELECT_IDS)
    }

    fn merge(outputs: Vec<Self::Output>) -> Result<Self::Output, Error> {
        Ok(<Self as Chunked>::merge(outputs))
    }
}

impl Chunked for Select {
    type Part = Select;
    type Output = SelectedObjects;

    fn parts(&self) -> Result<Vec<Select>, Error> {
        check_name(&self.collection)?;
        validate::id_list("ids", &self.ids, usize::MAX)?;
        Ok(split(&self.ids, MAX_SELECT_IDS, |ids| Select {
            collection: self.collection.clone(),
            ids,
        }))
    }

    fn merge(outputs: Vec<SelectedObjects>) -> SelectedObjects {
        let mut merged = SelectedObjects::default();
        for out in outputs {
            merged.response.data.extend(out.response.data);
            merged.duration = out.duration;
        }
        merged
    }
}

impl Chunked for DeleteMany {
    type Part = DeleteMany;
    type Output = Ack;

    fn parts(&self) -> Result<Vec<DeleteMany>, Error> {
        check_name(&self.collection)?;
        validate::id_list("ids", &self.ids, usize::MAX)?;
        Ok(split(&self.ids, MAX_SELECT_IDS, |ids| DeleteMany {
            collection: self.collection.clone(),
            ids,
        }))
    }

    fn merge(outputs: Vec<Ack>) -> Ack {
        merge_acks(outputs)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::endpoint::SpecFor;
    use stream_auth::ApiSecret;

    fn config() -> Config {
        Config::builder("key", ApiSecret::new("secret"))
            .build()
            .unwrap()
    }

    #[test]
    fn validation() {
        let c = config();
        assert!(GetObject::new("fo:od", "x").spec_for(&c).is_err());
        assert!(GetObject::new("", "x").spec_for(&c).is_err());
        assert!(
            Select::new("food", Vec::<String>::new())
                .spec_for(&c)
                .is_err()
        );
        assert!(Select::new("food", ["a,b"]).spec_for(&c).is_err());
        let many: Vec<String> = (0..=MAX_SELECT_IDS).map(|i| i.to_string()).collect();
        assert!(Select::new("food", many.clone()).spec_for(&c).is_err());
        assert!(
            Select::new("food", &many[..MAX_SELECT_IDS])
                .spec_for(&c)
                .is_ok()
        );
        assert!(Upsert::new("food", []).spec_for(&c).is_err());
        assert!(DeleteMany::new("food", [""]).spec_for(&c).is_err());
    }

    #[test]
    fn select_splits_by_1000() {
        let ids: Vec<String> = (0..2500).map(|i| i.to_string()).collect();
        let parts = Select::new("food", ids).parts().unwrap();
        assert_eq!(
            parts.iter().map(|p| p.ids.len()).collect::<Vec<_>>(),
            [1000, 1000, 500]
        );
        assert!(DeleteMany::new("fo:od", ["a"]).parts().is_err());
    }

    #[test]
    fn upsert_merges_collections() {
        let u = Upsert::new("food", [CollectionEntry::new("a")])
            .and("drinks", [CollectionEntry::new("b")])
            .and("food", [CollectionEntry::new("c")]);
        let spec = u.spec_for(&config()).unwrap();
        let body: Value = serde_json::from_slice(&spec.body.unwrap().bytes).unwrap();
        assert_eq!(
            body,
            serde_json::json!({"data":{"food":[{"id":"a"},{"id":"c"}],"drinks":[{"id":"b"}]}})
        );
    }
}

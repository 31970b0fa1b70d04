//! Handles: short ways to create the endpoint values of each family. They only build values
//! (from `stream-core`); [`Client::send`] sends them.
use stream_core::endpoints::analytics::Analytics;
use stream_core::endpoints::collections::Collections;
use stream_core::endpoints::feed::FeedRef;
use stream_core::endpoints::files::{Files, Images};
use stream_core::endpoints::personalization::Personalization;
use stream_core::endpoints::reactions::Reactions;
use stream_core::endpoints::users::Users;
use stream_core::{Error, FeedId};

use crate::client::Client;

impl Client {
    /// The feed `slug:user` (validated: letters, digits, `_`, `-`), whose methods create its
    /// operations: `get`, `add_activity`, `remove_activity`, `follow`, `followers`, …
    ///
    /// ```no_run
    /// # fn demo(client: &stream_blocking::Client) -> Result<(), stream_blocking::Error> {
    /// let feed = client.feed("user", "alice")?;
    /// let page = client.send(feed.get().limit(25))?;
    /// # let _ = page; Ok(()) }
    /// ```
    pub fn feed(&self, slug: &str, user: &str) -> Result<FeedRef, Error> {
        FeedRef::new(slug, user)
    }

    /// The feed with an already validated id.
    ///
    /// ```no_run
    /// # fn demo(client: &stream_blocking::Client) -> Result<(), stream_blocking::Error> {
    /// let id = stream_blocking::FeedId::parse("timeline:alice")?;
    /// let feed = client.feed_by_id(id);
    /// # let _ = feed; Ok(()) }
    /// ```
    pub fn feed_by_id(&self, id: FeedId) -> FeedRef {
        FeedRef::from_id(id)
    }

    /// Reactions: `add`, `add_child`, `get`, `update`, `delete`, `filter_activity`, …
    ///
    /// ```no_run
    /// # fn demo(client: &stream_blocking::Client) -> Result<(), stream_blocking::Error> {
    /// let like = client.send(client.reactions().add("like", "activity-id").user_id("alice"))?;
    /// # let _ = like; Ok(()) }
    /// ```
    pub fn reactions(&self) -> Reactions {
        Reactions
    }

    /// Collections: `add`, `get`, `update`, `delete`, `upsert`, `select`, `delete_many`.
    ///
    /// ```no_run
    /// # fn demo(client: &stream_blocking::Client) -> Result<(), stream_blocking::Error> {
    /// let object = client.send(client.collections().get("food", "burger-1"))?;
    /// # let _ = object; Ok(()) }
    /// ```
    pub fn collections(&self) -> Collections {
        Collections
    }

    /// Users: `add`, `get`, `update`, `delete`, …
    ///
    /// ```no_run
    /// # fn demo(client: &stream_blocking::Client) -> Result<(), stream_blocking::Error> {
    /// let user = client.send(client.users().get("alice"))?;
    /// # let _ = user; Ok(()) }
    /// ```
    pub fn users(&self) -> Users {
        Users
    }

    /// The file store: `upload`, `delete`.
    ///
    /// ```no_run
    /// # fn demo(client: &stream_blocking::Client) -> Result<(), stream_blocking::Error> {
    /// let uploaded = client.send(client.files().upload("hello.txt", b"hello".to_vec()))?;
    /// # let _ = uploaded; Ok(()) }
    /// ```
    pub fn files(&self) -> Files {
        Files
    }

    /// The image store: `upload`, `delete`, `process` (resize, crop).
    ///
    /// ```no_run
    /// # fn demo(client: &stream_blocking::Client) -> Result<(), stream_blocking::Error> {
    /// let images = client.images();
    /// # let _ = images; Ok(()) }
    /// ```
    pub fn images(&self) -> Images {
        Images
    }

    /// Analytics: `track_engagements`, `track_impressions`, `redirect_url`.
    ///
    /// ```no_run
    /// # fn demo(client: &stream_blocking::Client) -> Result<(), stream_blocking::Error> {
    /// let analytics = client.analytics();
    /// # let _ = analytics; Ok(()) }
    /// ```
    pub fn analytics(&self) -> Analytics {
        Analytics
    }

    /// Personalization: `get`, `follow_recommendations`, …
    ///
    /// ```no_run
    /// # fn demo(client: &stream_blocking::Client) -> Result<(), stream_blocking::Error> {
    /// let recs = client.send(client.personalization().follow_recommendations("alice").limit(10))?;
    /// # let _ = recs; Ok(()) }
    /// ```
    pub fn personalization(&self) -> Personalization {
        Personalization
    }
}

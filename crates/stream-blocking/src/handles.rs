//! Handles: short ways to create the endpoint values of each family. They only build values
//! (from `stream-core`); [`Client::send`] sends them.
use std::time::Duration;

use stream_core::endpoints::activities::Activities;
use stream_core::endpoints::analytics::Analytics;
use stream_core::endpoints::audit_logs::Audit;
use stream_core::endpoints::batch::Batch;
use stream_core::endpoints::collections::Collections;
use stream_core::endpoints::data_privacy::DataPrivacy;
use stream_core::endpoints::feed::FeedRef;
use stream_core::endpoints::files::{Files, Images};
use stream_core::endpoints::moderation::Moderation;
use stream_core::endpoints::og::Og;
use stream_core::endpoints::personalization::Personalization;
use stream_core::endpoints::reactions::Reactions;
use stream_core::endpoints::users::Users;
use stream_core::v2::{TokenBuilder, V2Users, Video};
use stream_core::{BuildError, Error, FeedId, Signer, Token};

use crate::client::Client;
use crate::entropy::now_unix;

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

    /// Activity-level operations: `update` (whole activities, by foreign id + time),
    /// `get_by_ids`, `get_by_foreign_ids`, `partial_update`, `partial_update_many`,
    /// `update_to_targets`. Batches past the service's limits are split by [`Client::send`].
    ///
    /// ```no_run
    /// use stream_blocking::models::activity::ActivityChange;
    /// # fn demo(client: &stream_blocking::Client) -> Result<(), stream_blocking::Error> {
    /// let got = client.send(client.activities().get_by_foreign_ids([("post:1", "2024-01-02T03:04:05.678900")]))?;
    /// let patched = client.send(client.activities().partial_update(
    ///     ActivityChange::by_foreign_id("post:1", "2024-01-02T03:04:05.678900").set("score", 2),
    /// ))?;
    /// # let _ = (got, patched); Ok(()) }
    /// ```
    pub fn activities(&self) -> Activities {
        Activities
    }

    /// Batch writes across feeds: `follow_many`, `unfollow_many`, `add_to_many`. Batches past
    /// one request's limit (2,500 relations, 5,000 feeds) are split by [`Client::send`].
    ///
    /// ```no_run
    /// use stream_blocking::models::follow::FollowRelation;
    /// # fn demo(client: &stream_blocking::Client) -> Result<(), stream_blocking::Error> {
    /// let timeline = stream_blocking::FeedId::parse("timeline:alice")?;
    /// let bob = stream_blocking::FeedId::parse("user:bob")?;
    /// client.send(client.batch().follow_many(vec![FollowRelation::new(timeline, bob)]))?;
    /// # Ok(()) }
    /// ```
    pub fn batch(&self) -> Batch {
        Batch
    }

    /// The Open Graph data (title, description, images, …) of the page at `url`.
    ///
    /// ```no_run
    /// # fn demo(client: &stream_blocking::Client) -> Result<(), stream_blocking::Error> {
    /// let page = client.send(client.og("https://example.com/article"))?;
    /// println!("{:?}", page.title);
    /// # Ok(()) }
    /// ```
    pub fn og(&self, url: impl Into<String>) -> Og {
        Og::new(url)
    }

    /// Audit logs: `filter`, `entity(type, id)`, `user(id)`; paginated (see [`Client::pages`]).
    ///
    /// ```no_run
    /// # fn demo(client: &stream_blocking::Client) -> Result<(), stream_blocking::Error> {
    /// let logs = client.send(client.audit_logs().entity("activity", "activity-id").limit(10))?;
    /// # let _ = logs; Ok(()) }
    /// ```
    pub fn audit_logs(&self) -> Audit {
        Audit
    }

    /// Data privacy (GDPR): `delete_activity`, `delete_activities`, `delete_reactions`,
    /// `export_ids`.
    ///
    /// ```no_run
    /// # fn demo(client: &stream_blocking::Client) -> Result<(), stream_blocking::Error> {
    /// let feed = stream_blocking::FeedId::parse("user:alice")?;
    /// client.send(client.data_privacy().delete_activity("activity-id", [feed]))?;
    /// let ids = client.send(client.data_privacy().export_ids("alice"))?;
    /// # let _ = ids; Ok(()) }
    /// ```
    pub fn data_privacy(&self) -> DataPrivacy {
        DataPrivacy
    }

    /// Moderation: `flag_user`, `flag` (any entity).
    ///
    /// ```no_run
    /// # fn demo(client: &stream_blocking::Client) -> Result<(), stream_blocking::Error> {
    /// client.send(client.moderation().flag_user("bob").reported_by("alice").reason("spam"))?;
    /// # Ok(()) }
    /// ```
    pub fn moderation(&self) -> Moderation {
        Moderation
    }

    /// v2 video: `call(type, id)` (get or create, get, update, members, end, delete),
    /// `query_calls`, `query_call_members`, `call_types`, `call_type(name)`.
    ///
    /// ```no_run
    /// use stream_blocking::models::v2::{CallRequest, MemberRequest};
    /// # fn demo(client: &stream_blocking::Client) -> Result<(), stream_blocking::Error> {
    /// let call = client.video().call("default", "call-123");
    /// let state = client.send(call.get_or_create().data(
    ///     CallRequest::new().created_by_id("alice").member(MemberRequest::new("bob")),
    /// ))?;
    /// # let _ = state; Ok(()) }
    /// ```
    pub fn video(&self) -> Video {
        Video
    }

    /// v2 users: `upsert`, `query`, `update_partial`, `deactivate`, `reactivate`,
    /// `deactivate_many`, `reactivate_many`, `delete`, `restore`.
    ///
    /// ```no_run
    /// use stream_blocking::models::v2::UserRequest;
    /// # fn demo(client: &stream_blocking::Client) -> Result<(), stream_blocking::Error> {
    /// let users = client.send(client.v2_users().upsert([UserRequest::new("alice").name("Alice")]))?;
    /// # let _ = users; Ok(()) }
    /// ```
    pub fn v2_users(&self) -> V2Users {
        V2Users
    }

    /// A v2 user token for client-side SDKs, issued now (`iat` 5 s back, for clock skew) and
    /// valid for `validity` (`None`: one hour). Needs the API secret.
    ///
    /// ```no_run
    /// # fn demo(client: &stream_blocking::Client) -> Result<(), stream_blocking::Error> {
    /// let token = client.create_user_token("alice", None)?;
    /// let short = client.create_user_token("alice", Some(std::time::Duration::from_secs(600)))?;
    /// # let _ = (token, short); Ok(()) }
    /// ```
    pub fn create_user_token(
        &self,
        user_id: &str,
        validity: Option<Duration>,
    ) -> Result<Token, Error> {
        stream_core::v2::create_token(self.config(), user_id, validity, now_unix())
    }

    /// A v2 call token: `user_id` restricted to `call_cids` (`"default:call-123"`), with an
    /// optional role, issued now and valid for `validity` (`None`: one hour). Needs the API
    /// secret.
    ///
    /// ```no_run
    /// # fn demo(client: &stream_blocking::Client) -> Result<(), stream_blocking::Error> {
    /// let token = client.create_call_token("alice", &["default:call-123"], Some("admin"), None)?;
    /// # let _ = token; Ok(()) }
    /// ```
    pub fn create_call_token(
        &self,
        user_id: &str,
        call_cids: &[&str],
        role: Option<&str>,
        validity: Option<Duration>,
    ) -> Result<Token, Error> {
        stream_core::v2::create_call_token(
            self.config(),
            user_id,
            call_cids,
            role,
            validity,
            now_unix(),
        )
    }

    /// Mints any v2 token described by a [`TokenBuilder`] (e.g. one without expiry), issued now.
    /// Needs the API secret.
    ///
    /// ```no_run
    /// use stream_blocking::core::v2::TokenBuilder;
    /// # fn demo(client: &stream_blocking::Client) -> Result<(), stream_blocking::Error> {
    /// let forever = client.create_token_with(&TokenBuilder::new("alice").no_expiry())?;
    /// # let _ = forever; Ok(()) }
    /// ```
    pub fn create_token_with(&self, builder: &TokenBuilder) -> Result<Token, Error> {
        builder.sign_with(self.config(), now_unix())
    }

    /// A Feeds v1 user (session) token `{"user_id": ..}` without `iat` or expiry, as the v1
    /// clients mint it. Needs the API secret.
    ///
    /// ```no_run
    /// # fn demo(client: &stream_blocking::Client) -> Result<(), stream_blocking::Error> {
    /// let token = client.user_token("alice")?;
    /// # let _ = token; Ok(()) }
    /// ```
    pub fn user_token(&self, user_id: &str) -> Result<Token, Error> {
        if user_id.is_empty() {
            return Err(BuildError::field("user_id", "must not be empty").into());
        }
        Ok(self.signer("user_token")?.user_token(user_id))
    }

    /// The Feeds v1 read-only token of feed `slug:user` (safe to hand to a client app for
    /// reading and realtime subscription). Needs the API secret.
    ///
    /// ```no_run
    /// # fn demo(client: &stream_blocking::Client) -> Result<(), stream_blocking::Error> {
    /// let token = client.feed_read_only_token("user", "alice")?;
    /// # let _ = token; Ok(()) }
    /// ```
    pub fn feed_read_only_token(&self, slug: &str, user: &str) -> Result<Token, Error> {
        let feed = FeedId::from_parts(slug, user)?;
        Ok(self
            .signer("feed_read_only_token")?
            .read_only_feed_token(feed.slug().as_str(), feed.user().as_str()))
    }

    fn signer(&self, op: &'static str) -> Result<&Signer, Error> {
        self.config()
            .signer()
            .ok_or_else(|| BuildError::NeedsSecret { op }.into())
    }
}

//! [`StreamApi`]: the handles and tokens every client offers, written once for both facades.
//!
//! A facade's `Client` implements the two required methods (its configuration and its clock);
//! every handle accessor (`feed`, `reactions`, `video`, …) and every token method is provided
//! here. Handles only build endpoint values; the facade's `send` sends them.
use std::time::Duration;

use crate::config::{Config, ConfigBuilder};
use crate::endpoints::activities::Activities;
use crate::endpoints::analytics::Analytics;
use crate::endpoints::audit_logs::AuditLogs;
use crate::endpoints::batch::Batch;
use crate::endpoints::collections::Collections;
use crate::endpoints::data_privacy::DataPrivacy;
use crate::endpoints::feed::FeedRef;
use crate::endpoints::files::{Files, Images};
use crate::endpoints::moderation::Moderation;
use crate::endpoints::og::Og;
use crate::endpoints::personalization::Personalization;
use crate::endpoints::reactions::Reactions;
use crate::endpoints::users::Users;
use crate::error::{BuildError, Error};
use crate::settings::ClientSettings;
use crate::v2::{GetTask, TokenBuilder, V2App, V2Users, Video};
use stream_auth::{Signer, Token};
use stream_models::FeedId;

/// What every Stream client offers besides sending: handles that create the operations of each
/// API family, and token minting. Bring it into scope with the facade's prelude
/// (`use stream_blocking::prelude::*;` or `use stream_async::prelude::*;`).
///
/// Implementing it takes a configuration and a clock; everything else is provided:
///
/// ```
/// use stream_core::{ApiSecret, Config, StreamApi};
/// # struct Builder(stream_core::ConfigBuilder);
/// # impl stream_core::ClientSettings for Builder {
/// #     type Client = App;
/// #     fn from_config_builder(config: stream_core::ConfigBuilder) -> Self { Builder(config) }
/// #     fn map_config(self, change: impl FnOnce(stream_core::ConfigBuilder) -> stream_core::ConfigBuilder) -> Self { Builder(change(self.0)) }
/// #     fn build(self) -> Result<App, stream_core::Error> { Ok(App(self.0.build()?)) }
/// # }
/// struct App(Config);
/// impl StreamApi for App {
///     type Builder = Builder;
///     fn config(&self) -> &Config { &self.0 }
///     fn now_unix(&self) -> u64 { 1_704_164_645 }
/// }
/// let app = App(Config::builder("key", ApiSecret::new("secret")).build()?);
/// let get = app.feed("user", "alice")?.get().limit(10);
/// let request = app.config().build_request(&get)?;
/// assert!(request.url.contains("feed/user/alice/"));
/// let token = app.v2_user_token("alice", None)?;
/// # let _ = token;
/// # Ok::<(), stream_core::Error>(())
/// ```
pub trait StreamApi {
    /// The builder that makes this client ([`StreamApi::builder`]).
    type Builder: ClientSettings<Client = Self>;

    /// The configuration (api key, base URLs, timeouts, retry policy; the secret never prints).
    fn config(&self) -> &Config;

    /// The current Unix time in seconds, read by the driver (core never reads a clock). Tokens
    /// issued "now" use it.
    fn now_unix(&self) -> u64;

    /// Starts a server-side client with the API key and secret (see [`ClientSettings`]).
    fn builder(api_key: impl Into<String>, api_secret: impl Into<String>) -> Self::Builder
    where
        Self: Sized,
    {
        Self::Builder::new(api_key, api_secret)
    }

    /// Starts a client-side client with the API key and a user token (its `user_id` claim is
    /// read when building).
    fn builder_with_user_token(
        api_key: impl Into<String>,
        user_token: impl Into<String>,
    ) -> Self::Builder
    where
        Self: Sized,
    {
        Self::Builder::with_user_token(api_key, user_token)
    }

    /// Starts from a core [`ConfigBuilder`].
    fn builder_from_config(config: ConfigBuilder) -> Self::Builder
    where
        Self: Sized,
    {
        Self::Builder::from_config_builder(config)
    }

    /// A client configured from `STREAM_API_KEY` + `STREAM_API_SECRET` (or `STREAM_URL`), then
    /// `STREAM_LOCATION`, `STREAM_BASE_URL` and `STREAM_APP_ID`.
    fn from_env() -> Result<Self, Error>
    where
        Self: Sized,
    {
        Self::Builder::from_env()?.build()
    }

    /// The feed `slug:user` (validated: letters, digits, `_`, `-`), whose methods create its
    /// operations: `get`, `add_activity`, `remove_activity`, `follow`, `followers`, …
    fn feed(&self, slug: &str, user: &str) -> Result<FeedRef, Error> {
        FeedRef::new(slug, user)
    }

    /// The feed with an already validated id.
    fn feed_by_id(&self, id: FeedId) -> FeedRef {
        FeedRef::from_id(id)
    }

    /// Reactions: `add`, `add_child`, `get`, `update`, `delete`, `filter_activity`, …
    fn reactions(&self) -> Reactions {
        Reactions
    }

    /// Collections: `add`, `get`, `update`, `delete`, `upsert`, `select`, `delete_many`.
    fn collections(&self) -> Collections {
        Collections
    }

    /// Users: `add`, `get`, `update`, `delete`, …
    fn users(&self) -> Users {
        Users
    }

    /// The file store: `upload`, `delete`.
    fn files(&self) -> Files {
        Files
    }

    /// The image store: `upload`, `delete`, `process` (resize, crop).
    fn images(&self) -> Images {
        Images
    }

    /// Analytics: `track_engagements`, `track_impressions`, `redirect_url`.
    fn analytics(&self) -> Analytics {
        Analytics
    }

    /// Personalization: `get`, `follow_recommendations`, …
    fn personalization(&self) -> Personalization {
        Personalization
    }

    /// Activity-level operations: `update` (whole activities, by foreign id + time),
    /// `get_by_ids`, `get_by_foreign_ids`, `partial_update`, `partial_update_many`,
    /// `update_to_targets`. Batches past the service's limits are split when sent.
    fn activities(&self) -> Activities {
        Activities
    }

    /// Batch writes across feeds: `follow_many`, `unfollow_many`, `add_to_many`. Batches past
    /// one request's limit (2,500 relations, 5,000 feeds) are split when sent.
    fn batch(&self) -> Batch {
        Batch
    }

    /// The Open Graph data (title, description, images, …) of the page at `url`.
    fn og(&self, url: impl Into<String>) -> Og
    where
        Self: Sized,
    {
        Og::new(url)
    }

    /// Audit logs: `filter`, `entity(type, id)`, `user(id)`; paginated by cursor.
    fn audit_logs(&self) -> AuditLogs {
        AuditLogs
    }

    /// Data privacy (GDPR): `delete_activity`, `delete_activities`, `delete_reactions`,
    /// `export_ids`.
    fn data_privacy(&self) -> DataPrivacy {
        DataPrivacy
    }

    /// Moderation: `flag_user`, `flag` (any entity).
    fn moderation(&self) -> Moderation {
        Moderation
    }

    /// v2 video: `call(type, id)` (get or create, get, update, members, end, delete, block and
    /// unblock a user, mute users, user permissions, custom events, go live, stop live,
    /// recordings, transcriptions, closed captions, HLS and RTMP broadcasts, kick, pin,
    /// unpin, ring, participant queries),
    /// `query_calls`, `query_call_members`, `call_types`, `call_type(name)`, `create_call_type`,
    /// `update_call_type`, `delete_call_type`.
    fn video(&self) -> Video {
        Video
    }

    /// v2 app settings: `get`, `update` (webhook URL and events, auth checks, …).
    fn v2_app(&self) -> V2App {
        V2App
    }

    /// The v2 background task `id` (a user deletion, deactivation or export): its status and,
    /// once completed, its result.
    fn v2_task(&self, id: impl Into<String>) -> GetTask
    where
        Self: Sized,
    {
        GetTask::new(id)
    }

    /// v2 users: `upsert`, `query`, `update_partial`, `deactivate`, `reactivate`,
    /// `deactivate_many`, `reactivate_many`, `delete`, `restore`, `block`, `unblock`, `blocked_by`,
    /// `export`, `export_many`, `create_device`, `devices`, `delete_device`, `create_guest`.
    fn v2_users(&self) -> V2Users {
        V2Users
    }

    /// A Feeds (v1) user token `{"user_id": ..}` without `iat` or expiry, as the v1 clients
    /// mint it (stream-python's `create_user_token`). Needs the API secret.
    fn feeds_user_token(&self, user_id: &str) -> Result<Token, Error> {
        if user_id.is_empty() {
            return Err(BuildError::field("user_id", "must not be empty").into());
        }
        Ok(signer(self.config(), "feeds_user_token")?.user_token(user_id))
    }

    /// The Feeds (v1) read-only token of feed `slug:user` (safe to hand to a client app for
    /// reading and realtime subscription). Needs the API secret.
    fn feed_read_only_token(&self, slug: &str, user: &str) -> Result<Token, Error> {
        let feed = FeedId::from_parts(slug, user)?;
        Ok(signer(self.config(), "feed_read_only_token")?
            .read_only_feed_token(feed.slug().as_str(), feed.user().as_str()))
    }

    /// A Feeds (v1) user token with extra claims after `user_id`, in the order given
    /// (`{"user_id":"alice","company":"acme"}`), as JS's `createUserToken(id, extra)` and go2's
    /// `CreateUserTokenWithClaims` mint it. An extra `user_id` claim is ignored: the argument
    /// wins. Needs the API secret.
    fn feeds_user_token_with_claims(
        &self,
        user_id: &str,
        claims: serde_json::Map<String, serde_json::Value>,
    ) -> Result<Token, Error> {
        if user_id.is_empty() {
            return Err(BuildError::field("user_id", "must not be empty").into());
        }
        let options = stream_auth::UserTokenOptions {
            extra: claims.into_iter().collect(),
            ..stream_auth::UserTokenOptions::default()
        };
        Ok(signer(self.config(), "feeds_user_token_with_claims")?
            .user_token_with(user_id, &options))
    }

    /// The Feeds (v1) read-write token of feed `slug:user`
    /// (`{"action":"*","resource":"*","feed_id":"<slug><user>"}`), as JS's `getReadWriteToken`
    /// mints it: it reads, writes and subscribes to that one feed. Needs the API secret.
    fn feed_read_write_token(&self, slug: &str, user: &str) -> Result<Token, Error> {
        let feed = FeedId::from_parts(slug, user)?;
        Ok(signer(self.config(), "feed_read_write_token")?
            .feed_token(feed.slug().as_str(), feed.user().as_str()))
    }

    /// A v2 user token for client-side SDKs, issued now (`iat` 5 s back, for clock skew) and
    /// valid for `validity` (`None`: one hour). Needs the API secret.
    fn v2_user_token(&self, user_id: &str, validity: Option<Duration>) -> Result<Token, Error> {
        crate::v2::create_token(self.config(), user_id, validity, self.now_unix())
    }

    /// A v2 call token: `user_id` restricted to `call_cids` (`"default:call-123"`), with an
    /// optional role, issued now and valid for `validity` (`None`: one hour). Needs the API
    /// secret.
    fn v2_call_token(
        &self,
        user_id: &str,
        call_cids: &[&str],
        role: Option<&str>,
        validity: Option<Duration>,
    ) -> Result<Token, Error> {
        crate::v2::create_call_token(
            self.config(),
            user_id,
            call_cids,
            role,
            validity,
            self.now_unix(),
        )
    }

    /// Mints any v2 token described by a [`TokenBuilder`] (e.g. one without expiry), issued now.
    /// Needs the API secret.
    fn v2_token(&self, builder: &TokenBuilder) -> Result<Token, Error> {
        builder.sign_with(self.config(), self.now_unix())
    }
}

fn signer<'c>(config: &'c Config, op: &'static str) -> Result<&'c Signer, Error> {
    config
        .signer()
        .ok_or_else(|| BuildError::NeedsSecret { op }.into())
}

//! Channel names and the subscription `ext` that authenticates them.
use std::fmt;

use serde_json::{Map, Value};
use stream_auth::Token;
use stream_models::FeedId;

use crate::config::{Config, Credentials};
use crate::error::BuildError;

/// The channel of `feed` in app `app_id`: `/site-<app_id>-feed-<slug><user>`.
pub fn feed_channel(app_id: &str, feed: &FeedId) -> String {
    format!("/site-{app_id}-feed-{}", feed.without_colon())
}

/// The Bayeux `ext` sent with `/meta/subscribe`: `user_id` is the channel name without its
/// leading `/` (as the official clients send it), `signature` a token for the feed.
/// The signature never appears in `Debug` output.
#[derive(Clone, PartialEq, Eq)]
pub struct SubscribeExt {
    /// The channel name without the leading slash (`site-789-feed-useralice`).
    pub user_id: String,
    /// The API key.
    pub api_key: String,
    /// A token for the feed (a read-only feed token is enough).
    pub signature: Token,
}

impl fmt::Debug for SubscribeExt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SubscribeExt")
            .field("user_id", &self.user_id)
            .field("api_key", &self.api_key)
            .field("signature", &"<redacted>")
            .finish()
    }
}

impl SubscribeExt {
    /// The `ext` object as it goes on the wire.
    pub fn to_value(&self) -> Value {
        let mut m = Map::new();
        m.insert("user_id".into(), Value::String(self.user_id.clone()));
        m.insert("api_key".into(), Value::String(self.api_key.clone()));
        m.insert(
            "signature".into(),
            Value::String(self.signature.as_str().to_owned()),
        );
        Value::Object(m)
    }
}

/// A feed's realtime channel together with the `ext` that authenticates its subscription.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedChannel {
    feed: FeedId,
    channel: String,
    ext: SubscribeExt,
}

impl FeedChannel {
    /// The channel of `feed` for the client configured by `config`.
    ///
    /// The signature is `token` when given; otherwise a read-only feed token minted with the API
    /// secret, or, for a client holding only a user token, that user token (as the JS client
    /// does client-side). Fails without an app id (channel names contain it).
    pub fn for_feed(
        config: &Config,
        feed: &FeedId,
        token: Option<Token>,
    ) -> Result<Self, BuildError> {
        let app_id = config
            .app_id()
            .filter(|a| !a.is_empty())
            .ok_or(BuildError::MissingConfig(
                "an app id: realtime channels are named after it \
                 (set it with the builder's app_id() or STREAM_APP_ID)",
            ))?;
        let signature = match (token, config.credentials()) {
            (Some(t), _) => t,
            (None, Credentials::Secret(signer)) => {
                signer.read_only_feed_token(feed.slug().as_str(), feed.user().as_str())
            }
            (None, Credentials::UserToken { token, .. }) => token.clone(),
        };
        Ok(Self::new(app_id, config.api_key(), feed, signature))
    }

    /// The channel of `feed` in app `app_id`, authenticated by `signature`.
    pub fn new(app_id: &str, api_key: &str, feed: &FeedId, signature: Token) -> Self {
        let channel = feed_channel(app_id, feed);
        let ext = SubscribeExt {
            user_id: channel.trim_start_matches('/').to_owned(),
            api_key: api_key.to_owned(),
            signature,
        };
        Self {
            feed: feed.clone(),
            channel,
            ext,
        }
    }

    /// The feed.
    pub fn feed(&self) -> &FeedId {
        &self.feed
    }

    /// The channel name (`/site-789-feed-useralice`).
    pub fn channel(&self) -> &str {
        &self.channel
    }

    /// The subscription `ext`.
    pub fn ext(&self) -> &SubscribeExt {
        &self.ext
    }
}

//! Transport-agnostic request descriptions for every Stream (getstream.io) Feeds endpoint, and
//! for the v2 server-side users and video API ([`v2`]).
//!
//! `stream-core` turns an operation into a [`Request`] description, turns a [`Response`] back into
//! a typed value or a typed [`Error`], and decides what to do next (retry after a wait, fetch the
//! next page, stop). It never opens a socket, sleeps, reads the clock or draws random numbers: the
//! facades `stream-blocking` (ureq) and `stream-async` (reqwest) drive it.
//!
//! ```
//! use stream_core::{Config, ApiSecret};
//! let config = Config::builder("key123", ApiSecret::new("secret456")).location("us-east").build()?;
//! assert_eq!(config.urls().api, "https://us-east-api.stream-io-api.com/api/v1.0/");
//! # Ok::<(), stream_core::BuildError>(())
//! ```

pub mod api;
pub mod call;
pub mod config;
pub mod encode;
pub mod endpoint;
pub mod endpoints;
pub mod error;
pub mod realtime;
pub mod request;
pub mod response;
pub mod retry;
pub mod settings;
pub mod target;
mod token_cache;
mod trace;
pub mod transport;
pub mod v2;

pub use api::StreamApi;
pub use call::{Call, Step, run_blocking};
pub use config::{
    BaseUrls, Config, ConfigBuilder, Credentials, DEFAULT_MAX_RESPONSE_BYTES, Service, StreamUrl,
    Timeouts, builder_from_vars,
};
pub use endpoint::{Auth, Endpoint, JsonEndpoint, Paginated, Path, Spec, decode_json};
pub use error::{
    ApiError, BuildError, DecodeError, Error, ErrorCode, TransportError, TransportErrorKind,
};
pub use request::{Body, Header, Method, Request};
pub use response::{RateLimit, Response};
pub use retry::{JitterSequence, RetryPolicy};
pub use settings::{CallOptions, ClientSettings};
pub use target::{FailureCause, Target, UrlSetting};
pub use transport::{AsyncTransport, BoxFuture, Transport};

pub use stream_auth::{
    self as auth, Action, ApiSecret, FeedScope, Resource, Scope, Signer, Token, verify_webhook,
};
pub use stream_models::{self as models, FeedId, FeedSlug, UserId};

/// The README's examples, compiled as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;

//! A blocking client for Stream (getstream.io) Activity Feeds, over [`ureq`] 3.
//!
//! This crate is a thin driver around [`stream_core`]: every operation is an endpoint value from
//! [`endpoints`] (usually made by a handle such as [`Client::feed`]); [`Client::send`] builds its
//! request, executes it on one shared `ureq` [`Agent`](ureq::Agent), retries as core decides
//! (idempotent requests only; connect errors, timeouts, 429/502/503/504; capped exponential
//! backoff with jitter; rate-limit resets honoured) and returns the typed result or one
//! [`Error`]. The async crate `stream-async` has the same shape; code differs only by `.await`.
//!
//! `cargo run --example quickstart` (from the workspace root) walks through a whole story
//! against the in-process emulator; `examples/` has one runnable example per operation family.
//!
//! ```no_run
//! use stream_blocking::prelude::*;
//! use stream_blocking::Client;
//!
//! // STREAM_API_KEY, STREAM_API_SECRET (or STREAM_URL), STREAM_LOCATION, STREAM_BASE_URL
//! let client = Client::from_env()?;
//! // or: Client::builder("api_key", "api_secret").location("us-east").build()?
//! println!("talking to {}", client.config().urls().api);
//! # Ok::<(), stream_blocking::Error>(())
//! ```
//!
//! Sending any endpoint, and paging through a paginated one:
//!
//! ```no_run
//! use stream_blocking::prelude::*;
//! # fn demo<E: stream_blocking::Paginated + Clone>(client: &stream_blocking::Client, endpoint: E) -> Result<(), stream_blocking::Error> {
//! let first_page = client.send(endpoint.clone())?;
//! for page in client.pages(endpoint).take(5) {
//!     let page = page?;
//!     # let _ = page;
//! }
//! # let _ = first_page; Ok(()) }
//! ```
//!
//! The same client speaks Stream's v2 server-side API (users and video calls, on
//! `video.stream-io-api.com` unless you override the base URL) and mints v2 tokens:
//!
//! ```no_run
//! use stream_blocking::prelude::*;
//! # fn demo(client: &stream_blocking::Client) -> Result<(), stream_blocking::Error> {
//! use stream_blocking::models::v2::{CallRequest, UserRequest};
//! client.send(client.v2_users().upsert([UserRequest::new("alice")]))?;
//! let call = client.video().call("default", "standup");
//! client.send(call.get_or_create().data(CallRequest::new().created_by_id("alice")))?;
//! let token = client.v2_call_token("alice", &["default:standup"], None, None)?;
//! # let _ = token; Ok(()) }
//! ```
//!
//! Errors say what happened: [`Error::Api`] carries the status, Stream's code, exception and
//! detail; [`Error::Transport`] says whether it was a connect failure, a timeout
//! ([`Error::is_timeout`]), TLS, a redirect or an oversized body.
//!
//! # Behaviour
//! - Timeouts are always set: 3 s per request (connect to last body byte) and 2 s to connect by
//!   default ([`ClientBuilder::request_timeout`], [`ClientBuilder::connect_timeout`]).
//! - A batch over the service's per-request limit is split by core into several requests,
//!   sent in order (each with its own retries) and merged.
//! - Redirects are never followed: a 3xx answer is a [`TransportErrorKind::Redirect`] error.
//! - Response bodies are capped at 16 MiB after decompression
//!   ([`ClientBuilder::max_response_bytes`]); `gzip` is accepted.
//! - One `tracing` span `stream.call` per call with `op`, `method`, `path` (never the query,
//!   which carries the api key), `attempt`, `status` and `error` (a kind, never a message).
//!   Headers, bodies, tokens and the secret are never recorded.
//! - Bring your own agent ([`ClientBuilder::agent`]) or your own [`Transport`]
//!   ([`ClientBuilder::transport`]).
//!
//! # Features
//! - `rustls` (default): TLS through rustls with the `ring` provider and webpki roots. No OpenSSL.
//! - `native-tls`: the platform's TLS stack. Features only add; both may be on.

mod builder;
mod client;
mod pages;
pub mod realtime;
mod transport;

pub use builder::ClientBuilder;
pub use client::Client;
pub use pages::Pages;
pub use transport::UreqTransport;

pub use stream_core::{
    self as core, Action, ApiError, ApiSecret, BuildError, CallOptions, ClientSettings, Config,
    ConfigBuilder, DEFAULT_MAX_RESPONSE_BYTES, DecodeError, Endpoint, Error, ErrorCode,
    FailureCause, FeedId, FeedScope, FeedSlug, Method, Paginated, RateLimit, Request, Resource,
    Response, RetryPolicy, Scope, Signer, StreamApi, StreamUrl, Timeouts, Token, Transport,
    TransportError, TransportErrorKind, UserId, auth, endpoints, models, v2, verify_webhook,
};
pub use ureq;

/// Everything a program using the client needs in scope: the client, its builder, the
/// [`StreamApi`] and [`ClientSettings`] traits that give them their handles, tokens and settings,
/// and the error type.
///
/// ```no_run
/// use stream_blocking::prelude::*;
/// let client = Client::builder("api_key", "api_secret").location("us-east").build()?;
/// let page = client.send(client.feed("user", "alice")?.get().limit(10))?;
/// # let _ = page;
/// # Ok::<(), Error>(())
/// ```
pub mod prelude {
    pub use crate::{CallOptions, Client, ClientBuilder, ClientSettings, Error, StreamApi};
}

/// The README's examples, compiled as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;

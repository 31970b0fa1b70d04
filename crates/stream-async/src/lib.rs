//! An async client for Stream (getstream.io) Activity Feeds, over [`reqwest`] on tokio.
//!
//! This crate is a thin driver around [`stream_core`]: every operation is an endpoint value from
//! [`endpoints`] (usually made by a handle such as [`Client::feed`]); [`Client::send`] builds its
//! request, executes it on one shared `reqwest` client, retries as core decides (idempotent
//! requests only; connect errors, timeouts, 429/502/503/504; capped exponential backoff with
//! jitter; rate-limit resets honoured) and returns the typed result or one [`Error`]. The
//! blocking crate `stream-blocking` has the same shape; code differs only by `.await`.
//!
//! `cargo run -p stream-async --example quickstart_async` walks through a whole story against
//! the in-process emulator (realtime and pages as `Stream`s), and `concurrency_async` shows a
//! client shared by many tasks; the per-family examples are `stream-blocking`'s (the same calls,
//! with `.await` here).
//!
//! ```no_run
//! use stream_async::prelude::*;
//! # async fn demo() -> Result<(), stream_async::Error> {
//! use stream_async::Client;
//!
//! // STREAM_API_KEY, STREAM_API_SECRET (or STREAM_URL), STREAM_LOCATION, STREAM_BASE_URL
//! let client = Client::from_env()?;
//! // or: Client::builder("api_key", "api_secret").location("us-east").build()?
//! println!("talking to {}", client.config().urls().api);
//! # Ok(()) }
//! ```
//!
//! Sending any endpoint, and paging through a paginated one as a `Stream`:
//!
//! ```no_run
//! use stream_async::prelude::*;
//! use stream_async::StreamExt;
//! # async fn demo<E>(client: &stream_async::Client, endpoint: E) -> Result<(), stream_async::Error>
//! # where E: stream_async::Paginated + Clone + Send + Sync + 'static, E::Output: Send + 'static {
//! let first_page = client.send(endpoint.clone()).await?;
//! let mut pages = client.pages(endpoint).take(5);
//! while let Some(page) = pages.next().await {
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
//! use stream_async::prelude::*;
//! # async fn demo(client: &stream_async::Client) -> Result<(), stream_async::Error> {
//! use stream_async::models::v2::{CallRequest, UserRequest};
//! client.send(client.v2_users().upsert([UserRequest::new("alice")])).await?;
//! let call = client.video().call("default", "standup");
//! client.send(call.get_or_create().data(CallRequest::new().created_by_id("alice"))).await?;
//! let token = client.v2_call_token("alice", &["default:standup"], None, None)?;
//! # let _ = token; Ok(()) }
//! ```
//!
//! Errors say what happened: [`Error::Api`] carries the status, Stream's code, exception and
//! detail; [`Error::Transport`] says whether it was a connect failure, a timeout
//! ([`Error::is_timeout`]), TLS, a redirect or an oversized body; `reqwest` errors are kept as
//! sources, stripped of their URL.
//!
//! # Behaviour
//! - Needs a tokio runtime with the time driver (`#[tokio::main]` has it).
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
//! - Bring your own `reqwest` client ([`ClientBuilder::http_client`]) or your own
//!   [`AsyncTransport`] ([`ClientBuilder::transport`]).
//!
//! # Features
//! - `rustls` (default): TLS through rustls with the `ring` provider and webpki roots. No OpenSSL.
//! - `native-tls`: the platform's TLS stack. Features only add; both may be on.
//! - `http2`: HTTP/2 through ALPN.

mod builder;
mod client;
mod pages;
pub mod realtime;
mod transport;

pub use builder::ClientBuilder;
pub use client::Client;
pub use pages::Pages;
pub use transport::ReqwestTransport;

pub use futures_core::Stream;
pub use futures_util::StreamExt;
pub use reqwest;
pub use stream_core::{
    self as core, Action, ApiError, ApiSecret, AsyncTransport, BoxFuture, BuildError, CallOptions,
    ClientSettings, Config, ConfigBuilder, DEFAULT_MAX_RESPONSE_BYTES, DecodeError, Endpoint,
    Error, ErrorCode, FailureCause, FeedId, FeedScope, FeedSlug, Method, Paginated, RateLimit,
    Request, Resource, Response, RetryPolicy, Scope, Signer, StreamApi, StreamUrl, Timeouts, Token,
    TransportError, TransportErrorKind, UserId, auth, endpoints, models, v2, verify_webhook,
};

/// Everything a program using the client needs in scope: the client, its builder, the
/// [`StreamApi`] and [`ClientSettings`] traits that give them their handles, tokens and settings,
/// [`StreamExt`] for pages and subscriptions, and the error type.
///
/// ```no_run
/// # async fn demo() -> Result<(), stream_async::Error> {
/// use stream_async::prelude::*;
/// let client = Client::builder("api_key", "api_secret").location("us-east").build()?;
/// let page = client.send(client.feed("user", "alice")?.get().limit(10)).await?;
/// # let _ = page; Ok(()) }
/// ```
pub mod prelude {
    pub use crate::{
        CallOptions, Client, ClientBuilder, ClientSettings, Error, StreamApi, StreamExt,
    };
}

/// The README's examples, compiled as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;

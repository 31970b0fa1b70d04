//! Hand-rolled HS256 JSON Web Tokens for Stream (getstream.io).
//!
//! Stream authenticates every server-side request with a JWT signed with the app's API secret.
//! This crate mints those tokens byte-for-byte as the official Python client does (same claims,
//! same order, compact JSON, header `{"alg":"HS256","typ":"JWT"}`), and verifies tokens for
//! servers such as `stream-emulator`. It performs no I/O and never reads the clock: times are
//! passed in.
//!
//! - [`Signer`] keys HMAC-SHA256 once and mints: [`Signer::scoped`] server tokens for a
//!   [`Scope`] ([`Resource`], [`Action`], [`FeedScope`], optional `user_id`),
//!   [`Signer::read_only_feed_token`] and [`Signer::feed_token`] for client apps, user tokens
//!   ([`Signer::user_token`], [`Signer::user_token_with`] and [`UserTokenOptions`]), v2 call
//!   tokens ([`Signer::call_token`]), the v2 [`Signer::server_token`], and any exact claims JSON
//!   ([`Signer::sign_json`]).
//! - [`Signer::verify`] accepts HS256 only, compares the signature in constant time, checks
//!   `exp`/`nbf` against the `now` you pass and returns the [`Claims`], or a [`VerifyError`].
//! - [`verify_webhook`] (and [`Signer::verify_webhook`]) checks a webhook's `X-Signature`:
//!   HMAC-SHA256 of the raw body with the API secret, hex, compared in constant time;
//!   [`Signer::sign_webhook`] computes it (for servers and tests that deliver webhooks).
//! - [`dangerous::decode_unverified`] reads claims without verifying: for client apps only.
//! - [`ApiSecret`] and [`Token`] never print their value.
//!
//! ```
//! use stream_auth::{ApiSecret, Signer, Scope, Resource, Action, FeedScope};
//!
//! let signer = Signer::new(&ApiSecret::new("secret456"));
//! let token = signer.scoped(&Scope::new(Resource::Feed, Action::Read, FeedScope::feed("user", "alice")));
//! assert_eq!(
//!     token.as_str(),
//!     // What stream-python 5.4.0 sends for `GET feed/user/alice/`.
//!     "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.\
//!      eyJhY3Rpb24iOiJyZWFkIiwicmVzb3VyY2UiOiJmZWVkIiwiZmVlZF9pZCI6InVzZXJhbGljZSJ9.\
//!      OHHCizpBmpTsUbPekMWbNBZbf6TpnFc-ZwJgPzD5UXA"
//! );
//! let claims = signer.verify(token.as_str(), 0).unwrap();
//! assert_eq!(claims.feed_id(), Some("useralice"));
//! ```
#![forbid(unsafe_code)]

mod b64;
mod claims;
mod error;
mod options;
mod scope;
mod secret;
mod signer;
mod verify;
mod webhook;

pub mod dangerous;

/// The README's examples, compiled and run as doctests.
#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;

pub use claims::Claims;
pub use error::VerifyError;
pub use options::UserTokenOptions;
pub use scope::{Action, FeedScope, Resource, Scope};
pub use secret::{ApiSecret, Token};
pub use signer::Signer;
pub use verify::MAX_TOKEN_LEN;
pub use webhook::verify_webhook;

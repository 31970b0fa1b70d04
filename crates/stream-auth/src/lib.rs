//! Hand-rolled HS256 JSON Web Tokens for Stream (getstream.io).
//!
//! Stream authenticates every server-side request with a JWT signed with the app's API secret.
//! This crate mints those tokens byte-for-byte as the official Python client does (same claims,
//! same order), and verifies tokens for servers such as `stream-emulator`. It performs no I/O and
//! never reads the clock: times are passed in.
//!
//! ```
//! use stream_auth::{ApiSecret, Signer, Scope, Resource, Action, FeedScope};
//!
//! let signer = Signer::new(&ApiSecret::new("secret456"));
//! let token = signer.scoped(&Scope::new(Resource::Feed, Action::Read, FeedScope::feed("user", "alice")));
//! let claims = signer.verify(token.as_str(), 0).unwrap();
//! assert_eq!(claims.feed_id(), Some("useralice"));
//! ```
#![forbid(unsafe_code)]

mod b64;
mod claims;
mod error;
mod scope;
mod secret;
mod signer;
mod verify;

pub mod dangerous;

pub use claims::Claims;
pub use error::VerifyError;
pub use scope::{Action, FeedScope, Resource, Scope};
pub use secret::{ApiSecret, Token};
pub use signer::{Signer, UserTokenOptions};

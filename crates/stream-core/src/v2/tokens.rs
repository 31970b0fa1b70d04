//! v2 user and call tokens for client-side SDKs, minted as Stream's v2 SDKs mint them.
//!
//! Core has no clock: pass `now` (Unix seconds). Like the Python SDK, `iat` is backdated by
//! [`IAT_BACKDATE_SECS`] (5 s) to absorb clock skew between this host and Stream, and `exp` is
//! `now + validity` (so `exp - iat == validity + 5`). Unlike Python, a token expires after
//! [`DEFAULT_TOKEN_VALIDITY`] (one hour) unless [`TokenBuilder::no_expiry`] says otherwise.
use std::time::Duration;

use stream_auth::{Signer, Token, UserTokenOptions};

use crate::config::Config;
use crate::error::{BuildError, Error};

/// How long a token is valid unless told otherwise: one hour.
pub const DEFAULT_TOKEN_VALIDITY: Duration = Duration::from_secs(3600);

/// How far `iat` is set before `now` (Python's SDK does the same).
pub const IAT_BACKDATE_SECS: i64 = 5;

/// Builds a user token, optionally restricted to calls and a role (a call token).
///
/// ```
/// use std::time::Duration;
/// use stream_core::{ApiSecret, Signer};
/// use stream_core::v2::TokenBuilder;
/// let signer = Signer::new(&ApiSecret::new("secret456"));
/// let t = TokenBuilder::new("alice").validity(Duration::from_secs(3600)).sign(&signer, 1704164645)?;
/// assert!(t.as_str().starts_with("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9."));
/// # Ok::<(), stream_core::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenBuilder {
    user_id: String,
    expiry: Expiry,
    call_cids: Option<Vec<String>>,
    role: Option<String>,
}

/// When a token expires.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Expiry {
    /// `now + validity`.
    After(Duration),
    /// At this Unix time (seconds).
    At(u64),
    /// Never: no `exp` claim.
    Never,
}

impl TokenBuilder {
    /// A token for `user_id`, valid for [`DEFAULT_TOKEN_VALIDITY`].
    pub fn new(user_id: impl Into<String>) -> Self {
        Self {
            user_id: user_id.into(),
            expiry: Expiry::After(DEFAULT_TOKEN_VALIDITY),
            call_cids: None,
            role: None,
        }
    }

    /// Valid for `validity` from `now` (whole seconds).
    pub fn validity(mut self, validity: Duration) -> Self {
        self.expiry = Expiry::After(validity);
        self
    }

    /// Expires at this Unix time in seconds (`exp`), as the Node SDK's `createToken(userId, exp)`
    /// takes it. It must lie after the token's `iat` (5 s before `now`).
    pub fn expires_at(mut self, exp_unix_secs: u64) -> Self {
        self.expiry = Expiry::At(exp_unix_secs);
        self
    }

    /// No `exp` claim: the token never expires (Python's `create_token` without `expiration`).
    pub fn no_expiry(mut self) -> Self {
        self.expiry = Expiry::Never;
        self
    }

    /// Restricts the token to these calls (`"default:call-123"`), making it a call token.
    pub fn call_cids<I: IntoIterator<Item = S>, S: Into<String>>(mut self, cids: I) -> Self {
        self.call_cids = Some(cids.into_iter().map(Into::into).collect());
        self
    }

    /// The role the user has in those calls (call tokens only).
    pub fn role(mut self, role: impl Into<String>) -> Self {
        self.role = Some(role.into());
        self
    }

    /// Mints the token with `signer`; `now` is the current Unix time in seconds.
    pub fn sign(&self, signer: &Signer, now: u64) -> Result<Token, Error> {
        if self.user_id.is_empty() {
            return Err(BuildError::field("user_id", "must not be empty").into());
        }
        let now = i64::try_from(now).map_err(|_| BuildError::field("now", "out of range"))?;
        let iat = now - IAT_BACKDATE_SECS;
        let exp = match self.expiry {
            Expiry::After(v) => Some(
                i64::try_from(v.as_secs())
                    .ok()
                    .and_then(|v| now.checked_add(v))
                    .ok_or_else(|| BuildError::field("validity", "too long"))?,
            ),
            Expiry::At(at) => {
                let at = i64::try_from(at).map_err(|_| BuildError::field("exp", "out of range"))?;
                if at <= iat {
                    return Err(BuildError::field(
                        "exp",
                        format!("{at} is not after the token's issue time {iat}"),
                    )
                    .into());
                }
                Some(at)
            }
            Expiry::Never => None,
        };
        if let Some(cids) = &self.call_cids {
            if cids.is_empty() || cids.iter().any(|c| !c.contains(':')) {
                return Err(BuildError::field(
                    "call_cids",
                    "must name at least one call as type:id",
                )
                .into());
            }
            let cids: Vec<&str> = cids.iter().map(String::as_str).collect();
            return Ok(signer.call_token(
                &self.user_id,
                &cids,
                self.role.as_deref(),
                Some(iat),
                exp,
            ));
        }
        if self.role.is_some() {
            return Err(BuildError::field(
                "role",
                "only call tokens (with call_cids) carry a role",
            )
            .into());
        }
        Ok(signer.user_token_with(
            &self.user_id,
            &UserTokenOptions {
                iat: Some(iat),
                exp,
                extra: Vec::new(),
            },
        ))
    }

    /// Mints the token with the secret in `config` (fails for a user-token config).
    pub fn sign_with(&self, config: &Config, now: u64) -> Result<Token, Error> {
        let signer = config.signer().ok_or(BuildError::NeedsSecret {
            op: "v2.create_token",
        })?;
        self.sign(signer, now)
    }
}

/// A user token for `user_id`, valid for `validity` (`None`: [`DEFAULT_TOKEN_VALIDITY`]).
///
/// ```
/// use stream_core::{ApiSecret, Config};
/// let config = Config::builder("key", ApiSecret::new("secret")).build()?;
/// let token = stream_core::v2::create_token(&config, "alice", None, 1704164645)?;
/// # Ok::<(), stream_core::Error>(())
/// ```
pub fn create_token(
    config: &Config,
    user_id: &str,
    validity: Option<Duration>,
    now: u64,
) -> Result<Token, Error> {
    TokenBuilder::new(user_id)
        .validity(validity.unwrap_or(DEFAULT_TOKEN_VALIDITY))
        .sign_with(config, now)
}

/// A call token: `user_id` restricted to `call_cids` (`"default:call-123"`), with an optional
/// role, valid for `validity` (`None`: [`DEFAULT_TOKEN_VALIDITY`]).
///
/// ```
/// use stream_core::{ApiSecret, Config};
/// let config = Config::builder("key", ApiSecret::new("secret")).build()?;
/// let token = stream_core::v2::create_call_token(
///     &config, "alice", &["default:call-123"], Some("admin"), None, 1704164645)?;
/// # Ok::<(), stream_core::Error>(())
/// ```
pub fn create_call_token(
    config: &Config,
    user_id: &str,
    call_cids: &[&str],
    role: Option<&str>,
    validity: Option<Duration>,
    now: u64,
) -> Result<Token, Error> {
    let mut b = TokenBuilder::new(user_id)
        .validity(validity.unwrap_or(DEFAULT_TOKEN_VALIDITY))
        .call_cids(call_cids.iter().copied());
    if let Some(r) = role {
        b = b.role(r);
    }
    b.sign_with(config, now)
}

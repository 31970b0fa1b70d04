//! Minting tokens with an HMAC key prepared once.
use hmac::{Hmac, Mac};
use serde_json::Value;
use sha2::Sha256;

use crate::claims::{write_json_str, write_json_value};
use crate::{ApiSecret, Claims, Scope, Token, VerifyError};

/// `base64url({"alg":"HS256","typ":"JWT"})` followed by the dot: the same for every token.
pub(crate) const HEADER_B64_DOT: &str = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.";

/// Mints and verifies HS256 tokens with one API secret.
///
/// The HMAC key schedule (inner and outer padded SHA-256 states) is computed once in
/// [`Signer::new`] and cloned for every token, so minting costs two SHA-256 compressions over the
/// message and nothing else. `Signer` is cheap to clone and `Send + Sync`; its `Debug` shows no key.
#[derive(Clone)]
pub struct Signer {
    mac: Hmac<Sha256>,
}

impl std::fmt::Debug for Signer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Signer(<redacted>)")
    }
}

/// Optional claims of a user token: extra claims in the caller's order, and `iat`/`exp` supplied
/// by the caller (this crate never reads the clock).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct UserTokenOptions {
    /// `iat` (issued at, Unix seconds), written before `user_id` as Stream's v2 SDKs do.
    pub iat: Option<i64>,
    /// `exp` (expiry, Unix seconds), written last.
    pub exp: Option<i64>,
    /// Extra claims written after `user_id`, in this order.
    pub extra: Vec<(String, Value)>,
}

impl Signer {
    /// Prepares the HMAC key for `secret`.
    pub fn new(secret: &ApiSecret) -> Self {
        // HMAC accepts keys of any length; this cannot fail.
        let mac = <Hmac<Sha256> as Mac>::new_from_slice(secret.expose().as_bytes())
            .unwrap_or_else(|_| unreachable!("HMAC takes keys of any size"));
        Self { mac }
    }

    /// Signs an arbitrary claims JSON object (given as its exact bytes) under the fixed header.
    pub fn sign_json(&self, claims_json: &str) -> Token {
        let mut out = String::with_capacity(HEADER_B64_DOT.len() + claims_json.len() * 4 / 3 + 48);
        out.push_str(HEADER_B64_DOT);
        crate::b64::encode_into(claims_json.as_bytes(), &mut out);
        let mut mac = self.mac.clone();
        mac.update(out.as_bytes());
        let sig = mac.finalize().into_bytes();
        out.push('.');
        crate::b64::encode_into(&sig, &mut out);
        Token::new(out)
    }

    /// A scoped server-side token, claims in the Python client's order
    /// (`{"action","resource","feed_id"[,"user_id"]}`).
    pub fn scoped(&self, scope: &Scope) -> Token {
        let mut claims = String::with_capacity(96);
        scope.write_claims(&mut claims);
        self.sign_json(&claims)
    }

    /// The read-only token of feed `slug:user` (`{"action":"read","resource":"*","feed_id":"<slug><user>"}`),
    /// safe to hand to a client app for reading and realtime subscription.
    pub fn read_only_feed_token(&self, slug: &str, user: &str) -> Token {
        self.scoped(&Scope::new(
            crate::Resource::All,
            crate::Action::Read,
            crate::FeedScope::feed(slug, user),
        ))
    }

    /// The full-access token of feed `slug:user` (`{"action":"*","resource":"*","feed_id":"<slug><user>"}`).
    pub fn feed_token(&self, slug: &str, user: &str) -> Token {
        self.scoped(&Scope::new(
            crate::Resource::All,
            crate::Action::All,
            crate::FeedScope::feed(slug, user),
        ))
    }

    /// A user (session) token `{"user_id": ..}` for client-side apps.
    pub fn user_token(&self, user_id: &str) -> Token {
        self.user_token_with(user_id, &UserTokenOptions::default())
    }

    /// A user token with `iat`, extra claims and `exp`:
    /// `{["iat",] "user_id", extra..., ["exp"]}`.
    pub fn user_token_with(&self, user_id: &str, options: &UserTokenOptions) -> Token {
        let mut claims = String::with_capacity(64);
        claims.push('{');
        if let Some(iat) = options.iat {
            claims.push_str("\"iat\":");
            claims.push_str(&iat.to_string());
            claims.push(',');
        }
        claims.push_str("\"user_id\":");
        write_json_str(user_id, &mut claims);
        for (key, value) in &options.extra {
            claims.push(',');
            write_json_str(key, &mut claims);
            claims.push(':');
            write_json_value(value, &mut claims);
        }
        if let Some(exp) = options.exp {
            claims.push_str(",\"exp\":");
            claims.push_str(&exp.to_string());
        }
        claims.push('}');
        self.sign_json(&claims)
    }

    /// A v2 call token: `{["iat",] "call_cids", ["role",] "user_id", ["exp"]}`, as Stream's v2
    /// SDKs mint it.
    pub fn call_token(
        &self,
        user_id: &str,
        call_cids: &[&str],
        role: Option<&str>,
        iat: Option<i64>,
        exp: Option<i64>,
    ) -> Token {
        let mut claims = String::with_capacity(96);
        claims.push('{');
        if let Some(iat) = iat {
            claims.push_str("\"iat\":");
            claims.push_str(&iat.to_string());
            claims.push(',');
        }
        claims.push_str("\"call_cids\":[");
        for (i, cid) in call_cids.iter().enumerate() {
            if i > 0 {
                claims.push(',');
            }
            write_json_str(cid, &mut claims);
        }
        claims.push(']');
        if let Some(role) = role {
            claims.push_str(",\"role\":");
            write_json_str(role, &mut claims);
        }
        claims.push_str(",\"user_id\":");
        write_json_str(user_id, &mut claims);
        if let Some(exp) = exp {
            claims.push_str(",\"exp\":");
            claims.push_str(&exp.to_string());
        }
        claims.push('}');
        self.sign_json(&claims)
    }

    /// The v2 server token `{"server":true}`.
    pub fn server_token(&self) -> Token {
        self.sign_json("{\"server\":true}")
    }

    /// Verifies `token` (HS256 only, constant-time signature check, `exp`/`nbf` against `now` in
    /// Unix seconds) and returns its claims.
    pub fn verify(&self, token: &str, now: i64) -> Result<Claims, VerifyError> {
        crate::verify::verify(&self.mac, token, now)
    }
}

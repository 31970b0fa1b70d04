//! Minting tokens with an HMAC key prepared once.
use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::b64::Encoder;
use crate::claims::{
    JsonSink as _, write_i64, write_json_str, write_json_str_concat, write_json_value,
};
use crate::{Action, ApiSecret, Claims, Scope, Token, UserTokenOptions, VerifyError};

/// `base64url({"alg":"HS256","typ":"JWT"})` followed by the dot: the same for every token.
pub(crate) const HEADER_B64_DOT: &str = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.";

/// The length of a base64url HMAC-SHA256 tag (32 bytes).
const SIGNATURE_B64_LEN: usize = crate::b64::encoded_len(32);

/// Mints and verifies HS256 tokens with one API secret.
///
/// The HMAC key schedule (inner and outer padded SHA-256 states) is computed once in
/// [`Signer::new`], together with the state after the fixed header, and cloned for every token,
/// so minting costs the SHA-256 compressions over the claims and one allocation (the token).
/// `Signer` is cheap to clone and `Send + Sync`; its `Debug` shows no key.
#[derive(Clone)]
pub struct Signer {
    /// The keyed MAC, nothing absorbed yet (for verifying).
    mac: Hmac<Sha256>,
    /// The keyed MAC after absorbing [`HEADER_B64_DOT`] (for minting).
    mac_after_header: Hmac<Sha256>,
}

impl std::fmt::Debug for Signer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Signer(<redacted>)")
    }
}

impl Signer {
    /// Prepares the HMAC key for `secret` (its UTF-8 bytes, as every official client uses it).
    pub fn new(secret: &ApiSecret) -> Self {
        // HMAC accepts keys of any length; this cannot fail.
        let mac = <Hmac<Sha256> as Mac>::new_from_slice(secret.expose().as_bytes())
            .unwrap_or_else(|_| unreachable!("HMAC takes keys of any size"));
        let mut mac_after_header = mac.clone();
        mac_after_header.update(HEADER_B64_DOT.as_bytes());
        Self {
            mac,
            mac_after_header,
        }
    }

    /// The keyed MAC with nothing absorbed.
    pub(crate) fn mac(&self) -> &Hmac<Sha256> {
        &self.mac
    }

    /// Signs an arbitrary claims JSON object (given as its exact bytes) under the fixed header
    /// `{"alg":"HS256","typ":"JWT"}`.
    ///
    /// The bytes are signed as given, not parsed: pass a JSON object (see
    /// [`Signer::verify`], which refuses anything else).
    pub fn sign_json(&self, claims_json: &str) -> Token {
        self.sign_with(claims_json.len(), |out| out.put(claims_json))
    }

    /// Mints a token whose claims JSON `write` streams straight into the base64url payload;
    /// `claims_len_hint` sizes the buffer (a wrong hint only costs a reallocation).
    fn sign_with(&self, claims_len_hint: usize, write: impl FnOnce(&mut Encoder<'_>)) -> Token {
        let payload_len = crate::b64::encoded_len(claims_len_hint);
        let mut out =
            Vec::with_capacity(HEADER_B64_DOT.len() + payload_len + 1 + SIGNATURE_B64_LEN);
        out.extend_from_slice(HEADER_B64_DOT.as_bytes());
        let mut payload = Encoder::new(&mut out);
        write(&mut payload);
        payload.finish();
        let mut mac = self.mac_after_header.clone();
        mac.update(&out[HEADER_B64_DOT.len()..]);
        let sig = mac.finalize().into_bytes();
        out.push(b'.');
        crate::b64::encode_into(&sig, &mut out);
        // Every byte is from the base64url alphabet or a dot: always ASCII.
        Token::new(
            String::from_utf8(out)
                .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()),
        )
    }

    /// A scoped server-side token, claims in the Python client's order
    /// (`{"action","resource","feed_id"[,"user_id"]}`).
    pub fn scoped(&self, scope: &Scope) -> Token {
        self.sign_with(scope.claims_len_hint(), |out| scope.write_claims(out))
    }

    /// A `*` resource token for feed `slug:user`: `{"action":..,"resource":"*","feed_id":"<slug><user>"}`.
    fn feed_scoped(&self, action: Action, slug: &str, user: &str) -> Token {
        let hint = 42 + action.as_str().len() + slug.len() + user.len();
        self.sign_with(hint, |out| {
            out.put("{\"action\":");
            write_json_str(action.as_str(), out);
            out.put(",\"resource\":\"*\",\"feed_id\":");
            write_json_str_concat(slug, user, out);
            out.put("}");
        })
    }

    /// The read-only token of feed `slug:user` (`{"action":"read","resource":"*","feed_id":"<slug><user>"}`),
    /// safe to hand to a client app for reading and realtime subscription.
    pub fn read_only_feed_token(&self, slug: &str, user: &str) -> Token {
        self.feed_scoped(Action::Read, slug, user)
    }

    /// The full-access token of feed `slug:user` (`{"action":"*","resource":"*","feed_id":"<slug><user>"}`).
    pub fn feed_token(&self, slug: &str, user: &str) -> Token {
        self.feed_scoped(Action::All, slug, user)
    }

    /// A user (session) token `{"user_id": ..}` for client-side apps.
    pub fn user_token(&self, user_id: &str) -> Token {
        self.user_token_with(user_id, &UserTokenOptions::default())
    }

    /// A user token with `iat`, extra claims and `exp`:
    /// `{["iat",] "user_id", extra..., ["exp"]}` — the order of Stream's official clients, so
    /// `{"user_id":"alice","company":"acme","tier":2}` and `{"iat":..,"user_id":"alice","exp":..}`
    /// come out byte-identical to theirs.
    ///
    /// Unlike the official Python and JS clients (where an extra `user_id` silently replaces the
    /// argument), the `user_id` argument always wins; see [`UserTokenOptions::extra`].
    pub fn user_token_with(&self, user_id: &str, options: &UserTokenOptions) -> Token {
        let hint = 14
            + user_id.len()
            + options
                .extra
                .iter()
                .map(|(k, _)| k.len() + 12)
                .sum::<usize>()
            + if options.iat.is_some() { 17 } else { 0 }
            + if options.exp.is_some() { 17 } else { 0 };
        self.sign_with(hint, |out| {
            out.put("{");
            if let Some(iat) = options.iat {
                out.put("\"iat\":");
                write_i64(iat, out);
                out.put(",");
            }
            out.put("\"user_id\":");
            write_json_str(user_id, out);
            for (i, (key, _)) in options.extra.iter().enumerate() {
                if !options.writes_extra(i) {
                    continue;
                }
                out.put(",");
                write_json_str(key, out);
                out.put(":");
                write_json_value(options.extra_value(i), out);
            }
            if let Some(exp) = options.exp {
                out.put(",\"exp\":");
                write_i64(exp, out);
            }
            out.put("}");
        })
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
        let hint = 30
            + user_id.len()
            + call_cids.iter().map(|c| c.len() + 3).sum::<usize>()
            + role.map_or(0, |r| r.len() + 10)
            + if iat.is_some() { 17 } else { 0 }
            + if exp.is_some() { 17 } else { 0 };
        self.sign_with(hint, |out| {
            out.put("{");
            if let Some(iat) = iat {
                out.put("\"iat\":");
                write_i64(iat, out);
                out.put(",");
            }
            out.put("\"call_cids\":[");
            for (i, cid) in call_cids.iter().enumerate() {
                if i > 0 {
                    out.put(",");
                }
                write_json_str(cid, out);
            }
            out.put("]");
            if let Some(role) = role {
                out.put(",\"role\":");
                write_json_str(role, out);
            }
            out.put(",\"user_id\":");
            write_json_str(user_id, out);
            if let Some(exp) = exp {
                out.put(",\"exp\":");
                write_i64(exp, out);
            }
            out.put("}");
        })
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signer_is_send_sync_and_clones_to_the_same_key() {
        fn assert_send_sync<T: Send + Sync + Clone>() {}
        assert_send_sync::<Signer>();
        assert_send_sync::<Token>();
        let s = Signer::new(&ApiSecret::new("secret456"));
        let c = s.clone();
        assert_eq!(s.user_token("alice"), c.user_token("alice"));
        assert!(c.verify(s.server_token().as_str(), 0).is_ok());
    }

    #[test]
    fn extra_claims_never_repeat_a_key() {
        let s = Signer::new(&ApiSecret::new("secret456"));
        let options = UserTokenOptions::new()
            .issued_at(1)
            .claim("a", 1)
            .claim("user_id", "mallory")
            .claim("iat", 99)
            .claim("b", true)
            .claim("a", 2)
            .claim("exp", 5);
        let token = s.user_token_with("alice", &options);
        let claims = crate::dangerous::decode_unverified(token.as_str()).unwrap();
        // `exp` is not set in the options, so the extra one is kept.
        assert_eq!(
            serde_json::to_string(claims.as_map()).unwrap(),
            r#"{"iat":1,"user_id":"alice","a":2,"b":true,"exp":5}"#
        );
        let expected = s.sign_json(r#"{"iat":1,"user_id":"alice","a":2,"b":true,"exp":5}"#);
        assert_eq!(token, expected);
        let with_exp = s.user_token_with("alice", &options.expires_at(7));
        assert_eq!(
            with_exp,
            s.sign_json(r#"{"iat":1,"user_id":"alice","a":2,"b":true,"exp":7}"#)
        );
    }
}

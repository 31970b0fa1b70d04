//! Token verification: structure, algorithm, signature, times.
use hmac::{Hmac, Mac};
use serde_json::{Map, Number, Value};
use sha2::Sha256;

use crate::{Claims, VerifyError};

/// The longest token [`Signer::verify`](crate::Signer::verify) and [`crate::dangerous::decode_unverified`] look at (64 KiB).
///
/// Real tokens are a few hundred bytes; HTTP servers cap a header line well below this. The cap
/// bounds the work an unauthenticated caller can cause.
pub const MAX_TOKEN_LEN: usize = 64 * 1024;

/// A compact JWT split into its parts, with the header checked.
struct Split<'a> {
    /// `header.payload`, the bytes the signature covers.
    signing_input: &'a str,
    /// The base64url payload, not decoded yet.
    payload: &'a str,
    /// The decoded signature.
    signature: Vec<u8>,
}

fn decode_object(part: &str, what: &'static str) -> Result<Map<String, Value>, VerifyError> {
    let bytes = crate::b64::decode(part).ok_or(VerifyError::Malformed(what))?;
    match serde_json::from_slice::<Value>(&bytes) {
        Ok(Value::Object(map)) => Ok(map),
        _ => Err(VerifyError::Malformed(what)),
    }
}

/// Splits a compact JWT and checks that its header names HS256. The token must be exactly
/// `header.payload.signature`: no `Bearer ` prefix, no surrounding whitespace.
fn split(token: &str) -> Result<Split<'_>, VerifyError> {
    if token.len() > MAX_TOKEN_LEN {
        return Err(VerifyError::Malformed("token is longer than 64 KiB"));
    }
    let mut it = token.split('.');
    let (Some(h), Some(p), Some(s), None) = (it.next(), it.next(), it.next(), it.next()) else {
        return Err(VerifyError::Malformed(
            "a JWT has exactly three dot-separated parts",
        ));
    };
    let header = decode_object(h, "header is not a base64url JSON object")?;
    if header.get("alg").and_then(Value::as_str) != Some("HS256") {
        return Err(VerifyError::UnsupportedAlgorithm);
    }
    let signature =
        crate::b64::decode(s).ok_or(VerifyError::Malformed("signature is not base64url"))?;
    Ok(Split {
        signing_input: &token[..h.len() + 1 + p.len()],
        payload: p,
        signature,
    })
}

fn decode_claims(payload: &str) -> Result<Claims, VerifyError> {
    decode_object(payload, "payload is not a base64url JSON object").map(Claims)
}

/// Checks the structure and header and decodes the claims, without checking the signature.
pub(crate) fn decode_unverified(token: &str) -> Result<Claims, VerifyError> {
    decode_claims(split(token)?.payload)
}

/// A numeric time claim (`exp`, `nbf`), or `None` when absent or `null`.
fn time_claim<'c>(claims: &'c Claims, name: &str) -> Result<Option<&'c Number>, VerifyError> {
    match claims.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Number(n)) => Ok(Some(n)),
        Some(_) => Err(VerifyError::Malformed("time claim is not a number")),
    }
}

/// Whether `now` is at or after the time `t`, compared exactly for integers (including ones
/// beyond `i64`) and as `f64` for fractional times.
fn reached(now: i64, t: &Number) -> bool {
    if let Some(t) = t.as_i64() {
        now >= t
    } else if t.is_u64() {
        // Larger than i64::MAX: never reached.
        false
    } else {
        t.as_f64().is_some_and(|t| now as f64 >= t)
    }
}

pub(crate) fn verify(key: &Hmac<Sha256>, token: &str, now: i64) -> Result<Claims, VerifyError> {
    let parts = split(token)?;
    let mut mac = key.clone();
    mac.update(parts.signing_input.as_bytes());
    // `verify_slice` compares in constant time and requires the full 32-byte tag.
    mac.verify_slice(&parts.signature)
        .map_err(|_| VerifyError::BadSignature)?;
    // Only an authenticated payload is parsed.
    let claims = decode_claims(parts.payload)?;
    if let Some(exp) = time_claim(&claims, "exp")? {
        if reached(now, exp) {
            return Err(VerifyError::Expired);
        }
    }
    if let Some(nbf) = time_claim(&claims, "nbf")? {
        if !reached(now, nbf) {
            return Err(VerifyError::NotYetValid);
        }
    }
    Ok(claims)
}

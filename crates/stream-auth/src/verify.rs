//! Token verification: structure, algorithm, signature, times.
use hmac::{Hmac, Mac};
use serde_json::{Map, Value};
use sha2::Sha256;

use crate::{Claims, VerifyError};

pub(crate) struct Parts<'a> {
    pub(crate) signing_input: &'a str,
    pub(crate) signature: Vec<u8>,
    pub(crate) claims: Claims,
}

fn decode_object(part: &str, what: &'static str) -> Result<Map<String, Value>, VerifyError> {
    let bytes = crate::b64::decode(part).ok_or(VerifyError::Malformed(what))?;
    match serde_json::from_slice::<Value>(&bytes) {
        Ok(Value::Object(map)) => Ok(map),
        _ => Err(VerifyError::Malformed(what)),
    }
}

/// Splits a compact JWT, checks the header names HS256 and decodes the claims.
pub(crate) fn split_and_decode(token: &str) -> Result<Parts<'_>, VerifyError> {
    let token = token.trim();
    let mut it = token.split('.');
    let (Some(h), Some(p), Some(s), None) = (it.next(), it.next(), it.next(), it.next()) else {
        return Err(VerifyError::Malformed(
            "a JWT has exactly three dot-separated parts",
        ));
    };
    let header = decode_object(h, "header is not base64url JSON object")?;
    if header.get("alg").and_then(Value::as_str) != Some("HS256") {
        return Err(VerifyError::UnsupportedAlgorithm);
    }
    let claims = decode_object(p, "payload is not a base64url JSON object")?;
    let signature =
        crate::b64::decode(s).ok_or(VerifyError::Malformed("signature is not base64url"))?;
    Ok(Parts {
        signing_input: &token[..h.len() + 1 + p.len()],
        signature,
        claims: Claims(claims),
    })
}

fn time_claim(claims: &Claims, name: &'static str) -> Result<Option<i64>, VerifyError> {
    match claims.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Number(n)) => n
            .as_i64()
            .or_else(|| n.as_f64().map(|f| f as i64))
            .map(Some)
            .ok_or(VerifyError::Malformed("time claim is not a number")),
        Some(_) => Err(VerifyError::Malformed("time claim is not a number")),
    }
}

pub(crate) fn verify(key: &Hmac<Sha256>, token: &str, now: i64) -> Result<Claims, VerifyError> {
    let parts = split_and_decode(token)?;
    let mut mac = key.clone();
    mac.update(parts.signing_input.as_bytes());
    // `verify_slice` compares in constant time.
    mac.verify_slice(&parts.signature)
        .map_err(|_| VerifyError::BadSignature)?;
    if let Some(exp) = time_claim(&parts.claims, "exp")? {
        if now >= exp {
            return Err(VerifyError::Expired);
        }
    }
    if let Some(nbf) = time_claim(&parts.claims, "nbf")? {
        if now < nbf {
            return Err(VerifyError::NotYetValid);
        }
    }
    Ok(parts.claims)
}

//! Reading claims without checking the signature. Only for a client that holds a token it did not
//! mint (a user token handed to an app) and needs its `user_id`; never for authorising anything.
use crate::{Claims, VerifyError};

/// Decodes a token's claims **without verifying its signature or times**.
///
/// The token must still be well formed: three base64url parts, a JSON object header naming
/// `HS256`, a JSON object payload and a base64url signature, at most
/// [`MAX_TOKEN_LEN`](crate::MAX_TOKEN_LEN) bytes, with no `Bearer ` prefix or whitespace.
pub fn decode_unverified(token: &str) -> Result<Claims, VerifyError> {
    crate::verify::decode_unverified(token)
}

//! Why a token was refused.

/// Why [`crate::Signer::verify`] refused a token.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum VerifyError {
    /// Not three base64url parts, bad base64, or a header/payload that is not a JSON object.
    #[error("malformed token: {0}")]
    Malformed(&'static str),
    /// The header names an algorithm other than HS256 (including `none`).
    #[error("unsupported JWT algorithm (only HS256 is accepted)")]
    UnsupportedAlgorithm,
    /// The signature does not match the secret.
    #[error("token signature does not match")]
    BadSignature,
    /// `exp` is at or before `now`.
    #[error("token expired")]
    Expired,
    /// `nbf` is after `now`.
    #[error("token not valid yet")]
    NotYetValid,
}

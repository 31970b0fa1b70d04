//! Newtypes for secret material whose value must never be printed.
use std::fmt;

use subtle::ConstantTimeEq as _;

/// Compares two byte strings in constant time (for equal lengths).
fn ct_eq(a: &str, b: &str) -> bool {
    a.as_bytes().ct_eq(b.as_bytes()).into()
}

/// A Stream API secret. Its value never appears in `Debug` output, and it has no `Display`.
/// Equality is checked in constant time.
#[derive(Clone, Eq)]
pub struct ApiSecret(String);

impl PartialEq for ApiSecret {
    fn eq(&self, other: &Self) -> bool {
        ct_eq(&self.0, &other.0)
    }
}

impl ApiSecret {
    /// Wraps a secret string.
    pub fn new(secret: impl Into<String>) -> Self {
        Self(secret.into())
    }

    /// The secret's raw bytes, the HMAC key.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for ApiSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ApiSecret(<redacted>)")
    }
}

/// A signed JWT. Its value never appears in `Debug` output, and it has no `Display`;
/// use [`Token::as_str`] where the wire needs it. Equality is checked in constant time.
#[derive(Clone, Eq)]
pub struct Token(String);

impl std::hash::Hash for Token {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.0.hash(state);
    }
}

impl PartialEq for Token {
    fn eq(&self, other: &Self) -> bool {
        ct_eq(&self.0, &other.0)
    }
}

impl Token {
    /// Wraps an existing token string (for example a user token handed to a client app).
    pub fn new(token: impl Into<String>) -> Self {
        Self(token.into())
    }

    /// The compact JWT (`header.payload.signature`).
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Consumes the token, returning the compact JWT string.
    pub fn into_string(self) -> String {
        self.0
    }
}

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Token(<redacted>)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_never_shows_the_value() {
        let s = ApiSecret::new("secret456");
        let t = Token::new("eyJhbGciOiJIUzI1NiJ9.e30.sig");
        assert!(!format!("{s:?} {s:#?}").contains("secret456"));
        assert!(!format!("{t:?} {t:#?}").contains("eyJ"));
    }
}

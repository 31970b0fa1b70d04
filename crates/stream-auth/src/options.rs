//! The optional claims of a user token.
use serde_json::Value;

/// Optional claims of a user token: extra claims in the caller's order, and `iat`/`exp` supplied
/// by the caller (this crate never reads the clock).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct UserTokenOptions {
    /// `iat` (issued at, Unix seconds), written before `user_id` as Stream's v2 SDKs do.
    pub iat: Option<i64>,
    /// `exp` (expiry, Unix seconds), written last.
    pub exp: Option<i64>,
    /// Extra claims written after `user_id`, in this order. A key given twice is written once,
    /// at its first position with its last value (like a map). `user_id`, and `iat`/`exp` while
    /// the fields above are set, cannot be overridden from here: those entries are skipped.
    pub extra: Vec<(String, Value)>,
}

impl UserTokenOptions {
    /// No `iat`, no `exp`, no extra claims.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets `iat` (Unix seconds).
    pub fn issued_at(mut self, iat: i64) -> Self {
        self.iat = Some(iat);
        self
    }

    /// Sets `exp` (Unix seconds).
    pub fn expires_at(mut self, exp: i64) -> Self {
        self.exp = Some(exp);
        self
    }

    /// Appends an extra claim.
    pub fn claim(mut self, key: impl Into<String>, value: impl Into<Value>) -> Self {
        self.extra.push((key.into(), value.into()));
        self
    }

    /// Whether `extra[i]` is written: not a reserved key, and the first entry with its key.
    pub(crate) fn writes_extra(&self, i: usize) -> bool {
        let key = self.extra[i].0.as_str();
        let reserved = key == "user_id"
            || (key == "iat" && self.iat.is_some())
            || (key == "exp" && self.exp.is_some());
        !reserved && !self.extra[..i].iter().any(|(k, _)| k == key)
    }

    /// The value written for the key of `extra[i]`: its last occurrence.
    pub(crate) fn extra_value(&self, i: usize) -> &Value {
        let key = &self.extra[i].0;
        self.extra[i..]
            .iter()
            .rev()
            .find(|(k, _)| k == key)
            .map_or(&self.extra[i].1, |(_, v)| v)
    }
}

//! Query strings as both official clients send them: form-decoded (`+` is a space), `True`/`true`/`1`
//! booleans, comma-joined lists and repeated keys.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;

use crate::error::ApiError;

/// The decoded query parameters of a request, in order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Params(pub(crate) Vec<(String, String)>);

/// Longest query string the emulator decodes.
const MAX_QUERY_LEN: usize = 256 * 1024;

fn hex(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

/// Form-decodes one key or value (`+` → space, `%XX` → byte; invalid escapes kept as is).
pub(crate) fn decode_component(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => match (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                (Some(h), Some(l)) => {
                    out.push(h * 16 + l);
                    i += 2;
                }
                _ => out.push(b'%'),
            },
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Percent-encodes a query value (unreserved characters kept).
pub(crate) fn encode_component(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

impl Params {
    /// Parses a raw query string (without the `?`).
    pub(crate) fn parse(raw: &str) -> Self {
        let raw = if raw.len() > MAX_QUERY_LEN {
            &raw[..0]
        } else {
            raw
        };
        Params(
            raw.split('&')
                .filter(|p| !p.is_empty())
                .map(|pair| match pair.split_once('=') {
                    Some((k, v)) => (decode_component(k), decode_component(v)),
                    None => (decode_component(pair), String::new()),
                })
                .collect(),
        )
    }

    /// The first value of `name`.
    pub(crate) fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// The first non-empty value of `name`.
    pub(crate) fn get_nonempty(&self, name: &str) -> Option<&str> {
        self.get(name).filter(|v| !v.is_empty())
    }

    /// A boolean: `true`/`True`/`1`/`yes` are true, `false`/`False`/`0`/`no`/empty are false;
    /// `None` when absent; anything else is an input error.
    pub(crate) fn bool(&self, name: &str) -> Result<Option<bool>, ApiError> {
        match self.get(name) {
            None => Ok(None),
            Some(v) => parse_bool(v)
                .map(Some)
                .ok_or_else(|| ApiError::input_field(name, format!("{name} must be a boolean"))),
        }
    }

    /// A boolean with a default.
    pub(crate) fn flag(&self, name: &str, default: bool) -> Result<bool, ApiError> {
        Ok(self.bool(name)?.unwrap_or(default))
    }

    /// A non-negative integer; `None` when absent or empty.
    pub(crate) fn usize(&self, name: &str) -> Result<Option<usize>, ApiError> {
        match self.get_nonempty(name) {
            None => Ok(None),
            Some(v) => v.trim().parse::<usize>().map(Some).map_err(|_| {
                ApiError::input_field(name, format!("{name} must be a non-negative integer"))
            }),
        }
    }

    /// All values of `name`: repeated keys and comma-joined values, trimmed, empties dropped.
    pub(crate) fn list(&self, name: &str) -> Vec<String> {
        self.0
            .iter()
            .filter(|(k, _)| k == name)
            .flat_map(|(_, v)| v.split(','))
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect()
    }
}

/// Parses `True`/`true`/`1`/`yes`/`on` and `False`/`false`/`0`/`no`/`off`/empty.
pub(crate) fn parse_bool(v: &str) -> Option<bool> {
    match v.trim().to_ascii_lowercase().as_str() {
        "true" | "1" | "yes" | "on" | "t" | "y" => Some(true),
        "false" | "0" | "no" | "off" | "f" | "n" | "" => Some(false),
        _ => None,
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Params {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Ok(Params::parse(parts.uri.query().unwrap_or("")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_both_client_styles() {
        let p = Params::parse(
            "api_key=key123&filter=user%3Abob%2Cuser%3Acarol&x=a+b&ids=1&ids=2,3&bad=%zz%4",
        );
        assert_eq!(p.list("filter"), vec!["user:bob", "user:carol"]);
        assert_eq!(p.get("x"), Some("a b"));
        assert_eq!(p.list("ids"), vec!["1", "2", "3"]);
        assert_eq!(p.get("bad"), Some("%zz%4"));
        let p = Params::parse("filter=user:bob,user:carol&k=True&j=1&m=false&n=maybe");
        assert_eq!(p.list("filter"), vec!["user:bob", "user:carol"]);
        assert_eq!(p.bool("k").unwrap(), Some(true));
        assert_eq!(p.bool("j").unwrap(), Some(true));
        assert_eq!(p.bool("m").unwrap(), Some(false));
        assert!(p.bool("n").is_err());
        assert_eq!(p.bool("zz").unwrap(), None);
    }
}

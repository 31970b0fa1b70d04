//! Verified JWT claims and the small JSON writer used to mint them.
use serde_json::{Map, Value};

/// The claims of a token that passed [`crate::Signer::verify`], in the order they were sent.
#[derive(Debug, Clone, PartialEq)]
pub struct Claims(pub(crate) Map<String, Value>);

impl Claims {
    /// A claim by name.
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.0.get(name)
    }

    fn str_claim(&self, name: &str) -> Option<&str> {
        self.0.get(name).and_then(Value::as_str)
    }

    /// The `resource` claim of a scoped token.
    pub fn resource(&self) -> Option<&str> {
        self.str_claim("resource")
    }

    /// The `action` claim of a scoped token.
    pub fn action(&self) -> Option<&str> {
        self.str_claim("action")
    }

    /// The `feed_id` claim (`*` or slug+user without the colon).
    pub fn feed_id(&self) -> Option<&str> {
        self.str_claim("feed_id")
    }

    /// The `user_id` claim.
    pub fn user_id(&self) -> Option<&str> {
        self.str_claim("user_id")
    }

    /// Whether this is a v2 server token: `{"server":true}`, or the empty claims `{}` that
    /// Stream's Python v2 SDK sends.
    pub fn is_server(&self) -> bool {
        self.0.is_empty() || self.0.get("server") == Some(&Value::Bool(true))
    }

    /// All claims, in the order they were sent.
    pub fn as_map(&self) -> &Map<String, Value> {
        &self.0
    }

    /// Consumes the claims, returning the map.
    pub fn into_map(self) -> Map<String, Value> {
        self.0
    }
}

/// Appends `s` as a JSON string literal (compact escaping, raw UTF-8, as JSON.stringify).
pub(crate) fn write_json_str(s: &str, out: &mut String) {
    out.push('"');
    let mut start = 0;
    for (i, b) in s.bytes().enumerate() {
        let esc: &str = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0x08 => "\\b",
            0x0c => "\\f",
            0..=0x1f => "",
            _ => continue,
        };
        out.push_str(&s[start..i]);
        if esc.is_empty() {
            out.push_str(&format!("\\u{b:04x}"));
        } else {
            out.push_str(esc);
        }
        start = i + 1;
    }
    out.push_str(&s[start..]);
    out.push('"');
}

/// Appends any JSON value compactly.
pub(crate) fn write_json_value(v: &Value, out: &mut String) {
    match v {
        Value::String(s) => write_json_str(s, out),
        // serde_json's compact Display output is exactly JSON.stringify's for everything else.
        other => out.push_str(&other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn string_escaping_matches_serde_json() {
        for s in [
            "plain",
            "quo\"te",
            "back\\slash",
            "ctl\u{1}\u{1f}\n\t",
            "ünï €😀",
        ] {
            let mut out = String::new();
            write_json_str(s, &mut out);
            assert_eq!(out, serde_json::to_string(s).unwrap());
        }
    }
}

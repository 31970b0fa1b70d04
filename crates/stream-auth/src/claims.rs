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

/// Where claims JSON is written: the token's streaming base64 encoder, or a `String`.
pub(crate) trait JsonSink {
    /// Appends `s`.
    fn put(&mut self, s: &str);
    /// Appends ASCII bytes (digits, escapes).
    fn put_ascii(&mut self, ascii: &[u8]);
}

impl JsonSink for String {
    fn put(&mut self, s: &str) {
        self.push_str(s);
    }

    fn put_ascii(&mut self, ascii: &[u8]) {
        self.extend(ascii.iter().map(|&b| char::from(b)));
    }
}

impl JsonSink for crate::b64::Encoder<'_> {
    fn put(&mut self, s: &str) {
        self.push(s.as_bytes());
    }

    fn put_ascii(&mut self, ascii: &[u8]) {
        self.push(ascii);
    }
}

/// Appends `s` as a JSON string literal (compact escaping, raw UTF-8, as JSON.stringify).
pub(crate) fn write_json_str(s: &str, out: &mut impl JsonSink) {
    out.put("\"");
    write_escaped(s, out);
    out.put("\"");
}

/// Appends `a` followed by `b` as one JSON string literal.
pub(crate) fn write_json_str_concat(a: &str, b: &str, out: &mut impl JsonSink) {
    out.put("\"");
    write_escaped(a, out);
    write_escaped(b, out);
    out.put("\"");
}

/// Appends the escaped contents of a JSON string literal, without the quotes.
fn write_escaped(s: &str, out: &mut impl JsonSink) {
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
        out.put(&s[start..i]);
        if esc.is_empty() {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            let hex = [
                b'\\',
                b'u',
                b'0',
                b'0',
                HEX[usize::from(b >> 4)],
                HEX[usize::from(b & 15)],
            ];
            out.put_ascii(&hex);
        } else {
            out.put(esc);
        }
        start = i + 1;
    }
    out.put(&s[start..]);
}

/// `"00".."99"`, two digits at a time.
const DIGIT_PAIRS: &[u8; 200] = b"\
0001020304050607080910111213141516171819\
2021222324252627282930313233343536373839\
4041424344454647484950515253545556575859\
6061626364656667686970717273747576777879\
8081828384858687888990919293949596979899";

/// Appends `n` in decimal.
pub(crate) fn write_i64(n: i64, out: &mut impl JsonSink) {
    let mut buf = [0u8; 20]; // i64::MIN is 19 digits and a sign
    let mut i = buf.len();
    let mut u = n.unsigned_abs();
    while u >= 100 {
        let d = (u % 100) as usize * 2;
        u /= 100;
        i -= 2;
        buf[i..i + 2].copy_from_slice(&DIGIT_PAIRS[d..d + 2]);
    }
    if u >= 10 {
        let d = u as usize * 2;
        i -= 2;
        buf[i..i + 2].copy_from_slice(&DIGIT_PAIRS[d..d + 2]);
    } else {
        i -= 1;
        buf[i] = b'0' + u as u8;
    }
    if n < 0 {
        i -= 1;
        buf[i] = b'-';
    }
    out.put_ascii(&buf[i..]);
}

/// Appends any JSON value compactly.
pub(crate) fn write_json_value(v: &Value, out: &mut impl JsonSink) {
    match v {
        Value::String(s) => write_json_str(s, out),
        // serde_json's compact Display output is exactly JSON.stringify's for everything else.
        other => out.put(&other.to_string()),
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

    proptest::proptest! {
        #[test]
        fn any_integer_matches_to_string(n: i64) {
            let mut out = String::new();
            write_i64(n, &mut out);
            proptest::prop_assert_eq!(out, n.to_string());
        }

        #[test]
        fn any_string_escapes_like_serde_json(s: String) {
            let mut out = String::new();
            write_json_str(&s, &mut out);
            proptest::prop_assert_eq!(out, serde_json::to_string(&s).unwrap());
        }
    }

    #[test]
    fn integers_match_to_string() {
        for n in [
            0,
            1,
            -1,
            9,
            10,
            11,
            99,
            100,
            101,
            999,
            -1000,
            1_704_164_640,
            i64::MAX,
            i64::MIN,
        ] {
            let mut out = String::from("x");
            write_i64(n, &mut out);
            assert_eq!(out, format!("x{n}"));
        }
    }
}

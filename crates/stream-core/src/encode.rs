//! Percent-encoding for path segments and query values.
//!
//! Path segments keep `:` raw (the service and both official clients send `feed/user/alice/tweet:1/`)
//! and encode everything that could end or escape a segment (`/`, `?`, `#`, `%`, and `.`/`..` as a
//! whole segment). Query values are form-encoded as `requests` does (space → `+`).

const HEX: &[u8; 16] = b"0123456789ABCDEF";

fn push_pct(out: &mut String, b: u8) {
    out.push('%');
    out.push(HEX[(b >> 4) as usize] as char);
    out.push(HEX[(b & 15) as usize] as char);
}

fn is_unreserved(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~')
}

/// Appends `segment` percent-encoded for use as one path segment.
pub fn push_path_segment(out: &mut String, segment: &str) {
    if segment == "." || segment == ".." {
        for _ in 0..segment.len() {
            out.push_str("%2E");
        }
        return;
    }
    for &b in segment.as_bytes() {
        if is_unreserved(b) || matches!(b, b':' | b'@') {
            out.push(b as char);
        } else {
            push_pct(out, b);
        }
    }
}

/// Appends `segment` percent-encoded with nothing but unreserved characters kept (the v2 API, as
/// Python's `quote(safe="")`: `odd id:1/2` → `odd%20id%3A1%2F2`).
pub fn push_path_segment_strict(out: &mut String, segment: &str) {
    if segment == "." || segment == ".." {
        for _ in 0..segment.len() {
            out.push_str("%2E");
        }
        return;
    }
    for &b in segment.as_bytes() {
        if is_unreserved(b) {
            out.push(b as char);
        } else {
            push_pct(out, b);
        }
    }
}

/// Appends `value` form-encoded (`application/x-www-form-urlencoded`, space → `+`).
pub fn push_query_component(out: &mut String, value: &str) {
    for &b in value.as_bytes() {
        if is_unreserved(b) {
            out.push(b as char);
        } else if b == b' ' {
            out.push('+');
        } else {
            push_pct(out, b);
        }
    }
}

/// Decodes a form-encoded component (`+` → space). Invalid escapes are kept literally.
pub fn decode_component(value: &str) -> String {
    let bytes = value.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' => {
                let hex = |c: u8| (c as char).to_digit(16);
                match (
                    bytes.get(i + 1).copied().and_then(hex),
                    bytes.get(i + 2).copied().and_then(hex),
                ) {
                    (Some(h), Some(l)) => {
                        out.push((h * 16 + l) as u8);
                        i += 2;
                    }
                    _ => out.push(b'%'),
                }
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_keep_colons_and_escape_separators() {
        let mut s = String::new();
        push_path_segment(&mut s, "tweet:1");
        assert_eq!(s, "tweet:1");
        let mut s = String::new();
        push_path_segment(&mut s, "a/b?c#d%e f");
        assert_eq!(s, "a%2Fb%3Fc%23d%25e%20f");
        let mut s = String::new();
        push_path_segment(&mut s, "..");
        assert_eq!(s, "%2E%2E");
    }

    #[test]
    fn query_values_are_form_encoded_and_round_trip() {
        let mut s = String::new();
        push_query_component(&mut s, "user:bob,user:carol a");
        assert_eq!(s, "user%3Abob%2Cuser%3Acarol+a");
        assert_eq!(decode_component(&s), "user:bob,user:carol a");
        assert_eq!(decode_component("100%"), "100%");
        assert_eq!(decode_component("%zz"), "%zz");
    }
}

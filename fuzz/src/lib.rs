//! Fuzz harnesses for stream-rs: each function takes arbitrary bytes, must never panic, and
//! asserts the invariants the SDK promises for hostile input. The cargo-fuzz binaries in
//! `fuzz_targets/` call them; `crates/stream-core/tests/hostile_fuzz_targets.rs` includes this
//! file and runs the same functions under proptest in the normal test suite.
#![forbid(unsafe_code)]

use stream_core::auth::{ApiSecret, Scope, Signer};
use stream_core::encode::{decode_component, push_query_component};
use stream_core::endpoints::collections::Collections;
use stream_core::endpoints::feed::FeedRef;
use stream_core::endpoints::users::Users;
use stream_core::{ApiError, Config, Endpoint, Error, Request, Response};

const SECRET: &str = "secret456";

fn signer() -> Signer {
    Signer::new(&ApiSecret::new(SECRET))
}

/// Splits `data` at `0xff` bytes into lossy UTF-8 strings (at most `n`).
fn strings(data: &[u8], n: usize) -> Vec<String> {
    data.splitn(n, |b| *b == 0xff)
        .map(|s| String::from_utf8_lossy(s).into_owned())
        .collect()
}

/// Token verification: any bytes verify to an error or to the same claims `decode_unverified`
/// reads; a genuine token with bytes XOR-ed by `data` verifies only if it still decodes to the
/// very same bytes.
pub fn verify_token(data: &[u8]) {
    let s = signer();
    let now = data
        .get(..8)
        .and_then(|b| <[u8; 8]>::try_from(b).ok())
        .map_or(0, i64::from_le_bytes);
    let text = String::from_utf8_lossy(data);
    if let Ok(claims) = s.verify(&text, now) {
        let unverified = stream_core::auth::dangerous::decode_unverified(&text);
        assert_eq!(unverified.ok().as_ref(), Some(&claims));
    }
    let _ = stream_core::auth::dangerous::decode_unverified(&text);

    let genuine = s.scoped(&Scope::all()).into_string();
    let mut bytes = genuine.clone().into_bytes();
    for (i, b) in data.iter().enumerate().take(bytes.len()) {
        bytes[i] ^= b;
    }
    let Ok(mutated) = String::from_utf8(bytes) else {
        return;
    };
    if s.verify(&mutated, 0).is_ok() {
        // Only a change base64url cannot see (the spare low bits of a last character) passes.
        let parts = |t: &str| -> Vec<Option<Vec<u8>>> { t.split('.').map(b64).collect() };
        assert_eq!(
            parts(&mutated),
            parts(&genuine),
            "forged token accepted: {mutated}"
        );
    }
}

/// Base64url without padding, decoded leniently (`None` when not base64url).
fn b64(s: &str) -> Option<Vec<u8>> {
    let val = |c: u8| -> Option<u32> {
        Some(match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'-' => 62,
            b'_' => 63,
            _ => return None,
        } as u32)
    };
    let mut out = Vec::new();
    let (mut acc, mut bits) = (0u32, 0u32);
    for &c in s.as_bytes() {
        acc = (acc << 6) | val(c)?;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    Some(out)
}

/// Error-body parsing: any status and body become an [`ApiError`] that keeps the status, shows
/// it, and carries at most a 200-character snippet.
pub fn parse_error_body(data: &[u8]) {
    let status = data
        .get(..2)
        .map_or(500, |b| u16::from_le_bytes([b[0], b[1]]));
    let body = data.get(2..).unwrap_or_default().to_vec();
    let mut resp = Response::new(status, body);
    if let Some(reset) = data.get(2..10) {
        resp = resp.with_header("x-ratelimit-reset", String::from_utf8_lossy(reset));
    }
    let e = ApiError::from_response("fuzz.op", &resp);
    assert_eq!(e.status, status);
    assert!(e.to_string().contains(&status.to_string()));
    assert!(
        e.body_snippet
            .as_ref()
            .is_none_or(|s| s.chars().count() <= 200)
    );
    let _ = format!("{e:?}");
    let _ = stream_core::RetryPolicy::rate_limit_wait(&resp, u64::MAX);
}

/// Feed-page parsing: any 2xx body parses, or fails with a [`Error::Decode`] and nothing else.
pub fn parse_feed_page(data: &[u8]) {
    let Ok(feed) = FeedRef::new("user", "alice") else {
        return;
    };
    let outcomes = [
        feed.get()
            .parse(Response::new(200, data.to_vec()))
            .map(drop),
        feed.get()
            .grouped()
            .parse(Response::new(200, data.to_vec()))
            .map(drop),
    ];
    for outcome in outcomes {
        match outcome {
            Ok(()) => {}
            Err(Error::Decode(d)) => assert!(d.snippet.chars().count() <= 200),
            Err(other) => panic!("not a decode error: {other:?}"),
        }
    }
}

fn config() -> Option<Config> {
    Config::builder("key123", ApiSecret::new(SECRET))
        .base_url("http://localhost:8000")
        .build()
        .ok()
}

/// Encoded path segments between the API base and the query.
fn segments(req: &Request) -> Vec<String> {
    let path = req.url_without_query();
    let rest = path
        .strip_prefix("http://localhost:8000/api/v1.0/")
        .unwrap_or(path);
    rest.trim_end_matches('/')
        .split('/')
        .map(str::to_owned)
        .collect()
}

fn decode_path(seg: &str) -> String {
    decode_component(&seg.replace('+', "%2B"))
}

/// Path and query building: user values are refused before building or stay exactly one
/// segment (never `.`/`..`, never a `?` or `#`) that decodes back to the value; query values
/// round-trip and never add a parameter.
pub fn build_path_query(data: &[u8]) {
    let Some(c) = config() else { return };
    let parts = strings(data, 3);
    let a = parts.first().cloned().unwrap_or_default();
    let b = parts.get(1).cloned().unwrap_or_default();
    let check = |r: Result<Request, Error>, expect: &[(usize, &str)], len: usize| match r {
        Err(Error::Build(_)) => {}
        Err(other) => panic!("only build errors may refuse an id: {other:?}"),
        Ok(req) => {
            let segs = segments(&req);
            assert_eq!(segs.len(), len, "{segs:?}");
            for (i, value) in expect {
                let seg = &segs[*i];
                assert!(!seg.is_empty() && seg != "." && seg != "..", "{seg:?}");
                assert!(seg.bytes().all(|b| b.is_ascii_graphic()), "{seg:?}");
                assert_eq!(&decode_path(seg), value);
            }
            assert_eq!(req.url.matches('?').count(), 1);
            assert!(!req.url.contains('#'));
        }
    };
    check(c.build_request(&Users.get(a.as_str())), &[(1, &a)], 2);
    check(
        c.build_request(&Collections.get(a.as_str(), b.as_str())),
        &[(1, &a), (2, &b)],
        3,
    );
    if let Ok(feed) = FeedRef::new(&a, &b) {
        check(c.build_request(&feed.get()), &[(1, &a), (2, &b)], 3);
    }
    let mut q = String::new();
    push_query_component(&mut q, &a);
    assert!(!q.contains(['&', '=', '#', '?', ' ', '/']), "{q}");
    assert_eq!(decode_component(&q), a);
}

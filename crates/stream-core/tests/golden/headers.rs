//! The auth and content headers of one built request, compared with one recording.
//!
//! What the server reads (README "Auth headers", "Content-Type / empty bodies"):
//! - `stream-auth-type` is the recording's value (`jwt` in every recording);
//! - `Authorization` is the raw JWT, with no `Bearer ` prefix, when the recording's is;
//! - `Content-Type` is sent exactly when a body is: Python's `Content-type: application/json` on
//!   every GET, and axios's `application/x-www-form-urlencoded` on its empty restore PUT, go with
//!   no body at all, so the header is tied to the body, not to the recording's header. Media types
//!   compare case-insensitively without parameters (`; charset=…`), and a multipart body must carry
//!   a `boundary` (its value is random per request in every client);
//! - `X-Stream-Client` is present when the recording has it. Its value names the client and
//!   version (`stream-python-client-5.4.0`), so ours deliberately names this SDK instead:
//!   `stream-<lang>-client-<version>` with lang `rust`.
use stream_core::Request;

use crate::support::Recorded;

/// A recorded header (the recordings store names lower-cased).
fn recorded<'a>(rec: &'a Recorded, name: &str) -> Option<&'a str> {
    rec.headers.get(name).and_then(|v| v.as_str())
}

/// `application/json; charset=utf-8` → `application/json`.
fn media_type(value: &str) -> String {
    value
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase()
}

/// Asserts the headers described in the module doc. `body_expected` says whether this request
/// must carry a body: the recording's body, or the test's documented expectation where we
/// deliberately differ from one client (e.g. no `{}` on DELETE).
pub fn assert_headers(req: &Request, rec: &Recorded, body_expected: bool) {
    let what = |h: &str| format!("{} ({}): {h}", rec.op, rec.client);

    let auth_type = recorded(rec, "stream-auth-type");
    assert!(
        auth_type.is_some(),
        "{}",
        what("recording has stream-auth-type")
    );
    assert_eq!(
        req.header("stream-auth-type"),
        auth_type,
        "{}",
        what("stream-auth-type")
    );

    let theirs = recorded(rec, "authorization").expect("every recording is authorised");
    let ours = req.header("Authorization").expect("Authorization header");
    if !theirs.starts_with("Bearer ") {
        assert!(
            !ours.to_ascii_lowercase().starts_with("bearer"),
            "{}",
            what("Authorization is the raw JWT")
        );
    }
    assert_eq!(
        ours.split('.').count(),
        3,
        "{}",
        what("Authorization is a JWT")
    );

    let ours_ct = req.header("Content-Type");
    assert_eq!(
        req.body.is_some(),
        body_expected,
        "{}",
        what("body present")
    );
    assert_eq!(
        ours_ct.is_some(),
        body_expected,
        "{}",
        what("Content-Type only with a body")
    );
    if let (Some(ours_ct), Some(theirs_ct)) = (ours_ct, recorded(rec, "content-type")) {
        if body_expected {
            assert_eq!(
                media_type(ours_ct),
                media_type(theirs_ct),
                "{}",
                what("Content-Type")
            );
            if media_type(theirs_ct).starts_with("multipart/") {
                assert!(
                    ours_ct.contains("boundary="),
                    "{}",
                    what("multipart boundary")
                );
            }
        }
    }
    if let Some(ours_ct) = ours_ct {
        assert_eq!(
            req.body.as_ref().map(|b| b.content_type.as_str()),
            Some(ours_ct),
            "{}",
            what("Content-Type is the body's")
        );
    }

    if recorded(rec, "x-stream-client").is_some() {
        let ours = req.header("X-Stream-Client").unwrap_or_default();
        let version = ours.strip_prefix("stream-rust-client-").unwrap_or_default();
        assert!(
            !version.is_empty()
                && version
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || ".-+".contains(c)),
            "{}: {ours:?}",
            what("X-Stream-Client names stream-rust-client-<version>")
        );
    }
}

//! The opt-in per-app rate limit: 429 `RateLimitReached` past the limit, Stream's
//! `x-ratelimit-*` headers on counted responses, fixed windows that reset.

mod http_others_util;

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use http_others_util::{Client, Resp};
use serde_json::json;
use stream_emulator::{AppCredentials, Emulator};

fn header_u64(r: &Resp, name: &str) -> u64 {
    r.header(name)
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| panic!("header {name} missing or not a number: {:?}", r.headers))
}

fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

#[test]
fn fourth_request_in_the_window_is_429_with_stream_body_and_headers() {
    let emu = Emulator::builder()
        .app(AppCredentials::default())
        .app(AppCredentials::new("other-key", "other-secret", "790"))
        .rate_limit(3, Duration::from_secs(60))
        .start_blocking()
        .unwrap();
    let c = Client::new(emu.addr());
    let before = unix_now();
    let created = c.srv(
        "POST",
        "user/",
        "",
        Some(&json!({"id": "alice", "data": {}})),
    );
    assert_eq!(created.status, 201, "{}", created.json());
    assert_eq!(header_u64(&created, "x-ratelimit-limit"), 3);
    assert_eq!(header_u64(&created, "x-ratelimit-remaining"), 2);
    for remaining in [1, 0] {
        let r = c.srv("GET", "user/alice/", "", None);
        assert_eq!(r.status, 200, "{}", r.json());
        assert_eq!(header_u64(&r, "x-ratelimit-limit"), 3);
        assert_eq!(header_u64(&r, "x-ratelimit-remaining"), remaining);
    }
    let limited = c.srv("GET", "user/alice/", "", None);
    assert_eq!(limited.status, 429, "{}", limited.json());
    let body = limited.json();
    assert_eq!(body["status_code"], 429, "{body}");
    assert_eq!(body["code"], 9, "{body}");
    assert_eq!(body["exception"], "RateLimitReached", "{body}");
    assert_eq!(
        body["detail"],
        "Too many requests, check response headers for more information."
    );
    assert!(body["duration"].is_string(), "{body}");
    assert_eq!(header_u64(&limited, "x-ratelimit-limit"), 3);
    assert_eq!(header_u64(&limited, "x-ratelimit-remaining"), 0);
    let reset = header_u64(&limited, "x-ratelimit-reset");
    assert!(
        reset >= before + 59 && reset <= unix_now() + 61,
        "reset {reset} not about a minute after {before}"
    );

    // Writes are refused too, and nothing is stored.
    let refused = c.srv("POST", "user/", "", Some(&json!({"id": "bob", "data": {}})));
    assert_eq!(refused.status, 429);
    let data = emu.app_data("key123").unwrap();
    assert!(data["users"]["users"].get("bob").is_none(), "{data}");
    assert!(data["users"]["users"].is_object(), "{data}");

    // Each app has its own window.
    let other = Client {
        addr: emu.addr(),
        api_key: "other-key".into(),
        signer: stream_auth::Signer::new(&stream_auth::ApiSecret::new("other-secret")),
    };
    let r = other.srv("GET", "user/alice/", "", None);
    assert_eq!(r.status, 404, "{}", r.json());
    assert_eq!(header_u64(&r, "x-ratelimit-remaining"), 2);

    // Requests naming no hosted app are not counted (they fail auth).
    let unknown = Client {
        api_key: "nope".into(),
        ..Client::new(emu.addr())
    };
    let r = unknown.srv("GET", "user/alice/", "", None);
    assert_eq!(r.status, 401, "{}", r.json());
    assert!(r.header("x-ratelimit-limit").is_none(), "{:?}", r.headers);
}

#[test]
fn a_new_window_resets_the_count() {
    let window = Duration::from_millis(300);
    let emu = Emulator::builder()
        .rate_limit(1, window)
        .start_blocking()
        .unwrap();
    let c = Client::new(emu.addr());
    // Two back-to-back requests share a window unless the machine is very slow: retry a few times.
    let mut saw_429 = false;
    for _ in 0..5 {
        let first = c.srv("GET", "user/alice/", "", None);
        let second = c.srv("GET", "user/alice/", "", None);
        if second.status == 429 {
            assert_ne!(first.status, 429, "{}", first.json());
            assert_eq!(second.json()["code"], 9);
            saw_429 = true;
            break;
        }
        std::thread::sleep(window + Duration::from_millis(50));
    }
    assert!(saw_429, "the second request in a window was never limited");
    std::thread::sleep(window + Duration::from_millis(50));
    let after = c.srv("GET", "user/alice/", "", None);
    assert_eq!(after.status, 404, "{}", after.json());
    assert_eq!(header_u64(&after, "x-ratelimit-limit"), 1);
    assert_eq!(header_u64(&after, "x-ratelimit-remaining"), 0);
}

#[test]
fn v2_requests_get_a_v2_shaped_429() {
    let emu = Emulator::builder()
        .rate_limit(1, Duration::from_secs(60))
        .start_blocking()
        .unwrap();
    let c = Client::new(emu.addr());
    let token = c.signer.sign_json(r#"{"server":true}"#);
    let headers = [
        ("authorization", token.as_str()),
        ("stream-auth-type", "jwt"),
    ];
    let target = "/api/v2/video/calltypes/default?api_key=key123";
    let ok = http_others_util::raw(emu.addr(), "GET", target, &headers, b"");
    assert_eq!(ok.status, 200, "{}", ok.json());
    let limited = http_others_util::raw(emu.addr(), "GET", target, &headers, b"");
    assert_eq!(limited.status, 429);
    let body = limited.json();
    assert_eq!(body["code"], 9, "{body}");
    assert_eq!(body["StatusCode"], 429, "{body}");
    assert_eq!(header_u64(&limited, "x-ratelimit-remaining"), 0);
}

#[test]
fn without_a_limit_nothing_is_limited() {
    let emu = Emulator::start_blocking().unwrap();
    let c = Client::new(emu.addr());
    for _ in 0..30 {
        let r = c.srv("GET", "user/alice/", "", None);
        assert_eq!(r.status, 404, "{}", r.json());
        assert!(r.header("x-ratelimit-limit").is_none(), "{:?}", r.headers);
        assert!(r.header("x-ratelimit-remaining").is_none());
        assert!(r.header("x-ratelimit-reset").is_none());
    }
}

#[test]
fn requests_with_an_invalid_token_do_not_use_up_the_budget() {
    let emu = Emulator::builder()
        .rate_limit(2, Duration::from_secs(60))
        .start_blocking()
        .unwrap();
    let c = Client::new(emu.addr());
    let forged = stream_auth::Signer::new(&stream_auth::ApiSecret::new("not-the-secret"))
        .sign_json(r#"{"resource":"*","action":"*","feed_id":"*"}"#);
    let target = c.target("user/alice/", "");
    for bad in [forged.as_str(), "not-a-jwt", ""] {
        for _ in 0..5 {
            let headers = [("authorization", bad)];
            let r = http_others_util::raw(emu.addr(), "GET", &target, &headers, b"");
            assert_eq!(r.status, 401, "{}", r.json());
            assert!(r.header("x-ratelimit-limit").is_none(), "{:?}", r.headers);
        }
    }
    // The app's whole budget is still there.
    for remaining in [1, 0] {
        let r = c.srv("GET", "user/alice/", "", None);
        assert_eq!(r.status, 404, "{}", r.json());
        assert_eq!(header_u64(&r, "x-ratelimit-remaining"), remaining);
    }
    let limited = c.srv("GET", "user/alice/", "", None);
    assert_eq!(limited.status, 429, "{}", limited.json());
}

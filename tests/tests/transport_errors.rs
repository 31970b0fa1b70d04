//! What a failed connection says, through both facades: the address tried (`host:port`, never
//! the query or a token), the setting that pointed there, and the cause (refused, unknown host,
//! `https://` against plain HTTP); realtime with nothing listening fails at once with the cause;
//! a 401 for a bad signature names the API secret.
use std::net::TcpListener;
use std::time::{Duration, Instant};
use stream_blocking::prelude::*;

use stream_core::endpoints::feed::FeedRef;
use stream_core::{Error, FailureCause, TransportErrorKind, UrlSetting};
use stream_emulator::Emulator;
use stream_tests::{HANG_LIMIT, KEY, SECRET, fast_retries};

/// A local port nothing listens on (bound, then released).
fn closed_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    listener.local_addr().expect("addr").port()
}

fn blocking(base_url: &str) -> stream_blocking::Client {
    stream_blocking::Client::builder(KEY, SECRET)
        .base_url(base_url)
        .app_id("1")
        .connect_timeout(Duration::from_secs(2))
        .request_timeout(Duration::from_secs(4))
        .retry_policy(fast_retries())
        .build()
        .expect("client")
}

fn asynchronous(base_url: &str) -> stream_async::Client {
    stream_async::Client::builder(KEY, SECRET)
        .base_url(base_url)
        .app_id("1")
        .connect_timeout(Duration::from_secs(2))
        .request_timeout(Duration::from_secs(4))
        .retry_policy(fast_retries())
        .build()
        .expect("client")
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime")
}

/// The error of reading `user:alice` through both facades.
fn both_facades(base_url: &str) -> [Error; 2] {
    let feed = FeedRef::new("user", "alice").expect("feed");
    let b = blocking(base_url).send(feed.get()).expect_err("must fail");
    let a = runtime()
        .block_on(asynchronous(base_url).send(feed.get()))
        .expect_err("must fail");
    [b, a]
}

/// No key, secret, token or query in `text`.
fn assert_clean(text: &str) {
    for secret in [KEY, SECRET, "api_key", "?", "eyJ"] {
        assert!(!text.contains(secret), "{secret:?} leaked: {text}");
    }
}

fn transport(e: &Error) -> &stream_core::TransportError {
    match e {
        Error::Transport(t) => t,
        other => panic!("not a transport error: {other}"),
    }
}

#[test]
fn a_closed_port_names_the_address_the_setting_and_refused() {
    let port = closed_port();
    for e in both_facades(&format!("http://127.0.0.1:{port}")) {
        let shown = e.to_string();
        assert_eq!(
            shown,
            format!(
                "could not connect to Stream at 127.0.0.1:{port} (set by base_url): connection \
                 refused (nothing is listening there)"
            )
        );
        let t = transport(&e);
        assert_eq!(
            (t.kind, t.cause),
            (TransportErrorKind::Connect, Some(FailureCause::Refused))
        );
        assert_clean(&shown);
    }
}

#[test]
fn an_unresolvable_host_says_the_lookup_failed() {
    for e in both_facades("http://no-such-host.invalid:8000") {
        let shown = e.to_string();
        assert_eq!(
            shown,
            "could not connect to Stream at no-such-host.invalid:8000 (set by base_url): failed \
             to look up the host name",
        );
        assert_eq!(transport(&e).cause, Some(FailureCause::HostNotFound));
        assert_clean(&shown);
    }
}

#[test]
fn https_against_plain_http_says_the_server_does_not_speak_tls() {
    let emu = Emulator::start_blocking().expect("emulator");
    let https = emu.base_url().replacen("http://", "https://", 1);
    for e in both_facades(&https) {
        let shown = e.to_string();
        assert_eq!(
            shown,
            format!(
                "TLS error talking to Stream at {} (set by base_url): the server does not speak \
                 TLS; use http:// for a plain-HTTP server such as the emulator",
                emu.addr()
            )
        );
        let t = transport(&e);
        assert_eq!(
            (t.kind, t.cause),
            (TransportErrorKind::Tls, Some(FailureCause::NotTls))
        );
        assert_clean(&shown);
    }
}

#[test]
fn the_environment_variable_that_chose_the_address_is_named() {
    let port = closed_port();
    let base = format!("http://127.0.0.1:{port}");
    let vars = |name: &str| match name {
        "STREAM_API_KEY" => Some(KEY.to_owned()),
        "STREAM_API_SECRET" => Some(SECRET.to_owned()),
        "STREAM_BASE_URL" => Some(base.clone()),
        _ => None,
    };
    let client = stream_blocking::ClientBuilder::from_vars(vars)
        .expect("vars")
        .retry_policy(stream_core::RetryPolicy::none())
        .build()
        .expect("client");
    let e = (client.send(FeedRef::new("user", "alice").expect("feed").get())).expect_err("fails");
    let t = transport(&e);
    assert_eq!(
        t.target.as_ref().map(|t| t.setting),
        Some(UrlSetting::BaseUrlEnv)
    );
    assert!(
        e.to_string()
            .contains(&format!("127.0.0.1:{port} (set by STREAM_BASE_URL)")),
        "{e}"
    );
}

#[test]
fn realtime_with_nothing_listening_fails_at_once_saying_refused() {
    let port = closed_port();
    let base = format!("http://127.0.0.1:{port}");
    let feed = FeedRef::new("user", "alice").expect("feed");
    let started = Instant::now();
    let b = blocking(&base).subscribe(&feed).expect_err("refused");
    let a = runtime()
        .block_on(async { asynchronous(&base).subscribe(&feed).await })
        .expect_err("refused");
    // A hang detector only: the confirmation timeout (10 s each) must not be what ended them.
    assert!(
        started.elapsed() < HANG_LIMIT,
        "took {:?}",
        started.elapsed()
    );
    for e in [b, a] {
        let shown = e.to_string();
        assert!(
            shown.contains(&format!("127.0.0.1:{port} (set by base_url)"))
                && shown.contains("connection refused")
                && !shown.contains("not confirmed"),
            "{shown}"
        );
        assert_clean(&shown);
    }
}

#[test]
fn a_bad_signature_points_at_the_api_secret() {
    let emu = Emulator::start_blocking().expect("emulator");
    let client = stream_blocking::Client::builder(emu.api_key(), "not-the-secret")
        .base_url(emu.base_url())
        .build()
        .expect("client");
    let e = (client.send(FeedRef::new("user", "alice").expect("feed").get())).expect_err("401");
    assert_eq!(e.status(), Some(401));
    let shown = e.to_string();
    assert!(shown.contains("check the API secret"), "{shown}");
    assert!(!shown.contains("not-the-secret"), "{shown}");
}

//! Secrets: every error variant (built by hand and produced by real faults through both
//! facades), every config, credential and client type, formatted with `{:?}` and (where it has
//! one) `{}`, together with its whole `source()` chain and everything `tracing` recorded, never
//! shows the api secret, a token minted from it, a user token, or the query (which holds the api
//! key).
use std::sync::{Mutex, OnceLock};
use std::time::Duration;
use stream_blocking::prelude::*;

use stream_core::endpoints::feed::FeedRef;
use stream_core::{
    ApiError, ApiSecret, BuildError, Config, DecodeError, Error, Response, StreamUrl, Token,
    TransportError, TransportErrorKind,
};
use stream_tests::capture::Capture;
use stream_tests::faults::{self, FaultServer, MAX_RESPONSE_BYTES, REQUEST_TIMEOUT, Target};
use stream_tests::probe::Probe;
use stream_tests::{KEY, SECRET, fast_retries};

/// One capture for the whole binary: faults run on many threads, so it is the global default.
fn capture() -> &'static Capture {
    static CAPTURE: OnceLock<Capture> = OnceLock::new();
    CAPTURE.get_or_init(|| {
        let c = Capture::new();
        // Another test of this binary may have installed it first; both see the same capture.
        let _ = tracing::subscriber::set_global_default(c.clone());
        c
    })
}

/// A secret in the only alphabet a `STREAM_URL` accepts.
const URL_SECRET: &str = "urlS3cr3tNeverPrintMe";

fn config() -> Config {
    Config::builder(KEY, ApiSecret::new(SECRET))
        .base_url("http://127.0.0.1:9")
        .build()
        .expect("config")
}

fn user_token() -> String {
    stream_core::Signer::new(&ApiSecret::new(SECRET))
        .user_token("alice")
        .into_string()
}

/// Every token a client with [`SECRET`] sends for the operations these tests use.
fn tokens() -> Vec<String> {
    let c = config();
    let mut out = vec![user_token()];
    let feed = FeedRef::new("user", "alice").expect("feed");
    for req in [
        c.build_request(&Probe::get("x")),
        c.build_request(&Probe::post("x")),
        c.build_request(&feed.get()),
    ] {
        let req = req.expect("request");
        out.push(req.header("authorization").expect("token").to_owned());
    }
    out
}

/// `Display`, `Debug` and the same for every source of `e`.
fn error_texts(e: &(dyn std::error::Error + 'static)) -> Vec<String> {
    let mut out = vec![e.to_string(), format!("{e:?}")];
    let mut source = e.source();
    for _ in 0..16 {
        let Some(s) = source else { break };
        out.push(s.to_string());
        out.push(format!("{s:?}"));
        source = s.source();
    }
    out
}

fn assert_clean(texts: &[String]) {
    let tokens = tokens();
    for t in texts {
        assert!(!t.contains(SECRET), "secret leaked: {t}");
        assert!(!t.contains(URL_SECRET), "STREAM_URL secret leaked: {t}");
        assert!(!t.contains("api_key="), "query leaked: {t}");
        for token in &tokens {
            assert!(!t.contains(token.as_str()), "token leaked: {t}");
            // Not even the signature part alone.
            let sig = token.rsplit('.').next().unwrap_or_default();
            assert!(!t.contains(sig), "token signature leaked: {t}");
        }
    }
}

fn every_hand_built_error() -> Vec<Error> {
    let mut errors: Vec<Error> = vec![
        BuildError::field("api_secret", "must not be empty").into(),
        BuildError::NeedsSecret { op: "feed.get" }.into(),
        BuildError::MissingConfig("app_id").into(),
        BuildError::Serialize("bad".into()).into(),
        stream_core::FeedId::parse("user:../x")
            .expect_err("invalid")
            .into(),
        DecodeError {
            op: "feed.get",
            path: "results[0]".into(),
            message: "invalid type".into(),
            snippet: "{\"results\":".into(),
        }
        .into(),
        ApiError::from_response(
            "feed.get",
            &Response::new(
                429,
                stream_tests::stream_error_body(9, "RateLimitReached", "x"),
            )
            .with_header("x-ratelimit-reset", "1"),
        )
        .into(),
        ApiError::from_response("feed.get", &Response::new(502, "<html>bad gateway</html>")).into(),
    ];
    for kind in [
        TransportErrorKind::Connect,
        TransportErrorKind::Timeout,
        TransportErrorKind::Tls,
        TransportErrorKind::Io,
        TransportErrorKind::BodyTooLarge,
        TransportErrorKind::Redirect,
        TransportErrorKind::Other,
    ] {
        errors.push(
            TransportError::new(kind, "x")
                .with_source(std::io::Error::other("inner"))
                .at(stream_core::Target::of_url(
                    &format!("http://user:{SECRET}@127.0.0.1:9/api/v1.0/feed/?api_key={KEY}"),
                    stream_core::UrlSetting::BaseUrl,
                ))
                .into(),
        );
    }
    errors
}

#[test]
fn hand_built_errors_and_every_config_type_print_no_secret() {
    let mut texts = Vec::new();
    for e in every_hand_built_error() {
        texts.extend(error_texts(&e));
    }
    let c = config();
    let secret = ApiSecret::new(SECRET);
    let token = Token::new(user_token());
    let signer = stream_core::Signer::new(&secret);
    let user_cfg = Config::builder_with_user_token(KEY, Token::new(user_token()))
        .build()
        .expect("user config");
    let url = StreamUrl::parse(&format!(
        "https://{KEY}:{URL_SECRET}@us-east.stream-io-api.com/?app_id=1"
    ))
    .expect("url");
    let req = c.build_request(&Probe::post("x")).expect("request");
    texts.extend([
        format!("{c:?}"),
        format!("{:?}", c.credentials()),
        format!("{user_cfg:?}"),
        format!("{:?}", user_cfg.credentials()),
        format!("{:?}", Config::builder(KEY, ApiSecret::new(SECRET))),
        format!("{secret:?}"),
        format!("{token:?}"),
        format!("{signer:?}"),
        format!("{url:?}"),
        format!("{:?}", url.clone().into_builder()),
        format!("{req:?}"),
        format!("{:?}", req.headers),
        format!(
            "{:?}",
            stream_emulator::AppCredentials::new(KEY, SECRET, "1")
        ),
    ]);
    // A STREAM_URL that does not parse is not echoed back.
    for bad in [
        format!("https://{KEY}:{URL_SECRET}@bad host/"),
        format!("ftp://{KEY}:{URL_SECRET}@us-east.stream-io-api.com/"),
        format!("https://{KEY}:{URL_SECRET}@us-east.stream-io-api.com/?app_id=x"),
    ] {
        let e = StreamUrl::parse(&bad).expect_err("invalid");
        texts.extend([e.to_string(), format!("{e:?}")]);
    }
    // A user-token client asked for a server-only operation.
    let e = user_cfg
        .build_request(&stream_core::endpoints::users::Users.delete("bob"))
        .err();
    if let Some(e) = e {
        texts.extend(error_texts(&e));
    }
    assert_clean(&texts);
}

#[test]
fn facade_clients_and_builders_print_no_secret() {
    let texts = vec![
        format!("{:?}", stream_blocking::Client::builder(KEY, SECRET)),
        format!(
            "{:?}",
            stream_blocking::Client::builder(KEY, SECRET)
                .build()
                .expect("client")
        ),
        format!(
            "{:?}",
            stream_blocking::Client::builder_with_user_token(KEY, user_token())
        ),
        format!(
            "{:?}",
            stream_blocking::Client::builder_with_user_token(KEY, user_token())
                .build()
                .expect("client")
        ),
        format!("{:?}", stream_async::Client::builder(KEY, SECRET)),
        format!(
            "{:?}",
            stream_async::Client::builder(KEY, SECRET)
                .build()
                .expect("client")
        ),
        format!(
            "{:?}",
            stream_async::Client::builder_with_user_token(KEY, user_token())
        ),
        format!(
            "{:?}",
            stream_async::Client::builder_with_user_token(KEY, user_token())
                .build()
                .expect("client")
        ),
        format!(
            "{:?}",
            stream_blocking::UreqTransport::new(stream_core::Timeouts::default())
        ),
        format!(
            "{:?}",
            stream_async::ReqwestTransport::new(stream_core::Timeouts::default()).expect("t")
        ),
    ];
    assert_clean(&texts);
}

fn run_faults_collecting(send: impl Fn(&str, Target) -> Result<(), Error> + Sync) -> Vec<String> {
    let texts = Mutex::new(Vec::new());
    let _ = faults::run_all(|url, target| {
        let result = send(url, target);
        if let Err(e) = &result {
            texts
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .extend(error_texts(e));
        }
        result
    });
    texts.into_inner().unwrap_or_else(|p| p.into_inner())
}

#[test]
fn errors_from_every_fault_and_their_traces_print_no_secret() {
    let log = capture();
    let blocking = |url: &str, target: Target| -> Result<(), Error> {
        let c = stream_blocking::Client::builder(KEY, SECRET)
            .base_url(url)
            .request_timeout(REQUEST_TIMEOUT)
            .retry_policy(fast_retries())
            .max_response_bytes(MAX_RESPONSE_BYTES)
            .build()?;
        match target {
            Target::Get => c.send(Probe::get("s")).map(drop),
            Target::Post => c.send(Probe::post("s")).map(drop),
            Target::Feed => c.send(FeedRef::new("user", "alice")?.get()).map(drop),
        }
    };
    let mut texts = run_faults_collecting(blocking);

    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    let handle = rt.handle().clone();
    let asynchronous = |url: &str, target: Target| -> Result<(), Error> {
        handle.block_on(async {
            let c = stream_async::Client::builder(KEY, SECRET)
                .base_url(url)
                .request_timeout(REQUEST_TIMEOUT)
                .retry_policy(fast_retries())
                .max_response_bytes(MAX_RESPONSE_BYTES)
                .build()?;
            match target {
                Target::Get => c.send(Probe::get("s")).await.map(drop),
                Target::Post => c.send(Probe::post("s")).await.map(drop),
                Target::Feed => c.send(FeedRef::new("user", "alice")?.get()).await.map(drop),
            }
        })
    };
    texts.extend(run_faults_collecting(asynchronous));

    // A user-token client failing too (its token is the one in `tokens()`).
    let server = FaultServer::start(vec![faults::Fault::Reset]);
    let c = stream_blocking::Client::builder_with_user_token(KEY, user_token())
        .base_url(server.base_url())
        .request_timeout(Duration::from_millis(300))
        .retry_policy(stream_core::RetryPolicy::none())
        .build()
        .expect("client");
    let e = c.send(Probe::get("u")).expect_err("reset");
    texts.extend(error_texts(&e));

    assert!(texts.len() > 50, "only {} texts", texts.len());
    let logged = log.text();
    assert!(logged.contains("stream.call"), "tracing captured nothing");
    texts.push(logged);
    assert_clean(&texts);
}

/// The app id of the realtime scenarios.
const APP_ID: &str = "4242";

/// Every token a realtime subscription of [`SECRET`] may carry (the feed tokens of `user:alice`,
/// the token for another feed used to get a refusal, the user token), plus [`tokens`].
fn realtime_tokens() -> Vec<String> {
    let signer = stream_core::Signer::new(&ApiSecret::new(SECRET));
    let mut out = tokens();
    out.extend([
        signer.read_only_feed_token("user", "alice").into_string(),
        signer.feed_token("user", "alice").into_string(),
        signer.read_only_feed_token("user", "mallory").into_string(),
        signer.feed_token("user", "mallory").into_string(),
        signer.server_token().into_string(),
    ]);
    out
}

fn assert_realtime_clean(texts: &[String]) {
    assert_clean(texts);
    let tokens = realtime_tokens();
    for t in texts {
        for token in &tokens {
            assert!(!t.contains(token.as_str()), "token leaked: {t}");
            let sig = token.rsplit('.').next().unwrap_or_default();
            assert!(!t.contains(sig), "token signature leaked: {t}");
        }
    }
}

/// `{:?}` and `{}` of `e` and its sources.
fn texts_of(e: &(dyn std::error::Error + 'static)) -> Vec<String> {
    error_texts(e)
}

#[test]
fn realtime_types_and_errors_print_no_secret_or_token() {
    use stream_core::realtime::{
        ConnectionType, Event, FeedChannel, RealtimeError, Session, SessionOptions, Step,
    };

    let signer = stream_core::Signer::new(&ApiSecret::new(SECRET));
    let config = Config::builder(KEY, ApiSecret::new(SECRET))
        .base_url("http://127.0.0.1:9")
        .app_id(APP_ID)
        .build()
        .expect("config");
    let alice = stream_core::FeedId::parse("user:alice").expect("feed");
    let channel = FeedChannel::for_feed(&config, &alice, None).expect("channel");
    let with_token =
        FeedChannel::for_feed(&config, &alice, Some(signer.feed_token("user", "alice")))
            .expect("channel");
    let user_cfg = Config::builder_with_user_token(KEY, Token::new(user_token()))
        .app_id(APP_ID)
        .build()
        .expect("user config");
    let user_channel = FeedChannel::for_feed(&user_cfg, &alice, None).expect("channel");
    let mut texts = vec![
        format!("{channel:?}"),
        format!("{:?}", channel.ext()),
        format!("{with_token:?}"),
        format!("{:?}", with_token.ext()),
        format!("{user_channel:?}"),
        format!("{:?}", user_channel.ext()),
    ];

    // The session, its batches (a subscribe carries the signature in `ext`) and its events.
    let mut session = Session::new(SessionOptions::new(ConnectionType::WebSocket));
    session.subscribe(channel.clone());
    session.subscribe(user_channel.clone());
    texts.push(format!("{session:?}"));
    for reply in [
        r#"[{"channel":"/meta/handshake","successful":true,"clientId":"c1","id":"1"}]"#.to_owned(),
        format!(
            r#"[{{"channel":"/meta/subscribe","successful":false,"subscription":"{}","error":"403::refused"}}]"#,
            channel.channel()
        ),
        "definitely not json".to_owned(),
        r#"[{"channel":"/meta/handshake","successful":false,"error":"nope"}]"#.to_owned(),
    ] {
        for _ in 0..4 {
            match session.poll() {
                Step::Send(t) => {
                    texts.push(format!("{t:?}"));
                    for m in &t.messages {
                        texts.push(format!("{m:?}"));
                    }
                }
                other => texts.push(format!("{other:?}")),
            }
        }
        texts.push(format!("{session:?}"));
        session.handle_incoming(reply.as_bytes());
        while let Some(event) = session.poll_event() {
            texts.push(format!("{event:?}"));
            match &event {
                Event::Refused { error, .. } | Event::Error(error) | Event::Closed(error) => {
                    texts.extend(texts_of(error));
                }
                _ => {}
            }
        }
    }
    session.transport_failed(
        TransportError::new(TransportErrorKind::Io, "x").with_source(std::io::Error::other("y")),
        0.5,
    );
    while let Some(event) = session.poll_event() {
        texts.push(format!("{event:?}"));
    }
    session.disconnect();
    texts.push(format!("{session:?}"));

    // Every error variant that can be built by hand.
    let no_app = Config::builder(KEY, ApiSecret::new(SECRET))
        .base_url("http://127.0.0.1:9")
        .build()
        .expect("config");
    let build = FeedChannel::for_feed(&no_app, &alice, None).expect_err("no app id");
    for e in [
        RealtimeError::from(build),
        RealtimeError::Refused {
            channel: channel.channel().to_owned(),
            code: Some(403),
            message: "refused".into(),
        },
        RealtimeError::Handshake {
            message: "refused".into(),
        },
        RealtimeError::Transport(
            TransportError::new(TransportErrorKind::Timeout, "x")
                .with_source(std::io::Error::other("inner")),
        ),
        RealtimeError::Decode {
            message: "bad".into(),
            snippet: "{".into(),
        },
        RealtimeError::Closed {
            reason: "bye".into(),
        },
    ] {
        texts.extend(texts_of(&e));
    }

    // VerifyError for real tokens gone wrong, IdError for bad ids.
    let other = stream_core::Signer::new(&ApiSecret::new("another-secret"));
    for token in realtime_tokens() {
        let sig = token.rsplit('.').next().unwrap_or_default().to_owned();
        for bad in [
            token.clone(),
            format!("Bearer {token}"),
            format!("{token}.x"),
            token.replace(&sig, "AAAA"),
            token.replacen('.', "", 1),
        ] {
            if let Err(e) = other.verify(&bad, 0) {
                texts.extend(texts_of(&e));
            }
            if let Err(e) = signer.verify(&bad, i64::MAX) {
                texts.extend(texts_of(&e));
            }
        }
    }
    for bad in ["", "user", "user:", ":alice", "us er:alice", "user:al ice"] {
        if let Err(e) = stream_core::FeedId::parse(bad) {
            texts.extend(texts_of(&e));
        }
    }
    assert_realtime_clean(&texts);
}

#[test]
fn realtime_subscriptions_and_refusals_through_both_facades_print_and_log_no_token() {
    let log = capture();
    let emu = stream_emulator::Emulator::builder()
        .app(stream_emulator::AppCredentials::new(KEY, SECRET, APP_ID))
        .start_blocking()
        .expect("emulator");
    let signer = stream_core::Signer::new(&ApiSecret::new(SECRET));
    let mut texts = Vec::new();

    // Blocking: a subscription, and a refused one (a token for another feed).
    let blocking = stream_blocking::Client::builder(KEY, SECRET)
        .base_url(emu.base_url())
        .app_id(APP_ID)
        .request_timeout(Duration::from_millis(1500))
        .build()
        .expect("client");
    let alice = blocking.feed("user", "alice").expect("feed");
    let sub = blocking.subscribe(&alice).expect("subscribed");
    texts.push(format!("{sub:?}"));
    let refused = blocking
        .subscribe_with_token(&alice, signer.read_only_feed_token("user", "mallory"))
        .expect_err("refused");
    assert!(refused.is_refused(), "{refused}");
    texts.extend(texts_of(&refused));
    drop(sub);

    // Async: the same, over a WebSocket and over long-polling.
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    rt.block_on(async {
        for transport in [
            stream_async::realtime::RealtimeTransport::WebSocket,
            stream_async::realtime::RealtimeTransport::LongPolling,
        ] {
            let client = stream_async::Client::builder(KEY, SECRET)
                .base_url(emu.base_url())
                .app_id(APP_ID)
                .request_timeout(Duration::from_millis(1500))
                .build()
                .expect("client");
            client.set_realtime_transport(transport);
            let alice = client.feed("user", "alice").expect("feed");
            let updates = client.subscribe(&alice).await.expect("subscribed");
            texts.push(format!("{updates:?}"));
            texts.push(format!("{client:?}"));
            // Another feed: on one async client, a second subscription to a feed already
            // subscribed joins the existing one.
            let bob = client.feed("user", "bob").expect("feed");
            let refused = client
                .subscribe_with_token(&bob, signer.read_only_feed_token("user", "mallory"))
                .await
                .expect_err("refused");
            assert!(refused.is_refused(), "{refused}");
            texts.extend(texts_of(&refused));
        }
    });
    drop(rt);
    // Realtime exchanges go straight to the transport (no `stream.call` span); whatever the
    // realtime code and the clients logged meanwhile is checked.
    texts.push(log.text());
    assert_realtime_clean(&texts);
}

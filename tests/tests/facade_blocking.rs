//! Scenario tests for `stream-blocking` against a canned server on 127.0.0.1.
//! `facade_async.rs` drives the same list through `stream-async`.
use std::time::{Duration, Instant};
use stream_blocking::prelude::*;

use stream_blocking::{
    CallOptions, Client, ClientBuilder, Error, ErrorCode, Request, Response, RetryPolicy,
    TransportError, TransportErrorKind,
};
use stream_tests::canned::{CannedServer, Reply, closed_port_url};
use stream_tests::capture::Capture;
use stream_tests::gzip::gzip_stored;
use stream_tests::probe::{PagedProbe, Probe};
use stream_tests::{HANG_LIMIT, KEY, SECRET, fast_retries, now_unix, stream_error_body};

fn ms(n: u64) -> Duration {
    Duration::from_millis(n)
}

fn builder(server_url: &str) -> ClientBuilder {
    Client::builder(KEY, SECRET)
        .base_url(server_url)
        .request_timeout(ms(400))
        .connect_timeout(ms(300))
        .retry_policy(fast_retries())
}

fn client(server: &CannedServer) -> Client {
    builder(&server.base_url()).build().expect("client")
}

fn ok() -> Reply {
    Reply::json(200, r#"{"ok":true}"#)
}

fn transport_kind(e: &Error) -> Option<TransportErrorKind> {
    match e {
        Error::Transport(t) => Some(t.kind),
        _ => None,
    }
}

#[test]
fn client_is_clone_send_sync() {
    fn assert_traits<T: Clone + Send + Sync + 'static>() {}
    assert_traits::<Client>();
    let server = CannedServer::start(vec![ok(), ok()]);
    let a = client(&server);
    let b = a.clone();
    std::thread::scope(|s| {
        s.spawn(|| a.send(Probe::get("one")).expect("a"));
        s.spawn(|| b.send(Probe::get("two")).expect("b"));
    });
    assert_eq!(server.hits(), 2);
}

#[test]
fn sends_the_request_core_built() {
    let server = CannedServer::start(vec![ok()]);
    let out = client(&server).send(Probe::get("a b")).expect("ok");
    assert_eq!(out["ok"], true);
    let req = &server.requests()[0];
    assert_eq!(req.method, "GET");
    assert_eq!(req.path(), "/api/v1.0/probe/a%20b/");
    assert!(req.target.contains("api_key=facadekey"), "{}", req.target);
    assert!(req.target.contains("q=query-value"));
    assert!(
        req.header("authorization")
            .is_some_and(|t| t.starts_with("eyJ"))
    );
    assert_eq!(req.header("stream-auth-type"), Some("jwt"));
    let agents: Vec<&str> = req
        .headers
        .iter()
        .filter(|(n, _)| n == "user-agent")
        .map(|(_, v)| v.as_str())
        .collect();
    assert_eq!(agents.len(), 1, "{agents:?}");
    assert!(agents[0].starts_with("stream-rust-client"), "{agents:?}");
    assert!(
        req.header("accept-encoding")
            .is_some_and(|v| v.contains("gzip"))
    );
    assert!(
        req.header("x-stream-client")
            .is_some_and(|v| v.starts_with("stream-rust-client-"))
    );
}

#[test]
fn post_sends_its_json_body() {
    let server = CannedServer::start(vec![ok()]);
    client(&server).send(Probe::post("p")).expect("ok");
    let req = &server.requests()[0];
    assert_eq!(req.method, "POST");
    assert_eq!(req.body, br#"{"probe":true}"#);
    assert_eq!(req.header("content-type"), Some("application/json"));
}

#[test]
fn retries_a_503_then_succeeds() {
    let server = CannedServer::start(vec![Reply::json(503, "{}"), ok()]);
    let out = client(&server).send(Probe::get("r")).expect("retried");
    assert_eq!(out["ok"], true);
    assert_eq!(server.hits(), 2);
}

#[test]
fn gives_up_after_the_retry_budget() {
    let server = CannedServer::with_fallback(vec![], Reply::json(503, "{}"));
    let err = client(&server).send(Probe::get("r")).expect_err("503s");
    assert_eq!(err.status(), Some(503));
    assert_eq!(server.hits(), 3, "1 attempt + 2 retries");
}

#[test]
fn does_not_retry_a_post() {
    let server = CannedServer::start(vec![Reply::json(503, "{}"), ok()]);
    let err = client(&server)
        .send(Probe::post("p"))
        .expect_err("no retry");
    assert_eq!(err.status(), Some(503));
    assert_eq!(server.hits(), 1);
}

#[test]
fn retries_a_post_when_asked() {
    let server = CannedServer::start(vec![Reply::json(503, "{}"), ok()]);
    let options = CallOptions::new().retry_non_idempotent();
    client(&server)
        .send_with(Probe::post("p"), options)
        .expect("retried");
    assert_eq!(server.hits(), 2);
}

#[test]
fn a_server_that_never_answers_hits_the_timeout() {
    let server = CannedServer::start(vec![Reply::Stall]);
    let c = builder(&server.base_url())
        .request_timeout(ms(300))
        .retry_policy(RetryPolicy::none())
        .build()
        .expect("client");
    let started = Instant::now();
    let err = c.send(Probe::get("slow")).expect_err("timeout");
    let took = started.elapsed();
    assert!(err.is_timeout(), "{err:?}");
    assert!(took >= ms(250) && took < HANG_LIMIT, "took {took:?}");
}

#[test]
fn a_timeout_is_retried_for_idempotent_requests() {
    let server = CannedServer::start(vec![Reply::Stall, ok()]);
    let c = builder(&server.base_url())
        .request_timeout(ms(300))
        .build()
        .expect("client");
    c.send(Probe::get("slow")).expect("second attempt answers");
    assert_eq!(server.hits(), 2);
}

#[test]
fn your_own_agent_still_gets_timeouts_and_no_redirects() {
    let server = CannedServer::start(vec![Reply::Stall]);
    let agent = stream_blocking::ureq::Agent::new_with_defaults();
    let c = builder(&server.base_url())
        .request_timeout(ms(300))
        .retry_policy(RetryPolicy::none())
        .agent(agent)
        .build()
        .expect("client");
    let started = Instant::now();
    let err = c.send(Probe::get("slow")).expect_err("timeout");
    assert!(err.is_timeout(), "{err:?}");
    assert!(started.elapsed() < HANG_LIMIT);

    let server = CannedServer::start(vec![Reply::raw(302, "").header("location", "/elsewhere/")]);
    let agent = stream_blocking::ureq::Agent::new_with_defaults();
    let c = builder(&server.base_url())
        .agent(agent)
        .build()
        .expect("client");
    let err = c.send(Probe::get("moved")).expect_err("redirect");
    assert_eq!(transport_kind(&err), Some(TransportErrorKind::Redirect));
    assert_eq!(server.hits(), 1);
}

#[test]
fn a_429_with_a_reset_header_waits_then_succeeds() {
    let reset = now_unix() + 2;
    let server = CannedServer::start(vec![
        Reply::json(429, &stream_error_body(9, "RateLimitReached", "slow down"))
            .header("x-ratelimit-limit", "10")
            .header("x-ratelimit-remaining", "0")
            .header("x-ratelimit-reset", reset.to_string()),
        ok(),
    ]);
    let started = Instant::now();
    client(&server)
        .send(Probe::get("rl"))
        .expect("after the reset");
    assert!(
        started.elapsed() >= ms(900),
        "waited {:?}",
        started.elapsed()
    );
    assert_eq!(server.hits(), 2);
}

#[test]
fn a_429_resetting_too_late_fails_at_once() {
    let reset = now_unix() + 3600;
    let server = CannedServer::start(vec![
        Reply::json(429, &stream_error_body(9, "RateLimitReached", "slow down"))
            .header("x-ratelimit-reset", reset.to_string()),
    ]);
    // One hit and the reset carried in the error: the call failed without waiting or
    // retrying (a wait is always followed by another send; `stream_core::Call` computes the
    // waits from the time it is given, see crates/stream-core/tests/call_machine.rs).
    let err = client(&server).send(Probe::get("rl")).expect_err("limited");
    let api = err.api().expect("api error");
    assert!(api.is_rate_limited());
    assert_eq!(api.rate_limit.and_then(|r| r.reset), Some(reset));
    assert_eq!(server.hits(), 1);
}

#[test]
fn errors_carry_streams_code_and_detail() {
    let body = stream_error_body(4, "InputException", "activity.actor is required");
    let server = CannedServer::start(vec![Reply::json(400, &body)]);
    let err = client(&server).send(Probe::get("bad")).expect_err("400");
    let api = err.api().expect("api error");
    assert_eq!(api.status, 400);
    assert_eq!(api.code, Some(ErrorCode::Input));
    assert_eq!(api.exception.as_deref(), Some("InputException"));
    assert_eq!(api.detail.as_deref(), Some("activity.actor is required"));
    let shown = err.to_string();
    assert!(
        shown.contains("InputException") && shown.contains("actor is required"),
        "{shown}"
    );
    assert_eq!(server.hits(), 1, "400 is not retried");
}

#[test]
fn connection_refused_is_a_connect_error() {
    let c = builder(&closed_port_url()).build().expect("client");
    let err = c.send(Probe::get("x")).expect_err("refused");
    assert_eq!(
        transport_kind(&err),
        Some(TransportErrorKind::Connect),
        "{err:?}"
    );
}

#[test]
fn redirects_are_not_followed() {
    let server = CannedServer::start(vec![
        Reply::raw(301, "").header("location", "http://127.0.0.1:1/steal"),
    ]);
    let err = client(&server)
        .send(Probe::get("moved"))
        .expect_err("redirect");
    assert_eq!(transport_kind(&err), Some(TransportErrorKind::Redirect));
    assert_eq!(server.hits(), 1);
}

#[test]
fn oversized_bodies_are_refused() {
    let big = format!(r#"{{"pad":"{}"}}"#, "x".repeat(4096));
    let server = CannedServer::start(vec![Reply::json(200, &big)]);
    let c = builder(&server.base_url())
        .max_response_bytes(1024)
        .build()
        .expect("client");
    let err = c.send(Probe::get("big")).expect_err("too large");
    assert_eq!(transport_kind(&err), Some(TransportErrorKind::BodyTooLarge));
    assert_eq!(server.hits(), 1, "not retried");
}

#[test]
fn gzip_bodies_are_decoded() {
    let body = gzip_stored(br#"{"zipped":true}"#);
    let server = CannedServer::start(vec![
        Reply::raw(200, body)
            .header("content-type", "application/json")
            .header("content-encoding", "gzip"),
    ]);
    let out = client(&server).send(Probe::get("gz")).expect("decoded");
    assert_eq!(out["zipped"], true);
}

#[test]
fn pages_are_fetched_lazily_one_request_each() {
    let pages = vec![
        Reply::json(200, r#"{"page":1,"next":2}"#),
        Reply::json(200, r#"{"page":2,"next":3}"#),
        Reply::json(200, r#"{"page":3}"#),
    ];
    let server = CannedServer::start(pages.clone());
    let c = client(&server);
    let mut it = c.pages(PagedProbe { page: 1 });
    assert_eq!(server.hits(), 0, "nothing sent before the first next()");
    assert_eq!(it.next().expect("page").expect("ok")["page"], 1);
    assert_eq!(server.hits(), 1);
    let rest: Vec<_> = it.collect::<Result<_, _>>().expect("pages");
    assert_eq!(rest.len(), 2);
    assert_eq!(server.hits(), 3);
    let targets: Vec<String> = server.requests().into_iter().map(|r| r.target).collect();
    assert!(targets[2].ends_with("page=3"), "{targets:?}");
}

#[test]
fn pages_stop_after_an_error() {
    let server = CannedServer::start(vec![
        Reply::json(200, r#"{"page":1,"next":2}"#),
        Reply::json(
            400,
            &stream_error_body(8, "InvalidPaginationException", "bad"),
        ),
    ]);
    let results: Vec<_> = client(&server).pages(PagedProbe { page: 1 }).collect();
    assert_eq!(results.len(), 2);
    assert!(results[1].is_err());
    assert_eq!(server.hits(), 2);
}

#[test]
fn from_vars_reads_the_stream_variables() {
    let vars = |k: &str| match k {
        "STREAM_API_KEY" => Some(KEY.to_owned()),
        "STREAM_API_SECRET" => Some(SECRET.to_owned()),
        "STREAM_BASE_URL" => Some("http://127.0.0.1:9".to_owned()),
        _ => None,
    };
    let c = ClientBuilder::from_vars(vars)
        .expect("vars")
        .build()
        .expect("client");
    assert_eq!(c.config().api_key(), KEY);
    assert_eq!(c.config().urls().api, "http://127.0.0.1:9/api/v1.0/");
    let c = ClientBuilder::from_vars(|k| {
        (k == "STREAM_URL")
            .then(|| format!("https://{KEY}:abc@eu-west.stream-io-api.com/?app_id=42"))
    })
    .expect("url")
    .build()
    .expect("client");
    assert_eq!(c.config().app_id(), Some("42"));
    assert!(c.config().urls().api.starts_with("https://eu-west-api."));
    let err = ClientBuilder::from_vars(|_| None).expect_err("nothing set");
    assert!(matches!(err, Error::Build(_)));
}

#[test]
fn invalid_configuration_fails_to_build() {
    assert!(matches!(
        Client::builder("", SECRET).build(),
        Err(Error::Build(_))
    ));
    assert!(matches!(
        Client::builder(KEY, "").build(),
        Err(Error::Build(_))
    ));
    assert!(matches!(
        Client::builder(KEY, SECRET).base_url("ftp://x").build(),
        Err(Error::Build(_))
    ));
    assert!(matches!(
        Client::builder(KEY, SECRET).max_response_bytes(0).build(),
        Err(Error::Build(_))
    ));
}

#[test]
fn a_custom_transport_receives_the_request() {
    let seen = std::sync::Arc::new(std::sync::Mutex::new(Vec::<String>::new()));
    let record = std::sync::Arc::clone(&seen);
    let c = Client::builder(KEY, SECRET)
        .transport(move |req: &Request| -> Result<Response, TransportError> {
            record.lock().expect("lock").push(req.op.to_owned());
            Ok(Response::new(200, r#"{"fake":1}"#))
        })
        .build()
        .expect("client");
    let out = c.send(Probe::get("x")).expect("fake");
    assert_eq!(out["fake"], 1);
    assert_eq!(*seen.lock().expect("lock"), vec!["test.probe".to_owned()]);
}

#[test]
fn user_token_clients_send_their_token() {
    let token = stream_blocking::Signer::new(&stream_blocking::ApiSecret::new(SECRET))
        .user_token("alice")
        .into_string();
    let server = CannedServer::start(vec![ok()]);
    let c = Client::builder_with_user_token(KEY, token.clone())
        .base_url(server.base_url())
        .build()
        .expect("client");
    c.send(Probe::get("me")).expect("ok");
    assert_eq!(
        server.requests()[0].header("authorization"),
        Some(token.as_str())
    );
    assert!(!format!("{c:?}").contains(&token));
}

#[test]
fn spans_record_the_call_and_never_a_secret() {
    let capture = Capture::new();
    let server = CannedServer::start(vec![
        Reply::json(503, "{}"),
        ok(),
        Reply::json(400, &stream_error_body(4, "InputException", "nope")),
        Reply::Stall,
        Reply::raw(302, "").header("location", "/x"),
    ]);
    let c = client(&server);
    let mut errors = Vec::new();
    tracing::subscriber::with_default(capture.clone(), || {
        c.send(Probe::get("traced")).expect("retried");
        errors.push(c.send(Probe::get("bad")).expect_err("400"));
        errors.push(
            c.send_with(
                Probe::get("slow"),
                CallOptions::new().retry_policy(RetryPolicy::none()),
            )
            .expect_err("timeout"),
        );
        errors.push(c.send(Probe::get("moved")).expect_err("redirect"));
    });
    let log = capture.text();
    assert!(log.contains("stream.call"), "{log}");
    assert!(log.contains("op=test.probe"), "{log}");
    assert!(log.contains("method=GET"), "{log}");
    assert!(log.contains("path=/api/v1.0/probe/traced/"), "{log}");
    assert!(log.contains("attempt=2"), "{log}");
    assert!(
        log.contains("status=200") && log.contains("status=400"),
        "{log}"
    );
    assert!(
        log.contains("error=timeout") && log.contains("error=redirect"),
        "{log}"
    );

    let tokens: Vec<String> = server
        .requests()
        .iter()
        .filter_map(|r| r.header("authorization").map(str::to_owned))
        .collect();
    assert!(!tokens.is_empty());
    let mut outputs = vec![log, format!("{c:?}"), format!("{:?}", c.config())];
    for e in &errors {
        outputs.push(e.to_string());
        outputs.push(format!("{e:?}"));
        let mut source = std::error::Error::source(e);
        for _ in 0..16 {
            let Some(s) = source else { break };
            outputs.push(s.to_string());
            outputs.push(format!("{s:?}"));
            source = s.source();
        }
    }
    for out in &outputs {
        assert!(!out.contains(SECRET), "secret leaked: {out}");
        assert!(!out.contains("api_key="), "query leaked: {out}");
        for t in &tokens {
            assert!(!out.contains(t.as_str()), "token leaked: {out}");
        }
    }
}

#[test]
fn oversized_batches_are_split_into_several_requests() {
    use stream_blocking::FeedId;
    use stream_blocking::endpoints::batch::{FollowMany, MAX_FOLLOW_MANY};
    use stream_blocking::models::follow::FollowRelation;
    let acked = || Reply::json(201, r#"{"duration":"1ms"}"#);
    // Each part is retried on its own: 503 then 201, twice.
    let server = CannedServer::start(vec![
        Reply::json(503, "{}"),
        acked(),
        Reply::json(503, "{}"),
        acked(),
    ]);
    let target = FeedId::parse("user:alice").expect("id");
    let relations = (0..MAX_FOLLOW_MANY + 10)
        .map(|i| {
            let source = FeedId::from_parts("timeline", &format!("u{i}")).expect("id");
            FollowRelation::new(source, target.clone())
        })
        .collect();
    client(&server)
        .send(FollowMany::new(relations))
        .expect("both parts");
    assert_eq!(server.hits(), 4);
    let bodies: Vec<usize> = server
        .requests()
        .iter()
        .map(|r| r.body.iter().filter(|b| **b == b'{').count())
        .collect();
    assert_eq!(bodies, vec![MAX_FOLLOW_MANY, MAX_FOLLOW_MANY, 10, 10]);
}

#[test]
fn from_config_uses_the_default_transport() {
    let server = CannedServer::start(vec![ok()]);
    let config = stream_blocking::Config::builder(KEY, stream_blocking::ApiSecret::new(SECRET))
        .base_url(server.base_url())
        .build()
        .expect("config");
    let c = Client::from_config(config).expect("client");
    c.send(Probe::get("cfg")).expect("ok");
    assert_eq!(server.hits(), 1);
}

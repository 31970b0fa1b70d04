//! Scenario tests for `stream-async` against a canned server on 127.0.0.1.
//! `facade_blocking.rs` drives the same list through `stream-blocking`.
use std::time::{Duration, Instant};
use stream_async::prelude::*;

use stream_async::{
    AsyncTransport, BoxFuture, CallOptions, Client, ClientBuilder, Error, ErrorCode, Request,
    Response, RetryPolicy, StreamExt, TransportError, TransportErrorKind,
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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn client_is_clone_send_sync() {
    fn assert_traits<T: Clone + Send + Sync + 'static>() {}
    assert_traits::<Client>();
    let server = CannedServer::start(vec![ok(), ok()]);
    let a = client(&server);
    let b = a.clone();
    // tokio::spawn needs the call futures to be Send.
    let one = tokio::spawn(async move { a.send(Probe::get("one")).await });
    let two = tokio::spawn(async move { b.send(Probe::get("two")).await });
    one.await.expect("join").expect("a");
    two.await.expect("join").expect("b");
    assert_eq!(server.hits(), 2);
}

#[tokio::test]
async fn sends_the_request_core_built() {
    let server = CannedServer::start(vec![ok()]);
    let out = client(&server).send(Probe::get("a b")).await.expect("ok");
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

#[tokio::test]
async fn post_sends_its_json_body() {
    let server = CannedServer::start(vec![ok()]);
    client(&server).send(Probe::post("p")).await.expect("ok");
    let req = &server.requests()[0];
    assert_eq!(req.method, "POST");
    assert_eq!(req.body, br#"{"probe":true}"#);
    assert_eq!(req.header("content-type"), Some("application/json"));
}

#[tokio::test]
async fn retries_a_503_then_succeeds() {
    let server = CannedServer::start(vec![Reply::json(503, "{}"), ok()]);
    let out = client(&server)
        .send(Probe::get("r"))
        .await
        .expect("retried");
    assert_eq!(out["ok"], true);
    assert_eq!(server.hits(), 2);
}

#[tokio::test]
async fn gives_up_after_the_retry_budget() {
    let server = CannedServer::with_fallback(vec![], Reply::json(503, "{}"));
    let err = client(&server)
        .send(Probe::get("r"))
        .await
        .expect_err("503s");
    assert_eq!(err.status(), Some(503));
    assert_eq!(server.hits(), 3, "1 attempt + 2 retries");
}

#[tokio::test]
async fn does_not_retry_a_post() {
    let server = CannedServer::start(vec![Reply::json(503, "{}"), ok()]);
    let err = client(&server)
        .send(Probe::post("p"))
        .await
        .expect_err("no retry");
    assert_eq!(err.status(), Some(503));
    assert_eq!(server.hits(), 1);
}

#[tokio::test]
async fn retries_a_post_when_asked() {
    let server = CannedServer::start(vec![Reply::json(503, "{}"), ok()]);
    let options = CallOptions::new().retry_non_idempotent();
    client(&server)
        .send_with(Probe::post("p"), options)
        .await
        .expect("retried");
    assert_eq!(server.hits(), 2);
}

#[tokio::test]
async fn a_server_that_never_answers_hits_the_timeout() {
    let server = CannedServer::start(vec![Reply::Stall]);
    let c = builder(&server.base_url())
        .request_timeout(ms(300))
        .retry_policy(RetryPolicy::none())
        .build()
        .expect("client");
    let started = Instant::now();
    let err = c.send(Probe::get("slow")).await.expect_err("timeout");
    let took = started.elapsed();
    assert!(err.is_timeout(), "{err:?}");
    assert!(took >= ms(250) && took < HANG_LIMIT, "took {took:?}");
}

#[tokio::test]
async fn a_timeout_is_retried_for_idempotent_requests() {
    let server = CannedServer::start(vec![Reply::Stall, ok()]);
    let c = builder(&server.base_url())
        .request_timeout(ms(300))
        .build()
        .expect("client");
    c.send(Probe::get("slow"))
        .await
        .expect("second attempt answers");
    assert_eq!(server.hits(), 2);
}

#[tokio::test]
async fn your_own_http_client_still_gets_timeouts() {
    let server = CannedServer::start(vec![Reply::Stall]);
    let http = stream_async::reqwest::Client::new();
    let c = builder(&server.base_url())
        .request_timeout(ms(300))
        .retry_policy(RetryPolicy::none())
        .http_client(http)
        .build()
        .expect("client");
    let started = Instant::now();
    let err = c.send(Probe::get("slow")).await.expect_err("timeout");
    assert!(err.is_timeout(), "{err:?}");
    assert!(started.elapsed() < HANG_LIMIT);

    let server = CannedServer::start(vec![Reply::raw(302, "").header("location", "/elsewhere/")]);
    let http = stream_async::reqwest::Client::builder()
        .redirect(stream_async::reqwest::redirect::Policy::none())
        .build()
        .expect("http client");
    let c = builder(&server.base_url())
        .http_client(http)
        .build()
        .expect("client");
    let err = c.send(Probe::get("moved")).await.expect_err("redirect");
    assert_eq!(transport_kind(&err), Some(TransportErrorKind::Redirect));
    assert_eq!(server.hits(), 1);
}

#[tokio::test]
async fn a_429_with_a_reset_header_waits_then_succeeds() {
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
        .await
        .expect("after the reset");
    assert!(
        started.elapsed() >= ms(900),
        "waited {:?}",
        started.elapsed()
    );
    assert_eq!(server.hits(), 2);
}

#[tokio::test]
async fn a_429_resetting_too_late_fails_at_once() {
    let reset = now_unix() + 3600;
    let server = CannedServer::start(vec![
        Reply::json(429, &stream_error_body(9, "RateLimitReached", "slow down"))
            .header("x-ratelimit-reset", reset.to_string()),
    ]);
    // One hit and the reset carried in the error: the call failed without waiting or
    // retrying (a wait is always followed by another send). The wait's absence on the clock is
    // checked on tokio's paused clock below.
    let err = client(&server)
        .send(Probe::get("rl"))
        .await
        .expect_err("limited");
    let api = err.api().expect("api error");
    assert!(api.is_rate_limited());
    assert_eq!(api.rate_limit.and_then(|r| r.reset), Some(reset));
    assert_eq!(server.hits(), 1);
}

#[tokio::test]
async fn errors_carry_streams_code_and_detail() {
    let body = stream_error_body(4, "InputException", "activity.actor is required");
    let server = CannedServer::start(vec![Reply::json(400, &body)]);
    let err = client(&server)
        .send(Probe::get("bad"))
        .await
        .expect_err("400");
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

#[tokio::test]
async fn connection_refused_is_a_connect_error() {
    let c = builder(&closed_port_url()).build().expect("client");
    let err = c.send(Probe::get("x")).await.expect_err("refused");
    assert_eq!(
        transport_kind(&err),
        Some(TransportErrorKind::Connect),
        "{err:?}"
    );
}

#[tokio::test]
async fn redirects_are_not_followed() {
    let server = CannedServer::start(vec![
        Reply::raw(301, "").header("location", "http://127.0.0.1:1/steal"),
    ]);
    let err = client(&server)
        .send(Probe::get("moved"))
        .await
        .expect_err("redirect");
    assert_eq!(transport_kind(&err), Some(TransportErrorKind::Redirect));
    assert_eq!(server.hits(), 1);
}

#[tokio::test]
async fn oversized_bodies_are_refused() {
    let big = format!(r#"{{"pad":"{}"}}"#, "x".repeat(4096));
    let server = CannedServer::start(vec![Reply::json(200, &big)]);
    let c = builder(&server.base_url())
        .max_response_bytes(1024)
        .build()
        .expect("client");
    let err = c.send(Probe::get("big")).await.expect_err("too large");
    assert_eq!(transport_kind(&err), Some(TransportErrorKind::BodyTooLarge));
    assert_eq!(server.hits(), 1, "not retried");
}

#[tokio::test]
async fn gzip_bodies_are_decoded() {
    let body = gzip_stored(br#"{"zipped":true}"#);
    let server = CannedServer::start(vec![
        Reply::raw(200, body)
            .header("content-type", "application/json")
            .header("content-encoding", "gzip"),
    ]);
    let out = client(&server)
        .send(Probe::get("gz"))
        .await
        .expect("decoded");
    assert_eq!(out["zipped"], true);
}

#[tokio::test]
async fn pages_are_fetched_lazily_one_request_each() {
    let pages = vec![
        Reply::json(200, r#"{"page":1,"next":2}"#),
        Reply::json(200, r#"{"page":2,"next":3}"#),
        Reply::json(200, r#"{"page":3}"#),
    ];
    let server = CannedServer::start(pages.clone());
    let c = client(&server);
    let mut it = c.pages(PagedProbe { page: 1 });
    tokio::time::sleep(ms(20)).await;
    assert_eq!(server.hits(), 0, "nothing sent before the first next()");
    assert_eq!(it.next().await.expect("page").expect("ok")["page"], 1);
    assert_eq!(server.hits(), 1);
    let rest: Vec<_> = it
        .collect::<Vec<_>>()
        .await
        .into_iter()
        .collect::<Result<_, _>>()
        .expect("pages");
    assert_eq!(rest.len(), 2);
    assert_eq!(server.hits(), 3);
    let targets: Vec<String> = server.requests().into_iter().map(|r| r.target).collect();
    assert!(targets[2].ends_with("page=3"), "{targets:?}");
}

#[tokio::test]
async fn pages_stop_after_an_error() {
    let server = CannedServer::start(vec![
        Reply::json(200, r#"{"page":1,"next":2}"#),
        Reply::json(
            400,
            &stream_error_body(8, "InvalidPaginationException", "bad"),
        ),
    ]);
    let results: Vec<_> = client(&server)
        .pages(PagedProbe { page: 1 })
        .collect()
        .await;
    assert_eq!(results.len(), 2);
    assert!(results[1].is_err());
    assert_eq!(server.hits(), 2);
}

#[tokio::test]
async fn from_vars_reads_the_stream_variables() {
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

#[tokio::test]
async fn invalid_configuration_fails_to_build() {
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

#[tokio::test]
async fn a_custom_transport_receives_the_request() {
    struct Fake(std::sync::Arc<std::sync::Mutex<Vec<String>>>);
    impl AsyncTransport for Fake {
        fn execute<'a>(
            &'a self,
            req: &'a Request,
        ) -> BoxFuture<'a, Result<Response, TransportError>> {
            self.0.lock().expect("lock").push(req.op.to_owned());
            Box::pin(async { Ok(Response::new(200, r#"{"fake":1}"#)) })
        }
    }
    let seen = std::sync::Arc::new(std::sync::Mutex::new(Vec::<String>::new()));
    let c = Client::builder(KEY, SECRET)
        .transport(Fake(std::sync::Arc::clone(&seen)))
        .build()
        .expect("client");
    let out = c.send(Probe::get("x")).await.expect("fake");
    assert_eq!(out["fake"], 1);
    assert_eq!(*seen.lock().expect("lock"), vec!["test.probe".to_owned()]);
}

#[tokio::test]
async fn user_token_clients_send_their_token() {
    let token = stream_async::Signer::new(&stream_async::ApiSecret::new(SECRET))
        .user_token("alice")
        .into_string();
    let server = CannedServer::start(vec![ok()]);
    let c = Client::builder_with_user_token(KEY, token.clone())
        .base_url(server.base_url())
        .build()
        .expect("client");
    c.send(Probe::get("me")).await.expect("ok");
    assert_eq!(
        server.requests()[0].header("authorization"),
        Some(token.as_str())
    );
    assert!(!format!("{c:?}").contains(&token));
}

#[tokio::test]
async fn spans_record_the_call_and_never_a_secret() {
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
    {
        // The default #[tokio::test] runtime is single-threaded: every span of these calls is
        // created on this thread, under this thread-local subscriber.
        let _guard = tracing::subscriber::set_default(capture.clone());
        c.send(Probe::get("traced")).await.expect("retried");
        errors.push(c.send(Probe::get("bad")).await.expect_err("400"));
        errors.push(
            c.send_with(
                Probe::get("slow"),
                CallOptions::new().retry_policy(RetryPolicy::none()),
            )
            .await
            .expect_err("timeout"),
        );
        errors.push(c.send(Probe::get("moved")).await.expect_err("redirect"));
    }
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

#[tokio::test]
async fn oversized_batches_are_split_into_several_requests() {
    use stream_async::FeedId;
    use stream_async::endpoints::batch::{FollowMany, MAX_FOLLOW_MANY};
    use stream_async::models::follow::FollowRelation;
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
        .await
        .expect("both parts");
    assert_eq!(server.hits(), 4);
    let bodies: Vec<usize> = server
        .requests()
        .iter()
        .map(|r| r.body.iter().filter(|b| **b == b'{').count())
        .collect();
    assert_eq!(bodies, vec![MAX_FOLLOW_MANY, MAX_FOLLOW_MANY, 10, 10]);
}

#[tokio::test]
async fn from_config_uses_the_default_transport() {
    let server = CannedServer::start(vec![ok()]);
    let config = stream_async::Config::builder(KEY, stream_async::ApiSecret::new(SECRET))
        .base_url(server.base_url())
        .build()
        .expect("config");
    let c = Client::from_config(config).expect("client");
    c.send(Probe::get("cfg")).await.expect("ok");
    assert_eq!(server.hits(), 1);
}

/// On tokio's paused clock, sleeps and timeouts complete the moment nothing else can run, and
/// `tokio::time::Instant` shows exactly how long the driver waited.
#[tokio::test(start_paused = true)]
async fn a_custom_transport_that_never_answers_still_times_out() {
    struct Never;
    impl AsyncTransport for Never {
        fn execute<'a>(
            &'a self,
            _req: &'a Request,
        ) -> BoxFuture<'a, Result<Response, TransportError>> {
            Box::pin(std::future::pending())
        }
    }
    let c = Client::builder(KEY, SECRET)
        .request_timeout(ms(200))
        .retry_policy(RetryPolicy::none())
        .transport(Never)
        .build()
        .expect("client");
    let started = tokio::time::Instant::now();
    let err = c.send(Probe::get("x")).await.expect_err("timeout");
    assert!(err.is_timeout(), "{err:?}");
    // The request timeout plus the driver's short grace, never more.
    let waited = started.elapsed();
    assert!(waited >= ms(200) && waited < ms(1000), "waited {waited:?}");
}

/// A transport answering each request with the next of its replies (then 200), counting
/// requests; clones share the script and the count.
#[derive(Clone)]
struct Scripted(
    std::sync::Arc<(
        std::sync::Mutex<Vec<Response>>,
        std::sync::atomic::AtomicUsize,
    )>,
);

impl Scripted {
    fn new(mut replies: Vec<Response>) -> Self {
        replies.reverse();
        Self(std::sync::Arc::new((
            std::sync::Mutex::new(replies),
            std::sync::atomic::AtomicUsize::new(0),
        )))
    }

    fn hits(&self) -> usize {
        self.0.1.load(std::sync::atomic::Ordering::SeqCst)
    }
}

impl AsyncTransport for Scripted {
    fn execute<'a>(&'a self, _req: &'a Request) -> BoxFuture<'a, Result<Response, TransportError>> {
        self.0.1.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        let reply = self.0.0.lock().expect("lock").pop();
        Box::pin(async move { Ok(reply.unwrap_or_else(|| Response::new(200, r#"{"ok":true}"#))) })
    }
}

fn rate_limited(reset: u64) -> Response {
    Response::new(
        429,
        stream_error_body(9, "RateLimitReached", "slow down").into_bytes(),
    )
    .with_header("x-ratelimit-reset", reset.to_string())
}

#[tokio::test(start_paused = true)]
async fn a_429_resetting_too_late_fails_without_sleeping() {
    let transport = Scripted::new(vec![rate_limited(now_unix() + 3600)]);
    let c = Client::builder(KEY, SECRET)
        .retry_policy(fast_retries())
        .transport(transport.clone())
        .build()
        .expect("client");
    let started = tokio::time::Instant::now();
    let err = c.send(Probe::get("rl")).await.expect_err("limited");
    assert!(err.api().is_some_and(|a| a.is_rate_limited()), "{err:?}");
    assert_eq!(started.elapsed(), Duration::ZERO, "the driver slept");
    assert_eq!(transport.hits(), 1);
}

#[tokio::test(start_paused = true)]
async fn a_429_resetting_soon_sleeps_until_the_reset() {
    let transport = Scripted::new(vec![rate_limited(now_unix() + 2)]);
    let c = Client::builder(KEY, SECRET)
        .retry_policy(fast_retries())
        .transport(transport.clone())
        .build()
        .expect("client");
    let started = tokio::time::Instant::now();
    c.send(Probe::get("rl")).await.expect("after the reset");
    // The reset is 2 s away in whole seconds (1 s if a second boundary passed meanwhile); the
    // backoff (at most 40 ms) applies only when it is longer.
    let slept = started.elapsed();
    assert!(slept >= ms(1000) && slept <= ms(2040), "slept {slept:?}");
    assert_eq!(transport.hits(), 2);
}

//! The `Call` state machine driven by hand: retries, backoff, rate limits, batch splitting.
use std::time::Duration;

use stream_core::endpoints::batch::FollowMany;
use stream_core::endpoints::feed::FeedRef;
use stream_core::models::follow::FollowRelation;
use stream_core::{
    ApiSecret, Call, Config, Error, ErrorCode, FeedId, Response, RetryPolicy, Step, TransportError,
    TransportErrorKind,
};

fn config() -> Config {
    Config::builder("key123", ApiSecret::new("secret456"))
        .base_url("http://127.0.0.1:1")
        .build()
        .unwrap()
}

fn ok_page() -> Response {
    Response::new(200, r#"{"results":[],"next":"","duration":"1ms"}"#)
}

/// Polls until the call asks to send, returning how many waits happened and their total.
fn next_send<E: stream_core::Endpoint>(call: &mut Call<'_, E>) -> Option<Duration> {
    let mut waited = Duration::ZERO;
    loop {
        match call.poll() {
            Step::Send(_) => return Some(waited),
            Step::Wait(d) => waited += d,
            Step::Done(_) => return None,
        }
    }
}

fn done<E: stream_core::Endpoint>(call: &mut Call<'_, E>) -> Result<E::Output, Error> {
    match call.poll() {
        Step::Done(r) => r,
        other => panic!(
            "expected Done, got {other:?}",
            other = matches!(other, Step::Send(_))
        ),
    }
}

#[test]
fn get_is_retried_on_503_then_succeeds() {
    let cfg = config();
    let feed = FeedRef::new("user", "alice").unwrap();
    let get = feed.get().limit(5);
    let mut call = Call::new(&cfg, &get);
    assert_eq!(next_send(&mut call), Some(Duration::ZERO));
    call.handle(Ok(Response::new(503, "busy")), 1_000, 0.0);
    let waited = next_send(&mut call).expect("a retry");
    assert_eq!(
        waited,
        Duration::from_millis(50),
        "first backoff is half of 100 ms at jitter 0"
    );
    call.handle(Ok(ok_page()), 1_000, 0.0);
    assert!(done(&mut call).is_ok());
    assert_eq!(call.attempts(), 2);
}

#[test]
fn retries_stop_after_the_policy_limit() {
    let cfg = config();
    let get = FeedRef::new("user", "alice").unwrap().get();
    let mut call = Call::new(&cfg, &get);
    for _ in 0..3 {
        assert!(next_send(&mut call).is_some());
        call.handle(
            Err(TransportError::new(TransportErrorKind::Timeout, "slow")),
            0,
            0.5,
        );
    }
    let err = done(&mut call).unwrap_err();
    assert!(err.is_timeout());
    assert_eq!(call.attempts(), 3, "one try plus the default two retries");
}

#[test]
fn post_is_not_retried_on_503() {
    let cfg = config();
    let feed = FeedRef::new("user", "alice").unwrap();
    let add = feed.add_activity(stream_core::models::activity::NewActivity::new(
        "user:alice",
        "post",
        "note:1",
    ));
    let mut call = Call::new(&cfg, &add);
    assert!(next_send(&mut call).is_some());
    call.handle(
        Ok(Response::new(
            503,
            r#"{"code":-1,"detail":"down","exception":"InternalError"}"#,
        )),
        0,
        0.0,
    );
    let err = done(&mut call).unwrap_err();
    assert_eq!(err.status(), Some(503));
    assert_eq!(call.attempts(), 1);
}

#[test]
fn opted_in_post_is_retried() {
    let cfg = config();
    let feed = FeedRef::new("user", "alice").unwrap();
    let add = feed.add_activity(stream_core::models::activity::NewActivity::new(
        "user:alice",
        "post",
        "note:1",
    ));
    let mut call = Call::new(&cfg, &add).retry_non_idempotent();
    assert!(next_send(&mut call).is_some());
    call.handle(
        Err(TransportError::new(TransportErrorKind::Connect, "refused")),
        0,
        0.0,
    );
    assert!(next_send(&mut call).is_some());
}

#[test]
fn rate_limit_reset_is_waited_for() {
    let cfg = config();
    let get = FeedRef::new("user", "alice").unwrap().get();
    let mut call = Call::new(&cfg, &get);
    assert!(next_send(&mut call).is_some());
    let limited = Response::new(
        429,
        r#"{"code":9,"detail":"Too many requests","exception":"RateLimitReached","status_code":429}"#,
    )
    .with_header("x-ratelimit-limit", "10")
    .with_header("x-ratelimit-remaining", "0")
    .with_header("x-ratelimit-reset", "1003");
    call.handle(Ok(limited), 1_000, 0.0);
    assert_eq!(next_send(&mut call), Some(Duration::from_secs(3)));
}

#[test]
fn rate_limit_too_far_away_fails_with_the_limit() {
    let cfg = config();
    let get = FeedRef::new("user", "alice").unwrap().get();
    let mut call = Call::new(&cfg, &get);
    assert!(next_send(&mut call).is_some());
    let limited = Response::new(429, r#"{"code":9,"exception":"RateLimitReached"}"#)
        .with_header("x-ratelimit-reset", "5000");
    call.handle(Ok(limited), 1_000, 0.0);
    let err = done(&mut call).unwrap_err();
    let api = err.api().unwrap();
    assert_eq!(api.code, Some(ErrorCode::RateLimitReached));
    assert_eq!(api.rate_limit.and_then(|r| r.reset), Some(5000));
}

#[test]
fn errors_are_not_retried_and_carry_stream_fields() {
    let cfg = config();
    let get = FeedRef::new("user", "alice").unwrap().get();
    let mut call = Call::new(&cfg, &get);
    assert!(next_send(&mut call).is_some());
    call.handle(
        Ok(Response::new(
            400,
            r#"{"code":6,"detail":"feed group user2 is not configured","exception":"FeedConfigException","status_code":400}"#,
        )),
        0,
        0.0,
    );
    let err = done(&mut call).unwrap_err();
    let shown = err.to_string();
    assert!(
        shown.contains("FeedConfigException") && shown.contains("not configured"),
        "{shown}"
    );
}

#[test]
fn oversized_batch_is_split_and_merged() {
    let cfg = config();
    let relations: Vec<FollowRelation> = (0..6_000)
        .map(|i| {
            FollowRelation::new(
                FeedId::parse(&format!("timeline:u{i}")).unwrap(),
                FeedId::parse("user:bob").unwrap(),
            )
        })
        .collect();
    let batch = FollowMany::new(relations);
    let mut call = Call::new(&cfg, &batch);
    assert_eq!(call.parts(), 3, "2,500 + 2,500 + 1,000");
    let mut sizes = Vec::new();
    loop {
        match call.poll() {
            Step::Send(req) => {
                let body: serde_json::Value =
                    serde_json::from_slice(&req.body.as_ref().unwrap().bytes).unwrap();
                sizes.push(body.as_array().unwrap().len());
            }
            Step::Wait(_) => continue,
            Step::Done(r) => {
                r.unwrap();
                break;
            }
        }
        call.handle(Ok(Response::new(201, r#"{"duration":"1ms"}"#)), 0, 0.0);
    }
    assert_eq!(sizes, vec![2_500, 2_500, 1_000]);
}

#[test]
fn invalid_input_fails_before_anything_is_sent() {
    let cfg = config();
    let relations = vec![FollowRelation::new(
        FeedId::parse("user:bob").unwrap(),
        FeedId::parse("user:bob").unwrap(),
    )];
    let batch = FollowMany::new(relations);
    let mut call = Call::new(&cfg, &batch);
    assert!(matches!(call.poll(), Step::Done(Err(Error::Build(_)))));
    assert_eq!(call.attempts(), 0);
}

#[test]
fn misuse_of_the_machine_is_an_error_not_a_panic() {
    let cfg = config();
    let get = FeedRef::new("user", "alice").unwrap().get();
    let mut call = Call::new(&cfg, &get).with_policy(RetryPolicy::none());
    assert!(next_send(&mut call).is_some());
    assert!(
        matches!(call.poll(), Step::Done(Err(_))),
        "poll while in flight"
    );
}

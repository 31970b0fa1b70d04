//! The `Call` driver contract at its edges: misuse is an error, never a panic; the blocking
//! runner sleeps the backoff it is told; responses never print their body.
use std::time::Duration;

use stream_core::endpoints::feed::FeedRef;
use stream_core::{ApiSecret, Call, Config, Method, Response, Step, run_blocking};

fn config() -> Config {
    Config::builder("key123", ApiSecret::new("secret456"))
        .base_url("http://127.0.0.1:1")
        .build()
        .expect("config")
}

const PAGE: &str = r#"{"results":[],"next":""}"#;

#[test]
fn polling_a_finished_call_is_an_error_not_a_panic() {
    let cfg = config();
    let get = FeedRef::new("user", "alice").expect("valid").get();
    let mut call = Call::new(&cfg, &get);
    assert!(matches!(call.poll(), Step::Send(_)));
    call.handle(Ok(Response::new(200, PAGE)), 0, 0.0);
    assert!(matches!(call.poll(), Step::Done(Ok(_))));
    match call.poll() {
        Step::Done(Err(e)) => assert!(e.to_string().contains("already finished"), "{e}"),
        _ => panic!("a second Done must be an error"),
    }
    // An outcome fed when nothing is in flight is ignored.
    call.handle(Ok(Response::new(500, "late")), 0, 0.0);
    assert_eq!(call.attempts(), 1);
}

#[test]
fn the_blocking_runner_sleeps_the_backoff_between_retries() {
    let cfg = config();
    let get = FeedRef::new("user", "alice").expect("valid").get();
    let mut answers = vec![Response::new(200, PAGE), Response::new(503, "busy")];
    let mut slept = Vec::new();
    let out = run_blocking(
        Call::new(&cfg, &get),
        |_| Ok(answers.pop().expect("at most two sends")),
        |d| slept.push(d),
        || (0, 0.0),
    );
    assert!(out.is_ok(), "{out:?}");
    assert_eq!(
        slept,
        [Duration::from_millis(50)],
        "half the 100 ms base at jitter 0"
    );
}

#[test]
fn responses_print_their_size_but_never_their_body() {
    let r = Response::new(200, "user data: alice@example.com").with_header("X-Rate", "1");
    let dbg = format!("{r:?}");
    assert!(!dbg.contains("alice@example.com"), "{dbg}");
    assert!(dbg.contains("body_len: 28"), "{dbg}");
    assert_eq!(Method::Post.to_string(), "POST");
}

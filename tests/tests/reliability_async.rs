//! Faults through `stream-async`: every scenario of
//! [`stream_tests::faults::matrix`] (resets, stalls, 5xx, 429s, bad bodies, oversized bodies,
//! redirects) ends with the documented typed error or a successful retry, within the timeout
//! budget, and a POST is never sent twice. `reliability_blocking.rs` runs the same list.
use std::time::Duration;
use stream_async::prelude::*;

use stream_async::{Client, Error};
use stream_core::endpoints::feed::FeedRef;
use stream_tests::faults::{self, Fault, FaultServer, MAX_RESPONSE_BYTES, REQUEST_TIMEOUT, Target};
use stream_tests::probe::Probe;
use stream_tests::{KEY, SECRET, fast_retries};

fn client(base_url: &str) -> Client {
    Client::builder(KEY, SECRET)
        .base_url(base_url)
        .request_timeout(REQUEST_TIMEOUT)
        .connect_timeout(Duration::from_millis(300))
        .retry_policy(fast_retries())
        .max_response_bytes(MAX_RESPONSE_BYTES)
        .build()
        .expect("client")
}

async fn send(base_url: &str, target: Target) -> Result<(), Error> {
    let c = client(base_url);
    match target {
        Target::Get => c.send(Probe::get("fault")).await.map(drop),
        Target::Post => c.send(Probe::post("fault")).await.map(drop),
        Target::Feed => c.send(FeedRef::new("user", "alice")?.get()).await.map(drop),
    }
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime")
}

#[test]
fn every_fault_ends_typed_in_time_without_duplicate_writes() {
    let rt = runtime();
    let handle = rt.handle().clone();
    // Each scenario thread drives its call on the shared runtime.
    let result = faults::run_all(|url, target| handle.block_on(send(url, target)));
    match result {
        Ok(n) => assert!(n >= 30, "only {n} scenarios"),
        Err(failures) => panic!(
            "{} scenarios failed:\n{}",
            failures.len(),
            failures.join("\n")
        ),
    }
}

#[tokio::test]
async fn one_client_survives_a_mix_of_faults_in_a_row() {
    let server = FaultServer::start(vec![
        Fault::Reset,
        Fault::ok(),
        Fault::ShortBody {
            status: 200,
            declared: 50,
            sent: b"{".to_vec(),
        },
        Fault::ok(),
        Fault::json(503, "{}"),
        Fault::ok(),
    ]);
    let c = client(&server.base_url());
    for _ in 0..3 {
        c.send(Probe::get("mix")).await.expect("each call recovers");
    }
    assert_eq!(server.hits(), 6);
    c.send(Probe::post("after"))
        .await
        .expect("a POST after the faults");
    assert_eq!(server.hits_for("POST"), 1);
}

#[tokio::test]
async fn a_dropped_call_future_does_not_hang_or_repeat() {
    // Cancelling a call (the caller's own timeout) leaves nothing running that sends again.
    let server = FaultServer::start(vec![Fault::StallBeforeHeaders]);
    // A request timeout far longer than the server needs to count the POST, so the call is
    // still pending when it is dropped.
    let c = Client::builder(KEY, SECRET)
        .base_url(server.base_url())
        .request_timeout(Duration::from_secs(5))
        .retry_policy(fast_retries())
        .build()
        .expect("client");
    // The call is dropped once the server has its POST (bounded: 10 s in 10 ms steps).
    let sent = async {
        for _ in 0..1_000 {
            if server.hits_for("POST") == 1 {
                return true;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        false
    };
    tokio::select! {
        result = c.send(Probe::post("x")) => panic!("the stalled call returned: {result:?}"),
        sent = sent => assert!(sent, "the POST never reached the server"),
    }
    // Longer than every backoff: anything left running would have sent again by now.
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(server.hits_for("POST"), 1);
    assert_eq!(server.hits(), 1);
}

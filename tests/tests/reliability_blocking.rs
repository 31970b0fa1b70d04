//! Faults through `stream-blocking`: every scenario of
//! [`stream_tests::faults::matrix`] (resets, stalls, 5xx, 429s, bad bodies, oversized bodies,
//! redirects) ends with the documented typed error or a successful retry, within the timeout
//! budget, and a POST is never sent twice. `reliability_async.rs` runs the same list.
use std::time::Duration;
use stream_blocking::prelude::*;

use stream_blocking::{Client, Error};
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

fn send(base_url: &str, target: Target) -> Result<(), Error> {
    let c = client(base_url);
    match target {
        Target::Get => c.send(Probe::get("fault")).map(drop),
        Target::Post => c.send(Probe::post("fault")).map(drop),
        Target::Feed => c.send(FeedRef::new("user", "alice")?.get()).map(drop),
    }
}

#[test]
fn every_fault_ends_typed_in_time_without_duplicate_writes() {
    match faults::run_all(send) {
        Ok(n) => assert!(n >= 30, "only {n} scenarios"),
        Err(failures) => panic!(
            "{} scenarios failed:\n{}",
            failures.len(),
            failures.join("\n")
        ),
    }
}

#[test]
fn one_client_survives_a_mix_of_faults_in_a_row() {
    // The same client (and connection pool) keeps working after each kind of fault.
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
        c.send(Probe::get("mix")).expect("each call recovers");
    }
    assert_eq!(server.hits(), 6);
    c.send(Probe::post("after"))
        .expect("a POST after the faults");
    assert_eq!(server.hits_for("POST"), 1);
}

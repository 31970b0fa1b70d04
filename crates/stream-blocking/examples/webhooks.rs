//! Testing a webhook handler offline: a handler listens on 127.0.0.1, the app's `webhook_url`
//! points at it, and the emulator delivers the events of a call's life (created, a member added,
//! ended) the way Stream does: POSTed JSON, signed with the API secret in `X-Signature`. The
//! handler verifies each signature, then reads the typed event.
//!
//! ```text
//! cargo run -p stream-blocking --example webhooks
//! ```
//! Runs against the in-process emulator only: Stream itself cannot reach a handler on this
//! machine (with credentials set, the example says so and stops).
mod common;

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::mpsc;
use std::time::Duration;

use common::{Result, Setup, check, check_eq};
use stream_blocking::models::v2::{CallRequest, MemberRequest, UserRequest, WebhookEvent};
use stream_blocking::prelude::*;
use stream_blocking::{ApiSecret, verify_webhook};

fn main() -> std::process::ExitCode {
    common::run_main("webhooks", run)
}

/// What a webhook handler does with one delivery: refuse a body whose signature does not
/// verify, else read the event.
fn handle(body: &[u8], signature: &str, secret: &ApiSecret) -> Option<WebhookEvent> {
    if !verify_webhook(body, signature, secret) {
        return None;
    }
    WebhookEvent::parse(body).ok()
}

/// A tiny HTTP handler on 127.0.0.1: every verified event goes to the returned channel (with
/// its `X-Webhook-Attempt`); answers 200, or 401 to a bad signature.
fn start_handler(secret: ApiSecret) -> Result<(String, mpsc::Receiver<(WebhookEvent, String)>)> {
    let listener = TcpListener::bind("127.0.0.1:0")?;
    let url = format!("http://{}/stream/webhooks", listener.local_addr()?);
    let (events, received) = mpsc::channel();
    std::thread::spawn(move || {
        for stream in listener.incoming().take(100).flatten() {
            let Some((headers, body)) = read_post(&stream) else {
                continue;
            };
            let signature = headers.get("x-signature").map_or("", String::as_str);
            let status = match handle(&body, signature, &secret) {
                Some(event) => {
                    let attempt = headers
                        .get("x-webhook-attempt")
                        .cloned()
                        .unwrap_or_default();
                    let _ = events.send((event, attempt));
                    "200 OK"
                }
                None => "401 Unauthorized",
            };
            let mut out = &stream;
            let _ = write!(out, "HTTP/1.1 {status}\r\ncontent-length: 0\r\n\r\n");
        }
    });
    Ok((url, received))
}

/// The headers (lowercase names) and body of one HTTP/1.1 request.
fn read_post(stream: &TcpStream) -> Option<(HashMap<String, String>, Vec<u8>)> {
    stream.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    reader.read_line(&mut line).ok()?;
    let mut headers = HashMap::new();
    for _ in 0..100 {
        line.clear();
        reader.read_line(&mut line).ok()?;
        let Some((name, value)) = line.trim_end().split_once(':') else {
            break;
        };
        headers.insert(name.trim().to_ascii_lowercase(), value.trim().to_owned());
    }
    let len: usize = headers.get("content-length")?.parse().ok()?;
    let mut body = vec![0; len.min(1 << 20)];
    reader.read_exact(&mut body).ok()?;
    Some((headers, body))
}

fn run(setup: &Setup) -> Result {
    let Some(emulator) = setup.emulator_handle() else {
        println!("skipped: Stream cannot deliver to a handler on 127.0.0.1");
        return Ok(());
    };
    let client = &setup.client;
    let (url, received) = start_handler(ApiSecret::new(emulator.api_secret()))?;
    client.send(client.v2_app().update().webhook_url(url.as_str()))?;
    println!("webhooks go to {url}");

    client.send(client.v2_users().upsert([
        UserRequest::new("alice").name("Alice"),
        UserRequest::new("bob").name("Bob"),
    ]))?;
    let call = client.video().call("default", "standup");
    client.send(
        call.create(
            CallRequest::new()
                .created_by_id("alice")
                .member(MemberRequest::new("alice")),
        ),
    )?;
    client.send(call.update_call_members().update(MemberRequest::new("bob")))?;
    client.send(call.end())?;

    let mut kinds = Vec::new();
    for _ in 0..3 {
        let (event, attempt) = received.recv_timeout(Duration::from_secs(10))?;
        println!(
            "webhook {} about {} (attempt {attempt})",
            event.kind(),
            event.call_cid().unwrap_or("?")
        );
        if let WebhookEvent::CallMemberAdded(added) = &event {
            check_eq(added.members.len(), 1, "one member added")?;
            check_eq(added.members[0].user_id.as_str(), "bob", "the member added")?;
        }
        kinds.push(event.kind().to_owned());
    }
    check_eq(
        kinds,
        vec![
            "call.created".to_owned(),
            "call.member_added".into(),
            "call.ended".into(),
        ],
        "the events, in order",
    )?;
    check(
        handle(
            b"{}",
            "0".repeat(64).as_str(),
            &ApiSecret::new(emulator.api_secret()),
        )
        .is_none(),
        "a forged delivery is refused",
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn runs_against_the_emulator() {
        super::run(&super::Setup::emulator().expect("emulator")).expect("example runs");
    }
}

//! A livestream end to end: create a call type for shows, create a show of it (in backstage),
//! go live with HLS, the host joins, record the show (start, stop, list the recording), stop,
//! end the call, and handle the webhook Stream sends about it (verify its `X-Signature`, then
//! read the typed event).
//!
//! ```text
//! cargo run -p stream-blocking --example livestream
//! ```
//! Runs against the in-process emulator unless `STREAM_API_KEY`/`STREAM_API_SECRET` are set.
mod common;

use common::{Result, Setup, check, check_eq};
use stream_blocking::models::v2::{
    BackstageSettingsRequest, CallRequest, CallSettingsRequest, FeatureMode, RecordSettingsRequest,
    UserRequest, VideoQuality, WebhookEvent,
};
use stream_blocking::prelude::*;
use stream_blocking::v2::{CallTypeRequest, RecordingType};
use stream_blocking::{ApiSecret, verify_webhook};

/// A `call.ended` webhook body and its `X-Signature` with the emulator's secret (`secret456`),
/// computed independently with Python's `hmac`.
const WEBHOOK_BODY: &[u8] =
    br#"{"type":"call.ended","call_cid":"livestream:show","reason":"ended by host"}"#;
const WEBHOOK_SIGNATURE: &str = "f8ba566bb906c832db7c88aa7bf271fcbf29a74b8e5e66d39baf28339c98a785";

fn main() -> std::process::ExitCode {
    common::run_main("livestream", run)
}

fn run(setup: &Setup) -> Result {
    let client = &setup.client;
    let host = setup.id("host");
    client.send(
        client
            .v2_users()
            .upsert([UserRequest::new(host.as_str()).name("Host")]),
    )?;

    let shows = setup.id("shows").replace(':', "_");
    let fields = CallTypeRequest::new()
        .grant(
            "host",
            ["join-backstage", "send-audio", "send-video", "end-call"],
        )
        .settings(
            CallSettingsRequest::new()
                .backstage(BackstageSettingsRequest::new().enabled(true))
                .recording(
                    RecordSettingsRequest::new()
                        .mode(FeatureMode::Available)
                        .quality(VideoQuality::P1080),
                ),
        );
    client.send(client.video().create_call_type(shows.as_str(), fields))?;
    println!("call type {shows} created");

    let show = client.video().call(shows.as_str(), setup.id("show"));
    let state = client.send(show.create(CallRequest::new().created_by_id(host.as_str())))?;
    check_eq(
        state.call.backstage,
        Some(true),
        "a new show waits in backstage",
    )?;
    let live = client.send(show.go_live().start_hls())?;
    println!("{} is live", live.call.cid);
    check_eq(
        live.call.backstage,
        Some(false),
        "a live show left backstage",
    )?;
    // The host's app joins the show over WebRTC; on the emulator its test API stands in.
    if let Some(emulator) = setup.emulator_handle() {
        emulator.join_call(show.call_type(), show.id(), host.as_str());
    }
    record(setup, &show)?;
    let stopped = client.send(show.stop_live())?;
    check_eq(
        stopped.call.backstage,
        Some(true),
        "a stopped show is back in backstage",
    )?;
    client.send(show.end())?;
    client.send(show.delete().hard(true))?;
    client.send(client.video().delete_call_type(shows.as_str()))?;
    println!("show ended, call and call type deleted");

    // What a webhook handler does with each delivery: verify, then read.
    if setup.is_emulator() {
        let secret = ApiSecret::new("secret456");
        check(
            verify_webhook(WEBHOOK_BODY, WEBHOOK_SIGNATURE, &secret),
            "the webhook's signature verifies",
        )?;
        match WebhookEvent::parse(WEBHOOK_BODY)? {
            WebhookEvent::CallEnded(e) => {
                println!("webhook: {} ended ({:?})", e.call_cid, e.reason);
            }
            other => println!("webhook: {}", other.kind()),
        }
        check(
            !verify_webhook(b"{}", WEBHOOK_SIGNATURE, &secret),
            "a changed body does not verify",
        )?;
    }
    Ok(())
}

/// Records the show: start, stop, then list what was recorded. Stream refuses to record a call
/// nobody has joined; against Stream (where no client joins here) that answer is shown.
fn record(setup: &Setup, show: &stream_blocking::v2::VideoCall) -> Result {
    let client = &setup.client;
    match client.send(show.start_recording(RecordingType::Composite)) {
        Ok(_) => {}
        Err(e) if !setup.is_emulator() && e.to_string().contains("no active session") => {
            println!("nobody joined, so Stream does not record: {e}");
            return Ok(());
        }
        Err(e) => return Err(e.into()),
    }
    let on_air = client.send(show.get())?;
    check_eq(on_air.call.recording, Some(true), "the show is recording")?;
    client.send(show.stop_recording(RecordingType::Composite))?;
    let recordings = client.send(show.list_recordings())?.recordings;
    check_eq(recordings.len(), 1, "one recording")?;
    for r in &recordings {
        println!("recorded {} ({})", r.filename, r.url);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn runs_against_the_emulator() {
        super::run(&super::Setup::emulator().expect("emulator")).expect("example runs");
    }
}

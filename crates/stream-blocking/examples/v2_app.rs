//! v2 app settings, call types and tasks: read the app, set its webhook URL (emulator only: it
//! would change a real app's deliveries), create a call type and start a call of it, change and
//! delete the type, and poll the task a user deletion answers.
//!
//! ```text
//! cargo run -p stream-blocking --example v2_app
//! ```
//! Runs against the in-process emulator unless `STREAM_API_KEY`/`STREAM_API_SECRET` are set.
mod common;

use common::{Result, Setup, check, check_eq};
use stream_blocking::models::v2::{
    AudioDevice, AudioSettingsRequest, BackstageSettingsRequest, CallRequest, CallSettingsRequest,
    LimitsSettingsRequest, UserRequest,
};
use stream_blocking::prelude::*;
use stream_blocking::v2::CallTypeRequest;

fn main() -> std::process::ExitCode {
    common::run_main("v2_app", run)
}

fn run(setup: &Setup) -> Result {
    let client = &setup.client;
    let app = client.send(client.v2_app().get())?;
    println!(
        "app {} · call types {:?}",
        app.app.name,
        app.app.call_types.keys().collect::<Vec<_>>()
    );
    if setup.is_emulator() {
        client.send(
            client
                .v2_app()
                .update()
                .webhook_url("https://example.com/stream-webhooks"),
        )?;
        let app = client.send(client.v2_app().get())?;
        check_eq(
            app.app.webhook_url.as_str(),
            "https://example.com/stream-webhooks",
            "the webhook URL after the update",
        )?;
    }

    let type_name = setup.id("town_hall").replace(':', "_");
    let fields = CallTypeRequest::new()
        .grant("host", ["join-backstage", "send-audio", "send-video"])
        .settings(
            CallSettingsRequest::new()
                .backstage(BackstageSettingsRequest::new().enabled(true))
                .audio(AudioSettingsRequest::new().default_device(AudioDevice::Speaker)),
        );
    let created = client.send(client.video().create_call_type(type_name.as_str(), fields))?;
    println!("created call type {}", created.name);
    let host = setup.id("host");
    client.send(client.v2_users().upsert([UserRequest::new(host.as_str())]))?;
    let call = client.video().call(type_name.as_str(), setup.id("meeting"));
    let state = client.send(
        call.create(
            CallRequest::new()
                .created_by_id(host.as_str())
                .settings_override(
                    CallSettingsRequest::new()
                        .limits(LimitsSettingsRequest::new().max_duration_seconds(3600)),
                ),
        ),
    )?;
    let settings = &state.call.settings;
    check(
        settings.backstage.enabled,
        "a call of the type starts from its settings",
    )?;
    check_eq(
        settings.limits.max_duration_seconds,
        Some(3600),
        "the call's own override on top",
    )?;
    println!("RTMP ingress: {}", state.call.ingress.rtmp.address);
    client.send(call.delete().hard(true))?;
    client.send(client.video().update_call_type(
        type_name.as_str(),
        CallTypeRequest::new().settings(
            CallSettingsRequest::new().backstage(BackstageSettingsRequest::new().enabled(false)),
        ),
    ))?;
    client.send(client.video().delete_call_type(type_name.as_str()))?;
    println!("changed and deleted call type {type_name}");

    let deleted = client.send(client.v2_users().delete([host.as_str()]))?;
    let task_id = deleted.task_id.unwrap_or_default();
    let task = client.send(client.v2_task(task_id.as_str()))?;
    println!("task {} is {}", task.task_id, task.status);
    check(
        task.task_id == task_id && !task.status.is_empty(),
        "the deletion's task can be polled",
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

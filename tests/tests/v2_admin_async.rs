//! The v2 app, call type, task, call action and user block operations in `stream-async`,
//! against the in-process emulator: app settings, call types (and calls that use them), tasks,
//! actions on a call's participants, app-wide user blocks and exports, a call's unknown creator
//! and the limits refused before sending. `v2_admin_blocking.rs` drives the same list through
//! `stream-blocking`.
use std::time::Duration;
use stream_async::prelude::*;

use stream_async::models::v2::{
    AudioDevice, AudioSettingsRequest, BackstageSettingsRequest, CallRequest, CallSettingsRequest,
    EventNotificationSettingsRequest, FeatureMode, LayoutName, LayoutSettingsRequest,
    LimitsSettingsRequest, NotificationSettingsRequest, RecordSettingsRequest,
    SessionSettingsRequest, TranscriptionSettingsRequest, UserRequest, VideoQuality,
};
use stream_async::v2::CallTypeRequest;
use stream_async::{Client, Error, ErrorCode};
use stream_emulator::Emulator;

async fn start() -> (Emulator, Client) {
    let emu = Emulator::start().await.expect("emulator starts");
    let client = Client::builder(emu.api_key(), emu.api_secret())
        .base_url(emu.base_url())
        .request_timeout(Duration::from_secs(5))
        .build()
        .expect("client");
    (emu, client)
}

#[tokio::test]
async fn app_settings_read_and_change() -> Result<(), Error> {
    let (_emu, client) = start().await;
    let app = client.send(client.v2_app().get()).await?;
    assert_eq!(app.app.webhook_url, "");
    assert!(app.app.call_types.contains_key("livestream"));
    client
        .send(
            client
                .v2_app()
                .update()
                .webhook_url("https://example.com/hook")
                .webhook_events(["call.created"])
                .multi_tenant_enabled(true),
        )
        .await?;
    let app = client.send(client.v2_app().get()).await?;
    assert_eq!(app.app.webhook_url, "https://example.com/hook");
    assert_eq!(app.app.webhook_events, ["call.created"]);
    assert!(app.app.multi_tenant_enabled);
    let err = client
        .send(client.v2_app().update().set("no_such_setting", true))
        .await
        .expect_err("unknown field");
    assert_eq!(err.api().and_then(|a| a.code), Some(ErrorCode::Input));
    Ok(())
}

#[tokio::test]
async fn call_types_lifecycle_and_calls_that_use_them() -> Result<(), Error> {
    let (_emu, client) = start().await;
    let video = client.video();
    let fields = CallTypeRequest::new()
        .grant("admin", ["send-audio", "send-video"])
        .settings(
            CallSettingsRequest::new()
                .audio(AudioSettingsRequest::new().default_device(AudioDevice::Earpiece)),
        )
        .notification_settings(
            NotificationSettingsRequest::new()
                .call_ring(EventNotificationSettingsRequest::new().enabled(false)),
        );
    let created = client
        .send(video.create_call_type("town_hall", fields))
        .await?;
    assert_eq!(created.name, "town_hall");
    assert_eq!(created.grants["admin"], ["send-audio", "send-video"]);
    assert_eq!(created.settings.audio.default_device, AudioDevice::Earpiece);
    assert!(!created.notification_settings.call_ring.enabled);
    assert!(created.notification_settings.call_missed.enabled);

    let call = video.call("town_hall", "c1");
    let state = client
        .send(call.create(CallRequest::new().created_by_id("alice")))
        .await?;
    assert_eq!(
        state.call.settings.audio.default_device,
        AudioDevice::Earpiece
    );

    let updated = client
        .send(video.update_call_type(
            "town_hall",
            CallTypeRequest::new().settings(
                CallSettingsRequest::new().backstage(BackstageSettingsRequest::new().enabled(true)),
            ),
        ))
        .await?;
    assert!(updated.settings.backstage.enabled);
    let listed = client.send(video.call_types()).await?;
    assert!(listed.call_types.contains_key("town_hall"));
    client.send(video.delete_call_type("town_hall")).await?;
    let err = client
        .send(video.call_type("town_hall"))
        .await
        .expect_err("deleted");
    assert_eq!(err.api().map(|a| a.status), Some(404));
    Ok(())
}

/// The overrides a call is created with, one per kind of group.
fn overrides() -> CallSettingsRequest {
    CallSettingsRequest::new()
        .backstage(
            BackstageSettingsRequest::new()
                .enabled(true)
                .join_ahead_time_seconds(300),
        )
        .limits(
            LimitsSettingsRequest::new()
                .max_duration_seconds(3600)
                .max_participants(20),
        )
        .session(SessionSettingsRequest::new().inactivity_timeout_seconds(90))
        .recording(
            RecordSettingsRequest::new()
                .mode(FeatureMode::AutoOn)
                .quality(VideoQuality::P1080)
                .layout(
                    LayoutSettingsRequest::new()
                        .name(LayoutName::Custom)
                        .external_css_url("https://example.com/rec.css"),
                ),
        )
}

#[tokio::test]
async fn a_call_answers_its_typed_overrides_and_ingress() -> Result<(), Error> {
    let (emu, client) = start().await;
    let call = client.video().call("default", "typed");
    let state = client
        .send(
            call.create(
                CallRequest::new()
                    .created_by_id("alice")
                    .settings_override(overrides()),
            ),
        )
        .await?;
    let s = &state.call.settings;
    assert!(s.backstage.enabled);
    assert_eq!(s.backstage.join_ahead_time_seconds, Some(300));
    assert_eq!(s.limits.max_duration_seconds, Some(3600));
    assert_eq!(s.limits.max_participants, Some(20));
    assert_eq!(s.session.inactivity_timeout_seconds, 90);
    assert_eq!(s.recording.mode, FeatureMode::AutoOn);
    assert_eq!(s.recording.quality, VideoQuality::P1080);
    assert_eq!(s.recording.layout.name, LayoutName::Custom);
    assert_eq!(
        s.recording.layout.external_css_url,
        "https://example.com/rec.css"
    );
    // Groups not overridden keep the type's defaults.
    assert_eq!(s.audio.default_device, AudioDevice::Speaker);
    assert_eq!(s.transcription.mode, FeatureMode::Disabled);
    let host = emu.base_url().trim_start_matches("http://");
    assert_eq!(
        state.call.ingress.rtmp.address,
        format!("rtmps://{host}/{}.default.typed", emu.api_key())
    );
    assert!(state.call.ingress.srt.address.starts_with("srt://"));

    let updated =
        client
            .send(call.update().settings_override(
                CallSettingsRequest::new().transcription(
                    TranscriptionSettingsRequest::new().mode(FeatureMode::Available),
                ),
            ))
            .await?;
    let s = &updated.call.settings;
    assert_eq!(s.transcription.mode, FeatureMode::Available);
    assert_eq!(
        s.limits.max_duration_seconds,
        Some(3600),
        "earlier overrides stay"
    );
    let read = client.send(call.get()).await?;
    assert_eq!(read.call.settings, updated.call.settings);
    Ok(())
}

#[tokio::test]
async fn tasks_report_what_a_deletion_did() -> Result<(), Error> {
    let (_emu, client) = start().await;
    client
        .send(client.v2_users().upsert([UserRequest::new("dave")]))
        .await?;
    let deleted = client.send(client.v2_users().delete(["dave"])).await?;
    let task_id = deleted.task_id.expect("a task id");
    let task = client.send(client.v2_task(task_id.as_str())).await?;
    assert_eq!(task.task_id, task_id);
    assert!(task.is_finished());
    assert_eq!(task.status, "completed");
    assert_eq!(task.result.expect("result")["dave"]["status"], "ok");
    let err = client
        .send(client.v2_task("11111111-2222-4333-8444-555555555555"))
        .await
        .expect_err("unknown task");
    let api = err.api().expect("a v2 error body is read");
    assert_eq!((api.status, api.raw_code), (404, Some(16)));
    Ok(())
}

#[tokio::test]
async fn a_calls_unknown_creator_is_created() -> Result<(), Error> {
    let (_emu, client) = start().await;
    let call = client.video().call("default", "by-newcomer");
    let state = client
        .send(call.create(CallRequest::new().created_by_id("newcomer")))
        .await?;
    let creator = state.call.created_by.expect("creator");
    assert_eq!(creator.id, "newcomer");
    Ok(())
}

#[tokio::test]
async fn actions_on_a_calls_participants() -> Result<(), Error> {
    let (_emu, client) = start().await;
    client
        .send(client.v2_users().upsert([UserRequest::new("bob")]))
        .await?;
    let call = client.video().call("default", "moderated");
    client
        .send(call.create(CallRequest::new().created_by_id("alice")))
        .await?;
    client.send(call.block_user("dave")).await?;
    let state = client.send(call.get()).await?;
    assert_eq!(state.call.blocked_user_ids, ["dave"]);
    client.send(call.unblock_user("dave")).await?;
    let state = client.send(call.get()).await?;
    assert!(state.call.blocked_user_ids.is_empty());
    client
        .send(call.mute_users().users(["bob"]).audio().muted_by("alice"))
        .await?;
    client.send(call.mute_users().all().video()).await?;
    client
        .send(
            call.update_user_permissions("bob")
                .grant(["send-audio"])
                .revoke(["screenshare"]),
        )
        .await?;
    client
        .send(call.send_event("alice").custom("bananas", "good"))
        .await?;
    let live = client.video().call("livestream", "show");
    let state = client
        .send(live.create(CallRequest::new().created_by_id("alice")))
        .await?;
    assert_eq!(state.call.backstage, Some(true));
    let on_air = client
        .send(live.go_live().start_hls().start_recording())
        .await?;
    assert_eq!(
        (on_air.call.backstage, on_air.call.recording),
        (Some(false), Some(true))
    );
    let off_air = client.send(live.stop_live()).await?;
    assert_eq!(
        (off_air.call.backstage, off_air.call.recording),
        (Some(true), Some(false))
    );
    let nothing_muted = call.mute_users().users(["bob"]);
    assert!(matches!(
        client.send(nothing_muted).await,
        Err(Error::Build(_))
    ));
    let missing = client.video().call("default", "nope").block_user("dave");
    let err = client.send(missing).await.expect_err("no such call");
    assert_eq!(err.api().map(|a| a.status), Some(404));
    Ok(())
}

#[tokio::test]
async fn app_wide_blocks_and_exports() -> Result<(), Error> {
    let (_emu, client) = start().await;
    let users = client.v2_users();
    client
        .send(users.upsert([UserRequest::new("alice"), UserRequest::new("bob")]))
        .await?;
    let block = client.send(users.block("alice", "bob")).await?;
    assert_eq!(
        (
            block.blocked_by_user_id.as_str(),
            block.blocked_user_id.as_str()
        ),
        ("alice", "bob")
    );
    let blocks = client.send(users.blocked_by("alice")).await?;
    assert_eq!(blocks.blocks.len(), 1);
    assert_eq!(blocks.blocks[0].blocked_user_id, "bob");
    client.send(users.unblock("alice", "bob")).await?;
    assert!(
        client
            .send(users.blocked_by("alice"))
            .await?
            .blocks
            .is_empty()
    );
    let export = client.send(users.export("alice")).await?;
    assert_eq!(export.user.map(|u| u.id).as_deref(), Some("alice"));
    assert!(matches!(
        client.send(users.block("alice", "alice")).await,
        Err(Error::Build(_))
    ));
    Ok(())
}

#[tokio::test]
async fn ids_over_the_limits_never_leave_the_client() {
    let (_emu, client) = start().await;
    let slash = client.video().call("default", "a/b").get();
    assert!(matches!(client.send(slash).await, Err(Error::Build(_))));
    let long = "u".repeat(256);
    let task = client.v2_task(long.as_str());
    assert!(matches!(client.send(task).await, Err(Error::Build(_))));
}

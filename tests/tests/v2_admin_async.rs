//! The v2 app, call type, task, call action and user block operations in `stream-async`,
//! against the in-process emulator: app settings, call types (and calls that use them), tasks,
//! actions on a call's participants (kick, pin, ring, query), recordings, transcriptions,
//! captions and broadcasts, app-wide user blocks and exports, push devices, guests, a call's
//! unknown creator and the limits refused before sending (ids, bodies, filter operators: the
//! emulator holds the same ones). `v2_admin_blocking.rs` drives the same list through
//! `stream-blocking`.
use std::time::Duration;
use stream_async::prelude::*;

use serde_json::json;
use stream_async::models::v2::{
    AudioDevice, AudioSettingsRequest, BackstageSettingsRequest, CallRequest, CallSettingsRequest,
    EventNotificationSettingsRequest, FeatureMode, LayoutName, LayoutSettingsRequest,
    LimitsSettingsRequest, NotificationSettingsRequest, PushProvider, RecordSettingsRequest,
    RtmpBroadcastRequest, SessionSettingsRequest, TranscriptionSettingsRequest, UserRequest,
    VideoQuality,
};
use stream_async::v2::{CallTypeRequest, RecordingType};
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
async fn deactivating_and_reactivating_many_run_as_tasks() -> Result<(), Error> {
    let (_emu, client) = start().await;
    let users = client.v2_users();
    client
        .send(users.upsert([UserRequest::new("bob"), UserRequest::new("carol")]))
        .await?;
    let off = client
        .send(
            users
                .deactivate_many(["bob", "carol"])
                .mark_messages_deleted(true),
        )
        .await?;
    let task = client
        .send(client.v2_task(off.task_id.expect("a task id").as_str()))
        .await?;
    assert_eq!(task.status, "completed");
    assert_eq!(task.result.expect("result")["carol"]["status"], "ok");
    let again = client
        .send(users.deactivate("bob"))
        .await?
        .user
        .and_then(|u| u.deactivated_at);
    assert!(again.is_some(), "a deactivated user shows deactivated_at");
    let on = client
        .send(
            users
                .reactivate_many(["bob", "carol"])
                .restore_messages(true),
        )
        .await?;
    assert!(on.task_id.is_some());
    let err = client
        .send(users.reactivate("carol").name("Carol"))
        .await
        .expect_err("carol is active");
    assert_eq!(err.api().and_then(|a| a.code), Some(ErrorCode::Input));
    Ok(())
}

#[tokio::test]
async fn push_devices_register_list_and_delete() -> Result<(), Error> {
    let (_emu, client) = start().await;
    let users = client.v2_users();
    client
        .send(users.upsert([UserRequest::new("alice")]))
        .await?;
    client
        .send(
            users
                .create_device("alice", "apns-1", PushProvider::Apn)
                .push_provider_name("prod-ios")
                .voip_token(true),
        )
        .await?;
    client
        .send(users.create_device("alice", "fcm-1", PushProvider::Firebase))
        .await?;
    let listed = client.send(users.devices("alice")).await?;
    let ids: Vec<&str> = listed.devices.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(ids, ["apns-1", "fcm-1"]);
    let apns = &listed.devices[0];
    assert_eq!(apns.provider(), Some(PushProvider::Apn));
    assert_eq!(apns.push_provider_name.as_deref(), Some("prod-ios"));
    assert_eq!((apns.user_id.as_str(), apns.voip), ("alice", Some(true)));
    assert!(apns.created_at.is_some());
    client.send(users.delete_device("alice", "apns-1")).await?;
    let listed = client.send(users.devices("alice")).await?;
    assert_eq!(listed.devices.len(), 1);
    let err = client
        .send(users.delete_device("alice", "apns-1"))
        .await
        .expect_err("already deleted");
    assert_eq!(err.api().map(|a| a.status), Some(404));
    let err = client
        .send(users.devices("ghost"))
        .await
        .expect_err("no such user");
    assert_eq!(err.api().and_then(|a| a.code), Some(ErrorCode::Input));
    Ok(())
}

#[tokio::test]
async fn a_guest_gets_a_token_the_emulator_accepts() -> Result<(), Error> {
    let (emu, client) = start().await;
    let guest = client
        .send(
            client
                .v2_users()
                .create_guest(UserRequest::new("visitor").name("Visitor")),
        )
        .await?;
    assert_eq!(guest.user.role.as_deref(), Some("guest"));
    assert!(
        guest.user.id.starts_with("guest-visitor-"),
        "{}",
        guest.user.id
    );
    assert!(!format!("{guest:?}").contains(&guest.access_token));
    let as_guest = Client::builder_with_user_token(emu.api_key(), guest.access_token.as_str())
        .base_url(emu.base_url())
        .request_timeout(Duration::from_secs(5))
        .build()
        .expect("a client for the guest");
    let own = as_guest.feed("user", &guest.user.id)?;
    assert!(as_guest.send(own.get()).await?.results.is_empty());
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
    let many = client.send(users.export_many(["alice", "bob"])).await?;
    let task = client
        .send(client.v2_task(many.task_id.expect("a task id").as_str()))
        .await?;
    assert_eq!(task.status, "completed");
    assert_eq!(task.result.expect("result")["bob"]["status"], "ok");
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

/// A condition using `op` with an argument of the kind it takes.
fn condition(op: &str) -> serde_json::Value {
    match op {
        "$in" | "$nin" => json!({op: ["alice"]}),
        "$exists" => json!({op: true}),
        _ => json!({op: "alice"}),
    }
}

#[tokio::test]
async fn core_and_the_emulator_hold_the_same_filter_and_body_limits() -> Result<(), Error> {
    use stream_async::BuildError;
    use stream_async::v2::{FILTER_OPERATORS, MAX_BODY_BYTES};
    let (_emu, client) = start().await;
    // Every operator core lets through, the emulator answers.
    for op in FILTER_OPERATORS {
        let filter = json!({"id": condition(op)}).as_object().cloned().unwrap();
        client
            .send(client.v2_users().query(filter.clone()))
            .await
            .unwrap_or_else(|e| panic!("{op}: {e}"));
        client
            .send(client.video().query_calls().filter(filter))
            .await
            .unwrap_or_else(|e| panic!("{op}: {e}"));
    }
    let regex = json!({"id": {"$regex": "a"}}).as_object().cloned().unwrap();
    match client
        .send(client.video().query_calls().filter(regex))
        .await
    {
        Err(Error::Build(BuildError::UnknownFilterOperator { operator, .. })) => {
            assert_eq!(operator, "$regex");
        }
        other => panic!("{other:?}"),
    }
    // A body of exactly the cap is answered; one byte more never leaves the client.
    let upsert = |n: usize| {
        client
            .v2_users()
            .upsert([UserRequest::new("alice").custom("pad", "x".repeat(n))])
    };
    let overhead = client
        .config()
        .build_request(&upsert(0))?
        .body
        .unwrap()
        .bytes
        .len();
    client.send(upsert(MAX_BODY_BYTES - overhead)).await?;
    assert!(matches!(
        client.send(upsert(MAX_BODY_BYTES - overhead + 1)).await,
        Err(Error::Build(BuildError::BodyTooLarge { .. }))
    ));
    Ok(())
}

#[tokio::test]
async fn recordings_transcriptions_and_captions() -> Result<(), Error> {
    let (emu, client) = start().await;
    let call = client.video().call("livestream", "rec");
    client
        .send(call.create(CallRequest::new().created_by_id("alice")))
        .await?;
    let nobody = client
        .send(call.start_recording(RecordingType::Composite))
        .await;
    let err = nobody.expect_err("nobody joined");
    assert_eq!(err.api().map(|a| a.status), Some(400));
    assert!(
        err.to_string().contains("there is no active session"),
        "{err}"
    );
    emu.join_call("livestream", "rec", "alice").expect("joins");
    client
        .send(call.start_recording(RecordingType::Composite))
        .await?;
    client
        .send(call.start_transcription().language("en"))
        .await?;
    client.send(call.start_closed_captions()).await?;
    let state = client.send(call.get()).await?;
    assert_eq!(
        (
            state.call.recording,
            state.call.transcribing,
            state.call.captioning
        ),
        (Some(true), Some(true), Some(true))
    );
    client.send(call.stop_closed_captions()).await?;
    client.send(call.stop_transcription()).await?;
    client
        .send(call.stop_recording(RecordingType::Composite))
        .await?;
    let again = client
        .send(call.stop_recording(RecordingType::Composite))
        .await;
    assert!(
        again
            .expect_err("not running")
            .to_string()
            .contains("call egress is not running")
    );
    let recordings = client.send(call.list_recordings()).await?.recordings;
    assert_eq!(recordings.len(), 1);
    let rec = &recordings[0];
    assert!(rec.filename.ends_with(".mp4") && rec.url.starts_with(emu.base_url()));
    assert!(rec.start_time.is_some() && rec.end_time.is_some());
    let transcriptions = client
        .send(call.list_transcriptions())
        .await?
        .transcriptions;
    assert_eq!(transcriptions.len(), 1);
    let t = &transcriptions[0];
    client
        .send(call.delete_transcription(t.session_id.as_str(), t.filename.as_str()))
        .await?;
    client
        .send(call.delete_recording(rec.session_id.as_str(), rec.filename.as_str()))
        .await?;
    assert!(
        client
            .send(call.list_recordings())
            .await?
            .recordings
            .is_empty()
    );
    Ok(())
}

#[tokio::test]
async fn hls_and_rtmp_broadcasts() -> Result<(), Error> {
    let (emu, client) = start().await;
    let call = client.video().call("livestream", "cast");
    client
        .send(call.create(CallRequest::new().created_by_id("alice")))
        .await?;
    emu.join_call("livestream", "cast", "alice").expect("joins");
    let hls = client.send(call.start_hls_broadcasting()).await?;
    assert!(hls.playlist_url.ends_with(".m3u8"), "{}", hls.playlist_url);
    let youtube = RtmpBroadcastRequest::new("youtube", "rtmps://a.rtmp.youtube.com/live2")
        .stream_key("abcd-1234");
    let twitch = RtmpBroadcastRequest::new("twitch", "rtmp://live.twitch.tv/app");
    client
        .send(call.start_rtmp_broadcasts([youtube, twitch]))
        .await?;
    let egress = client
        .send(call.get())
        .await?
        .call
        .egress
        .unwrap_or_default();
    assert_eq!(egress["broadcasting"], true);
    assert_eq!(egress["rtmps"].as_array().map(Vec::len), Some(2));
    client.send(call.stop_rtmp_broadcast("youtube")).await?;
    let twice = client.send(call.stop_rtmp_broadcast("youtube")).await;
    assert_eq!(
        twice.expect_err("stopped").api().map(|a| a.status),
        Some(400)
    );
    client.send(call.stop_all_rtmp_broadcasts()).await?;
    client.send(call.stop_hls_broadcasting()).await?;
    let egress = client
        .send(call.get())
        .await?
        .call
        .egress
        .unwrap_or_default();
    assert_eq!(egress["broadcasting"], false);
    assert_eq!(egress["rtmps"], json!([]));
    Ok(())
}

#[tokio::test]
async fn participants_kicked_pinned_and_rung() -> Result<(), Error> {
    let (emu, client) = start().await;
    client
        .send(
            client
                .v2_users()
                .upsert([UserRequest::new("alice"), UserRequest::new("bob")]),
        )
        .await?;
    let call = client.video().call("default", "people");
    let data = CallRequest::new()
        .created_by_id("alice")
        .member(stream_async::models::v2::MemberRequest::new("bob"));
    client.send(call.create(data)).await?;
    let rung = client.send(call.ring().video()).await?;
    assert_eq!(rung.members_ids, ["bob"]);
    emu.join_call("default", "people", "alice").expect("joins");
    let session = emu.join_call("default", "people", "bob").expect("joins");
    let everyone = client.send(call.query_participants()).await?;
    assert_eq!(everyone.total_participants, 2);
    let mut only_bob = serde_json::Map::new();
    only_bob.insert("user_id".into(), json!({"$eq": "bob"}));
    let bob = client
        .send(call.query_participants().filter(only_bob).limit(5))
        .await?;
    assert_eq!(bob.participants.len(), 1);
    assert_eq!(bob.participants[0].user_session_id, session);
    assert_eq!(bob.participants[0].user.id, "bob");
    client.send(call.pin("bob", session.as_str())).await?;
    client.send(call.unpin("bob", session.as_str())).await?;
    let stranger = client.send(call.pin("alice", session.as_str())).await;
    assert_eq!(
        stranger.expect_err("not hers").api().map(|a| a.status),
        Some(400)
    );
    client
        .send(call.kick_user("bob").block().kicked_by("alice"))
        .await?;
    let left = client.send(call.query_participants()).await?;
    assert_eq!(left.total_participants, 1);
    assert_eq!(left.call.blocked_user_ids, ["bob"]);
    assert_eq!(emu.join_call("default", "people", "bob"), None);
    Ok(())
}

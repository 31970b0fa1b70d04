//! Response JSON as the v2 SDKs read it: every required field present, lists and maps as `[]`/`{}`
//! rather than `null`, timestamps as unix-nanosecond integers.
use axum::http::StatusCode;
use serde_json::{Map, Value, json};

use super::auth::ServerCaller;
use super::error::V2Error;
use super::state::{V2Call, V2Member, V2User};
use crate::reply::{Reply, answer};

/// The built-in call types.
pub(crate) const BUILTIN_CALL_TYPES: [&str; 3] = ["default", "livestream", "audio_room"];

/// Fixed creation time of the built-in call types (2024-01-01T00:00:00Z).
pub(crate) const BUILTIN_TYPES_CREATED: i64 = 1_704_067_200_000_000_000;

/// What a server-side caller may do in any call.
const SERVER_CAPABILITIES: [&str; 16] = [
    "block-users",
    "create-call",
    "create-reaction",
    "end-call",
    "join-backstage",
    "join-call",
    "join-ended-call",
    "mute-users",
    "read-call",
    "remove-call-member",
    "screenshare",
    "send-audio",
    "send-video",
    "update-call",
    "update-call-member",
    "update-call-settings",
];

/// The capabilities of a server-side caller.
pub(crate) fn own_capabilities() -> Value {
    json!(SERVER_CAPABILITIES)
}

/// A user as `FullUserResponse` (also used where a `UserResponse` is expected).
pub(crate) fn user(u: &V2User) -> Value {
    let mut v = json!({
        "id": u.id,
        "role": u.role,
        "banned": false,
        "online": false,
        "invisible": u.invisible,
        "language": u.language,
        "shadow_banned": false,
        "total_unread_count": 0,
        "unread_channels": 0,
        "unread_count": 0,
        "unread_threads": 0,
        "created_at": u.created_at,
        "updated_at": u.updated_at,
        "blocked_user_ids": u.blocked.keys().collect::<Vec<_>>(),
        "channel_mutes": [],
        "devices": [],
        "mutes": [],
        "teams": u.teams,
        "custom": u.custom,
    });
    if let Some(obj) = v.as_object_mut() {
        if let Some(n) = &u.name {
            obj.insert("name".into(), json!(n));
        }
        if let Some(i) = &u.image {
            obj.insert("image".into(), json!(i));
        }
        if !u.privacy_settings.is_empty() {
            let settings = Value::Object(u.privacy_settings.clone());
            obj.insert("privacy_settings".into(), settings);
        }
        if !u.teams_role.is_empty() {
            obj.insert("teams_role".into(), Value::Object(u.teams_role.clone()));
        }
        if let Some(t) = u.deactivated_at {
            obj.insert("deactivated_at".into(), json!(t));
        }
        if let Some(t) = u.deleted_at {
            obj.insert("deleted_at".into(), json!(t));
        }
    }
    v
}

/// A placeholder for a user that no longer exists (hard-deleted creator).
pub(crate) fn missing_user(id: &str) -> Value {
    user(&V2User {
        id: id.to_owned(),
        role: "user".into(),
        ..V2User::default()
    })
}

/// A member as `MemberResponse`.
pub(crate) fn member(m: &V2Member, u: Option<&V2User>) -> Value {
    let mut v = json!({
        "user_id": m.user_id,
        "custom": m.custom,
        "created_at": m.created_at,
        "updated_at": m.updated_at,
        "user": u.map_or_else(|| missing_user(&m.user_id), user),
    });
    if let (Some(role), Some(obj)) = (&m.role, v.as_object_mut()) {
        obj.insert("role".into(), json!(role));
    }
    v
}

/// Deep-merges `over` into `base` (objects merge, anything else replaces).
pub(crate) fn merge(base: &mut Value, over: &Value) {
    match (base, over) {
        (Value::Object(b), Value::Object(o)) => {
            for (k, v) in o {
                match b.get_mut(k) {
                    Some(slot) => merge(slot, v),
                    None => {
                        b.insert(k.clone(), v.clone());
                    }
                }
            }
        }
        (slot, v) => *slot = v.clone(),
    }
}

fn layout() -> Value {
    json!({"name": "spotlight", "external_app_url": "", "external_css_url": "", "options": {}})
}

/// The settings (`CallSettingsResponse`) of a built-in call type.
pub(crate) fn type_settings(call_type: &str) -> Value {
    let (live, audio_only) = match call_type {
        "livestream" => (true, false),
        "audio_room" => (true, true),
        _ => (false, false),
    };
    json!({
        "audio": {"access_request_enabled": audio_only, "default_device": "speaker",
                  "hifi_audio_enabled": false, "mic_default_on": !live, "opus_dtx_enabled": true,
                  "redundant_coding_enabled": true, "speaker_default_on": true,
                  "noise_cancellation": {"mode": "available"}},
        "backstage": {"enabled": live, "join_ahead_time_seconds": 0},
        "broadcasting": {"enabled": live && !audio_only,
                         "hls": {"auto_on": false, "enabled": false, "quality_tracks": ["720p"], "layout": layout()},
                         "rtmp": {"enabled": false, "quality": "720p", "layout": layout()}},
        "encryption": {"mode": "disabled"},
        "frame_recording": {"capture_interval_in_seconds": 5, "mode": "disabled", "quality": "720p"},
        "geofencing": {"names": []},
        "individual_recording": {"mode": "disabled", "output_types": []},
        "limits": {"max_participants_exclude_roles": [], "max_participants_exclude_owner": false},
        "raw_recording": {"mode": "disabled", "audio_only": false},
        "recording": {"audio_only": audio_only, "mode": "available", "quality": "720p", "layout": layout()},
        "ring": {"auto_cancel_timeout_ms": 20000, "incoming_call_timeout_ms": 20000, "missed_call_timeout_ms": 5000},
        "screensharing": {"access_request_enabled": false, "enabled": !audio_only,
                          "target_resolution": {"width": 1920, "height": 1080, "bitrate": 3_000_000}},
        "session": {"inactivity_timeout_seconds": 30},
        "thumbnails": {"enabled": false},
        "transcription": {"closed_caption_mode": "disabled", "language": "auto", "mode": "disabled"},
        "video": {"access_request_enabled": false, "camera_default_on": !live, "camera_facing": "front",
                  "enabled": !audio_only,
                  "target_resolution": {"width": 1280, "height": 720, "bitrate": 1_500_000}},
    })
}

fn event_notification() -> Value {
    json!({"enabled": true, "apns": {"title": "", "body": ""}, "fcm": {"data": {}}})
}

/// A built-in call type as `CallTypeResponse` (`with_duration` for single-type answers).
pub(crate) fn call_type(name: &str, with_duration: bool) -> Value {
    let grants = match name {
        "livestream" | "audio_room" => json!({
            "admin": SERVER_CAPABILITIES,
            "host": ["join-backstage", "join-call", "send-audio", "send-video", "end-call", "update-call"],
            "user": ["join-call", "read-call", "create-reaction"],
        }),
        _ => json!({
            "admin": SERVER_CAPABILITIES,
            "call_member": ["join-call", "read-call", "send-audio", "send-video", "screenshare"],
            "user": ["create-call", "join-call", "read-call", "send-audio", "send-video"],
        }),
    };
    let mut v = json!({
        "name": name,
        "created_at": BUILTIN_TYPES_CREATED,
        "updated_at": BUILTIN_TYPES_CREATED,
        "grants": grants,
        "settings": type_settings(name),
        "notification_settings": {
            "enabled": true,
            "call_live_started": event_notification(),
            "call_missed": event_notification(),
            "call_notification": event_notification(),
            "call_ring": event_notification(),
            "session_started": event_notification(),
        },
    });
    if let (true, Some(obj)) = (with_duration, v.as_object_mut()) {
        obj.insert("duration".into(), json!("0.00ms"));
    }
    v
}

/// Where to send streams into call `c` (`CallIngressResponse`), on the host the caller
/// addressed: RTMPS with the app's key, the call type and id as path; SRT with `{passphrase}` and
/// `{token}` for the client to fill in; WHIP.
fn ingress(c: &V2Call, caller: &ServerCaller) -> Value {
    let host = &caller.host;
    let stream_key = format!("{}.{}.{}", caller.app.api_key, c.call_type, c.id);
    json!({
        "rtmp": {"address": format!("rtmps://{host}/{stream_key}")},
        "srt": {"address": format!("srt://{host}?passphrase={{passphrase}}&streamid={stream_key}:{{token}}")},
        "whip": {"address": format!("http://{host}/whip/{stream_key}")},
    })
}

/// A call as `CallResponse`: its type's `settings` with the call's overrides.
pub(crate) fn call(
    c: &V2Call,
    mut settings: Value,
    caller: &ServerCaller,
    creator: Option<&V2User>,
) -> Value {
    merge(&mut settings, &Value::Object(c.settings_override.clone()));
    let backstage = settings["backstage"]["enabled"].as_bool().unwrap_or(false)
        && !c.live
        && c.ended_at.is_none();
    let join_ahead = settings["backstage"]["join_ahead_time_seconds"]
        .as_i64()
        .unwrap_or(0);
    let mut v = json!({
        "type": c.call_type,
        "id": c.id,
        "cid": c.cid(),
        "backstage": backstage,
        "captioning": c.captioning,
        "recording": c.recording,
        "transcribing": c.transcribing,
        "translating": false,
        "current_session_id": c.media.session_id,
        "created_at": c.created_at,
        "updated_at": c.updated_at,
        "blocked_user_ids": c.blocked_user_ids,
        "created_by": creator.map_or_else(|| missing_user(&c.created_by_id), user),
        "custom": c.custom,
        "egress": super::calls::egress::egress_shape(c, &caller.app.api_key),
        "ingress": ingress(c, caller),
        "settings": settings,
        "join_ahead_time_seconds": join_ahead,
    });
    if let Some(obj) = v.as_object_mut() {
        if let Some(t) = c.ended_at {
            obj.insert("ended_at".into(), json!(t));
        }
        if let Some(t) = c.starts_at {
            obj.insert("starts_at".into(), json!(t));
        }
        if let Some(t) = &c.team {
            obj.insert("team".into(), json!(t));
        }
    }
    v
}

/// A v2 answer with `status`: `body`'s fields plus v2's `duration`.
pub(crate) fn reply(status: StatusCode, body: Map<String, Value>) -> Reply<V2Error> {
    Ok(answer(status, with_duration(body)))
}

/// An object with `duration` added.
pub(crate) fn with_duration(mut v: Map<String, Value>) -> Value {
    v.insert("duration".into(), json!("0.00ms"));
    Value::Object(v)
}

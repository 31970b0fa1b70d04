//! v2 call settings on the emulator: every group of `CallSettingsResponse` answered with its
//! defaults (exact key sets), call-type settings then the call's `settings_override` merged on
//! top, ingress addresses on the emulator's own host, and wrongly typed settings refused.
mod http_v2_support;

use http_v2_support::{V2, assert_v2_error};
use serde_json::{Value, json};

fn keys(v: &Value) -> Vec<&str> {
    let mut k: Vec<&str> = v
        .as_object()
        .unwrap_or_else(|| panic!("object: {v}"))
        .keys()
        .map(String::as_str)
        .collect();
    k.sort_unstable();
    k
}

fn create(v2: &V2, call_type: &str, id: &str, data: Value) -> (u16, Value) {
    let mut data = data;
    data["created_by_id"] = json!("alice");
    v2.call(
        "POST",
        &format!("video/call/{call_type}/{id}"),
        "",
        Some(&json!({"data": data})),
    )
}

#[test]
fn every_group_is_answered_with_its_defaults() {
    let v2 = V2::start();
    let (s, r) = create(&v2, "default", "c1", json!({}));
    assert_eq!(s, 201, "{r}");
    let settings = &r["call"]["settings"];
    assert_eq!(
        keys(settings),
        [
            "audio",
            "backstage",
            "broadcasting",
            "encryption",
            "frame_recording",
            "geofencing",
            "individual_recording",
            "limits",
            "raw_recording",
            "recording",
            "ring",
            "screensharing",
            "session",
            "thumbnails",
            "transcription",
            "video",
        ]
    );
    let groups: [(&str, &[&str]); 16] = [
        (
            "audio",
            &[
                "access_request_enabled",
                "default_device",
                "hifi_audio_enabled",
                "mic_default_on",
                "noise_cancellation",
                "opus_dtx_enabled",
                "redundant_coding_enabled",
                "speaker_default_on",
            ],
        ),
        ("backstage", &["enabled", "join_ahead_time_seconds"]),
        ("broadcasting", &["enabled", "hls", "rtmp"]),
        ("encryption", &["mode"]),
        (
            "frame_recording",
            &["capture_interval_in_seconds", "mode", "quality"],
        ),
        ("geofencing", &["names"]),
        ("individual_recording", &["mode", "output_types"]),
        (
            "limits",
            &[
                "max_participants_exclude_owner",
                "max_participants_exclude_roles",
            ],
        ),
        ("raw_recording", &["audio_only", "mode"]),
        ("recording", &["audio_only", "layout", "mode", "quality"]),
        (
            "ring",
            &[
                "auto_cancel_timeout_ms",
                "incoming_call_timeout_ms",
                "missed_call_timeout_ms",
            ],
        ),
        (
            "screensharing",
            &["access_request_enabled", "enabled", "target_resolution"],
        ),
        ("session", &["inactivity_timeout_seconds"]),
        ("thumbnails", &["enabled"]),
        (
            "transcription",
            &["closed_caption_mode", "language", "mode"],
        ),
        (
            "video",
            &[
                "access_request_enabled",
                "camera_default_on",
                "camera_facing",
                "enabled",
                "target_resolution",
            ],
        ),
    ];
    for (group, fields) in groups {
        assert_eq!(keys(&settings[group]), fields, "{group}");
    }
    let layout = ["external_app_url", "external_css_url", "name", "options"];
    assert_eq!(keys(&settings["recording"]["layout"]), layout);
    assert_eq!(keys(&settings["broadcasting"]["hls"]["layout"]), layout);
    assert_eq!(
        keys(&settings["broadcasting"]["hls"]),
        ["auto_on", "enabled", "layout", "quality_tracks"]
    );
    assert_eq!(
        keys(&settings["broadcasting"]["rtmp"]),
        ["enabled", "layout", "quality"]
    );
    assert_eq!(
        keys(&settings["video"]["target_resolution"]),
        ["bitrate", "height", "width"]
    );
    assert_eq!(settings["recording"]["mode"], "available");
    assert_eq!(settings["session"]["inactivity_timeout_seconds"], 30);
    // The call type answers the same settings, and notification settings for every event.
    let (_, t) = v2.call("GET", "video/calltypes/default", "", None);
    assert_eq!(&t["settings"], settings);
    assert_eq!(
        keys(&t["notification_settings"]),
        [
            "call_live_started",
            "call_missed",
            "call_notification",
            "call_ring",
            "enabled",
            "session_started",
        ]
    );
    assert_eq!(
        keys(&t["notification_settings"]["call_ring"]),
        ["apns", "enabled", "fcm"]
    );
}

#[test]
fn overrides_merge_over_the_call_types_settings() {
    let v2 = V2::start();
    let town_hall = json!({"name": "town_hall", "settings": {
        "audio": {"default_device": "earpiece"},
        "session": {"inactivity_timeout_seconds": 120},
        "recording": {"mode": "auto-on"}}});
    let (s, r) = v2.call("POST", "video/calltypes", "", Some(&town_hall));
    assert_eq!(s, 201, "{r}");
    let over = json!({
        "backstage": {"enabled": true, "join_ahead_time_seconds": 300},
        "limits": {"max_duration_seconds": 3600, "max_participants": 20},
        "recording": {"quality": "1080p", "layout": {"name": "custom",
            "external_css_url": "https://example.com/rec.css"}},
        "transcription": {"mode": "available", "language": "fr"},
        "geofencing": {"names": ["european_union"]},
        "session": {"inactivity_timeout_seconds": 90},
        "frame_recording": {"mode": "available", "capture_interval_in_seconds": 10},
        "no_such_group": {"x": 1}
    });
    let (s, r) = create(&v2, "town_hall", "c1", json!({"settings_override": over}));
    assert_eq!(s, 201, "{r}");
    let call = &r["call"];
    let settings = &call["settings"];
    assert_eq!(settings["audio"]["default_device"], "earpiece", "type");
    assert_eq!(settings["audio"]["mic_default_on"], true, "defaults");
    assert_eq!(settings["recording"]["mode"], "auto-on", "type");
    assert_eq!(settings["recording"]["quality"], "1080p", "call");
    assert_eq!(
        settings["recording"]["layout"],
        json!({"name": "custom", "external_app_url": "",
               "external_css_url": "https://example.com/rec.css", "options": {}})
    );
    assert_eq!(
        settings["backstage"],
        json!({"enabled": true, "join_ahead_time_seconds": 300})
    );
    assert_eq!(call["join_ahead_time_seconds"], 300);
    assert_eq!(call["backstage"], true);
    assert_eq!(settings["limits"]["max_duration_seconds"], 3600);
    assert_eq!(settings["limits"]["max_participants"], 20);
    assert_eq!(
        settings["session"]["inactivity_timeout_seconds"], 90,
        "call over type"
    );
    assert_eq!(settings["transcription"]["language"], "fr");
    assert_eq!(settings["geofencing"]["names"], json!(["european_union"]));
    assert_eq!(
        settings["frame_recording"]["capture_interval_in_seconds"],
        10
    );
    assert!(
        settings.get("no_such_group").is_none(),
        "unknown groups are ignored"
    );

    let host = v2.emu.base_url().trim_start_matches("http://").to_owned();
    let key = v2.emu.api_key().to_owned();
    assert_eq!(keys(&call["ingress"]), ["rtmp", "srt", "whip"]);
    assert_eq!(
        call["ingress"]["rtmp"]["address"],
        format!("rtmps://{host}/{key}.town_hall.c1")
    );
    assert_eq!(
        call["ingress"]["srt"]["address"],
        format!("srt://{host}?passphrase={{passphrase}}&streamid={key}.town_hall.c1:{{token}}")
    );

    // An update merges into the call's overrides; a read answers the same.
    let patch = json!({"settings_override": {"limits": {"max_duration_seconds": 600},
        "transcription": {"closed_caption_mode": "auto-on"}}});
    let (s, up) = v2.call("PATCH", "video/call/town_hall/c1", "", Some(&patch));
    assert_eq!(s, 200, "{up}");
    let settings = &up["call"]["settings"];
    assert_eq!(settings["limits"]["max_duration_seconds"], 600);
    assert_eq!(settings["limits"]["max_participants"], 20);
    assert_eq!(settings["transcription"]["closed_caption_mode"], "auto-on");
    assert_eq!(settings["transcription"]["language"], "fr");
    let (_, got) = v2.call("GET", "video/call/town_hall/c1", "", None);
    assert_eq!(&got["call"]["settings"], settings);
}

#[test]
fn wrongly_typed_settings_are_refused() {
    let v2 = V2::start();
    let bad = [
        json!([]),
        json!({"audio": true}),
        json!({"backstage": {"enabled": "yes"}}),
        json!({"limits": {"max_duration_seconds": "1h"}}),
        json!({"recording": {"mode": "always"}}),
        json!({"recording": {"quality": 1080}}),
        json!({"recording": {"layout": {"name": "mosaic"}}}),
        json!({"audio": {"default_device": "headphones"}}),
        json!({"geofencing": {"names": "eu"}}),
    ];
    for (i, over) in bad.iter().enumerate() {
        let got = create(
            &v2,
            "default",
            &format!("bad{i}"),
            json!({"settings_override": over}),
        );
        assert_v2_error(&got, 400, 4);
        assert!(
            got.1["message"]
                .as_str()
                .unwrap()
                .contains("data.settings_override"),
            "{}",
            got.1
        );
        let got = v2.call(
            "POST",
            "video/calltypes",
            "",
            Some(&json!({"name": format!("t{i}"), "settings": over})),
        );
        assert_v2_error(&got, 400, 4);
    }
    let (s, _) = create(&v2, "default", "ok", json!({}));
    assert_eq!(s, 201);
    let got = v2.call(
        "PATCH",
        "video/call/default/ok",
        "",
        Some(&json!({"settings_override": {"session": {"inactivity_timeout_seconds": -1.5}}})),
    );
    assert_v2_error(&got, 400, 4);
    assert!(
        got.1["message"]
            .as_str()
            .unwrap()
            .contains("settings_override.session.inactivity_timeout_seconds must be an integer"),
        "{}",
        got.1
    );
    let got = v2.call(
        "POST",
        "video/calltypes",
        "",
        Some(&json!({"name": "n", "notification_settings": {"call_ring": {"apns": []}}})),
    );
    assert_v2_error(&got, 400, 4);
}

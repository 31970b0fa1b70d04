//! Call settings as requests send them (`CallSettingsRequest`, `NotificationSettingsRequest`):
//! each known field type-checked (closed sets by value) with a 400, code 4 naming the field;
//! `null`s, unknown groups and unknown fields dropped, as the service's decoder ignores them.
use serde_json::{Map, Value};

use super::error::{V2Error, V2Result};

/// What a field holds.
#[derive(Debug, Clone, Copy)]
enum Kind {
    Bool,
    Int,
    Str,
    /// A list of strings.
    Strs,
    /// Any object (layout options, custom data).
    Obj,
    /// One of these strings.
    OneOf(&'static [&'static str]),
    /// A list of these strings.
    ListOf(&'static [&'static str]),
    /// An object with these fields.
    Group(&'static [(&'static str, Kind)]),
}

use Kind::{Bool, Group, Int, ListOf, Obj, OneOf, Str, Strs};

const MODES: &[&str] = &["available", "disabled", "auto-on"];
const QUALITIES: &[&str] = &[
    "360p",
    "480p",
    "720p",
    "1080p",
    "1440p",
    "portrait-360x640",
    "portrait-480x854",
    "portrait-720x1280",
    "portrait-1080x1920",
    "portrait-1440x2560",
];
const RESOLUTION: Kind = Group(&[("width", Int), ("height", Int), ("bitrate", Int)]);
const LAYOUT: Kind = Group(&[
    (
        "name",
        OneOf(&[
            "spotlight",
            "grid",
            "single-participant",
            "mobile",
            "custom",
        ]),
    ),
    ("detect_orientation", Bool),
    ("external_app_url", Str),
    ("external_css_url", Str),
    ("options", Obj),
]);

/// The groups of `CallSettingsRequest` and their fields.
const CALL_SETTINGS: &[(&str, Kind)] = &[
    (
        "audio",
        Group(&[
            ("access_request_enabled", Bool),
            ("default_device", OneOf(&["speaker", "earpiece"])),
            ("hifi_audio_enabled", Bool),
            ("mic_default_on", Bool),
            ("noise_cancellation", Group(&[("mode", OneOf(MODES))])),
            ("opus_dtx_enabled", Bool),
            ("redundant_coding_enabled", Bool),
            ("speaker_default_on", Bool),
        ]),
    ),
    (
        "backstage",
        Group(&[("enabled", Bool), ("join_ahead_time_seconds", Int)]),
    ),
    (
        "broadcasting",
        Group(&[
            ("enabled", Bool),
            (
                "hls",
                Group(&[
                    ("auto_on", Bool),
                    ("enabled", Bool),
                    ("layout", LAYOUT),
                    ("quality_tracks", ListOf(QUALITIES)),
                ]),
            ),
            (
                "rtmp",
                Group(&[
                    ("enabled", Bool),
                    ("layout", LAYOUT),
                    ("quality", OneOf(QUALITIES)),
                ]),
            ),
        ]),
    ),
    ("encryption", Group(&[("mode", OneOf(MODES))])),
    (
        "frame_recording",
        Group(&[
            ("capture_interval_in_seconds", Int),
            ("mode", OneOf(MODES)),
            ("quality", OneOf(QUALITIES)),
        ]),
    ),
    ("geofencing", Group(&[("names", Strs)])),
    (
        "individual_recording",
        Group(&[("mode", OneOf(MODES)), ("output_types", Strs)]),
    ),
    (
        "ingress",
        Group(&[
            ("enabled", Bool),
            ("audio_encoding_options", Obj),
            ("video_encoding_options", Obj),
        ]),
    ),
    (
        "limits",
        Group(&[
            ("max_duration_seconds", Int),
            ("max_participants", Int),
            ("max_participants_exclude_owner", Bool),
            ("max_participants_exclude_roles", Strs),
        ]),
    ),
    (
        "raw_recording",
        Group(&[("audio_only", Bool), ("mode", OneOf(MODES))]),
    ),
    (
        "recording",
        Group(&[
            ("audio_only", Bool),
            ("layout", LAYOUT),
            ("mode", OneOf(MODES)),
            ("quality", OneOf(QUALITIES)),
        ]),
    ),
    (
        "ring",
        Group(&[
            ("auto_cancel_timeout_ms", Int),
            ("incoming_call_timeout_ms", Int),
            ("missed_call_timeout_ms", Int),
        ]),
    ),
    (
        "screensharing",
        Group(&[
            ("access_request_enabled", Bool),
            ("enabled", Bool),
            ("target_resolution", RESOLUTION),
        ]),
    ),
    ("session", Group(&[("inactivity_timeout_seconds", Int)])),
    ("thumbnails", Group(&[("enabled", Bool)])),
    (
        "transcription",
        Group(&[
            ("closed_caption_mode", OneOf(MODES)),
            ("language", Str),
            ("mode", OneOf(MODES)),
            (
                "speech_segment_config",
                Group(&[("max_speech_caption_ms", Int), ("silence_duration_ms", Int)]),
            ),
            (
                "translation",
                Group(&[("enabled", Bool), ("languages", Strs)]),
            ),
        ]),
    ),
    (
        "video",
        Group(&[
            ("access_request_enabled", Bool),
            ("camera_default_on", Bool),
            ("camera_facing", OneOf(&["front", "back", "external"])),
            ("enabled", Bool),
            ("target_resolution", RESOLUTION),
        ]),
    ),
];

const EVENT_NOTIFICATION: Kind = Group(&[
    ("enabled", Bool),
    (
        "apns",
        Group(&[
            ("body", Str),
            ("content-available", Int),
            ("mutable-content", Int),
            ("sound", Str),
            ("title", Str),
            ("data", Obj),
        ]),
    ),
    ("fcm", Group(&[("data", Obj)])),
]);

/// The fields of `NotificationSettingsRequest`.
const NOTIFICATION_SETTINGS: &[(&str, Kind)] = &[
    ("enabled", Bool),
    ("call_live_started", EVENT_NOTIFICATION),
    ("call_missed", EVENT_NOTIFICATION),
    ("call_notification", EVENT_NOTIFICATION),
    ("call_ring", EVENT_NOTIFICATION),
    ("session_started", EVENT_NOTIFICATION),
];

/// The call settings at `field` of a body (`settings`, `data.settings_override`), checked.
pub(crate) fn call_settings(
    op: &str,
    field: &str,
    v: Option<&Value>,
) -> V2Result<Map<String, Value>> {
    checked(op, field, v, CALL_SETTINGS)
}

/// The notification settings at `field` of a body, checked.
pub(crate) fn notification_settings(
    op: &str,
    field: &str,
    v: Option<&Value>,
) -> V2Result<Map<String, Value>> {
    checked(op, field, v, NOTIFICATION_SETTINGS)
}

fn checked(
    op: &str,
    field: &str,
    v: Option<&Value>,
    fields: &'static [(&'static str, Kind)],
) -> V2Result<Map<String, Value>> {
    match v {
        None | Some(Value::Null) => Ok(Map::new()),
        Some(v) => match check(op, field, v, Group(fields))? {
            Value::Object(m) => Ok(m),
            _ => Ok(Map::new()),
        },
    }
}

/// `v` (at `path`) checked against `kind`; objects keep only their known, non-null fields.
fn check(op: &str, path: &str, v: &Value, kind: Kind) -> V2Result<Value> {
    let wrong = |what: &str| V2Error::input(op, format!("{path} must be {what}"));
    let one_of = |allowed: &[&str]| format!("one of: {}", allowed.join(", "));
    match kind {
        Bool if v.is_boolean() => Ok(v.clone()),
        Bool => Err(wrong("a boolean")),
        Int if v.is_i64() || v.is_u64() => Ok(v.clone()),
        Int => Err(wrong("an integer")),
        Str if v.is_string() => Ok(v.clone()),
        Str => Err(wrong("a string")),
        Strs => match v.as_array() {
            Some(a) if a.iter().all(Value::is_string) => Ok(v.clone()),
            _ => Err(wrong("a list of strings")),
        },
        Obj if v.is_object() => Ok(v.clone()),
        Obj => Err(wrong("an object")),
        OneOf(allowed) => match v.as_str() {
            Some(s) if allowed.contains(&s) => Ok(v.clone()),
            _ => Err(wrong(&one_of(allowed))),
        },
        ListOf(allowed) => match v.as_array() {
            Some(a)
                if a.iter()
                    .all(|x| x.as_str().is_some_and(|s| allowed.contains(&s))) =>
            {
                Ok(v.clone())
            }
            _ => Err(wrong(&format!("a list of {}", one_of(allowed)))),
        },
        Group(fields) => {
            let obj = v.as_object().ok_or_else(|| wrong("an object"))?;
            let mut out = Map::new();
            for (name, value) in obj {
                let Some((_, kind)) = fields.iter().find(|(f, _)| f == name) else {
                    continue;
                };
                if !value.is_null() {
                    let checked = check(op, &format!("{path}.{name}"), value, *kind)?;
                    out.insert(name.clone(), checked);
                }
            }
            Ok(Value::Object(out))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn keeps_known_fields_and_drops_nulls_and_unknowns() {
        let v = json!({"backstage": {"enabled": true, "join_ahead_time_seconds": 300, "x": 1},
                       "recording": {"mode": "auto-on", "layout": {"name": "custom", "options": {"a": 1}}},
                       "limits": {"max_duration_seconds": null}, "future": {"on": true}});
        let m = call_settings("Op", "settings", Some(&v)).unwrap();
        assert_eq!(
            Value::Object(m),
            json!({"backstage": {"enabled": true, "join_ahead_time_seconds": 300},
                   "recording": {"mode": "auto-on", "layout": {"name": "custom", "options": {"a": 1}}},
                   "limits": {}})
        );
        assert!(call_settings("Op", "settings", None).unwrap().is_empty());
    }

    #[test]
    fn refuses_wrong_types_naming_the_field() {
        let cases = [
            (json!([]), "settings must be an object"),
            (json!({"audio": true}), "settings.audio must be an object"),
            (
                json!({"backstage": {"enabled": "yes"}}),
                "settings.backstage.enabled must be a boolean",
            ),
            (
                json!({"limits": {"max_duration_seconds": 1.5}}),
                "settings.limits.max_duration_seconds must be an integer",
            ),
            (
                json!({"recording": {"mode": "always"}}),
                "settings.recording.mode must be one of: available, disabled, auto-on",
            ),
            (
                json!({"recording": {"layout": {"external_css_url": 3}}}),
                "settings.recording.layout.external_css_url must be a string",
            ),
            (
                json!({"broadcasting": {"hls": {"quality_tracks": ["4k"]}}}),
                "settings.broadcasting.hls.quality_tracks must be a list of one of",
            ),
            (
                json!({"geofencing": {"names": [1]}}),
                "settings.geofencing.names must be a list of strings",
            ),
        ];
        for (v, message) in cases {
            let err = call_settings("Op", "settings", Some(&v)).unwrap_err();
            assert!(err.message.contains(message), "{v}: {}", err.message);
            assert_eq!(err.code, 4);
        }
        let err = notification_settings(
            "Op",
            "notification_settings",
            Some(&json!({"call_ring": {"enabled": 1}})),
        )
        .unwrap_err();
        assert!(
            err.message
                .contains("notification_settings.call_ring.enabled must be a boolean")
        );
    }
}

use serde_json::json;

use crate::v2::*;

#[test]
fn requests_serialize_only_what_is_set() {
    let s = CallSettingsRequest::new()
        .audio(
            AudioSettingsRequest::new()
                .default_device("speaker")
                .mic_default_on(true)
                .noise_cancellation(NoiseCancellationSettings::new().mode(FeatureMode::AutoOn)),
        )
        .video(
            VideoSettingsRequest::new()
                .camera_facing(CameraFacing::Back)
                .target_resolution(TargetResolution::new(1920, 1080)),
        )
        .screensharing(ScreensharingSettingsRequest::new().enabled(false))
        .recording(
            RecordSettingsRequest::new()
                .mode("auto-on")
                .quality(VideoQuality::P1080)
                .audio_only(false)
                .layout(
                    LayoutSettingsRequest::new()
                        .name(LayoutName::Custom)
                        .external_css_url("https://example.com/a.css")
                        .external_app_url("https://example.com/app")
                        .options(
                            json!({"logo.image_url": "https://example.com/l.png"})
                                .as_object()
                                .cloned()
                                .unwrap_or_default(),
                        ),
                ),
        )
        .transcription(
            TranscriptionSettingsRequest::new()
                .mode(FeatureMode::Available)
                .closed_caption_mode(FeatureMode::Disabled)
                .language("fr")
                .translation(
                    TranslationSettings::new()
                        .enabled(true)
                        .languages(["en", "de"]),
                ),
        )
        .backstage(
            BackstageSettingsRequest::new()
                .enabled(true)
                .join_ahead_time_seconds(300),
        )
        .geofencing(GeofenceSettingsRequest::new().names(["european_union"]))
        .session(SessionSettingsRequest::new().inactivity_timeout_seconds(60))
        .limits(
            LimitsSettingsRequest::new()
                .max_duration_seconds(3600)
                .max_participants(50)
                .max_participants_exclude_roles(["admin"]),
        )
        .frame_recording(
            FrameRecordingSettingsRequest::new()
                .mode(FeatureMode::Available)
                .capture_interval_in_seconds(10),
        )
        .broadcasting(BroadcastSettingsRequest::new().enabled(true).hls(
            HlsSettingsRequest::new().quality_tracks([VideoQuality::P720, VideoQuality::P1080]),
        ))
        .raw("future_group", json!({"on": true}));
    assert_eq!(
        serde_json::to_value(&s).unwrap(),
        json!({
            "audio": {"default_device": "speaker", "mic_default_on": true,
                      "noise_cancellation": {"mode": "auto-on"}},
            "video": {"camera_facing": "back", "target_resolution": {"width": 1920, "height": 1080}},
            "screensharing": {"enabled": false},
            "recording": {"audio_only": false, "mode": "auto-on", "quality": "1080p",
                          "layout": {"name": "custom", "external_css_url": "https://example.com/a.css",
                                     "external_app_url": "https://example.com/app",
                                     "options": {"logo.image_url": "https://example.com/l.png"}}},
            "transcription": {"mode": "available", "closed_caption_mode": "disabled", "language": "fr",
                              "translation": {"enabled": true, "languages": ["en", "de"]}},
            "backstage": {"enabled": true, "join_ahead_time_seconds": 300},
            "geofencing": {"names": ["european_union"]},
            "session": {"inactivity_timeout_seconds": 60},
            "limits": {"max_duration_seconds": 3600, "max_participants": 50,
                       "max_participants_exclude_roles": ["admin"]},
            "frame_recording": {"mode": "available", "capture_interval_in_seconds": 10},
            "broadcasting": {"enabled": true, "hls": {"quality_tracks": ["720p", "1080p"]}},
            "future_group": {"on": true},
        })
    );
    assert_eq!(
        serde_json::to_string(&CallSettingsRequest::new()).unwrap(),
        "{}"
    );
    let back: CallSettingsRequest =
        serde_json::from_value(serde_json::to_value(&s).unwrap()).unwrap();
    assert_eq!(back, s);
}

#[test]
fn notification_requests_use_the_apns_spelling() {
    let n = NotificationSettingsRequest::new().enabled(true).call_ring(
        EventNotificationSettingsRequest::new()
            .enabled(true)
            .apns(
                ApnsPayload::new()
                    .title("{{ user.name }} calls")
                    .content_available(1),
            )
            .fcm(
                FcmPayload::new().data(json!({"k": "v"}).as_object().cloned().unwrap_or_default()),
            ),
    );
    assert_eq!(
        serde_json::to_value(&n).unwrap(),
        json!({"enabled": true, "call_ring": {"enabled": true,
               "apns": {"title": "{{ user.name }} calls", "content-available": 1},
               "fcm": {"data": {"k": "v"}}}})
    );
}

/// A call as the service answers it, with fields and values this SDK does not know.
fn service_call() -> serde_json::Value {
    let layout = json!({"name": "spotlight", "external_app_url": "", "external_css_url": "",
                        "options": {}, "detect_orientation": false});
    json!({
        "type": "livestream", "id": "l1", "cid": "livestream:l1", "backstage": true,
        "ingress": {
            "rtmp": {"address": "rtmps://ingress.example:443/key.livestream.l1"},
            "srt": {"address": "srt://ingress.example:7001?passphrase={passphrase}&streamid={token}"},
            "whip": {"address": "https://ingress.example/whip/l1"},
            "webrtc": {"address": "later"}
        },
        "settings": {
            "audio": {"access_request_enabled": false, "default_device": "earpiece",
                      "hifi_audio_enabled": false, "mic_default_on": true, "opus_dtx_enabled": true,
                      "redundant_coding_enabled": true, "speaker_default_on": true,
                      "noise_cancellation": {"mode": "available"}, "brand_new": 1},
            "backstage": {"enabled": true, "join_ahead_time_seconds": 300},
            "broadcasting": {"enabled": true,
                             "hls": {"auto_on": false, "enabled": true, "quality_tracks": ["720p", "8k"],
                                     "layout": layout},
                             "rtmp": {"enabled": false, "quality": "720p", "layout": layout}},
            "encryption": {"mode": "disabled"},
            "frame_recording": {"capture_interval_in_seconds": 5, "mode": "disabled"},
            "geofencing": {"names": null},
            "individual_recording": {"mode": "disabled", "output_types": ["audio_only"]},
            "limits": {"max_participants_exclude_roles": [], "max_duration_seconds": 3600,
                       "max_participants": 100, "max_participants_exclude_owner": false},
            "raw_recording": {"mode": "disabled"},
            "recording": {"audio_only": false, "mode": "auto-on", "quality": "1080p",
                          "layout": {"name": "custom", "external_app_url": "",
                                     "external_css_url": "https://example.com/a.css"}},
            "ring": {"auto_cancel_timeout_ms": 30000, "incoming_call_timeout_ms": 15000,
                     "missed_call_timeout_ms": 5000},
            "screensharing": {"access_request_enabled": false, "enabled": true,
                              "target_resolution": {"width": 1920, "height": 1080, "bitrate": 3000000}},
            "session": {"inactivity_timeout_seconds": 60},
            "thumbnails": {"enabled": false},
            "transcription": {"closed_caption_mode": "auto-on", "language": "en", "mode": "sometimes",
                              "speech_segment_config": {"max_speech_caption_ms": 5000}},
            "video": {"access_request_enabled": false, "camera_default_on": false,
                      "camera_facing": "front", "enabled": true,
                      "target_resolution": {"width": 1280, "height": 720}},
            "ingress": {"enabled": true},
            "telepathy": {"enabled": true}
        }
    })
}

#[test]
fn a_service_call_decodes_typed_and_keeps_what_it_does_not_know() {
    let call: CallResponse = serde_json::from_value(service_call()).unwrap();
    let s = &call.settings;
    assert_eq!(s.audio.default_device, AudioDevice::Earpiece);
    assert_eq!(s.audio.extra.value("brand_new"), Some(json!(1)));
    assert_eq!(s.backstage.join_ahead_time_seconds, Some(300));
    assert_eq!(
        s.broadcasting.hls.quality_tracks,
        [VideoQuality::P720, VideoQuality::Other("8k".into())]
    );
    assert_eq!(s.encryption.as_ref().unwrap().mode, FeatureMode::Disabled);
    assert!(s.geofencing.names.is_empty());
    assert_eq!(s.limits.max_duration_seconds, Some(3600));
    assert_eq!(s.limits.max_participants, Some(100));
    assert_eq!(s.recording.mode, FeatureMode::AutoOn);
    assert_eq!(s.recording.layout.name, LayoutName::Custom);
    assert_eq!(
        s.recording.layout.external_css_url,
        "https://example.com/a.css"
    );
    assert_eq!(s.session.inactivity_timeout_seconds, 60);
    assert_eq!(s.transcription.mode, FeatureMode::Other("sometimes".into()));
    assert_eq!(s.transcription.closed_caption_mode, FeatureMode::AutoOn);
    assert_eq!(s.video.target_resolution.bitrate, None);
    assert_eq!(s.ingress.as_ref().map(|i| i.enabled), Some(true));
    assert!(s.extra.contains_key("telepathy"));
    assert_eq!(
        call.ingress.rtmp.address,
        "rtmps://ingress.example:443/key.livestream.l1"
    );
    assert!(call.ingress.srt.address.contains("{passphrase}"));
    assert!(call.ingress.extra.contains_key("webrtc"));
    // Written back, nothing is lost (the `null` list reads as, and is written as, empty).
    let mut expected = service_call();
    expected["settings"]["geofencing"]["names"] = json!([]);
    let back = serde_json::to_value(&call).unwrap();
    assert_eq!(back["settings"], expected["settings"]);
    assert_eq!(back["ingress"], expected["ingress"]);
}

#[test]
fn missing_and_null_groups_read_as_defaults() {
    let s: CallSettingsResponse =
        serde_json::from_value(json!({"audio": null, "recording": {"mode": null}})).unwrap();
    assert_eq!(s.audio, AudioSettingsResponse::default());
    assert_eq!(s.recording.mode, FeatureMode::Other(String::new()));
    let t: CallTypeResponse = serde_json::from_value(json!({
        "name": "t", "notification_settings": {"enabled": true,
            "call_ring": {"enabled": false, "apns": {"title": "x", "mutable-content": 1}, "fcm": {}}},
        "external_storage": "s3"}))
    .unwrap();
    assert!(t.notification_settings.enabled);
    assert_eq!(
        t.notification_settings.call_ring.apns.mutable_content,
        Some(1)
    );
    assert_eq!(t.external_storage.as_deref(), Some("s3"));
}

//! What to send for each settings group: every field optional and left out of the JSON when
//! unset (the service keeps what is not sent), builder-style setters, and `raw` for fields this
//! SDK does not type yet.
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::enums::{AudioDevice, CameraFacing, FeatureMode, LayoutName, VideoQuality};
use super::responses::{IngressAudioEncoding, IngressVideoEncoding, TargetResolution};
use crate::Fields;

settings_request! {
    /// The audio group (`AudioSettingsRequest`).
    ///
    /// ```
    /// use stream_models::v2::{AudioDevice, AudioSettingsRequest};
    /// let audio = AudioSettingsRequest::new().default_device(AudioDevice::Speaker).mic_default_on(true);
    /// assert_eq!(serde_json::to_string(&audio).unwrap(),
    ///     r#"{"default_device":"speaker","mic_default_on":true}"#);
    /// ```
    AudioSettingsRequest {
        /// Participants must ask before sending audio.
        access_request_enabled: bool,
        /// Where audio plays by default.
        default_device: AudioDevice,
        /// High-fidelity (music) audio.
        hifi_audio_enabled: bool,
        /// Microphones start on.
        mic_default_on: bool,
        /// Noise cancellation.
        noise_cancellation: NoiseCancellationSettings,
        /// Opus discontinuous transmission.
        opus_dtx_enabled: bool,
        /// Redundant audio coding.
        redundant_coding_enabled: bool,
        /// Speakers start on.
        speaker_default_on: bool,
    }
}

settings_request! {
    /// Noise cancellation (`NoiseCancellationSettings`), sent and answered alike.
    NoiseCancellationSettings {
        /// Available, disabled or on from the start.
        mode: FeatureMode,
    }
}

settings_request! {
    /// The video group (`VideoSettingsRequest`).
    VideoSettingsRequest {
        /// Participants must ask before sending video.
        access_request_enabled: bool,
        /// Cameras start on.
        camera_default_on: bool,
        /// Which camera starts.
        camera_facing: CameraFacing,
        /// Video allowed.
        enabled: bool,
        /// The resolution senders aim at.
        target_resolution: TargetResolution,
    }
}

settings_request! {
    /// The screensharing group (`ScreensharingSettingsRequest`).
    ScreensharingSettingsRequest {
        /// Participants must ask before sharing.
        access_request_enabled: bool,
        /// Screensharing allowed.
        enabled: bool,
        /// The resolution shares aim at.
        target_resolution: TargetResolution,
    }
}

settings_request! {
    /// The recording group (`RecordSettingsRequest`): composite recordings.
    ///
    /// ```
    /// use stream_models::v2::{FeatureMode, LayoutName, LayoutSettingsRequest, RecordSettingsRequest};
    /// let rec = RecordSettingsRequest::new()
    ///     .mode(FeatureMode::AutoOn)
    ///     .quality("1080p")
    ///     .layout(LayoutSettingsRequest::new().name(LayoutName::Custom)
    ///         .external_css_url("https://example.com/rec.css"));
    /// assert_eq!(serde_json::to_value(&rec).unwrap(), serde_json::json!({
    ///     "layout": {"external_css_url": "https://example.com/rec.css", "name": "custom"},
    ///     "mode": "auto-on", "quality": "1080p"}));
    /// ```
    RecordSettingsRequest {
        /// Record audio only.
        audio_only: bool,
        /// The layout of the recording.
        layout: LayoutSettingsRequest,
        /// Available, disabled or started with the call.
        mode: FeatureMode,
        /// Output resolution.
        quality: VideoQuality,
    }
}

settings_request! {
    /// A layout of recordings and broadcasts (`LayoutSettingsRequest`): a built-in one, or
    /// `custom` with your own style sheet or page.
    LayoutSettingsRequest {
        /// Follow the orientation of the main video.
        detect_orientation: bool,
        /// Your own page rendering the call (`custom` layouts).
        external_app_url: String,
        /// Your own style sheet applied to the built-in layout.
        external_css_url: String,
        /// Layout name.
        name: LayoutName,
        /// Layout options (`logo.image_url`, `participant.label_display`, …).
        options: Fields,
    }
}

settings_request! {
    /// The transcription group (`TranscriptionSettingsRequest`).
    TranscriptionSettingsRequest {
        /// Closed captions: available, disabled or on from the start.
        closed_caption_mode: FeatureMode,
        /// Spoken language (`auto`, `en`, `fr`, …).
        language: String,
        /// Transcription: available, disabled or on from the start.
        mode: FeatureMode,
        /// How speech is cut into captions.
        speech_segment_config: SpeechSegmentConfig,
        /// Translated captions.
        translation: TranslationSettings,
    }
}

settings_request! {
    /// How speech is cut into captions (`SpeechSegmentConfig`), sent and answered alike.
    SpeechSegmentConfig {
        /// Longest caption, in milliseconds.
        max_speech_caption_ms: i64,
        /// Silence that ends a caption, in milliseconds.
        silence_duration_ms: i64,
    }
}

settings_request! {
    /// Translated captions (`TranslationSettings`), sent and answered alike.
    TranslationSettings {
        /// Translation on.
        enabled: bool,
    }
    lists {
        /// Languages to translate into.
        languages: String,
    }
}

settings_request! {
    /// The backstage group (`BackstageSettingsRequest`): hosts join before going live.
    BackstageSettingsRequest {
        /// Calls start in backstage.
        enabled: bool,
        /// How long before the start others may join, in seconds.
        join_ahead_time_seconds: i64,
    }
}

settings_request! {
    /// The geofencing group (`GeofenceSettingsRequest`): where media may be routed.
    GeofenceSettingsRequest {}
    lists {
        /// Geofence names (`european_union`, `united_states`, …).
        names: String,
    }
}

settings_request! {
    /// The session group (`SessionSettingsRequest`).
    SessionSettingsRequest {
        /// A session with nobody left ends after this many seconds.
        inactivity_timeout_seconds: i64,
    }
}

settings_request! {
    /// The limits group (`LimitsSettingsRequest`): the max duration timer and participant cap.
    LimitsSettingsRequest {
        /// A call ends after this many seconds.
        max_duration_seconds: i64,
        /// Most participants at once.
        max_participants: i64,
        /// The creator does not count towards `max_participants`.
        max_participants_exclude_owner: bool,
    }
    lists {
        /// Roles that do not count towards `max_participants`.
        max_participants_exclude_roles: String,
    }
}

settings_request! {
    /// The frame recording group (`FrameRecordingSettingsRequest`): still images at intervals.
    FrameRecordingSettingsRequest {
        /// Seconds between frames.
        capture_interval_in_seconds: i64,
        /// Available, disabled or started with the call.
        mode: FeatureMode,
        /// Frame resolution.
        quality: VideoQuality,
    }
}

settings_request! {
    /// The broadcasting group (`BroadcastSettingsRequest`): HLS and RTMP out.
    BroadcastSettingsRequest {
        /// Broadcasting allowed.
        enabled: bool,
        /// HLS.
        hls: HlsSettingsRequest,
        /// RTMP out.
        rtmp: RtmpSettingsRequest,
    }
}

settings_request! {
    /// HLS broadcasting (`HLSSettingsRequest`).
    HlsSettingsRequest {
        /// Starts with the call.
        auto_on: bool,
        /// HLS allowed.
        enabled: bool,
        /// Layout of the stream.
        layout: LayoutSettingsRequest,
    }
    lists {
        /// Renditions.
        quality_tracks: VideoQuality,
    }
}

settings_request! {
    /// RTMP broadcasting (`RTMPSettingsRequest`).
    RtmpSettingsRequest {
        /// RTMP out allowed.
        enabled: bool,
        /// Layout of the stream.
        layout: LayoutSettingsRequest,
        /// Output resolution.
        quality: VideoQuality,
    }
}

settings_request! {
    /// The ring group (`RingSettingsRequest`).
    RingSettingsRequest {
        /// A ring nobody answers is cancelled after this many milliseconds.
        auto_cancel_timeout_ms: i64,
        /// An incoming ring stops after this many milliseconds.
        incoming_call_timeout_ms: i64,
        /// A ring counts as missed after this many milliseconds.
        missed_call_timeout_ms: i64,
    }
}

settings_request! {
    /// The thumbnails group (`ThumbnailsSettingsRequest`).
    ThumbnailsSettingsRequest {
        /// Thumbnails on.
        enabled: bool,
    }
}

settings_request! {
    /// The individual recording group (`IndividualRecordingSettingsRequest`): one file per
    /// participant.
    IndividualRecordingSettingsRequest {
        /// Available, disabled or started with the call.
        mode: FeatureMode,
    }
    lists {
        /// Tracks to keep (`audio_only`, `video_only`, `audio_video`, `screenshare_…`).
        output_types: String,
    }
}

settings_request! {
    /// The raw recording group (`RawRecordingSettingsRequest`): the tracks as received.
    RawRecordingSettingsRequest {
        /// Audio tracks only.
        audio_only: bool,
        /// Available, disabled or started with the call.
        mode: FeatureMode,
    }
}

settings_request! {
    /// The encryption group (`EncryptionSettingsRequest`): end-to-end encryption.
    EncryptionSettingsRequest {
        /// Available, disabled or on from the start.
        mode: FeatureMode,
    }
}

settings_request! {
    /// The ingress group (`IngressSettingsRequest`): RTMP/SRT/WHIP input.
    IngressSettingsRequest {
        /// Ingress allowed.
        enabled: bool,
        /// Audio encoding of ingested streams.
        audio_encoding_options: IngressAudioEncoding,
        /// Video encoding of ingested streams, by name.
        video_encoding_options: BTreeMap<String, IngressVideoEncoding>,
    }
}

//! Each settings group as the service answers it: required fields plain (a missing one reads as
//! its default, `null` lists as empty), optional ones `Option`, and unknown fields kept in
//! `extra`.
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::enums::{AudioDevice, CameraFacing, FeatureMode, LayoutName, VideoQuality};
use super::requests::{NoiseCancellationSettings, SpeechSegmentConfig, TranslationSettings};
use crate::Fields;
use crate::v2::null_as_default;

/// A target resolution (`TargetResolution`), sent and answered alike.
///
/// ```
/// use stream_models::v2::TargetResolution;
/// let r = TargetResolution::new(1280, 720).bitrate(1_500_000);
/// assert_eq!(serde_json::to_string(&r).unwrap(), r#"{"width":1280,"height":720,"bitrate":1500000}"#);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct TargetResolution {
    /// Width in pixels.
    pub width: i64,
    /// Height in pixels.
    pub height: i64,
    /// Bitrate in bits per second.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bitrate: Option<i64>,
    /// Any other field.
    #[serde(flatten)]
    pub extra: Fields,
}

impl TargetResolution {
    /// `width` × `height`, no bitrate.
    pub fn new(width: i64, height: i64) -> Self {
        Self {
            width,
            height,
            ..Self::default()
        }
    }

    /// Sets the bitrate (bits per second).
    pub fn bitrate(mut self, bitrate: i64) -> Self {
        self.bitrate = Some(bitrate);
        self
    }
}

/// Audio encoding of ingested streams (`IngressAudioEncodingOptionsRequest`/`…Response`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct IngressAudioEncoding {
    /// Bitrate in bits per second.
    pub bitrate: i64,
    /// Channels.
    pub channels: i64,
    /// Discontinuous transmission.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub enable_dtx: Option<bool>,
    /// Any other field.
    #[serde(flatten)]
    pub extra: Fields,
}

/// Video encoding of ingested streams (`IngressVideoEncodingOptionsRequest`/`…Response`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct IngressVideoEncoding {
    /// Simulcast layers.
    #[serde(deserialize_with = "null_as_default")]
    pub layers: Vec<IngressVideoLayer>,
    /// The source as sent.
    #[serde(deserialize_with = "null_as_default")]
    pub source: IngressSource,
    /// Any other field.
    #[serde(flatten)]
    pub extra: Fields,
}

/// One simulcast layer of an ingested stream (`IngressVideoLayerRequest`/`…Response`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct IngressVideoLayer {
    /// Bitrate in bits per second.
    pub bitrate: i64,
    /// Codec (`h264`, `vp8`, …).
    pub codec: String,
    /// Most frames per second.
    pub frame_rate_limit: i64,
    /// Longest side in pixels.
    pub max_dimension: i64,
    /// Shortest side in pixels.
    pub min_dimension: i64,
    /// Any other field.
    #[serde(flatten)]
    pub extra: Fields,
}

/// The source of an ingested stream (`IngressSourceRequest`/`…Response`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct IngressSource {
    /// Frames per second.
    pub fps: i64,
    /// Height in pixels.
    pub height: i64,
    /// Width in pixels.
    pub width: i64,
    /// Any other field.
    #[serde(flatten)]
    pub extra: Fields,
}

/// The audio group as answered (`AudioSettingsResponse`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct AudioSettingsResponse {
    /// Participants must ask before sending audio.
    pub access_request_enabled: bool,
    /// Where audio plays by default.
    #[serde(deserialize_with = "null_as_default")]
    pub default_device: AudioDevice,
    /// High-fidelity (music) audio.
    pub hifi_audio_enabled: bool,
    /// Microphones start on.
    pub mic_default_on: bool,
    /// Opus discontinuous transmission.
    pub opus_dtx_enabled: bool,
    /// Redundant audio coding.
    pub redundant_coding_enabled: bool,
    /// Speakers start on.
    pub speaker_default_on: bool,
    /// Noise cancellation.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub noise_cancellation: Option<NoiseCancellationSettings>,
    /// Any other field.
    #[serde(flatten)]
    pub extra: Fields,
}

/// The video group as answered (`VideoSettingsResponse`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct VideoSettingsResponse {
    /// Participants must ask before sending video.
    pub access_request_enabled: bool,
    /// Cameras start on.
    pub camera_default_on: bool,
    /// Which camera starts.
    #[serde(deserialize_with = "null_as_default")]
    pub camera_facing: CameraFacing,
    /// Video allowed.
    pub enabled: bool,
    /// The resolution senders aim at.
    #[serde(deserialize_with = "null_as_default")]
    pub target_resolution: TargetResolution,
    /// Any other field.
    #[serde(flatten)]
    pub extra: Fields,
}

/// The screensharing group as answered (`ScreensharingSettingsResponse`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ScreensharingSettingsResponse {
    /// Participants must ask before sharing.
    pub access_request_enabled: bool,
    /// Screensharing allowed.
    pub enabled: bool,
    /// The resolution shares aim at.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target_resolution: Option<TargetResolution>,
    /// Any other field.
    #[serde(flatten)]
    pub extra: Fields,
}

/// The recording group as answered (`RecordSettingsResponse`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct RecordSettingsResponse {
    /// Audio only.
    pub audio_only: bool,
    /// Available, disabled or started with the call.
    #[serde(deserialize_with = "null_as_default")]
    pub mode: FeatureMode,
    /// Output resolution.
    #[serde(deserialize_with = "null_as_default")]
    pub quality: VideoQuality,
    /// The layout of the recording.
    #[serde(deserialize_with = "null_as_default")]
    pub layout: LayoutSettingsResponse,
    /// Any other field.
    #[serde(flatten)]
    pub extra: Fields,
}

/// A layout as answered (`LayoutSettingsResponse`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct LayoutSettingsResponse {
    /// Your own page rendering the call (`""` when none).
    #[serde(deserialize_with = "null_as_default")]
    pub external_app_url: String,
    /// Your own style sheet (`""` when none).
    #[serde(deserialize_with = "null_as_default")]
    pub external_css_url: String,
    /// Layout name.
    #[serde(deserialize_with = "null_as_default")]
    pub name: LayoutName,
    /// Follow the orientation of the main video.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detect_orientation: Option<bool>,
    /// Layout options.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub options: Option<Fields>,
    /// Any other field.
    #[serde(flatten)]
    pub extra: Fields,
}

/// The transcription group as answered (`TranscriptionSettingsResponse`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct TranscriptionSettingsResponse {
    /// Closed captions: available, disabled or on from the start.
    #[serde(deserialize_with = "null_as_default")]
    pub closed_caption_mode: FeatureMode,
    /// Spoken language (`auto`, `en`, …).
    #[serde(deserialize_with = "null_as_default")]
    pub language: String,
    /// Transcription: available, disabled or on from the start.
    #[serde(deserialize_with = "null_as_default")]
    pub mode: FeatureMode,
    /// How speech is cut into captions.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub speech_segment_config: Option<SpeechSegmentConfig>,
    /// Translated captions.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub translation: Option<TranslationSettings>,
    /// Any other field.
    #[serde(flatten)]
    pub extra: Fields,
}

/// The backstage group as answered (`BackstageSettingsResponse`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct BackstageSettingsResponse {
    /// Calls start in backstage.
    pub enabled: bool,
    /// How long before the start others may join, in seconds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub join_ahead_time_seconds: Option<i64>,
    /// Any other field.
    #[serde(flatten)]
    pub extra: Fields,
}

/// The geofencing group as answered (`GeofenceSettingsResponse`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct GeofenceSettingsResponse {
    /// Geofence names.
    #[serde(deserialize_with = "null_as_default")]
    pub names: Vec<String>,
    /// Any other field.
    #[serde(flatten)]
    pub extra: Fields,
}

/// The session group as answered (`SessionSettingsResponse`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SessionSettingsResponse {
    /// A session with nobody left ends after this many seconds.
    pub inactivity_timeout_seconds: i64,
    /// Any other field.
    #[serde(flatten)]
    pub extra: Fields,
}

/// The limits group as answered (`LimitsSettingsResponse`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct LimitsSettingsResponse {
    /// Roles that do not count towards `max_participants`.
    #[serde(deserialize_with = "null_as_default")]
    pub max_participants_exclude_roles: Vec<String>,
    /// A call ends after this many seconds (none: no limit).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_duration_seconds: Option<i64>,
    /// Most participants at once (none: no limit).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_participants: Option<i64>,
    /// The creator does not count towards `max_participants`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_participants_exclude_owner: Option<bool>,
    /// Any other field.
    #[serde(flatten)]
    pub extra: Fields,
}

/// The frame recording group as answered (`FrameRecordingSettingsResponse`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct FrameRecordingSettingsResponse {
    /// Seconds between frames.
    pub capture_interval_in_seconds: i64,
    /// Available, disabled or started with the call.
    #[serde(deserialize_with = "null_as_default")]
    pub mode: FeatureMode,
    /// Frame resolution.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quality: Option<VideoQuality>,
    /// Any other field.
    #[serde(flatten)]
    pub extra: Fields,
}

/// The broadcasting group as answered (`BroadcastSettingsResponse`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct BroadcastSettingsResponse {
    /// Broadcasting allowed.
    pub enabled: bool,
    /// HLS.
    #[serde(deserialize_with = "null_as_default")]
    pub hls: HlsSettingsResponse,
    /// RTMP out.
    #[serde(deserialize_with = "null_as_default")]
    pub rtmp: RtmpSettingsResponse,
    /// Any other field.
    #[serde(flatten)]
    pub extra: Fields,
}

/// HLS broadcasting as answered (`HLSSettingsResponse`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct HlsSettingsResponse {
    /// Starts with the call.
    pub auto_on: bool,
    /// HLS allowed.
    pub enabled: bool,
    /// Renditions.
    #[serde(deserialize_with = "null_as_default")]
    pub quality_tracks: Vec<VideoQuality>,
    /// Layout of the stream.
    #[serde(deserialize_with = "null_as_default")]
    pub layout: LayoutSettingsResponse,
    /// Any other field.
    #[serde(flatten)]
    pub extra: Fields,
}

/// RTMP broadcasting as answered (`RTMPSettingsResponse`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct RtmpSettingsResponse {
    /// RTMP out allowed.
    pub enabled: bool,
    /// Output resolution.
    #[serde(deserialize_with = "null_as_default")]
    pub quality: VideoQuality,
    /// Layout of the stream.
    #[serde(deserialize_with = "null_as_default")]
    pub layout: LayoutSettingsResponse,
    /// Any other field.
    #[serde(flatten)]
    pub extra: Fields,
}

/// The ring group as answered (`RingSettingsResponse`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct RingSettingsResponse {
    /// A ring nobody answers is cancelled after this many milliseconds.
    pub auto_cancel_timeout_ms: i64,
    /// An incoming ring stops after this many milliseconds.
    pub incoming_call_timeout_ms: i64,
    /// A ring counts as missed after this many milliseconds.
    pub missed_call_timeout_ms: i64,
    /// Any other field.
    #[serde(flatten)]
    pub extra: Fields,
}

/// A group that is only switched on or off (`ThumbnailsSettingsResponse`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ThumbnailsSettingsResponse {
    /// On.
    pub enabled: bool,
    /// Any other field.
    #[serde(flatten)]
    pub extra: Fields,
}

/// The individual recording group as answered (`IndividualRecordingSettingsResponse`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct IndividualRecordingSettingsResponse {
    /// Available, disabled or started with the call.
    #[serde(deserialize_with = "null_as_default")]
    pub mode: FeatureMode,
    /// Tracks kept.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub output_types: Option<Vec<String>>,
    /// Any other field.
    #[serde(flatten)]
    pub extra: Fields,
}

/// The raw recording group as answered (`RawRecordingSettingsResponse`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct RawRecordingSettingsResponse {
    /// Available, disabled or started with the call.
    #[serde(deserialize_with = "null_as_default")]
    pub mode: FeatureMode,
    /// Audio tracks only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub audio_only: Option<bool>,
    /// Any other field.
    #[serde(flatten)]
    pub extra: Fields,
}

/// The encryption group as answered (`EncryptionSettingsResponse`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct EncryptionSettingsResponse {
    /// Available, disabled or on from the start.
    #[serde(deserialize_with = "null_as_default")]
    pub mode: FeatureMode,
    /// Any other field.
    #[serde(flatten)]
    pub extra: Fields,
}

/// The ingress group as answered (`IngressSettingsResponse`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct IngressSettingsResponse {
    /// Ingress allowed.
    pub enabled: bool,
    /// Audio encoding of ingested streams.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub audio_encoding_options: Option<IngressAudioEncoding>,
    /// Video encoding of ingested streams, by name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub video_encoding_options: Option<BTreeMap<String, IngressVideoEncoding>>,
    /// Any other field.
    #[serde(flatten)]
    pub extra: Fields,
}

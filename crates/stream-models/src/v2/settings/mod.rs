//! Call settings, typed: what to send (`CallSettingsRequest`, every group and field optional)
//! and what the service answers (`CallSettingsResponse`, every group present), group by group as
//! the official v2 SDKs name them; plus a call's ingress addresses and a call type's notification
//! settings.
//!
//! Closed sets of values (modes, qualities, devices, layouts) are enums that read any string
//! (`Other`), and every type keeps the fields it does not know in `extra`, so a service that adds
//! values or fields never breaks decoding.
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::Fields;
use crate::v2::null_as_default;

/// Defines a request type whose fields are all optional (left out when unset), with a setter per
/// field, a setter per list (`lists { … }`, taking any iterator), `new` and `raw`.
macro_rules! settings_request {
    (
        $(#[$doc:meta])*
        $name:ident { $( $(#[$fdoc:meta])* $field:ident : $ty:ty, )* }
        $( lists { $( $(#[$ldoc:meta])* $list:ident : $item:ty, )* } )?
    ) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
        pub struct $name {
            $(
                $(#[$fdoc])*
                #[serde(default, skip_serializing_if = "Option::is_none")]
                pub $field: Option<$ty>,
            )*
            $($(
                $(#[$ldoc])*
                #[serde(default, skip_serializing_if = "Option::is_none")]
                pub $list: Option<Vec<$item>>,
            )*)?
            /// Fields this SDK does not type, sent and kept as they are.
            #[serde(flatten)]
            pub extra: Fields,
        }

        impl $name {
            /// Nothing set (`{}`).
            pub fn new() -> Self {
                Self::default()
            }

            $(
                $(#[$fdoc])*
                pub fn $field(mut self, value: impl Into<$ty>) -> Self {
                    self.$field = Some(value.into());
                    self
                }
            )*

            $($(
                $(#[$ldoc])*
                pub fn $list<I, V>(mut self, values: I) -> Self
                where
                    I: IntoIterator<Item = V>,
                    V: Into<$item>,
                {
                    self.$list = Some(values.into_iter().map(Into::into).collect());
                    self
                }
            )*)?

            /// Sets a field this SDK does not type (`key`, any JSON).
            pub fn raw(mut self, key: impl Into<String>, value: impl Into<Value>) -> Self {
                let (key, value): (String, Value) = (key.into(), value.into());
                self.extra.insert(key, value);
                self
            }
        }
    };
}

pub mod enums;
pub mod notification;
pub mod requests;
pub mod responses;

use requests::*;
use responses::*;

settings_request! {
    /// Settings to send (`CallSettingsRequest`): a call type's `settings` or a call's
    /// `settings_override`. Only the groups set are sent, and in them only the fields set; a
    /// group this SDK does not type yet can be sent with `raw`.
    ///
    /// ```
    /// use stream_models::v2::{BackstageSettingsRequest, CallSettingsRequest, LimitsSettingsRequest};
    /// let s = CallSettingsRequest::new()
    ///     .backstage(BackstageSettingsRequest::new().enabled(true).join_ahead_time_seconds(300))
    ///     .limits(LimitsSettingsRequest::new().max_duration_seconds(3600));
    /// assert_eq!(serde_json::to_string(&s).unwrap(),
    ///     r#"{"backstage":{"enabled":true,"join_ahead_time_seconds":300},"limits":{"max_duration_seconds":3600}}"#);
    /// ```
    CallSettingsRequest {
        /// Audio.
        audio: AudioSettingsRequest,
        /// Backstage.
        backstage: BackstageSettingsRequest,
        /// HLS and RTMP broadcasting.
        broadcasting: BroadcastSettingsRequest,
        /// End-to-end encryption.
        encryption: EncryptionSettingsRequest,
        /// Frame recording.
        frame_recording: FrameRecordingSettingsRequest,
        /// Geofencing.
        geofencing: GeofenceSettingsRequest,
        /// Individual recording.
        individual_recording: IndividualRecordingSettingsRequest,
        /// Ingress.
        ingress: IngressSettingsRequest,
        /// Limits (max duration timer, participant cap).
        limits: LimitsSettingsRequest,
        /// Raw recording.
        raw_recording: RawRecordingSettingsRequest,
        /// Composite recording.
        recording: RecordSettingsRequest,
        /// Ringing.
        ring: RingSettingsRequest,
        /// Screensharing.
        screensharing: ScreensharingSettingsRequest,
        /// Sessions (inactivity timeout).
        session: SessionSettingsRequest,
        /// Thumbnails.
        thumbnails: ThumbnailsSettingsRequest,
        /// Transcription and closed captions.
        transcription: TranscriptionSettingsRequest,
        /// Video.
        video: VideoSettingsRequest,
    }
}

/// A call's or call type's effective settings as answered (`CallSettingsResponse`): every group,
/// each with every field the service fills in.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct CallSettingsResponse {
    /// Audio.
    #[serde(deserialize_with = "null_as_default")]
    pub audio: AudioSettingsResponse,
    /// Backstage.
    #[serde(deserialize_with = "null_as_default")]
    pub backstage: BackstageSettingsResponse,
    /// HLS and RTMP broadcasting.
    #[serde(deserialize_with = "null_as_default")]
    pub broadcasting: BroadcastSettingsResponse,
    /// End-to-end encryption (not answered by every service version).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub encryption: Option<EncryptionSettingsResponse>,
    /// Frame recording.
    #[serde(deserialize_with = "null_as_default")]
    pub frame_recording: FrameRecordingSettingsResponse,
    /// Geofencing.
    #[serde(deserialize_with = "null_as_default")]
    pub geofencing: GeofenceSettingsResponse,
    /// Individual recording.
    #[serde(deserialize_with = "null_as_default")]
    pub individual_recording: IndividualRecordingSettingsResponse,
    /// Ingress (when the service answers it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ingress: Option<IngressSettingsResponse>,
    /// Limits (max duration timer, participant cap).
    #[serde(deserialize_with = "null_as_default")]
    pub limits: LimitsSettingsResponse,
    /// Raw recording.
    #[serde(deserialize_with = "null_as_default")]
    pub raw_recording: RawRecordingSettingsResponse,
    /// Composite recording.
    #[serde(deserialize_with = "null_as_default")]
    pub recording: RecordSettingsResponse,
    /// Ringing.
    #[serde(deserialize_with = "null_as_default")]
    pub ring: RingSettingsResponse,
    /// Screensharing.
    #[serde(deserialize_with = "null_as_default")]
    pub screensharing: ScreensharingSettingsResponse,
    /// Sessions (inactivity timeout).
    #[serde(deserialize_with = "null_as_default")]
    pub session: SessionSettingsResponse,
    /// Thumbnails.
    #[serde(deserialize_with = "null_as_default")]
    pub thumbnails: ThumbnailsSettingsResponse,
    /// Transcription and closed captions.
    #[serde(deserialize_with = "null_as_default")]
    pub transcription: TranscriptionSettingsResponse,
    /// Video.
    #[serde(deserialize_with = "null_as_default")]
    pub video: VideoSettingsResponse,
    /// Any other group.
    #[serde(flatten)]
    pub extra: Fields,
}

/// One ingress address (`RTMPIngress`, `SRTIngress`, `WHIPIngress`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct IngressAddress {
    /// Where to send the stream. The SRT address holds `{passphrase}` and `{token}`
    /// placeholders to fill in with a user token.
    #[serde(deserialize_with = "null_as_default")]
    pub address: String,
    /// Any other field.
    #[serde(flatten)]
    pub extra: Fields,
}

/// Where to send streams into a call (`CallIngressResponse`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct CallIngressResponse {
    /// RTMP(S): `rtmps://host:443/<key>`, with a user token as stream key.
    #[serde(deserialize_with = "null_as_default")]
    pub rtmp: IngressAddress,
    /// SRT.
    #[serde(deserialize_with = "null_as_default")]
    pub srt: IngressAddress,
    /// WHIP.
    #[serde(deserialize_with = "null_as_default")]
    pub whip: IngressAddress,
    /// Any other protocol.
    #[serde(flatten)]
    pub extra: Fields,
}

#[cfg(test)]
mod tests;

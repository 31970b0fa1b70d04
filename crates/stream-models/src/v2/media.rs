//! Answers of a call's media operations: recordings, transcriptions, closed captions, HLS and
//! RTMP broadcasts.
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::webhook::CallFile;
use crate::Fields;

/// Answer of list recordings: the call's finished recordings (`CallRecording`s, each with its
/// `recording_type` in [`CallFile::extra`]).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ListRecordingsResponse {
    /// The recordings.
    #[serde(default, deserialize_with = "super::null_as_default")]
    pub recordings: Vec<CallFile>,
    /// Server-side duration.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration: Option<String>,
    /// Any other field.
    #[serde(flatten)]
    pub extra: Fields,
}

/// Answer of list transcriptions: the call's finished transcriptions (`CallTranscription`s).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ListTranscriptionsResponse {
    /// The transcriptions.
    #[serde(default, deserialize_with = "super::null_as_default")]
    pub transcriptions: Vec<CallFile>,
    /// Server-side duration.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration: Option<String>,
    /// Any other field.
    #[serde(flatten)]
    pub extra: Fields,
}

/// Answer of start HLS broadcasting: where the playlist is served.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct StartHlsBroadcastingResponse {
    /// The HLS playlist (`.m3u8`) URL.
    #[serde(default, deserialize_with = "crate::activity::null_default")]
    pub playlist_url: String,
    /// Server-side duration.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration: Option<String>,
    /// Any other field.
    #[serde(flatten)]
    pub extra: Fields,
}

/// One RTMP broadcast to start: a `name` (unique in the call, used to stop it), the server's
/// `stream_url` and, usually, its `stream_key`.
///
/// ```
/// use stream_models::v2::RtmpBroadcastRequest;
/// let yt = RtmpBroadcastRequest::new("youtube", "rtmps://a.rtmp.youtube.com/live2")
///     .stream_key("abcd-1234");
/// assert_eq!(serde_json::to_value(&yt).unwrap()["stream_key"], "abcd-1234");
/// assert!(!format!("{yt:?}").contains("abcd-1234"));
/// ```
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct RtmpBroadcastRequest {
    /// The broadcast's name in the call.
    pub name: String,
    /// The RTMP(S) server address (`rtmp://…` or `rtmps://…`).
    pub stream_url: String,
    /// The key the RTMP server expects.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stream_key: Option<String>,
    /// Video quality (`1080p`, `720p`, …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quality: Option<String>,
    /// Layout settings (`LayoutSettingsRequest`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub layout: Option<Value>,
}

impl std::fmt::Debug for RtmpBroadcastRequest {
    /// The stream key is a secret: shown only as set or not.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RtmpBroadcastRequest")
            .field("name", &self.name)
            .field("stream_url", &self.stream_url)
            .field(
                "stream_key",
                &self.stream_key.as_ref().map(|_| "<redacted>"),
            )
            .field("quality", &self.quality)
            .field("layout", &self.layout)
            .finish()
    }
}

impl RtmpBroadcastRequest {
    /// A broadcast `name` to `stream_url`.
    pub fn new(name: impl Into<String>, stream_url: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            stream_url: stream_url.into(),
            ..Self::default()
        }
    }

    /// Sets the stream key.
    pub fn stream_key(mut self, key: impl Into<String>) -> Self {
        self.stream_key = Some(key.into());
        self
    }

    /// Sets the quality (`1080p`, …).
    pub fn quality(mut self, quality: impl Into<String>) -> Self {
        self.quality = Some(quality.into());
        self
    }

    /// Sets the layout (`{"name": "spotlight"}`).
    pub fn layout(mut self, layout: Value) -> Self {
        self.layout = Some(layout);
        self
    }
}

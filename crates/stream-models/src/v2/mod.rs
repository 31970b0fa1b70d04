//! Models of Stream's v2 server-side API (users, video calls, call types), as the official v2
//! SDKs (`getstream` for Python, `@stream-io/node-sdk`) send and read them.
//!
//! Request types leave unset fields out of the JSON (as the SDKs drop `None`s). Response types
//! are lenient: every field defaults, `null` lists and maps read as empty, unknown fields are kept
//! in `extra`, custom data is [`Fields`](crate::Fields), and times are [`Timestamp`](crate::Timestamp)s
//! (read from unix nanoseconds, as a number or a string, or RFC 3339; written back as nanoseconds).

pub mod app;
pub mod blocks;
pub mod call;
pub mod device;
pub mod filter;
pub mod guest;
pub mod live;
pub mod media;
pub mod participants;
pub mod settings;
pub mod time;
pub mod user;
pub mod webhook;

pub use app::{AppResponseFields, GetApplicationResponse, GetTaskResponse, TaskError};
pub use blocks::{
    BlockUsersResponse, BlockedUserResponse, ExportUserResponse, GetBlockedUsersResponse,
};
pub use call::{
    BUILTIN_CALL_TYPES, CallRequest, CallResponse, CallStateResponse, CallTypeResponse,
    DeleteCallResponse, GetCallResponse, GetOrCreateCallResponse, ListCallTypeResponse,
    MemberRequest, MemberResponse, MembersResponse, QueryCallsResponse, UpdateCallResponse,
};
pub use device::{DeviceResponse, ListDevicesResponse, PushProvider};
pub use filter::{FILTER_OPERATORS, LOGICAL_FILTER_OPERATORS};
pub use guest::CreateGuestResponse;
pub use live::{GoLiveResponse, StopLiveResponse};
pub use media::{
    ListRecordingsResponse, ListTranscriptionsResponse, RtmpBroadcastRequest,
    StartHlsBroadcastingResponse,
};
pub use participants::{CallParticipantResponse, QueryCallParticipantsResponse, RingCallResponse};
pub use settings::enums::{AudioDevice, CameraFacing, FeatureMode, LayoutName, VideoQuality};
pub use settings::notification::{
    ApnsPayload, EventNotificationSettingsRequest, EventNotificationSettingsResponse, FcmPayload,
    NotificationSettingsRequest, NotificationSettingsResponse,
};
pub use settings::requests::{
    AudioSettingsRequest, BackstageSettingsRequest, BroadcastSettingsRequest,
    EncryptionSettingsRequest, FrameRecordingSettingsRequest, GeofenceSettingsRequest,
    HlsSettingsRequest, IndividualRecordingSettingsRequest, IngressSettingsRequest,
    LayoutSettingsRequest, LimitsSettingsRequest, NoiseCancellationSettings,
    RawRecordingSettingsRequest, RecordSettingsRequest, RingSettingsRequest, RtmpSettingsRequest,
    ScreensharingSettingsRequest, SessionSettingsRequest, SpeechSegmentConfig,
    ThumbnailsSettingsRequest, TranscriptionSettingsRequest, TranslationSettings,
    VideoSettingsRequest,
};
pub use settings::responses::{
    AudioSettingsResponse, BackstageSettingsResponse, BroadcastSettingsResponse,
    EncryptionSettingsResponse, FrameRecordingSettingsResponse, GeofenceSettingsResponse,
    HlsSettingsResponse, IndividualRecordingSettingsResponse, IngressAudioEncoding,
    IngressSettingsResponse, IngressSource, IngressVideoEncoding, IngressVideoLayer,
    LayoutSettingsResponse, LimitsSettingsResponse, RawRecordingSettingsResponse,
    RecordSettingsResponse, RingSettingsResponse, RtmpSettingsResponse,
    ScreensharingSettingsResponse, SessionSettingsResponse, TargetResolution,
    ThumbnailsSettingsResponse, TranscriptionSettingsResponse, VideoSettingsResponse,
};
pub use settings::{
    CallIngressResponse, CallSettingsRequest, CallSettingsResponse, IngressAddress,
};
#[allow(deprecated)]
pub use time::Timestamp;
pub use user::{
    DurationResponse, FullUserResponse, PrivacySettings, QueryUsersPayload, QueryUsersResponse,
    SortParam, TaskResponse, UpdateUserPartialRequest, UpdateUsersResponse, UserActionResponse,
    UserRequest, UserResponse,
};
pub use webhook::{CallEvent, CallFile, CallFileReadyEvent, CallMemberRemovedEvent, WebhookEvent};

use serde::{Deserialize, Deserializer};

/// Reads `null` as the type's default (an empty list or map), for fields the service may send as
/// `null`.
pub(crate) fn null_as_default<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Default + Deserialize<'de>,
{
    Ok(Option::<T>::deserialize(d)?.unwrap_or_default())
}

#[cfg(test)]
mod tests;

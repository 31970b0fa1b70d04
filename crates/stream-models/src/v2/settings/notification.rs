//! A call type's push notification settings: on or off per event, with the APNs and FCM payloads.
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::Fields;
use crate::v2::null_as_default;

settings_request! {
    /// What to send for notification settings (`NotificationSettingsRequest`).
    ///
    /// ```
    /// use stream_models::v2::{EventNotificationSettingsRequest, NotificationSettingsRequest};
    /// let n = NotificationSettingsRequest::new()
    ///     .call_ring(EventNotificationSettingsRequest::new().enabled(false));
    /// assert_eq!(serde_json::to_string(&n).unwrap(), r#"{"call_ring":{"enabled":false}}"#);
    /// ```
    NotificationSettingsRequest {
        /// Notifications on.
        enabled: bool,
        /// When a livestream goes live.
        call_live_started: EventNotificationSettingsRequest,
        /// When a ring is missed.
        call_missed: EventNotificationSettingsRequest,
        /// When members are notified of a call.
        call_notification: EventNotificationSettingsRequest,
        /// When a call rings.
        call_ring: EventNotificationSettingsRequest,
        /// When a session starts.
        session_started: EventNotificationSettingsRequest,
    }
}

settings_request! {
    /// What to send for the notifications of one event (`EventNotificationSettingsRequest`).
    EventNotificationSettingsRequest {
        /// On for this event.
        enabled: bool,
        /// The APNs payload.
        apns: ApnsPayload,
        /// The FCM payload.
        fcm: FcmPayload,
    }
}

settings_request! {
    /// An FCM payload (`FCMPayload`), sent and answered alike.
    FcmPayload {
        /// Data sent with the message.
        data: Fields,
    }
}

/// An APNs payload (`APNSPayload`), sent and answered alike; the flags are written
/// `content-available` and `mutable-content`, as APNs spells them.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ApnsPayload {
    /// Alert body template.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
    /// `content-available` flag (1: background update).
    #[serde(rename = "content-available", skip_serializing_if = "Option::is_none")]
    pub content_available: Option<i64>,
    /// `mutable-content` flag (1: a notification extension may change it).
    #[serde(rename = "mutable-content", skip_serializing_if = "Option::is_none")]
    pub mutable_content: Option<i64>,
    /// Sound name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sound: Option<String>,
    /// Alert title template.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Custom data.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data: Option<Fields>,
    /// Any other field.
    #[serde(flatten)]
    pub extra: Fields,
}

impl ApnsPayload {
    /// Nothing set.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets the title template.
    pub fn title(mut self, title: impl Into<String>) -> Self {
        self.title = Some(title.into());
        self
    }

    /// Sets the body template.
    pub fn body(mut self, body: impl Into<String>) -> Self {
        self.body = Some(body.into());
        self
    }

    /// Sets the sound.
    pub fn sound(mut self, sound: impl Into<String>) -> Self {
        self.sound = Some(sound.into());
        self
    }

    /// Sets `content-available`.
    pub fn content_available(mut self, flag: i64) -> Self {
        self.content_available = Some(flag);
        self
    }

    /// Sets `mutable-content`.
    pub fn mutable_content(mut self, flag: i64) -> Self {
        self.mutable_content = Some(flag);
        self
    }

    /// Sets the custom data.
    pub fn data(mut self, data: impl Into<Fields>) -> Self {
        self.data = Some(data.into());
        self
    }

    /// Sets a field this SDK does not type (`key`, any JSON).
    pub fn raw(mut self, key: impl Into<String>, value: impl Into<Value>) -> Self {
        let (key, value): (String, Value) = (key.into(), value.into());
        self.extra.insert(key, value);
        self
    }
}

/// Notification settings as answered (`NotificationSettingsResponse`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct NotificationSettingsResponse {
    /// Notifications on.
    pub enabled: bool,
    /// When a livestream goes live.
    #[serde(deserialize_with = "null_as_default")]
    pub call_live_started: EventNotificationSettingsResponse,
    /// When a ring is missed.
    #[serde(deserialize_with = "null_as_default")]
    pub call_missed: EventNotificationSettingsResponse,
    /// When members are notified of a call.
    #[serde(deserialize_with = "null_as_default")]
    pub call_notification: EventNotificationSettingsResponse,
    /// When a call rings.
    #[serde(deserialize_with = "null_as_default")]
    pub call_ring: EventNotificationSettingsResponse,
    /// When a session starts.
    #[serde(deserialize_with = "null_as_default")]
    pub session_started: EventNotificationSettingsResponse,
    /// Any other field.
    #[serde(flatten)]
    pub extra: Fields,
}

/// The notifications of one event as answered (`EventNotificationSettingsResponse`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct EventNotificationSettingsResponse {
    /// On for this event.
    pub enabled: bool,
    /// The APNs payload.
    #[serde(deserialize_with = "null_as_default")]
    pub apns: ApnsPayload,
    /// The FCM payload.
    #[serde(deserialize_with = "null_as_default")]
    pub fcm: FcmPayload,
    /// Any other field.
    #[serde(flatten)]
    pub extra: Fields,
}

//! v2 push devices (`/api/v2/devices`): the providers a device can use and what the service
//! answers when listing a user's devices.
use std::fmt;

use serde::{Deserialize, Serialize};

use super::time::serialize_opt_nanos;
use crate::{Fields, Timestamp};

/// The push service a device receives notifications through.
///
/// ```
/// use stream_models::v2::PushProvider;
/// assert_eq!(serde_json::to_string(&PushProvider::Apn).unwrap(), r#""apn""#);
/// assert_eq!(PushProvider::Firebase.as_str(), "firebase");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum PushProvider {
    /// Firebase Cloud Messaging.
    Firebase,
    /// Apple Push Notification service.
    Apn,
    /// Huawei Push Kit.
    Huawei,
    /// Xiaomi Mi Push.
    Xiaomi,
}

impl PushProvider {
    /// Every provider the service accepts.
    pub const ALL: [Self; 4] = [Self::Firebase, Self::Apn, Self::Huawei, Self::Xiaomi];

    /// The name on the wire (`firebase`, `apn`, `huawei`, `xiaomi`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Firebase => "firebase",
            Self::Apn => "apn",
            Self::Huawei => "huawei",
            Self::Xiaomi => "xiaomi",
        }
    }
}

impl fmt::Display for PushProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A user's push device as the service answers it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DeviceResponse {
    /// Device id (the push token).
    #[serde(default, deserialize_with = "crate::activity::null_default")]
    pub id: String,
    /// Push provider (`firebase`, `apn`, `huawei`, `xiaomi`; kept as sent).
    #[serde(default, deserialize_with = "crate::activity::null_default")]
    pub push_provider: String,
    /// The user the device belongs to.
    #[serde(default, deserialize_with = "crate::activity::null_default")]
    pub user_id: String,
    /// Registered.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "serialize_opt_nanos"
    )]
    pub created_at: Option<Timestamp>,
    /// The named push configuration (multi-bundle apps).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub push_provider_name: Option<String>,
    /// An Apple VoIP token.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub voip: Option<bool>,
    /// The service stopped sending to it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disabled: Option<bool>,
    /// Why it was disabled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disabled_reason: Option<String>,
    /// Stable physical device id shared by the device's tokens.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hardware_id: Option<String>,
    /// Any other field.
    #[serde(flatten)]
    pub extra: Fields,
}

impl DeviceResponse {
    /// The provider, when it is one this crate knows.
    pub fn provider(&self) -> Option<PushProvider> {
        PushProvider::ALL
            .into_iter()
            .find(|p| p.as_str() == self.push_provider)
    }
}

/// Answer of list devices: the user's devices.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ListDevicesResponse {
    /// The devices.
    #[serde(default, deserialize_with = "super::null_as_default")]
    pub devices: Vec<DeviceResponse>,
    /// Server-side duration.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration: Option<String>,
    /// Any other field.
    #[serde(flatten)]
    pub extra: Fields,
}

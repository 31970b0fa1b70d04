//! v2 push devices of a user: register, list, delete (`/api/v2/devices`).
use serde::Serialize;
use stream_models::v2::{DurationResponse, ListDevicesResponse, PushProvider};

use super::{V2Users, check_id, check_not_empty, spec};
use crate::config::Config;
use crate::endpoint::{JsonEndpoint, Spec};
use crate::error::Error;
use crate::request::Method;

impl V2Users {
    /// [`CreateDevice`]: registers push device `id` (the push token) for `user_id`.
    pub fn create_device(
        &self,
        user_id: impl Into<String>,
        id: impl Into<String>,
        push_provider: PushProvider,
    ) -> CreateDevice {
        CreateDevice {
            id: id.into(),
            push_provider,
            hardware_id: None,
            push_provider_name: None,
            user_id: user_id.into(),
            voip_token: None,
        }
    }

    /// [`ListDevices`]: the push devices of `user_id`.
    pub fn devices(&self, user_id: impl Into<String>) -> ListDevices {
        ListDevices {
            user_id: user_id.into(),
        }
    }

    /// [`DeleteDevice`]: removes push device `id` of `user_id`.
    pub fn delete_device(&self, user_id: impl Into<String>, id: impl Into<String>) -> DeleteDevice {
        DeleteDevice {
            id: id.into(),
            user_id: user_id.into(),
        }
    }
}

/// A device id is a push token: any non-empty string (tokens outgrow user ids, so no length is
/// imposed here).
fn check_device_id(id: &str) -> Result<(), Error> {
    check_not_empty("id", Some(id))
}

/// Registers a push device for a user: `POST /api/v2/devices`
/// `{"id","push_provider","push_provider_name","user_id","voip_token"}`. Registering the same
/// device again changes nothing; a user keeps at most 25 devices (the oldest goes first).
///
/// ```no_run
/// use stream_core::{ApiSecret, Config};
/// use stream_core::models::v2::PushProvider;
/// use stream_core::v2::V2Users;
/// let config = Config::builder("key", ApiSecret::new("secret")).build()?;
/// let add = V2Users
///     .create_device("alice", "apns-token-1", PushProvider::Apn)
///     .push_provider_name("production-ios")
///     .voip_token(true);
/// let request = config.build_request(&add)?;
/// # Ok::<(), stream_core::Error>(())
/// ```
#[must_use = "an endpoint does nothing until it is passed to `client.send`"]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CreateDevice {
    id: String,
    push_provider: PushProvider,
    #[serde(skip_serializing_if = "Option::is_none")]
    hardware_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    push_provider_name: Option<String>,
    user_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    voip_token: Option<bool>,
}

impl CreateDevice {
    /// The named push configuration to use (multi-bundle apps).
    pub fn push_provider_name(mut self, name: impl Into<String>) -> Self {
        self.push_provider_name = Some(name.into());
        self
    }

    /// The token is an Apple VoIP token.
    pub fn voip_token(mut self, yes: bool) -> Self {
        self.voip_token = Some(yes);
        self
    }

    /// A stable id of the physical device, shared by its tokens.
    pub fn hardware_id(mut self, id: impl Into<String>) -> Self {
        self.hardware_id = Some(id.into());
        self
    }
}

impl JsonEndpoint for CreateDevice {
    type Output = DurationResponse;

    const OP: &'static str = "v2.devices.create";

    fn spec(&self, _: &Config) -> Result<Spec, Error> {
        check_device_id(&self.id)?;
        check_id("user_id", &self.user_id)?;
        Ok(spec(Self::OP, Method::Post, "devices".into())
            .json(self)?
            .idempotent(true))
    }
}

/// Lists a user's push devices: `GET /api/v2/devices?user_id=`.
///
/// ```no_run
/// use stream_core::{ApiSecret, Config};
/// use stream_core::v2::V2Users;
/// let config = Config::builder("key", ApiSecret::new("secret")).build()?;
/// let request = config.build_request(&V2Users.devices("alice"))?;
/// # Ok::<(), stream_core::Error>(())
/// ```
#[must_use = "an endpoint does nothing until it is passed to `client.send`"]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListDevices {
    user_id: String,
}

impl JsonEndpoint for ListDevices {
    type Output = ListDevicesResponse;

    const OP: &'static str = "v2.devices.list";

    fn spec(&self, _: &Config) -> Result<Spec, Error> {
        check_id("user_id", &self.user_id)?;
        Ok(spec(Self::OP, Method::Get, "devices".into()).query("user_id", &self.user_id))
    }
}

/// Deletes a user's push device: `DELETE /api/v2/devices?id=&user_id=`.
///
/// ```no_run
/// use stream_core::{ApiSecret, Config};
/// use stream_core::v2::V2Users;
/// let config = Config::builder("key", ApiSecret::new("secret")).build()?;
/// let request = config.build_request(&V2Users.delete_device("alice", "apns-token-1"))?;
/// # Ok::<(), stream_core::Error>(())
/// ```
#[must_use = "an endpoint does nothing until it is passed to `client.send`"]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeleteDevice {
    id: String,
    user_id: String,
}

impl JsonEndpoint for DeleteDevice {
    type Output = DurationResponse;

    const OP: &'static str = "v2.devices.delete";

    fn spec(&self, _: &Config) -> Result<Spec, Error> {
        check_device_id(&self.id)?;
        check_id("user_id", &self.user_id)?;
        Ok(spec(Self::OP, Method::Delete, "devices".into())
            .query("id", &self.id)
            .query("user_id", &self.user_id)
            .idempotent(true))
    }
}

//! v2 call types: create, get, list, update and delete (built-ins: `default`, `livestream`,
//! `audio_room`). A call of a type starts from the type's settings.
use std::collections::BTreeMap;

use serde::Serialize;
use stream_models::v2::{
    CallSettingsRequest, CallTypeResponse, DurationResponse, ListCallTypeResponse,
    NotificationSettingsRequest,
};

use super::{check_id, spec};
use crate::config::Config;
use crate::endpoint::{JsonEndpoint, Path, Spec};
use crate::error::{BuildError, Error};
use crate::request::Method;

/// `video/calltypes/{name}`.
fn type_path(name: &str) -> String {
    Path::new()
        .lit("video/calltypes")
        .seg_strict(name)
        .no_trailing_slash()
}

/// What a call type holds: grants per role, settings, notification settings and the external
/// storage recordings go to. Unset parts are left out of the body (the service keeps or
/// defaults them).
///
/// ```
/// use serde_json::json;
/// use stream_core::models::v2::{BackstageSettingsRequest, CallSettingsRequest};
/// use stream_core::v2::CallTypeRequest;
/// let fields = CallTypeRequest::new()
///     .grant("host", ["join-backstage", "send-audio"])
///     .settings(CallSettingsRequest::new().backstage(BackstageSettingsRequest::new().enabled(true)));
/// assert_eq!(serde_json::to_value(&fields).unwrap(), json!({
///     "grants": {"host": ["join-backstage", "send-audio"]},
///     "settings": {"backstage": {"enabled": true}}}));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct CallTypeRequest {
    #[serde(skip_serializing_if = "Option::is_none")]
    external_storage: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    grants: Option<BTreeMap<String, Vec<String>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    notification_settings: Option<NotificationSettingsRequest>,
    #[serde(skip_serializing_if = "Option::is_none")]
    settings: Option<CallSettingsRequest>,
}

impl CallTypeRequest {
    /// Nothing set.
    pub fn new() -> Self {
        Self::default()
    }

    /// The capabilities of `role` in calls of this type (`send-audio`, `join-backstage`, …).
    pub fn grant<I, S>(mut self, role: impl Into<String>, capabilities: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        let caps = capabilities.into_iter().map(Into::into).collect();
        self.grants
            .get_or_insert_with(BTreeMap::new)
            .insert(role.into(), caps);
        self
    }

    /// The settings calls of this type start from (only the groups and fields set are sent).
    pub fn settings(mut self, settings: CallSettingsRequest) -> Self {
        self.settings = Some(settings);
        self
    }

    /// Push notifications per event (`call_ring`, `call_notification`, `call_live_started`,
    /// `session_started`, `call_missed`) and `enabled` for all of them.
    pub fn notification_settings(mut self, notifications: NotificationSettingsRequest) -> Self {
        self.notification_settings = Some(notifications);
        self
    }

    /// The external storage recordings of this type go to.
    pub fn external_storage(mut self, name: impl Into<String>) -> Self {
        self.external_storage = Some(name.into());
        self
    }

    fn check(&self) -> Result<(), Error> {
        if let Some(settings) = &self.settings {
            super::call_settings::check(settings)?;
        }
        if let Some(grants) = &self.grants {
            for (role, caps) in grants {
                check_id("grants", role)?;
                if caps.iter().any(String::is_empty) {
                    return Err(BuildError::field("grants", "empty capability").into());
                }
            }
        }
        Ok(())
    }
}

/// Creates a call type: `POST /api/v2/video/calltypes` with `name` and the
/// [`CallTypeRequest`] fields. Settings not given are the service's defaults.
///
/// ```no_run
/// use stream_core::{ApiSecret, Config};
/// use stream_core::models::v2::{AudioDevice, AudioSettingsRequest, CallSettingsRequest};
/// use stream_core::v2::{CallTypeRequest, CreateCallType};
/// let config = Config::builder("key", ApiSecret::new("secret")).build()?;
/// let create = CreateCallType::new("town_hall", CallTypeRequest::new()
///     .grant("admin", ["send-audio", "send-video"])
///     .settings(CallSettingsRequest::new().audio(
///         AudioSettingsRequest::new().default_device(AudioDevice::Speaker).mic_default_on(true))));
/// let request = config.build_request(&create)?;
/// # Ok::<(), stream_core::Error>(())
/// ```
#[must_use = "an endpoint does nothing until it is passed to `client.send`"]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CreateCallType {
    name: String,
    #[serde(flatten)]
    fields: CallTypeRequest,
}

impl CreateCallType {
    /// The call type `name` with `fields`.
    pub fn new(name: impl Into<String>, fields: CallTypeRequest) -> Self {
        Self {
            name: name.into(),
            fields,
        }
    }
}

impl JsonEndpoint for CreateCallType {
    type Output = CallTypeResponse;

    const OP: &'static str = "v2.video.call_types.create";

    fn spec(&self, _: &Config) -> Result<Spec, Error> {
        check_id("name", &self.name)?;
        self.fields.check()?;
        Ok(spec(Self::OP, Method::Post, "video/calltypes".into()).json(self)?)
    }
}

/// Changes a call type: `PUT /api/v2/video/calltypes/{name}`. Only the settings fields given
/// change; grants given replace those roles' capabilities.
///
/// ```no_run
/// use stream_core::{ApiSecret, Config};
/// use stream_core::models::v2::{BackstageSettingsRequest, CallSettingsRequest};
/// use stream_core::v2::{CallTypeRequest, UpdateCallType};
/// let config = Config::builder("key", ApiSecret::new("secret")).build()?;
/// let update = UpdateCallType::new("town_hall", CallTypeRequest::new()
///     .settings(CallSettingsRequest::new().backstage(BackstageSettingsRequest::new().enabled(true))));
/// let request = config.build_request(&update)?;
/// # Ok::<(), stream_core::Error>(())
/// ```
#[must_use = "an endpoint does nothing until it is passed to `client.send`"]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UpdateCallType {
    #[serde(skip)]
    name: String,
    #[serde(flatten)]
    fields: CallTypeRequest,
}

impl UpdateCallType {
    /// The call type `name`, changed by `fields`.
    pub fn new(name: impl Into<String>, fields: CallTypeRequest) -> Self {
        Self {
            name: name.into(),
            fields,
        }
    }
}

impl JsonEndpoint for UpdateCallType {
    type Output = CallTypeResponse;

    const OP: &'static str = "v2.video.call_types.update";

    fn spec(&self, _: &Config) -> Result<Spec, Error> {
        check_id("name", &self.name)?;
        self.fields.check()?;
        Ok(spec(Self::OP, Method::Put, type_path(&self.name))
            .json(self)?
            .idempotent(true))
    }
}

/// Deletes a call type: `DELETE /api/v2/video/calltypes/{name}`.
///
/// ```no_run
/// use stream_core::{ApiSecret, Config};
/// use stream_core::v2::DeleteCallType;
/// let config = Config::builder("key", ApiSecret::new("secret")).build()?;
/// let request = config.build_request(&DeleteCallType::new("town_hall"))?;
/// # Ok::<(), stream_core::Error>(())
/// ```
#[must_use = "an endpoint does nothing until it is passed to `client.send`"]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeleteCallType {
    name: String,
}

impl DeleteCallType {
    /// The call type `name`.
    pub fn new(name: impl Into<String>) -> Self {
        Self { name: name.into() }
    }
}

impl JsonEndpoint for DeleteCallType {
    type Output = DurationResponse;

    const OP: &'static str = "v2.video.call_types.delete";

    fn spec(&self, _: &Config) -> Result<Spec, Error> {
        check_id("name", &self.name)?;
        Ok(spec(Self::OP, Method::Delete, type_path(&self.name)).idempotent(true))
    }
}

/// Lists the app's call types: `GET /api/v2/video/calltypes`.
///
/// ```no_run
/// use stream_core::{ApiSecret, Config};
/// use stream_core::v2::ListCallTypes;
/// let config = Config::builder("key", ApiSecret::new("secret")).build()?;
/// let request = config.build_request(&ListCallTypes)?;
/// # Ok::<(), stream_core::Error>(())
/// ```
#[must_use = "an endpoint does nothing until it is passed to `client.send`"]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ListCallTypes;

impl JsonEndpoint for ListCallTypes {
    type Output = ListCallTypeResponse;

    const OP: &'static str = "v2.video.call_types.list";

    fn spec(&self, _: &Config) -> Result<Spec, Error> {
        Ok(spec(Self::OP, Method::Get, "video/calltypes".into()))
    }
}

/// Gets one call type: `GET /api/v2/video/calltypes/{name}`.
///
/// ```no_run
/// use stream_core::{ApiSecret, Config};
/// use stream_core::v2::GetCallType;
/// let config = Config::builder("key", ApiSecret::new("secret")).build()?;
/// let request = config.build_request(&GetCallType::new("livestream"))?;
/// # Ok::<(), stream_core::Error>(())
/// ```
#[must_use = "an endpoint does nothing until it is passed to `client.send`"]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GetCallType {
    name: String,
}

impl GetCallType {
    /// The call type `name`.
    pub fn new(name: impl Into<String>) -> Self {
        Self { name: name.into() }
    }
}

impl JsonEndpoint for GetCallType {
    type Output = CallTypeResponse;

    const OP: &'static str = "v2.video.call_types.get";

    fn spec(&self, _: &Config) -> Result<Spec, Error> {
        check_id("name", &self.name)?;
        Ok(spec(Self::OP, Method::Get, type_path(&self.name)))
    }
}

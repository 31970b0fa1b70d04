//! v2 app settings: read them (`GET /api/v2/app`) and change them (`PATCH /api/v2/app`).
use serde::Serialize;
use serde_json::{Map, Value};
use stream_models::v2::{DurationResponse, GetApplicationResponse};

use super::spec;
use crate::config::Config;
use crate::endpoint::{JsonEndpoint, Spec};
use crate::error::{BuildError, Error};
use crate::request::Method;

/// Convenience handle for the app's settings (`client.get_app()` / `client.update_app()` in the
/// official SDKs). Creates endpoint values, sends nothing.
///
/// ```no_run
/// use stream_core::v2::V2App;
/// let get = V2App.get();
/// let update = V2App.update().webhook_url("https://example.com/webhooks");
/// # let _ = (get, update);
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct V2App;

impl V2App {
    /// [`GetApp`]: the app's settings.
    pub fn get(&self) -> GetApp {
        GetApp
    }

    /// [`UpdateApp`] with nothing set yet.
    pub fn update(&self) -> UpdateApp {
        UpdateApp::new()
    }
}

/// Reads the app's settings: `GET /api/v2/app`.
///
/// ```no_run
/// use stream_core::{ApiSecret, Config};
/// use stream_core::v2::GetApp;
/// let config = Config::builder("key", ApiSecret::new("secret")).build()?;
/// let request = config.build_request(&GetApp)?;
/// # Ok::<(), stream_core::Error>(())
/// ```
#[must_use = "an endpoint does nothing until it is passed to `client.send`"]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct GetApp;

impl JsonEndpoint for GetApp {
    type Output = GetApplicationResponse;

    const OP: &'static str = "v2.app.get";

    fn spec(&self, _: &Config) -> Result<Spec, Error> {
        Ok(spec(Self::OP, Method::Get, "app".into()))
    }
}

/// Changes the app's settings: `PATCH /api/v2/app` with only the fields set (the service leaves
/// the others as they are). Common fields have setters; [`UpdateApp::set`] sends any other
/// field of the service's `UpdateAppRequest` as given.
///
/// ```no_run
/// use stream_core::{ApiSecret, Config};
/// use stream_core::v2::UpdateApp;
/// let config = Config::builder("key", ApiSecret::new("secret")).build()?;
/// let update = UpdateApp::new()
///     .webhook_url("https://example.com/webhooks")
///     .webhook_events(["call.created", "call.ended"])
///     .set("reminders_interval", 60);
/// let request = config.build_request(&update)?;
/// # Ok::<(), stream_core::Error>(())
/// ```
#[must_use = "an endpoint does nothing until it is passed to `client.send`"]
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(transparent)]
pub struct UpdateApp {
    fields: Map<String, Value>,
}

impl UpdateApp {
    /// An update that changes nothing yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets `field` (a field of the service's `UpdateAppRequest`) to `value`.
    pub fn set(mut self, field: impl Into<String>, value: impl Into<Value>) -> Self {
        self.fields.insert(field.into(), value.into());
        self
    }

    /// Where the service delivers webhooks (`""` turns delivery off).
    pub fn webhook_url(self, url: impl Into<String>) -> Self {
        self.set("webhook_url", url.into())
    }

    /// The event types delivered (empty: all).
    pub fn webhook_events<I, S>(self, events: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        let events: Vec<Value> = events
            .into_iter()
            .map(|e| Value::String(e.into()))
            .collect();
        self.set("webhook_events", events)
    }

    /// Teams (multi-tenancy) on or off.
    pub fn multi_tenant_enabled(self, yes: bool) -> Self {
        self.set("multi_tenant_enabled", yes)
    }

    /// Skip token checks (development only).
    pub fn disable_auth_checks(self, yes: bool) -> Self {
        self.set("disable_auth_checks", yes)
    }

    /// Skip permission checks (development only).
    pub fn disable_permissions_checks(self, yes: bool) -> Self {
        self.set("disable_permissions_checks", yes)
    }

    /// Forbid creating guest users.
    pub fn guest_user_creation_disabled(self, yes: bool) -> Self {
        self.set("guest_user_creation_disabled", yes)
    }

    /// The video use case (`calling`, `livestreaming`, `audio_room`, …).
    pub fn video_primary_use_case(self, use_case: impl Into<String>) -> Self {
        self.set("video_primary_use_case", use_case.into())
    }
}

impl JsonEndpoint for UpdateApp {
    type Output = DurationResponse;

    const OP: &'static str = "v2.app.update";

    fn spec(&self, _: &Config) -> Result<Spec, Error> {
        if self.fields.is_empty() {
            return Err(BuildError::field("app", "set at least one field to update").into());
        }
        Ok(spec(Self::OP, Method::Patch, "app".into())
            .json(self)?
            .idempotent(true))
    }
}

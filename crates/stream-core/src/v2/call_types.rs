//! v2 call types: list all, get one (built-ins: `default`, `livestream`, `audio_room`).
use stream_models::v2::{CallTypeResponse, ListCallTypeResponse};

use super::{non_empty, spec};
use crate::config::Config;
use crate::endpoint::{JsonEndpoint, Path, Spec};
use crate::error::Error;
use crate::request::Method;

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
        non_empty("name", &self.name)?;
        let path = Path::new()
            .lit("video/calltypes")
            .seg_strict(&self.name)
            .no_trailing_slash();
        Ok(spec(Self::OP, Method::Get, path))
    }
}

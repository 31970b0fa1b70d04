//! v2 call types: list all, get one (built-ins: `default`, `livestream`, `audio_room`).
use stream_models::v2::{CallTypeResponse, ListCallTypeResponse};

use super::{non_empty, parse, spec};
use crate::config::Config;
use crate::endpoint::{Endpoint, Path, Spec};
use crate::error::Error;
use crate::request::Method;
use crate::response::Response;

/// Lists the app's call types: `GET /api/v2/video/calltypes`.
///
/// ```no_run
/// use stream_core::{ApiSecret, Config};
/// use stream_core::v2::ListCallTypes;
/// let config = Config::builder("key", ApiSecret::new("secret")).build()?;
/// let request = config.build_request(&ListCallTypes)?;
/// # Ok::<(), stream_core::Error>(())
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ListCallTypes;

impl Endpoint for ListCallTypes {
    type Output = ListCallTypeResponse;

    fn spec(&self, _: &Config) -> Result<Spec, Error> {
        Ok(spec(
            "v2.video.call_types.list",
            Method::Get,
            "video/calltypes".into(),
        ))
    }

    fn parse(&self, r: Response) -> Result<Self::Output, Error> {
        parse("v2.video.call_types.list", &r)
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

impl Endpoint for GetCallType {
    type Output = CallTypeResponse;

    fn spec(&self, _: &Config) -> Result<Spec, Error> {
        non_empty("name", &self.name)?;
        let path = Path::new()
            .lit("video/calltypes")
            .seg_strict(&self.name)
            .no_trailing_slash();
        Ok(spec("v2.video.call_types.get", Method::Get, path))
    }

    fn parse(&self, r: Response) -> Result<Self::Output, Error> {
        parse("v2.video.call_types.get", &r)
    }
}

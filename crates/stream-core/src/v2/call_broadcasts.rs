//! v2 broadcasts of a call: HLS (start, stop) and RTMP to other platforms (start some, stop one,
//! stop all).
use std::collections::BTreeSet;

use serde::Serialize;
use stream_models::v2::{DurationResponse, RtmpBroadcastRequest, StartHlsBroadcastingResponse};

use super::{VideoCall, spec};
use crate::config::Config;
use crate::endpoint::{JsonEndpoint, Path, Spec};
use crate::error::{BuildError, Error};
use crate::request::Method;

impl VideoCall {
    /// Starts HLS broadcasting: [`StartHlsBroadcasting`].
    pub fn start_hls_broadcasting(&self) -> StartHlsBroadcasting {
        StartHlsBroadcasting { call: self.clone() }
    }

    /// Stops HLS broadcasting: [`StopHlsBroadcasting`].
    pub fn stop_hls_broadcasting(&self) -> StopHlsBroadcasting {
        StopHlsBroadcasting { call: self.clone() }
    }

    /// Starts RTMP broadcasts: [`StartRtmpBroadcasts`].
    pub fn start_rtmp_broadcasts<I>(&self, broadcasts: I) -> StartRtmpBroadcasts
    where
        I: IntoIterator<Item = RtmpBroadcastRequest>,
    {
        StartRtmpBroadcasts {
            call: self.clone(),
            broadcasts: broadcasts.into_iter().collect(),
        }
    }

    /// Stops the RTMP broadcast `name`: [`StopRtmpBroadcast`].
    pub fn stop_rtmp_broadcast(&self, name: impl Into<String>) -> StopRtmpBroadcast {
        StopRtmpBroadcast {
            call: self.clone(),
            name: name.into(),
        }
    }

    /// Stops every RTMP broadcast: [`StopAllRtmpBroadcasts`].
    pub fn stop_all_rtmp_broadcasts(&self) -> StopAllRtmpBroadcasts {
        StopAllRtmpBroadcasts { call: self.clone() }
    }
}

/// Starts HLS broadcasting: `POST /api/v2/video/call/{type}/{id}/start_broadcasting` (no
/// body); answers the `playlist_url`. The call needs an active session.
///
/// ```no_run
/// use stream_core::{ApiSecret, Config};
/// use stream_core::v2::VideoCall;
/// let config = Config::builder("key", ApiSecret::new("secret")).build()?;
/// let op = VideoCall::new("livestream", "l1").start_hls_broadcasting();
/// let request = config.build_request(&op)?;
/// # Ok::<(), stream_core::Error>(())
/// ```
#[must_use = "an endpoint does nothing until it is passed to `client.send`"]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StartHlsBroadcasting {
    call: VideoCall,
}

impl JsonEndpoint for StartHlsBroadcasting {
    type Output = StartHlsBroadcastingResponse;

    const OP: &'static str = "v2.video.call.start_hls_broadcasting";

    fn spec(&self, _: &Config) -> Result<Spec, Error> {
        self.call.check()?;
        let path = self.call.path(Some("start_broadcasting"));
        Ok(spec(Self::OP, Method::Post, path))
    }
}

/// Stops HLS broadcasting: `POST /api/v2/video/call/{type}/{id}/stop_broadcasting` (no body).
///
/// ```no_run
/// use stream_core::{ApiSecret, Config};
/// use stream_core::v2::VideoCall;
/// let config = Config::builder("key", ApiSecret::new("secret")).build()?;
/// let op = VideoCall::new("livestream", "l1").stop_hls_broadcasting();
/// let request = config.build_request(&op)?;
/// # Ok::<(), stream_core::Error>(())
/// ```
#[must_use = "an endpoint does nothing until it is passed to `client.send`"]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StopHlsBroadcasting {
    call: VideoCall,
}

impl JsonEndpoint for StopHlsBroadcasting {
    type Output = DurationResponse;

    const OP: &'static str = "v2.video.call.stop_hls_broadcasting";

    fn spec(&self, _: &Config) -> Result<Spec, Error> {
        self.call.check()?;
        let path = self.call.path(Some("stop_broadcasting"));
        Ok(spec(Self::OP, Method::Post, path).idempotent(true))
    }
}

/// Starts broadcasting the call over RTMP: `POST /api/v2/video/call/{type}/{id}/rtmp_broadcasts`
/// `{"broadcasts": [{"name", "stream_url", "stream_key"?, "quality"?, "layout"?}]}`. Names must
/// be unique and URLs `rtmp://` or `rtmps://`. The stream key never shows in `Debug`.
///
/// ```no_run
/// use stream_core::{ApiSecret, Config};
/// use stream_core::models::v2::RtmpBroadcastRequest;
/// use stream_core::v2::VideoCall;
/// let config = Config::builder("key", ApiSecret::new("secret")).build()?;
/// let youtube = RtmpBroadcastRequest::new("youtube", "rtmps://a.rtmp.youtube.com/live2")
///     .stream_key("abcd-1234");
/// let op = VideoCall::new("livestream", "l1").start_rtmp_broadcasts([youtube]);
/// let request = config.build_request(&op)?;
/// # Ok::<(), stream_core::Error>(())
/// ```
#[must_use = "an endpoint does nothing until it is passed to `client.send`"]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StartRtmpBroadcasts {
    #[serde(skip)]
    call: VideoCall,
    broadcasts: Vec<RtmpBroadcastRequest>,
}

impl StartRtmpBroadcasts {
    /// Adds a broadcast.
    pub fn broadcast(mut self, broadcast: RtmpBroadcastRequest) -> Self {
        self.broadcasts.push(broadcast);
        self
    }
}

impl JsonEndpoint for StartRtmpBroadcasts {
    type Output = DurationResponse;

    const OP: &'static str = "v2.video.call.start_rtmp_broadcasts";

    fn spec(&self, _: &Config) -> Result<Spec, Error> {
        self.call.check()?;
        if self.broadcasts.is_empty() {
            return Err(BuildError::field("broadcasts", "name at least one broadcast").into());
        }
        let mut names = BTreeSet::new();
        for b in &self.broadcasts {
            if b.name.is_empty() {
                return Err(BuildError::field("name", "must not be empty").into());
            }
            if !names.insert(b.name.as_str()) {
                return Err(
                    BuildError::field("name", format!("{:?} is named twice", b.name)).into(),
                );
            }
            let url = b.stream_url.to_ascii_lowercase();
            if !(url.starts_with("rtmp://") || url.starts_with("rtmps://")) {
                return Err(
                    BuildError::field("stream_url", "must start with rtmp:// or rtmps://").into(),
                );
            }
            if b.stream_key.as_ref().is_some_and(String::is_empty) {
                return Err(BuildError::field("stream_key", "must not be empty").into());
            }
        }
        let path = self.call.path(Some("rtmp_broadcasts"));
        Ok(spec(Self::OP, Method::Post, path).json(self)?)
    }
}

/// Stops one RTMP broadcast:
/// `POST /api/v2/video/call/{type}/{id}/rtmp_broadcasts/{name}/stop` `{}`.
///
/// ```no_run
/// use stream_core::{ApiSecret, Config};
/// use stream_core::v2::VideoCall;
/// let config = Config::builder("key", ApiSecret::new("secret")).build()?;
/// let op = VideoCall::new("livestream", "l1").stop_rtmp_broadcast("youtube");
/// let request = config.build_request(&op)?;
/// # Ok::<(), stream_core::Error>(())
/// ```
#[must_use = "an endpoint does nothing until it is passed to `client.send`"]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StopRtmpBroadcast {
    call: VideoCall,
    name: String,
}

impl JsonEndpoint for StopRtmpBroadcast {
    type Output = DurationResponse;

    const OP: &'static str = "v2.video.call.stop_rtmp_broadcast";

    fn spec(&self, _: &Config) -> Result<Spec, Error> {
        self.call.check()?;
        if self.name.is_empty() {
            return Err(BuildError::field("name", "must not be empty").into());
        }
        let path = Path::new()
            .lit("video/call")
            .seg_strict(self.call.call_type())
            .seg_strict(self.call.id())
            .lit("rtmp_broadcasts")
            .seg_strict(&self.name)
            .lit("stop")
            .no_trailing_slash();
        Ok(spec(Self::OP, Method::Post, path)
            .json(&serde_json::Map::new())?
            .idempotent(true))
    }
}

/// Stops every RTMP broadcast of the call:
/// `POST /api/v2/video/call/{type}/{id}/rtmp_broadcasts/stop` (no body).
///
/// ```no_run
/// use stream_core::{ApiSecret, Config};
/// use stream_core::v2::VideoCall;
/// let config = Config::builder("key", ApiSecret::new("secret")).build()?;
/// let op = VideoCall::new("livestream", "l1").stop_all_rtmp_broadcasts();
/// let request = config.build_request(&op)?;
/// # Ok::<(), stream_core::Error>(())
/// ```
#[must_use = "an endpoint does nothing until it is passed to `client.send`"]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StopAllRtmpBroadcasts {
    call: VideoCall,
}

impl JsonEndpoint for StopAllRtmpBroadcasts {
    type Output = DurationResponse;

    const OP: &'static str = "v2.video.call.stop_all_rtmp_broadcasts";

    fn spec(&self, _: &Config) -> Result<Spec, Error> {
        self.call.check()?;
        let path = self.call.path(Some("rtmp_broadcasts/stop"));
        Ok(spec(Self::OP, Method::Post, path).idempotent(true))
    }
}

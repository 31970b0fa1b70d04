//! v2 livestreams: take a call live (out of backstage), optionally starting HLS, recording,
//! transcription and closed captions with it, and stop it (optionally keeping them running).
use serde::Serialize;
use stream_models::v2::{GoLiveResponse, StopLiveResponse};

use super::{VideoCall, spec};
use crate::config::Config;
use crate::endpoint::{JsonEndpoint, Spec};
use crate::error::Error;
use crate::request::Method;

impl VideoCall {
    /// Takes the call live: [`GoLive`].
    pub fn go_live(&self) -> GoLive {
        GoLive::new(self.clone())
    }

    /// Ends the livestream, back to backstage: [`StopLive`].
    pub fn stop_live(&self) -> StopLive {
        StopLive::new(self.clone())
    }
}

/// Takes a call live: `POST /api/v2/video/call/{type}/{id}/go_live`, with what to start along
/// (`start_hls`, `start_recording`, `start_transcription`, `start_closed_caption`).
///
/// ```no_run
/// use stream_core::{ApiSecret, Config};
/// use stream_core::v2::VideoCall;
/// let config = Config::builder("key", ApiSecret::new("secret")).build()?;
/// let live = VideoCall::new("livestream", "l1").go_live().start_hls().start_recording();
/// let request = config.build_request(&live)?;
/// # Ok::<(), stream_core::Error>(())
/// ```
#[must_use = "an endpoint does nothing until it is passed to `client.send`"]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GoLive {
    #[serde(skip)]
    call: VideoCall,
    #[serde(skip_serializing_if = "Option::is_none")]
    start_closed_caption: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    start_hls: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    start_recording: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    start_transcription: Option<bool>,
}

impl GoLive {
    /// Go live, starting nothing else.
    pub fn new(call: VideoCall) -> Self {
        Self {
            call,
            start_closed_caption: None,
            start_hls: None,
            start_recording: None,
            start_transcription: None,
        }
    }

    /// Start HLS broadcasting too.
    pub fn start_hls(mut self) -> Self {
        self.start_hls = Some(true);
        self
    }

    /// Start recording too.
    pub fn start_recording(mut self) -> Self {
        self.start_recording = Some(true);
        self
    }

    /// Start transcription too.
    pub fn start_transcription(mut self) -> Self {
        self.start_transcription = Some(true);
        self
    }

    /// Start closed captions too.
    pub fn start_closed_caption(mut self) -> Self {
        self.start_closed_caption = Some(true);
        self
    }
}

impl JsonEndpoint for GoLive {
    type Output = GoLiveResponse;

    const OP: &'static str = "v2.video.call.go_live";

    fn spec(&self, _: &Config) -> Result<Spec, Error> {
        self.call.check()?;
        Ok(
            spec(Self::OP, Method::Post, self.call.path(Some("go_live")))
                .json(self)?
                .idempotent(true),
        )
    }
}

/// Stops a livestream: `POST /api/v2/video/call/{type}/{id}/stop_live`; HLS, recording,
/// transcription and closed captions stop with it unless continued.
///
/// ```no_run
/// use stream_core::{ApiSecret, Config};
/// use stream_core::v2::VideoCall;
/// let config = Config::builder("key", ApiSecret::new("secret")).build()?;
/// let stop = VideoCall::new("livestream", "l1").stop_live().continue_recording();
/// let request = config.build_request(&stop)?;
/// # Ok::<(), stream_core::Error>(())
/// ```
#[must_use = "an endpoint does nothing until it is passed to `client.send`"]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StopLive {
    #[serde(skip)]
    call: VideoCall,
    #[serde(skip_serializing_if = "Option::is_none")]
    continue_closed_caption: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    continue_hls: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    continue_recording: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    continue_transcription: Option<bool>,
}

impl StopLive {
    /// Stop the livestream and everything it started.
    pub fn new(call: VideoCall) -> Self {
        Self {
            call,
            continue_closed_caption: None,
            continue_hls: None,
            continue_recording: None,
            continue_transcription: None,
        }
    }

    /// Keep HLS broadcasting.
    pub fn continue_hls(mut self) -> Self {
        self.continue_hls = Some(true);
        self
    }

    /// Keep recording.
    pub fn continue_recording(mut self) -> Self {
        self.continue_recording = Some(true);
        self
    }

    /// Keep transcribing.
    pub fn continue_transcription(mut self) -> Self {
        self.continue_transcription = Some(true);
        self
    }

    /// Keep closed captions.
    pub fn continue_closed_caption(mut self) -> Self {
        self.continue_closed_caption = Some(true);
        self
    }
}

impl JsonEndpoint for StopLive {
    type Output = StopLiveResponse;

    const OP: &'static str = "v2.video.call.stop_live";

    fn spec(&self, _: &Config) -> Result<Spec, Error> {
        self.call.check()?;
        Ok(
            spec(Self::OP, Method::Post, self.call.path(Some("stop_live")))
                .json(self)?
                .idempotent(true),
        )
    }
}

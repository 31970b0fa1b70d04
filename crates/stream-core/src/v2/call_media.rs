//! v2 call recordings, transcriptions and closed captions: start and stop each, list the
//! finished files, delete one.
use serde::Serialize;
use stream_models::v2::{DurationResponse, ListRecordingsResponse, ListTranscriptionsResponse};

use super::{VideoCall, check_not_empty, spec};
use crate::config::Config;
use crate::endpoint::{JsonEndpoint, Path, Spec};
use crate::error::Error;
use crate::request::Method;

/// What a recording captures (the `{recording_type}` of the recording paths).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum RecordingType {
    /// One video of the call's layout (the usual recording).
    #[default]
    Composite,
    /// One file per participant.
    Individual,
    /// The raw tracks.
    Raw,
}

impl RecordingType {
    /// The name in the path (`composite`, `individual`, `raw`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Composite => "composite",
            Self::Individual => "individual",
            Self::Raw => "raw",
        }
    }
}

impl VideoCall {
    /// Starts recording the call: [`StartRecording`].
    pub fn start_recording(&self, recording_type: RecordingType) -> StartRecording {
        StartRecording {
            call: self.clone(),
            recording_type,
            recording_external_storage: None,
        }
    }

    /// Stops a recording: [`StopRecording`].
    pub fn stop_recording(&self, recording_type: RecordingType) -> StopRecording {
        StopRecording {
            call: self.clone(),
            recording_type,
        }
    }

    /// Lists the call's finished recordings: [`ListRecordings`].
    pub fn list_recordings(&self) -> ListRecordings {
        ListRecordings { call: self.clone() }
    }

    /// Deletes recording `filename` of session `session_id`: [`DeleteRecording`].
    pub fn delete_recording(
        &self,
        session_id: impl Into<String>,
        filename: impl Into<String>,
    ) -> DeleteRecording {
        DeleteRecording {
            call: self.clone(),
            session_id: session_id.into(),
            filename: filename.into(),
        }
    }

    /// Deletes transcription `filename` of session `session_id`: [`DeleteTranscription`].
    pub fn delete_transcription(
        &self,
        session_id: impl Into<String>,
        filename: impl Into<String>,
    ) -> DeleteTranscription {
        DeleteTranscription {
            call: self.clone(),
            session_id: session_id.into(),
            filename: filename.into(),
        }
    }

    /// Starts transcribing the call: [`StartTranscription`].
    pub fn start_transcription(&self) -> StartTranscription {
        StartTranscription {
            call: self.clone(),
            enable_closed_captions: None,
            language: None,
            transcription_external_storage: None,
        }
    }

    /// Stops transcribing: [`StopTranscription`].
    pub fn stop_transcription(&self) -> StopTranscription {
        StopTranscription {
            call: self.clone(),
            stop_closed_captions: None,
        }
    }

    /// Lists the call's finished transcriptions: [`ListTranscriptions`].
    pub fn list_transcriptions(&self) -> ListTranscriptions {
        ListTranscriptions { call: self.clone() }
    }

    /// Starts closed captions: [`StartClosedCaptions`].
    pub fn start_closed_captions(&self) -> StartClosedCaptions {
        StartClosedCaptions {
            call: self.clone(),
            enable_transcription: None,
            external_storage: None,
            language: None,
        }
    }

    /// Stops closed captions: [`StopClosedCaptions`].
    pub fn stop_closed_captions(&self) -> StopClosedCaptions {
        StopClosedCaptions {
            call: self.clone(),
            stop_transcription: None,
        }
    }
}

/// Starts a recording: `POST /api/v2/video/call/{type}/{id}/recordings/{recording_type}/start`,
/// optionally `{"recording_external_storage"}`. The call needs an active session (someone
/// joined).
///
/// ```no_run
/// use stream_core::{ApiSecret, Config};
/// use stream_core::v2::{RecordingType, VideoCall};
/// let config = Config::builder("key", ApiSecret::new("secret")).build()?;
/// let start = VideoCall::new("livestream", "l1").start_recording(RecordingType::Composite);
/// let request = config.build_request(&start)?;
/// # Ok::<(), stream_core::Error>(())
/// ```
#[must_use = "an endpoint does nothing until it is passed to `client.send`"]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StartRecording {
    #[serde(skip)]
    call: VideoCall,
    #[serde(skip)]
    recording_type: RecordingType,
    #[serde(skip_serializing_if = "Option::is_none")]
    recording_external_storage: Option<String>,
}

impl StartRecording {
    /// Store the file in the app's external storage `name` instead of Stream's.
    pub fn external_storage(mut self, name: impl Into<String>) -> Self {
        self.recording_external_storage = Some(name.into());
        self
    }
}

impl JsonEndpoint for StartRecording {
    type Output = DurationResponse;

    const OP: &'static str = "v2.video.call.start_recording";

    fn spec(&self, _: &Config) -> Result<Spec, Error> {
        self.call.check()?;
        check_not_empty(
            "recording_external_storage",
            self.recording_external_storage.as_deref(),
        )?;
        let action = format!("recordings/{}/start", self.recording_type.as_str());
        Ok(spec(Self::OP, Method::Post, self.call.path(Some(&action))).json(self)?)
    }
}

/// Stops a recording: `POST /api/v2/video/call/{type}/{id}/recordings/{recording_type}/stop`
/// `{}`; the file then appears in [`ListRecordings`].
///
/// ```no_run
/// use stream_core::{ApiSecret, Config};
/// use stream_core::v2::{RecordingType, VideoCall};
/// let config = Config::builder("key", ApiSecret::new("secret")).build()?;
/// let stop = VideoCall::new("livestream", "l1").stop_recording(RecordingType::Composite);
/// let request = config.build_request(&stop)?;
/// # Ok::<(), stream_core::Error>(())
/// ```
#[must_use = "an endpoint does nothing until it is passed to `client.send`"]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StopRecording {
    call: VideoCall,
    recording_type: RecordingType,
}

impl JsonEndpoint for StopRecording {
    type Output = DurationResponse;

    const OP: &'static str = "v2.video.call.stop_recording";

    fn spec(&self, _: &Config) -> Result<Spec, Error> {
        self.call.check()?;
        let action = format!("recordings/{}/stop", self.recording_type.as_str());
        Ok(spec(Self::OP, Method::Post, self.call.path(Some(&action)))
            .json(&serde_json::Map::new())?
            .idempotent(true))
    }
}

/// Lists a call's finished recordings: `GET /api/v2/video/call/{type}/{id}/recordings`.
///
/// ```no_run
/// use stream_core::{ApiSecret, Config};
/// use stream_core::v2::VideoCall;
/// let config = Config::builder("key", ApiSecret::new("secret")).build()?;
/// let request = config.build_request(&VideoCall::new("livestream", "l1").list_recordings())?;
/// # Ok::<(), stream_core::Error>(())
/// ```
#[must_use = "an endpoint does nothing until it is passed to `client.send`"]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListRecordings {
    call: VideoCall,
}

impl JsonEndpoint for ListRecordings {
    type Output = ListRecordingsResponse;

    const OP: &'static str = "v2.video.call.list_recordings";

    fn spec(&self, _: &Config) -> Result<Spec, Error> {
        self.call.check()?;
        Ok(spec(
            Self::OP,
            Method::Get,
            self.call.path(Some("recordings")),
        ))
    }
}

/// `video/call/{type}/{id}/{session}/{kind}/{filename}`, after checking both names.
fn file_path(
    call: &VideoCall,
    session_id: &str,
    kind: &str,
    filename: &str,
) -> Result<String, Error> {
    call.check()?;
    check_not_empty("session", Some(session_id))?;
    check_not_empty("filename", Some(filename))?;
    Ok(Path::new()
        .lit("video/call")
        .seg_strict(call.call_type())
        .seg_strict(call.id())
        .seg_strict(session_id)
        .lit(kind)
        .seg_strict(filename)
        .no_trailing_slash())
}

/// Deletes a recording: `DELETE /api/v2/video/call/{type}/{id}/{session}/recordings/{filename}`
/// (the `session_id` and `filename` a [`ListRecordings`] entry names).
///
/// ```no_run
/// use stream_core::{ApiSecret, Config};
/// use stream_core::v2::VideoCall;
/// let config = Config::builder("key", ApiSecret::new("secret")).build()?;
/// let op = VideoCall::new("livestream", "l1").delete_recording("session-1", "rec_l1.mp4");
/// let request = config.build_request(&op)?;
/// # Ok::<(), stream_core::Error>(())
/// ```
#[must_use = "an endpoint does nothing until it is passed to `client.send`"]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeleteRecording {
    call: VideoCall,
    session_id: String,
    filename: String,
}

impl JsonEndpoint for DeleteRecording {
    type Output = DurationResponse;

    const OP: &'static str = "v2.video.call.delete_recording";

    fn spec(&self, _: &Config) -> Result<Spec, Error> {
        let path = file_path(&self.call, &self.session_id, "recordings", &self.filename)?;
        Ok(spec(Self::OP, Method::Delete, path).idempotent(true))
    }
}

/// Deletes a transcription:
/// `DELETE /api/v2/video/call/{type}/{id}/{session}/transcriptions/{filename}` (the
/// `session_id` and `filename` a [`ListTranscriptions`] entry names).
///
/// ```no_run
/// use stream_core::{ApiSecret, Config};
/// use stream_core::v2::VideoCall;
/// let config = Config::builder("key", ApiSecret::new("secret")).build()?;
/// let op = VideoCall::new("default", "c1").delete_transcription("session-1", "t.jsonl");
/// let request = config.build_request(&op)?;
/// # Ok::<(), stream_core::Error>(())
/// ```
#[must_use = "an endpoint does nothing until it is passed to `client.send`"]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeleteTranscription {
    call: VideoCall,
    session_id: String,
    filename: String,
}

impl JsonEndpoint for DeleteTranscription {
    type Output = DurationResponse;

    const OP: &'static str = "v2.video.call.delete_transcription";

    fn spec(&self, _: &Config) -> Result<Spec, Error> {
        let path = file_path(
            &self.call,
            &self.session_id,
            "transcriptions",
            &self.filename,
        )?;
        Ok(spec(Self::OP, Method::Delete, path).idempotent(true))
    }
}

/// Starts transcribing: `POST /api/v2/video/call/{type}/{id}/start_transcription` with
/// optional `enable_closed_captions`, `language`, `transcription_external_storage`.
///
/// ```no_run
/// use stream_core::{ApiSecret, Config};
/// use stream_core::v2::VideoCall;
/// let config = Config::builder("key", ApiSecret::new("secret")).build()?;
/// let op = VideoCall::new("default", "c1").start_transcription().language("en")
///     .with_closed_captions();
/// let request = config.build_request(&op)?;
/// # Ok::<(), stream_core::Error>(())
/// ```
#[must_use = "an endpoint does nothing until it is passed to `client.send`"]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StartTranscription {
    #[serde(skip)]
    call: VideoCall,
    #[serde(skip_serializing_if = "Option::is_none")]
    enable_closed_captions: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    language: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    transcription_external_storage: Option<String>,
}

impl StartTranscription {
    /// Start closed captions too.
    pub fn with_closed_captions(mut self) -> Self {
        self.enable_closed_captions = Some(true);
        self
    }

    /// The spoken language (`en`, `fr`, …; `auto` to detect).
    pub fn language(mut self, language: impl Into<String>) -> Self {
        self.language = Some(language.into());
        self
    }

    /// Store the transcription in the app's external storage `name`.
    pub fn external_storage(mut self, name: impl Into<String>) -> Self {
        self.transcription_external_storage = Some(name.into());
        self
    }
}

impl JsonEndpoint for StartTranscription {
    type Output = DurationResponse;

    const OP: &'static str = "v2.video.call.start_transcription";

    fn spec(&self, _: &Config) -> Result<Spec, Error> {
        self.call.check()?;
        check_not_empty("language", self.language.as_deref())?;
        check_not_empty(
            "transcription_external_storage",
            self.transcription_external_storage.as_deref(),
        )?;
        let path = self.call.path(Some("start_transcription"));
        Ok(spec(Self::OP, Method::Post, path).json(self)?)
    }
}

/// Stops transcribing: `POST /api/v2/video/call/{type}/{id}/stop_transcription`, optionally
/// `{"stop_closed_captions": true}`; the file then appears in [`ListTranscriptions`].
///
/// ```no_run
/// use stream_core::{ApiSecret, Config};
/// use stream_core::v2::VideoCall;
/// let config = Config::builder("key", ApiSecret::new("secret")).build()?;
/// let op = VideoCall::new("default", "c1").stop_transcription().and_closed_captions();
/// let request = config.build_request(&op)?;
/// # Ok::<(), stream_core::Error>(())
/// ```
#[must_use = "an endpoint does nothing until it is passed to `client.send`"]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StopTranscription {
    #[serde(skip)]
    call: VideoCall,
    #[serde(skip_serializing_if = "Option::is_none")]
    stop_closed_captions: Option<bool>,
}

impl StopTranscription {
    /// Stop closed captions too.
    pub fn and_closed_captions(mut self) -> Self {
        self.stop_closed_captions = Some(true);
        self
    }
}

impl JsonEndpoint for StopTranscription {
    type Output = DurationResponse;

    const OP: &'static str = "v2.video.call.stop_transcription";

    fn spec(&self, _: &Config) -> Result<Spec, Error> {
        self.call.check()?;
        let path = self.call.path(Some("stop_transcription"));
        Ok(spec(Self::OP, Method::Post, path)
            .json(self)?
            .idempotent(true))
    }
}

/// Lists a call's finished transcriptions: `GET /api/v2/video/call/{type}/{id}/transcriptions`.
///
/// ```no_run
/// use stream_core::{ApiSecret, Config};
/// use stream_core::v2::VideoCall;
/// let config = Config::builder("key", ApiSecret::new("secret")).build()?;
/// let request = config.build_request(&VideoCall::new("default", "c1").list_transcriptions())?;
/// # Ok::<(), stream_core::Error>(())
/// ```
#[must_use = "an endpoint does nothing until it is passed to `client.send`"]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListTranscriptions {
    call: VideoCall,
}

impl JsonEndpoint for ListTranscriptions {
    type Output = ListTranscriptionsResponse;

    const OP: &'static str = "v2.video.call.list_transcriptions";

    fn spec(&self, _: &Config) -> Result<Spec, Error> {
        self.call.check()?;
        Ok(spec(
            Self::OP,
            Method::Get,
            self.call.path(Some("transcriptions")),
        ))
    }
}

/// Starts closed captions: `POST /api/v2/video/call/{type}/{id}/start_closed_captions` with
/// optional `enable_transcription`, `external_storage`, `language`.
///
/// ```no_run
/// use stream_core::{ApiSecret, Config};
/// use stream_core::v2::VideoCall;
/// let config = Config::builder("key", ApiSecret::new("secret")).build()?;
/// let op = VideoCall::new("default", "c1").start_closed_captions().language("en");
/// let request = config.build_request(&op)?;
/// # Ok::<(), stream_core::Error>(())
/// ```
#[must_use = "an endpoint does nothing until it is passed to `client.send`"]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StartClosedCaptions {
    #[serde(skip)]
    call: VideoCall,
    #[serde(skip_serializing_if = "Option::is_none")]
    enable_transcription: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    external_storage: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    language: Option<String>,
}

impl StartClosedCaptions {
    /// Start transcribing too.
    pub fn with_transcription(mut self) -> Self {
        self.enable_transcription = Some(true);
        self
    }

    /// The spoken language (`en`, …; `auto` to detect).
    pub fn language(mut self, language: impl Into<String>) -> Self {
        self.language = Some(language.into());
        self
    }

    /// Store the transcription in the app's external storage `name`.
    pub fn external_storage(mut self, name: impl Into<String>) -> Self {
        self.external_storage = Some(name.into());
        self
    }
}

impl JsonEndpoint for StartClosedCaptions {
    type Output = DurationResponse;

    const OP: &'static str = "v2.video.call.start_closed_captions";

    fn spec(&self, _: &Config) -> Result<Spec, Error> {
        self.call.check()?;
        check_not_empty("language", self.language.as_deref())?;
        check_not_empty("external_storage", self.external_storage.as_deref())?;
        let path = self.call.path(Some("start_closed_captions"));
        Ok(spec(Self::OP, Method::Post, path).json(self)?)
    }
}

/// Stops closed captions: `POST /api/v2/video/call/{type}/{id}/stop_closed_captions`,
/// optionally `{"stop_transcription": true}`.
///
/// ```no_run
/// use stream_core::{ApiSecret, Config};
/// use stream_core::v2::VideoCall;
/// let config = Config::builder("key", ApiSecret::new("secret")).build()?;
/// let op = VideoCall::new("default", "c1").stop_closed_captions();
/// let request = config.build_request(&op)?;
/// # Ok::<(), stream_core::Error>(())
/// ```
#[must_use = "an endpoint does nothing until it is passed to `client.send`"]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StopClosedCaptions {
    #[serde(skip)]
    call: VideoCall,
    #[serde(skip_serializing_if = "Option::is_none")]
    stop_transcription: Option<bool>,
}

impl StopClosedCaptions {
    /// Stop transcribing too.
    pub fn and_transcription(mut self) -> Self {
        self.stop_transcription = Some(true);
        self
    }
}

impl JsonEndpoint for StopClosedCaptions {
    type Output = DurationResponse;

    const OP: &'static str = "v2.video.call.stop_closed_captions";

    fn spec(&self, _: &Config) -> Result<Spec, Error> {
        self.call.check()?;
        let path = self.call.path(Some("stop_closed_captions"));
        Ok(spec(Self::OP, Method::Post, path)
            .json(self)?
            .idempotent(true))
    }
}

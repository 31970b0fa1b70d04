//! v2 error bodies: `{"code","message","StatusCode","duration","more_info","details","unrecoverable"}`.
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::json;

use crate::extract::PathErrorFormat;

/// Where the service points for its error codes.
pub(crate) const MORE_INFO: &str = "https://getstream.io/chat/docs/api_errors_response";

/// An error answered by a v2 endpoint, shaped like the service's own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct V2Error {
    /// HTTP status.
    pub(crate) status: StatusCode,
    /// Stream code (2 key, 4 input, 5 auth, 16 missing, 17 not allowed, 40 expired, 43 signature).
    pub(crate) code: i64,
    /// Full message: `<Operation> failed with error: "<detail>"`.
    pub(crate) message: String,
}

impl V2Error {
    /// An error of operation `op` (`GetCall`) with `detail`.
    pub(crate) fn new(status: StatusCode, code: i64, op: &str, detail: impl AsRef<str>) -> Self {
        Self {
            status,
            code,
            message: format!("{op} failed with error: \"{}\"", detail.as_ref()),
        }
    }

    /// 400, code 4.
    pub(crate) fn input(op: &str, detail: impl AsRef<str>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, 4, op, detail)
    }

    /// 404, code 16.
    pub(crate) fn not_found(op: &str, detail: impl AsRef<str>) -> Self {
        Self::new(StatusCode::NOT_FOUND, 16, op, detail)
    }

    /// 401 with an auth code (2 key, 5 auth, 40 expired, 43 signature).
    pub(crate) fn auth(code: i64, detail: impl AsRef<str>) -> Self {
        let status = StatusCode::UNAUTHORIZED;
        Self {
            status,
            code,
            message: detail.as_ref().to_owned(),
        }
    }

    /// 404, code 16: no v2 route at `path`.
    pub(crate) fn no_route(method: &axum::http::Method, path: &str) -> Self {
        Self {
            status: StatusCode::NOT_FOUND,
            code: 16,
            message: format!("url not found: {method} {path}"),
        }
    }

    /// 405, code 17: the v2 route at `path` does not take `method`.
    pub(crate) fn method_not_allowed(method: &axum::http::Method, path: &str) -> Self {
        Self {
            status: StatusCode::METHOD_NOT_ALLOWED,
            code: 17,
            message: format!("method not allowed: {method} {path}"),
        }
    }

    /// The JSON body.
    pub(crate) fn body(&self) -> serde_json::Value {
        json!({
            "code": self.code,
            "message": self.message,
            "StatusCode": self.status.as_u16(),
            "duration": "0.00ms",
            "more_info": MORE_INFO,
            "details": [],
            "unrecoverable": false,
        })
    }
}

impl std::fmt::Display for V2Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} (code {}): {}",
            self.status.as_u16(),
            self.code,
            self.message
        )
    }
}

impl std::error::Error for V2Error {}

impl IntoResponse for V2Error {
    fn into_response(self) -> Response {
        (self.status, axum::Json(self.body())).into_response()
    }
}

/// Whether `path` is in v2 territory (`/api/v2/…` or `/video/…`), whose errors, including
/// unknown routes and methods, the v2 SDKs read in the v2 format.
pub(crate) fn is_v2_path(path: &str) -> bool {
    path == "/api/v2"
        || path.starts_with("/api/v2/")
        || path == "/video"
        || path.starts_with("/video/")
}

/// Result of a v2 handler.
pub(crate) type V2Result<T> = Result<T, V2Error>;

/// A v2 operation whose routes take path parameters: its name (`GetCall`) starts the message
/// of every error it answers, including the 400 for a path that does not decode.
pub(crate) trait Operation {
    /// The operation's name, as the service writes it in error messages.
    const NAME: &'static str;
}

impl<O: Operation> PathErrorFormat for O {
    type Error = V2Error;

    fn invalid_path(detail: String) -> V2Error {
        V2Error::input(O::NAME, detail)
    }
}

/// Declares v2 operations (uninhabited marker types named as the operations).
macro_rules! operations {
    ($($(#[$doc:meta])* $name:ident),* $(,)?) => {
        $(
            $(#[$doc])*
            #[derive(Debug)]
            pub(crate) enum $name {}

            impl Operation for $name {
                const NAME: &'static str = stringify!($name);
            }
        )*
    };
}

operations! {
    /// `POST /video/call/{type}/{id}`.
    GetOrCreateCall,
    /// `GET /video/call/{type}/{id}`.
    GetCall,
    /// `PATCH /video/call/{type}/{id}`.
    UpdateCall,
    /// `POST /video/call/{type}/{id}/members`.
    UpdateCallMembers,
    /// `POST /video/call/{type}/{id}/mark_ended`.
    EndCall,
    /// `POST /video/call/{type}/{id}/delete`.
    DeleteCall,
    /// `POST /video/call/{type}/{id}/block`.
    BlockUser,
    /// `POST /video/call/{type}/{id}/unblock`.
    UnblockUser,
    /// `POST /video/call/{type}/{id}/mute_users`.
    MuteUsers,
    /// `POST /video/call/{type}/{id}/user_permissions`.
    UpdateUserPermissions,
    /// `POST /video/call/{type}/{id}/event`.
    SendCallEvent,
    /// `POST /video/call/{type}/{id}/go_live`.
    GoLive,
    /// `POST /video/call/{type}/{id}/stop_live`.
    StopLive,
    /// `POST /video/call/{type}/{id}/recordings/{recording_type}/start`.
    StartRecording,
    /// `POST /video/call/{type}/{id}/recordings/{recording_type}/stop`.
    StopRecording,
    /// `GET /video/call/{type}/{id}/recordings`.
    ListRecordings,
    /// `DELETE /video/call/{type}/{id}/{session}/recordings/{filename}`.
    DeleteRecording,
    /// `DELETE /video/call/{type}/{id}/{session}/transcriptions/{filename}`.
    DeleteTranscription,
    /// `POST /video/call/{type}/{id}/start_transcription`.
    StartTranscription,
    /// `POST /video/call/{type}/{id}/stop_transcription`.
    StopTranscription,
    /// `GET /video/call/{type}/{id}/transcriptions`.
    ListTranscriptions,
    /// `POST /video/call/{type}/{id}/start_closed_captions`.
    StartClosedCaptions,
    /// `POST /video/call/{type}/{id}/stop_closed_captions`.
    StopClosedCaptions,
    /// `POST /video/call/{type}/{id}/start_broadcasting`.
    StartHLSBroadcasting,
    /// `POST /video/call/{type}/{id}/stop_broadcasting`.
    StopHLSBroadcasting,
    /// `POST /video/call/{type}/{id}/rtmp_broadcasts`.
    StartRTMPBroadcasts,
    /// `POST /video/call/{type}/{id}/rtmp_broadcasts/stop`.
    StopAllRTMPBroadcasts,
    /// `POST /video/call/{type}/{id}/rtmp_broadcasts/{name}/stop`.
    StopRTMPBroadcast,
    /// `POST /video/call/{type}/{id}/kick`.
    KickUser,
    /// `POST /video/call/{type}/{id}/pin`.
    VideoPin,
    /// `POST /video/call/{type}/{id}/unpin`.
    VideoUnpin,
    /// `POST /video/call/{type}/{id}/ring`.
    RingCall,
    /// `POST /video/call/{type}/{id}/participants`.
    QueryCallParticipants,
    /// `GET /video/calltypes/{name}`.
    GetCallType,
    /// `PUT /video/calltypes/{name}`.
    UpdateCallType,
    /// `DELETE /video/calltypes/{name}`.
    DeleteCallType,
    /// `GET /users/{user_id}/export`.
    ExportUser,
    /// `GET /tasks/{id}`.
    GetTask,
    /// `POST /users/{user_id}/deactivate`.
    DeactivateUser,
    /// `POST /users/{user_id}/reactivate`.
    ReactivateUser,
}

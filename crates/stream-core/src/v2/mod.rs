//! Stream's v2 server-side API: users, video calls, call members and call types, as the official
//! v2 SDKs (Python `getstream`, Node `@stream-io/node-sdk`) call it.
//!
//! Every operation is a plain [`Endpoint`](crate::Endpoint), so both facades run it with
//! `client.send(endpoint)`. Requests go to [`BaseUrls::v2`](crate::BaseUrls) (by default
//! `https://video.stream-io-api.com/api/v2/`, or `<base_url>/api/v2/` with an override), carry
//! `api_key` first in the query, `Authorization: <server token>` (no `Bearer`) and
//! `stream-auth-type: jwt`. Paths have no trailing slash and path parameters are percent-encoded
//! with nothing kept safe (`odd id:1/2` → `odd%20id%3A1%2F2`). Error bodies
//! (`code`, `message`, `StatusCode`, `more_info`, `details`, `duration`) become the usual
//! [`ApiError`](crate::ApiError).
//!
//! ```no_run
//! use stream_core::{ApiSecret, Config};
//! use stream_core::models::v2::{CallRequest, MemberRequest, UserRequest};
//! use stream_core::v2::{UpsertUsers, VideoCall};
//!
//! let config = Config::builder("key", ApiSecret::new("secret")).build()?;
//! let upsert = UpsertUsers::new([UserRequest::new("alice").name("Alice")]);
//! let call = VideoCall::new("default", "call-123");
//! let create = call.get_or_create().data(
//!     CallRequest::new().created_by_id("alice").member(MemberRequest::new("alice").role("host")),
//! );
//! for request in [config.build_request(&upsert)?, config.build_request(&create)?] {
//!     println!("{} {}", request.method, request.url_without_query());
//! }
//! # Ok::<(), stream_core::Error>(())
//! ```

pub mod app;
pub mod call_actions;
pub mod call_broadcasts;
pub mod call_live;
pub mod call_media;
pub mod call_participants;
mod call_settings;
pub mod call_types;
pub mod calls;
pub mod devices;
pub mod guests;
pub mod limits;
pub mod members;
pub mod tasks;
pub mod tokens;
pub mod user_blocks;
pub mod users;

pub use app::{GetApp, UpdateApp, V2App};
pub use call_actions::{BlockUser, MuteUsers, SendCallEvent, UnblockUser, UpdateUserPermissions};
pub use call_broadcasts::{
    StartHlsBroadcasting, StartRtmpBroadcasts, StopAllRtmpBroadcasts, StopHlsBroadcasting,
    StopRtmpBroadcast,
};
pub use call_live::{GoLive, StopLive};
pub use call_media::{
    DeleteRecording, DeleteTranscription, ListRecordings, ListTranscriptions, RecordingType,
    StartClosedCaptions, StartRecording, StartTranscription, StopClosedCaptions, StopRecording,
    StopTranscription,
};
pub use call_participants::{
    KickUser, PinParticipant, QueryCallParticipants, RingCall, UnpinParticipant,
};
pub use call_types::{
    CallTypeRequest, CreateCallType, DeleteCallType, GetCallType, ListCallTypes, UpdateCallType,
};
pub use calls::{
    DeleteCall, EndCall, GetCall, GetOrCreateCall, UpdateCall, UpdateCallMembers, Video, VideoCall,
};
pub use devices::{CreateDevice, DeleteDevice, ListDevices};
pub use guests::CreateGuest;
pub use limits::{FILTER_OPERATORS, LOGICAL_FILTER_OPERATORS, MAX_BODY_BYTES, MAX_FILTER_DEPTH};
pub use members::{QueryCallMembers, QueryCalls};
pub use tasks::GetTask;
pub use tokens::{
    DEFAULT_TOKEN_VALIDITY, IAT_BACKDATE_SECS, TokenBuilder, create_call_token, create_token,
};
pub use user_blocks::{BlockUsers, ExportUser, ExportUsers, GetBlockedUsers, UnblockUsers};
pub use users::{
    DeactivateUser, DeactivateUsers, DeleteMode, DeleteUsers, QueryUsers, ReactivateUser,
    ReactivateUsers, RestoreUsers, UpdateUsersPartial, UpsertUsers, V2Users,
};

use crate::config::Service;
use crate::endpoint::{Auth, Path, Spec};
use crate::error::{BuildError, Error};
use crate::request::Method;

/// A v2 spec: service V2, server token.
pub(crate) fn spec(op: &'static str, method: Method, path: String) -> Spec {
    Spec::new(op, method, Service::V2, path, Auth::V2Server)
}

/// `video/call/{type}/{id}[/{action}]`, strictly encoded, no trailing slash.
pub(crate) fn call_path(call_type: &str, id: &str, action: Option<&str>) -> String {
    let mut p = Path::new()
        .lit("video/call")
        .seg_strict(call_type)
        .seg_strict(id);
    if let Some(a) = action {
        p = p.lit(a);
    }
    p.no_trailing_slash()
}

/// The longest v2 id (user, call type, task) the service accepts, in characters.
pub const MAX_ID_LEN: usize = 255;

/// The longest call id the service accepts, in characters.
pub const MAX_CALL_ID_LEN: usize = 64;

/// Fails with `field` when `value` is set but empty (`""` for a name or a closed-set value).
pub(crate) fn check_not_empty(field: &'static str, value: Option<&str>) -> Result<(), Error> {
    if value == Some("") {
        return Err(BuildError::field(field, "must not be empty").into());
    }
    Ok(())
}

/// Fails with `field` when the id `value` is empty or longer than [`MAX_ID_LEN`] characters.
pub(crate) fn check_id(field: &'static str, value: &str) -> Result<(), Error> {
    if value.is_empty() {
        return Err(BuildError::field(field, "must not be empty").into());
    }
    if value.chars().count() > MAX_ID_LEN {
        return Err(
            BuildError::field(field, format!("must be at most {MAX_ID_LEN} characters")).into(),
        );
    }
    Ok(())
}

/// Fails with `field` when the call id `value` is empty, longer than [`MAX_CALL_ID_LEN`]
/// characters or holds a `/`.
pub(crate) fn check_call_id(field: &'static str, value: &str) -> Result<(), Error> {
    if value.is_empty() || value.chars().count() > MAX_CALL_ID_LEN {
        return Err(
            BuildError::field(field, format!("must be 1 to {MAX_CALL_ID_LEN} characters")).into(),
        );
    }
    if value.contains('/') {
        return Err(BuildError::field(field, "must not contain \"/\"").into());
    }
    Ok(())
}

/// Fails when the list is empty or holds an invalid id.
pub(crate) fn ids(field: &'static str, values: &[String]) -> Result<(), Error> {
    if values.is_empty() {
        return Err(BuildError::field(field, "must name at least one user").into());
    }
    if values.iter().any(String::is_empty) {
        return Err(BuildError::field(field, "must not contain an empty id").into());
    }
    values.iter().try_for_each(|v| check_id(field, v))
}

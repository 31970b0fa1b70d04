//! v2 video calls: get-or-create, get, update, members, mark ended, delete, queries of calls and
//! members, block/unblock, mute, user permissions, custom events, go live / stop live,
//! recordings, transcriptions, closed captions, HLS and RTMP broadcasts, kick, pin / unpin,
//! ring, participant queries.

mod actions;
mod broadcasts;
pub(crate) mod egress;
mod handlers;
mod live;
mod participants;
mod recordings;

use axum::Router;
use axum::routing::{delete, get, post};

use crate::router::RouterExt;
use crate::state::SharedState;

/// The routes of this family.
pub(crate) fn routes() -> Router<SharedState> {
    Router::new()
        .v2("video/calls", post(handlers::query_calls))
        .v2("video/call/members", post(handlers::query_members))
        .v2(
            "video/call/{call_type}/{id}",
            get(handlers::get)
                .post(handlers::get_or_create)
                .patch(handlers::update),
        )
        .v2(
            "video/call/{call_type}/{id}/members",
            post(handlers::update_members),
        )
        .v2(
            "video/call/{call_type}/{id}/mark_ended",
            post(handlers::mark_ended),
        )
        .v2("video/call/{call_type}/{id}/delete", post(handlers::delete))
        .v2("video/call/{call_type}/{id}/block", post(actions::block))
        .v2(
            "video/call/{call_type}/{id}/unblock",
            post(actions::unblock),
        )
        .v2(
            "video/call/{call_type}/{id}/mute_users",
            post(actions::mute_users),
        )
        .v2(
            "video/call/{call_type}/{id}/user_permissions",
            post(actions::update_user_permissions),
        )
        .v2(
            "video/call/{call_type}/{id}/event",
            post(actions::send_event),
        )
        .v2("video/call/{call_type}/{id}/go_live", post(live::go_live))
        .v2(
            "video/call/{call_type}/{id}/stop_live",
            post(live::stop_live),
        )
        .v2(
            "video/call/{call_type}/{id}/recordings/{recording_type}/start",
            post(recordings::start_recording),
        )
        .v2(
            "video/call/{call_type}/{id}/recordings/{recording_type}/stop",
            post(recordings::stop_recording),
        )
        .v2(
            "video/call/{call_type}/{id}/recordings",
            get(recordings::list_recordings),
        )
        .v2(
            "video/call/{call_type}/{id}/{session}/recordings/{filename}",
            delete(recordings::delete_recording),
        )
        .v2(
            "video/call/{call_type}/{id}/{session}/transcriptions/{filename}",
            delete(recordings::delete_transcription),
        )
        .v2(
            "video/call/{call_type}/{id}/start_transcription",
            post(recordings::start_transcription),
        )
        .v2(
            "video/call/{call_type}/{id}/stop_transcription",
            post(recordings::stop_transcription),
        )
        .v2(
            "video/call/{call_type}/{id}/transcriptions",
            get(recordings::list_transcriptions),
        )
        .v2(
            "video/call/{call_type}/{id}/start_closed_captions",
            post(recordings::start_closed_captions),
        )
        .v2(
            "video/call/{call_type}/{id}/stop_closed_captions",
            post(recordings::stop_closed_captions),
        )
        .v2(
            "video/call/{call_type}/{id}/start_broadcasting",
            post(broadcasts::start_hls),
        )
        .v2(
            "video/call/{call_type}/{id}/stop_broadcasting",
            post(broadcasts::stop_hls),
        )
        .v2(
            "video/call/{call_type}/{id}/rtmp_broadcasts",
            post(broadcasts::start_rtmp),
        )
        .v2(
            "video/call/{call_type}/{id}/rtmp_broadcasts/stop",
            post(broadcasts::stop_all_rtmp),
        )
        .v2(
            "video/call/{call_type}/{id}/rtmp_broadcasts/{name}/stop",
            post(broadcasts::stop_rtmp),
        )
        .v2("video/call/{call_type}/{id}/kick", post(participants::kick))
        .v2("video/call/{call_type}/{id}/pin", post(participants::pin))
        .v2(
            "video/call/{call_type}/{id}/unpin",
            post(participants::unpin),
        )
        .v2("video/call/{call_type}/{id}/ring", post(participants::ring))
        .v2(
            "video/call/{call_type}/{id}/participants",
            post(participants::query),
        )
}

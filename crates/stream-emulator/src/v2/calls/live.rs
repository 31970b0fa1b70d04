//! v2 livestreams: `go_live` takes a call out of backstage and starts what it asks for (HLS,
//! recording, transcription, closed captions: shown in the call's flags); `stop_live` puts it
//! back and stops what is not continued. An ended call cannot go live.
use axum::body::Bytes;
use axum::http::StatusCode;
use serde_json::Map;

use super::egress;
use super::handlers::call_mut;
use crate::extract::PathParams;
use crate::reply::Reply;
use crate::v2::auth::ServerCaller;
use crate::v2::body::{body_obj, flag};
use crate::v2::error::{GoLive, Operation, StopLive, V2Error};
use crate::v2::shapes;
use crate::v2::state::{V2Call, V2State, now_ns};
use crate::v2::webhooks::{self, Event};

/// `{"call": CallResponse}` of the call `cid`.
fn answer_call(data: &V2State, caller: &ServerCaller, cid: &str) -> Reply<V2Error> {
    let mut out = Map::new();
    if let Some(c) = data.calls.get(cid) {
        out.insert(
            "call".into(),
            shapes::call(
                c,
                crate::v2::call_types::settings_of(data, &c.call_type),
                caller,
                data.users.get(&c.created_by_id),
            ),
        );
    }
    shapes::reply(StatusCode::CREATED, out)
}

/// `POST /api/v2/video/call/{type}/{id}/go_live`.
pub(crate) async fn go_live(
    caller: ServerCaller,
    PathParams((call_type, id), _): PathParams<(String, String), GoLive>,
    bytes: Bytes,
) -> Reply<V2Error> {
    const OP: &str = GoLive::NAME;
    let body = body_obj(OP, &bytes)?;
    let hls = flag(OP, &body, "start_hls")?;
    let recording = ["start_recording", "start_composite_recording"]
        .iter()
        .try_fold(false, |any, f| Ok::<_, V2Error>(any | flag(OP, &body, f)?))?;
    let transcription = flag(OP, &body, "start_transcription")?;
    let captions = flag(OP, &body, "start_closed_caption")?;
    let mut data = caller.app.lock();
    let c: &mut V2Call = call_mut(&mut data.v2, OP, &call_type, &id)?;
    if c.ended_at.is_some() {
        return Err(V2Error::input(OP, "the call has ended"));
    }
    let (was_live, was_recording) = (c.live, c.recording);
    let now = now_ns();
    c.live = true;
    if hls || captions {
        c.media.session(now);
    }
    c.broadcasting |= hls;
    if recording {
        egress::start_recording(c, "composite", now);
    }
    if transcription {
        egress::start_transcription(c, now);
    }
    c.captioning |= captions;
    c.updated_at = now;
    let cid = c.cid();
    if !was_live {
        let event = Event::call("call.live_started", &caller, &data.v2, &cid);
        webhooks::emit(&caller.app, &data, event);
    }
    if recording && !was_recording {
        let event = Event::recording("call.recording_started", &cid, "composite");
        webhooks::emit(&caller.app, &data, event);
    }
    answer_call(&data.v2, &caller, &cid)
}

/// `POST /api/v2/video/call/{type}/{id}/stop_live`.
pub(crate) async fn stop_live(
    caller: ServerCaller,
    PathParams((call_type, id), _): PathParams<(String, String), StopLive>,
    bytes: Bytes,
) -> Reply<V2Error> {
    const OP: &str = StopLive::NAME;
    let body = body_obj(OP, &bytes)?;
    let keep_hls = flag(OP, &body, "continue_hls")?;
    let keep_recording = flag(OP, &body, "continue_recording")?;
    let keep_transcription = flag(OP, &body, "continue_transcription")?;
    let keep_captions = flag(OP, &body, "continue_closed_caption")?;
    let mut data = caller.app.lock();
    let c = call_mut(&mut data.v2, OP, &call_type, &id)?;
    let was_recording = c.recording;
    let now = now_ns();
    c.live = false;
    c.broadcasting &= keep_hls;
    if !keep_recording {
        egress::stop_recordings(c, now);
    }
    if !keep_transcription {
        egress::stop_transcription(c, now);
    }
    c.captioning &= keep_captions;
    c.updated_at = now;
    let cid = c.cid();
    if was_recording && !c.recording {
        let event = Event::recording("call.recording_stopped", &cid, "composite");
        webhooks::emit(&caller.app, &data, event);
    }
    answer_call(&data.v2, &caller, &cid)
}

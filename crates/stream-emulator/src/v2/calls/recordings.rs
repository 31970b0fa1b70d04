//! v2 recordings, transcriptions and closed captions of a call. Starting needs someone in the
//! call (the service's "there is no active session") and refuses what already runs; stopping
//! refuses what does not run ("call egress is not running"). A stopped recording or
//! transcription leaves a file that the list operations show, with a URL on the emulator's host.
use axum::body::Bytes;
use axum::http::StatusCode;
use serde_json::{Map, Value};

use super::egress::{self, ALREADY_RUNNING, NO_SESSION, NOT_RUNNING};
use super::handlers::call_mut;
use crate::extract::PathParams;
use crate::public_url::PublicBase;
use crate::reply::Reply;
use crate::v2::auth::ServerCaller;
use crate::v2::body::{body_obj, flag, opt_str};
use crate::v2::error::{
    DeleteRecording, DeleteTranscription, ListRecordings, ListTranscriptions, Operation,
    StartClosedCaptions, StartRecording, StartTranscription, StopClosedCaptions, StopRecording,
    StopTranscription, V2Error, V2Result,
};
use crate::v2::shapes;
use crate::v2::state::{V2Call, now_ns};
use crate::v2::webhooks::{self, Event};

/// The recording types the service knows.
const RECORDING_TYPES: [&str; 3] = ["composite", "individual", "raw"];

/// 201 `{duration}`.
fn done() -> Reply<V2Error> {
    shapes::reply(StatusCode::CREATED, Map::new())
}

fn recording_type(op: &str, t: &str) -> V2Result<()> {
    if RECORDING_TYPES.contains(&t) {
        Ok(())
    } else {
        Err(V2Error::input(
            op,
            format!("recording_type must be one of composite, individual, raw (got {t:?})"),
        ))
    }
}

/// Refuses a start in a call nobody is in.
fn need_session(op: &str, c: &V2Call) -> V2Result<()> {
    if c.media.active() {
        Ok(())
    } else {
        Err(V2Error::input(op, NO_SESSION))
    }
}

/// `POST /api/v2/video/call/{type}/{id}/recordings/{recording_type}/start`.
pub(crate) async fn start_recording(
    caller: ServerCaller,
    PathParams((call_type, id, kind), _): PathParams<(String, String, String), StartRecording>,
    bytes: Bytes,
) -> Reply<V2Error> {
    const OP: &str = StartRecording::NAME;
    let body = body_obj(OP, &bytes)?;
    opt_str(OP, &body, "recording_external_storage")?;
    recording_type(OP, &kind)?;
    let mut data = caller.app.lock();
    let c = call_mut(&mut data.v2, OP, &call_type, &id)?;
    need_session(OP, c)?;
    if c.media.recordings.contains_key(&kind) {
        return Err(V2Error::input(OP, ALREADY_RUNNING));
    }
    let now = now_ns();
    egress::start_recording(c, &kind, now);
    c.updated_at = now;
    let cid = c.cid();
    let started = Event::recording("call.recording_started", &cid, &kind);
    webhooks::emit(&caller.app, &data, started);
    done()
}

/// `POST /api/v2/video/call/{type}/{id}/recordings/{recording_type}/stop`.
pub(crate) async fn stop_recording(
    caller: ServerCaller,
    PathParams((call_type, id, kind), _): PathParams<(String, String, String), StopRecording>,
    bytes: Bytes,
) -> Reply<V2Error> {
    const OP: &str = StopRecording::NAME;
    body_obj(OP, &bytes)?;
    recording_type(OP, &kind)?;
    let mut data = caller.app.lock();
    let c = call_mut(&mut data.v2, OP, &call_type, &id)?;
    let now = now_ns();
    if !egress::stop_recording(c, &kind, now) {
        return Err(V2Error::input(OP, NOT_RUNNING));
    }
    c.updated_at = now;
    let cid = c.cid();
    let file = c
        .media
        .files
        .last()
        .map(|f| f.shape(c, &format!("http://{}", caller.host)));
    let stopped = Event::recording("call.recording_stopped", &cid, &kind);
    webhooks::emit(&caller.app, &data, stopped);
    if let Some(file) = file {
        let ready =
            Event::recording("call.recording_ready", &cid, &kind).with("call_recording", file);
        webhooks::emit(&caller.app, &data, ready);
    }
    done()
}

/// The call's files of one kind (`recordings` or `transcriptions`), oldest first.
fn list_files(
    caller: &ServerCaller,
    op: &str,
    (call_type, id): (&str, &str),
    base: &str,
    recordings: bool,
) -> Reply<V2Error> {
    let mut data = caller.app.lock();
    let c = call_mut(&mut data.v2, op, call_type, id)?;
    let files: Vec<Value> = c
        .media
        .files
        .iter()
        .filter(|f| f.recording_type.is_some() == recordings)
        .map(|f| f.shape(c, base))
        .collect();
    let key = if recordings {
        "recordings"
    } else {
        "transcriptions"
    };
    let mut out = Map::new();
    out.insert(key.into(), Value::Array(files));
    shapes::reply(StatusCode::OK, out)
}

/// `GET /api/v2/video/call/{type}/{id}/recordings`.
pub(crate) async fn list_recordings(
    caller: ServerCaller,
    PublicBase(base): PublicBase,
    PathParams((call_type, id), _): PathParams<(String, String), ListRecordings>,
) -> Reply<V2Error> {
    list_files(
        &caller,
        ListRecordings::NAME,
        (&call_type, &id),
        &base,
        true,
    )
}

/// `GET /api/v2/video/call/{type}/{id}/transcriptions`.
pub(crate) async fn list_transcriptions(
    caller: ServerCaller,
    PublicBase(base): PublicBase,
    PathParams((call_type, id), _): PathParams<(String, String), ListTranscriptions>,
) -> Reply<V2Error> {
    list_files(
        &caller,
        ListTranscriptions::NAME,
        (&call_type, &id),
        &base,
        false,
    )
}

/// Deletes file `filename` of `session` (a recording, or a transcription when `!recordings`):
/// 200 `{duration}`; a file the call does not have is 404.
fn delete_file(
    caller: &ServerCaller,
    op: &str,
    (call_type, id, session, filename): (String, String, String, String),
    recordings: bool,
) -> Reply<V2Error> {
    let mut data = caller.app.lock();
    let c = call_mut(&mut data.v2, op, &call_type, &id)?;
    let before = c.media.files.len();
    c.media.files.retain(|f| {
        f.recording_type.is_some() != recordings
            || f.session_id != session
            || f.filename != filename
    });
    if c.media.files.len() == before {
        let kind = if recordings {
            "recording"
        } else {
            "transcription"
        };
        return Err(V2Error::not_found(
            op,
            format!("{kind} {filename:?} of session {session:?} not found"),
        ));
    }
    shapes::reply(StatusCode::OK, Map::new())
}

/// `DELETE /api/v2/video/call/{type}/{id}/{session}/recordings/{filename}`.
pub(crate) async fn delete_recording(
    caller: ServerCaller,
    PathParams(parts, _): PathParams<(String, String, String, String), DeleteRecording>,
) -> Reply<V2Error> {
    delete_file(&caller, DeleteRecording::NAME, parts, true)
}

/// `DELETE /api/v2/video/call/{type}/{id}/{session}/transcriptions/{filename}`.
pub(crate) async fn delete_transcription(
    caller: ServerCaller,
    PathParams(parts, _): PathParams<(String, String, String, String), DeleteTranscription>,
) -> Reply<V2Error> {
    delete_file(&caller, DeleteTranscription::NAME, parts, false)
}

/// `POST /api/v2/video/call/{type}/{id}/start_transcription` (`enable_closed_captions` starts
/// captions too).
pub(crate) async fn start_transcription(
    caller: ServerCaller,
    PathParams((call_type, id), _): PathParams<(String, String), StartTranscription>,
    bytes: Bytes,
) -> Reply<V2Error> {
    const OP: &str = StartTranscription::NAME;
    let body = body_obj(OP, &bytes)?;
    let captions = flag(OP, &body, "enable_closed_captions")?;
    opt_str(OP, &body, "language")?;
    opt_str(OP, &body, "transcription_external_storage")?;
    let mut data = caller.app.lock();
    let c = call_mut(&mut data.v2, OP, &call_type, &id)?;
    need_session(OP, c)?;
    if c.media.transcription.is_some() {
        return Err(V2Error::input(OP, ALREADY_RUNNING));
    }
    let now = now_ns();
    egress::start_transcription(c, now);
    c.captioning |= captions;
    c.updated_at = now;
    done()
}

/// `POST /api/v2/video/call/{type}/{id}/stop_transcription` (`stop_closed_captions` stops
/// captions too).
pub(crate) async fn stop_transcription(
    caller: ServerCaller,
    PathParams((call_type, id), _): PathParams<(String, String), StopTranscription>,
    bytes: Bytes,
) -> Reply<V2Error> {
    const OP: &str = StopTranscription::NAME;
    let body = body_obj(OP, &bytes)?;
    let captions = flag(OP, &body, "stop_closed_captions")?;
    let mut data = caller.app.lock();
    let c = call_mut(&mut data.v2, OP, &call_type, &id)?;
    let now = now_ns();
    if !egress::stop_transcription(c, now) {
        return Err(V2Error::input(OP, NOT_RUNNING));
    }
    c.captioning &= !captions;
    c.updated_at = now;
    done()
}

/// `POST /api/v2/video/call/{type}/{id}/start_closed_captions` (`enable_transcription`
/// starts transcribing too, unless it runs).
pub(crate) async fn start_closed_captions(
    caller: ServerCaller,
    PathParams((call_type, id), _): PathParams<(String, String), StartClosedCaptions>,
    bytes: Bytes,
) -> Reply<V2Error> {
    const OP: &str = StartClosedCaptions::NAME;
    let body = body_obj(OP, &bytes)?;
    let transcription = flag(OP, &body, "enable_transcription")?;
    opt_str(OP, &body, "language")?;
    opt_str(OP, &body, "external_storage")?;
    let mut data = caller.app.lock();
    let c = call_mut(&mut data.v2, OP, &call_type, &id)?;
    need_session(OP, c)?;
    if c.captioning {
        return Err(V2Error::input(OP, ALREADY_RUNNING));
    }
    let now = now_ns();
    c.captioning = true;
    if transcription {
        egress::start_transcription(c, now);
    }
    c.updated_at = now;
    done()
}

/// `POST /api/v2/video/call/{type}/{id}/stop_closed_captions` (`stop_transcription` stops
/// transcribing too, when it runs).
pub(crate) async fn stop_closed_captions(
    caller: ServerCaller,
    PathParams((call_type, id), _): PathParams<(String, String), StopClosedCaptions>,
    bytes: Bytes,
) -> Reply<V2Error> {
    const OP: &str = StopClosedCaptions::NAME;
    let body = body_obj(OP, &bytes)?;
    let transcription = flag(OP, &body, "stop_transcription")?;
    let mut data = caller.app.lock();
    let c = call_mut(&mut data.v2, OP, &call_type, &id)?;
    if !c.captioning {
        return Err(V2Error::input(OP, NOT_RUNNING));
    }
    let now = now_ns();
    c.captioning = false;
    if transcription {
        egress::stop_transcription(c, now);
    }
    c.updated_at = now;
    done()
}

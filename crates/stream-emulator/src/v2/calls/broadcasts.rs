//! v2 broadcasts of a call: HLS (shown in the call's `egress.broadcasting` and `egress.hls`) and
//! RTMP (each running one in `egress.rtmps`). Starting needs someone in the call and refuses
//! what already runs; stopping one that does not run is the service's 400.
use axum::body::Bytes;
use axum::http::StatusCode;
use serde_json::{Map, Value, json};

use super::egress::{ALREADY_RUNNING, MAX_RTMPS, NO_SESSION, NOT_RUNNING, V2Rtmp, playlist_url};
use super::handlers::call_mut;
use crate::extract::PathParams;
use crate::reply::Reply;
use crate::v2::auth::ServerCaller;
use crate::v2::body::body_obj;
use crate::v2::error::{
    Operation, StartHLSBroadcasting, StartRTMPBroadcasts, StopAllRTMPBroadcasts,
    StopHLSBroadcasting, StopRTMPBroadcast, V2Error, V2Result,
};
use crate::v2::shapes;
use crate::v2::state::now_ns;

fn done() -> Reply<V2Error> {
    shapes::reply(StatusCode::CREATED, Map::new())
}

/// `POST /api/v2/video/call/{type}/{id}/start_broadcasting`: 201 `{playlist_url, duration}`.
pub(crate) async fn start_hls(
    caller: ServerCaller,
    PathParams((call_type, id), _): PathParams<(String, String), StartHLSBroadcasting>,
    bytes: Bytes,
) -> Reply<V2Error> {
    const OP: &str = StartHLSBroadcasting::NAME;
    body_obj(OP, &bytes)?;
    let api_key = caller.app.api_key.clone();
    let mut data = caller.app.lock();
    let c = call_mut(&mut data.v2, OP, &call_type, &id)?;
    if !c.media.active() {
        return Err(V2Error::input(OP, NO_SESSION));
    }
    if c.broadcasting {
        return Err(V2Error::input(OP, ALREADY_RUNNING));
    }
    c.broadcasting = true;
    c.updated_at = now_ns();
    let mut out = Map::new();
    out.insert("playlist_url".into(), json!(playlist_url(c, &api_key)));
    shapes::reply(StatusCode::CREATED, out)
}

/// `POST /api/v2/video/call/{type}/{id}/stop_broadcasting`.
pub(crate) async fn stop_hls(
    caller: ServerCaller,
    PathParams((call_type, id), _): PathParams<(String, String), StopHLSBroadcasting>,
    bytes: Bytes,
) -> Reply<V2Error> {
    const OP: &str = StopHLSBroadcasting::NAME;
    body_obj(OP, &bytes)?;
    let mut data = caller.app.lock();
    let c = call_mut(&mut data.v2, OP, &call_type, &id)?;
    if !c.broadcasting {
        return Err(V2Error::input(OP, NOT_RUNNING));
    }
    c.broadcasting = false;
    c.updated_at = now_ns();
    done()
}

/// A required non-empty string field of `v`.
fn text<'a>(op: &str, v: &'a Map<String, Value>, field: &str) -> V2Result<&'a str> {
    v.get(field)
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
        .ok_or_else(|| V2Error::input(op, format!("broadcasts.{field} is a required field")))
}

/// The broadcasts of a start body, checked: `(name, stream_url)` each.
fn broadcasts(op: &str, body: &Map<String, Value>) -> V2Result<Vec<(String, String)>> {
    let list = body
        .get("broadcasts")
        .and_then(Value::as_array)
        .filter(|l| !l.is_empty())
        .ok_or_else(|| V2Error::input(op, "broadcasts is a required field"))?;
    if list.len() > MAX_RTMPS {
        return Err(V2Error::input(
            op,
            format!("at most {MAX_RTMPS} broadcasts per call"),
        ));
    }
    let mut out: Vec<(String, String)> = Vec::with_capacity(list.len());
    for item in list {
        let b = item
            .as_object()
            .ok_or_else(|| V2Error::input(op, "broadcasts must hold objects"))?;
        let name = text(op, b, "name")?;
        let url = text(op, b, "stream_url")?;
        let lower = url.to_ascii_lowercase();
        if !(lower.starts_with("rtmp://") || lower.starts_with("rtmps://")) {
            return Err(V2Error::input(
                op,
                "broadcasts.stream_url must be an rtmp:// or rtmps:// URL",
            ));
        }
        if !matches!(
            b.get("stream_key"),
            None | Some(Value::Null | Value::String(_))
        ) {
            return Err(V2Error::input(op, "broadcasts.stream_key must be a string"));
        }
        if out.iter().any(|(n, _)| n == name) {
            return Err(V2Error::input(
                op,
                format!("broadcast name {name:?} is used twice"),
            ));
        }
        out.push((name.to_owned(), url.to_owned()));
    }
    Ok(out)
}

/// `POST /api/v2/video/call/{type}/{id}/rtmp_broadcasts` `{"broadcasts": [...]}`: all start or
/// none.
pub(crate) async fn start_rtmp(
    caller: ServerCaller,
    PathParams((call_type, id), _): PathParams<(String, String), StartRTMPBroadcasts>,
    bytes: Bytes,
) -> Reply<V2Error> {
    const OP: &str = StartRTMPBroadcasts::NAME;
    let body = body_obj(OP, &bytes)?;
    let wanted = broadcasts(OP, &body)?;
    let mut data = caller.app.lock();
    let c = call_mut(&mut data.v2, OP, &call_type, &id)?;
    if !c.media.active() {
        return Err(V2Error::input(OP, NO_SESSION));
    }
    if wanted
        .iter()
        .any(|(name, _)| c.media.rtmps.contains_key(name))
    {
        return Err(V2Error::input(OP, ALREADY_RUNNING));
    }
    if c.media.rtmps.len() + wanted.len() > MAX_RTMPS {
        return Err(V2Error::input(
            OP,
            format!("at most {MAX_RTMPS} broadcasts per call"),
        ));
    }
    let now = now_ns();
    for (name, stream_url) in wanted {
        let rtmp = V2Rtmp {
            stream_url,
            started_at: now,
        };
        c.media.rtmps.insert(name, rtmp);
    }
    c.updated_at = now;
    done()
}

/// `POST /api/v2/video/call/{type}/{id}/rtmp_broadcasts/{name}/stop`.
pub(crate) async fn stop_rtmp(
    caller: ServerCaller,
    PathParams((call_type, id, name), _): PathParams<(String, String, String), StopRTMPBroadcast>,
    bytes: Bytes,
) -> Reply<V2Error> {
    const OP: &str = StopRTMPBroadcast::NAME;
    body_obj(OP, &bytes)?;
    let mut data = caller.app.lock();
    let c = call_mut(&mut data.v2, OP, &call_type, &id)?;
    if c.media.rtmps.remove(&name).is_none() {
        return Err(V2Error::input(OP, NOT_RUNNING));
    }
    c.updated_at = now_ns();
    done()
}

/// `POST /api/v2/video/call/{type}/{id}/rtmp_broadcasts/stop`: stops every RTMP broadcast
/// (none running is fine).
pub(crate) async fn stop_all_rtmp(
    caller: ServerCaller,
    PathParams((call_type, id), _): PathParams<(String, String), StopAllRTMPBroadcasts>,
    bytes: Bytes,
) -> Reply<V2Error> {
    const OP: &str = StopAllRTMPBroadcasts::NAME;
    body_obj(OP, &bytes)?;
    let mut data = caller.app.lock();
    let c = call_mut(&mut data.v2, OP, &call_type, &id)?;
    c.media.rtmps.clear();
    c.updated_at = now_ns();
    done()
}

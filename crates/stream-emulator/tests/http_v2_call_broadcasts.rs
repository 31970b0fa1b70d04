//! v2 HLS and RTMP broadcasts on the emulator: they need someone in the call, show in the call's
//! `egress`, and refuse starting twice or stopping what does not run.
mod http_v2_support;

use http_v2_support::{V2, assert_v2_error};
use serde_json::{Value, json};

fn post(v2: &V2, path: &str, body: Option<Value>) -> (u16, Value) {
    v2.call(
        "POST",
        &format!("video/call/livestream/{path}"),
        "",
        body.as_ref(),
    )
}

fn egress(v2: &V2) -> Value {
    v2.call("GET", "video/call/livestream/b1", "", None).1["call"]["egress"].clone()
}

fn keys(v: &Value) -> Vec<&str> {
    let mut k: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    k.sort_unstable();
    k
}

#[test]
fn hls_starts_with_a_playlist_and_shows_in_the_egress() {
    let v2 = V2::start();
    let body = json!({"data": {"created_by_id": "alice"}});
    assert_eq!(post(&v2, "b1", Some(body)).0, 201);
    let (s, e) = post(&v2, "b1/start_broadcasting", None);
    assert_eq!(s, 400, "{e}");
    assert_eq!(
        e["message"],
        "StartHLSBroadcasting failed with error: \"there is no active session\""
    );
    assert_v2_error(&post(&v2, "b1/stop_broadcasting", None), 400, 4);
    v2.emu
        .join_call("livestream", "b1", "alice")
        .expect("joins");
    let (s, r) = post(&v2, "b1/start_broadcasting", None);
    assert_eq!(s, 201, "{r}");
    assert_eq!(keys(&r), ["duration", "playlist_url"]);
    let playlist = r["playlist_url"].as_str().unwrap();
    assert!(playlist.starts_with("https://") && playlist.ends_with(".m3u8"));
    let eg = egress(&v2);
    assert_eq!(eg["broadcasting"], true);
    assert_eq!(
        eg["hls"],
        json!({"playlist_url": playlist, "status": "started"})
    );
    assert_v2_error(&post(&v2, "b1/start_broadcasting", None), 400, 4);
    let (s, r) = post(&v2, "b1/stop_broadcasting", None);
    assert_eq!((s, keys(&r)), (201, vec!["duration"]));
    let eg = egress(&v2);
    assert_eq!(eg["broadcasting"], false);
    assert!(eg.get("hls").is_none());
    assert_v2_error(&post(&v2, "b1/stop_broadcasting", None), 400, 4);
}

#[test]
fn rtmp_broadcasts_start_by_name_and_stop_one_or_all() {
    let v2 = V2::start();
    let body = json!({"data": {"created_by_id": "alice"}});
    assert_eq!(post(&v2, "b1", Some(body)).0, 201);
    let yt = json!({"name": "youtube", "stream_url": "rtmps://a.rtmp.youtube.com/live2", "stream_key": "k-1"});
    let twitch =
        json!({"name": "twitch", "stream_url": "rtmp://live.twitch.tv/app", "stream_key": "k-2"});
    let both = json!({"broadcasts": [yt, twitch]});
    assert_v2_error(&post(&v2, "b1/rtmp_broadcasts", Some(both.clone())), 400, 4);
    v2.emu
        .join_call("livestream", "b1", "alice")
        .expect("joins");
    let (s, r) = post(&v2, "b1/rtmp_broadcasts", Some(both));
    assert_eq!((s, keys(&r)), (201, vec!["duration"]), "{r}");
    let rtmps = egress(&v2)["rtmps"].clone();
    assert_eq!(rtmps.as_array().map(Vec::len), Some(2));
    let first = &rtmps[0];
    assert_eq!(keys(first), ["name", "started_at", "stream_url"]);
    assert_eq!(first["name"], "twitch");
    assert!(
        !rtmps.to_string().contains("k-1"),
        "the stream key is not echoed"
    );
    let again = json!({"broadcasts": [yt]});
    assert_v2_error(&post(&v2, "b1/rtmp_broadcasts", Some(again)), 400, 4);
    for bad in [
        json!({}),
        json!({"broadcasts": []}),
        json!({"broadcasts": [{"name": "x", "stream_url": "https://example.com"}]}),
        json!({"broadcasts": [{"stream_url": "rtmp://example.com/app"}]}),
        json!({"broadcasts": [{"name": "x", "stream_url": "rtmp://e/a", "stream_key": 1}]}),
        json!({"broadcasts": [{"name": "x", "stream_url": "rtmp://e/a"}, {"name": "x", "stream_url": "rtmp://e/b"}]}),
    ] {
        assert_v2_error(&post(&v2, "b1/rtmp_broadcasts", Some(bad)), 400, 4);
    }
    let (s, r) = post(&v2, "b1/rtmp_broadcasts/youtube/stop", Some(json!({})));
    assert_eq!(s, 201, "{r}");
    let rtmps = egress(&v2)["rtmps"].clone();
    assert_eq!(rtmps.as_array().map(Vec::len), Some(1));
    let (s, e) = post(&v2, "b1/rtmp_broadcasts/youtube/stop", Some(json!({})));
    assert_eq!(s, 400);
    assert_eq!(
        e["message"],
        "StopRTMPBroadcast failed with error: \"call egress is not running\""
    );
    assert_eq!(post(&v2, "b1/rtmp_broadcasts/stop", None).0, 201);
    assert_eq!(egress(&v2)["rtmps"], json!([]));
    assert_eq!(post(&v2, "b1/rtmp_broadcasts/stop", None).0, 201);
    for path in [
        "nope/start_broadcasting",
        "nope/stop_broadcasting",
        "nope/rtmp_broadcasts/stop",
        "nope/rtmp_broadcasts/youtube/stop",
    ] {
        assert_v2_error(&post(&v2, path, None), 404, 16);
    }
    let one = json!({"broadcasts": [{"name": "x", "stream_url": "rtmp://e/a"}]});
    assert_v2_error(&post(&v2, "nope/rtmp_broadcasts", Some(one)), 404, 16);
}

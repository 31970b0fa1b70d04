//! v2 recordings, transcriptions and closed captions on the emulator: starting needs someone
//! in the call, starting twice and stopping what does not run are the service's 400s, and a
//! stopped recording or transcription is listed with its file.
mod http_v2_support;

use http_v2_support::{V2, assert_v2_error};
use serde_json::{Value, json};

fn call(v2: &V2, id: &str) {
    let body = json!({"data": {"created_by_id": "alice"}});
    let path = format!("video/call/default/{id}");
    assert_eq!(v2.call("POST", &path, "", Some(&body)).0, 201);
}

fn post(v2: &V2, path: &str, body: Value) -> (u16, Value) {
    v2.call(
        "POST",
        &format!("video/call/default/{path}"),
        "",
        Some(&body),
    )
}

fn get_call(v2: &V2, id: &str) -> Value {
    v2.call("GET", &format!("video/call/default/{id}"), "", None)
        .1["call"]
        .clone()
}

fn keys(v: &Value) -> Vec<&str> {
    let mut k: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    k.sort_unstable();
    k
}

#[test]
fn recordings_start_with_someone_in_the_call_and_leave_a_file() {
    let v2 = V2::start();
    call(&v2, "c1");
    let start = "c1/recordings/composite/start";
    let (s, e) = post(&v2, start, json!({}));
    assert_eq!(
        (s, e["message"].as_str()),
        (
            400,
            Some("StartRecording failed with error: \"there is no active session\"")
        ),
        "{e}"
    );
    let (s, e) = post(&v2, "c1/recordings/composite/stop", json!({}));
    assert_eq!(
        (s, e["message"].as_str()),
        (
            400,
            Some("StopRecording failed with error: \"call egress is not running\"")
        ),
        "{e}"
    );
    assert!(v2.emu.join_call("default", "c1", "alice").is_some());
    let (s, r) = post(&v2, start, json!({}));
    assert_eq!(s, 201, "{r}");
    assert_eq!(keys(&r), ["duration"]);
    let c = get_call(&v2, "c1");
    assert_eq!(c["recording"], true);
    let session = c["current_session_id"].as_str().unwrap().to_owned();
    assert!(!session.is_empty());
    assert_v2_error(&post(&v2, start, json!({})), 400, 4);
    assert_v2_error(&post(&v2, "c1/recordings/hd/start", json!({})), 400, 4);
    let (s, r) = post(&v2, "c1/recordings/composite/stop", json!({}));
    assert_eq!((s, keys(&r)), (201, vec!["duration"]), "{r}");
    assert_eq!(get_call(&v2, "c1")["recording"], false);

    let (s, list) = v2.call("GET", "video/call/default/c1/recordings", "", None);
    assert_eq!(s, 200, "{list}");
    assert_eq!(keys(&list), ["duration", "recordings"]);
    let rec = &list["recordings"][0];
    assert_eq!(
        keys(rec),
        [
            "end_time",
            "filename",
            "recording_type",
            "session_id",
            "start_time",
            "url"
        ]
    );
    assert_eq!(rec["session_id"], session.as_str());
    assert_eq!(rec["recording_type"], "composite");
    let filename = rec["filename"].as_str().unwrap();
    assert!(filename.starts_with("rec_default_c1_composite_") && filename.ends_with(".mp4"));
    let url = rec["url"].as_str().unwrap();
    assert!(url.starts_with(v2.emu.base_url()), "{url}");
    assert!(url.ends_with(filename), "{url}");
    assert!(rec["end_time"].as_i64() >= rec["start_time"].as_i64());
    let (_, none) = v2.call("GET", "video/call/default/c1/transcriptions", "", None);
    assert_eq!(none["transcriptions"], json!([]));

    let file = format!("video/call/default/c1/{session}/recordings/{filename}");
    let (s, r) = v2.call("DELETE", &file, "", None);
    assert_eq!((s, keys(&r)), (200, vec!["duration"]), "{r}");
    assert_v2_error(&v2.call("DELETE", &file, "", None), 404, 16);
    let (_, list) = v2.call("GET", "video/call/default/c1/recordings", "", None);
    assert_eq!(list["recordings"], json!([]));
}

#[test]
fn transcriptions_and_captions_start_and_stop_together_or_alone() {
    let v2 = V2::start();
    call(&v2, "c2");
    assert_v2_error(&post(&v2, "c2/start_transcription", json!({})), 400, 4);
    assert_v2_error(&post(&v2, "c2/start_closed_captions", json!({})), 400, 4);
    v2.emu.join_call("default", "c2", "bob").expect("joins");
    let (s, r) = post(
        &v2,
        "c2/start_transcription",
        json!({"language": "en", "enable_closed_captions": true}),
    );
    assert_eq!(s, 201, "{r}");
    let c = get_call(&v2, "c2");
    assert_eq!(
        (&c["transcribing"], &c["captioning"]),
        (&json!(true), &json!(true))
    );
    assert_v2_error(&post(&v2, "c2/start_transcription", json!({})), 400, 4);
    assert_v2_error(&post(&v2, "c2/start_closed_captions", json!({})), 400, 4);
    let (s, r) = post(
        &v2,
        "c2/stop_transcription",
        json!({"stop_closed_captions": true}),
    );
    assert_eq!(s, 201, "{r}");
    let c = get_call(&v2, "c2");
    assert_eq!(
        (&c["transcribing"], &c["captioning"]),
        (&json!(false), &json!(false))
    );
    assert_v2_error(&post(&v2, "c2/stop_transcription", json!({})), 400, 4);
    assert_v2_error(&post(&v2, "c2/stop_closed_captions", json!({})), 400, 4);

    let (s, r) = post(&v2, "c2/start_closed_captions", json!({"language": "fr"}));
    assert_eq!(s, 201, "{r}");
    let c = get_call(&v2, "c2");
    assert_eq!(
        (&c["transcribing"], &c["captioning"]),
        (&json!(false), &json!(true))
    );
    assert_eq!(post(&v2, "c2/stop_closed_captions", json!({})).0, 201);
    assert_eq!(get_call(&v2, "c2")["captioning"], false);
    assert_v2_error(
        &post(&v2, "c2/start_closed_captions", json!({"language": 1})),
        400,
        4,
    );

    let (s, list) = v2.call("GET", "video/call/default/c2/transcriptions", "", None);
    assert_eq!(s, 200, "{list}");
    let t = &list["transcriptions"][0];
    assert_eq!(
        keys(t),
        ["end_time", "filename", "session_id", "start_time", "url"]
    );
    assert!(t["filename"].as_str().unwrap().ends_with(".jsonl"));
    assert_eq!(list["transcriptions"].as_array().map(Vec::len), Some(1));
    let file = format!(
        "video/call/default/c2/{}/transcriptions/{}",
        t["session_id"].as_str().unwrap(),
        t["filename"].as_str().unwrap()
    );
    let as_recording = file.replace("/transcriptions/", "/recordings/");
    assert_v2_error(&v2.call("DELETE", &as_recording, "", None), 404, 16);
    let (s, r) = v2.call("DELETE", &file, "", None);
    assert_eq!((s, keys(&r)), (200, vec!["duration"]), "{r}");
    assert_v2_error(&v2.call("DELETE", &file, "", None), 404, 16);
    let (_, list) = v2.call("GET", "video/call/default/c2/transcriptions", "", None);
    assert_eq!(list["transcriptions"], json!([]));
}

#[test]
fn ending_a_call_stops_what_runs_and_unknown_calls_are_404() {
    let v2 = V2::start();
    call(&v2, "c3");
    v2.emu.join_call("default", "c3", "alice").expect("joins");
    assert_eq!(
        post(&v2, "c3/recordings/individual/start", json!({})).0,
        201
    );
    assert_eq!(post(&v2, "c3/start_transcription", json!({})).0, 201);
    assert_eq!(post(&v2, "c3/mark_ended", json!({})).0, 201);
    let c = get_call(&v2, "c3");
    assert_eq!(
        (&c["recording"], &c["transcribing"]),
        (&json!(false), &json!(false))
    );
    let (_, list) = v2.call("GET", "video/call/default/c3/recordings", "", None);
    assert_eq!(list["recordings"][0]["recording_type"], "individual");
    assert_eq!(v2.emu.join_call("default", "c3", "alice"), None);
    assert_v2_error(
        &post(&v2, "c3/recordings/composite/start", json!({})),
        400,
        4,
    );
    for (method, path) in [
        ("POST", "video/call/default/nope/recordings/composite/start"),
        ("POST", "video/call/default/nope/recordings/composite/stop"),
        ("GET", "video/call/default/nope/recordings"),
        ("GET", "video/call/default/nope/transcriptions"),
        ("DELETE", "video/call/default/nope/s1/recordings/f.mp4"),
        (
            "DELETE",
            "video/call/default/nope/s1/transcriptions/f.jsonl",
        ),
        ("POST", "video/call/default/nope/start_transcription"),
        ("POST", "video/call/default/nope/stop_transcription"),
        ("POST", "video/call/default/nope/start_closed_captions"),
        ("POST", "video/call/default/nope/stop_closed_captions"),
    ] {
        let body = (method == "POST").then(|| json!({}));
        assert_v2_error(&v2.call(method, path, "", body.as_ref()), 404, 16);
    }
}

//! v2 call media, broadcasts and participants: recordings, transcriptions, closed captions, HLS
//! and RTMP broadcasts, kick, pin, ring and participant queries build the requests the service
//! documents, refuse bad input before sending, and parse their answers.
use serde_json::json;
use stream_core::v2::VideoCall;

mod v2_support;
use v2_support::{body, config, filter, parses, query, req};

#[test]
fn recordings_transcriptions_and_captions_send_their_paths_and_options() {
    use stream_core::v2::RecordingType;
    let call = VideoCall::new("livestream", "l1");
    let start = req(&call
        .start_recording(RecordingType::Composite)
        .external_storage("my-s3"));
    assert_eq!(start.method.as_str(), "POST");
    assert!(
        start
            .url_without_query()
            .ends_with("/api/v2/video/call/livestream/l1/recordings/composite/start")
    );
    assert_eq!(body(&start), json!({"recording_external_storage": "my-s3"}));
    let start = req(&call.start_recording(RecordingType::Raw));
    assert!(start.url_without_query().ends_with("/recordings/raw/start"));
    assert_eq!(body(&start), json!({}));
    let stop = req(&call.stop_recording(RecordingType::Individual));
    assert!(
        stop.url_without_query()
            .ends_with("/recordings/individual/stop")
    );
    assert_eq!(body(&stop), json!({}));
    let list = req(&call.list_recordings());
    assert_eq!(list.method.as_str(), "GET");
    assert!(list.url_without_query().ends_with("/l1/recordings"));
    assert!(list.body.is_none());
    let delete = req(&call.delete_recording("s 1", "rec a.mp4"));
    assert_eq!(delete.method.as_str(), "DELETE");
    assert!(
        delete
            .url_without_query()
            .ends_with("/video/call/livestream/l1/s%201/recordings/rec%20a.mp4")
    );
    assert!(
        config()
            .build_request(&call.delete_recording("", "f"))
            .is_err()
    );
    assert!(
        config()
            .build_request(&call.delete_recording("s", ""))
            .is_err()
    );

    let t = req(&call
        .start_transcription()
        .language("en")
        .with_closed_captions());
    assert!(t.url_without_query().ends_with("/l1/start_transcription"));
    assert_eq!(
        body(&t),
        json!({"language": "en", "enable_closed_captions": true})
    );
    let t = req(&call.start_transcription().external_storage("s3"));
    assert_eq!(body(&t), json!({"transcription_external_storage": "s3"}));
    assert!(
        config()
            .build_request(&call.start_transcription().language(""))
            .is_err()
    );
    let t = req(&call.stop_transcription().and_closed_captions());
    assert!(t.url_without_query().ends_with("/l1/stop_transcription"));
    assert_eq!(body(&t), json!({"stop_closed_captions": true}));
    assert_eq!(body(&req(&call.stop_transcription())), json!({}));
    let del = req(&call.delete_transcription("s1", "t.jsonl"));
    assert_eq!(del.method.as_str(), "DELETE");
    assert!(
        del.url_without_query()
            .ends_with("/video/call/livestream/l1/s1/transcriptions/t.jsonl")
    );
    assert!(
        config()
            .build_request(&call.delete_transcription("s1", ""))
            .is_err()
    );
    let t = req(&call.list_transcriptions());
    assert_eq!(t.method.as_str(), "GET");
    assert!(t.url_without_query().ends_with("/l1/transcriptions"));

    let cc = req(&call
        .start_closed_captions()
        .language("fr")
        .with_transcription()
        .external_storage("s3"));
    assert!(
        cc.url_without_query()
            .ends_with("/l1/start_closed_captions")
    );
    assert_eq!(
        body(&cc),
        json!({"language": "fr", "enable_transcription": true, "external_storage": "s3"})
    );
    let cc = req(&call.stop_closed_captions().and_transcription());
    assert!(cc.url_without_query().ends_with("/l1/stop_closed_captions"));
    assert_eq!(body(&cc), json!({"stop_transcription": true}));

    parses(
        call.list_recordings(),
        r#"{"recordings":[{"filename":"a.mp4","url":"u","session_id":"s","recording_type":"composite","start_time":1,"end_time":2}]}"#,
        "v2.video.call.list_recordings",
    );
    parses(
        call.list_transcriptions(),
        r#"{"transcriptions":null}"#,
        "v2.video.call.list_transcriptions",
    );
    parses(
        call.start_recording(RecordingType::Composite),
        r#"{"duration":"1ms"}"#,
        "v2.video.call.start_recording",
    );
    assert!(
        config()
            .build_request(&VideoCall::new("default", "a/b").list_recordings())
            .is_err()
    );
}

#[test]
fn hls_and_rtmp_broadcasts_send_their_paths_and_broadcasts() {
    use stream_core::models::v2::RtmpBroadcastRequest;
    let call = VideoCall::new("livestream", "l1");
    let hls = req(&call.start_hls_broadcasting());
    assert_eq!(hls.method.as_str(), "POST");
    assert!(hls.url_without_query().ends_with("/l1/start_broadcasting"));
    assert!(hls.body.is_none());
    let hls = req(&call.stop_hls_broadcasting());
    assert!(hls.url_without_query().ends_with("/l1/stop_broadcasting"));
    assert!(hls.body.is_none());

    let yt = RtmpBroadcastRequest::new("youtube", "rtmps://a.rtmp.youtube.com/live2")
        .stream_key("secret-key")
        .quality("720p");
    let start = call.start_rtmp_broadcasts([yt.clone()]).broadcast(
        RtmpBroadcastRequest::new("twitch", "rtmp://live.twitch.tv/app")
            .layout(json!({"name": "spotlight"})),
    );
    assert!(!format!("{start:?}").contains("secret-key"));
    let r = req(&start);
    assert!(
        r.url_without_query()
            .ends_with("/video/call/livestream/l1/rtmp_broadcasts")
    );
    assert_eq!(
        body(&r),
        json!({"broadcasts": [
            {"name": "youtube", "stream_url": "rtmps://a.rtmp.youtube.com/live2",
             "stream_key": "secret-key", "quality": "720p"},
            {"name": "twitch", "stream_url": "rtmp://live.twitch.tv/app",
             "layout": {"name": "spotlight"}}
        ]})
    );
    let refused = [
        call.start_rtmp_broadcasts([]),
        call.start_rtmp_broadcasts([RtmpBroadcastRequest::new("", "rtmp://e/a")]),
        call.start_rtmp_broadcasts([RtmpBroadcastRequest::new("x", "https://e/a")]),
        call.start_rtmp_broadcasts([yt.clone(), yt.clone()]),
        call.start_rtmp_broadcasts([RtmpBroadcastRequest::new("x", "rtmp://e").stream_key("")]),
    ];
    for op in refused {
        assert!(config().build_request(&op).is_err(), "{op:?}");
    }
    let stop = req(&call.stop_rtmp_broadcast("you tube"));
    assert!(
        stop.url_without_query()
            .ends_with("/l1/rtmp_broadcasts/you%20tube/stop")
    );
    assert_eq!(body(&stop), json!({}));
    assert!(
        config()
            .build_request(&call.stop_rtmp_broadcast(""))
            .is_err()
    );
    let all = req(&call.stop_all_rtmp_broadcasts());
    assert!(
        all.url_without_query()
            .ends_with("/l1/rtmp_broadcasts/stop")
    );
    assert!(all.body.is_none());
    parses(
        call.start_hls_broadcasting(),
        r#"{"playlist_url":"https://x/m.m3u8","duration":"1ms"}"#,
        "v2.video.call.start_hls_broadcasting",
    );
}

#[test]
fn kick_pin_ring_and_participant_queries_send_what_they_name() {
    let call = VideoCall::new("default", "c1");
    let kick = req(&call.kick_user("dave").block().kicked_by("alice"));
    assert_eq!(kick.method.as_str(), "POST");
    assert!(
        kick.url_without_query()
            .ends_with("/api/v2/video/call/default/c1/kick")
    );
    assert_eq!(
        body(&kick),
        json!({"user_id": "dave", "block": true, "kicked_by_id": "alice"})
    );
    assert_eq!(
        body(&req(&call.kick_user("dave"))),
        json!({"user_id": "dave"})
    );
    assert!(config().build_request(&call.kick_user("")).is_err());

    let pin = req(&call.pin("bob", "s-1"));
    assert!(pin.url_without_query().ends_with("/c1/pin"));
    assert_eq!(body(&pin), json!({"user_id": "bob", "session_id": "s-1"}));
    let unpin = req(&call.unpin("bob", "s-1"));
    assert!(unpin.url_without_query().ends_with("/c1/unpin"));
    assert_eq!(body(&unpin), json!({"user_id": "bob", "session_id": "s-1"}));
    assert!(config().build_request(&call.pin("bob", "")).is_err());
    assert!(config().build_request(&call.unpin("", "s")).is_err());

    let ring = req(&call.ring().video().members(["bob", "carol"]));
    assert!(ring.url_without_query().ends_with("/c1/ring"));
    assert_eq!(
        body(&ring),
        json!({"video": true, "members_ids": ["bob", "carol"]})
    );
    assert_eq!(body(&req(&call.ring())), json!({}));
    assert!(
        config()
            .build_request(&call.ring().members(Vec::<String>::new()))
            .is_err()
    );

    let q = req(&call.query_participants().filter(filter()).limit(10));
    assert!(q.url_without_query().ends_with("/c1/participants"));
    assert_eq!(query(&q, "limit").as_deref(), Some("10"));
    assert_eq!(
        body(&q),
        json!({"filter_conditions": {"id": {"$eq": "alice"}}})
    );
    let q = req(&call.query_participants());
    assert_eq!(query(&q, "limit"), None);
    assert_eq!(body(&q), json!({}));
    assert!(
        config()
            .build_request(&call.query_participants().limit(0))
            .is_err()
    );
    parses(
        call.query_participants(),
        r#"{"call":{"id":"c1"},"members":[],"own_capabilities":[],"total_participants":1,
            "participants":[{"user":{"id":"bob"},"user_session_id":"s","role":"user","joined_at":1}]}"#,
        "v2.video.call.query_participants",
    );
    parses(
        call.ring(),
        r#"{"members_ids":["bob"],"duration":"1ms"}"#,
        "v2.video.call.ring",
    );
}

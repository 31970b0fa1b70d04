//! v2 error bodies map into the one typed `ApiError`.
use stream_core::v2::VideoCall;
use stream_core::{
    ApiError, ApiSecret, Call, Config, Error, ErrorCode, Response, Step, run_blocking,
};

const V2_BODY: &str = r#"{"code": 16, "message": "GetCall failed with error: \"recorder: no call default:no-such-call\"", "StatusCode": 404, "duration": "0.50ms", "more_info": "https://getstream.io/chat/docs/api_errors_response", "details": [], "unrecoverable": false, "exception_fields": {"field": "reason"}}"#;

#[test]
fn v2_error_body_fields_are_kept() {
    let e = ApiError::from_response("v2.video.call.get", &Response::new(404, V2_BODY));
    assert_eq!(e.status, 404);
    assert_eq!(e.code, Some(ErrorCode::DoesNotExist));
    assert_eq!(e.raw_code, Some(16));
    assert_eq!(
        e.detail.as_deref(),
        Some("GetCall failed with error: \"recorder: no call default:no-such-call\"")
    );
    assert_eq!(e.body_status, Some(404));
    assert_eq!(e.duration.as_deref(), Some("0.50ms"));
    assert_eq!(e.unrecoverable, Some(false));
    assert!(e.details.is_empty());
    assert_eq!(
        e.more_info.as_deref(),
        Some("https://getstream.io/chat/docs/api_errors_response")
    );
    assert_eq!(e.exception_fields["field"], "reason");
    let shown = e.to_string();
    assert!(
        shown.contains("404") && shown.contains("code 16") && shown.contains("no-such-call"),
        "{shown}"
    );
}

#[test]
fn details_and_unrecoverable_are_read() {
    let body = r#"{"code":4,"message":"UpdateCallMembers failed with error: \"user carol does not exist\"","StatusCode":400,"duration":"0.1ms","more_info":"","details":[4,17],"unrecoverable":true}"#;
    let e = ApiError::from_response("v2.video.call.update_members", &Response::new(400, body));
    assert_eq!(e.code, Some(ErrorCode::Input));
    assert_eq!(e.details, vec![serde_json::json!(4), serde_json::json!(17)]);
    assert_eq!(e.unrecoverable, Some(true));
}

#[test]
fn a_get_call_through_the_state_machine_yields_the_typed_error() {
    let config = Config::builder("key123", ApiSecret::new("secret456"))
        .base_url("http://127.0.0.1:9")
        .build()
        .unwrap();
    let get = VideoCall::new("default", "no-such-call").get();
    let mut sent = 0;
    let result = run_blocking(
        Call::new(&config, &get),
        |_| {
            sent += 1;
            Ok(Response::new(404, V2_BODY))
        },
        |_| {},
        || (0, 0.0),
    );
    assert_eq!(sent, 1, "404 is not retried");
    match result {
        Err(Error::Api(e)) => assert_eq!(e.code, Some(ErrorCode::DoesNotExist)),
        other => panic!("expected an API error, got {other:?}"),
    }
    // A 2xx answer parses into the lenient model.
    let mut call = Call::new(&config, &get);
    assert!(matches!(call.poll(), Step::Send(_)));
    call.handle(
        Ok(Response::new(
            200,
            r#"{"call":{"type":"default","id":"c","cid":"default:c","created_at":1704164645678900000},"members":[],"own_capabilities":["join-call"],"duration":"1ms"}"#,
        )),
        0,
        0.0,
    );
    match call.poll() {
        Step::Done(Ok(r)) => {
            assert_eq!(r.call.cid, "default:c");
            assert_eq!(r.own_capabilities, ["join-call"]);
        }
        other => panic!("{other:?}"),
    }
}

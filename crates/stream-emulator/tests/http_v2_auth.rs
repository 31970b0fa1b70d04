//! v2 auth: api key, server tokens in both forms, `stream-auth-type`, v2 error bodies.
mod http_v2_support;

use http_v2_support::{V2, assert_v2_error};

#[test]
fn both_server_token_forms_are_accepted() {
    let v2 = V2::start();
    let key = format!("api_key={}", v2.emu.api_key());
    let python = v2.token.clone();
    let ours = v2.signer().server_token().into_string();
    let bearer = format!("Bearer {ours}");
    for token in [&python, &ours, &bearer] {
        let (s, body) = v2.raw(
            "GET",
            "video/calltypes",
            &key,
            None,
            Some(token),
            Some("jwt"),
        );
        assert_eq!(s, 200, "{body}");
    }
}

#[test]
fn auth_failures_have_v2_bodies() {
    let v2 = V2::start();
    let key = format!("api_key={}", v2.emu.api_key());
    let t = Some(v2.token.as_str());
    assert_v2_error(
        &v2.raw("GET", "video/calltypes", "", None, t, Some("jwt")),
        401,
        2,
    );
    assert_v2_error(
        &v2.raw(
            "GET",
            "video/calltypes",
            "api_key=nope",
            None,
            t,
            Some("jwt"),
        ),
        401,
        2,
    );
    assert_v2_error(
        &v2.raw("GET", "video/calltypes", &key, None, None, Some("jwt")),
        401,
        5,
    );
    assert_v2_error(
        &v2.raw("GET", "video/calltypes", &key, None, t, None),
        401,
        5,
    );
    let other = stream_auth::Signer::new(&stream_auth::ApiSecret::new("wrong")).sign_json("{}");
    assert_v2_error(
        &v2.raw(
            "GET",
            "video/calltypes",
            &key,
            None,
            Some(other.as_str()),
            Some("jwt"),
        ),
        401,
        43,
    );
    let expired = v2.signer().sign_json(r#"{"server":true,"exp":1}"#);
    assert_v2_error(
        &v2.raw(
            "GET",
            "video/calltypes",
            &key,
            None,
            Some(expired.as_str()),
            Some("jwt"),
        ),
        401,
        40,
    );
    let user = v2.signer().user_token("alice");
    assert_v2_error(
        &v2.raw(
            "GET",
            "video/calltypes",
            &key,
            None,
            Some(user.as_str()),
            Some("jwt"),
        ),
        403,
        17,
    );
}

#[test]
fn call_types_are_the_builtins() {
    let v2 = V2::start();
    let (s, body) = v2.call("GET", "video/calltypes", "", None);
    assert_eq!(s, 200);
    let types = body["call_types"].as_object().unwrap();
    let mut names: Vec<&String> = types.keys().collect();
    names.sort();
    assert_eq!(names, ["audio_room", "default", "livestream"]);
    let (s, live) = v2.call("GET", "video/calltypes/livestream", "", None);
    assert_eq!(s, 200);
    assert_eq!(live["name"], "livestream");
    assert_eq!(live["settings"]["backstage"]["enabled"], true);
    assert!(live["created_at"].is_i64() && live["duration"].is_string());
    assert_v2_error(&v2.call("GET", "video/calltypes/nope", "", None), 404, 16);
}

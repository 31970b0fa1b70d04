//! v1 endpoints: options reach the wire, handles build what they name, invalid input is refused
//! before sending, and every response parser reads a 2xx body and names its operation when the
//! body does not fit.
use serde_json::{Map, Value, json};
use stream_core::endpoints::collections::{Collections, DeleteObject, UpdateObject, Upsert};
use stream_core::endpoints::data_privacy::{DataPrivacy, DeleteReactions};
use stream_core::endpoints::files::{Crop, DeleteFile, Images, ProcessImage, Resize, Store};
use stream_core::endpoints::personalization::{Personalization, PersonalizedFeed};
use stream_core::endpoints::reactions::{
    AddReaction, DeleteReaction, FilterReactions, Reactions, RestoreReaction, UpdateReaction,
};
use stream_core::endpoints::users::{DeleteUser, UpdateUser};
use stream_core::models::collection::CollectionEntry;
use stream_core::{ApiSecret, Config, Endpoint, Error, ErrorCode, Method, Request, Response};

fn config() -> Config {
    Config::builder("key123", ApiSecret::new("secret456"))
        .base_url("http://127.0.0.1:8000")
        .build()
        .expect("config")
}

fn req<E: Endpoint>(e: &E) -> Request {
    config().build_request(e).expect("builds")
}

fn body(r: &Request) -> Value {
    serde_json::from_slice(&r.body.as_ref().expect("a body").bytes).expect("json body")
}

fn query(r: &Request, name: &str) -> Option<String> {
    let q = r.url.split_once('?')?.1;
    q.split('&')
        .filter_map(|kv| kv.split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| stream_core::encode::decode_component(v))
}

fn extra() -> Map<String, Value> {
    let mut m = Map::new();
    m.insert("source".into(), json!("app"));
    m
}

fn parses<E: Endpoint>(e: E, ok: &str, op: &str)
where
    E::Output: std::fmt::Debug,
{
    e.parse(Response::new(200, ok.to_owned()))
        .unwrap_or_else(|err| panic!("{op}: {err}"));
    match e.parse(Response::new(200, "[1]")).unwrap_err() {
        Error::Decode(d) => assert_eq!(d.op, op),
        other => panic!("{op}: expected a decode error, got {other:?}"),
    }
}

#[test]
fn every_v1_parser_reads_its_response_and_names_itself_on_failure() {
    parses(
        UpdateObject::new("food", "cheese", extra()),
        r#"{"id":"cheese"}"#,
        "collection.update",
    );
    parses(DeleteObject::new("food", "cheese"), "", "collection.delete");
    parses(
        Upsert::new("food", [CollectionEntry::new("c")]),
        r#"{"data":{}}"#,
        "collection.upsert",
    );
    parses(
        UpdateReaction::new("r1"),
        r#"{"id":"r1"}"#,
        "reaction.update",
    );
    parses(DeleteReaction::new("r1"), "{}", "reaction.delete");
    parses(RestoreReaction::new("r1"), "{}", "reaction.restore");
    parses(
        UpdateUser::new("alice", extra()),
        r#"{"id":"alice"}"#,
        "user.update",
    );
    parses(DeleteUser::new("alice"), "{}", "user.delete");
    parses(
        DeleteFile::new(Store::Files, "http://x/f.txt"),
        "{}",
        "files.delete",
    );
    parses(
        ProcessImage::new("http://x/i.png"),
        r#"{"file":"http://x/t.png"}"#,
        "images.process",
    );
    parses(
        PersonalizedFeed::new("alice"),
        r#"{"results":[]}"#,
        "personalization.feed",
    );
    parses(
        DeleteReactions::new(["r1"]),
        "{}",
        "data_privacy.delete_reactions",
    );
}

#[test]
fn reaction_options_reach_the_wire() {
    let add = AddReaction::new("like", "act-1")
        .id("r-1")
        .target_feeds_extra_data(extra());
    let b = body(&req(&add));
    assert_eq!(b["id"], json!("r-1"));
    assert_eq!(b["target_feeds_extra_data"], json!({"source": "app"}));
    let bad = AddReaction::new("like", "act-1").id("");
    assert!(
        matches!(config().build_request(&bad), Err(Error::Build(_))),
        "a bad reaction id is refused"
    );

    let b = body(&req(
        &UpdateReaction::new("r-1").target_feeds_extra_data(extra())
    ));
    assert_eq!(b["target_feeds_extra_data"], json!({"source": "app"}));

    assert_eq!(
        Reactions.filter_reaction("r-1"),
        FilterReactions::by_reaction("r-1")
    );
    assert_eq!(
        Reactions.filter_user("bob"),
        FilterReactions::by_user("bob")
    );
    let f = FilterReactions::by_reaction("r-1")
        .id_lte("r-9")
        .id_gte("r-0")
        .with_own_children(true)
        .with_own_user_id("alice");
    let r = req(&f);
    assert!(
        r.path().contains("/reaction/reaction_id/r-1/"),
        "{}",
        r.path()
    );
    assert_eq!(query(&r, "id_lte").as_deref(), Some("r-9"));
    assert_eq!(query(&r, "id_gte").as_deref(), Some("r-0"));
    assert_eq!(query(&r, "with_own_children").as_deref(), Some("true"));
    assert_eq!(query(&r, "user_id").as_deref(), Some("alice"));
    assert_eq!(query(&r, "with_own_user_id"), None);

    let r = req(&FilterReactions::by_activity("act-1").with_activity_data(true));
    assert_eq!(query(&r, "with_activity_data").as_deref(), Some("true"));
    let err = config()
        .build_request(&FilterReactions::by_reaction("r-1").with_activity_data(true))
        .unwrap_err();
    assert!(
        err.to_string().contains("activity_id"),
        "activity data needs an activity lookup: {err}"
    );
}

#[test]
fn image_processing_sends_resize_crop_and_size() {
    let thumb = Images.thumbnail("http://x/i.png", 50, 40);
    let r = req(&thumb);
    assert_eq!(query(&r, "resize").as_deref(), Some("clip"));
    assert_eq!(query(&r, "crop").as_deref(), Some("center"));
    assert_eq!(
        (query(&r, "w").as_deref(), query(&r, "h").as_deref()),
        (Some("50"), Some("40"))
    );
    for (resize, name) in [
        (Resize::Scale, "scale"),
        (Resize::Fill, "fill"),
        (Resize::Other("pad".into()), "pad"),
    ] {
        let r = req(&ProcessImage::new("http://x/i.png").resize(resize));
        assert_eq!(query(&r, "resize").as_deref(), Some(name));
    }
    let r = req(&ProcessImage::new("http://x/i.png").crop([Crop::Bottom, Crop::Left, Crop::Right]));
    assert_eq!(query(&r, "crop").as_deref(), Some("bottom,left,right"));
}

#[test]
fn handles_build_what_they_name() {
    let entries = [CollectionEntry::new("c")];
    assert_eq!(
        Collections.upsert("food", entries.clone()),
        Upsert::new("food", entries)
    );
    assert_eq!(
        DataPrivacy.delete_reactions(["r1"]),
        DeleteReactions::new(["r1"])
    );
    assert_eq!(
        Personalization.feed("alice"),
        PersonalizedFeed::new("alice")
    );
    let r = req(&DataPrivacy.delete_reactions(["r1", "r2"]));
    assert_eq!(
        (r.method, r.path()),
        (Method::Post, "/api/v1.0/data_privacy/delete_reactions/")
    );
    assert_eq!(body(&r), json!({"ids": ["r1", "r2"]}));
    let bad = DeleteReactions::new(["ok", "bad\nid"]);
    assert!(
        config().build_request(&bad).is_err(),
        "invalid reaction ids are refused"
    );
}

#[test]
fn personalized_feed_sends_offset_and_endpoint() {
    let r = req(&PersonalizedFeed::new("alice")
        .offset(20)
        .endpoint("custom_feed"));
    assert_eq!(query(&r, "offset").as_deref(), Some("20"));
    assert!(r.url.contains("custom_feed"), "{}", r.url);
}

#[test]
fn every_documented_stream_error_code_is_recognised() {
    for code in [1, 5, 7, 10, 11, 12, 13, 14, 22] {
        assert!(
            !matches!(ErrorCode::from_code(code), ErrorCode::Unknown(_)),
            "code {code}"
        );
    }
    assert_eq!(ErrorCode::from_code(1), ErrorCode::Api);
    assert_eq!(ErrorCode::from_code(22), ErrorCode::Conflict);
    assert!(matches!(ErrorCode::from_code(9999), ErrorCode::Unknown(_)));
}

#[test]
fn field_errors_sent_as_a_list_are_all_kept() {
    let resp = Response::new(
        400,
        r#"{"code":4,"detail":"bad","exception":"InputException","exception_fields":[{"verb":["required"]},{"actor":["too long"]},"junk"]}"#,
    );
    let err = stream_core::ApiError::from_response("feed.add", &resp);
    assert_eq!(err.exception_fields.len(), 2, "{:?}", err.exception_fields);
    assert!(
        err.exception_fields.contains_key("verb") && err.exception_fields.contains_key("actor")
    );
    let e: Error = err.into();
    assert!(e.api().is_some());
    let t: Error =
        stream_core::TransportError::new(stream_core::TransportErrorKind::Connect, "refused")
            .into();
    assert!(t.api().is_none(), "a transport error carries no API error");
}

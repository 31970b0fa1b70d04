//! Parse tests: realistic responses of the reactions, collections, users, files, OG,
//! personalization, audit log and data privacy endpoints decode into our models, custom data
//! round-trips exactly, and pagination follows the cursors.
use serde_json::Value;
use stream_core::endpoints::audit_logs::QueryAuditLogs;
use stream_core::endpoints::collections::Collections;
use stream_core::endpoints::data_privacy::ExportIds;
use stream_core::endpoints::files::Images;
use stream_core::endpoints::og::og;
use stream_core::endpoints::personalization::Personalization;
use stream_core::endpoints::reactions::Reactions;
use stream_core::endpoints::users::{GetUsers, Users};
use stream_core::{Endpoint, Error, Paginated, Response};

fn fixture(name: &str) -> (Response, Value) {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let json = serde_json::from_str(&text).unwrap();
    (Response::new(200, text.into_bytes()), json)
}

#[test]
fn reaction() {
    let (resp, json) = fixture("others_reaction.json");
    let r = Reactions.get("x").parse(resp).unwrap();
    assert_eq!(r.kind, "like");
    assert_eq!(
        Value::Object(r.data.clone()),
        json["data"],
        "custom data round-trips exactly"
    );
    assert_eq!(r.children_count("comment"), 1);
    let children = r.latest_children_of("comment");
    assert_eq!(
        children[0].parent.as_deref(),
        Some("aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee")
    );
    assert_eq!(r.user.as_ref().unwrap()["id"], "alice");
    assert_eq!(
        r.extra["moderation"]["status"], "ok",
        "unknown fields are kept"
    );
    assert_eq!(
        serde_json::to_value(&r).unwrap(),
        json,
        "the whole reaction round-trips"
    );
}

#[test]
fn reactions_page_and_next() {
    let (resp, _) = fixture("others_reactions_page.json");
    let first = Reactions
        .filter_activity("11111111-2222-3333-4444-555555555555")
        .kind("like")
        .limit(2);
    let page = first.parse(resp).unwrap();
    assert_eq!(page.results.len(), 2);
    assert_eq!(
        page.results[1].deleted_at.as_deref(),
        Some("2024-01-03T00:00:00Z")
    );
    assert_eq!(page.activity.as_ref().unwrap()["verb"], "post");
    let next = first.next_page(&page).expect("a next page");
    let spec = next
        .spec(
            &stream_core::Config::builder("k", stream_core::ApiSecret::new("s"))
                .build()
                .unwrap(),
        )
        .unwrap();
    assert!(spec.query.contains(&("id_lt", "r1".to_owned())));
}

#[test]
fn collections() {
    let (resp, json) = fixture("others_collection_object.json");
    let o = Collections.get("food", "pizza-1").parse(resp).unwrap();
    assert_eq!(o.foreign_id.as_deref(), Some("food:pizza-1"));
    assert_eq!(Value::Object(o.data), json["data"]);
    let (resp, _) = fixture("others_collection_select.json");
    let s = Collections
        .select("food", ["burger-1", "taco-1"])
        .parse(resp)
        .unwrap();
    let ids: Vec<&str> = s.objects().iter().map(|o| o.id.as_str()).collect();
    assert_eq!(ids, ["burger-1", "taco-1"]);
}

#[test]
fn users() {
    let (resp, json) = fixture("others_user.json");
    let u = Users
        .get("alice")
        .with_follow_counts(true)
        .parse(resp)
        .unwrap();
    assert_eq!((u.followers_count, u.following_count), (Some(12), Some(3)));
    assert_eq!(Value::Object(u.data), json["data"]);
    let (resp, _) = fixture("others_users_get_many.json");
    let list = GetUsers::new(["u1", "u2"]).parse(resp).unwrap();
    assert_eq!(list.users[0].id, "u1");
}

#[test]
fn upload_and_og() {
    let (resp, _) = fixture("others_upload.json");
    let up = Images.upload("image.png", vec![1_u8]).parse(resp).unwrap();
    assert!(up.file.ends_with("image.png"));
    let (resp, _) = fixture("others_og.json");
    let o = og("https://example.com/page?x=1&y=2").parse(resp).unwrap();
    assert_eq!(o.title.as_deref(), Some("Example page"));
    assert_eq!(o.kind.as_deref(), Some("website"));
    assert_eq!(o.images[0].width, Some(1200));
    assert_eq!(o.images[0].media_url(), Some("https://example.com/og.png"));
    assert_eq!(o.videos[0].mime_type.as_deref(), Some("video/mp4"));
    assert_eq!(o.audios.len(), 1);
    assert_eq!(o.extra["site"], "Example");
}

#[test]
fn personalization() {
    let (resp, _) = fixture("others_follow_recommendations.json");
    let p = Personalization
        .follow_recommendations("alice")
        .parse(resp)
        .unwrap();
    assert_eq!(p.results[0].foreign_id.as_deref(), Some("user:bob"));
    assert_eq!(p.results[0].extra["reason"], "followed_by_friends");
    assert_eq!((p.limit, p.offset), (Some(10), Some(5)));
}

#[test]
fn audit_logs_and_export() {
    let (resp, _) = fixture("others_audit_logs.json");
    let first = QueryAuditLogs::new().limit(1);
    let page = first.parse(resp).unwrap();
    assert_eq!(page.audit_logs[0].entity_type, "activity");
    assert_eq!(page.audit_logs[0].custom["ip"], "127.0.0.1");
    assert!(first.next_page(&page).is_some());
    let (resp, _) = fixture("others_export_ids.json");
    let e = ExportIds::new("alice").parse(resp).unwrap();
    assert_eq!(e.export.activity_ids, ["a1", "a2"]);
}

#[test]
fn wrong_shapes_are_decode_errors_with_a_path() {
    let err = Users
        .get("alice")
        .parse(Response::new(
            200,
            r#"{"id":"alice","followers_count":"many"}"#,
        ))
        .unwrap_err();
    match err {
        Error::Decode(d) => assert_eq!(d.path, "followers_count"),
        other => panic!("{other:?}"),
    }
    // An empty body is an empty object: every field defaults.
    let empty = Reactions.get("x").parse(Response::new(200, "")).unwrap();
    assert!(empty.id.is_empty());
}

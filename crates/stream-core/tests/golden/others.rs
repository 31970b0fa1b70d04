//! Reactions, collections, users, files/images, OG, personalization, analytics, audit logs, data
//! privacy and moderation: every recorded op, built by our endpoints and compared with the
//! official clients' requests (method, path, query, body, token scope).
//!
//! Deliberate differences from the recordings, each checked below:
//! - booleans `true`/`false` (JS) where Python sends `True`/`False`;
//! - no body on DELETE and on the body-less restore PUT (JS) where Python sends `{}`;
//! - JSON bodies omit absent optional fields (JS) where Python sends `null`s
//!   (`target_feeds_extra_data`, and `target_feeds: []` for child reactions);
//! - reaction delete sends `soft=true` only for soft deletes (JS); Python always sends `soft`;
//! - reaction filter does not repeat `activity_id=` in the query (a Python helper leak);
//! - collections delete_many sends `ids=a,b` (JS/Go) where Python repeats `ids=`;
//! - tokens are Python's narrow per-resource scopes; for JS-only ops we use the narrowest resource
//!   the service names (`files`, `users`, `audit_logs`, `data_privacy`, `moderation`), which JS's
//!   `*/*/*` covers.
use serde_json::{Map, Value, json};
use stream_core::endpoints::analytics::{TrackEngagements, TrackImpressions, redirect_url};
use stream_core::endpoints::audit_logs::QueryAuditLogs;
use stream_core::endpoints::collections::{Collections, Upsert};
use stream_core::endpoints::data_privacy::DeleteActivities;
use stream_core::endpoints::files::{Crop, Files, Images, Resize};
use stream_core::endpoints::moderation::Flag;
use stream_core::endpoints::og::og;
use stream_core::endpoints::personalization::{Personalization, PersonalizedFeed};
use stream_core::endpoints::reactions::Reactions;
use stream_core::endpoints::users::{AddUsers, DeleteUsers, GetUsers, Users};
use stream_core::models::analytics::{Engagement, Feature, Impression, TrackedEvent, UserData};
use stream_core::models::collection::CollectionEntry;
use stream_core::models::user::NewUser;
use stream_core::{ApiSecret, BuildError, Config, Endpoint, Error, FeedId, FeedSlug, Request};

use crate::support::{
    self, Check, Recorded, assert_matches, assert_matches_with, assert_scope_like_python,
};

const AID: &str = "11111111-2222-3333-4444-555555555555";
const RID: &str = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee";

fn build(e: &impl Endpoint) -> Request {
    support::config().build_request(e).expect("request builds")
}

fn obj(v: Value) -> Map<String, Value> {
    match v {
        Value::Object(m) => m,
        _ => panic!("not an object"),
    }
}

fn one(records: Vec<&'static Recorded>, op: &str) -> &'static Recorded {
    assert_eq!(records.len(), 1, "{op}: expected one recorded request");
    records[0]
}

/// Compares with both clients: JS exactly (body included), Python as `check` says.
fn both(req: &Request, op: &str, py: &Check<'_>) {
    assert_matches(req, one(support::js(op), op), &[], true);
    assert_matches_with(req, one(support::python(op), op), py);
    assert_scope_like_python(req, op);
}

/// A JS-only op: JS's request exactly (body included); our token must be covered by JS's and
/// name `resource`.
fn js_only(req: &Request, rec: &Recorded, resource: &str) {
    assert_matches(req, rec, &[], true);
    let mine = support::scope_claims(req);
    let theirs = rec.claims.clone().unwrap_or_default();
    assert!(
        support::grants_at_least(&theirs, &mine),
        "{}: js's token covers ours",
        rec.op
    );
    assert_eq!(mine["resource"], resource, "{}: resource", rec.op);
    assert_eq!(mine["action"], "*");
    assert_eq!(mine["feed_id"], "*");
}

/// The recorded body without `null` members (Python sends `null` for absent optionals).
fn without_nulls(v: &Value) -> Value {
    match v {
        Value::Object(m) => Value::Object(
            m.iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| (k.clone(), without_nulls(v)))
                .collect(),
        ),
        other => other.clone(),
    }
}

#[test]
fn reaction_add() {
    let req = build(
        &Reactions
            .add("like", AID)
            .user_id("alice")
            .data(obj(json!({"text": "nice"})))
            .target_feeds([FeedId::parse("notification:bob").unwrap()]),
    );
    let py = one(support::python("reaction_add"), "reaction_add");
    both(
        &req,
        "reaction_add",
        &Check {
            // Python's `"target_feeds_extra_data": null` is the only difference.
            body: Some(py.body.as_ref().map(without_nulls)),
            ..Check::default()
        },
    );
}

#[test]
fn reaction_add_child() {
    let req = build(
        &Reactions
            .add_child("comment", RID)
            .user_id("bob")
            .data(obj(json!({"text": "reply"}))),
    );
    // Python: `"target_feeds": null` where we (and JS) send `[]`; extra data null omitted.
    let mut expected = without_nulls(
        one(support::python("reaction_add_child"), "x")
            .body
            .as_ref()
            .unwrap(),
    );
    expected["target_feeds"] = json!([]);
    both(
        &req,
        "reaction_add_child",
        &Check {
            body: Some(Some(expected)),
            ..Check::default()
        },
    );
}

#[test]
fn reaction_get_update() {
    let get = build(&Reactions.get(RID));
    both(
        &get,
        "reaction_get",
        &Check {
            body: Some(None),
            ..Check::default()
        },
    );
    let update = build(
        &Reactions
            .update(RID)
            .data(obj(json!({"text": "edited"})))
            .target_feeds([FeedId::parse("notification:bob").unwrap()]),
    );
    let py = one(support::python("reaction_update"), "reaction_update");
    both(
        &update,
        "reaction_update",
        &Check {
            body: Some(py.body.clone()),
            ..Check::default()
        },
    );
}

#[test]
fn reaction_delete_hard_soft_restore() {
    let hard = build(&Reactions.delete(RID));
    // Python sends `soft=False` and a `{}` body for a hard delete; we send neither (like JS).
    both(
        &hard,
        "reaction_delete",
        &Check {
            skip_query: &["soft"],
            body: Some(None),
            ..Check::default()
        },
    );
    assert!(!support::ours(&hard).query.contains_key("soft"));

    let soft = build(&Reactions.delete(RID).soft(true));
    both(
        &soft,
        "extra_reaction_delete_soft",
        &Check {
            py_bools: true,
            body: Some(None),
            ..Check::default()
        },
    );

    let restore = build(&Reactions.restore(RID));
    // Python sends `{}`, JS an empty form-encoded body: we send no body at all.
    both(
        &restore,
        "extra_reaction_restore",
        &Check {
            body: Some(None),
            ..Check::default()
        },
    );
    assert!(restore.body.is_none() && restore.header("Content-Type").is_none());
}

#[test]
fn reaction_filter() {
    let req = build(
        &Reactions
            .filter_activity(AID)
            .kind("like")
            .limit(5)
            .id_lt("ffffffff-bbbb-cccc-dddd-eeeeeeeeeeee"),
    );
    // Python also repeats the lookup field in the query (`activity_id=`), a leak of its helper.
    both(
        &req,
        "reaction_filter",
        &Check {
            skip_query: &["activity_id"],
            body: Some(None),
            ..Check::default()
        },
    );
}

#[test]
fn collection_add() {
    let add = Collections
        .add("food", obj(json!({"name": "pizza", "rating": 5})))
        .id("pizza-1");
    let with_user = build(&add.clone().user_id("alice"));
    let py = one(support::python("collection_add"), "collection_add");
    assert_matches(&with_user, py, &[], true);
    assert_scope_like_python(&with_user, "collection_add");
    // JS cannot send `user_id`; without it we send exactly what JS does.
    let without_user = build(&add);
    assert_matches(
        &without_user,
        one(support::js("collection_add"), "collection_add"),
        &[],
        true,
    );
}

#[test]
fn collection_get_update_delete() {
    let get = build(&Collections.get("food", "pizza-1"));
    both(
        &get,
        "collection_get",
        &Check {
            body: Some(None),
            ..Check::default()
        },
    );
    let update = build(&Collections.update(
        "food",
        "pizza-1",
        obj(json!({"name": "pizza", "rating": 4})),
    ));
    let py = one(support::python("collection_update"), "x");
    both(
        &update,
        "collection_update",
        &Check {
            body: Some(py.body.clone()),
            ..Check::default()
        },
    );
    let delete = build(&Collections.delete("food", "pizza-1"));
    both(
        &delete,
        "collection_delete",
        &Check {
            body: Some(None),
            ..Check::default()
        },
    );
}

#[test]
fn collection_upsert_select_delete_many() {
    let upsert = build(&Upsert::new(
        "food",
        [
            CollectionEntry::new("burger-1").field("name", "burger"),
            CollectionEntry::new("taco-1").field("name", "taco"),
        ],
    ));
    let py = one(support::python("collection_upsert"), "x");
    both(
        &upsert,
        "collection_upsert",
        &Check {
            body: Some(py.body.clone()),
            ..Check::default()
        },
    );

    let select = build(&Collections.select("food", ["burger-1", "taco-1"]));
    both(
        &select,
        "collection_select",
        &Check {
            body: Some(None),
            ..Check::default()
        },
    );

    let delete = build(&Collections.delete_many("food", ["burger-1", "taco-1"]));
    both(
        &delete,
        "collection_delete_many",
        &Check {
            skip_query: &["ids"],
            body: Some(None),
            ..Check::default()
        },
    );
    // Python repeats `ids=`; ours is one comma-joined value holding the same ids.
    let ours = support::ours(&delete);
    let py = one(support::python("collection_delete_many"), "x");
    let mut ids: Vec<String> = ours.query["ids"][0].split(',').map(str::to_owned).collect();
    ids.sort();
    assert_eq!(ids, py.query["ids"]);
}

#[test]
fn users_single() {
    let add = build(
        &Users
            .add("alice")
            .data(obj(json!({"name": "Alice"})))
            .get_or_create(true),
    );
    let py = one(support::python("user_add_get_or_create"), "x");
    both(
        &add,
        "user_add_get_or_create",
        &Check {
            py_bools: true,
            body: Some(py.body.clone()),
            ..Check::default()
        },
    );
    let get = build(&Users.get("alice").with_follow_counts(true));
    both(
        &get,
        "user_get_with_follow_counts",
        &Check {
            py_bools: true,
            body: Some(None),
            ..Check::default()
        },
    );
    let update = build(&Users.update("alice", obj(json!({"name": "Alice B"}))));
    let py = one(support::python("user_update"), "x");
    both(
        &update,
        "user_update",
        &Check {
            body: Some(py.body.clone()),
            ..Check::default()
        },
    );
    let delete = build(&Users.delete("alice"));
    both(
        &delete,
        "user_delete",
        &Check {
            body: Some(None),
            ..Check::default()
        },
    );
}

#[test]
fn users_batch() {
    let recs = support::js("extra_batch_users");
    assert_eq!(recs.len(), 3);
    let add = build(
        &AddUsers::new([NewUser::new("u1").data(obj(json!({"name": "U1"})))])
            .override_existing(true),
    );
    js_only(&add, recs[0], "users");
    js_only(&build(&GetUsers::new(["u1", "u2"])), recs[1], "users");
    js_only(&build(&DeleteUsers::new(["u1", "u2"])), recs[2], "users");
}

/// Reads our multipart body: (field, filename, content type, content length).
fn multipart_part(req: &Request) -> (String, String, String, usize) {
    let ct = req.header("Content-Type").expect("content type");
    let boundary = ct
        .strip_prefix("multipart/form-data; boundary=")
        .expect("multipart");
    let body = &req.body.as_ref().expect("body").bytes;
    let text = String::from_utf8_lossy(body);
    let head_end = text.find("\r\n\r\n").expect("part head");
    let head = &text[..head_end];
    assert!(head.starts_with(&format!("--{boundary}\r\n")));
    let tail = format!("\r\n--{boundary}--\r\n");
    assert!(text.ends_with(&tail));
    let disposition = head
        .lines()
        .find_map(|l| l.strip_prefix("Content-Disposition: "))
        .unwrap();
    let name = disposition
        .split("name=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap();
    let file = disposition
        .split("filename=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap();
    let part_ct = head
        .lines()
        .find_map(|l| l.strip_prefix("Content-Type: "))
        .unwrap();
    let len = body.len() - head_end - 4 - tail.len();
    (name.into(), file.into(), part_ct.into(), len)
}

fn assert_upload(req: &Request, op: &str) {
    let rec = one(support::js(op), op);
    assert_matches(req, rec, &[], false);
    let part = &rec.body.as_ref().unwrap()["parts"][0];
    let (name, file, ct, len) = multipart_part(req);
    assert_eq!(
        json!([name, file, ct, len]),
        json!([
            part["name"],
            part["filename"],
            part["content_type"],
            part["size"]
        ]),
        "{op}"
    );
    js_only_scope(req, rec, "files");
}

fn js_only_scope(req: &Request, rec: &Recorded, resource: &str) {
    let mine = support::scope_claims(req);
    assert!(support::grants_at_least(
        &rec.claims.clone().unwrap_or_default(),
        &mine
    ));
    assert_eq!(mine["resource"], resource);
}

#[test]
fn files_and_images() {
    assert_upload(
        &build(&Files.upload("hello.txt", b"hello world!".to_vec())),
        "file_upload",
    );
    assert_upload(
        &build(&Images.upload("image.png", vec![0_u8; 70])),
        "image_upload",
    );
    let url = "http://127.0.0.1/file.png";
    js_only(
        &build(&Files.delete(url)),
        one(support::js("file_delete"), "file_delete"),
        "files",
    );
    js_only(
        &build(&Images.delete(url)),
        one(support::js("image_delete"), "image_delete"),
        "files",
    );
    let process = Images
        .process(url)
        .resize(Resize::Crop)
        .crop([Crop::Top])
        .size(100, 50);
    js_only(
        &build(&process),
        one(support::js("image_process"), "image_process"),
        "files",
    );
}

#[test]
fn og_scrape() {
    let req = build(&og("https://example.com/page?x=1&y=2"));
    both(
        &req,
        "og",
        &Check {
            body: Some(None),
            ..Check::default()
        },
    );
}

#[test]
fn personalization() {
    let req = build(
        &Personalization
            .follow_recommendations("alice")
            .limit(10)
            .offset(5),
    );
    both(
        &req,
        "personalization_get",
        &Check {
            body: Some(None),
            ..Check::default()
        },
    );

    let feed = build(
        &PersonalizedFeed::new("alice")
            .feed_slug(FeedSlug::new("timeline").unwrap())
            .limit(5),
    );
    let rec = one(
        support::js("extra_personalized_feed"),
        "extra_personalized_feed",
    );
    // No narrower resource is known for the API service's personalized feed: JS's `*/*/*`.
    js_only(&feed, rec, "*");
}

#[test]
fn analytics_tracking() {
    let engagements = build(&TrackEngagements::new([Engagement::new(
        "click", "1", "alice",
    )
    .feature(Feature::new("topic", "js"))]));
    let py = one(support::python("extra_track_engagements"), "x");
    assert_matches(&engagements, py, &[], true);
    assert_scope_like_python(&engagements, "extra_track_engagements");

    let impressions = build(&TrackImpressions::new([Impression::new(
        ["1", "2"],
        UserData::WithAlias {
            id: "alice".into(),
            alias: "Alice".into(),
        },
    )
    .feature(Feature::new("topic", "js"))]));
    let py = one(support::python("extra_track_impressions"), "x");
    assert_matches(&impressions, py, &[], true);
    assert_scope_like_python(&impressions, "extra_track_impressions");
}

/// The recorded redirect URL note of `file`.
fn redirect_note(file: &str) -> Value {
    let path = format!(
        "{}/../../tests/fixtures/golden/{file}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .find(|v| v["type"] == "note" && v["op"] == "create_redirect_url")
        .expect("redirect note")
}

#[test]
fn analytics_redirect_url() {
    // The recordings used the production redirect base.
    let config = Config::builder("key123", ApiSecret::new("secret456"))
        .build()
        .unwrap();
    let events: Vec<TrackedEvent> = vec![
        Engagement::new("click", "msg:1", "alice")
            .feed_id("user:alice")
            .location("email")
            .position(1)
            .into(),
        Impression::new(["msg:1", "msg:2"], "alice")
            .feed_id("user:alice")
            .location("email")
            .into(),
    ];
    let url = redirect_url(
        &config,
        "https://example.com/landing?a=1&b=two words",
        "alice",
        &events,
    )
    .unwrap();
    let py = redirect_note("python.jsonl");
    let py_url = py["redirect"]["url"].as_str().unwrap();
    // Byte-identical up to `events=`: base, parameter order, form encoding and Python's token.
    let split = |u: &str| {
        u.split_once("&events=")
            .map(|(a, b)| (a.to_owned(), b.to_owned()))
            .unwrap()
    };
    let ((ours_head, ours_events), (py_head, py_events)) = (split(&url), split(py_url));
    assert_eq!(ours_head, py_head);
    // Events: the same JSON values (Python's `json.dumps` adds spaces after separators).
    let decode =
        |s: &str| serde_json::from_str::<Value>(&stream_core::encode::decode_component(s)).unwrap();
    assert_eq!(decode(&ours_events), decode(&py_events));
    // JS decodes to the same events too.
    let js = redirect_note("js.jsonl");
    let js_events: Value =
        serde_json::from_str(js["redirect"]["query"]["events"][0].as_str().unwrap()).unwrap();
    assert_eq!(decode(&ours_events), js_events);
}

#[test]
fn admin_ops() {
    let logs = build(&QueryAuditLogs::new().entity("activity", AID).limit(5));
    js_only(
        &logs,
        one(support::js("extra_audit_logs"), "x"),
        "audit_logs",
    );

    let delete = build(&DeleteActivities::new().activity(
        AID,
        [
            FeedId::parse("user:alice").unwrap(),
            FeedId::parse("timeline:alice").unwrap(),
        ],
    ));
    js_only(
        &delete,
        one(support::js("extra_delete_activities"), "x"),
        "data_privacy",
    );

    let flag = build(&Flag::user("bob").reported_by("alice").reason("spam"));
    // Path without trailing slash, exactly as JS sends it.
    js_only(
        &flag,
        one(support::js("extra_flag_user"), "x"),
        "moderation",
    );
}

#[test]
fn client_side_user_token() {
    let config = support::user_config();
    let user_token = match config.credentials() {
        stream_core::Credentials::UserToken { token, .. } => token.as_str().to_owned(),
        _ => unreachable!(),
    };
    // Allowed with a user token: the token itself is sent.
    let allowed: Vec<Result<Request, Error>> = vec![
        config.build_request(&Reactions.add("like", AID)),
        config.build_request(&Collections.get("food", "pizza-1")),
        config.build_request(&Users.get("alice")),
        config.build_request(&Users.update("alice", Map::new())),
        config.build_request(&Files.upload("a.txt", b"x".to_vec())),
        config.build_request(&og("https://example.com")),
        config.build_request(&PersonalizedFeed::new("alice")),
    ];
    for r in allowed {
        assert_eq!(
            r.unwrap().header("Authorization"),
            Some(user_token.as_str())
        );
    }
    // Server-side only.
    let refused: Vec<Result<Request, Error>> = vec![
        config.build_request(&GetUsers::new(["u1"])),
        config.build_request(&Users.delete("alice")),
        config.build_request(&Collections.select("food", ["a"])),
        config.build_request(&Personalization.follow_recommendations("alice")),
        config.build_request(&QueryAuditLogs::new()),
        config.build_request(&Flag::user("bob")),
        config.build_request(&TrackEngagements::new([Engagement::new(
            "click", "1", "alice",
        )])),
    ];
    for r in refused {
        assert!(
            matches!(r, Err(Error::Build(BuildError::NeedsSecret { .. }))),
            "{r:?}"
        );
    }
}

//! Feeds, follows and activities: every recorded op, built by our endpoints and compared with
//! the official clients' requests (method, path, query, body, token scope).
//!
//! Deliberate differences from the recordings, each checked below:
//! - booleans `true`/`false` (JS) where Python sends `True`/`False`;
//! - follow paths `follows/` (Python) where JS uses `following/`;
//! - no `target_token` in the follow body and bare `to` targets (JS) where Python embeds tokens;
//! - times `2024-01-02T03:04:05.678900` (Python) where JS's `Date` gives `…05.678Z`;
//! - no body on DELETE (JS) where Python sends `{}`;
//! - Python's default `filter=` on followers is not sent;
//! - `keep_history=1` (JS) where Python sends `True`.
use serde_json::{Value, json};
use stream_core::endpoints::activities::{
    ActivityPartialUpdate, GetActivities, UpdateActivities, UpdateToTargets,
};
use stream_core::endpoints::batch::{AddToMany, FollowMany, UnfollowMany};
use stream_core::endpoints::feed::FeedRef;
use stream_core::endpoints::follow::FollowStats;
use stream_core::models::activity::{ActivityChange, NewActivity};
use stream_core::models::follow::{FollowRelation, UnfollowRelation};
use stream_core::models::time::Timestamp;
use stream_core::{Endpoint, FeedId, Request};

use crate::support::{self, Check, assert_matches_with, assert_scope_like_python};

const AID: &str = "11111111-2222-3333-4444-555555555555";
const AID2: &str = "66666666-7777-8888-9999-000000000000";
const TIME: &str = "2024-01-02T03:04:05.678900";

fn t() -> Timestamp {
    // Built from Unix time, so the test also checks we format times exactly as Python does.
    let ts = Timestamp::from_unix(1_704_164_645, 678_900_000);
    assert_eq!(ts.as_str(), TIME);
    ts
}

fn fid(s: &str) -> FeedId {
    FeedId::parse(s).unwrap()
}

fn feed(s: &str) -> FeedRef {
    FeedRef::from_id(fid(s))
}

fn build<E: Endpoint>(e: &E) -> Request {
    support::config().build_request(e).unwrap()
}

/// JS's `Date` → `…05.678Z`; we send Python's (and the server's) `…05.678900`.
fn js_times_to_ours(v: &Value) -> Value {
    match v {
        Value::String(s) if s == "2024-01-02T03:04:05.678Z" => Value::String(TIME.to_owned()),
        Value::Array(a) => Value::Array(a.iter().map(js_times_to_ours).collect()),
        Value::Object(m) => Value::Object(
            m.iter()
                .map(|(k, v)| (k.clone(), js_times_to_ours(v)))
                .collect(),
        ),
        other => other.clone(),
    }
}

/// Compares with every recording of `op`: Python (booleans normalised), then JS; and the token
/// scope with Python's.
fn check_both(op: &str, req: &Request, py: Check<'_>, js: Check<'_>) {
    let (p, j) = (support::python(op), support::js(op));
    assert!(!p.is_empty() || !j.is_empty(), "{op}: no recording");
    let py = Check {
        py_bools: true,
        ..py
    };
    for rec in p {
        assert_matches_with(req, rec, &py);
    }
    for rec in j {
        assert_matches_with(req, rec, &js);
    }
    assert_scope_like_python(req, op);
}

/// The recorded body of `op` for `client`.
fn rec_body(op: &str, client: &str) -> Value {
    let recs = if client == "python" {
        support::python(op)
    } else {
        support::js(op)
    };
    recs[0].body.clone().expect("recorded body")
}

/// Both recordings' bodies agree once JS times are read as ours: expect that body.
fn same_body(op: &str) -> Option<Option<Value>> {
    Some(Some(js_times_to_ours(&rec_body(op, "js"))))
}

#[test]
fn feed_reads() {
    let alice = feed("user:alice");
    let cases = [
        ("feed_get_limit_offset", alice.get().limit(5).offset(10)),
        ("feed_get_id_lt", alice.get().limit(5).id_lt(AID)),
        (
            "feed_get_ranking",
            alice.get().limit(5).ranking("popularity"),
        ),
        (
            "feed_get_enriched_reactions",
            alice
                .get()
                .limit(5)
                .with_recent_reactions(true)
                .with_own_reactions(true)
                .with_reaction_counts(true)
                .recent_reactions_limit(5),
        ),
    ];
    for (op, read) in cases {
        let req = build(&read);
        check_both(
            op,
            &req,
            Check {
                body: Some(None),
                ..Check::default()
            },
            Check {
                body: Some(None),
                ..Check::default()
            },
        );
    }
}

#[test]
fn notification_read_marks_groups() {
    let read = feed("notification:alice")
        .get()
        .grouped()
        .limit(5)
        .mark_seen([AID, AID2])
        .mark_read(true);
    check_both(
        "extra_feed_get_mark_seen_list",
        &build(&read),
        Check::default(),
        Check::default(),
    );
}

#[test]
fn client_side_read_goes_through_enrich_with_the_user_token() {
    let req = support::user_config()
        .build_request(&feed("user:alice").get().limit(5))
        .unwrap();
    let recs = support::js("client_side_feed_get");
    assert_eq!(recs.len(), 1);
    assert_matches_with(
        &req,
        recs[0],
        &Check {
            body: Some(None),
            ..Check::default()
        },
    );
    assert_eq!(Some(support::scope_claims(&req)), recs[0].claims.clone());
}

#[test]
fn read_write_token_read_is_covered_by_our_narrower_scope() {
    // JS read with the `*/read/useralice` feed token; we mint `feed/read/useralice`.
    let req = build(&feed("user:alice").get().limit(5));
    let recs = support::js("extra_readwrite_token_feed_get");
    assert_matches_with(&req, recs[0], &Check::default());
    let theirs = recs[0].claims.clone().unwrap();
    let mine = support::scope_claims(&req);
    assert!(support::grants_at_least(&theirs, &mine));
    assert_eq!(mine["resource"], "feed");
    assert_eq!(mine["action"], "read");
}

#[test]
fn activity_detail_is_an_enriched_single_item_read() {
    let req = build(
        &feed("user:alice")
            .get_activity_detail(AID)
            .with_reaction_counts(true),
    );
    let recs = support::js("extra_get_activity_detail");
    assert_matches_with(
        &req,
        recs[0],
        &Check {
            body: Some(None),
            ..Check::default()
        },
    );
    let claims = support::scope_claims(&req);
    assert_eq!(
        claims,
        json!({"action": "read", "resource": "feed", "feed_id": "useralice"})
            .as_object()
            .unwrap()
            .clone()
    );
}

#[test]
fn add_activities() {
    let alice = feed("user:alice");
    let simple = build(&alice.add_activity(NewActivity::new("user:alice", "post", "post:1")));
    check_both(
        "add_activity_simple",
        &simple,
        Check {
            body: same_body("add_activity_simple"),
            ..Check::default()
        },
        Check {
            body: same_body("add_activity_simple"),
            ..Check::default()
        },
    );

    let complex = NewActivity::new("user:alice", "tweet", "tweet:1")
        .foreign_id("tweet:1")
        .time(t())
        .to([fid("user:bob"), fid("notification:carol")])
        .custom("message", "h\u{e9}llo \u{1f30d}")
        .custom("score", 4.5)
        .custom("count", 3)
        .custom("flag", true)
        .custom("nothing", Value::Null)
        .custom("tags", json!(["a", "b"]))
        .custom("nested", json!({"a": {"b": [1, 2, {"c": "d"}]}}));
    let req = build(&alice.add_activity(complex));
    // Python's `to` entries are `"user:bob <token>"`; we send JS's bare ids.
    let mut py_body = rec_body("add_activity_complex", "python");
    for entry in py_body["to"].as_array_mut().unwrap() {
        let bare = entry
            .as_str()
            .unwrap()
            .split(' ')
            .next()
            .unwrap()
            .to_owned();
        *entry = Value::String(bare);
    }
    check_both(
        "add_activity_complex",
        &req,
        Check {
            body: Some(Some(py_body)),
            ..Check::default()
        },
        Check {
            body: same_body("add_activity_complex"),
            ..Check::default()
        },
    );

    let many = alice.add_activities(vec![
        NewActivity::new("user:alice", "post", "post:2").foreign_id("post:2"),
        NewActivity::new("user:alice", "like", "post:3").time(t()),
    ]);
    check_both(
        "add_activities",
        &build(&many),
        Check {
            body: same_body("add_activities"),
            ..Check::default()
        },
        Check {
            body: same_body("add_activities"),
            ..Check::default()
        },
    );
}

#[test]
fn remove_activities() {
    let alice = feed("user:alice");
    // Python sends `{}` on every DELETE; we send no body, as JS does.
    let no_body = || Check {
        body: Some(None),
        ..Check::default()
    };
    check_both(
        "remove_activity_by_id",
        &build(&alice.remove_activity(AID)),
        no_body(),
        no_body(),
    );
    check_both(
        "remove_activity_by_foreign_id",
        &build(&alice.remove_by_foreign_id("tweet:1")),
        no_body(),
        no_body(),
    );
}

#[test]
fn follow_and_unfollow() {
    let timeline = feed("timeline:alice");
    let bob = fid("user:bob");
    let js_path = Some(("/following/", "/follows/"));
    let without_token = |op: &str| {
        let mut b = rec_body(op, "python");
        b.as_object_mut().unwrap().remove("target_token");
        Some(Some(b))
    };
    for (op, follow) in [
        ("follow", timeline.follow(&bob)),
        (
            "follow_copy_limit_0",
            timeline.follow(&bob).activity_copy_limit(0),
        ),
    ] {
        check_both(
            op,
            &build(&follow),
            Check {
                body: without_token(op),
                ..Check::default()
            },
            Check {
                path_rewrite: js_path,
                body: same_body(op),
                ..Check::default()
            },
        );
    }
    check_both(
        "unfollow",
        &build(&timeline.unfollow(&bob)),
        Check {
            body: Some(None),
            ..Check::default()
        },
        Check {
            path_rewrite: js_path,
            body: Some(None),
            ..Check::default()
        },
    );
    // keep_history: we send JS's `1`; Python's `True` is compared by presence only.
    let req = build(&timeline.unfollow(&bob).keep_history(true));
    check_both(
        "unfollow_keep_history",
        &req,
        Check {
            skip_query: &["keep_history"],
            body: Some(None),
            ..Check::default()
        },
        Check {
            path_rewrite: js_path,
            body: Some(None),
            ..Check::default()
        },
    );
    assert!(support::ours(&req).query["keep_history"] == ["1"]);
}

#[test]
fn followers_following_and_stats() {
    // Python always sends `filter=` (empty); we send only the options given, as JS does.
    let followers = build(&feed("user:alice").followers().limit(10).offset(5));
    check_both(
        "followers",
        &followers,
        Check {
            skip_query: &["filter"],
            ..Check::default()
        },
        Check::default(),
    );
    let following = build(
        &feed("timeline:alice")
            .following()
            .limit(10)
            .offset(5)
            .filter([fid("user:bob"), fid("user:carol")]),
    );
    check_both(
        "following",
        &following,
        Check::default(),
        Check {
            path_rewrite: Some(("/following/", "/follows/")),
            ..Check::default()
        },
    );
    let stats = FollowStats::new(fid("user:alice"))
        .followers_slugs(["timeline"])
        .following_slugs(["user"]);
    assert_eq!(
        feed("user:alice").follow_stats(),
        FollowStats::new(fid("user:alice"))
    );
    check_both(
        "follow_stats",
        &build(&stats),
        Check::default(),
        Check::default(),
    );
}

#[test]
fn batch_follows_and_add_to_many() {
    let tl = fid("timeline:alice");
    let fm = FollowMany::new(vec![
        FollowRelation::new(tl.clone(), fid("user:bob")),
        FollowRelation::new(tl.clone(), fid("user:carol")),
    ])
    .activity_copy_limit(10);
    check_both(
        "follow_many",
        &build(&fm),
        Check {
            body: same_body("follow_many"),
            ..Check::default()
        },
        Check {
            body: same_body("follow_many"),
            ..Check::default()
        },
    );
    let um = UnfollowMany::new(vec![
        UnfollowRelation::new(tl.clone(), fid("user:bob")),
        UnfollowRelation::new(tl, fid("user:carol")).keep_history(true),
    ]);
    check_both(
        "unfollow_many",
        &build(&um),
        Check {
            body: same_body("unfollow_many"),
            ..Check::default()
        },
        Check {
            body: same_body("unfollow_many"),
            ..Check::default()
        },
    );
    let atm = AddToMany::new(
        NewActivity::new("user:alice", "post", "post:9"),
        vec![fid("user:bob"), fid("user:carol")],
    );
    check_both(
        "add_to_many",
        &build(&atm),
        Check {
            body: same_body("add_to_many"),
            ..Check::default()
        },
        Check {
            body: same_body("add_to_many"),
            ..Check::default()
        },
    );
    // Batch writes need the secret (as in JS, which refuses them client-side).
    assert!(support::user_config().build_request(&atm).is_err());
}

#[test]
fn activity_updates_and_lookups() {
    let up = UpdateActivities::new(vec![
        NewActivity::new("user:alice", "post", "post:1")
            .foreign_id("post:1")
            .time(t())
            .custom("extra", 1),
    ]);
    check_both(
        "update_activities",
        &build(&up),
        Check {
            body: same_body("update_activities"),
            ..Check::default()
        },
        Check {
            body: same_body("update_activities"),
            ..Check::default()
        },
    );
    let by_ids = GetActivities::by_ids([AID, AID2]);
    check_both(
        "get_activities_ids",
        &build(&by_ids),
        Check::default(),
        Check::default(),
    );
    let by_fid = GetActivities::by_foreign_ids([("post:1", t()), ("post:2", t())]);
    check_both(
        "get_activities_foreign_id_time",
        &build(&by_fid),
        Check::default(),
        Check::default(),
    );
    // JS stringifies a `Date` in this query as `Tue Jan 02 2024 …` (a JS bug); compare with
    // Python only.
    let native = build(&GetActivities::by_foreign_ids([("post:1", t())]));
    for rec in support::python("extra_get_activities_foreign_id_time_native") {
        assert_matches_with(&native, rec, &Check::default());
    }
    // The JS request's headers are still the spec (only its query is broken).
    for rec in support::js("extra_get_activities_foreign_id_time_native") {
        crate::headers::assert_headers(&native, rec, false);
    }
    assert_scope_like_python(&native, "extra_get_activities_foreign_id_time_native");
}

#[test]
fn partial_updates() {
    let by_id = ActivityChange::by_id(AID)
        .set("product.price", 19.99)
        .set("popularity", 100)
        .set("nested", json!({"a": 1}))
        .unset("old_field");
    let by_fid = ActivityChange::by_foreign_id("post:1", t())
        .set("popularity", 101)
        .unset("old_field");
    for (op, update) in [
        (
            "activity_partial_update_id",
            ActivityPartialUpdate::one(by_id),
        ),
        (
            "activity_partial_update_foreign_id_time",
            ActivityPartialUpdate::one(by_fid),
        ),
        (
            "activities_partial_update_batch",
            ActivityPartialUpdate::batch(vec![
                ActivityChange::by_id(AID).set("popularity", 1).unset("x"),
                ActivityChange::by_foreign_id("post:1", t()).set("popularity", 2),
            ]),
        ),
    ] {
        let body = same_body(op);
        assert_eq!(
            body,
            Some(Some(rec_body(op, "python"))),
            "{op}: py and js agree"
        );
        check_both(
            op,
            &build(&update),
            Check {
                body: body.clone(),
                ..Check::default()
            },
            Check {
                body,
                ..Check::default()
            },
        );
    }
}

#[test]
fn to_targets() {
    let alice = feed("user:alice");
    let new = alice
        .update_to_targets("post:1", t())
        .new_targets([fid("user:bob"), fid("user:carol")]);
    let add_remove: UpdateToTargets = alice
        .update_to_targets("post:1", t())
        .add_targets([fid("user:dave")])
        .remove_targets([fid("user:bob")]);
    for (op, update) in [
        ("update_activity_to_targets_new", new),
        ("update_activity_to_targets_add_remove", add_remove),
    ] {
        check_both(
            op,
            &build(&update),
            Check {
                body: same_body(op),
                ..Check::default()
            },
            Check {
                body: same_body(op),
                ..Check::default()
            },
        );
    }
}

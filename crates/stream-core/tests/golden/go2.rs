//! Operations and options only stream-go2 has: our requests against the exact URLs (and JSON
//! bodies) go2's own request-building tests assert (`client_test.go`, `reactions_test.go`,
//! `feed_test.go`, `flat_feed_test.go`). go2 sorts query keys and always adds `api_key`; we
//! compare paths exactly and queries as decoded key → values maps, `api_key` excluded.
use std::collections::BTreeMap;

use serde_json::{Value, json};
use stream_core::endpoints::activities::{Activities, BatchUpdateToTargets, UpdateToTargets};
use stream_core::endpoints::feed::FeedRef;
use stream_core::endpoints::reactions::Reactions;
use stream_core::models::Timestamp;
use stream_core::{Endpoint, FeedId, Request};

use crate::support;

fn build(e: &impl Endpoint) -> Request {
    support::config().build_request(e).expect("request builds")
}

fn decoded_query(q: &str) -> BTreeMap<String, Vec<String>> {
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for pair in q.split('&').filter(|p| !p.is_empty()) {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        let k = stream_core::encode::decode_component(k);
        if k != "api_key" {
            out.entry(k)
                .or_default()
                .push(stream_core::encode::decode_component(v));
        }
    }
    for v in out.values_mut() {
        v.sort();
    }
    out
}

/// Asserts `req` is the request go2's test expects: `method`, `url` and, when given, `body`.
fn assert_go2(req: &Request, method: &str, url: &str, body: Option<Value>) {
    let after_scheme = &url[url.find("://").expect("an absolute URL") + 3..];
    let rest = &after_scheme[after_scheme.find('/').expect("a path")..];
    let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
    let ours = support::ours(req);
    assert_eq!(ours.method, method, "{url}: method");
    assert_eq!(ours.path, path, "{url}: path");
    let mut our_query = ours.query;
    our_query.remove("api_key");
    assert_eq!(our_query, decoded_query(query), "{url}: query");
    assert_eq!(ours.body, body, "{url}: body");
}

#[test]
fn reaction_filter_sends_own_user_id_as_user_id() {
    // go2 `WithOwnUserID` is `user_id=`; `WithChildrenUserID` is `children_user_id=`
    // (reactions_test.go `TestGetNextPageReactions`, options.go).
    let req = build(
        &Reactions
            .filter_user("uid")
            .kind("upvote")
            .limit(25)
            .id_gt("uid1")
            .with_own_children(true)
            .with_own_user_id("something")
            .children_user_id("child_user_id"),
    );
    assert_go2(
        &req,
        "GET",
        "https://api.stream-io-api.com/api/v1.0/reaction/user_id/uid/upvote/?api_key=key&id_gt=uid1&limit=25&with_own_children=true&user_id=something&children_user_id=child_user_id&kind=upvote",
        None,
    );
    let q = support::ours(&req).query;
    assert!(
        !q.contains_key("with_own_user_id"),
        "the service ignores it"
    );
}

#[test]
fn reaction_filter_by_user_and_ranking() {
    // JS's `filter_user_id` condition and go2's `WithRanking` are plain query parameters.
    let req = build(
        &Reactions
            .filter_activity("aid")
            .filter_user_id("alice")
            .ranking("popularity"),
    );
    assert_go2(
        &req,
        "GET",
        "https://api.stream-io-api.com/api/v1.0/reaction/activity_id/aid/?api_key=key&filter_user_id=alice&ranking=popularity",
        None,
    );
}

#[test]
fn reactions_get_many() {
    // client_test.go `TestGetReactions`, `TestGetReactionsIncludeDeleted`.
    assert_go2(
        &build(&Reactions.get_many(["foo", "bar", "baz"])),
        "GET",
        "https://api.stream-io-api.com/api/v1.0/reaction/get_many/?api_key=key&ids=foo%2Cbar%2Cbaz",
        None,
    );
    assert_go2(
        &build(
            &Reactions
                .get_many(["foo", "bar", "baz"])
                .include_deleted(true),
        ),
        "GET",
        "https://api.stream-io-api.com/api/v1.0/reaction/get_many/?api_key=key&ids=foo%2Cbar%2Cbaz&include_deleted=true",
        None,
    );
    let claims = support::scope_claims(&build(&Reactions.get_many(["foo"])));
    assert_eq!(claims["resource"], "reactions");
    assert!(
        support::config()
            .build_request(&Reactions.get_many(["a,b"]))
            .is_err()
    );
    assert!(
        support::config()
            .build_request(&Reactions.get_many(Vec::<String>::new()))
            .is_err()
    );
}

#[test]
fn reaction_delete_soft_delete_restore_with_user_id() {
    // reactions_test.go `Test{,Soft}DeleteReactionWithUserID`, `TestRestoreReactionWithUserID`.
    assert_go2(
        &build(&Reactions.delete("id1").user_id("user1")),
        "DELETE",
        "https://api.stream-io-api.com/api/v1.0/reaction/id1/?api_key=key&user_id=user1",
        None,
    );
    assert_go2(
        &build(&Reactions.delete("rid").soft(true).user_id("user1")),
        "DELETE",
        "https://api.stream-io-api.com/api/v1.0/reaction/rid/?api_key=key&soft=true&user_id=user1",
        None,
    );
    assert_go2(
        &build(&Reactions.restore("rid").user_id("user1")),
        "PUT",
        "https://api.stream-io-api.com/api/v1.0/reaction/rid/restore/?api_key=key&user_id=user1",
        None,
    );
    assert!(
        support::config()
            .build_request(&Reactions.delete("rid").user_id(""))
            .is_err()
    );
}

#[test]
fn remove_activity_with_user_id() {
    // feed_test.go: `RemoveActivityByID(ctx, "activity-id", WithRemoveByUserID("user-id"))`.
    let flat = FeedRef::new("flat", "123").unwrap();
    assert_go2(
        &build(&flat.remove_activity("activity-id").user_id("user-id")),
        "DELETE",
        "https://api.stream-io-api.com/api/v1.0/feed/flat/123/activity-id/?api_key=key&user_id=user-id",
        None,
    );
}

#[test]
fn batch_update_to_targets() {
    // feed_test.go `TestBatchUpdateToTargets`: a JSON array of changes on the single path.
    let flat = FeedRef::new("flat", "123").unwrap();
    let f1 = FeedId::parse("flat:f1").unwrap();
    let f2 = FeedId::parse("flat:f2").unwrap();
    let time = "2024-01-02T03:04:05.678900";
    let at = Timestamp::parse(time).unwrap();
    let batch = Activities.batch_update_to_targets(vec![
        flat.update_to_targets("bob:123", &at)
            .add_targets([f2.clone()])
            .remove_targets([f1.clone()]),
        flat.update_to_targets("bob:234", &at)
            .new_targets([f1.clone(), f2.clone()]),
    ]);
    let req = build(&batch);
    assert_go2(
        &req,
        "POST",
        "https://api.stream-io-api.com/api/v1.0/feed_targets/flat/123/activity_to_targets/?api_key=key",
        Some(json!([
            {"foreign_id": "bob:123", "time": time, "added_targets": ["flat:f2"], "removed_targets": ["flat:f1"]},
            {"foreign_id": "bob:234", "time": time, "new_targets": ["flat:f1", "flat:f2"]}
        ])),
    );
    let claims = support::scope_claims(&req);
    assert_eq!(claims["resource"], "feed_targets");
    assert_eq!(claims["feed_id"], "flat123");
    // A change without targets is refused, like go2 does.
    let bad = BatchUpdateToTargets::new(vec![
        flat.update_to_targets("bob:123", &at).add_targets([f2]),
        UpdateToTargets::new(flat.id().clone(), "bob:345", &at),
    ]);
    assert!(support::config().build_request(&bad).is_err());
}

#[test]
fn feed_read_options() {
    // flat_feed_test.go: `WithCustomParam("aaa", "bbb")` and `WithExternalRankingVars(json)`.
    let flat = FeedRef::new("flat", "123").unwrap();
    assert_go2(
        &build(&flat.get().custom_param("aaa", "bbb").enrich(false)),
        "GET",
        "https://api.stream-io-api.com/api/v1.0/feed/flat/123/?aaa=bbb&api_key=key",
        None,
    );
    let vars = json!({"music": 1, "sports": 2.1, "boolVal": true, "string": "str"});
    let Value::Object(vars) = vars else {
        unreachable!()
    };
    assert_go2(
        &build(&flat.get().ranking_vars(vars.clone()).enrich(false)),
        "GET",
        "https://api.stream-io-api.com/api/v1.0/feed/flat/123/?api_key=key&ranking_vars=%7B%22boolVal%22%3Atrue%2C%22music%22%3A1%2C%22sports%22%3A2.1%2C%22string%22%3A%22str%22%7D",
        None,
    );
    assert_go2(
        &build(
            &flat
                .get()
                .ranking("popularity")
                .ranking_vars(vars)
                .with_score_vars(true)
                .enrich(true),
        ),
        "GET",
        "https://api.stream-io-api.com/api/v1.0/enrich/feed/flat/123/?api_key=key&ranking=popularity&ranking_vars=%7B%22boolVal%22%3Atrue%2C%22music%22%3A1%2C%22sports%22%3A2.1%2C%22string%22%3A%22str%22%7D&withScoreVars=true",
        None,
    );
    // go2's enrichment options (`WithEnrichFirstReactions`, `WithEnrichReactionsLimit`,
    // `WithEnrichOwnChildrenKindsFilter`) and JS's `refresh` pagination option.
    assert_go2(
        &build(
            &flat
                .get()
                .with_first_reactions(true)
                .reaction_limit(12)
                .own_children_kinds(["comment", "like"])
                .refresh(true),
        ),
        "GET",
        "https://api.stream-io-api.com/api/v1.0/enrich/feed/flat/123/?api_key=key&withFirstReactions=true&reaction_limit=12&withOwnChildrenKinds=comment%2Clike&refresh=true",
        None,
    );
    assert!(
        support::config()
            .build_request(&flat.get().limit(5).custom_param("limit", "6"))
            .is_err(),
        "a custom parameter may not shadow one the read sends"
    );
}

#[test]
fn moderation_status_batch_and_user_cache() {
    use stream_core::endpoints::moderation::Moderation;
    use stream_core::models::moderation::StatusUpdate;
    // moderation_test.go `TestUpdateActivityModerationStatus`, `TestUpdateReactionModerationStatus`.
    let one = build(
        &Moderation.update_status(
            "moderator_123",
            StatusUpdate::activity("foo", "complete")
                .recommended_action("watch")
                .latest_moderator_action("mark_safe"),
        ),
    );
    assert_go2(
        &one,
        "POST",
        "https://api.stream-io-api.com/api/v1.0/moderation/status/?api_key=key",
        Some(
            json!({"entity_id":"foo", "entity_type":"stream:feeds:v2:activity", "moderator_id": "moderator_123", "latest_moderator_action":"mark_safe", "recommended_action":"watch", "status":"complete"}),
        ),
    );
    assert_go2(
        &build(
            &Moderation.update_status(
                "moderator_123",
                StatusUpdate::reaction("foo", "complete")
                    .recommended_action("watch")
                    .latest_moderator_action("mark_safe"),
            ),
        ),
        "POST",
        "https://api.stream-io-api.com/api/v1.0/moderation/status/?api_key=key",
        Some(
            json!({"entity_id":"foo", "entity_type":"stream:feeds:v2:reaction", "moderator_id": "moderator_123", "latest_moderator_action":"mark_safe", "recommended_action":"watch", "status":"complete"}),
        ),
    );
    let claims = support::scope_claims(&one);
    assert_eq!(
        (&claims["resource"], &claims["action"], &claims["feed_id"]),
        (&json!("moderation"), &json!("*"), &json!("*")),
        "go2's moderationAuth"
    );
    // `TestUpdateStatusBatch`.
    assert_go2(
        &build(&Moderation.update_status_batch(
            "moderator_123",
            vec![
                StatusUpdate::activity("activity_1", "complete")
                    .recommended_action("watch")
                    .latest_moderator_action("mark_safe"),
                StatusUpdate::reaction("reaction_1", "complete")
                    .recommended_action("flag")
                    .latest_moderator_action("mark_harmful"),
            ],
        )),
        "POST",
        "https://api.stream-io-api.com/api/v1.0/moderation/status/batch/?api_key=key",
        Some(
            json!({"moderator_id":"moderator_123","updates":[{"entity_type":"stream:feeds:v2:activity","entity_id":"activity_1","status":"complete","recommended_action":"watch","latest_moderator_action":"mark_safe"},{"entity_type":"stream:feeds:v2:reaction","entity_id":"reaction_1","status":"complete","recommended_action":"flag","latest_moderator_action":"mark_harmful"}]}),
        ),
    );
    // `TestInvalidateUserCache`.
    assert_go2(
        &build(&Moderation.invalidate_user_cache("foo")),
        "DELETE",
        "https://api.stream-io-api.com/api/v1.0/moderation/user/cache/foo/?api_key=key",
        None,
    );
    assert!(
        support::config()
            .build_request(&Moderation.invalidate_user_cache(""))
            .is_err()
    );
}

#[test]
fn personalization_post_and_delete() {
    use stream_core::endpoints::personalization::Personalization;
    // personalization_test.go `TestPersonalizationPost`, `TestPersonalizationDelete`.
    let Value::Object(data) = json!({"foo": "bar", "baz": 42}) else {
        unreachable!()
    };
    let post = build(
        &Personalization
            .post("some_resource", data)
            .param("answer", "42")
            .param("feed", "user:123"),
    );
    assert_go2(
        &post,
        "POST",
        "https://personalization.stream-io-api.com/personalization/v1.0/some_resource/?answer=42&api_key=key&feed=user%3A123",
        Some(json!({"data": {"baz": 42, "foo": "bar"}})),
    );
    assert_go2(
        &build(
            &Personalization
                .delete("some_resource")
                .param("answer", "42")
                .param("feed", "user:123"),
        ),
        "DELETE",
        "https://personalization.stream-io-api.com/personalization/v1.0/some_resource/?answer=42&api_key=key&feed=user%3A123",
        None,
    );
    // Python's and go2's personalization scope.
    let claims = support::scope_claims(&post);
    assert_eq!(claims["resource"], "personalization");
    assert_eq!(claims["user_id"], "*");
    assert!(
        support::config()
            .build_request(&Personalization.delete(""))
            .is_err(),
        "go2 refuses a missing resource"
    );
}

#[test]
fn references_in_an_activity() {
    use stream_core::models::activity::NewActivity;
    use stream_core::models::refs::StreamRef;
    // go2 users_test.go / collections_test.go: `CreateUserReference("bar")` is `SU:bar`,
    // `CreateCollectionReference("foo", "bar")` is `SO:foo:bar`; JS's `.ref()` agree.
    let feed = FeedRef::new("flat", "123").unwrap();
    let activity = NewActivity::new(
        StreamRef::user("bar").unwrap(),
        "eat",
        StreamRef::object("foo", "bar").unwrap(),
    );
    let req = build(&feed.add_activity(activity));
    let body = support::ours(&req).body.expect("a body");
    assert_eq!(body["actor"], "SU:bar");
    assert_eq!(body["object"], "SO:foo:bar");
}

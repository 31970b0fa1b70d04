//! Batches over the service's per-request limit are split by the SDK: each part stays within the
//! limit, parts go out in order, and their outputs are combined into one answer. Driven through
//! the `Call` machine with a fake server that answers each part from what the part asked for.
use serde_json::{Value, json};
use stream_core::endpoints::activities::{
    ActivityPartialUpdate, GetActivities, MAX_GET_ACTIVITIES, MAX_PARTIAL_UPDATES,
    MAX_UPDATE_ACTIVITIES, UpdateActivities,
};
use stream_core::endpoints::batch::{AddToMany, MAX_ADD_TO_MANY_FEEDS};
use stream_core::endpoints::collections::{DeleteMany, MAX_SELECT_IDS, Select};
use stream_core::endpoints::users::{AddUsers, DeleteUsers, GetUsers, MAX_BATCH_USERS, Users};
use stream_core::models::Timestamp;
use stream_core::models::activity::{ActivityChange, NewActivity};
use stream_core::models::user::NewUser;
use stream_core::{ApiSecret, Call, Config, Endpoint, Error, FeedId, Request, Response, Step};

fn config() -> Config {
    Config::builder("key123", ApiSecret::new("secret456"))
        .base_url("http://127.0.0.1:1")
        .build()
        .expect("config")
}

/// Runs `endpoint` to completion, answering every request with `answer`; returns the result and
/// the requests sent, in order.
fn drive<E: Endpoint>(
    endpoint: &E,
    mut answer: impl FnMut(&Request) -> Response,
) -> (Result<E::Output, Error>, Vec<Request>) {
    let cfg = config();
    let mut call = Call::new(&cfg, endpoint);
    let mut sent = Vec::new();
    for _ in 0..1000 {
        let request = match call.poll() {
            Step::Send(r) => r.clone(),
            Step::Wait(_) => continue,
            Step::Done(result) => return (result, sent),
        };
        let response = answer(&request);
        sent.push(request);
        call.handle(Ok(response), 0, 0.0);
    }
    panic!("the call did not finish in 1000 steps");
}

/// The comma-separated values of query parameter `name`, percent-decoded.
fn query_list(r: &Request, name: &str) -> Vec<String> {
    let q = r.url.split_once('?').map_or("", |(_, q)| q);
    q.split('&')
        .filter_map(|kv| kv.split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| stream_core::encode::decode_component(v))
        .map(|v| v.split(',').map(str::to_owned).collect())
        .unwrap_or_default()
}

fn body(r: &Request) -> Value {
    serde_json::from_slice(&r.body.as_ref().expect("a body").bytes).expect("json body")
}

fn ids(n: usize) -> Vec<String> {
    (0..n).map(|i| format!("u{i}")).collect()
}

#[test]
fn users_handles_build_the_batch_endpoints() {
    assert_eq!(
        Users.add_many([NewUser::new("a")]),
        AddUsers::new([NewUser::new("a")])
    );
    assert_eq!(Users.get_many(["a", "b"]), GetUsers::new(["a", "b"]));
    assert_eq!(Users.delete_many(["a"]), DeleteUsers::new(["a"]));
}

#[test]
fn getting_more_users_than_one_request_allows_returns_them_all() {
    let all = ids(MAX_BATCH_USERS * 2 + 5);
    let (out, sent) = drive(&GetUsers::new(all.clone()), |r| {
        let users: Vec<Value> = query_list(r, "ids")
            .iter()
            .map(|id| json!({"id": id}))
            .collect();
        Response::new(200, json!({"users": users, "duration": "1ms"}).to_string())
    });
    let out = out.expect("all parts succeed");
    assert_eq!(sent.len(), 3);
    assert!(
        sent.iter()
            .all(|r| query_list(r, "ids").len() <= MAX_BATCH_USERS)
    );
    let got: Vec<_> = out.users.iter().map(|u| u.id.clone()).collect();
    assert_eq!(got, all, "every user, in the order asked");
}

#[test]
fn adding_and_deleting_many_users_combines_every_part() {
    let users: Vec<NewUser> = ids(MAX_BATCH_USERS + 1)
        .into_iter()
        .map(NewUser::new)
        .collect();
    let (out, sent) = drive(&AddUsers::new(users), |r| {
        let created = body(r)["users"].clone();
        Response::new(200, json!({"created_users": created}).to_string())
    });
    assert_eq!(sent.len(), 2);
    assert_eq!(
        out.expect("created").created_users.len(),
        MAX_BATCH_USERS + 1
    );

    let all = ids(MAX_BATCH_USERS + 1);
    let (out, sent) = drive(&DeleteUsers::new(all.clone()), |r| {
        Response::new(
            200,
            json!({"deleted_user_ids": query_list(r, "ids")}).to_string(),
        )
    });
    assert_eq!(sent.len(), 2);
    assert_eq!(out.expect("deleted").deleted_user_ids, all);
}

#[test]
fn a_failing_part_stops_the_batch_with_the_service_error() {
    let mut n = 0;
    let (out, sent) = drive(&GetUsers::new(ids(MAX_BATCH_USERS * 3)), |_| {
        n += 1;
        if n == 2 {
            Response::new(
                400,
                r#"{"code":4,"detail":"bad ids","exception":"InputException"}"#,
            )
        } else {
            Response::new(200, r#"{"users":[]}"#)
        }
    });
    let err = out.unwrap_err();
    assert_eq!(err.status(), Some(400));
    assert_eq!(sent.len(), 2, "no part is sent after a failure");
}

#[test]
fn selecting_and_deleting_many_collection_objects_is_split() {
    let all = ids(MAX_SELECT_IDS + 1);
    let (out, sent) = drive(&Select::new("food", all.clone()), |r| {
        let data: Vec<Value> = query_list(r, "foreign_ids")
            .iter()
            .map(|f| json!({"id": f.trim_start_matches("food:"), "collection": "food"}))
            .collect();
        Response::new(
            200,
            json!({"response": {"data": data}, "duration": "2ms"}).to_string(),
        )
    });
    let out = out.expect("selected");
    assert_eq!(sent.len(), 2);
    let got: Vec<_> = out.objects().iter().map(|o| o.id.clone()).collect();
    assert_eq!(got, all);
    assert_eq!(out.duration.as_deref(), Some("2ms"));

    let (out, sent) = drive(&DeleteMany::new("food", all), |r| {
        assert_eq!(query_list(r, "collection_name"), ["food"]);
        Response::new(200, r#"{"duration":"3ms"}"#)
    });
    assert_eq!(sent.len(), 2);
    assert_eq!(out.expect("deleted").duration.as_deref(), Some("3ms"));
}

#[test]
fn activities_by_foreign_id_and_time_are_fetched_in_parts() {
    let time = Timestamp::parse("2024-01-02T03:04:05.000000").expect("a time");
    let pairs: Vec<(String, Timestamp)> = (0..MAX_GET_ACTIVITIES + 1)
        .map(|i| (format!("post:{i}"), time.clone()))
        .collect();
    let (out, sent) = drive(&GetActivities::by_foreign_ids(pairs), |r| {
        let fids = query_list(r, "foreign_ids");
        let results: Vec<Value> = fids
            .iter()
            .map(|f| json!({"id": f, "actor": "a", "verb": "v", "object": "o", "foreign_id": f}))
            .collect();
        Response::new(200, json!({"results": results}).to_string())
    });
    assert_eq!(sent.len(), 2);
    assert_eq!(out.expect("fetched").results.len(), MAX_GET_ACTIVITIES + 1);
}

#[test]
fn large_activity_updates_are_sent_in_parts() {
    let acts: Vec<NewActivity> = (0..MAX_UPDATE_ACTIVITIES + 1)
        .map(|i| {
            NewActivity::new("user:1", "post", format!("o{i}"))
                .foreign_id(format!("post:{i}"))
                .time(Timestamp::from_unix_seconds(1_704_164_645))
        })
        .collect();
    let (out, sent) = drive(&UpdateActivities::new(acts), |_| {
        Response::new(201, r#"{"duration":"4ms"}"#)
    });
    assert_eq!(sent.len(), 2);
    assert_eq!(out.expect("updated").duration.as_deref(), Some("4ms"));

    let changes: Vec<ActivityChange> = (0..MAX_PARTIAL_UPDATES + 1)
        .map(|i| ActivityChange::by_id(format!("11111111-2222-3333-4444-{i:012}")).set("n", 1))
        .collect();
    let (out, sent) = drive(&ActivityPartialUpdate::batch(changes), |r| {
        let n = body(r)["changes"].as_array().map_or(0, Vec::len);
        let acts: Vec<Value> = (0..n)
            .map(|_| json!({"actor":"a","verb":"v","object":"o"}))
            .collect();
        Response::new(201, json!({"activities": acts}).to_string())
    });
    assert_eq!(sent.len(), 2);
    assert!(out.is_ok(), "{out:?}");
}

#[test]
fn adding_to_more_feeds_than_one_request_allows_is_split() {
    let feeds: Vec<FeedId> = (0..MAX_ADD_TO_MANY_FEEDS + 1)
        .map(|i| FeedId::from_parts("user", &format!("u{i}")).expect("valid"))
        .collect();
    let act = NewActivity::new("user:1", "post", "o")
        .foreign_id("post:1")
        .time(Timestamp::parse("2024-01-02T03:04:05").expect("a time"));
    let (out, sent) = drive(&AddToMany::new(act, feeds), |_| {
        Response::new(201, r#"{"duration":"5ms"}"#)
    });
    assert_eq!(sent.len(), 2);
    let sizes: Vec<usize> = sent
        .iter()
        .map(|r| body(r)["feeds"].as_array().map_or(0, Vec::len))
        .collect();
    assert_eq!(sizes, [MAX_ADD_TO_MANY_FEEDS, 1]);
    assert_eq!(out.expect("added").duration.as_deref(), Some("5ms"));
}

//! v2 app-wide user blocks and user exports on the emulator: blocks are kept on the blocking user
//! (its `blocked_user_ids`), listed with both users, survive an upsert; an export answers the user.
mod http_v2_support;

use http_v2_support::{V2, assert_v2_error};
use serde_json::json;

fn seed(v2: &V2) {
    let users = json!({"users": {"alice": {"id": "alice"}, "bob": {"id": "bob"}}});
    assert_eq!(v2.call("POST", "users", "", Some(&users)).0, 201);
}

#[test]
fn block_list_and_unblock() {
    let v2 = V2::start();
    seed(&v2);
    let pair = json!({"blocked_user_id": "bob", "user_id": "alice"});
    let (s, r) = v2.call("POST", "users/block", "", Some(&pair));
    assert_eq!(s, 201, "{r}");
    assert_eq!(r["blocked_by_user_id"], "alice");
    assert_eq!(r["blocked_user_id"], "bob");
    assert!(r["created_at"].is_i64());
    // An upsert does not forget the block.
    let again = json!({"users": {"alice": {"id": "alice", "name": "Alice"}}});
    let (_, up) = v2.call("POST", "users", "", Some(&again));
    assert_eq!(up["users"]["alice"]["blocked_user_ids"], json!(["bob"]));

    let (s, list) = v2.call("GET", "users/block", "&user_id=alice", None);
    assert_eq!(s, 200, "{list}");
    let block = &list["blocks"][0];
    assert_eq!(block["user_id"], "alice");
    assert_eq!(block["blocked_user_id"], "bob");
    assert_eq!(block["blocked_user"]["id"], "bob");
    assert_eq!(block["user"]["id"], "alice");

    assert_eq!(v2.call("POST", "users/unblock", "", Some(&pair)).0, 201);
    let (_, list) = v2.call("GET", "users/block", "&user_id=alice", None);
    assert_eq!(list["blocks"], json!([]));
}

#[test]
fn bad_blocks_are_refused() {
    let v2 = V2::start();
    seed(&v2);
    for bad in [
        json!({"blocked_user_id": "bob"}),
        json!({"blocked_user_id": "ghost", "user_id": "alice"}),
        json!({"blocked_user_id": "alice", "user_id": "alice"}),
    ] {
        assert_v2_error(&v2.call("POST", "users/block", "", Some(&bad)), 400, 4);
    }
    assert_v2_error(&v2.call("GET", "users/block", "", None), 400, 4);
}

#[test]
fn export_answers_the_user() {
    let v2 = V2::start();
    seed(&v2);
    let (s, r) = v2.call("GET", "users/alice/export", "", None);
    assert_eq!(s, 200, "{r}");
    assert_eq!(r["user"]["id"], "alice");
    assert_eq!(r["messages"], json!([]));
    assert_v2_error(&v2.call("GET", "users/ghost/export", "", None), 404, 16);
}

#[test]
fn exporting_many_answers_a_completed_task() {
    let v2 = V2::start();
    seed(&v2);
    let body = json!({"user_ids": ["alice", "bob"]});
    let (s, r) = v2.call("POST", "export/users", "", Some(&body));
    assert_eq!(s, 201, "{r}");
    let mut keys: Vec<&String> = r.as_object().unwrap().keys().collect();
    keys.sort_unstable();
    assert_eq!(keys, ["duration", "task_id"]);
    let (s, task) = v2.call(
        "GET",
        &format!("tasks/{}", r["task_id"].as_str().unwrap()),
        "",
        None,
    );
    assert_eq!(s, 200, "{task}");
    assert_eq!(task["status"], "completed");
    assert_eq!(
        task["result"],
        json!({"alice": {"status": "ok"}, "bob": {"status": "ok"}})
    );
    for bad in [
        json!({}),
        json!({"user_ids": []}),
        json!({"user_ids": ["alice", "ghost"]}),
    ] {
        assert_v2_error(&v2.call("POST", "export/users", "", Some(&bad)), 400, 4);
    }
}
